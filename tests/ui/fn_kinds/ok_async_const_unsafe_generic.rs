// `async`, `const`, `unsafe` and generic fns, pub and private, free and associated, with
// `#[may_sleep]` (and, but for `async`, `#[nmi_safe]`).
#![deny(warnings)]

use ctxlock::{may_sleep, nmi_safe};

#[may_sleep]
pub async fn fetch() -> u32 {
    1
}

#[may_sleep]
async fn fetch_private() -> u32 {
    2
}

#[may_sleep]
pub const fn limit() -> u32 {
    3
}

#[nmi_safe]
pub const fn limit_checked() -> u32 {
    4
}

#[may_sleep]
pub unsafe fn raw() -> u32 {
    5
}

#[nmi_safe]
unsafe fn raw_checked() -> u32 {
    6
}

#[may_sleep]
pub fn generic<T: Default>() -> T {
    T::default()
}

#[nmi_safe]
fn generic_checked<T: Copy>(t: T) -> T {
    t
}

struct Dev;

impl Dev {
    #[may_sleep]
    pub async fn open() -> u32 {
        7
    }

    #[may_sleep]
    pub const fn slots() -> u32 {
        8
    }

    #[may_sleep]
    pub fn make<T: Default>() -> T {
        T::default()
    }
}

fn main() {
    let _futures = (fetch(), fetch_private(), Dev::open());
    // SAFETY: neither fn has a precondition.
    let raw = unsafe { raw() + raw_checked() };
    let n = limit() + limit_checked() + raw + generic::<u32>() + generic_checked(9) + Dev::slots();
    assert_eq!(n + Dev::make::<u32>(), 3 + 4 + 5 + 6 + 9 + 8);
}
