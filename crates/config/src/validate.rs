//! Validation of a raw scenario into the model's types, collecting every problem found.

use crate::error::Problem;
use crate::locate::{Seg, show_path};
use crate::raw::*;
use crate::source::Sources;
use detente_model::{
    ActorId, ActorSpec, Channel, Effect, Event, Issue, OutcomeLabel, Role, Scenario, Settings,
    Strategy, StrategyKind, TendencyMix, Waypoint, YearMonth,
};
use std::collections::{BTreeMap, BTreeSet};

/// Most actors a scenario may have (a sanity limit on user input).
pub const MAX_ACTORS: usize = 10_000;
/// Most issues a scenario may have.
pub const MAX_ISSUES: usize = 64;
/// Most events a scenario may have.
pub const MAX_EVENTS: usize = 10_000;
/// Longest horizon, in months.
pub const MAX_HORIZON: i64 = 1200;

/// A path into the scenario, shown as users write it.
#[derive(Clone)]
struct Field {
    segs: Vec<Seg>,
}

impl Field {
    fn root(key: &str) -> Self {
        Self {
            segs: vec![Seg::Key(key.into())],
        }
    }
    /// An element of an array of tables, named by its id.
    fn item(&self, index: usize, id: &str) -> Self {
        let mut segs = self.segs.clone();
        segs.push(Seg::Item {
            index,
            id: Some(id.to_string()),
        });
        Self { segs }
    }
    /// An element of a plain array.
    fn index(&self, index: usize) -> Self {
        let mut segs = self.segs.clone();
        segs.push(Seg::Item { index, id: None });
        Self { segs }
    }
    fn key(&self, key: &str) -> Self {
        let mut segs = self.segs.clone();
        segs.push(Seg::Key(key.into()));
        Self { segs }
    }
}

struct Checker<'a> {
    sources: &'a Sources,
    problems: Vec<Problem>,
}

fn show(x: f64) -> String {
    if x.is_nan() {
        "nan".into()
    } else {
        format!("{x}")
    }
}

/// The nearest of `names` to `wrong`, if any is close.
pub fn nearest<'n>(wrong: &str, names: impl IntoIterator<Item = &'n str>) -> Option<&'n str> {
    let names: Vec<&str> = names.into_iter().collect();
    let close = names
        .iter()
        .map(|n| (strsim::damerau_levenshtein(wrong, n), *n))
        // Close, but not a rewrite of the whole word (`x` is not a typo of `e`).
        .filter(|(d, n)| *d <= 2.max(n.len() / 3) && *d < wrong.chars().count())
        .min()
        .map(|(_, n)| n);
    // Failing that, a unique name it begins: `fulton` for `fulton-speech`.
    close.or_else(|| {
        let mut starts = names
            .iter()
            .filter(|n| wrong.chars().count() >= 3 && n.starts_with(wrong));
        match (starts.next(), starts.next()) {
            (Some(n), None) => Some(*n),
            _ => None,
        }
    })
}

impl<'a> Checker<'a> {
    fn report(&mut self, at: &Field, message: String) {
        let message = format!("{}{}", show_path(&at.segs), message);
        self.problems.push(self.sources.problem(&at.segs, message));
    }

    /// A finite number in [lo, hi].
    fn range(&mut self, at: &Field, x: f64, lo: f64, hi: f64) -> bool {
        if x.is_finite() && x >= lo && x <= hi {
            return true;
        }
        let what = if x.is_finite() {
            "is out of range"
        } else {
            "is not a finite number"
        };
        self.report(
            at,
            format!(
                " = {} {what}; allowed: {} to {}",
                show(x),
                show(lo),
                show(hi)
            ),
        );
        false
    }

    /// A reference to an actor by id.
    fn actor_ref(
        &mut self,
        at: &Field,
        name: &str,
        actors: &BTreeMap<&str, ActorId>,
    ) -> Option<ActorId> {
        if let Some(id) = actors.get(name) {
            return Some(*id);
        }
        let hint = nearest(name, actors.keys().copied())
            .map(|n| format!(" (did you mean \"{n}\"?)"))
            .unwrap_or_default();
        let known: Vec<&str> = actors.keys().copied().collect();
        self.report(
            at,
            format!(
                " = \"{name}\" is not an actor of this scenario{hint}; known actors: {}",
                known.join(", ")
            ),
        );
        None
    }

    /// A reference to an issue by id.
    fn issue_ref(
        &mut self,
        at: &Field,
        name: &str,
        issues: &BTreeMap<&str, usize>,
    ) -> Option<usize> {
        if let Some(i) = issues.get(name) {
            return Some(*i);
        }
        let hint = nearest(name, issues.keys().copied())
            .map(|n| format!(" (did you mean \"{n}\"?)"))
            .unwrap_or_default();
        let known: Vec<&str> = issues.keys().copied().collect();
        self.report(
            at,
            format!(
                " = \"{name}\" is not an issue of this scenario{hint}; known issues: {}",
                known.join(", ")
            ),
        );
        None
    }

    /// A per-issue table: every issue present, no unknown keys, values in range.
    fn per_issue(
        &mut self,
        at: &Field,
        table: &BTreeMap<String, f64>,
        issues: &[Issue],
        index: &BTreeMap<&str, usize>,
        range: impl Fn(&Issue) -> (f64, f64),
    ) -> Vec<f64> {
        let mut out = vec![f64::NAN; issues.len()];
        // An unknown key is usually a misspelt issue: report the typo, not also the gap.
        let misspelt: Vec<&str> = table
            .keys()
            .filter(|k| !index.contains_key(k.as_str()))
            .filter_map(|k| nearest(k, index.keys().copied()))
            .collect();
        for (k, v) in table {
            if let Some(i) = self.issue_ref(&at.key(k), k, index) {
                let (lo, hi) = range(&issues[i]);
                if self.range(&at.key(k), *v, lo, hi) {
                    out[i] = *v;
                }
            }
        }
        for (i, issue) in issues.iter().enumerate() {
            if !table.contains_key(&issue.id) && misspelt.contains(&issue.id.as_str()) {
                out[i] = issue.min;
            } else if !table.contains_key(&issue.id) {
                self.report(
                    at,
                    format!(
                        ": no value for issue \"{}\"; every issue needs one",
                        issue.id
                    ),
                );
                out[i] = issue.min;
            } else if out[i].is_nan() {
                out[i] = issue.min;
            }
        }
        out
    }
}

/// Validate a parsed scenario; `sources` locate each problem where it was written.
pub fn validate(raw: &RawScenario, sources: &Sources) -> Result<Scenario, Vec<Problem>> {
    let mut c = Checker {
        sources,
        problems: Vec::new(),
    };

    // Settings.
    let s = &raw.scenario;
    let sf = Field::root("scenario");
    if s.name.trim().is_empty() {
        c.report(
            &sf.key("name"),
            " is empty; give the scenario a short name".into(),
        );
    }
    let start = match s.start.parse::<YearMonth>() {
        Ok(d) => d,
        Err(e) => {
            c.report(&sf.key("start"), format!(": {e}"));
            YearMonth {
                year: 1945,
                month: 5,
            }
        }
    };
    if !(1..=MAX_HORIZON).contains(&s.horizon) {
        c.report(
            &sf.key("horizon"),
            format!(
                " = {} is out of range; allowed: 1 to {MAX_HORIZON} (months)",
                s.horizon
            ),
        );
    }
    let horizon = s.horizon.clamp(1, MAX_HORIZON) as u32;
    if !(1..=MAX_HORIZON).contains(&s.deadline) {
        c.report(
            &sf.key("deadline"),
            format!(
                " = {} is out of range; allowed: 1 to {MAX_HORIZON} (months)",
                s.deadline
            ),
        );
    }
    if !(1..=1000).contains(&s.stable_rounds) {
        c.report(
            &sf.key("stable_rounds"),
            format!(" = {} is out of range; allowed: 1 to 1000", s.stable_rounds),
        );
    }
    c.range(&sf.key("epsilon"), s.epsilon, 0.0, 1.0);
    c.range(&sf.key("betrayal_cost"), s.betrayal_cost, 0.0, 1.0);
    c.range(&sf.key("noise"), s.noise, 0.0, 1.0);

    // Issues.
    let mut issues = Vec::new();
    let mut issue_index: BTreeMap<&str, usize> = BTreeMap::new();
    let isf = Field::root("issues");
    if raw.issues.is_empty() {
        c.report(
            &isf,
            " is empty; a scenario needs at least one [[issues]] table".into(),
        );
    }
    if raw.issues.len() > MAX_ISSUES {
        c.report(
            &isf,
            format!(
                " has {} issues; at most {MAX_ISSUES} are allowed",
                raw.issues.len()
            ),
        );
    }
    for (k, ri) in raw.issues.iter().enumerate() {
        let f = isf.item(k, &ri.id);
        if ri.id.trim().is_empty() {
            c.report(&f.key("id"), " is empty; every issue needs an id".into());
        } else if issue_index.insert(&ri.id, k).is_some() {
            c.report(
                &f.key("id"),
                format!(" = \"{}\" is a duplicate; issue ids must be unique", ri.id),
            );
        }
        let ok_bounds =
            c.range(&f.key("min"), ri.min, -1e9, 1e9) & c.range(&f.key("max"), ri.max, -1e9, 1e9);
        let (min, max) = if ok_bounds && ri.min < ri.max {
            (ri.min, ri.max)
        } else {
            if ok_bounds {
                c.report(
                    &f.key("max"),
                    format!(
                        " = {} must be greater than min = {}",
                        show(ri.max),
                        show(ri.min)
                    ),
                );
            }
            (0.0, 1.0)
        };
        c.range(&f.key("status_quo"), ri.status_quo, min, max);
        let mut waypoints = Vec::new();
        for (w, rw) in ri.waypoints.iter().enumerate() {
            if c.range(&f.key("waypoints").index(w).key("at"), rw.at, min, max) {
                waypoints.push(Waypoint {
                    at: rw.at,
                    label: rw.label.clone(),
                });
            }
        }
        waypoints.sort_by(|a, b| a.at.total_cmp(&b.at));
        let format = ri.format.clone().unwrap_or_else(|| "{}".into());
        if !format.contains("{}") {
            c.report(
                &f.key("format"),
                format!(" = \"{format}\" has no {{}} where the number goes, e.g. \"${{}}B\""),
            );
        }
        issues.push(Issue {
            id: ri.id.clone(),
            name: ri.name.clone().unwrap_or_else(|| capitalise(&ri.id)),
            min,
            max,
            status_quo: ri.status_quo.clamp(min, max),
            format,
            waypoints,
        });
    }

    // Actor ids first, so that references can be checked in any order.
    let af = Field::root("actors");
    let mut actor_index: BTreeMap<&str, ActorId> = BTreeMap::new();
    if raw.actors.len() < 2 {
        c.report(
            &af,
            format!(
                " has {} actor(s); a negotiation needs at least two",
                raw.actors.len()
            ),
        );
    }
    if raw.actors.len() > MAX_ACTORS {
        c.report(
            &af,
            format!(
                " has {} actors; at most {MAX_ACTORS} are allowed",
                raw.actors.len()
            ),
        );
    }
    for (k, ra) in raw.actors.iter().enumerate() {
        let f = af.item(k, &ra.id);
        if ra.id.trim().is_empty() {
            c.report(&f.key("id"), " is empty; every actor needs an id".into());
        } else if actor_index.insert(&ra.id, ActorId(k as u16)).is_some() {
            c.report(
                &f.key("id"),
                format!(" = \"{}\" is a duplicate; actor ids must be unique", ra.id),
            );
        }
    }

    let mut actors = Vec::new();
    for (k, ra) in raw.actors.iter().enumerate() {
        let f = af.item(k, &ra.id);
        let role = match ra.role {
            RawRole::Principal => Role::Principal,
            RawRole::Envoy => Role::Envoy,
            RawRole::Adviser => Role::Adviser,
        };
        if ra.bloc.trim().is_empty() {
            c.report(
                &f.key("bloc"),
                " is empty; every actor belongs to a bloc (e.g. \"ussr\")".into(),
            );
        }
        let principal = match (&ra.principal, role) {
            (None, Role::Principal) => None,
            (Some(_), Role::Principal) => {
                c.report(&f.key("principal"), " is set, but a principal has no principal; remove it or make the actor an envoy or adviser".into());
                None
            }
            (None, _) => {
                c.report(
                    &f,
                    format!(
                        ": an {} needs a `principal` (the actor it works for)",
                        role.as_str()
                    ),
                );
                None
            }
            (Some(p), _) => {
                let id = c.actor_ref(&f.key("principal"), p, &actor_index);
                if let Some(id) = id {
                    let target = &raw.actors[id.index()];
                    if target.role != RawRole::Principal {
                        let role = match target.role {
                            RawRole::Principal => "principal",
                            RawRole::Envoy => "envoy",
                            RawRole::Adviser => "adviser",
                        };
                        c.report(
                            &f.key("principal"),
                            format!(" = \"{p}\" is not a principal (it is an {role}); envoys and advisers work for a principal"),
                        );
                    }
                }
                id
            }
        };
        let ideal = c.per_issue(&f.key("ideal"), &ra.ideal, &issues, &issue_index, |i| {
            (i.min, i.max)
        });
        let salience = c.per_issue(
            &f.key("salience"),
            &ra.salience,
            &issues,
            &issue_index,
            |_| (0.0, 1.0),
        );
        let total: f64 = ra.salience.values().sum();
        if ra.salience.values().all(|w| w.is_finite())
            && (total - 1.0).abs() > 1e-3
            && !issues.is_empty()
        {
            c.report(
                &f.key("salience"),
                format!(
                    " sums to {}; the weights must sum to 1",
                    show((total * 1e6).round() / 1e6)
                ),
            );
        }
        let sf = f.key("strategy");
        let kind = match ra.strategy.kind {
            RawStrategyKind::Boulware => StrategyKind::Boulware,
            RawStrategyKind::Conceder => StrategyKind::Conceder,
            RawStrategyKind::Linear => StrategyKind::Linear,
            RawStrategyKind::Reciprocal => StrategyKind::Reciprocal,
        };
        let e = match (kind, ra.strategy.e) {
            (StrategyKind::Boulware, None) => 0.2,
            (StrategyKind::Conceder, None) => 2.0,
            (_, None) => 1.0,
            (StrategyKind::Boulware, Some(e)) => {
                if c.range(&sf.key("e"), e, 0.01, 1.0) && e >= 1.0 {
                    c.report(
                        &sf.key("e"),
                        format!(
                            " = {} is not Boulware; a Boulware e is below 1 (use linear for 1)",
                            show(e)
                        ),
                    );
                }
                e
            }
            (StrategyKind::Conceder, Some(e)) => {
                if c.range(&sf.key("e"), e, 1.0, 100.0) && e <= 1.0 {
                    c.report(
                        &sf.key("e"),
                        " = 1 is not Conceder; a Conceder e is above 1 (use linear for 1)".into(),
                    );
                }
                e
            }
            (StrategyKind::Linear, Some(e)) => {
                c.range(&sf.key("e"), e, 1.0, 1.0);
                1.0
            }
            (StrategyKind::Reciprocal, Some(_)) => {
                c.report(&sf.key("e"), " is set, but a reciprocal strategy has no exponent: it matches the counterpart's concessions; remove it".into());
                1.0
            }
        };
        if kind == StrategyKind::Reciprocal && ra.strategy.k != 0.0 {
            c.report(
                &sf.key("k"),
                " is set, but a reciprocal strategy has no initial concession; remove it".into(),
            );
        } else {
            c.range(&sf.key("k"), ra.strategy.k, 0.0, 0.99);
        }
        c.range(&f.key("trust_default"), ra.trust_default, 0.0, 1.0);
        let mut trust = detente_model::trust::TrustMap::new(ra.trust_default.clamp(0.0, 1.0));
        for (other, t) in &ra.trust {
            let tf = f.key("trust").key(other);
            if let Some(j) = c.actor_ref(&tf, other, &actor_index) {
                if j.index() == k {
                    c.report(&tf, " is the actor's trust in itself; leave it out".into());
                } else if c.range(&tf, *t, 0.0, 1.0) {
                    trust.set(j, *t);
                }
            }
        }
        c.range(&f.key("paranoia"), ra.paranoia, 0.0, 1.0);
        c.range(&f.key("walkout"), ra.walkout, 0.0, 1.0);
        c.range(&f.key("learning"), ra.learning, 0.0, 10.0);
        c.range(&f.key("abrasiveness"), ra.abrasiveness, 0.0, 1.0);
        c.range(&f.key("influence"), ra.influence, 0.0, 1.0);
        let tendency = ra.tendency.as_ref().map(|t| {
            let tf = f.key("tendency");
            let ok = c.range(&tf.key("softie"), t.softie, 0.0, 1.0)
                & c.range(&tf.key("conservative"), t.conservative, 0.0, 1.0)
                & c.range(&tf.key("doctrinaire"), t.doctrinaire, 0.0, 1.0);
            let sum = t.softie + t.conservative + t.doctrinaire;
            if ok && (sum - 1.0).abs() > 1e-3 {
                c.report(
                    &tf,
                    format!(
                        " sums to {}; softie + conservative + doctrinaire must be 1",
                        show((sum * 1e6).round() / 1e6)
                    ),
                );
            }
            TendencyMix {
                softie: t.softie,
                conservative: t.conservative,
                doctrinaire: t.doctrinaire,
            }
        });
        actors.push(ActorSpec {
            id: ra.id.clone(),
            name: ra.name.clone().unwrap_or_else(|| capitalise(&ra.id)),
            bloc: ra.bloc.clone(),
            side: ra.side.clone().unwrap_or_else(|| ra.bloc.clone()),
            role,
            principal,
            ideal,
            salience,
            strategy: Strategy {
                kind,
                e,
                k: ra.strategy.k.clamp(0.0, 0.99),
            },
            trust,
            paranoia: ra.paranoia.clamp(0.0, 1.0),
            walkout: ra.walkout.clamp(0.0, 1.0),
            learning: ra.learning.clamp(0.0, 10.0),
            abrasiveness: ra.abrasiveness.clamp(0.0, 1.0),
            influence: ra.influence.clamp(0.0, 1.0),
            tendency,
            active: ra.active,
        });
    }

    // Veto principals.
    let mut veto = Vec::new();
    if s.veto.is_empty() {
        c.report(
            &sf.key("veto"),
            " is empty; name at least one principal whose acceptance a settlement needs".into(),
        );
    }
    for (k, v) in s.veto.iter().enumerate() {
        let vf = sf.key("veto").index(k);
        if let Some(id) = c.actor_ref(&vf, v, &actor_index) {
            if raw.actors[id.index()].role != RawRole::Principal {
                c.report(
                    &vf,
                    format!(" = \"{v}\" is not a principal; only principals hold a veto"),
                );
            } else if veto.contains(&id) {
                c.report(&vf, format!(" = \"{v}\" is listed twice"));
            } else {
                veto.push(id);
            }
        }
    }

    // Channels.
    let cf = Field::root("channels");
    let mut channels = Vec::new();
    let pair = |c: &mut Checker, at: &Field, names: &[String]| -> Option<(ActorId, ActorId)> {
        if names.len() != 2 {
            c.report(at, format!(" names {} actor(s); a channel joins exactly two actors, e.g. [\"molotov\", \"truman\"]", names.len()));
            return None;
        }
        let a = c.actor_ref(&at.index(0), &names[0], &actor_index);
        let b = c.actor_ref(&at.index(1), &names[1], &actor_index);
        match (a, b) {
            (Some(a), Some(b)) if a == b => {
                c.report(at, format!(" joins \"{}\" to itself", names[0]));
                None
            }
            (Some(a), Some(b)) => Some((a, b)),
            _ => None,
        }
    };
    for (k, rc) in raw.channels.iter().enumerate() {
        let f = cf.index(k).key("between");
        if let Some((a, b)) = pair(&mut c, &f, &rc.between) {
            channels.push(Channel { a, b });
        }
    }

    // Events.
    let ef = Field::root("events");
    if raw.events.len() > MAX_EVENTS {
        c.report(
            &ef,
            format!(
                " has {} events; at most {MAX_EVENTS} are allowed",
                raw.events.len()
            ),
        );
    }
    let mut events = Vec::new();
    let mut event_ids = BTreeSet::new();
    let mut opened: Vec<(ActorId, ActorId)> = Vec::new();
    for (k, re) in raw.events.iter().enumerate() {
        let f = ef.item(k, &re.id);
        if re.id.trim().is_empty() {
            c.report(&f.key("id"), " is empty; every event needs an id".into());
        } else if !event_ids.insert(re.id.as_str()) {
            c.report(
                &f.key("id"),
                format!(" = \"{}\" is a duplicate; event ids must be unique", re.id),
            );
        }
        let round = match re.date.parse::<YearMonth>() {
            Ok(d) => {
                let r = start.months_until(d);
                if r < 0 || r >= horizon as i64 {
                    c.report(
                        &f.key("date"),
                        format!(
                            " = \"{}\" is outside the run; allowed: {} to {}",
                            re.date,
                            start,
                            start.plus(horizon - 1)
                        ),
                    );
                }
                r.clamp(0, horizon as i64 - 1) as u32
            }
            Err(e) => {
                c.report(&f.key("date"), format!(": {e}"));
                0
            }
        };
        c.range(&f.key("probability"), re.probability, 0.0, 1.0);
        let mut effects = Vec::new();
        for (i, t) in re.trust.iter().enumerate() {
            let tf = f.key("trust").index(i);
            let from = c.actor_ref(&tf.key("from"), &t.from, &actor_index);
            let to = c.actor_ref(&tf.key("to"), &t.to, &actor_index);
            if from.is_some() && from == to {
                c.report(
                    &tf.key("to"),
                    format!(
                        " = \"{}\" is the same actor as `from`; trust in oneself is not modelled",
                        t.to
                    ),
                );
            } else if c.range(&tf.key("delta"), t.delta, -1.0, 1.0)
                && let (Some(from), Some(to)) = (from, to)
            {
                effects.push(Effect::Trust {
                    from,
                    to,
                    delta: t.delta,
                });
            }
        }
        for (i, p) in re.paranoia.iter().enumerate() {
            let pf = f.key("paranoia").index(i);
            let actor = c.actor_ref(&pf.key("actor"), &p.actor, &actor_index);
            if c.range(&pf.key("delta"), p.delta, -1.0, 1.0)
                && let Some(actor) = actor
            {
                effects.push(Effect::Paranoia {
                    actor,
                    delta: p.delta,
                });
            }
        }
        for (key, list) in [("ideal", &re.ideal), ("salience", &re.salience)] {
            for (i, shift) in list.iter().enumerate() {
                let xf = f.key(key).index(i);
                let actor = c.actor_ref(&xf.key("actor"), &shift.actor, &actor_index);
                let issue = c.issue_ref(&xf.key("issue"), &shift.issue, &issue_index);
                let span = issue.map_or(1.0, |i| issues[i].range());
                let limit = if key == "ideal" { span } else { 1.0 };
                if c.range(&xf.key("delta"), shift.delta, -limit, limit)
                    && let (Some(actor), Some(issue)) = (actor, issue)
                {
                    effects.push(if key == "ideal" {
                        Effect::Ideal {
                            actor,
                            issue,
                            delta: shift.delta,
                        }
                    } else {
                        Effect::Salience {
                            actor,
                            issue,
                            delta: shift.delta,
                        }
                    });
                }
            }
        }
        for (key, list) in [("open", &re.open), ("close", &re.close)] {
            for (i, names) in list.iter().enumerate() {
                if let Some((a, b)) = pair(&mut c, &f.key(key).index(i), names) {
                    if key == "open" {
                        opened.push((a, b));
                        effects.push(Effect::Open { a, b });
                    } else {
                        effects.push(Effect::Close { a, b });
                    }
                }
            }
        }
        for (key, list) in [("remove", &re.remove), ("add", &re.add)] {
            for (i, name) in list.iter().enumerate() {
                if let Some(actor) = c.actor_ref(&f.key(key).index(i), name, &actor_index) {
                    effects.push(if key == "remove" {
                        Effect::Remove { actor }
                    } else {
                        Effect::Add { actor }
                    });
                }
            }
        }
        if let Some(offer) = &re.offer {
            let of = f.key("offer");
            if let Some(from) = c.actor_ref(&of.key("from"), &offer.from, &actor_index) {
                let mut positions = vec![None; issues.len()];
                for (name, x) in &offer.positions {
                    let pf = of.key("positions").key(name);
                    if let Some(i) = c.issue_ref(&pf, name, &issue_index)
                        && c.range(&pf, *x, issues[i].min, issues[i].max)
                    {
                        positions[i] = Some(*x);
                    }
                }
                if raw.actors[from.index()].role == RawRole::Adviser {
                    c.report(
                        &of.key("from"),
                        format!(
                            " = \"{}\" is an adviser; only principals and envoys make offers",
                            offer.from
                        ),
                    );
                }
                effects.push(Effect::Offer { from, positions });
            }
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

    // Outcomes.
    let of = Field::root("outcomes");
    let mut outcomes = Vec::new();
    let mut labels = BTreeSet::new();
    for (k, ro) in raw.outcomes.iter().enumerate() {
        let f = of.item(k, &ro.label);
        if ro.label.trim().is_empty() {
            c.report(&f.key("label"), " is empty".into());
        } else if !labels.insert(ro.label.as_str()) {
            c.report(
                &f.key("label"),
                format!(" = \"{}\" is a duplicate; labels must be unique", ro.label),
            );
        }
        let mut ranges = vec![None; issues.len()];
        for (name, r) in &ro.ranges {
            let rf = f.key("ranges").key(name);
            if let Some(i) = c.issue_ref(&rf, name, &issue_index) {
                if r.len() != 2 {
                    c.report(
                        &rf,
                        format!(" has {} numbers; a range is [low, high]", r.len()),
                    );
                } else if c.range(&rf.index(0), r[0], issues[i].min, issues[i].max)
                    & c.range(&rf.index(1), r[1], issues[i].min, issues[i].max)
                {
                    if r[0] > r[1] {
                        c.report(
                            &rf,
                            format!(" = [{}, {}] has low above high", show(r[0]), show(r[1])),
                        );
                    } else {
                        ranges[i] = Some((r[0], r[1]));
                    }
                }
            }
        }
        for (key, t) in [("min_trust", ro.min_trust), ("max_trust", ro.max_trust)] {
            if let Some(t) = t {
                c.range(&f.key(key), t, 0.0, 1.0);
            }
        }
        if let (Some(lo), Some(hi)) = (ro.min_trust, ro.max_trust)
            && lo > hi
        {
            c.report(
                &f.key("max_trust"),
                format!(
                    " = {} is below min_trust = {}; no run could match",
                    show(hi),
                    show(lo)
                ),
            );
        }
        outcomes.push(OutcomeLabel {
            label: ro.label.clone(),
            description: ro.description.clone(),
            ranges,
            min_trust: ro.min_trust,
            max_trust: ro.max_trust,
        });
    }

    // Reachability: everyone must be able to talk to someone at some point.
    for (k, ra) in raw.actors.iter().enumerate() {
        let me = ActorId(k as u16);
        let bloc_mate = raw
            .actors
            .iter()
            .enumerate()
            .any(|(j, o)| j != k && o.bloc == ra.bloc);
        let linked = channels
            .iter()
            .map(|ch| (ch.a, ch.b))
            .chain(opened.iter().copied())
            .any(|(a, b)| a == me || b == me);
        if !bloc_mate && !linked && raw.actors.len() >= 2 {
            c.report(&af.item(k, &ra.id), format!(
                ": nobody can reach this actor: no one else is in bloc \"{}\" and no channel names it; add a [[channels]] entry",
                ra.bloc
            ));
        }
    }

    if !c.problems.is_empty() {
        return Err(c.problems);
    }
    Ok(Scenario {
        settings: Settings {
            name: s.name.clone(),
            title: s.title.clone(),
            start,
            horizon,
            deadline: s.deadline.clamp(1, MAX_HORIZON) as u32,
            seed: s.seed,
            stable_rounds: s.stable_rounds as u32,
            epsilon: s.epsilon,
            betrayal_cost: s.betrayal_cost,
            noise: s.noise,
            veto,
        },
        issues,
        actors,
        channels,
        events,
        outcomes,
    })
}

fn capitalise(id: &str) -> String {
    let mut chars = id.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
