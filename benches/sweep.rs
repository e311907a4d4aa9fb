//! Baseline sweep throughput: runs per second with every core busy (the sweep's own
//! scheduler: one worker per core, each with a current-thread tokio runtime), beside the
//! plain single-threaded executor running the same seeds in a loop (the per-core limit).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use detente_config::ScenarioRef;
use detente_sweep::design::Design;
use detente_sweep::plan::Plan;
use detente_sweep::session;
use std::hint::black_box;
use std::sync::Arc;

// As in the `detente` binary (a run allocates a little every round).
// The `detente` binary's allocator.
#[path = "../crates/cli/alloc.rs"]
mod alloc;

#[global_allocator]
static ALLOCATOR: alloc::Allocator = alloc::Allocator;

const RUNS: u64 = 2000;

fn sweep(c: &mut Criterion) {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let plan = Plan {
        scenario: "otl".into(),
        sets: vec![],
        design: Design::single(),
        runs: RUNS,
        seed_start: Some(1),
        shard: None,
    };
    let loaded = session::load(&plan, &ScenarioRef::Builtin("otl".into())).expect("otl loads");
    let mut group = c.benchmark_group("sweep/otl");
    group.throughput(Throughput::Elements(RUNS));
    group.sample_size(20);
    group.bench_function(format!("{RUNS}-runs-{threads}-threads"), |b| {
        b.iter(|| {
            session::run(&plan, &loaded, None, false, threads, |_, _| {}).expect("sweep finishes")
        })
    });
    group.bench_function(format!("{RUNS}-runs-1-thread"), |b| {
        b.iter(|| session::run(&plan, &loaded, None, false, 1, |_, _| {}).expect("sweep finishes"))
    });
    // The same runs on the plain executor, one after another on one core, keeping only
    // the end as the sweep does: what a sweep's worker could do at best.
    let scenario = Arc::clone(&loaded.scenarios[0]);
    group.bench_function(format!("{RUNS}-runs-plain-1-thread"), |b| {
        b.iter(|| {
            for seed in 1..=RUNS {
                black_box(detente_model::sim::run_recording(
                    Arc::clone(&scenario),
                    seed,
                    detente_model::Recording::Final,
                    |_| {},
                ));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, sweep);
criterion_main!(benches);
