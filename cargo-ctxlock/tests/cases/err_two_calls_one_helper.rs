// Two calls to one locking helper: two errors, one per call.
use ctxlock::nmi_safe;
use std::sync::Mutex;

static COUNT: Mutex<u32> = Mutex::new(0);

fn bump() {
    *COUNT.lock().unwrap() += 1;
}

#[nmi_safe]
fn on_signal(twice: bool) {
    bump(); //~ blocks
    if twice {
        bump(); //~ blocks
    }
}

fn main() {
    std::hint::black_box(on_signal as fn(bool));
}
