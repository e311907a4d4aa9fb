//! Two scenarios compared seed by seed: the runs of A and B on the same seeds paired, for
//! each way a run can end and each outcome the 2x2 table of the pairs, the difference in
//! shares with its paired interval (and the unpaired one, for contrast), McNemar's exact
//! test, and the pairs themselves as a table (CSV or JSON).

use crate::SweepError;
use crate::results::Row;
use crate::stats::{self, REASONS};
use crate::summary::{Cell, Table};

/// The runs of A and B on one seed.
#[derive(Clone, Copy, Debug)]
pub struct Pair<'a> {
    /// The seed.
    pub seed: u64,
    /// A's run.
    pub a: &'a Row,
    /// B's run.
    pub b: &'a Row,
}

/// Pair the runs of A and B by seed; both must have run exactly the same seeds, once each.
/// The pairs come sorted by seed.
pub fn pair<'a>(a: &'a [Row], b: &'a [Row]) -> Result<Vec<Pair<'a>>, SweepError> {
    let sorted = |rows: &'a [Row], side: &str| -> Result<Vec<&'a Row>, SweepError> {
        let mut v: Vec<&Row> = rows.iter().collect();
        v.sort_by_key(|r| r.seed);
        if let Some(w) = v.windows(2).find(|w| w[0].seed == w[1].seed) {
            return Err(SweepError::Input(format!(
                "{side} ran seed {} twice; pairs need each seed once",
                w[0].seed
            )));
        }
        Ok(v)
    };
    let (a, b) = (sorted(a, "A")?, sorted(b, "B")?);
    if a.len() != b.len() || a.iter().zip(&b).any(|(x, y)| x.seed != y.seed) {
        return Err(SweepError::Input(format!(
            "A and B ran different seeds ({} and {} runs); pairs need the same seeds",
            a.len(),
            b.len()
        )));
    }
    Ok(a.into_iter()
        .zip(b)
        .map(|(a, b)| Pair { seed: a.seed, a, b })
        .collect())
}

/// What a contrast counts: an equilibrium reason or an outcome label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// Runs ending for this reason (`settlement`, ...).
    Reason(String),
    /// Runs with this outcome label.
    Outcome(String),
}

impl Event {
    /// Whether `row` counts.
    pub fn holds(&self, row: &Row) -> bool {
        match self {
            Event::Reason(r) => row.reason == *r,
            Event::Outcome(l) => row.outcome == *l,
        }
    }

    /// Its name (the reason or the label).
    pub fn name(&self) -> &str {
        match self {
            Event::Reason(s) | Event::Outcome(s) => s,
        }
    }
}

/// The paired 2x2 table of one event over the pairs.
#[derive(Clone, Debug, PartialEq)]
pub struct Contrast {
    /// What is counted.
    pub event: Event,
    /// Seeds where it happens on both sides.
    pub both: u64,
    /// Seeds where it happens under A only.
    pub a_only: u64,
    /// Seeds where it happens under B only.
    pub b_only: u64,
    /// Seeds where it happens on neither side.
    pub neither: u64,
}

impl Contrast {
    /// Count `event` over `pairs`.
    pub fn of(event: Event, pairs: &[Pair]) -> Self {
        let mut c = Contrast {
            event,
            both: 0,
            a_only: 0,
            b_only: 0,
            neither: 0,
        };
        for p in pairs {
            match (c.event.holds(p.a), c.event.holds(p.b)) {
                (true, true) => c.both += 1,
                (true, false) => c.a_only += 1,
                (false, true) => c.b_only += 1,
                (false, false) => c.neither += 1,
            }
        }
        c
    }

    /// Pairs counted.
    pub fn n(&self) -> u64 {
        self.both + self.a_only + self.b_only + self.neither
    }

    /// Runs of A where it happens.
    pub fn a(&self) -> u64 {
        self.both + self.a_only
    }

    /// Runs of B where it happens.
    pub fn b(&self) -> u64 {
        self.both + self.b_only
    }

    /// B's share minus A's, with the paired 95% interval ([`stats::paired_difference`]).
    pub fn paired(&self) -> (f64, f64, f64) {
        stats::paired_difference(self.both, self.a_only, self.b_only, self.neither)
    }

    /// The same difference with the interval it would have if the sides were independent
    /// samples ([`stats::difference`]): what pairing saves.
    pub fn unpaired(&self) -> (f64, f64, f64) {
        stats::difference(self.a(), self.n(), self.b(), self.n())
    }

    /// McNemar's exact test of "A and B are equally likely to bring it about".
    pub fn mcnemar(&self) -> f64 {
        stats::mcnemar_exact(self.a_only, self.b_only)
    }
}

/// One contrast per equilibrium reason, then per outcome label in `labels` (in order), then
/// per label seen in the runs but not listed (alphabetically).
pub fn contrasts(pairs: &[Pair], labels: &[String]) -> Vec<Contrast> {
    let mut all: Vec<String> = labels.to_vec();
    let mut extra: Vec<&str> = pairs
        .iter()
        .flat_map(|p| [p.a.outcome.as_str(), p.b.outcome.as_str()])
        .filter(|l| !labels.iter().any(|x| x == l))
        .collect();
    extra.sort_unstable();
    extra.dedup();
    all.extend(extra.into_iter().map(String::from));
    REASONS
        .iter()
        .map(|r| Event::Reason(r.to_string()))
        .chain(all.into_iter().map(Event::Outcome))
        .map(|e| Contrast::of(e, pairs))
        .collect()
}

/// The pairs as a table, one row per seed: `seed`, then for each side S (`a`, `b`) its
/// `S_reason`, `S_round`, `S_date`, `S_outcome`, `S_mean_trust`, `S_messages` and one
/// `S_pos_ISSUE` per issue of its scenario, then `same_reason` and `same_outcome` (0 or 1).
pub fn table(pairs: &[Pair], a_issues: &[String], b_issues: &[String]) -> Table {
    let mut columns = vec!["seed".to_string()];
    for (side, issues) in [("a", a_issues), ("b", b_issues)] {
        for c in [
            "reason",
            "round",
            "date",
            "outcome",
            "mean_trust",
            "messages",
        ] {
            columns.push(format!("{side}_{c}"));
        }
        columns.extend(issues.iter().map(|i| format!("{side}_pos_{i}")));
    }
    columns.extend(["same_reason".to_string(), "same_outcome".to_string()]);
    let side = |r: &Row, issues: &[String]| {
        let mut cells = vec![
            Cell::Text(r.reason.clone()),
            Cell::Int(r.round as u64),
            Cell::Text(r.date.clone()),
            Cell::Text(r.outcome.clone()),
            Cell::Num(r.mean_trust),
            Cell::Int(r.messages),
        ];
        cells
            .extend((0..issues.len()).map(|k| Cell::Num(*r.positions.get(k).unwrap_or(&f64::NAN))));
        cells
    };
    let rows = pairs
        .iter()
        .map(|p| {
            let mut row = vec![Cell::Int(p.seed)];
            row.extend(side(p.a, a_issues));
            row.extend(side(p.b, b_issues));
            row.push(Cell::Int((p.a.reason == p.b.reason) as u64));
            row.push(Cell::Int((p.a.outcome == p.b.outcome) as u64));
            row
        })
        .collect();
    Table { columns, rows }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(seed: u64, reason: &str, outcome: &str) -> Row {
        Row {
            run: seed,
            config: 0,
            seed,
            reason: reason.into(),
            round: 3,
            date: "1945-08".into(),
            outcome: outcome.into(),
            positions: vec![0.5],
            mean_trust: 0.4,
            messages: 9,
        }
    }

    #[test]
    fn runs_pair_by_seed_whatever_their_order() {
        let a = vec![row(2, "settlement", "X"), row(1, "breakdown", "Y")];
        let b = vec![row(1, "settlement", "X"), row(2, "settlement", "X")];
        let pairs = pair(&a, &b).unwrap();
        assert_eq!(pairs.iter().map(|p| p.seed).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(pairs[0].a.reason, "breakdown");
        assert_eq!(pairs[0].b.reason, "settlement");
        let cs = contrasts(&pairs, &["X".to_string()]);
        let settle = &cs[0];
        assert_eq!(settle.event, Event::Reason("settlement".into()));
        assert_eq!(
            (settle.both, settle.a_only, settle.b_only, settle.neither),
            (1, 0, 1, 0)
        );
        assert_eq!((settle.a(), settle.b(), settle.n()), (1, 2, 2));
        // Reasons, then the listed label, then the one only seen.
        let names: Vec<&str> = cs.iter().map(|c| c.event.name()).collect();
        assert_eq!(
            names,
            ["settlement", "breakdown", "deadlock", "horizon", "X", "Y"]
        );
    }

    #[test]
    fn different_or_repeated_seeds_are_refused() {
        let a = vec![row(1, "settlement", "X"), row(2, "settlement", "X")];
        let b = vec![row(1, "settlement", "X"), row(3, "settlement", "X")];
        assert!(
            pair(&a, &b)
                .unwrap_err()
                .to_string()
                .contains("different seeds")
        );
        let twice = vec![row(1, "settlement", "X"), row(1, "settlement", "X")];
        assert!(pair(&twice, &a).unwrap_err().to_string().contains("twice"));
    }

    #[test]
    fn the_pairs_table_has_one_row_per_seed_and_both_sides() {
        let a = vec![row(5, "breakdown", "Y")];
        let b = vec![row(5, "settlement", "X")];
        let pairs = pair(&a, &b).unwrap();
        let t = table(&pairs, &["loan".to_string()], &["loan".to_string()]);
        assert_eq!(t.rows.len(), 1);
        let col = |name: &str| t.columns.iter().position(|c| c == name).unwrap();
        assert_eq!(t.rows[0][col("seed")], Cell::Int(5));
        assert_eq!(t.rows[0][col("a_reason")], Cell::Text("breakdown".into()));
        assert_eq!(t.rows[0][col("b_outcome")], Cell::Text("X".into()));
        assert_eq!(t.rows[0][col("b_pos_loan")], Cell::Num(0.5));
        assert_eq!(t.rows[0][col("same_reason")], Cell::Int(0));
        assert_eq!(t.to_csv().lines().count(), 2);
    }
}
