// Rule 4: an `async` closure.
use ctxlock::nmi_safe;

#[nmi_safe]
fn on_crash() {
    let later = async || 1;
    drop(later);
}

fn main() {}
