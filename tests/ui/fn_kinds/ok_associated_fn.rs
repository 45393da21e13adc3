// Associated fns that name `Self`, in inherent and trait impls.
#![deny(warnings)]

use ctxlock::{may_sleep, nmi_safe};

struct Image {
    size: u32,
}

impl Image {
    #[nmi_safe]
    fn empty() -> Self {
        Self { size: 0 }
    }

    #[may_sleep]
    fn load(size: u32) -> Self {
        Self { size }
    }
}

trait Make {
    fn make() -> Self;
}

impl Make for Image {
    #[nmi_safe]
    fn make() -> Self {
        Self::empty()
    }
}

fn main() {
    let _ = Image::empty().size + Image::load(1).size + Image::make().size;
}
