// A `dyn Backend` call whose only impl bumps an atomic passes, although another trait of the same
// shape (`fn(&self)`, same slot) has an impl that locks, and `main` calls it through `dyn` too.
use ctxlock::nmi_safe;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

static FLUSHES: AtomicU64 = AtomicU64::new(0);
static JOURNAL: Mutex<u64> = Mutex::new(0);

trait Backend {
    fn flush(&self);
}

trait Journal {
    fn flush(&self);
}

struct Counter;

impl Backend for Counter {
    fn flush(&self) {
        FLUSHES.fetch_add(1, Ordering::Relaxed);
    }
}

struct Disk;

impl Journal for Disk {
    fn flush(&self) {
        *JOURNAL.lock().unwrap() += 1;
    }
}

#[nmi_safe]
fn on_fault(backend: &dyn Backend) {
    backend.flush();
}

fn main() {
    on_fault(&Counter);
    let journal: &dyn Journal = std::hint::black_box(&Disk);
    journal.flush();
}
