// Inherent methods with `self`, `&self`, `&mut self` receivers.
#![deny(warnings)]

use ctxlock::{may_sleep, nmi_safe};

struct Image(u32);

impl Image {
    #[may_sleep]
    fn load(&mut self) {
        self.0 += 1;
    }

    #[nmi_safe]
    fn size(&self) -> u32 {
        self.0
    }

    #[nmi_safe]
    fn into_size(self) -> u32 {
        self.0
    }

    #[may_sleep]
    fn reload(self) -> Self {
        self
    }
}

fn main() {
    let mut image = Image(0);
    image.load();
    let _ = image.size();
    let _ = image.reload().into_size();
}
