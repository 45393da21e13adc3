// Calls of unannotated fns, by name, path, import, rename and glob: nothing to report.
#![deny(warnings)]

mod util {
    pub fn double(x: u32) -> u32 {
        x * 2
    }

    pub mod deep {
        pub fn triple(x: u32) -> u32 {
            x * 3
        }
    }
}

use ctxlock::nmi_safe;
use util::deep::*;
use util::double as twice;

fn plain(x: u32) -> u32 {
    x
}

fn generic<T: Into<u32>>(x: T) -> u32 {
    x.into()
}

#[nmi_safe]
fn on_crash(x: u32) -> u32 {
    plain(x)
        + self::plain(x)
        + crate::util::double(x)
        + util::deep::triple(x)
        + twice(x)
        + triple(x)
        + generic::<u8>(1)
        + core::cmp::max(x, 1)
        + std::cmp::min(x, 1)
}

fn main() {
    let _ = on_crash(1);
}
