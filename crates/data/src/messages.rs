//! The messages of a run's result: read back as a list, written straight from the run's
//! record one at a time, each body put into words once however many receive it.

use detente_model::message::MessageId;
use detente_model::{Body, RunRecord, Scenario, YearMonth, narrate};
use schemars::JsonSchema;
use serde::ser::SerializeSeq;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
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

/// What the last message body said in words: a sender's copies of one message to many
/// come one after another, and are put into words once. (Other repeats are rare and cheap
/// to narrate again: a cache of every text cost more than it saved.)
#[derive(Default)]
struct Narration {
    /// The body's own JSON, so that any body the model gains is handled.
    key: Vec<u8>,
    text: String,
}

impl Narration {
    /// What `body`, whose JSON is `key`, says.
    fn of(&mut self, sc: &Scenario, body: &Body, key: &[u8]) -> &str {
        if self.key != key {
            self.text.clear();
            narrate::write_body(&mut self.text, sc, body);
            self.key.clear();
            self.key.extend_from_slice(key);
        }
        &self.text
    }
}

/// Writes a record's messages as JSON, each exactly as `serde_json` writes its
/// [`MessageEntry`] compactly, without making the entry: the names and months are
/// spelled once, each body is put into words once. (A test holds the two to the same
/// bytes.)
struct LineWriter<'a> {
    sc: &'a Scenario,
    /// Each actor's id as a JSON string, quotes included.
    ids: Vec<String>,
    /// Each round's month as text, for message ids.
    months: Vec<String>,
    narration: Narration,
    body: Vec<u8>,
}

impl<'a> LineWriter<'a> {
    fn new(sc: &'a Scenario, rec: &RunRecord) -> Self {
        let last = rec.rounds.last().map_or(0, |r| r.round);
        Self {
            sc,
            ids: sc.actors.iter().map(|a| json_string(&a.id)).collect(),
            months: (0..=last).map(|r| sc.date(r).to_string()).collect(),
            narration: Narration::default(),
            body: Vec::new(),
        }
    }

    /// Write message `m` of round `round` (its month `date`, as JSON) to `out`.
    fn write(
        &mut self,
        out: &mut impl Write,
        round: u32,
        date: &str,
        m: &detente_model::Message,
    ) -> io::Result<()> {
        self.body.clear();
        serde_json::to_writer(&mut self.body, &m.body)?;
        // The body is an object (its kind is a tag inside it): its fields follow ours.
        let Some(fields) = self.body.strip_prefix(b"{") else {
            return Err(io::Error::other("a message body is not a JSON object"));
        };
        out.write_all(b"{\"id\":")?;
        self.write_id(out, &m.id)?;
        out.write_all(b",\"reply_to\":")?;
        match &m.reply_to {
            Some(r) => self.write_id(out, r)?,
            None => out.write_all(b"null")?,
        }
        out.write_all(b",\"round\":")?;
        out.write_all(itoa::Buffer::new().format(round).as_bytes())?;
        out.write_all(b",\"date\":")?;
        out.write_all(date.as_bytes())?;
        out.write_all(b",\"from\":")?;
        out.write_all(self.ids[m.from().index()].as_bytes())?;
        out.write_all(b",\"to\":")?;
        out.write_all(self.ids[m.to.index()].as_bytes())?;
        out.write_all(b",\"content\":")?;
        let content = self.narration.of(self.sc, &m.body, &self.body);
        serde_json::to_writer(&mut *out, content)?;
        if fields != b"}" {
            out.write_all(b",")?;
        }
        out.write_all(fields)
    }

    /// A message id as [`narrate::message_id`] spells it, as a JSON string.
    fn write_id(&self, out: &mut impl Write, id: &MessageId) -> io::Result<()> {
        let sender = &self.ids[id.sender.index()];
        match self.months.get(id.round as usize) {
            // Escaping works character by character, so the parts escape on their own.
            Some(month) => {
                out.write_all(b"\"")?;
                out.write_all(month.as_bytes())?;
                out.write_all(b"/")?;
                out.write_all(&sender.as_bytes()[1..sender.len() - 1])?;
                out.write_all(b"/")?;
                out.write_all(itoa::Buffer::new().format(id.seq).as_bytes())?;
                out.write_all(b"\"")
            }
            None => out.write_all(json_string(&narrate::message_id(self.sc, id)).as_bytes()),
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

    /// Write the messages as a JSON list laid out as [`crate::json`] lays lists out, the
    /// list itself at `indent`: one message a line, written as it is made.
    pub(crate) fn write_list(&self, out: &mut impl Write, indent: &str) -> io::Result<()> {
        if self.is_empty() {
            return out.write_all(b"[]");
        }
        out.write_all(b"[")?;
        let mut first = true;
        let mut next = |out: &mut dyn Write| {
            let comma = if std::mem::take(&mut first) { "" } else { "," };
            write!(out, "{comma}\n{indent}  ")
        };
        match self {
            Messages::Read(v) => {
                for m in v {
                    next(out)?;
                    serde_json::to_writer(&mut *out, m)?;
                }
            }
            Messages::Record(sc, rec) => {
                let mut lines = LineWriter::new(sc, rec);
                for round in &rec.rounds {
                    let date = serde_json::to_string(&round.date)?;
                    for m in &round.messages {
                        next(out)?;
                        lines.write(out, round.round, &date, m)?;
                    }
                }
            }
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
