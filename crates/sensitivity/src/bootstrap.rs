//! Bootstrap percentile intervals: resample with replacement, recompute, take the 2.5% and
//! 97.5% quantiles.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Resamples used unless a caller asks for another number.
pub const DEFAULT_RESAMPLES: usize = 1000;

/// A deterministic generator for resampling (the same seed, the same intervals).
pub fn rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// `n` indices drawn with replacement from `0..n`, into `out`.
pub fn resample(rng: &mut ChaCha8Rng, n: usize, out: &mut Vec<usize>) {
    out.clear();
    out.extend((0..n).map(|_| rng.random_range(0..n)));
}

/// The 95% percentile interval of `estimates` (sorted in place); NaNs are left out.
pub fn interval(estimates: &mut Vec<f64>) -> (f64, f64) {
    estimates.retain(|x| !x.is_nan());
    if estimates.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    estimates.sort_by(f64::total_cmp);
    (quantile(estimates, 0.025), quantile(estimates, 0.975))
}

/// The q-quantile of sorted values, interpolating linearly between order statistics.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    let h = q.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate_between_order_statistics() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile(&v, 0.0), 1.0);
        assert_eq!(quantile(&v, 0.5), 3.0);
        assert_eq!(quantile(&v, 0.625), 3.5);
        assert_eq!(quantile(&v, 1.0), 5.0);
    }

    #[test]
    fn the_interval_of_a_mean_covers_it_and_shrinks_with_n() {
        let width = |n: usize| {
            let data: Vec<f64> = (0..n).map(|k| (k % 7) as f64).collect();
            let mut rng = rng(1);
            let mut idx = Vec::new();
            let mut means: Vec<f64> = (0..500)
                .map(|_| {
                    resample(&mut rng, n, &mut idx);
                    idx.iter().map(|&i| data[i]).sum::<f64>() / n as f64
                })
                .collect();
            let mean = data.iter().sum::<f64>() / n as f64;
            let (lo, hi) = interval(&mut means);
            assert!(lo <= mean && mean <= hi, "{lo} {mean} {hi}");
            hi - lo
        };
        assert!(width(4000) < width(250) / 2.0);
    }
}
