// The way out of `err_module_collision.rs`: `#[may_sleep(no_marker)]`, or a module of another name.
#![deny(warnings)]

mod join {
    use ctxlock::may_sleep;

    #[may_sleep(no_marker)]
    pub fn join() {}
}

pub use join::join;

mod split_impl {
    use ctxlock::may_sleep;

    #[may_sleep]
    pub fn split() {}
}

pub use split_impl::split;

fn main() {
    join();
    split();
}
