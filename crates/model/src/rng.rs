//! Seeded, portable randomness: one ChaCha stream per actor, derived from seed and id.

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

/// A portable generator; the same seed and name give the same numbers on every platform.
#[derive(Clone, Debug)]
pub struct SimRng(ChaCha8Rng);

impl SimRng {
    /// The generator for `name` (an actor id, or `#clock`) under the scenario `seed`.
    pub fn new(seed: u64, name: &str) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(fnv1a(name.as_bytes()));
        Self(rng)
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
}
