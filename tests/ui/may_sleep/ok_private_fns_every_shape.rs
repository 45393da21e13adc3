// Private `#[may_sleep]` fns in every place a fn may stand, beside same-name items, under `cfg`s and
// attribute macros, made by macros, `async`/`const`/`unsafe`/generic: all build with no warning. Only
// those that the source file shows as a module's items get a marker.
#![deny(warnings)]
#![allow(clippy::all)]

use ctxlock::may_sleep;

pub trait Load {
    #[may_sleep]
    fn load(&self) {}

    #[may_sleep]
    fn reload();
}

pub struct Disk;

impl Load for Disk {
    #[may_sleep]
    fn load(&self) {}

    #[may_sleep]
    fn reload() {}
}

impl Disk {
    #[may_sleep]
    fn flush() {}

    #[may_sleep]
    fn sync(&self) {
        Self::flush();
    }
}

// A private fn beside a module, a type and a trait impl fn of its name.
#[may_sleep]
fn load() {}
#[allow(dead_code)]
mod load {}
#[allow(non_camel_case_types, dead_code)]
struct reload;

#[cfg(unix)]
#[may_sleep]
fn settle() {}
#[cfg(not(unix))]
#[may_sleep]
fn settle() {}

#[may_sleep]
async fn fetch() {}
#[may_sleep]
const fn size() -> usize {
    1
}
#[may_sleep]
unsafe fn raw() {}
#[may_sleep]
fn generic<T: Default>() -> T {
    T::default()
}

macro_rules! sleepers {
    ($name:ident) => {
        #[may_sleep]
        fn $name() {}

        #[may_sleep]
        fn made_by_macro() {}
    };
}
sleepers!(named_by_caller);

macro_rules! in_trait_impl {
    ($name:ident) => {
        pub struct Net;
        impl Load for Net {
            #[may_sleep]
            fn $name(&self) {}
            #[may_sleep]
            fn reload() {}
        }
    };
}
in_trait_impl!(load);

fn main() {
    #[may_sleep]
    fn inner() {}
    inner();
    Disk.load();
    Disk::reload();
    Disk.sync();
    load();
    settle();
    drop(fetch());
    let _ = size();
    // SAFETY: `raw` does nothing.
    unsafe { raw() };
    let _: u8 = generic();
    named_by_caller();
    made_by_macro();
    Net.load();
    Net::reload();
}
