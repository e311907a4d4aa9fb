//! `detente run` as a user sees it: transcript, summary, JSON result, logs, exit codes.

use crate::common::*;
use serde_json::Value;

#[test]
fn default_run_prints_a_dated_transcript_and_a_summary() {
    let out = detente(&["run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("detente: "),
        "opens with the scenario title"
    );
    // Dated lines in the brief's form, with waypoint labels and values.
    let proposal = text
        .lines()
        .find(|l| l.contains("Truman -> ") && l.contains("proposes"))
        .expect("Truman makes a proposal");
    assert!(proposal.starts_with("1945-"), "{proposal}");
    assert!(
        proposal.contains("Poland: ") && proposal.contains("Loan: ") && proposal.contains("$"),
        "{proposal}"
    );
    assert!(
        text.contains("** "),
        "historical events appear in the transcript"
    );
    for heading in [
        "Equilibrium: ",
        "Outcome: ",
        "Final positions",
        "Trust at the end",
        "Messages: ",
    ] {
        assert!(text.contains(heading), "summary has {heading:?}");
    }
}

#[test]
fn quiet_prints_only_the_summary() {
    let out = detente(&["run", "--quiet"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.starts_with("detente: ") && text.lines().nth(1).unwrap().starts_with("Equilibrium: "),
        "{text}"
    );
    assert!(!text.contains(" -> "), "no transcript lines");
}

#[test]
fn json_result_holds_equilibrium_final_state_and_series() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("result.json");
    let out = detente(&["run", "--quiet", "--seed", "11", "--json", path_str(&path)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(v["seed"], 11);
    assert_eq!(v["scenario"]["name"], "otl");
    let eq = &v["equilibrium"];
    assert!(
        ["settlement", "breakdown", "deadlock", "horizon"]
            .contains(&eq["reason"].as_str().unwrap())
    );
    for issue in ["poland", "germany", "loan"] {
        assert!(
            eq["positions"][issue].is_number(),
            "final position of {issue}"
        );
    }
    assert!(eq["trust"]["stalin"]["truman"].is_number());
    let rounds = eq["round"].as_u64().unwrap() as usize + 1;
    assert_eq!(v["series"]["dates"].as_array().unwrap().len(), rounds);
    assert_eq!(
        v["series"]["paranoia"]["stalin"].as_array().unwrap().len(),
        rounds
    );
    assert_eq!(
        v["series"]["trust"]["truman"]["stalin"]
            .as_array()
            .unwrap()
            .len(),
        rounds
    );
    assert_eq!(
        v["messages"].as_array().unwrap().len() as u64,
        eq["message_count"].as_u64().unwrap()
    );
    // The summary on stdout agrees with the file.
    let text = stdout(&out);
    assert!(text.contains(eq["outcome"].as_str().unwrap()));
    assert!(text.contains(&format!("Messages: {}", eq["message_count"])));
}

#[test]
fn message_ids_let_a_user_follow_a_thread() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.json");
    let out = detente(&[
        "run",
        "--quiet",
        "--json",
        path_str(&path),
        "lend-lease-continues",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let messages = v["messages"].as_array().unwrap();
    let ids: std::collections::BTreeSet<&str> =
        messages.iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), messages.len(), "ids are unique");
    let replies: Vec<&Value> = messages
        .iter()
        .filter(|m| m["reply_to"].is_string())
        .collect();
    assert!(!replies.is_empty(), "answers name what they answer");
    for r in replies {
        assert!(
            ids.contains(r["reply_to"].as_str().unwrap()),
            "reply_to {} is a real message",
            r["reply_to"]
        );
    }
}

#[test]
fn json_logs_parse_and_count_every_message_and_one_equilibrium() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("run.jsonl");
    let result = dir.path().join("r.json");
    let out = detente(&[
        "run",
        "--quiet",
        "--seed",
        "5",
        "--log-format",
        "json",
        "--log-file",
        path_str(&log),
        "--json",
        path_str(&result),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&result).unwrap()).unwrap();
    let text = std::fs::read_to_string(&log).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| {
            serde_json::from_str(l).unwrap_or_else(|e| panic!("log line is not JSON ({e}): {l}"))
        })
        .collect();
    let kind = |l: &Value| l["fields"]["message"].as_str().unwrap_or("").to_string();
    let messages: Vec<&Value> = lines.iter().filter(|l| kind(l) == "message").collect();
    assert_eq!(
        messages.len() as u64,
        v["equilibrium"]["message_count"].as_u64().unwrap()
    );
    assert_eq!(lines.iter().filter(|l| kind(l) == "equilibrium").count(), 1);
    let first = messages[0];
    for field in ["id", "round", "date", "from", "to", "kind", "content"] {
        assert!(
            !first["fields"][field].is_null(),
            "message event has {field}: {first}"
        );
    }
    let spans: Vec<&str> = first["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(spans, ["run", "round", "actor"]);
    // The log and the result agree, message by message, and numbers are numbers.
    let results = v["messages"].as_array().unwrap();
    for (log, res) in messages.iter().zip(results) {
        let f = &log["fields"];
        for field in ["id", "from", "to", "kind", "content", "date"] {
            assert_eq!(f[field], res[field], "{field}: {log} vs {res}");
        }
        assert_eq!(f["round"], res["round"]);
        // No reply is no field, never an empty string.
        assert_eq!(f["reply_to"], res["reply_to"], "{log}");
    }
    let finals = |what: &str| -> Vec<&Value> {
        lines
            .iter()
            .filter(|l| l["target"] == "detente::final" && kind(l) == what)
            .collect()
    };
    let positions = finals("position");
    assert_eq!(
        positions.len(),
        v["scenario"]["issues"].as_array().unwrap().len()
    );
    for p in positions {
        let issue = p["fields"]["issue"].as_str().unwrap();
        assert!(p["fields"]["value"].is_f64(), "a number: {p}");
        assert_eq!(p["fields"]["value"], v["equilibrium"]["positions"][issue]);
    }
    let trust = finals("trust");
    assert!(!trust.is_empty());
    for t in trust {
        let (from, to) = (
            t["fields"]["from"].as_str().unwrap(),
            t["fields"]["to"].as_str().unwrap(),
        );
        assert_eq!(
            t["fields"]["value"], v["equilibrium"]["trust"][from][to],
            "{t}"
        );
    }
}

#[test]
fn rust_log_filters_the_logs() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("eq.log");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_detente"))
        .args(["run", "--quiet", "--log-file", path_str(&log)])
        .env("RUST_LOG", "detente::equilibrium=info,warn")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = std::fs::read_to_string(&log).unwrap();
    assert_eq!(
        text.lines().count(),
        1,
        "only the equilibrium event: {text}"
    );
    assert!(text.contains("equilibrium") && text.contains("reason="));
}

#[test]
fn usage_errors_exit_2_and_help_shows_examples() {
    let out = detente(&["run", "--threads", "zero"]);
    assert_eq!(out.status.code(), Some(2));
    let out = detente(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    let out = detente(&["run", "--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("Examples:"));
}

#[test]
fn an_unwritable_output_path_is_bad_input_and_nothing_runs() {
    let out = detente(&["run", "--json", "/nonexistent-dir/r.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("/nonexistent-dir"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).is_empty());
}

#[test]
fn baseline_transcript_snapshot() {
    let out = detente(&["run", "--seed", "7"]);
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!("otl_seed_7", stdout(&out));
}

#[test]
fn brief_leaves_out_the_bookkeeping_but_not_the_story() {
    let full = stdout(&detente(&["run", "--seed", "3"]));
    let out = detente(&["run", "--seed", "3", "--brief"]);
    assert_eq!(out.status.code(), Some(0));
    let brief = stdout(&out);
    assert!(brief.lines().count() < full.lines().count());
    for word in [": mandates", ": reports", ": advises", ": rejects"] {
        assert!(full.contains(word), "the full transcript has {word}");
        assert!(!brief.contains(word), "the brief one does not: {word}");
    }
    for kept in [" ** ", ": proposes "] {
        assert!(brief.contains(kept), "{kept}");
    }
    let summary = |t: &str| t[t.find("Equilibrium: ").unwrap()..].to_string();
    assert_eq!(summary(&brief), summary(&full));
}
