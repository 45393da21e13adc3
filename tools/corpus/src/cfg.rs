//! Which `#[cfg(…)]`s hold in the build of a copy, so that the report counts only the annotated fns
//! that rustc really compiled: the host's cfgs (`rustc --print cfg`), and those that cargo added for the
//! crate (its features, and what its build script set).

use std::collections::BTreeSet;
use std::process::Command;

use syn::punctuated::Punctuated;
use syn::{Meta, Token};

/// The cfgs of one build: names (`unix`) and name-value pairs (`target_arch="x86_64"`).
pub struct Cfg {
    set: BTreeSet<(String, Option<String>)>,
}

impl Cfg {
    /// The host's cfgs as rustc prints them, and `extra` ones (`name` or `name="value"`).
    pub fn new(extra: &[String]) -> Result<Cfg, String> {
        let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
        let output = Command::new(rustc)
            .args(["--print", "cfg"])
            .output()
            .map_err(|e| format!("cannot run rustc --print cfg: {e}"))?;
        if !output.status.success() {
            return Err(format!(
                "rustc --print cfg failed:\n{}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        let mut set = BTreeSet::new();
        let printed = String::from_utf8_lossy(&output.stdout);
        for line in printed.lines().chain(extra.iter().map(String::as_str)) {
            match line.split_once('=') {
                Some((name, value)) => {
                    set.insert((name.to_owned(), Some(value.trim_matches('"').to_owned())))
                }
                None => set.insert((line.to_owned(), None)),
            };
        }
        // `cargo check` builds with the dev profile, whatever `rustc --print cfg` assumes.
        set.insert(("debug_assertions".to_owned(), None));
        Ok(Cfg { set })
    }

    /// Whether every `#[cfg]` among `attrs` holds.
    pub fn holds(&self, attrs: &[syn::Attribute]) -> bool {
        attrs
            .iter()
            .filter(|attr| attr.path().is_ident("cfg"))
            .all(|attr| {
                attr.parse_args::<Meta>()
                    .is_ok_and(|predicate| self.eval(&predicate))
            })
    }

    fn eval(&self, predicate: &Meta) -> bool {
        match predicate {
            Meta::Path(path) => path
                .get_ident()
                .is_some_and(|name| self.set.contains(&(name.to_string(), None))),
            Meta::NameValue(pair) => {
                let value = match &pair.value {
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(value),
                        ..
                    }) => value.value(),
                    _ => return false,
                };
                pair.path
                    .get_ident()
                    .is_some_and(|name| self.set.contains(&(name.to_string(), Some(value))))
            }
            Meta::List(list) => {
                let Ok(nested) =
                    list.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
                else {
                    return false;
                };
                let name = list.path.get_ident().map(ToString::to_string);
                match name.as_deref() {
                    Some("all") => nested.iter().all(|p| self.eval(p)),
                    Some("any") => nested.iter().any(|p| self.eval(p)),
                    Some("not") => nested.len() == 1 && !self.eval(&nested[0]),
                    _ => false,
                }
            }
        }
    }
}
