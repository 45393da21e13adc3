// With `crate = "…"`, rule 5 still finds a `#[may_sleep]` callee, with or without leading `::`.
extern crate ctxlock as my_ctxlock;

#[my_ctxlock::may_sleep(crate = "my_ctxlock")]
pub(crate) fn load() {}

#[my_ctxlock::nmi_safe(crate = "my_ctxlock")]
fn handler() {
    load();
}

#[my_ctxlock::nmi_safe(crate = "::my_ctxlock")]
fn rooted_handler() {
    load();
}

fn main() {}
