// Built by tests/editions.rs as the lib of a crate in each edition (2015, 2018, 2021, 2024), with no
// `extern crate ctxlock;`: every line marked with `//~` and `ERROR text` must fail with an error whose message
// holds `text`, the same in every edition, and nothing else may fail.
#![allow(dead_code, unused_imports)]

use std::mem;

macro_rules! twice {
    ($e:expr) => {
        $e + $e
    };
}

mod kexec {
    #[ctxlock::may_sleep]
    pub fn kexec_load() {}

    #[ctxlock::may_sleep]
    fn settle() {}

    pub mod inner {
        use std::mem;

        #[ctxlock::nmi_safe]
        pub fn crash(a: &mut u32, b: &mut u32) {
            mem::swap(a, b);
            let _ = self::super::super::count();
            super::settle(); //~ ERROR this call may sleep
        }
    }
}

use kexec::kexec_load as load;

#[ctxlock::may_sleep]
fn load_image() {}

#[ctxlock::may_sleep]
fn load_as<T>(_: T) {}

#[ctxlock::nmi_safe]
fn count() -> u32 {
    twice!(1)
}

#[ctxlock::nmi_safe]
pub fn handler(x: u32) -> u32 {
    load_image(); //~ ERROR this call may sleep
    self::load_image(); //~ ERROR this call may sleep
    crate::load_image(); //~ ERROR this call may sleep
    load_as::<u8>(1); //~ ERROR this call may sleep
    load(); //~ ERROR this call may sleep
    kexec::kexec_load(); //~ ERROR this call may sleep
    {
        use kexec::kexec_load as again;
        again(); //~ ERROR this call may sleep
    }
    let _ = vec![x]; //~ ERROR `vec!` allocates
    twice!(count()) + mem::size_of::<u32>() as u32
}

pub struct Dev;

impl Dev {
    #[ctxlock::nmi_safe]
    pub fn on_crash(&self) {
        load_image(); //~ ERROR this call may sleep
    }
}
