// `self(x)` calls a closure receiver: no path to probe.
#![deny(warnings)]

use ctxlock::nmi_safe;

pub trait Pred {
    fn test(&self, b: u8) -> bool;
}

impl<F: Fn(u8) -> bool> Pred for F {
    #[nmi_safe]
    fn test(&self, b: u8) -> bool {
        self(b)
    }
}

fn main() {
    let even = |b: u8| b % 2 == 0;
    assert!(even.test(2));
}
