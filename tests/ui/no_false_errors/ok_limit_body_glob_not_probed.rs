// A documented limit, pinned: under a glob import inside the body, bare names are not probed, because
// the compiler refuses to import again a name that the glob and an outer scope both offer (E0659).
// So this call of a `#[may_sleep]` fn is missed, and, more importantly, valid code is not rejected.
mod slow {
    use ctxlock::may_sleep;

    #[may_sleep]
    pub fn count() -> u32 {
        1
    }
}

use ctxlock::nmi_safe;

#[allow(dead_code)]
fn count() -> u32 {
    0
}

#[nmi_safe]
fn on_crash() -> u32 {
    use slow::*;
    count()
}

fn main() {}
