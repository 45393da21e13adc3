// One candidate of one indirect call that reaches several sinks is one error, with the other
// categories as notes: if the candidate is a wrong one, it is one wrong report, not three.
use ctxlock::nmi_safe;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

static LOG: Mutex<Vec<u32>> = Mutex::new(Vec::new());
static HOOK: AtomicUsize = AtomicUsize::new(0);

fn record(code: u32) {
    if let Ok(mut log) = LOG.lock() {
        log.push(code);
    }
    println!("fault {code}");
}

#[nmi_safe]
fn on_signal(code: u32) {
    let hook = HOOK.load(Ordering::Relaxed);
    if hook != 0 {
        // SAFETY: only `main` stores it, from a `fn(u32)`.
        let hook: fn(u32) = unsafe { std::mem::transmute(hook) };
        hook(code); //~ blocks
    }
}

fn main() {
    HOOK.store(record as fn(u32) as usize, Ordering::Relaxed);
    on_signal(1);
}
