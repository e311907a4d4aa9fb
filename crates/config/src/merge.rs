//! Scenarios as diffs: merging a child that `extends` a parent, by the rules of docs/scenarios.md.
//!
//! Elements are found by id through an index, and problems beyond the cap are only
//! counted, so that a merge costs time in proportion to the two files, whatever it finds.

use crate::error::Collected;
use crate::hints;
use crate::locate::Seg;
use std::collections::{HashMap, HashSet};
use toml::{Table, Value};

/// A problem found while merging, at a path in the child file.
pub(crate) type MergeProblem = (Vec<Seg>, String);

/// Problems found while merging.
pub(crate) type MergeProblems = Collected<MergeProblem>;

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

/// Position of each id in `items` (the first, if an id repeats).
fn index_of(items: &[Value], field: &str) -> HashMap<String, usize> {
    let mut index = HashMap::with_capacity(items.len());
    for (k, item) in items.iter().enumerate() {
        if let Some(id) = id_of(item, field) {
            index.entry(id.to_string()).or_insert(k);
        }
    }
    index
}

/// Merge `child` onto `parent`. Drops apply first, then the child's tables: `[scenario]`
/// keys override; issues and actors with a parent's id change only the fields given
/// (ideal, salience and trust key by key); new ids are added; events with a parent's id
/// replace it; outcomes with a parent's label replace it in place and new ones go first;
/// channels are added.
pub(crate) fn merge(parent: Table, mut child: Table, problems: &mut MergeProblems) -> Table {
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
    problems: &mut MergeProblems,
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
    let mut index = index_of(existing, field);
    for (k, item) in items.into_iter().enumerate() {
        let id = id_of(&item, field).map(str::to_string);
        let position = id.as_deref().and_then(|id| index.get(id).copied());
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
                    let id = id.unwrap_or_default();
                    let known = existing.iter().filter_map(|e| id_of(e, field));
                    problems.push_with(|| {
                        let hint = hints::did_you_mean(&id, known);
                        let what = array.trim_end_matches('s');
                        (
                            vec![key(array), Seg::Item { index: k, id: Some(id.clone()) }, key(field)],
                            format!(
                                " = \"{id}\": the parent has no {what} with this id{hint}; a new {what} needs `{required}` and the other required fields"
                            ),
                        )
                    });
                } else {
                    if let Some(id) = id {
                        index.entry(id).or_insert(existing.len());
                    }
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
    let index = index_of(existing, field);
    let mut added = Vec::new();
    for item in items {
        match id_of(&item, field).and_then(|id| index.get(id).copied()) {
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
fn misspelt_events(out: &Table, items: &[Value], problems: &mut MergeProblems) {
    let Some(Value::Array(parents)) = out.get("events") else {
        return;
    };
    let ids: HashSet<&str> = parents.iter().filter_map(|p| id_of(p, "id")).collect();
    let mut by_month: HashMap<&str, Vec<&str>> = HashMap::new();
    for p in parents {
        if let (Some(id), Some(date)) = (id_of(p, "id"), p.get("date").and_then(|d| d.as_str())) {
            by_month.entry(date).or_default().push(id);
        }
    }
    for (index, item) in items.iter().enumerate() {
        let (Some(id), Some(date)) = (id_of(item, "id"), item.get("date").and_then(|d| d.as_str()))
        else {
            continue;
        };
        if ids.contains(id) || id.chars().count() < 6 || problems.full() {
            continue;
        }
        let same_month = by_month.get(date).into_iter().flatten().copied();
        if let Some(near) = hints::nearest(id, same_month) {
            problems.push_with(|| (
                vec![key("events"), Seg::Item { index, id: Some(id.to_string()) }, key("id")],
                format!(
                    " = \"{id}\": the parent has no event with this id, but \"{near}\" in the same month; to replace it, use its id; to add an event beside it, give yours a clearly different id"
                ),
            ));
        }
    }
}

fn apply_drops(out: &mut Table, drop: Value, problems: &mut MergeProblems) {
    let Value::Table(drop) = drop else {
        problems.push_with(|| {
            (
                vec![key("drop")],
                " must be a table, e.g. drop = { events = [\"fulton-speech\"] }".into(),
            )
        });
        return;
    };
    for (what, list) in drop {
        let at = vec![key("drop"), key(&what)];
        if !DROPPABLE.contains(&what.as_str()) {
            problems.push_with(|| {
                let hint = hints::did_you_mean_key(&what, DROPPABLE.iter().copied());
                (
                    at,
                    format!(
                        " cannot be dropped{hint}; allowed: {}",
                        DROPPABLE.join(", ")
                    ),
                )
            });
            continue;
        }
        let Value::Array(list) = list else {
            problems.push_with(|| (at, " must be a list".into()));
            continue;
        };
        if what == "channels" {
            drop_channels(out, list, problems);
        } else {
            drop_elements(out, &what, list, problems);
        }
    }
}

/// Drop actors, issues, events or outcomes by id (label, for outcomes), and every trace
/// of the dropped actors and issues.
fn drop_elements(out: &mut Table, what: &str, list: Vec<Value>, problems: &mut MergeProblems) {
    let field = if what == "outcomes" { "label" } else { "id" };
    let known: Vec<String> = match out.get(what) {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|e| id_of(e, field).map(str::to_string))
            .collect(),
        _ => Vec::new(),
    };
    let mut remaining: HashSet<&str> = known.iter().map(String::as_str).collect();
    let mut dropped: HashSet<String> = HashSet::new();
    for (index, entry) in list.into_iter().enumerate() {
        let at = vec![key("drop"), key(what), Seg::Item { index, id: None }];
        let Some(name) = entry.as_str() else {
            problems.push_with(|| {
                (
                    at,
                    " must be a string (an id, or an outcome's label)".into(),
                )
            });
            continue;
        };
        if !remaining.remove(name) {
            problems.push_with(|| {
                // The parent's ids as the drops before this one left them.
                let left = known
                    .iter()
                    .map(String::as_str)
                    .filter(|k| !dropped.contains(*k));
                let hint = hints::did_you_mean(name, left.clone());
                (
                    at,
                    format!(
                        " = \"{name}\" is not in the parent's {what}{hint}; the parent has: {}",
                        hints::listing(left)
                    ),
                )
            });
            continue;
        }
        dropped.insert(name.to_string());
    }
    if dropped.is_empty() {
        return;
    }
    if let Some(Value::Array(a)) = out.get_mut(what) {
        a.retain(|e| id_of(e, field).is_none_or(|id| !dropped.contains(id)));
    }
    match what {
        "actors" => forget_actors(out, &dropped),
        "issues" => {
            for issue in &dropped {
                forget_issue(out, issue);
            }
        }
        _ => {}
    }
}

fn drop_channels(out: &mut Table, list: Vec<Value>, problems: &mut MergeProblems) {
    for (index, entry) in list.into_iter().enumerate() {
        let pair: Vec<String> = entry
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        if pair.len() != 2 || !drop_channel(out, &pair[0], &pair[1]) {
            problems.push_with(|| {
                (
                    vec![key("drop"), key("channels"), Seg::Item { index, id: None }],
                    " names no channel of the parent; a channel is dropped as [\"a\", \"b\"]"
                        .into(),
                )
            });
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

/// Dropped actors leave no trace: trust in them, channels, veto and event effects naming them.
fn forget_actors(out: &mut Table, gone: &HashSet<String>) {
    let is_gone = |v: Option<&Value>| v.and_then(|v| v.as_str()).is_some_and(|s| gone.contains(s));
    let names_gone = |v: Option<&Value>| {
        v.and_then(|v| v.as_array())
            .is_some_and(|a| a.iter().any(|x| is_gone(Some(x))))
    };
    if let Some(Value::Array(actors)) = out.get_mut("actors") {
        for a in actors.iter_mut() {
            if let Some(Value::Table(t)) = a.get_mut("trust") {
                t.retain(|k, _| !gone.contains(k));
            }
        }
    }
    if let Some(Value::Table(s)) = out.get_mut("scenario")
        && let Some(Value::Array(veto)) = s.get_mut("veto")
    {
        veto.retain(|v| !is_gone(Some(v)));
    }
    if let Some(Value::Array(channels)) = out.get_mut("channels") {
        channels.retain(|c| !names_gone(c.get("between")));
    }
    if let Some(Value::Array(events)) = out.get_mut("events") {
        for e in events.iter_mut() {
            let Some(e) = e.as_table_mut() else { continue };
            if let Some(Value::Array(t)) = e.get_mut("trust") {
                t.retain(|x| !is_gone(x.get("from")) && !is_gone(x.get("to")));
            }
            for k in ["paranoia", "ideal", "salience"] {
                if let Some(Value::Array(list)) = e.get_mut(k) {
                    list.retain(|x| !is_gone(x.get("actor")));
                }
            }
            for k in ["open", "close"] {
                if let Some(Value::Array(list)) = e.get_mut(k) {
                    list.retain(|pair| !names_gone(Some(pair)));
                }
            }
            for k in ["remove", "add"] {
                if let Some(Value::Array(list)) = e.get_mut(k) {
                    list.retain(|x| !is_gone(Some(x)));
                }
            }
            if is_gone(e.get("offer").and_then(|o| o.get("from"))) {
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
        let mut problems = MergeProblems::default();
        let m = merge(parent, child, &mut problems);
        assert!(problems.is_empty(), "{:?}", problems.items);
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
        let mut problems = MergeProblems::default();
        merge(parent, child, &mut problems);
        let text: Vec<&str> = problems.items.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(problems.items.len(), 2, "{text:?}");
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
        let mut problems = MergeProblems::default();
        let m = merge(parent, child, &mut problems);
        let w = &m["actors"][0]["salience"];
        assert!((w["x"].as_float().unwrap() - 2.0 / 3.0).abs() < 1e-12);
        assert!(w.get("y").is_none());
    }
}
