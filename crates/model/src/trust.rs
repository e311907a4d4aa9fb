//! Trust and paranoia dynamics: evidence moves trust, paranoia damps gains and amplifies losses.

use crate::params::*;

/// Trust after seeing a concession of `c` (in the observer's utility; negative is a
/// retreat): gains are damped by paranoia, losses amplified by it. Stays in [0, 1].
pub fn after_concession(trust: f64, c: f64, paranoia: f64, learning: f64) -> f64 {
    let delta = if c >= 0.0 {
        TRUST_GAIN * learning * c * (1.0 - paranoia)
    } else {
        TRUST_LOSS * learning * c * (1.0 + paranoia)
    };
    (trust + delta).clamp(0.0, 1.0)
}

/// Trust after a shift of `delta` that is good news (damped) or bad news (amplified).
pub fn after_news(trust: f64, delta: f64, paranoia: f64, learning: f64) -> f64 {
    let scaled = if delta >= 0.0 {
        delta * learning * (1.0 - paranoia)
    } else {
        delta * learning * (1.0 + paranoia)
    };
    (trust + scaled).clamp(0.0, 1.0)
}

/// Paranoia one round later: it drifts back toward its dispositional baseline.
pub fn paranoia_drift(paranoia: f64, baseline: f64) -> f64 {
    (paranoia + PARANOIA_DRIFT * (baseline - paranoia)).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paranoia_damps_gains_and_amplifies_losses() {
        let calm = after_concession(0.5, 0.1, 0.1, 1.0) - 0.5;
        let fearful = after_concession(0.5, 0.1, 0.9, 1.0) - 0.5;
        assert!(calm > fearful && fearful > 0.0);
        let calm_loss = 0.5 - after_concession(0.5, -0.1, 0.1, 1.0);
        let fearful_loss = 0.5 - after_concession(0.5, -0.1, 0.9, 1.0);
        assert!(fearful_loss > calm_loss && calm_loss > 0.0);
    }

    #[test]
    fn fast_learners_move_further() {
        assert!(after_news(0.4, 0.1, 0.3, 2.0) > after_news(0.4, 0.1, 0.3, 1.0));
    }

    #[test]
    fn trust_and_paranoia_stay_in_bounds() {
        assert_eq!(after_concession(0.99, 10.0, 0.0, 3.0), 1.0);
        assert_eq!(after_concession(0.01, -10.0, 1.0, 3.0), 0.0);
        let mut p = 1.0;
        for _ in 0..100 {
            p = paranoia_drift(p, 0.3);
        }
        assert!((p - 0.3).abs() < 1e-3);
    }
}
