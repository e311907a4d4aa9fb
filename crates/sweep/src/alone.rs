//! How the model alone ends over seeds 1 to N: the distribution a game (`detente play`,
//! the explorer's seat) is compared with.

use detente_model::record::EquilibriumReason;
use detente_model::{Recording, Scenario};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Model-only runs of a scenario on seeds 1 to `runs`, counted by outcome and by way of
/// ending.
#[derive(Clone, Debug, PartialEq)]
pub struct Alone {
    /// Runs (seeds 1 to `runs`).
    pub runs: u64,
    /// Runs per outcome label: the scenario's labels in its order (each, reached or not),
    /// then any other label reached, by name.
    pub outcomes: Vec<(String, u64)>,
    /// Runs per way of ending (settlement, breakdown, deadlock, horizon), each listed.
    pub reasons: Vec<(String, u64)>,
}

const REASONS: [EquilibriumReason; 4] = [
    EquilibriumReason::Settlement,
    EquilibriumReason::Breakdown,
    EquilibriumReason::Deadlock,
    EquilibriumReason::Horizon,
];

impl Alone {
    /// Run the model alone (the plain executor, final state only) on seeds 1 to `runs`,
    /// on `threads` threads; the counts do not depend on the threads.
    pub fn of(sc: &Arc<Scenario>, runs: u64, threads: usize) -> Self {
        let threads = threads.max(1) as u64;
        let per_thread: Vec<Vec<(String, EquilibriumReason)>> = std::thread::scope(|s| {
            let workers: Vec<_> = (0..threads)
                .map(|w| {
                    let sc = Arc::clone(sc);
                    s.spawn(move || {
                        (1..=runs)
                            .filter(|seed| seed % threads == w)
                            .map(|seed| {
                                let rec = detente_model::sim::run_recording(
                                    Arc::clone(&sc),
                                    seed,
                                    Recording::Final,
                                    |_| {},
                                );
                                (rec.equilibrium.outcome, rec.equilibrium.reason)
                            })
                            .collect()
                    })
                })
                .collect();
            workers
                .into_iter()
                .map(|w| w.join().unwrap_or_default())
                .collect()
        });
        Self::count(sc, runs, per_thread.iter().flatten())
    }

    fn count<'a>(
        sc: &Scenario,
        runs: u64,
        ends: impl Iterator<Item = &'a (String, EquilibriumReason)>,
    ) -> Self {
        let mut by_outcome: BTreeMap<&str, u64> = BTreeMap::new();
        let mut by_reason = [0u64; REASONS.len()];
        for (outcome, reason) in ends {
            *by_outcome.entry(outcome).or_default() += 1;
            if let Some(k) = REASONS.iter().position(|r| r == reason) {
                by_reason[k] += 1;
            }
        }
        let mut outcomes: Vec<(String, u64)> = sc
            .outcomes
            .iter()
            .map(|o| {
                (
                    o.label.clone(),
                    by_outcome.remove(o.label.as_str()).unwrap_or(0),
                )
            })
            .collect();
        outcomes.extend(by_outcome.into_iter().map(|(l, n)| (l.to_string(), n)));
        Self {
            runs,
            outcomes,
            reasons: REASONS
                .iter()
                .zip(by_reason)
                .map(|(r, n)| (r.as_str().to_string(), n))
                .collect(),
        }
    }

    /// Runs that ended in a settlement.
    pub fn settled(&self) -> u64 {
        self.reason(EquilibriumReason::Settlement)
    }

    /// Runs that ended in `reason`.
    pub fn reason(&self, reason: EquilibriumReason) -> u64 {
        self.reasons
            .iter()
            .find(|(r, _)| r == reason.as_str())
            .map_or(0, |r| r.1)
    }

    /// Runs that ended in the outcome `label`.
    pub fn outcome(&self, label: &str) -> u64 {
        self.outcomes
            .iter()
            .find(|(l, _)| l == label)
            .map_or(0, |o| o.1)
    }
}
