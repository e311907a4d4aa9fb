//! Helpers shared by the integration tests.

use detente_model::Scenario;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

/// The scenarios shipped in configs/ (each is also built in).
pub const SHIPPED: &[&str] = &[
    "otl",
    "lend-lease-continues",
    "stalin-dies-1944",
    "beria-bargain",
    "kursk-never-launched",
    "bomb-under-un",
    "common-enemy",
    "shared-sacrifice",
    "third-powers",
    "us-soviet-condominium",
];

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn config_path(name: &str) -> PathBuf {
    root().join("configs").join(format!("{name}.toml"))
}

pub fn config_text(name: &str) -> String {
    std::fs::read_to_string(config_path(name)).expect("shipped scenario is readable")
}

pub fn scenario(name: &str) -> Arc<Scenario> {
    Arc::new(detente_config::load(&config_path(name)).expect("shipped scenario is valid"))
}

pub fn parse(text: &str) -> Arc<Scenario> {
    Arc::new(detente_config::parse(text, "test.toml").unwrap_or_else(|e| panic!("{e}")))
}

/// Run the binary with `args`, no stdin, a clean log environment. Every result, table,
/// row and meta a successful command writes is checked against the shipped schemas.
pub fn detente(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_detente"))
        .args(args)
        .env_remove("RUST_LOG")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("the binary runs");
    if out.status.success() {
        check_outputs(args);
    }
    out
}

/// Run the binary with `args` and `input` piped to its stdin, a clean log environment.
pub fn detente_with_input(args: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_detente"))
        .args(args)
        .env_remove("RUST_LOG")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut stdin = child.stdin.take().expect("a pipe");
    let input = input.to_string();
    // Written from a thread: a long session would otherwise fill the pipes both ways.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let out = child.wait_with_output().expect("the binary ends");
    writer.join().expect("the input is written");
    out
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// The JSON Schemas shipped under docs/schema: (file name, the schema generated now).
pub fn schemas() -> Vec<(&'static str, serde_json::Value)> {
    let json = |s: schemars::Schema| serde_json::to_value(s).expect("a schema is JSON");
    vec![
        ("run-result", json(detente_data::run_result_schema())),
        ("sweep-meta", json(detente_sweep::results::meta_schema())),
        ("sweep-row", json(detente_sweep::store::row_schema())),
        ("rounds-row", json(detente_data::tables::rounds_schema())),
        (
            "messages-row",
            json(detente_data::tables::messages_schema()),
        ),
        ("game", json(detente_data::game::game_schema())),
    ]
}

pub fn schema_path(name: &str) -> PathBuf {
    root()
        .join("docs/schema")
        .join(format!("{name}.schema.json"))
}

/// Check `value` against the shipped schema `name` (docs/schema/NAME.schema.json).
pub fn assert_valid(name: &str, value: &serde_json::Value, what: &str) {
    use std::collections::BTreeMap;
    use std::sync::{Mutex, OnceLock};
    static VALIDATORS: OnceLock<Mutex<BTreeMap<String, Arc<jsonschema::Validator>>>> =
        OnceLock::new();
    let validator = {
        let mut all = VALIDATORS.get_or_init(Default::default).lock().unwrap();
        let v = all.entry(name.to_string()).or_insert_with(|| {
            let text = std::fs::read_to_string(schema_path(name)).expect("the schema is shipped");
            let schema: serde_json::Value = serde_json::from_str(&text).expect("schema is JSON");
            Arc::new(jsonschema::validator_for(&schema).expect("a valid JSON Schema"))
        });
        Arc::clone(v)
    };
    let errors: Vec<String> = validator
        .iter_errors(value)
        .take(5)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} does not match {name}: {errors:#?}"
    );
}

/// The value of `--flag VALUE` in `args`.
fn flag<'a>(args: &[&'a str], name: &str) -> Option<&'a str> {
    args.windows(2).find(|w| w[0] == name).map(|w| w[1])
}

/// Check every file a successful command wrote against the shipped schemas: a run's
/// result and its JSON Lines tables, a results file's meta and its JSON Lines rows.
fn check_outputs(args: &[&str]) {
    let lines = |path: &str, schema: &str| {
        if !path.ends_with(".jsonl") {
            return;
        }
        let text = std::fs::read_to_string(path).expect("the table is written");
        for (k, line) in text.lines().enumerate() {
            let row: serde_json::Value = serde_json::from_str(line).expect("a JSON row");
            assert_valid(schema, &row, &format!("{path} line {}", k + 1));
        }
    };
    match args.first().copied() {
        Some("run") => {
            if let Some(path) = flag(args, "--json") {
                let text = std::fs::read_to_string(path).expect("the result is written");
                let v = serde_json::from_str(&text).expect("the result is JSON");
                assert_valid("run-result", &v, path);
            }
            if let Some(path) = flag(args, "--rounds") {
                lines(path, "rounds-row");
            }
            if let Some(path) = flag(args, "--messages") {
                lines(path, "messages-row");
            }
        }
        Some("sweep" | "merge" | "sensitivity" | "compare") => {
            let Some(path) = flag(args, "--out") else {
                return;
            };
            let meta = format!("{path}.meta.json");
            if let Ok(text) = std::fs::read_to_string(&meta) {
                let v = serde_json::from_str(&text).expect("the meta is JSON");
                assert_valid("sweep-meta", &v, &meta);
                lines(path, "sweep-row");
            }
        }
        _ => {}
    }
}
