// A registry of boxed callbacks filled at startup, and a default callback the handler holds itself:
// the handler may call every callback ever registered, the locking one included.
use ctxlock::{nmi_safe, HybridLock};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};

static CALLBACKS: HybridLock<Vec<Box<dyn Fn(u32) + Send + Sync>>> = HybridLock::new(Vec::new());
static SEEN: AtomicU32 = AtomicU32::new(0);
static TOTALS: Mutex<u64> = Mutex::new(0);

fn count(code: u32) {
    SEEN.store(code, Ordering::Relaxed);
}

#[nmi_safe]
fn on_signal(code: u32) {
    let default: &dyn Fn(u32) = &count;
    default(code);
    if let Ok(callbacks) = CALLBACKS.try_lock() {
        for callback in callbacks.iter() {
            callback(code); //~ blocks
        }
    }
}

fn main() {
    CALLBACKS
        .lock()
        .push(Box::new(|code| *TOTALS.lock().unwrap() += u64::from(code)));
    std::hint::black_box(on_signal as fn(u32));
}
