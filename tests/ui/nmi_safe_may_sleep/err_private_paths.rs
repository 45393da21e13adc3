// Private `#[may_sleep]` fns called through every path that reaches them: `self::`, `super::`, `crate::`,
// a module path, a turbofish of a generic one, and a glob of the parent module.
use ctxlock::{may_sleep, nmi_safe};

#[may_sleep]
fn load_image() {}

#[may_sleep]
fn load_as<T>(_: T) {}

mod loader {
    use ctxlock::may_sleep;

    #[may_sleep]
    pub(super) fn reload() {}
}

#[nmi_safe]
fn handler() {
    self::load_image();
    crate::load_image();
    load_as::<u8>(1);
    loader::reload();
}

mod child {
    use super::*;
    use ctxlock::nmi_safe;

    #[nmi_safe]
    pub fn on_crash() {
        super::load_image();
        load_image();
    }
}

fn main() {
    handler();
    child::on_crash();
    load_image();
    load_as(1u8);
    loader::reload();
}
