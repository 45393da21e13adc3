//! The arguments of `#[nmi_safe(...)]` and `#[may_sleep(...)]`.

use syn::parse::Parser;
use syn::spanned::Spanned;
use syn::{LitStr, Path};

use crate::diag::Errors;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Attr {
    NmiSafe,
    MaySleep,
}

impl Attr {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Attr::NmiSafe => "nmi_safe",
            Attr::MaySleep => "may_sleep",
        }
    }

    fn allowed(self) -> &'static str {
        match self {
            Attr::NmiSafe => "`entry` and `crate = \"path\"`",
            Attr::MaySleep => "`no_marker` and `crate = \"path\"`",
        }
    }
}

pub(crate) struct Args {
    /// The path of the `ctxlock` crate in the user's crate: `::ctxlock` unless renamed.
    pub(crate) krate: Path,
    /// `#[nmi_safe(entry)]`: the body runs inside an `NmiScope`.
    pub(crate) entry: bool,
    /// `#[may_sleep(no_marker)]`: emit no marker item beside the fn.
    pub(crate) no_marker: bool,
}

pub(crate) fn parse(attr: Attr, tokens: proc_macro2::TokenStream, errors: &mut Errors) -> Args {
    let mut args = Args {
        krate: syn::parse_quote!(::ctxlock),
        entry: false,
        no_marker: false,
    };
    let parser = syn::meta::parser(|meta| {
        let flag = |name: &str| {
            if meta.input.peek(syn::Token![=]) || meta.input.peek(syn::token::Paren) {
                Err(meta.error(format!(
                    "`{name}` is a flag and takes no value: write `#[{}({name})]`",
                    attr.name()
                )))
            } else {
                Ok(true)
            }
        };
        if meta.path.is_ident("crate") {
            let usage =
                "`crate` takes the path of the ctxlock crate as a string: `crate = \"::ctxlock\"`";
            if !meta.input.peek(syn::Token![=]) {
                return Err(syn::Error::new(meta.path.span(), usage));
            }
            let lit: LitStr = meta
                .value()?
                .parse()
                .map_err(|e| syn::Error::new(e.span(), usage))?;
            match lit.parse::<Path>() {
                Ok(path) => args.krate = path,
                Err(_) => errors.push(syn::Error::new(
                    lit.span(),
                    format!("`crate` takes the path of the ctxlock crate, such as `crate = \"::my_ctxlock\"`; `{}` is not a path", lit.value()),
                )),
            }
        } else if attr == Attr::NmiSafe && meta.path.is_ident("entry") {
            args.entry = flag("entry")?;
        } else if attr == Attr::MaySleep && meta.path.is_ident("no_marker") {
            args.no_marker = flag("no_marker")?;
        } else {
            let name = meta
                .path
                .get_ident()
                .map_or_else(|| "this".to_owned(), |i| format!("`{i}`"));
            return Err(meta.error(format!(
                "unknown argument {name}: `#[{}]` takes {}",
                attr.name(),
                attr.allowed()
            )));
        }
        Ok(())
    });
    if let Err(error) = parser.parse2(tokens) {
        errors.push(error);
    }
    args
}
