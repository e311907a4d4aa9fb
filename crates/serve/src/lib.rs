//! `detente serve`: the explorer, a local web page for asking what-ifs of the model.
//!
//! The page (HTML, CSS and plain JavaScript, embedded in the binary: nothing is fetched
//! from anywhere else) talks to a few JSON endpoints:
//!
//! - `GET /api/scenarios`: the built-in scenarios;
//! - `POST /api/scenario`: a scenario (built-in or pasted TOML) checked, with its levers
//!   (the `--set` keys behind the sliders), or its problems as the CLI prints them;
//! - `POST /api/run`: N seeds of the what-if, streamed as JSON lines (progress, then the
//!   outcome shares with their 95% intervals and every seed's outcome);
//! - `POST /api/seed`: one seed's report (the `detente report` page: charts, transcript);
//! - `POST /api/curve`: a response curve for one lever (the report's band chart);
//! - `POST /api/whatif`: the what-if as a TOML diff that `detente run` accepts;
//! - `POST /api/game`, `/api/game/move`, `/api/game/values`, `/api/game/file`: a seat at
//!   the table, replayed from the what-if, seat, seed and moves the page sends each time
//!   (the month's view, a move played, a package's worth to everyone, the recorded game).
//!
//! Safe to leave running: request bodies are capped, runs are capped per request, and a
//! semaphore bounds the requests that run the model at once (the rest are told 503 at
//! once, not queued); nothing is read from the file system on a request (a pasted
//! scenario may extend only built-ins), and every text the page shows is escaped, by the
//! report's escaping on the server or as DOM text in the page.
#![warn(missing_docs)]

mod api;
mod assets;
mod game;
mod guard;
mod levers;
mod runs;
mod source;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use std::net::SocketAddr;
use std::sync::Arc;

pub use guard::Limits;

/// What every handler shares: the limits and the permits for runs in flight.
#[derive(Clone)]
pub struct AppState {
    limits: Limits,
    permits: Arc<tokio::sync::Semaphore>,
}

impl AppState {
    /// A server's state with these limits.
    pub fn new(limits: Limits) -> Self {
        Self {
            permits: Arc::new(tokio::sync::Semaphore::new(limits.in_flight)),
            limits,
        }
    }
}

/// The explorer's routes: the page, its assets and the JSON endpoints.
pub fn router(limits: Limits) -> Router {
    let body_limit = limits.max_body;
    let state = AppState::new(limits);
    Router::new()
        .route("/", get(assets::index))
        .route("/app.js", get(assets::script))
        .route("/style.css", get(assets::style))
        .route("/api/scenarios", get(api::scenarios))
        .route("/api/scenario", post(api::scenario))
        .route("/api/run", post(api::run))
        .route("/api/seed", post(api::seed))
        .route("/api/curve", post(api::curve))
        .route("/api/whatif", post(api::whatif))
        .route("/api/game", post(game::state))
        .route("/api/game/move", post(game::play))
        .route("/api/game/values", post(game::values))
        .route("/api/game/file", post(game::file))
        .route("/game.js", get(assets::game_script))
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            assets::headers,
        ))
        .with_state(state)
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The address could not be bound (in use, not permitted, not an address here).
    #[error("cannot listen on {addr}: {error}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// What the system said.
        error: std::io::Error,
    },
    /// The server stopped with an error.
    #[error("the server stopped: {0}")]
    Stopped(std::io::Error),
    /// The runtime could not start.
    #[error("cannot start the server's runtime: {0}")]
    Runtime(std::io::Error),
}

/// [`serve`] on a runtime of its own, for a caller without one (the command line).
pub fn serve_blocking(
    addr: SocketAddr,
    limits: Limits,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), ServeError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(ServeError::Runtime)?
        .block_on(serve(addr, limits, ready))
}

/// Bind `addr`; `ready` is told the address bound (port 0 picks a free one) before the
/// server answers. Runs until the process ends.
pub async fn serve(
    addr: SocketAddr,
    limits: Limits,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), ServeError> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|error| ServeError::Bind { addr, error })?;
    let bound = listener
        .local_addr()
        .map_err(|error| ServeError::Bind { addr, error })?;
    ready(bound);
    axum::serve(listener, router(limits))
        .await
        .map_err(ServeError::Stopped)
}
