//! Text from a file made safe to show on a terminal or in an error message: control
//! characters are written as escapes, so a scenario cannot move the cursor, retitle the
//! window, clear the screen or start a forged line of output. Files keep the exact text.

use detente_model::Scenario;
use std::borrow::Cow;

/// Characters that must not reach a terminal as they are: C0 controls, DEL, C1 controls
/// (which include a one-byte CSI), and the bidirectional overrides and isolates that can
/// make text read differently from what it is.
fn unsafe_char(c: char, keep_layout: bool) -> bool {
    if keep_layout && (c == '\n' || c == '\t') {
        return false;
    }
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn escape(s: &str, keep_layout: bool) -> Cow<'_, str> {
    if !s.chars().any(|c| unsafe_char(c, keep_layout)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c, keep_layout) {
            // `\n`, `\t`, `\r` by name, anything else as `\u{1b}`.
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// One piece of user text (an id, a title, a narrative, a value) for a line of output:
/// every control character escaped, line breaks and tabs included.
pub fn shown(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

/// A block of output the program laid out: line breaks and tabs kept, every other control
/// character escaped. The last guard before stdout and stderr.
pub fn shown_block(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

/// JSON text (one log line, say) made safe for a terminal while staying the same JSON:
/// every character [`shown_block`] would escape is written as a JSON `\uXXXX` escape
/// instead, so a JSON parser still reads the exact text. serde_json escapes C0 controls
/// itself but writes DEL, C1 controls (a one-byte CSI among them) and bidirectional
/// overrides as they are; in JSON output they can only stand inside strings, where an
/// escape means the same character.
pub fn shown_json(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| unsafe_char(c, true)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if unsafe_char(c, true) {
            // Every such character is in the Basic Multilingual Plane: one escape each.
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Whether any text of the scenario needs escaping to be shown.
fn needs_escaping(sc: &Scenario) -> bool {
    let bad = |s: &str| s.chars().any(|c| unsafe_char(c, false));
    bad(&sc.settings.name)
        || bad(&sc.settings.title)
        || sc.issues.iter().any(|i| {
            bad(&i.id)
                || bad(&i.name)
                || bad(&i.format)
                || i.waypoints.iter().any(|w| bad(&w.label))
        })
        || sc
            .actors
            .iter()
            .any(|a| bad(&a.id) || bad(&a.name) || bad(&a.bloc) || bad(&a.side))
        || sc
            .events
            .iter()
            .any(|e| bad(&e.id) || bad(&e.title) || bad(&e.narrative))
        || sc
            .outcomes
            .iter()
            .any(|o| bad(&o.label) || bad(&o.description))
}

/// The scenario as a terminal may show it: every text [`shown`]. The scenario itself when
/// nothing needs escaping (the usual case, at no cost); a copy otherwise. Runs, results
/// and files use the scenario as written.
pub fn for_display(sc: &Scenario) -> Cow<'_, Scenario> {
    if !needs_escaping(sc) {
        return Cow::Borrowed(sc);
    }
    let fix = |s: &mut String| {
        if let Cow::Owned(t) = shown(s) {
            *s = t;
        }
    };
    let mut out = sc.clone();
    fix(&mut out.settings.name);
    fix(&mut out.settings.title);
    for i in &mut out.issues {
        fix(&mut i.id);
        fix(&mut i.name);
        fix(&mut i.format);
        for w in &mut i.waypoints {
            fix(&mut w.label);
        }
    }
    for a in &mut out.actors {
        fix(&mut a.id);
        fix(&mut a.name);
        fix(&mut a.bloc);
        fix(&mut a.side);
    }
    for e in &mut out.events {
        fix(&mut e.id);
        fix(&mut e.title);
        fix(&mut e.narrative);
    }
    for o in &mut out.outcomes {
        fix(&mut o.label);
        fix(&mut o.description);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_keeps_its_meaning_and_loses_its_raw_controls() {
        let value = serde_json::json!({
            "title": "T\u{1b}]0;PWNED\u{7}\u{9b}31m\u{202e}\u{7f}\u{2066}x\nerror: forged"
        });
        let line = serde_json::to_string(&value).unwrap();
        let safe = shown_json(&line);
        assert!(
            !safe.chars().any(|c| unsafe_char(c, false)),
            "a raw control is left: {safe:?}"
        );
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value, "the same JSON, to the character");
        assert!(matches!(shown_json("{\"a\":\"plain\"}"), Cow::Borrowed(_)));
    }

    #[test]
    fn control_characters_are_escaped_and_plain_text_is_untouched() {
        let attack = "\u{1b}]0;PWNED\u{7}\u{1b}[2J";
        assert_eq!(shown(attack), "\\u{1b}]0;PWNED\\u{7}\\u{1b}[2J");
        assert_eq!(shown("stalin\nerror: forged"), "stalin\\nerror: forged");
        assert_eq!(shown("a\u{9b}31m\u{202e}b"), "a\\u{9b}31m\\u{202e}b");
        assert_eq!(
            shown_block("line 1\n\tline 2\u{1b}"),
            "line 1\n\tline 2\\u{1b}"
        );
        let plain = "Mikołajczyk's $1B loan – “lost”";
        assert!(matches!(shown(plain), Cow::Borrowed(_)));
        assert!(!shown(attack).contains('\u{1b}'));
    }
}
