//! Inputs a hostile user tries: devices, FIFOs and huge files where a scenario or design
//! belongs. Each must end in a clear error with exit 2, promptly, and never hang.

use crate::common::*;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Run the binary, killing it if it takes longer than `limit` (a hang is a failure, not a
/// test that never ends). The limit is generous: these cases take milliseconds.
pub fn detente_within(args: &[&str], limit: Duration) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_detente"))
        .args(args)
        .env_remove("RUST_LOG")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let started = Instant::now();
    while child.try_wait().expect("wait works").is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("detente {args:?} was still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output is read")
}

fn expect_bad_input(args: &[&str], expect: &str) {
    let out = detente_within(args, Duration::from_secs(20));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(err.contains(expect), "{args:?}: {err}");
}

#[cfg(unix)]
fn fifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

#[test]
#[cfg(unix)]
fn devices_fifos_and_huge_files_are_refused_without_reading_them() {
    let dir = tempfile::tempdir().unwrap();
    let pipe = dir.path().join("pipe.toml");
    fifo(&pipe);
    let pipe = path_str(&pipe);
    let child = |parent: &str| {
        let p = dir.path().join(format!("child-{}.toml", parent.len()));
        std::fs::write(&p, format!("extends = \"{parent}\"\n")).unwrap();
        p
    };
    let extends_zero = child("/dev/zero");
    let extends_pipe = child(pipe);
    let huge = dir.path().join("huge.toml");
    let f = std::fs::File::create(&huge).unwrap();
    // Sparse: as large as a user could make it, at no cost to the disk.
    f.set_len(detente_config::input::MAX_SCENARIO_BYTES + 1)
        .unwrap();
    let device = "a character device, not a regular file";
    let a_fifo = "a FIFO (named pipe), not a regular file";
    expect_bad_input(&["run", "/dev/zero"], device);
    expect_bad_input(&["check", "/dev/zero"], device);
    expect_bad_input(&["run", pipe], a_fifo);
    expect_bad_input(&["check", pipe], a_fifo);
    expect_bad_input(&["sweep", pipe, "--runs", "2"], a_fifo);
    expect_bad_input(&["run", path_str(&extends_zero)], device);
    expect_bad_input(&["run", path_str(&extends_pipe)], a_fifo);
    expect_bad_input(&["run", path_str(&huge)], "too large");
    expect_bad_input(&["run", path_str(dir.path())], "a directory");
    expect_bad_input(
        &["sweep", "otl", "--runs", "1", "--design", "/dev/zero"],
        device,
    );
    expect_bad_input(&["sweep", "otl", "--runs", "1", "--design", pipe], a_fifo);
    expect_bad_input(&["report", "/dev/zero", "-o", "x.html"], device);
}
