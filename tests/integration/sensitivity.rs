//! Sensitivity studies as users run them: properties that hold whatever the model's
//! numbers are (an inert field has no effect, ST is not below S1, a resumed study equals
//! an uninterrupted one, bad input is named).

use crate::common::*;
use serde_json::Value;
use std::path::Path;

fn sensitivity(args: &[&str]) -> (String, String, i32) {
    let out = detente(&[&["sensitivity"], args].concat());
    (stdout(&out), stderr(&out), out.status.code().unwrap_or(-1))
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The ranked entries of each metric that has indices.
fn ranked(file: &Value) -> Vec<&Vec<Value>> {
    file["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["indices"]["ranked"].as_array())
        .collect()
}

#[test]
fn the_fields_of_an_event_that_never_fires_rank_last_with_no_effect() {
    // The event's shifts still define a range, but with the event switched off they can
    // do nothing: every point runs the same seeds, so their elementary effects are 0.
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("m.json");
    let (out, err, code) = sensitivity(&[
        "otl",
        "--params",
        "all-numeric",
        "--set",
        "events.lend-lease-cut.probability=0",
        "--trajectories",
        "2",
        "--runs-per-point",
        "4",
        "--metric",
        "rounds",
        "--metric",
        "position:loan",
        "--metric",
        "position:poland",
        "--json",
        path_str(&json),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Morris screening of") && out.contains("mu*"),
        "{out}"
    );
    let file = read_json(&json);
    assert_eq!(file["kind"], "detente-sensitivity");
    let k = file["params"].as_array().unwrap().len();
    assert!(k >= 20, "all-numeric screens every field: {k}");
    let metrics = ranked(&file);
    assert!(!metrics.is_empty(), "some metric varies: {out}");
    for list in metrics {
        assert_eq!(list.len(), k);
        let inert: Vec<&Value> = list
            .iter()
            .filter(|r| {
                let key = r["key"].as_str().unwrap();
                key.starts_with("events.lend-lease-cut.") && key.ends_with(".delta")
            })
            .collect();
        assert!(!inert.is_empty());
        let zeros = list.iter().filter(|r| r["mu_star"] == 0.0).count();
        for r in inert {
            assert_eq!(r["mu_star"], 0.0, "{r}");
            assert_eq!(r["mu_star_hi"], 0.0, "{r}");
            let rank = r["rank"].as_u64().unwrap() as usize;
            assert!(rank > k - zeros, "rank {rank} of {k}, {zeros} at zero: {r}");
        }
        // Ranked by mu*, largest first.
        let mu: Vec<f64> = list
            .iter()
            .map(|r| r["mu_star"].as_f64().unwrap())
            .collect();
        assert!(mu.windows(2).all(|w| w[0] >= w[1]), "{mu:?}");
    }
}

#[test]
fn total_sobol_indices_are_not_below_first_order_ones_beyond_their_intervals() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("s.json");
    let csv = dir.path().join("s.csv");
    let (out, err, code) = sensitivity(&[
        "lend-lease-continues",
        "--method",
        "sobol",
        "--base",
        "16",
        "--runs-per-point",
        "8",
        "--param",
        "actors.stalin.paranoia=0.5:1",
        "--param",
        "actors.truman.trust.stalin=0.2:0.7",
        "--param",
        "events.fulton-speech.trust.0.delta=-0.4:0",
        "--metric",
        "settle",
        "--metric",
        "position:loan",
        "--json",
        path_str(&json),
        "--csv",
        path_str(&csv),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("S1") && out.contains("ST"), "{out}");
    let file = read_json(&json);
    assert_eq!(file["points"], 16 * 5);
    for list in ranked(&file) {
        for r in list {
            let (s1_lo, st_hi) = (r["s1_lo"].as_f64().unwrap(), r["st_hi"].as_f64().unwrap());
            assert!(st_hi >= s1_lo, "{r}");
            assert!(r["st"].as_f64().unwrap() >= 0.0);
        }
    }
    // The CSV holds the same indices, one row per metric and parameter.
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("metric,rank,key,about,lo,hi,s1,s1_lo,s1_hi,st,st_lo,st_hi")
    );
    assert_eq!(lines.count(), 3 * ranked(&file).len());
}

#[test]
fn a_resumed_study_gives_the_indices_of_an_uninterrupted_one_on_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let args = |out: &Path, json: &Path, threads: &str| {
        vec![
            "otl".to_string(),
            "--param".into(),
            "actors.churchill.trust.stalin=0.05:0.45".into(),
            "--param".into(),
            "actors.stalin.walkout=0:0.3".into(),
            "--param".into(),
            "actors.truman.paranoia=0.2:0.6".into(),
            "--trajectories".into(),
            "6".into(),
            "--runs-per-point".into(),
            "10".into(),
            "--metric".into(),
            "rounds".into(),
            "--out".into(),
            path_str(out).into(),
            "--json".into(),
            path_str(json).into(),
            "--threads".into(),
            threads.into(),
        ]
    };
    let run = |a: Vec<String>| {
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        sensitivity(&a)
    };
    let (whole, whole_json) = (dir.path().join("w.csv"), dir.path().join("w.json"));
    let (_, err, code) = run(args(&whole, &whole_json, "2"));
    assert_eq!(code, 0, "{err}");
    let lines = std::fs::read_to_string(&whole).unwrap();
    assert_eq!(
        lines.lines().count(),
        1 + 6 * 4 * 10,
        "a sweep's results file"
    );
    // Keep the header and a third of the runs, as a killed study would have left it.
    let part = dir.path().join("p.csv");
    let kept: Vec<&str> = lines.lines().take(1 + 80).collect();
    std::fs::write(&part, format!("{}\n", kept.join("\n"))).unwrap();
    std::fs::copy(
        detente_sweep::results::meta_path(&whole),
        detente_sweep::results::meta_path(&part),
    )
    .unwrap();
    let part_json = dir.path().join("p.json");
    let mut resume = args(&part, &part_json, "1");
    resume.push("--resume".into());
    let (_, err, code) = run(resume);
    assert_eq!(code, 0, "{err}");
    let (mut a, mut b) = (read_json(&whole_json), read_json(&part_json));
    for v in [&mut a, &mut b] {
        v["results"] = Value::Null;
    }
    assert_eq!(a, b);
    // Without --resume an existing file is refused, not clobbered.
    let (_, err, code) = run(args(&whole, &whole_json, "2"));
    assert_eq!(code, 2);
    assert!(err.contains("already exists"), "{err}");
}

#[test]
fn bad_parameters_methods_and_metrics_are_named() {
    let cases: &[(&[&str], &str)] = &[
        (&["otl"], "nothing to vary"),
        (
            &["otl", "--param", "actors.stalin.paranoia=0.5"],
            "a range is LO:HI",
        ),
        (&["otl", "--param", "scenario.horizon"], "no default range"),
        (
            &["otl", "--param", "actors.stalin.paranoia=0.5:1.5"],
            "--param actors.stalin.paranoia=0.5:1.5: at 1.5",
        ),
        (
            &["otl", "--param", "actors.stalln.paranoia=0:1"],
            "did you mean \"stalin\"",
        ),
        (
            &["otl", "--param", "events.fulton-speech.trust.9.delta=-1:0"],
            "positions 0 to",
        ),
        (
            &[
                "otl",
                "--param",
                "scenario.noise=0:1",
                "--metric",
                "outcome:Peace",
            ],
            "known: ",
        ),
        (
            &[
                "otl",
                "--param",
                "scenario.noise=0:1",
                "--method",
                "sobol",
                "--base",
                "100",
            ],
            "power of two",
        ),
        (
            &["otl", "--param", "scenario.noise=0:1", "--levels", "3"],
            "even number of levels",
        ),
        (
            &[
                "otl",
                "--param",
                "scenario.noise=0:1",
                "--param",
                "scenario.noise=0:0.5",
            ],
            "given twice",
        ),
        (
            &[
                "otl",
                "--params",
                "all-numeric",
                "--param",
                "scenario.noise=0:0.5",
                "--trajectories",
                "1",
            ],
            "2 to",
        ),
    ];
    for (args, want) in cases {
        let (_, err, code) = sensitivity(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(want), "{args:?}: {err}");
    }
}
