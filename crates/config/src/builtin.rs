//! Scenarios compiled into the binary, so `detente run` works with no file at hand.

/// Built-in scenarios: (name, TOML text). Library scenarios `extends = "otl"` by name.
pub const BUILTINS: &[(&str, &str)] = &[
    ("otl", include_str!("../../../configs/otl.toml")),
    (
        "lend-lease-continues",
        include_str!("../../../configs/lend-lease-continues.toml"),
    ),
];

/// The default scenario: the historical baseline.
pub const DEFAULT: &str = "otl";

/// The text of a built-in scenario.
pub fn text(name: &str) -> Option<&'static str> {
    BUILTINS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// Load a built-in scenario by name.
pub fn builtin(name: &str) -> Option<Result<detente_model::Scenario, crate::ConfigError>> {
    text(name).map(|_| crate::load_ref(&crate::ScenarioRef::Builtin(name.to_string()), &[]))
}
