// A registry of boxed callbacks filled at startup, and a default callback the handler names itself:
// the registered callback that locks is a candidate of the handler's call too.
use ctxlock::nmi_safe;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::sync::Mutex;

type Callback = dyn Fn(u32) + Sync;

static SEEN: AtomicU32 = AtomicU32::new(0);
static TOTALS: Mutex<u32> = Mutex::new(0);
static COUNT: AtomicUsize = AtomicUsize::new(0);
static mut REGISTRY: [Option<&'static Callback>; 4] = [None; 4];

fn register(callback: &'static Callback) {
    let slot = COUNT.fetch_add(1, Ordering::AcqRel);
    // SAFETY: registration happens in `main`, before the handler is installed.
    unsafe { REGISTRY[slot] = Some(callback) };
}

#[nmi_safe]
fn on_signal(code: u32) {
    let default: &Callback = &|c| {
        SEEN.store(c, Ordering::Relaxed);
    };
    // SAFETY: only read after `main` filled it.
    let registry = unsafe { &*std::ptr::addr_of!(REGISTRY) };
    match registry[0] {
        Some(callback) => callback(code),
        None => default(code),
    }
}

fn main() {
    register(Box::leak(Box::new(|code| {
        *TOTALS.lock().unwrap() += code;
    })));
    std::hint::black_box(on_signal as fn(u32));
}
