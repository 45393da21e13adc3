//! Compile-time behaviour, as users see it: one small crate per case under `tests/ui/<group>/`, grouped
//! by rule. `ok_*.rs` must compile (under `#![deny(warnings)]` where it says so); `err_*.rs` must fail
//! with exactly the `.stderr` beside it. Re-record with `TRYBUILD=overwrite`, then read every diff.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/*/ok_*.rs");
    t.compile_fail("tests/ui/*/err_*.rs");
}
