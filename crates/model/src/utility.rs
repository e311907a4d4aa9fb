//! Utility and trust-weighted expected utility: the choice between goodwill and security.

use crate::issue::Issue;

/// u_a(x) = sum_i w_i (1 - |x_i - ideal_i| / range_i). In [0, 1] when saliences sum to 1.
pub fn utility(issues: &[Issue], ideal: &[f64], salience: &[f64], x: &[f64]) -> f64 {
    issues
        .iter()
        .zip(ideal.iter().zip(salience))
        .zip(x)
        .map(|((issue, (ideal, w)), x)| w * (1.0 - (x - ideal).abs() / issue.range()))
        .sum()
}

/// EU_a(x) = t u(x) + (1 - t)(u(d) - paranoia * c): a promise is worth what the trust in
/// whoever must keep it is worth; if broken, the actor is left with the status quo minus
/// the cost of having been betrayed.
pub fn expected_utility(u_x: f64, u_d: f64, trust: f64, paranoia: f64, betrayal_cost: f64) -> f64 {
    trust * u_x + (1.0 - trust) * (u_d - paranoia * betrayal_cost)
}

/// The expected utility of a package whose issues are kept separately: issue i is kept
/// with probability `trust[i]` (the trust in its keepers, see [`crate::stakes`]); a broken
/// part falls back to the status quo `d` on that issue, less its share of the cost of
/// having been betrayed:
///
/// EU_a(x) = sum_i w_i [t_i v_i(x_i) + (1 - t_i) (v_i(d_i) - paranoia * c)],
/// with v_i(y) = 1 - |y - ideal_i| / range_i.
///
/// With one trust for every issue this is [`expected_utility`].
#[allow(clippy::too_many_arguments)]
pub fn expected_utility_by_issue(
    issues: &[Issue],
    ideal: &[f64],
    salience: &[f64],
    x: &[f64],
    d: &[f64],
    trust: &[f64],
    paranoia: f64,
    betrayal_cost: f64,
) -> f64 {
    let loss = paranoia * betrayal_cost;
    let mut eu = 0.0;
    for i in 0..issues.len() {
        let range = issues[i].range();
        let vx = 1.0 - (x[i] - ideal[i]).abs() / range;
        let vd = 1.0 - (d[i] - ideal[i]).abs() / range;
        let t = trust[i];
        eu += salience[i] * (t * vx + (1.0 - t) * (vd - loss));
    }
    eu
}

/// [`expected_utility_by_issue`] with everything but the package fixed: for judging many
/// packages with the same beliefs (a bisection), each issue's fallback term is computed
/// once. It gives exactly the numbers [`expected_utility_by_issue`] gives (the same
/// operations in the same order).
#[derive(Clone, Debug, Default)]
pub struct ExpectedUtility {
    terms: Vec<Term>,
}

/// One issue's part of [`ExpectedUtility`]: the issue is worth
/// `salience * (trust * (1 - |x - ideal| / range) + broken)` at position x.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Term {
    pub(crate) ideal: f64,
    pub(crate) range: f64,
    pub(crate) salience: f64,
    pub(crate) trust: f64,
    /// (1 - t) (v(d) - paranoia * c): what the issue is worth if its promise is broken.
    pub(crate) broken: f64,
}

impl ExpectedUtility {
    /// The judge of packages for the arguments of [`expected_utility_by_issue`].
    pub fn new(
        issues: &[Issue],
        ideal: &[f64],
        salience: &[f64],
        d: &[f64],
        trust: &[f64],
        paranoia: f64,
        betrayal_cost: f64,
    ) -> Self {
        let mut judge = Self::default();
        judge.set(issues, ideal, salience, d, trust, paranoia, betrayal_cost);
        judge
    }

    /// Judge by these arguments from now on, reusing the memory.
    #[allow(clippy::too_many_arguments)]
    pub fn set(
        &mut self,
        issues: &[Issue],
        ideal: &[f64],
        salience: &[f64],
        d: &[f64],
        trust: &[f64],
        paranoia: f64,
        betrayal_cost: f64,
    ) {
        let loss = paranoia * betrayal_cost;
        self.terms.clear();
        self.terms.extend((0..issues.len()).map(|i| {
            let range = issues[i].range();
            let vd = 1.0 - (d[i] - ideal[i]).abs() / range;
            let t = trust[i];
            Term {
                ideal: ideal[i],
                range,
                salience: salience[i],
                trust: t,
                broken: (1.0 - t) * (vd - loss),
            }
        }));
    }

    /// Each issue's part, in issue order.
    pub(crate) fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// The expected utility of the package whose position on issue i is `x(i)`.
    pub fn of(&self, x: impl Fn(usize) -> f64) -> f64 {
        let mut eu = 0.0;
        for (i, term) in self.terms.iter().enumerate() {
            let vx = 1.0 - (x(i) - term.ideal).abs() / term.range;
            eu += term.salience * (term.trust * vx + term.broken);
        }
        eu
    }

    /// The expected utility of package `x`.
    pub fn of_package(&self, x: &[f64]) -> f64 {
        self.of(|i| x[i])
    }

    /// [`ExpectedUtility::of`] for the positions `xs` yields in issue order, without
    /// indexing (a bisection's inner loop): the same operations in the same order.
    pub fn of_each(&self, xs: impl Iterator<Item = f64>) -> f64 {
        let mut eu = 0.0;
        for (term, x) in self.terms.iter().zip(xs) {
            let vx = 1.0 - (x - term.ideal).abs() / term.range;
            eu += term.salience * (term.trust * vx + term.broken);
        }
        eu
    }
}

/// Normalised distance between two packages: mean over issues of |a_i - b_i| / range_i.
pub fn distance(issues: &[Issue], a: &[f64], b: &[f64]) -> f64 {
    if issues.is_empty() {
        return 0.0;
    }
    issues
        .iter()
        .zip(a.iter().zip(b))
        .map(|(issue, (a, b))| (a - b).abs() / issue.range())
        .sum::<f64>()
        / issues.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issues() -> Vec<Issue> {
        let mk = |id: &str, max: f64, sq: f64| Issue {
            id: id.into(),
            name: id.into(),
            min: 0.0,
            max,
            status_quo: sq,
            format: "{}".into(),
            waypoints: vec![],
            keepers: vec![],
        };
        vec![
            mk("poland", 1.0, 0.1),
            mk("germany", 1.0, 0.0),
            mk("loan", 10.0, 0.0),
        ]
    }

    #[test]
    fn utility_is_one_at_the_ideal_and_falls_linearly() {
        let is = issues();
        let ideal = [0.05, 0.8, 7.0];
        let w = [0.5, 0.3, 0.2];
        assert!((utility(&is, &ideal, &w, &ideal) - 1.0).abs() < 1e-12);
        // Moving Poland by 0.5 of its range costs half its salience.
        let x = [0.55, 0.8, 7.0];
        assert!((utility(&is, &ideal, &w, &x) - 0.75).abs() < 1e-12);
        // The loan's range is 10: moving it by 5 costs half of its salience.
        let y = [0.05, 0.8, 2.0];
        assert!((utility(&is, &ideal, &w, &y) - 0.9).abs() < 1e-12);
    }

    #[test]
    fn the_brief_package_beats_security_only_under_high_trust() {
        // Stalin and Truman from the calibration table; package (0.5, 0.6, 7).
        let is = issues();
        let d = [0.1, 0.0, 0.0];
        let x = [0.5, 0.6, 7.0];
        let c = 0.2;
        let stalin = ([0.05, 0.8, 7.0], [0.5, 0.3, 0.2], 0.8);
        let truman = ([0.9, 0.3, 1.0], [0.4, 0.4, 0.2], 0.4);
        for (ideal, w, p) in [stalin, truman] {
            let ux = utility(&is, &ideal, &w, &x);
            let ud = utility(&is, &ideal, &w, &d);
            assert!(ux > ud, "the package is a gain if kept");
            assert!(
                expected_utility(ux, ud, 0.2, p, c) < ud,
                "low trust: security wins"
            );
            assert!(
                expected_utility(ux, ud, 0.95, p, c) > ud,
                "high trust: the deal wins"
            );
        }
    }

    #[test]
    fn issue_by_issue_expected_utility_reduces_to_the_single_trust_form() {
        let is = issues();
        let (ideal, w) = ([0.05, 0.8, 7.0], [0.5, 0.3, 0.2]);
        let (x, d) = ([0.5, 0.6, 7.0], [0.1, 0.0, 0.0]);
        let (ux, ud) = (utility(&is, &ideal, &w, &x), utility(&is, &ideal, &w, &d));
        let one = expected_utility(ux, ud, 0.4, 0.8, 0.2);
        let by = expected_utility_by_issue(&is, &ideal, &w, &x, &d, &[0.4; 3], 0.8, 0.2);
        assert!((one - by).abs() < 1e-12);
        // What one gives away oneself (trust 1 on Poland) is given for certain.
        let own = expected_utility_by_issue(&is, &ideal, &w, &x, &d, &[1.0, 0.4, 0.4], 0.8, 0.2);
        assert!(own < by, "conceding Poland is a sure loss: {own} vs {by}");
    }

    #[test]
    fn the_judge_of_many_packages_gives_exactly_the_one_package_numbers() {
        let is = issues();
        let (ideal, w, d) = ([0.05, 0.8, 7.0], [0.5, 0.3, 0.2], [0.1, 0.0, 0.0]);
        let trust = [1.0, 0.37, 0.61];
        let judge = ExpectedUtility::new(&is, &ideal, &w, &d, &trust, 0.73, 0.2);
        for k in 0..200 {
            let s = k as f64 / 199.0;
            let x = [s, 1.0 - s * s, 10.0 * s.sqrt()];
            let one = expected_utility_by_issue(&is, &ideal, &w, &x, &d, &trust, 0.73, 0.2);
            // Bit for bit: a bisection on the judge must find the same package.
            assert_eq!(judge.of_package(&x).to_bits(), one.to_bits(), "{x:?}");
            assert_eq!(judge.of(|i| x[i]).to_bits(), one.to_bits());
        }
    }

    #[test]
    fn expected_utility_is_monotone_in_trust_when_the_deal_is_a_gain() {
        let (ux, ud) = (0.7, 0.6);
        let mut last = f64::NEG_INFINITY;
        for k in 0..=20 {
            let eu = expected_utility(ux, ud, k as f64 / 20.0, 0.5, 0.2);
            assert!(eu >= last);
            last = eu;
        }
    }
}
