//! Scenarios compiled into the binary, so `detente run` works with no file at hand.

use crate::ConfigError;
use detente_model::Scenario;

/// Built-in scenarios: (name, TOML text).
pub const BUILTINS: &[(&str, &str)] = &[
    ("otl", include_str!("../../../configs/otl.toml")),
    (
        "lend-lease-continues",
        include_str!("../../../configs/lend-lease-continues.toml"),
    ),
];

/// The default scenario: the historical baseline.
pub const DEFAULT: &str = "otl";

/// Load a built-in scenario by name.
pub fn builtin(name: &str) -> Option<Result<Scenario, ConfigError>> {
    BUILTINS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(n, text)| crate::parse(text, &format!("<built-in {n}>")))
}
