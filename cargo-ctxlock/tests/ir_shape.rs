//! The IR reader against real output of the toolchain on this machine: a small crate compiled by
//! `cargo ctxlock`'s own build phase (so with exactly its flags and profile), and the facts the check relies on read back from it. If a new rustc
//! prints IR in another shape, this fails with what is missing, rather than the check going quiet.

use std::path::Path;

use cargo_ctxlock::build;
use cargo_ctxlock::ir::{self, Callee, PointerSource, VtableSource};

const SOURCE: &str = r#"
use std::sync::Mutex;

pub trait Hook {
    fn fire(&self, code: u32) -> u32;
}

static COUNT: Mutex<u32> = Mutex::new(0);

pub struct Locking;

impl Hook for Locking {
    fn fire(&self, code: u32) -> u32 {
        *COUNT.lock().unwrap() + code
    }
}

pub static HOOK: &(dyn Hook + Sync) = &Locking;

#[inline(never)]
pub fn dispatch(hook: &dyn Hook, f: fn(u32) -> u32, code: u32) -> u32 {
    let v = vec![code];
    hook.fire(v[0]) + f(code)
}

pub fn entry() -> u32 {
    dispatch(HOOK, |x| x + 1, 7) + quick(1) + constant()
}

pub fn constant() -> u32 {
    let hook: &dyn Hook = &Locking;
    hook.fire(2)
}

#[inline(always)]
fn quick(code: u32) -> u32 {
    std::hint::black_box(code)
}
"#;

/// The source as the bin `shape` of a scratch package, built by `cargo ctxlock`'s own build phase, so
/// that the IR read back is what the check reads: the same cargo invocation, flags and profile, and
/// the IR file the phase itself picks for the program.
fn compile() -> String {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ir-shape");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        "[package]\nname = \"shape\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[workspace]\n",
    )
    .unwrap();
    // `main` goes last, so the lines of SOURCE stay where the assertions expect them.
    std::fs::write(
        dir.join("src/main.rs"),
        format!("{SOURCE}\nfn main() {{\n    std::process::exit(entry() as i32);\n}}\n"),
    )
    .unwrap();
    let manifest = dir.join("Cargo.toml").into_os_string();
    // As `args.rs` gives it: `--manifest-path` both for cargo build and for the phase's metadata call.
    let build = build::run(&build::Request {
        cargo_args: vec!["--quiet".into(), "--manifest-path".into(), manifest.clone()],
        manifest_path: Some(manifest),
        target_dir: Some(dir.join("target")),
        target: None,
        profile: None,
        json: false,
    })
    .expect("cargo runs");
    assert!(build.success, "the build of the shape crate failed");
    let program = build
        .units
        .iter()
        .find(|u| u.is_final)
        .expect("the bin is a unit of the build");
    let ir = program
        .ir
        .as_ref()
        .expect("the build phase finds the bin's IR");
    std::fs::read_to_string(ir).unwrap()
}

fn demangled(symbol: &str) -> String {
    cargo_ctxlock::classify::demangle(symbol)
        .map(|d| cargo_ctxlock::classify::normalize(&d))
        .unwrap_or_default()
}

#[test]
fn reads_what_the_check_needs() {
    let text = compile();
    let module = ir::parse(&text).expect("the IR of this rustc can be read");
    let find = |name: &str| {
        module
            .functions
            .iter()
            .find(|f| demangled(&f.symbol) == name)
            .unwrap_or_else(|| {
                let names: Vec<String> = module
                    .functions
                    .iter()
                    .map(|f| demangled(&f.symbol))
                    .collect();
                panic!("no fn `{name}` among {names:#?}")
            })
    };

    let dispatch = find("shape::dispatch");
    assert_eq!(
        dispatch.params,
        ["ptr", "ptr", "ptr", "i32"],
        "parameter types"
    );
    assert!(
        dispatch.subprogram.is_some(),
        "a DISubprogram on the define"
    );
    let virtual_calls: Vec<_> = dispatch
        .calls
        .iter()
        .filter(|c| matches!(c.callee, Callee::Virtual { .. }))
        .collect();
    assert_eq!(
        virtual_calls.len(),
        1,
        "one call through a vtable slot: {:#?}",
        dispatch.calls
    );
    assert!(
        matches!(virtual_calls[0].callee, Callee::Virtual { offset: 24, .. }),
        "the first method sits after drop, size, align"
    );
    // The trait of the call: the vtable is the second register of the `hook` parameter, whose
    // debug type names the trait; the return type is read too.
    let Callee::Virtual { vtable, ret, .. } = &virtual_calls[0].callee else {
        unreachable!()
    };
    assert_eq!(
        vtable,
        &VtableSource::Parameter("hook".into()),
        "{dispatch:#?}"
    );
    assert_eq!(ret, "i32");
    assert_eq!(
        module.parameter_type(dispatch.subprogram.unwrap(), "hook"),
        Some("&dyn shape::Hook"),
        "the debug type of a `&dyn` parameter"
    );
    assert!(
        dispatch
            .calls
            .iter()
            .any(|c| matches!(&c.callee, Callee::Pointer { params, ret, .. } if params == &["i32"] && ret == "i32")),
        "the fn-pointer call"
    );
    // Its Rust type, from the debug type of the parameter it comes from.
    let pointer = dispatch
        .calls
        .iter()
        .find_map(|c| match &c.callee {
            Callee::Pointer { source, .. } => Some(source),
            _ => None,
        })
        .unwrap();
    assert_eq!(pointer, &PointerSource::Parameter("f".into()));
    assert_eq!(
        module.pointer_signature(dispatch.subprogram.unwrap(), pointer),
        Some(vec!["u32".to_string(), "u32".to_string()]),
        "`fn(u32) -> u32`: the return type, then the parameters"
    );
    assert!(
        dispatch.calls.iter().all(|c| c.loc.is_some()),
        "every call has a debug location"
    );
    assert!(
        dispatch.calls.iter().any(|c| c.unwinding),
        "cleanup calls are told apart"
    );
    assert!(
        dispatch
            .calls
            .iter()
            .any(|c| !c.unwinding && matches!(c.callee, Callee::Direct(_))),
        "normal calls too"
    );

    // The location of the vtable call is the method name in the source.
    let loc = module.locations[&virtual_calls[0].loc.unwrap()];
    assert_eq!(
        (loc.line, loc.column),
        (23, 10),
        "`fire` of `hook.fire(v[0])`"
    );

    // The vtable of `Locking as Hook`, with `fire` at offset 24; the static points at it.
    let vtable = module.globals.values().find(|g| {
        g.is_vtable
            && g.entries
                .iter()
                .any(|(o, s)| *o == 24 && demangled(s) == "<shape::Locking as shape::Hook>::fire")
    });
    assert!(
        vtable.is_some(),
        "the vtable, with its slots: {:#?}",
        module.globals
    );
    // A vtable that no static points at has a debug name that says its trait (one a static points
    // at is an anonymous constant without one: its slot fns' names say the trait).
    assert!(
        module.globals.values().any(|g| g.is_vtable
            && module
                .global_name(g)
                .is_some_and(|n| n.ends_with(" as core::fmt::Debug>::{vtable}"))),
        "the debug name of `PoisonError`'s `Debug` vtable"
    );
    let hook = module
        .globals
        .iter()
        .find(|(name, _)| demangled(name) == "shape::HOOK");
    assert!(
        hook.is_some_and(|(_, g)| !g.refs.is_empty() || !g.entries.is_empty()),
        "the static refers to its trait object"
    );

    // `entry` takes the address of the closure (through its `FnOnce::call_once` shim) and of the static.
    let entry = find("shape::entry");
    let refs: Vec<String> = entry.refs.iter().map(|s| demangled(s)).collect();
    assert!(
        refs.iter()
            .any(|s| s == "core::ops::function::FnOnce::call_once"
                || s.starts_with("shape::entry::{{closure}}")),
        "{refs:#?}"
    );
    assert!(refs.iter().any(|s| s == "shape::HOOK"), "{refs:#?}");

    // A vtable known at compile time is named in the load of its slot.
    let constant = find("shape::constant");
    assert!(
        constant.calls.iter().any(|c| matches!(
            &c.callee,
            Callee::Virtual {
                offset: 24,
                vtable: VtableSource::Constant(_),
                ..
            }
        )),
        "a call through a constant vtable: {constant:#?}"
    );

    // `quick` is inlined even at opt-level 0: the call inside it keeps a location in its own
    // subprogram, inlined at the call in `entry`, and the subprogram names the fn's symbol.
    let inlined = entry
        .calls
        .iter()
        .filter_map(|c| module.locations.get(&c.loc?))
        .find(|l| l.inlined_at.is_some())
        .expect("a call inlined from `quick`");
    let mut scope = inlined.scope;
    while module.scopes[&scope].subprogram.is_none() {
        scope = module.scopes[&scope]
            .parent
            .expect("a lexical block has a parent");
    }
    let symbol = module.scopes[&scope].subprogram.as_deref().unwrap();
    assert_eq!(demangled(symbol), "shape::quick");

    // Files resolve to paths.
    assert!(module.files.values().any(|f| f.ends_with("src/main.rs")));
}

#[test]
fn refuses_what_is_not_ir() {
    let error = ir::parse("define void @f() {\n  call void @g()\n").unwrap_err();
    assert!(error.message.contains("does not end"), "{error}");
    let error = ir::parse("define void @f() {\nstart:\n  ret void\n}\n").unwrap_err();
    assert!(error.message.contains("no debug info"), "{error}");
}
