// A `dyn` call whose vtable is a constant in the IR reaches exactly that vtable's slot: the other
// impl of the same trait, which locks and which `main` calls through `dyn`, is no candidate.
use ctxlock::nmi_safe;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

static FLUSHES: AtomicU64 = AtomicU64::new(0);
static DISK: Mutex<u64> = Mutex::new(0);

trait Backend {
    fn flush(&self);
}

struct Counter;

impl Backend for Counter {
    fn flush(&self) {
        FLUSHES.fetch_add(1, Ordering::Relaxed);
    }
}

struct Disk;

impl Backend for Disk {
    fn flush(&self) {
        *DISK.lock().unwrap() += 1;
    }
}

#[nmi_safe]
fn on_fault() {
    let backend: &dyn Backend = &Counter;
    backend.flush();
}

fn main() {
    on_fault();
    let disk: &dyn Backend = std::hint::black_box(&Disk);
    disk.flush();
}
