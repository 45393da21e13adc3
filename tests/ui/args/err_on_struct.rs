// Either attribute on a struct: an error on `struct`, saying what is allowed.
use ctxlock::{may_sleep, nmi_safe};

#[nmi_safe]
struct Handler;

#[may_sleep]
struct Loader {
    size: u32,
}

fn main() {
    let _ = Handler;
    let _ = Loader { size: 0 }.size;
}
