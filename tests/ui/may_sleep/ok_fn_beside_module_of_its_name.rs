// anyhow's layout: `fn not()` beside `mod not`, private and pub, at the root and in a module.
#![deny(warnings)]

use ctxlock::may_sleep;

mod not {
    pub(crate) fn negate(b: bool) -> bool {
        !b
    }
}

#[may_sleep]
fn not(b: bool) -> bool {
    not::negate(b)
}

pub mod kexec {
    use ctxlock::may_sleep;

    pub mod load {
        pub fn size() -> u32 {
            1
        }
    }

    #[may_sleep]
    pub fn load() -> u32 {
        load::size()
    }
}

fn main() {
    assert!(not(false));
    assert_eq!(kexec::load(), kexec::load::size());
}
