//! The seat at the table: endpoints that replay a game from its what-if, seat, seed and
//! moves on every request (deterministic, so the server keeps no game between requests).

use crate::AppState;
use crate::api::blocking;
use crate::guard::{self, Limits, Refusal};
use crate::runs::Share;
use crate::source::{Loaded, WhatIf};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use detente_data::Provenance;
use detente_data::game::GameRecord;
use detente_model::game::{self, Game, Move, PlayedMove, PrincipalValue, Summary, View};
use detente_sweep::alone::Alone;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Model-only seeds a game's end is compared with, unless the request says otherwise (as
/// `detente play --runs`).
const ALONE_RUNS: u64 = 1000;

/// A game as the page holds it: the what-if, the seat, the seed and the moves so far.
#[derive(Clone, Debug, Deserialize)]
pub struct GameRequest {
    /// The what-if played.
    #[serde(flatten)]
    pub whatif: WhatIf,
    /// The seat's actor id, e.g. `truman`.
    pub seat: String,
    /// The seed (the scenario's own if absent).
    pub seed: Option<u64>,
    /// One move per month the seat has decided, in order.
    #[serde(default)]
    pub moves: Vec<PlayedMove>,
    /// Model-only seeds (1 to N) the end is compared with.
    pub runs: Option<u64>,
}

/// `POST /api/game/move` body: a game and the move for its current month.
#[derive(Clone, Debug, Deserialize)]
pub struct MoveRequest {
    /// The game so far.
    #[serde(flatten)]
    pub game: GameRequest,
    /// The month's move.
    #[serde(rename = "move")]
    pub action: Move,
    /// After it, leave every remaining month to the advisers.
    #[serde(default)]
    pub to_end: bool,
}

/// `POST /api/game/values` body: a game and a package to value.
#[derive(Clone, Debug, Deserialize)]
pub struct ValuesRequest {
    /// The game so far.
    #[serde(flatten)]
    pub game: GameRequest,
    /// One position per issue, in the scenario's order.
    pub package: Vec<f64>,
}

/// A game's state: the month to decide, or the end.
#[derive(Debug, Serialize)]
pub struct GameState {
    /// The scenario's name.
    pub scenario: String,
    /// Its title.
    pub title: String,
    /// The seat's actor id.
    pub seat: String,
    /// The seat's name.
    pub seat_name: String,
    /// The seed.
    pub seed: u64,
    /// The moves played, each with its month: what the next request sends back.
    pub moves: Vec<PlayedMove>,
    /// The month the seat decides now (the model's own view type); none once over.
    pub view: Option<View>,
    /// The end, once the game is over.
    pub end: Option<GameEnd>,
}

/// The end of a game, against the model alone and the Nash package.
#[derive(Debug, Serialize)]
pub struct GameEnd {
    /// The game's end beside the model's own run of the seed, with Nash distances.
    pub summary: Summary,
    /// The model alone over seeds 1 to N.
    pub alone: AloneShares,
    /// The dated transcript, the very text `detente run --moves game.json` prints first.
    pub transcript: String,
    /// The command that replays the downloaded game.
    pub command: String,
}

/// The model alone over seeds 1 to N, as shares with 95% Wilson intervals.
#[derive(Debug, Serialize)]
pub struct AloneShares {
    /// Runs (seeds 1 to `runs`).
    pub runs: u64,
    /// Runs that settled.
    pub settled: Share,
    /// Runs that ended in the game's outcome.
    pub same_outcome: Share,
    /// Every outcome.
    pub outcomes: Vec<Share>,
    /// Every way of ending.
    pub reasons: Vec<Share>,
}

impl AloneShares {
    fn of(alone: &Alone, outcome: &str) -> Self {
        let n = alone.runs;
        let shares = |v: &[(String, u64)]| v.iter().map(|(l, k)| Share::of(l, *k, n)).collect();
        Self {
            runs: n,
            settled: Share::of("settlement", alone.settled(), n),
            same_outcome: Share::of(outcome, alone.outcome(outcome), n),
            outcomes: shares(&alone.outcomes),
            reasons: shares(&alone.reasons),
        }
    }
}

/// The game `req` describes, replayed to its last move. A move that does not fit its
/// month is refused with the model's message (which names the move and the field).
fn replay(req: &GameRequest, limits: &Limits) -> Result<(Loaded, Game), Refusal> {
    let loaded = req.whatif.load(limits)?;
    let sc = Arc::new(loaded.scenario.clone());
    let horizon = sc.settings.horizon as usize;
    if req.moves.len() > horizon {
        return Err(Refusal::bad(format!(
            "moves: {} moves; a game of this scenario has at most {horizon} (one a month)",
            req.moves.len()
        )));
    }
    let seat = game::seat_of(&sc, &req.seat).map_err(|e| Refusal::bad(e.to_string()))?;
    let seed = req.seed.unwrap_or(sc.settings.seed);
    let game = Game::replay(sc, seed, seat, &req.moves).map_err(|e| Refusal::bad(e.to_string()))?;
    Ok((loaded, game))
}

/// What the page shows of `game`: its month, or its end (the summary, the model alone on
/// seeds 1 to `runs`, the transcript).
fn state_of(loaded: &Loaded, game: &Game, runs: u64, limits: &Limits) -> GameState {
    let sc = game.scenario();
    let seat = sc.actor(game.seat());
    let end = game.summary().zip(game.record()).map(|(summary, record)| {
        let alone = Alone::of(sc, runs, limits.threads);
        let shown = detente_config::text::for_display(sc);
        GameEnd {
            alone: AloneShares::of(&alone, &summary.game.outcome),
            summary,
            transcript: detente_data::transcript::transcript(
                &shown,
                record,
                false,
                detente_config::text::shown,
            ),
            command: "detente run --moves game.json".into(),
        }
    });
    GameState {
        scenario: loaded.scenario.settings.name.clone(),
        title: loaded.scenario.settings.title.clone(),
        seat: seat.id.clone(),
        seat_name: seat.name.clone(),
        seed: game.seed(),
        moves: game.moves().to_vec(),
        view: game.view().cloned(),
        end,
    }
}

/// The seeds the end is compared with, checked against the limits.
fn alone_runs(req: &GameRequest, limits: &Limits) -> Result<u64, Refusal> {
    guard::runs(req.runs.unwrap_or(ALONE_RUNS), limits, "runs")
}

/// `POST /api/game`: start a game (no moves) or show the one given: its month or its end.
pub async fn state(
    State(state): State<AppState>,
    Json(req): Json<GameRequest>,
) -> Result<Json<GameState>, Refusal> {
    let limits = state.limits;
    let runs = alone_runs(&req, &limits)?;
    let permit = guard::permit(&state.permits)?;
    blocking(move || {
        let _permit = permit;
        let (loaded, game) = replay(&req, &limits)?;
        Ok(Json(state_of(&loaded, &game, runs, &limits)))
    })
    .await
}

/// `POST /api/game/move`: play the month's move (and, with `to_end`, leave the rest to
/// the advisers); the game's new state, with the move recorded in `moves`.
pub async fn play(
    State(state): State<AppState>,
    Json(req): Json<MoveRequest>,
) -> Result<Json<GameState>, Refusal> {
    let limits = state.limits;
    let runs = alone_runs(&req.game, &limits)?;
    let permit = guard::permit(&state.permits)?;
    blocking(move || {
        let _permit = permit;
        let (loaded, mut game) = replay(&req.game, &limits)?;
        game.play(&req.action)
            .map_err(|e| Refusal::bad(e.to_string()))?;
        while req.to_end && !game.is_over() {
            game.play(&Move::Advisers)
                .map_err(|e| Refusal::internal(e.to_string()))?;
        }
        Ok(Json(state_of(&loaded, &game, runs, &limits)))
    })
    .await
}

/// `POST /api/game/values`: what a package is worth now to every principal, at its trust,
/// beside its security (the proposal sliders ask as they move).
pub async fn values(
    State(state): State<AppState>,
    Json(req): Json<ValuesRequest>,
) -> Result<Json<Vec<PrincipalValue>>, Refusal> {
    let limits = state.limits;
    let permit = guard::permit(&state.permits)?;
    blocking(move || {
        let _permit = permit;
        let (_, game) = replay(&req.game, &limits)?;
        game.values(&req.package)
            .map(Json)
            .map_err(|e| Refusal::bad(e.to_string()))
    })
    .await
}

/// `POST /api/game/file`: the finished game as the file `detente play --save` writes and
/// `detente run --moves` replays.
pub async fn file(
    State(state): State<AppState>,
    Json(req): Json<GameRequest>,
) -> Result<Response, Refusal> {
    let limits = state.limits;
    let permit = guard::permit(&state.permits)?;
    let bytes = blocking(move || {
        let _permit = permit;
        let (loaded, game) = replay(&req, &limits)?;
        record_of(&req, &loaded, &game)
    })
    .await?;
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"game.json\""),
    );
    Ok(response)
}

/// The recorded game's JSON; only a finished game replays, so only one is written.
fn record_of(req: &GameRequest, loaded: &Loaded, game: &Game) -> Result<Vec<u8>, Refusal> {
    if let Some(v) = game.view() {
        return Err(Refusal::bad(format!(
            "the game is not over (the seat's next month is {}, round {}): a recorded game \
             replays only when every month the seat took part in has its move",
            v.date, v.round
        )));
    }
    let sc = game.scenario();
    let provenance = Provenance::new(
        &req.whatif.source.given(),
        sc,
        &req.whatif.sets,
        loaded.effective.clone(),
    );
    let record = GameRecord::new(
        provenance,
        game.seed(),
        &sc.actor(game.seat()).id,
        game.moves(),
    );
    let mut out = Vec::new();
    detente_data::game::write_json(&record, &mut out)
        .map_err(|e| Refusal::internal(format!("cannot write the game: {e}")))?;
    Ok(out)
}
