// Trait static dispatch: a generic helper calls a trait method whose impl locks.
use ctxlock::nmi_safe;
use std::sync::Mutex;

trait Sink {
    fn put(&self, code: u32);
}

struct Locked(Mutex<u32>);

impl Sink for Locked {
    fn put(&self, code: u32) {
        *self.0.lock().unwrap() = code;
    }
}

fn forward<S: Sink>(sink: &S, code: u32) {
    sink.put(code);
}

#[nmi_safe]
fn handler(sink: &Locked, code: u32) {
    forward(sink, code);
}

fn main() {
    std::hint::black_box(handler as fn(&Locked, u32));
}
