//! The loader fed arbitrary and mutated TOML: always a clean error or a valid scenario,
//! never a panic or a hang.

use crate::common::*;
use proptest::prelude::*;

/// A mutation of a shipped scenario's text.
#[derive(Clone, Debug)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    ReplaceChar(usize, char),
    Truncate(usize),
    SwapNumber(usize, String),
    InsertLine(usize, String),
}

fn mutate(text: &str, m: &Mutation) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let at = |k: usize| k % lines.len().max(1);
    match m {
        Mutation::DeleteLine(k) => lines
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != at(*k))
            .map(|(_, l)| *l)
            .collect::<Vec<_>>()
            .join("\n"),
        Mutation::DuplicateLine(k) => {
            let mut v = lines.clone();
            v.insert(at(*k), lines[at(*k)]);
            v.join("\n")
        }
        Mutation::ReplaceChar(k, c) => {
            let chars: Vec<char> = text.chars().collect();
            let i = k % chars.len().max(1);
            chars
                .iter()
                .enumerate()
                .map(|(j, x)| if j == i { *c } else { *x })
                .collect()
        }
        Mutation::Truncate(k) => text.chars().take(k % (text.chars().count() + 1)).collect(),
        Mutation::SwapNumber(k, n) => {
            // Replace the k-th number-looking token with `n`.
            let mut count = 0;
            let target = k % 200;
            lines
                .iter()
                .map(|l| {
                    if let Some((key, value)) = l.split_once(" = ")
                        && value.trim().parse::<f64>().is_ok()
                    {
                        count += 1;
                        if count == target {
                            return format!("{key} = {n}");
                        }
                    }
                    l.to_string()
                })
                .collect::<Vec<_>>()
                .join("\n")
        }
        Mutation::InsertLine(k, line) => {
            let mut v: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
            v.insert(at(*k), line.clone());
            v.join("\n")
        }
    }
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let number = prop_oneof![
        Just("nan".to_string()),
        Just("inf".to_string()),
        Just("-inf".to_string()),
        Just("1e308".to_string()),
        Just("-1".to_string()),
        Just("99999999999999999999".to_string()),
        Just("\"text\"".to_string()),
        (-5.0f64..5.0).prop_map(|x| format!("{x}")),
    ];
    let line = prop_oneof![
        Just("[[actors]]".to_string()),
        Just("[[events]]".to_string()),
        Just("extends = \"otl\"".to_string()),
        Just("drop = { actors = [\"stalin\"] }".to_string()),
        Just("[scenario]".to_string()),
        Just("horizon = 0".to_string()),
        "[a-z_]{1,8} = [0-9.\\-]{1,6}",
        ".{0,40}",
    ];
    prop_oneof![
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<char>()).prop_map(|(k, c)| Mutation::ReplaceChar(k, c)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), number).prop_map(|(k, n)| Mutation::SwapNumber(k, n)),
        (any::<usize>(), line).prop_map(|(k, l)| Mutation::InsertLine(k, l)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn mutated_scenarios_load_or_fail_cleanly(which in 0..SHIPPED.len(), muts in prop::collection::vec(mutation(), 1..4)) {
        let mut text = config_text(SHIPPED[which]);
        for m in &muts {
            text = mutate(&text, m);
        }
        match detente_config::parse(&text, "fuzz.toml") {
            Ok(sc) => {
                // A valid scenario also runs to its end.
                let rec = detente_model::sim::run(std::sync::Arc::new(sc), 1);
                prop_assert!(rec.rounds.len() as u32 <= rec.equilibrium.round + 1);
            }
            Err(e) => {
                let msg = e.to_string();
                prop_assert!(!msg.is_empty());
                for line in msg.lines() {
                    prop_assert!(line.starts_with("fuzz.toml") || line.starts_with("<built-in") || line.starts_with("--set"), "{line}");
                }
                // Every problem has a line, or says why none exists.
                for p in e.problems() {
                    prop_assert!(p.line.is_some() || p.no_line.is_some(), "{p}");
                }
            }
        }
    }

    #[test]
    fn arbitrary_text_fails_cleanly(text in ".{0,400}") {
        if let Err(e) = detente_config::parse(&text, "any.toml") {
            prop_assert!(!e.to_string().is_empty());
            for p in e.problems() {
                prop_assert!(p.line.is_some() || p.no_line.is_some(), "{p}");
            }
        }
    }
}
