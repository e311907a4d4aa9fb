//! The patterns file (`configs/patterns.toml`): what the model must reproduce, each claim
//! with its source and its tolerance, read into typed checks that `detente validate` runs.

use crate::error::{ConfigError, Problem};
use crate::locate::Seg;
use crate::source::{SourceFile, Sources};
use detente_model::{EquilibriumReason, YearMonth};
use serde::Deserialize;

/// The built-in patterns file.
pub const BUILTIN: &str = include_str!("../../../configs/patterns.toml");

/// Every pattern of a file, with the sizes it is checked at.
#[derive(Clone, Debug, PartialEq)]
pub struct Patterns {
    /// Seeds per scenario for shares and dates (seeds `seed_start..seed_start + runs`).
    pub runs: u64,
    /// Seeds per point of a response curve.
    pub runs_per_point: u64,
    /// First seed.
    pub seed_start: u64,
    /// The patterns, in file order.
    pub patterns: Vec<Pattern>,
}

/// One claim the model must reproduce.
#[derive(Clone, Debug, PartialEq)]
pub struct Pattern {
    /// Short id.
    pub id: String,
    /// The claim, in words.
    pub claim: String,
    /// Where the claim comes from.
    pub source: String,
    /// How it is measured and what passes.
    pub check: Check,
}

/// What a run counts toward, in a share.
#[derive(Clone, Debug, PartialEq)]
pub enum Counted {
    /// Runs that ended this way.
    Reason(EquilibriumReason),
    /// Runs that did not settle (breakdown, deadlock, horizon).
    Unsettled,
    /// Runs that ended in this outcome label.
    Outcome(String),
}

/// Which way a response must go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// The settle share rises with the parameter.
    Up,
    /// The settle share falls as the parameter rises.
    Down,
}

/// How a pattern is measured. Every figure comes with its 95% interval, and a figure
/// passes when its interval meets the target.
#[derive(Clone, Debug, PartialEq)]
pub enum Check {
    /// The share of runs counted (any of `count`) lies in `target`.
    Share {
        /// Scenario (a built-in name or a path).
        scenario: String,
        /// What counts.
        count: Vec<Counted>,
        /// Inclusive range.
        target: (f64, f64),
    },
    /// No single month holds more than `max` of the breakdowns.
    PeakMonth {
        /// Scenario.
        scenario: String,
        /// Largest share of the breakdowns one month may hold.
        max: f64,
    },
    /// The median breakdown falls between `from` and `to`.
    MedianBreak {
        /// Scenario.
        scenario: String,
        /// Earliest month.
        from: YearMonth,
        /// Latest month.
        to: YearMonth,
    },
    /// At least `min` of the runs are still at the table in month `at`.
    Negotiating {
        /// Scenario.
        scenario: String,
        /// The month.
        at: YearMonth,
        /// Smallest share.
        min: f64,
    },
    /// The share counted in `scenario` minus that in `baseline`, over the same seeds
    /// (paired), lies in `target`; if `significant`, its interval excludes 0.
    Difference {
        /// Scenario.
        scenario: String,
        /// Scenario compared with.
        baseline: String,
        /// What counts.
        count: Vec<Counted>,
        /// Inclusive range of the difference.
        target: (f64, f64),
        /// Whether the interval must exclude 0.
        significant: bool,
    },
    /// The settle share as `key` runs over `range` in steps of `step`, on each scenario:
    /// one way within two standard errors (the stated way, if `direction`) and no step
    /// larger than `max_step` (unless `one_way` is false), and a range of at least
    /// `min_range` on one scenario.
    Response {
        /// A `--set` key.
        key: String,
        /// Scenarios.
        scenarios: Vec<String>,
        /// First and last value.
        range: (f64, f64),
        /// Step.
        step: f64,
        /// The way the share must go, if stated.
        direction: Option<Direction>,
        /// Whether the share must move one way at all (and smoothly); if not, only its
        /// range is held to `min_range`.
        one_way: bool,
        /// Largest move of the share between neighbouring values.
        max_step: f64,
        /// Smallest range of the share over the values, on at least one scenario.
        min_range: f64,
    },
    /// Every settlement of every scenario leaves every veto principal better off than
    /// security, by its own expected utility when it accepted.
    Rational {
        /// Scenarios.
        scenarios: Vec<String>,
        /// Seeds per scenario.
        seeds: u64,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    settings: RawSettings,
    #[serde(default)]
    patterns: Vec<RawPattern>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSettings {
    runs: u64,
    runs_per_point: u64,
    #[serde(default = "one")]
    seed_start: u64,
}

fn one() -> u64 {
    1
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPattern {
    id: String,
    claim: String,
    source: String,
    kind: String,
    scenario: Option<String>,
    scenarios: Option<Vec<String>>,
    baseline: Option<String>,
    count: Option<Vec<String>>,
    target: Option<Vec<f64>>,
    max: Option<f64>,
    min: Option<f64>,
    from: Option<String>,
    to: Option<String>,
    at: Option<String>,
    significant: Option<bool>,
    key: Option<String>,
    range: Option<Vec<f64>>,
    step: Option<f64>,
    direction: Option<String>,
    one_way: Option<bool>,
    max_step: Option<f64>,
    min_range: Option<f64>,
    seeds: Option<u64>,
}

/// The kinds of pattern and the fields each needs.
const KINDS: &[(&str, &[&str])] = &[
    ("share", &["scenario", "count", "target"]),
    ("peak-month", &["scenario", "max"]),
    ("median-break", &["scenario", "from", "to"]),
    ("negotiating", &["scenario", "at", "min"]),
    ("difference", &["scenario", "baseline", "count", "target"]),
    (
        "response",
        &["key", "scenarios", "range", "step", "max_step", "min_range"],
    ),
    ("rational", &["scenarios", "seeds"]),
];

/// Read a patterns file from its text; `name` is how errors call it.
pub fn parse(text: &str, name: &str) -> Result<Patterns, ConfigError> {
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let message = e.message().trim().replace('\n', " ");
        ConfigError::one(
            match e.span().map(|s| crate::locate::line_col(text, s.start)) {
                Some((line, column)) => Problem::at(name.into(), line, column, message),
                None => {
                    Problem::unlocated(name.into(), message, "the TOML parser did not say where")
                }
            },
        )
    })?;
    let sources = Sources {
        files: vec![SourceFile::new(name.into(), text.into())],
        overrides: Vec::new(),
    };
    let mut c = Reader {
        sources: &sources,
        problems: Vec::new(),
    };
    let s = &raw.settings;
    if s.runs == 0 || s.runs_per_point == 0 {
        c.report(
            &[Seg::Key("settings".into())],
            "runs and runs_per_point must be at least 1".into(),
        );
    }
    let mut patterns = Vec::new();
    let mut ids: Vec<&str> = Vec::new();
    for (k, p) in raw.patterns.iter().enumerate() {
        if ids.contains(&p.id.as_str()) {
            c.report(&c.at(k, p, "id"), format!(" = \"{}\" is used twice", p.id));
        }
        ids.push(&p.id);
        if let Some(check) = c.check(k, p) {
            patterns.push(Pattern {
                id: p.id.clone(),
                claim: p.claim.clone(),
                source: p.source.clone(),
                check,
            });
        }
    }
    if !c.problems.is_empty() {
        let omitted = c.problems.len().saturating_sub(crate::MAX_PROBLEMS);
        c.problems.truncate(crate::MAX_PROBLEMS);
        return Err(ConfigError::Invalid {
            problems: c.problems,
            omitted,
        });
    }
    Ok(Patterns {
        runs: s.runs,
        runs_per_point: s.runs_per_point,
        seed_start: s.seed_start,
        patterns,
    })
}

struct Reader<'s> {
    sources: &'s Sources,
    problems: Vec<Problem>,
}

impl Reader<'_> {
    fn at(&self, k: usize, p: &RawPattern, field: &str) -> Vec<Seg> {
        vec![
            Seg::Key("patterns".into()),
            Seg::Item {
                index: k,
                id: Some(p.id.clone()),
            },
            Seg::Key(field.into()),
        ]
    }

    fn report(&mut self, at: &[Seg], message: String) {
        let path = crate::locate::show_path(at);
        self.problems
            .push(self.sources.problem(at, format!("{path}{message}")));
    }

    fn check(&mut self, k: usize, p: &RawPattern) -> Option<Check> {
        let Some((_, needs)) = KINDS.iter().find(|(kind, _)| *kind == p.kind) else {
            let kinds: Vec<&str> = KINDS.iter().map(|(k, _)| *k).collect();
            let hint = crate::hints::did_you_mean(&p.kind, kinds.iter().copied());
            self.report(
                &self.at(k, p, "kind"),
                format!(
                    " = \"{}\" is not a kind of pattern{hint}; kinds: {}",
                    p.kind,
                    kinds.join(", ")
                ),
            );
            return None;
        };
        let given = given_fields(p);
        let mut ok = true;
        for f in needs.iter().filter(|f| !given.contains(f)) {
            self.report(
                &self.at(k, p, "kind"),
                format!(" = \"{}\" needs `{f}`", p.kind),
            );
            ok = false;
        }
        let optional: &[&str] = match p.kind.as_str() {
            "difference" => &["significant"],
            "response" => &["direction", "one_way"],
            _ => &[],
        };
        for f in given
            .iter()
            .filter(|f| !needs.contains(f) && !optional.contains(f))
        {
            self.report(
                &self.at(k, p, f),
                format!(" does not belong to a pattern of kind \"{}\"", p.kind),
            );
            ok = false;
        }
        if !ok {
            return None;
        }
        let scenario = || p.scenario.clone().unwrap_or_default();
        let check = match p.kind.as_str() {
            "share" => Check::Share {
                scenario: scenario(),
                count: self.count(k, p)?,
                target: self.pair(k, p, "target", p.target.as_deref())?,
            },
            "peak-month" => Check::PeakMonth {
                scenario: scenario(),
                max: self.share(k, p, "max", p.max)?,
            },
            "median-break" => Check::MedianBreak {
                scenario: scenario(),
                from: self.month(k, p, "from", p.from.as_deref())?,
                to: self.month(k, p, "to", p.to.as_deref())?,
            },
            "negotiating" => Check::Negotiating {
                scenario: scenario(),
                at: self.month(k, p, "at", p.at.as_deref())?,
                min: self.share(k, p, "min", p.min)?,
            },
            "difference" => Check::Difference {
                scenario: scenario(),
                baseline: p.baseline.clone().unwrap_or_default(),
                count: self.count(k, p)?,
                target: self.pair_within(k, p, "target", p.target.as_deref(), -1.0)?,
                significant: p.significant.unwrap_or(false),
            },
            "response" => Check::Response {
                key: p.key.clone().unwrap_or_default(),
                scenarios: p.scenarios.clone().unwrap_or_default(),
                range: self.range(k, p)?,
                step: self.positive(k, p, "step", p.step)?,
                direction: self.direction(k, p)?,
                one_way: p.one_way.unwrap_or(true),
                max_step: self.share(k, p, "max_step", p.max_step)?,
                min_range: self.share(k, p, "min_range", p.min_range)?,
            },
            _ => Check::Rational {
                scenarios: p.scenarios.clone().unwrap_or_default(),
                seeds: p.seeds.unwrap_or(0).max(1),
            },
        };
        Some(check)
    }

    fn count(&mut self, k: usize, p: &RawPattern) -> Option<Vec<Counted>> {
        let mut out = Vec::new();
        for (i, c) in p.count.iter().flatten().enumerate() {
            let counted = match c.as_str() {
                "settlement" => Counted::Reason(EquilibriumReason::Settlement),
                "breakdown" => Counted::Reason(EquilibriumReason::Breakdown),
                "deadlock" => Counted::Reason(EquilibriumReason::Deadlock),
                "horizon" => Counted::Reason(EquilibriumReason::Horizon),
                "unsettled" => Counted::Unsettled,
                other => match other.strip_prefix("outcome:") {
                    Some(label) if !label.trim().is_empty() => Counted::Outcome(label.into()),
                    _ => {
                        let mut at = self.at(k, p, "count");
                        at.push(Seg::Item { index: i, id: None });
                        self.report(&at, format!(" = \"{c}\" is not something a run can end in; allowed: settlement, breakdown, deadlock, horizon, unsettled, outcome:LABEL"));
                        return None;
                    }
                },
            };
            out.push(counted);
        }
        if out.is_empty() {
            self.report(
                &self.at(k, p, "count"),
                " is empty; name what counts".into(),
            );
            return None;
        }
        Some(out)
    }

    fn share(&mut self, k: usize, p: &RawPattern, field: &str, x: Option<f64>) -> Option<f64> {
        let x = x?;
        if x.is_finite() && (0.0..=1.0).contains(&x) {
            return Some(x);
        }
        self.report(
            &self.at(k, p, field),
            format!(" = {x} is out of range; allowed: 0 to 1"),
        );
        None
    }

    fn positive(&mut self, k: usize, p: &RawPattern, field: &str, x: Option<f64>) -> Option<f64> {
        let x = x?;
        if x.is_finite() && x > 0.0 {
            return Some(x);
        }
        self.report(
            &self.at(k, p, field),
            format!(" = {x} must be a positive number"),
        );
        None
    }

    fn pair(
        &mut self,
        k: usize,
        p: &RawPattern,
        field: &str,
        v: Option<&[f64]>,
    ) -> Option<(f64, f64)> {
        self.pair_within(k, p, field, v, 0.0)
    }

    fn pair_within(
        &mut self,
        k: usize,
        p: &RawPattern,
        field: &str,
        v: Option<&[f64]>,
        lowest: f64,
    ) -> Option<(f64, f64)> {
        match v? {
            [lo, hi]
                if lo.is_finite() && hi.is_finite() && lowest <= *lo && lo <= hi && *hi <= 1.0 =>
            {
                Some((*lo, *hi))
            }
            other => {
                self.report(
                    &self.at(k, p, field),
                    format!(" = {other:?} must be [LOW, HIGH] with {lowest} <= LOW <= HIGH <= 1"),
                );
                None
            }
        }
    }

    fn range(&mut self, k: usize, p: &RawPattern) -> Option<(f64, f64)> {
        match p.range.as_deref()? {
            [lo, hi] if lo.is_finite() && hi.is_finite() && lo < hi => Some((*lo, *hi)),
            other => {
                self.report(
                    &self.at(k, p, "range"),
                    format!(" = {other:?} must be [FIRST, LAST] with FIRST < LAST"),
                );
                None
            }
        }
    }

    fn month(
        &mut self,
        k: usize,
        p: &RawPattern,
        field: &str,
        v: Option<&str>,
    ) -> Option<YearMonth> {
        let v = v?;
        match v.parse() {
            Ok(m) => Some(m),
            Err(_) => {
                self.report(
                    &self.at(k, p, field),
                    format!(" = \"{v}\" is not a month; write YYYY-MM, e.g. \"1947-06\""),
                );
                None
            }
        }
    }

    fn direction(&mut self, k: usize, p: &RawPattern) -> Option<Option<Direction>> {
        match p.direction.as_deref() {
            None => Some(None),
            Some("up") => Some(Some(Direction::Up)),
            Some("down") => Some(Some(Direction::Down)),
            Some(other) => {
                self.report(
                    &self.at(k, p, "direction"),
                    format!(" = \"{other}\" is not a direction; allowed: up, down"),
                );
                None
            }
        }
    }
}

/// The optional fields a raw pattern gives.
fn given_fields(p: &RawPattern) -> Vec<&'static str> {
    let flags = [
        ("scenario", p.scenario.is_some()),
        ("scenarios", p.scenarios.is_some()),
        ("baseline", p.baseline.is_some()),
        ("count", p.count.is_some()),
        ("target", p.target.is_some()),
        ("max", p.max.is_some()),
        ("min", p.min.is_some()),
        ("from", p.from.is_some()),
        ("to", p.to.is_some()),
        ("at", p.at.is_some()),
        ("significant", p.significant.is_some()),
        ("key", p.key.is_some()),
        ("range", p.range.is_some()),
        ("step", p.step.is_some()),
        ("direction", p.direction.is_some()),
        ("one_way", p.one_way.is_some()),
        ("max_step", p.max_step.is_some()),
        ("min_range", p.min_range.is_some()),
        ("seeds", p.seeds.is_some()),
    ];
    flags.iter().filter(|(_, g)| *g).map(|(f, _)| *f).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_patterns_load() {
        let p = parse(BUILTIN, "configs/patterns.toml").unwrap();
        assert!(p.patterns.len() >= 10);
        assert!(
            p.patterns
                .iter()
                .any(|p| matches!(p.check, Check::Response { .. }))
        );
    }

    #[test]
    fn a_bad_pattern_is_located_and_says_what_is_allowed() {
        let text = "[settings]\nruns = 10\nruns_per_point = 5\n\n[[patterns]]\nid = \"a\"\nclaim = \"c\"\nsource = \"s\"\nkind = \"share\"\nscenario = \"otl\"\ncount = [\"settled\"]\ntarget = [0.1, 0.2]\n";
        let e = parse(text, "p.toml").unwrap_err().to_string();
        assert!(e.starts_with("p.toml:11:"), "{e}");
        assert!(
            e.contains("settled") && e.contains("allowed: settlement"),
            "{e}"
        );
        let missing = text
            .replace("target = [0.1, 0.2]\n", "")
            .replace("settled", "settlement");
        let e = parse(&missing, "p.toml").unwrap_err().to_string();
        assert!(e.contains("needs `target`"), "{e}");
    }
}
