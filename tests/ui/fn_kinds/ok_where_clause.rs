// `where` clauses.
#![deny(warnings)]

use core::fmt::Debug;

use ctxlock::{may_sleep, nmi_safe};

#[nmi_safe]
fn pick<T>(a: T, b: T) -> T
where
    T: PartialOrd + Copy,
{
    if a < b { b } else { a }
}

#[may_sleep]
fn show<T>(x: T) -> String
where
    T: Debug,
{
    format!("{x:?}")
}

fn main() {
    let _ = pick(1, 2);
    let _ = show(1);
}
