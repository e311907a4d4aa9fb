//! Scenarios compiled into the binary, so `detente run` works with no file at hand.

/// Built-in scenarios: (name, TOML text). Library scenarios `extends = "otl"` by name.
pub const BUILTINS: &[(&str, &str)] = &[
    ("otl", include_str!("../../../configs/otl.toml")),
    (
        "lend-lease-continues",
        include_str!("../../../configs/lend-lease-continues.toml"),
    ),
    (
        "stalin-dies-1944",
        include_str!("../../../configs/stalin-dies-1944.toml"),
    ),
    (
        "beria-bargain",
        include_str!("../../../configs/beria-bargain.toml"),
    ),
    (
        "kursk-never-launched",
        include_str!("../../../configs/kursk-never-launched.toml"),
    ),
    (
        "bomb-under-un",
        include_str!("../../../configs/bomb-under-un.toml"),
    ),
    (
        "common-enemy",
        include_str!("../../../configs/common-enemy.toml"),
    ),
    (
        "shared-sacrifice",
        include_str!("../../../configs/shared-sacrifice.toml"),
    ),
    (
        "third-powers",
        include_str!("../../../configs/third-powers.toml"),
    ),
    (
        "us-soviet-condominium",
        include_str!("../../../configs/us-soviet-condominium.toml"),
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
