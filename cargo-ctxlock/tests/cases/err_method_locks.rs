// A SIGSEGV handler records the fault through a tracker method that locks a std Mutex.
use ctxlock::nmi_safe;
use std::sync::Mutex;

struct Tracker {
    faults: Mutex<u64>,
}

impl Tracker {
    fn record(&self, code: u64) {
        *self.faults.lock().unwrap() += code;
    }
}

static TRACKER: Tracker = Tracker { faults: Mutex::new(0) };

#[nmi_safe]
fn on_fault(code: u64) {
    TRACKER.record(code);
}

fn main() {
    std::hint::black_box(on_fault as fn(u64));
}
