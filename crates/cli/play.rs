//! `detente play`: a principal's seat at the table on the terminal (prompts on stdin), and
//! the recorded games that `detente run --moves` replays.

mod prompt;
mod show;

use crate::Failure;
use crate::args::PlayArgs;
use crate::output;
use anyhow::anyhow;
use detente_data::Provenance;
use detente_data::game::{GameRecord, SeatMoves};
use detente_model::game::{self, Game, Move};
use detente_model::{RunRecord, Scenario};
use std::path::Path;
use std::sync::Arc;

/// A recorded game read back and replayed.
pub struct Recorded {
    /// The scenario it was played on.
    pub scenario: Scenario,
    /// Its provenance, as recorded.
    pub provenance: Provenance,
    /// The seed.
    pub seed: u64,
    /// The seat and the person's moves in it.
    pub game: SeatMoves,
    /// The whole run, the person's moves in their seat.
    pub record: RunRecord,
}

/// Read the recorded game at `path` and replay it to its end. Every problem is bad input
/// naming the file and the field, month or move that is wrong.
pub fn load_game(path: &Path) -> Result<Recorded, Failure> {
    let bad = |what: String| Failure::BadInput(anyhow!("--moves {}: {what}", path.display()));
    let text = detente_config::input::read_to_string(path, detente_data::game::MAX_GAME_BYTES)
        .map_err(|e| bad(format!("cannot read: {e}")))?;
    let file = detente_data::game::read_json(&text).map_err(bad)?;
    let scenario = crate::run::rebuild(path, "--moves", &file.provenance)?;
    let game = SeatMoves {
        seat: file.seat,
        moves: file.moves,
    };
    let record = replay(&scenario, file.seed, &game).map_err(bad)?;
    Ok(Recorded {
        scenario,
        provenance: file.provenance,
        seed: file.seed,
        game,
        record,
    })
}

/// Replay the person's moves of `game` on `scenario` with `seed` to the game's end; an
/// error says what is wrong with the seat or the moves (`moves[3]...`, `moves: ...`), for
/// the caller to prefix with the file.
pub fn replay(scenario: &Scenario, seed: u64, game: &SeatMoves) -> Result<RunRecord, String> {
    let sc = Arc::new(scenario.clone());
    let seat = game::seat_of(&sc, &game.seat).map_err(|e| e.to_string())?;
    let played =
        Game::replay(Arc::clone(&sc), seed, seat, &game.moves).map_err(|e| e.to_string())?;
    let Some(record) = played.record().cloned() else {
        let next = played
            .view()
            .map(|v| format!("{} (round {})", v.date, v.round))
            .unwrap_or_default();
        return Err(format!(
            "moves: the {} moves end before the game does (the seat's next month is {next}); \
             a recorded game replays only when every month the seat took part in has its move",
            game.moves.len()
        ));
    };
    Ok(record)
}

/// Emit a finished game's log as a run's: the run span, each round, the equilibrium.
pub fn logged(sc: &Scenario, record: RunRecord) -> RunRecord {
    let span = detente_runtime::log::run_span(sc, record.seed);
    let _enter = span.enter();
    for round in &record.rounds {
        detente_runtime::log::round(sc, round);
    }
    detente_runtime::log::equilibrium(sc, &record.equilibrium);
    record
}

pub fn play(args: PlayArgs) -> Result<(), Failure> {
    let (scenario, provenance) =
        crate::run::load_with_provenance(args.scenario.as_deref(), &args.set, args.extends)?;
    let seed = args.seed.unwrap_or(scenario.settings.seed);
    let sc = Arc::new(scenario);
    let seat =
        game::seat_of(&sc, &args.seat).map_err(|e| Failure::BadInput(anyhow!("--as {}", e)))?;
    // The save target is checked (and its temporary file made) before the game starts.
    let save = args
        .save
        .as_deref()
        .map(detente_data::output::begin)
        .transpose()
        .map_err(output::failure)?;
    let mut game =
        Game::new(Arc::clone(&sc), seed, seat).map_err(|e| Failure::BadInput(anyhow!(e)))?;
    let shown = detente_config::text::for_display(&sc);
    let mut input = prompt::Input::stdin();
    print(&show::opening(&shown, &game))?;
    let mut rest_to_advisers = false;
    while let Some(view) = game.view() {
        if !rest_to_advisers {
            print(&show::view(&shown, view))?;
        }
        let mv = if rest_to_advisers {
            Move::Advisers
        } else {
            match prompt::month(&mut input, &shown, &game)? {
                prompt::Choice::Move(mv) => mv,
                prompt::Choice::Quit => {
                    print("The advisers play the remaining months.\n")?;
                    rest_to_advisers = true;
                    Move::Advisers
                }
            }
        };
        game.play(&mv).map_err(|e| Failure::Internal(anyhow!(e)))?;
    }
    let record = game
        .record()
        .ok_or_else(|| Failure::Internal(anyhow!("the game ended without a record")))?;
    if let Some(mut file) = save {
        let recorded = GameRecord::new(provenance, seed, &sc.actor(seat).id, game.moves());
        detente_data::game::write_json(&recorded, &mut file).map_err(|e| {
            Failure::Internal(anyhow!("cannot write {}: {e}", file.path().display()))
        })?;
        file.commit().map_err(output::failure)?;
    }
    let analyzed = crate::analyze::run_analysis(&sc, record);
    print(&format!(
        "\nThe game is over. Its transcript, as `detente run --moves` gives it:\n\n{}{}",
        output::transcript(&shown, record, args.brief),
        output::summary(&shown, record, &analyzed)
    ))?;
    let summary = game
        .summary()
        .ok_or_else(|| Failure::Internal(anyhow!("the game ended without a summary")))?;
    let alone = show::distribution(&sc, args.runs);
    print(&show::ending(&shown, &summary, &alone))
}

fn print(text: &str) -> Result<(), Failure> {
    output::print(text).map_err(Failure::Internal)
}
