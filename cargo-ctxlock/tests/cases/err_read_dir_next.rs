// `ReadDir::next()` calls readdir, which POSIX does not list as async-signal-safe, and builds a
// `DirEntry` that owns heap memory (its name), freed where the temporary is dropped: at the end of
// the fn, as it is the tail expression's.
use ctxlock::nmi_safe;
use std::fs::ReadDir;

#[nmi_safe]
fn on_signal(dir: &mut ReadDir) -> bool {
    dir.next().is_some() //~ allocates not_signal_safe
} //~ allocates

fn main() {
    let mut dir = std::fs::read_dir(".").unwrap();
    std::hint::black_box(on_signal(&mut dir));
}
