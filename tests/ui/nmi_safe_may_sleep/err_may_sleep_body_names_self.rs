// A free `#[may_sleep]` fn whose body declares a type with an impl that names `Self` is still a free
// fn that callers reach by path: calling it from an `#[nmi_safe]` fn must be reported.
use ctxlock::{may_sleep, nmi_safe};

#[may_sleep]
pub(crate) fn kexec_load() -> u32 {
    struct Image(u32);

    impl Image {
        fn new() -> Self {
            Self(1)
        }
    }

    Image::new().0
}

#[nmi_safe]
fn crash_kexec() -> u32 {
    kexec_load()
}

fn main() {}
