// A `#[may_sleep]` fn named like a primitive type: its marker has a reserved name, which hides no type.
#![deny(warnings)]

use ctxlock::may_sleep;

#[may_sleep]
pub fn bool(bit: u8) -> bool {
    bit != 0
}

#[may_sleep]
pub fn u8(x: u32) -> u8 {
    x as u8
}

fn main() {
    assert!(bool(u8(1)));
}
