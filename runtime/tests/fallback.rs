//! The symmetric fallback, used where `membarrier` is missing or refused, forced with
//! `CTXLOCK_MEMBARRIER=0` (read once, at program start): each test runs its body in a child process
//! started with it, and the body checks that the fallback is the mode in use. The signal storm of
//! `signals.rs` runs in the fallback too (see there).
#![cfg(all(target_os = "linux", feature = "std", not(loom)))]

use std::{
    env,
    hint::black_box,
    process::Command,
    sync::atomic::{AtomicBool, Ordering::Relaxed},
    thread,
    time::Duration,
};

use ctxlock_runtime::{uses_membarrier, HybridLock};

/// Set in the child process, which runs the test's body.
const CHILD: &str = "CTXLOCK_FALLBACK_TEST_CHILD";

/// Runs `body` in a child process with the fallback forced, and fails if the child fails.
fn in_fallback(test: &str, body: fn()) {
    if env::var_os(CHILD).is_some() {
        assert!(
            !uses_membarrier(),
            "CTXLOCK_MEMBARRIER=0 did not force the fallback"
        );
        return body();
    }
    let status = Command::new(env::current_exe().expect("test binary path"))
        .args(["--exact", test, "--nocapture", "--test-threads", "1"])
        .env(CHILD, "1")
        .env("CTXLOCK_MEMBARRIER", "0")
        .status()
        .expect("run the child");
    assert!(status.success(), "{test} in the fallback: {status}");
}

/// Property: in the fallback, threads that sleep in `lock()` (sections far longer than the spin)
/// are woken, whether a locker or a `try_lock`er unlocks, and no update is lost.
#[test]
fn sleepers_are_woken_and_exclusion_holds() {
    in_fallback("sleepers_are_woken_and_exclusion_holds", || {
        const THREADS: usize = 4;
        const ITERATIONS: usize = 2_000;
        let counter = HybridLock::new(0usize);
        let lockers_done = AtomicBool::new(false);
        let handler_wins = thread::scope(|s| {
            let handler = s.spawn(|| {
                let mut wins = 0usize;
                while !lockers_done.load(Relaxed) {
                    if let Ok(mut count) = counter.try_lock() {
                        *count += 1;
                        wins += 1;
                    }
                    thread::yield_now();
                }
                wins
            });
            let lockers: Vec<_> = (0..THREADS)
                .map(|_| {
                    s.spawn(|| {
                        for i in 0..ITERATIONS {
                            let mut count = counter.lock();
                            let seen = black_box(*count);
                            if i % 64 == 0 {
                                // Long enough that the others outlast their spin and sleep.
                                thread::sleep(Duration::from_micros(200));
                            }
                            *count = seen + 1;
                        }
                    })
                })
                .collect();
            for locker in lockers {
                locker.join().unwrap();
            }
            lockers_done.store(true, Relaxed);
            handler.join().unwrap()
        });
        assert_eq!(counter.into_inner(), THREADS * ITERATIONS + handler_wins);
    });
}

/// Without the switch, `membarrier` is used exactly when the kernel lets this process register
/// for it; and it was decided at program start (`.init_array`), before any lock slept: a linker
/// that dropped that hook would leave every unlock on the slow path, and fail this test.
#[test]
fn membarrier_is_used_where_the_kernel_has_it() {
    if env::var_os(CHILD).is_some() || env::var_os("CTXLOCK_MEMBARRIER").is_some() {
        return;
    }
    // Registering again is harmless. MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED:
    // SAFETY: `membarrier` takes two integers and touches no memory of ours.
    let supported = unsafe { libc::syscall(libc::SYS_membarrier, 1 << 4, 0) } == 0;
    assert_eq!(uses_membarrier(), supported);
}
