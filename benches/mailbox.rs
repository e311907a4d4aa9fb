//! Messages through detente's mailbox (with its tick discipline: buffer, then hand over in
//! canonical order), beside raw tokio mpsc and the ractor actor crate doing the same work,
//! on a current-thread runtime and on a 2-worker multi-thread runtime.
//!
//! One-way: a producer sends N messages; the clock stops when the consumer holds all N.
//! Request-reply: N round trips between two tasks. Every runtime is built outside the
//! timed loop; channels and actors are made inside it, alike for every contender.
//!
//! Round: the request-reply of a lockstep runtime, where the clock's tick is the request
//! and each actor's report the reply. Whole runs of generated negotiations of 5, 500 and
//! 5,000 actors on detente's runtime (current-thread) and on the plain executor (the same
//! actor steps with no channels), and the same number of rounds of a bare lockstep over
//! raw tokio mpsc (a tick to every task, a report back from each, no work): divided by the
//! rounds played, the time of a round.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use detente_config::generate::{Shape, generate};
use detente_model::{ActorId, Body, Message, MessageId, Recording, Scenario, SignalKind, Tick};
use detente_runtime::RunOptions;
use detente_runtime::mailbox::mailbox;
use ractor::{Actor, ActorProcessingErr, ActorRef, RpcReplyPort};
use std::hint::black_box;
use std::sync::Arc;
use tokio::runtime::Runtime;
use tokio::sync::{mpsc, oneshot};

const N: u64 = 10_000;
const TRIPS: u64 = 2_000;

fn message(k: u64) -> Message {
    Message {
        id: MessageId {
            round: 0,
            sender: ActorId((k % 7) as u16),
            seq: k as u32,
        },
        reply_to: None,
        to: ActorId(9),
        body: Body::Signal {
            signal: SignalKind::Reassure,
        },
    }
}

fn tick(round: u32) -> Tick {
    let may_1945 = detente_model::YearMonth {
        year: 1945,
        month: 5,
    };
    Tick::quiet(round, may_1945, Arc::new(detente_model::World::isolated(2)))
}

async fn raw_one_way() -> usize {
    let (tx, mut rx) = mpsc::unbounded_channel::<Message>();
    let consumer = tokio::spawn(async move {
        let mut got = Vec::with_capacity(N as usize);
        while let Some(m) = rx.recv().await {
            got.push(m);
            if got.len() as u64 == N {
                break;
            }
        }
        got.len()
    });
    for k in 0..N {
        let _ = tx.send(message(k));
    }
    consumer.await.unwrap_or(0)
}

async fn detente_one_way() -> usize {
    let (address, mut mbox) = mailbox();
    let consumer =
        tokio::spawn(async move { mbox.next_tick().await.map_or(0, |(_, due)| due.len()) });
    for k in 0..N {
        address.send(message(k));
    }
    address.tick(tick(1));
    consumer.await.unwrap_or(0)
}

enum SinkMsg {
    One(Message),
    Ping(Message, RpcReplyPort<Message>),
}

struct Sink;

impl Actor for Sink {
    type Msg = SinkMsg;
    type State = (Vec<Message>, Option<oneshot::Sender<usize>>, u64);
    type Arguments = (Option<oneshot::Sender<usize>>, u64);

    async fn pre_start(
        &self,
        _: ActorRef<SinkMsg>,
        (done, want): Self::Arguments,
    ) -> Result<Self::State, ActorProcessingErr> {
        Ok((Vec::with_capacity(want as usize), done, want))
    }

    async fn handle(
        &self,
        _: ActorRef<SinkMsg>,
        msg: SinkMsg,
        state: &mut Self::State,
    ) -> Result<(), ActorProcessingErr> {
        match msg {
            SinkMsg::One(m) => {
                state.0.push(m);
                if state.0.len() as u64 == state.2
                    && let Some(done) = state.1.take()
                {
                    let _ = done.send(state.0.len());
                }
            }
            SinkMsg::Ping(m, reply) => {
                let _ = reply.send(m);
            }
        }
        Ok(())
    }
}

async fn ractor_one_way() -> usize {
    let (done, finished) = oneshot::channel();
    let Ok((actor, handle)) = Actor::spawn(None, Sink, (Some(done), N)).await else {
        return 0;
    };
    for k in 0..N {
        let _ = actor.cast(SinkMsg::One(message(k)));
    }
    let got = finished.await.unwrap_or(0);
    actor.stop(None);
    let _ = handle.await;
    got
}

async fn raw_round_trips() -> u64 {
    let (to_b, mut b_in) = mpsc::unbounded_channel::<Message>();
    let (to_a, mut a_in) = mpsc::unbounded_channel::<Message>();
    let echo = tokio::spawn(async move {
        while let Some(m) = b_in.recv().await {
            if to_a.send(m).is_err() {
                break;
            }
        }
    });
    let mut trips = 0;
    for k in 0..TRIPS {
        let _ = to_b.send(message(k));
        if a_in.recv().await.is_some() {
            trips += 1;
        }
    }
    drop(to_b);
    let _ = echo.await;
    trips
}

/// A detente round trip: message then tick to B; B hands it over at the tick and answers
/// with a message and a tick to A.
async fn detente_round_trips() -> u64 {
    let (b_addr, mut b_box) = mailbox();
    let (a_addr, mut a_box) = mailbox();
    let echo = tokio::spawn(async move {
        while let Some((t, due)) = b_box.next_tick().await {
            for m in due {
                a_addr.send(m);
            }
            a_addr.tick(tick(t.round + 1));
        }
    });
    let mut trips = 0;
    for k in 0..TRIPS {
        let round = 2 * k as u32;
        let mut m = message(k);
        m.id.round = round;
        b_addr.send(m);
        b_addr.tick(tick(round + 1));
        if let Some((_, due)) = a_box.next_tick().await {
            trips += due.len() as u64;
        }
    }
    drop(b_addr);
    let _ = echo.await;
    trips
}

async fn ractor_round_trips() -> u64 {
    let Ok((actor, handle)) = Actor::spawn(None, Sink, (None, 0)).await else {
        return 0;
    };
    let mut trips = 0;
    for k in 0..TRIPS {
        if actor
            .call(|port| SinkMsg::Ping(message(k), port), None)
            .await
            .is_ok()
        {
            trips += 1;
        }
    }
    actor.stop(None);
    let _ = handle.await;
    trips
}

fn runtimes() -> Vec<(&'static str, Runtime)> {
    let current = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let two = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    vec![("current-thread", current), ("2-workers", two)]
}

fn one_way(c: &mut Criterion) {
    let mut group = c.benchmark_group("mailbox/one-way");
    group.throughput(Throughput::Elements(N));
    for (flavour, rt) in runtimes() {
        group.bench_function(BenchmarkId::new("raw-tokio-mpsc", flavour), |b| {
            b.iter(|| black_box(rt.block_on(raw_one_way())))
        });
        group.bench_function(BenchmarkId::new("detente-mailbox", flavour), |b| {
            b.iter(|| black_box(rt.block_on(detente_one_way())))
        });
        group.bench_function(BenchmarkId::new("ractor", flavour), |b| {
            b.iter(|| black_box(rt.block_on(ractor_one_way())))
        });
    }
    group.finish();
}

fn request_reply(c: &mut Criterion) {
    let mut group = c.benchmark_group("mailbox/request-reply");
    group.throughput(Throughput::Elements(TRIPS));
    for (flavour, rt) in runtimes() {
        group.bench_function(BenchmarkId::new("raw-tokio-mpsc", flavour), |b| {
            b.iter(|| black_box(rt.block_on(raw_round_trips())))
        });
        group.bench_function(BenchmarkId::new("detente-mailbox", flavour), |b| {
            b.iter(|| black_box(rt.block_on(detente_round_trips())))
        });
        group.bench_function(BenchmarkId::new("ractor", flavour), |b| {
            b.iter(|| black_box(rt.block_on(ractor_round_trips())))
        });
    }
    group.finish();
}

/// A bare lockstep over raw tokio mpsc: `actors` tasks, `rounds` times a tick to each and
/// a report back from each; the clock stops at the last report of the last round.
async fn raw_lockstep(actors: usize, rounds: u32) -> u32 {
    let (report, mut reports) = mpsc::unbounded_channel::<u32>();
    let ticks: Vec<_> = (0..actors)
        .map(|_| {
            let (tick, mut ticked) = mpsc::unbounded_channel::<u32>();
            let report = report.clone();
            tokio::spawn(async move {
                while let Some(round) = ticked.recv().await {
                    if report.send(round).is_err() {
                        break;
                    }
                }
            });
            tick
        })
        .collect();
    drop(report);
    for round in 0..rounds {
        for tick in &ticks {
            let _ = tick.send(round);
        }
        for _ in 0..actors {
            if reports.recv().await.is_none() {
                return round;
            }
        }
    }
    rounds
}

fn generated(actors: usize) -> Arc<Scenario> {
    let text = generate(Shape {
        actors,
        issues: 3,
        degree: 4,
        seed: 1,
    });
    Arc::new(detente_config::parse(&text, "generated.toml").expect("generated scenarios are valid"))
}

fn round(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let options = RunOptions {
        recording: Recording::Final,
        ..RunOptions::new(1)
    };
    let mut group = c.benchmark_group("mailbox/round");
    group.sample_size(10);
    for actors in [5usize, 500, 5000] {
        let scenario = generated(actors);
        let record = detente_model::sim::run_recording(
            Arc::clone(&scenario),
            options.seed,
            Recording::Final,
            |_| {},
        );
        let rounds = record.equilibrium.round + 1;
        println!("mailbox/round/{actors}: {rounds} rounds a run");
        // Throughput in rounds: criterion's rate is rounds per second.
        group.throughput(Throughput::Elements(u64::from(rounds)));
        group.bench_with_input(
            BenchmarkId::new("raw-tokio-mpsc", actors),
            &actors,
            |b, &n| b.iter(|| black_box(rt.block_on(raw_lockstep(n, rounds)))),
        );
        group.bench_with_input(BenchmarkId::new("detente", actors), &scenario, |b, sc| {
            b.iter(|| {
                rt.block_on(detente_runtime::run_async(Arc::clone(sc), &options))
                    .expect("run")
            })
        });
        group.bench_with_input(BenchmarkId::new("plain", actors), &scenario, |b, sc| {
            b.iter(|| {
                detente_model::sim::run_recording(
                    Arc::clone(sc),
                    options.seed,
                    Recording::Final,
                    |_| {},
                )
            })
        });
    }
    group.finish();
}

criterion_group!(benches, one_way, request_reply, round);
criterion_main!(benches);
