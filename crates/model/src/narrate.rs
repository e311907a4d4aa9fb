//! Plain-language descriptions of messages and packages, for transcripts and logs.

use crate::fixed::write_fixed;
use crate::message::{Body, MessageId, PackageId, RejectReason, SignalKind, WalkoutReason};
use crate::scenario::Scenario;
use crate::trust::{Cause, TrustMove};

/// A package in words: every issue's nearest waypoint and value.
pub fn package(sc: &Scenario, positions: &[f64]) -> String {
    let mut text = String::new();
    write_package(&mut text, sc, positions);
    text
}

/// [`package`] appended to `out`.
pub fn write_package(out: &mut String, sc: &Scenario, positions: &[f64]) {
    for (k, (issue, x)) in sc.issues.iter().zip(positions).enumerate() {
        if k > 0 {
            out.push_str(", ");
        }
        issue.write_description(out, *x);
    }
}

/// A message id as text: `date/sender/sequence`, stable for a given seed.
pub fn message_id(sc: &Scenario, id: &MessageId) -> String {
    format!(
        "{}/{}/{}",
        sc.date(id.round),
        sc.actor(id.sender).id,
        id.seq
    )
}

/// A package id as text, e.g. `Truman's package of 1945-07`.
pub fn package_id(sc: &Scenario, id: &PackageId) -> String {
    let mut text = String::new();
    // Writing to a String cannot fail.
    let _ = package_id_into(&mut text, sc, id);
    text
}

fn package_id_into(out: &mut String, sc: &Scenario, id: &PackageId) -> std::fmt::Result {
    out.push_str(&sc.actor(id.proposer).name);
    out.push_str("'s package of ");
    sc.date(id.round).write_to(out);
    Ok(())
}

/// What a message says, in words (without sender and recipient).
pub fn body(sc: &Scenario, body: &Body) -> String {
    let mut text = String::new();
    write_body(&mut text, sc, body);
    text
}

/// [`body`] appended to `out`: a result of millions of messages puts each into words
/// without a string apiece.
pub fn write_body(out: &mut String, sc: &Scenario, body: &Body) {
    // Writing to a String cannot fail.
    let _ = body_into(out, sc, body);
}

fn body_into(out: &mut String, sc: &Scenario, body: &Body) -> std::fmt::Result {
    match body {
        Body::Propose { positions, .. } => {
            out.push_str("proposes ");
            write_package(out, sc, positions);
            Ok(())
        }
        Body::Accept { package } => {
            out.push_str("accepts ");
            package_id_into(out, sc, package)
        }
        Body::Reject { package, reason } => {
            let why = match reason {
                RejectReason::WorseThanSecurity => {
                    "at its trust in the other side it is worth less than security"
                }
                RejectReason::BelowAspiration => "it asks too much",
            };
            out.push_str("rejects ");
            package_id_into(out, sc, package)?;
            out.push_str(": ");
            out.push_str(why);
            Ok(())
        }
        Body::Signal { signal } => {
            out.push_str(match signal {
                SignalKind::Reassure => "reassures: we mean to keep our word",
                SignalKind::Warn => "warns: do not push us",
                SignalKind::Threaten => "threatens",
            });
            Ok(())
        }
        Body::Mandate {
            aspiration,
            positions,
        } => {
            out.push_str("mandates: offer nothing worth less than ");
            write_fixed(out, *aspiration, 2);
            out.push_str(" to me (my own package: ");
            write_package(out, sc, positions);
            out.push(')');
            Ok(())
        }
        Body::Report {
            package: id,
            positions,
        } => {
            out.push_str("reports ");
            package_id_into(out, sc, id)?;
            out.push_str(": ");
            write_package(out, sc, positions);
            Ok(())
        }
        Body::Advise {
            positions,
            strength,
        } => {
            out.push_str("advises (strength ");
            write_fixed(out, *strength, 2);
            out.push_str("): ");
            write_package(out, sc, positions);
            Ok(())
        }
        Body::Consult { assessments } => {
            out.push_str("compares notes: its trust in ");
            for (k, (j, t)) in assessments.iter().enumerate() {
                if k > 0 {
                    out.push_str(", ");
                }
                out.push_str(&sc.actor(*j).name);
                out.push(' ');
                write_fixed(out, *t, 2);
            }
            Ok(())
        }
        Body::Walkout { reason } => {
            out.push_str(&walkout(sc, reason));
            Ok(())
        }
    }
}

/// Why a principal walked out, in words: its trust, its chance that month and the last
/// straws.
pub fn walkout(sc: &Scenario, reason: &WalkoutReason) -> String {
    let mut text = format!(
        "walks out of the negotiation: trust in the other side {:.2}",
        reason.trust
    );
    match reason.margin {
        Some(m) if m < 0.0 => text.push_str(&format!(
            ", the best offer on the table worth {:.2} less than what it holds",
            -m
        )),
        Some(m) => text.push_str(&format!(
            ", though the best offer on the table is worth {m:.2} more than what it holds"
        )),
        None => text.push_str(", nothing on the table"),
    }
    text.push_str(&format!(
        " (a {:.0}% chance of leaving this month)",
        100.0 * reason.hazard
    ));
    if !reason.last_straws.is_empty() {
        let straws: Vec<String> = reason
            .last_straws
            .iter()
            .map(|m| format!("{} ({:+.2})", cause(sc, m), m.delta))
            .collect();
        text.push_str(&format!("; the last straws: {}", straws.join(", ")));
    }
    text
}

/// What moved a trust value, in words: "the Truman Doctrine (1947-03)", "Truman's package
/// of 1946-09, read as a retreat", "Molotov's warning of 1946-05", ...
pub fn cause(sc: &Scenario, m: &TrustMove) -> String {
    let who = |a: crate::ActorId| sc.actor(a).name.clone();
    match m.cause {
        Cause::Event { event } => match sc.events.get(event as usize) {
            Some(e) => format!("{} ({})", e.title, sc.date(e.round)),
            None => format!("an event of {}", sc.date(m.round)),
        },
        Cause::Offer {
            package,
            concession,
        } => {
            let how = if concession < 0.0 {
                "read as a retreat"
            } else {
                "read as a concession"
            };
            format!("{}, {how}", package_id(sc, &package))
        }
        Cause::Opening { package, surprise } => {
            let how = if surprise < 0.0 {
                "harder than expected"
            } else {
                "softer than expected"
            };
            format!("{}, an opening {how}", package_id(sc, &package))
        }
        Cause::Signal { message, signal } => {
            let what = match signal {
                SignalKind::Reassure => "reassurance",
                SignalKind::Warn => "warning",
                SignalKind::Threaten => "threat",
            };
            format!(
                "{}'s {what} of {}",
                who(message.sender),
                sc.date(message.round)
            )
        }
        Cause::Manner { message } => format!(
            "{}'s manner ({})",
            who(message.sender),
            sc.date(message.round)
        ),
        Cause::Consultation { message } => format!(
            "{}'s view of the other side ({})",
            who(message.sender),
            sc.date(message.round)
        ),
        Cause::Walkout { actor } => format!("{} walking out", who(actor)),
    }
}

/// What each veto principal gained over security in a settlement, from its acceptance of
/// the settled package: "Stalin +0.05 (0.69 expected against 0.64 held)".
pub fn gains(sc: &Scenario, rec: &crate::RunRecord) -> Option<String> {
    let package = rec.equilibrium.package?;
    let parts: Vec<String> = sc
        .settings
        .veto
        .iter()
        .filter_map(|&v| {
            let a = rec.rounds.iter().rev().find_map(|r| {
                r.states[v.index()]
                    .accepted
                    .iter()
                    .find(|a| a.package == package)
            })?;
            Some(format!(
                "{} {:+.3} ({:.3} expected against {:.3} held; {:.3} if every promise is kept)",
                sc.actor(v).name,
                a.expected_utility - a.security,
                a.expected_utility,
                a.security,
                a.utility
            ))
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// Why the run broke down, in words, from the walkout message of the principal who left.
pub fn breakdown(sc: &Scenario, rec: &crate::RunRecord) -> Option<String> {
    let who = rec.equilibrium.walked_out?;
    rec.rounds
        .last()?
        .messages
        .iter()
        .find_map(|m| match &m.body {
            Body::Walkout { reason } if m.from() == who => Some(walkout(sc, reason)),
            _ => None,
        })
}

/// The `n` largest moves of one veto principal's trust in another over the run, largest
/// first, each with its date, its size and its cause.
pub fn largest_trust_moves(sc: &Scenario, rec: &crate::RunRecord, n: usize) -> Vec<String> {
    let veto = &sc.settings.veto;
    let mut moves: Vec<(crate::ActorId, &TrustMove)> = rec
        .rounds
        .iter()
        .flat_map(|r| {
            veto.iter().flat_map(move |&v| {
                r.states[v.index()]
                    .trust_moves
                    .iter()
                    .filter(|m| veto.contains(&m.about))
                    .map(move |m| (v, m))
            })
        })
        .collect();
    moves.sort_by(|a, b| b.1.delta.abs().total_cmp(&a.1.delta.abs()));
    moves
        .into_iter()
        .take(n)
        .map(|(v, m)| {
            format!(
                "{} {}'s trust in {} {:+.2}: {}",
                sc.date(m.round),
                sc.actor(v).name,
                sc.actor(m.about).name,
                m.delta,
                cause(sc, m)
            )
        })
        .collect()
}
