//! What a sensitivity study measures at each sample point: the share of runs that settle
//! (or end for another reason, or in an outcome), the mean rounds to equilibrium, or the
//! mean final position on an issue; and the seed noise of that value.

use crate::SweepError;
use crate::results::Row;
use crate::stats::REASONS;

/// A quantity per sample point, averaged over the point's runs.
#[derive(Clone, Debug, PartialEq)]
pub enum Metric {
    /// Share of runs ending in a settlement.
    Settle,
    /// Share of runs ending for this equilibrium reason.
    Reason(String),
    /// Share of runs ending in this outcome label.
    Outcome(String),
    /// Mean rounds to equilibrium.
    Rounds,
    /// Mean final position on this issue.
    Position(String),
}

/// The forms `--metric` takes, for messages.
pub const FORMS: &str =
    "settle, reason:REASON, outcome:LABEL, rounds or position:ISSUE (e.g. outcome:Grand Alliance)";

impl Metric {
    /// Parse `settle`, `reason:breakdown`, `outcome:LABEL`, `rounds`, `position:ISSUE`,
    /// checking the reason, label or issue against the scenario's.
    pub fn parse(s: &str, labels: &[String], issues: &[String]) -> Result<Self, String> {
        let bad = |why: String| format!("--metric {s}: {why}");
        let (kind, arg) = match s.split_once(':') {
            Some((k, a)) => (k.trim(), Some(a.trim())),
            None => (s.trim(), None),
        };
        let known = |what: &str, name: &str, list: &[&str]| {
            if list.contains(&name) {
                Ok(name.to_string())
            } else {
                Err(bad(format!(
                    "no {what} {name:?}; known: {}",
                    list.join(", ")
                )))
            }
        };
        match (kind, arg) {
            ("settle", None) => Ok(Metric::Settle),
            ("rounds", None) => Ok(Metric::Rounds),
            ("reason", Some(r)) => known("equilibrium reason", r, &REASONS).map(Metric::Reason),
            ("outcome", Some(l)) => {
                let mut list: Vec<&str> = labels.iter().map(String::as_str).collect();
                list.push(detente_model::outcome::UNCLASSIFIED);
                known("outcome label", l, &list).map(Metric::Outcome)
            }
            ("position", Some(i)) => {
                let list: Vec<&str> = issues.iter().map(String::as_str).collect();
                known("issue", i, &list).map(Metric::Position)
            }
            _ => Err(bad(format!("expected {FORMS}"))),
        }
    }

    /// The form it was given in (`outcome:Grand Alliance`).
    pub fn spec(&self) -> String {
        match self {
            Metric::Settle => "settle".into(),
            Metric::Rounds => "rounds".into(),
            Metric::Reason(r) => format!("reason:{r}"),
            Metric::Outcome(l) => format!("outcome:{l}"),
            Metric::Position(i) => format!("position:{i}"),
        }
    }

    /// What it measures, in words.
    pub fn describe(&self) -> String {
        match self {
            Metric::Settle => "share of runs that end in a settlement".into(),
            Metric::Rounds => "mean rounds to equilibrium".into(),
            Metric::Reason(r) => format!("share of runs that end in {r}"),
            Metric::Outcome(l) => format!("share of runs with the outcome \"{l}\""),
            Metric::Position(i) => format!("mean final position on {i}"),
        }
    }

    /// Whether it is a share (between 0 and 1).
    pub fn is_share(&self) -> bool {
        matches!(
            self,
            Metric::Settle | Metric::Reason(_) | Metric::Outcome(_)
        )
    }

    /// Its value for one run.
    pub fn of(&self, row: &Row, issues: &[String]) -> f64 {
        let hit = |b: bool| if b { 1.0 } else { 0.0 };
        match self {
            Metric::Settle => hit(row.reason == "settlement"),
            Metric::Reason(r) => hit(row.reason == *r),
            Metric::Outcome(l) => hit(row.outcome == *l),
            Metric::Rounds => row.round as f64,
            Metric::Position(i) => issues
                .iter()
                .position(|x| x == i)
                .and_then(|k| row.positions.get(k).copied())
                .unwrap_or(f64::NAN),
        }
    }
}

/// The metric at every sample point, and its seed noise.
#[derive(Clone, Debug, PartialEq)]
pub struct PointStats {
    /// The mean over each point's runs.
    pub values: Vec<f64>,
    /// The mean over points of the squared standard error of a point's value (the variance
    /// of the per-run values over the runs, divided by the runs).
    pub mean_se2: f64,
}

/// The metric at each of `points` points (configurations), from the rows of their runs;
/// every point must have at least one run.
pub fn per_point(
    rows: &[Row],
    points: usize,
    metric: &Metric,
    issues: &[String],
) -> Result<PointStats, SweepError> {
    let mut sum = vec![0.0; points];
    let mut sq = vec![0.0; points];
    let mut n = vec![0u64; points];
    for r in rows.iter().filter(|r| r.config < points) {
        let v = metric.of(r, issues);
        sum[r.config] += v;
        sq[r.config] += v * v;
        n[r.config] += 1;
    }
    if let Some(c) = n.iter().position(|&k| k == 0) {
        return Err(SweepError::Input(format!(
            "sample point {} has no runs; finish the sample (--resume) before analysing it",
            c + 1
        )));
    }
    let values: Vec<f64> = sum.iter().zip(&n).map(|(s, &k)| s / k as f64).collect();
    let se2: f64 = (0..points)
        .map(|c| {
            let k = n[c] as f64;
            if k < 2.0 {
                return 0.0;
            }
            let var = (sq[c] - k * values[c] * values[c]).max(0.0) / (k - 1.0);
            var / k
        })
        .sum::<f64>()
        / points as f64;
    Ok(PointStats {
        values,
        mean_se2: se2,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(config: usize, reason: &str, round: u32) -> Row {
        Row {
            run: 0,
            config,
            seed: 1,
            reason: reason.into(),
            round,
            date: "1946-01".into(),
            outcome: "A".into(),
            positions: vec![0.5, round as f64],
            mean_trust: 0.5,
            messages: 1,
        }
    }

    #[test]
    fn metrics_parse_against_the_scenario_and_name_what_is_known() {
        let labels = vec!["A".to_string()];
        let issues = vec!["poland".to_string(), "loan".to_string()];
        let p = |s| Metric::parse(s, &labels, &issues);
        assert_eq!(p("settle"), Ok(Metric::Settle));
        assert_eq!(p("outcome:A"), Ok(Metric::Outcome("A".into())));
        assert_eq!(p("position:loan"), Ok(Metric::Position("loan".into())));
        assert_eq!(p("reason:deadlock").unwrap().spec(), "reason:deadlock");
        assert!(p("outcome:B").unwrap_err().contains("known: A"));
        assert!(p("position:x").unwrap_err().contains("poland, loan"));
        assert!(p("share").is_err() && p("settle:x").is_err());
    }

    #[test]
    fn point_values_are_means_and_the_noise_is_the_binomial_one() {
        let rows = vec![
            row(0, "settlement", 3),
            row(0, "breakdown", 5),
            row(1, "settlement", 7),
            row(1, "settlement", 9),
        ];
        let issues = vec!["poland".to_string(), "loan".to_string()];
        let s = per_point(&rows, 2, &Metric::Settle, &issues).unwrap();
        assert_eq!(s.values, vec![0.5, 1.0]);
        // Point 0: sample variance 0.5, over 2 runs: 0.25; point 1: 0.
        assert!((s.mean_se2 - 0.125).abs() < 1e-12);
        let r = per_point(&rows, 2, &Metric::Position("loan".into()), &issues).unwrap();
        assert_eq!(r.values, vec![4.0, 8.0]);
        assert!(per_point(&rows, 3, &Metric::Rounds, &issues).is_err());
    }
}
