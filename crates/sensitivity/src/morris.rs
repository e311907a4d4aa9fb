//! Morris screening: elementary effects along one-at-a-time trajectories on a p-level grid.
//!
//! A trajectory starts at a random grid point and moves each input once, by ±Δ with
//! Δ = p / (2 (p - 1)), in a random order: k + 1 points for k inputs. The elementary effect
//! of input i is the change in the output divided by the step, in unit coordinates, so it
//! reads as "the change in the output across the input's whole range, if the response were
//! linear". Over r trajectories: mu* (the mean absolute effect, the importance), mu (the
//! mean signed effect: its direction) and sigma (their spread: interaction or curvature).

use crate::{SensitivityError, bootstrap, check_outputs, rank_by};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// Most inputs one design may screen.
pub const MAX_INPUTS: usize = 10_000;
/// Most trajectories.
pub const MAX_TRAJECTORIES: usize = 10_000;
/// Most grid levels.
pub const MAX_LEVELS: u32 = 1_000;

/// One move of one input between two consecutive points of a trajectory.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Step {
    /// The point before the move.
    pub from: usize,
    /// The point after it.
    pub to: usize,
    /// The input that moved.
    pub input: usize,
    /// The signed size of the move, in unit coordinates (±Δ).
    pub dx: f64,
}

/// Where to evaluate the model: r trajectories of k + 1 points each.
#[derive(Clone, Debug, PartialEq)]
pub struct Design {
    /// Inputs.
    pub k: usize,
    /// Trajectories.
    pub r: usize,
    /// Grid levels per input.
    pub levels: u32,
    /// The step Δ, in unit coordinates.
    pub delta: f64,
    /// The points, trajectory by trajectory; each has k coordinates in [0, 1].
    pub points: Vec<Vec<f64>>,
    /// Every move, trajectory by trajectory.
    pub steps: Vec<Step>,
}

/// Morris indices of one input.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Index {
    /// Mean absolute elementary effect: how much the input matters.
    pub mu_star: f64,
    /// Bootstrap 95% interval of mu*, low end.
    pub mu_star_lo: f64,
    /// Bootstrap 95% interval of mu*, high end.
    pub mu_star_hi: f64,
    /// Mean elementary effect: its sign is the direction of the effect, when it has one.
    pub mu: f64,
    /// Standard deviation of the elementary effects: nonlinearity or interactions.
    pub sigma: f64,
}

/// Draw r trajectories over k inputs on a grid of `levels` (even, at least 2).
pub fn sample(k: usize, r: usize, levels: u32, seed: u64) -> Result<Design, SensitivityError> {
    let bad = |m: String| Err(SensitivityError::Design(m));
    if k == 0 || k > MAX_INPUTS {
        return bad(format!("Morris needs 1 to {MAX_INPUTS} inputs, not {k}"));
    }
    if !(2..=MAX_TRAJECTORIES).contains(&r) {
        return bad(format!(
            "Morris needs 2 to {MAX_TRAJECTORIES} trajectories (sigma needs two), not {r}"
        ));
    }
    if levels < 2 || !levels.is_multiple_of(2) || levels > MAX_LEVELS {
        // An even p makes every level equally likely (Morris 1991).
        return bad(format!(
            "the grid needs an even number of levels from 2 to {MAX_LEVELS}, not {levels}"
        ));
    }
    let p = levels as f64;
    let delta = p / (2.0 * (p - 1.0));
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut points = Vec::with_capacity(r * (k + 1));
    let mut steps = Vec::with_capacity(r * k);
    let mut order: Vec<usize> = (0..k).collect();
    for t in 0..r {
        // A base point from the levels that leave room for +Δ, and a direction per input:
        // an input that moves down starts Δ higher.
        let mut x: Vec<f64> = (0..k)
            .map(|_| rng.random_range(0..levels / 2) as f64 / (p - 1.0))
            .collect();
        let up: Vec<bool> = (0..k).map(|_| rng.random_bool(0.5)).collect();
        for i in 0..k {
            if !up[i] {
                x[i] += delta;
            }
        }
        order.shuffle(&mut rng);
        let first = t * (k + 1);
        points.push(x.clone());
        for (j, &i) in order.iter().enumerate() {
            let dx = if up[i] { delta } else { -delta };
            x[i] += dx;
            points.push(x.clone());
            steps.push(Step {
                from: first + j,
                to: first + j + 1,
                input: i,
                dx,
            });
        }
    }
    Ok(Design {
        k,
        r,
        levels,
        delta,
        points,
        steps,
    })
}

/// The elementary effects of each input, one per trajectory, from the outputs `y` at the
/// design's points.
pub fn effects(design: &Design, y: &[f64]) -> Result<Vec<Vec<f64>>, SensitivityError> {
    check_outputs(y, design.points.len())?;
    let mut ee = vec![Vec::with_capacity(design.r); design.k];
    for s in &design.steps {
        ee[s.input].push((y[s.to] - y[s.from]) / s.dx);
    }
    Ok(ee)
}

/// mu*, mu and sigma of every input, with bootstrap intervals of mu* from `resamples`
/// resamplings of the trajectories' effects.
pub fn analyze(
    design: &Design,
    y: &[f64],
    resamples: usize,
    seed: u64,
) -> Result<Vec<Index>, SensitivityError> {
    let ee = effects(design, y)?;
    let mut rng = bootstrap::rng(seed);
    let mut idx = Vec::new();
    Ok(ee
        .iter()
        .map(|e| {
            let n = e.len() as f64;
            let mu = e.iter().sum::<f64>() / n;
            let mu_star = e.iter().map(|v| v.abs()).sum::<f64>() / n;
            let sigma = (e.iter().map(|v| (v - mu).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
            let mut boot: Vec<f64> = (0..resamples)
                .map(|_| {
                    bootstrap::resample(&mut rng, e.len(), &mut idx);
                    idx.iter().map(|&i| e[i].abs()).sum::<f64>() / n
                })
                .collect();
            let (mu_star_lo, mu_star_hi) = if resamples == 0 {
                (mu_star, mu_star)
            } else {
                bootstrap::interval(&mut boot)
            };
            Index {
                mu_star,
                mu_star_lo,
                mu_star_hi,
                mu,
                sigma,
            }
        })
        .collect())
}

/// Inputs from most to least important (by mu*).
pub fn ranking(indices: &[Index]) -> Vec<usize> {
    rank_by(&indices.iter().map(|i| i.mu_star).collect::<Vec<_>>())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::PI;

    fn evaluate(design: &Design, f: impl Fn(&[f64]) -> f64) -> Vec<f64> {
        design.points.iter().map(|x| f(x)).collect()
    }

    #[test]
    fn trajectories_move_each_input_once_by_delta_on_the_grid() {
        let d = sample(5, 12, 4, 7).unwrap();
        assert_eq!(d.points.len(), 12 * 6);
        assert_eq!(d.steps.len(), 12 * 5);
        assert!((d.delta - 2.0 / 3.0).abs() < 1e-15);
        for x in d.points.iter().flatten() {
            let level = x * 3.0;
            assert!((level - level.round()).abs() < 1e-9 && (-1e-12..=1.0 + 1e-12).contains(x));
        }
        for t in 0..12 {
            let steps = &d.steps[t * 5..(t + 1) * 5];
            let mut moved: Vec<usize> = steps.iter().map(|s| s.input).collect();
            moved.sort_unstable();
            assert_eq!(moved, vec![0, 1, 2, 3, 4], "each input moves once");
            for s in steps {
                let (a, b) = (&d.points[s.from], &d.points[s.to]);
                for i in 0..5 {
                    let diff = b[i] - a[i];
                    if i == s.input {
                        assert!(
                            (diff - s.dx).abs() < 1e-12 && (s.dx.abs() - d.delta).abs() < 1e-12
                        );
                    } else {
                        assert_eq!(diff, 0.0);
                    }
                }
            }
        }
        assert_eq!(d, sample(5, 12, 4, 7).unwrap(), "same seed, same design");
        assert_ne!(d.points, sample(5, 12, 4, 8).unwrap().points);
    }

    #[test]
    fn bad_sizes_are_refused() {
        assert!(sample(0, 10, 4, 1).is_err());
        assert!(sample(3, 1, 4, 1).is_err());
        assert!(sample(3, 10, 3, 1).is_err());
        assert!(sample(3, 10, 0, 1).is_err());
        let d = sample(2, 4, 4, 1).unwrap();
        assert!(analyze(&d, &[0.0; 3], 10, 1).is_err());
        let mut y = vec![0.0; d.points.len()];
        y[2] = f64::NAN;
        assert!(
            matches!(analyze(&d, &y, 10, 1), Err(SensitivityError::Outputs(m)) if m.contains("point 2"))
        );
    }

    #[test]
    fn a_linear_function_has_its_coefficients_as_effects_and_no_spread() {
        let c = [3.0, -2.0, 0.5, 0.0];
        let d = sample(4, 10, 6, 3).unwrap();
        let y = evaluate(&d, |x| x.iter().zip(&c).map(|(x, c)| x * c).sum());
        for (ix, c) in analyze(&d, &y, 200, 1).unwrap().iter().zip(c) {
            assert!((ix.mu - c).abs() < 1e-9, "{ix:?} {c}");
            assert!((ix.mu_star - c.abs()).abs() < 1e-9);
            assert!(ix.sigma < 1e-9);
            assert!(ix.mu_star_lo <= ix.mu_star + 1e-12 && ix.mu_star <= ix.mu_star_hi + 1e-12);
        }
    }

    #[test]
    fn inputs_that_do_nothing_rank_last_with_no_effect() {
        // Inputs 0, 3 and 5 are inert; the others act through a sine, a square and an
        // interaction, so their effects vary from trajectory to trajectory.
        let f = |x: &[f64]| {
            (2.0 * PI * x[1]).sin() + 4.0 * x[2] * x[2] + 3.0 * x[4] * x[6] + 0.5 * x[6]
        };
        let d = sample(7, 20, 4, 11).unwrap();
        let ix = analyze(&d, &evaluate(&d, f), 500, 2).unwrap();
        let order = ranking(&ix);
        let mut last: Vec<usize> = order[4..].to_vec();
        last.sort_unstable();
        assert_eq!(last, vec![0, 3, 5], "{order:?} {ix:?}");
        for i in [0, 3, 5] {
            assert_eq!(
                (ix[i].mu_star, ix[i].mu_star_hi, ix[i].sigma),
                (0.0, 0.0, 0.0)
            );
        }
        for i in [1, 2, 4, 6] {
            assert!(ix[i].mu_star_lo > 0.0, "input {i}: {:?}", ix[i]);
        }
        assert!(ix[4].sigma > 0.0, "an interaction spreads the effects");
    }

    #[test]
    fn the_sobol_g_function_ranks_inputs_by_their_coefficients() {
        // g(x) = prod (|4x - 2| + a) / (1 + a): the smaller a, the more the input matters.
        let a = [99.0, 0.0, 9.0, 1.0, 99.0, 4.5];
        let g = |x: &[f64]| {
            x.iter()
                .zip(&a)
                .map(|(x, a)| ((4.0 * x - 2.0).abs() + a) / (1.0 + a))
                .product::<f64>()
        };
        let d = sample(6, 50, 8, 5).unwrap();
        let order = ranking(&analyze(&d, &evaluate(&d, g), 0, 0).unwrap());
        assert_eq!(&order[..4], &[1, 3, 5, 2], "{order:?}");
    }
}
