//! A what-if written as a diff: a scenario (a built-in or a file's text) with `--set`
//! changes, as the TOML a user saves and runs (`extends` plus the changed fields).
//!
//! Each change is written by the merge rules of docs/scenarios.md: an actor's or issue's
//! field on the entry with its id (`ideal`, `salience` and `trust` key by key, any other
//! field whole, since the merge replaces it whole), an event or outcome whole (the merge
//! replaces those whole), a `[scenario]` key as it is. The values are taken from the
//! merged scenario, so they read as the file format writes them. The text is checked by
//! loading it: it must give the same merged scenario as the base with the changes.

use crate::overrides::{self, BY_ID};
use crate::{ConfigError, Problem, ScenarioRef, input};
use toml::Value;
use toml_edit::{DocumentMut, Item, Table, TableLike};

/// Keys of an actor whose tables the merge takes key by key.
const DEEP_ACTOR_KEYS: &[&str] = &["ideal", "salience", "trust"];

/// The TOML of `reference` changed by `sets`: the base's own text (or `extends = "NAME"`
/// for a built-in) with each change written into it. Bad `sets` give the errors loading
/// gives. If the diff could not reproduce the merged scenario exactly (a bug), the whole
/// merged scenario is written instead, so the file always runs what was asked.
pub fn diff(reference: &ScenarioRef, sets: &[String]) -> Result<String, ConfigError> {
    let (_, effective) = crate::load_effective(reference, sets)?;
    let merged: toml::Table = toml::from_str(&effective).unwrap_or_default();
    let (base_name, base_text) = base(reference)?;
    let mut doc: DocumentMut = base_text.parse().map_err(|e: toml_edit::TomlError| {
        ConfigError::one(Problem::unlocated(
            base_name.clone(),
            e.message().to_string(),
            "the text did not parse a second time",
        ))
    })?;
    for arg in sets {
        let Ok(set) = overrides::parse(arg) else {
            continue;
        };
        write_change(&mut doc, &merged, &set.keys);
    }
    let header = format!(
        "# A what-if: {} with {} change(s), written by detente.\n# Run it with `detente run FILE`, `detente sweep FILE --runs 1000` or `detente check FILE`.\n",
        base_name,
        sets.len()
    );
    let text = format!("{header}{doc}");
    let same = crate::load_effective(&rewritten(reference, &text), &[])
        .ok()
        .and_then(|(_, e)| toml::from_str::<toml::Table>(&e).ok())
        .is_some_and(|t| t == merged);
    if same {
        Ok(text)
    } else {
        Ok(format!(
            "# The whole scenario: {base_name} with {} change(s), written by detente.\n{effective}",
            sets.len()
        ))
    }
}

/// The name and text a diff starts from.
fn base(reference: &ScenarioRef) -> Result<(String, String), ConfigError> {
    Ok(match reference {
        ScenarioRef::Builtin(n) => (n.clone(), format!("extends = {}\n", Value::from(n.clone()))),
        ScenarioRef::Text { name, text } | ScenarioRef::Untrusted { name, text } => {
            (name.clone(), text.clone())
        }
        ScenarioRef::File(p) | ScenarioRef::FileAnyExtends(p) => {
            let text = input::read_to_string(p, input::MAX_SCENARIO_BYTES).map_err(|reason| {
                ConfigError::Read {
                    file: p.display().to_string(),
                    reason,
                }
            })?;
            (p.display().to_string(), text)
        }
    })
}

/// The diff as a reference of the same kind, to check it.
fn rewritten(reference: &ScenarioRef, text: &str) -> ScenarioRef {
    let name = "what-if".to_string();
    let text = text.to_string();
    match reference {
        ScenarioRef::Untrusted { .. } | ScenarioRef::Builtin(_) => {
            ScenarioRef::Untrusted { name, text }
        }
        _ => ScenarioRef::Text { name, text },
    }
}

/// Write one change (a `--set` key) into `doc`, its value from `merged`.
fn write_change(doc: &mut DocumentMut, merged: &toml::Table, keys: &[String]) {
    let top = keys[0].as_str();
    if top == "scenario" {
        if let (Some(field), Some(v)) = (keys.get(1), lookup(merged, &keys[..2])) {
            let t = doc
                .entry("scenario")
                .or_insert_with(|| Item::Table(Table::new()));
            if let Some(t) = t.as_table_like_mut() {
                t.insert(field, Item::Value(edit_value(&v)));
            }
        }
        return;
    }
    if !BY_ID.contains(&top) || keys.len() < 3 {
        return;
    }
    let id_field = if top == "outcomes" { "label" } else { "id" };
    let Some(element) = merged_element(merged, top, id_field, &keys[1]) else {
        return;
    };
    let whole = matches!(top, "events" | "outcomes");
    let entry = doc_element(doc, top, id_field, &keys[1]);
    if whole {
        entry.clear();
        for (k, v) in element {
            entry.insert(k, Item::Value(edit_value(v)));
        }
        return;
    }
    let field = keys[2].as_str();
    let Some(value) = element.get(field) else {
        return;
    };
    let deep = top == "actors" && DEEP_ACTOR_KEYS.contains(&field) && keys.len() >= 4;
    match (deep, value) {
        (true, Value::Table(inner)) => {
            let Some(v) = inner.get(&keys[3]) else {
                return;
            };
            let sub = entry
                .entry(field)
                .or_insert_with(|| Item::Value(toml_edit::InlineTable::new().into()));
            if let Some(sub) = sub.as_table_like_mut() {
                sub.insert(&keys[3], Item::Value(edit_value(v)));
            }
        }
        _ => {
            entry.insert(field, Item::Value(edit_value(value)));
        }
    }
}

/// The element of the merged array `top` whose `id_field` is `id`.
fn merged_element<'a>(
    merged: &'a toml::Table,
    top: &str,
    id_field: &str,
    id: &str,
) -> Option<&'a toml::Table> {
    merged.get(top)?.as_array()?.iter().find_map(|v| {
        let t = v.as_table()?;
        (t.get(id_field)?.as_str()? == id).then_some(t)
    })
}

/// The entry of `doc`'s array of tables `top` with this id, added if the text has none.
fn doc_element<'a>(
    doc: &'a mut DocumentMut,
    top: &str,
    id_field: &str,
    id: &str,
) -> &'a mut dyn TableLike {
    let item = doc
        .entry(top)
        .or_insert_with(|| Item::ArrayOfTables(Default::default()));
    if !item.is_array_of_tables() {
        // An inline array of tables (`actors = [{...}]`) or something else: written as an
        // array of tables from here on would change its meaning, so a new key is used
        // only when the text has none (the check in `diff` catches the rest).
        *item = Item::ArrayOfTables(Default::default());
    }
    let array = item.as_array_of_tables_mut().expect("made above");
    let position = array
        .iter()
        .position(|t| t.get(id_field).and_then(|v| v.as_str()) == Some(id));
    let k = match position {
        Some(k) => k,
        None => {
            let mut t = Table::new();
            t.insert(id_field, toml_edit::value(id));
            array.push(t);
            array.len() - 1
        }
    };
    array.get_mut(k).expect("index found or pushed")
}

fn lookup(merged: &toml::Table, keys: &[String]) -> Option<Value> {
    let mut t = merged;
    for k in &keys[..keys.len() - 1] {
        t = t.get(k)?.as_table()?;
    }
    t.get(keys.last()?).cloned()
}

/// A `toml` value as a `toml_edit` one (through its TOML text, which both read alike).
fn edit_value(v: &Value) -> toml_edit::Value {
    let text = match v {
        Value::Table(t) => {
            // A table as an inline table: `{ a = 1, b = 2 }`.
            let inner: Vec<String> = t
                .iter()
                .map(|(k, v)| format!("{} = {}", toml_key(k), edit_value(v)))
                .collect();
            format!("{{ {} }}", inner.join(", "))
        }
        Value::Array(a) => {
            let inner: Vec<String> = a.iter().map(|v| edit_value(v).to_string()).collect();
            format!("[{}]", inner.join(", "))
        }
        other => other.to_string(),
    };
    text.trim()
        .parse()
        .unwrap_or_else(|_| toml_edit::Value::from(text.trim()))
}

/// A key as TOML writes it: bare if it can be, quoted otherwise.
fn toml_key(k: &str) -> String {
    let bare = !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare {
        k.to_string()
    } else {
        Value::from(k.to_string()).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn merged(r: &ScenarioRef, sets: &[String]) -> toml::Table {
        let (_, e) = crate::load_effective(r, sets).unwrap();
        toml::from_str(&e).unwrap()
    }

    fn reload(text: &str) -> toml::Table {
        merged(
            &ScenarioRef::Untrusted {
                name: "w".into(),
                text: text.into(),
            },
            &[],
        )
    }

    fn first_event_with_probability() -> String {
        let m = merged(&ScenarioRef::Builtin("otl".into()), &[]);
        m["events"]
            .as_array()
            .unwrap()
            .iter()
            .find_map(|e| e.get("id").and_then(|v| v.as_str()).map(String::from))
            .unwrap()
    }

    #[test]
    fn a_builtin_with_changes_is_extends_plus_the_changed_fields() {
        let event = first_event_with_probability();
        let sets = vec![
            "actors.stalin.paranoia=0.31".to_string(),
            "actors.stalin.trust.truman=0.55".to_string(),
            "actors.stalin.strategy.k=0.2".to_string(),
            format!("events.{event}.probability=0.25"),
            "scenario.noise=0.05".to_string(),
        ];
        let r = ScenarioRef::Builtin("otl".into());
        let text = diff(&r, &sets).unwrap();
        assert!(text.contains("extends = \"otl\""), "{text}");
        assert!(text.contains("paranoia = 0.31"), "{text}");
        assert!(!text.starts_with("# The whole scenario"), "{text}");
        assert_eq!(reload(&text), merged(&r, &sets));
        // Only what changed: far shorter than the baseline itself.
        assert!(text.len() < crate::builtin::text("otl").unwrap().len() / 2);
    }

    #[test]
    fn a_pasted_text_keeps_its_own_lines_and_gains_the_changes() {
        let text = "extends = \"otl\"\n\n[scenario]\nname = \"calm\"\n\n[[actors]]\nid = \"stalin\"\nparanoia = 0.5 # calmer\n";
        let r = ScenarioRef::Untrusted {
            name: "calm.toml".into(),
            text: text.into(),
        };
        let sets = vec![
            "actors.stalin.paranoia=0.4".to_string(),
            "actors.truman.trust.stalin=0.6".to_string(),
        ];
        let out = diff(&r, &sets).unwrap();
        assert!(out.contains("name = \"calm\""), "{out}");
        assert!(out.contains("paranoia = 0.4"), "{out}");
        assert_eq!(out.matches("id = \"stalin\"").count(), 1, "{out}");
        assert_eq!(reload(&out), merged(&r, &sets));
    }

    #[test]
    fn no_change_is_the_base_itself_and_bad_changes_are_load_errors() {
        let r = ScenarioRef::Builtin("lend-lease-continues".into());
        let out = diff(&r, &[]).unwrap();
        assert_eq!(reload(&out), merged(&r, &[]));
        let e = diff(&r, &["actors.stalin.paranoia=5".to_string()]).unwrap_err();
        assert!(e.to_string().contains("out of range"), "{e}");
    }
}
