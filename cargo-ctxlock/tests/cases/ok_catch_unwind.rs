// A handler that keeps panics from unwinding into C with `catch_unwind`, and drops what it returns:
// its `Err` holds a panic's payload, which exists only after a panic, so the drop is a panic path
// (reported with `--panics`), not a free on the handler's way.
use ctxlock::nmi_safe;
use std::sync::atomic::{AtomicU32, Ordering};

static COUNT: AtomicU32 = AtomicU32::new(0);

#[nmi_safe]
extern "C" fn on_signal(signal: libc::c_int) {
    let _ = std::panic::catch_unwind(|| {
        COUNT.fetch_add(signal as u32, Ordering::Relaxed);
    });
}

fn main() {
    // SAFETY: installing a handler with the `extern "C" fn(c_int)` signature.
    unsafe { libc::signal(libc::SIGUSR1, on_signal as libc::sighandler_t) };
}
