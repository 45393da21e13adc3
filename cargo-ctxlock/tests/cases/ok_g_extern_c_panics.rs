// cargo-ctxlock: --panics
// An `extern "C"` handler that cannot panic: the compiler's `panic_cannot_unwind` guard around its
// calls only runs when a panic already unwinds, so `--panics` has nothing to report.
use ctxlock::nmi_safe;
use std::sync::atomic::{AtomicI32, Ordering};

static LAST: AtomicI32 = AtomicI32::new(0);

fn note(signal: libc::c_int) {
    // A swap accepts every ordering, so it has no panic path (a store rejects `Acquire`).
    LAST.swap(signal, Ordering::Relaxed);
}

#[nmi_safe]
extern "C" fn on_signal(signal: libc::c_int) {
    note(signal);
}

fn main() {
    std::hint::black_box(on_signal as extern "C" fn(libc::c_int));
}
