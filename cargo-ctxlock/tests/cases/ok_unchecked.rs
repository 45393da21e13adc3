// nmi_unchecked! silences what is inside it, including an expression with `?` and `return`.
use ctxlock::{nmi_safe, nmi_unchecked};
use std::sync::Mutex;

static M: Mutex<u32> = Mutex::new(0);

fn locks() -> Result<u32, ()> {
    M.lock().map(|g| *g).map_err(|_| ())
}

#[nmi_safe]
fn handler(flag: bool) -> Result<u32, ()> {
    let a = nmi_unchecked!("reviewed: only ever called before the handler is installed", locks()?);
    if flag {
        return nmi_unchecked!("reviewed", {
            if a > 3 {
                return Err(());
            }
            Ok(*M.lock().unwrap())
        });
    }
    Ok(a)
}

fn main() {
    std::hint::black_box(handler as fn(bool) -> Result<u32, ()>);
}
