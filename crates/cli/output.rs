//! What a run leaves behind: the transcript, the summary, the JSON result, written safely.

use crate::Failure;
use anyhow::Context;
use detente_config::text::{shown, shown_block};
use detente_model::narrate;
use detente_model::record::EquilibriumReason;
use detente_model::{RunRecord, Scenario};
use serde_json::{Map, Value, json};
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

/// Pretty JSON with a trailing newline.
pub fn to_pretty_json(value: &Value) -> String {
    let mut s = serde_json::to_string_pretty(value).unwrap_or_default();
    s.push('\n');
    s
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The dated transcript: events and messages, round by round. A message sent alike to
/// several recipients is one line.
/// Messages a brief transcript leaves out: they move the negotiation inside a bloc, not
/// across the table.
fn is_bookkeeping(body: &detente_model::Body) -> bool {
    use detente_model::Body;
    matches!(
        body,
        Body::Mandate { .. } | Body::Report { .. } | Body::Advise { .. } | Body::Reject { .. }
    )
}

/// The opening line: which scenario, which seed.
pub fn heading(sc: &Scenario, rec: &RunRecord) -> String {
    format!(
        "detente: {} ({}), seed {}\n",
        shown(&sc.settings.title),
        shown(&sc.settings.name),
        rec.seed
    )
}

pub fn transcript(sc: &Scenario, rec: &RunRecord, brief: bool) -> String {
    let mut out = format!("{}\n", heading(sc, rec));
    for round in &rec.rounds {
        for ev in round.events.iter().filter(|e| e.happened) {
            out.push_str(&format!("{} ** {}", round.date, shown(&ev.title)));
            if !ev.narrative.is_empty() {
                out.push_str(&format!(": {}", shown(&ev.narrative)));
            }
            out.push('\n');
        }
        let mut lines: Vec<(usize, String, Vec<String>)> = Vec::new();
        for m in round
            .messages
            .iter()
            .filter(|m| !brief || !is_bookkeeping(&m.body))
        {
            let text = shown(&narrate::body(sc, &m.body)).into_owned();
            let from = m.from().index();
            let to = shown(&sc.actor(m.to).name).into_owned();
            match lines.iter_mut().find(|(f, t, _)| *f == from && *t == text) {
                Some((_, _, recipients)) => recipients.push(to),
                None => lines.push((from, text, vec![to])),
            }
        }
        for (from, text, to) in lines {
            out.push_str(&format!(
                "{} {} -> {}: {}\n",
                round.date,
                shown(&sc.actors[from].name),
                to.join(", "),
                text
            ));
        }
    }
    out.push('\n');
    out
}

/// The summary: how and when it ended, the outcome, final positions, the trust matrix.
pub fn summary(sc: &Scenario, rec: &RunRecord) -> String {
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
    out.push_str(&crate::analyze::summary(sc, rec));
    out.push_str(&format!("Messages: {}\n", eq.message_count));
    out
}

fn positions_map(sc: &Scenario, xs: &[f64]) -> Value {
    let mut m = Map::new();
    for (issue, x) in sc.issues.iter().zip(xs) {
        m.insert(issue.id.clone(), json!(x));
    }
    Value::Object(m)
}

/// The machine-readable result.
pub fn result_json(sc: &Scenario, rec: &RunRecord) -> Value {
    let eq = &rec.equilibrium;
    let ids: Vec<&str> = sc.actors.iter().map(|a| a.id.as_str()).collect();
    let listed = detente_model::record::listed_trust(sc, &eq.trust);
    let trust_map = |matrix: &[detente_model::trust::TrustMap]| -> Value {
        let mut rows = Map::new();
        for &(i, j) in &listed {
            let row = rows
                .entry(ids[i].to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(cols) = row {
                cols.insert(
                    ids[j].to_string(),
                    json!(matrix[i][detente_model::ActorId(j as u16)]),
                );
            }
        }
        Value::Object(rows)
    };
    let labels: Map<String, Value> = sc
        .issues
        .iter()
        .zip(&eq.positions)
        .map(|(i, x)| (i.id.clone(), json!(i.label_near(*x))))
        .collect();
    let last = rec.rounds.last();
    let final_state: Map<String, Value> = sc
        .actors
        .iter()
        .enumerate()
        .map(|(k, a)| {
            let s = last.map(|r| &r.states[k]);
            (
                a.id.clone(),
                json!({
                    "active": s.map(|s| s.active),
                    "paranoia": s.map(|s| s.paranoia),
                    "aspiration": s.map(|s| s.aspiration),
                    "proposal": s.and_then(|s| s.proposal.as_ref()).map(|p| positions_map(sc, p)),
                }),
            )
        })
        .collect();
    let dates: Vec<String> = rec.rounds.iter().map(|r| r.date.to_string()).collect();
    let mut positions = Map::new();
    let mut paranoia = Map::new();
    let mut trust = Map::new();
    for (k, id) in ids.iter().enumerate() {
        positions.insert(
            id.to_string(),
            Value::Array(
                rec.rounds
                    .iter()
                    .map(|r| {
                        r.states[k]
                            .proposal
                            .as_ref()
                            .map_or(Value::Null, |p| positions_map(sc, p))
                    })
                    .collect(),
            ),
        );
        paranoia.insert(
            id.to_string(),
            json!(
                rec.rounds
                    .iter()
                    .map(|r| r.states[k].paranoia)
                    .collect::<Vec<_>>()
            ),
        );
        let mut row = Map::new();
        for &(_, j) in listed.iter().filter(|(i, _)| *i == k) {
            let series: Vec<f64> = rec
                .rounds
                .iter()
                .map(|r| r.states[k].trust[detente_model::ActorId(j as u16)])
                .collect();
            row.insert(ids[j].to_string(), json!(series));
        }
        if row.is_empty() {
            continue;
        }
        trust.insert(id.to_string(), Value::Object(row));
    }
    let events: Vec<Value> = rec
        .rounds
        .iter()
        .flat_map(|r| {
            r.events.iter().map(move |e| json!({"date": r.date.to_string(), "id": e.id, "title": e.title, "narrative": e.narrative, "happened": e.happened}))
        })
        .collect();
    let messages: Vec<Value> = rec
        .rounds
        .iter()
        .flat_map(|r| {
            r.messages.iter().map(move |m| {
                json!({
                    "id": narrate::message_id(sc, &m.id),
                    "reply_to": m.reply_to.map(|id| narrate::message_id(sc, &id)),
                    "round": r.round,
                    "date": r.date.to_string(),
                    "from": sc.actor(m.from()).id,
                    "to": sc.actor(m.to).id,
                    "kind": m.body.kind(),
                    "content": narrate::body(sc, &m.body),
                })
            })
        })
        .collect();
    json!({
        "detente_version": env!("CARGO_PKG_VERSION"),
        "scenario": {
            "name": sc.settings.name,
            "title": sc.settings.title,
            "start": sc.settings.start.to_string(),
            "horizon": sc.settings.horizon,
            "veto": sc.settings.veto.iter().map(|v| ids[v.index()]).collect::<Vec<_>>(),
            // What a report needs to draw the run: issues with waypoints, who is who.
            "issues": sc.issues,
            "actors": sc.actors.iter().map(|a| json!({"id": a.id, "name": a.name, "role": a.role.as_str(), "bloc": a.bloc, "side": a.side})).collect::<Vec<_>>(),
        },
        "seed": rec.seed,
        "equilibrium": {
            "reason": eq.reason.as_str(),
            "round": eq.round,
            "date": eq.date.to_string(),
            "outcome": eq.outcome,
            "package": eq.package.map(|p| json!({"proposer": ids[p.proposer.index()], "date": sc.date(p.round).to_string()})),
            "walked_out": eq.walked_out.map(|a| ids[a.index()]),
            "positions": positions_map(sc, &eq.positions),
            "position_labels": labels,
            "trust": trust_map(&eq.trust),
            "veto_trust": round3(eq.veto_trust),
            "message_count": eq.message_count,
        },
        "final_state": final_state,
        "series": { "dates": dates, "positions": positions, "trust": trust, "paranoia": paranoia },
        "events": events,
        "messages": messages,
        "analysis": crate::analyze::run_json(sc, rec),
    })
}
