//! Seeded, portable randomness: one ChaCha stream per actor, derived from seed and id.

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

/// Mixed into the seed of event streams (the FNV-1a hash of "event").
const EVENT_KEY: u64 = 0x112b_8c00_79b0_649f;

/// A portable generator; the same seed and name give the same numbers on every platform.
#[derive(Clone, Debug)]
pub struct SimRng(ChaCha8Rng);

impl SimRng {
    /// The generator of the actor `id` under the scenario `seed`.
    pub fn new(seed: u64, id: &str) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(fnv1a(id.as_bytes()));
        Self(rng)
    }

    /// The generator of the event `id` under the scenario `seed`: keyed apart from every
    /// actor's (another key, not another name), so no actor id can share an event's draws.
    pub fn for_event(seed: u64, id: &str) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ EVENT_KEY);
        rng.set_stream(fnv1a(id.as_bytes()));
        Self(rng)
    }

    /// Move to the draws reserved for `round`: every round has its own block of the
    /// stream, so the draws of round r are the same whatever was drawn in earlier rounds.
    /// Two runs of a scenario that differ in one parameter then share their random numbers
    /// round by round (common random numbers), which keeps response curves smooth.
    pub fn at_round(&mut self, round: u32) {
        // 1,024 32-bit words (512 draws) per round.
        self.0.set_word_pos((round as u128) << 10);
    }

    /// A uniform draw in [0, 1).
    pub fn uniform(&mut self) -> f64 {
        // 53 random bits scaled to [0, 1): exact and platform independent.
        (self.0.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

/// FNV-1a, a stable 64-bit hash (std's hasher is not guaranteed stable across releases).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ *b as u64).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_and_name_same_stream_different_names_differ() {
        let a: Vec<f64> = (0..4)
            .map(|_| 0.0)
            .scan(SimRng::new(7, "stalin"), |r, _| Some(r.uniform()))
            .collect();
        let b: Vec<f64> = (0..4)
            .map(|_| 0.0)
            .scan(SimRng::new(7, "stalin"), |r, _| Some(r.uniform()))
            .collect();
        let c: Vec<f64> = (0..4)
            .map(|_| 0.0)
            .scan(SimRng::new(7, "truman"), |r, _| Some(r.uniform()))
            .collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert!(a.iter().all(|u| (0.0..1.0).contains(u)));
    }

    #[test]
    fn a_round_draws_the_same_numbers_whatever_came_before() {
        let mut a = SimRng::new(7, "stalin");
        let mut b = SimRng::new(7, "stalin");
        a.at_round(3);
        b.at_round(1);
        for _ in 0..5 {
            b.uniform();
        }
        b.at_round(3);
        assert_eq!(a.uniform(), b.uniform());
        a.at_round(4);
        let next = a.uniform();
        b.at_round(3);
        assert_ne!(b.uniform(), next);
    }
}
