//! Full baseline runs per second: the tokio runtime beside the plain single-threaded
//! executor running the same actor logic (their ratio is the runtime's overhead).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use detente_runtime::RunOptions;
use std::hint::black_box;
use std::sync::Arc;

// As in the `detente` binary (a run allocates a little every round).
// The `detente` binary's allocator.
#[path = "../crates/cli/alloc.rs"]
mod alloc;

#[global_allocator]
static ALLOCATOR: alloc::Allocator = alloc::Allocator;

fn baseline(c: &mut Criterion) {
    let scenario = Arc::new(
        detente_config::builtin::builtin("otl")
            .expect("otl is built in")
            .expect("otl is valid"),
    );
    let mut group = c.benchmark_group("scenario/otl");
    group.throughput(Throughput::Elements(1));
    group.bench_function("plain", |b| {
        b.iter(|| detente_model::sim::run(Arc::clone(&scenario), black_box(1945)))
    });
    // The runtime is built once, outside the timed loop; each iteration is one whole run
    // whose clock stops only after the last report of the last round.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("runtime");
    group.bench_function("tokio-current-thread", |b| {
        b.iter(|| {
            rt.block_on(detente_runtime::run_async(
                Arc::clone(&scenario),
                &RunOptions::new(black_box(1945)),
            ))
            .expect("run finishes")
        })
    });
    let rt2 = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_time()
        .build()
        .expect("runtime");
    group.bench_function("tokio-2-workers", |b| {
        b.iter(|| {
            rt2.block_on(detente_runtime::run_async(
                Arc::clone(&scenario),
                &RunOptions::new(black_box(1945)),
            ))
            .expect("run finishes")
        })
    });
    group.finish();
}

criterion_group!(benches, baseline);
criterion_main!(benches);
