// Either attribute on a module: an error on `mod`.
use ctxlock::{may_sleep, nmi_safe};

#[nmi_safe]
mod handlers {
    pub fn poll() {}
}

#[may_sleep]
mod loaders {
    pub fn load() {}
}

fn main() {
    handlers::poll();
    loaders::load();
}
