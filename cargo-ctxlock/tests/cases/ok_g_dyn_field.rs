// The trait of a `dyn` call is read from where the vtable comes from: a field of a struct the
// handler is given, and the return type of a call. Each trait's only impl bumps an atomic; another
// trait of the same shape, called through `dyn` in `main`, locks, and is no candidate of either.
use ctxlock::nmi_safe;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

static BUMPS: AtomicU64 = AtomicU64::new(0);
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
        BUMPS.fetch_add(1, Ordering::Relaxed);
    }
}

struct Disk;

impl Journal for Disk {
    fn flush(&self) {
        *JOURNAL.lock().unwrap() += 1;
    }
}

struct Device {
    id: u32,
    backend: Box<dyn Backend + Sync>,
}

static COUNTER: Counter = Counter;

fn backend() -> &'static dyn Backend {
    &COUNTER
}

#[nmi_safe]
fn on_fault(device: &Device) -> u32 {
    device.backend.flush();
    backend().flush();
    device.id
}

fn main() {
    let device = Device {
        id: 1,
        backend: Box::new(Counter),
    };
    on_fault(&device);
    let journal: &dyn Journal = std::hint::black_box(&Disk);
    journal.flush();
}
