//! `[[actors]]`: ids first (so references work in any order), then each actor's role,
//! preferences, strategy, trust, dispositions and tendency.

use super::MAX_ACTORS;
use super::check::{Checker, Field, Names, capitalise, show};
use crate::raw::{RawActor, RawRole, RawStrategy, RawStrategyKind, RawTendency};
use detente_model::trust::TrustMap;
use detente_model::{ActorId, ActorSpec, Issue, Role, Strategy, StrategyKind, TendencyMix};
use std::collections::BTreeMap;

fn role_name(role: RawRole) -> &'static str {
    match role {
        RawRole::Principal => "principal",
        RawRole::Envoy => "envoy",
        RawRole::Adviser => "adviser",
    }
}

/// The number of the k-th actor; k is below [`MAX_ACTORS`], so it fits.
pub(crate) fn actor_id(k: usize) -> ActorId {
    ActorId(u16::try_from(k).unwrap_or(u16::MAX))
}

impl Checker<'_> {
    /// Actor ids and their positions; duplicates and empty ids reported.
    pub(crate) fn actor_ids<'r>(&mut self, raw: &'r [RawActor]) -> BTreeMap<&'r str, ActorId> {
        let af = Field::root("actors");
        if raw.len() < 2 {
            self.report(
                &af,
                format!(
                    " has {} actor(s); a negotiation needs at least two",
                    raw.len()
                ),
            );
        }
        if raw.len() > MAX_ACTORS {
            self.report(
                &af,
                format!(
                    " has {} actors; at most {MAX_ACTORS} are allowed",
                    raw.len()
                ),
            );
        }
        let mut index = BTreeMap::new();
        // Past the limit (reported above, and before validation) actors get no number.
        for (k, ra) in raw.iter().enumerate().take(MAX_ACTORS) {
            let f = af.item(k, &ra.id);
            let id = actor_id(k);
            if ra.id.trim().is_empty() {
                self.report(&f.key("id"), " is empty; every actor needs an id".into());
            } else if index.insert(ra.id.as_str(), id).is_some() {
                self.report(
                    &f.key("id"),
                    format!(" = \"{}\" is a duplicate; actor ids must be unique", ra.id),
                );
            }
        }
        index
    }

    /// Every actor, checked against the issues and the other actors.
    pub(crate) fn actors(
        &mut self,
        raw: &[RawActor],
        issues: &[Issue],
        names: &Names,
    ) -> Vec<ActorSpec> {
        let af = Field::root("actors");
        raw.iter()
            .enumerate()
            .map(|(k, ra)| self.actor(&af.item(k, &ra.id), k, ra, raw, issues, names))
            .collect()
    }

    fn actor(
        &mut self,
        f: &Field,
        k: usize,
        ra: &RawActor,
        all: &[RawActor],
        issues: &[Issue],
        names: &Names,
    ) -> ActorSpec {
        let role = match ra.role {
            RawRole::Principal => Role::Principal,
            RawRole::Envoy => Role::Envoy,
            RawRole::Adviser => Role::Adviser,
        };
        if ra.bloc.trim().is_empty() {
            self.report(
                &f.key("bloc"),
                " is empty; every actor belongs to a bloc (e.g. \"ussr\")".into(),
            );
        }
        let principal = self.principal(f, ra, role, all, names);
        let ideal = self.per_issue(&f.key("ideal"), &ra.ideal, issues, &names.issues, |i| {
            (i.min, i.max)
        });
        let salience = self.per_issue(
            &f.key("salience"),
            &ra.salience,
            issues,
            &names.issues,
            |_| (0.0, 1.0),
        );
        let total: f64 = ra.salience.values().sum();
        if ra.salience.values().all(|w| w.is_finite())
            && (total - 1.0).abs() > 1e-3
            && !issues.is_empty()
        {
            self.report(
                &f.key("salience"),
                format!(
                    " sums to {}; the weights must sum to 1",
                    show((total * 1e6).round() / 1e6)
                ),
            );
        }
        let strategy = self.strategy(&f.key("strategy"), &ra.strategy);
        let trust = self.trust(f, k, ra, names);
        self.range(&f.key("paranoia"), ra.paranoia, 0.0, 1.0);
        self.range(&f.key("walkout"), ra.walkout, 0.0, 1.0);
        self.range(&f.key("learning"), ra.learning, 0.0, 10.0);
        self.range(&f.key("abrasiveness"), ra.abrasiveness, 0.0, 1.0);
        self.range(&f.key("influence"), ra.influence, 0.0, 1.0);
        let tendency = ra
            .tendency
            .as_ref()
            .map(|t| self.tendency(&f.key("tendency"), t));
        ActorSpec {
            id: ra.id.clone(),
            name: ra.name.clone().unwrap_or_else(|| capitalise(&ra.id)),
            bloc: ra.bloc.clone(),
            side: ra.side.clone().unwrap_or_else(|| ra.bloc.clone()),
            role,
            principal,
            ideal,
            salience,
            strategy,
            trust,
            paranoia: ra.paranoia.clamp(0.0, 1.0),
            walkout: ra.walkout.clamp(0.0, 1.0),
            learning: ra.learning.clamp(0.0, 10.0),
            abrasiveness: ra.abrasiveness.clamp(0.0, 1.0),
            influence: ra.influence.clamp(0.0, 1.0),
            tendency,
            active: ra.active,
        }
    }

    /// An envoy's or adviser's principal, which must be a principal.
    fn principal(
        &mut self,
        f: &Field,
        ra: &RawActor,
        role: Role,
        all: &[RawActor],
        names: &Names,
    ) -> Option<ActorId> {
        match (&ra.principal, role) {
            (None, Role::Principal) => None,
            (Some(_), Role::Principal) => {
                self.report(&f.key("principal"), " is set, but a principal has no principal; remove it or make the actor an envoy or adviser".into());
                None
            }
            (None, _) => {
                self.report(
                    f,
                    format!(
                        ": an {} needs a `principal` (the actor it works for)",
                        role.as_str()
                    ),
                );
                None
            }
            (Some(p), _) => {
                let id = self.actor_ref(&f.key("principal"), p, &names.actors);
                if let Some(id) = id
                    && all[id.index()].role != RawRole::Principal
                {
                    let role = role_name(all[id.index()].role);
                    self.report(
                        &f.key("principal"),
                        format!(" = \"{p}\" is not a principal (it is an {role}); envoys and advisers work for a principal"),
                    );
                }
                id
            }
        }
    }

    /// The concession strategy: each kind's exponent `e` and initial concession `k`.
    fn strategy(&mut self, sf: &Field, rs: &RawStrategy) -> Strategy {
        let kind = match rs.kind {
            RawStrategyKind::Boulware => StrategyKind::Boulware,
            RawStrategyKind::Conceder => StrategyKind::Conceder,
            RawStrategyKind::Linear => StrategyKind::Linear,
            RawStrategyKind::Reciprocal => StrategyKind::Reciprocal,
        };
        let e = match (kind, rs.e) {
            (StrategyKind::Boulware, None) => 0.2,
            (StrategyKind::Conceder, None) => 2.0,
            (_, None) => 1.0,
            (StrategyKind::Boulware, Some(e)) => {
                if self.range(&sf.key("e"), e, 0.01, 1.0) && e >= 1.0 {
                    self.report(
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
                if self.range(&sf.key("e"), e, 1.0, 100.0) && e <= 1.0 {
                    self.report(
                        &sf.key("e"),
                        " = 1 is not Conceder; a Conceder e is above 1 (use linear for 1)".into(),
                    );
                }
                e
            }
            (StrategyKind::Linear, Some(e)) => {
                self.range(&sf.key("e"), e, 1.0, 1.0);
                1.0
            }
            (StrategyKind::Reciprocal, Some(_)) => {
                self.report(&sf.key("e"), " is set, but a reciprocal strategy has no exponent: it matches the counterpart's concessions; remove it".into());
                1.0
            }
        };
        if kind == StrategyKind::Reciprocal && rs.k != 0.0 {
            self.report(
                &sf.key("k"),
                " is set, but a reciprocal strategy has no initial concession; remove it".into(),
            );
        } else {
            self.range(&sf.key("k"), rs.k, 0.0, 0.99);
        }
        Strategy {
            kind,
            e,
            k: rs.k.clamp(0.0, 0.99),
        }
    }

    /// Trust in others: a default and named exceptions, never in oneself.
    fn trust(&mut self, f: &Field, k: usize, ra: &RawActor, names: &Names) -> TrustMap {
        self.range(&f.key("trust_default"), ra.trust_default, 0.0, 1.0);
        let mut trust = TrustMap::new(ra.trust_default.clamp(0.0, 1.0));
        for (other, t) in &ra.trust {
            let tf = f.key("trust").key(other);
            if let Some(j) = self.actor_ref(&tf, other, &names.actors) {
                if j.index() == k {
                    self.report(&tf, " is the actor's trust in itself; leave it out".into());
                } else if self.range(&tf, *t, 0.0, 1.0) {
                    trust.set(j, *t);
                }
            }
        }
        trust
    }

    /// A tendency mix: three shares that sum to 1.
    fn tendency(&mut self, tf: &Field, t: &RawTendency) -> TendencyMix {
        let ok = self.range(&tf.key("softie"), t.softie, 0.0, 1.0)
            & self.range(&tf.key("conservative"), t.conservative, 0.0, 1.0)
            & self.range(&tf.key("doctrinaire"), t.doctrinaire, 0.0, 1.0);
        let sum = t.softie + t.conservative + t.doctrinaire;
        if ok && (sum - 1.0).abs() > 1e-3 {
            self.report(
                tf,
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
    }
}
