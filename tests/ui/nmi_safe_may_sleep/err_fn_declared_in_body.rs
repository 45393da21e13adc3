// Rule 5: a `#[may_sleep]` fn declared inside the body is still a `#[may_sleep]` fn.
use ctxlock::{may_sleep, nmi_safe};

#[nmi_safe]
fn crash_kexec() {
    #[may_sleep]
    fn flush() {}

    flush();
}

fn main() {}
