//! Aspiration over time: Boulware, Conceder and Linear in the Genius convention.

use crate::actor::Strategy;

/// F(t) = k + (1 - k) t^(1/e): the share of the way from best to reservation conceded at
/// (effective) time t in [0, 1].
pub fn concession(strategy: &Strategy, t: f64) -> f64 {
    let t = t.clamp(0.0, 1.0);
    strategy.k + (1.0 - strategy.k) * t.powf(1.0 / strategy.e)
}

/// The target utility at time t: reservation + (best - reservation) (1 - F(t)).
pub fn aspiration(strategy: &Strategy, t: f64, best: f64, reservation: f64) -> f64 {
    reservation + (best - reservation) * (1.0 - concession(strategy, t))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actor::StrategyKind;

    fn s(kind: StrategyKind, e: f64) -> Strategy {
        Strategy { kind, e, k: 0.0 }
    }

    #[test]
    fn boulware_holds_out_and_conceder_gives_early() {
        let boulware = s(StrategyKind::Boulware, 0.2);
        let linear = s(StrategyKind::Linear, 1.0);
        let conceder = s(StrategyKind::Conceder, 3.0);
        for t in [0.1, 0.3, 0.5, 0.7, 0.9] {
            let (b, l, c) = (
                aspiration(&boulware, t, 1.0, 0.5),
                aspiration(&linear, t, 1.0, 0.5),
                aspiration(&conceder, t, 1.0, 0.5),
            );
            assert!(b > l && l > c, "at t={t}: {b} {l} {c}");
        }
    }

    #[test]
    fn every_strategy_starts_at_best_and_ends_at_reservation() {
        for st in [
            s(StrategyKind::Boulware, 0.2),
            s(StrategyKind::Conceder, 2.0),
        ] {
            assert!((aspiration(&st, 0.0, 1.0, 0.4) - 1.0).abs() < 1e-12);
            assert!((aspiration(&st, 1.0, 1.0, 0.4) - 0.4).abs() < 1e-12);
            // Time past the end changes nothing.
            assert!((aspiration(&st, 1.7, 1.0, 0.4) - 0.4).abs() < 1e-12);
        }
    }
}
