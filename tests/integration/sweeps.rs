//! Sweeps as users run them: tables with intervals, results files that survive kills,
//! shards that merge into the unsharded answer, designs, comparisons.

use crate::common::*;
use std::path::Path;
use std::process::Command;

/// The table part of a sweep's stdout (from the first configuration on).
fn table(out: &str) -> String {
    out.lines()
        .skip_while(|l| !l.contains(" runs"))
        .skip(1)
        .collect::<Vec<_>>()
        .join("\n")
}

fn sweep(args: &[&str]) -> (String, String, i32) {
    let out = detente(&[&["sweep"], args].concat());
    (stdout(&out), stderr(&out), out.status.code().unwrap_or(-1))
}

fn sorted_lines(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines: Vec<String> = text.lines().skip(1).map(str::to_string).collect();
    lines.sort_by_key(|l| l.split(',').next().unwrap().parse::<u64>().unwrap());
    lines
}

#[test]
fn a_sweep_prints_shares_with_intervals_and_writes_one_row_per_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.csv");
    let (stdout, err, code) = sweep(&[
        "lend-lease-continues",
        "--runs",
        "200",
        "--seed-start",
        "1",
        "--out",
        path_str(&out),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        stdout.contains("95% interval") && stdout.contains("Grand Alliance"),
        "{stdout}"
    );
    assert!(
        stdout.contains("median rounds to equilibrium") && stdout.contains("mean final positions")
    );
    let text = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 201);
    assert_eq!(
        lines[0],
        "run,config,seed,reason,round,date,outcome,pos_poland,pos_germany,pos_loan,mean_trust,messages"
    );
    // Rows agree with single runs of the same seed.
    let row = lines[1..].iter().find(|l| l.starts_with("6,")).unwrap();
    let one = detente(&["run", "--quiet", "lend-lease-continues", "--seed", "7"]);
    let reason = row.split(',').nth(3).unwrap();
    assert!(
        stdout_has_reason(&crate::common::stdout(&one), reason),
        "{row}"
    );
    // Not interactive here: quiet progress lines on stderr, no bar.
    assert!(err.contains("sweep: 200 of 200 runs (100%)"), "{err}");
}

fn stdout_has_reason(summary: &str, reason: &str) -> bool {
    let first = summary
        .lines()
        .find(|l| l.starts_with("Equilibrium:"))
        .unwrap_or("");
    match reason {
        "horizon" => first.contains("no equilibrium"),
        r => first.contains(r),
    }
}

#[test]
fn a_killed_sweep_resumes_to_the_same_table() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("k.csv");
    let args = [
        "sweep",
        "lend-lease-continues",
        "--runs",
        "4000",
        "--seed-start",
        "1",
        "--threads",
        "1",
        "--out",
    ];
    for _ in 0..2 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_detente"))
            .args(args)
            .arg(&out)
            .args(if out.exists() {
                vec!["--resume"]
            } else {
                vec![]
            })
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Let it write some rows, then kill -9.
        let start = std::time::Instant::now();
        while std::fs::read_to_string(&out)
            .map(|t| t.lines().count())
            .unwrap_or(0)
            < 400
            && start.elapsed() < std::time::Duration::from_secs(20)
        {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        child.kill().unwrap();
        child.wait().unwrap();
    }
    // Tear the last line by hand too, as a crash mid-write would.
    let text = std::fs::read(&out).unwrap();
    std::fs::write(&out, &text[..text.len() - 7]).unwrap();
    let before = text.iter().filter(|b| **b == b'\n').count();
    assert!(before > 1 && before < 4001, "killed midway: {before} lines");
    let (resumed, err, code) = sweep(&[
        "lend-lease-continues",
        "--runs",
        "4000",
        "--seed-start",
        "1",
        "--out",
        path_str(&out),
        "--resume",
    ]);
    assert_eq!(code, 0, "{err}");
    let (fresh, _, _) = sweep(&[
        "lend-lease-continues",
        "--runs",
        "4000",
        "--seed-start",
        "1",
    ]);
    assert_eq!(table(&resumed), table(&fresh));
    let lines = sorted_lines(&out);
    assert_eq!(lines.len(), 4000, "every run once");
    let runs: Vec<u64> = lines
        .iter()
        .map(|l| l.split(',').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(runs, (0..4000).collect::<Vec<_>>());
}

#[test]
fn merged_shards_equal_the_unsharded_sweep() {
    let dir = tempfile::tempdir().unwrap();
    let common = [
        "otl",
        "--runs",
        "50",
        "--seed-start",
        "1",
        "--vary",
        "actors.stalin.paranoia=0.3,0.8",
    ];
    let whole = dir.path().join("whole.csv");
    let (unsharded, err, code) = sweep(&[&common[..], &["--out", path_str(&whole)]].concat());
    assert_eq!(code, 0, "{err}");
    let mut shards = Vec::new();
    for k in 1..=4 {
        let p = dir.path().join(format!("s{k}.csv"));
        let shard = format!("{k}/4");
        let (_, err, code) =
            sweep(&[&common[..], &["--shard", &shard, "--out", path_str(&p)]].concat());
        assert_eq!(code, 0, "{err}");
        shards.push(p);
    }
    let merged = dir.path().join("merged.csv");
    let mut args: Vec<&str> = vec!["merge"];
    args.extend(shards.iter().map(|p| path_str(p)));
    args.extend(["--out", path_str(&merged)]);
    let out = detente(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(table(&stdout(&out)), table(&unsharded));
    assert_eq!(sorted_lines(&merged), sorted_lines(&whole));
    // Three of four shards: the table says what is missing.
    let out = detente(&[
        "merge",
        path_str(&shards[0]),
        path_str(&shards[1]),
        path_str(&shards[2]),
    ]);
    assert!(
        stdout(&out).contains("incomplete: 25 of 100 runs are missing"),
        "{}",
        stdout(&out)
    );
    // ... and is an error, so that a job script stops, unless a partial answer is wanted.
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--allow-partial"));
    let partial = detente(&[
        "merge",
        path_str(&shards[0]),
        path_str(&shards[1]),
        "--allow-partial",
    ]);
    assert_eq!(partial.status.code(), Some(0), "{}", stderr(&partial));
}

#[test]
fn designs_from_vary_grids_and_csv_tables() {
    let dir = tempfile::tempdir().unwrap();
    let (out, err, code) = sweep(&[
        "otl",
        "--runs",
        "5",
        "--vary",
        "actors.stalin.paranoia=0.2:0.8:4",
        "--vary",
        "scenario.noise=0,0.3",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "configuration 8 of 8: actors.stalin.paranoia=0.8 scenario.noise=0.3 (5 runs)"
        ),
        "{out}"
    );
    let design = dir.path().join("lhs.csv");
    std::fs::write(
        &design,
        "actors.stalin.paranoia,actors.truman.trust.stalin\n0.31,0.62\n0.74,0.28\n0.55,0.47\n",
    )
    .unwrap();
    let results = dir.path().join("lhs.jsonl");
    let (out, err, code) = sweep(&[
        "otl",
        "--runs",
        "4",
        "--design",
        path_str(&design),
        "--out",
        path_str(&results),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "configuration 3 of 3: actors.stalin.paranoia=0.55 actors.truman.trust.stalin=0.47"
        ),
        "{out}"
    );
    let rows: Vec<serde_json::Value> = std::fs::read_to_string(&results)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 12);
    assert!(
        rows.iter()
            .any(|r| r["actors.stalin.paranoia"] == 0.74 && r["config"] == 1)
    );
}

#[test]
fn compare_gives_the_difference_with_an_interval() {
    let out = detente(&[
        "compare",
        "otl",
        "lend-lease-continues",
        "--runs",
        "300",
        "--seed-start",
        "1",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("settlement"))
        .expect("a settlement line");
    // e.g. "settlement    0.0%   67.0%   +67.0pt  [+61.5, +71.9]"
    let interval = line.split('[').nth(1).unwrap().trim_end_matches(']');
    let lo: f64 = interval.split(',').next().unwrap().trim().parse().unwrap();
    assert!(lo > 0.0, "keeping Lend-Lease settles more, clearly: {line}");
}

#[test]
fn sweep_mistakes_are_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.csv");
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec!["--vary".into(), "actors.stalin.paranoia=0.5:1.5:3".into()],
            "configuration 3 (actors.stalin.paranoia=1.5)",
        ),
        (
            vec!["--vary".into(), "actors.stalin.paranoia".into()],
            "expected KEY=VALUES",
        ),
        (vec!["--shard".into(), "5/4".into()], "1 <= K <= N"),
        (
            vec!["--out".into(), path_str(&dir.path().join("r.txt")).into()],
            "must end in .csv or .jsonl",
        ),
    ];
    for (extra, expect) in cases {
        let mut args = vec!["otl".to_string(), "--runs".into(), "3".into()];
        args.extend(extra);
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let (_, err, code) = sweep(&refs);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(expect), "{args:?}: {err}");
    }
    // A finished file is never overwritten, and a different sweep cannot resume it.
    let (_, err, code) = sweep(&["otl", "--runs", "3", "--out", path_str(&out)]);
    assert_eq!(code, 0, "{err}");
    let (_, err, code) = sweep(&["otl", "--runs", "3", "--out", path_str(&out)]);
    assert_eq!(code, 2);
    assert!(err.contains("already exists"), "{err}");
    let (_, err, code) = sweep(&["otl", "--runs", "4", "--out", path_str(&out), "--resume"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("different sweep") && err.contains("--runs differs: 4 here, 3 in the file"),
        "{err}"
    );
}

/// The results file loads in pandas with the documented columns. Needs Python with pandas:
/// CI installs it; elsewhere the test says it was skipped, unless CI=true.
#[test]
fn the_results_file_loads_in_pandas() {
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
    let csv = dir.path().join("r.csv");
    let jsonl = dir.path().join("r.jsonl");
    for p in [&csv, &jsonl] {
        let (_, err, code) = sweep(&[
            "otl",
            "--runs",
            "20",
            "--vary",
            "actors.stalin.paranoia=0.4,0.8",
            "--out",
            path_str(p),
        ]);
        assert_eq!(code, 0, "{err}");
    }
    let docs = std::fs::read_to_string(root().join("docs/sweeps.md")).unwrap();
    let columns = [
        "run",
        "config",
        "seed",
        "reason",
        "round",
        "date",
        "outcome",
        "pos_poland",
        "pos_germany",
        "pos_loan",
        "mean_trust",
        "messages",
    ];
    for c in columns {
        assert!(
            docs.contains(&format!("`{c}`")),
            "docs/sweeps.md documents the column {c}"
        );
    }
    let script = format!(
        r#"
import pandas as pd, sys
a = pd.read_csv({csv:?})
b = pd.read_json({jsonl:?}, lines=True)
documented = {columns:?}
for df in (a, b):
    assert len(df) == 40, len(df)
    for c in documented:
        assert c in df.columns, (c, list(df.columns))
    assert df["actors.stalin.paranoia"].dtype.kind == "f"
    assert set(df["reason"]) <= {{"settlement", "breakdown", "deadlock", "horizon"}}
    assert df["pos_loan"].between(0, 10).all()
print("ok")
"#,
        csv = path_str(&csv),
        jsonl = path_str(&jsonl),
        columns = [
            "run",
            "config",
            "seed",
            "reason",
            "round",
            "date",
            "outcome",
            "pos_poland",
            "pos_germany",
            "pos_loan",
            "mean_trust",
            "messages"
        ]
        .iter()
        .filter(|c| docs.contains(&format!("`{c}`")))
        .collect::<Vec<_>>(),
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

#[test]
fn an_edited_scenario_cannot_resume_an_old_sweep() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("mine.toml");
    std::fs::write(
        &scenario,
        "extends = \"otl\"\n[scenario]\nname = \"mine\"\n",
    )
    .unwrap();
    let out = dir.path().join("r.csv");
    let (_, err, code) = sweep(&[path_str(&scenario), "--runs", "5", "--out", path_str(&out)]);
    assert_eq!(code, 0, "{err}");
    std::fs::write(&scenario, "extends = \"otl\"\n[scenario]\nname = \"mine\"\n[[actors]]\nid = \"stalin\"\nparanoia = 0.3\n").unwrap();
    let (_, err, code) = sweep(&[
        path_str(&scenario),
        "--runs",
        "5",
        "--out",
        path_str(&out),
        "--resume",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("different sweep") && err.contains("the scenario differs"),
        "{err}"
    );
}
