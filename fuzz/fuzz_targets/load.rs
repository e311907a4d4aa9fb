//! Fuzz target: a scenario file, the parent it may `extends`, and `--set` arguments, loaded
//! as `detente check` loads them. It must end in a scenario or in located problems, never
//! in a panic or a hang; a loaded scenario's effective TOML must load to the same scenario.
//!
//! The input is split at lines holding only `%%`: the child file, then the parent file
//! (`parent.toml` beside it), then one `--set KEY=VALUE` per line.
#![no_main]

use detente_config::{ConfigError, ScenarioRef};
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

/// One directory per fuzzing process, written again for every input.
fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = std::env::temp_dir().join(format!("detente-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&d).expect("a temporary directory");
        d
    })
}

/// The input's parts: before the first separator line, between it and the next, after.
fn split(data: &[u8]) -> (&[u8], &[u8], &[u8]) {
    const SEP: &[u8] = b"\n%%\n";
    let find = |d: &[u8]| d.windows(SEP.len()).position(|w| w == SEP);
    let Some(i) = find(data) else {
        return (data, &[], &[]);
    };
    let (child, rest) = (&data[..i], &data[i + SEP.len()..]);
    let Some(j) = find(rest) else {
        return (child, rest, &[]);
    };
    (child, &rest[..j], &rest[j + SEP.len()..])
}

fuzz_target!(|data: &[u8]| {
    let (child, parent, sets) = split(data);
    let sets: Vec<String> = String::from_utf8_lossy(sets)
        .lines()
        .take(16)
        .map(str::to_string)
        .collect();
    let child_path = dir().join("child.toml");
    // Written as bytes: a file that is not UTF-8 is tried too.
    std::fs::write(&child_path, child).expect("the child file is written");
    std::fs::write(dir().join("parent.toml"), parent).expect("the parent file is written");

    match detente_config::load_effective(&ScenarioRef::File(child_path), &sets) {
        Ok((scenario, effective)) => {
            let again = detente_config::load_ref(
                &ScenarioRef::Text {
                    name: "effective".into(),
                    text: effective.clone(),
                },
                &[],
            )
            .unwrap_or_else(|e| panic!("the effective scenario does not load: {e:#}\n{effective}"));
            assert!(
                again == scenario,
                "the effective scenario differs:\n{effective}"
            );
        }
        Err(ConfigError::Invalid { problems, .. }) => {
            for p in &problems {
                assert!(
                    p.line.is_some()
                        || p.no_line.is_some()
                        || p.file.starts_with("--set")
                        || p.file.is_empty(),
                    "a problem with no place and no reason: {p:?}"
                );
                assert!(!p.to_string().contains('\n'), "a problem on two lines: {p}");
            }
        }
        Err(_) => {}
    }
});
