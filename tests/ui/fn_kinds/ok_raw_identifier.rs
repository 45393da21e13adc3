// A raw identifier as the fn's name.
#![deny(warnings)]

use ctxlock::{may_sleep, nmi_safe};

#[may_sleep]
fn r#match() {}

#[nmi_safe]
fn r#try() {}

fn main() {
    r#match();
    r#try();
}
