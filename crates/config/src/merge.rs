//! Scenarios as diffs: merging a child that `extends` a parent, by the rules of docs/scenarios.md.

use crate::hints;
use crate::locate::Seg;
use toml::{Table, Value};

/// A problem found while merging, at a path in the child file.
pub type MergeProblem = (Vec<Seg>, String);

/// Keys of an actor whose tables are merged key by key rather than replaced.
const DEEP_ACTOR_KEYS: &[&str] = &["ideal", "salience", "trust"];

/// What a child may drop, and the key that identifies each element.
const DROPPABLE: &[&str] = &["actors", "issues", "events", "outcomes", "channels"];

fn key(k: &str) -> Seg {
    Seg::Key(k.to_string())
}

fn id_of<'a>(v: &'a Value, field: &str) -> Option<&'a str> {
    v.get(field).and_then(|x| x.as_str())
}

/// Merge `child` onto `parent`. Drops apply first, then the child's tables: `[scenario]`
/// keys override; issues and actors with a parent's id change only the fields given
/// (ideal, salience and trust key by key); new ids are added; events with a parent's id
/// replace it; outcomes with a parent's label replace it in place and new ones go first;
/// channels are added.
pub fn merge(parent: Table, mut child: Table, problems: &mut Vec<MergeProblem>) -> Table {
    let mut out = parent;
    if let Some(drop) = child.remove("drop") {
        apply_drops(&mut out, drop, problems);
    }
    for (k, v) in child {
        match (k.as_str(), v) {
            ("scenario", Value::Table(s)) => match out.get_mut("scenario") {
                Some(Value::Table(target)) => target.extend(s),
                _ => {
                    out.insert(k, Value::Table(s));
                }
            },
            ("issues", Value::Array(items)) => {
                merge_by_id(&mut out, "issues", "id", "min", &[], items, problems)
            }
            ("actors", Value::Array(items)) => merge_by_id(
                &mut out,
                "actors",
                "id",
                "role",
                DEEP_ACTOR_KEYS,
                items,
                problems,
            ),
            ("events", Value::Array(items)) => {
                misspelt_events(&out, &items, problems);
                replace_by_id(&mut out, "events", "id", items, false)
            }
            ("outcomes", Value::Array(items)) => {
                replace_by_id(&mut out, "outcomes", "label", items, true)
            }
            ("channels", Value::Array(items)) => match out.get_mut("channels") {
                Some(Value::Array(existing)) => existing.extend(items),
                _ => {
                    out.insert(k, Value::Array(items));
                }
            },
            // Anything else (including mistakes) goes through as written, so that the
            // scenario's own checks report it where the child wrote it.
            (_, v) => {
                out.insert(k, v);
            }
        }
    }
    out
}

fn merge_by_id(
    out: &mut Table,
    array: &str,
    field: &str,
    required: &str,
    deep: &[&str],
    items: Vec<Value>,
    problems: &mut Vec<MergeProblem>,
) {
    let existing = match out
        .entry(array.to_string())
        .or_insert_with(|| Value::Array(Vec::new()))
    {
        Value::Array(a) => a,
        other => {
            *other = Value::Array(items);
            return;
        }
    };
    for (index, item) in items.into_iter().enumerate() {
        let id = id_of(&item, field).map(str::to_string);
        let position = id
            .as_deref()
            .and_then(|id| existing.iter().position(|e| id_of(e, field) == Some(id)));
        match (position, item) {
            (Some(p), Value::Table(changes)) => {
                if let Value::Table(target) = &mut existing[p] {
                    for (k, v) in changes {
                        match (deep.contains(&k.as_str()), target.get_mut(&k), v) {
                            (true, Some(Value::Table(t)), Value::Table(v)) => t.extend(v),
                            (_, _, v) => {
                                target.insert(k, v);
                            }
                        }
                    }
                }
            }
            (None, item) => {
                // An id the parent does not have adds an element; if it is only a change
                // (no `required` field), it is most likely a misspelt id.
                if item.get(required).is_none() && item.is_table() {
                    let known: Vec<&str> =
                        existing.iter().filter_map(|e| id_of(e, field)).collect();
                    let id = id.unwrap_or_default();
                    let hint = hints::did_you_mean(&id, known.iter().copied());
                    let what = array.trim_end_matches('s');
                    problems.push((
                        vec![key(array), Seg::Item { index, id: Some(id.clone()) }, key(field)],
                        format!(
                            " = \"{id}\": the parent has no {what} with this id{hint}; a new {what} needs `{required}` and the other required fields"
                        ),
                    ));
                } else {
                    existing.push(item);
                }
            }
            (Some(p), item) => existing[p] = item,
        }
    }
}

fn replace_by_id(out: &mut Table, array: &str, field: &str, items: Vec<Value>, new_first: bool) {
    let existing = match out
        .entry(array.to_string())
        .or_insert_with(|| Value::Array(Vec::new()))
    {
        Value::Array(a) => a,
        other => {
            *other = Value::Array(items);
            return;
        }
    };
    let mut added = Vec::new();
    for item in items {
        let position = id_of(&item, field)
            .and_then(|id| existing.iter().position(|e| id_of(e, field) == Some(id)));
        match position {
            Some(p) => existing[p] = item,
            None => added.push(item),
        }
    }
    if new_first {
        added.append(existing);
        *existing = added;
    } else {
        existing.append(&mut added);
    }
}

/// A new event one or two letters from a parent's event of the same month is almost surely
/// a misspelt replacement: without this check both would happen.
fn misspelt_events(out: &Table, items: &[Value], problems: &mut Vec<MergeProblem>) {
    let Some(Value::Array(parents)) = out.get("events") else {
        return;
    };
    for (index, item) in items.iter().enumerate() {
        let (Some(id), Some(date)) = (id_of(item, "id"), item.get("date").and_then(|d| d.as_str()))
        else {
            continue;
        };
        if parents.iter().any(|p| id_of(p, "id") == Some(id)) {
            continue;
        }
        let same_month = parents
            .iter()
            .filter(|p| p.get("date").and_then(|d| d.as_str()) == Some(date));
        if let Some(near) = hints::nearest(id, same_month.filter_map(|p| id_of(p, "id")))
            && id.chars().count() >= 6
        {
            problems.push((
                vec![key("events"), Seg::Item { index, id: Some(id.to_string()) }, key("id")],
                format!(
                    " = \"{id}\": the parent has no event with this id, but \"{near}\" in the same month; to replace it, use its id; to add an event beside it, give yours a clearly different id"
                ),
            ));
        }
    }
}

fn apply_drops(out: &mut Table, drop: Value, problems: &mut Vec<MergeProblem>) {
    let Value::Table(drop) = drop else {
        problems.push((
            vec![key("drop")],
            " must be a table, e.g. drop = { events = [\"fulton-speech\"] }".into(),
        ));
        return;
    };
    for (what, list) in drop {
        let at = vec![key("drop"), key(&what)];
        if !DROPPABLE.contains(&what.as_str()) {
            let hint = hints::did_you_mean_key(&what, DROPPABLE.iter().copied());
            problems.push((
                at,
                format!(
                    " cannot be dropped{hint}; allowed: {}",
                    DROPPABLE.join(", ")
                ),
            ));
            continue;
        }
        let Value::Array(list) = list else {
            problems.push((at, " must be a list".into()));
            continue;
        };
        for (index, entry) in list.into_iter().enumerate() {
            let at = vec![key("drop"), key(&what), Seg::Item { index, id: None }];
            if what == "channels" {
                let pair: Vec<String> = entry
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|x| x.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default();
                if pair.len() != 2 || !drop_channel(out, &pair[0], &pair[1]) {
                    problems.push((
                        at,
                        " names no channel of the parent; a channel is dropped as [\"a\", \"b\"]"
                            .into(),
                    ));
                }
                continue;
            }
            let Some(name) = entry.as_str() else {
                problems.push((
                    at,
                    " must be a string (an id, or an outcome's label)".into(),
                ));
                continue;
            };
            let field = if what == "outcomes" { "label" } else { "id" };
            let known: Vec<String> = match out.get(&what) {
                Some(Value::Array(a)) => a
                    .iter()
                    .filter_map(|e| id_of(e, field).map(str::to_string))
                    .collect(),
                _ => Vec::new(),
            };
            if !known.iter().any(|k| k == name) {
                let hint = hints::did_you_mean(name, known.iter().map(String::as_str));
                let listed = hints::listing(known.iter().map(String::as_str));
                problems.push((
                    at,
                    format!(
                        " = \"{name}\" is not in the parent's {what}{hint}; the parent has: {}",
                        listed
                    ),
                ));
                continue;
            }
            if let Some(Value::Array(a)) = out.get_mut(&what) {
                a.retain(|e| id_of(e, field) != Some(name));
            }
            match what.as_str() {
                "actors" => forget_actor(out, name),
                "issues" => forget_issue(out, name),
                _ => {}
            }
        }
    }
}

fn drop_channel(out: &mut Table, a: &str, b: &str) -> bool {
    let Some(Value::Array(channels)) = out.get_mut("channels") else {
        return false;
    };
    let before = channels.len();
    channels.retain(|c| !names_pair(c.get("between"), a, b));
    channels.len() != before
}

fn names_pair(v: Option<&Value>, a: &str, b: &str) -> bool {
    let names: Vec<&str> = v
        .and_then(|v| v.as_array())
        .map(|a| a.iter().filter_map(|x| x.as_str()).collect())
        .unwrap_or_default();
    names.len() == 2 && ((names[0] == a && names[1] == b) || (names[0] == b && names[1] == a))
}

fn names(v: Option<&Value>, who: &str) -> bool {
    v.and_then(|v| v.as_array())
        .is_some_and(|a| a.iter().any(|x| x.as_str() == Some(who)))
}

/// A dropped actor leaves no trace: trust in it, channels, veto and event effects naming it.
fn forget_actor(out: &mut Table, who: &str) {
    if let Some(Value::Array(actors)) = out.get_mut("actors") {
        for a in actors.iter_mut() {
            if let Some(Value::Table(t)) = a.get_mut("trust") {
                t.remove(who);
            }
        }
    }
    if let Some(Value::Table(s)) = out.get_mut("scenario")
        && let Some(Value::Array(veto)) = s.get_mut("veto")
    {
        veto.retain(|v| v.as_str() != Some(who));
    }
    if let Some(Value::Array(channels)) = out.get_mut("channels") {
        channels.retain(|c| !names(c.get("between"), who));
    }
    if let Some(Value::Array(events)) = out.get_mut("events") {
        for e in events.iter_mut() {
            let Some(e) = e.as_table_mut() else { continue };
            if let Some(Value::Array(t)) = e.get_mut("trust") {
                t.retain(|x| {
                    x.get("from").and_then(|v| v.as_str()) != Some(who)
                        && x.get("to").and_then(|v| v.as_str()) != Some(who)
                });
            }
            for k in ["paranoia", "ideal", "salience"] {
                if let Some(Value::Array(list)) = e.get_mut(k) {
                    list.retain(|x| x.get("actor").and_then(|v| v.as_str()) != Some(who));
                }
            }
            for k in ["open", "close"] {
                if let Some(Value::Array(list)) = e.get_mut(k) {
                    list.retain(|pair| {
                        !pair
                            .as_array()
                            .is_some_and(|p| p.iter().any(|x| x.as_str() == Some(who)))
                    });
                }
            }
            for k in ["remove", "add"] {
                if let Some(Value::Array(list)) = e.get_mut(k) {
                    list.retain(|x| x.as_str() != Some(who));
                }
            }
            if e.get("offer")
                .and_then(|o| o.get("from"))
                .and_then(|v| v.as_str())
                == Some(who)
            {
                e.remove("offer");
            }
        }
    }
}

/// A dropped issue leaves no trace: ideals, saliences (the rest renormalised to sum to 1),
/// event shifts and offers, outcome ranges.
fn forget_issue(out: &mut Table, issue: &str) {
    if let Some(Value::Array(actors)) = out.get_mut("actors") {
        for a in actors.iter_mut() {
            if let Some(Value::Table(t)) = a.get_mut("ideal") {
                t.remove(issue);
            }
            if let Some(Value::Table(w)) = a.get_mut("salience")
                && w.remove(issue).is_some()
            {
                let total: f64 = w.values().filter_map(as_number).sum();
                if total > 0.0 {
                    for (_, v) in w.iter_mut() {
                        if let Some(x) = as_number(v) {
                            *v = Value::Float(x / total);
                        }
                    }
                }
            }
        }
    }
    if let Some(Value::Array(events)) = out.get_mut("events") {
        for e in events.iter_mut() {
            for k in ["ideal", "salience"] {
                if let Some(Value::Array(list)) = e.get_mut(k) {
                    list.retain(|x| x.get("issue").and_then(|v| v.as_str()) != Some(issue));
                }
            }
            if let Some(Value::Table(p)) = e.get_mut("offer").and_then(|o| o.get_mut("positions")) {
                p.remove(issue);
            }
        }
    }
    if let Some(Value::Array(outcomes)) = out.get_mut("outcomes") {
        for o in outcomes.iter_mut() {
            if let Some(Value::Table(r)) = o.get_mut("ranges") {
                r.remove(issue);
            }
        }
    }
}

fn as_number(v: &Value) -> Option<f64> {
    v.as_float().or_else(|| v.as_integer().map(|i| i as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Table {
        toml::from_str(s).unwrap()
    }

    #[test]
    fn a_child_changes_fields_adds_replaces_and_drops() {
        let parent = t(r#"
            [scenario]
            name = "p"
            veto = ["a", "b"]
            [[actors]]
            id = "a"
            role = "principal"
            paranoia = 0.8
            ideal = { x = 0.1, y = 0.2 }
            trust = { b = 0.3, c = 0.4 }
            [[actors]]
            id = "b"
            role = "principal"
            [[actors]]
            id = "c"
            role = "adviser"
            [[channels]]
            between = ["a", "c"]
            [[events]]
            id = "e1"
            trust = [{ from = "a", to = "c", delta = 0.1 }, { from = "a", to = "b", delta = 0.1 }]
            [[events]]
            id = "e2"
            [[outcomes]]
            label = "L1"
        "#);
        let child = t(r#"
            drop = { actors = ["c"], events = ["e2"] }
            [scenario]
            name = "child"
            [[actors]]
            id = "a"
            paranoia = 0.5
            ideal = { y = 0.9 }
            [[events]]
            id = "e1"
            narrative = "replaced"
            [[events]]
            id = "e3"
            [[outcomes]]
            label = "L0"
        "#);
        let mut problems = Vec::new();
        let m = merge(parent, child, &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(m["scenario"]["name"].as_str(), Some("child"));
        assert_eq!(m["scenario"]["veto"].as_array().unwrap().len(), 2);
        let a = &m["actors"][0];
        assert_eq!(a["paranoia"].as_float(), Some(0.5));
        assert_eq!(a["ideal"]["x"].as_float(), Some(0.1), "untouched keys stay");
        assert_eq!(a["ideal"]["y"].as_float(), Some(0.9));
        assert!(
            a["trust"].get("c").is_none(),
            "trust in a dropped actor goes"
        );
        assert_eq!(m["actors"].as_array().unwrap().len(), 2);
        assert!(m.get("channels").unwrap().as_array().unwrap().is_empty());
        let ids: Vec<&str> = m["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["e1", "e3"]);
        assert_eq!(m["events"][0]["narrative"].as_str(), Some("replaced"));
        let labels: Vec<&str> = m["outcomes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["label"].as_str().unwrap())
            .collect();
        assert_eq!(labels, ["L0", "L1"], "new outcomes are checked first");
    }

    #[test]
    fn misspelt_ids_are_reported_with_the_nearest_name() {
        let parent =
            t("[[actors]]\nid = \"stalin\"\nrole = \"principal\"\n[[events]]\nid = \"fulton\"\n");
        let child =
            t("drop = { events = [\"fultn\"] }\n[[actors]]\nid = \"stalln\"\nparanoia = 0.5\n");
        let mut problems = Vec::new();
        merge(parent, child, &mut problems);
        let text: Vec<&str> = problems.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(problems.len(), 2, "{text:?}");
        assert!(text.iter().any(|m| {
            m.contains("\"fultn\" is not in the parent's events (did you mean \"fulton\"?)")
        }));
        assert!(
            text.iter()
                .any(|m| m.contains("no actor with this id (did you mean \"stalin\"?)"))
        );
    }

    #[test]
    fn dropping_an_issue_renormalises_salience() {
        let parent = t(
            "[[issues]]\nid = \"x\"\n[[issues]]\nid = \"y\"\n[[actors]]\nid = \"a\"\nsalience = { x = 0.5, y = 0.25, z = 0.25 }\n",
        );
        let child = t("drop = { issues = [\"y\"] }\n");
        let mut problems = Vec::new();
        let m = merge(parent, child, &mut problems);
        let w = &m["actors"][0]["salience"];
        assert!((w["x"].as_float().unwrap() - 2.0 / 3.0).abs() < 1e-12);
        assert!(w.get("y").is_none());
    }
}
