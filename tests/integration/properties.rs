//! Property tests over random seeds and perturbed scenarios: bounds and determinism.

use crate::common::*;
use detente_model::Scenario;
use proptest::prelude::*;
use std::sync::Arc;

/// The scenario with every initial trust and paranoia shifted (and clamped).
pub(crate) fn perturbed(base: &Scenario, trust: f64, paranoia: f64) -> Arc<Scenario> {
    let mut sc = base.clone();
    let n = sc.actors.len();
    for (k, a) in sc.actors.iter_mut().enumerate() {
        for j in 0..n {
            let j = detente_model::ActorId(j as u16);
            if j.index() != k {
                let t = (a.trust[j] + trust).clamp(0.0, 1.0);
                a.trust.set(j, t);
            }
        }
        a.paranoia = (a.paranoia + paranoia).clamp(0.0, 1.0);
    }
    Arc::new(sc)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn trust_paranoia_and_positions_stay_in_range(
        seed in any::<u64>(),
        which in 0..SHIPPED.len(),
        trust in -0.5f64..0.5,
        paranoia in -0.5f64..0.5,
    ) {
        let sc = perturbed(&scenario(SHIPPED[which]), trust, paranoia);
        let rec = detente_model::sim::run(Arc::clone(&sc), seed);
        for round in &rec.rounds {
            for s in &round.states {
                prop_assert!(s.trust.values().all(|t| (0.0..=1.0).contains(&t)), "trust {:?}", s.trust);
                prop_assert!((0.0..=1.0).contains(&s.paranoia));
                if let Some(p) = &s.proposal {
                    for (x, issue) in p.iter().zip(&sc.issues) {
                        prop_assert!(*x >= issue.min && *x <= issue.max, "{} = {x}", issue.id);
                    }
                }
            }
        }
        for (x, issue) in rec.equilibrium.positions.iter().zip(&sc.issues) {
            prop_assert!(*x >= issue.min && *x <= issue.max);
        }
    }

    #[test]
    fn tokio_equals_plain_for_any_seed(seed in any::<u64>(), threads in 1usize..6) {
        let sc = scenario("lend-lease-continues");
        let plain = detente_model::sim::run(Arc::clone(&sc), seed);
        let options = detente_runtime::RunOptions { threads, ..detente_runtime::RunOptions::new(seed) };
        let tokio = detente_runtime::run(Arc::clone(&sc), &options).unwrap();
        prop_assert!(plain == tokio);
    }
}
