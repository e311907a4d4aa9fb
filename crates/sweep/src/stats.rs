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

/// The difference of two paired shares, B - A, over n pairs of runs on the same seeds:
/// `both` seeds count on both sides, `a_only` on A's alone, `b_only` on B's alone,
/// `neither` on none. Newcombe's (1998b) method 10: the Wilson intervals of the two shares
/// combined with the correlation between the sides (phi, with his continuity correction),
/// so the more the sides agree seed by seed, the narrower the interval (95%).
pub fn paired_difference(both: u64, a_only: u64, b_only: u64, neither: u64) -> (f64, f64, f64) {
    let n = both + a_only + b_only + neither;
    if n == 0 {
        return (0.0, -1.0, 1.0);
    }
    // In Newcombe's notation p1 is B's share, so that D = p1 - p2 is B - A.
    let (kb, ka) = (both + b_only, both + a_only);
    let (p1, p2) = (kb as f64 / n as f64, ka as f64 / n as f64);
    let (l1, u1) = wilson(kb, n);
    let (l2, u2) = wilson(ka, n);
    let margins = [kb, n - kb, ka, n - ka];
    let phi = if margins.contains(&0) {
        0.0
    } else {
        let cross = both as f64 * neither as f64 - a_only as f64 * b_only as f64;
        let corrected = if cross > n as f64 / 2.0 {
            cross - n as f64 / 2.0
        } else if cross < 0.0 {
            cross
        } else {
            0.0
        };
        corrected / margins.iter().map(|&m| m as f64).product::<f64>().sqrt()
    };
    let d = p1 - p2;
    let below = (p1 - l1).powi(2) - 2.0 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2).powi(2);
    let above = (p2 - l2).powi(2) - 2.0 * phi * (p2 - l2) * (u1 - p1) + (u1 - p1).powi(2);
    (
        d,
        (d - below.max(0.0).sqrt()).max(-1.0),
        (d + above.max(0.0).sqrt()).min(1.0),
    )
}

/// McNemar's exact test: the two-sided p-value of `a_only` and `b_only` discordant pairs
/// under the hypothesis that either side is as likely to be the one that counts (a
/// binomial test with p = 1/2 on the discordant pairs). 1 when there are none.
pub fn mcnemar_exact(a_only: u64, b_only: u64) -> f64 {
    let n = a_only + b_only;
    let m = a_only.min(b_only);
    // ln C(n, k) 2^-n for k = 0..=m, summed in log space so that large n does not
    // overflow and small tails keep their digits.
    let ln2 = std::f64::consts::LN_2;
    let mut term = -(n as f64) * ln2;
    let mut log_sum = term;
    for k in 0..m {
        term += ((n - k) as f64).ln() - ((k + 1) as f64).ln();
        let (hi, lo) = if term > log_sum {
            (term, log_sum)
        } else {
            (log_sum, term)
        };
        log_sum = hi + (lo - hi).exp().ln_1p();
    }
    (2.0 * log_sum.exp()).min(1.0)
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
    fn paired_difference_matches_published_values() {
        // Newcombe (1998b), table II, method 10: 36 pairs where both count, 12 where only
        // the first does, 2 where only the second, 0 where neither: the first minus the
        // second is 0.2, 95% CI 0.0569 to 0.3404. Here the first side is B.
        let (d, lo, hi) = paired_difference(36, 2, 12, 0);
        assert!((d - 0.2).abs() < 1e-12);
        assert!(
            (lo - 0.0569).abs() < 5e-5 && (hi - 0.3404).abs() < 5e-5,
            "{lo} {hi}"
        );
        // Example (b): 263, 15, 3, 0 -> 0.0427, 0.0134 to 0.0764.
        let (d, lo, hi) = paired_difference(263, 3, 15, 0);
        assert!((d - 0.0427).abs() < 5e-5);
        assert!(
            (lo - 0.0134).abs() < 5e-5 && (hi - 0.0764).abs() < 5e-5,
            "{lo} {hi}"
        );
        // The sides swapped: the interval mirrors.
        let (d2, lo2, hi2) = paired_difference(263, 15, 3, 0);
        assert!((d2 + d).abs() < 1e-12 && (lo2 + hi).abs() < 1e-12 && (hi2 + lo).abs() < 1e-12);
    }

    #[test]
    fn agreement_between_the_sides_narrows_the_paired_interval() {
        // The same shares (A 40%, B 50% of 1000): independent sides against sides that
        // agree on all but 100 seeds.
        let independent = paired_difference(200, 200, 300, 300);
        let agreeing = paired_difference(400, 0, 100, 500);
        let unpaired = difference(400, 1000, 500, 1000);
        for (d, _, _) in [independent, agreeing, unpaired] {
            assert!((d - 0.1).abs() < 1e-12);
        }
        let width = |(_, lo, hi): (f64, f64, f64)| hi - lo;
        assert!(
            width(agreeing) < 0.5 * width(unpaired),
            "{agreeing:?} {unpaired:?}"
        );
        // With no correlation, the paired interval is the unpaired one.
        assert!((width(independent) - width(unpaired)).abs() < 1e-3);
    }

    #[test]
    fn paired_intervals_cover_the_true_difference_about_95_times_in_100() {
        // Pairs drawn from a fixed joint law (B - A = 0.1, strongly correlated), by a
        // small deterministic generator: coverage is a property, not a number of the model.
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        // P(both) 0.3, P(A only) 0.05, P(B only) 0.15, P(neither) 0.5.
        let (trials, n) = (2000, 200);
        let mut covered = 0;
        for _ in 0..trials {
            let mut k = [0u64; 4];
            for _ in 0..n {
                let u = next();
                let cell = if u < 0.3 {
                    0
                } else if u < 0.35 {
                    1
                } else if u < 0.5 {
                    2
                } else {
                    3
                };
                k[cell] += 1;
            }
            let (_, lo, hi) = paired_difference(k[0], k[1], k[2], k[3]);
            if lo <= 0.1 && 0.1 <= hi {
                covered += 1;
            }
        }
        let rate = covered as f64 / trials as f64;
        assert!((0.93..=0.975).contains(&rate), "coverage {rate}");
    }

    #[test]
    fn mcnemar_exact_matches_the_binomial_tail() {
        // 12 against 2 discordant pairs: 2 (1 + 14 + 91) / 2^14.
        assert!((mcnemar_exact(12, 2) - 212.0 / 16384.0).abs() < 1e-12);
        assert_eq!(mcnemar_exact(2, 12), mcnemar_exact(12, 2));
        assert_eq!(mcnemar_exact(0, 0), 1.0);
        assert_eq!(mcnemar_exact(7, 7), 1.0);
        // 0 against 10: 2 / 2^10.
        assert!((mcnemar_exact(0, 10) - 2.0 / 1024.0).abs() < 1e-15);
        // Large counts stay finite and tiny.
        let p = mcnemar_exact(300, 700);
        assert!(p > 0.0 && p < 1e-30, "{p}");
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
