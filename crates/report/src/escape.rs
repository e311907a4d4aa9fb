//! Escaping user text (scenario titles, actor names, waypoint labels, narratives, message
//! content) for HTML and for SVG text.
//!
//! Text written into the HTML page goes through [`html`]. Text handed to plotters goes
//! through [`svg_text`] only: plotters-svg (0.3) escapes `<`, `>`, `&`, `"` and `'` in text
//! and attributes itself, so escaping it here as well would show `&amp;lt;` to the reader.
//! What plotters does not do is drop characters that XML forbids (most C0 controls), which
//! would make a standalone `.svg` file unreadable; [`svg_text`] removes those.

/// Escape text for an HTML element's content or a quoted attribute value.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if forbidden(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Text for plotters' SVG backend: characters that XML 1.0 forbids are replaced, the rest is
/// left to plotters, which escapes markup characters.
pub fn svg_text(text: &str) -> String {
    text.chars()
        .map(|c| if forbidden(c) { '\u{FFFD}' } else { c })
        .collect()
}

/// Characters that may not appear in an XML document (or, as raw text, in HTML): C0
/// controls other than tab, line feed and carriage return; DEL and the C1 controls; the
/// noncharacters U+FFFE and U+FFFF.
fn forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{7F}'..='\u{9F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// A short label: at most `max` characters, with an ellipsis if cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
    s.truncate(s.trim_end().len());
    s.push('\u{2026}');
    s
}

/// A file name made of the safe characters of `text` (letters, digits, `-`, `_`).
pub fn file_stem(text: &str) -> String {
    let s: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() { "_".into() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped() {
        assert_eq!(
            html("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(
            html(r#"Tom & "Jerry's""#),
            "Tom &amp; &quot;Jerry&#39;s&quot;"
        );
        assert_eq!(html("a > b"), "a &gt; b");
    }

    #[test]
    fn escaping_is_not_applied_twice_by_accident() {
        // An already escaped entity is text like any other: its ampersand is escaped.
        assert_eq!(html("&amp;"), "&amp;amp;");
        assert_eq!(html("&lt;b&gt;"), "&amp;lt;b&amp;gt;");
    }

    #[test]
    fn plain_and_unicode_text_is_unchanged() {
        for s in [
            "",
            "Stalin",
            "Molotov-Ribbentrop",
            "Łódź → Москва, 1945 ✓",
            "$7B",
        ] {
            assert_eq!(html(s), s);
            assert_eq!(svg_text(s), s);
        }
    }

    #[test]
    fn whitespace_is_kept_and_controls_are_replaced() {
        assert_eq!(html("a\tb\nc\r"), "a\tb\nc\r");
        assert_eq!(html("a\u{0}b\u{1B}c\u{7F}"), "a\u{FFFD}b\u{FFFD}c\u{FFFD}");
        assert_eq!(svg_text("<a>\u{8}"), "<a>\u{FFFD}");
    }

    #[test]
    fn escaped_text_holds_no_markup_whatever_the_input() {
        let nasty = "<img src=x onerror=alert(1)> \"' & </details><script>";
        let e = html(nasty);
        assert!(!e.contains('<') && !e.contains('>') && !e.contains('"') && !e.contains('\''));
        // Every ampersand starts one of the entities written above.
        for (i, _) in e.match_indices('&') {
            let rest = &e[i..];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
                    .iter()
                    .any(|ent| rest.starts_with(ent)),
                "{rest}"
            );
        }
    }

    #[test]
    fn shorten_cuts_on_characters_not_bytes() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(shorten("Москва и Вашингтон", 7), "Москва\u{2026}");
        assert_eq!(shorten("abc def", 5), "abc\u{2026}");
    }

    #[test]
    fn file_stems_are_safe() {
        assert_eq!(file_stem("poland"), "poland");
        assert_eq!(file_stem("../etc/passwd"), "___etc_passwd");
        assert_eq!(file_stem(""), "_");
    }
}
