// libm's layout: `mod sin { pub fn sin }` and `pub use sin::sin;`. The marker's name is reserved, so
// the re-export brings only the fn and the module, and nothing is defined twice.
#![deny(warnings)]

pub mod sin {
    use ctxlock::may_sleep;

    /// The sine.
    #[may_sleep]
    pub fn sin(x: f64) -> f64 {
        x
    }
}

pub use sin::sin;

pub mod join {
    use ctxlock::may_sleep;

    #[may_sleep]
    pub(crate) fn join() {}
}

pub(crate) use join::join;

fn main() {
    assert_eq!(sin(1.0), sin::sin(1.0));
    join();
}
