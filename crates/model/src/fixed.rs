//! Numbers with a fixed count of decimals, written as `format!("{x:.2}")` writes them but
//! without the formatting machinery (a result of millions of messages writes millions).

use std::fmt::Write;

/// Append `x` with `decimals` digits after the point (at most 4), byte for byte as
/// `write!(out, "{x:.decimals$}")` does: the exact binary value rounded to nearest, a tie
/// to even.
///
/// Scaled by a power of ten in floating point, a value below 2^30 is off by less than half
/// the distance between two numbers near it, so it lies on the same side of the half
/// between two candidates as the exact value, unless it is the half itself; then the
/// rounding error of the product, computed exactly with a fused multiply-add, decides.
/// Large and non-finite values go to the standard library.
pub(crate) fn write_fixed(out: &mut String, x: f64, decimals: usize) {
    const SCALES: [f64; 5] = [1.0, 10.0, 100.0, 1000.0, 10000.0];
    const POWERS: [u64; 5] = [1, 10, 100, 1000, 10000];
    if let (Some(&scale), Some(&p)) = (SCALES.get(decimals), POWERS.get(decimals)) {
        let a = x.abs();
        let y = a * scale;
        if y < (1u64 << 30) as f64 {
            let floor = y.floor();
            let half = floor + 0.5;
            let up = if y != half {
                y > half
            } else {
                // `a * scale` is exactly `y + error`.
                let error = a.mul_add(scale, -y);
                if error != 0.0 {
                    error > 0.0
                } else {
                    floor % 2.0 == 1.0
                }
            };
            let n = floor as u64 + u64::from(up);
            let mut text = [0u8; 24];
            let mut k = text.len();
            let mut push = |b: u8| {
                k -= 1;
                text[k] = b;
            };
            let (mut whole, mut part) = (n / p, n % p);
            for _ in 0..decimals {
                push(b'0' + (part % 10) as u8);
                part /= 10;
            }
            if decimals > 0 {
                push(b'.');
            }
            loop {
                push(b'0' + (whole % 10) as u8);
                whole /= 10;
                if whole == 0 {
                    break;
                }
            }
            if x.is_sign_negative() {
                push(b'-');
            }
            // Only ASCII digits, a point and a sign were written.
            out.push_str(std::str::from_utf8(&text[k..]).unwrap_or_default());
            return;
        }
    }
    // Writing to a String cannot fail.
    let _ = write!(out, "{x:.decimals$}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn check(x: f64) {
        for decimals in 0..=4 {
            let mut fast = String::new();
            write_fixed(&mut fast, x, decimals);
            assert_eq!(fast, format!("{x:.decimals$}"), "{x:e} to {decimals}");
        }
    }

    #[test]
    fn edge_cases_match_the_standard_library() {
        let specials = [
            0.0,
            -0.0,
            f64::NAN,
            -f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
            f64::MAX,
            f64::MIN,
            1e-300,
            -1e-300,
            0.001,
            -0.001,
            0.995,
            0.9949999999,
            9.995,
            99.95,
            1e9,
            1073741823.999,
            1073741824.5,
            5e15,
        ];
        for x in specials {
            check(x);
        }
        // Ties and their neighbours at every scale: k/2 of a unit in the last decimal,
        // exactly representable or not, and one step either side.
        for k in -5_000i64..5_000 {
            for decimals in 0..=4 {
                let x = k as f64 / (2.0 * 10f64.powi(decimals));
                check(x);
                check(f64::from_bits(x.to_bits() + 1));
                check(f64::from_bits(x.to_bits().saturating_sub(1)));
            }
        }
    }

    proptest! {
        #[test]
        fn any_number_matches_the_standard_library(bits in any::<u64>()) {
            check(f64::from_bits(bits));
        }

        #[test]
        fn positions_and_trust_match_the_standard_library(x in -200.0f64..200.0) {
            check(x);
        }
    }
}
