//! Output files: the one rule (what a target may be, written whole), checked before work.

use crate::common::{detente, path_str, stderr, stdout};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn is_fifo(p: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_fifo())
}

/// Every command's output flag, pointed at `target` (the inputs they need are made in
/// `dir` on the first call).
fn each_output(dir: &Path, target: &str) -> Vec<Vec<String>> {
    let run_json = dir.join("for-report.json");
    let shard = dir.join("shard.csv");
    if !shard.exists() {
        make_inputs(dir);
    }
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    vec![
        s(&["run", "--quiet", "--json", target]),
        s(&["run", "--quiet", "--log-file", target]),
        s(&["run", "--quiet", "--rounds", target]),
        s(&["run", "--quiet", "--messages", target]),
        s(&["report", path_str(&run_json), "-o", target]),
        s(&["generate", "--actors", "6", "--out", target]),
        s(&["merge", path_str(&shard), "--out", target]),
        s(&["sweep", "otl", "--runs", "3", "--out", target]),
    ]
}

fn make_inputs(dir: &Path) {
    let run_json = dir.join("for-report.json");
    let o = detente(&["run", "--quiet", "--json", path_str(&run_json)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let shard = dir.join("shard.csv");
    let o = detente(&["sweep", "otl", "--runs", "3", "--out", path_str(&shard)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

fn run_args(args: &[String]) -> std::process::Output {
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    detente(&refs)
}

#[test]
fn a_fifo_a_directory_or_a_missing_directory_is_refused_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.csv");
    let made = Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo works here");
    let missing = dir.path().join("no-such-dir").join("out.csv");
    let a_dir = dir.path().join("a-dir.csv");
    std::fs::create_dir(&a_dir).unwrap();
    for target in [&fifo, &a_dir, &missing] {
        for args in each_output(dir.path(), path_str(target)) {
            let started = Instant::now();
            let o = run_args(&args);
            assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "{args:?} blocked"
            );
            assert!(
                stdout(&o).is_empty(),
                "{args:?} worked before refusing: {}",
                stdout(&o)
            );
            let e = stderr(&o);
            assert!(
                e.contains(path_str(target))
                    && (e.contains("FIFO")
                        || e.contains("is a directory")
                        || e.contains("does not exist")),
                "{args:?}: {e}"
            );
            assert_eq!(e.matches("error:").count(), 1, "{e}");
        }
    }
    assert!(is_fifo(&fifo), "the FIFO is still a FIFO");
}

#[test]
fn a_directory_that_takes_no_file_is_bad_input_before_any_work() {
    // /proc exists but no file can be made in it, as in a directory without write access
    // (which root, running these tests, could still write to).
    if !Path::new("/proc/self").exists() {
        eprintln!("skipped: no /proc here");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for args in each_output(dir.path(), "/proc/detente-out.csv") {
        let o = run_args(&args);
        let e = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {e}");
        assert!(
            stdout(&o).is_empty(),
            "{args:?} worked first: {}",
            stdout(&o)
        );
        assert!(e.contains("/proc/detente-out.csv"), "{args:?}: {e}");
        assert_eq!(e.matches("error:").count(), 1, "{e}");
    }
}

#[test]
fn a_device_node_is_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let dev = dir.path().join("null");
    // A private copy of /dev/null (char 1:3); making one needs root, as replacing one did.
    let made = Command::new("mknod")
        .arg(&dev)
        .args(["c", "1", "3"])
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        eprintln!("skipped: mknod needs root");
        return;
    }
    let o = detente(&["run", "--quiet", "--json", path_str(&dev)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("is a device"), "{}", stderr(&o));
    use std::os::unix::fs::FileTypeExt;
    let m = std::fs::symlink_metadata(&dev).unwrap();
    assert!(m.file_type().is_char_device(), "the device was replaced");
}

#[test]
fn a_read_only_file_is_kept_and_a_link_is_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let ro = dir.path().join("ro.json");
    std::fs::write(&ro, "keep me").unwrap();
    let mut perms = std::fs::metadata(&ro).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&ro, perms).unwrap();
    let o = detente(&["run", "--quiet", "--json", path_str(&ro)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("read-only"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&ro).unwrap(), "keep me");

    let real = dir.path().join("real.json");
    let link = dir.path().join("link.json");
    std::fs::write(&real, "old").unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let o = detente(&["run", "--quiet", "--json", path_str(&link)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&real).unwrap()).unwrap();
    assert!(
        v.get("equilibrium").is_some(),
        "the link's target holds the result"
    );
}

#[test]
fn a_killed_writers_leftover_is_cleaned_by_the_next_write() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.json");
    // What a write killed mid-way leaves: its process (pid 4294967295 never exists) is gone.
    let leftover = dir.path().join(format!(
        ".out.json.4294967295.abcdef{}",
        detente_data::output::TEMP_SUFFIX
    ));
    std::fs::write(&leftover, "half a result").unwrap();
    let o = detente(&["run", "--quiet", "--json", path_str(&out)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!leftover.exists(), "the leftover is removed");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["out.json".to_string()]);
}

/// A 64 KiB file system, as root; `None` where it cannot be mounted.
struct SmallDisk(tempfile::TempDir);

impl SmallDisk {
    fn mount() -> Option<Self> {
        let dir = tempfile::tempdir().ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(Self(dir))
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.0.path()).status();
    }
}

#[test]
fn a_log_file_on_a_full_disk_is_one_error() {
    let Some(disk) = SmallDisk::mount() else {
        eprintln!("skipped: mounting a small tmpfs needs root");
        return;
    };
    let log = disk.0.path().join("run.jsonl");
    // The baseline's JSON log is several hundred KiB: far more than the disk holds.
    let o = detente(&[
        "run",
        "--quiet",
        "--log-format",
        "json",
        "--log-file",
        path_str(&log),
    ]);
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{e}");
    assert_eq!(e.lines().count(), 1, "one line of error: {e}");
    assert!(
        e.contains("cannot write the log file") && e.contains("No space left"),
        "{e}"
    );
    let left: Vec<_> = std::fs::read_dir(disk.0.path())
        .unwrap()
        .flatten()
        .collect();
    assert!(left.is_empty(), "nothing half-written is left: {left:?}");
}
