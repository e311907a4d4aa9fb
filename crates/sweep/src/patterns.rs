//! `detente validate`: run every pattern of a patterns file and judge it, each figure with
//! its 95% interval. A figure passes when its interval meets the target.

use crate::SweepError;
use crate::design::Design;
use crate::plan::Plan;
use crate::results::Row;
use crate::stats::{Z95, pct, wilson};
use detente_config::ScenarioRef;
use detente_config::patterns::{Check, Counted, Direction, Pattern, Patterns};
use detente_model::{EquilibriumReason, YearMonth};
use std::collections::BTreeMap;
use std::path::Path;

/// The verdict on one pattern.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// The pattern's id.
    pub id: String,
    /// Its claim.
    pub claim: String,
    /// Its source.
    pub source: String,
    /// Whether the measured interval meets the target.
    pub passed: bool,
    /// The figure measured, with its interval, in words.
    pub measured: String,
    /// The target, in words.
    pub target: String,
    /// More lines (a response curve's values, the worst violation).
    pub details: Vec<String>,
}

/// What one run of a pattern's scenario came to: enough to count shares and dates.
#[derive(Clone, Debug)]
struct Run {
    seed: u64,
    reason: EquilibriumReason,
    date: YearMonth,
    outcome: String,
}

impl Run {
    fn of(row: &Row) -> Result<Self, SweepError> {
        let reason = match row.reason.as_str() {
            "settlement" => EquilibriumReason::Settlement,
            "breakdown" => EquilibriumReason::Breakdown,
            "deadlock" => EquilibriumReason::Deadlock,
            _ => EquilibriumReason::Horizon,
        };
        let date = row.date.parse().map_err(|_| {
            SweepError::Input(format!(
                "a run ended in a month that is not one: {}",
                row.date
            ))
        })?;
        Ok(Self {
            seed: row.seed,
            reason,
            date,
            outcome: row.outcome.clone(),
        })
    }

    fn counts(&self, count: &[Counted]) -> bool {
        count.iter().any(|c| match c {
            Counted::Reason(r) => self.reason == *r,
            Counted::Unsettled => self.reason != EquilibriumReason::Settlement,
            Counted::Outcome(label) => self.outcome == *label,
        })
    }
}

/// Runs patterns, keeping each scenario's runs for every pattern that needs them.
pub struct Validator {
    runs: u64,
    runs_per_point: u64,
    seed_start: u64,
    threads: usize,
    cache: BTreeMap<String, Vec<Run>>,
    /// Where scenario paths in the patterns file are relative to.
    base: std::path::PathBuf,
}

impl Validator {
    /// A validator for `patterns`; `runs` overrides the seeds per share (and, halved, per
    /// point of a response curve); paths are relative to `base`.
    pub fn new(patterns: &Patterns, runs: Option<u64>, threads: usize, base: &Path) -> Self {
        let (runs, runs_per_point) = match runs {
            Some(n) => (n, (n / 2).max(1)),
            None => (patterns.runs, patterns.runs_per_point),
        };
        Self {
            runs,
            runs_per_point,
            seed_start: patterns.seed_start,
            threads,
            cache: BTreeMap::new(),
            base: base.to_path_buf(),
        }
    }

    /// Seeds per share and per point, as used.
    pub fn sizes(&self) -> (u64, u64) {
        (self.runs, self.runs_per_point)
    }

    fn reference(&self, scenario: &str) -> ScenarioRef {
        let path = Path::new(scenario);
        let joined = if path.is_relative() {
            self.base.join(path)
        } else {
            path.to_path_buf()
        };
        if detente_config::builtin::text(scenario).is_some() && !joined.exists() {
            ScenarioRef::Builtin(scenario.to_string())
        } else {
            ScenarioRef::from_arg(&joined)
        }
    }

    /// Every configuration of `design` on `scenario`, `runs` seeds each: the runs of each
    /// configuration in seed order.
    fn run_design(
        &self,
        scenario: &str,
        design: Design,
        runs: u64,
    ) -> Result<Vec<Vec<Run>>, SweepError> {
        let plan = Plan {
            scenario: scenario.to_string(),
            sets: Vec::new(),
            design,
            runs,
            seed_start: Some(self.seed_start),
            shard: None,
        };
        let loaded = crate::session::load(&plan, &self.reference(scenario))?;
        let mut out: Vec<Vec<(u64, Run)>> = vec![Vec::new(); plan.design.len()];
        crate::exec::execute(
            &plan,
            &loaded.scenarios,
            &loaded.bases,
            &[],
            self.threads,
            |row| {
                out[row.config].push((row.run, Run::of(&row)?));
                Ok(())
            },
        )?;
        Ok(out
            .into_iter()
            .map(|mut c| {
                c.sort_by_key(|(run, _)| *run);
                c.into_iter().map(|(_, r)| r).collect()
            })
            .collect())
    }

    fn runs_of(&mut self, scenario: &str) -> Result<&[Run], SweepError> {
        if !self.cache.contains_key(scenario) {
            let runs = self.run_design(scenario, Design::single(), self.runs)?;
            self.cache.insert(
                scenario.to_string(),
                runs.into_iter().next().unwrap_or_default(),
            );
        }
        Ok(self
            .cache
            .get(scenario)
            .map(Vec::as_slice)
            .unwrap_or_default())
    }

    /// Judge one pattern.
    pub fn judge(&mut self, p: &Pattern) -> Result<Verdict, SweepError> {
        let (passed, measured, target, details) = match &p.check {
            Check::Share {
                scenario,
                count,
                target,
            } => {
                let runs = self.runs_of(scenario)?;
                let k = runs.iter().filter(|r| r.counts(count)).count() as u64;
                let (lo, hi, shown) = share_shown(k, runs.len() as u64);
                (
                    hi >= target.0 && lo <= target.1,
                    format!("{shown} of {} runs", runs.len()),
                    format!("{} to {}", pct(target.0), pct(target.1)),
                    Vec::new(),
                )
            }
            Check::PeakMonth { scenario, max } => {
                let runs = self.runs_of(scenario)?;
                let mut months: BTreeMap<YearMonth, u64> = BTreeMap::new();
                for r in runs
                    .iter()
                    .filter(|r| r.reason == EquilibriumReason::Breakdown)
                {
                    *months.entry(r.date).or_default() += 1;
                }
                let n: u64 = months.values().sum();
                let (month, k) = months
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                    .map(|(m, k)| (m.to_string(), *k))
                    .unwrap_or(("-".into(), 0));
                let (lo, _, shown) = share_shown(k, n);
                (
                    n > 0 && lo <= *max,
                    format!("{shown} of {n} breakdowns, in {month}"),
                    format!("at most {}", pct(*max)),
                    Vec::new(),
                )
            }
            Check::MedianBreak { scenario, from, to } => {
                let runs = self.runs_of(scenario)?;
                let mut dates: Vec<YearMonth> = runs
                    .iter()
                    .filter(|r| r.reason == EquilibriumReason::Breakdown)
                    .map(|r| r.date)
                    .collect();
                dates.sort();
                match median_interval(&dates) {
                    Some((m, lo, hi)) => (
                        hi >= *from && lo <= *to,
                        format!("{m} [{lo}, {hi}] over {} breakdowns", dates.len()),
                        format!("{from} to {to}"),
                        Vec::new(),
                    ),
                    None => (
                        false,
                        "no breakdown".into(),
                        format!("{from} to {to}"),
                        Vec::new(),
                    ),
                }
            }
            Check::Negotiating { scenario, at, min } => {
                let runs = self.runs_of(scenario)?;
                let k = runs.iter().filter(|r| r.date >= *at).count() as u64;
                let n = runs.len() as u64;
                let (_, hi, shown) = share_shown(k, n);
                (
                    hi >= *min,
                    format!("{shown} of {n} runs"),
                    format!("at least {}", pct(*min)),
                    Vec::new(),
                )
            }
            Check::Difference {
                scenario,
                baseline,
                count,
                target,
                significant,
            } => {
                let b: Vec<(u64, bool)> = self
                    .runs_of(baseline)?
                    .iter()
                    .map(|r| (r.seed, r.counts(count)))
                    .collect();
                let a: Vec<(u64, bool)> = self
                    .runs_of(scenario)?
                    .iter()
                    .map(|r| (r.seed, r.counts(count)))
                    .collect();
                let (d, lo, hi) = paired(&a, &b);
                let meets = hi >= target.0 && lo <= target.1;
                let excludes = !*significant || lo > 0.0 || hi < 0.0;
                (
                    meets && excludes,
                    format!(
                        "{:+.1} points [{:+.1}, {:+.1}] over {} paired seeds",
                        100.0 * d,
                        100.0 * lo,
                        100.0 * hi,
                        a.len().min(b.len())
                    ),
                    format!(
                        "{:+.0} to {:+.0} points{}",
                        100.0 * target.0,
                        100.0 * target.1,
                        if *significant {
                            ", interval clear of 0"
                        } else {
                            ""
                        }
                    ),
                    Vec::new(),
                )
            }
            Check::Response {
                key,
                scenarios,
                range,
                step,
                direction,
                one_way,
                max_step,
                min_range,
            } => {
                let shape = Shape {
                    direction: *direction,
                    one_way: *one_way,
                    max_step: *max_step,
                    min_range: *min_range,
                };
                self.response(key, scenarios, *range, *step, &shape)?
            }
            Check::Rational { scenarios, seeds } => self.rational(scenarios, *seeds)?,
        };
        Ok(Verdict {
            id: p.id.clone(),
            claim: p.claim.clone(),
            source: p.source.clone(),
            passed,
            measured,
            target,
            details,
        })
    }

    fn response(
        &mut self,
        key: &str,
        scenarios: &[String],
        range: (f64, f64),
        step: f64,
        shape: &Shape,
    ) -> Result<(bool, String, String, Vec<String>), SweepError> {
        let Shape {
            direction,
            one_way: held,
            max_step,
            min_range,
        } = *shape;
        let n = ((range.1 - range.0) / step).round() as usize + 1;
        let values: Vec<f64> = (0..n).map(|k| range.0 + step * k as f64).collect();
        let design = Design {
            keys: vec![key.to_string()],
            rows: values
                .iter()
                .map(|v| vec![format!("{}", (v * 1e6).round() / 1e6)])
                .collect(),
        };
        let mut passed = true;
        let mut widest: f64 = 0.0;
        let mut details = Vec::new();
        let mut summary = Vec::new();
        for sc in scenarios {
            let configs = self.run_design(sc, design.clone(), self.runs_per_point)?;
            let curve = Curve::of(&configs);
            let way = direction.map_or_else(
                || curve.natural_way(),
                |d| if d == Direction::Up { 1.0 } else { -1.0 },
            );
            let worst = curve.worst_against(way);
            let (steepest, step_at) = curve.steepest_step();
            let one_way = worst >= -2.0;
            let smooth = steepest <= max_step;
            passed &= !held || (one_way && smooth);
            widest = widest.max(curve.range_upper());
            summary.push(format!(
                "{sc}: {} to {} (range {:.0} points), steepest step {:.1} points at {}, worst reversal {:.1} SE",
                pct(curve.shares[0]),
                pct(*curve.shares.last().unwrap_or(&0.0)),
                100.0 * curve.range(),
                100.0 * steepest,
                values.get(step_at).map_or(String::new(), |v| format!("{v:.2}")),
                -worst.min(0.0),
            ));
            details.push(format!(
                "  {sc}: {}",
                curve
                    .shares
                    .iter()
                    .map(|s| format!("{:.0}", 100.0 * s))
                    .collect::<Vec<_>>()
                    .join(" ")
            ));
        }
        passed &= widest >= min_range;
        let way = match direction {
            Some(Direction::Up) => "rising",
            Some(Direction::Down) => "falling",
            None => "one way",
        };
        let target = if held {
            format!(
                "settle share {way} within 2 SE, no step over {:.0} points, a range of at least {:.0} points on one scenario",
                100.0 * max_step,
                100.0 * min_range
            )
        } else {
            format!(
                "a range of at least {:.0} points on one scenario",
                100.0 * min_range
            )
        };
        Ok((passed, summary.join("; "), target, details))
    }

    fn rational(
        &mut self,
        scenarios: &[String],
        seeds: u64,
    ) -> Result<(bool, String, String, Vec<String>), SweepError> {
        let (mut settled, mut bad) = (0u64, Vec::new());
        for name in scenarios {
            let sc = std::sync::Arc::new(
                detente_config::load_ref(&self.reference(name), &[])
                    .map_err(|e| SweepError::Input(e.to_string()))?,
            );
            for seed in self.seed_start..self.seed_start + seeds {
                let rec = detente_model::sim::run(std::sync::Arc::clone(&sc), seed);
                let Some(package) = rec.equilibrium.package else {
                    continue;
                };
                settled += 1;
                for &v in &sc.settings.veto {
                    let ok = rec.rounds.iter().any(|r| {
                        r.states[v.index()]
                            .accepted
                            .iter()
                            .any(|a| a.package == package && a.expected_utility > a.security)
                    });
                    if !ok {
                        bad.push(format!(
                            "  {name} seed {seed}: {} has no acceptance above security",
                            sc.actor(v).id
                        ));
                    }
                }
            }
        }
        Ok((
            settled > 0 && bad.is_empty(),
            format!(
                "{settled} settlements checked, {} below security",
                bad.len()
            ),
            "every veto principal's expected utility above security, in every settlement".into(),
            bad,
        ))
    }
}

/// What a response curve must look like.
struct Shape {
    direction: Option<Direction>,
    one_way: bool,
    max_step: f64,
    min_range: f64,
}

/// A response curve: the settle share at each value, over the same seeds.
struct Curve {
    shares: Vec<f64>,
    se: Vec<f64>,
    /// Per value, which seeds settled (seed order), for paired steps.
    settled: Vec<Vec<bool>>,
}

impl Curve {
    fn of(configs: &[Vec<Run>]) -> Self {
        let settled: Vec<Vec<bool>> = configs
            .iter()
            .map(|c| {
                c.iter()
                    .map(|r| r.reason == EquilibriumReason::Settlement)
                    .collect()
            })
            .collect();
        let shares: Vec<f64> = settled
            .iter()
            .map(|s| s.iter().filter(|x| **x).count() as f64 / s.len().max(1) as f64)
            .collect();
        // A share's standard error, kept off zero (a share of 0 or 1 is still uncertain).
        let se = settled
            .iter()
            .zip(&shares)
            .map(|(s, p)| {
                let n = s.len().max(1) as f64;
                let q = (p * n + 1.0) / (n + 2.0);
                (q * (1.0 - q) / n).sqrt()
            })
            .collect();
        Self {
            shares,
            se,
            settled,
        }
    }

    fn natural_way(&self) -> f64 {
        let first = self.shares.first().copied().unwrap_or(0.0);
        let last = self.shares.last().copied().unwrap_or(0.0);
        if last >= first { 1.0 } else { -1.0 }
    }

    /// The largest move against `way` between any two values, in standard errors of
    /// their difference (negative: against it).
    fn worst_against(&self, way: f64) -> f64 {
        let mut worst: f64 = 0.0;
        for i in 0..self.shares.len() {
            for j in i + 1..self.shares.len() {
                let se = (self.se[i].powi(2) + self.se[j].powi(2)).sqrt();
                worst = worst.min(way * (self.shares[j] - self.shares[i]) / se);
            }
        }
        worst
    }

    /// The largest move between neighbouring values, less its paired 95% margin (the
    /// same seeds run at both values), and where it is.
    fn steepest_step(&self) -> (f64, usize) {
        let mut best = (0.0, 0);
        for k in 0..self.shares.len().saturating_sub(1) {
            let pairs: Vec<(u64, bool)> = self.settled[k + 1]
                .iter()
                .enumerate()
                .map(|(s, x)| (s as u64, *x))
                .collect();
            let base: Vec<(u64, bool)> = self.settled[k]
                .iter()
                .enumerate()
                .map(|(s, x)| (s as u64, *x))
                .collect();
            let (d, lo, hi) = paired(&pairs, &base);
            let low_end = if d >= 0.0 {
                lo.max(0.0)
            } else {
                (-hi).max(0.0)
            };
            if low_end > best.0 {
                best = (low_end, k);
            }
        }
        best
    }

    fn range(&self) -> f64 {
        let max = self.shares.iter().copied().fold(f64::MIN, f64::max);
        let min = self.shares.iter().copied().fold(f64::MAX, f64::min);
        max - min
    }

    /// The range's upper 95% bound (the figure meets a "at least" target if this does).
    fn range_upper(&self) -> f64 {
        let (imax, imin) = (
            argmax(&self.shares),
            argmax(&self.shares.iter().map(|s| -s).collect::<Vec<_>>()),
        );
        self.range() + Z95 * (self.se[imax].powi(2) + self.se[imin].powi(2)).sqrt()
    }
}

fn argmax(x: &[f64]) -> usize {
    x.iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map_or(0, |(i, _)| i)
}

/// The difference of shares a - b over the seeds both have, with Newcombe's paired 95%
/// interval (the same statistic as `detente compare`): the same seed on both sides, so
/// luck common to both cancels.
pub fn paired(a: &[(u64, bool)], b: &[(u64, bool)]) -> (f64, f64, f64) {
    let b: BTreeMap<u64, bool> = b.iter().copied().collect();
    let (mut both, mut b_alone, mut a_alone, mut neither) = (0, 0, 0, 0);
    for (seed, x) in a {
        match (x, b.get(seed)) {
            (true, Some(true)) => both += 1,
            (false, Some(true)) => b_alone += 1,
            (true, Some(false)) => a_alone += 1,
            (false, Some(false)) => neither += 1,
            (_, None) => {}
        }
    }
    // paired_difference gives its second side minus its first: here a - b.
    crate::stats::paired_difference(both, b_alone, a_alone, neither)
}

/// The share k of n with its Wilson 95% interval, and as shown: "12.3% [10.1%, 14.8%]".
fn share_shown(k: u64, n: u64) -> (f64, f64, String) {
    let (lo, hi) = wilson(k, n);
    let shown = format!(
        "{} [{}, {}]",
        pct(k as f64 / n.max(1) as f64),
        pct(lo),
        pct(hi)
    );
    (lo, hi, shown)
}

/// The median of sorted `dates` with its 95% interval from order statistics.
fn median_interval(dates: &[YearMonth]) -> Option<(YearMonth, YearMonth, YearMonth)> {
    let n = dates.len();
    if n == 0 {
        return None;
    }
    let half = Z95 * (n as f64).sqrt() / 2.0;
    let lo = ((n as f64 / 2.0 - half).floor().max(0.0)) as usize;
    let hi = ((n as f64 / 2.0 + half).ceil() as usize).min(n - 1);
    Some((dates[n / 2], dates[lo], dates[hi]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paired_difference_is_narrower_when_luck_is_shared() {
        // The same seeds settle on both sides but for 10 that settle only in a: a
        // difference of 10 points, and an interval far narrower than unpaired.
        let b: Vec<(u64, bool)> = (0..100).map(|s| (s, s % 2 == 0)).collect();
        let a: Vec<(u64, bool)> = (0..100).map(|s| (s, s % 2 == 0 || s < 20)).collect();
        let (d, lo, hi) = paired(&a, &b);
        assert!((d - 0.1).abs() < 1e-12);
        let (_, ulo, uhi) = crate::stats::difference(50, 100, 60, 100);
        assert!(
            lo > 0.0 && hi - lo < (uhi - ulo) / 2.0,
            "{lo} {hi} vs {ulo} {uhi}"
        );
    }

    #[test]
    fn the_median_interval_covers_the_middle() {
        let dates: Vec<YearMonth> = (0..101)
            .map(|k| "1946-01".parse::<YearMonth>().unwrap().plus(k % 24))
            .collect();
        let mut d = dates.clone();
        d.sort();
        let (m, lo, hi) = median_interval(&d).unwrap();
        assert!(lo <= m && m <= hi && lo < hi);
    }

    #[test]
    fn a_reversal_beyond_noise_is_caught_and_a_flat_curve_is_not() {
        let mk = |k: &[usize]| -> Vec<Vec<Run>> {
            k.iter()
                .map(|&settled| {
                    (0..400)
                        .map(|s| Run {
                            seed: s as u64,
                            reason: if s < settled {
                                EquilibriumReason::Settlement
                            } else {
                                EquilibriumReason::Breakdown
                            },
                            date: "1947-01".parse().unwrap(),
                            outcome: String::new(),
                        })
                        .collect()
                })
                .collect()
        };
        let rising = Curve::of(&mk(&[100, 120, 140, 160]));
        assert!(rising.worst_against(1.0) >= -2.0);
        let reversed = Curve::of(&mk(&[100, 200, 100, 220]));
        assert!(reversed.worst_against(1.0) < -2.0);
        assert!(reversed.steepest_step().0 > 0.2);
    }
}
