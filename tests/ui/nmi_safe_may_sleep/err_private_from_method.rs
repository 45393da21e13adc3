// A private `#[may_sleep]` fn called from an `#[nmi_safe]` method and an `#[nmi_safe]` associated fn.
use ctxlock::{may_sleep, nmi_safe};

#[may_sleep]
fn load_image() {}

pub struct Dev;

impl Dev {
    #[nmi_safe]
    pub fn crash(&self) {
        load_image();
    }

    #[nmi_safe]
    pub fn on_signal() {
        load_image();
    }
}

fn main() {
    Dev.crash();
    Dev::on_signal();
    load_image();
}
