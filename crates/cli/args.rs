//! Command-line arguments (clap).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// detente: could the USSR and the US have stayed close after 1945? Five leaders
/// negotiate Poland, Germany and a reconstruction loan until they settle, break down or
/// deadlock.
#[derive(Debug, Parser)]
#[command(name = "detente", version, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run one negotiation to its equilibrium and print the dated transcript.
    #[command(after_help = RUN_EXAMPLES)]
    Run(RunArgs),
}

const RUN_EXAMPLES: &str = "\
Examples:
  detente run                                   the historical baseline (built in)
  detente run configs/lend-lease-continues.toml --seed 7
  detente run --quiet --json result.json        summary only, result saved as JSON
  detente run --set actors.stalin.paranoia=0.5 --set scenario.horizon=60
  detente run --log-format json --log-file run.jsonl
  RUST_LOG=detente::message=info detente run --log-file messages.log

Exit status: 0 when the run finished (settlement, breakdown, deadlock or horizon),
2 for bad input or usage, 1 for an internal failure.";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Pretty,
    /// One JSON object per line.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Executor {
    /// One tokio task per actor (the default).
    Tokio,
    /// The plain single-threaded loop running the same actor logic (the reference).
    Plain,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario file (TOML), or the name of a built-in scenario (otl, lend-lease-continues).
    /// Default: the built-in historical baseline, otl.
    #[arg(value_name = "SCENARIO.toml")]
    pub scenario: Option<PathBuf>,

    /// Change one field after the scenario is loaded, e.g. actors.stalin.paranoia=0.5 or
    /// scenario.horizon=60 (repeatable; checked like the file).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,

    /// Seed of the run (default: the scenario's seed).
    #[arg(long)]
    pub seed: Option<u64>,

    /// Tokio worker threads: 1 runs on a current-thread runtime. The result does not
    /// depend on it.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub threads: u16,

    /// Executor: tokio tasks, or the plain single-threaded loop.
    #[arg(long, value_enum, default_value_t = Executor::Tokio)]
    pub executor: Executor,

    /// Log format for tracing output (stderr, or --log-file).
    #[arg(long, value_enum)]
    pub log_format: Option<LogFormat>,

    /// Write logs to this file instead of stderr (written whole at the end).
    #[arg(long, value_name = "PATH")]
    pub log_file: Option<PathBuf>,

    /// Write the machine-readable result to this file (atomically).
    #[arg(long, value_name = "PATH")]
    pub json: Option<PathBuf>,

    /// Print only the summary, not the transcript.
    #[arg(long, short)]
    pub quiet: bool,

    /// Milliseconds the clock waits for every actor's report in a round.
    #[arg(long, default_value_t = 10_000, hide = true)]
    pub round_timeout_ms: u64,

    /// Inject a fault, for tests: panic@ACTOR:ROUND or stall@ACTOR:ROUND.
    #[arg(long, hide = true, value_name = "FAULT")]
    pub fault: Option<String>,
}
