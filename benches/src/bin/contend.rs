//! A diagnostic beside the contended benchmarks: `contend <lock> <threads> <short|long> <seconds>` runs
//! the threads in a `lock()` loop for that long and prints the throughput, each thread's share, and the
//! context switches per thousand operations (voluntary ones are sleeps: futex waits, yields). Run it under
//! `strace -f -c -e trace=futex,sched_yield` to count system calls as well. Locks: `hybrid`, `std`,
//! `parking_lot`, `spin`.

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
use std::sync::Barrier;
use std::thread;
use std::time::{Duration, Instant};

use ctxlock::HybridLock;
use ctxlock_benches::{BenchLock, Section};

/// (operations, voluntary switches, involuntary switches) of one thread.
type Tally = (u64, u64, u64);

/// This thread's context switches so far, from `/proc/thread-self/status`.
fn switches() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/thread-self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|value| value.trim().parse().ok())
            .unwrap_or(0)
    };
    (
        field("voluntary_ctxt_switches:"),
        field("nonvoluntary_ctxt_switches:"),
    )
}

fn run<L: BenchLock>(threads: usize, section: Section, duration: Duration) {
    let lock = L::new();
    let stop = AtomicBool::new(false);
    let start = Barrier::new(threads + 1);
    let (tallies, elapsed): (Vec<Tally>, Duration) = thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    start.wait();
                    let before = switches();
                    let mut ops = 0;
                    while !stop.load(Relaxed) {
                        lock.with_lock(|value| section.run(value));
                        ops += 1;
                    }
                    let after = switches();
                    (ops, after.0 - before.0, after.1 - before.1)
                })
            })
            .collect();
        start.wait();
        let began = Instant::now();
        thread::sleep(duration);
        stop.store(true, Relaxed);
        let tallies = workers.into_iter().map(|w| w.join().unwrap()).collect();
        (tallies, began.elapsed())
    });
    let total: u64 = tallies.iter().map(|t| t.0).sum();
    let per_thousand = |n: u64| 1000.0 * n as f64 / total.max(1) as f64;
    let shares: Vec<String> = tallies
        .iter()
        .map(|t| format!("{:.0}%", 100.0 * t.0 as f64 / total.max(1) as f64))
        .collect();
    println!(
        "{:<22} {threads} threads {:<5}: {:>8.2} M ops/s; shares {}; per 1000 ops: {:.2} voluntary, {:.2} involuntary switches",
        L::NAME,
        section.name(),
        total as f64 / elapsed.as_secs_f64() / 1e6,
        shares.join(" "),
        per_thousand(tallies.iter().map(|t| t.1).sum()),
        per_thousand(tallies.iter().map(|t| t.2).sum()),
    );
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [lock, threads, section, seconds] = &args[..] else {
        eprintln!("usage: contend <hybrid|std|parking_lot|spin> <threads> <short|long> <seconds>");
        return ExitCode::FAILURE;
    };
    let (Ok(threads), Ok(seconds)) = (threads.parse(), seconds.parse::<f64>()) else {
        eprintln!("contend: threads and seconds must be numbers");
        return ExitCode::FAILURE;
    };
    let section = match section.as_str() {
        "short" => Section::Short,
        "long" => Section::Long,
        _ => {
            eprintln!("contend: section is `short` or `long`");
            return ExitCode::FAILURE;
        }
    };
    let duration = Duration::from_secs_f64(seconds);
    match lock.as_str() {
        "hybrid" => run::<HybridLock<u64>>(threads, section, duration),
        "std" => run::<std::sync::Mutex<u64>>(threads, section, duration),
        "parking_lot" => run::<parking_lot::Mutex<u64>>(threads, section, duration),
        "spin" => run::<spin::mutex::SpinMutex<u64>>(threads, section, duration),
        _ => {
            eprintln!("contend: unknown lock `{lock}`");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
