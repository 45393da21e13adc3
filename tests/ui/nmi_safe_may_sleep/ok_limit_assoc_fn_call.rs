// A documented limit of rule 5 at compile time: an associated `#[may_sleep]` fn called through its type
// (`Dev::open()`, `Self::reopen()`) compiles, as do methods; `cargo ctxlock` finds the calls, and the
// debug assertion of `#[may_sleep]` at run time.
#![deny(warnings)]

use ctxlock::{may_sleep, nmi_safe};

pub struct Dev;

impl Dev {
    #[may_sleep]
    pub fn open() -> Dev {
        Dev
    }

    #[may_sleep]
    pub fn reopen(&self) -> Dev {
        Dev
    }

    #[nmi_safe]
    pub fn crash(&self) {
        let _ = Dev::open();
        let _ = Self::open();
        let _ = self.reopen();
    }
}

fn main() {
    Dev.crash();
}
