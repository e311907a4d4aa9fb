//! A recorded game: the moves a person played in one seat, with what they played against
//! (the scenario's provenance and the seed), enough to replay it exactly
//! (`detente run --moves`). The moves are the model's own [`detente_model::game`] types.

use crate::provenance::Provenance;
use detente_model::game::PlayedMove;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The largest recorded game read: a month's move is a few hundred bytes, and a game has
/// at most one per month of the horizon.
pub const MAX_GAME_BYTES: u64 = 64 << 20;

/// A recorded game, as `detente play --save` and the explorer's download write it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GameRecord {
    /// The layout version ([`crate::SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// The scenario played: as given, its merged TOML and that scenario's digest.
    pub provenance: Provenance,
    /// The seed.
    pub seed: u64,
    /// The actor id of the seat the person held, e.g. `truman`.
    pub seat: String,
    /// One move per month the seat took part in, in order.
    pub moves: Vec<PlayedMove>,
}

impl GameRecord {
    /// The record of a game of the scenario `provenance` describes.
    pub fn new(provenance: Provenance, seed: u64, seat: &str, moves: &[PlayedMove]) -> Self {
        Self {
            schema_version: crate::SCHEMA_VERSION,
            provenance,
            seed,
            seat: seat.to_string(),
            moves: moves.to_vec(),
        }
    }
}

/// The seat a person held in a replayed game and the moves played in it: what a run's
/// result (`run --moves ... --json`) keeps so that `run --from` replays the same game.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SeatMoves {
    /// The actor id of the seat the person held, e.g. `truman`.
    pub seat: String,
    /// One move per month the seat took part in, in order.
    pub moves: Vec<PlayedMove>,
}

/// The JSON Schema of a recorded game.
pub fn game_schema() -> schemars::Schema {
    schemars::schema_for!(GameRecord)
}

/// Write `game` as pretty JSON with a trailing newline.
pub fn write_json(game: &GameRecord, w: impl std::io::Write) -> std::io::Result<()> {
    let mut w = std::io::BufWriter::new(w);
    serde_json::to_writer_pretty(&mut w, game).map_err(std::io::Error::other)?;
    std::io::Write::write_all(&mut w, b"\n")?;
    std::io::Write::flush(&mut w)
}

/// Read a recorded game. The error names the field that is wrong (`moves[3].move.kind`),
/// what was found and what is expected there, with the line and column; a file of another layout version
/// is refused by its `schema_version` before anything else.
pub fn read_json(text: &str) -> Result<GameRecord, String> {
    #[derive(Deserialize)]
    struct Version {
        schema_version: Option<serde_json::Value>,
    }
    let version: Version = serde_json::from_str(text)
        .map_err(|e| format!("not a detente game (expected a JSON object: {e})"))?;
    match version.schema_version {
        Some(v) if v.as_u64() == Some(u64::from(crate::SCHEMA_VERSION)) => {}
        Some(v) => {
            return Err(format!(
                "schema_version = {v} is not allowed; allowed: {} (the layout this detente \
                 reads)",
                crate::SCHEMA_VERSION
            ));
        }
        None => return Err("schema_version is missing: not a detente game".into()),
    }
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        // serde's message ends with the line and column.
        let path = e.path().to_string();
        let inner = e.into_inner();
        if path == "." {
            inner.to_string()
        } else {
            format!("{path}: {inner}")
        }
    })
}
