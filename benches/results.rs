//! `run --json` at scale: a generated negotiation of 5,000 actors (blocs of three, four
//! channels each, three issues, 24 rounds, every round recorded as `detente run` does),
//! run alone and run then written as a result file; the peak memory of each, measured by
//! a counting allocator.

use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use detente_config::generate::{Shape, generate};
use detente_data::analysis::AnalysisResult;
use detente_data::{Provenance, RunResult};
use detente_runtime::RunOptions;
use std::sync::Arc;

#[path = "support/counting.rs"]
mod counting;
use counting::{Counting, peak};

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const ACTORS: usize = 5000;

/// One run, recorded in full as `detente run` records it.
fn run(
    rt: &tokio::runtime::Runtime,
    sc: &Arc<detente_model::Scenario>,
) -> detente_model::RunRecord {
    let options = RunOptions {
        recording: detente_model::Recording::Full,
        ..RunOptions::new(1)
    };
    rt.block_on(detente_runtime::run_async(Arc::clone(sc), &options))
        .expect("run")
}

/// One run written as a result file, the way `run --json` writes it (the bargaining
/// analysis, which `detente run` makes for its summary with or without `--json`, left out).
fn run_and_write(
    rt: &tokio::runtime::Runtime,
    sc: &Arc<detente_model::Scenario>,
    provenance: &Provenance,
    out: &std::path::Path,
) -> u64 {
    let rec = Arc::new(run(rt, sc));
    let analysis = AnalysisResult::Error {
        error: "not measured".into(),
    };
    let result = RunResult::build(Arc::clone(sc), rec, provenance.clone(), analysis);
    let mut file = detente_data::output::begin(out).expect("result file");
    let w = file.direct().expect("result file");
    detente_data::run::write_json(&result, w).expect("write");
    file.commit().expect("commit");
    std::fs::metadata(out).map(|m| m.len()).unwrap_or(0)
}

fn results(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let text = generate(Shape {
        actors: ACTORS,
        issues: 3,
        degree: 4,
        seed: 1,
    });
    let reference = detente_config::ScenarioRef::Text {
        name: "generated.toml".into(),
        text,
    };
    let (scenario, effective) =
        detente_config::load_effective(&reference, &[]).expect("generated scenarios are valid");
    let provenance = Provenance::new("generated.toml", &scenario, &[], effective);
    let scenario = Arc::new(scenario);
    let dir = tempfile::tempdir().expect("temporary directory");
    let out = dir.path().join("result.json");

    let run_peak = peak(|| drop(run(&rt, &scenario)));
    let mut bytes = 0;
    let json_peak = peak(|| bytes = run_and_write(&rt, &scenario, &provenance, &out));
    println!(
        "results/{ACTORS}: peak memory {} MB run, {} MB run and --json ({:.2}x); result file {} MB",
        run_peak >> 20,
        json_peak >> 20,
        json_peak as f64 / run_peak as f64,
        bytes >> 20
    );

    let mut group = c.benchmark_group("results");
    group.sample_size(10);
    group.bench_with_input(BenchmarkId::new("run", ACTORS), &scenario, |b, sc| {
        b.iter(|| run(&rt, sc))
    });
    // The last iteration's file is removed outside the timing: replacing it would time the
    // file system freeing 216 MB, which a new result file does not cost.
    group.bench_with_input(BenchmarkId::new("run-json", ACTORS), &scenario, |b, sc| {
        b.iter_batched(
            || drop(std::fs::remove_file(&out)),
            |()| run_and_write(&rt, sc, &provenance, &out),
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, results);
criterion_main!(benches);
