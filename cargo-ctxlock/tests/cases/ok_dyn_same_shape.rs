// A `dyn` call whose only impl of that trait is safe, while another trait of the same shape (same
// slot, same parameter types) has an impl that locks, used elsewhere: the call reaches only its
// own trait's impls.
use ctxlock::nmi_safe;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

trait Backend {
    fn flush(&self, n: u64);
}

trait Journal {
    fn flush(&self, n: u64);
}

struct Counter(AtomicU64);

impl Backend for Counter {
    fn flush(&self, n: u64) {
        self.0.fetch_add(n, Ordering::Relaxed);
    }
}

struct Locked(Mutex<u64>);

impl Journal for Locked {
    fn flush(&self, n: u64) {
        *self.0.lock().unwrap() += n;
    }
}

#[nmi_safe]
fn on_signal(backend: &dyn Backend, n: u64) {
    backend.flush(n);
}

fn main() {
    let counter = Counter(AtomicU64::new(0));
    on_signal(&counter, 1);
    let journal: &dyn Journal = &Locked(Mutex::new(0));
    journal.flush(std::hint::black_box(2));
}
