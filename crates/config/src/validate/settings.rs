//! The `[scenario]` table: name, dates, horizon, deadline and the run's constants.

use super::MAX_HORIZON;
use super::check::{Checker, Field};
use crate::raw::RawSettings;
use detente_model::{Settings, YearMonth};

impl Checker<'_> {
    /// Everything of `[scenario]` but the veto principals, which need the actors.
    pub(crate) fn settings(&mut self, s: &RawSettings) -> Settings {
        let sf = Field::root("scenario");
        if s.name.trim().is_empty() {
            self.report(
                &sf.key("name"),
                " is empty; give the scenario a short name".into(),
            );
        }
        let start = match s.start.parse::<YearMonth>() {
            Ok(d) => d,
            Err(e) => {
                self.report(&sf.key("start"), format!(": {e}"));
                YearMonth {
                    year: 1945,
                    month: 5,
                }
            }
        };
        for (key, months) in [("horizon", s.horizon), ("deadline", s.deadline)] {
            if !(1..=MAX_HORIZON).contains(&months) {
                self.report(
                    &sf.key(key),
                    format!(" = {months} is out of range; allowed: 1 to {MAX_HORIZON} (months)"),
                );
            }
        }
        if !(1..=1000).contains(&s.stable_rounds) {
            self.report(
                &sf.key("stable_rounds"),
                format!(" = {} is out of range; allowed: 1 to 1000", s.stable_rounds),
            );
        }
        self.range(&sf.key("epsilon"), s.epsilon, 0.0, 1.0);
        self.range(&sf.key("betrayal_cost"), s.betrayal_cost, 0.0, 1.0);
        self.range(&sf.key("noise"), s.noise, 0.0, 1.0);
        Settings {
            name: s.name.clone(),
            title: s.title.clone(),
            start,
            horizon: s.horizon.clamp(1, MAX_HORIZON) as u32,
            deadline: s.deadline.clamp(1, MAX_HORIZON) as u32,
            seed: s.seed,
            stable_rounds: s.stable_rounds.clamp(1, 1000) as u32,
            epsilon: s.epsilon,
            betrayal_cost: s.betrayal_cost,
            noise: s.noise,
            veto: Vec::new(),
        }
    }
}
