//! `detente validate`: its figures agree with runs made by hand, a pattern that cannot hold
//! fails with exit 1, and a bad patterns file is bad input naming its line.

use crate::common::*;
use detente_model::record::EquilibriumReason;
use std::sync::Arc;

fn patterns_file(dir: &tempfile::TempDir, text: &str) -> String {
    let path = dir.path().join("patterns.toml");
    std::fs::write(&path, text).expect("write patterns");
    path_str(&path).to_string()
}

const SETTINGS: &str = "[settings]\nruns = 60\nruns_per_point = 30\nseed_start = 1\n";

/// The share `validate` measured, from its "measured 12.3% [..]" line.
fn measured_percent(out: &str) -> f64 {
    let line = out
        .lines()
        .find_map(|l| l.trim().strip_prefix("measured "))
        .unwrap_or_else(|| panic!("no measured line in\n{out}"));
    let number = line.split('%').next().unwrap_or_default();
    number
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("not a share: {line}"))
}

#[test]
fn a_share_is_the_share_of_the_same_seeds_run_by_hand() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = format!(
        "{SETTINGS}[[patterns]]\nid = \"otl-settles\"\nclaim = \"c\"\nsource = \"s\"\n\
         kind = \"share\"\nscenario = \"otl\"\ncount = [\"settlement\"]\ntarget = [0.0, 1.0]\n"
    );
    let file = patterns_file(&dir, &text);
    let out = detente(&["validate", &file]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let sc = scenario("otl");
    let settled = (1..=60)
        .filter(|&seed| {
            detente_model::sim::run(Arc::clone(&sc), seed)
                .equilibrium
                .reason
                == EquilibriumReason::Settlement
        })
        .count();
    let by_hand = 100.0 * settled as f64 / 60.0;
    let said = measured_percent(&stdout(&out));
    assert!(
        (said - by_hand).abs() < 0.051,
        "validate {said}%, by hand {by_hand}%"
    );
}

#[test]
fn a_pattern_that_cannot_hold_fails_and_exits_1() {
    // A scenario never differs from itself: a paired difference of at least ten points
    // must fail whatever the model does.
    let dir = tempfile::tempdir().expect("tempdir");
    let text = format!(
        "{SETTINGS}[[patterns]]\nid = \"self\"\nclaim = \"otl differs from otl\"\n\
         source = \"none\"\nkind = \"difference\"\nscenario = \"otl\"\nbaseline = \"otl\"\n\
         count = [\"settlement\"]\ntarget = [0.10, 1.0]\n"
    );
    let file = patterns_file(&dir, &text);
    let out = detente(&["validate", &file]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let text = stdout(&out);
    assert!(text.lines().any(|l| l.starts_with("FAIL  self")), "{text}");
    assert!(text.contains("measured"), "{text}");
}

#[test]
fn a_bad_patterns_file_names_the_line_and_what_is_allowed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = format!(
        "{SETTINGS}[[patterns]]\nid = \"x\"\nclaim = \"c\"\nsource = \"s\"\n\
         kind = \"shares\"\nscenario = \"otl\"\n"
    );
    let file = patterns_file(&dir, &text);
    let out = detente(&["validate", &file]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("patterns.toml") && err.contains(":9"), "{err}");
    assert!(err.contains("shares") && err.contains("share"), "{err}");
}

#[test]
fn the_built_in_patterns_can_be_checked_one_at_a_time() {
    let out = detente(&["validate", "--runs", "40", "--only", "baseline-break-date"]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let text = stdout(&out);
    let checked: Vec<_> = text
        .lines()
        .filter(|l| l.starts_with("pass ") || l.starts_with("FAIL "))
        .collect();
    assert_eq!(checked.len(), 1, "{text}");
    assert!(checked[0].contains("baseline-break-date"), "{text}");
}
