//! `[[issues]]`: ids, bounds, status quo, waypoints and the display format.

use super::MAX_ISSUES;
use super::check::{Checker, Field, capitalise, show};
use crate::raw::RawIssue;
use detente_model::{Issue, Waypoint};
use std::collections::BTreeMap;

impl Checker<'_> {
    /// The issues, and their ids' positions for references.
    pub(crate) fn issues<'r>(
        &mut self,
        raw: &'r [RawIssue],
    ) -> (Vec<Issue>, BTreeMap<&'r str, usize>) {
        let isf = Field::root("issues");
        if raw.is_empty() {
            self.report(
                &isf,
                " is empty; a scenario needs at least one [[issues]] table".into(),
            );
        }
        if raw.len() > MAX_ISSUES {
            self.report(
                &isf,
                format!(
                    " has {} issues; at most {MAX_ISSUES} are allowed",
                    raw.len()
                ),
            );
        }
        let mut index = BTreeMap::new();
        let mut issues = Vec::with_capacity(raw.len());
        for (k, ri) in raw.iter().enumerate() {
            let f = isf.item(k, &ri.id);
            if ri.id.trim().is_empty() {
                self.report(&f.key("id"), " is empty; every issue needs an id".into());
            } else if index.insert(ri.id.as_str(), k).is_some() {
                self.report(
                    &f.key("id"),
                    format!(" = \"{}\" is a duplicate; issue ids must be unique", ri.id),
                );
            }
            issues.push(self.issue(&f, ri));
        }
        (issues, index)
    }

    fn issue(&mut self, f: &Field, ri: &RawIssue) -> Issue {
        let ok_bounds = self.range(&f.key("min"), ri.min, -1e9, 1e9)
            & self.range(&f.key("max"), ri.max, -1e9, 1e9);
        let (min, max) = if ok_bounds && ri.min < ri.max {
            (ri.min, ri.max)
        } else {
            if ok_bounds {
                self.report(
                    &f.key("max"),
                    format!(
                        " = {} must be greater than min = {}",
                        show(ri.max),
                        show(ri.min)
                    ),
                );
            }
            (0.0, 1.0)
        };
        self.range(&f.key("status_quo"), ri.status_quo, min, max);
        let mut waypoints = Vec::new();
        for (w, rw) in ri.waypoints.iter().enumerate() {
            if self.range(&f.key("waypoints").index(w).key("at"), rw.at, min, max) {
                waypoints.push(Waypoint {
                    at: rw.at,
                    label: rw.label.clone(),
                });
            }
        }
        waypoints.sort_by(|a, b| a.at.total_cmp(&b.at));
        let format = ri.format.clone().unwrap_or_else(|| "{}".into());
        if !format.contains("{}") {
            self.report(
                &f.key("format"),
                format!(" = \"{format}\" has no {{}} where the number goes, e.g. \"${{}}B\""),
            );
        }
        Issue {
            id: ri.id.clone(),
            name: ri.name.clone().unwrap_or_else(|| capitalise(&ri.id)),
            min,
            max,
            status_quo: ri.status_quo.clamp(min, max),
            format,
            waypoints,
            // Resolved once the actors are known (`Checker::keepers`).
            keepers: Vec::new(),
        }
    }
}
