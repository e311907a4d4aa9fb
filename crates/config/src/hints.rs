//! "Did you mean" hints and lists of valid names, so every message offers them alike.

/// How many valid names a message lists before it says "...".
pub const LISTED: usize = 20;

/// The nearest of `names` to `wrong`, if any is close.
pub fn nearest<'n>(wrong: &str, names: impl IntoIterator<Item = &'n str>) -> Option<&'n str> {
    let names: Vec<&str> = names.into_iter().collect();
    let close = names
        .iter()
        .map(|n| (strsim::damerau_levenshtein(wrong, n), *n))
        // Close, but not a rewrite of the whole word (`x` is not a typo of `e`).
        .filter(|(d, n)| *d <= 2.max(n.len() / 3) && *d < wrong.chars().count())
        .min()
        .map(|(_, n)| n);
    // Failing that, a unique name it begins: `fulton` for `fulton-speech`.
    close.or_else(|| {
        let mut starts = names
            .iter()
            .filter(|n| wrong.chars().count() >= 3 && n.starts_with(wrong));
        match (starts.next(), starts.next()) {
            (Some(n), None) => Some(*n),
            _ => None,
        }
    })
}

/// ` (did you mean "NAME"?)` for the nearest id or name, or nothing.
pub fn did_you_mean<'n>(wrong: &str, names: impl IntoIterator<Item = &'n str>) -> String {
    nearest(wrong, names)
        .map(|n| format!(" (did you mean \"{n}\"?)"))
        .unwrap_or_default()
}

/// `` (did you mean `KEY`?)`` for the nearest key or field, or nothing.
pub fn did_you_mean_key<'n>(wrong: &str, names: impl IntoIterator<Item = &'n str>) -> String {
    nearest(wrong, names)
        .map(|n| format!(" (did you mean `{n}`?)"))
        .unwrap_or_default()
}

/// The names, comma-separated; past [`LISTED`] of them, "...".
pub fn listing<'n>(names: impl IntoIterator<Item = &'n str>) -> String {
    let mut names = names.into_iter();
    let mut shown: Vec<&str> = names.by_ref().take(LISTED).collect();
    if names.next().is_some() {
        shown.push("...");
    }
    shown.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_prefixes_and_long_lists() {
        assert_eq!(nearest("stalln", ["stalin", "truman"]), Some("stalin"));
        assert_eq!(nearest("x", ["e", "k"]), None, "not a rewrite of the word");
        assert_eq!(
            nearest("fulton", ["fulton-speech", "potsdam"]),
            Some("fulton-speech")
        );
        assert_eq!(
            did_you_mean("trumn", ["truman"]),
            " (did you mean \"truman\"?)"
        );
        assert_eq!(
            did_you_mean_key("paranioa", ["paranoia"]),
            " (did you mean `paranoia`?)"
        );
        assert_eq!(did_you_mean("zzz", ["truman"]), "");
        let many: Vec<String> = (0..30).map(|k| format!("a{k}")).collect();
        let listed = listing(many.iter().map(String::as_str));
        assert!(
            listed.starts_with("a0, a1") && listed.ends_with("a19, ..."),
            "{listed}"
        );
        assert_eq!(listing(["a", "b"]), "a, b");
    }
}
