//! Sweep summaries: one row per configuration, written by `sweep --summary` and rebuilt by
//! `detente summarize` from the results file (the two must agree), loadable in pandas.

use crate::common::*;
use std::process::Command;

fn run(args: &[&str]) -> (String, String, i32) {
    let out = detente(args);
    (stdout(&out), stderr(&out), out.status.code().unwrap_or(-1))
}

#[test]
fn the_summary_of_a_sweep_equals_the_one_rebuilt_from_its_results_and_from_its_shards() {
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name);
    let common = [
        "sweep",
        "lend-lease-continues",
        "--runs",
        "30",
        "--seed-start",
        "1",
        "--vary",
        "actors.stalin.paranoia=0.5:0.9:3",
    ];
    let (_, err, code) = run(&[
        &common[..],
        &[
            "--out",
            path_str(&p("r.csv")),
            "--summary",
            path_str(&p("s.csv")),
        ],
    ]
    .concat());
    assert_eq!(code, 0, "{err}");
    let written = std::fs::read_to_string(p("s.csv")).unwrap();
    assert_eq!(
        written.lines().count(),
        1 + 3,
        "a header and one row per configuration"
    );
    let (_, err, code) = run(&[
        "summarize",
        path_str(&p("r.csv")),
        "-o",
        path_str(&p("t.csv")),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read_to_string(p("t.csv")).unwrap(), written);
    let (stdout, _, code) = run(&["summarize", path_str(&p("r.csv"))]);
    assert_eq!((code, stdout.as_str()), (0, written.as_str()));
    // Two shards summarised together give the unsharded summary.
    for k in ["1/2", "2/2"] {
        let name = format!("shard{}.csv", &k[..1]);
        let (_, err, code) =
            run(&[&common[..], &["--shard", k, "--out", path_str(&p(&name))]].concat());
        assert_eq!(code, 0, "{err}");
    }
    let (stdout, err, code) = run(&[
        "summarize",
        path_str(&p("shard1.csv")),
        path_str(&p("shard2.csv")),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(stdout, written);
    // One shard alone is summarised with a warning, its n counting what it has.
    let (stdout, err, _) = run(&["summarize", path_str(&p("shard1.csv"))]);
    assert!(err.contains("runs are missing"), "{err}");
    assert!(
        stdout.lines().nth(1).unwrap().starts_with("0,0.5,15,"),
        "{stdout}"
    );
}

#[test]
fn summary_paths_are_checked_before_anything_runs() {
    let dir = tempfile::tempdir().unwrap();
    let r = dir.path().join("r.csv");
    let cases: &[(&[&str], &str)] = &[
        (&["--summary", "s.txt"], "ends in .csv or .json"),
        (
            &["--out", path_str(&r), "--summary", path_str(&r)],
            "is the results file",
        ),
        (&["--summary", "/nonexistent-dir/s.csv"], "/nonexistent-dir"),
    ];
    for (extra, want) in cases {
        let (_, err, code) = run(&[&["sweep", "otl", "--runs", "1000000"][..], extra].concat());
        assert_eq!(code, 2, "{extra:?}: {err}");
        assert!(err.contains(want), "{extra:?}: {err}");
    }
    assert!(!r.exists());
}

/// Both formats load in pandas as one row per configuration, with shares that add up and
/// intervals around them. Needs Python with pandas: CI installs it.
#[test]
fn the_summary_loads_in_pandas_one_row_per_configuration() {
    let has_pandas = Command::new("python3")
        .args(["-c", "import pandas"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_pandas {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install pandas (see .ci/run)"
        );
        eprintln!("skipped: python3 with pandas is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (csv, json) = (dir.path().join("s.csv"), dir.path().join("s.json"));
    let r = dir.path().join("r.jsonl");
    let (_, err, code) = run(&[
        "sweep",
        "lend-lease-continues",
        "--runs",
        "40",
        "--vary",
        "actors.stalin.paranoia=0.5,0.9",
        "--vary",
        "actors.truman.trust.stalin=0.3,0.6",
        "--out",
        path_str(&r),
        "--summary",
        path_str(&csv),
    ]);
    assert_eq!(code, 0, "{err}");
    let (_, err, code) = run(&["summarize", path_str(&r), "-o", path_str(&json)]);
    assert_eq!(code, 0, "{err}");
    let script = format!(
        r#"
import pandas as pd
a = pd.read_csv({csv:?})
b = pd.read_json({json:?})
assert list(a.columns) == list(b.columns), (list(a.columns), list(b.columns))
for df in (a, b):
    assert len(df) == 4, len(df)
    assert (df["n"] == 40).all()
    assert df["actors.stalin.paranoia"].dtype.kind == "f"
    reasons = [c for c in df.columns if c.startswith("reason:") and not c.endswith((":lo", ":hi"))]
    outcomes = [c for c in df.columns if c.startswith("outcome:") and not c.endswith((":lo", ":hi"))]
    assert len(reasons) == 4 and outcomes, df.columns
    for group in (reasons, outcomes):
        assert ((df[group].sum(axis=1) - 1).abs() < 1e-9).all()
    for c in reasons + outcomes:
        assert (df[c + ":lo"] <= df[c]).all() and (df[c] <= df[c + ":hi"]).all(), c
    assert df["median_date"].str.match(r"^\d{{4}}-\d{{2}}$").all()
    assert df["mean_pos_loan"].between(0, 10).all()
pd.testing.assert_frame_equal(a, b, check_dtype=False)
print("ok")
"#,
        csv = path_str(&csv),
        json = path_str(&json),
    );
    let out = Command::new("python3")
        .args(["-c", &script])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
