//! The contended lock, outside criterion: N threads take one lock in a loop around a short section
//! (one increment) or a long one ([`CONTEND_LONG_STEPS`] dependent steps), for a fixed time.
//!
//! - `contend interleaved [ROUNDS [MILLIS]]` (default 7 rounds of 300 ms): issue 19's comparison. Each
//!   round runs every configuration (2 and 4 threads, short and long) with every lock in turn,
//!   starting from a different lock each round, so that a change of the machine's load hits all locks
//!   alike; prints the medians as Markdown tables, with the load before and after. With
//!   `CTXLOCK_BENCH_RESULTS=dir` it also writes every round's throughput to `dir/contend.json`.
//! - `contend once <lock> <threads> <short|long> <seconds>`: one run with counts per 1,000
//!   acquisitions: context switches (voluntary ones are sleeps and yields) and retakes (the thread
//!   that released the lock is the next to take it). `scripts/bench-contend` runs it under
//!   `perf stat` to count the system calls too. Locks: `hybrid`, `std`, `parking_lot`, `spin`.
//! - `contend yield`: what one `sched_yield` costs when no other thread wants the CPU, the unit of
//!   the lock's wait before it sleeps (`RawHybridLock`'s `YIELDS`).

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};
use std::sync::Barrier;
use std::thread;
use std::time::{Duration, Instant};

use ctxlock::HybridLock;
use ctxlock_benches::{BenchLock, Section, CONTEND_LONG_STEPS};

/// What the threads of one run did together.
#[derive(Default)]
struct Tally {
    ops: u64,
    voluntary: u64,
    involuntary: u64,
    retakes: u64,
    /// Each thread's operations.
    per_thread: Vec<u64>,
}

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

/// Runs `threads` threads in a `lock()` loop for `duration`; returns the tally and the time from the
/// start signal to the stop signal. With `count_retakes`, each section also notes which thread ran
/// it (an extra load and store inside the lock, so the timed comparison leaves it out).
fn run<L: BenchLock>(
    threads: usize,
    section: Section,
    duration: Duration,
    count_retakes: bool,
) -> (Tally, Duration) {
    let lock = L::new();
    // Only touched under the lock: Relaxed is enough, the lock orders it.
    let last_holder = AtomicUsize::new(usize::MAX);
    let stop = AtomicBool::new(false);
    let start = Barrier::new(threads + 1);
    let (tallies, elapsed): (Vec<Tally>, Duration) = thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|me| {
                let (lock, last_holder, stop, start) = (&lock, &last_holder, &stop, &start);
                s.spawn(move || {
                    start.wait();
                    let before = switches();
                    let (mut ops, mut retakes) = (0, 0);
                    while !stop.load(Relaxed) {
                        lock.with_lock(|value| {
                            section.run(value);
                            if count_retakes {
                                // A load and a store, not a `swap`: a locked instruction in
                                // the section changed how the locks compete (with it, `once`
                                // had HybridLock ahead where the interleaved run had it behind).
                                retakes += u64::from(last_holder.load(Relaxed) == me);
                                last_holder.store(me, Relaxed);
                            }
                        });
                        ops += 1;
                    }
                    let after = switches();
                    Tally {
                        ops,
                        voluntary: after.0 - before.0,
                        involuntary: after.1 - before.1,
                        retakes,
                        per_thread: vec![ops],
                    }
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
    let total = tallies.into_iter().fold(Tally::default(), |mut sum, t| {
        sum.ops += t.ops;
        sum.voluntary += t.voluntary;
        sum.involuntary += t.involuntary;
        sum.retakes += t.retakes;
        sum.per_thread.extend(t.per_thread);
        sum
    });
    (total, elapsed)
}

/// The locks compared, in the order of the tables.
const LOCKS: [&str; 4] = ["hybrid", "std", "parking_lot", "spin"];

/// Runs one configuration with the lock named `lock`.
fn run_named(
    lock: &str,
    threads: usize,
    section: Section,
    duration: Duration,
    count_retakes: bool,
) -> Option<(Tally, Duration)> {
    Some(match lock {
        "hybrid" => run::<HybridLock<u64>>(threads, section, duration, count_retakes),
        "std" => run::<std::sync::Mutex<u64>>(threads, section, duration, count_retakes),
        "parking_lot" => run::<parking_lot::Mutex<u64>>(threads, section, duration, count_retakes),
        "spin" => run::<spin::mutex::SpinMutex<u64>>(threads, section, duration, count_retakes),
        _ => return None,
    })
}

fn display_name(lock: &str) -> &'static str {
    match lock {
        "hybrid" => <HybridLock<u64> as BenchLock>::NAME,
        "std" => <std::sync::Mutex<u64> as BenchLock>::NAME,
        "parking_lot" => <parking_lot::Mutex<u64> as BenchLock>::NAME,
        _ => <spin::mutex::SpinMutex<u64> as BenchLock>::NAME,
    }
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

/// The four configurations, in the order of the tables.
fn configurations() -> Vec<(Section, usize)> {
    let long = Section::Long(CONTEND_LONG_STEPS);
    vec![
        (Section::Short, 2),
        (Section::Short, 4),
        (long, 2),
        (long, 4),
    ]
}

fn interleaved(rounds: usize, millis: u64) {
    let duration = Duration::from_millis(millis);
    let configs = configurations();
    let load_before = loadavg();
    let began = Instant::now();
    // mops[config][lock][round], in million operations per second.
    let mut mops = vec![vec![Vec::with_capacity(rounds); LOCKS.len()]; configs.len()];
    for round in 0..rounds {
        for (c, &(section, threads)) in configs.iter().enumerate() {
            for turn in 0..LOCKS.len() {
                let l = (round + turn) % LOCKS.len();
                let (tally, elapsed) =
                    run_named(LOCKS[l], threads, section, duration, false).expect("a known lock");
                mops[c][l].push(tally.ops as f64 / elapsed.as_secs_f64() / 1e6);
            }
        }
    }
    if let Some(dir) = std::env::var_os("CTXLOCK_BENCH_RESULTS") {
        write_json(
            &std::path::Path::new(&dir).join("contend.json"),
            &configs,
            &mops,
            &load_before,
        );
    }
    println!(
        "{rounds} rounds of {millis} ms, {:.0} s in all; 1-minute, 5-minute, 15-minute load \
         (/proc/loadavg) before: {load_before}; after: {}; {} CPUs. Long = {CONTEND_LONG_STEPS} \
         dependent multiply-adds. In each round every configuration runs every lock in turn, starting \
         from a different lock each round.",
        began.elapsed().as_secs_f64(),
        loadavg(),
        thread::available_parallelism().map_or(0, |n| n.get()),
    );
    println!();
    println!(
        "Throughput, million lock+unlock per second, all threads together (median of the rounds):"
    );
    println!();
    print!("| lock |");
    for (section, threads) in &configs {
        print!(" {} {threads} threads |", section.name());
    }
    println!();
    println!("|---|{}", "---:|".repeat(configs.len()));
    for (l, lock) in LOCKS.iter().enumerate() {
        print!("| {} |", display_name(lock));
        for per_config in &mops {
            print!(" {:.1} |", median(&mut per_config[l].clone()));
        }
        println!();
    }
    println!();
    println!(
        "HybridLock's throughput over the other lock's: the ratio of the medians, and in brackets the \
         lowest and highest ratio within one round:"
    );
    println!();
    print!("| ratio |");
    for (section, threads) in &configs {
        print!(" {} {threads} threads |", section.name());
    }
    println!();
    println!("|---|{}", "---:|".repeat(configs.len()));
    for (l, lock) in LOCKS.iter().enumerate().skip(1) {
        print!("| HybridLock / {} |", display_name(lock));
        for per_config in &mops {
            let ours = median(&mut per_config[0].clone());
            let theirs = median(&mut per_config[l].clone());
            let mut per_round: Vec<f64> = per_config[0]
                .iter()
                .zip(&per_config[l])
                .map(|(a, b)| a / b)
                .collect();
            per_round.sort_by(f64::total_cmp);
            print!(
                " {:.2}x ({:.2}–{:.2}) |",
                ours / theirs,
                per_round[0],
                per_round[per_round.len() - 1]
            );
        }
        println!();
    }
}

/// `[{"section", "threads", "lock", "mops": [each round]}, …]`, and the load before the run.
fn write_json(
    path: &std::path::Path,
    configs: &[(Section, usize)],
    mops: &[Vec<Vec<f64>>],
    load: &str,
) {
    let mut rows = Vec::new();
    for (c, (section, threads)) in configs.iter().enumerate() {
        for (l, lock) in LOCKS.iter().enumerate() {
            let rounds: Vec<String> = mops[c][l].iter().map(|m| format!("{m:.3}")).collect();
            rows.push(format!(
                "{{\"section\": \"{}\", \"threads\": {threads}, \"lock\": \"{}\", \"mops\": [{}]}}",
                section.name(),
                display_name(lock),
                rounds.join(", ")
            ));
        }
    }
    let json = format!(
        "{{\"loadavg_before\": \"{load}\", \"runs\": [\n  {}\n]}}\n",
        rows.join(",\n  ")
    );
    std::fs::write(path, json).expect("write contend.json");
}

fn once(lock: &str, threads: usize, section: Section, duration: Duration) -> bool {
    let Some((tally, elapsed)) = run_named(lock, threads, section, duration, true) else {
        return false;
    };
    let per_thousand = |n: u64| 1000.0 * n as f64 / tally.ops.max(1) as f64;
    let shares: Vec<String> = tally
        .per_thread
        .iter()
        .map(|&ops| format!("{:.0}%", 100.0 * ops as f64 / tally.ops.max(1) as f64))
        .collect();
    println!(
        "{:<20} {threads} threads {:<5}: {:>7.2} M ops/s, {} ops; shares {}; per 1000 ops: {:.2} retakes, {:.2} voluntary, {:.2} involuntary switches",
        display_name(lock),
        section.name(),
        tally.ops as f64 / elapsed.as_secs_f64() / 1e6,
        tally.ops,
        shares.join(" "),
        per_thousand(tally.retakes),
        per_thousand(tally.voluntary),
        per_thousand(tally.involuntary),
    );
    true
}

/// Prints the median time of one `std::thread::yield_now` over 9 batches of 100,000, on this thread
/// alone.
fn yield_cost() {
    let mut nanos: Vec<f64> = (0..9)
        .map(|_| {
            let began = Instant::now();
            for _ in 0..100_000 {
                thread::yield_now();
            }
            began.elapsed().as_nanos() as f64 / 100_000.0
        })
        .collect();
    println!("{:.0} ns per yield", median(&mut nanos));
}

fn usage() -> ExitCode {
    eprintln!(
        "usage: contend interleaved [ROUNDS [MILLIS]]\n       contend once <hybrid|std|parking_lot|spin> <threads> <short|long> <seconds>\n       contend yield"
    );
    ExitCode::FAILURE
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args[..] {
        ["interleaved", ref rest @ ..] if rest.len() <= 2 => {
            let rounds = rest.first().map_or(Ok(7), |r| r.parse());
            let millis = rest.get(1).map_or(Ok(300), |m| m.parse());
            let (Ok(rounds @ 1..), Ok(millis)) = (rounds, millis) else {
                return usage();
            };
            interleaved(rounds, millis);
            ExitCode::SUCCESS
        }
        ["yield"] => {
            yield_cost();
            ExitCode::SUCCESS
        }
        ["once", lock, threads, section, seconds] => {
            let (Ok(threads), Ok(seconds)) = (threads.parse(), seconds.parse::<f64>()) else {
                return usage();
            };
            let section = match section {
                "short" => Section::Short,
                "long" => Section::Long(CONTEND_LONG_STEPS),
                _ => return usage(),
            };
            if once(lock, threads, section, Duration::from_secs_f64(seconds)) {
                ExitCode::SUCCESS
            } else {
                usage()
            }
        }
        _ => usage(),
    }
}
