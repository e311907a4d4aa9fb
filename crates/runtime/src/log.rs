//! Tracing of a run: spans run > round > actor, one event per message, one equilibrium event.

use detente_model::narrate;
use detente_model::{Equilibrium, RoundRecord, Scenario};
use tracing::{Span, debug, info, info_span};

/// The span of a whole run.
pub fn run_span(scenario: &Scenario, seed: u64) -> Span {
    info_span!("run", scenario = %scenario.settings.name, seed)
}

/// Log one round: its events, then each actor's messages in canonical order.
pub fn round(sc: &Scenario, rec: &RoundRecord) {
    // Nothing below is wanted unless some subscriber takes info (the state events are at
    // debug, which is finer): a sweep, with none, skips the spans and the walk over the
    // round's messages.
    if !tracing::level_enabled!(tracing::Level::INFO) {
        return;
    }
    let span = info_span!("round", n = rec.round, date = %rec.date);
    let _round = span.enter();
    for ev in &rec.events {
        info!(
            target: "detente::event",
            id = %ev.id,
            happened = ev.happened,
            title = %ev.title,
            narrative = %ev.narrative,
            "event"
        );
    }
    let mut start = 0;
    while start < rec.messages.len() {
        let sender = rec.messages[start].from();
        let end = rec.messages[start..]
            .iter()
            .position(|m| m.from() != sender)
            .map_or(rec.messages.len(), |k| start + k);
        let actor = info_span!("actor", id = %sc.actor(sender).id);
        let _actor = actor.enter();
        for m in &rec.messages[start..end] {
            // Formatting the content is skipped when no subscriber wants message events.
            if tracing::enabled!(target: "detente::message", tracing::Level::INFO) {
                info!(
                    target: "detente::message",
                    id = %narrate::message_id(sc, &m.id),
                    // Absent when the message answers none (null to a reader, as in the result).
                    reply_to = m.reply_to.map(|r| narrate::message_id(sc, &r)),
                    round = rec.round,
                    date = %rec.date,
                    from = %sc.actor(m.from()).id,
                    to = %sc.actor(m.to).id,
                    kind = m.body.kind(),
                    content = %narrate::body(sc, &m.body),
                    "message"
                );
            }
        }
        start = end;
    }
    for (k, state) in rec.states.iter().enumerate() {
        debug!(
            target: "detente::state",
            actor = %sc.actors[k].id,
            active = state.active,
            paranoia = state.paranoia,
            aspiration = state.aspiration,
            tendency = state.tendency.map(|t| t.as_str()).unwrap_or(""),
            "state"
        );
    }
}

/// Log the equilibrium: the one event that ends every run; then, as numbers, each final
/// position (`detente::final`, "position") and each listed final trust ("trust").
pub fn equilibrium(sc: &Scenario, eq: &Equilibrium) {
    info!(
        target: "detente::equilibrium",
        reason = eq.reason.as_str(),
        round = eq.round,
        date = %eq.date,
        outcome = %eq.outcome,
        veto_trust = eq.veto_trust,
        message_count = eq.message_count,
        "equilibrium"
    );
    for (issue, x) in sc.issues.iter().zip(&eq.positions) {
        info!(target: "detente::final", issue = %issue.id, value = *x, "position");
    }
    for (a, b) in detente_model::record::listed_trust(sc, &eq.trust) {
        info!(
            target: "detente::final",
            from = %sc.actors[a].id,
            to = %sc.actors[b].id,
            value = eq.trust[a][detente_model::ActorId(b as u16)],
            "trust"
        );
    }
}
