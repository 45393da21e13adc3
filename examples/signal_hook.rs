//! A handler closure registered with signal-hook, checked like an `#[nmi_safe]` fn.
//!
//! `signal_hook::low_level::register` takes a closure, and a closure cannot carry an attribute:
//! `nmi_safe_closure!` gives it the compile-time rules of `#[nmi_safe]` and makes it a root of
//! `cargo ctxlock --example signal_hook`, which follows everything it calls. The program raises
//! SIGUSR1 for real twice: once with the lock free, once while `main` holds it.
//!
//! ```sh
//! cargo run --example signal_hook
//! ```

use std::io::Write as _;
use std::sync::atomic::{AtomicU32, Ordering};

use ctxlock::{may_sleep, nmi_safe, nmi_safe_closure, HybridLock};

/// What the handler records, under the lock that sleepable code also takes.
static STATS: HybridLock<u32> = HybridLock::new(0);
/// What the handler did, for `main` to report: 1 recorded, 2 found the lock busy.
static OUTCOME: AtomicU32 = AtomicU32::new(0);

/// Called from the handler: an atomic and `try_lock`, nothing that waits.
#[nmi_safe]
fn record() -> u32 {
    match STATS.try_lock() {
        Ok(mut count) => {
            *count += 1;
            1
        }
        Err(_busy) => 2,
    }
}

#[may_sleep]
fn report(what: &str) {
    let count = *STATS.lock();
    println!("[main] {what}; signals recorded: {count}");
}

fn main() -> std::io::Result<()> {
    let handler = nmi_safe_closure!(move || {
        OUTCOME.store(record(), Ordering::SeqCst);
    });
    // SAFETY: the closure is async-signal-safe: `nmi_safe_closure!` checked its body, and
    // `cargo ctxlock --example signal_hook` checks everything it calls.
    let id = unsafe { signal_hook::low_level::register(signal_hook::consts::SIGUSR1, handler)? };

    signal_hook::low_level::raise(signal_hook::consts::SIGUSR1)?;
    assert_eq!(
        OUTCOME.load(Ordering::SeqCst),
        1,
        "the handler ran and took the lock"
    );
    report("SIGUSR1 with the lock free: the handler recorded it");

    let held = STATS.lock();
    signal_hook::low_level::raise(signal_hook::consts::SIGUSR1)?;
    assert_eq!(
        OUTCOME.load(Ordering::SeqCst),
        2,
        "the handler found the lock busy and returned"
    );
    drop(held);
    report("SIGUSR1 while main held the lock: the handler got Busy and returned at once");

    signal_hook::low_level::unregister(id);
    std::io::stdout().flush()
}
