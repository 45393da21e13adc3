// A closure marked by nmi_safe_closure! is a root: the lock one helper down is reported.
use ctxlock::nmi_safe_closure;
use std::sync::Mutex;

static LOG: Mutex<u32> = Mutex::new(0);

fn note(signal: i32) {
    *LOG.lock().unwrap() = signal as u32;
}

fn main() {
    let handler = nmi_safe_closure!(move |signal: i32| note(signal));
    std::hint::black_box(&handler)(1);
}
