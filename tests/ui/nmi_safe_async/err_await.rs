// Rule 4: `.await` suspends; in an `async fn` both the fn and the `.await` are reported.
use ctxlock::nmi_safe;

async fn flush() {}

#[nmi_safe]
async fn on_crash() {
    flush().await;
}

fn main() {}
