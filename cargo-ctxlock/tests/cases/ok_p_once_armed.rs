// A once-cell that `main` initialises before it installs the handler: when the handler runs, the
// cell is set, and its deref or `get_or_init` is a load that never waits. pprof's `PROFILER` is
// this (`ProfilerGuard::new` writes through the `Lazy` before `sigaction`). The check runs `main`
// (paths.rs) and sees each cell set on every path before the handler's address is taken.
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::{LazyLock, OnceLock};

use ctxlock::nmi_safe;

static COUNTER: LazyLock<AtomicU64> = LazyLock::new(|| AtomicU64::new(0));
static LIMIT: OnceLock<u64> = OnceLock::new();

/// The attribute rejects `get_or_init` in a handler's own tokens (it cannot know the order of
/// events, and `get()` is the better spelling); a helper's call is the whole-program check's.
fn limit() -> u64 {
    *LIMIT.get_or_init(|| 10)
}

#[nmi_safe]
extern "C" fn on_signal(_signal: libc::c_int) {
    let limit = limit();
    if COUNTER.load(Relaxed) < limit {
        COUNTER.fetch_add(1, Relaxed);
    }
}

fn install() {
    // SAFETY: a handler that only uses atomics and set once-cells.
    unsafe { libc::signal(libc::SIGUSR1, on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t) };
}

fn main() {
    LazyLock::force(&COUNTER);
    let verbose = std::env::args().count() > 1;
    if verbose {
        LIMIT.get_or_init(|| 100);
    } else {
        LIMIT.get_or_init(|| 10);
    }
    install();
    println!("{}", COUNTER.load(Relaxed));
}
