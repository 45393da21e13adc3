// A fn is `#[nmi_safe]` or `#[may_sleep]`, not both, in either order and by any path.
use ctxlock::{may_sleep, nmi_safe};

#[nmi_safe]
#[may_sleep]
fn first() {}

#[may_sleep]
#[nmi_safe(entry)]
fn second() {}

#[ctxlock::nmi_safe]
#[ctxlock::may_sleep]
fn third() {}

fn main() {
    first();
    second();
    third();
}
