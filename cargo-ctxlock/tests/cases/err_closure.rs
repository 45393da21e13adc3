// A closure made elsewhere and called in the handler: the closure locks.
use ctxlock::nmi_safe;
use std::sync::Mutex;

static COUNT: Mutex<u32> = Mutex::new(0);

fn counter() -> impl Fn() -> u32 {
    || *COUNT.lock().unwrap()
}

fn with<F: FnOnce() -> u32>(f: F) -> u32 {
    f()
}

#[nmi_safe]
fn handler() -> u32 {
    with(counter())
}

fn main() {
    std::hint::black_box(handler as fn() -> u32);
}
