//! The rules of `#[nmi_safe]`, applied to every expression of the body: closures, nested and `unsafe`
//! blocks, loops, match arms and `let … else` included. Items declared in the body are separate items
//! and are skipped; each is checked only if it carries an attribute of its own.

use proc_macro2::{Span, TokenStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, ExprPath, Macro, Path, PathArguments, Stmt, Token};

use crate::diag::Errors;
use crate::probe::{self, Callee};
use crate::rules;
use crate::scope::Scopes;
use crate::source::{self, Imports};

pub(crate) struct Checker<'a> {
    errors: &'a mut Errors,
    krate: &'a Path,
    locals: Scopes,
    /// Callees to probe for rule 5, one list per open block that holds probes; each list is emitted
    /// at the start of its block, where every item the calls can name is in scope.
    callees: Vec<Vec<Callee>>,
    /// Inside a macro's arguments, which are checked on a parsed copy: their callees go to the block
    /// that holds the macro call.
    in_macro: usize,
    /// The `#[cfg]`s of the statements, arms and expressions around the current one: a probe is
    /// compiled under the same conditions as its call.
    cfgs: Vec<syn::Attribute>,
    /// Whether probes were inserted into a block inside the body, which then differs from the tokens
    /// the user wrote.
    pub(crate) changed_inner_blocks: bool,
    /// The checked fn's name, which says where it is in its source file; `None` for a closure.
    name: Option<&'a syn::Ident>,
    /// The `use` imports of the fn's module, read from its source file at the first bare-name call.
    imports: std::cell::OnceCell<Option<std::sync::Arc<Imports>>>,
}

impl<'a> Checker<'a> {
    pub(crate) fn new(
        errors: &'a mut Errors,
        krate: &'a Path,
        name: Option<&'a syn::Ident>,
    ) -> Self {
        Checker {
            name,
            imports: std::cell::OnceCell::new(),
            errors,
            krate,
            locals: Scopes::default(),
            callees: Vec::new(),
            in_macro: 0,
            cfgs: Vec::new(),
            changed_inner_blocks: false,
        }
    }

    /// Checks a fn body whose parameters are `inputs`, inserts the rule-5 probes of the blocks inside
    /// it, and returns those of the body itself, to go at its start.
    pub(crate) fn check_body<'i>(
        &mut self,
        inputs: impl IntoIterator<Item = &'i syn::FnArg>,
        body: &mut syn::Block,
    ) -> Option<TokenStream> {
        self.locals.push();
        for input in inputs {
            if let syn::FnArg::Typed(arg) = input {
                self.locals.bind(&arg.pat);
            }
        }
        let probes = self.check_block(body);
        self.locals.pop();
        probes
    }

    fn check_call_path(&mut self, path: &ExprPath, args: &[&Expr], call_end: Span) {
        if path.qself.is_some() {
            return; // `<T as Trait>::f()`: an associated fn, which cannot carry a marker.
        }
        let segments: Vec<String> = path
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        // `libc::waitpid(-1, &mut status, libc::WNOHANG)` is a wait told not to wait.
        let sleeps =
            rules::sleeping_path(&segments).filter(|_| !rules::returns_at_once(&segments, args));
        if let Some(why) = sleeps {
            let shown = segments.join("::");
            self.errors
                .between(path.span(), call_end, format!("`{shown}` {why}"));
        } else if self.locals.is_may_sleep_fn(&path.path) {
            // Declared in the body with the attribute: no probe is needed to be sure.
            self.errors.between(
                path.span(),
                call_end,
                "this call may sleep: its callee is a `#[may_sleep]` fn, and an `#[nmi_safe]` fn must not call it",
            );
        } else if let Some(callee) = self.callee(&path.path, call_end) {
            if let Some(block) = self.callees.last_mut() {
                block.push(callee);
            }
        }
    }

    /// The call's path, if it may name a `#[may_sleep]` fn that carries a marker: a fn item reached
    /// through modules. Locals, and associated fns of types (`Type::f`, `Self::f`, `u32::from`), cannot.
    fn callee(&self, path: &Path, call_end: Span) -> Option<Callee> {
        let segments: Vec<&syn::PathSegment> = path.segments.iter().collect();
        let (last, parents) = segments.split_last()?;
        if parents
            .iter()
            .any(|s| !matches!(s.arguments, PathArguments::None))
        {
            return None; // `Vec::<u8>::new`: a type.
        }
        if !is_value_name(&last.ident) {
            return None;
        }
        let first = &segments[0].ident;
        if first == "libc" {
            return None; // Never `#[may_sleep]`, and common in handlers: less to compile.
        }
        let anchored =
            path.leading_colon.is_some() || first == "crate" || first == "self" || first == "super";
        if parents.is_empty() && !anchored {
            let imported = self.locals.imported(&last.ident).cloned();
            let imported = imported.or_else(|| self.module_import(&last.ident, path_start(path)));
            if let Some(imported) = imported.filter(|p| p.segments.len() > 1) {
                // `use m::f as g;` in the body, or in the module as its source file says: the probe
                // follows the import, which brings the fn's name only, to the marker.
                return self.callee(&imported, call_end).map(|callee| Callee {
                    first: path_start(path),
                    parent_is_import: true,
                    ..callee
                });
            }
        }
        let parent = if parents.is_empty() {
            if anchored || self.locals.is_local(&last.ident) {
                return None; // `self(x)`, or a closure or fn pointer held in a local, called.
            }
            None
        } else {
            // Modules, and `crate`, `self`, `super`, are lowercase too.
            if !parents.iter().all(|s| is_value_name(&s.ident)) {
                return None;
            }
            if parents
                .iter()
                .any(|s| rules::is_lowercase_type(&s.ident.to_string()))
            {
                return None;
            }
            if !anchored && self.locals.under_glob() {
                return None; // Perhaps from a glob of the body, which a probe may not import again.
            }
            let mut parent = path.clone();
            parent.segments = parents.iter().map(|&s| s.clone()).collect();
            Some(parent)
        };
        Some(Callee {
            parent,
            parent_is_import: false,
            name: last.ident.clone(),
            first: path_start(path),
            last: call_end,
            cfgs: self.cfgs.clone(),
        })
    }

    /// The path that a `use` of the fn's module imports as `name`, at `span`, unless the body hides
    /// the module's names: by a local, an item or import of its own, or a glob.
    fn module_import(&self, name: &syn::Ident, span: Span) -> Option<Path> {
        if self.locals.is_local(name) || self.locals.declares_item(name) || self.locals.under_glob()
        {
            return None;
        }
        let fn_name = self.name?;
        if !source::may_import(fn_name, name) {
            return None;
        }
        let imports = self
            .imports
            .get_or_init(|| source::place(fn_name).and_then(|place| place.imports));
        let imported = imports.as_ref()?.get(&name.to_string())?.as_ref()?;
        Some(imported.to_path(span))
    }

    fn check_macro(&mut self, mac: &Macro) {
        let Some(name) = mac.path.segments.last().map(|s| s.ident.to_string()) else {
            return;
        };
        if let Some(why) = rules::forbidden_macro(&name) {
            self.errors.between(
                mac.path.span(),
                mac.bang_token.span,
                format!("`{name}!` {why}"),
            );
        } else if rules::has_expression_arguments(&name) {
            let parser = Punctuated::<Expr, Token![,]>::parse_terminated;
            if let Ok(mut args) = mac.parse_body_with(parser) {
                self.in_macro += 1;
                for arg in &mut args {
                    self.visit_expr_mut(arg);
                }
                self.in_macro -= 1;
            }
        }
        // `nmi_unchecked!` and every other macro: their tokens are not ours to judge.
    }

    /// Checks a block, and returns its probes if it owns any.
    fn check_block(&mut self, block: &mut syn::Block) -> Option<TokenStream> {
        // Probes go in the fn's top block, and in blocks that declare items, which only calls inside
        // them can name; any other block resolves names as its parent does. Fewer probe blocks is
        // less to compile: each costs a const and a fn.
        let declares_items = block.stmts.iter().any(|s| matches!(s, Stmt::Item(_)));
        let owns_probes = self.in_macro == 0 && (self.callees.is_empty() || declares_items);
        if owns_probes {
            self.callees.push(Vec::new());
        }
        self.locals.push();
        self.locals.declare(&block.stmts, self.in_macro > 0);
        for stmt in &mut block.stmts {
            match stmt {
                Stmt::Local(local) => {
                    let (attrs, init) = (&local.attrs, &mut local.init);
                    self.with_cfgs(attrs, |this| {
                        if let Some(init) = init {
                            this.visit_local_init_mut(init);
                        }
                    });
                    self.locals.bind(&local.pat); // In scope from the next statement on.
                }
                Stmt::Item(_) => {}
                Stmt::Expr(expr, _) => self.visit_expr_mut(expr),
                Stmt::Macro(stmt) => {
                    let mac = &stmt.mac;
                    self.with_cfgs(&stmt.attrs, |this| this.check_macro(mac));
                }
            }
        }
        self.locals.pop();
        if !owns_probes {
            return None;
        }
        let callees = self.callees.pop().unwrap_or_default();
        probe::probes(self.krate, &callees)
    }

    fn with_cfgs(&mut self, attrs: &[syn::Attribute], body: impl FnOnce(&mut Self)) {
        let depth = self.cfgs.len();
        self.cfgs
            .extend(attrs.iter().filter(|a| a.path().is_ident("cfg")).cloned());
        body(self);
        self.cfgs.truncate(depth);
    }

    fn with_scope(&mut self, bind: &[&syn::Pat], body: impl FnOnce(&mut Self)) {
        self.locals.push();
        for pat in bind {
            self.locals.bind(pat);
        }
        body(self);
        self.locals.pop();
    }
}

impl VisitMut for Checker<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        let attrs = expr_attrs(expr).to_vec();
        self.with_cfgs(&attrs, |this| visit_mut::visit_expr_mut(this, expr));
    }

    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        if let Some(probes) = self.check_block(block) {
            block
                .stmts
                .insert(0, Stmt::Item(syn::Item::Verbatim(probes)));
            self.changed_inner_blocks = true;
        }
    }

    fn visit_expr_method_call_mut(&mut self, call: &mut syn::ExprMethodCall) {
        let name = call.method.to_string();
        if let Some(why) = rules::blocking_method(&name) {
            let end = call.paren_token.span.close();
            self.errors
                .between(call.method.span(), end, format!("`.{name}()` {why}"));
        }
        visit_mut::visit_expr_method_call_mut(self, call);
    }

    fn visit_expr_call_mut(&mut self, call: &mut syn::ExprCall) {
        if let Expr::Path(path) = &*call.func {
            let args: Vec<&Expr> = call.args.iter().collect();
            self.check_call_path(path, &args, call.paren_token.span.close());
        }
        visit_mut::visit_expr_call_mut(self, call);
    }

    fn visit_expr_await_mut(&mut self, expr: &mut syn::ExprAwait) {
        self.errors.between(
            expr.dot_token.span,
            expr.await_token.span,
            "`.await` suspends the fn until another task wakes it; `#[nmi_safe]` code must run to completion without waiting",
        );
        visit_mut::visit_expr_await_mut(self, expr);
    }

    fn visit_expr_async_mut(&mut self, expr: &mut syn::ExprAsync) {
        self.errors.between(
            expr.async_token.span,
            expr.block.brace_token.span.open(),
            "an `async` block runs later, on an executor that may block; `#[nmi_safe]` code must do its work now, without async",
        );
        visit_mut::visit_expr_async_mut(self, expr);
    }

    fn visit_expr_closure_mut(&mut self, closure: &mut syn::ExprClosure) {
        if let Some(async_token) = closure.asyncness {
            self.errors.between(
                async_token.span,
                closure.or2_token.span,
                "an `async` closure runs later, on an executor that may block; `#[nmi_safe]` code must do its work now, without async",
            );
        }
        let inputs: Vec<_> = closure.inputs.iter().collect();
        let body = &mut closure.body;
        self.with_scope(&inputs, |this| this.visit_expr_mut(body));
    }

    fn visit_arm_mut(&mut self, arm: &mut syn::Arm) {
        let (attrs, pat) = (&arm.attrs, &arm.pat);
        let (guard, body) = (&mut arm.guard, &mut arm.body);
        self.with_cfgs(attrs, |this| {
            this.with_scope(&[pat], |this| {
                if let Some((_, guard)) = guard {
                    this.visit_expr_mut(guard);
                }
                this.visit_expr_mut(body);
            });
        });
    }

    fn visit_expr_for_loop_mut(&mut self, expr: &mut syn::ExprForLoop) {
        self.visit_expr_mut(&mut expr.expr);
        let body = &mut expr.body;
        self.with_scope(&[&expr.pat], |this| this.visit_block_mut(body));
    }

    fn visit_expr_if_mut(&mut self, expr: &mut syn::ExprIf) {
        self.visit_expr_mut(&mut expr.cond);
        let pats = let_patterns(&expr.cond);
        let then = &mut expr.then_branch;
        self.with_scope(&pats, |this| this.visit_block_mut(then));
        if let Some((_, els)) = &mut expr.else_branch {
            self.visit_expr_mut(els);
        }
    }

    fn visit_expr_while_mut(&mut self, expr: &mut syn::ExprWhile) {
        self.visit_expr_mut(&mut expr.cond);
        let pats = let_patterns(&expr.cond);
        let body = &mut expr.body;
        self.with_scope(&pats, |this| this.visit_block_mut(body));
    }

    fn visit_expr_macro_mut(&mut self, expr: &mut syn::ExprMacro) {
        self.check_macro(&expr.mac);
    }

    fn visit_item_mut(&mut self, _: &mut syn::Item) {}
}

/// The attributes of an expression (`#[cfg(..)] call();` puts them on the call).
fn expr_attrs(expr: &Expr) -> &[syn::Attribute] {
    match expr {
        Expr::Array(e) => &e.attrs,
        Expr::Assign(e) => &e.attrs,
        Expr::Async(e) => &e.attrs,
        Expr::Await(e) => &e.attrs,
        Expr::Binary(e) => &e.attrs,
        Expr::Block(e) => &e.attrs,
        Expr::Break(e) => &e.attrs,
        Expr::Call(e) => &e.attrs,
        Expr::Cast(e) => &e.attrs,
        Expr::Closure(e) => &e.attrs,
        Expr::Const(e) => &e.attrs,
        Expr::Continue(e) => &e.attrs,
        Expr::Field(e) => &e.attrs,
        Expr::ForLoop(e) => &e.attrs,
        Expr::Group(e) => &e.attrs,
        Expr::If(e) => &e.attrs,
        Expr::Index(e) => &e.attrs,
        Expr::Infer(e) => &e.attrs,
        Expr::Let(e) => &e.attrs,
        Expr::Lit(e) => &e.attrs,
        Expr::Loop(e) => &e.attrs,
        Expr::Macro(e) => &e.attrs,
        Expr::Match(e) => &e.attrs,
        Expr::MethodCall(e) => &e.attrs,
        Expr::Paren(e) => &e.attrs,
        Expr::Path(e) => &e.attrs,
        Expr::Range(e) => &e.attrs,
        Expr::RawAddr(e) => &e.attrs,
        Expr::Reference(e) => &e.attrs,
        Expr::Repeat(e) => &e.attrs,
        Expr::Return(e) => &e.attrs,
        Expr::Struct(e) => &e.attrs,
        Expr::Try(e) => &e.attrs,
        Expr::TryBlock(e) => &e.attrs,
        Expr::Tuple(e) => &e.attrs,
        Expr::Unary(e) => &e.attrs,
        Expr::Unsafe(e) => &e.attrs,
        Expr::While(e) => &e.attrs,
        Expr::Yield(e) => &e.attrs,
        _ => &[],
    }
}

/// The patterns of `if let` / `while let` conditions, also in `&&` chains.
fn let_patterns(cond: &Expr) -> Vec<&syn::Pat> {
    match cond {
        Expr::Let(expr) => vec![&*expr.pat],
        Expr::Binary(expr) if matches!(expr.op, syn::BinOp::And(_)) => {
            let mut pats = let_patterns(&expr.left);
            pats.extend(let_patterns(&expr.right));
            pats
        }
        Expr::Paren(expr) => let_patterns(&expr.expr),
        _ => Vec::new(),
    }
}

/// Fns and modules are snake_case; types, traits and variants are not.
fn is_value_name(ident: &syn::Ident) -> bool {
    let name = ident.to_string();
    let name = name.strip_prefix("r#").unwrap_or(&name);
    name != "Self" && name.starts_with(|c: char| c == '_' || c.is_lowercase()) && name != "_"
}

fn path_start(path: &Path) -> Span {
    match &path.leading_colon {
        Some(colon) => colon.spans[0],
        None => path
            .segments
            .first()
            .map_or_else(Span::call_site, |s| s.ident.span()),
    }
}
