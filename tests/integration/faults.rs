//! An actor that panics or stalls ends the run quickly with a clear error, exit 1, no output file.

use crate::common::*;
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
