//! The result of one run (`detente run --json`): one type, written by the CLI and read by
//! the report, built once from the model's record.
//!
//! Model types (issues, events, message bodies, reasons) are embedded as they are, so that
//! a field the model gains appears in the result without being listed here. Actors are
//! named by id; inside message bodies an actor is its index in `scenario.actors`.

use crate::Provenance;
use crate::analysis::AnalysisResult;
pub use crate::game::SeatMoves;
pub use crate::messages::{MessageEntry, Messages};
use detente_model::{
    EquilibriumReason, Issue, Role, RunRecord, Scenario, YearMonth, record::EventRecord,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Values by id (of an issue or an actor), in id order.
pub type ById<T> = BTreeMap<String, T>;

/// A run's result.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct RunResult {
    /// The layout version ([`crate::SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// What produced the run, enough to run it again (`detente run --from`).
    pub provenance: Provenance,
    /// Who and what the run was about.
    pub scenario: ScenarioInfo,
    /// The seed.
    pub seed: u64,
    /// For a replayed game (`run --moves`), the seat a person held and the moves played:
    /// `run --from` replays them. Absent for a run of the model alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub game: Option<SeatMoves>,
    /// How it ended.
    pub equilibrium: EquilibriumResult,
    /// Each actor's state after the last round, by actor id.
    pub final_state: ById<FinalState>,
    /// Per-round series.
    pub series: Series,
    /// The scenario's events, round by round, whether or not they happened.
    pub events: Vec<EventEntry>,
    /// The bargaining analysis at the start and at the end, or why there is none.
    pub analysis: AnalysisResult,
    /// Every message, in the order sent (last: the bulk of a large result).
    pub messages: Messages,
}

/// Everything of a [`RunResult`] but its messages, which [`write_json`] writes after it.
#[derive(Serialize)]
struct Head<'a> {
    schema_version: u32,
    provenance: &'a Provenance,
    scenario: &'a ScenarioInfo,
    seed: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    game: Option<&'a SeatMoves>,
    equilibrium: &'a EquilibriumResult,
    final_state: &'a ById<FinalState>,
    series: &'a Series,
    events: &'a [EventEntry],
    analysis: &'a AnalysisResult,
}

/// The scenario as a result describes it.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct ScenarioInfo {
    /// Short name.
    pub name: String,
    /// Title.
    pub title: String,
    /// First month.
    pub start: YearMonth,
    /// Months simulated at most.
    pub horizon: u32,
    /// Veto principals' ids.
    pub veto: Vec<String>,
    /// The issues, in position order.
    pub issues: Vec<Issue>,
    /// The actors, in scenario order (a message body's actor number indexes this list).
    pub actors: Vec<ActorInfo>,
}

/// One actor.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct ActorInfo {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Principal, envoy or adviser.
    pub role: Role,
    /// Bloc.
    pub bloc: String,
    /// Side.
    pub side: String,
}

/// The settled package: who offered it and when.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct PackageRef {
    /// Who offered it.
    pub proposer: String,
    /// The month it was offered.
    pub date: YearMonth,
}

/// How the run ended.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct EquilibriumResult {
    /// Settlement, breakdown, deadlock or horizon.
    pub reason: EquilibriumReason,
    /// Round of the end, from 0.
    pub round: u32,
    /// Its month.
    pub date: YearMonth,
    /// The outcome label of the final positions.
    pub outcome: String,
    /// The settled package, for a settlement.
    pub package: Option<PackageRef>,
    /// Who walked out, for a breakdown.
    pub walked_out: Option<String>,
    /// Final positions by issue id: the settled package, or the status quo.
    pub positions: ById<f64>,
    /// What each final position means (the nearest waypoint), by issue id.
    pub position_labels: ById<Option<String>>,
    /// Final trust, `trust[truster][trusted]` (beyond 50 actors only the veto principals'
    /// rows, each with the actors it has a view of).
    pub trust: ById<ById<f64>>,
    /// Mean trust, at the end, between the veto principals of different sides at the
    /// table in the last round (one who walked out then counts; one an event removed
    /// does not).
    pub veto_trust: f64,
    /// Messages sent over the run.
    pub message_count: u64,
}

/// One actor's state after the last round.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct FinalState {
    /// Whether it took part in the last round.
    pub active: Option<bool>,
    /// Paranoia.
    pub paranoia: Option<f64>,
    /// Aspiration (target utility).
    pub aspiration: Option<f64>,
    /// Its own current package by issue id, if it has made one.
    pub proposal: Option<ById<f64>>,
}

/// Per-round series, one value per round (the month of round k is `dates[k]`).
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Series {
    /// The month of each round.
    pub dates: Vec<YearMonth>,
    /// Each actor's proposal by issue id per round (null: none yet).
    pub positions: ById<Vec<Option<ById<f64>>>>,
    /// `trust[truster][trusted]` per round, for the listed pairs.
    pub trust: ById<ById<Vec<f64>>>,
    /// Paranoia per actor, per round.
    pub paranoia: ById<Vec<f64>>,
}

/// An event the clock considered, with its month.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct EventEntry {
    /// The month.
    pub date: YearMonth,
    /// The model's record of the event (id, title, narrative, whether it happened, ...).
    #[serde(flatten)]
    pub event: EventRecord,
}

fn by_issue(sc: &Scenario, xs: &[f64]) -> ById<f64> {
    sc.issues
        .iter()
        .zip(xs)
        .map(|(i, x)| (i.id.clone(), *x))
        .collect()
}

impl RunResult {
    /// The result of a run of `sc` recorded as `rec` (with every round kept), made by
    /// `provenance`; `analysis` is the bargaining analysis of the run, or why there is none.
    pub fn build(
        sc: Arc<Scenario>,
        rec: Arc<RunRecord>,
        provenance: Provenance,
        analysis: AnalysisResult,
    ) -> Self {
        Self {
            schema_version: crate::SCHEMA_VERSION,
            provenance,
            scenario: scenario_info(&sc),
            seed: rec.seed,
            game: None,
            equilibrium: equilibrium(&sc, &rec),
            final_state: final_state(&sc, &rec),
            series: series(&sc, &rec),
            events: rec
                .rounds
                .iter()
                .flat_map(|r| {
                    r.events.iter().map(move |e| EventEntry {
                        date: r.date,
                        event: e.clone(),
                    })
                })
                .collect(),
            analysis,
            messages: Messages::Record(sc, rec),
        }
    }
}

fn scenario_info(sc: &Scenario) -> ScenarioInfo {
    ScenarioInfo {
        name: sc.settings.name.clone(),
        title: sc.settings.title.clone(),
        start: sc.settings.start,
        horizon: sc.settings.horizon,
        veto: sc
            .settings
            .veto
            .iter()
            .map(|v| sc.actor(*v).id.clone())
            .collect(),
        issues: sc.issues.clone(),
        actors: sc
            .actors
            .iter()
            .map(|a| ActorInfo {
                id: a.id.clone(),
                name: a.name.clone(),
                role: a.role,
                bloc: a.bloc.clone(),
                side: a.side.clone(),
            })
            .collect(),
    }
}

fn equilibrium(sc: &Scenario, rec: &RunRecord) -> EquilibriumResult {
    let eq = &rec.equilibrium;
    let id = |k: usize| sc.actors[k].id.clone();
    let mut trust: ById<ById<f64>> = BTreeMap::new();
    for (i, j) in detente_model::record::listed_trust(sc, &eq.trust) {
        let t = eq.trust[i][detente_model::ActorId(j as u16)];
        trust.entry(id(i)).or_default().insert(id(j), t);
    }
    EquilibriumResult {
        reason: eq.reason,
        round: eq.round,
        date: eq.date,
        outcome: eq.outcome.clone(),
        package: eq.package.map(|p| PackageRef {
            proposer: id(p.proposer.index()),
            date: sc.date(p.round),
        }),
        walked_out: eq.walked_out.map(|a| id(a.index())),
        positions: by_issue(sc, &eq.positions),
        position_labels: sc
            .issues
            .iter()
            .zip(&eq.positions)
            .map(|(i, x)| (i.id.clone(), i.label_near(*x)))
            .collect(),
        trust,
        // Three decimals: the mean is for reading, the matrix has the exact values.
        veto_trust: (eq.veto_trust * 1000.0).round() / 1000.0,
        message_count: eq.message_count,
    }
}

fn final_state(sc: &Scenario, rec: &RunRecord) -> ById<FinalState> {
    let last = rec.rounds.last();
    sc.actors
        .iter()
        .enumerate()
        .map(|(k, a)| {
            let s = last.map(|r| &r.states[k]);
            let state = FinalState {
                active: s.map(|s| s.active),
                paranoia: s.map(|s| s.paranoia),
                aspiration: s.map(|s| s.aspiration),
                proposal: s.and_then(|s| s.proposal.as_ref()).map(|p| by_issue(sc, p)),
            };
            (a.id.clone(), state)
        })
        .collect()
}

fn series(sc: &Scenario, rec: &RunRecord) -> Series {
    let mut positions = BTreeMap::new();
    let mut paranoia = BTreeMap::new();
    let mut trust: ById<ById<Vec<f64>>> = BTreeMap::new();
    let listed = detente_model::record::listed_trust(sc, &rec.equilibrium.trust);
    for (k, a) in sc.actors.iter().enumerate() {
        positions.insert(
            a.id.clone(),
            rec.rounds
                .iter()
                .map(|r| r.states[k].proposal.as_ref().map(|p| by_issue(sc, p)))
                .collect(),
        );
        paranoia.insert(
            a.id.clone(),
            rec.rounds.iter().map(|r| r.states[k].paranoia).collect(),
        );
    }
    for (i, j) in listed {
        let values = rec
            .rounds
            .iter()
            .map(|r| r.states[i].trust[detente_model::ActorId(j as u16)])
            .collect();
        trust
            .entry(sc.actors[i].id.clone())
            .or_default()
            .insert(sc.actors[j].id.clone(), values);
    }
    Series {
        dates: rec.rounds.iter().map(|r| r.date).collect(),
        positions,
        trust,
        paranoia,
    }
}

/// Write `result` as JSON ([`crate::json`]: indented, a message a line) with a trailing
/// newline, as it is made: the messages go straight from the run's record, a chunk at a
/// time, made into lines by two threads (beginning while this one writes the head) while
/// this one writes them to `w` (for a large file, [`crate::output::AtomicFile::direct`]).
/// It reads back as the same [`RunResult`].
pub fn write_json(result: &RunResult, w: impl std::io::Write) -> std::io::Result<()> {
    // Every field named, so that a field added to RunResult cannot be left out here.
    let RunResult {
        schema_version,
        provenance,
        scenario,
        seed,
        game,
        equilibrium,
        final_state,
        series,
        events,
        analysis,
        messages,
    } = result;
    let head = Head {
        schema_version: *schema_version,
        provenance,
        scenario,
        seed: *seed,
        game: game.as_ref(),
        equilibrium,
        final_state,
        series,
        events,
        analysis,
    };
    let mut w = w;
    messages.write_list(&mut w, "  ", |w| {
        // The head's object is left open for the messages: written straight through, all
        // but its last two bytes (`\n}`, checked).
        let mut open = HoldBack {
            w,
            held: Vec::new(),
        };
        let mut buffered = std::io::BufWriter::with_capacity(1 << 16, &mut open);
        crate::json::to_writer(&mut buffered, &head)?;
        std::io::Write::flush(&mut buffered)?;
        drop(buffered);
        if open.held != b"\n}" {
            return Err(std::io::Error::other(
                "a result's head is not a JSON object",
            ));
        }
        w.write_all(b",\n  \"messages\": ")
    })?;
    w.write_all(b"\n}\n")?;
    w.flush()
}

/// A writer passing everything on to `w` but its last two bytes, held.
struct HoldBack<'a, W> {
    w: &'a mut W,
    held: Vec<u8>,
}

impl<W: std::io::Write> std::io::Write for HoldBack<'_, W> {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if let Some(pass) = data.len().checked_sub(2) {
            self.w.write_all(&self.held)?;
            self.w.write_all(&data[..pass])?;
            self.held.clear();
            self.held.extend_from_slice(&data[pass..]);
        } else {
            self.held.extend_from_slice(data);
            let pass = self.held.len().saturating_sub(2);
            self.w.write_all(&self.held[..pass])?;
            self.held.drain(..pass);
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What produced a run: the part of a result that `run --from` needs.
#[derive(Debug)]
pub struct Origin {
    /// The layout version.
    pub schema_version: u32,
    /// What produced the run.
    pub provenance: Provenance,
    /// The seed.
    pub seed: u64,
    /// The seat and moves of a replayed game, if the run was one.
    pub game: Option<SeatMoves>,
}

/// Read the [`Origin`] of a result from `r`, skipping the rest without keeping it; an
/// error says what is wrong (not JSON, not a result, another layout version).
pub fn read_origin(r: impl std::io::Read) -> Result<Origin, String> {
    #[derive(Deserialize)]
    struct Found {
        schema_version: Option<u32>,
        provenance: Option<serde_json::Value>,
        seed: Option<u64>,
        game: Option<serde_json::Value>,
    }
    let not_a_result = |e: serde_json::Error| format!("not a detente run result ({e})");
    let found: Found = serde_json::from_reader(std::io::BufReader::new(r)).map_err(not_a_result)?;
    match found.schema_version {
        Some(crate::SCHEMA_VERSION) => {}
        Some(other) => {
            return Err(format!(
                "schema_version {other}; this detente reads {}",
                crate::SCHEMA_VERSION
            ));
        }
        None => return Err("no schema_version: not a result this detente can rerun".into()),
    }
    let (Some(provenance), Some(seed)) = (found.provenance, found.seed) else {
        return Err("no provenance or seed: not a result this detente can rerun".into());
    };
    Ok(Origin {
        schema_version: crate::SCHEMA_VERSION,
        provenance: serde_json::from_value(provenance).map_err(|e| format!("provenance: {e}"))?,
        seed,
        game: found
            .game
            .map(serde_json::from_value)
            .transpose()
            .map_err(|e| format!("game: {e}"))?,
    })
}
