//! The tidy tables of a run (`run --rounds`, `run --messages`): one row per round and actor,
//! one row per message, with their columns spelled here and nowhere else (docs/data.md
//! describes each).

use crate::table::{Cell, Format, Kind, Rows};
use detente_model::message::{Body, PackageId, Positions};
use detente_model::{RunRecord, Scenario, narrate};
use std::collections::HashMap;
use std::io::{self, Write};

/// A table of a run, ready to be written.
pub struct Table<'a> {
    sc: &'a Scenario,
    rec: &'a RunRecord,
    what: What,
}

enum What {
    Rounds,
    Messages,
}

/// One row per round and actor: `round`, `date`, `actor`, `active`, `paranoia`,
/// `aspiration`, `trust_P` for each veto principal P (empty for P itself), `pos_I` for
/// each issue I (the actor's own package; empty before it makes one), `messages_sent`.
pub fn rounds<'a>(sc: &'a Scenario, rec: &'a RunRecord) -> Table<'a> {
    Table {
        sc,
        rec,
        what: What::Rounds,
    }
}

/// One row per message, in the order sent: `id`, `reply_to`, `round`, `date`, `from`, `to`,
/// `kind`, `package` (the id of the package it offers, accepts, rejects or reports),
/// `pos_I` for each issue I (the positions it carries or names), `content`.
pub fn messages<'a>(sc: &'a Scenario, rec: &'a RunRecord) -> Table<'a> {
    Table {
        sc,
        rec,
        what: What::Messages,
    }
}

/// A package's id in a table: its month and proposer, e.g. `1945-07/truman` (as a
/// message's id is `1945-07/truman/0`).
pub fn package_id(sc: &Scenario, p: &PackageId) -> String {
    format!("{}/{}", sc.date(p.round), sc.actor(p.proposer).id)
}

const ROUNDS_HEAD: [(&str, Kind); 6] = [
    ("round", Kind::Int),
    ("date", Kind::Text),
    ("actor", Kind::Text),
    ("active", Kind::Bool),
    ("paranoia", Kind::Num),
    ("aspiration", Kind::Num),
];
const ROUNDS_TAIL: [(&str, Kind); 1] = [("messages_sent", Kind::Int)];
const MESSAGES_HEAD: [(&str, Kind); 8] = [
    ("id", Kind::Text),
    ("reply_to", Kind::MaybeText),
    ("round", Kind::Int),
    ("date", Kind::Text),
    ("from", Kind::Text),
    ("to", Kind::Text),
    ("kind", Kind::Text),
    ("package", Kind::MaybeText),
];
const MESSAGES_TAIL: [(&str, Kind); 1] = [("content", Kind::Text)];
/// Columns named after an issue: the position on it.
const POSITION: (&str, Kind) = ("pos_", Kind::Num);
/// Columns named after a veto principal: trust in it.
const TRUST: (&str, Kind) = ("trust_", Kind::Num);

/// The JSON Schema of a row of the rounds table (JSON Lines), for any scenario.
pub fn rounds_schema() -> schemars::Schema {
    let fixed: Vec<_> = ROUNDS_HEAD.iter().chain(&ROUNDS_TAIL).copied().collect();
    crate::table::row_schema("detente rounds table row", &fixed, &[POSITION, TRUST], None)
}

/// The JSON Schema of a row of the messages table (JSON Lines), for any scenario.
pub fn messages_schema() -> schemars::Schema {
    let fixed: Vec<_> = MESSAGES_HEAD
        .iter()
        .chain(&MESSAGES_TAIL)
        .copied()
        .collect();
    crate::table::row_schema("detente messages table row", &fixed, &[POSITION], None)
}

impl Table<'_> {
    /// The columns, in order, with their kinds.
    pub fn columns(&self) -> Vec<(String, Kind)> {
        let sc = self.sc;
        let named = |names: &[(&str, Kind)]| -> Vec<(String, Kind)> {
            names.iter().map(|(n, k)| (n.to_string(), *k)).collect()
        };
        let positions = sc
            .issues
            .iter()
            .map(|i| (format!("{}{}", POSITION.0, i.id), POSITION.1));
        let mut c;
        match self.what {
            What::Rounds => {
                c = named(&ROUNDS_HEAD);
                c.extend(
                    sc.settings
                        .veto
                        .iter()
                        .map(|v| (format!("{}{}", TRUST.0, sc.actor(*v).id), TRUST.1)),
                );
                c.extend(positions);
                c.extend(named(&ROUNDS_TAIL));
            }
            What::Messages => {
                c = named(&MESSAGES_HEAD);
                c.extend(positions);
                c.extend(named(&MESSAGES_TAIL));
            }
        }
        c
    }

    /// Column names, in order.
    pub fn names(&self) -> Vec<String> {
        self.columns().into_iter().map(|(n, _)| n).collect()
    }

    /// Write the whole table in `format` to `w` (buffered here), header first if the
    /// format has one.
    pub fn write(&self, format: Format, w: impl Write) -> io::Result<()> {
        let names = self.names();
        let mut rows = Rows::new(format, &names, io::BufWriter::new(w), true)?;
        match self.what {
            What::Rounds => self.write_rounds(&mut rows)?,
            What::Messages => self.write_messages(&mut rows)?,
        }
        rows.finish()?.flush()
    }

    fn write_rounds<W: Write>(&self, rows: &mut Rows<W>) -> io::Result<()> {
        let sc = self.sc;
        let mut sent = vec![0u64; sc.actors.len()];
        for round in &self.rec.rounds {
            sent.iter_mut().for_each(|n| *n = 0);
            for m in &round.messages {
                sent[m.from().index()] += 1;
            }
            let date = round.date.to_string();
            for (k, (actor, state)) in sc.actors.iter().zip(&round.states).enumerate() {
                let mut cells = vec![
                    Cell::Int(round.round.into()),
                    Cell::Text(&date),
                    Cell::Text(&actor.id),
                    Cell::Bool(state.active),
                    Cell::Num(state.paranoia),
                    Cell::Num(state.aspiration),
                ];
                cells.extend(sc.settings.veto.iter().map(|v| {
                    if v.index() == k {
                        Cell::Null
                    } else {
                        Cell::Num(state.trust[*v])
                    }
                }));
                match &state.proposal {
                    Some(p) => cells.extend(p.iter().map(|x| Cell::Num(*x))),
                    None => cells.extend(sc.issues.iter().map(|_| Cell::Null)),
                }
                cells.push(Cell::Int(sent[k]));
                rows.row(&cells)?;
            }
        }
        Ok(())
    }

    fn write_messages<W: Write>(&self, rows: &mut Rows<W>) -> io::Result<()> {
        let sc = self.sc;
        // The positions of every package offered so far, for the messages that name one.
        let mut offered: HashMap<PackageId, Positions> = HashMap::new();
        for round in &self.rec.rounds {
            let date = round.date.to_string();
            for m in &round.messages {
                let (package, positions) = package_of(&m.body, &mut offered);
                let id = narrate::message_id(sc, &m.id);
                let reply_to = m.reply_to.map(|r| narrate::message_id(sc, &r));
                let package = package.map(|p| package_id(sc, &p));
                let content = narrate::body(sc, &m.body);
                let mut cells = vec![
                    Cell::Text(&id),
                    reply_to.as_deref().map_or(Cell::Null, Cell::Text),
                    Cell::Int(round.round.into()),
                    Cell::Text(&date),
                    Cell::Text(&sc.actor(m.from()).id),
                    Cell::Text(&sc.actor(m.to).id),
                    Cell::Text(m.body.kind()),
                    package.as_deref().map_or(Cell::Null, Cell::Text),
                ];
                match &positions {
                    Some(p) => cells.extend(p.iter().map(|x| Cell::Num(*x))),
                    None => cells.extend(sc.issues.iter().map(|_| Cell::Null)),
                }
                cells.push(Cell::Text(&content));
                rows.row(&cells)?;
            }
        }
        Ok(())
    }
}

/// The package a message offers, names or reports, and the positions it carries or names
/// (a mandate's and an advice's positions have no package).
fn package_of(
    body: &Body,
    offered: &mut HashMap<PackageId, Positions>,
) -> (Option<PackageId>, Option<Positions>) {
    match body {
        Body::Propose { package, positions } => {
            offered.insert(*package, positions.clone());
            (Some(*package), Some(positions.clone()))
        }
        Body::Report { package, positions } => (Some(*package), Some(positions.clone())),
        Body::Accept { package } | Body::Reject { package, .. } => {
            (Some(*package), offered.get(package).cloned())
        }
        Body::Mandate { positions, .. } | Body::Advise { positions, .. } => {
            (None, Some(positions.clone()))
        }
        _ => (None, None),
    }
}
