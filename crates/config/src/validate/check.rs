//! The checker that validation sections share: paths to fields, problems located where
//! they were written, and the checks of ranges and references used by every section.

use crate::error::{Collected, Problem};
use crate::hints;
use crate::locate::{Seg, show_path};
use crate::source::Sources;
use detente_model::{ActorId, Issue};
use std::collections::BTreeMap;

/// A path into the scenario, shown as users write it.
#[derive(Clone)]
pub(crate) struct Field {
    pub(crate) segs: Vec<Seg>,
}

impl Field {
    pub(crate) fn root(key: &str) -> Self {
        Self {
            segs: vec![Seg::Key(key.into())],
        }
    }
    /// An element of an array of tables, named by its id.
    pub(crate) fn item(&self, index: usize, id: &str) -> Self {
        let mut segs = self.segs.clone();
        segs.push(Seg::Item {
            index,
            id: Some(id.to_string()),
        });
        Self { segs }
    }
    /// An element of a plain array.
    pub(crate) fn index(&self, index: usize) -> Self {
        let mut segs = self.segs.clone();
        segs.push(Seg::Item { index, id: None });
        Self { segs }
    }
    pub(crate) fn key(&self, key: &str) -> Self {
        let mut segs = self.segs.clone();
        segs.push(Seg::Key(key.into()));
        Self { segs }
    }
}

/// A number as messages show it (`nan`, not `NaN`).
pub(crate) fn show(x: f64) -> String {
    if x.is_nan() {
        "nan".into()
    } else if x.is_finite() && x.abs() >= 1e15 {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// Ids of the issues and actors, so that references can be checked in any order.
pub(crate) struct Names<'r> {
    pub(crate) issues: BTreeMap<&'r str, usize>,
    pub(crate) actors: BTreeMap<&'r str, ActorId>,
}

/// Collects every problem found, each located in the source that wrote it.
pub(crate) struct Checker<'a> {
    pub(crate) sources: &'a Sources,
    /// Located and listed up to the cap, counted beyond it.
    pub(crate) problems: Collected<Problem>,
}

impl<'a> Checker<'a> {
    pub(crate) fn new(sources: &'a Sources) -> Self {
        Self {
            sources,
            problems: Collected::default(),
        }
    }

    pub(crate) fn report(&mut self, at: &Field, message: String) {
        let sources = self.sources;
        self.problems.push_with(|| {
            let message = format!("{}{}", show_path(&at.segs), message);
            sources.problem(&at.segs, message)
        });
    }

    /// A finite number in [lo, hi].
    pub(crate) fn range(&mut self, at: &Field, x: f64, lo: f64, hi: f64) -> bool {
        if x.is_finite() && x >= lo && x <= hi {
            return true;
        }
        let what = if x.is_finite() {
            "is out of range"
        } else {
            "is not a finite number"
        };
        self.report(
            at,
            format!(
                " = {} {what}; allowed: {} to {}",
                show(x),
                show(lo),
                show(hi)
            ),
        );
        false
    }

    /// A reference to an actor by id.
    pub(crate) fn actor_ref(
        &mut self,
        at: &Field,
        name: &str,
        actors: &BTreeMap<&str, ActorId>,
    ) -> Option<ActorId> {
        if let Some(id) = actors.get(name) {
            return Some(*id);
        }
        if self.problems.full() {
            self.problems.omitted += 1;
            return None;
        }
        let hint = hints::did_you_mean(name, actors.keys().copied());
        let known = hints::listing(actors.keys().copied());
        self.report(
            at,
            format!(" = \"{name}\" is not an actor of this scenario{hint}; known actors: {known}"),
        );
        None
    }

    /// A reference to an issue by id.
    pub(crate) fn issue_ref(
        &mut self,
        at: &Field,
        name: &str,
        issues: &BTreeMap<&str, usize>,
    ) -> Option<usize> {
        if let Some(i) = issues.get(name) {
            return Some(*i);
        }
        if self.problems.full() {
            self.problems.omitted += 1;
            return None;
        }
        let hint = hints::did_you_mean(name, issues.keys().copied());
        let known = hints::listing(issues.keys().copied());
        self.report(
            at,
            format!(" = \"{name}\" is not an issue of this scenario{hint}; known issues: {known}"),
        );
        None
    }

    /// A per-issue table: every issue present, no unknown keys, values in range.
    pub(crate) fn per_issue(
        &mut self,
        at: &Field,
        table: &BTreeMap<String, f64>,
        issues: &[Issue],
        index: &BTreeMap<&str, usize>,
        range: impl Fn(&Issue) -> (f64, f64),
    ) -> Vec<f64> {
        let mut out = vec![f64::NAN; issues.len()];
        // An unknown key is usually a misspelt issue: report the typo, not also the gap.
        let misspelt: Vec<&str> = table
            .keys()
            .filter(|k| !index.contains_key(k.as_str()))
            .filter_map(|k| hints::nearest(k, index.keys().copied()))
            .collect();
        for (k, v) in table {
            if let Some(i) = self.issue_ref(&at.key(k), k, index) {
                let (lo, hi) = range(&issues[i]);
                if self.range(&at.key(k), *v, lo, hi) {
                    out[i] = *v;
                }
            }
        }
        for (i, issue) in issues.iter().enumerate() {
            if !table.contains_key(&issue.id) && misspelt.contains(&issue.id.as_str()) {
                out[i] = issue.min;
            } else if !table.contains_key(&issue.id) {
                self.report(
                    at,
                    format!(
                        ": no value for issue \"{}\"; every issue needs one",
                        issue.id
                    ),
                );
                out[i] = issue.min;
            } else if out[i].is_nan() {
                out[i] = issue.min;
            }
        }
        out
    }
}

/// `id` with its first letter in upper case: the default display name.
pub(crate) fn capitalise(id: &str) -> String {
    let mut chars = id.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
