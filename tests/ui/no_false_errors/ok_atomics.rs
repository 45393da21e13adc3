// Atomics never block.
#![deny(warnings)]

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use ctxlock::nmi_safe;

static CRASHED: AtomicBool = AtomicBool::new(false);
static COUNT: AtomicUsize = AtomicUsize::new(0);

#[nmi_safe]
fn on_crash() -> usize {
    if CRASHED.swap(true, Ordering::AcqRel) {
        return COUNT.load(Ordering::Acquire);
    }
    let _ = COUNT.compare_exchange(0, 1, Ordering::AcqRel, Ordering::Relaxed);
    core::sync::atomic::fence(Ordering::SeqCst);
    COUNT.fetch_add(1, Ordering::Relaxed)
}

fn main() {
    let _ = on_crash();
}
