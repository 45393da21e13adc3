//! `nmi_unchecked!("reason", expr)`: the reviewed exception. `#[nmi_safe]` skips the macro's tokens;
//! here the reason is required, and the expression is given back as it is.

use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::{Expr, LitStr, Token};

struct Unchecked {
    reason: LitStr,
    expr: Expr,
}

impl Parse for Unchecked {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let reason: LitStr = input.parse().map_err(|e| {
            syn::Error::new(e.span(), "`nmi_unchecked!` starts with the reason, as a string literal: `nmi_unchecked!(\"why this cannot block\", expr)`")
        })?;
        if input.is_empty() {
            return Err(syn::Error::new(
                reason.span(),
                "`nmi_unchecked!` needs the expression after the reason: `nmi_unchecked!(\"why this cannot block\", expr)`",
            ));
        }
        input.parse::<Token![,]>()?;
        let expr = input.parse()?;
        input.parse::<Option<Token![,]>>()?;
        Ok(Unchecked { reason, expr })
    }
}

pub(crate) fn expand(input: TokenStream) -> TokenStream {
    match syn::parse2::<Unchecked>(input.clone()) {
        Ok(Unchecked { reason, expr }) if reason.value().trim().is_empty() => {
            let error = syn::Error::new(
                reason.span(),
                "`nmi_unchecked!` needs a reason: say why this expression cannot block or sleep here",
            )
            .to_compile_error();
            quote!({ #error #expr })
        }
        Ok(Unchecked { expr, .. }) => quote!(#expr),
        Err(error) => error.to_compile_error(),
    }
}
