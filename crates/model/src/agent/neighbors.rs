//! Who one actor deals with in a given world, cached until the world changes.

use super::Agent;
use crate::actor::{ActorId, Role};
use crate::scenario::{Scenario, World};
use std::sync::Arc;

/// The actors one actor deals with in a given world.
#[derive(Clone, Debug, Default)]
pub(super) struct Neighbors {
    /// Counterparts whose promises a deal depends on (see [`crate::stakes::counterparts`]).
    pub(super) counterparts: Vec<ActorId>,
    /// Everyone reachable now.
    pub(super) reachable: Vec<ActorId>,
    /// Who gets this actor's proposals: reachable principals and envoys of other blocs,
    /// and an envoy's own principal.
    pub(super) recipients: Vec<ActorId>,
    /// A principal's reachable envoys.
    pub(super) envoys: Vec<ActorId>,
    /// A principal's reachable allies: principals of its side in other blocs.
    pub(super) allies: Vec<ActorId>,
}

impl Neighbors {
    fn compute(sc: &Scenario, world: &World, me: ActorId) -> Self {
        let spec = sc.actor(me);
        let reachable = world.reachable_from(me);
        let recipients = reachable
            .iter()
            .copied()
            .filter(|&j| {
                (!world.same_bloc(me, j) && sc.actor(j).role != Role::Adviser)
                    || (spec.role == Role::Envoy && spec.principal == Some(j))
            })
            .collect();
        let envoys = reachable
            .iter()
            .copied()
            .filter(|&j| sc.actor(j).role == Role::Envoy && sc.actor(j).principal == Some(me))
            .collect();
        let allies = reachable
            .iter()
            .copied()
            .filter(|&j| {
                spec.role == Role::Principal
                    && sc.actor(j).role == Role::Principal
                    && !world.same_bloc(me, j)
                    && world.side[j.index()] == world.side[me.index()]
            })
            .collect();
        Self {
            counterparts: crate::stakes::counterparts(sc, me, world),
            reachable,
            recipients,
            envoys,
            allies,
        }
    }
}

impl Agent {
    pub(super) fn neighbors(&self) -> &Neighbors {
        // Set at the start of every step.
        static EMPTY: Neighbors = Neighbors {
            counterparts: Vec::new(),
            reachable: Vec::new(),
            recipients: Vec::new(),
            envoys: Vec::new(),
            allies: Vec::new(),
        };
        self.neighbors.as_ref().map_or(&EMPTY, |(_, n)| n)
    }

    pub(super) fn neighbors_arc(&self) -> Arc<Neighbors> {
        self.neighbors
            .as_ref()
            .map_or_else(|| Arc::new(Neighbors::default()), |(_, n)| Arc::clone(n))
    }

    /// Recompute the neighbours, and which keepers are at the table, if the world changed
    /// (a new `Arc` means a change).
    pub(super) fn refresh_neighbors(&mut self, sc: &Scenario, world: &Arc<World>) {
        let fresh = self
            .neighbors
            .as_ref()
            .is_some_and(|(w, _)| Arc::ptr_eq(w, world));
        if !fresh {
            self.neighbors = Some((
                Arc::clone(world),
                Arc::new(Neighbors::compute(sc, world, self.id)),
            ));
            self.keepers_here =
                crate::stakes::keepers_at_table(&self.keepers, |j| world.active[j.index()]);
        }
    }
}
