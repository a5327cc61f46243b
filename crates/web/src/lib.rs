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
use std::sync::OnceLock;
use tokio::net::TcpListener;

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState {
    pub app: App,
    metrics: PrometheusHandle,
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

/// The whole application as a router, ready to serve.
pub fn router(app: App) -> Router {
    let state = AppState { app, metrics: metrics_handle() };
    routes::build(state)
}

/// Serves until `shutdown` resolves, then finishes in-flight requests.
pub async fn serve(
    listener: TcpListener,
    app: App,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let router = router(app);
    axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).with_graceful_shutdown(shutdown).await
}
