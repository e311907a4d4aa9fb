//! Who may talk to whom: veto principals, `[[channels]]`, and the check that every actor
//! can reach someone.

use super::check::{Checker, Field, Names};
use crate::raw::{RawActor, RawChannel, RawRole};
use detente_model::{ActorId, Channel};
use std::collections::HashMap;

impl Checker<'_> {
    /// `scenario.veto`: principals, each once, at least one.
    pub(crate) fn veto(
        &mut self,
        veto: &[String],
        actors: &[RawActor],
        names: &Names,
    ) -> Vec<ActorId> {
        let sf = Field::root("scenario");
        let mut out = Vec::new();
        if veto.is_empty() {
            self.report(
                &sf.key("veto"),
                " is empty; name at least one principal whose acceptance a settlement needs".into(),
            );
        }
        for (k, v) in veto.iter().enumerate() {
            let vf = sf.key("veto").index(k);
            if let Some(id) = self.actor_ref(&vf, v, &names.actors) {
                if actors[id.index()].role != RawRole::Principal {
                    self.report(
                        &vf,
                        format!(" = \"{v}\" is not a principal; only principals hold a veto"),
                    );
                } else if out.contains(&id) {
                    self.report(&vf, format!(" = \"{v}\" is listed twice"));
                } else {
                    out.push(id);
                }
            }
        }
        out
    }

    /// Two distinct actors, as a channel, or an event's `open` or `close`, names them.
    pub(crate) fn pair(
        &mut self,
        at: &Field,
        pair: &[String],
        names: &Names,
    ) -> Option<(ActorId, ActorId)> {
        if pair.len() != 2 {
            self.report(at, format!(" names {} actor(s); a channel joins exactly two actors, e.g. [\"molotov\", \"truman\"]", pair.len()));
            return None;
        }
        let a = self.actor_ref(&at.index(0), &pair[0], &names.actors);
        let b = self.actor_ref(&at.index(1), &pair[1], &names.actors);
        match (a, b) {
            (Some(a), Some(b)) if a == b => {
                self.report(at, format!(" joins \"{}\" to itself", pair[0]));
                None
            }
            (Some(a), Some(b)) => Some((a, b)),
            _ => None,
        }
    }

    /// The channels open at the start.
    pub(crate) fn channels(&mut self, raw: &[RawChannel], names: &Names) -> Vec<Channel> {
        let cf = Field::root("channels");
        raw.iter()
            .enumerate()
            .filter_map(|(k, rc)| self.pair(&cf.index(k).key("between"), &rc.between, names))
            .map(|(a, b)| Channel { a, b })
            .collect()
    }

    /// Everyone must be able to talk to someone at some point: a bloc mate, a channel, or
    /// a channel an event opens.
    pub(crate) fn reachability(
        &mut self,
        actors: &[RawActor],
        channels: &[Channel],
        opened: &[(ActorId, ActorId)],
    ) {
        if actors.len() < 2 {
            return;
        }
        let af = Field::root("actors");
        let mut in_bloc: HashMap<&str, usize> = HashMap::new();
        for a in actors {
            *in_bloc.entry(a.bloc.as_str()).or_default() += 1;
        }
        let mut linked = vec![false; actors.len()];
        for (a, b) in channels
            .iter()
            .map(|ch| (ch.a, ch.b))
            .chain(opened.iter().copied())
        {
            for x in [a, b] {
                if let Some(l) = linked.get_mut(x.index()) {
                    *l = true;
                }
            }
        }
        for (k, ra) in actors.iter().enumerate() {
            let bloc_mate = in_bloc.get(ra.bloc.as_str()).is_some_and(|n| *n > 1);
            if !bloc_mate && !linked[k] {
                self.report(&af.item(k, &ra.id), format!(
                    ": nobody can reach this actor: no one else is in bloc \"{}\" and no channel names it; add a [[channels]] entry",
                    ra.bloc
                ));
            }
        }
    }
}
