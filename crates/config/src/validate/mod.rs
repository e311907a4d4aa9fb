//! Validation of a raw scenario into the model's types, collecting every problem found:
//! one checker method per section of the file, in the order the sections depend on.

mod actors;
mod check;
mod events;
mod issues;
mod network;
mod outcomes;
mod settings;

use crate::error::Problem;
use crate::raw::RawScenario;
use crate::source::Sources;
use check::{Checker, Names};
use detente_model::Scenario;

/// Most actors a scenario may have (a sanity limit on user input): as many as a 16-bit
/// index numbers, so that 50,000-actor scale runs are possible.
pub const MAX_ACTORS: usize = 65_536;
// Actors are numbered by a u16.
const _: () = assert!(MAX_ACTORS <= u16::MAX as usize + 1);
/// Most issues a scenario may have.
pub const MAX_ISSUES: usize = 64;
/// Most events a scenario may have.
pub const MAX_EVENTS: usize = 10_000;
/// Longest horizon, in months.
pub const MAX_HORIZON: i64 = 1200;

/// Validate a parsed scenario; `sources` locate each problem where it was written.
/// The error lists the problems found, up to [`crate::MAX_PROBLEMS`], and counts the rest.
pub(crate) fn validate(
    raw: &RawScenario,
    sources: &Sources,
) -> Result<Scenario, (Vec<Problem>, usize)> {
    let mut c = Checker::new(sources);
    let mut settings = c.settings(&raw.scenario);
    let (mut issues, issue_index) = c.issues(&raw.issues);
    let names = Names {
        issues: issue_index,
        actors: c.actor_ids(&raw.actors),
    };
    let actors = c.actors(&raw.actors, &issues, &names);
    settings.veto = c.veto(&raw.scenario.veto, &raw.actors, &names);
    c.keepers(&raw.issues, &raw.actors, &mut issues);
    let channels = c.channels(&raw.channels, &names);
    let context = events::Context {
        start: settings.start,
        horizon: settings.horizon,
        issues: &issues,
        actors: &raw.actors,
        names: &names,
    };
    let (events, opened) = c.events(&raw.events, &context);
    let outcomes = c.outcomes(&raw.outcomes, &issues, &names);
    c.reachability(&raw.actors, &channels, &opened);
    if !c.problems.is_empty() {
        return Err((c.problems.items, c.problems.omitted));
    }
    Ok(Scenario {
        settings,
        issues,
        actors,
        channels,
        events,
        outcomes,
    })
}
