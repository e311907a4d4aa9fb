//! Sensitivity studies of a scenario: parameters and their ranges, the sample as a sweep
//! design (so it runs, resumes and is stored like any sweep), a metric per sample point,
//! and the indices (the estimators live in detente-sensitivity).

pub mod file;
pub mod metric;

use crate::SweepError;
use crate::design::Design;
use crate::results::Row;
use detente_sensitivity::{SensitivityError, bootstrap, morris, sobol};
use file::{Indices, MetricIndices, Ranked};
use metric::Metric;
use serde::{Deserialize, Serialize};

/// One parameter: a `--set` key and the range it is varied over.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Param {
    /// The key, as for `--set`.
    pub key: String,
    /// What it is, when the key alone does not say (an event's shift); may be empty.
    #[serde(default)]
    pub about: String,
    /// Low end.
    pub lo: f64,
    /// High end.
    pub hi: f64,
}

/// Parse `KEY=LO:HI`.
pub fn parse_param(arg: &str) -> Result<Param, String> {
    let bad = |why: String| format!("--param {arg}: {why}");
    let (key, range) = arg
        .split_once('=')
        .ok_or_else(|| bad("expected KEY=LO:HI, e.g. actors.stalin.paranoia=0.5:1".into()))?;
    let (lo, hi) = range
        .split_once(':')
        .ok_or_else(|| bad("a range is LO:HI, e.g. 0.5:1".into()))?;
    let num = |s: &str| {
        s.trim()
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .ok_or_else(|| bad(format!("{:?} is not a number", s.trim())))
    };
    let (lo, hi) = (num(lo)?, num(hi)?);
    if lo >= hi {
        return Err(bad(format!(
            "LO must be below HI ({lo:?} is not below {hi:?})"
        )));
    }
    let key = key.trim();
    if key.is_empty() {
        return Err(bad("the key is empty".into()));
    }
    Ok(Param {
        key: key.to_string(),
        about: String::new(),
        lo,
        hi,
    })
}

/// How the parameter space is sampled.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "name", rename_all = "lowercase")]
pub enum Method {
    /// Morris screening: r one-at-a-time trajectories on a grid of `levels` levels.
    Morris {
        /// Trajectories r.
        trajectories: usize,
        /// Grid levels p.
        levels: u32,
    },
    /// Sobol indices from Saltelli's sample of `base` points.
    Sobol {
        /// Base samples N (a power of two).
        base: usize,
    },
}

impl Method {
    /// Sample points for `k` parameters.
    pub fn points(&self, k: usize) -> usize {
        match self {
            Method::Morris { trajectories, .. } => trajectories * (k + 1),
            Method::Sobol { base } => base * (k + 2),
        }
    }
}

/// A study: a method, its parameters and the seed of its sample.
#[derive(Clone, Debug, PartialEq)]
pub struct Study {
    /// The method.
    pub method: Method,
    /// The parameters, in the order of the design's columns.
    pub params: Vec<Param>,
    /// Seed of the sample (the trajectories, or the Sobol scramble); not the runs' seeds.
    pub sample_seed: u64,
}

/// A drawn sample: where to run, in unit coordinates.
#[derive(Clone, Debug)]
pub enum Sample {
    /// Morris trajectories.
    Morris(morris::Design),
    /// Saltelli's sample.
    Sobol(sobol::Design),
}

impl Sample {
    /// The points, each with one unit coordinate per parameter.
    pub fn points(&self) -> &[Vec<f64>] {
        match self {
            Sample::Morris(d) => &d.points,
            Sample::Sobol(d) => &d.points,
        }
    }
}

/// A parameter value as the design writes it: ten decimals at most, so that grid values
/// read as written (0.4, not 0.39999999999999997); exponent form for the very large and
/// very small.
pub fn show_value(x: f64) -> String {
    if x != 0.0 && !(1e-10..1e15).contains(&x.abs()) {
        return format!("{x:e}");
    }
    let s = format!("{x:.10}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-" || s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

fn design_error(e: SensitivityError) -> SweepError {
    SweepError::Input(e.to_string())
}

impl Study {
    /// Draw the sample and the sweep design that runs it (one configuration per point).
    pub fn sample(&self) -> Result<(Sample, Design), SweepError> {
        let k = self.params.len();
        let mut keys: Vec<&str> = self.params.iter().map(|p| p.key.as_str()).collect();
        keys.sort_unstable();
        if let Some(w) = keys.windows(2).find(|w| w[0] == w[1]) {
            return Err(SweepError::Input(format!(
                "--param {}: the key is given twice",
                w[0]
            )));
        }
        let sample = match &self.method {
            Method::Morris {
                trajectories,
                levels,
            } => Sample::Morris(
                morris::sample(k, *trajectories, *levels, self.sample_seed)
                    .map_err(design_error)?,
            ),
            Method::Sobol { base } => Sample::Sobol(
                // The scramble's seed is 32 bits wide; fold the rest in.
                sobol::sample(
                    k,
                    *base,
                    (self.sample_seed ^ (self.sample_seed >> 32)) as u32,
                )
                .map_err(design_error)?,
            ),
        };
        if sample.points().len() > crate::design::MAX_CONFIGS {
            return Err(SweepError::Input(format!(
                "the sample has {} points, more than {}",
                sample.points().len(),
                crate::design::MAX_CONFIGS
            )));
        }
        let rows = sample
            .points()
            .iter()
            .map(|u| {
                self.params
                    .iter()
                    .zip(u)
                    // Weighted so that no step overflows: HI - LO can be infinite.
                    .map(|(p, u)| show_value(p.lo * (1.0 - u) + p.hi * u))
                    .collect()
            })
            .collect();
        let design = Design {
            keys: self.params.iter().map(|p| p.key.clone()).collect(),
            rows,
        };
        Ok((sample, design))
    }

    /// The indices of each metric, from the rows of the sample's runs.
    pub fn analyze(
        &self,
        sample: &Sample,
        rows: &[Row],
        metrics: &[Metric],
        issues: &[String],
        resamples: usize,
    ) -> Result<Vec<MetricIndices>, SweepError> {
        let points = sample.points().len();
        metrics
            .iter()
            .map(|m| {
                let stats = metric::per_point(rows, points, m, issues)?;
                Ok(self.indices(sample, m, stats, resamples))
            })
            .collect()
    }

    fn indices(
        &self,
        sample: &Sample,
        m: &Metric,
        stats: metric::PointStats,
        resamples: usize,
    ) -> MetricIndices {
        let y = &stats.values;
        let n = y.len() as f64;
        let mean = y.iter().sum::<f64>() / n;
        let variance = y.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
        let seed = self.sample_seed.wrapping_add(1);
        let result = match sample {
            // Nothing moved it: a ranking of zeros would read as an answer.
            _ if variance == 0.0 => Err(SensitivityError::Constant(mean)),
            Sample::Morris(d) => morris::analyze(d, y, resamples, seed).map(|ix| {
                let order = morris::ranking(&ix);
                Indices::Morris(ranked(&self.params, &order, &ix))
            }),
            Sample::Sobol(d) => sobol::analyze(d, y, resamples, seed).map(|ix| {
                let order = sobol::ranking(&ix);
                Indices::Sobol(ranked(&self.params, &order, &ix))
            }),
        };
        let (indices, note) = match result {
            Ok(ix) => (Some(ix), None),
            Err(e) => (None, Some(e.to_string())),
        };
        MetricIndices {
            metric: m.spec(),
            description: m.describe(),
            mean,
            variance,
            point_se: stats.mean_se2.sqrt(),
            note,
            indices,
        }
    }
}

fn ranked<T: Clone>(params: &[Param], order: &[usize], ix: &[T]) -> Vec<Ranked<T>> {
    order
        .iter()
        .enumerate()
        .map(|(rank, &i)| Ranked {
            rank: rank + 1,
            key: params[i].key.clone(),
            about: params[i].about.clone(),
            lo: params[i].lo,
            hi: params[i].hi,
            index: ix[i].clone(),
        })
        .collect()
}

/// Resamples for the bootstrap intervals, unless the user asks for another number.
pub const DEFAULT_RESAMPLES: usize = bootstrap::DEFAULT_RESAMPLES;

#[cfg(test)]
mod tests {
    use super::*;

    fn study(method: Method) -> Study {
        Study {
            method,
            params: vec![
                parse_param("actors.stalin.paranoia=0.5:1").unwrap(),
                parse_param("events.fulton.trust.0.delta=-0.2:0").unwrap(),
            ],
            sample_seed: 3,
        }
    }

    #[test]
    fn params_parse_and_bad_ones_say_why() {
        let p = parse_param("actors.stalin.paranoia = 0.25:0.75").unwrap();
        assert_eq!(
            (p.key.as_str(), p.lo, p.hi),
            ("actors.stalin.paranoia", 0.25, 0.75)
        );
        for bad in ["x", "x=1", "x=a:1", "x=1:1", "x=2:1", "=0:1", "x=0:inf"] {
            assert!(parse_param(bad).is_err(), "{bad}");
        }
        let e = parse_param("x=1e308:-1e308").unwrap_err();
        assert!(e.len() < 80, "the values are said briefly: {e}");
    }

    #[test]
    fn the_widest_ranges_give_finite_values_said_briefly() {
        let s = Study {
            method: Method::Sobol { base: 8 },
            params: vec![parse_param("scenario.noise=-1.7e308:1.7e308").unwrap()],
            sample_seed: 1,
        };
        let (_, design) = s.sample().unwrap();
        for row in &design.rows {
            let v: f64 = row[0].parse().unwrap();
            assert!(v.is_finite() && row[0].len() < 30, "{}", row[0]);
        }
    }

    #[test]
    fn the_design_maps_unit_points_onto_the_ranges() {
        for method in [
            Method::Morris {
                trajectories: 4,
                levels: 4,
            },
            Method::Sobol { base: 8 },
        ] {
            let s = study(method.clone());
            let (sample, design) = s.sample().unwrap();
            assert_eq!(design.len(), method.points(2));
            assert_eq!(
                design.keys,
                ["actors.stalin.paranoia", "events.fulton.trust.0.delta"]
            );
            for (u, row) in sample.points().iter().zip(&design.rows) {
                for ((u, v), p) in u.iter().zip(row).zip(&s.params) {
                    let v: f64 = v.parse().unwrap();
                    assert!((v - (p.lo + u * (p.hi - p.lo))).abs() < 1e-9);
                    assert!(p.lo <= v && v <= p.hi);
                }
            }
            assert_eq!(
                s.sample().unwrap().1,
                design,
                "the same seed gives the same design"
            );
        }
        let mut twice = study(Method::Sobol { base: 8 });
        twice.params.push(twice.params[0].clone());
        assert!(twice.sample().is_err());
    }

    #[test]
    fn grid_values_read_as_written() {
        assert_eq!(show_value(0.2 + 0.6 * (1.0 / 3.0)), "0.4");
        assert_eq!(show_value(-0.0), "0");
        assert_eq!(show_value(7.0), "7");
        assert_eq!(show_value(-0.125), "-0.125");
    }
}
