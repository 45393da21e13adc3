// Rule 4: an `async` block in a plain fn.
use core::future::Future;

use ctxlock::nmi_safe;

#[nmi_safe]
fn on_crash() -> impl Future<Output = u32> {
    async { 1 }
}

fn main() {}
