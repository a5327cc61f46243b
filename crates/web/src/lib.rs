//! Casebook's HTTP edge: server-rendered pages, the JSON API, sign-in,
//! CSRF, assets and operational endpoints. Handlers are thin: they parse,
//! call one use case in `casebook_app`, and render.
//!
//! Who may use which route is declared once, in [`routes::table`].

mod api;
mod assets;
mod auth;
mod error;
mod forms;
mod layout;
mod ops;
mod pages;
pub mod routes;

pub use auth::Access;
pub use error::Failure;

use axum::Router;
use casebook_app::App;
use metrics_exporter_prometheus::PrometheusHandle;
use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use tokio::net::TcpListener;

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState {
    pub app: App,
    metrics: PrometheusHandle,
    /// Rings when a call event is saved, with the agent's user id, so that
    /// agent's open pages update at once. Only a shortcut: the event is in
    /// the database, and live pages also look there every few seconds, so a
    /// call received by another server still shows.
    pub call_bell: tokio::sync::broadcast::Sender<i64>,
    /// Turns true when the server starts to stop, so long-lived streams end
    /// and graceful shutdown does not wait for them.
    pub stopping: Arc<tokio::sync::watch::Sender<bool>>,
}

/// The process-wide Prometheus recorder (metrics can only be installed once).
fn metrics_handle() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let builder = metrics_exporter_prometheus::PrometheusBuilder::new();
            let recorder = builder.build_recorder();
            let handle = recorder.handle();
            // Fails only if another recorder is installed, e.g. in tests; the handle still renders.
            let _ = metrics::set_global_recorder(recorder);
            handle
        })
        .clone()
}

fn state(app: App) -> AppState {
    let (call_bell, _) = tokio::sync::broadcast::channel(256);
    AppState { app, metrics: metrics_handle(), call_bell, stopping: Arc::new(tokio::sync::watch::Sender::new(false)) }
}

/// The whole application as a router, ready to serve.
pub fn router(app: App) -> Router {
    routes::build(state(app))
}

/// Serves until `shutdown` resolves, then finishes in-flight requests.
pub async fn serve(
    listener: TcpListener,
    app: App,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let state = state(app);
    let stopping = state.stopping.clone();
    let shutdown = async move {
        shutdown.await;
        stopping.send_replace(true);
    };
    let router = routes::build(state);
    axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).with_graceful_shutdown(shutdown).await
}
