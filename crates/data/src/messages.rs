//! The messages of a run's result: read back as a list, written straight from the run's
//! record one at a time, each body put into words once however many receive it.

use detente_model::message::{MessageId, RejectReason};
use detente_model::{Body, PackageId, RunRecord, Scenario, YearMonth, narrate};
use schemars::JsonSchema;
use serde::ser::SerializeSeq;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::io::{self, Write};
use std::sync::Arc;

/// One message.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct MessageEntry {
    /// Stable id: `DATE/SENDER/SEQ`, e.g. `1945-07/truman/0` (see docs/data.md).
    pub id: String,
    /// The id of the message it answers, if any.
    pub reply_to: Option<String>,
    /// Round sent.
    pub round: u32,
    /// Its month.
    pub date: YearMonth,
    /// Sender id.
    pub from: String,
    /// Recipient id.
    pub to: String,
    /// What it says, in words.
    pub content: String,
    /// The model's message body: `kind` and its numbers (packages as positions in issue
    /// order; actors as indices into `scenario.actors`).
    #[serde(flatten)]
    pub body: Body,
}

/// The part of a message's line that depends on its body alone: `,"content":...` and the
/// body's own fields, as JSON. A sender's copies of one message to many come one after
/// another, so the last body's part is kept and written again while the bodies are the
/// same. The answers to a package (accepts, rejects, envoys' reports) come instead from
/// each of its recipients, far apart in the list, a round or two after it was offered, so
/// their parts are kept by package for the rounds they come in. (Other repeats are rarer:
/// a cache of every text cost more than it saved.)
#[derive(Default)]
struct BodyPart {
    /// The body the part was made for.
    body: Option<Body>,
    /// `,"content":"..."` and `,` and the body's fields, without its closing brace.
    json: Vec<u8>,
    /// Scratch: the body's own JSON.
    fields: Vec<u8>,
    /// Scratch: what the body says in words.
    text: String,
    /// The parts of the answers to recent packages, with the body each was made for. Only
    /// looked up, never listed, so its order decides nothing.
    answers: HashMap<u64, (Body, Vec<u8>), BuildHasherDefault<KeyHasher>>,
    /// The round of the messages being written (answers to packages older than
    /// [`ANSWERED_WITHIN`] rounds before it are let go).
    round: u32,
}

/// Answers are kept for the packages of this many rounds before the message's: at 5,000
/// actors every answer comes one or two rounds after the offer. (A later answer is only
/// made again.)
const ANSWERED_WITHIN: u32 = 2;

/// What an answer's part depends on besides the package's positions (which are checked),
/// as one number: the package (its round and proposer), the kind and, for a rejection,
/// its reason.
fn answer_key(body: &Body) -> Option<u64> {
    let (kind, package) = match body {
        Body::Accept { package } => (0, package),
        Body::Report { package, .. } => (1, package),
        Body::Reject {
            package,
            reason: RejectReason::WorseThanSecurity,
        } => (2, package),
        Body::Reject {
            package,
            reason: RejectReason::BelowAspiration,
        } => (3, package),
        _ => return None,
    };
    let PackageId { round, proposer } = package;
    Some(u64::from(*round) << 24 | u64::from(proposer.0) << 8 | kind)
}

/// The round of the package an answer's key names.
fn key_round(key: u64) -> u32 {
    (key >> 24) as u32
}

/// A hasher for the answers' keys, numbers already distinct: one multiplication (the
/// standard hasher, made to resist crafted keys, cost more than the answers it saved).
#[derive(Default)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, x: u64) {
        // An odd constant near 2^64 / golden ratio spreads the key over the high bits,
        // which the table's groups are picked by.
        self.0 = (self.0 ^ x).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

impl BodyPart {
    /// The part for `body`, a message of round `round`, made again only if `body` differs
    /// from the last one and is not a kept answer.
    fn of(&mut self, sc: &Scenario, round: u32, body: &Body) -> io::Result<&[u8]> {
        if self.body.as_ref().is_some_and(|last| same(last, body)) {
            return Ok(&self.json);
        }
        let key = answer_key(body);
        if let Some(key) = key {
            if round != self.round {
                self.round = round;
                self.answers
                    .retain(|k, _| key_round(*k).saturating_add(ANSWERED_WITHIN) >= round);
            }
            // Answers go to one recipient each, so a kept one is written from where it is
            // kept (the last body stays the one it was).
            if self
                .answers
                .get(&key)
                .is_some_and(|(kept, _)| same(kept, body))
            {
                return Ok(self.answers.get(&key).map_or(&[], |(_, json)| json));
            }
        }
        self.make(sc, body)?;
        self.body = Some(body.clone());
        if let Some(key) = key {
            self.answers.insert(key, (body.clone(), self.json.clone()));
        }
        Ok(&self.json)
    }

    fn make(&mut self, sc: &Scenario, body: &Body) -> io::Result<()> {
        self.fields.clear();
        write_body_json(&mut self.fields, body)?;
        // The body is an object (its kind is a tag inside it): its fields follow ours.
        let Some(fields) = self
            .fields
            .strip_prefix(b"{")
            .and_then(|f| f.strip_suffix(b"}"))
        else {
            return Err(io::Error::other("a message body is not a JSON object"));
        };
        self.text.clear();
        narrate::write_body(&mut self.text, sc, body);
        self.json.clear();
        self.json.extend_from_slice(b",\"content\":");
        write_json_string(&mut self.json, &self.text)?;
        if !fields.is_empty() {
            self.json.push(b',');
        }
        self.json.extend_from_slice(fields);
        Ok(())
    }
}

/// `body` as JSON, byte for byte as `serde_json` writes it, without serde's machinery for
/// the kinds a large run sends millions of (the rest go to `serde_json`). Every field is
/// named, so that a field added to a kind cannot be left out. (A test holds the two to the
/// same bytes.)
fn write_body_json(out: &mut Vec<u8>, body: &Body) -> io::Result<()> {
    fn number(out: &mut Vec<u8>, x: f64) -> io::Result<()> {
        serde_json::to_writer(out, &x).map_err(io::Error::from)
    }
    fn whole(out: &mut Vec<u8>, n: impl itoa::Integer) {
        out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
    }
    fn package(out: &mut Vec<u8>, id: &PackageId) {
        let PackageId { round, proposer } = id;
        out.extend_from_slice(b"\"package\":{\"round\":");
        whole(out, *round);
        out.extend_from_slice(b",\"proposer\":");
        whole(out, proposer.0);
        out.push(b'}');
    }
    fn positions(out: &mut Vec<u8>, xs: &[f64]) -> io::Result<()> {
        out.extend_from_slice(b"\"positions\":[");
        for (k, x) in xs.iter().enumerate() {
            if k > 0 {
                out.push(b',');
            }
            number(out, *x)?;
        }
        out.push(b']');
        Ok(())
    }
    match body {
        Body::Propose {
            package: id,
            positions: xs,
        }
        | Body::Report {
            package: id,
            positions: xs,
        } => {
            out.extend_from_slice(b"{\"kind\":\"");
            out.extend_from_slice(body.kind().as_bytes());
            out.extend_from_slice(b"\",");
            package(out, id);
            out.push(b',');
            positions(out, xs)?;
        }
        Body::Accept { package: id } => {
            out.extend_from_slice(b"{\"kind\":\"accept\",");
            package(out, id);
        }
        Body::Mandate {
            aspiration,
            positions: xs,
        } => {
            out.extend_from_slice(b"{\"kind\":\"mandate\",\"aspiration\":");
            number(out, *aspiration)?;
            out.push(b',');
            positions(out, xs)?;
        }
        Body::Advise {
            positions: xs,
            strength,
        } => {
            out.extend_from_slice(b"{\"kind\":\"advise\",");
            positions(out, xs)?;
            out.extend_from_slice(b",\"strength\":");
            number(out, *strength)?;
        }
        Body::Consult { assessments } => {
            out.extend_from_slice(b"{\"kind\":\"consult\",\"assessments\":[");
            for (k, (j, t)) in assessments.iter().enumerate() {
                if k > 0 {
                    out.push(b',');
                }
                out.push(b'[');
                whole(out, j.0);
                out.push(b',');
                number(out, *t)?;
                out.push(b']');
            }
            out.push(b']');
        }
        Body::Reject {
            package: id,
            reason,
        } => {
            out.extend_from_slice(b"{\"kind\":\"reject\",");
            package(out, id);
            out.extend_from_slice(b",\"reason\":\"");
            out.extend_from_slice(match reason {
                RejectReason::WorseThanSecurity => b"worse_than_security".as_slice(),
                RejectReason::BelowAspiration => b"below_aspiration",
            });
            out.push(b'"');
        }
        Body::Signal { .. } | Body::Walkout { .. } => {
            return serde_json::to_writer(out, body).map_err(io::Error::from);
        }
    }
    out.push(b'}');
    Ok(())
}

/// Whether two bodies are written the same: the same kind, and numbers the same to the
/// bit (`0.0 == -0.0`, but they are written differently). A pair this does not know (a
/// kind added later) counts as different, which only costs writing it again.
fn same(a: &Body, b: &Body) -> bool {
    let same_f64 = |x: &f64, y: &f64| x.to_bits() == y.to_bits();
    let same_positions = |x: &detente_model::message::Positions,
                          y: &detente_model::message::Positions| {
        Arc::ptr_eq(x, y)
            || (x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| same_f64(p, q)))
    };
    match (a, b) {
        (
            Body::Propose {
                package: p,
                positions: x,
            },
            Body::Propose {
                package: q,
                positions: y,
            },
        )
        | (
            Body::Report {
                package: p,
                positions: x,
            },
            Body::Report {
                package: q,
                positions: y,
            },
        ) => p == q && same_positions(x, y),
        (Body::Accept { package: p }, Body::Accept { package: q }) => p == q,
        (
            Body::Reject {
                package: p,
                reason: r,
            },
            Body::Reject {
                package: q,
                reason: s,
            },
        ) => p == q && r == s,
        (Body::Signal { signal: s }, Body::Signal { signal: t }) => s == t,
        (
            Body::Mandate {
                aspiration: a,
                positions: x,
            },
            Body::Mandate {
                aspiration: b,
                positions: y,
            },
        ) => same_f64(a, b) && same_positions(x, y),
        (
            Body::Advise {
                positions: x,
                strength: s,
            },
            Body::Advise {
                positions: y,
                strength: t,
            },
        ) => same_f64(s, t) && same_positions(x, y),
        (Body::Consult { assessments: x }, Body::Consult { assessments: y }) => {
            Arc::ptr_eq(x, y)
                || (x.len() == y.len()
                    && x.iter()
                        .zip(y.iter())
                        .all(|((j, s), (k, t))| j == k && same_f64(s, t)))
        }
        // The copies of one walkout share their reason; anything else is written again.
        (Body::Walkout { reason: x }, Body::Walkout { reason: y }) => Arc::ptr_eq(x, y),
        _ => false,
    }
}

/// `s` as a JSON string, exactly as `serde_json` writes it; text with nothing to escape
/// (a message's words nearly always) is copied whole.
fn write_json_string(out: &mut Vec<u8>, s: &str) -> io::Result<()> {
    // A fold rather than `any`, so that the check runs over the whole text without a
    // branch a byte.
    let plain = s.bytes().fold(true, |plain, b| {
        plain & (b >= 0x20 && b != b'"' && b != b'\\')
    });
    if plain {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
        Ok(())
    } else {
        serde_json::to_writer(out, s).map_err(io::Error::from)
    }
}

/// Writes a record's messages as JSON, each exactly as `serde_json` writes its
/// [`MessageEntry`] compactly, without making the entry: the names and months are
/// spelled once, each body is put into words once, and each line goes out in one piece.
/// (A test holds the two to the same bytes.)
struct LineWriter<'a> {
    sc: &'a Scenario,
    /// Each actor's id as a JSON string, quotes included.
    ids: Vec<String>,
    /// Each round's month as text, for message ids.
    months: Vec<String>,
    body: BodyPart,
}

impl<'a> LineWriter<'a> {
    fn new(sc: &'a Scenario, rec: &RunRecord) -> Self {
        let last = rec.rounds.last().map_or(0, |r| r.round);
        Self {
            sc,
            ids: sc.actors.iter().map(|a| json_string(&a.id)).collect(),
            months: (0..=last).map(|r| sc.date(r).to_string()).collect(),
            body: BodyPart::default(),
        }
    }

    /// Write message `m` of round `round` (its month `date`, as JSON) to `line`, after
    /// `before` (the list's comma and indentation).
    fn write_line(
        &mut self,
        line: &mut Vec<u8>,
        before: &[u8],
        round: u32,
        date: &str,
        m: &detente_model::Message,
    ) -> io::Result<()> {
        line.extend_from_slice(before);
        line.extend_from_slice(b"{\"id\":");
        self.write_id(line, &m.id);
        line.extend_from_slice(b",\"reply_to\":");
        match &m.reply_to {
            Some(r) => self.write_id(line, r),
            None => line.extend_from_slice(b"null"),
        }
        line.extend_from_slice(b",\"round\":");
        line.extend_from_slice(itoa::Buffer::new().format(round).as_bytes());
        line.extend_from_slice(b",\"date\":");
        line.extend_from_slice(date.as_bytes());
        line.extend_from_slice(b",\"from\":");
        line.extend_from_slice(self.ids[m.from().index()].as_bytes());
        line.extend_from_slice(b",\"to\":");
        line.extend_from_slice(self.ids[m.to.index()].as_bytes());
        let part = self.body.of(self.sc, round, &m.body)?;
        line.extend_from_slice(part);
        line.push(b'}');
        Ok(())
    }

    /// A message id as [`narrate::message_id`] spells it, as a JSON string.
    fn write_id(&self, out: &mut Vec<u8>, id: &MessageId) {
        let sender = &self.ids[id.sender.index()];
        match self.months.get(id.round as usize) {
            // Escaping works character by character, so the parts escape on their own.
            Some(month) => {
                out.push(b'"');
                out.extend_from_slice(month.as_bytes());
                out.push(b'/');
                out.extend_from_slice(&sender.as_bytes()[1..sender.len() - 1]);
                out.push(b'/');
                out.extend_from_slice(itoa::Buffer::new().format(id.seq).as_bytes());
                out.push(b'"');
            }
            None => {
                out.extend_from_slice(json_string(&narrate::message_id(self.sc, id)).as_bytes())
            }
        }
    }
}

fn json_string(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

/// Every message of a run. Written straight from the run's record, one message at a time,
/// so that a result of millions of messages is never held as a whole; read back as a list.
#[derive(Clone)]
pub enum Messages {
    /// Read from a file.
    Read(Vec<MessageEntry>),
    /// Still in the run's record.
    Record(Arc<Scenario>, Arc<RunRecord>),
}

impl std::fmt::Debug for Messages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Messages({})", self.len())
    }
}

impl Messages {
    /// How many.
    pub fn len(&self) -> usize {
        match self {
            Messages::Read(v) => v.len(),
            Messages::Record(_, rec) => rec.rounds.iter().map(|r| r.messages.len()).sum(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Each message as an entry (made one at a time from a record).
    pub fn for_each(&self, mut f: impl FnMut(&MessageEntry)) {
        match self {
            Messages::Read(v) => v.iter().for_each(f),
            Messages::Record(sc, rec) => {
                for round in &rec.rounds {
                    for m in &round.messages {
                        f(&message_entry(sc, round.round, round.date, m));
                    }
                }
            }
        }
    }

    /// The messages as a list, borrowed if they were read (a record's are made into
    /// entries).
    pub fn entries(&self) -> std::borrow::Cow<'_, [MessageEntry]> {
        match self {
            Messages::Read(v) => std::borrow::Cow::Borrowed(v),
            Messages::Record(..) => std::borrow::Cow::Owned(self.to_vec()),
        }
    }

    /// Write what `head` writes and then the messages as a JSON list laid out as
    /// [`crate::json`] lays lists out, the list itself at `indent`: one message a line,
    /// written as it is made (a record's lines begin to be made while `head` writes).
    pub(crate) fn write_list<W: Write>(
        &self,
        out: &mut W,
        indent: &str,
        head: impl FnOnce(&mut W) -> io::Result<()>,
    ) -> io::Result<()> {
        if self.is_empty() {
            head(out)?;
            return out.write_all(b"[]");
        }
        let head = |out: &mut W| {
            head(out)?;
            out.write_all(b"[")
        };
        // What comes before each message: a new line, indented, after a comma but for
        // the first.
        let later = format!(",\n{indent}  ");
        let later = later.as_bytes();
        let before = |k: usize| if k == 0 { &later[1..] } else { later };
        match self {
            Messages::Read(v) => {
                head(out)?;
                for (k, m) in v.iter().enumerate() {
                    out.write_all(before(k))?;
                    serde_json::to_writer(&mut *out, m)?;
                }
            }
            Messages::Record(sc, rec) => write_record(out, sc, rec, later, head)?,
        }
        write!(out, "\n{indent}]")
    }

    /// The messages as a list (a record's are made into entries).
    pub fn to_vec(&self) -> Vec<MessageEntry> {
        let mut v = Vec::with_capacity(self.len());
        self.for_each(|m| v.push(m.clone()));
        v
    }
}

/// Messages put into lines per chunk: enough that handing a chunk's bytes from one
/// thread to the other costs little beside making them, few enough that the chunks in
/// flight (about 1.3 MB each at 5,000 actors, at most four a maker, their buffers reused)
/// stay small beside the run.
const CHUNK_MESSAGES: usize = 4096;

/// A run of consecutive messages: spans of rounds, as (index of the round, its messages).
type Chunk = Vec<(usize, std::ops::Range<usize>)>;

/// The record's messages cut, in order, into chunks of `size` messages (the last shorter).
fn chunks(rec: &RunRecord, size: usize) -> Vec<Chunk> {
    let mut out = vec![Chunk::new()];
    let mut room = size;
    for (r, round) in rec.rounds.iter().enumerate() {
        let mut at = 0;
        while at < round.messages.len() {
            if room == 0 {
                out.push(Chunk::new());
                room = size;
            }
            let n = room.min(round.messages.len() - at);
            if let Some(c) = out.last_mut() {
                c.push((r, at..at + n));
            }
            at += n;
            room -= n;
        }
    }
    out
}

/// Line makers: each makes every other chunk while this thread writes the chunks out in
/// order (the bytes do not depend on who made them: a [`LineWriter`] only keeps parts it
/// would make the same again).
const MAKERS: usize = 2;

/// Write what `head` writes, then a record's messages as lines, each after `later` (the
/// first after `later` without its comma): with more than one chunk, made by [`MAKERS`]
/// threads, which begin while `head` writes.
fn write_record<W: Write>(
    out: &mut W,
    sc: &Scenario,
    rec: &RunRecord,
    later: &[u8],
    head: impl FnOnce(&mut W) -> io::Result<()>,
) -> io::Result<()> {
    let dates = rec
        .rounds
        .iter()
        .map(|r| serde_json::to_string(&r.date))
        .collect::<Result<Vec<_>, _>>()?;
    let chunks = chunks(rec, CHUNK_MESSAGES);
    // Chunk `c`'s lines, appended to `buf`.
    let make = |lines: &mut LineWriter, c: usize, buf: &mut Vec<u8>| -> io::Result<()> {
        for (k, (r, span)) in chunks[c].iter().enumerate() {
            let round = &rec.rounds[*r];
            for (i, m) in round.messages[span.clone()].iter().enumerate() {
                let first = c == 0 && k == 0 && i == 0;
                let before = if first { &later[1..] } else { later };
                lines.write_line(buf, before, round.round, &dates[*r], m)?;
            }
        }
        Ok(())
    };
    if chunks.len() < 2 {
        head(out)?;
        let mut buf = Vec::new();
        make(&mut LineWriter::new(sc, rec), 0, &mut buf)?;
        return out.write_all(&buf);
    }
    std::thread::scope(|s| {
        let make = &make;
        let count = chunks.len();
        // Per maker: its chunks to this thread, and written buffers back for reuse.
        let mut made = Vec::new();
        let mut spare = Vec::new();
        for first in 0..MAKERS {
            let (made_tx, made_rx) = std::sync::mpsc::sync_channel::<io::Result<Vec<u8>>>(2);
            let (spare_tx, spare_rx) = std::sync::mpsc::channel::<Vec<u8>>();
            made.push(made_rx);
            spare.push(spare_tx);
            s.spawn(move || {
                let mut lines = LineWriter::new(sc, rec);
                for c in (first..count).step_by(MAKERS) {
                    let mut buf = spare_rx.try_recv().unwrap_or_default();
                    buf.clear();
                    let result = make(&mut lines, c, &mut buf).map(|()| buf);
                    // The writing thread stops at the first error and drops its
                    // receivers, which ends this one.
                    if made_tx.send(result).is_err() {
                        break;
                    }
                }
            });
        }
        head(out)?;
        for c in 0..count {
            let buf = made[c % MAKERS]
                .recv()
                .map_err(|_| io::Error::other("a line maker stopped"))??;
            out.write_all(&buf)?;
            let _ = spare[c % MAKERS].send(buf);
        }
        Ok(())
    })
}

fn message_entry(
    sc: &Scenario,
    round: u32,
    date: YearMonth,
    m: &detente_model::Message,
) -> MessageEntry {
    MessageEntry {
        id: narrate::message_id(sc, &m.id),
        reply_to: m.reply_to.map(|r| narrate::message_id(sc, &r)),
        round,
        date,
        from: sc.actor(m.from()).id.clone(),
        to: sc.actor(m.to).id.clone(),
        content: narrate::body(sc, &m.body),
        body: m.body.clone(),
    }
}

impl Serialize for Messages {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.len()))?;
        match self {
            Messages::Read(v) => v.iter().try_for_each(|m| seq.serialize_element(m))?,
            Messages::Record(sc, rec) => {
                for round in &rec.rounds {
                    for m in &round.messages {
                        seq.serialize_element(&message_entry(sc, round.round, round.date, m))?;
                    }
                }
            }
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for Messages {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Vec::<MessageEntry>::deserialize(d).map(Messages::Read)
    }
}

impl JsonSchema for Messages {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Messages".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        generator.subschema_for::<Vec<MessageEntry>>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use detente_model::{ActorId, SignalKind, WalkoutReason};

    #[test]
    fn bodies_are_written_as_serde_json_writes_them() {
        let odd = [
            0.0,
            -0.0,
            0.5,
            -1.25,
            1e-300,
            1e300,
            f64::NAN,
            f64::INFINITY,
            0.1 + 0.2,
        ];
        let id = PackageId {
            round: 7,
            proposer: ActorId(65535),
        };
        let mut bodies = vec![
            Body::Signal {
                signal: SignalKind::Warn,
            },
            Body::Reject {
                package: id,
                reason: RejectReason::BelowAspiration,
            },
            Body::Reject {
                package: id,
                reason: RejectReason::WorseThanSecurity,
            },
            Body::Walkout {
                reason: Arc::new(WalkoutReason {
                    trust: 0.25,
                    hazard: 0.5,
                    margin: None,
                    last_straws: vec![],
                }),
            },
            Body::Accept { package: id },
            Body::Consult {
                assessments: Arc::from(vec![]),
            },
        ];
        for &x in &odd {
            let xs: detente_model::message::Positions = Arc::from(vec![x, 0.3, -x]);
            bodies.extend([
                Body::Propose {
                    package: id,
                    positions: Arc::clone(&xs),
                },
                Body::Report {
                    package: id,
                    positions: Arc::clone(&xs),
                },
                Body::Mandate {
                    aspiration: x,
                    positions: Arc::clone(&xs),
                },
                Body::Advise {
                    positions: Arc::from(vec![]),
                    strength: x,
                },
                Body::Consult {
                    assessments: Arc::from(vec![(ActorId(3), x), (ActorId(0), 0.7)]),
                },
            ]);
        }
        for body in &bodies {
            let mut fast = Vec::new();
            write_body_json(&mut fast, body).unwrap();
            let expected = serde_json::to_vec(body).unwrap();
            assert_eq!(
                String::from_utf8(fast).unwrap(),
                String::from_utf8(expected).unwrap()
            );
        }
        // Bodies are the same only when they are written the same.
        for a in &bodies {
            for b in &bodies {
                if same(a, b) {
                    assert_eq!(
                        serde_json::to_vec(a).unwrap(),
                        serde_json::to_vec(b).unwrap()
                    );
                }
            }
            assert!(same(a, &a.clone()), "{a:?}");
        }
    }

    #[test]
    fn text_is_escaped_as_serde_json_escapes_it() {
        for s in [
            "plain words",
            "",
            "a \"quote\"",
            "back\\slash",
            "tab\tnew\nline\u{1}",
            "é ü 日本",
        ] {
            let mut fast = Vec::new();
            write_json_string(&mut fast, s).unwrap();
            assert_eq!(fast, serde_json::to_vec(s).unwrap(), "{s:?}");
        }
    }
}
