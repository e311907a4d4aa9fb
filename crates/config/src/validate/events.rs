//! `[[events]]`: ids, dates within the run, probability, and each kind of effect.

use super::MAX_EVENTS;
use super::check::{Checker, Field, Names};
use crate::raw::{RawActor, RawEvent, RawIssueShift, RawOffer, RawRole};
use detente_model::{ActorId, Effect, Event, Issue, YearMonth};
use std::collections::BTreeSet;

/// What the events section needs from the sections before it.
pub(crate) struct Context<'c, 'r> {
    pub(crate) start: YearMonth,
    pub(crate) horizon: u32,
    pub(crate) issues: &'c [Issue],
    pub(crate) actors: &'c [RawActor],
    pub(crate) names: &'c Names<'r>,
}

impl Checker<'_> {
    /// The events, sorted by round (file order within a round), and every channel they
    /// open (for the reachability check).
    pub(crate) fn events(
        &mut self,
        raw: &[RawEvent],
        cx: &Context,
    ) -> (Vec<Event>, Vec<(ActorId, ActorId)>) {
        let ef = Field::root("events");
        if raw.len() > MAX_EVENTS {
            self.report(
                &ef,
                format!(
                    " has {} events; at most {MAX_EVENTS} are allowed",
                    raw.len()
                ),
            );
        }
        let mut events = Vec::with_capacity(raw.len());
        let mut ids = BTreeSet::new();
        let mut opened = Vec::new();
        for (k, re) in raw.iter().enumerate() {
            let f = ef.item(k, &re.id);
            if re.id.trim().is_empty() {
                self.report(&f.key("id"), " is empty; every event needs an id".into());
            } else if !ids.insert(re.id.as_str()) {
                self.report(
                    &f.key("id"),
                    format!(" = \"{}\" is a duplicate; event ids must be unique", re.id),
                );
            }
            let round = self.event_round(&f, re, cx);
            self.range(&f.key("probability"), re.probability, 0.0, 1.0);
            let mut effects = Vec::new();
            self.trust_effects(&f, re, cx, &mut effects);
            self.shift_effects(&f, re, cx, &mut effects);
            self.channel_effects(&f, re, cx, &mut effects, &mut opened);
            self.presence_effects(&f, re, cx, &mut effects);
            if let Some(offer) = &re.offer {
                self.offer(&f.key("offer"), offer, cx, &mut effects);
            }
            events.push(Event {
                id: re.id.clone(),
                title: re.title.clone().unwrap_or_else(|| re.id.replace('-', " ")),
                round,
                probability: re.probability.clamp(0.0, 1.0),
                narrative: re.narrative.clone(),
                effects,
            });
        }
        // Stable: events of one round keep file order.
        events.sort_by_key(|e| e.round);
        (events, opened)
    }

    /// The round of an event's date, which must fall within the run.
    fn event_round(&mut self, f: &Field, re: &RawEvent, cx: &Context) -> u32 {
        match re.date.parse::<YearMonth>() {
            Ok(d) => {
                let r = cx.start.months_until(d);
                if r < 0 || r >= cx.horizon as i64 {
                    self.report(
                        &f.key("date"),
                        format!(
                            " = \"{}\" is outside the run; allowed: {} to {}",
                            re.date,
                            cx.start,
                            cx.start.plus(cx.horizon - 1)
                        ),
                    );
                }
                r.clamp(0, cx.horizon as i64 - 1) as u32
            }
            Err(e) => {
                self.report(&f.key("date"), format!(": {e}"));
                0
            }
        }
    }

    /// `trust = [{ from, to, delta }]`.
    fn trust_effects(&mut self, f: &Field, re: &RawEvent, cx: &Context, out: &mut Vec<Effect>) {
        for (i, t) in re.trust.iter().enumerate() {
            let tf = f.key("trust").index(i);
            let from = self.actor_ref(&tf.key("from"), &t.from, &cx.names.actors);
            let to = self.actor_ref(&tf.key("to"), &t.to, &cx.names.actors);
            if from.is_some() && from == to {
                self.report(
                    &tf.key("to"),
                    format!(
                        " = \"{}\" is the same actor as `from`; trust in oneself is not modelled",
                        t.to
                    ),
                );
            } else if self.range(&tf.key("delta"), t.delta, -1.0, 1.0)
                && let (Some(from), Some(to)) = (from, to)
            {
                out.push(Effect::Trust {
                    from,
                    to,
                    delta: t.delta,
                });
            }
        }
    }

    /// `paranoia`, `ideal` and `salience` shifts.
    fn shift_effects(&mut self, f: &Field, re: &RawEvent, cx: &Context, out: &mut Vec<Effect>) {
        for (i, p) in re.paranoia.iter().enumerate() {
            let pf = f.key("paranoia").index(i);
            let actor = self.actor_ref(&pf.key("actor"), &p.actor, &cx.names.actors);
            if self.range(&pf.key("delta"), p.delta, -1.0, 1.0)
                && let Some(actor) = actor
            {
                out.push(Effect::Paranoia {
                    actor,
                    delta: p.delta,
                });
            }
        }
        for (key, list) in [("ideal", &re.ideal), ("salience", &re.salience)] {
            for (i, shift) in list.iter().enumerate() {
                if let Some(e) = self.issue_shift(&f.key(key).index(i), key, shift, cx) {
                    out.push(e);
                }
            }
        }
    }

    /// One shift of an actor's ideal (by at most the issue's span) or salience (by at
    /// most 1) on one issue.
    fn issue_shift(
        &mut self,
        xf: &Field,
        key: &str,
        shift: &RawIssueShift,
        cx: &Context,
    ) -> Option<Effect> {
        let actor = self.actor_ref(&xf.key("actor"), &shift.actor, &cx.names.actors);
        let issue = self.issue_ref(&xf.key("issue"), &shift.issue, &cx.names.issues);
        let span = issue.map_or(1.0, |i| cx.issues[i].range());
        let limit = if key == "ideal" { span } else { 1.0 };
        if !self.range(&xf.key("delta"), shift.delta, -limit, limit) {
            return None;
        }
        let (actor, issue) = (actor?, issue?);
        let delta = shift.delta;
        Some(if key == "ideal" {
            Effect::Ideal {
                actor,
                issue,
                delta,
            }
        } else {
            Effect::Salience {
                actor,
                issue,
                delta,
            }
        })
    }

    /// `open` and `close`: channels between two actors.
    fn channel_effects(
        &mut self,
        f: &Field,
        re: &RawEvent,
        cx: &Context,
        out: &mut Vec<Effect>,
        opened: &mut Vec<(ActorId, ActorId)>,
    ) {
        for (key, list) in [("open", &re.open), ("close", &re.close)] {
            for (i, names) in list.iter().enumerate() {
                if let Some((a, b)) = self.pair(&f.key(key).index(i), names, cx.names) {
                    if key == "open" {
                        opened.push((a, b));
                        out.push(Effect::Open { a, b });
                    } else {
                        out.push(Effect::Close { a, b });
                    }
                }
            }
        }
    }

    /// `remove` and `add`: actors leaving or entering the negotiation.
    fn presence_effects(&mut self, f: &Field, re: &RawEvent, cx: &Context, out: &mut Vec<Effect>) {
        for (key, list) in [("remove", &re.remove), ("add", &re.add)] {
            for (i, name) in list.iter().enumerate() {
                if let Some(actor) = self.actor_ref(&f.key(key).index(i), name, &cx.names.actors) {
                    out.push(if key == "remove" {
                        Effect::Remove { actor }
                    } else {
                        Effect::Add { actor }
                    });
                }
            }
        }
    }

    /// An offer put on the table by a principal or an envoy.
    fn offer(&mut self, of: &Field, offer: &RawOffer, cx: &Context, out: &mut Vec<Effect>) {
        let Some(from) = self.actor_ref(&of.key("from"), &offer.from, &cx.names.actors) else {
            return;
        };
        let mut positions = vec![None; cx.issues.len()];
        for (name, x) in &offer.positions {
            let pf = of.key("positions").key(name);
            if let Some(i) = self.issue_ref(&pf, name, &cx.names.issues)
                && self.range(&pf, *x, cx.issues[i].min, cx.issues[i].max)
            {
                positions[i] = Some(*x);
            }
        }
        if cx.actors[from.index()].role == RawRole::Adviser {
            self.report(
                &of.key("from"),
                format!(
                    " = \"{}\" is an adviser; only principals and envoys make offers",
                    offer.from
                ),
            );
        }
        out.push(Effect::Offer { from, positions });
    }
}
