//! Scenarios as diffs (`extends`) and `--set` overrides, as a user writing a what-if meets them.

use crate::common::*;
use std::path::Path;

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path_str(&path).to_string()
}

const TEN_LINE_WHATIF: &str = r#"# What if Stalin had been less afraid?
extends = "otl"

[scenario]
name = "calmer-stalin"
title = "A calmer Stalin"

[[actors]]
id = "stalin"
paranoia = 0.5
"#;

#[test]
fn a_ten_line_diff_of_the_baseline_runs_and_differs_from_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "calmer.toml", TEN_LINE_WHATIF);
    let out = detente(&["run", "--quiet", "--seed", "3", &file]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let sc = detente_config::load(Path::new(&file)).unwrap();
    let base = scenario("otl");
    assert_eq!(sc.settings.name, "calmer-stalin");
    assert_eq!(sc.actors[0].paranoia, 0.5);
    assert_eq!(
        sc.actors[0].ideal, base.actors[0].ideal,
        "untouched fields come from otl"
    );
    assert_eq!(sc.events.len(), base.events.len());
}

#[test]
fn a_typo_in_a_diff_names_the_file_line_field_and_nearest_name() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "typo.toml",
        &TEN_LINE_WHATIF.replace("paranoia = 0.5", "paranioa = 0.5"),
    );
    let out = detente(&["run", &file]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("typo.toml:10:12: actors.stalin.paranioa: unknown field `paranioa`"),
        "{err}"
    );
    assert!(err.contains("(did you mean `paranoia`?)"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");

    let file = write(
        dir.path(),
        "typo2.toml",
        &TEN_LINE_WHATIF.replace("id = \"stalin\"", "id = \"stalln\""),
    );
    let err = stderr(&detente(&["run", &file]));
    assert!(err.contains("typo2.toml:9:6: actors.stalln.id = \"stalln\": the parent has no actor with this id (did you mean \"stalin\"?)"), "{err}");

    let file = write(
        dir.path(),
        "range.toml",
        &TEN_LINE_WHATIF.replace("paranoia = 0.5", "paranoia = 5.0"),
    );
    let err = stderr(&detente(&["run", &file]));
    assert!(
        err.contains(
            "range.toml:10:12: actors.stalin.paranoia = 5 is out of range; allowed: 0 to 1"
        ),
        "{err}"
    );
}

#[test]
fn errors_in_an_inherited_field_point_at_the_parent_file() {
    let dir = tempfile::tempdir().unwrap();
    let parent = write(
        dir.path(),
        "parent.toml",
        &config_text("otl").replacen("truman = 0.35", "truman = 1.35", 1),
    );
    let _ = parent;
    let child = write(
        dir.path(),
        "child.toml",
        "extends = \"parent.toml\"\n[scenario]\nname = \"child\"\n",
    );
    let err = stderr(&detente(&["run", &child]));
    assert!(
        err.contains("parent.toml:") && err.contains("actors.stalin.trust.truman = 1.35"),
        "{err}"
    );
}

#[test]
fn extends_cycles_and_missing_parents_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.toml", "extends = \"b.toml\"\n");
    write(dir.path(), "b.toml", "extends = \"a.toml\"\n");
    let err = stderr(&detente(&["run", &a]));
    assert!(err.contains("makes a cycle"), "{err}");
    let c = write(dir.path(), "c.toml", "extends = \"otll\"\n");
    let out = detente(&["run", &c]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        err.contains("c.toml:1:") && err.contains("did you mean \"otl\""),
        "{err}"
    );
    let d = write(dir.path(), "d.toml", "extends = \"./nowhere.toml\"\n");
    let err = stderr(&detente(&["run", &d]));
    assert!(
        err.contains("nowhere.toml") && err.contains("cannot read"),
        "{err}"
    );
}

#[test]
fn dropping_an_actor_removes_every_reference_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "condominium.toml",
        "extends = \"otl\"\ndrop = { actors = [\"churchill\"] }\n[scenario]\nname = \"two\"\n",
    );
    let out = detente(&["run", "--quiet", &file]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let sc = detente_config::load(Path::new(&file)).unwrap();
    assert!(sc.actor_by_id("churchill").is_none());
    assert_eq!(sc.settings.veto.len(), 2);
}

#[test]
fn set_overrides_change_the_run_and_are_checked_like_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.json");
    let b = dir.path().join("b.json");
    let out = detente(&["run", "--quiet", "--json", path_str(&a)]);
    assert_eq!(out.status.code(), Some(0));
    let out = detente(&[
        "run",
        "--quiet",
        "--json",
        path_str(&b),
        "--set",
        "actors.stalin.paranoia=0.2",
        "--set",
        "scenario.horizon=60",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_ne!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&b).unwrap()).unwrap();
    assert_eq!(v["scenario"]["horizon"], 60);

    let out = detente(&["run", "--set", "actors.stalin.paranoia=1.5"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains("--set actors.stalin.paranoia=1.5: actors.stalin.paranoia = 1.5 is out of range; allowed: 0 to 1"), "{err}");
    let err = stderr(&detente(&["run", "--set", "actors.stalln.paranoia=0.5"]));
    assert!(err.contains("did you mean \"stalin\""), "{err}");
    let err = stderr(&detente(&["run", "--set", "actors.stalin.paranioa=0.5"]));
    assert!(
        err.contains("--set actors.stalin.paranioa=0.5") && err.contains("did you mean `paranoia`"),
        "{err}"
    );
    let err = stderr(&detente(&["run", "--set", "nonsense"]));
    assert!(err.contains("expected KEY=VALUE"), "{err}");
}

#[test]
fn a_misspelt_event_id_in_a_diff_is_caught_not_added() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "ev.toml",
        "extends = \"otl\"\n[scenario]\nname = \"x\"\n[[events]]\nid = \"fulton-speach\"\ndate = \"1946-03\"\ntitle = \"Fulton\"\n",
    );
    let out = detente(&["run", &file]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("ev.toml:5:6:") && err.contains("\"fulton-speech\" in the same month"),
        "{err}"
    );
    let file = write(
        dir.path(),
        "drop.toml",
        "extends = \"otl\"\ndrop = { events = [\"fulton\"] }\n[scenario]\nname = \"x\"\n",
    );
    let err = stderr(&detente(&["run", &file]));
    assert!(
        err.contains("did you mean \"fulton-speech\"") && err.contains("the parent has: "),
        "{err}"
    );
}
