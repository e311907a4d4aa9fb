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
        let p = dir
            .path()
            .join(format!("child-of-{}.toml", parent.replace('/', "-")));
        std::fs::write(&p, format!("extends = \"{parent}\"\n")).unwrap();
        p
    };
    let extends_zero = child("/dev/zero");
    let extends_pipe = child("pipe.toml");
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
    // An absolute parent is not even opened, unless allowed; then it is read by the rule.
    expect_bad_input(
        &["run", path_str(&extends_zero)],
        "an absolute path is not followed",
    );
    expect_bad_input(
        &["run", path_str(&extends_zero), "--allow-any-extends"],
        device,
    );
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

/// Text that would retitle the window and clear the screen, and a line break that would
/// forge an error line.
const ATTACK: &str = r#"\u001b]0;PWNED\u0007\u001b[2J\nerror: forged"#;

/// C1 controls (U+009B is a one-byte CSI), DEL and the bidirectional overrides.
fn is_terminal_control(c: char) -> bool {
    matches!(c, '\u{7f}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn no_escape_reaches_the_terminal(what: &str, out: &Output) {
    for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        assert!(
            !bytes.iter().any(|b| *b == 0x1b || *b == 0x07),
            "{what}: a control byte reached {stream}: {}",
            String::from_utf8_lossy(bytes)
        );
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.chars().any(is_terminal_control),
            "{what}: a C1 control or a bidirectional override reached {stream}: {text}"
        );
        assert!(
            !text.lines().any(|l| l.starts_with("error: forged")),
            "{what}: a forged line on {stream}: {text}"
        );
    }
}

#[test]
fn no_escape_sequence_from_a_scenario_reaches_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let whatif = dir.path().join("attack.toml");
    std::fs::write(
        &whatif,
        format!(
            "extends = \"otl\"\n[scenario]\ntitle = \"T{ATTACK}\"\nname = \"n{ATTACK}\"\n\
             [[actors]]\nid = \"stalin\"\nname = \"Stalin{ATTACK}\"\n\
             [[events]]\nid = \"potsdam\"\ndate = \"1945-07\"\ntitle = \"Potsdam{ATTACK}\"\nnarrative = \"N{ATTACK}\"\n\
             [[outcomes]]\nlabel = \"L{ATTACK}\"\n"
        ),
    )
    .unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        format!("extends = \"otl\"\n[[actors]]\nid = \"nobody{ATTACK}\"\nparanoia = 0.5\n"),
    )
    .unwrap();
    let json = dir.path().join("result.json");
    let (w, b) = (path_str(&whatif), path_str(&bad));
    let runs: Vec<Vec<&str>> = vec![
        vec!["run", w, "--json", path_str(&json)],
        vec!["run", w, "--quiet"],
        vec!["run", w, "--brief"],
        vec!["check", w],
        vec!["analyze", w],
        vec!["sweep", w, "--runs", "3"],
        vec!["compare", "otl", w, "--runs", "2"],
        vec!["outcomes", w, "--seeds", "1-2"],
        vec!["check", b],
        vec!["run", b],
        vec!["sweep", b, "--runs", "2"],
    ];
    for args in &runs {
        let out = detente(args);
        no_escape_reaches_the_terminal(&format!("{args:?}"), &out);
    }
    // Logs on stderr are escaped too.
    let out = Command::new(env!("CARGO_BIN_EXE_detente"))
        .args(["run", w, "--quiet"])
        .env("RUST_LOG", "info")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(stderr(&out).contains("PWNED"), "the logs show the title");
    no_escape_reaches_the_terminal("RUST_LOG=info run", &out);
    // Files keep the exact text.
    let result: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let title = result["scenario"]["title"].as_str().unwrap();
    assert!(
        title.contains('\u{1b}') && title.contains("\nerror: forged"),
        "{title:?}"
    );
}

#[test]
fn json_logs_on_stderr_escape_what_json_leaves_raw_and_still_parse_to_the_exact_text() {
    let dir = tempfile::tempdir().unwrap();
    let whatif = dir.path().join("c1.toml");
    // A one-byte CSI, DEL and a right-to-left override: JSON writes all three raw.
    let raw = "Potsdam\u{9b}2J\u{7f}\u{202e}dlrow";
    std::fs::write(
        &whatif,
        "extends = \"otl\"\n[[events]]\nid = \"potsdam\"\ndate = \"1945-07\"\n\
         title = \"Potsdam\\u009b2J\\u007f\\u202edlrow\"\n",
    )
    .unwrap();
    let out = detente(&["run", path_str(&whatif), "--quiet", "--log-format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    no_escape_reaches_the_terminal("run --log-format json", &out);
    let titles: Vec<String> = stderr(&out)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("each line is JSON"))
        .filter_map(|v| v["fields"]["title"].as_str().map(str::to_string))
        .collect();
    assert!(
        titles.iter().any(|t| t == raw),
        "the log says the exact title: {titles:?}"
    );
    // A log file keeps the characters as they are.
    let log = dir.path().join("run.jsonl");
    let out = detente(&[
        "run",
        path_str(&whatif),
        "--quiet",
        "--log-format",
        "json",
        "--log-file",
        path_str(&log),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(std::fs::read_to_string(&log).unwrap().contains(raw));
}

#[test]
fn flags_at_their_limits_are_refused_never_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let design = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.to_str().unwrap().to_string()
    };
    let repeated = design(
        "repeated.csv",
        "actors.stalin.paranoia,actors.stalin.paranoia\n0.1,0.2\n",
    );
    let open_quote = design("quote.csv", "actors.stalin.paranoia\n\"0.1\n0.2\n");
    let max = u64::MAX.to_string();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["sweep", "otl", "--runs", "2", "--threads", "20000"],
            "1 to 1024",
        ),
        (
            vec!["sweep", "otl", "--runs", "2", "--threads", "0"],
            "1 to 1024",
        ),
        (
            vec!["compare", "otl", "otl", "--runs", "2", "--threads", "0"],
            "1 to 1024",
        ),
        (
            vec!["sweep", "otl", "--runs", "5", "--seed-start", &max],
            "the seeds would pass",
        ),
        (
            vec!["compare", "otl", "otl", "--runs", "5", "--seed-start", &max],
            "the seeds would pass",
        ),
        (
            vec![
                "sweep",
                "otl",
                "--runs",
                "1",
                "--vary",
                "actors.stalin.paranoia=-1e308:1e308:3",
            ],
            "out of range",
        ),
        (
            vec![
                "sweep",
                "otl",
                "--runs",
                "1",
                "--vary",
                "actors.stalin.paranoia=-1.7e308:1.7e308:2",
            ],
            "out of range",
        ),
        (
            vec!["sweep", "otl", "--runs", "1", "--design", &repeated],
            "repeats the key",
        ),
        (
            vec!["sweep", "otl", "--runs", "1", "--design", &open_quote],
            ":2:1: this quote is never closed",
        ),
        (
            vec!["run", "--quiet", "--fault", "panic@nobody:3"],
            "no actor \"nobody\"",
        ),
        (
            vec!["run", "--quiet", "--fault", "stall@stalin:100000"],
            "past the horizon",
        ),
    ];
    for (args, expect) in &cases {
        let out = detente_within(args, Duration::from_secs(60));
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(expect), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(!err.contains("NaN"), "{args:?}: {err}");
    }
    // The largest seeds that fit are fine, and said as they are.
    let start = (u64::MAX - 2).to_string();
    let out = detente(&["sweep", "otl", "--runs", "3", "--seed-start", &start]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(&format!("seeds {start} to {}", u64::MAX)),
        "{}",
        stdout(&out)
    );
}

#[test]
fn extends_reads_only_scenarios_inside_the_named_scenarios_directory() {
    let outer = tempfile::tempdir().unwrap();
    let top = outer.path().join("whatifs");
    let deeper = top.join("base");
    std::fs::create_dir_all(&deeper).unwrap();
    let write = |path: &Path, text: &str| std::fs::write(path, text).unwrap();
    let secret = "hunter2-do-not-show";
    // A file outside the scenario's directory, and files inside it that are no scenarios.
    write(
        &outer.path().join("credentials.toml"),
        &format!("[registry]\ntoken = \"{secret}\"\n"),
    );
    write(
        &top.join("secrets.toml"),
        &format!("API_TOKEN_{secret} = \"{secret}\"\n"),
    );
    write(&top.join("env"), &format!("TOKEN={secret}\nPATH=/bin\n"));
    // A what-if whose parent sits below it and goes back up (up, but not out).
    write(
        &deeper.join("calm.toml"),
        "extends = \"../mid.toml\"\n[[actors]]\nid = \"stalin\"\nparanoia = 0.5\n",
    );
    write(&top.join("mid.toml"), "extends = \"otl\"\n");
    write(&top.join("ok.toml"), "extends = \"base/calm.toml\"\n");
    let out = detente_within(
        &["check", path_str(&top.join("ok.toml"))],
        Duration::from_secs(20),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    let refused: Vec<(&str, &str)> = vec![
        ("/proc/self/environ", "an absolute path is not followed"),
        ("/etc/passwd", "an absolute path is not followed"),
        ("../../../../../../../proc/self/environ", "leads out of"),
        ("../credentials.toml", "leads out of"),
        ("base/../../credentials.toml", "leads out of"),
        ("secrets.toml", "is not a scenario file"),
        ("./env", "is not a scenario file"),
    ];
    #[cfg(unix)]
    std::os::unix::fs::symlink(outer.path().join("credentials.toml"), top.join("link.toml"))
        .unwrap();
    #[cfg(unix)]
    let refused = [refused, vec![("link.toml", "leads out of")]].concat();
    for (k, (parent, expect)) in refused.iter().enumerate() {
        let child = top.join(format!("child{k}.toml"));
        write(&child, &format!("extends = \"{parent}\"\n"));
        for cmd in ["check", "run"] {
            let out = detente_within(&[cmd, path_str(&child)], Duration::from_secs(20));
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(2), "{parent}: {err}");
            assert!(err.contains(expect), "{parent}: {err}");
            // Located at the child's extends line.
            assert!(
                err.contains(&format!("child{k}.toml:1:11: extends = ")),
                "{err}"
            );
            for leak in [secret, "registry", "API_TOKEN", "TOKEN", "PATH", "root:"] {
                assert!(!err.contains(leak), "{parent}: {leak} shown: {err}");
            }
        }
    }
    // Allowed, the file outside is read, and still nothing of it is shown.
    let child = top.join("child0.toml");
    write(&child, "extends = \"../credentials.toml\"\n");
    let out = detente_within(
        &["check", path_str(&child), "--allow-any-extends"],
        Duration::from_secs(20),
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("is not a scenario file"), "{err}");
    assert!(!err.contains(secret) && !err.contains("registry"), "{err}");
    // A real scenario outside is read when allowed, and only then.
    write(&outer.path().join("base.toml"), "extends = \"otl\"\n");
    write(&child, "extends = \"../base.toml\"\n");
    for (flag, code) in [(None, 2), (Some("--allow-any-extends"), 0)] {
        let mut args = vec!["check", path_str(&child)];
        args.extend(flag);
        let out = detente_within(&args, Duration::from_secs(20));
        assert_eq!(out.status.code(), Some(code), "{flag:?}: {}", stderr(&out));
    }
}
