// A `HybridGuard` is released in the thread that took the lock: it cannot be sent elsewhere. Checked
// without quoting std (whose snippets rustc prints only with rust-src): the call below is ambiguous,
// and fails to compile, exactly when the guard is `Send`.
#![deny(warnings)]

use ctxlock::{HybridGuard, HybridLock};

static LOCK: HybridLock<u32> = HybridLock::new(0);

trait AmbiguousIfSend<A> {
    fn not_send() {}
}

impl<T: ?Sized> AmbiguousIfSend<()> for T {}

#[allow(dead_code)]
struct IfSend;

impl<T: ?Sized + Send> AmbiguousIfSend<IfSend> for T {}

fn main() {
    <HybridGuard<'static, u32> as AmbiguousIfSend<_>>::not_send();
    drop(LOCK.lock());
}
