//! The concession path: packages from the ideal toward the other side's position, and the
//! bisection for the furthest of them still worth a target, most of whose steps a closed
//! form of the path's worth decides without judging a package.

use crate::utility::ExpectedUtility;
use smallvec::SmallVec;

/// The path's legs, one per issue, on the stack for the usual handful of issues.
pub(super) type Legs = SmallVec<[Leg; 8]>;

/// One issue's leg of the path from the ideal toward the other side's position, with all
/// but the distance along the path computed once for a whole bisection.
#[derive(Clone, Copy, Debug)]
pub(super) struct Leg {
    pub(super) ideal: f64,
    /// The number of issues times the issue's salience: low salience, early concession.
    pub(super) scale: f64,
    /// From the ideal to the other side's position.
    pub(super) span: f64,
    pub(super) min: f64,
    pub(super) max: f64,
}

impl Leg {
    /// The position at `s` along the path.
    pub(super) fn at(&self, s: f64) -> f64 {
        let share = (s / self.scale).min(1.0);
        (self.ideal + share * self.span).clamp(self.min, self.max)
    }
}

/// What `eu` makes of the package at `s` along the path.
pub(super) fn worth(eu: &ExpectedUtility, legs: &[Leg], s: f64) -> f64 {
    eu.of_each(legs.iter().map(|leg| leg.at(s)))
}

/// The furthest `s` in [0, `hi`] whose package is still worth `target` by `eu`, to forty
/// halvings: exactly where forty halvings judging every midpoint end, since each step's
/// answer is either that judgement or one the closed form proves the judgement would give.
pub(super) fn furthest(eu: &ExpectedUtility, legs: &[Leg], target: f64, hi: f64) -> f64 {
    let closed = Closed::new(eu, legs);
    let (yes, no) = closed
        .as_ref()
        .map_or((f64::NEG_INFINITY, f64::INFINITY), |c| c.settled(target));
    halve(
        |s| {
            if s <= yes {
                true
            } else if s >= no {
                false
            } else {
                worth(eu, legs, s) >= target
            }
        },
        hi,
    )
}

/// Forty halvings of [0, `hi`] toward the furthest `s` where `reaches(s)` holds.
fn halve(reaches: impl Fn(f64) -> bool, hi: f64) -> f64 {
    let (mut lo, mut hi) = (0.0, hi);
    for _ in 0..40 {
        let mid = (lo + hi) / 2.0;
        if reaches(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo
}

/// The worth along the path in exact arithmetic. An issue's position moves from the ideal
/// at `rate` per unit of `s` until it reaches the other side's position or the end of the
/// range, `cap` away, so the package at `s` is worth W(s) = top - sum_i k_i min(s rate_i,
/// cap_i), piecewise linear and never rising (every k, rate and cap is at least 0). The
/// judge's floating-point worth, and this form's own floating-point value, differ from W
/// by a few units in the last place of `size`; `margin` is a thousand times that or more. So
/// wherever the form is more than `margin` from the target, it says on which side of the
/// target the judge's worth falls, and only the last few halvings, within a hair of the
/// target, need the judge.
#[derive(Debug)]
struct Closed {
    top: f64,
    parts: SmallVec<[Part; 8]>,
    margin: f64,
}

/// One issue's part of [`Closed`]: its worth falls by `k` per unit of distance moved.
#[derive(Clone, Copy, Debug)]
struct Part {
    k: f64,
    rate: f64,
    cap: f64,
}

impl Closed {
    /// The closed form of the path `legs` judged by `eu`, or `None` where its premises do
    /// not hold (the path starts outside an issue's range or off the judge's ideal, a
    /// salience or trust below 0, an empty range, a value not finite): then every step
    /// is judged.
    fn new(eu: &ExpectedUtility, legs: &[Leg]) -> Option<Self> {
        let terms = eu.terms();
        if terms.len() != legs.len() {
            return None;
        }
        let (mut top, mut size) = (0.0, 0.0);
        let mut parts: SmallVec<[Part; 8]> = SmallVec::new();
        for (leg, t) in legs.iter().zip(terms) {
            let premises = leg.ideal == t.ideal
                && leg.min <= leg.ideal
                && leg.ideal <= leg.max
                && leg.scale > 0.0
                && t.salience >= 0.0
                && t.trust >= 0.0
                && t.range > 0.0;
            if !premises {
                return None;
            }
            let room = if leg.span > 0.0 {
                leg.max - leg.ideal
            } else {
                leg.ideal - leg.min
            };
            parts.push(Part {
                k: t.salience * t.trust / t.range,
                rate: leg.span.abs() / leg.scale,
                cap: leg.span.abs().min(room),
            });
            top += t.salience * (t.trust + t.broken);
            // Bounds every magnitude the judge's arithmetic meets on this issue.
            let reach =
                (leg.ideal.abs() + leg.span.abs() + leg.min.abs() + leg.max.abs()) / t.range;
            size += t.salience * (t.trust * (1.0 + reach) + t.broken.abs());
        }
        // 2^-40 of size for each issue and one more: 8,192 (n + 1) times the rounding of
        // one operation (at most 2^-53 of its magnitude), where the judge's sum and the
        // form together take some 14 + 3n operations' worth, so about a thousand times
        // their whole error for one issue and more for several.
        let margin = (legs.len() + 1) as f64 * size * (-40f64).exp2();
        let finite = top.is_finite()
            && margin.is_finite()
            && parts
                .iter()
                .all(|p| p.k.is_finite() && p.rate.is_finite() && p.cap.is_finite());
        finite.then_some(Self { top, parts, margin })
    }

    /// The closed form's value at `s`.
    fn at(&self, s: f64) -> f64 {
        self.parts
            .iter()
            .fold(self.top, |w, p| w - p.k * (s * p.rate).min(p.cap))
    }

    /// Whether the judge's worth at `s` reaches `target`, where the closed form settles
    /// it.
    fn reaches(&self, s: f64, target: f64) -> Option<bool> {
        let w = self.at(s);
        if w - target > self.margin {
            Some(true)
        } else if target - w > self.margin {
            Some(false)
        } else {
            None
        }
    }

    /// Two distances along the path: at or before the first, the judge's worth reaches
    /// `target`; at or after the second, it does not (minus and plus infinity where
    /// nothing is settled). Each is the form's crossing of a level just off the target,
    /// checked at that point: since W never rises, the check holds for every point
    /// before it (after it).
    fn settled(&self, target: f64) -> (f64, f64) {
        // Just past the margin, so that the judge is left only the steps the form cannot
        // settle.
        let off = 1.1 * self.margin;
        let [yes, no] = self.crossings([target + off, target - off]);
        let yes = if yes.is_finite() && self.reaches(yes, target) == Some(true) {
            yes
        } else {
            f64::NEG_INFINITY
        };
        let no = if no.is_finite() && self.reaches(no, target) == Some(false) {
            no
        } else {
            f64::INFINITY
        };
        (yes, no)
    }

    /// About where W falls to each of `levels` (infinity if it never does): first guesses
    /// that [`Closed::settled`] checks, so rounding here costs speed, never the answer.
    fn crossings(&self, levels: [f64; 2]) -> [f64; 2] {
        // The issues in the order they reach their caps; W is linear in between.
        let mut moving: SmallVec<[Part; 8]> = self
            .parts
            .iter()
            .copied()
            .filter(|p| p.rate > 0.0 && p.cap > 0.0)
            .collect();
        moving.sort_by(|a, b| (a.cap / a.rate).total_cmp(&(b.cap / b.rate)));
        levels.map(|level| self.crossing(&moving, level))
    }

    /// Where W falls to `level`, walking the issues `moving` in the order they reach
    /// their caps.
    fn crossing(&self, moving: &[Part], level: f64) -> f64 {
        let mut base = self.top;
        let mut slope: f64 = moving.iter().map(|p| p.k * p.rate).sum();
        let mut from = 0.0;
        for p in moving {
            let end = p.cap / p.rate;
            if base - slope * end <= level {
                return if slope > 0.0 {
                    ((base - level) / slope).max(from)
                } else {
                    from
                };
            }
            base -= p.k * p.cap;
            slope = (slope - p.k * p.rate).max(0.0);
            from = end;
        }
        if base <= level { from } else { f64::INFINITY }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::issue::Issue;
    use crate::rng::SimRng;

    fn issue(min: f64, max: f64) -> Issue {
        Issue {
            id: "i".into(),
            name: "i".into(),
            min,
            max,
            status_quo: min,
            format: "{}".into(),
            waypoints: vec![],
            keepers: vec![],
        }
    }

    /// Forty halvings judging every midpoint: what [`furthest`] must give bit for bit.
    fn judged(eu: &ExpectedUtility, legs: &[Leg], target: f64, hi: f64) -> f64 {
        halve(|s| worth(eu, legs, s) >= target, hi)
    }

    /// A random path and judge: ranges from narrow to wide, ideals at and inside the ends,
    /// spans that stop short, reach or overshoot the range, zero spans and zero trust.
    fn case(rng: &mut SimRng) -> (ExpectedUtility, Legs, f64) {
        let n = 1 + (rng.uniform() * 5.0) as usize;
        // One of `xs`, where NAN stands for a fresh uniform draw.
        let pick = |rng: &mut SimRng, xs: &[f64]| {
            let x = xs[(rng.uniform() * xs.len() as f64) as usize];
            if x.is_nan() { rng.uniform() } else { x }
        };
        let mut issues = Vec::new();
        let (mut ideal, mut salience, mut d, mut trust) = (vec![], vec![], vec![], vec![]);
        let mut legs = Legs::new();
        for _ in 0..n {
            let min = pick(rng, &[0.0, -3.0, 100.0]);
            let range = pick(rng, &[1.0, 10.0, 0.05, 7.3]);
            let is = issue(min, min + range);
            let x = pick(rng, &[0.0, 1.0, f64::NAN]);
            let at = min + x * range;
            let span = range * (2.0 * pick(rng, &[0.5, 1.0, 0.0, 1.35, -0.75, f64::NAN]) - 1.0);
            salience.push(pick(rng, &[0.0, 1.0, f64::NAN]));
            trust.push(pick(rng, &[0.0, 1.0, f64::NAN]));
            d.push(min + rng.uniform() * range);
            ideal.push(at);
            legs.push(Leg {
                ideal: at,
                scale: n as f64 * salience[salience.len() - 1].max(1e-6),
                span,
                min: is.min,
                max: is.max,
            });
            issues.push(is);
        }
        let eu = ExpectedUtility::new(&issues, &ideal, &salience, &d, &trust, rng.uniform(), 0.3);
        let hi = pick(rng, &[1.0, 2.0, 8.0, 64.0]);
        // Targets anywhere on the path, and exactly at judged worths (plateaus included).
        let s = hi * rng.uniform();
        let target = match (rng.uniform() * 3.0) as usize {
            0 => worth(&eu, &legs, s),
            1 => worth(&eu, &legs, hi * 2.0),
            _ => worth(&eu, &legs, 0.0) - rng.uniform() * 0.5,
        };
        (eu, legs, target)
    }

    #[test]
    fn the_closed_form_ends_every_bisection_where_judging_every_step_does() {
        let mut rng = SimRng::new(17, "path");
        let mut shortcut = 0;
        for k in 0..20_000 {
            let (eu, legs, target) = case(&mut rng);
            let hi = [1.0, 2.0, 8.0, 64.0][k % 4];
            let want = judged(&eu, &legs, target, hi);
            let got = furthest(&eu, &legs, target, hi);
            assert_eq!(got.to_bits(), want.to_bits(), "{legs:?} {target} {hi}");
            shortcut += usize::from(Closed::new(&eu, &legs).is_some());
        }
        // Most cases meet the form's premises, so the test checks the shortcut, not the
        // fallback.
        assert!(shortcut > 15_000, "{shortcut}");
    }

    #[test]
    fn the_closed_form_is_the_judges_worth_along_the_path() {
        let mut rng = SimRng::new(18, "path");
        for _ in 0..2_000 {
            let (eu, legs, _) = case(&mut rng);
            let Some(closed) = Closed::new(&eu, &legs) else {
                continue;
            };
            for j in 0..=50 {
                let s = 3.0 * j as f64 / 50.0;
                let (w, judged) = (closed.at(s), worth(&eu, &legs, s));
                assert!((w - judged).abs() <= closed.margin, "{s}: {w} {judged}");
            }
        }
    }
}
