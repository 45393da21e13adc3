//! Indirect calls: what a call through a vtable slot or a fn pointer may reach in one linked program.
//!
//! The pools are the whole program's (narrowed to what its entry points can get hold of), never what
//! the calling root happens to take first: a logger installed in `main` or a callback registered at
//! startup is a candidate of the handler's call just as a default the handler names itself is.
//! - A vtable-slot call whose trait is known reaches the fn in that slot of every vtable of that trait
//!   (or of a trait that has it as a supertrait, since a `dyn Sub` may be upcast to `dyn Super`).
//! - A call through a vtable that the IR names as a constant reaches exactly that slot.
//! - A call whose trait the IR does not show reaches that slot of every vtable, and a vtable whose
//!   trait is not known is a candidate of every call: both are supersets, never a guess that drops one.
//! - A fn-pointer call reaches the fns whose address is taken with the same parameter and return types.
//!
//! Types are LLVM's (`ptr`, `i32`), so two Rust signatures with one LLVM shape are not told apart.

use crate::classify;

/// One vtable: the traits it is for, and the fn in each slot.
#[derive(Debug)]
pub struct Vtable {
    /// Normalized trait paths (`core::fmt::Debug`): the one its debug name gives (`<T as Trait>::{vtable}`)
    /// and those of its slot fns (`<T as Trait>::method`), which include the supertraits.
    pub traits: Vec<String>,
    /// (byte offset, fn node).
    pub slots: Vec<(u64, usize)>,
    /// The trait's generic arguments as its debug name spells them (`(&u32)` of
    /// `<C as core::ops::function::Fn<(&u32)>>::{vtable}`), when it has a debug name.
    pub args: Option<String>,
}

/// A call through a vtable slot, as the caller's IR and debug info describe it.
#[derive(Debug, Clone)]
pub struct VirtualCall {
    pub offset: u64,
    pub params: Vec<String>,
    pub ret: String,
    /// The `dyn` trait of the receiver, normalized, when the debug info or the caller's type shows it.
    pub trait_path: Option<String>,
    /// Its generic arguments, when a debug type shows them (`(&u32)` of `dyn Fn<(&u32), Output=()>`):
    /// `Fn(&u32)` and `Fn() -> String` are both `Fn`, and may share one LLVM signature.
    pub trait_args: Option<String>,
    /// The vtable, when the IR names it as a constant.
    pub vtable: Option<usize>,
}

/// A call through a fn pointer.
#[derive(Debug, Clone)]
pub struct PointerCall {
    pub params: Vec<String>,
    pub ret: String,
    /// The Rust return and parameter types of the pointer, when the debug info shows its type
    /// (a parameter of fn-pointer type, a field of what a parameter points to).
    pub rust: Option<Vec<String>>,
}

/// The signature of a fn, to match against a call's.
pub trait Signature {
    /// Parameter types and return type, or `None` when the fn is neither defined nor declared here.
    fn signature(&self, node: usize) -> Option<(&[String], &str)>;
    /// Rust return and parameter types, from the fn's debug info.
    fn rust_signature(&self, node: usize) -> Option<&[String]>;
}

/// The candidates of every indirect call of one program.
#[derive(Debug, Default)]
pub struct Resolver {
    pub vtables: Vec<Vtable>,
    /// Fns whose address is taken by code the program can run, sorted.
    pub taken: Vec<usize>,
}

impl Resolver {
    /// The fns a vtable-slot call may reach.
    pub fn virtual_call(&self, call: &VirtualCall, sig: &dyn Signature) -> Vec<usize> {
        let tables: Vec<&Vtable> = match call.vtable {
            Some(vtable) => vec![&self.vtables[vtable]],
            None => self
                .vtables
                .iter()
                .filter(|v| match &call.trait_path {
                    Some(wanted) => {
                        (v.traits.is_empty() || v.traits.contains(wanted))
                            && !matches!((&call.trait_args, &v.args), (Some(a), Some(b)) if a != b)
                    }
                    None => true,
                })
                .collect(),
        };
        let mut fns: Vec<usize> = tables
            .iter()
            .flat_map(|v| v.slots.iter())
            .filter(|(offset, f)| {
                *offset == call.offset && matches(sig, *f, &call.params, &call.ret)
            })
            .map(|&(_, f)| f)
            .collect();
        fns.sort_unstable();
        fns.dedup();
        fns
    }

    /// The fns a fn-pointer call may reach: LLVM types first; then, where both the pointer's and
    /// the fn's Rust types are known, those too (two thread-locals' initialisers are both
    /// `ptr -> ptr`, but not both `Option<&mut Option<Cell<u32>>> -> *const Cell<u32>`).
    pub fn pointer_call(&self, call: &PointerCall, sig: &dyn Signature) -> Vec<usize> {
        self.taken
            .iter()
            .copied()
            .filter(|&f| matches(sig, f, &call.params, &call.ret))
            .filter(|&f| match (&call.rust, sig.rust_signature(f)) {
                (Some(wanted), Some(found)) => wanted == found,
                _ => true,
            })
            .collect()
    }
}

/// A fn matches a call when its parameter and return types are the call's. A fn known only by name
/// (its signature is nowhere in the IR read) is kept: dropping it could hide what it does.
fn matches(sig: &dyn Signature, f: usize, params: &[String], ret: &str) -> bool {
    match sig.signature(f) {
        Some((p, r)) => p == params && (r == ret || r.is_empty() || ret.is_empty()),
        None => true,
    }
}

/// The one `dyn` trait a type names (`&dyn app::Backend`, `Box<dyn core::error::Error + Send>`),
/// normalized; `None` if it names none or several different ones.
pub fn dyn_trait(type_name: &str) -> Option<String> {
    let mut found: Option<String> = None;
    let mut rest = type_name;
    while let Some(at) = rest.find("dyn ") {
        let boundary = at == 0 || !rest.as_bytes()[at - 1].is_ascii_alphanumeric();
        let after = &rest[at + 4..];
        if boundary {
            let path = trait_path_at(after);
            if path.is_empty() {
                return None;
            }
            match &found {
                Some(seen) if *seen != path => return None,
                _ => found = Some(path),
            }
        }
        rest = after;
    }
    found
}

/// The generic arguments of the one `dyn` trait a debug type names, without associated-type
/// bindings: `(&u32)` of `&dyn core::ops::function::Fn<(&u32), Output=()>`; `None` if it names
/// none, or several that differ.
pub fn dyn_trait_args(type_name: &str) -> Option<String> {
    let mut all = type_name
        .match_indices("dyn ")
        .map(|(at, _)| trait_args_at(&type_name[at + 4..]));
    let first = all.next()??;
    all.all(|args| args.as_ref() == Some(&first))
        .then_some(first)
}

/// The trait's generic arguments in a vtable's debug name: `(&u32)` of
/// `<C as core::ops::function::Fn<(&u32)>>::{vtable}`.
pub fn vtable_trait_args(name: &str) -> Option<String> {
    let inner = name.strip_prefix('<')?;
    let mut depth = 0;
    for (i, c) in inner.char_indices() {
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' | ')' | ']' => depth -= 1,
            ' ' if depth == 0 && inner[i..].starts_with(" as ") => {
                return trait_args_at(&inner[i + 4..])
            }
            _ => {}
        }
    }
    None
}

/// The generic arguments of the trait path at the start of `text`, bindings (`Output=…`) left out.
fn trait_args_at(text: &str) -> Option<String> {
    let open = text.find('<')?;
    if text[..open].contains([' ', '(', ',', '>']) {
        return None; // The path ended before any `<`: no arguments.
    }
    let mut depth = 0;
    let mut args = Vec::new();
    let mut start = open + 1;
    for (i, c) in text.char_indices().skip_while(|&(i, _)| i <= open) {
        if c == '>' && text[..i].ends_with('-') {
            continue; // The arrow of a fn type.
        }
        match c {
            '<' | '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            '>' if depth > 0 => depth -= 1,
            ',' | '>' if depth == 0 => {
                let arg = text[start..i].trim();
                if !arg.contains('=') {
                    args.push(arg);
                }
                if c == '>' {
                    return Some(args.join(", "));
                }
                start = i + 1;
            }
            _ => {}
        }
    }
    None
}

/// The trait path at the start of `text`, generic arguments dropped: `core::ops::function::Fn<(u32)>`
/// gives `core::ops::function::Fn`.
fn trait_path_at(text: &str) -> String {
    let mut depth = 0;
    let mut end = text.len();
    for (i, c) in text.char_indices() {
        match c {
            '<' | '(' => depth += 1,
            '>' | ')' if depth > 0 => depth -= 1,
            ',' | '>' | ')' | ' ' | ']' if depth == 0 => {
                end = i;
                break;
            }
            _ => {}
        }
    }
    classify::normalize(&text[..end])
}

/// The self type of an impl's fn: `Box<dyn Error>` in `<Box<dyn Error> as Display>::fmt`, and
/// `dyn Any` in the inherent `<dyn Any>::is::<T>`.
pub fn impl_self_type(demangled: &str) -> Option<&str> {
    let inner = demangled.strip_prefix('<')?;
    let mut depth = 0;
    for (i, c) in inner.char_indices() {
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' if depth == 0 => return inner[i..].starts_with(">::").then(|| &inner[..i]),
            '>' | ')' | ']' => {
                if depth == 0 {
                    return None;
                }
                depth -= 1;
            }
            ' ' if depth == 0 && inner[i..].starts_with(" as ") => return Some(&inner[..i]),
            _ => {}
        }
    }
    None
}

/// The trait of a slot fn or vtable name, normalized: `<T as Trait>::…`, or a vtable shim
/// `Trait::method::{shim:vtable#0}` (`{{vtable.shim}}` in legacy symbols), which is how closures and
/// other by-value receivers sit in `FnOnce` vtables.
pub fn impl_trait(demangled: &str) -> Option<String> {
    for shim in ["::{shim:vtable#0}", "{{vtable.shim}}"] {
        if let Some(method) = demangled.strip_suffix(shim) {
            // v0 names the impl (`<C as FnOnce<()>>::call_once::{shim:vtable#0}`), legacy the trait.
            if let Some(found) = impl_trait(method) {
                return Some(found);
            }
            let method = classify::normalize(method);
            return method.rsplit_once("::").map(|(path, _)| path.to_string());
        }
    }
    let inner = demangled.strip_prefix('<')?;
    // The ` as ` at depth zero of the qualified path.
    let mut depth = 0;
    for (i, c) in inner.char_indices() {
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' | ')' | ']' => {
                if depth == 0 {
                    return None;
                }
                depth -= 1;
            }
            ' ' if depth == 0 && inner[i..].starts_with(" as ") => {
                let path = &inner[i + 4..];
                let mut depth = 0;
                for (j, c) in path.char_indices() {
                    match c {
                        '<' | '(' | '[' => depth += 1,
                        '>' if depth == 0 => return Some(classify::normalize(&path[..j])),
                        '>' | ')' | ']' => depth -= 1,
                        _ => {}
                    }
                }
                return None;
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fn_traits_keep_their_arguments() {
        let call =
            "&(dyn core::ops::function::Fn<(&libc::siginfo_t), Output=()> + core::marker::Send)";
        let vtable =
            "<app::main::{closure_env#0} as core::ops::function::Fn<(&libc::siginfo_t)>>::{vtable}";
        let other = "<app::name::{closure_env#0} as core::ops::function::Fn<()>>::{vtable}";
        assert_eq!(dyn_trait_args(call).as_deref(), Some("(&libc::siginfo_t)"));
        assert_eq!(
            vtable_trait_args(vtable).as_deref(),
            Some("(&libc::siginfo_t)")
        );
        assert_eq!(vtable_trait_args(other).as_deref(), Some("()"));
        assert_eq!(dyn_trait_args("&dyn app::Backend"), None);
        assert_eq!(
            vtable_trait_args("<app::Quiet as app::Backend>::{vtable}"),
            None
        );
    }

    #[test]
    fn the_self_type_of_an_impl_names_the_pointee_trait() {
        let fmt = "<alloc::boxed::Box<dyn core::error::Error + core::marker::Sync + core::marker::Send> as core::fmt::Display>::fmt";
        let ty = impl_self_type(fmt);
        assert_eq!(
            ty,
            Some("alloc::boxed::Box<dyn core::error::Error + core::marker::Sync + core::marker::Send>")
        );
        assert_eq!(
            ty.and_then(dyn_trait).as_deref(),
            Some("core::error::Error")
        );
        assert_eq!(impl_self_type("app::run"), None);
        let is = "<dyn core::any::Any>::is::<&str>";
        assert_eq!(
            impl_self_type(is).and_then(dyn_trait).as_deref(),
            Some("core::any::Any")
        );
        assert_eq!(
            impl_self_type("<app::Quiet as app::Backend>::flush").and_then(dyn_trait),
            None
        );
    }

    struct Sigs(Vec<Option<(Vec<String>, String)>>);

    impl Signature for Sigs {
        fn signature(&self, node: usize) -> Option<(&[String], &str)> {
            self.0[node]
                .as_ref()
                .map(|(p, r)| (p.as_slice(), r.as_str()))
        }

        fn rust_signature(&self, _: usize) -> Option<&[String]> {
            None
        }
    }

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn reads_the_dyn_trait_of_a_type() {
        assert_eq!(
            dyn_trait("&dyn app::Backend").as_deref(),
            Some("app::Backend")
        );
        assert_eq!(
            dyn_trait("alloc::boxed::Box<dyn core::error::Error + core::marker::Send, alloc::alloc::Global>")
                .as_deref(),
            Some("core::error::Error")
        );
        assert_eq!(
            dyn_trait("&dyn core::ops::function::Fn<(u32), Output=()>").as_deref(),
            Some("core::ops::function::Fn")
        );
        assert_eq!(dyn_trait("&dyn a::A, &dyn b::B"), None);
        assert_eq!(dyn_trait("&u32"), None);
        assert_eq!(dyn_trait("&mydyn::Thing"), None);
    }

    #[test]
    fn reads_the_trait_of_an_impl() {
        assert_eq!(
            impl_trait("<app::Quiet as app::Backend>::flush").as_deref(),
            Some("app::Backend")
        );
        assert_eq!(
            impl_trait("<std::rt::lang_start::{closure_env#0}<()> as core::ops::function::Fn<()>>::{vtable}")
                .as_deref(),
            Some("core::ops::function::Fn")
        );
        assert_eq!(
            impl_trait("core::ops::function::FnOnce::call_once{{vtable.shim}}").as_deref(),
            Some("core::ops::function::FnOnce")
        );
        assert_eq!(
            impl_trait("<app::main::{closure#0} as core::ops::function::FnOnce<(u32,)>>::call_once::{shim:vtable#0}")
                .as_deref(),
            Some("core::ops::function::FnOnce")
        );
        assert_eq!(impl_trait("app::free_fn"), None);
        assert_eq!(impl_trait("<app::Quiet>::inherent"), None);
    }

    #[test]
    fn a_vtable_call_reaches_its_trait_only() {
        let sigs = Sigs(vec![
            Some((s(&["ptr"]), "void".into())),
            Some((s(&["ptr"]), "void".into())),
            Some((s(&["ptr"]), "i32".into())),
        ]);
        let resolver = Resolver {
            vtables: vec![
                Vtable {
                    traits: s(&["app::Backend"]),
                    slots: vec![(24, 0)],
                    args: None,
                },
                Vtable {
                    traits: s(&["app::Other"]),
                    slots: vec![(24, 1)],
                    args: None,
                },
                Vtable {
                    traits: s(&["core::ops::function::Fn"]),
                    slots: vec![(24, 2)],
                    args: None,
                },
            ],
            taken: vec![0, 1, 2],
        };
        let call = |trait_path: Option<&str>, vtable| VirtualCall {
            offset: 24,
            params: s(&["ptr"]),
            ret: "void".into(),
            trait_path: trait_path.map(str::to_string),
            trait_args: None,
            vtable,
        };
        assert_eq!(
            resolver.virtual_call(&call(Some("app::Backend"), None), &sigs),
            vec![0]
        );
        // Unknown trait: every vtable with the slot and the signature, the return type included.
        assert_eq!(resolver.virtual_call(&call(None, None), &sigs), vec![0, 1]);
        // A constant vtable: exactly its slot.
        assert_eq!(resolver.virtual_call(&call(None, Some(1)), &sigs), vec![1]);
        let pointer = PointerCall {
            params: s(&["ptr"]),
            ret: "i32".into(),
            rust: None,
        };
        assert_eq!(
            resolver.pointer_call(&pointer, &sigs),
            vec![2],
            "a fn pointer matches on its return type too"
        );
    }
}
