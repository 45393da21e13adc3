// Free fns, private and `pub`, keep their visibility.
#![deny(warnings)]

pub mod api {
    use ctxlock::{may_sleep, nmi_safe};

    #[may_sleep]
    pub fn load() {}

    #[nmi_safe]
    pub fn crash() {}

    #[may_sleep]
    pub(crate) fn load_crate() {}

    #[nmi_safe]
    pub(crate) fn crash_crate() {}
}

fn main() {
    api::load();
    api::crash();
    api::load_crate();
    api::crash_crate();
}
