//! An actor that panics or stalls ends the run quickly with a clear error, exit 1, no output file.

use crate::common::*;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[test]
fn a_panicking_actor_is_named_with_its_round() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("r.json");
    for threads in ["1", "4"] {
        let out = detente(&[
            "run",
            "--threads",
            threads,
            "--fault",
            "panic@molotov:3",
            "--json",
            path_str(&json),
        ]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(
            err.contains("error: actor molotov failed in round 3 (1945-08)"),
            "{err}"
        );
        assert!(!json.exists(), "no result file for a failed run");
        assert!(stdout(&out).is_empty(), "no half transcript");
    }
}

#[test]
fn a_stalled_actor_ends_the_run_within_the_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("r.json");
    for threads in ["1", "2"] {
        let started = Instant::now();
        let out = detente(&[
            "run",
            "--threads",
            threads,
            "--fault",
            "stall@beria:2",
            "--round-timeout-ms",
            "300",
            "--json",
            path_str(&json),
        ]);
        // A bound on hanging, far above the 300 ms timeout; not a performance check.
        assert!(started.elapsed() < Duration::from_secs(30));
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(
            err.contains("actor beria stalled in round 2 (1945-07)"),
            "{err}"
        );
        assert!(!json.exists());
    }
}

#[test]
fn dropping_a_run_stops_its_clock_and_its_actors() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("runtime");
    let sc = scenario("otl");
    rt.block_on(async {
        let options = detente_runtime::RunOptions {
            fault: Some(detente_runtime::Fault::Stall {
                actor: "beria".into(),
                round: 2,
            }),
            // The scenario's own seed, whose run reaches the stall (as the CLI's does).
            ..detente_runtime::RunOptions::new(sc.settings.seed)
        };
        // The clock would wait its 10-second round timeout for the stalled actor; the
        // caller gives up first and drops the run.
        let run = detente_runtime::run_async(Arc::clone(&sc), &options);
        let gave_up = tokio::time::timeout(Duration::from_millis(100), run).await;
        assert!(
            gave_up.is_err(),
            "the stalled run was still waiting: {:?}",
            gave_up.map(|r| r.map(|_| ()))
        );
        let metrics = tokio::runtime::Handle::current().metrics();
        for _ in 0..100 {
            if metrics.num_alive_tasks() == 0 {
                break;
            }
            tokio::task::yield_now().await;
        }
        assert_eq!(
            metrics.num_alive_tasks(),
            0,
            "no clock or actor left running"
        );
    });
}
