//! The limits that make the server safe to leave running, and the errors it answers with.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// How much one request, and the server as a whole, may ask of the machine.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest request body, in bytes (a pasted scenario is the largest there is).
    pub max_body: usize,
    /// Most runs one request may ask for (seeds of a what-if, or all points of a curve).
    pub max_runs: u64,
    /// Most points of a response curve.
    pub max_points: u64,
    /// Requests that run the model at once; more are refused with 503 at once.
    pub in_flight: usize,
    /// Worker threads per request that runs the model.
    pub threads: usize,
    /// Most actors in a pasted scenario (a run's cost grows with them).
    pub max_actors: usize,
    /// Answer only requests addressed to this machine by loopback name or by IP address
    /// (`Host: localhost:8080`, `127.0.0.1:8080`), not by another host name: a page
    /// elsewhere cannot reach a loopback server by pointing its own name at 127.0.0.1.
    pub loopback_names_only: bool,
}

impl Default for Limits {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Self {
            max_body: 256 * 1024,
            max_runs: 5_000,
            max_points: 11,
            in_flight: 2,
            threads: cores,
            max_actors: 64,
            loopback_names_only: true,
        }
    }
}

/// An answer other than success: a status and a message (and, for a scenario that does
/// not load, its problems).
#[derive(Debug)]
pub struct Refusal {
    status: StatusCode,
    body: ErrorBody,
}

/// The JSON of an error.
#[derive(Debug, Serialize)]
pub struct ErrorBody {
    /// The whole message, as the command line would print it after `error: `.
    pub error: String,
    /// Each problem of a scenario that does not load, with its place.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<ProblemInfo>,
}

/// One problem of a scenario, with its place.
#[derive(Debug, Serialize)]
pub struct ProblemInfo {
    /// The file (`pasted.toml`, `<built-in otl>`) or the `--set` argument.
    pub file: String,
    /// Line, from 1, when known.
    pub line: Option<usize>,
    /// Column, from 1, when known.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl Refusal {
    /// Bad input (400).
    pub fn bad(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            body: ErrorBody {
                error: message.into(),
                problems: Vec::new(),
            },
        }
    }

    /// A scenario that does not load (400), with its problems.
    pub fn config(e: &detente_config::ConfigError) -> Self {
        let problems = e
            .problems()
            .iter()
            .map(|p| ProblemInfo {
                file: p.file.clone(),
                line: p.line,
                column: p.column,
                message: p.message.clone(),
            })
            .collect();
        Self {
            status: StatusCode::BAD_REQUEST,
            body: ErrorBody {
                error: e.to_string(),
                problems,
            },
        }
    }

    /// The message said to the client.
    pub fn message(&self) -> &str {
        &self.body.error
    }

    /// Every permit for runs is taken (503, try again in a second).
    pub fn busy() -> Self {
        Self {
            status: StatusCode::SERVICE_UNAVAILABLE,
            body: ErrorBody {
                error: "the server is busy with other runs; try again in a moment".into(),
                problems: Vec::new(),
            },
        }
    }

    /// Something failed inside detente (500).
    pub fn internal(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            body: ErrorBody {
                error: message.into(),
                problems: Vec::new(),
            },
        }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let busy = self.status == StatusCode::SERVICE_UNAVAILABLE;
        let mut response = (self.status, Json(self.body)).into_response();
        if busy {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}

/// A permit to run the model, taken without waiting: if every permit is in use the
/// request is refused at once (a queue would only pile up work nobody waits for).
pub fn permit(
    permits: &std::sync::Arc<tokio::sync::Semaphore>,
) -> Result<tokio::sync::OwnedSemaphorePermit, Refusal> {
    std::sync::Arc::clone(permits)
        .try_acquire_owned()
        .map_err(|_| Refusal::busy())
}

/// `n` runs, checked against the limit.
pub fn runs(n: u64, limits: &Limits, what: &str) -> Result<u64, Refusal> {
    if n == 0 || n > limits.max_runs {
        return Err(Refusal::bad(format!(
            "{what}: {n} runs; the explorer runs 1 to {} per request (the command line has no limit)",
            limits.max_runs
        )));
    }
    Ok(n)
}
