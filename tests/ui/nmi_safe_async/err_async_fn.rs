// Rule 4: an `#[nmi_safe]` fn cannot be `async`; the error sits on `async fn name`.
use ctxlock::nmi_safe;

#[nmi_safe]
pub async fn on_crash() -> u32 {
    1
}

fn main() {}
