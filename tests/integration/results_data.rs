//! Results as data: a run's result says what produced it and reruns byte for byte; it
//! reads back as the type that wrote it; the tidy tables agree with it.

use crate::common::*;
use detente_data::run::RunResult;
use serde_json::Value;
use std::path::Path;

fn run_ok(args: &[&str]) -> std::process::Output {
    let out = detente(args);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    out
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn a_result_records_its_overrides_and_reruns_byte_for_byte_from_itself() {
    let dir = tempfile::tempdir().unwrap();
    // A scenario file of its own, removed before the rerun: the result alone must do.
    let file = dir.path().join("calmer.toml");
    std::fs::write(
        &file,
        "extends = \"otl\"\n[scenario]\nname = \"calmer\"\ntitle = \"Calmer\"\n",
    )
    .unwrap();
    let set = "actors.stalin.paranoia=0.3";
    let (a, b, plain) = (
        dir.path().join("a.json"),
        dir.path().join("b.json"),
        dir.path().join("plain.json"),
    );
    let first = run_ok(&[
        "run",
        path_str(&file),
        "--set",
        set,
        "--seed",
        "9",
        "--json",
        path_str(&a),
    ]);
    run_ok(&[
        "run",
        path_str(&file),
        "--seed",
        "9",
        "--json",
        path_str(&plain),
    ]);
    std::fs::remove_file(&file).unwrap();

    let v = read_json(&a);
    let p = &v["provenance"];
    assert_eq!(v["schema_version"], detente_data::SCHEMA_VERSION);
    assert_eq!(p["scenario"], path_str(&file));
    assert_eq!(p["sets"], serde_json::json!([set]));
    assert_eq!(p["detente_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(v["seed"], 9);
    let effective = p["effective_scenario"].as_str().unwrap();
    assert!(!effective.contains("extends"), "merged: {effective}");
    // The override is in the effective scenario, and the digest tells the runs apart.
    let sc = detente_config::parse(effective, "effective.toml").unwrap();
    assert_eq!(
        sc.actors
            .iter()
            .find(|a| a.id == "stalin")
            .unwrap()
            .paranoia,
        0.3
    );
    assert_eq!(
        p["scenario_digest"],
        detente_data::provenance::digest(&sc).as_str()
    );
    let other = read_json(&plain);
    assert_ne!(p["scenario_digest"], other["provenance"]["scenario_digest"]);
    assert_eq!(other["provenance"]["sets"], serde_json::json!([]));

    let again = run_ok(&["run", "--from", path_str(&a), "--json", path_str(&b)]);
    assert!(
        std::fs::read(&a).unwrap() == std::fs::read(&b).unwrap(),
        "the rerun's result is the same, byte for byte"
    );
    assert_eq!(stdout(&first), stdout(&again), "and so is the transcript");
}

#[test]
fn run_from_refuses_what_it_cannot_rerun() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.json");
    run_ok(&["run", "--quiet", "--json", path_str(&a)]);
    let v = read_json(&a);
    type Edit = Box<dyn Fn(&mut Value)>;
    let cases: Vec<(&str, Edit, &str)> = vec![
        (
            "version.json",
            Box::new(|v| v["schema_version"] = (detente_data::SCHEMA_VERSION + 1).into()),
            "schema_version",
        ),
        (
            "edited.json",
            Box::new(|v| {
                let e = v["provenance"]["effective_scenario"].as_str().unwrap();
                v["provenance"]["effective_scenario"] =
                    e.replace("paranoia = 0.", "paranoia = 0.0").into();
            }),
            "digest",
        ),
        (
            "none.json",
            Box::new(|v| {
                v.as_object_mut().unwrap().remove("provenance");
            }),
            "provenance",
        ),
    ];
    for (name, edit, expect) in cases {
        let mut w = v.clone();
        edit(&mut w);
        let path = dir.path().join(name);
        std::fs::write(&path, w.to_string()).unwrap();
        let out = detente(&["run", "--from", path_str(&path)]);
        assert_eq!(out.status.code(), Some(2), "{name}: {}", stderr(&out));
        assert!(stderr(&out).contains(expect), "{name}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(name),
            "names the file: {}",
            stderr(&out)
        );
    }
    // --from is the whole run: a scenario, --set or --seed beside it is a usage error.
    let out = detente(&["run", "--from", path_str(&a), "--seed", "3"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_result_reads_back_as_the_type_that_wrote_it() {
    // Written by the binary, read as a RunResult, written again: the same bytes. So the
    // report, which reads this type, sees every field the run wrote. A generated
    // negotiation of 300 actors sends tens of thousands of messages, so that its lines are
    // made in many chunks by two threads and its file is written past the page cache.
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.toml");
    run_ok(&["generate", "--actors", "300", "--out", path_str(&big)]);
    for name in ["otl", "third-powers", path_str(&big)] {
        let a = dir.path().join("result.json");
        run_ok(&["run", name, "--quiet", "--json", path_str(&a)]);
        let bytes = std::fs::read(&a).unwrap();
        let r: RunResult = serde_json::from_slice(&bytes).unwrap();
        let mut again = Vec::new();
        detente_data::run::write_json(&r, &mut again).unwrap();
        assert!(bytes == again, "{name}: the round trip changes the result");
        let messages: u64 = r.equilibrium.message_count;
        assert_eq!(r.messages.len() as u64, messages);
        if name == path_str(&big) {
            assert!(
                messages > 3 * 4096,
                "{messages} messages: too few to need chunks"
            );
        }
    }
}

/// The rows of a table file as JSON objects (CSV cells typed as the JSON Lines file has
/// them: the two must agree).
fn table(path: &Path) -> (Vec<String>, Vec<Value>) {
    let text = std::fs::read_to_string(path).unwrap();
    if path.extension().unwrap() == "jsonl" {
        let rows: Vec<Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let first = text.lines().next().unwrap();
        // Keys in file order (serde_json's map would sort them).
        let names = first
            .trim_matches(|c| c == '{' || c == '}')
            .split(",\"")
            .map(|kv| {
                kv.trim_start_matches('"')
                    .split('"')
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect();
        return (names, rows);
    }
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let names: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let obj = names
                .iter()
                .zip(r.iter())
                .map(|(n, cell)| {
                    let v = if cell.is_empty() {
                        Value::Null
                    } else if let Ok(i) = cell.parse::<u64>() {
                        i.into()
                    } else if let Ok(x) = cell.parse::<f64>() {
                        x.into()
                    } else if cell == "TRUE" || cell == "FALSE" {
                        (cell == "TRUE").into()
                    } else {
                        cell.into()
                    };
                    (n.clone(), v)
                })
                .collect();
            Value::Object(obj)
        })
        .collect();
    (names, rows)
}

/// Numbers compared as numbers: CSV writes 7 where JSON writes 7.0.
fn same(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

#[test]
fn the_tables_agree_with_the_result_and_with_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n);
    let args = |rounds: &Path, messages: &Path, json: &Path| {
        run_ok(&[
            "run",
            "otl",
            "--quiet",
            "--seed",
            "3",
            "--json",
            path_str(json),
            "--rounds",
            path_str(rounds),
            "--messages",
            path_str(messages),
        ]);
    };
    args(&p("r.csv"), &p("m.csv"), &p("a.json"));
    args(&p("r.jsonl"), &p("m.jsonl"), &p("b.json"));
    let v = read_json(&p("a.json"));
    for name in ["r", "m"] {
        let (cn, crows) = table(&p(&format!("{name}.csv")));
        let (jn, jrows) = table(&p(&format!("{name}.jsonl")));
        assert_eq!(cn, jn, "{name}: the same columns in the same order");
        assert_eq!(crows.len(), jrows.len());
        for (c, j) in crows.iter().zip(&jrows) {
            for n in &cn {
                assert!(same(&c[n], &j[n]), "{name}.{n}: {} vs {}", c[n], j[n]);
            }
        }
    }

    let (_, messages) = table(&p("m.jsonl"));
    let result = v["messages"].as_array().unwrap();
    assert_eq!(messages.len(), result.len());
    for (row, m) in messages.iter().zip(result) {
        for f in [
            "id", "reply_to", "round", "date", "from", "to", "kind", "content",
        ] {
            assert_eq!(row[f], m[f], "{f}");
        }
        if let Some(positions) = m["positions"].as_array() {
            for (issue, x) in v["scenario"]["issues"]
                .as_array()
                .unwrap()
                .iter()
                .zip(positions)
            {
                assert_eq!(&row[format!("pos_{}", issue["id"].as_str().unwrap())], x);
            }
        }
    }
    // An acceptance carries the positions of the package it accepts.
    let proposed: Vec<&Value> = messages.iter().filter(|r| r["kind"] == "propose").collect();
    for acc in messages.iter().filter(|r| r["kind"] == "accept") {
        let offer = proposed
            .iter()
            .find(|p| p["package"] == acc["package"])
            .expect("an accepted package was proposed");
        assert!(acc["pos_poland"].is_number());
        assert_eq!(acc["pos_poland"], offer["pos_poland"]);
    }

    let (_, rounds) = table(&p("r.jsonl"));
    let dates = v["series"]["dates"].as_array().unwrap();
    let actors = v["scenario"]["actors"].as_array().unwrap();
    assert_eq!(rounds.len(), dates.len() * actors.len());
    let sent: u64 = rounds
        .iter()
        .map(|r| r["messages_sent"].as_u64().unwrap())
        .sum();
    assert_eq!(sent, v["equilibrium"]["message_count"].as_u64().unwrap());
    for row in &rounds {
        let (k, id) = (
            row["round"].as_u64().unwrap() as usize,
            row["actor"].as_str().unwrap(),
        );
        assert_eq!(row["date"], dates[k]);
        assert_eq!(row["paranoia"], v["series"]["paranoia"][id][k]);
        for veto in v["scenario"]["veto"].as_array().unwrap() {
            let veto = veto.as_str().unwrap();
            let cell = &row[format!("trust_{veto}")];
            if veto == id {
                assert!(cell.is_null());
            } else if let Some(series) = v["series"]["trust"][id][veto].as_array() {
                assert_eq!(cell, &series[k], "{id} in {veto}");
            }
        }
        let proposal = &v["series"]["positions"][id][k];
        assert_eq!(row["pos_germany"], proposal["germany"], "{id} round {k}");
    }
}

#[test]
fn a_table_must_be_csv_or_jsonl_and_is_checked_before_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("r.txt");
    let out = detente(&["run", "--rounds", path_str(&bad)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--rounds") && stderr(&out).contains(".csv"));
    assert!(stdout(&out).is_empty(), "nothing ran");
}

/// The code blocks of `lang` in docs/data.md, in order.
fn doc_blocks(lang: &str) -> String {
    let docs = std::fs::read_to_string(root().join("docs/data.md")).unwrap();
    let fence = format!("```{lang}\n");
    let mut out = String::new();
    for part in docs.split(&fence).skip(1) {
        out.push_str(part.split("```").next().unwrap());
        out.push('\n');
    }
    out
}

fn has(program: &str, check: &[&str]) -> bool {
    std::process::Command::new(program)
        .args(check)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The tables load in pandas and in R with numeric columns, and the pandas and R lines of
/// docs/data.md run on the files a run writes. CI installs pandas, R and jsonlite;
/// elsewhere the test says what it skipped, unless CI=true.
#[test]
fn the_tables_load_in_pandas_and_r_with_numeric_columns_and_the_documented_lines_run() {
    if !has("python3", &["-c", "import pandas"]) {
        assert!(std::env::var_os("CI").is_none(), "CI must install pandas");
        eprintln!("skipped: python3 with pandas is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| path_str(&dir.path().join(n)).to_string();
    for ext in ["csv", "jsonl"] {
        run_ok(&[
            "run",
            "otl",
            "--quiet",
            "--json",
            &p("result.json"),
            "--rounds",
            &p(&format!("rounds.{ext}")),
            "--messages",
            &p(&format!("messages.{ext}")),
            "--log-format",
            "json",
            "--log-file",
            &p("run.jsonl"),
        ]);
    }
    let checks = r#"
for name in ("rounds.csv", "rounds.jsonl"):
    df = pd.read_csv(name) if name.endswith("csv") else pd.read_json(name, lines=True)
    for c in df.columns:
        if c.startswith(("pos_", "trust_")) or c in ("paranoia", "aspiration"):
            assert df[c].dtype.kind == "f", (name, c, df[c].dtype)
        if c in ("round", "messages_sent"):
            assert df[c].dtype.kind == "i", (name, c, df[c].dtype)
    assert df["active"].dtype.kind == "b", (name, df["active"].dtype)
for name in ("messages.csv", "messages.jsonl"):
    df = pd.read_csv(name) if name.endswith("csv") else pd.read_json(name, lines=True)
    assert df["round"].dtype.kind == "i"
    for c in [c for c in df.columns if c.startswith("pos_")]:
        assert df[c].dtype.kind == "f", (name, c, df[c].dtype)
    assert df["pos_poland"].notna().any()
assert fields[fields["message"] == "position"]["value"].dtype.kind == "f"
print("ok")
"#;
    let script = format!("import pandas as pd\n{}\n{checks}", doc_blocks("python"));
    let out = std::process::Command::new("python3")
        .args(["-c", &script])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}\n{}", stderr(&out), script);
    if !has("Rscript", &["-e", "library(jsonlite)"]) {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install R and jsonlite"
        );
        eprintln!("skipped: Rscript with jsonlite is not installed");
        return;
    }
    // After the documented lines, what they loaded: numbers as numbers, in both formats.
    let checks = r#"
stopifnot(is.character(r$equilibrium$reason), NROW(r$messages) == r$equilibrium$message_count)
rounds_jsonl <- jsonlite::stream_in(file("rounds.jsonl"), verbose = FALSE)
msgs_jsonl <- jsonlite::stream_in(file("messages.jsonl"), verbose = FALSE)
for (df in list(rounds, rounds_jsonl)) {
  numeric <- grep("^(pos|trust)_|^paranoia$|^aspiration$", names(df))
  stopifnot(length(numeric) > 3, all(sapply(df[numeric], is.numeric)))
  stopifnot(is.integer(df$round), is.integer(df$messages_sent), is.logical(df$active))
}
for (df in list(msgs, msgs_jsonl)) {
  stopifnot(is.integer(df$round), is.numeric(df$pos_poland), any(!is.na(df$pos_poland)))
}
stopifnot(nrow(rounds) == nrow(rounds_jsonl), nrow(msgs) == nrow(msgs_jsonl))
cat("ok\n")
"#;
    let script = format!("{}\n{checks}", doc_blocks("r"));
    let out = std::process::Command::new("Rscript")
        .args(["-e", &script])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "R: {}\n{script}", stderr(&out));
    assert!(stdout(&out).ends_with("ok\n"), "R: {}", stdout(&out));
}
