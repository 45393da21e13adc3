//! Wall-clock benchmarks of the five locks side by side, in one run: uncontended pairs, `try_lock` on a
//! held lock, contended throughput with 2 and 4 threads, and the "handler" scenario (one thread in
//! `lock()`, one only `try_lock`ing). `scripts/bench-criterion` turns the results into BENCHMARKS.md's tables.

use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::sync::{Barrier, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use ctxlock::HybridLock;
use ctxlock_benches::{BenchLock, KexecLock, Section, LONG_SECTION_STEPS};

type Hybrid = HybridLock<u64>;
type Std = std::sync::Mutex<u64>;
type ParkingLot = parking_lot::Mutex<u64>;
type Spin = spin::mutex::SpinMutex<u64>;

/// Calls `$bench::<L>($($arg),*)` for every lock type, the floor first unless `no_floor`.
macro_rules! each_lock {
    ($bench:ident($($arg:expr),*)) => {
        $bench::<KexecLock>($($arg),*);
        each_lock!(no_floor $bench($($arg),*));
    };
    (no_floor $bench:ident($($arg:expr),*)) => {
        $bench::<Hybrid>($($arg),*);
        $bench::<Std>($($arg),*);
        $bench::<ParkingLot>($($arg),*);
        $bench::<Spin>($($arg),*);
    };
}

fn uncontended(c: &mut Criterion) {
    let mut lock_unlock = c.benchmark_group("uncontended lock+unlock");
    fn lock_pair<L: BenchLock>(
        group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    ) {
        let lock = L::new();
        group.bench_function(L::NAME, |b| b.iter(|| black_box(&lock).with_lock(|_| ())));
    }
    each_lock!(lock_pair(&mut lock_unlock));
    lock_unlock.finish();

    let mut try_unlock = c.benchmark_group("uncontended try_lock+unlock");
    fn try_pair<L: BenchLock>(
        group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    ) {
        let lock = L::new();
        group.bench_function(L::NAME, |b| {
            b.iter(|| black_box(&lock).with_try_lock(|_| ()).is_some())
        });
    }
    each_lock!(try_pair(&mut try_unlock));
    try_unlock.finish();

    let mut busy = c.benchmark_group("try_lock on a held lock (Busy)");
    fn busy_try<L: BenchLock>(
        group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    ) {
        let lock = L::new();
        lock.with_lock(|_| {
            group.bench_function(L::NAME, |b| {
                b.iter(|| black_box(&lock).with_try_lock(|_| ()).is_none())
            });
        });
    }
    each_lock!(busy_try(&mut busy));
    busy.finish();
}

/// `threads` threads share `ops` acquisitions of one lock, each doing `section` inside; returns the
/// time from the first thread's start to the last one's end.
fn contended_run<L: BenchLock>(ops: u64, threads: u64, section: Section) -> Duration {
    let lock = L::new();
    let per_thread = ops.div_ceil(threads);
    let start = Barrier::new(threads as usize);
    let spans: Vec<(Instant, Instant)> = thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    start.wait();
                    let began = Instant::now();
                    for _ in 0..per_thread {
                        lock.with_lock(|value| section.run(value));
                    }
                    (began, Instant::now())
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    let first = spans.iter().map(|s| s.0).min().unwrap();
    let last = spans.iter().map(|s| s.1).max().unwrap();
    if section == Section::Short {
        assert_eq!(
            lock.with_lock(|v| *v),
            per_thread * threads,
            "{} lost an update",
            L::NAME
        );
    }
    // Scaled to the `ops` criterion asked for (the threads did `per_thread * threads`).
    (last - first).mul_f64(ops as f64 / (per_thread * threads) as f64)
}

fn contended(c: &mut Criterion) {
    for section in [Section::Short, Section::Long(LONG_SECTION_STEPS)] {
        for threads in [2, 4] {
            let mut group =
                c.benchmark_group(format!("contended {} {threads} threads", section.name()));
            group.throughput(Throughput::Elements(1));
            fn one<L: BenchLock>(
                group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
                threads: u64,
                section: Section,
            ) {
                group.bench_function(BenchmarkId::from_parameter(L::NAME), |b| {
                    b.iter_custom(|ops| contended_run::<L>(ops, threads, section))
                });
            }
            each_lock!(no_floor one(&mut group, threads, section));
            group.finish();
        }
    }
}

/// Totals of the handler thread over all of a lock's samples.
#[derive(Default)]
struct HandlerTotals {
    locker_ops: u64,
    attempts: u64,
    successes: u64,
    nanos: u64,
}

static HANDLER_TOTALS: Mutex<Vec<(&'static str, HandlerTotals)>> = Mutex::new(Vec::new());

/// One thread loops `lock()` `ops` times; another only `try_lock`s until it is done, as a signal
/// handler or crash path would. Returns the locker's time.
fn handler_run<L: BenchLock>(ops: u64) -> Duration {
    let lock = L::new();
    let done = AtomicBool::new(false);
    let start = Barrier::new(2);
    let (attempts, successes) = (AtomicU64::new(0), AtomicU64::new(0));
    let elapsed = thread::scope(|s| {
        s.spawn(|| {
            start.wait();
            let (mut tries, mut wins) = (0, 0);
            while !done.load(Relaxed) {
                tries += 1;
                wins += u64::from(lock.with_try_lock(|v| *v += 1).is_some());
            }
            attempts.store(tries, Relaxed);
            successes.store(wins, Relaxed);
        });
        start.wait();
        let began = Instant::now();
        for _ in 0..ops {
            lock.with_lock(|v| *v += 1);
        }
        let elapsed = began.elapsed();
        done.store(true, Relaxed);
        elapsed
    });
    let (attempts, successes) = (attempts.into_inner(), successes.into_inner());
    assert_eq!(
        lock.with_lock(|v| *v),
        ops + successes,
        "{} lost an update",
        L::NAME
    );
    let mut totals = HANDLER_TOTALS.lock().unwrap();
    if totals.last().is_none_or(|(name, _)| *name != L::NAME) {
        totals.push((L::NAME, HandlerTotals::default()));
    }
    let entry = &mut totals.last_mut().unwrap().1;
    entry.locker_ops += ops;
    entry.attempts += attempts;
    entry.successes += successes;
    entry.nanos += elapsed.as_nanos() as u64;
    elapsed
}

fn handler(c: &mut Criterion) {
    let mut group = c.benchmark_group("handler: lock() loop beside a try_lock() loop");
    group.throughput(Throughput::Elements(1));
    fn one<L: BenchLock>(
        group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    ) {
        group.bench_function(L::NAME, |b| b.iter_custom(handler_run::<L>));
    }
    each_lock!(no_floor one(&mut group));
    group.finish();

    // Criterion measures the locker; what the handler got is printed (and saved for the report) here.
    let totals = HANDLER_TOTALS.lock().unwrap();
    if totals.is_empty() {
        return; // filtered out, or only listed
    }
    let mut json = Vec::new();
    println!("\nhandler thread, over all samples:");
    for (name, t) in totals.iter() {
        let seconds = t.nanos as f64 / 1e9;
        println!(
            "  {name:<22} locker {:>7.2} M lock/s, handler {:>7.2} M try_lock/s, {:>5.1}% won ({} of {})",
            t.locker_ops as f64 / seconds / 1e6,
            t.attempts as f64 / seconds / 1e6,
            100.0 * t.successes as f64 / t.attempts.max(1) as f64,
            t.successes,
            t.attempts,
        );
        json.push(format!(
            r#"{{"lock": "{name}", "locker_ops": {}, "attempts": {}, "successes": {}, "nanos": {}}}"#,
            t.locker_ops, t.attempts, t.successes, t.nanos
        ));
    }
    if let Some(dir) = std::env::var_os("CTXLOCK_BENCH_RESULTS") {
        let path = std::path::Path::new(&dir).join("handler.json");
        std::fs::write(&path, format!("[\n  {}\n]\n", json.join(",\n  ")))
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }
}

criterion_group!(benches, uncontended, contended, handler);
criterion_main!(benches);
