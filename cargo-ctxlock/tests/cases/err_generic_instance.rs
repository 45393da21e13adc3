// One generic #[nmi_safe] fn, two instances: only the locking one is reported.
use ctxlock::nmi_safe;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;

trait Counter {
    fn bump(&self);
}

struct Atomic(AtomicU32);
struct Locking(Mutex<u32>);

impl Counter for Atomic {
    fn bump(&self) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
}

impl Counter for Locking {
    fn bump(&self) {
        *self.0.lock().unwrap() += 1;
    }
}

#[nmi_safe]
fn count<C: Counter>(counter: &C) {
    counter.bump();
}

fn main() {
    count(&Atomic(AtomicU32::new(0)));
    count(&Locking(Mutex::new(0)));
}
