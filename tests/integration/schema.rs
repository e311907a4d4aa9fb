//! The JSON Schemas under docs/schema: generated from the types that write each file, and
//! every file the tests write is checked against them (see `common::detente`).

use crate::common::*;

/// The shipped schemas are the ones the types give now. `DETENTE_UPDATE_SCHEMAS=1 cargo
/// test --test integration schema::` writes them after a change of layout.
#[test]
fn the_shipped_schemas_are_generated_from_the_types() {
    let update = std::env::var_os("DETENTE_UPDATE_SCHEMAS").is_some();
    for (name, schema) in schemas() {
        let path = schema_path(name);
        let text = serde_json::to_string_pretty(&schema).unwrap() + "\n";
        if update {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &text).unwrap();
        }
        let shipped = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            shipped == text,
            "{} is not the schema the types give; run DETENTE_UPDATE_SCHEMAS=1 cargo test --test integration schema:: and review the change (a renamed or removed field needs a new detente_data::SCHEMA_VERSION)",
            path.display()
        );
        assert!(
            jsonschema::meta::is_valid(&schema),
            "{name} is a valid JSON Schema"
        );
    }
}

/// The schemas catch what they are for: a result with a field of the wrong type, or
/// without its schema_version, does not validate.
#[test]
fn a_result_that_breaks_the_layout_does_not_validate() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("r.json");
    let out = detente(&["run", "--quiet", "--json", path_str(&json)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let good: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let validator = |name: &str| {
        let text = std::fs::read_to_string(schema_path(name)).unwrap();
        jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
    };
    let run = validator("run-result");
    assert!(run.is_valid(&good));
    let mut bad = good.clone();
    bad.as_object_mut().unwrap().remove("schema_version");
    assert!(!run.is_valid(&bad), "schema_version is required");
    let mut bad = good.clone();
    bad["series"]["dates"][0] = "May 1945".into();
    assert!(!run.is_valid(&bad), "dates are YYYY-MM");
    let mut bad = good.clone();
    bad["messages"][0]["kind"] = "gossip".into();
    assert!(!run.is_valid(&bad), "message kinds are the model's");

    let row = validator("sweep-row");
    let mut r = serde_json::json!({"run": 0, "config": 0, "seed": 1, "reason": "deadlock",
        "round": 3, "date": "1945-08", "outcome": "x", "pos_poland": 0.5, "mean_trust": 0.3,
        "messages": 10, "actors.stalin.paranoia": 0.4});
    assert!(row.is_valid(&r));
    r["pos_poland"] = "half".into();
    assert!(!row.is_valid(&r), "positions are numbers");
}
