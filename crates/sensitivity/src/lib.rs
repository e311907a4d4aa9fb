//! Global sensitivity analysis: which inputs of a model move its output, and how much.
//!
//! Two methods, each a pair of pure functions: a *sample* that says where to evaluate the
//! model (points in the unit hypercube, one coordinate per input), and an *analysis* that
//! turns the outputs at those points into indices.
//!
//! - [`morris`]: elementary effects over r one-at-a-time trajectories on a p-level grid
//!   (Morris 1991, with Campolongo et al. 2007's mu*): cheap screening of many inputs.
//! - [`sobol`]: Saltelli's sampling on an Owen-scrambled Sobol sequence, first-order
//!   indices by Saltelli et al. (2010) and total indices by Jansen (1999): a variance
//!   decomposition of a few inputs.
//!
//! Both give bootstrap 95% intervals ([`bootstrap`]). The crate knows nothing of detente's
//! scenarios: the caller maps unit coordinates to parameter values and runs the model.
#![warn(missing_docs)]

pub mod bootstrap;
pub mod morris;
pub mod sobol;

/// Why a sample cannot be drawn or an analysis made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SensitivityError {
    /// The sample's sizes are out of bounds (inputs, trajectories, levels, base samples).
    #[error("{0}")]
    Design(String),
    /// The outputs do not fit the design: wrong count, or a value that is not a number.
    #[error("{0}")]
    Outputs(String),
    /// The output is the same at every point: there is no variance to attribute.
    #[error("the output is the same at every point ({0}); there is no variance to attribute")]
    Constant(f64),
}

/// Input positions ordered by `key`, largest first; ties keep input order, so a ranking is
/// reproducible.
pub fn rank_by(values: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]));
    order
}

fn check_outputs(y: &[f64], expected: usize) -> Result<(), SensitivityError> {
    if y.len() != expected {
        return Err(SensitivityError::Outputs(format!(
            "{} outputs for a design of {expected} points",
            y.len()
        )));
    }
    if let Some(k) = y.iter().position(|v| !v.is_finite()) {
        return Err(SensitivityError::Outputs(format!(
            "the output at point {k} is {}, not a finite number",
            y[k]
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranking_is_descending_and_stable_on_ties() {
        assert_eq!(rank_by(&[0.1, 0.5, 0.0, 0.5]), vec![1, 3, 0, 2]);
    }
}
