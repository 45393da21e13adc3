// Trait fns that name neither `self` nor `Self`: declarations with and without a default body, in the
// trait and in its impl.
#![deny(warnings)]

use ctxlock::{may_sleep, nmi_safe};

trait Reset {
    #[may_sleep]
    fn reset() -> u32;

    #[may_sleep]
    fn reset_all() -> u32 {
        2
    }

    #[nmi_safe]
    fn poke() -> u32;

    #[nmi_safe]
    fn poke_all() -> u32 {
        4
    }
}

struct Disk;

impl Reset for Disk {
    #[may_sleep]
    fn reset() -> u32 {
        1
    }

    #[may_sleep]
    fn reset_all() -> u32 {
        3
    }

    #[nmi_safe]
    fn poke() -> u32 {
        5
    }
}

struct Tape;

impl Reset for Tape {
    fn reset() -> u32 {
        6
    }

    #[nmi_safe]
    fn poke() -> u32 {
        7
    }
}

fn main() {
    let disk = Disk::reset() + Disk::reset_all() + Disk::poke() + Disk::poke_all();
    let tape = Tape::reset() + Tape::reset_all() + Tape::poke() + Tape::poke_all();
    assert_eq!(disk + tape, 1 + 3 + 5 + 4 + 6 + 2 + 7 + 4);
}
