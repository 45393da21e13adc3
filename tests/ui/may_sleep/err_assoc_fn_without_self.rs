// Documented limit: an associated fn that names neither `self` nor `Self` needs `no_marker`; without
// it the compiler reports that a struct cannot stand in an impl.
use ctxlock::may_sleep;

struct Image;

impl Image {
    #[may_sleep]
    fn reload_all() -> u32 {
        1
    }
}

fn main() {
    let _ = Image::reload_all();
}
