// The attribute rejects the direct `eprintln!`; the lock is two hops down, where only the
// whole-program check sees it. One run of `cargo ctxlock` reports both.
use ctxlock::nmi_safe;
use std::sync::Mutex;

static LOG: Mutex<Vec<u32>> = Mutex::new(Vec::new());

fn note(code: u32) -> usize {
    LOG.lock().map(|log| log.len()).unwrap_or(code as usize)
}

#[nmi_safe]
fn on_fault(code: u32) -> usize {
    eprintln!("fault {code}");
    note(code)
}

fn main() {
    std::hint::black_box(on_fault as fn(u32) -> usize);
}
