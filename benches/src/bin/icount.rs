//! Runs N acquire/release pairs of one lock, for callgrind to count their instructions:
//! `icount <lock> <op> <n>`, with `lock` one of `hybrid`, `std`, `parking_lot`, `spin`, `floor`, and `op`
//! one of `lock` (lock + unlock), `try_lock` (try_lock + unlock), `busy` (try_lock on a lock this thread
//! holds) or `nothing` (an empty call, the harness's own cost). Each pair is one call of an
//! `#[inline(never)]` fn named `measured_<op>` (`busy` calls `measured_try_lock`), so that
//! `--toggle-collect=*measured_<op>*` counts the pair and nothing else. `benches/instructions.rs` drives it.

use std::hint::black_box;
use std::process::ExitCode;

use ctxlock::HybridLock;
use ctxlock_benches::{BenchLock, KexecLock};

#[inline(never)]
fn measured_lock<L: BenchLock>(lock: &L) {
    lock.with_lock(|_| ());
}

#[inline(never)]
fn measured_try_lock<L: BenchLock>(lock: &L) -> bool {
    lock.with_try_lock(|_| ()).is_some()
}

#[inline(never)]
fn measured_nothing<L: BenchLock>(lock: &L) -> bool {
    black_box(lock);
    true
}

fn run<L: BenchLock>(op: &str, n: u64) -> Result<(), String> {
    let lock = L::new();
    let lock = &lock;
    match op {
        "lock" => (0..n).for_each(|_| measured_lock(black_box(lock))),
        "try_lock" => (0..n).for_each(|_| assert!(measured_try_lock(black_box(lock)))),
        "busy" => {
            lock.with_lock(|_| (0..n).for_each(|_| assert!(!measured_try_lock(black_box(lock)))))
        }
        "nothing" => (0..n).for_each(|_| assert!(measured_nothing(black_box(lock)))),
        _ => return Err(format!("unknown op `{op}`")),
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [lock, op, n] = &args[..] else {
        eprintln!(
            "usage: icount <hybrid|std|parking_lot|spin|floor> <lock|try_lock|busy|nothing> <n>"
        );
        return ExitCode::FAILURE;
    };
    let Ok(n) = n.parse() else {
        eprintln!("icount: `{n}` is not a count");
        return ExitCode::FAILURE;
    };
    let result = match lock.as_str() {
        "hybrid" => run::<HybridLock<u64>>(op, n),
        "std" => run::<std::sync::Mutex<u64>>(op, n),
        "parking_lot" => run::<parking_lot::Mutex<u64>>(op, n),
        "spin" => run::<spin::mutex::SpinMutex<u64>>(op, n),
        "floor" => run::<KexecLock>(op, n),
        _ => Err(format!("unknown lock `{lock}`")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("icount: {message}");
            ExitCode::FAILURE
        }
    }
}
