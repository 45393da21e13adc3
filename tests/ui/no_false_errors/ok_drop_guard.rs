// `drop(guard)` releases the lock early; `drop` is the prelude's, and `core::mem::drop` too.
#![deny(warnings)]

use ctxlock::{nmi_safe, HybridLock};

static STATE: HybridLock<u64> = HybridLock::new(0);

#[nmi_safe]
fn bump() -> bool {
    match STATE.try_lock() {
        Ok(mut guard) => {
            *guard += 1;
            drop(guard);
            let again = STATE.try_lock();
            core::mem::drop(again);
            true
        }
        Err(_busy) => false,
    }
}

fn main() {
    let _ = bump();
}
