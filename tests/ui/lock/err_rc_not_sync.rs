// `HybridLock<T>` is `Sync` only when `T: Send`: an `Rc` must not be reachable from two threads.
use std::rc::Rc;

use ctxlock::HybridLock;

fn main() {
    let lock = HybridLock::new(Rc::new(0u8));
    std::thread::scope(|s| {
        s.spawn(|| drop(lock.lock()));
    });
}
