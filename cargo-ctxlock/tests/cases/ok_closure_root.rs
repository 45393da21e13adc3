// A clean closure root: an atomic and try_lock.
use ctxlock::{nmi_safe_closure, HybridLock};
use std::sync::atomic::{AtomicI32, Ordering};

static LAST: AtomicI32 = AtomicI32::new(0);
static STATE: HybridLock<i32> = HybridLock::new(0);

fn main() {
    let handler = nmi_safe_closure!(move |signal: i32| {
        LAST.store(signal, Ordering::Relaxed);
        if let Ok(mut state) = STATE.try_lock() {
            *state = signal;
        }
    });
    std::hint::black_box(&handler)(1);
}
