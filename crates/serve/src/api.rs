//! The JSON endpoints: requests in, the model's work on blocking threads under a permit,
//! JSON (or, for runs, JSON lines as they finish) out.

use crate::AppState;
use crate::guard::{self, Refusal};
use crate::levers::{self, Lever};
use crate::runs;
use crate::source::{Source, WhatIf};
use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// A built-in scenario in the list.
#[derive(Clone, Debug, Serialize)]
pub struct BuiltinInfo {
    /// Its name (what `extends` and the command line take).
    pub name: String,
    /// Its title.
    pub title: String,
}

/// `GET /api/scenarios`: the built-in scenarios, the baseline first.
pub async fn scenarios() -> Json<&'static [BuiltinInfo]> {
    static LIST: OnceLock<Vec<BuiltinInfo>> = OnceLock::new();
    Json(LIST.get_or_init(|| {
        detente_config::builtin::BUILTINS
            .iter()
            .filter_map(|(name, _)| {
                let sc = detente_config::builtin::builtin(name)?.ok()?;
                Some(BuiltinInfo {
                    name: name.to_string(),
                    title: sc.settings.title,
                })
            })
            .collect()
    }))
}

/// A checked scenario: what the page needs to draw its controls.
#[derive(Clone, Debug, Serialize)]
pub struct ScenarioInfo {
    /// `scenario.name`.
    pub name: String,
    /// `scenario.title`.
    pub title: String,
    /// The first month.
    pub start: String,
    /// Rounds at most.
    pub horizon: u32,
    /// The scenario's own seed (the first of a run of seeds).
    pub seed: u64,
    /// The veto principals' names.
    pub veto: Vec<String>,
    /// The sliders.
    pub levers: Vec<Lever>,
    /// The seats a person can take at the table: the principals.
    pub seats: Vec<SeatInfo>,
    /// The scenario's TOML (a built-in's text, or the pasted text), to edit and paste.
    pub text: String,
}

/// A seat at the table: a principal.
#[derive(Clone, Debug, Serialize)]
pub struct SeatInfo {
    /// Actor id (what a game's `seat` takes).
    pub id: String,
    /// Name.
    pub name: String,
    /// Its side.
    pub side: String,
}

/// `POST /api/scenario`: check a what-if and list its levers (at the scenario's own
/// values: the page's changes are its own); its problems, with their lines, if it does
/// not load.
pub async fn scenario(
    State(state): State<AppState>,
    Json(req): Json<WhatIf>,
) -> Result<Json<ScenarioInfo>, Refusal> {
    let limits = state.limits;
    blocking(move || {
        // The changes must load too, so that a bad link says so at once.
        req.load(&limits)?;
        let bare = WhatIf {
            source: req.source.clone(),
            sets: Vec::new(),
        };
        let loaded = bare.load(&limits)?;
        let fields = detente_config::numeric_fields(&loaded.reference, &[])
            .map_err(|e| Refusal::config(&e))?;
        let sc = &loaded.scenario;
        let text = match &req.source {
            Source::Builtin(n) => detente_config::builtin::text(n).unwrap_or("").to_string(),
            Source::Toml(t) => t.clone(),
        };
        Ok(Json(ScenarioInfo {
            name: sc.settings.name.clone(),
            title: sc.settings.title.clone(),
            start: sc.settings.start.to_string(),
            horizon: sc.settings.horizon,
            seed: sc.settings.seed,
            veto: sc
                .settings
                .veto
                .iter()
                .map(|&v| sc.actor(v).name.clone())
                .collect(),
            levers: levers::levers(sc, &fields),
            seats: detente_model::game::principals(sc)
                .map(|a| SeatInfo {
                    id: sc.actor(a).id.clone(),
                    name: sc.actor(a).name.clone(),
                    side: sc.actor(a).side.clone(),
                })
                .collect(),
            text,
        }))
    })
    .await
}

/// `POST /api/run` body.
#[derive(Clone, Debug, Deserialize)]
pub struct RunRequest {
    /// The what-if.
    #[serde(flatten)]
    pub whatif: WhatIf,
    /// Seeds to run.
    pub runs: u64,
}

/// One line of a run's stream.
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum RunLine<'a> {
    Progress { done: u64, runs: u64 },
    Result(&'a runs::Shares),
    Error { error: String },
}

/// How often a run's stream reports progress, in runs.
fn progress_step(runs: u64) -> u64 {
    (runs / 20).max(1)
}

/// `POST /api/run`: run N seeds and stream JSON lines: `progress` lines as runs finish,
/// then one `result` (or `error`) line. Refused with 503 at once when every permit is
/// taken; a client that goes away stops the runs.
pub async fn run(
    State(state): State<AppState>,
    Json(req): Json<RunRequest>,
) -> Result<Response, Refusal> {
    let limits = state.limits;
    let n = guard::runs(req.runs, &limits, "runs")?;
    let permit = guard::permit(&state.permits)?;
    let loaded = blocking({
        let w = req.whatif.clone();
        move || w.load(&limits)
    })
    .await?;
    let (tx, rx) = tokio::sync::mpsc::channel::<String>(32);
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let given = req.whatif.source.given();
        let step = progress_step(n);
        let line = |l: &RunLine| serde_json::to_string(l).unwrap_or_default() + "\n";
        let result = runs::shares(
            &loaded,
            &given,
            &req.whatif.sets,
            n,
            limits.threads,
            |done| {
                if done % step != 0 || done == n {
                    return !tx.is_closed();
                }
                tx.blocking_send(line(&RunLine::Progress { done, runs: n }))
                    .is_ok()
            },
        );
        let last = match &result {
            Ok(shares) => line(&RunLine::Result(shares)),
            Err(e) => line(&RunLine::Error {
                error: e.message().to_string(),
            }),
        };
        let _ = tx.blocking_send(last);
    });
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv()
            .await
            .map(|line| (Ok::<_, std::convert::Infallible>(line), rx))
    });
    let mut response = Body::from_stream(stream).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-ndjson"),
    );
    Ok(response)
}

/// `POST /api/seed` body.
#[derive(Clone, Debug, Deserialize)]
pub struct SeedRequest {
    /// The what-if.
    #[serde(flatten)]
    pub whatif: WhatIf,
    /// The seed.
    pub seed: u64,
}

/// `POST /api/seed`: one seed's report (charts and dated transcript).
pub async fn seed(
    State(state): State<AppState>,
    Json(req): Json<SeedRequest>,
) -> Result<Json<runs::SeedReport>, Refusal> {
    let limits = state.limits;
    let permit = guard::permit(&state.permits)?;
    blocking(move || {
        let _permit = permit;
        let loaded = req.whatif.load(&limits)?;
        let given = req.whatif.source.given();
        runs::seed_report(&loaded, &given, &req.whatif.sets, req.seed).map(Json)
    })
    .await
}

/// `POST /api/curve` body.
#[derive(Clone, Debug, Deserialize)]
pub struct CurveRequest {
    /// The what-if.
    #[serde(flatten)]
    pub whatif: WhatIf,
    /// The lever's `--set` key.
    pub key: String,
    /// From.
    pub lo: f64,
    /// To.
    pub hi: f64,
    /// Values, evenly spaced from `lo` to `hi`.
    pub points: u64,
    /// Seeds per value.
    pub runs: u64,
}

/// `POST /api/curve`: the response of the shares to one lever.
pub async fn curve(
    State(state): State<AppState>,
    Json(req): Json<CurveRequest>,
) -> Result<Json<runs::Curve>, Refusal> {
    let limits = state.limits;
    if req.points < 2 || req.points > limits.max_points {
        return Err(Refusal::bad(format!(
            "points: {}; a curve has 2 to {} points",
            req.points, limits.max_points
        )));
    }
    let valid = |x: f64| x.is_finite() && (-1e6..=1e6).contains(&x);
    if !valid(req.lo) || !valid(req.hi) || req.lo >= req.hi {
        return Err(Refusal::bad("lo and hi: numbers with lo < hi"));
    }
    guard::runs(
        req.runs.saturating_mul(req.points),
        &limits,
        "runs x points",
    )?;
    let permit = guard::permit(&state.permits)?;
    blocking(move || {
        let _permit = permit;
        let loaded = req.whatif.load(&limits)?;
        let given = req.whatif.source.given();
        runs::curve(
            &loaded,
            &given,
            &req.whatif.sets,
            &req.key,
            (req.lo, req.hi, req.points),
            req.runs,
            limits.threads,
        )
        .map(Json)
    })
    .await
}

/// `POST /api/whatif`: the what-if as a TOML diff to save (`extends` plus the changed
/// fields), which `detente run`, `sweep` and `check` accept.
pub async fn whatif(
    State(state): State<AppState>,
    Json(req): Json<WhatIf>,
) -> Result<Response, Refusal> {
    let limits = state.limits;
    let text = blocking(move || {
        let loaded = req.load(&limits)?;
        detente_config::whatif::diff(&loaded.reference, &req.sets).map_err(|e| Refusal::config(&e))
    })
    .await?;
    let mut response = text.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/toml; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"whatif.toml\""),
    );
    Ok(response)
}

/// Run `f` on a blocking thread (loading and running the model take milliseconds to
/// seconds, which the async threads must not wait out).
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, Refusal> + Send + 'static,
) -> Result<T, Refusal> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| Refusal::internal(format!("the work failed: {e}")))?
}
