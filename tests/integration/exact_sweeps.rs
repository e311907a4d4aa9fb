//! Exact, idempotent sweeps: merges copy rows as written, need no scenario file, and
//! resume and merge check every row against the plan; one writer per results file.

use crate::common::*;
use std::path::{Path, PathBuf};

fn sweep(args: &[&str]) -> std::process::Output {
    detente(&[&["sweep"], args].concat())
}

/// Lines after the header (if any), sorted by run.
fn rows_sorted(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let csv = path.extension().is_some_and(|e| e == "csv");
    let run = |l: &str| -> u64 {
        if csv {
            l.split(',').next().unwrap().parse().unwrap()
        } else {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["run"]
                .as_u64()
                .unwrap()
        }
    };
    let mut lines: Vec<String> = text
        .lines()
        .skip(usize::from(csv))
        .map(str::to_string)
        .collect();
    lines.sort_by_key(|l| run(l));
    lines
}

/// A scenario file of its own, so that the test can move it away.
fn own_scenario(dir: &Path) -> PathBuf {
    let p = dir.join("mine.toml");
    std::fs::write(
        &p,
        "extends = \"otl\"\n[scenario]\nname = \"mine\"\n[[actors]]\nid = \"stalin\"\nparanoia = 0.55\n",
    )
    .unwrap();
    p
}

#[test]
fn four_jsonl_shards_merge_byte_for_byte_into_the_unsharded_sweep_without_the_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = own_scenario(dir.path());
    let common = [
        path_str(&scenario),
        "--runs",
        "60",
        "--seed-start",
        "3",
        "--vary",
        "actors.truman.paranoia=0.2,0.7",
    ];
    for ext in ["jsonl", "csv"] {
        let whole = dir.path().join(format!("whole.{ext}"));
        let o = sweep(&[&common[..], &["--out", path_str(&whole)]].concat());
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let mut shards = Vec::new();
        for k in 1..=4 {
            let p = dir.path().join(format!("s{k}.{ext}"));
            let shard = format!("{k}/4");
            let o = sweep(&[&common[..], &["--shard", &shard, "--out", path_str(&p)]].concat());
            assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
            shards.push(p);
        }
        // The merge needs the metas alone.
        let moved = dir.path().join("moved.toml");
        std::fs::rename(&scenario, &moved).unwrap();
        let merged = dir.path().join(format!("merged.{ext}"));
        let mut args: Vec<&str> = vec!["merge"];
        args.extend(shards.iter().map(|p| path_str(p)));
        args.extend(["--out", path_str(&merged)]);
        let o = detente(&args);
        assert_eq!(o.status.code(), Some(0), "{ext}: {}", stderr(&o));
        assert_eq!(rows_sorted(&merged), rows_sorted(&whole), "{ext}");
        // Idempotent: merging the merge with a shard again changes nothing.
        let again = dir.path().join(format!("again.{ext}"));
        let o = detente(&[
            "merge",
            path_str(&merged),
            path_str(&shards[1]),
            "--out",
            path_str(&again),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(
            std::fs::read(&again).unwrap(),
            std::fs::read(&merged).unwrap()
        );
        assert!(
            stderr(&o).contains("dropped 30 repeated row(s)"),
            "{}",
            stderr(&o)
        );
        std::fs::rename(&moved, &scenario).unwrap();
    }
}

#[test]
fn resume_starts_a_missing_file_and_says_how_many_runs_it_kept() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.csv");
    let o = sweep(&["otl", "--runs", "20", "--out", path_str(&out), "--resume"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("did not exist yet; started the sweep"),
        "{}",
        stderr(&o)
    );
    // Keep the header and 7 rows, as a killed sweep would, with a torn eighth line.
    let text = std::fs::read_to_string(&out).unwrap();
    let mut kept: String = text.lines().take(8).map(|l| format!("{l}\n")).collect();
    kept.push_str("13,0,");
    std::fs::write(&out, kept).unwrap();
    // The path spelled another way is the same sweep.
    let other_spelling = format!("{}/./r.csv", dir.path().display());
    let o = sweep(&["otl", "--runs", "20", "--out", &other_spelling, "--resume"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("kept 7 of 20 runs") && stderr(&o).contains("ran 13"),
        "{}",
        stderr(&o)
    );
    assert_eq!(rows_sorted(&out).len(), 20);
}

#[test]
fn duplicated_stray_and_conflicting_rows_follow_one_rule() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.csv");
    let o = sweep(&["otl", "--runs", "10", "--out", path_str(&out)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let original = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = original.lines().collect();
    let table = |o: &std::process::Output| {
        stdout(o)
            .lines()
            .skip_while(|l| !l.ends_with(" runs"))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let reference = sweep(&["otl", "--runs", "10"]);

    // An exact copy of a row is dropped, with a warning, and counted once.
    std::fs::write(&out, format!("{original}{}\n", lines[3])).unwrap();
    let o = sweep(&["otl", "--runs", "10", "--out", path_str(&out), "--resume"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("dropped 1 repeated row"),
        "{}",
        stderr(&o)
    );
    assert_eq!(table(&o), table(&reference));
    assert!(table(&o)[0].starts_with("10 runs"), "{:?}", table(&o));

    // A run outside the plan is an error naming the line.
    let stray = lines[1].replacen(lines[1].split(',').next().unwrap(), "99", 1);
    std::fs::write(&out, format!("{original}{stray}\n")).unwrap();
    for args in [
        vec![
            "sweep",
            "otl",
            "--runs",
            "10",
            "--out",
            path_str(&out),
            "--resume",
        ],
        vec!["merge", path_str(&out)],
        vec!["report", path_str(&out), "-o", "/dev/null/x.html"],
    ] {
        let o = detente(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        if args[0] != "report" {
            assert!(
                stderr(&o).contains(&format!(
                    "r.csv:{}: run 99 is outside the sweep",
                    lines.len() + 1
                )),
                "{args:?}: {}",
                stderr(&o)
            );
        }
    }

    // The same run with other values is an error naming both lines.
    let changed = lines[2]
        .replace("settlement", "horizon")
        .replace("breakdown", "horizon");
    let changed = if changed == lines[2] {
        // No reason word to swap: change the message count instead.
        let mut cells: Vec<&str> = lines[2].split(',').collect();
        let last = cells.len() - 1;
        cells[last] = "123456789";
        cells.join(",")
    } else {
        changed
    };
    std::fs::write(&out, format!("{original}{changed}\n")).unwrap();
    let o = detente(&["merge", path_str(&out)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("appears twice with different values")
            && stderr(&o).contains("r.csv:3")
            && stderr(&o).contains(&format!("r.csv:{}", lines.len() + 1)),
        "{}",
        stderr(&o)
    );

    // An empty results file resumes with a header, and the result merges.
    std::fs::write(&out, "").unwrap();
    let o = sweep(&["otl", "--runs", "10", "--out", path_str(&out), "--resume"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&out).unwrap().lines().next(),
        lines.first().copied()
    );
    let o = detente(&["merge", path_str(&out)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn a_second_writer_of_a_results_file_is_refused_naming_the_holder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.csv");
    let mut first = std::process::Command::new(env!("CARGO_BIN_EXE_detente"))
        .args(["sweep", "otl", "--runs", "400000", "--threads", "1"])
        .args(["--out", path_str(&out)])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let lock = dir.path().join("r.csv.lock");
    let started = std::time::Instant::now();
    // Locked, and its plan on disk: the last step below resumes against that plan, which
    // a first sweep starved of the processor (tests run side by side) may not have
    // written yet when its lock appears.
    let has_text = |p: &std::path::Path| std::fs::read_to_string(p).is_ok_and(|t| !t.is_empty());
    while !(has_text(&lock) && has_text(&out)) {
        assert!(
            started.elapsed().as_secs() < 20,
            "the first sweep never locked and wrote its header"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    for resume in [false, true] {
        let mut args = vec!["otl", "--runs", "400000", "--out", path_str(&out)];
        if resume {
            args.push("--resume");
        }
        let o = sweep(&args);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(
            stderr(&o).contains(&format!("process {}", first.id())),
            "{}",
            stderr(&o)
        );
    }
    first.kill().unwrap();
    first.wait().unwrap();
    // The killed holder's lock went with it: the sweep resumes.
    let o = sweep(&["otl", "--runs", "30", "--out", path_str(&out), "--resume"]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "another plan is refused, not locked out"
    );
    assert!(stderr(&o).contains("--runs differs"), "{}", stderr(&o));
}
