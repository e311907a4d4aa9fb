//! Sobol indices: Saltelli's sampling on an Owen-scrambled Sobol sequence, first-order
//! indices by Saltelli et al. (2010), total indices by Jansen (1999).
//!
//! Two matrices A and B of N points each come from the first and last k dimensions of one
//! 2k-dimensional scrambled Sobol sequence; AB_i is A with its column i taken from B. The
//! model is evaluated at A, B and every AB_i: N (k + 2) points. The first-order index S_i
//! is the share of the output's variance that input i explains alone; the total index
//! ST_i adds every interaction it takes part in, so ST_i >= S_i, and 1 - sum S_i is the
//! share left to interactions.

use crate::{SensitivityError, bootstrap, check_outputs, rank_by};
use serde::{Deserialize, Serialize};

/// Most inputs: the sequence has 256 dimensions and Saltelli's sampling needs two per input.
pub const MAX_INPUTS: usize = sobol_burley::NUM_DIMENSIONS as usize / 2;
/// Most base samples (the sequence's length).
pub const MAX_BASE: usize = 1 << 16;

/// Where to evaluate the model: for each base sample j, the points A_j, AB_j^1 .. AB_j^k
/// and B_j, in that order (k + 2 consecutive points).
#[derive(Clone, Debug, PartialEq)]
pub struct Design {
    /// Inputs.
    pub k: usize,
    /// Base samples N.
    pub n: usize,
    /// The points, each with k coordinates in [0, 1).
    pub points: Vec<Vec<f64>>,
}

/// Sobol indices of one input, with bootstrap 95% intervals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Index {
    /// First-order index: the share of variance the input explains alone.
    pub s1: f64,
    /// Its interval, low end.
    pub s1_lo: f64,
    /// Its interval, high end.
    pub s1_hi: f64,
    /// Total index: the input's share with all its interactions.
    pub st: f64,
    /// Its interval, low end.
    pub st_lo: f64,
    /// Its interval, high end.
    pub st_hi: f64,
}

/// Saltelli's sample of N base points (a power of two, so that the scrambled sequence is
/// balanced) over k inputs; `seed` picks the scramble.
pub fn sample(k: usize, n: usize, seed: u32) -> Result<Design, SensitivityError> {
    if k == 0 || k > MAX_INPUTS {
        return Err(SensitivityError::Design(format!(
            "Sobol indices need 1 to {MAX_INPUTS} inputs, not {k}"
        )));
    }
    if !(2..=MAX_BASE).contains(&n) || !n.is_power_of_two() {
        return Err(SensitivityError::Design(format!(
            "the number of base samples must be a power of two from 2 to {MAX_BASE} (a Sobol sequence is balanced at powers of two), not {n}"
        )));
    }
    let mut points = Vec::with_capacity(n * (k + 2));
    for j in 0..n as u32 {
        let a: Vec<f64> = (0..k as u32)
            .map(|i| sobol_burley::sample(j, i, seed) as f64)
            .collect();
        let b: Vec<f64> = (0..k as u32)
            .map(|i| sobol_burley::sample(j, k as u32 + i, seed) as f64)
            .collect();
        points.push(a.clone());
        for i in 0..k {
            let mut ab = a.clone();
            ab[i] = b[i];
            points.push(ab);
        }
        points.push(b);
    }
    Ok(Design { k, n, points })
}

/// The outputs split by role: f(A), f(B) and f(AB_i) for each i, each of length N.
struct Split {
    a: Vec<f64>,
    b: Vec<f64>,
    ab: Vec<Vec<f64>>,
}

fn split(design: &Design, y: &[f64]) -> Split {
    let step = design.k + 2;
    Split {
        a: (0..design.n).map(|j| y[j * step]).collect(),
        b: (0..design.n).map(|j| y[j * step + step - 1]).collect(),
        ab: (0..design.k)
            .map(|i| (0..design.n).map(|j| y[j * step + 1 + i]).collect())
            .collect(),
    }
}

/// S_i and ST_i of every input from the base samples `rows` (all of them, or a bootstrap
/// resample); None if the output does not vary over them.
fn estimate(s: &Split, rows: &[usize]) -> Option<Vec<(f64, f64)>> {
    let n = rows.len() as f64;
    let both = rows.iter().flat_map(|&j| [s.a[j], s.b[j]]);
    let mean = both.clone().sum::<f64>() / (2.0 * n);
    let var = both.map(|v| (v - mean).powi(2)).sum::<f64>() / (2.0 * n);
    if var <= 0.0 {
        return None;
    }
    Some(
        s.ab.iter()
            .map(|ab| {
                let (mut first, mut total) = (0.0, 0.0);
                for &j in rows {
                    first += s.b[j] * (ab[j] - s.a[j]);
                    total += (s.a[j] - ab[j]).powi(2);
                }
                (first / n / var, total / (2.0 * n) / var)
            })
            .collect(),
    )
}

/// First-order and total indices from the outputs `y` at the design's points, with
/// bootstrap intervals from `resamples` resamplings of the base samples.
pub fn analyze(
    design: &Design,
    y: &[f64],
    resamples: usize,
    seed: u64,
) -> Result<Vec<Index>, SensitivityError> {
    check_outputs(y, design.points.len())?;
    let s = split(design, y);
    let all: Vec<usize> = (0..design.n).collect();
    let point = estimate(&s, &all).ok_or(SensitivityError::Constant(y[0]))?;
    let mut rng = bootstrap::rng(seed);
    let mut rows = Vec::new();
    let mut boot: Vec<Vec<(f64, f64)>> = vec![Vec::with_capacity(resamples); design.k];
    for _ in 0..resamples {
        bootstrap::resample(&mut rng, design.n, &mut rows);
        // A resample with no variance says nothing; it is left out of the interval.
        if let Some(e) = estimate(&s, &rows) {
            for (b, x) in boot.iter_mut().zip(e) {
                b.push(x);
            }
        }
    }
    Ok(point
        .iter()
        .zip(boot)
        .map(|(&(s1, st), b)| {
            let (s1_lo, s1_hi) = interval_or(s1, b.iter().map(|x| x.0).collect());
            let (st_lo, st_hi) = interval_or(st, b.iter().map(|x| x.1).collect());
            Index {
                s1,
                s1_lo,
                s1_hi,
                st,
                st_lo,
                st_hi,
            }
        })
        .collect())
}

fn interval_or(point: f64, mut values: Vec<f64>) -> (f64, f64) {
    if values.is_empty() {
        (point, point)
    } else {
        bootstrap::interval(&mut values)
    }
}

/// Inputs from most to least important (by total index).
pub fn ranking(indices: &[Index]) -> Vec<usize> {
    rank_by(&indices.iter().map(|i| i.st).collect::<Vec<_>>())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::PI;

    fn evaluate(design: &Design, f: impl Fn(&[f64]) -> f64) -> Vec<f64> {
        design.points.iter().map(|x| f(x)).collect()
    }

    /// Ishigami and Homma (1990) with a = 7, b = 0.1, inputs uniform on [-pi, pi].
    fn ishigami(u: &[f64]) -> f64 {
        let x: Vec<f64> = u.iter().map(|u| -PI + 2.0 * PI * u).collect();
        x[0].sin() + 7.0 * x[1].sin().powi(2) + 0.1 * x[2].powi(4) * x[0].sin()
    }

    /// The analytic indices of the Ishigami function (a = 7, b = 0.1).
    fn ishigami_exact() -> ([f64; 3], [f64; 3]) {
        let (a, b) = (7.0f64, 0.1f64);
        let pi4 = PI.powi(4);
        let v1 = 0.5 * (1.0 + b * pi4 / 5.0).powi(2);
        let v2 = a * a / 8.0;
        let v13 = b * b * PI.powi(8) * (1.0 / 18.0 - 1.0 / 50.0);
        let v = v1 + v2 + v13;
        ([v1 / v, v2 / v, 0.0], [(v1 + v13) / v, v2 / v, v13 / v])
    }

    #[test]
    fn the_analytic_ishigami_indices_are_the_published_ones() {
        let (s1, st) = ishigami_exact();
        for (x, want) in s1
            .iter()
            .chain(&st)
            .zip([0.3139, 0.4424, 0.0, 0.5576, 0.4424, 0.2437])
        {
            assert!((x - want).abs() < 5e-4, "{x} {want}");
        }
    }

    #[test]
    fn ishigami_indices_fall_within_their_bootstrap_intervals() {
        let (s1, st) = ishigami_exact();
        let d = sample(3, 4096, 1).unwrap();
        let ix = analyze(&d, &evaluate(&d, ishigami), 1000, 7).unwrap();
        for i in 0..3 {
            let x = &ix[i];
            assert!(
                x.s1_lo <= s1[i] && s1[i] <= x.s1_hi,
                "S{} {x:?} vs {}",
                i + 1,
                s1[i]
            );
            assert!(
                x.st_lo <= st[i] && st[i] <= x.st_hi,
                "ST{} {x:?} vs {}",
                i + 1,
                st[i]
            );
            assert!(
                (x.s1 - s1[i]).abs() < 0.05 && (x.st - st[i]).abs() < 0.05,
                "{x:?}"
            );
            // Intervals that say something: an eighth of the unit range at most.
            assert!(
                x.s1_hi - x.s1_lo < 0.125 && x.st_hi - x.st_lo < 0.125,
                "{x:?}"
            );
        }
        assert_eq!(ranking(&ix), vec![0, 1, 2]);
    }

    #[test]
    fn more_base_samples_narrow_the_intervals() {
        let width = |n| {
            let d = sample(3, n, 3).unwrap();
            let ix = analyze(&d, &evaluate(&d, ishigami), 300, 1).unwrap();
            ix.iter().map(|x| x.st_hi - x.st_lo).sum::<f64>()
        };
        assert!(width(4096) < width(256) / 2.0);
    }

    #[test]
    fn an_additive_function_has_equal_first_order_and_total_indices() {
        // Var(c x) = c^2 / 12 for x uniform: shares 1/14, 4/14, 9/14, 0.
        let d = sample(4, 2048, 9).unwrap();
        let ix = analyze(
            &d,
            &evaluate(&d, |x| x[0] + 2.0 * x[1] + 3.0 * x[2]),
            500,
            2,
        )
        .unwrap();
        for (x, want) in ix.iter().zip([1.0 / 14.0, 4.0 / 14.0, 9.0 / 14.0, 0.0]) {
            assert!(
                (x.s1 - want).abs() < 0.02 && (x.st - want).abs() < 0.02,
                "{x:?} {want}"
            );
        }
        assert_eq!(
            (ix[3].st, ix[3].st_hi),
            (0.0, 0.0),
            "an unused input has no total effect"
        );
    }

    #[test]
    fn the_sample_is_saltellis_layout_on_a_scrambled_sequence() {
        let d = sample(3, 8, 4).unwrap();
        assert_eq!(d.points.len(), 8 * 5);
        for j in 0..8 {
            let block = &d.points[j * 5..(j + 1) * 5];
            let (a, b) = (&block[0], &block[4]);
            for i in 0..3 {
                let ab = &block[1 + i];
                for c in 0..3 {
                    assert_eq!(ab[c], if c == i { b[c] } else { a[c] });
                }
            }
        }
        // Balanced: each half of [0, 1) holds half the points, in every dimension.
        for c in 0..3 {
            let low = (0..8).filter(|j| d.points[j * 5][c] < 0.5).count();
            assert_eq!(low, 4);
        }
        assert_ne!(
            d.points,
            sample(3, 8, 5).unwrap().points,
            "the seed scrambles"
        );
        assert!(d.points.iter().flatten().all(|x| (0.0..1.0).contains(x)));
    }

    #[test]
    fn bad_sizes_and_constant_outputs_are_refused() {
        assert!(sample(0, 8, 1).is_err());
        assert!(sample(MAX_INPUTS + 1, 8, 1).is_err());
        assert!(sample(2, 100, 1).is_err());
        assert!(sample(2, MAX_BASE * 2, 1).is_err());
        let d = sample(2, 8, 1).unwrap();
        assert_eq!(
            analyze(&d, &vec![0.25; d.points.len()], 10, 1),
            Err(SensitivityError::Constant(0.25))
        );
    }
}
