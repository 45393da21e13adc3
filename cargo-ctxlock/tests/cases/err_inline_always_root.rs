// An `#[inline(always)]` root: its body is inlined into its caller, and the error is still the
// root's, at the call in the root.
use ctxlock::nmi_safe;
use std::sync::Mutex;

static LOG: Mutex<u32> = Mutex::new(0);

fn record(code: u32) {
    *LOG.lock().unwrap() = code;
}

#[nmi_safe]
#[inline(always)]
fn on_signal(code: u32) {
    record(code); //~ blocks
}

fn main() {
    on_signal(std::hint::black_box(1));
}
