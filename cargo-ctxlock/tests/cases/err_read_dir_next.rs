// `ReadDir::next()` calls readdir, which POSIX does not list as async-signal-safe, and builds a
// `DirEntry` that owns heap memory (its name), freed where the temporary is dropped: at the end of
// the fn, as it is the tail expression's. The entry also holds an `Arc` of the directory stream:
// dropping the last one closes it (`dirfd`, `closedir`), which POSIX does not list either.
use ctxlock::nmi_safe;
use std::fs::ReadDir;

#[nmi_safe]
fn on_signal(dir: &mut ReadDir) -> bool {
    dir.next().is_some() //~ allocates not_signal_safe
} //~ allocates not_signal_safe

fn main() {
    let mut dir = std::fs::read_dir(".").unwrap();
    std::hint::black_box(on_signal(&mut dir));
}
