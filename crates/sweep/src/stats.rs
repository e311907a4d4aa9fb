//! The answer: outcome shares with 95% Wilson intervals, medians and means, per configuration.

use crate::design::Design;
use crate::results::Row;
use detente_config::text::shown;
use detente_model::Issue;

/// z for a 95% interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// The Wilson score interval for k successes in n trials (95%).
pub fn wilson(k: u64, n: u64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let (k, n, z) = (k as f64, n as f64, Z95);
    let p = k / n;
    let centre = (p + z * z / (2.0 * n)) / (1.0 + z * z / n);
    let half = z / (1.0 + z * z / n) * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt();
    // At 0 or n the bound is exactly 0 or 1; rounding would leave 3e-18.
    let lo = if k == 0.0 {
        0.0
    } else {
        (centre - half).max(0.0)
    };
    let hi = if k == n {
        1.0
    } else {
        (centre + half).min(1.0)
    };
    (lo, hi)
}

/// The difference of two shares, b - a, with Newcombe's hybrid score interval (95%),
/// built from the two Wilson intervals.
pub fn difference(ka: u64, na: u64, kb: u64, nb: u64) -> (f64, f64, f64) {
    let pa = if na == 0 { 0.0 } else { ka as f64 / na as f64 };
    let pb = if nb == 0 { 0.0 } else { kb as f64 / nb as f64 };
    let (la, ua) = wilson(ka, na);
    let (lb, ub) = wilson(kb, nb);
    let d = pb - pa;
    let lo = d - ((pb - lb).powi(2) + (ua - pa).powi(2)).sqrt();
    let hi = d + ((ub - pb).powi(2) + (pa - la).powi(2)).sqrt();
    (d, lo, hi)
}

/// What one configuration's runs came to.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// Configuration index.
    pub config: usize,
    /// Runs counted.
    pub n: u64,
    /// Runs per outcome label, in label order.
    pub outcomes: Vec<(String, u64)>,
    /// Runs per equilibrium reason.
    pub reasons: Vec<(String, u64)>,
    /// Median round of the equilibrium.
    pub median_round: f64,
    /// Mean final position per issue.
    pub mean_positions: Vec<f64>,
}

/// The reasons, in the order tables show them.
pub const REASONS: [&str; 4] = ["settlement", "breakdown", "deadlock", "horizon"];

/// Running counts per configuration: what a sweep keeps instead of its rows, so that its
/// memory does not grow with the number of runs. The summaries do not depend on the order
/// rows are added in (a resumed or merged sweep gives the same table as an uninterrupted
/// one): positions are summed exactly in units of 10^-9, and outcome labels not in the
/// scenario's list are shown in alphabetical order.
#[derive(Clone, Debug, PartialEq)]
pub struct Tally {
    labels: Vec<String>,
    issues: usize,
    configs: Vec<ConfigTally>,
}

#[derive(Clone, Debug, Default, PartialEq)]
struct ConfigTally {
    n: u64,
    outcomes: std::collections::BTreeMap<String, u64>,
    reasons: [u64; 4],
    rounds: std::collections::BTreeMap<u32, u64>,
    position_sums: Vec<i128>,
}

/// Positions are summed in these units, exactly.
const POSITION_UNIT: f64 = 1e9;

impl Tally {
    /// An empty tally of `configs` configurations, outcome `labels` in table order, and
    /// `issues` issues.
    pub fn new(configs: usize, labels: &[String], issues: usize) -> Self {
        Self {
            labels: labels.to_vec(),
            issues,
            configs: vec![
                ConfigTally {
                    position_sums: vec![0; issues],
                    ..ConfigTally::default()
                };
                configs
            ],
        }
    }

    /// Count one run (rows of configurations outside the tally are ignored).
    pub fn add(&mut self, r: &Row) {
        let Some(c) = self.configs.get_mut(r.config) else {
            return;
        };
        c.n += 1;
        *c.outcomes.entry(r.outcome.clone()).or_default() += 1;
        if let Some(k) = REASONS.iter().position(|x| *x == r.reason) {
            c.reasons[k] += 1;
        }
        *c.rounds.entry(r.round).or_default() += 1;
        for (sum, x) in c.position_sums.iter_mut().zip(&r.positions) {
            *sum += (x * POSITION_UNIT).round() as i128;
        }
    }

    /// Runs counted.
    pub fn runs(&self) -> u64 {
        self.configs.iter().map(|c| c.n).sum()
    }

    /// What each configuration came to.
    pub fn summaries(&self) -> Vec<Summary> {
        self.configs
            .iter()
            .enumerate()
            .map(|(config, c)| {
                let mut outcomes: Vec<(String, u64)> = self
                    .labels
                    .iter()
                    .map(|l| (l.clone(), c.outcomes.get(l).copied().unwrap_or(0)))
                    .collect();
                outcomes.extend(
                    c.outcomes
                        .iter()
                        .filter(|(l, _)| !self.labels.contains(l))
                        .map(|(l, k)| (l.clone(), *k)),
                );
                let reasons = REASONS
                    .iter()
                    .zip(c.reasons)
                    .map(|(r, k)| (r.to_string(), k))
                    .collect();
                let mean_positions = (0..self.issues)
                    .map(|i| {
                        if c.n == 0 {
                            0.0
                        } else {
                            c.position_sums[i] as f64 / POSITION_UNIT / c.n as f64
                        }
                    })
                    .collect();
                Summary {
                    config,
                    n: c.n,
                    outcomes,
                    reasons,
                    median_round: median(&c.rounds, c.n),
                    mean_positions,
                }
            })
            .collect()
    }
}

/// The median of a histogram of `n` rounds (the mean of the two middle ones for even n).
fn median(rounds: &std::collections::BTreeMap<u32, u64>, n: u64) -> f64 {
    if n == 0 {
        return f64::NAN;
    }
    // The k-th smallest round, from 0.
    let nth = |k: u64| {
        let mut seen = 0;
        for (round, count) in rounds {
            seen += count;
            if seen > k {
                return *round as f64;
            }
        }
        f64::NAN
    };
    if n % 2 == 1 {
        nth(n / 2)
    } else {
        (nth(n / 2 - 1) + nth(n / 2)) / 2.0
    }
}

/// Summaries per configuration; rows may come in any order (see [`Tally`]).
pub fn summarize(rows: &[Row], configs: usize, labels: &[String], issues: usize) -> Vec<Summary> {
    let mut tally = Tally::new(configs, labels, issues);
    for r in rows {
        tally.add(r);
    }
    tally.summaries()
}

/// A share in percent: one decimal, two below 1% so that small bounds do not read as 0.
pub fn pct(x: f64) -> String {
    if x > 0.0 && x < 0.01 {
        format!("{:.2}%", 100.0 * x)
    } else {
        format!("{:.1}%", 100.0 * x)
    }
}

/// The table a sweep ends with (scenario texts and design values shown with control
/// characters escaped).
pub fn render(
    summaries: &[Summary],
    design: &Design,
    issues: &[Issue],
    start: detente_model::YearMonth,
) -> String {
    let mut out = String::new();
    let configs = summaries.len();
    for s in summaries {
        let header = if configs == 1 && design.keys.is_empty() {
            format!("{} runs\n", s.n)
        } else {
            format!(
                "configuration {} of {}: {} ({} runs)\n",
                s.config + 1,
                configs,
                shown(&design.describe(s.config)),
                s.n
            )
        };
        out.push_str(&header);
        if s.n == 0 {
            out.push_str("  no runs yet\n\n");
            continue;
        }
        let width = s
            .outcomes
            .iter()
            .map(|(l, _)| l.len())
            .max()
            .unwrap_or(7)
            .max(7);
        out.push_str(&format!(
            "  {:width$}  {:>6}  95% interval\n",
            "outcome", "share"
        ));
        for (label, k) in &s.outcomes {
            let label = shown(label);
            let (lo, hi) = wilson(*k, s.n);
            out.push_str(&format!(
                "  {label:width$}  {:>6}  [{}, {}]\n",
                pct(*k as f64 / s.n as f64),
                pct(lo),
                pct(hi)
            ));
        }
        let ends: Vec<String> = s
            .reasons
            .iter()
            .map(|(r, k)| format!("{r} {}", pct(*k as f64 / s.n as f64)))
            .collect();
        out.push_str(&format!("  ends: {}\n", ends.join(", ")));
        let month = start.plus(s.median_round.floor() as u32);
        out.push_str(&format!(
            "  median rounds to equilibrium: {} ({month})\n",
            s.median_round
        ));
        let means: Vec<String> = issues
            .iter()
            .zip(&s.mean_positions)
            .map(|(i, x)| format!("{} {}", shown(&i.id), i.show_value(*x)))
            .collect();
        out.push_str(&format!("  mean final positions: {}\n\n", means.join(", ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_matches_published_values() {
        // Newcombe (1998), table I: 81/263 -> 0.2553 to 0.3662.
        let (lo, hi) = wilson(81, 263);
        assert!(
            (lo - 0.2553).abs() < 5e-4 && (hi - 0.3662).abs() < 5e-4,
            "{lo} {hi}"
        );
        // 0 of 10 -> 0 to 0.2775; the ends are exact at any n.
        let (lo, hi) = wilson(0, 10);
        assert_eq!(lo, 0.0);
        assert_eq!((wilson(0, 100).0, wilson(100, 100).1), (0.0, 1.0));
        assert!((hi - 0.2775).abs() < 5e-4);
    }

    #[test]
    fn newcombe_difference_matches_published_values() {
        // Newcombe (1998), example (a): 56/70 vs 48/80 -> difference 0.2, 95% CI
        // 0.0524 to 0.3339 (method 10), written here as b - a with a = 48/80.
        let (d, lo, hi) = difference(48, 80, 56, 70);
        assert!((d - 0.2).abs() < 1e-12);
        assert!(
            (lo - 0.0524).abs() < 5e-4 && (hi - 0.3339).abs() < 5e-4,
            "{lo} {hi}"
        );
    }

    #[test]
    fn summaries_do_not_depend_on_row_order() {
        let row = |run, outcome: &str, round| Row {
            run,
            config: 0,
            seed: run,
            reason: "breakdown".into(),
            round,
            date: "1946-01".into(),
            outcome: outcome.into(),
            positions: vec![run as f64],
            mean_trust: 0.5,
            messages: 3,
        };
        let rows = vec![row(0, "a", 3), row(1, "b", 5), row(2, "a", 9)];
        let mut reversed = rows.clone();
        reversed.reverse();
        let labels = vec!["a".to_string(), "b".to_string()];
        assert_eq!(
            summarize(&rows, 1, &labels, 1),
            summarize(&reversed, 1, &labels, 1)
        );
        let s = &summarize(&rows, 1, &labels, 1)[0];
        assert_eq!(s.outcomes, vec![("a".into(), 2), ("b".into(), 1)]);
        assert_eq!(s.median_round, 5.0);
        assert_eq!(s.mean_positions, vec![1.0]);
    }
}
