//! Group commit. An office logs thousands of contacts and complaints an
//! hour, and every one must be durable before the user is told it is
//! saved; a durable commit costs a disk flush, and the audit chain lets only
//! one writer append at a time. So records that arrive together are written
//! together: one transaction, one flush, one turn at the audit chain, each
//! record still with its own checks, its own audit event and its own answer.
//!
//! Nothing is answered before its commit, and nothing waits in memory for
//! long: a writer task starts when the first record arrives, writes whatever
//! has queued while the previous batch committed, and stops when the queue
//! is empty. If a batch fails as a whole, each of its records is tried again
//! alone, so one record's problem is never another's.
//!
//! On PostgreSQL two writers run at once: while one waits for its commit to
//! reach the disk, the other writes the next batch, and they take turns only
//! at the audit chain, which each locks just before its commit. SQLite lets
//! one transaction write at a time, so there one writer is enough.

use crate::{App, AppError, Result};
use casebook_store::Backend;
use std::future::Future;
use std::sync::{Mutex, PoisonError};
use tokio::sync::oneshot;

/// The most records written in one transaction.
const BATCH_MAX: usize = 256;

/// A kind of record written by group commit.
pub trait Batched: Send + Sync + Sized + 'static {
    type Answer: Send + 'static;

    /// The queue of this kind of record in `app`.
    fn queue(app: &App) -> &GroupCommit<Self>;

    /// Writes `items` in one transaction and commits; one answer per item,
    /// in order. An error fails the whole batch (nothing was saved).
    fn write_together(app: &App, items: &[Self]) -> impl Future<Output = Result<Vec<Result<Self::Answer>>>> + Send;

    /// The answer for an item written alone that failed with `error`: the
    /// error itself, unless the record can tell a better one (a key clash
    /// with another server answers the winner's record).
    fn after_failure(app: &App, item: &Self, error: AppError) -> impl Future<Output = Result<Self::Answer>> + Send;
}

struct Pending<I: Batched> {
    item: I,
    reply: oneshot::Sender<Result<I::Answer>>,
}

struct Queue<I: Batched> {
    waiting: Vec<Pending<I>>,
    /// Writer tasks running now.
    writers: usize,
}

/// How many batches may be written at once.
fn writers_for(backend: Backend) -> usize {
    match backend {
        Backend::Sqlite => 1,
        Backend::Postgres => 2,
    }
}

/// The records of one kind waiting to be written, shared by every request of one [`App`].
pub struct GroupCommit<I: Batched> {
    queue: Mutex<Queue<I>>,
}

impl<I: Batched> Default for GroupCommit<I> {
    fn default() -> Self {
        GroupCommit { queue: Mutex::new(Queue { waiting: Vec::new(), writers: 0 }) }
    }
}

impl<I: Batched> std::fmt::Debug for GroupCommit<I> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("GroupCommit")
    }
}

/// Queues `item` and waits until it is committed (or refused).
pub(crate) async fn submit<I: Batched>(app: &App, item: I) -> Result<I::Answer> {
    let (reply, answer) = oneshot::channel();
    let start_writer = {
        let mut queue = I::queue(app).queue.lock().unwrap_or_else(PoisonError::into_inner);
        queue.waiting.push(Pending { item, reply });
        let start = queue.writers < writers_for(app.db.backend());
        if start {
            queue.writers += 1;
        }
        start
    };
    if start_writer {
        // A task of its own, so a client that hangs up cannot cancel other people's records.
        tokio::spawn(drain::<I>(app.clone()));
    }
    answer.await.map_err(|_| AppError::Internal("the writer stopped before answering".into()))?
}

/// Writes batches until the queue is empty.
async fn drain<I: Batched>(app: App) {
    loop {
        let batch: Vec<Pending<I>> = {
            let mut queue = I::queue(&app).queue.lock().unwrap_or_else(PoisonError::into_inner);
            if queue.waiting.is_empty() {
                queue.writers -= 1;
                return;
            }
            let take = queue.waiting.len().min(BATCH_MAX);
            queue.waiting.drain(..take).collect()
        };
        write_batch(&app, batch).await;
    }
}

async fn write_batch<I: Batched>(app: &App, batch: Vec<Pending<I>>) {
    let (items, replies): (Vec<I>, Vec<_>) = batch.into_iter().map(|p| (p.item, p.reply)).unzip();
    match I::write_together(app, &items).await {
        Ok(answers) => {
            for (reply, answer) in replies.into_iter().zip(answers) {
                let _ = reply.send(answer);
            }
        }
        Err(e) if items.len() > 1 => {
            tracing::warn!(error = %e, records = items.len(), "a batch failed; writing each record alone");
            for (item, reply) in items.iter().zip(replies) {
                let _ = reply.send(write_alone(app, item).await);
            }
        }
        Err(e) => {
            let answer = match items.first() {
                Some(item) => I::after_failure(app, item, e).await,
                None => Err(e),
            };
            if let Some(reply) = replies.into_iter().next() {
                let _ = reply.send(answer);
            }
        }
    }
}

async fn write_alone<I: Batched>(app: &App, item: &I) -> Result<I::Answer> {
    match I::write_together(app, std::slice::from_ref(item)).await {
        Ok(mut answers) => answers.pop().unwrap_or_else(|| Err(AppError::Internal("a record was lost from its batch".into()))),
        Err(e) => I::after_failure(app, item, e).await,
    }
}
