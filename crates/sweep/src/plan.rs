//! A sweep's plan: scenario, design, runs and shard; which run gets which seed.

use crate::SweepError;
use crate::design::Design;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Everything that defines a sweep; two sweeps with equal plans produce equal rows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Plan {
    /// The scenario as given (a path or a built-in name).
    pub scenario: String,
    /// `--set` overrides applied to every configuration.
    pub sets: Vec<String>,
    /// The configurations.
    pub design: Design,
    /// Runs per configuration.
    pub runs: u64,
    /// First seed; `None` starts each configuration at its scenario's own seed.
    pub seed_start: Option<u64>,
    /// This sweep's slice: `(k, n)` runs the k-th (from 1) of n slices.
    pub shard: Option<(u64, u64)>,
}

/// One run of a sweep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Job {
    /// Index over the whole sweep: configuration * runs + r.
    pub run: u64,
    /// Configuration.
    pub config: usize,
    /// Seed.
    pub seed: u64,
}

/// Parse `K/N` (1 <= K <= N).
pub fn parse_shard(s: &str) -> Result<(u64, u64), String> {
    let bad = || format!("--shard {s}: expected K/N with 1 <= K <= N, e.g. 2/4");
    let (k, n) = s.split_once('/').ok_or_else(bad)?;
    let k: u64 = k.trim().parse().map_err(|_| bad())?;
    let n: u64 = n.trim().parse().map_err(|_| bad())?;
    if k == 0 || n == 0 || k > n {
        return Err(bad());
    }
    Ok((k, n))
}

/// The last seed of `runs` runs from `base`, or why the seeds do not fit in 64 bits;
/// `from` says where `base` came from (`--seed-start` or the scenario's seed).
pub fn last_seed(base: u64, runs: u64, from: &str) -> Result<u64, SweepError> {
    base.checked_add(runs.saturating_sub(1)).ok_or_else(|| {
        SweepError::Input(format!(
            "{from} {base} with --runs {runs}: the seeds would pass {}; start at {} at most",
            u64::MAX,
            u64::MAX - (runs - 1)
        ))
    })
}

impl Plan {
    /// Runs in the whole sweep (all shards).
    pub fn total(&self) -> u64 {
        self.design.len() as u64 * self.runs
    }

    /// Whether run `run` belongs to this sweep's shard. Slices interleave, so every shard
    /// gets a fair share of every configuration.
    pub fn in_shard(&self, run: u64) -> bool {
        self.shard.is_none_or(|(k, n)| run % n == k - 1)
    }

    /// How many runs this sweep's shard has.
    pub fn runs_in_shard(&self) -> u64 {
        match self.shard {
            None => self.total(),
            Some((k, n)) => self.total().saturating_sub(k - 1).div_ceil(n),
        }
    }

    /// The run index of the `k`-th run (from 0) of this sweep's shard.
    pub fn shard_run(&self, k: u64) -> u64 {
        match self.shard {
            None => k,
            Some((shard, n)) => k * n + (shard - 1),
        }
    }

    /// The job of run index `run`; `bases` holds each configuration's first seed.
    pub fn job(&self, run: u64, bases: &[u64]) -> Job {
        let config = (run / self.runs) as usize;
        let r = run % self.runs;
        Job {
            run,
            config,
            seed: bases[config].wrapping_add(r),
        }
    }

    /// Check the sizes.
    pub fn validate(&self) -> Result<(), SweepError> {
        if self.runs == 0 {
            return Err(SweepError::Input("--runs must be at least 1".into()));
        }
        if self.design.len() as u128 * self.runs as u128 > 1_000_000_000_000 {
            return Err(SweepError::Input(
                "the sweep has more than 10^12 runs".into(),
            ));
        }
        Ok(())
    }

    /// Same sweep, ignoring the shard: what shards of one sweep must share.
    pub fn same_sweep(&self, other: &Plan) -> bool {
        Plan {
            shard: None,
            ..self.clone()
        } == Plan {
            shard: None,
            ..other.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_are_disjoint_and_cover_the_sweep() {
        let plan = |shard| Plan {
            scenario: "otl".into(),
            sets: vec![],
            design: Design::factorial(&[crate::design::parse_vary("a=1,2,3").unwrap()]).unwrap(),
            runs: 7,
            seed_start: Some(1),
            shard,
        };
        let whole = plan(None);
        let mut seen = vec![0; whole.total() as usize];
        for k in 1..=4 {
            let p = plan(Some((k, 4)));
            for run in 0..p.total() {
                if p.in_shard(run) {
                    seen[run as usize] += 1;
                }
            }
        }
        assert!(seen.iter().all(|&c| c == 1));
        for k in 1..=4 {
            let p = plan(Some((k, 4)));
            let listed: Vec<u64> = (0..p.runs_in_shard()).map(|i| p.shard_run(i)).collect();
            let expected: Vec<u64> = (0..p.total()).filter(|r| p.in_shard(*r)).collect();
            assert_eq!(listed, expected);
        }
        let j = whole.job(9, &[1, 100, 1000]);
        assert_eq!((j.config, j.seed), (1, 102));
        assert!(
            parse_shard("0/4").is_err()
                && parse_shard("5/4").is_err()
                && parse_shard("2/4").is_ok()
        );
    }
}
