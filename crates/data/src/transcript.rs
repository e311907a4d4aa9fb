//! The dated transcript of a run as text: what `detente run` prints and the explorer's
//! game shows, written in one place so that the two are the same text.

use detente_model::{Body, RunRecord, Scenario, narrate};
use std::borrow::Cow;

/// How a piece of user text is made safe to show (the terminal escapes control
/// characters; see `detente_config::text::shown`).
pub type Shown = fn(&str) -> Cow<'_, str>;

/// Messages a brief transcript leaves out: they move the negotiation inside a bloc, not
/// across the table.
pub fn is_bookkeeping(body: &Body) -> bool {
    matches!(
        body,
        Body::Mandate { .. }
            | Body::Report { .. }
            | Body::Advise { .. }
            | Body::Reject { .. }
            | Body::Consult { .. }
    )
}

/// The opening line: which scenario, which seed.
pub fn heading(sc: &Scenario, rec: &RunRecord, shown: Shown) -> String {
    format!(
        "detente: {} ({}), seed {}\n",
        shown(&sc.settings.title),
        shown(&sc.settings.name),
        rec.seed
    )
}

/// The dated transcript: the heading, then events and messages, round by round, and a
/// blank line. A message sent alike to several recipients is one line.
pub fn transcript(sc: &Scenario, rec: &RunRecord, brief: bool, shown: Shown) -> String {
    let mut out = format!("{}\n", heading(sc, rec, shown));
    for round in &rec.rounds {
        for ev in round.events.iter().filter(|e| e.happened) {
            out.push_str(&format!("{} ** {}", round.date, shown(&ev.title)));
            if !ev.narrative.is_empty() {
                out.push_str(&format!(": {}", shown(&ev.narrative)));
            }
            out.push('\n');
        }
        let mut lines: Vec<(usize, String, Vec<String>)> = Vec::new();
        for m in round
            .messages
            .iter()
            .filter(|m| !brief || !is_bookkeeping(&m.body))
        {
            let text = shown(&narrate::body(sc, &m.body)).into_owned();
            let from = m.from().index();
            let to = shown(&sc.actor(m.to).name).into_owned();
            match lines.iter_mut().find(|(f, t, _)| *f == from && *t == text) {
                Some((_, _, recipients)) => recipients.push(to),
                None => lines.push((from, text, vec![to])),
            }
        }
        for (from, text, to) in lines {
            out.push_str(&format!(
                "{} {} -> {}: {}\n",
                round.date,
                shown(&sc.actors[from].name),
                to.join(", "),
                text
            ));
        }
    }
    out.push('\n');
    out
}
