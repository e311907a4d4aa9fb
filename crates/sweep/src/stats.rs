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
    ((centre - half).max(0.0), (centre + half).min(1.0))
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

/// Summaries per configuration; rows may come in any order (a resumed or merged sweep
/// gives the same summaries as an uninterrupted one).
pub fn summarize(rows: &[Row], configs: usize, labels: &[String], issues: usize) -> Vec<Summary> {
    let mut by_config: Vec<Vec<&Row>> = vec![Vec::new(); configs];
    for r in rows {
        if r.config < configs {
            by_config[r.config].push(r);
        }
    }
    by_config
        .into_iter()
        .enumerate()
        .map(|(config, mut rs)| {
            rs.sort_by_key(|r| r.run);
            let mut outcomes: Vec<(String, u64)> = labels.iter().map(|l| (l.clone(), 0)).collect();
            for r in &rs {
                match outcomes.iter_mut().find(|(l, _)| *l == r.outcome) {
                    Some((_, n)) => *n += 1,
                    None => outcomes.push((r.outcome.clone(), 1)),
                }
            }
            let reasons = REASONS
                .iter()
                .map(|reason| {
                    (
                        reason.to_string(),
                        rs.iter().filter(|r| r.reason == *reason).count() as u64,
                    )
                })
                .collect();
            let mut rounds: Vec<u32> = rs.iter().map(|r| r.round).collect();
            rounds.sort_unstable();
            let median_round = match rounds.len() {
                0 => f64::NAN,
                n if n % 2 == 1 => rounds[n / 2] as f64,
                n => (rounds[n / 2 - 1] as f64 + rounds[n / 2] as f64) / 2.0,
            };
            let n = rs.len() as u64;
            let mean_positions = (0..issues)
                .map(|i| {
                    rs.iter()
                        .map(|r| r.positions.get(i).copied().unwrap_or(f64::NAN))
                        .sum::<f64>()
                        / n.max(1) as f64
                })
                .collect();
            Summary {
                config,
                n,
                outcomes,
                reasons,
                median_round,
                mean_positions,
            }
        })
        .collect()
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
        // 0 of 10 -> 0 to 0.2775.
        let (lo, hi) = wilson(0, 10);
        assert_eq!(lo, 0.0);
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
