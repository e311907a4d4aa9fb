//! The baseline with logs off, with pretty logs to a file, and with JSON logs to a file:
//! what tracing every message costs. Files are buffered, as `detente run --log-file` does.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use detente_runtime::RunOptions;
use std::io::BufWriter;
use std::sync::{Arc, Mutex};
use tracing_subscriber::EnvFilter;

fn logging(c: &mut Criterion) {
    let scenario = Arc::new(
        detente_config::builtin::builtin("otl")
            .expect("built in")
            .expect("valid"),
    );
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let options = RunOptions::new(1945);
    let run = || {
        rt.block_on(detente_runtime::run_async(Arc::clone(&scenario), &options))
            .expect("run")
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let mut group = c.benchmark_group("logging/otl");
    group.throughput(Throughput::Elements(1));
    group.bench_function("off", |b| b.iter(run));
    let pretty = Mutex::new(BufWriter::new(
        std::fs::File::create(dir.path().join("pretty.log")).expect("log file"),
    ));
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::new("info"))
        .with_ansi(false)
        .with_writer(pretty)
        .finish();
    tracing::subscriber::with_default(subscriber, || {
        group.bench_function("pretty-to-file", |b| b.iter(run))
    });
    let json = Mutex::new(BufWriter::new(
        std::fs::File::create(dir.path().join("log.jsonl")).expect("log file"),
    ));
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::new("info"))
        .json()
        .with_current_span(true)
        .with_span_list(true)
        .with_writer(json)
        .finish();
    tracing::subscriber::with_default(subscriber, || {
        group.bench_function("json-to-file", |b| b.iter(run))
    });
    group.finish();
}

criterion_group!(benches, logging);
criterion_main!(benches);
