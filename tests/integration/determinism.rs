//! Same scenario and seed, same result and event log, on any executor and worker count.

use crate::common::*;
use detente_runtime::RunOptions;
use std::sync::Arc;

const SEEDS: &[u64] = &[1, 2, 3, 42, 1945];

#[test]
fn tokio_on_1_2_and_8_workers_equals_the_plain_executor() {
    for name in SHIPPED {
        let sc = scenario(name);
        for &seed in SEEDS {
            let plain = detente_model::sim::run(Arc::clone(&sc), seed);
            for threads in [1, 2, 8] {
                let options = RunOptions {
                    threads,
                    ..RunOptions::new(seed)
                };
                let tokio = detente_runtime::run(Arc::clone(&sc), &options).expect("run finishes");
                assert!(
                    tokio == plain,
                    "{name} seed {seed} threads {threads}: records differ"
                );
            }
        }
    }
}

#[test]
fn different_seeds_give_different_runs() {
    let sc = scenario("lend-lease-continues");
    let a = detente_model::sim::run(Arc::clone(&sc), 1);
    let b = detente_model::sim::run(Arc::clone(&sc), 2);
    assert!(a != b, "the seed matters");
}

/// The JSON log without its timestamps.
fn log_without_timestamps(path: &std::path::Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| {
            let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
            v.as_object_mut().unwrap().remove("timestamp");
            // The worker thread is not part of the log's content.
            v.as_object_mut().unwrap().remove("threadId");
            v
        })
        .collect()
}

#[test]
fn json_result_and_event_log_are_byte_identical_across_threads_and_executors() {
    let dir = tempfile::tempdir().unwrap();
    for name in SHIPPED {
        for seed in ["3", "1945"] {
            let mut results = Vec::new();
            let mut logs = Vec::new();
            for (k, extra) in [
                &["--threads", "1"][..],
                &["--threads", "8"],
                &["--executor", "plain"],
            ]
            .iter()
            .enumerate()
            {
                let json = dir.path().join(format!("{name}-{seed}-{k}.json"));
                let log = dir.path().join(format!("{name}-{seed}-{k}.jsonl"));
                let mut args = vec![
                    "run",
                    "--quiet",
                    name,
                    "--seed",
                    seed,
                    "--json",
                    path_str(&json),
                    "--log-format",
                    "json",
                    "--log-file",
                    path_str(&log),
                ];
                args.extend_from_slice(extra);
                let out = detente(&args);
                assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
                results.push(std::fs::read(&json).unwrap());
                logs.push(log_without_timestamps(&log));
            }
            assert!(
                results.windows(2).all(|w| w[0] == w[1]),
                "{name} seed {seed}: JSON results differ"
            );
            assert!(
                logs.windows(2).all(|w| w[0] == w[1]),
                "{name} seed {seed}: event logs differ"
            );
            assert!(logs[0].len() > 100, "the log has the run in it");
        }
    }
}
