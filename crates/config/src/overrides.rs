//! `--set KEY=VALUE`: change one field of a scenario from the command line.

use crate::locate::Seg;
use crate::source::Override;
use toml::{Table, Value};

/// Arrays of tables whose elements a path names by id (or label, for outcomes).
pub const BY_ID: &[&str] = &["issues", "actors", "events", "outcomes"];

/// A parsed `--set`.
#[derive(Clone, Debug)]
pub struct Set {
    /// Where it will be reported.
    pub source: Override,
    /// The dotted key, split.
    pub keys: Vec<String>,
    /// The value.
    pub value: Value,
}

/// Parse `KEY=VALUE`. The value is read as TOML (`0.5`, `60`, `true`, `"text"`,
/// `{ poland = 0.5 }`); anything that is not TOML is taken as a string.
pub fn parse(arg: &str) -> Result<Set, String> {
    let (key, value) = arg.split_once('=').ok_or_else(|| {
        format!("--set {arg}: expected KEY=VALUE, e.g. actors.stalin.paranoia=0.5")
    })?;
    let keys: Vec<String> = key
        .trim()
        .split('.')
        .map(|k| k.trim().to_string())
        .collect();
    if keys.iter().any(|k| k.is_empty()) {
        return Err(format!("--set {arg}: the key {key:?} has an empty part"));
    }
    let top = keys[0].as_str();
    let allowed = ["scenario", "issues", "actors", "events", "outcomes"];
    if !allowed.contains(&top) {
        return Err(format!(
            "--set {arg}: a key starts with scenario, issues.ID, actors.ID, events.ID or outcomes.LABEL, e.g. actors.stalin.paranoia=0.5 (\"{top}\" is none of them)"
        ));
    }
    let min_len = if BY_ID.contains(&top) { 3 } else { 2 };
    if keys.len() < min_len {
        let example = if top == "scenario" {
            "scenario.horizon=60"
        } else {
            "actors.stalin.paranoia=0.5"
        };
        return Err(format!("--set {arg}: the key is too short; e.g. {example}"));
    }
    let text = value.trim();
    let value = toml::from_str::<Table>(&format!("v = {text}"))
        .ok()
        .and_then(|mut t| t.remove("v"))
        .unwrap_or_else(|| Value::String(text.to_string()));
    let path = keys
        .iter()
        .enumerate()
        .map(|(k, key)| match key.parse::<usize>() {
            _ if k == 1 && BY_ID.contains(&top) => Seg::Item {
                index: 0,
                id: Some(key.clone()),
            },
            // A position in a list, as in events.fulton.trust.0.delta.
            Ok(index) if k >= 3 => Seg::Item { index, id: None },
            _ => Seg::Key(key.clone()),
        })
        .collect();
    Ok(Set {
        source: Override {
            arg: arg.to_string(),
            path,
        },
        keys,
        value,
    })
}

/// Apply a `--set` to a merged scenario table.
pub fn apply(table: &mut Table, set: &Set) -> Result<(), String> {
    let arg = &set.source.arg;
    let top = set.keys[0].as_str();
    let mut node: &mut Table = table;
    let mut rest = &set.keys[..];
    if BY_ID.contains(&top) {
        let id = &set.keys[1];
        let key = if top == "outcomes" { "label" } else { "id" };
        let array = match node.get_mut(top) {
            Some(Value::Array(a)) => a,
            _ => return Err(format!("--set {arg}: the scenario has no {top}")),
        };
        let ids: Vec<String> = array
            .iter()
            .filter_map(|v| v.get(key).and_then(|x| x.as_str()).map(str::to_string))
            .collect();
        let Some(element) = array
            .iter_mut()
            .find(|v| v.get(key).and_then(|x| x.as_str()) == Some(id))
        else {
            let hint = crate::hints::did_you_mean(id, ids.iter().map(String::as_str));
            let what = top.trim_end_matches('s');
            return Err(format!(
                "--set {arg}: no {what} \"{id}\" in this scenario{hint}; known: {}",
                crate::hints::listing(ids.iter().map(String::as_str))
            ));
        };
        node = element
            .as_table_mut()
            .ok_or_else(|| format!("--set {arg}: {top}.{id} is not a table"))?;
        rest = &set.keys[2..];
    } else {
        node = match node
            .entry(top.to_string())
            .or_insert_with(|| Value::Table(Table::new()))
        {
            Value::Table(t) => t,
            _ => return Err(format!("--set {arg}: {top} is not a table")),
        };
        rest = &rest[1..];
    }
    let (last, _) = rest
        .split_last()
        .ok_or_else(|| format!("--set {arg}: nothing to set"))?;
    let mut k = 0;
    while k + 1 < rest.len() {
        let key = &rest[k];
        node = match node
            .entry(key.clone())
            .or_insert_with(|| Value::Table(Table::new()))
        {
            Value::Table(t) => {
                k += 1;
                t
            }
            // A list of tables (an event's trust shifts): the next key is a position.
            Value::Array(list) => {
                k += 2;
                element(arg, key, list, rest.get(k - 1), k < rest.len())?
            }
            _ => return Err(format!("--set {arg}: {key} is not a table")),
        };
    }
    let mut value = set.value.clone();
    // `0` for a field that holds 0.5 means 0.0.
    if let (Some(Value::Float(_)), Value::Integer(i)) = (node.get(last), &value) {
        value = Value::Float(*i as f64);
    }
    // A table given for a table (`trust={ truman = 0.9 }`) changes the keys it names, as
    // a child file does; everything else replaces.
    if let (Some(Value::Table(existing)), Value::Table(changes)) = (node.get_mut(last), &value) {
        existing.extend(changes.clone());
        return Ok(());
    }
    node.insert(last.clone(), value);
    Ok(())
}

/// Element `position` of the list `key`, for a `--set` that goes on into one of its fields.
fn element<'t>(
    arg: &str,
    key: &str,
    list: &'t mut [Value],
    position: Option<&String>,
    field_follows: bool,
) -> Result<&'t mut Table, String> {
    let len = list.len();
    let example = format!("{key}.0.delta");
    let index = position
        .and_then(|p| p.parse::<usize>().ok())
        .filter(|_| field_follows)
        .ok_or_else(|| {
            format!("--set {arg}: {key} is a list; name an element by its position from 0 and one of its fields, e.g. {example}")
        })?;
    match list.get_mut(index) {
        Some(Value::Table(t)) => Ok(t),
        Some(_) => Err(format!(
            "--set {arg}: element {index} of {key} is not a table"
        )),
        None => Err(format!(
            "--set {arg}: {key} has {len} element(s), so positions 0 to {}",
            len.saturating_sub(1)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_a_field_of_an_actor_by_id_and_a_setting() {
        let mut t: Table = toml::from_str(
            "[scenario]\nhorizon = 48\n[[actors]]\nid = \"stalin\"\nparanoia = 0.8\nideal = { loan = 7.0 }\n",
        )
        .unwrap();
        apply(&mut t, &parse("actors.stalin.paranoia=0").unwrap()).unwrap();
        apply(&mut t, &parse("actors.stalin.ideal.loan=9").unwrap()).unwrap();
        apply(&mut t, &parse("scenario.horizon=60").unwrap()).unwrap();
        apply(
            &mut t,
            &parse("actors.stalin.ideal={ poland = 0.5 }").unwrap(),
        )
        .unwrap();
        assert_eq!(t["actors"][0]["ideal"]["poland"].as_float(), Some(0.5));
        assert_eq!(
            t["actors"][0]["ideal"]["loan"].as_float(),
            Some(9.0),
            "other keys kept"
        );
        apply(
            &mut t,
            &parse("scenario.title=A what-if, told twice").unwrap(),
        )
        .unwrap();
        assert_eq!(t["actors"][0]["paranoia"].as_float(), Some(0.0));
        assert_eq!(t["actors"][0]["ideal"]["loan"].as_float(), Some(9.0));
        assert_eq!(t["scenario"]["horizon"].as_integer(), Some(60));
        assert_eq!(
            t["scenario"]["title"].as_str(),
            Some("A what-if, told twice")
        );
        let err = apply(&mut t, &parse("actors.stalln.paranoia=0.5").unwrap()).unwrap_err();
        assert!(
            err.contains("no actor \"stalln\"") && err.contains("did you mean \"stalin\""),
            "{err}"
        );
        assert!(parse("channels.x.y=1").is_err());
        let mut t: Table = toml::from_str(
            "[[events]]\nid = \"fulton\"\ntrust = [{ from = \"a\", to = \"b\", delta = -0.1 }, { from = \"b\", to = \"a\", delta = -0.2 }]\n",
        )
        .unwrap();
        apply(&mut t, &parse("events.fulton.trust.1.delta=0").unwrap()).unwrap();
        assert_eq!(t["events"][0]["trust"][1]["delta"].as_float(), Some(0.0));
        assert_eq!(t["events"][0]["trust"][0]["delta"].as_float(), Some(-0.1));
        let err = apply(&mut t, &parse("events.fulton.trust.2.delta=0").unwrap()).unwrap_err();
        assert!(err.contains("2 element(s), so positions 0 to 1"), "{err}");
        let err = apply(&mut t, &parse("events.fulton.trust.from=x").unwrap()).unwrap_err();
        assert!(err.contains("e.g. trust.0.delta"), "{err}");
        let err = apply(&mut t, &parse("events.fulton.trust.0=1").unwrap()).unwrap_err();
        assert!(err.contains("is a list"), "{err}");
        assert!(parse("actors.stalin=1").is_err());
        assert!(parse("paranoia").is_err());
    }
}
