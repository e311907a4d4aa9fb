//! Issues: the dimensions of a settlement, each a number in a range with a status quo.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A labelled point on an issue's range, used to narrate positions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Waypoint {
    /// Position on the issue's range.
    pub at: f64,
    /// What the position means, e.g. "Yalta coalition, free elections".
    pub label: String,
}

/// One dimension of the settlement (Poland, Germany, the loan).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Issue {
    /// Short id used in scenario files, e.g. `poland`.
    pub id: String,
    /// Display name, e.g. `Poland`.
    pub name: String,
    /// Lower end of the range.
    pub min: f64,
    /// Upper end of the range.
    pub max: f64,
    /// Where the world falls if nothing is agreed.
    pub status_quo: f64,
    /// How positions are shown: `{}` is replaced by the number, e.g. `${}B`.
    pub format: String,
    /// Labelled waypoints, sorted by position.
    pub waypoints: Vec<Waypoint>,
    /// The principals whose word a settlement of this issue depends on (the loan on
    /// Washington, Poland on Moscow); empty means every veto principal (Germany, under
    /// four-power control). See [`crate::stakes`].
    #[serde(default)]
    pub keepers: Vec<crate::ActorId>,
}

impl Issue {
    /// The width of the range (never zero for a validated issue).
    pub fn range(&self) -> f64 {
        self.max - self.min
    }

    /// Clamp a position into the range.
    pub fn clamp(&self, x: f64) -> f64 {
        x.clamp(self.min, self.max)
    }

    /// The end of the range furthest from `ideal` (the upper end for an ideal at or
    /// below the midpoint): the most the other side could ask of an actor with that ideal.
    pub fn far_end(&self, ideal: f64) -> f64 {
        if ideal <= (self.min + self.max) / 2.0 {
            self.max
        } else {
            self.min
        }
    }

    /// The label of the waypoint nearest to `x`, if the issue has waypoints.
    pub fn label_for(&self, x: f64) -> Option<&str> {
        self.waypoints
            .iter()
            .min_by(|a, b| (a.at - x).abs().total_cmp(&(b.at - x).abs()))
            .map(|w| w.label.as_str())
    }

    /// What a position means: the label of a waypoint within 5% of the range of it, or
    /// "between A and B" for a position between two waypoints (nearest-label reading would
    /// call a loan of $6B "the $7B loan").
    pub fn label_near(&self, x: f64) -> Option<String> {
        let mut label = String::new();
        self.write_label_near(&mut label, x).then_some(label)
    }

    /// [`Issue::label_near`] appended to `out`; false (and nothing written) without one.
    fn write_label_near(&self, out: &mut String, x: f64) -> bool {
        let near = self.range() * 0.05;
        if let Some(w) = self
            .waypoints
            .iter()
            .find(|w| (w.at - x).abs() <= near + 1e-12)
        {
            out.push_str(&w.label);
            return true;
        }
        let below = self.waypoints.iter().rev().find(|w| w.at < x);
        let above = self.waypoints.iter().find(|w| w.at > x);
        match (below, above) {
            (Some(b), Some(a)) => {
                out.push_str("between ");
                out.push_str(&b.label);
                out.push_str(" and ");
                out.push_str(&a.label);
            }
            (Some(w), None) | (None, Some(w)) => {
                out.push_str("near ");
                out.push_str(&w.label);
            }
            (None, None) => return false,
        }
        true
    }

    /// The position as the scenario formats it, e.g. `0.50` or `$4.0B`.
    pub fn show_value(&self, x: f64) -> String {
        let mut text = String::new();
        self.write_value(&mut text, x);
        text
    }

    /// [`Issue::show_value`] appended to `out`: every `{}` of the format is the number.
    fn write_value(&self, out: &mut String, x: f64) {
        let decimals = if self.range() >= 5.0 { 1 } else { 2 };
        // Found by its first byte (`split("{}")` sets up a substring search each call).
        let mut rest = self.format.as_str();
        while let Some(k) = rest.find('{') {
            if rest[k + 1..].starts_with('}') {
                out.push_str(&rest[..k]);
                crate::fixed::write_fixed(out, x, decimals);
                rest = &rest[k + 2..];
            } else {
                out.push_str(&rest[..=k]);
                rest = &rest[k + 1..];
            }
        }
        out.push_str(rest);
    }

    /// A readable description: the nearest waypoint label and the value.
    pub fn describe(&self, x: f64) -> String {
        let mut text = String::new();
        self.write_description(&mut text, x);
        text
    }

    /// [`Issue::describe`] appended to `out` (the transcript and the result put millions
    /// of positions into words, so without a string apiece).
    pub fn write_description(&self, out: &mut String, x: f64) {
        out.push_str(&self.name);
        let start = out.len();
        out.push_str(": ");
        if self.write_label_near(out, x) {
            out.push_str(" (");
            self.write_value(out, x);
            out.push(')');
        } else {
            out.truncate(start);
            out.push(' ');
            self.write_value(out, x);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loan() -> Issue {
        Issue {
            id: "loan".into(),
            name: "Loan".into(),
            min: 0.0,
            max: 10.0,
            status_quo: 0.0,
            format: "${}B".into(),
            keepers: vec![],
            waypoints: vec![
                Waypoint {
                    at: 0.0,
                    label: "no credit".into(),
                },
                Waypoint {
                    at: 7.0,
                    label: "the $7B reconstruction loan".into(),
                },
            ],
        }
    }

    #[test]
    fn every_placeholder_of_a_format_is_the_number() {
        for format in [
            "${}B",
            "{}",
            "{}{}",
            "{{}}",
            "{",
            "}",
            "{ }",
            "no number",
            "a{}b{c}{}",
            "",
        ] {
            let issue = Issue {
                format: format.into(),
                ..loan()
            };
            // What the format means: the text split at each `{}`, the number between.
            let expected = format.split("{}").collect::<Vec<_>>().join("4.0");
            assert_eq!(issue.show_value(4.0), expected, "{format:?}");
        }
    }

    #[test]
    fn nearest_waypoint_names_the_position() {
        let issue = loan();
        assert_eq!(issue.label_for(5.0), Some("the $7B reconstruction loan"));
        assert_eq!(issue.label_for(2.0), Some("no credit"));
        assert_eq!(issue.show_value(4.0), "$4.0B");
        assert_eq!(
            issue.label_near(6.8).as_deref(),
            Some("the $7B reconstruction loan")
        );
        assert_eq!(
            issue.label_near(4.0).as_deref(),
            Some("between no credit and the $7B reconstruction loan")
        );
        assert_eq!(issue.describe(0.2), "Loan: no credit ($0.2B)");
    }
}
