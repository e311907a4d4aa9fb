//! The what-if library as users meet it: listed, checked, and summed up in docs/scenarios.md.

use crate::common::*;

#[test]
fn every_shipped_scenario_is_built_in_listed_and_checks_clean() {
    let out = detente(&["scenarios"]);
    assert_eq!(out.status.code(), Some(0));
    let listed = stdout(&out);
    let files: Vec<String> = std::fs::read_dir(root().join("configs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        // The patterns the model must reproduce live beside the scenarios but are not one.
        .filter(|name| name != "patterns")
        .collect();
    assert_eq!(
        files.len(),
        SHIPPED.len(),
        "SHIPPED lists every file in configs/"
    );
    for name in &files {
        assert!(
            SHIPPED.contains(&name.as_str()),
            "{name} missing from SHIPPED"
        );
        assert!(
            listed.lines().any(|l| l.starts_with(name.as_str())),
            "{name} not listed"
        );
        let text = config_text(name);
        assert!(
            text.starts_with('#'),
            "{name}.toml opens with a comment saying what it changes"
        );
        let out = detente(&["check", path_str(&config_path(name))]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        let summary = stdout(&out);
        for part in ["ok", "issues:", "actors:", "events:", "outcome labels"] {
            assert!(
                summary.contains(part),
                "{name}: check summary lacks {part:?}"
            );
        }
    }
}

#[test]
fn the_library_adds_actors_and_issues_with_no_code_change() {
    let otl = scenario("otl");
    let more_actors = SHIPPED
        .iter()
        .filter(|n| scenario(n).actors.len() > otl.actors.len())
        .count();
    let more_issues = SHIPPED
        .iter()
        .filter(|n| scenario(n).issues.len() > otl.issues.len())
        .count();
    assert!(
        more_actors >= 1 && more_issues >= 1,
        "actors added in {more_actors}, issues in {more_issues}"
    );
    for name in SHIPPED {
        let text = config_text(name);
        if *name != "otl" {
            assert!(
                text.contains("extends = \"otl\""),
                "{name} is written as a diff of otl"
            );
        }
    }
}

#[test]
fn check_reports_every_problem_not_only_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    let text = config_text("otl")
        .replacen("paranoia = 0.8", "paranoia = 1.8", 1)
        .replacen("truman = 0.35", "truman = -0.35", 1)
        .replacen("date = \"1945-08\"", "date = \"1952-08\"", 1);
    std::fs::write(&bad, text).unwrap();
    let out = detente(&["check", path_str(&config_path("otl")), path_str(&bad)]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(
        err.lines().filter(|l| l.contains("bad.toml:")).count(),
        3,
        "{err}"
    );
    assert!(
        stdout(&out).contains("otl.toml: ok"),
        "the good file is still summarised"
    );
}

#[test]
fn the_outcome_table_in_the_docs_matches_the_command() {
    let out = detente(&["outcomes", "--format", "markdown"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let docs = std::fs::read_to_string(root().join("docs/scenarios.md")).unwrap();
    let begin = docs
        .find("<!-- outcomes:begin -->\n")
        .expect("begin marker")
        + "<!-- outcomes:begin -->\n".len();
    let end = docs.find("<!-- outcomes:end -->").expect("end marker");
    assert_eq!(
        &docs[begin..end],
        stdout(&out),
        "docs/scenarios.md is stale: rerun `detente outcomes --format markdown` and paste it between the markers"
    );
}

#[test]
fn every_shipped_scenario_reaches_its_end_under_every_seed_tried() {
    for name in SHIPPED {
        let sc = scenario(name);
        for seed in 1..=30 {
            let rec = detente_model::sim::run(std::sync::Arc::clone(&sc), seed);
            let eq = &rec.equilibrium;
            assert!(
                eq.round < sc.settings.horizon && rec.rounds.len() as u32 == eq.round + 1,
                "{name} seed {seed}"
            );
            assert!(
                !eq.outcome.starts_with("unclassified"),
                "{name} seed {seed}: no label matches {:?}",
                eq.positions
            );
        }
    }
}
