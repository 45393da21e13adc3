// A clean closure, with and without a block body, under deny(warnings).
#![deny(warnings)]

use ctxlock::{nmi_safe_closure, HybridLock};
use std::sync::atomic::{AtomicU32, Ordering};

static STATE: HybridLock<u32> = HybridLock::new(0);
static LAST: AtomicU32 = AtomicU32::new(0);

fn main() {
    let store = nmi_safe_closure!(|signal: u32| LAST.store(signal, Ordering::Relaxed));
    let handler = nmi_safe_closure!(move |signal: u32| {
        store(signal);
        if let Ok(mut state) = STATE.try_lock() {
            *state = signal;
        }
    });
    handler(7);
    assert_eq!(LAST.load(Ordering::Relaxed), 7);
}
