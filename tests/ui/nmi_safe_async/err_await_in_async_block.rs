// Rule 4: `.await` inside an `async` block: both are reported, each at its own tokens.
use core::future::Future;

use ctxlock::nmi_safe;

async fn flush() {}

#[nmi_safe]
fn on_crash() -> impl Future<Output = ()> {
    async move {
        flush().await;
    }
}

fn main() {}
