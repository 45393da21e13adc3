// A `HybridGuard` is released in the thread that took the lock: it cannot be sent elsewhere.
use ctxlock::HybridLock;

static LOCK: HybridLock<u32> = HybridLock::new(0);

fn main() {
    let guard = LOCK.lock();
    std::thread::spawn(move || drop(guard));
}
