//! The numeric fields of a scenario that a sensitivity analysis can vary, each with the
//! `--set` key that changes it and a default range around its value.
//!
//! The rule for the default range (docs/sensitivity.md repeats it):
//! - a bounded field, allowed from a to b: its value ± a fifth of (b - a), kept within
//!   [a, b] (trust, paranoia, walkout, abrasiveness, influence and an event's probability
//!   ± 0.2; learning ± 2; an ideal or an offered position ± a fifth of the issue's span);
//! - a strategy's exponent e: from half to twice its value, within its kind's range;
//! - an event's shift (of trust, paranoia, an ideal or a salience): from none to twice
//!   as large.
//!
//! Left out: weights that must sum to 1 (salience, tendency), integers (horizon, deadline,
//! stable rounds, seeds), the numerical tolerance epsilon, the issues and outcome labels
//! (they define the question rather than the world), and fields whose range would be a
//! single value (a shift of 0).

use crate::raw::{
    RawActor, RawActorShift, RawEvent, RawIssue, RawIssueShift, RawScenario, RawSettings,
    RawStrategy, RawStrategyKind, RawTrustShift,
};

/// One field and the range a sensitivity analysis varies it over.
#[derive(Clone, Debug, PartialEq)]
pub struct NumericField {
    /// The `--set` key, e.g. `actors.stalin.paranoia` or `events.fulton.trust.0.delta`.
    pub key: String,
    /// What it is, in words, when the key alone does not say (an event's shift).
    pub about: String,
    /// Its value in the scenario.
    pub value: f64,
    /// Low end of the default range.
    pub lo: f64,
    /// High end.
    pub hi: f64,
}

/// Every field the rule covers, in file order: settings, actors, events.
pub fn numeric_fields(raw: &RawScenario) -> Vec<NumericField> {
    let mut out = Fields(Vec::new());
    settings(&mut out, &raw.scenario);
    for a in &raw.actors {
        actor(&mut out, a, &raw.issues);
    }
    for e in &raw.events {
        event(&mut out, e, &raw.issues);
    }
    out.0
}

struct Fields(Vec<NumericField>);

impl Fields {
    fn push(&mut self, key: String, about: String, value: f64, lo: f64, hi: f64) {
        if lo < hi && value.is_finite() {
            self.0.push(NumericField {
                key,
                about,
                value,
                lo,
                hi,
            });
        }
    }

    /// A field allowed in [a, b]: its value ± a fifth of the span, within [a, b].
    fn bounded(&mut self, key: String, value: f64, a: f64, b: f64) {
        let w = 0.2 * (b - a);
        let (lo, hi) = ((value - w).max(a), (value + w).min(b));
        self.push(key, String::new(), value, lo, hi);
    }

    /// A shift: from none to twice the written one, within [-limit, limit].
    fn shift(&mut self, key: String, about: String, delta: f64, limit: f64) {
        let double = (2.0 * delta).clamp(-limit, limit);
        self.push(key, about, delta, double.min(0.0), double.max(0.0));
    }
}

fn issue_span(issues: &[RawIssue], id: &str) -> Option<(f64, f64)> {
    issues.iter().find(|i| i.id == id).map(|i| (i.min, i.max))
}

fn settings(out: &mut Fields, s: &RawSettings) {
    // Named one by one (no `..`), so that a new setting must be placed here or left out
    // on purpose.
    let RawSettings {
        name: _,
        title: _,
        start: _,
        horizon: _,
        deadline: _,
        seed: _,
        stable_rounds: _,
        epsilon: _,
        noise,
        betrayal_cost,
        veto: _,
    } = s;
    out.bounded("scenario.noise".into(), *noise, 0.0, 1.0);
    out.bounded("scenario.betrayal_cost".into(), *betrayal_cost, 0.0, 1.0);
}

fn actor(out: &mut Fields, a: &RawActor, issues: &[RawIssue]) {
    let RawActor {
        id,
        name: _,
        bloc: _,
        side: _,
        role: _,
        principal: _,
        ideal,
        salience: _,
        strategy,
        trust,
        trust_default,
        paranoia,
        walkout,
        learning,
        abrasiveness,
        influence,
        tendency: _,
        active: _,
    } = a;
    let key = |field: &str| format!("actors.{id}.{field}");
    for (issue, x) in ideal {
        if let Some((min, max)) = issue_span(issues, issue) {
            out.bounded(key(&format!("ideal.{issue}")), *x, min, max);
        }
    }
    let RawStrategy { kind, e, k } = strategy;
    match kind {
        RawStrategyKind::Boulware => {
            let e = e.unwrap_or(0.2);
            let about = String::new();
            out.push(
                key("strategy.e"),
                about,
                e,
                (e / 2.0).max(0.01),
                (2.0 * e).min(0.99),
            );
        }
        RawStrategyKind::Conceder => {
            let e = e.unwrap_or(2.0);
            let about = String::new();
            out.push(
                key("strategy.e"),
                about,
                e,
                (e / 2.0).max(1.01),
                (2.0 * e).min(100.0),
            );
        }
        RawStrategyKind::Linear | RawStrategyKind::Reciprocal => {}
    }
    if *kind != RawStrategyKind::Reciprocal {
        out.bounded(key("strategy.k"), *k, 0.0, 0.99);
    }
    for (other, t) in trust {
        out.bounded(key(&format!("trust.{other}")), *t, 0.0, 1.0);
    }
    out.bounded(key("trust_default"), *trust_default, 0.0, 1.0);
    out.bounded(key("paranoia"), *paranoia, 0.0, 1.0);
    out.bounded(key("walkout"), *walkout, 0.0, 1.0);
    out.bounded(key("learning"), *learning, 0.0, 10.0);
    out.bounded(key("abrasiveness"), *abrasiveness, 0.0, 1.0);
    out.bounded(key("influence"), *influence, 0.0, 1.0);
}

fn event(out: &mut Fields, e: &RawEvent, issues: &[RawIssue]) {
    let RawEvent {
        id,
        date: _,
        title: _,
        probability,
        narrative: _,
        trust,
        paranoia,
        ideal,
        salience,
        open: _,
        close: _,
        remove: _,
        add: _,
        offer,
    } = e;
    let key = |field: String| format!("events.{id}.{field}");
    out.bounded(key("probability".into()), *probability, 0.0, 1.0);
    for (i, RawTrustShift { from, to, delta }) in trust.iter().enumerate() {
        let about = format!("{from}'s trust in {to}");
        out.shift(key(format!("trust.{i}.delta")), about, *delta, 1.0);
    }
    for (i, RawActorShift { actor, delta }) in paranoia.iter().enumerate() {
        let about = format!("{actor}'s paranoia");
        out.shift(key(format!("paranoia.{i}.delta")), about, *delta, 1.0);
    }
    for (list, name) in [(ideal, "ideal"), (salience, "salience")] {
        for (
            i,
            RawIssueShift {
                actor,
                issue,
                delta,
            },
        ) in list.iter().enumerate()
        {
            let limit = match name {
                "ideal" => issue_span(issues, issue).map_or(0.0, |(a, b)| b - a),
                _ => 1.0,
            };
            let about = format!("{actor}'s {name} on {issue}");
            out.shift(key(format!("{name}.{i}.delta")), about, *delta, limit);
        }
    }
    if let Some(offer) = offer {
        for (issue, x) in &offer.positions {
            if let Some((min, max)) = issue_span(issues, issue) {
                out.bounded(key(format!("offer.positions.{issue}")), *x, min, max);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{ScenarioRef, builtin, load_ref, numeric_fields};

    #[test]
    fn every_default_range_is_valid_at_both_ends_in_every_builtin() {
        for (name, _) in builtin::BUILTINS {
            let r = ScenarioRef::Builtin(name.to_string());
            let fields = numeric_fields(&r, &[]).unwrap();
            assert!(fields.len() >= 20, "{name}: {} fields", fields.len());
            let mut keys: Vec<&str> = fields.iter().map(|f| f.key.as_str()).collect();
            keys.sort_unstable();
            keys.dedup();
            assert_eq!(keys.len(), fields.len(), "{name}: keys are unique");
            for f in &fields {
                assert!(f.lo < f.hi && f.lo <= f.value && f.value <= f.hi, "{f:?}");
            }
            // A design moves every field at once: all low, all high, and alternating.
            for corner in 0..3 {
                let sets: Vec<String> = fields
                    .iter()
                    .enumerate()
                    .map(|(k, f)| {
                        let high = corner == 1 || (corner == 2 && k % 2 == 0);
                        format!("{}={}", f.key, if high { f.hi } else { f.lo })
                    })
                    .collect();
                let sc = load_ref(&r, &sets);
                assert!(sc.is_ok(), "{name}, corner {corner}: {}", sc.unwrap_err());
            }
        }
    }

    #[test]
    fn event_shifts_range_from_none_to_double_and_name_what_they_shift() {
        let text = r#"
[scenario]
name = "x"
title = "x"
start = "1945-05"
veto = ["a", "b"]
[[issues]]
id = "i"
min = 0.0
max = 10.0
status_quo = 0.0
[[actors]]
id = "a"
bloc = "p"
role = "principal"
ideal = { i = 9.5 }
salience = { i = 1.0 }
strategy = { kind = "conceder", e = 80.0 }
paranoia = 0.1
[[actors]]
id = "b"
bloc = "q"
role = "principal"
ideal = { i = 1.0 }
salience = { i = 1.0 }
strategy = { kind = "reciprocal" }
paranoia = 0.5
[[channels]]
between = ["a", "b"]
[[events]]
id = "e"
date = "1945-06"
probability = 0.5
trust = [{ from = "a", to = "b", delta = -0.7 }, { from = "b", to = "a", delta = 0.0 }]
"#;
        let r = ScenarioRef::Text {
            name: "x.toml".into(),
            text: text.into(),
        };
        let fields = numeric_fields(&r, &[]).unwrap();
        let get = |k: &str| fields.iter().find(|f| f.key == k);
        let t = get("events.e.trust.0.delta").unwrap();
        assert_eq!(
            (t.lo, t.hi, t.about.as_str()),
            (-1.0, 0.0, "a's trust in b")
        );
        assert!(
            get("events.e.trust.1.delta").is_none(),
            "a shift of 0 has no range"
        );
        let p = get("events.e.probability").unwrap();
        assert!((p.lo - 0.3).abs() < 1e-12 && (p.hi - 0.7).abs() < 1e-12);
        let ideal = get("actors.a.ideal.i").unwrap();
        assert!((ideal.lo - 7.5).abs() < 1e-12 && ideal.hi == 10.0);
        let e = get("actors.a.strategy.e").unwrap();
        assert_eq!((e.lo, e.hi), (40.0, 100.0));
        assert!(get("actors.b.strategy.e").is_none() && get("actors.b.strategy.k").is_none());
        assert!(get("actors.a.paranoia").is_some_and(|f| f.lo == 0.0));
        assert!(fields.iter().all(|f| !f.key.contains("salience")));
    }
}
