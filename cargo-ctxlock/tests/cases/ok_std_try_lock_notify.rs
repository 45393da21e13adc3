// std's `Mutex::try_lock` (its release is one futex wake) and `Condvar::notify_*` (an atomic add
// and one futex wake): neither waits.
use ctxlock::nmi_safe;
use std::sync::{Condvar, Mutex};

static STATE: Mutex<u32> = Mutex::new(0);
static READY: Condvar = Condvar::new();

#[nmi_safe]
fn on_signal(code: u32) {
    if let Ok(mut state) = STATE.try_lock() {
        *state = code;
    }
    READY.notify_one();
    READY.notify_all();
}

fn main() {
    std::hint::black_box(on_signal as fn(u32));
}
