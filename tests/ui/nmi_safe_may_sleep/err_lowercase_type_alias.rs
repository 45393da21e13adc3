// A documented limit: a lowercase type alias looks like a module, so the probe tries to import through
// it. The way out is the qualified form `<word>::from(..)` (see `ok_ffi_type_alias_assoc_fn.rs`).
use ctxlock::nmi_safe;

#[allow(non_camel_case_types)]
type word = u32;

#[nmi_safe]
fn widen() -> u32 {
    word::from(1u8)
}

fn main() {
    let _ = widen();
}
