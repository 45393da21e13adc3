// `HybridLock<T>` is `Sync` only when `T: Send`: an `Rc` must not be reachable from two threads. The
// bound is on a fn of this file, so that rustc quotes no std source (which it can only with rust-src).
use std::rc::Rc;

use ctxlock::HybridLock;

fn share_between_threads<T: Sync>(_: &T) {}

fn main() {
    let lock = HybridLock::new(Rc::new(0u8));
    share_between_threads(&lock);
}
