//! Plain-language descriptions of messages and packages, for transcripts and logs.

use crate::message::{Body, MessageId, PackageId, RejectReason, SignalKind};
use crate::scenario::Scenario;

/// A package in words: every issue's nearest waypoint and value.
pub fn package(sc: &Scenario, positions: &[f64]) -> String {
    sc.issues
        .iter()
        .zip(positions)
        .map(|(issue, x)| issue.describe(*x))
        .collect::<Vec<_>>()
        .join(", ")
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
    format!(
        "{}'s package of {}",
        sc.actor(id.proposer).name,
        sc.date(id.round)
    )
}

/// What a message says, in words (without sender and recipient).
pub fn body(sc: &Scenario, body: &Body) -> String {
    match body {
        Body::Propose { positions, .. } => format!("proposes {}", package(sc, positions)),
        Body::Accept { package } => format!("accepts {}", package_id(sc, package)),
        Body::Reject { package, reason } => {
            let why = match reason {
                RejectReason::WorseThanSecurity => {
                    "at its trust in the other side it is worth less than security"
                }
                RejectReason::BelowAspiration => "it asks too much",
            };
            format!("rejects {}: {why}", package_id(sc, package))
        }
        Body::Signal { signal } => match signal {
            SignalKind::Reassure => "reassures: we mean to keep our word".into(),
            SignalKind::Warn => "warns: do not push us".into(),
            SignalKind::Threaten => "threatens".into(),
        },
        Body::Mandate {
            aspiration,
            positions,
        } => {
            format!(
                "mandates: offer nothing worth less than {aspiration:.2} to me (my own package: {})",
                package(sc, positions)
            )
        }
        Body::Report {
            package: id,
            positions,
        } => {
            format!("reports {}: {}", package_id(sc, id), package(sc, positions))
        }
        Body::Advise {
            positions,
            strength,
        } => {
            format!(
                "advises (strength {strength:.2}): {}",
                package(sc, positions)
            )
        }
        Body::Walkout => "walks out of the negotiation".into(),
    }
}
