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

/// Run the binary with `args`, no stdin, a clean log environment.
pub fn detente(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_detente"))
        .args(args)
        .env_remove("RUST_LOG")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("the binary runs")
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
