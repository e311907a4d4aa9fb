//! Mutated copies of the shipped scenarios: each gives one clear line, exit 2, no panic.

use crate::common::*;

struct Case {
    name: &'static str,
    /// Replace the first occurrence of `from` with `to` (`from` empty: replace the whole file).
    from: &'static str,
    to: &'static str,
    /// Text the error must contain.
    expect: &'static [&'static str],
    /// Whether the error must give a line number, and the text on that line (after the
    /// mutation) that it must point at.
    line_of: Option<&'static str>,
}

const CASES: &[Case] = &[
    Case {
        name: "broken syntax",
        from: "paranoia = 0.8",
        to: "paranoia = = 0.8",
        expect: &[],
        line_of: Some("paranoia = = 0.8"),
    },
    Case {
        name: "trust out of range",
        from: "truman = 0.35",
        to: "truman = 1.7",
        expect: &["actors.stalin.trust.truman", "1.7", "allowed: 0 to 1"],
        line_of: Some("truman = 1.7"),
    },
    Case {
        name: "negative paranoia",
        from: "paranoia = 0.8",
        to: "paranoia = -0.2",
        expect: &["actors.stalin.paranoia", "-0.2", "allowed: 0 to 1"],
        line_of: Some("paranoia = -0.2"),
    },
    Case {
        name: "nan",
        from: "paranoia = 0.8",
        to: "paranoia = nan",
        expect: &["actors.stalin.paranoia", "nan", "not a finite number"],
        line_of: Some("paranoia = nan"),
    },
    Case {
        name: "salience not summing to 1",
        from: "salience = { poland = 0.5, germany = 0.3, loan = 0.2 }",
        to: "salience = { poland = 0.5, germany = 0.4, loan = 0.2 }",
        expect: &["actors.stalin.salience", "sums to 1.1", "must sum to 1"],
        line_of: Some("salience = { poland = 0.5, germany = 0.4"),
    },
    Case {
        name: "unknown field (typo)",
        from: "paranoia = 0.8",
        to: "paranioa = 0.8",
        expect: &["unknown field `paranioa`", "paranoia"],
        line_of: Some("paranioa = 0.8"),
    },
    Case {
        name: "unknown actor referenced",
        from: "truman = 0.35",
        to: "truma = 0.35",
        expect: &[
            "actors.stalin.trust.truma",
            "not an actor",
            "did you mean \"truman\"",
        ],
        line_of: Some("truma = 0.35"),
    },
    Case {
        name: "unknown issue referenced",
        from: "ideal = { poland = 0.05",
        to: "ideal = { polnd = 0.05",
        expect: &[
            "actors.stalin.ideal.polnd",
            "not an issue",
            "did you mean \"poland\"",
        ],
        line_of: Some("ideal = { polnd = 0.05"),
    },
    Case {
        name: "missing required field",
        from: "paranoia = 0.8\n",
        to: "\n",
        expect: &["missing field `paranoia`"],
        line_of: None,
    },
    Case {
        name: "veto of an unknown actor",
        from: "veto = [\"stalin\"",
        to: "veto = [\"stallin\"",
        expect: &["scenario.veto[0]", "did you mean \"stalin\""],
        line_of: Some("veto = [\"stallin\""),
    },
    Case {
        name: "event date outside the run",
        from: "date = \"1945-08\"",
        to: "date = \"1951-08\"",
        expect: &[
            "date",
            "1951-08",
            "outside the run",
            "allowed: 1945-05 to 1949-04",
        ],
        line_of: Some("date = \"1951-08\""),
    },
    Case {
        name: "malformed month",
        from: "start = \"1945-05\"",
        to: "start = \"May 1945\"",
        expect: &["scenario.start", "YYYY-MM"],
        line_of: Some("start = \"May 1945\""),
    },
    Case {
        name: "unknown role",
        from: "role = \"envoy\"",
        to: "role = \"envoi\"",
        expect: &["unknown variant `envoi`", "envoy"],
        line_of: Some("role = \"envoi\""),
    },
    Case {
        name: "wrong type",
        from: "horizon = 48",
        to: "horizon = \"forty-eight\"",
        expect: &["invalid type"],
        line_of: Some("horizon = \"forty-eight\""),
    },
];

fn run_mutation(base: &str, case: &Case) -> (String, String, i32) {
    let text = config_text(base);
    assert!(
        text.contains(case.from),
        "{}: {:?} not in {base}.toml",
        case.name,
        case.from
    );
    let mutated = text.replacen(case.from, case.to, 1);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{base}-mutated.toml"));
    std::fs::write(&path, &mutated).unwrap();
    let out = detente(&["run", "--quiet", path_str(&path)]);
    (mutated, stderr(&out), out.status.code().unwrap_or(-1))
}

#[test]
fn every_mutation_gives_one_located_line_and_exit_2() {
    for base in SHIPPED {
        for case in CASES {
            if !config_text(base).contains(case.from) {
                continue;
            }
            let (mutated, err, code) = run_mutation(base, case);
            let ctx = format!("{base} / {}: {err}", case.name);
            assert_eq!(code, 2, "{ctx}");
            assert!(!err.contains("panicked"), "{ctx}");
            assert_eq!(err.trim_end().lines().count(), 1, "one line: {ctx}");
            assert!(
                err.contains(&format!("{base}-mutated.toml:")),
                "names the file: {ctx}"
            );
            for e in case.expect {
                assert!(err.contains(e), "missing {e:?}: {ctx}");
            }
            if let Some(needle) = case.line_of {
                let line = mutated.lines().position(|l| l.contains(needle)).unwrap() + 1;
                assert!(
                    err.contains(&format!("-mutated.toml:{line}:")),
                    "points at line {line}: {ctx}"
                );
            } else {
                let after = err.split("-mutated.toml:").nth(1).unwrap_or("");
                let located = after
                    .split(':')
                    .next()
                    .is_some_and(|s| s.parse::<usize>().is_ok());
                assert!(located, "gives a line: {ctx}");
            }
        }
    }
}

#[test]
fn missing_tables_empty_and_unreadable_files_are_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.toml");
    std::fs::write(&empty, "\n# nothing here\n").unwrap();
    let no_issues = dir.path().join("no-issues.toml");
    let text = config_text("otl");
    let cut = text.find("[[issues]]").unwrap();
    let cut_end = text.find("[[actors]]").unwrap();
    std::fs::write(&no_issues, format!("{}{}", &text[..cut], &text[cut_end..])).unwrap();
    let missing = dir.path().join("does-not-exist.toml");
    let not_utf8 = dir.path().join("binary.toml");
    std::fs::write(&not_utf8, [0xff, 0xfe, 0x00, 0x41]).unwrap();
    let cases = [
        (empty.clone(), "the file is empty"),
        (no_issues.clone(), "missing field `issues`"),
        (missing.clone(), "cannot read"),
        (not_utf8.clone(), "not UTF-8"),
        (dir.path().to_path_buf(), "cannot read"),
    ];
    for (path, expect) in cases {
        let out = detente(&["run", path_str(&path)]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{}: {err}", path.display());
        assert!(err.contains(expect), "{}: {err}", path.display());
        assert!(
            err.contains(path.file_name().unwrap().to_str().unwrap()),
            "names the file: {err}"
        );
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    }
}

#[test]
fn an_actor_nobody_can_reach_is_reported() {
    let text = config_text("otl").replacen("bloc = \"uk\"", "bloc = \"france\"", 1);
    // Churchill, alone in his bloc, still has channels; strip them to isolate him.
    let isolated: String = text
        .split("[[channels]]")
        .enumerate()
        .filter(|(k, part)| *k == 0 || !part.contains("churchill"))
        .map(|(k, part)| {
            if k == 0 {
                part.to_string()
            } else {
                format!("[[channels]]{part}")
            }
        })
        .collect();
    let isolated = isolated.replace("[\"stalin\", \"churchill\"]", "[\"stalin\", \"truman\"]");
    match detente_config::parse(&isolated, "isolated.toml") {
        Ok(_) => panic!("an isolated actor was accepted"),
        Err(e) => {
            let msg = e.to_string();
            assert!(
                msg.contains("actors.churchill") && msg.contains("nobody can reach"),
                "{msg}"
            );
            assert!(msg.starts_with("isolated.toml:"), "{msg}");
        }
    }
}

#[test]
fn several_problems_are_all_reported() {
    let text = config_text("otl")
        .replacen("paranoia = 0.8", "paranoia = 1.8", 1)
        .replacen("truman = 0.35", "truman = -1.0", 1);
    let err = detente_config::parse(&text, "two.toml").unwrap_err();
    assert_eq!(err.problems().len(), 2, "{err}");
}

#[test]
fn a_duplicated_actor_is_reported_at_its_second_table() {
    let text = config_text("otl");
    let start = text
        .find("[[actors]]\nid = \"beria\"")
        .expect("beria's table");
    let end = start + text[start..].find("\n\n").expect("end of beria's table");
    let duplicated = format!("{}\n\n{}", text.trim_end(), &text[start..end]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dup.toml");
    std::fs::write(&path, &duplicated).unwrap();
    let out = detente(&["run", path_str(&path)]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    let line = duplicated
        .rfind("id = \"beria\"")
        .map(|i| duplicated[..i].matches('\n').count() + 1)
        .unwrap();
    assert!(
        err.contains(&format!("dup.toml:{line}:")),
        "points at the second id (line {line}): {err}"
    );
    assert!(err.contains("\"beria\" is a duplicate"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
}

#[test]
fn semantic_mistakes_in_events_strategies_and_outcomes_are_caught() {
    let text = config_text("otl");
    let cases = [
        (
            text.replacen(
                "strategy = { kind = \"reciprocal\" }",
                "strategy = { kind = \"reciprocal\", e = 2.0 }",
                1,
            ),
            "actors.truman.strategy.e is set, but a reciprocal strategy has no exponent",
        ),
        (
            text.replacen(
                "strategy = { kind = \"boulware\", e = 0.2 }",
                "strategy = { kind = \"boulware\", e = 1.5 }",
                1,
            ),
            "actors.stalin.strategy.e = 1.5 is out of range; allowed: 0.01 to 1",
        ),
        (
            text.replacen("min_trust = 0.5", "min_trust = 0.5\nmax_trust = 0.4", 1),
            "max_trust = 0.4 is below min_trust = 0.5",
        ),
        (
            text.replacen("principal = \"stalin\"", "principal = \"beria\"", 1),
            "actors.molotov.principal = \"beria\" is not a principal (it is an adviser)",
        ),
    ];
    for (mutated, expect) in cases {
        assert_ne!(mutated, text, "mutation applies: {expect}");
        let err = detente_config::parse(&mutated, "m.toml")
            .expect_err(expect)
            .to_string();
        assert!(err.contains(expect), "expected {expect:?} in {err}");
        assert!(err.starts_with("m.toml:"), "{err}");
    }
}
