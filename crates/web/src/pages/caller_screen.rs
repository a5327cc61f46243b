//! The caller screen: who is probably calling, live. Every signed-in
//! front-line page listens on `/caller-screen/stream` (server-sent events);
//! when a call rings for this agent the page fetches the screen for it
//! into a live region. The same view opens from any person's page.

use super::{london, ok};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Failure;
use crate::layout::Layout;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::response::sse::{Event, KeepAlive, Sse};
use casebook_app::telephony::{self, CallerScreen};
use casebook_app::{Actor, App};
use casebook_store::telephony::CallEventRecord;
use futures_util::Stream;
use jiff::Timestamp;
use std::collections::VecDeque;
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::broadcast;

/// How often a live page looks in the database for calls another server received.
const POLL_EVERY: Duration = Duration::from_secs(3);
/// A stream ends after this long (or when the server stops) and the browser
/// reconnects, so a session that has ended (signed out, expired) stops
/// receiving calls.
const STREAM_LIFETIME: Duration = Duration::from_secs(10 * 60);

/// An instant as London wall-clock time, for people to read.
pub fn when(ts: &Timestamp) -> String {
    london(*ts)
}

/// The screen, ready to show: the start-a-contact links carry the call's channel and time.
pub struct ScreenView {
    pub screen: CallerScreen,
    /// When the call rang, as London time, and as the contact form wants it.
    pub call_time: Option<(String, String)>,
}

impl ScreenView {
    fn new(screen: CallerScreen) -> ScreenView {
        let call_time = screen.call.as_ref().map(|c| {
            let local = c.occurred_at.to_zoned(casebook_domain::calendar::london());
            (london(c.occurred_at), local.strftime("%Y-%m-%dT%H:%M").to_string())
        });
        ScreenView { screen, call_time }
    }

    /// The query string that starts a contact for this person from this screen.
    pub fn contact_for(&self, person_id: &i64) -> String {
        self.contact_query(Some(*person_id))
    }

    /// The query string that starts an anonymous contact from this screen.
    pub fn anonymous_contact(&self) -> String {
        self.contact_query(None)
    }

    fn contact_query(&self, person_id: Option<i64>) -> String {
        let mut query = format!("channel={}", self.screen.channel.slug());
        if let Some((_, form_time)) = &self.call_time {
            query.push_str(&format!("&occurred_at={form_time}"));
        }
        match person_id {
            Some(id) => query.push_str(&format!("&person_id={id}")),
            None => query.push_str("&anonymous=true"),
        }
        query
    }
}

#[derive(Template)]
#[template(path = "caller_screen/page.html")]
struct ScreenPage {
    layout: Layout,
    view: Option<ScreenView>,
}

#[derive(Template)]
#[template(path = "caller_screen/fragment.html")]
struct ScreenFragment {
    view: ScreenView,
}

/// The latest call that rang for me, if any.
pub async fn show_latest(State(state): State<AppState>, user: CurrentUser) -> Result<Response, Failure> {
    let actor = user.actor();
    let view = match telephony::latest_call(&state.app, &actor).await? {
        Some(call) => Some(ScreenView::new(telephony::screen_for_call(&state.app, &actor, call.id).await?)),
        None => None,
    };
    let layout = Layout::for_user(&user, "Caller screen", "/caller-screen", &state.app.settings.organisation);
    Ok(ok(&ScreenPage { layout, view }))
}

/// One call's screen: the live region's fragment for htmx, a whole page otherwise.
pub async fn show_call(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Response, Failure> {
    let view = ScreenView::new(telephony::screen_for_call(&state.app, &user.actor(), id).await?);
    if headers.contains_key("hx-request") {
        return Ok(ok(&ScreenFragment { view }));
    }
    let layout = Layout::for_user(&user, "Caller screen", "/caller-screen", &state.app.settings.organisation);
    Ok(ok(&ScreenPage { layout, view: Some(view) }))
}

/// The screen for a person, opened from their page.
pub async fn show_person(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>) -> Result<Response, Failure> {
    let view = ScreenView::new(telephony::screen_for_person(&state.app, &user.actor(), id).await?);
    let title = format!("Caller screen: {}", view.screen.callers.first().map(|c| c.person.display_name.as_str()).unwrap_or("person"));
    let layout = Layout::for_user(&user, title, "/people", &state.app.settings.organisation);
    Ok(ok(&ScreenPage { layout, view: Some(view) }))
}

/// What a live page's stream remembers between events.
struct Listener {
    app: App,
    actor: Actor,
    me: i64,
    last_shown: i64,
    pending: VecDeque<CallEventRecord>,
    bell: broadcast::Receiver<i64>,
    poll: tokio::time::Interval,
    ends_at: tokio::time::Instant,
    stopping: tokio::sync::watch::Receiver<bool>,
}

impl Listener {
    /// The next call to announce; `None` ends the stream (time is up, or the server is stopping).
    async fn next_call(&mut self) -> Option<CallEventRecord> {
        loop {
            if let Some(call) = self.pending.pop_front() {
                return Some(call);
            }
            tokio::select! {
                rang = self.bell.recv() => match rang {
                    Ok(agent) if agent != self.me => continue,
                    Err(broadcast::error::RecvError::Closed) => return None,
                    _ => {}
                },
                _ = self.poll.tick() => {}
                _ = tokio::time::sleep_until(self.ends_at) => return None,
                _ = self.stopping.wait_for(|stopping| *stopping) => return None,
            }
            match telephony::calls_after(&self.app, &self.actor, self.last_shown).await {
                Ok(calls) => {
                    if let Some(last) = calls.last() {
                        self.last_shown = last.id;
                    }
                    self.pending.extend(calls);
                }
                Err(e) => {
                    tracing::warn!(error = %e, "caller screen: could not read calls; the page will reconnect");
                    return None;
                }
            }
        }
    }
}

/// Server-sent events: `event: call`, `data: <call event id>` for each call
/// that rings for me from now on (or since `Last-Event-ID` on reconnection).
pub async fn stream(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, Failure> {
    let actor = user.actor();
    let me = actor.user_id.ok_or(Failure::Forbidden)?;
    let resumed = headers.get("last-event-id").and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<i64>().ok());
    let last_shown = match resumed {
        Some(id) => id,
        None => telephony::latest_call(&state.app, &actor).await?.map_or(0, |c| c.id),
    };
    let mut poll = tokio::time::interval(POLL_EVERY);
    poll.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let listener = Listener {
        app: state.app.clone(),
        actor,
        me,
        last_shown,
        pending: VecDeque::new(),
        bell: state.call_bell.subscribe(),
        poll,
        ends_at: tokio::time::Instant::now() + STREAM_LIFETIME,
        stopping: state.stopping.subscribe(),
    };
    let events = futures_util::stream::unfold(listener, |mut listener| async move {
        let call = listener.next_call().await?;
        let event = Event::default().event("call").id(call.id.to_string()).data(call.id.to_string());
        Some((Ok(event), listener))
    });
    Ok(Sse::new(events).keep_alive(KeepAlive::default()))
}
