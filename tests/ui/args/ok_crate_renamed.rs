// `crate = "…"` for a dependency under another name, with and without leading `::`, on both attributes.
#![deny(warnings)]

extern crate ctxlock as my_ctxlock;

#[my_ctxlock::may_sleep(crate = "my_ctxlock")]
fn load() {}

#[my_ctxlock::nmi_safe(crate = "my_ctxlock")]
fn check(x: u32) -> u32 {
    helper(x)
}

#[my_ctxlock::nmi_safe(entry, crate = "::my_ctxlock")]
fn handler() -> bool {
    my_ctxlock::in_nmi()
}

#[my_ctxlock::may_sleep(crate = "::my_ctxlock", no_marker)]
fn reload() {}

fn helper(x: u32) -> u32 {
    x
}

mod nested {
    #[my_ctxlock::nmi_safe(crate = "my_ctxlock")]
    pub fn call() -> u32 {
        super::check(1)
    }
}

fn main() {
    load();
    reload();
    assert!(handler());
    let _ = nested::call();
}
