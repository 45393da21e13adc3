//! Instructions per acquire/release pair, counted by valgrind's callgrind, so that the ratios hold on
//! a noisy machine. Each count is one call of `icount`'s `measured_<op>` fn, found as the difference
//! between runs of N1 and N2 calls divided by N2 - N1, with collection on only inside that fn: the
//! setup cancels, and a count that is not a whole number would show the fn is not deterministic.
//!
//! Run by `cargo bench` (skipped, with a note, where valgrind is missing) and `scripts/bench-icount`.
//! With `CTXLOCK_BENCH_RESULTS=dir` it also writes `dir/icount.json` and `dir/icount.md`.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

const ICOUNT: &str = env!("CARGO_BIN_EXE_icount");
const LOCKS: [(&str, &str); 5] = [
    ("floor", "floor (kexec lock)"),
    ("hybrid", "ctxlock::HybridLock"),
    ("std", "std::sync::Mutex"),
    ("parking_lot", "parking_lot::Mutex"),
    ("spin", "spin::SpinMutex"),
];
/// (op, the fn it measures, column title)
const OPS: [(&str, &str, &str); 4] = [
    ("lock", "measured_lock", "lock+unlock"),
    ("try_lock", "measured_try_lock", "try_lock+unlock"),
    ("busy", "measured_try_lock", "try_lock, held (Busy)"),
    ("nothing", "measured_nothing", "empty call"),
];
const N1: u64 = 10_000;
const N2: u64 = 30_000;

/// Instructions callgrind counts inside `function` while `icount lock op n` runs.
fn count(lock: &str, op: &str, function: &str, n: u64) -> u64 {
    let out = std::env::temp_dir().join(format!(
        "ctxlock-icount-{}-{lock}-{op}-{n}",
        std::process::id()
    ));
    let status = Command::new("valgrind")
        .args(["--tool=callgrind", "--quiet"])
        .arg(format!("--toggle-collect=*{function}*"))
        .arg(format!("--callgrind-out-file={}", out.display()))
        .args([ICOUNT, lock, op, &n.to_string()])
        .status()
        .expect("run valgrind");
    assert!(
        status.success(),
        "valgrind {ICOUNT} {lock} {op} {n}: {status}"
    );
    let profile = std::fs::read_to_string(&out).expect("read callgrind's output");
    std::fs::remove_file(&out).ok();
    profile
        .lines()
        .find_map(|line| line.strip_prefix("totals:"))
        .or_else(|| {
            profile
                .lines()
                .find_map(|line| line.strip_prefix("summary:"))
        })
        .and_then(|total| total.split_whitespace().next()?.parse().ok())
        .expect("callgrind's output has a total")
}

fn per_pair(lock: &str, op: &str, function: &str) -> f64 {
    let (small, large) = (count(lock, op, function, N1), count(lock, op, function, N2));
    (large - small) as f64 / (N2 - N1) as f64
}

fn ratio(a: f64, b: f64) -> String {
    format!("{:.2}x", a / b)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if !args.iter().any(|arg| arg == "--bench") {
        return; // `cargo test --benches`: nothing to check here.
    }
    if args.iter().any(|arg| arg == "--list") {
        println!("instructions per pair (callgrind): bench");
        return;
    }
    if Command::new("valgrind").arg("--version").output().is_err() {
        println!("instructions: valgrind not found, skipped (apt-get install valgrind)");
        return;
    }
    let counts: Vec<Vec<f64>> = LOCKS
        .iter()
        .map(|(lock, _)| {
            OPS.iter()
                .map(|(op, function, _)| per_pair(lock, op, function))
                .collect()
        })
        .collect();

    let mut table = String::new();
    let titles: Vec<&str> = OPS.iter().map(|op| op.2).collect();
    writeln!(table, "| lock | {} |", titles.join(" | ")).unwrap();
    writeln!(table, "|---|{}", "---:|".repeat(titles.len())).unwrap();
    for ((_, name), row) in LOCKS.iter().zip(&counts) {
        let cells: Vec<String> = row.iter().map(|c| format!("{c}")).collect();
        writeln!(table, "| {name} | {} |", cells.join(" | ")).unwrap();
    }
    let [floor, hybrid, std, parking_lot, spin] = &counts[..] else {
        unreachable!()
    };
    writeln!(table).unwrap();
    writeln!(
        table,
        "| ratio (instructions) | lock+unlock | try_lock+unlock | try_lock, held (Busy) |"
    )
    .unwrap();
    writeln!(table, "|---|---:|---:|---:|").unwrap();
    for (what, other) in [
        ("floor", floor),
        ("std", std),
        ("parking_lot", parking_lot),
        ("spin", spin),
    ] {
        let cells: Vec<String> = (0..3).map(|i| ratio(hybrid[i], other[i])).collect();
        writeln!(table, "| HybridLock / {what} | {} |", cells.join(" | ")).unwrap();
    }
    println!(
        "\ninstructions per call (callgrind, ({N2}-call run - {N1}-call run) / {}):\n",
        N2 - N1
    );
    print!("{table}");

    if let Some(dir) = std::env::var_os("CTXLOCK_BENCH_RESULTS") {
        let dir = Path::new(&dir);
        std::fs::write(dir.join("icount.md"), &table).expect("write icount.md");
        let rows: Vec<String> = LOCKS
            .iter()
            .zip(&counts)
            .map(|((_, name), row)| {
                let cells: Vec<String> = OPS
                    .iter()
                    .zip(row)
                    .map(|(op, c)| format!("\"{}\": {c}", op.0))
                    .collect();
                // `name`, not `lock`: one of the ops is called `lock`.
                format!("{{\"name\": \"{name}\", {}}}", cells.join(", "))
            })
            .collect();
        std::fs::write(
            dir.join("icount.json"),
            format!("[\n  {}\n]\n", rows.join(",\n  ")),
        )
        .expect("write icount.json");
    }
}
