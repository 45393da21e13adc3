// Generic fns: type, lifetime and const parameters.
#![deny(warnings)]

use ctxlock::{may_sleep, nmi_safe};

#[nmi_safe]
fn first<'a, T: Copy, const N: usize>(xs: &'a [T; N]) -> Option<&'a T> {
    xs.first()
}

#[may_sleep]
fn fill<T: Clone>(xs: &mut Vec<T>, x: T) {
    xs.push(x);
}

fn main() {
    let _ = first(&[1, 2, 3]);
    fill(&mut Vec::new(), 1);
}
