// An associated fn without `self` or `Self` needs `#[may_sleep(no_marker)]` (no marker struct can
// stand in an impl); it keeps the run-time check.
#![deny(warnings)]

use ctxlock::{may_sleep, nmi_safe};

struct Image;

impl Image {
    #[may_sleep(no_marker)]
    fn reload_all() -> u32 {
        1
    }

    #[nmi_safe]
    fn count() -> u32 {
        2
    }
}

trait Loader {
    fn load_all() -> u32;
}

impl Loader for Image {
    #[may_sleep(no_marker)]
    fn load_all() -> u32 {
        3
    }
}

fn main() {
    let _ = Image::reload_all() + Image::count() + Image::load_all();
}
