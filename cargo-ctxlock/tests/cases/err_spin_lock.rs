// spin's `lock()`, one call below the handler, is `#[inline(always)]`: the helper's IR holds only
// its atomics, and it spins until the holder lets go, which the interrupted holder never does.
use ctxlock::nmi_safe;

static COUNT: spin::Mutex<u32> = spin::Mutex::new(0);

fn bump() {
    *COUNT.lock() += 1;
}

#[nmi_safe]
fn on_signal() {
    bump(); //~ blocks
}

fn main() {
    std::hint::black_box(on_signal as fn());
}
