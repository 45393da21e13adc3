// Calls through the module's `use` imports that reach no `#[may_sleep]` fn build with no warning: std
// fns, a conditional import, a name the body hides, a fn of a module that has a `#[may_sleep]` one.
#![deny(warnings)]

use ctxlock::{may_sleep, nmi_safe};
use std::cmp::max as larger;
use std::mem::{replace, swap};

mod slow {
    use ctxlock::may_sleep;

    #[may_sleep]
    pub fn wait() {}

    pub fn peek() -> u8 {
        1
    }
}

use slow::peek;
#[allow(unused_imports)]
use slow::wait;
#[cfg(any())]
use slow::wait as settle;

#[cfg(not(any()))]
fn settle() {}

#[nmi_safe]
fn handler(mut a: u8, mut b: u8) -> u8 {
    swap(&mut a, &mut b);
    let _ = replace(&mut a, 1);
    settle();
    let c = larger(a, b);
    c + peek()
}

#[nmi_safe]
fn hides_the_import() {
    fn wait() {}
    wait();
    let peek = || 0u8;
    let _ = peek();
}

#[may_sleep]
fn unused_wait() {
    slow::wait();
}

fn main() {
    let _ = handler(1, 2);
    hides_the_import();
    unused_wait();
}
