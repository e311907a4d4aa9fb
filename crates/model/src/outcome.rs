//! Outcome labels: named regions of the issue space that classify where a run ended.

use serde::Serialize;

/// A named region: per-issue ranges and optionally a trust condition. First match wins.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OutcomeLabel {
    /// The label, e.g. "Cold War: Europe divided".
    pub label: String,
    /// A sentence on what it means.
    pub description: String,
    /// Inclusive range per issue (issue order); `None` means any value.
    pub ranges: Vec<Option<(f64, f64)>>,
    /// Mean trust between veto principals of different sides must be at least this.
    pub min_trust: Option<f64>,
    /// Mean trust between veto principals of different sides must be at most this.
    pub max_trust: Option<f64>,
}

impl OutcomeLabel {
    /// Whether final positions and veto-principal trust fall in this region.
    pub fn matches(&self, positions: &[f64], mean_trust: f64) -> bool {
        let in_ranges = self
            .ranges
            .iter()
            .zip(positions)
            .all(|(range, x)| range.is_none_or(|(lo, hi)| *x >= lo - 1e-9 && *x <= hi + 1e-9));
        in_ranges
            && self.min_trust.is_none_or(|t| mean_trust >= t)
            && self.max_trust.is_none_or(|t| mean_trust <= t)
    }
}

/// The label of the first matching region, or "unclassified".
pub fn classify(labels: &[OutcomeLabel], positions: &[f64], mean_trust: f64) -> String {
    labels
        .iter()
        .find(|l| l.matches(positions, mean_trust))
        .map(|l| l.label.clone())
        .unwrap_or_else(|| UNCLASSIFIED.to_string())
}

/// What an unmatched result is called.
pub const UNCLASSIFIED: &str = "unclassified (no outcome label matches)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_match_wins_and_unmatched_says_so() {
        let divided = OutcomeLabel {
            label: "divided".into(),
            description: String::new(),
            ranges: vec![Some((0.0, 0.3)), None],
            min_trust: None,
            max_trust: None,
        };
        let any = OutcomeLabel {
            label: "any".into(),
            description: String::new(),
            ranges: vec![None, None],
            min_trust: Some(0.5),
            max_trust: None,
        };
        let labels = vec![divided, any];
        assert_eq!(classify(&labels, &[0.1, 0.9], 0.1), "divided");
        assert_eq!(classify(&labels, &[0.5, 0.9], 0.6), "any");
        assert_eq!(classify(&labels, &[0.5, 0.9], 0.2), UNCLASSIFIED);
    }
}
