//! The levers a page shows as sliders: each veto principal's paranoia, the starting trust
//! between veto principals, and each event's probability, each with its `--set` key.

use detente_config::fields::NumericField;
use detente_model::Scenario;
use serde::Serialize;

/// One slider.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Lever {
    /// The `--set` key it changes.
    pub key: String,
    /// What it is, in words.
    pub label: String,
    /// `paranoia`, `trust` or `events`.
    pub group: &'static str,
    /// The scenario's own value.
    pub value: f64,
    /// Lowest value allowed.
    pub min: f64,
    /// Highest value allowed.
    pub max: f64,
}

/// The levers of `sc`, from its numeric fields (`detente_config::numeric_fields`), in
/// the order: paranoia, trust, events. Every one ranges over all it is allowed (0 to 1).
pub fn levers(sc: &Scenario, fields: &[NumericField]) -> Vec<Lever> {
    let value = |key: &str| fields.iter().find(|f| f.key == key).map(|f| f.value);
    let name = |id: detente_model::ActorId| sc.actor(id).name.clone();
    let key_of = |id: detente_model::ActorId| sc.actor(id).id.clone();
    let mut out = Vec::new();
    let lever = |key: String, label: String, group, value| Lever {
        key,
        label,
        group,
        value,
        min: 0.0,
        max: 1.0,
    };
    for &p in &sc.settings.veto {
        let key = format!("actors.{}.paranoia", key_of(p));
        if let Some(v) = value(&key) {
            out.push(lever(key, format!("{}'s paranoia", name(p)), "paranoia", v));
        }
    }
    for &p in &sc.settings.veto {
        for &q in sc.settings.veto.iter().filter(|&&q| q != p) {
            let key = format!("actors.{}.trust.{}", key_of(p), key_of(q));
            if let Some(v) = value(&key) {
                let label = format!("{}'s trust in {}", name(p), name(q));
                out.push(lever(key, label, "trust", v));
            }
        }
    }
    for e in &sc.events {
        let key = format!("events.{}.probability", e.id);
        if let Some(v) = value(&key) {
            let label = format!("{}: {}", sc.date(e.round), e.title);
            out.push(lever(key, label, "events", v));
        }
    }
    out
}
