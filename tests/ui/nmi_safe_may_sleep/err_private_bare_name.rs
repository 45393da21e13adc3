// The program of issue 17: a private `#[may_sleep]` fn, called by its bare name from an `#[nmi_safe]`
// fn. Its source file shows it as a module's item, so it carries a marker, and the call is an error.
use ctxlock::{may_sleep, nmi_safe};

#[may_sleep]
fn load_image() { /* waits for the loader */ }

#[nmi_safe]
fn handler() {
    load_image();
}

fn main() {
    handler();
    load_image();
}
