//! Command-line arguments (clap).

use clap::{Args, Parser, Subcommand, ValueEnum};
use detente_config::ScenarioRef;
use std::path::{Path, PathBuf};

/// detente: could the USSR and the US have stayed close after 1945? Stalin, Molotov,
/// Beria, Truman and Churchill negotiate Poland, Germany and a reconstruction loan until
/// they settle, break down or deadlock; what-ifs change the world they negotiate in.
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
    /// Check scenario files without running them: print a summary, or every error found.
    #[command(
        after_help = "Examples:\n  detente check configs/*.toml\n  detente check my-whatif.toml --set actors.stalin.paranoia=0.5"
    )]
    Check(CheckArgs),
    /// List the built-in scenarios.
    Scenarios,
    /// Many seeded runs of one scenario (over a design of parameter values): outcome shares
    /// with 95% intervals; results appended to a file as runs finish, resumable, shardable.
    #[command(after_help = SWEEP_EXAMPLES)]
    Sweep(SweepArgs),
    /// Compare two scenarios run on the same seeds, paired seed by seed: the difference in
    /// each share with its paired interval, and McNemar's exact test for settling.
    #[command(
        after_help = "Examples:\n  detente compare otl lend-lease-continues --runs 1000\n  detente compare configs/otl.toml my-whatif.toml --runs 500 --seed-start 1\n  detente compare otl lend-lease-continues --runs 2000 --out pairs.csv"
    )]
    Compare(CompareArgs),
    /// A sweep's summary from its results file(s): one row per configuration, as CSV or
    /// JSON (what `sweep --summary` writes).
    #[command(
        after_help = "Examples:\n  detente summarize r.csv --out summary.csv\n  detente summarize shard-1.csv shard-2.csv --format json > summary.json\n\nColumns are listed in docs/sweeps.md."
    )]
    Summarize(SummarizeArgs),
    /// Combine the results files of a sharded sweep into one table (and file).
    #[command(
        after_help = "Examples:\n  detente merge shard-1.csv shard-2.csv shard-3.csv shard-4.csv --out all.csv"
    )]
    Merge(MergeArgs),
    /// Write a generated negotiation of any size (for scale benchmarks and stress tests).
    #[command(
        after_help = "Examples:\n  detente generate --actors 500 --issues 4 --degree 4 --out big.toml\n  detente run big.toml --quiet"
    )]
    Generate(GenerateArgs),
    /// Share of seeds ending in each outcome, per scenario (the table in docs/scenarios.md).
    #[command(
        after_help = "Examples:\n  detente outcomes                              every built-in, seeds 1-100\n  detente outcomes configs/otl.toml my.toml --seeds 1-1000\n  detente outcomes --format markdown"
    )]
    Outcomes(OutcomesArgs),
    /// The bargaining landscape at the start: zone of agreement, Nash, Kalai-Smorodinsky and
    /// maximum-welfare packages, and the lowest mutual trust at which a deal beats security.
    #[command(
        after_help = "Examples:\n  detente analyze                               the historical baseline\n  detente analyze lend-lease-continues\n  detente analyze otl --set actors.stalin.paranoia=0.4 --points 21"
    )]
    Analyze(AnalyzeArgs),
    /// Check the model against the patterns it must reproduce (configs/patterns.toml): each
    /// pattern passes or fails with the measured value and its 95% interval; exit 1 if any
    /// fails.
    #[command(
        after_help = "Examples:\n  detente validate                              every built-in pattern, at the file's sizes\n  detente validate --runs 400                   a quicker, coarser check\n  detente validate my-patterns.toml --only lever-stalin-paranoia"
    )]
    Validate(ValidateArgs),
    /// Which parameters move the answer: Morris screening or Sobol indices over ranges of
    /// scenario fields, each sample point run over the same seeds; a ranked table.
    #[command(after_help = SENSITIVITY_EXAMPLES)]
    Sensitivity(SensitivityArgs),
    /// Take a principal's seat at the table: each month you see what is on it and decide
    /// (prompts on stdin); the others are the model. At the end, your outcome against the
    /// model's.
    #[command(after_help = PLAY_EXAMPLES)]
    Play(PlayArgs),
    /// One self-contained HTML report (inline SVG charts, no scripts) of a run's JSON result,
    /// a sweep's results file or a sensitivity study's indices.
    #[command(
        after_help = "Examples:\n  detente run otl --seed 7 --quiet --json otl.json && detente report otl.json -o otl.html\n  detente report otl.json -o otl.html --svg charts/     also each chart as an .svg file\n  detente sweep otl --runs 500 --out otl.csv && detente report otl.csv -o sweep.html\n  detente sensitivity otl --params all-numeric --json m.json && detente report m.json -o m.html\n\nSee docs/report.md for what each chart shows."
    )]
    Report(ReportArgs),
    /// The explorer: a web page on this machine for what-ifs (sliders for paranoia, trust
    /// and events; runs of many seeds with their shares; any seed's transcript and charts).
    #[command(
        after_help = "Examples:\n  detente serve                   then open the URL it prints\n  detente serve --port 9000\n  detente serve --host 0.0.0.0    for a classroom network: anyone who can reach this machine can use it"
    )]
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The port to listen on (0: any free port; the URL printed says which).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,

    /// The address to listen on; the default answers this machine only.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub host: std::net::IpAddr,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// A run's result (`detente run --json FILE`), a sensitivity study's (`detente
    /// sensitivity --json FILE`), or a sweep's results file (.csv or .jsonl, with its
    /// .meta.json beside it).
    #[arg(value_name = "INPUT")]
    pub input: PathBuf,

    /// The HTML file to write (atomically).
    #[arg(short = 'o', long = "out", value_name = "FILE.html")]
    pub out: PathBuf,

    /// Also write each chart as a plain SVG file into this directory (created if missing).
    #[arg(long, value_name = "DIR")]
    pub svg: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Scenario file or built-in name (default: otl).
    #[arg(value_name = "SCENARIO.toml")]
    pub scenario: Option<PathBuf>,

    /// Change one field after loading (repeatable), checked like the file.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,

    /// Grid points per issue, ends included (lowered if the grid would exceed 20,000
    /// packages).
    #[arg(long, default_value_t = 11, value_parser = clap::value_parser!(u16).range(2..=1001))]
    pub points: u16,

    #[command(flatten)]
    pub extends: ExtendsArg,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// A patterns file (default: the built-in configs/patterns.toml).
    #[arg(value_name = "PATTERNS.toml")]
    pub patterns: Option<PathBuf>,

    /// Seeds per share (default: the file's `runs`); response curves then use half as many
    /// a point.
    #[arg(long, value_parser = clap::value_parser!(u64).range(10..=1_000_000))]
    pub runs: Option<u64>,

    /// Check only the patterns whose id contains this text (repeatable).
    #[arg(long, value_name = "ID")]
    pub only: Vec<String>,

    /// Worker threads (default: the number of cores).
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub threads: Option<u16>,
}

const SWEEP_EXAMPLES: &str = "\
Examples:
  detente sweep otl --runs 10000 --seed-start 1
  detente sweep otl --runs 1000 --vary actors.stalin.paranoia=0.2:0.9:8 --out paranoia.csv
  detente sweep otl --runs 1000 --vary actors.stalin.paranoia=0.3,0.6 --vary actors.truman.trust.stalin=0.3:0.7:5
  detente sweep otl --runs 200 --design lhs.csv --out lhs.jsonl
  detente sweep otl --runs 10000 --out r.csv --resume       finish a sweep that was killed
  detente sweep otl --runs 10000 --shard 2/4 --out s2.csv   one slice of four (see docs/cluster.md)

Run r of a configuration uses seed S + r, where S is --seed-start or the scenario's seed.
The results file (.csv or .jsonl) gets one line per run as it finishes; its columns are
listed in docs/sweeps.md.";

#[derive(Debug, Args)]
pub struct SweepArgs {
    /// Scenario file or built-in name.
    #[arg(value_name = "SCENARIO.toml")]
    pub scenario: PathBuf,

    /// Seeded runs per configuration.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub runs: u64,

    /// First seed (default: the scenario's own seed).
    #[arg(long)]
    pub seed_start: Option<u64>,

    /// Results file, .csv or .jsonl: one line per finished run.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Finish the sweep that --out holds: keep its runs, run the missing ones.
    #[arg(long, requires = "out")]
    pub resume: bool,

    /// Run only the K-th of N disjoint slices of the sweep.
    #[arg(long, value_name = "K/N", value_parser = detente_sweep::plan::parse_shard)]
    pub shard: Option<(u64, u64)>,

    /// Vary a field: KEY=LO:HI:N, KEY=A,B,C or KEY=LO..HI (repeat for a full factorial).
    #[arg(long, value_name = "KEY=VALUES", conflicts_with = "design")]
    pub vary: Vec<String>,

    /// A design table: a CSV file whose header names keys and whose rows are configurations.
    #[arg(long, value_name = "FILE.csv")]
    pub design: Option<PathBuf>,

    /// Also write a summary, one row per configuration (.csv or .json), when the sweep
    /// ends: shares of each reason and outcome with intervals, median date, mean positions.
    #[arg(long, value_name = "FILE")]
    pub summary: Option<PathBuf>,

    /// Change one field of every configuration (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,

    /// Worker threads, 1 to 1024 (default: the number of cores).
    #[arg(long, value_parser = parse_threads)]
    pub threads: Option<usize>,

    #[command(flatten)]
    pub extends: ExtendsArg,
}

const PLAY_EXAMPLES: &str = "\
Examples:
  detente play --as truman
  detente play --as stalin --seed 7 lend-lease-continues --save game.json
  detente run --moves game.json                 the same game's transcript again

Each month: accept N..., propose X Y Z (one position per issue), signal reassure|warn|threaten,
then done; or advisers (the model decides the month), walkout, values X Y Z, help, quit
(the advisers play the rest). See docs/explorer.md.";

#[derive(Debug, Args)]
pub struct PlayArgs {
    /// Scenario file (TOML) or built-in name (default: otl).
    #[arg(value_name = "SCENARIO.toml")]
    pub scenario: Option<PathBuf>,

    /// The principal you play: an actor id such as truman, stalin or churchill.
    #[arg(long = "as", value_name = "ACTOR")]
    pub seat: String,

    /// Seed of the game (default: the scenario's seed).
    #[arg(long)]
    pub seed: Option<u64>,

    /// Change one field after the scenario is loaded (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,

    /// Write the recorded game here (JSON, atomically) when it ends: `detente run --moves
    /// FILE` replays it.
    #[arg(long, value_name = "GAME.json")]
    pub save: Option<PathBuf>,

    /// Model-only runs (seeds 1 to N) your outcome is compared with at the end.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub runs: u64,

    /// A shorter transcript at the end (as `run --brief`).
    #[arg(long)]
    pub brief: bool,

    #[command(flatten)]
    pub extends: ExtendsArg,
}

const SENSITIVITY_EXAMPLES: &str = "\
Examples:
  detente sensitivity otl --params all-numeric --runs-per-point 50
  detente sensitivity otl --param actors.stalin.paranoia=0.5:1 --param actors.truman.trust.stalin=0.2:0.7 \\
      --param events.fulton-speech.trust.0.delta=-0.3:0 --trajectories 20 --runs-per-point 200
  detente sensitivity otl --method sobol --base 256 --param actors.stalin.paranoia=0.5:1 \\
      --param scenario.noise=0.1:0.5 --metric settle --metric rounds --json indices.json
  detente sensitivity otl --params all-numeric --out sample.csv --resume   finish a killed study

Parameters are keys that --set accepts (a list element by position: events.ID.trust.0.delta).
--params all-numeric takes every real-valued field of the settings, actors and events over a
default range (docs/sensitivity.md gives the rule); a --param for the same key replaces it.
Every sample point runs the same seeds, so differences between points are not seed luck.";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SensitivityMethod {
    /// Elementary effects along one-at-a-time trajectories: mu*, mu, sigma (screening).
    Morris,
    /// First-order and total Sobol indices from Saltelli's sample (variance shares).
    Sobol,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ParamSet {
    /// Every real-valued field of the scenario's settings, actors and events.
    AllNumeric,
}

#[derive(Debug, Args)]
pub struct SensitivityArgs {
    /// Scenario file or built-in name.
    #[arg(value_name = "SCENARIO.toml")]
    pub scenario: PathBuf,

    /// The method.
    #[arg(long, value_enum, default_value_t = SensitivityMethod::Morris)]
    pub method: SensitivityMethod,

    /// A parameter and its range, KEY=LO:HI, or KEY alone for its default range
    /// (repeatable).
    #[arg(long = "param", value_name = "KEY=LO:HI")]
    pub param: Vec<String>,

    /// A set of parameters with default ranges.
    #[arg(long, value_enum)]
    pub params: Option<ParamSet>,

    /// Seeded runs at each sample point (the same seeds at every point).
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub runs_per_point: u64,

    /// What to measure (repeatable): settle, reason:REASON, outcome:LABEL, rounds,
    /// position:ISSUE. Default: settle.
    #[arg(long = "metric", value_name = "METRIC")]
    pub metric: Vec<String>,

    /// Morris: trajectories r (each has one point more than there are parameters).
    #[arg(long, default_value_t = 10)]
    pub trajectories: usize,

    /// Morris: grid levels p (even).
    #[arg(long, default_value_t = 4)]
    pub levels: u32,

    /// Sobol: base samples N (a power of two); the sample has N x (parameters + 2) points.
    #[arg(long, default_value_t = 128)]
    pub base: usize,

    /// Seed of the sample (trajectories or scramble), not of the runs.
    #[arg(long, default_value_t = 1)]
    pub sample_seed: u64,

    /// First seed of the runs at each point (default: the scenario's own seed).
    #[arg(long)]
    pub seed_start: Option<u64>,

    /// Bootstrap resamples for the 95% intervals.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(0..=100_000))]
    pub resamples: u64,

    /// Change one field at every point (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,

    /// Results file of the runs (.csv or .jsonl, a sweep's format): one line per finished run.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Finish the study that --out holds: keep its runs, run the missing ones.
    #[arg(long, requires = "out")]
    pub resume: bool,

    /// Write the indices as JSON (for `detente report`).
    #[arg(long, value_name = "FILE.json")]
    pub json: Option<PathBuf>,

    /// Write the indices as CSV, one row per metric and parameter.
    #[arg(long, value_name = "FILE.csv")]
    pub csv: Option<PathBuf>,

    /// Print only the N highest-ranked parameters of each metric (files keep them all).
    #[arg(long, value_name = "N", value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub top: Option<usize>,

    /// Worker threads, 1 to 1024 (default: the number of cores).
    #[arg(long, value_parser = parse_threads)]
    pub threads: Option<usize>,

    #[command(flatten)]
    pub extends: ExtendsArg,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The reference scenario.
    #[arg(value_name = "A.toml")]
    pub a: PathBuf,

    /// The scenario compared with it.
    #[arg(value_name = "B.toml")]
    pub b: PathBuf,

    /// Seeded runs of each.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub runs: u64,

    /// First seed, the same for both (default: A's seed).
    #[arg(long)]
    pub seed_start: Option<u64>,

    /// Change one field of both scenarios (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,

    /// Write the pairs here, one row per seed with both runs' ends (.csv or .json).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Worker threads, 1 to 1024 (default: the number of cores).
    #[arg(long, value_parser = parse_threads)]
    pub threads: Option<usize>,

    #[command(flatten)]
    pub extends: ExtendsArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DataFormat {
    /// Comma-separated values with a header.
    Csv,
    /// JSON.
    Json,
}

#[derive(Debug, Args)]
pub struct SummarizeArgs {
    /// Results files of one sweep (its shards, or one file).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Write the summary here (.csv or .json, atomically) instead of to stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Format on stdout.
    #[arg(long, value_enum, default_value_t = DataFormat::Csv, conflicts_with = "out")]
    pub format: DataFormat,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Results files of the shards of one sweep.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Write the merged results to this file (.csv or .jsonl).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Accept shards that do not cover the whole sweep (otherwise an incomplete merge is
    /// an error, and writes no file).
    #[arg(long)]
    pub allow_partial: bool,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of actors (blocs of three: a principal, its envoy and an adviser).
    #[arg(long, value_parser = clap::value_parser!(u64).range(2..=10_000))]
    pub actors: u64,

    /// Number of issues.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u64).range(1..=64))]
    pub issues: u64,

    /// Channels each principal and envoy opens to other blocs.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u64).range(0..=100))]
    pub degree: u64,

    /// Seed of the generator.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,

    /// Write the scenario here (atomically) instead of to stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Scenario files (or built-in names).
    #[arg(required = true, value_name = "SCENARIO.toml")]
    pub files: Vec<PathBuf>,

    /// Change one field after loading (repeatable), checked like the file.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,

    #[command(flatten)]
    pub extends: ExtendsArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// Aligned columns for the terminal.
    Text,
    /// A Markdown table.
    Markdown,
    /// One row per scenario: each share with its 95% interval (the columns of a sweep
    /// summary).
    Csv,
    /// The same records as a JSON array.
    Json,
}

#[derive(Debug, Args)]
pub struct OutcomesArgs {
    /// Scenario files or built-in names (default: every built-in scenario).
    #[arg(value_name = "SCENARIO.toml")]
    pub scenarios: Vec<PathBuf>,

    /// Seeds to run, as FIRST-LAST.
    #[arg(long, default_value = "1-100", value_parser = parse_seed_range)]
    pub seeds: (u64, u64),

    /// Change one field of every scenario (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Text)]
    pub format: TableFormat,

    #[command(flatten)]
    pub extends: ExtendsArg,
}

/// What `extends` may read (docs/scenario-format.md, "What `extends` may read").
#[derive(Debug, Clone, Copy, Args)]
pub struct ExtendsArg {
    /// Let `extends` read any file: absolute paths, and paths out of the directory of the
    /// scenario named (by `..` or a link). Only for scenarios you trust.
    #[arg(long)]
    pub allow_any_extends: bool,
}

impl ExtendsArg {
    /// The scenario a path or name on the command line refers to, under this rule.
    pub fn reference(&self, arg: &Path) -> ScenarioRef {
        ScenarioRef::from_arg(arg).allowing_any_extends(self.allow_any_extends)
    }
}

/// Most worker threads a sweep may ask for: far more than any machine has cores, far
/// fewer than the system's limit on threads.
pub const MAX_THREADS: usize = 1024;

fn parse_threads(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if (1..=MAX_THREADS).contains(&n) => Ok(n),
        _ => Err(format!("expected 1 to {MAX_THREADS} worker threads")),
    }
}

fn parse_seed_range(s: &str) -> Result<(u64, u64), String> {
    let (a, b) = s
        .split_once('-')
        .ok_or_else(|| format!("{s:?}: expected FIRST-LAST, e.g. 1-100"))?;
    let a: u64 = a
        .trim()
        .parse()
        .map_err(|_| format!("{a:?} is not a seed"))?;
    let b: u64 = b
        .trim()
        .parse()
        .map_err(|_| format!("{b:?} is not a seed"))?;
    if a > b {
        return Err(format!("{s:?}: the first seed is after the last"));
    }
    if b - a >= 10_000_000 {
        return Err(format!("{s:?}: at most 10,000,000 seeds at a time"));
    }
    Ok((a, b))
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
    /// Scenario file (TOML), or the name of a built-in scenario (`detente scenarios` lists
    /// them). Default: the built-in historical baseline, otl.
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

    /// Write the machine-readable result to this file (atomically, as it is made).
    #[arg(long, value_name = "PATH")]
    pub json: Option<PathBuf>,

    /// Run again the run a result file records (its effective scenario and seed): the
    /// same transcript and, with --json, the same result, byte for byte.
    #[arg(long, value_name = "RESULT.json", conflicts_with_all = ["scenario", "set", "seed"])]
    pub from: Option<PathBuf>,

    /// Replay a recorded game (`detente play --save FILE`): its scenario, seed and the
    /// person's moves in their seat, giving the game's transcript byte for byte.
    #[arg(long, value_name = "GAME.json", conflicts_with_all = ["scenario", "set", "seed", "from", "fault"])]
    pub moves: Option<PathBuf>,

    /// Write one row per round and actor (paranoia, trust in each veto principal, position
    /// on each issue, messages sent) to this .csv or .jsonl file.
    #[arg(long, value_name = "FILE.csv|.jsonl")]
    pub rounds: Option<PathBuf>,

    /// Write one row per message (ids, round, date, from, to, kind, the package's
    /// positions) to this .csv or .jsonl file.
    #[arg(long, value_name = "FILE.csv|.jsonl")]
    pub messages: Option<PathBuf>,

    /// Print only the summary, not the transcript.
    #[arg(long, short)]
    pub quiet: bool,

    /// A shorter transcript: events, proposals, acceptances, signals and walkouts, without
    /// the bookkeeping (mandates, envoys' reports, advice, rejections).
    #[arg(long, conflicts_with = "quiet")]
    pub brief: bool,

    /// Milliseconds the clock waits for every actor's report in a round.
    #[arg(long, default_value_t = 10_000, hide = true)]
    pub round_timeout_ms: u64,

    /// Inject a fault, for tests: panic@ACTOR:ROUND or stall@ACTOR:ROUND.
    #[arg(long, hide = true, value_name = "FAULT")]
    pub fault: Option<String>,

    #[command(flatten)]
    pub extends: ExtendsArg,
}
