// Once-cells the handler may find uninitialised: reported. simple-signal installs its handler
// before the thread that first touches its `lazy_static!` Condvar starts; here the handler is
// installed before `main` sets the cell, on one path only, or by a thread, where the order with
// `main` is not known.
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::{LazyLock, OnceLock};

use ctxlock::nmi_safe;

static EARLY: LazyLock<AtomicU64> = LazyLock::new(|| AtomicU64::new(0));
static SOMETIMES: OnceLock<u64> = OnceLock::new();
static THREADED: LazyLock<AtomicU64> = LazyLock::new(|| AtomicU64::new(0));

fn sometimes() -> u64 {
    *SOMETIMES.get_or_init(|| 1)
}

#[nmi_safe]
extern "C" fn on_usr1(_signal: libc::c_int) {
    EARLY.fetch_add(1, Relaxed); //~ blocks
    std::hint::black_box(sometimes()); //~ blocks
}

#[nmi_safe]
extern "C" fn on_usr2(_signal: libc::c_int) {
    THREADED.fetch_add(1, Relaxed); //~ blocks
}

fn main() {
    // SAFETY: handlers that use atomics and once-cells.
    unsafe { libc::signal(libc::SIGUSR1, on_usr1 as extern "C" fn(libc::c_int) as libc::sighandler_t) };
    LazyLock::force(&EARLY);
    if std::env::args().count() > 1 {
        SOMETIMES.get_or_init(|| 2);
    }
    LazyLock::force(&THREADED);
    std::thread::spawn(|| {
        // SAFETY: as above.
        unsafe { libc::signal(libc::SIGUSR2, on_usr2 as extern "C" fn(libc::c_int) as libc::sighandler_t) };
    })
    .join()
    .unwrap();
}
