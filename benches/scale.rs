//! Generated negotiations of 5, 50, 500 and 5,000 actors (blocs of three, four channels
//! each, three issues, 24 rounds): messages per second on the tokio runtime, and the peak
//! memory of a run per actor, measured by counting the binary's allocator (mimalloc).
//!
//! `DETENTE_SCALE_ACTORS=50000 cargo bench --bench scale` adds one size (50,000 actors,
//! say): one run of it, timed and measured, without criterion's repetitions (a run takes
//! tens of seconds), so it is never part of an ordinary `cargo bench`.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use detente_config::generate::{Shape, generate};
use detente_runtime::RunOptions;
use std::sync::Arc;
use std::time::Instant;

#[path = "support/counting.rs"]
mod counting;
use counting::{Counting, peak};

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn scale(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let options = RunOptions {
        recording: detente_model::Recording::Final,
        ..RunOptions::new(1)
    };
    let mut group = c.benchmark_group("scale");
    group.sample_size(10);
    // A size given in the environment is run once, outside criterion.
    let extra: Option<usize> = std::env::var("DETENTE_SCALE_ACTORS")
        .ok()
        .and_then(|v| v.parse().ok());
    for actors in [5usize, 50, 500, 5000].into_iter().chain(extra) {
        let text = generate(Shape {
            actors,
            issues: 3,
            degree: 4,
            seed: 1,
        });
        let scenario = Arc::new(
            detente_config::parse(&text, "generated.toml").expect("generated scenarios are valid"),
        );
        // One run outside the clock: its message count and its peak memory per actor. On
        // a runtime of its own: the tasks of the last size's runs, aborted at their end,
        // are freed only when their runtime next runs, which would count as this run
        // giving memory back.
        let fresh = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let mut measured = None;
        let peak = peak(|| {
            let start = Instant::now();
            let record = fresh
                .block_on(detente_runtime::run_async(Arc::clone(&scenario), &options))
                .expect("run");
            measured = Some((record, start.elapsed()));
        });
        let (record, took) = measured.expect("measured");
        drop(fresh);
        let per_actor = peak / actors;
        let messages = record.equilibrium.message_count;
        let record_rounds = record.equilibrium.round + 1;
        drop(record);
        println!(
            "scale/{actors}: {messages} messages in {} rounds; one run {:.3} s ({:.2} M messages/s); \
             peak memory {:.1} MB, {per_actor} bytes per actor",
            record_rounds,
            took.as_secs_f64(),
            messages as f64 / took.as_secs_f64() / 1e6,
            peak as f64 / 1e6,
        );
        if Some(actors) == extra {
            continue;
        }
        group.throughput(Throughput::Elements(messages));
        group.bench_with_input(BenchmarkId::new("messages", actors), &scenario, |b, sc| {
            b.iter(|| {
                rt.block_on(detente_runtime::run_async(Arc::clone(sc), &options))
                    .expect("run")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, scale);
criterion_main!(benches);
