// A fn-pointer call matches the address-taken fns of its signature, return type included: the
// locking `fn(u32)` whose address `main` takes is no candidate of a `fn(u32) -> u32` call.
use ctxlock::nmi_safe;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;

static LAST: AtomicU32 = AtomicU32::new(0);
static LOG: Mutex<u32> = Mutex::new(0);

fn double(code: u32) -> u32 {
    LAST.store(code, Ordering::Relaxed);
    code * 2
}

fn record(code: u32) {
    *LOG.lock().unwrap() = code;
}

#[nmi_safe]
fn on_signal(map: fn(u32) -> u32, code: u32) -> u32 {
    map(code)
}

fn main() {
    let record: fn(u32) = std::hint::black_box(record);
    record(1);
    on_signal(std::hint::black_box(double), 2);
}
