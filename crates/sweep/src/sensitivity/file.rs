//! The indices file of a sensitivity study (`--json`, and `--csv` as a flat table): what
//! was run and what each parameter's indices came to, ranked. `detente report` reads it.

use super::{Method, Param};
use detente_sensitivity::{morris, sobol};
use serde::{Deserialize, Serialize};

/// What the file says it is.
pub const KIND: &str = "detente-sensitivity";
/// Its version; a change that breaks readers raises it.
pub const SCHEMA_VERSION: u32 = 1;

/// A whole study: its design and its indices per metric.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SensitivityFile {
    /// Always [`KIND`].
    pub kind: String,
    /// [`SCHEMA_VERSION`] when written.
    pub schema_version: u32,
    /// The scenario as given (a path or a built-in name).
    pub scenario: String,
    /// Its title.
    pub title: String,
    /// `--set` overrides applied at every point.
    pub sets: Vec<String>,
    /// The method and its sizes.
    pub method: Method,
    /// Seed of the sample.
    pub sample_seed: u64,
    /// The parameters, in design order.
    pub params: Vec<Param>,
    /// Sample points.
    pub points: usize,
    /// Seeded runs per point (the same seeds at every point).
    pub runs_per_point: u64,
    /// First and last seed.
    pub seeds: [u64; 2],
    /// The results file of the runs, if one was written.
    pub results: Option<String>,
    /// One entry per metric.
    pub metrics: Vec<MetricIndices>,
}

/// The indices of one metric.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MetricIndices {
    /// The metric as given to `--metric` (`settle`, `outcome:LABEL`, ...).
    pub metric: String,
    /// What it measures.
    pub description: String,
    /// Its mean over the sample points.
    pub mean: f64,
    /// Its variance over the sample points.
    pub variance: f64,
    /// Root mean square standard error of one point's value: the seed noise.
    pub point_se: f64,
    /// Why there are no indices, if there are none (e.g. the metric never varied).
    pub note: Option<String>,
    /// The indices, ranked.
    pub indices: Option<Indices>,
}

/// Ranked indices of one method.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", content = "ranked", rename_all = "lowercase")]
pub enum Indices {
    /// Morris: mu*, mu, sigma.
    Morris(Vec<Ranked<morris::Index>>),
    /// Sobol: first-order and total.
    Sobol(Vec<Ranked<sobol::Index>>),
}

/// One parameter's indices and its rank (1 = matters most).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ranked<T> {
    /// 1 for the parameter that matters most.
    pub rank: usize,
    /// Its key.
    pub key: String,
    /// What it is, if the key does not say.
    pub about: String,
    /// Low end of its range.
    pub lo: f64,
    /// High end.
    pub hi: f64,
    /// The indices.
    #[serde(flatten)]
    pub index: T,
}

impl MetricIndices {
    /// For Morris, the mu* that a parameter with no effect would show from seed noise
    /// alone under independent seeds: E|N(0, s)| = 0.8 s, with s = sqrt(2) x the point
    /// noise / the step. Common seeds make the real floor lower. `None` for Sobol.
    pub fn noise_floor(&self, method: &Method) -> Option<f64> {
        match *method {
            Method::Morris { levels, .. } => {
                let delta = levels as f64 / (2.0 * (levels as f64 - 1.0));
                Some(0.8 * std::f64::consts::SQRT_2 * self.point_se / delta)
            }
            Method::Sobol { .. } => None,
        }
    }

    /// For Sobol, the share of the metric's variance over the points that is seed noise
    /// (it adds to every total index). `None` for Morris.
    pub fn noise_share(&self, method: &Method) -> Option<f64> {
        match method {
            Method::Sobol { .. } if self.variance > 0.0 => {
                Some((self.point_se.powi(2) / self.variance).min(1.0))
            }
            Method::Sobol { .. } => Some(0.0),
            Method::Morris { .. } => None,
        }
    }
}

impl SensitivityFile {
    /// The indices as a CSV table, one row per metric and parameter: metric, rank, key,
    /// about, lo, hi, then mu_star, mu_star_lo, mu_star_hi, mu, sigma (Morris) or s1, s1_lo,
    /// s1_hi, st, st_lo, st_hi (Sobol).
    pub fn to_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut header = vec!["metric", "rank", "key", "about", "lo", "hi"];
        header.extend(match self.method {
            Method::Morris { .. } => &["mu_star", "mu_star_lo", "mu_star_hi", "mu", "sigma"][..],
            Method::Sobol { .. } => &["s1", "s1_lo", "s1_hi", "st", "st_lo", "st_hi"][..],
        });
        // Writing to memory cannot fail.
        let _ = w.write_record(&header);
        for m in &self.metrics {
            let lead = |r: usize, key: &str, about: &str, lo: f64, hi: f64| {
                vec![
                    m.metric.clone(),
                    r.to_string(),
                    key.to_string(),
                    about.to_string(),
                    lo.to_string(),
                    hi.to_string(),
                ]
            };
            match &m.indices {
                Some(Indices::Morris(rs)) => {
                    for r in rs {
                        let mut c = lead(r.rank, &r.key, &r.about, r.lo, r.hi);
                        let x = &r.index;
                        c.extend(
                            [x.mu_star, x.mu_star_lo, x.mu_star_hi, x.mu, x.sigma]
                                .map(|v| v.to_string()),
                        );
                        let _ = w.write_record(&c);
                    }
                }
                Some(Indices::Sobol(rs)) => {
                    for r in rs {
                        let mut c = lead(r.rank, &r.key, &r.about, r.lo, r.hi);
                        let x = &r.index;
                        c.extend(
                            [x.s1, x.s1_lo, x.s1_hi, x.st, x.st_lo, x.st_hi].map(|v| v.to_string()),
                        );
                        let _ = w.write_record(&c);
                    }
                }
                None => {}
            }
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}
