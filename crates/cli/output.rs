//! What a run leaves behind: the transcript, the summary, the JSON result, written safely.

use crate::Failure;
use anyhow::Context;
use detente_config::text::{shown, shown_block};
use detente_model::narrate;
use detente_model::record::EquilibriumReason;
use detente_model::{RunRecord, Scenario};
use std::io::Write;
use std::path::Path;

/// An output error as an exit status: a refused path is bad input (2), a failed write
/// internal (1).
pub fn failure(e: detente_data::output::OutputError) -> Failure {
    if e.is_bad_input() {
        Failure::BadInput(anyhow::anyhow!(e))
    } else {
        Failure::Internal(anyhow::anyhow!(e))
    }
}

/// Write a whole file or nothing, by the one output rule (see [`detente_data::output`]).
pub fn write_atomic(path: &Path, contents: &str) -> Result<(), Failure> {
    detente_data::output::write_atomic(path, contents.as_bytes()).map_err(failure)
}

/// Print to stderr; a closed pipe is not worth a panic (`eprintln!` would panic). Control
/// characters other than line breaks and tabs are escaped: nothing a file holds drives
/// the terminal.
pub fn eprint(text: &str) {
    let _ = writeln!(std::io::stderr(), "{}", shown_block(text));
}

/// Print to stdout; a closed pipe (`detente run | head`) is not an error. Control
/// characters other than line breaks and tabs are escaped, as for [`eprint`].
pub fn print(text: &str) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    let text = shown_block(text);
    match lock.write_all(text.as_bytes()).and_then(|_| lock.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(e).context("cannot write to stdout")
        }
        _ => Ok(()),
    }
}

/// The opening line: which scenario, which seed.
pub fn heading(sc: &Scenario, rec: &RunRecord) -> String {
    detente_data::transcript::heading(sc, rec, shown)
}

/// The dated transcript: events and messages, round by round (the explorer's game shows
/// the same text).
pub fn transcript(sc: &Scenario, rec: &RunRecord, brief: bool) -> String {
    detente_data::transcript::transcript(sc, rec, brief, shown)
}

/// The summary: how and when it ended, the outcome, final positions, the trust matrix, and
/// the lines of the run's bargaining `analysis`.
pub fn summary(sc: &Scenario, rec: &RunRecord, analysis: &crate::analyze::RunAnalyzed) -> String {
    let eq = &rec.equilibrium;
    let mut out = String::new();
    let how = match eq.reason {
        EquilibriumReason::Settlement => format!(
            "settlement in {} (round {}): {} accepted by every veto principal",
            eq.date,
            eq.round,
            eq.package
                .map(|p| narrate::package_id(sc, &p))
                .unwrap_or_default()
        ),
        EquilibriumReason::Breakdown => format!(
            "breakdown in {} (round {}): {} walked out",
            eq.date,
            eq.round,
            eq.walked_out
                .map(|a| sc.actor(a).name.clone())
                .unwrap_or_default()
        ),
        EquilibriumReason::Deadlock => format!(
            "deadlock in {} (round {}): nothing moved for {} rounds",
            eq.date, eq.round, sc.settings.stable_rounds
        ),
        EquilibriumReason::Horizon => format!(
            "no equilibrium by the horizon, {} (round {})",
            eq.date, eq.round
        ),
    };
    out.push_str(&format!("Equilibrium: {how}\n"));
    if let (Some(who), Some(why)) = (eq.walked_out, narrate::breakdown(sc, rec)) {
        out.push_str(&format!(
            "  {} {}\n",
            shown(&sc.actor(who).name),
            shown(&why)
        ));
    }
    if let Some(gains) = narrate::gains(sc, rec) {
        out.push_str(&format!("  Gains over security: {}\n", shown(&gains)));
    }
    out.push_str(&format!("Outcome: {}\n", shown(&eq.outcome)));
    let basis = if eq.reason == EquilibriumReason::Settlement {
        "as settled"
    } else {
        "status quo: nothing agreed"
    };
    out.push_str(&format!("Final positions ({basis}):\n"));
    let width = sc.issues.iter().map(|i| i.name.len()).max().unwrap_or(0);
    for (issue, x) in sc.issues.iter().zip(&eq.positions) {
        out.push_str(&format!(
            "  {:width$}  {} ({})\n",
            issue.name,
            issue.label_near(*x).unwrap_or_else(|| "-".into()),
            issue.show_value(*x)
        ));
    }
    if sc.actors.len() <= detente_model::record::FULL_TRUST_MATRIX {
        // Short ids keep the matrix narrow whatever the actors' display names.
        out.push_str("Trust at the end (row trusts column):\n");
        let w = sc
            .actors
            .iter()
            .map(|a| a.id.len())
            .max()
            .unwrap_or(0)
            .max(5);
        out.push_str(&format!("  {:w$}", ""));
        for a in &sc.actors {
            out.push_str(&format!(" {:>w$}", a.id));
        }
        out.push('\n');
        for (i, a) in sc.actors.iter().enumerate() {
            out.push_str(&format!("  {:w$}", a.id));
            for j in 0..sc.actors.len() {
                let cell = if i == j {
                    "-".to_string()
                } else {
                    format!("{:.2}", eq.trust[i][detente_model::ActorId(j as u16)])
                };
                out.push_str(&format!(" {cell:>w$}"));
            }
            out.push('\n');
        }
    } else {
        // A matrix of thousands of actors helps no reader: the veto principals' views.
        out.push_str("Trust at the end (veto principals in the actors they deal with):\n");
        for (i, j) in detente_model::record::listed_trust(sc, &eq.trust) {
            let t = eq.trust[i][detente_model::ActorId(j as u16)];
            out.push_str(&format!(
                "  {} -> {}: {t:.2}\n",
                sc.actors[i].id, sc.actors[j].id
            ));
        }
    }
    let moves = narrate::largest_trust_moves(sc, rec, 5);
    if !moves.is_empty() {
        out.push_str("Largest trust moves between the veto principals:\n");
        for m in moves {
            out.push_str(&format!("  {}\n", shown(&m)));
        }
    }
    out.push_str(&crate::analyze::summary(sc, analysis));
    out.push_str(&format!("Messages: {}\n", eq.message_count));
    out
}
