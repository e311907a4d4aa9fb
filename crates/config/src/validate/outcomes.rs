//! `[[outcomes]]`: labels, position ranges and trust bounds.

use super::check::{Checker, Field, Names, show};
use crate::raw::RawOutcome;
use detente_model::{Issue, OutcomeLabel};
use std::collections::BTreeSet;

impl Checker<'_> {
    /// The outcome labels, in file order (the first match wins).
    pub(crate) fn outcomes(
        &mut self,
        raw: &[RawOutcome],
        issues: &[Issue],
        names: &Names,
    ) -> Vec<OutcomeLabel> {
        let of = Field::root("outcomes");
        let mut labels = BTreeSet::new();
        let mut out = Vec::with_capacity(raw.len());
        for (k, ro) in raw.iter().enumerate() {
            let f = of.item(k, &ro.label);
            if ro.label.trim().is_empty() {
                self.report(&f.key("label"), " is empty".into());
            } else if !labels.insert(ro.label.as_str()) {
                self.report(
                    &f.key("label"),
                    format!(" = \"{}\" is a duplicate; labels must be unique", ro.label),
                );
            }
            let ranges = self.ranges(&f, ro, issues, names);
            self.trust_bounds(&f, ro);
            out.push(OutcomeLabel {
                label: ro.label.clone(),
                description: ro.description.clone(),
                ranges,
                min_trust: ro.min_trust,
                max_trust: ro.max_trust,
            });
        }
        out
    }

    /// `ranges = { ISSUE = [low, high] }`, within each issue's bounds.
    fn ranges(
        &mut self,
        f: &Field,
        ro: &RawOutcome,
        issues: &[Issue],
        names: &Names,
    ) -> Vec<Option<(f64, f64)>> {
        let mut ranges = vec![None; issues.len()];
        for (name, r) in &ro.ranges {
            let rf = f.key("ranges").key(name);
            let Some(i) = self.issue_ref(&rf, name, &names.issues) else {
                continue;
            };
            if r.len() != 2 {
                self.report(
                    &rf,
                    format!(" has {} numbers; a range is [low, high]", r.len()),
                );
            } else if self.range(&rf.index(0), r[0], issues[i].min, issues[i].max)
                & self.range(&rf.index(1), r[1], issues[i].min, issues[i].max)
            {
                if r[0] > r[1] {
                    self.report(
                        &rf,
                        format!(" = [{}, {}] has low above high", show(r[0]), show(r[1])),
                    );
                } else {
                    ranges[i] = Some((r[0], r[1]));
                }
            }
        }
        ranges
    }

    /// `min_trust` and `max_trust`: in [0, 1], low not above high.
    fn trust_bounds(&mut self, f: &Field, ro: &RawOutcome) {
        for (key, t) in [("min_trust", ro.min_trust), ("max_trust", ro.max_trust)] {
            if let Some(t) = t {
                self.range(&f.key(key), t, 0.0, 1.0);
            }
        }
        if let (Some(lo), Some(hi)) = (ro.min_trust, ro.max_trust)
            && lo > hi
        {
            self.report(
                &f.key("max_trust"),
                format!(
                    " = {} is below min_trust = {}; no run could match",
                    show(hi),
                    show(lo)
                ),
            );
        }
    }
}
