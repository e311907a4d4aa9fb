//! Whose word a deal depends on: the one rule for counterparts and for the trust that
//! weighs each part of a package, shared by the actors, the clock and the analysis.
//!
//! A settlement is a bundle of promises kept by different governments. Free elections in
//! Poland are Moscow's to hold, the loan is Washington's to pay, a four-power Germany needs
//! every occupying power. So an actor weighs each issue of a package by its trust in that issue's
//! *keepers* (the principals named by the issue's `honoured_by`, or every veto principal),
//! leaving out its own side, whose word it does not doubt: what it gives away itself is
//! given for certain, what it gets depends on the other side. (Allies' trust in each other
//! works through coordination and consultation instead, see `agent`.)

use crate::actor::{ActorId, Role};
use crate::scenario::{Scenario, World};
use crate::trust::TrustMap;

/// The keepers of issue `i`: the principals whose word a settlement of it depends on.
pub fn keepers(sc: &Scenario, i: usize) -> &[ActorId] {
    let k = &sc.issues[i].keepers;
    if k.is_empty() { &sc.settings.veto } else { k }
}

/// For each issue, the keepers `me` must trust: those on other sides. An empty list means
/// the issue is in its own side's hands alone.
pub fn others_keepers(sc: &Scenario, me: ActorId) -> Vec<Vec<ActorId>> {
    let side = &sc.actor(me).side;
    (0..sc.issues.len())
        .map(|i| {
            keepers(sc, i)
                .iter()
                .copied()
                .filter(|&k| sc.actor(k).side != *side)
                .collect()
        })
        .collect()
}

/// The actors' rule for keepers who are away: `keepers` without those not at the table
/// (`present` false: an event removed them, or has not yet added them), or `None` when all
/// are there. A keeper away is no party to a settlement made without it, as the clock's
/// settlement rule leaves it out too, so its word weighs nothing on the issue; an issue
/// with no keeper of other sides left at the table is trusted fully, as one in one's own
/// hands is (see [`issue_trust`]).
pub fn keepers_at_table(
    keepers: &[Vec<ActorId>],
    present: impl Fn(ActorId) -> bool,
) -> Option<Vec<Vec<ActorId>>> {
    if keepers.iter().flatten().all(|&j| present(j)) {
        return None;
    }
    Some(
        keepers
            .iter()
            .map(|k| k.iter().copied().filter(|&j| present(j)).collect())
            .collect(),
    )
}

/// Trust in the keepers of each issue (their mean), or 1 for an issue in one's own hands.
pub fn issue_trust(trust: &TrustMap, keepers: &[Vec<ActorId>]) -> Vec<f64> {
    keepers.iter().map(|k| mean_trust(trust, k, 1.0)).collect()
}

/// Write [`issue_trust`] into `out` without allocating (the step's hot path).
pub fn issue_trust_into(trust: &TrustMap, keepers: &[Vec<ActorId>], out: &mut Vec<f64>) {
    out.clear();
    out.extend(keepers.iter().map(|k| mean_trust(trust, k, 1.0)));
}

/// Mean trust in `actors`, or `none` if there are none.
pub fn mean_trust(trust: &TrustMap, actors: &[ActorId], none: f64) -> f64 {
    if actors.is_empty() {
        none
    } else {
        actors.iter().map(|&j| trust[j]).sum::<f64>() / actors.len() as f64
    }
}

/// An actor's counterparts: the active veto principals of other sides, whose promises a
/// deal depends on and who can end the talks; if there are none, the active principals of
/// other sides.
pub fn counterparts(sc: &Scenario, me: ActorId, world: &World) -> Vec<ActorId> {
    counterparts_where(sc, me, |j| {
        world.active[j.index()] && world.side[j.index()] != world.side[me.index()]
    })
}

/// [`counterparts`] with everyone present (the analysis: a settlement needs them all).
pub fn counterparts_present_or_not(sc: &Scenario, me: ActorId) -> Vec<ActorId> {
    let side = &sc.actor(me).side;
    counterparts_where(sc, me, |j| sc.actor(j).side != *side)
}

fn counterparts_where(
    sc: &Scenario,
    _me: ActorId,
    other_side: impl Fn(ActorId) -> bool,
) -> Vec<ActorId> {
    let eligible = |j: ActorId| other_side(j) && sc.actor(j).role == Role::Principal;
    // The veto list is short; scanning it, not every actor, keeps large scenarios fast.
    let mut veto: Vec<ActorId> = sc
        .settings
        .veto
        .iter()
        .copied()
        .filter(|&j| eligible(j))
        .collect();
    veto.sort_unstable();
    if veto.is_empty() {
        sc.actor_ids().filter(|&j| eligible(j)).collect()
    } else {
        veto
    }
}

/// Trust in one's counterparts taken together: their mean, 0.5 if there are none. Every
/// counterpart counts (a minimum would let only the least trusted one matter).
pub fn counterpart_trust(trust: &TrustMap, counterparts: &[ActorId]) -> f64 {
    mean_trust(trust, counterparts, 0.5)
}

/// Mean trust between veto principals of different sides (each in each other) who were at
/// the table in `world`, 0.5 if there is no such pair. Allies' trust in each other is left
/// out: the label's trust condition is about the two camps; so is a veto principal an event
/// removed, whose trust no longer moves and who is no party to the end.
pub fn mean_veto_trust(sc: &Scenario, trust: &[crate::trust::TrustMap], world: &World) -> f64 {
    let veto: Vec<ActorId> = sc
        .settings
        .veto
        .iter()
        .copied()
        .filter(|v| world.active[v.index()])
        .collect();
    let pairs: Vec<f64> = veto
        .iter()
        .flat_map(|a| {
            veto.iter()
                .filter(move |b| sc.actor(**b).side != sc.actor(*a).side)
                .map(move |b| trust[a.index()][*b])
        })
        .collect();
    if pairs.is_empty() {
        0.5
    } else {
        pairs.iter().sum::<f64>() / pairs.len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_keeper_who_has_left_the_table_does_not_weigh_on_the_issue() {
        let mut t = TrustMap::new(0.5);
        t.set(ActorId(1), 0.9);
        t.set(ActorId(2), 0.1);
        let keepers = vec![vec![ActorId(1), ActorId(2)], vec![ActorId(2)], vec![]];
        assert_eq!(keepers_at_table(&keepers, |_| true), None, "all present");
        let here = keepers_at_table(&keepers, |j| j != ActorId(2)).expect("one away");
        assert_eq!(issue_trust(&t, &here), vec![0.9, 1.0, 1.0]);
    }

    #[test]
    fn the_label_s_trust_between_the_camps_leaves_out_a_veto_principal_who_left() {
        use crate::agent::fixture::{ALLY, EAST, WEST, scenario};
        let mut sc = scenario();
        sc.settings.veto = vec![EAST, WEST, ALLY];
        let mut trust = vec![TrustMap::new(0.5); sc.actors.len()];
        trust[EAST.index()].set(WEST, 0.8);
        trust[EAST.index()].set(ALLY, 0.2);
        trust[WEST.index()].set(EAST, 0.6);
        trust[ALLY.index()].set(EAST, 0.2);
        let mut world = sc.initial_world();
        let all = mean_veto_trust(&sc, &trust, &world);
        world.active[ALLY.index()] = false;
        let without = mean_veto_trust(&sc, &trust, &world);
        assert!((all - 0.45).abs() < 1e-12, "{all}");
        assert!((without - 0.7).abs() < 1e-12, "{without}");
    }

    #[test]
    fn an_issue_in_ones_own_hands_is_trusted_fully_and_the_rest_by_their_mean() {
        let mut t = TrustMap::new(0.5);
        t.set(ActorId(1), 0.2);
        t.set(ActorId(2), 0.6);
        let keepers = vec![vec![], vec![ActorId(1)], vec![ActorId(1), ActorId(2)]];
        let got = issue_trust(&t, &keepers);
        assert_eq!(got[0], 1.0);
        assert_eq!(got[1], 0.2);
        assert!((got[2] - 0.4).abs() < 1e-12);
    }
}
