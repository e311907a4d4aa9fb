//! Who may talk to whom: veto principals, `[[channels]]`, and the check that every actor
//! can reach someone.

use super::check::{Checker, Field, Names};
use crate::hints;
use crate::raw::{RawActor, RawChannel, RawIssue, RawRole};
use detente_model::{ActorId, Channel, Issue};
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

    /// `issues.*.honoured_by`: the blocs whose principals must keep a settlement of the
    /// issue, resolved to those principals (in actor order).
    pub(crate) fn keepers(&mut self, raw: &[RawIssue], actors: &[RawActor], issues: &mut [Issue]) {
        let blocs: Vec<&str> = {
            let mut b: Vec<&str> = actors.iter().map(|a| a.bloc.as_str()).collect();
            b.sort_unstable();
            b.dedup();
            b
        };
        for (i, ri) in raw.iter().enumerate() {
            let (Some(list), Some(issue)) = (&ri.honoured_by, issues.get_mut(i)) else {
                continue;
            };
            let f = Field::root("issues").item(i, &ri.id).key("honoured_by");
            if list.is_empty() {
                self.report(
                    &f,
                    " is empty; name the blocs whose principals must keep a settlement of this issue, e.g. [\"ussr\"], or leave it out for every veto principal".into(),
                );
                continue;
            }
            let mut keepers = Vec::new();
            for (k, bloc) in list.iter().enumerate() {
                let bf = f.index(k);
                if !blocs.contains(&bloc.as_str()) {
                    let hint = hints::did_you_mean(bloc, blocs.iter().copied());
                    let known = hints::listing(blocs.iter().copied());
                    self.report(
                        &bf,
                        format!(" = \"{bloc}\" is not a bloc of any actor{hint}; blocs: {known}"),
                    );
                    continue;
                }
                let principals: Vec<ActorId> = actors
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| a.bloc == *bloc && a.role == RawRole::Principal)
                    .map(|(j, _)| ActorId(j as u16))
                    .collect();
                if principals.is_empty() {
                    self.report(
                        &bf,
                        format!(" = \"{bloc}\" has no principal to keep the promise"),
                    );
                }
                keepers.extend(principals);
            }
            keepers.sort_unstable();
            keepers.dedup();
            issue.keepers = keepers;
        }
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
