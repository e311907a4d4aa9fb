//! The `detente` command line: parse arguments, load the scenario, run it, print and save.

mod alloc;
mod analyze;
mod args;
mod check;
mod compare;
mod logging;
mod outcomes;
mod output;
mod play;
mod report;
mod run;
mod sensitivity;
mod serve;
mod summarize;
mod sweep;
mod validate;

use clap::Parser;
use std::process::ExitCode;

// A run allocates a little every round (messages, snapshots); mimalloc serves those small,
// short-lived blocks in a fraction of the system allocator's time (see alloc.rs).
#[global_allocator]
static ALLOCATOR: alloc::Allocator = alloc::Allocator;

/// Exit codes: 0 a finished run (whatever its equilibrium), 1 an internal failure, 2 bad
/// input or usage (clap also exits 2 on usage errors).
#[derive(Debug)]
pub enum Failure {
    /// The user's input is wrong (scenario, flags, output path).
    BadInput(anyhow::Error),
    /// Something failed inside detente (an actor task, the runtime, writing output).
    Internal(anyhow::Error),
    /// The command ran and its answer is "no" (a pattern the model fails): exit 1.
    Unmet(String),
}

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    let result = match cli.command {
        args::Command::Run(a) => run::run(a),
        args::Command::Check(a) => check::check(a),
        args::Command::Scenarios => check::list_builtins(),
        args::Command::Outcomes(a) => outcomes::outcomes(a),
        args::Command::Sweep(a) => sweep::sweep(a),
        args::Command::Generate(a) => check::generate(a),
        args::Command::Compare(a) => compare::compare(a),
        args::Command::Merge(a) => sweep::merge(a),
        args::Command::Summarize(a) => summarize::summarize(a),
        args::Command::Analyze(a) => analyze::analyze(a),
        args::Command::Report(a) => report::report(a),
        args::Command::Sensitivity(a) => sensitivity::sensitivity(a),
        args::Command::Validate(a) => validate::validate(a),
        args::Command::Play(a) => play::play(a),
        args::Command::Serve(a) => serve::serve(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::BadInput(e)) => {
            output::eprint(&format!("error: {e:#}"));
            ExitCode::from(2)
        }
        Err(Failure::Internal(e)) => {
            output::eprint(&format!("error: {e:#}"));
            ExitCode::from(1)
        }
        Err(Failure::Unmet(why)) => {
            output::eprint(&why);
            ExitCode::from(1)
        }
    }
}
