//! Bargaining analysis: the zone of agreement, the Pareto frontier and the Nash,
//! Kalai-Smorodinsky and maximum-welfare packages of the veto principals, how far an
//! outcome lies from them, and the lowest mutual trust at which a deal beats security.
//!
//! **The problem.** The players are the veto principals (in the order of the scenario's
//! `veto` list). The disagreement point is the status quo: each principal's security
//! `s_a = u_a(d)`. Each principal is described by its ideal, salience, counterpart trust
//! and paranoia ([`Principal`]); [`Problem::at_start`] takes them from the scenario and
//! [`Problem::at_end`] takes trust and paranoia from a run's last round. Ideals and
//! saliences are not in the run record, so both use the scenario's initial ideals and
//! saliences (events and advice may have moved them during the run).
//!
//! **The grid.** Each issue is discretised into the same number of evenly spaced points,
//! ends included ([`Resolution`]: 11 by default, i.e. steps of 0.1 on a [0, 1] issue and of
//! $1B on the loan), and a package is one point per issue. The number of points per issue
//! is lowered until the grid has at most `max_packages` packages (20,000 by default): 11
//! points for up to 4 issues, 7 for 5, 5 for 6. Every result below is over this grid. At
//! most [`MAX_PRINCIPALS`] veto principals are analysed.
//!
//! **Two valuations** ([`Valuation`]). *Plain*: a package is worth `u_a(x)`. *Trust-weighted*:
//! it is worth the expected utility `EU_a(x) = t_a u_a(x) + (1 - t_a)(s_a - p_a c)` the
//! principal judges offers by, with `t_a` its trust in its counterparts, `p_a` its paranoia
//! and `c` the betrayal cost. The gain of a package is its value minus security, in both.
//!
//! **The points.**
//! - *Zone of agreement*: the packages whose gain exceeds the model's tolerance (1e-9) for
//!   every principal, the very test a principal applies before accepting an offer.
//! - *Pareto frontier*: the grid packages that no other grid package dominates (at least as
//!   good for every principal and better for one). Values are compared after rounding to
//!   1e-9, so values equal but for floating-point noise are ties.
//! - *Nash*: the frontier package of the zone with the largest product of gains.
//! - *Kalai-Smorodinsky*: the frontier package of the zone with the largest smallest
//!   normalised gain `g_a / g*_a`, where `g*_a` is principal `a`'s largest gain over the
//!   packages that leave no principal worse off than security (its ideal-point gain).
//! - *Maximum welfare*: the frontier package with the largest sum of values (it need not
//!   be in the zone).
//!
//! Ties go to the first package in grid order (issue 0 varying slowest, each from its
//! minimum). Nash and Kalai-Smorodinsky are `None` when the zone is empty.
//!
//! **Distances of an outcome** ([`OutcomeDistance`]). The outcome's value is its utility
//! (plain), or, trust-weighted, its expected utility if it was agreed and security if
//! nothing was. Its distance to the frontier is 0 if no grid package dominates it, and
//! otherwise the smallest Euclidean distance, in value space, to a frontier package that
//! dominates it: the shortest move onto the frontier that leaves nobody worse off. Its
//! distance to the Nash point is the Euclidean distance in value space and, for the
//! packages themselves, [`utility::distance`] (mean normalised distance over issues).
//!
//! **Lowest mutual trust** ([`lowest_mutual_trust`]). Set every principal's counterpart
//! trust to a common level `t`, paranoia unchanged. A package `x` with plain gains
//! `g_a > 0` enters the trust-weighted zone exactly when `t > (k_a + 1e-9) / (g_a + k_a)`
//! for every `a`, with `k_a = p_a c`; the threshold `T*` is the smallest, over the grid,
//! of the largest of these bounds. The reported level is the smallest multiple of 0.001 at which the zone is
//! non-empty; 0.001 below it, it is empty. There is none when the plain zone is empty: at
//! full trust the expected utility is the plain utility.

use crate::actor::ActorId;
use crate::issue::Issue;
use crate::params::TOLERANCE;
use crate::record::RunRecord;
use crate::scenario::Scenario;
use crate::utility;
use serde::Serialize;
use std::fmt;

/// Points per issue of the default grid.
pub const DEFAULT_POINTS_PER_ISSUE: usize = 11;
/// Most packages the default grid may have.
pub const DEFAULT_MAX_PACKAGES: usize = 20_000;
/// Most veto principals the analysis takes: the frontier costs up to packages squared
/// times principals, and with many principals almost every package is on it.
pub const MAX_PRINCIPALS: usize = 16;
/// Steps per unit of the mutual trust reported by [`lowest_mutual_trust`] (0.001).
pub const MUTUAL_TRUST_STEPS: u32 = 1000;
/// Values equal to within this are ties when packages are compared for dominance.
const QUANTUM: f64 = 1e-9;
/// Objective values equal to within this are ties (the first package wins).
const TIE: f64 = 1e-12;

/// How finely the issues are discretised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Resolution {
    /// Points per issue, ends included (at least 2).
    pub points_per_issue: usize,
    /// Most packages in the grid: the points per issue are lowered until the grid fits.
    pub max_packages: usize,
}

impl Default for Resolution {
    fn default() -> Self {
        Self {
            points_per_issue: DEFAULT_POINTS_PER_ISSUE,
            max_packages: DEFAULT_MAX_PACKAGES,
        }
    }
}

impl Resolution {
    /// `points` per issue, with the default package limit.
    pub fn with_points(points: usize) -> Self {
        Self {
            points_per_issue: points,
            ..Self::default()
        }
    }

    /// The points per issue and package count used for `issues` issues: the requested
    /// points (at least 2), lowered until the grid fits; `None` if even 2 points do not.
    pub fn grid_size(&self, issues: usize) -> Option<(usize, usize)> {
        let count = |p: usize| (0..issues).try_fold(1usize, |acc, _| acc.checked_mul(p));
        let mut p = self.points_per_issue.max(2);
        loop {
            match count(p) {
                Some(n) if n <= self.max_packages => return Some((p, n)),
                _ if p == 2 => return None,
                _ => p -= 1,
            }
        }
    }
}

/// Why a problem cannot be analysed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnalysisError {
    /// Even two points per issue make more packages than the resolution allows.
    GridTooLarge {
        /// Issues of the scenario.
        issues: usize,
        /// The package limit.
        max_packages: usize,
    },
    /// The problem has no principals.
    NoPrincipals,
    /// The problem has more than [`MAX_PRINCIPALS`] principals.
    TooManyPrincipals(usize),
}

impl fmt::Display for AnalysisError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnalysisError::GridTooLarge {
                issues,
                max_packages,
            } => write!(
                f,
                "the bargaining analysis needs a grid of at most {max_packages} packages, \
                 and even 2 points on each of {issues} issues make more"
            ),
            AnalysisError::NoPrincipals => write!(f, "there are no veto principals to analyse"),
            AnalysisError::TooManyPrincipals(n) => write!(
                f,
                "the bargaining analysis takes at most {MAX_PRINCIPALS} veto principals, and \
                 there are {n}"
            ),
        }
    }
}

impl std::error::Error for AnalysisError {}

/// The grid of packages: the same number of evenly spaced points on every issue.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Grid {
    /// Points per issue.
    pub points_per_issue: usize,
    /// Number of packages (points per issue to the power of the number of issues).
    pub packages: usize,
    /// The points of each issue, from its minimum to its maximum.
    pub points: Vec<Vec<f64>>,
}

impl Grid {
    /// The grid of `issues` at `resolution`.
    pub fn new(issues: &[Issue], resolution: Resolution) -> Result<Self, AnalysisError> {
        let (p, packages) =
            resolution
                .grid_size(issues.len())
                .ok_or(AnalysisError::GridTooLarge {
                    issues: issues.len(),
                    max_packages: resolution.max_packages,
                })?;
        let points = issues
            .iter()
            .map(|issue| {
                (0..p)
                    .map(|k| {
                        if k + 1 == p {
                            issue.max
                        } else {
                            issue.min + issue.range() * k as f64 / (p - 1) as f64
                        }
                    })
                    .collect()
            })
            .collect();
        Ok(Self {
            points_per_issue: p,
            packages,
            points,
        })
    }

    /// Package number `index` (0 to `packages - 1`): issue 0 is the most significant digit.
    pub fn package(&self, index: usize) -> Vec<f64> {
        let mut out = vec![0.0; self.points.len()];
        let mut rest = index;
        for (x, points) in out.iter_mut().zip(&self.points).rev() {
            *x = points[rest % self.points_per_issue];
            rest /= self.points_per_issue;
        }
        out
    }
}

/// One veto principal as the analysis sees it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Principal {
    /// Actor id, e.g. `stalin`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Ideal position per issue.
    pub ideal: Vec<f64>,
    /// Salience per issue.
    pub salience: Vec<f64>,
    /// Trust in the counterparts taken together (their mean, see [`crate::stakes`]).
    pub trust: f64,
    /// Trust in each issue's keepers on other sides (1 for an issue in its own side's
    /// hands): the trust that weighs that part of a package.
    pub issue_trust: Vec<f64>,
    /// For each issue, the share of those keepers that sit on other sides: the part of
    /// the issue trust that a common mutual trust replaces.
    pub mutual_share: Vec<f64>,
    /// For each issue, the part of the issue trust that comes from allies (and 1 for an
    /// issue in the principal's own hands): what a common mutual trust leaves alone.
    pub allied: Vec<f64>,
    /// Paranoia.
    pub paranoia: f64,
}

impl Principal {
    /// A principal whose every issue is kept by its counterparts, trusted at `trust`.
    pub fn uniform(id: &str, ideal: &[f64], salience: &[f64], trust: f64, paranoia: f64) -> Self {
        let n = ideal.len();
        Self {
            id: id.into(),
            name: id.into(),
            ideal: ideal.to_vec(),
            salience: salience.to_vec(),
            trust,
            issue_trust: vec![trust; n],
            mutual_share: vec![1.0; n],
            allied: vec![0.0; n],
            paranoia,
        }
    }

    /// Set the trust in every counterpart to `t`, leaving allies' trust alone.
    fn set_mutual_trust(&mut self, t: f64) {
        self.trust = t;
        for i in 0..self.issue_trust.len() {
            self.issue_trust[i] = self.mutual_share[i] * t + self.allied[i];
        }
    }
}

/// A bargaining problem: the issues, the status quo, and the veto principals.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Problem {
    /// The issues.
    pub issues: Vec<Issue>,
    /// The disagreement package.
    pub status_quo: Vec<f64>,
    /// Utility lost when a trusted promise is broken, scaled by paranoia.
    pub betrayal_cost: f64,
    /// The veto principals.
    pub principals: Vec<Principal>,
}

impl Problem {
    /// The problem at the start of a scenario: initial trust and paranoia.
    pub fn at_start(sc: &Scenario) -> Self {
        Self::with_state(sc, |a| (&sc.actor(a).trust, sc.actor(a).paranoia))
    }

    /// The problem at the end of a run: the trust and paranoia of the last round's states,
    /// with the scenario's initial ideals and saliences (the record does not hold ideals).
    pub fn at_end(sc: &Scenario, rec: &RunRecord) -> Self {
        match rec.rounds.last() {
            Some(last) => Self::with_state(sc, |a| {
                let s = &last.states[a.index()];
                (&s.trust, s.paranoia)
            }),
            None => Self::at_start(sc),
        }
    }

    /// The problem with each veto principal's trust row and paranoia given by `state`.
    /// Each issue is weighed by the trust in its keepers on other sides
    /// ([`crate::stakes`]), present or not (a settlement needs them all).
    pub fn with_state<'a>(
        sc: &'a Scenario,
        state: impl Fn(ActorId) -> (&'a crate::trust::TrustMap, f64),
    ) -> Self {
        let principals = sc
            .settings
            .veto
            .iter()
            .map(|&a| {
                let spec = sc.actor(a);
                let (row, paranoia) = state(a);
                let keepers = crate::stakes::others_keepers(sc, a);
                let counterparts = crate::stakes::counterparts_present_or_not(sc, a);
                let mut mutual_share = Vec::with_capacity(keepers.len());
                let mut allied = Vec::with_capacity(keepers.len());
                for k in &keepers {
                    if k.is_empty() {
                        mutual_share.push(0.0);
                        allied.push(1.0);
                        continue;
                    }
                    let n = k.len() as f64;
                    let ally = |j: &&ActorId| sc.actor(**j).side == spec.side;
                    mutual_share.push(k.iter().filter(|j| !ally(j)).count() as f64 / n);
                    allied.push(k.iter().filter(ally).map(|j| row[*j]).sum::<f64>() / n);
                }
                Principal {
                    id: spec.id.clone(),
                    name: spec.name.clone(),
                    ideal: spec.ideal.clone(),
                    salience: spec.salience.clone(),
                    trust: crate::stakes::counterpart_trust(row, &counterparts),
                    issue_trust: crate::stakes::issue_trust(row, &keepers),
                    mutual_share,
                    allied,
                    paranoia,
                }
            })
            .collect();
        Self {
            issues: sc.issues.clone(),
            status_quo: sc.status_quo(),
            betrayal_cost: sc.settings.betrayal_cost,
            principals,
        }
    }

    fn check(&self) -> Result<(), AnalysisError> {
        match self.principals.len() {
            0 => Err(AnalysisError::NoPrincipals),
            n if n > MAX_PRINCIPALS => Err(AnalysisError::TooManyPrincipals(n)),
            _ => Ok(()),
        }
    }

    /// The same problem with every principal's trust in its counterparts set to `t`
    /// (allies' trust in each other unchanged).
    pub fn with_mutual_trust(&self, t: f64) -> Self {
        let mut out = self.clone();
        for p in &mut out.principals {
            p.set_mutual_trust(t);
        }
        out
    }

    /// Each principal's plain utility of `x`.
    pub fn utilities(&self, x: &[f64]) -> Vec<f64> {
        self.principals
            .iter()
            .map(|p| utility::utility(&self.issues, &p.ideal, &p.salience, x))
            .collect()
    }

    /// Each principal's security: its utility of the status quo.
    pub fn security(&self) -> Vec<f64> {
        self.utilities(&self.status_quo)
    }

    /// Each principal's value of `x` under `valuation`.
    pub fn values(&self, valuation: Valuation, x: &[f64]) -> Vec<f64> {
        (0..self.principals.len())
            .map(|a| self.value(valuation, a, x))
            .collect()
    }

    fn value(&self, valuation: Valuation, a: usize, x: &[f64]) -> f64 {
        let p = &self.principals[a];
        match valuation {
            Valuation::Plain => utility::utility(&self.issues, &p.ideal, &p.salience, x),
            Valuation::TrustWeighted => utility::expected_utility_by_issue(
                &self.issues,
                &p.ideal,
                &p.salience,
                x,
                &self.status_quo,
                &p.issue_trust,
                p.paranoia,
                self.betrayal_cost,
            ),
        }
    }

    /// Principal `a`'s expected gain over security at package `x` as a function of a
    /// common mutual trust `t`: `(A, B)` with gain `A t + B`. Each issue contributes
    /// `w_i (t_i (g_i + k) - k)`, with `g_i` its plain gain on the issue, `k = p c` and
    /// `t_i = share_i t + allied_i`.
    fn gain_in_mutual_trust(&self, a: usize, x: &[f64]) -> (f64, f64) {
        let p = &self.principals[a];
        let k = p.paranoia * self.betrayal_cost;
        let (mut slope, mut level) = (0.0, 0.0);
        for (i, issue) in self.issues.iter().enumerate() {
            let v = |y: f64| 1.0 - (y - p.ideal[i]).abs() / issue.range();
            let g = v(x[i]) - v(self.status_quo[i]);
            slope += p.salience[i] * p.mutual_share[i] * (g + k);
            level += p.salience[i] * (p.allied[i] * (g + k) - k);
        }
        (slope, level)
    }
}

/// What a package is worth to a principal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Valuation {
    /// Its utility `u_a(x)`.
    Plain,
    /// Its trust-weighted expected utility `EU_a(x)`.
    TrustWeighted,
}

impl Valuation {
    /// The snake-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Valuation::Plain => "plain",
            Valuation::TrustWeighted => "trust_weighted",
        }
    }
}

/// A package and what it is worth to each principal.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Point {
    /// Positions, in issue order.
    pub positions: Vec<f64>,
    /// Each principal's value of it (utility or expected utility).
    pub values: Vec<f64>,
    /// Each principal's gain: value minus security.
    pub gains: Vec<f64>,
}

/// The zone of agreement: the packages that beat security for every principal.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Zone {
    /// How many grid packages.
    pub packages: usize,
    /// Their share of the grid.
    pub share: f64,
}

impl Zone {
    /// Whether some package beats security for every principal.
    pub fn exists(&self) -> bool {
        self.packages > 0
    }
}

/// The bargaining landscape of a problem under one valuation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Landscape {
    /// The valuation.
    pub valuation: Valuation,
    /// Points per issue of the grid.
    pub points_per_issue: usize,
    /// Packages in the grid.
    pub packages: usize,
    /// Each principal's security, the disagreement point.
    pub security: Vec<f64>,
    /// The zone of agreement.
    pub zone: Zone,
    /// The Pareto frontier, in grid order.
    pub frontier: Vec<Point>,
    /// How many frontier packages lie in the zone of agreement.
    pub frontier_in_zone: usize,
    /// Each principal's largest gain over the packages that leave nobody below security
    /// (the Kalai-Smorodinsky normalisers); `None` when the zone is empty.
    pub ideal_gains: Option<Vec<f64>>,
    /// The Nash bargaining package.
    pub nash: Option<Point>,
    /// The Kalai-Smorodinsky package.
    pub kalai_smorodinsky: Option<Point>,
    /// The maximum-welfare package.
    pub max_welfare: Point,
}

/// Every grid package's gains under one valuation.
struct Table {
    grid: Grid,
    security: Vec<f64>,
    m: usize,
    /// Gains, package-major: package i's gains are `gains[i*m..(i+1)*m]`.
    gains: Vec<f64>,
}

impl Table {
    fn new(problem: &Problem, valuation: Valuation, grid: Grid) -> Self {
        let security = problem.security();
        let m = problem.principals.len();
        let mut gains = Vec::with_capacity(grid.packages * m);
        for i in 0..grid.packages {
            let x = grid.package(i);
            for (a, s) in security.iter().enumerate() {
                gains.push(problem.value(valuation, a, &x) - s);
            }
        }
        Self {
            grid,
            security,
            m,
            gains,
        }
    }

    fn gains(&self, i: usize) -> &[f64] {
        &self.gains[i * self.m..(i + 1) * self.m]
    }

    fn in_zone(&self, i: usize) -> bool {
        self.gains(i).iter().all(|g| *g > TOLERANCE)
    }

    fn zone(&self) -> Zone {
        let packages = (0..self.grid.packages).filter(|&i| self.in_zone(i)).count();
        Zone {
            packages,
            share: packages as f64 / self.grid.packages as f64,
        }
    }

    fn point(&self, i: usize) -> Point {
        let gains = self.gains(i).to_vec();
        Point {
            positions: self.grid.package(i),
            values: gains
                .iter()
                .zip(&self.security)
                .map(|(g, s)| g + s)
                .collect(),
            gains,
        }
    }

    /// The non-dominated packages, in grid order. Dominance is a strict partial order on
    /// the rounded values, so a package sorted after all its dominators (by sum, then
    /// lexicographically, both descending) is dominated exactly when a frontier package
    /// found before it dominates it.
    fn frontier(&self) -> Vec<usize> {
        let q: Vec<i64> = self.gains.iter().map(|g| quantise(*g)).collect();
        let row = |i: usize| &q[i * self.m..(i + 1) * self.m];
        let sums: Vec<i64> = (0..self.grid.packages)
            .map(|i| row(i).iter().sum())
            .collect();
        let mut order: Vec<usize> = (0..self.grid.packages).collect();
        order.sort_by(|&a, &b| {
            sums[b]
                .cmp(&sums[a])
                .then_with(|| row(b).cmp(row(a)))
                .then(a.cmp(&b))
        });
        let mut front: Vec<usize> = Vec::new();
        for i in order {
            if !front.iter().any(|&f| dominates(row(f), row(i))) {
                front.push(i);
            }
        }
        front.sort_unstable();
        front
    }
}

fn quantise(v: f64) -> i64 {
    (v / QUANTUM).round() as i64
}

fn dominates<T: PartialOrd>(a: &[T], b: &[T]) -> bool {
    a.iter().zip(b).all(|(x, y)| x >= y) && a.iter().zip(b).any(|(x, y)| x > y)
}

/// The first of `candidates` with the largest `objective` (ties within 1e-12).
fn argmax(
    candidates: impl Iterator<Item = usize>,
    objective: impl Fn(usize) -> f64,
) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for i in candidates {
        let v = objective(i);
        if best.is_none_or(|(_, b)| v > b + TIE) {
            best = Some((i, v));
        }
    }
    best.map(|(i, _)| i)
}

/// The bargaining landscape of `problem` under `valuation`, on the grid of `resolution`.
pub fn landscape(
    problem: &Problem,
    valuation: Valuation,
    resolution: Resolution,
) -> Result<Landscape, AnalysisError> {
    problem.check()?;
    let table = Table::new(problem, valuation, Grid::new(&problem.issues, resolution)?);
    let zone = table.zone();
    let frontier = table.frontier();
    let zone_frontier: Vec<usize> = frontier
        .iter()
        .copied()
        .filter(|&i| table.in_zone(i))
        .collect();
    let ideal_gains = zone.exists().then(|| {
        let mut best = vec![f64::NEG_INFINITY; table.m];
        for i in 0..table.grid.packages {
            let g = table.gains(i);
            if g.iter().all(|g| *g >= -TOLERANCE) {
                for (b, g) in best.iter_mut().zip(g) {
                    *b = b.max(*g);
                }
            }
        }
        best
    });
    let nash = argmax(zone_frontier.iter().copied(), |i| {
        table.gains(i).iter().product()
    });
    let kalai_smorodinsky = ideal_gains.as_ref().and_then(|ideal| {
        argmax(zone_frontier.iter().copied(), |i| {
            table
                .gains(i)
                .iter()
                .zip(ideal)
                .map(|(g, g_star)| g / g_star)
                .fold(f64::INFINITY, f64::min)
        })
    });
    let max_welfare = argmax(frontier.iter().copied(), |i| {
        table.gains(i).iter().sum::<f64>()
    })
    .unwrap_or(0);
    Ok(Landscape {
        valuation,
        points_per_issue: table.grid.points_per_issue,
        packages: table.grid.packages,
        security: table.security.clone(),
        zone,
        frontier_in_zone: zone_frontier.len(),
        frontier: frontier.iter().map(|&i| table.point(i)).collect(),
        ideal_gains,
        nash: nash.map(|i| table.point(i)),
        kalai_smorodinsky: kalai_smorodinsky.map(|i| table.point(i)),
        max_welfare: table.point(max_welfare),
    })
}

/// The zone of agreement alone (cheaper than a whole [`landscape`]).
pub fn zone(
    problem: &Problem,
    valuation: Valuation,
    resolution: Resolution,
) -> Result<Zone, AnalysisError> {
    problem.check()?;
    let grid = Grid::new(&problem.issues, resolution)?;
    Ok(Table::new(problem, valuation, grid).zone())
}

/// The outcome of a run: its positions, and whether they were agreed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Outcome {
    /// Final positions, in issue order.
    pub positions: Vec<f64>,
    /// Whether every veto principal agreed to them (a settlement); otherwise they are the
    /// status quo, which is worth security whatever the trust.
    pub agreed: bool,
}

/// Where an outcome lies in a landscape.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OutcomeDistance {
    /// Each principal's value of the outcome: its utility (plain); its expected utility if
    /// agreed, else security (trust-weighted).
    pub values: Vec<f64>,
    /// Value minus security.
    pub gains: Vec<f64>,
    /// 0 if no grid package dominates the outcome; else the smallest Euclidean distance in
    /// value space to a frontier package that dominates it.
    pub to_frontier: f64,
    /// Euclidean distance in value space to the Nash point, if there is one.
    pub to_nash: Option<f64>,
    /// Normalised package distance ([`utility::distance`]) to the Nash package.
    pub to_nash_package: Option<f64>,
}

fn euclid(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y) * (x - y))
        .sum::<f64>()
        .sqrt()
}

impl Landscape {
    /// Where `outcome` lies in this landscape of `problem` (the problem it was made from).
    pub fn locate(&self, problem: &Problem, outcome: &Outcome) -> OutcomeDistance {
        let values = if outcome.agreed || self.valuation == Valuation::Plain {
            problem.values(self.valuation, &outcome.positions)
        } else {
            self.security.clone()
        };
        let gains: Vec<f64> = values
            .iter()
            .zip(&self.security)
            .map(|(v, s)| v - s)
            .collect();
        let q: Vec<i64> = values.iter().map(|v| quantise(*v)).collect();
        let to_frontier = self
            .frontier
            .iter()
            .filter(|f| {
                let fq: Vec<i64> = f.values.iter().map(|v| quantise(*v)).collect();
                dominates(&fq, &q)
            })
            .map(|f| euclid(&f.values, &values))
            .fold(None, |best: Option<f64>, d| {
                Some(best.map_or(d, |b| b.min(d)))
            })
            .unwrap_or(0.0);
        OutcomeDistance {
            to_nash: self.nash.as_ref().map(|n| euclid(&n.values, &values)),
            to_nash_package: self
                .nash
                .as_ref()
                .map(|n| utility::distance(&problem.issues, &outcome.positions, &n.positions)),
            values,
            gains,
            to_frontier,
        }
    }
}

/// An outcome located in both landscapes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OutcomeAnalysis {
    /// In the plain landscape.
    pub plain: OutcomeDistance,
    /// In the trust-weighted landscape.
    pub trust_weighted: OutcomeDistance,
}

/// Both landscapes of a problem, and where an outcome lies in them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Analysis {
    /// The principals' ids, in the order of every per-principal vector.
    pub principals: Vec<String>,
    /// Each principal's counterpart trust.
    pub trust: Vec<f64>,
    /// Each principal's paranoia.
    pub paranoia: Vec<f64>,
    /// On plain utilities.
    pub plain: Landscape,
    /// On trust-weighted expected utilities.
    pub trust_weighted: Landscape,
    /// The outcome, if one was given.
    pub outcome: Option<OutcomeAnalysis>,
}

/// Analyse `problem` on both valuations, locating `outcome` if given.
pub fn analyze(
    problem: &Problem,
    resolution: Resolution,
    outcome: Option<&Outcome>,
) -> Result<Analysis, AnalysisError> {
    let plain = landscape(problem, Valuation::Plain, resolution)?;
    let trust_weighted = landscape(problem, Valuation::TrustWeighted, resolution)?;
    let outcome = outcome.map(|o| OutcomeAnalysis {
        plain: plain.locate(problem, o),
        trust_weighted: trust_weighted.locate(problem, o),
    });
    Ok(Analysis {
        principals: problem.principals.iter().map(|p| p.id.clone()).collect(),
        trust: problem.principals.iter().map(|p| p.trust).collect(),
        paranoia: problem.principals.iter().map(|p| p.paranoia).collect(),
        plain,
        trust_weighted,
        outcome,
    })
}

/// A run analysed at its start and at its end, with its outcome located in both.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunAnalysis {
    /// The outcome.
    pub outcome: Outcome,
    /// At the start: the scenario's trust and paranoia.
    pub start: Analysis,
    /// At the end: the last round's trust and paranoia (initial ideals and saliences).
    pub end: Analysis,
}

/// Analyse a run of `sc`: [`Problem::at_start`] and [`Problem::at_end`], with the
/// equilibrium's positions as the outcome (agreed if the run settled).
pub fn analyze_run(
    sc: &Scenario,
    rec: &RunRecord,
    resolution: Resolution,
) -> Result<RunAnalysis, AnalysisError> {
    let outcome = Outcome {
        positions: rec.equilibrium.positions.to_vec(),
        agreed: rec.equilibrium.package.is_some(),
    };
    Ok(RunAnalysis {
        start: analyze(&Problem::at_start(sc), resolution, Some(&outcome))?,
        end: analyze(&Problem::at_end(sc, rec), resolution, Some(&outcome))?,
        outcome,
    })
}

/// The lowest common counterpart trust at which some package beats security for every
/// principal.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MutualTrust {
    /// The threshold `T*`: above it the trust-weighted zone is non-empty, at and below it
    /// empty (up to floating-point rounding at `T*` itself).
    pub threshold: f64,
    /// The smallest multiple of 0.001 at which the zone is non-empty: 0.001 less, it is
    /// empty. In (0, 1].
    pub lowest: f64,
    /// The package that beats security first as mutual trust rises (plain values).
    pub package: Point,
}

/// The lowest mutual trust of `problem` (see the module documentation); `None` if no
/// package beats security for every principal even at full trust.
pub fn lowest_mutual_trust(
    problem: &Problem,
    resolution: Resolution,
) -> Result<Option<MutualTrust>, AnalysisError> {
    problem.check()?;
    let grid = Grid::new(&problem.issues, resolution)?;
    let plain = Table::new(problem, Valuation::Plain, grid.clone());
    // A package's entry trust: the gain A t + B must exceed TOLERANCE for every principal.
    let entry = |i: usize| {
        let x = grid.package(i);
        (0..problem.principals.len())
            .map(|a| {
                let (slope, level) = problem.gain_in_mutual_trust(a, &x);
                if level > TOLERANCE {
                    0.0
                } else if slope > 0.0 {
                    (TOLERANCE - level) / slope
                } else {
                    f64::INFINITY
                }
            })
            .fold(f64::NEG_INFINITY, f64::max)
    };
    let reachable = |i: &usize| plain.in_zone(*i) && entry(*i) <= 1.0;
    let Some(first) = argmin((0..grid.packages).filter(reachable), entry) else {
        return Ok(None);
    };
    let threshold = entry(first);
    let steps = MUTUAL_TRUST_STEPS;
    let nonempty = |s: u32| {
        let at = problem.with_mutual_trust(s as f64 / steps as f64);
        Table::new(&at, Valuation::TrustWeighted, grid.clone())
            .zone()
            .exists()
    };
    // Start from the step just above the threshold, then make sure of the edge on the
    // grid itself (rounding at the threshold could put it one step either way).
    let mut s = ((threshold * steps as f64).ceil() as u32).clamp(1, steps);
    while s > 1 && nonempty(s - 1) {
        s -= 1;
    }
    while s < steps && !nonempty(s) {
        s += 1;
    }
    Ok(Some(MutualTrust {
        threshold,
        lowest: s as f64 / steps as f64,
        package: plain.point(first),
    }))
}

fn argmin(
    candidates: impl Iterator<Item = usize>,
    objective: impl Fn(usize) -> f64,
) -> Option<usize> {
    argmax(candidates, |i| -objective(i))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn issue(id: &str, max: f64, status_quo: f64) -> Issue {
        Issue {
            id: id.into(),
            name: id.into(),
            min: 0.0,
            max,
            status_quo,
            format: "{}".into(),
            waypoints: vec![],
            keepers: vec![],
        }
    }

    fn principal(
        id: &str,
        ideal: &[f64],
        salience: &[f64],
        trust: f64,
        paranoia: f64,
    ) -> Principal {
        Principal::uniform(id, ideal, salience, trust, paranoia)
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    fn close_all(a: &[f64], b: &[f64]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| close(*x, *y))
    }

    /// Issue X divides (P1 wants 1, P2 wants 0), issue Y unites (both want 1); equal
    /// saliences. u1 = (x + y)/2, u2 = (1 - x + y)/2.
    fn divide_and_unite(sq: [f64; 2], trust: f64, paranoia: f64) -> Problem {
        Problem {
            issues: vec![issue("x", 1.0, sq[0]), issue("y", 1.0, sq[1])],
            status_quo: sq.to_vec(),
            betrayal_cost: 0.2,
            principals: vec![
                principal("p1", &[1.0, 1.0], &[0.5, 0.5], trust, paranoia),
                principal("p2", &[0.0, 1.0], &[0.5, 0.5], trust, paranoia),
            ],
        }
    }

    /// The calibration's three veto principals at the start (docs/model.md).
    fn otl_like() -> Problem {
        Problem {
            issues: vec![
                issue("poland", 1.0, 0.1),
                issue("germany", 1.0, 0.0),
                issue("loan", 10.0, 0.0),
            ],
            status_quo: vec![0.1, 0.0, 0.0],
            betrayal_cost: 0.2,
            principals: vec![
                principal("stalin", &[0.05, 0.8, 7.0], &[0.5, 0.3, 0.2], 0.2, 0.8),
                principal("truman", &[0.9, 0.3, 1.0], &[0.4, 0.4, 0.2], 0.45, 0.4),
                principal("churchill", &[1.0, 0.3, 0.0], &[0.6, 0.3, 0.1], 0.25, 0.6),
            ],
        }
    }

    #[test]
    fn the_grid_spans_each_range_and_stays_within_the_package_limit() {
        let r = Resolution::default();
        assert_eq!(r.grid_size(3), Some((11, 1331)));
        assert_eq!(r.grid_size(4), Some((11, 14641)));
        assert_eq!(r.grid_size(5), Some((7, 16807)));
        assert_eq!(r.grid_size(6), Some((5, 15625)));
        assert_eq!(r.grid_size(14), Some((2, 16384)));
        assert_eq!(r.grid_size(15), None);
        let issues = vec![issue("p", 1.0, 0.1), issue("loan", 10.0, 0.0)];
        let grid = Grid::new(&issues, r).unwrap();
        assert_eq!(grid.points[1], (0..=10).map(f64::from).collect::<Vec<_>>());
        assert_eq!(grid.package(0), vec![0.0, 0.0]);
        assert_eq!(grid.package(12), vec![0.1, 1.0]);
        assert_eq!(grid.package(120), vec![1.0, 10.0]);
        let many: Vec<Issue> = (0..15).map(|k| issue(&format!("i{k}"), 1.0, 0.0)).collect();
        assert!(matches!(
            Grid::new(&many, r),
            Err(AnalysisError::GridTooLarge { issues: 15, .. })
        ));
    }

    #[test]
    fn one_issue_with_opposed_ideals_has_no_zone_and_every_package_is_efficient() {
        // u1 = 1 - x, u2 = x: every package has u1 + u2 = 1, so none dominates another, and
        // with the status quo anywhere on [0, 1] one principal's gain is the other's loss:
        // no package beats security for both. No Nash or KS point; maximum welfare 1, a
        // tie everywhere, so the first package (x = 0).
        for sq in [0.5, 0.0, 1.0] {
            let p = Problem {
                issues: vec![issue("x", 1.0, sq)],
                status_quo: vec![sq],
                betrayal_cost: 0.2,
                principals: vec![
                    principal("p1", &[0.0], &[1.0], 1.0, 0.5),
                    principal("p2", &[1.0], &[1.0], 1.0, 0.5),
                ],
            };
            let l = landscape(&p, Valuation::Plain, Resolution::default()).unwrap();
            assert_eq!(l.packages, 11);
            assert_eq!(l.frontier.len(), 11, "sq {sq}");
            assert_eq!(l.zone.packages, 0);
            assert_eq!(l.frontier_in_zone, 0);
            assert!(l.nash.is_none() && l.kalai_smorodinsky.is_none());
            assert!(l.ideal_gains.is_none());
            assert_eq!(l.max_welfare.positions, vec![0.0]);
            assert!(close(l.max_welfare.values.iter().sum(), 1.0));
            // The status quo is on the frontier.
            let o = l.locate(
                &p,
                &Outcome {
                    positions: vec![sq],
                    agreed: false,
                },
            );
            assert_eq!(o.to_frontier, 0.0);
            assert!(o.to_nash.is_none() && o.to_nash_package.is_none());
            assert!(
                lowest_mutual_trust(&p, Resolution::default())
                    .unwrap()
                    .is_none()
            );
        }
    }

    #[test]
    fn symmetric_linear_utilities_meet_in_the_middle() {
        // Status quo (0.5, 0): d = (0.25, 0.25). The frontier is y = 1 (both gain on Y),
        // where u1 = (1 + x)/2 and u2 = (2 - x)/2, so u1 + u2 = 1.5. Gains g1 = 0.25 + x/2,
        // g2 = 0.75 - x/2. Nash: d/dx (g1 g2) = (0.5 - x)/2 = 0 at x = 0.5, utilities
        // (0.75, 0.75). KS: ideal gains g1* = g2* = 0.75 (x = 1, resp. 0, with y = 1; the
        // other's gain is then 0.25 >= 0), equal normalised gains at x = 0.5. Maximum
        // welfare: 1.5 all along the frontier, first in grid order x = 0. Zone: g1 > 0 iff
        // x + y > 0.5, g2 > 0 iff x - y < 0.5; on the 11 x 11 grid 21 + 21 - 1 packages
        // fail one of them ((0.5, 0) fails both), so 121 - 41 = 80 are in the zone.
        let p = divide_and_unite([0.5, 0.0], 1.0, 0.5);
        let l = landscape(&p, Valuation::Plain, Resolution::default()).unwrap();
        assert!(close_all(&l.security, &[0.25, 0.25]));
        assert_eq!(l.frontier.len(), 11);
        assert!(l.frontier.iter().all(|f| f.positions[1] == 1.0));
        assert_eq!(l.zone.packages, 80);
        assert_eq!(l.frontier_in_zone, 11);
        let nash = l.nash.as_ref().unwrap();
        assert!(close_all(&nash.positions, &[0.5, 1.0]));
        assert!(close_all(&nash.values, &[0.75, 0.75]));
        let ks = l.kalai_smorodinsky.as_ref().unwrap();
        assert!(close_all(&ks.positions, &[0.5, 1.0]));
        assert!(close_all(l.ideal_gains.as_ref().unwrap(), &[0.75, 0.75]));
        assert!(close_all(&l.max_welfare.positions, &[0.0, 1.0]));
        assert!(close(l.max_welfare.values.iter().sum(), 1.5));

        // The status quo as outcome: values (0.25, 0.25); the dominating frontier points
        // are (0.5 + x/2, 1 - x/2), nearest at x = 0.5: distance sqrt(0.5^2 + 0.5^2); the
        // package distance to (0.5, 1) is (0 + 1)/2.
        let o = l.locate(
            &p,
            &Outcome {
                positions: vec![0.5, 0.0],
                agreed: false,
            },
        );
        assert!(close(o.to_frontier, 0.5f64.sqrt()));
        assert!(close(o.to_nash.unwrap(), 0.5f64.sqrt()));
        assert!(close(o.to_nash_package.unwrap(), 0.5));
        // An outcome on the frontier is at distance 0 from it.
        let o = l.locate(
            &p,
            &Outcome {
                positions: vec![0.3, 1.0],
                agreed: true,
            },
        );
        assert_eq!(o.to_frontier, 0.0);
        assert!(close(o.to_nash.unwrap(), (2.0 * 0.1f64.powi(2)).sqrt()));
    }

    #[test]
    fn a_status_quo_at_an_end_separates_nash_from_kalai_smorodinsky() {
        // Status quo (0, 0): d = (0, 0.5). On the frontier y = 1: g1 = (1 + x)/2,
        // g2 = (1 - x)/2. Nash: g1 g2 = (1 - x^2)/4, largest at x = 0 (gains 0.5, 0.5).
        // KS: g1* = 1 (x = 1, g2 = 0), g2* = 0.5 (x = 0); min((1 + x)/2, 1 - x) is largest
        // where they are equal, x = 1/3, a point of the 4-point grid {0, 1/3, 2/3, 1}.
        let p = divide_and_unite([0.0, 0.0], 1.0, 0.5);
        let l = landscape(&p, Valuation::Plain, Resolution::with_points(4)).unwrap();
        assert_eq!(l.packages, 16);
        let nash = l.nash.as_ref().unwrap();
        assert!(close_all(&nash.positions, &[0.0, 1.0]));
        assert!(close_all(&nash.gains, &[0.5, 0.5]));
        assert!(close_all(l.ideal_gains.as_ref().unwrap(), &[1.0, 0.5]));
        let ks = l.kalai_smorodinsky.as_ref().unwrap();
        assert!(close_all(&ks.positions, &[1.0 / 3.0, 1.0]));
        assert!(close_all(&ks.gains, &[2.0 / 3.0, 1.0 / 3.0]));
    }

    #[test]
    fn at_full_trust_the_trust_weighted_landscape_is_the_plain_one() {
        let p = otl_like().with_mutual_trust(1.0);
        let plain = landscape(&p, Valuation::Plain, Resolution::default()).unwrap();
        let eu = landscape(&p, Valuation::TrustWeighted, Resolution::default()).unwrap();
        assert_eq!(plain.zone, eu.zone);
        assert_eq!(plain.frontier, eu.frontier);
        assert_eq!(plain.nash, eu.nash);
        assert_eq!(plain.kalai_smorodinsky, eu.kalai_smorodinsky);
        assert_eq!(plain.max_welfare, eu.max_welfare);
    }

    #[test]
    fn the_calibrated_principals_have_a_zone_that_initial_trust_closes() {
        // docs/model.md 7.1: the brief's package beats security for all three if kept, but
        // not at the initial trust.
        let p = otl_like();
        let a = analyze(&p, Resolution::default(), None).unwrap();
        assert!(a.plain.zone.exists());
        assert!(!a.trust_weighted.zone.exists());
        assert!(a.trust_weighted.nash.is_none());
        let m = lowest_mutual_trust(&p, Resolution::default())
            .unwrap()
            .unwrap();
        assert!(m.threshold > 0.0 && m.threshold < m.lowest && m.lowest <= 1.0);
        // The brief's package needs 0.571 (docs/model.md); the grid's best needs less.
        assert!(m.lowest <= 0.572, "{}", m.lowest);
    }

    #[test]
    fn the_lowest_mutual_trust_is_the_edge_of_the_zone() {
        // Symmetric problem, status quo (0.5, 0): the package with the largest smallest
        // gain is (0.5, 1), gains 0.5 each; with k = p c = 0.5 * 0.2 = 0.1 it enters at
        // t = (0.1 + 1e-9) / (0.5 + 0.1), just above 1/6: the lowest step is 0.167.
        let p = divide_and_unite([0.5, 0.0], 0.3, 0.5);
        let r = Resolution::default();
        let m = lowest_mutual_trust(&p, r).unwrap().unwrap();
        assert!((m.threshold - 1.0 / 6.0).abs() < 1e-8, "{}", m.threshold);
        assert!(close_all(&m.package.positions, &[0.5, 1.0]));
        assert_eq!(m.lowest, 0.167);
        for (t, exists) in [(0.167, true), (0.166, false), (m.threshold + 1e-6, true)] {
            let z = zone(&p.with_mutual_trust(t), Valuation::TrustWeighted, r).unwrap();
            assert_eq!(z.exists(), exists, "at {t}");
        }
        for q in [otl_like(), divide_and_unite([0.0, 0.0], 0.5, 0.9)] {
            let m = lowest_mutual_trust(&q, r).unwrap().unwrap();
            let at = |t: f64| zone(&q.with_mutual_trust(t), Valuation::TrustWeighted, r).unwrap();
            assert!(at(m.lowest).exists());
            assert!(!at(m.lowest - 0.001).exists());
        }
    }

    #[test]
    fn an_agreed_outcome_is_worth_its_expected_utility_and_no_deal_is_worth_security() {
        let p = divide_and_unite([0.5, 0.0], 0.6, 0.5);
        let l = landscape(&p, Valuation::TrustWeighted, Resolution::default()).unwrap();
        let none = l.locate(
            &p,
            &Outcome {
                positions: vec![0.5, 0.0],
                agreed: false,
            },
        );
        assert!(close_all(&none.values, &[0.25, 0.25]));
        assert!(close_all(&none.gains, &[0.0, 0.0]));
        let deal = l.locate(
            &p,
            &Outcome {
                positions: vec![0.5, 1.0],
                agreed: true,
            },
        );
        // EU = 0.6 * 0.75 + 0.4 * (0.25 - 0.5 * 0.2) = 0.51.
        assert!(close_all(&deal.values, &[0.51, 0.51]));
        assert_eq!(deal.to_frontier, 0.0);
        assert!(close(deal.to_nash.unwrap(), 0.0));
    }

    // ---- Brute force on small random problems, written independently of the code above.

    const EPS: f64 = 1e-9;

    fn brute_dominates(a: &[f64], b: &[f64]) -> bool {
        a.iter().zip(b).all(|(x, y)| *x >= y - EPS) && a.iter().zip(b).any(|(x, y)| *x > y + EPS)
    }

    /// Every package of a `points`-per-issue grid, by nested enumeration.
    fn all_packages(issues: &[Issue], points: usize) -> Vec<Vec<f64>> {
        let mut out = vec![vec![]];
        for issue in issues {
            let mut next = Vec::new();
            for prefix in &out {
                for k in 0..points {
                    let mut x = prefix.clone();
                    x.push(issue.min + (issue.max - issue.min) * k as f64 / (points - 1) as f64);
                    next.push(x);
                }
            }
            out = next;
        }
        out
    }

    /// Inputs on a coarse lattice, so that values either tie or differ by far more than EPS.
    fn problem_strategy() -> impl Strategy<Value = Problem> {
        (1usize..=3, 2usize..=3).prop_flat_map(|(n, m)| {
            let lattice = |k: u32| k as f64 / 20.0;
            let principal_strategy = (
                prop::collection::vec(0u32..=20, n),
                prop::collection::vec(1u32..=5, n),
                0u32..=20,
                0u32..=20,
            );
            (
                prop::collection::vec(0u32..=20, n),
                prop::collection::vec(principal_strategy, m),
                0u32..=4,
            )
                .prop_map(move |(sq, ps, c)| {
                    let issues: Vec<Issue> = (0..n)
                        .map(|i| {
                            let max = if i == 2 { 10.0 } else { 1.0 };
                            issue(&format!("i{i}"), max, lattice(sq[i]) * max)
                        })
                        .collect();
                    let principals = ps
                        .iter()
                        .enumerate()
                        .map(|(a, (ideal, w, t, p))| {
                            let total: u32 = w.iter().sum();
                            principal(
                                &format!("p{a}"),
                                &ideal
                                    .iter()
                                    .zip(&issues)
                                    .map(|(k, is)| lattice(*k) * is.max)
                                    .collect::<Vec<_>>(),
                                &w.iter()
                                    .map(|w| *w as f64 / total as f64)
                                    .collect::<Vec<_>>(),
                                lattice(*t),
                                lattice(*p),
                            )
                        })
                        .collect();
                    Problem {
                        status_quo: issues.iter().map(|i| i.status_quo).collect(),
                        issues,
                        betrayal_cost: c as f64 / 10.0,
                        principals,
                    }
                })
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn every_point_agrees_with_brute_force(p in problem_strategy(), points in 3usize..=6) {
            let r = Resolution::with_points(points);
            for valuation in [Valuation::Plain, Valuation::TrustWeighted] {
                let l = landscape(&p, valuation, r).unwrap();
                let packages = all_packages(&p.issues, points);
                prop_assert_eq!(l.packages, packages.len());
                let s = p.security();
                let values: Vec<Vec<f64>> = packages.iter().map(|x| p.values(valuation, x)).collect();
                let gains: Vec<Vec<f64>> = values
                    .iter()
                    .map(|v| v.iter().zip(&s).map(|(v, s)| v - s).collect())
                    .collect();

                // Frontier: exactly the packages nothing dominates.
                let on_frontier = |x: &[f64]| l.frontier.iter().any(|f| close_all(&f.positions, x));
                for (i, x) in packages.iter().enumerate() {
                    let dominated = values.iter().any(|v| brute_dominates(v, &values[i]));
                    prop_assert_eq!(on_frontier(x), !dominated, "package {:?}", x);
                }

                // Zone.
                let zone: Vec<usize> = (0..packages.len())
                    .filter(|&i| gains[i].iter().all(|g| *g > EPS))
                    .collect();
                prop_assert_eq!(l.zone.packages, zone.len());

                // Maximum welfare.
                let best_sum = values.iter().map(|v| v.iter().sum::<f64>()).fold(f64::MIN, f64::max);
                prop_assert!(close(l.max_welfare.values.iter().sum(), best_sum));
                prop_assert!(close_all(&l.max_welfare.values, &p.values(valuation, &l.max_welfare.positions)));

                // Nash.
                let best_product = zone
                    .iter()
                    .map(|&i| gains[i].iter().product::<f64>())
                    .fold(None, |b: Option<f64>, v| Some(b.map_or(v, |b| b.max(v))));
                match (&l.nash, best_product) {
                    (None, None) => {}
                    (Some(n), Some(b)) => {
                        prop_assert!(close(n.gains.iter().product(), b));
                        prop_assert!(n.gains.iter().all(|g| *g > EPS));
                    }
                    (n, b) => prop_assert!(false, "nash {:?} vs brute force {:?}", n, b),
                }

                // Kalai-Smorodinsky.
                let weakly: Vec<usize> = (0..packages.len())
                    .filter(|&i| gains[i].iter().all(|g| *g >= -EPS))
                    .collect();
                let ideal: Vec<f64> = (0..s.len())
                    .map(|a| weakly.iter().map(|&i| gains[i][a]).fold(f64::MIN, f64::max))
                    .collect();
                let ks_value = |g: &[f64]| g.iter().zip(&ideal).map(|(g, m)| g / m).fold(f64::MAX, f64::min);
                let best_ks = zone
                    .iter()
                    .map(|&i| ks_value(&gains[i]))
                    .fold(None, |b: Option<f64>, v| Some(b.map_or(v, |b| b.max(v))));
                match (&l.kalai_smorodinsky, best_ks) {
                    (None, None) => {}
                    (Some(k), Some(b)) => {
                        prop_assert!(close(ks_value(&k.gains), b));
                        prop_assert!(on_frontier(&k.positions));
                        prop_assert!(close_all(l.ideal_gains.as_ref().unwrap(), &ideal));
                    }
                    (k, b) => prop_assert!(false, "ks {:?} vs brute force {:?}", k, b),
                }
            }
        }

        #[test]
        fn lowering_trust_never_enlarges_the_trust_weighted_zone(
            p in problem_strategy(),
            who in 0usize..3,
            cut in 0u32..=20,
        ) {
            let r = Resolution::with_points(5);
            let size = |q: &Problem| zone(q, Valuation::TrustWeighted, r).unwrap().packages;
            // One principal's trust lowered.
            let who = who % p.principals.len();
            let mut lower = p.clone();
            let cut_to = (lower.principals[who].trust - cut as f64 / 20.0).max(0.0);
            lower.principals[who].set_mutual_trust(cut_to);
            prop_assert!(size(&lower) <= size(&p));
            // Mutual trust lowered step by step, from full trust (the plain zone) to none.
            let plain = zone(&p, Valuation::Plain, r).unwrap().packages;
            let mut last = usize::MAX;
            for k in (0..=20).rev() {
                let n = size(&p.with_mutual_trust(k as f64 / 20.0));
                if k == 20 {
                    prop_assert_eq!(n, plain);
                }
                prop_assert!(n <= last);
                last = n;
            }
        }
    }

    #[test]
    fn lowering_trust_shrinks_the_calibrated_zone() {
        let p = otl_like();
        let r = Resolution::default();
        let sizes: Vec<usize> = (0..=20)
            .map(|k| {
                zone(
                    &p.with_mutual_trust(k as f64 / 20.0),
                    Valuation::TrustWeighted,
                    r,
                )
                .unwrap()
                .packages
            })
            .collect();
        assert!(sizes.windows(2).all(|w| w[0] <= w[1]), "{sizes:?}");
        assert_eq!(sizes[0], 0);
        assert!(sizes[20] > 0);
    }
}
