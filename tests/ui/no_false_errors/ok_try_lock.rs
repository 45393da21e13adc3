// `try_lock()` is the NMI-safe face of the lock, on `HybridLock` and on std's `Mutex`.
#![deny(warnings)]

use std::sync::Mutex;

use ctxlock::{nmi_safe, Busy, HybridLock};

static STATE: HybridLock<u64> = HybridLock::new(0);

#[nmi_safe]
fn record_crash(std_lock: &Mutex<u32>) -> Result<u64, Busy> {
    if let Ok(mut n) = std_lock.try_lock() {
        *n += 1;
    }
    let mut state = STATE.try_lock()?;
    *state += 1;
    Ok(*state)
}

fn main() {
    let _ = record_crash(&Mutex::new(0));
}
