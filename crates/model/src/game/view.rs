//! What the seat sees in a month: events, the packages on the table and their worth, the
//! dispatches of its envoys, advisers and allies, its trust, and its advisers' counsel.

use super::moves::PackageRef;
use crate::actor::ActorId;
use crate::agent::{Agent, Table};
use crate::clock::Tick;
use crate::date::YearMonth;
use crate::issue::Waypoint;
use crate::message::{Body, Message, RejectReason, SignalKind};
use crate::narrate;
use crate::record::EventRecord;
use crate::scenario::Scenario;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The seat's month, everything a person needs to decide it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct View {
    /// The round (0 is the scenario's first month).
    pub round: u32,
    /// Its month.
    #[schemars(with = "String")]
    pub date: YearMonth,
    /// The seat's actor id.
    pub seat: String,
    /// The seat's name.
    pub seat_name: String,
    /// The events the clock considered this month, in file order, with whether each
    /// happened.
    pub events: Vec<EventRecord>,
    /// The issues, with the seat's ideal and trust on each.
    pub issues: Vec<IssueView>,
    /// The packages to answer this month, with their worth to the seat.
    pub offers: Vec<OfferView>,
    /// Security: what the status quo is worth to the seat (no deal).
    pub security: f64,
    /// What the model in the seat would hold out for this month (an expected utility).
    pub aspiration: f64,
    /// The seat's paranoia.
    pub paranoia: f64,
    /// Trust in the counterparts taken together (what the walkout hazard reads).
    pub counterpart_trust: f64,
    /// The seat's trust in each other principal.
    pub trust: Vec<TrustView>,
    /// What came in this month besides offers: answers to the seat's packages, signals,
    /// envoys' reports, advisers' advice, allies' notes, walkouts.
    pub dispatches: Vec<Dispatch>,
    /// What the model's own agent in the seat would do this month, and why.
    pub counsel: Counsel,
    /// The seat's standing package, if it has made one.
    pub standing: Option<Vec<f64>>,
    /// Whether anyone is at the table to walk out on.
    pub can_walk_out: bool,
}

/// One issue as the seat sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct IssueView {
    /// Issue id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Lowest position.
    pub min: f64,
    /// Highest position.
    pub max: f64,
    /// Where it stays without a deal.
    pub status_quo: f64,
    /// Labelled points, for narrative.
    pub waypoints: Vec<Waypoint>,
    /// The seat's ideal on it now.
    pub ideal: f64,
    /// The seat's trust in the issue's keepers on the other side (1: its own side's).
    pub trust: f64,
    /// A position an event puts on the table for the seat this month: any package the
    /// seat offers carries it.
    pub fixed: Option<f64>,
}

/// A package on the table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OfferView {
    /// Which package (what an `accept` names).
    pub package: PackageRef,
    /// The proposer's name.
    pub proposer_name: String,
    /// Who brought it: the proposer, or an envoy reporting it.
    pub via: String,
    /// Its positions, in issue order.
    pub positions: Vec<f64>,
    /// The package in words.
    pub text: String,
    /// Its worth to the seat if every promise in it is kept.
    pub utility: f64,
    /// Its worth to the seat at its trust in the keepers (compare with `security`).
    pub expected_utility: f64,
    /// What the model in the seat would answer.
    pub advice: Verdict,
}

/// An answer to a package, as advice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Accept it.
    Accept,
    /// Reject it: at the seat's trust it is worth less than security.
    WorseThanSecurity,
    /// Reject it: worth more than security but less than the seat holds out for.
    BelowAspiration,
}

impl Verdict {
    fn of(reason: Option<RejectReason>) -> Self {
        match reason {
            None => Verdict::Accept,
            Some(RejectReason::WorseThanSecurity) => Verdict::WorseThanSecurity,
            Some(RejectReason::BelowAspiration) => Verdict::BelowAspiration,
        }
    }
}

/// The seat's trust in another principal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TrustView {
    /// Actor id.
    pub actor: String,
    /// Name.
    pub name: String,
    /// Whether it is on the seat's side (an ally) or the other.
    pub ally: bool,
    /// Whether it is at the table this month.
    pub present: bool,
    /// The seat's trust in it, 0 to 1.
    pub trust: f64,
}

/// A message that came in this month, in words.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Dispatch {
    /// Sender's actor id.
    pub from: String,
    /// Sender's name.
    pub from_name: String,
    /// The sender's role: principal, envoy or adviser.
    pub role: String,
    /// The message's kind (accept, reject, signal, report, advise, consult, walkout).
    pub kind: String,
    /// What it says.
    pub text: String,
}

/// The advisers' counsel: the month's moves of the model's own agent in the seat.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Counsel {
    /// Whether it would walk out this month.
    pub walk_out: bool,
    /// Its chance of walking out this month (the model draws against it).
    pub hazard: f64,
    /// The packages it would accept.
    pub accept: Vec<PackageRef>,
    /// The package it would offer.
    pub propose: Option<Vec<f64>>,
    /// The signal it would send.
    pub signal: Option<SignalKind>,
    /// Why, in words, one line per decision.
    pub reasons: Vec<String>,
}

/// What a package is worth to one principal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PrincipalValue {
    /// Actor id.
    pub actor: String,
    /// Name.
    pub name: String,
    /// Its utility if every promise is kept.
    pub utility: f64,
    /// Its expected utility at the principal's current trust in the keepers.
    pub expected_utility: f64,
    /// The principal's security (the status quo).
    pub security: f64,
}

impl PrincipalValue {
    pub(super) fn of(sc: &Scenario, agent: &Agent, x: &[f64]) -> Self {
        let w = agent.worth(sc, x);
        let spec = sc.actor(agent.id());
        Self {
            actor: spec.id.clone(),
            name: spec.name.clone(),
            utility: w.utility,
            expected_utility: w.expected_utility,
            security: w.security,
        }
    }
}

/// The view of the seat's month from its table and the counsel's messages.
pub(super) fn build(
    sc: &Scenario,
    seat: ActorId,
    tick: &Tick,
    events: &[EventRecord],
    inbox: &[Message],
    table: &Table,
    counsel: &[Message],
) -> View {
    let spec = sc.actor(seat);
    let world = &tick.world;
    let issues = sc
        .issues
        .iter()
        .enumerate()
        .map(|(i, issue)| IssueView {
            id: issue.id.clone(),
            name: issue.name.clone(),
            min: issue.min,
            max: issue.max,
            status_quo: issue.status_quo,
            waypoints: issue.waypoints.clone(),
            ideal: table.ideal[i],
            trust: table.issue_trust[i],
            fixed: table.fixed.as_ref().and_then(|f| f[i]),
        })
        .collect();
    let offers = table
        .offers
        .iter()
        .map(|o| OfferView {
            package: PackageRef::of(sc, &o.package),
            proposer_name: sc.actor(o.package.proposer).name.clone(),
            via: sc.actor(o.via).id.clone(),
            positions: o.positions.to_vec(),
            text: narrate::package(sc, &o.positions),
            utility: o.utility,
            expected_utility: o.expected_utility,
            advice: Verdict::of(o.verdict),
        })
        .collect();
    let trust = super::principals(sc)
        .filter(|&a| a != seat)
        .map(|a| TrustView {
            actor: sc.actor(a).id.clone(),
            name: sc.actor(a).name.clone(),
            ally: sc.actor(a).side == spec.side,
            present: world.active[a.index()],
            trust: table.trust[a],
        })
        .collect();
    let dispatches = inbox
        .iter()
        .filter(|m| !matches!(m.body, Body::Propose { .. }))
        .map(|m| {
            let from = sc.actor(m.from());
            Dispatch {
                from: from.id.clone(),
                from_name: from.name.clone(),
                role: from.role.as_str().to_string(),
                kind: m.body.kind().to_string(),
                text: narrate::body(sc, &m.body),
            }
        })
        .collect();
    View {
        round: tick.round,
        date: tick.date,
        seat: spec.id.clone(),
        seat_name: spec.name.clone(),
        events: events.to_vec(),
        issues,
        offers,
        security: table.security,
        aspiration: table.aspiration,
        paranoia: table.paranoia,
        counterpart_trust: table.counterpart_trust,
        trust,
        dispatches,
        counsel: counsel_of(sc, table, counsel),
        standing: table.standing.clone(),
        can_walk_out: table.can_walk_out,
    }
}

/// The counsel: the model's moves for the seat (its messages this month), with reasons.
fn counsel_of(sc: &Scenario, table: &Table, messages: &[Message]) -> Counsel {
    let mut c = Counsel {
        walk_out: false,
        hazard: table.hazard,
        accept: Vec::new(),
        propose: None,
        signal: None,
        reasons: Vec::new(),
    };
    for m in messages {
        match &m.body {
            Body::Walkout { reason } if !c.walk_out => {
                c.walk_out = true;
                c.reasons.push(format!(
                    "Leave the table: it {}",
                    narrate::walkout(sc, reason)
                ));
            }
            Body::Propose { positions, .. } if c.propose.is_none() => {
                c.propose = Some(positions.to_vec());
            }
            Body::Signal { signal } if c.signal.is_none() => c.signal = Some(*signal),
            _ => {}
        }
    }
    if !c.walk_out && table.can_walk_out {
        c.reasons.push(format!(
            "Stay at the table: trust in the other side {:.2}; left to itself the seat would \
             have had a {:.0}% chance of walking out this month.",
            table.counterpart_trust,
            100.0 * table.hazard
        ));
    }
    if c.walk_out {
        return c;
    }
    for o in &table.offers {
        let name = narrate::package_id(sc, &o.package);
        let eu = o.expected_utility;
        let line = match o.verdict {
            None => {
                c.accept.push(PackageRef::of(sc, &o.package));
                format!(
                    "Accept {name}: worth {eu:.3} to you at your trust, above your security \
                     {:.3} and the {:.3} you hold out for.",
                    table.security, table.aspiration
                )
            }
            Some(RejectReason::WorseThanSecurity) => format!(
                "Reject {name}: at your trust it is worth {eu:.3}, less than your security \
                 {:.3} (kept in full it would be worth {:.3}).",
                table.security, o.utility
            ),
            Some(RejectReason::BelowAspiration) => format!(
                "Reject {name}: worth {eu:.3}, more than your security {:.3} but less than \
                 the {:.3} you can still hold out for.",
                table.security, table.aspiration
            ),
        };
        c.reasons.push(line);
    }
    if let Some(x) = &c.propose {
        c.reasons.push(format!(
            "Offer {}: the package worth what you hold out for ({:.3}) at your trust.",
            narrate::package(sc, x),
            table.aspiration
        ));
    }
    if let Some(s) = c.signal {
        let what = match s {
            SignalKind::Reassure => "Reassure them: a conciliatory month.",
            SignalKind::Warn => "Warn them: a hard-line month.",
            SignalKind::Threaten => "Threaten them: a hard-line month, and alarm runs high.",
        };
        c.reasons.push(what.to_string());
    }
    c
}
