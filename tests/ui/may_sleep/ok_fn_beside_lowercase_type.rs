// A fn beside a lowercase struct or type alias of the same name, as C bindings have them (`stat`).
#![deny(warnings)]
#![allow(non_camel_case_types)]

use ctxlock::may_sleep;

pub struct stat {
    pub size: u64,
}

#[may_sleep]
pub fn stat(size: u64) -> stat {
    stat { size }
}

type word = u32;

#[may_sleep]
fn word(x: u32) -> word {
    x
}

fn main() {
    assert_eq!(stat(2).size, u64::from(word(2)));
}
