// `impl Trait` in return and argument position.
#![deny(warnings)]

use ctxlock::{may_sleep, nmi_safe};

#[nmi_safe]
fn evens(n: u32) -> impl Iterator<Item = u32> {
    (0..n).filter(|x| x % 2 == 0)
}

#[may_sleep]
fn total(xs: impl IntoIterator<Item = u32>) -> impl Copy {
    xs.into_iter().sum::<u32>()
}

fn main() {
    let _ = total(evens(4));
}
