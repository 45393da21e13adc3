//! The call graph of one linked program, and the walk from each `#[nmi_safe]` root to what it must not
//! reach.
//!
//! Nodes are fn instances after monomorphization, from every crate of the program, and each frame of a
//! fn that was inlined into another (`#[inline(always)]`), which the debug info keeps: an instruction
//! inlined from fn X is a call of X at the outermost site. Edges are the calls in their bodies: direct
//! calls (which is also how methods, trait static dispatch, closures, drop glue and calls into
//! dependencies look after monomorphization) and indirect ones, which `resolve.rs` resolves; precompiled
//! code that calls back (`core::fmt::write` and its kind) may reach every fn whose address the chain
//! to it takes.
//!
//! The walk starts once from each call in the root, so that each call gets its own error per category.

use std::collections::{HashMap, HashSet, VecDeque};
use std::rc::Rc;

use crate::classify::{self, Category, Class};
use crate::ir::{self, Callee, Module, VtableSource};
use crate::paths::Paths;
use crate::resolve::{self, PointerCall, Resolver, Signature, VirtualCall, Vtable};

mod feasible;
use feasible::{Answer, Feasible};

/// Where a call is, in the source: the outermost location when the call was inlined.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Site {
    pub file: Rc<str>,
    pub line: u32,
    pub column: u32,
}

#[derive(Debug)]
pub struct Node {
    pub symbol: String,
    /// Normalized path for Rust symbols, the symbol for others: what the tables match.
    pub name: String,
    /// The demangled path with its generic arguments, for chains: `drop_in_place::<std::io::Error>`.
    pub display: String,
    pub rust: bool,
    pub defined: bool,
    /// A frame of a fn inlined into another: its body is the calls inlined from it there.
    pub inlined: bool,
    /// Where the fn is defined, from its debug info.
    pub def: Option<Site>,
    /// The module (crate) whose body it has.
    pub module: Option<usize>,
    /// Parameter and return types, when a definition or declaration shows them.
    signature: Option<(Vec<String>, String)>,
    /// The Rust return and parameter types, when the debug info shows them.
    rust_signature: Option<Vec<String>>,
    edges: Vec<Edge>,
    /// Fns whose address this fn takes, directly or through the constant data it mentions.
    taken: Vec<usize>,
    mark: Option<Mark>,
}

#[derive(Debug)]
struct Edge {
    target: Target,
    site: Option<Site>,
    /// The outermost location of the call, where it differs from `site` (the call is in an inlined
    /// frame): what `nmi_unchecked!` ranges are matched against.
    outer: Option<Site>,
    unwinding: bool,
}

#[derive(Debug)]
enum Target {
    Fn(usize),
    Virtual(VirtualCall),
    Pointer(PointerCall),
    InlineAsm,
}

/// The marker fns of the facade's `__private::analysis`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mark {
    Root,
    MaySleep,
    UncheckedBegin,
    UncheckedEnd,
}

pub struct Program {
    pub nodes: Vec<Node>,
    resolver: Resolver,
    /// Source text inside `nmi_unchecked!`.
    unchecked: Vec<Unchecked>,
    roots: Vec<usize>,
    may_sleep: HashSet<usize>,
    /// Nodes by symbol, as the builder resolved them: the program's, and each module's own.
    global: HashMap<String, usize>,
    local: HashMap<(usize, String), usize>,
}

/// A range of source text inside `nmi_unchecked!`, as (line, column) pairs.
#[derive(Debug)]
struct Unchecked {
    file: Rc<str>,
    from: (u32, u32),
    to: (u32, u32),
}

/// One hop of a chain: `from` calls `to` at `site`.
#[derive(Clone, Debug)]
pub struct Hop {
    pub from: usize,
    pub to: usize,
    pub site: Option<Site>,
    /// The call was indirect: `to` is one of its candidates.
    pub indirect: bool,
}

/// A root that reaches something it must not.
#[derive(Debug)]
pub struct Violation {
    pub root: usize,
    pub category: Category,
    pub reason: String,
    /// From the root to the sink; never empty.
    pub chain: Vec<Hop>,
    /// Other categories reached from the same call in the root through the same candidate of the
    /// same vtable or fn-pointer call as this chain: one hop, if it is a wrong candidate, is one
    /// error, not one per category it leads to.
    pub also: Vec<Also>,
}

/// A category that a report's indirect hop also leads to.
#[derive(Debug)]
pub struct Also {
    pub category: Category,
    /// The candidate of the indirect call.
    pub via: usize,
    /// The sink it reaches.
    pub sink: usize,
}

pub struct Options {
    pub panics: bool,
}

impl Program {
    /// The program of these modules. With `entry`, the module of a linked artifact: the pools of
    /// indirect calls are then what its exported fns (`main`, a cdylib's API) can get hold of, not
    /// every library of the build.
    pub fn build(modules: &[&Module], entry: Option<usize>) -> Program {
        let mut builder = Builder::default();
        for (index, module) in modules.iter().enumerate() {
            builder.add_definitions(index, module);
        }
        for (index, module) in modules.iter().enumerate() {
            builder.add_bodies(index, module);
        }
        let local: HashSet<usize> = builder.local.values().copied().collect();
        let entries: Vec<usize> = match entry {
            Some(entry) => (0..builder.nodes.len())
                .filter(|&id| {
                    let node = &builder.nodes[id];
                    node.module == Some(entry) && !node.inlined && !local.contains(&id)
                })
                .collect(),
            None => Vec::new(),
        };
        let mut program = builder.finish();
        if entry.is_some() {
            program.keep_live(entries);
        }
        program
    }

    /// Narrows the indirect-call pools to the fns that code reachable from `entries` (by direct calls
    /// and taken addresses) can get hold of: a vtable or fn pointer only code that never runs takes is
    /// no candidate. Without an entry (libraries alone), every pool stays whole.
    fn keep_live(&mut self, entries: Vec<usize>) {
        let mut live = vec![false; self.nodes.len()];
        let mut work = entries;
        while let Some(node) = work.pop() {
            if std::mem::replace(&mut live[node], true) {
                continue;
            }
            let node = &self.nodes[node];
            work.extend(node.edges.iter().filter_map(|e| match e.target {
                Target::Fn(callee) => Some(callee),
                _ => None,
            }));
            work.extend(&node.taken);
        }
        let taken: HashSet<usize> = (0..self.nodes.len())
            .filter(|&n| live[n])
            .flat_map(|n| self.nodes[n].taken.clone())
            .collect();
        self.resolver.taken.retain(|f| taken.contains(f));
        for vtable in &mut self.resolver.vtables {
            vtable.slots.retain(|(_, f)| taken.contains(f));
        }
    }

    pub fn roots(&self) -> &[usize] {
        &self.roots
    }

    /// Every violation reachable from `root`: one per call in the root and category (the categories
    /// one candidate of one indirect call leads to are one, with the others in `also`), each with a chain
    /// that has the fewest indirect hops, then the fewest hops. Each call is walked on its own, so two
    /// calls that reach the same sink both get their error. With `paths` (the program's one module,
    /// to run), a sink that no execution of the root can call is not reported (`paths.rs`).
    pub fn check(&self, root: usize, options: &Options, paths: Option<&Paths>) -> Vec<Violation> {
        let mut violations = Vec::new();
        let feasible = paths
            .filter(|_| !options.panics && !self.nodes[root].inlined)
            .map(|paths| Feasible::new(self, root, paths));
        // Shared by the walks: two calls at one site (a call and the drop of its result) are one.
        let mut seen = HashSet::new();
        for index in 0..self.nodes[root].edges.len() {
            let mut walk = Walk {
                program: self,
                root,
                options,
                parent: HashMap::new(),
                violations: Vec::new(),
                seen: std::mem::take(&mut seen),
                feasible: feasible.as_ref(),
                first: {
                    let edge = &self.nodes[root].edges[index];
                    edge.outer.clone().or_else(|| edge.site.clone())
                },
            };
            walk.run(index);
            violations.append(&mut walk.violations);
            seen = walk.seen;
        }
        violations
    }

    /// The node a call in module `module` names.
    fn lookup(&self, module: usize, name: &str) -> Option<usize> {
        self.local
            .get(&(module, name.to_string()))
            .or_else(|| self.global.get(name))
            .copied()
    }

    fn classify(&self, node: usize) -> Class {
        let node = &self.nodes[node];
        classify::panic_payload_drop(&node.display)
            .unwrap_or_else(|| classify::classify(&node.name, node.rust, node.defined))
    }

    fn in_unchecked(&self, site: &Site) -> bool {
        let at = (site.line, site.column);
        self.unchecked
            .iter()
            .any(|u| u.file == site.file && u.from <= at && at <= u.to)
    }
}

impl Signature for Program {
    fn signature(&self, node: usize) -> Option<(&[String], &str)> {
        self.nodes[node]
            .signature
            .as_ref()
            .map(|(p, r)| (p.as_slice(), r.as_str()))
    }

    fn rust_signature(&self, node: usize) -> Option<&[String]> {
        self.nodes[node].rust_signature.as_deref()
    }
}

#[derive(Default)]
struct Builder {
    nodes: Vec<Node>,
    global: HashMap<String, usize>,
    local: HashMap<(usize, String), usize>,
    vtables: Vec<Vtable>,
    taken_anywhere: HashSet<usize>,
    /// Inlined frames, by (module, caller node, `inlinedAt` location).
    frames: HashMap<(usize, usize, u32), usize>,
    unchecked: Vec<Unchecked>,
    files: HashMap<String, Rc<str>>,
}

impl Builder {
    fn add_definitions(&mut self, module_index: usize, module: &Module) {
        for function in &module.functions {
            let def = function
                .subprogram
                .and_then(|sp| self.subprogram_site(module, sp));
            let node = if function.local {
                let id = self.new_node(&function.symbol);
                self.local
                    .insert((module_index, function.symbol.clone()), id);
                id
            } else {
                self.symbol(&function.symbol)
            };
            let node = &mut self.nodes[node];
            if !node.defined {
                node.defined = true;
                node.def = def;
                node.module = Some(module_index);
                node.signature = Some((function.params.clone(), function.ret.clone()));
                node.rust_signature = function.subprogram.and_then(|sp| module.rust_signature(sp));
            }
        }
        for (symbol, signature) in &module.signatures {
            let node = self.resolve(module_index, symbol);
            self.nodes[node]
                .signature
                .get_or_insert_with(|| signature.clone());
        }
    }

    fn add_bodies(&mut self, module_index: usize, module: &Module) {
        let fn_symbols: HashSet<&str> = module
            .functions
            .iter()
            .map(|f| f.symbol.as_str())
            .chain(module.declared.iter().map(String::as_str))
            .collect();
        // Constant data: fns in vtable slots and tables, and what each global points to.
        let mut global_fns: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut vtable_ids: HashMap<&str, usize> = HashMap::new();
        for (name, global) in &module.globals {
            let mut fns = Vec::new();
            let mut slots = Vec::new();
            for (offset, symbol) in &global.entries {
                if !fn_symbols.contains(symbol.as_str()) {
                    continue;
                }
                let node = self.resolve(module_index, symbol);
                fns.push(node);
                slots.push((*offset, node));
            }
            if global.is_vtable {
                let mut traits: Vec<String> = module
                    .global_name(global)
                    .and_then(resolve::impl_trait)
                    .into_iter()
                    .chain(slots.iter().filter_map(|&(_, f)| {
                        classify::demangle(&self.nodes[f].symbol)
                            .and_then(|d| resolve::impl_trait(&d))
                    }))
                    .collect();
                traits.sort();
                traits.dedup();
                let args = module
                    .global_name(global)
                    .and_then(resolve::vtable_trait_args);
                vtable_ids.insert(name.as_str(), self.vtables.len());
                self.vtables.push(Vtable {
                    traits,
                    slots,
                    args,
                });
            }
            global_fns.insert(name.as_str(), fns);
        }
        // A global's fns include those of the globals it points to.
        let closure = |start: &str| -> Vec<usize> {
            let mut out = Vec::new();
            let mut seen = HashSet::new();
            let mut work = vec![start];
            while let Some(name) = work.pop() {
                if !seen.insert(name) {
                    continue;
                }
                if let Some(fns) = global_fns.get(name) {
                    out.extend(fns);
                }
                if let Some(global) = module.globals.get(name) {
                    work.extend(global.refs.iter().map(String::as_str));
                    work.extend(
                        global
                            .entries
                            .iter()
                            .map(|(_, s)| s.as_str())
                            .filter(|s| module.globals.contains_key(*s)),
                    );
                }
            }
            out
        };

        // A static's fn pointers and trait objects are there for any code to call.
        for name in module.globals.keys() {
            if name.starts_with("_ZN") || name.starts_with("_R") {
                let fns = closure(name);
                self.taken_anywhere.extend(fns);
            }
        }

        for function in &module.functions {
            let id = self.resolve(module_index, &function.symbol);
            if !self.nodes[id].edges.is_empty() || !self.nodes[id].taken.is_empty() {
                continue; // Defined in an earlier module too; the first body wins.
            }
            let mut edges = Vec::with_capacity(function.calls.len());
            // Calls made in inlined frames, by frame node.
            let mut frame_edges: Vec<(usize, Edge)> = Vec::new();
            let mut begins = Vec::new();
            for call in &function.calls {
                let outer = call.loc.and_then(|loc| self.site(module, loc));
                let frames = call
                    .loc
                    .map_or_else(Vec::new, |loc| inlined_frames(module, loc));
                let target = match &call.callee {
                    // `syscall(SYS_futex, FUTEX_WAKE)` is a callee of its own: its argument is its meaning.
                    Callee::Direct(symbol) => match classify::call_name(symbol, &call.args) {
                        Some(name) => Target::Fn(self.resolve(module_index, &name)),
                        None => Target::Fn(self.resolve(module_index, symbol)),
                    },
                    Callee::Virtual {
                        offset,
                        params,
                        ret,
                        vtable,
                    } => {
                        // The fn whose code makes the call: the innermost inlined frame, or this
                        // fn. Demangled here only, for vtable calls: most calls are direct.
                        let maker = frames
                            .last()
                            .and_then(|(sp, _)| module.scopes[sp].subprogram.as_deref())
                            .and_then(classify::demangle)
                            .unwrap_or_else(|| self.nodes[id].display.clone());
                        let (trait_path, trait_args) = self
                            .call_trait(module_index, &maker, module, function, vtable)
                            .unzip();
                        Target::Virtual(VirtualCall {
                            offset: *offset,
                            params: params.clone(),
                            ret: ret.clone(),
                            trait_path,
                            trait_args: trait_args.flatten(),
                            vtable: match vtable {
                                VtableSource::Constant(symbol) => {
                                    vtable_ids.get(symbol.as_str()).copied()
                                }
                                _ => None,
                            },
                        })
                    }
                    Callee::Pointer {
                        params,
                        ret,
                        source,
                    } => Target::Pointer(PointerCall {
                        params: params.clone(),
                        ret: ret.clone(),
                        rust: function
                            .subprogram
                            .and_then(|sp| module.pointer_signature(sp, source)),
                    }),
                    Callee::InlineAsm => Target::InlineAsm,
                    Callee::Barrier => continue,
                };
                if let Target::Fn(callee) = target {
                    match self.nodes[callee].mark {
                        Some(Mark::UncheckedBegin) => begins.push(outer.clone()),
                        Some(Mark::UncheckedEnd) => {
                            if let (Some(Some(from)), Some(to)) = (begins.pop(), &outer) {
                                if from.file == to.file {
                                    let to = statement_end(&from.file, (to.line, to.column));
                                    self.unchecked.push(Unchecked {
                                        file: from.file.clone(),
                                        from: (from.line, from.column),
                                        to,
                                    });
                                }
                            }
                        }
                        _ => {}
                    }
                }
                // Inlined: the fn calls the outermost inlined frame at the outermost site, each frame
                // calls the next at its `inlinedAt` location, and the innermost makes the call.
                let unwinding = call.unwinding;
                let mut caller = id;
                for (subprogram, at) in frames {
                    let key = (module_index, id, at);
                    let frame = match self.frames.get(&key) {
                        Some(&frame) => frame,
                        None => {
                            let name = module.scopes[&subprogram].subprogram.as_deref();
                            let frame = self.new_node(name.unwrap_or("?"));
                            let def = self.subprogram_site(module, subprogram);
                            let node = &mut self.nodes[frame];
                            node.defined = true;
                            node.inlined = true;
                            node.def = def;
                            node.module = Some(module_index);
                            self.frames.insert(key, frame);
                            // The frame's own calls say whether they only run while unwinding.
                            let edge = Edge {
                                target: Target::Fn(frame),
                                site: self.exact_site(module, at),
                                outer: outer.clone(),
                                unwinding: false,
                            };
                            if caller == id {
                                edges.push(edge);
                            } else {
                                frame_edges.push((caller, edge));
                            }
                            frame
                        }
                    };
                    caller = frame;
                }
                let edge = Edge {
                    target,
                    site: call.loc.and_then(|loc| self.exact_site(module, loc)),
                    outer,
                    unwinding,
                };
                if caller == id {
                    edges.push(edge);
                } else {
                    frame_edges.push((caller, edge));
                }
            }
            for (frame, edge) in frame_edges {
                self.nodes[frame].edges.push(edge);
            }
            let mut taken = Vec::new();
            for symbol in &function.refs {
                if module.globals.contains_key(symbol) {
                    taken.extend(closure(symbol));
                } else if fn_symbols.contains(symbol.as_str()) {
                    taken.push(self.resolve(module_index, symbol));
                }
            }
            taken.sort_unstable();
            taken.dedup();
            self.taken_anywhere.extend(&taken);
            let node = &mut self.nodes[id];
            node.edges = edges;
            node.taken = taken;
        }
    }

    fn finish(self) -> Program {
        let roots_of = |mark: Mark| -> Vec<usize> {
            self.nodes
                .iter()
                .enumerate()
                .filter(|(_, node)| {
                    node.edges.iter().any(
                        |e| matches!(e.target, Target::Fn(t) if self.nodes[t].mark == Some(mark)),
                    )
                })
                .map(|(id, _)| id)
                .collect()
        };
        let roots = roots_of(Mark::Root);
        let may_sleep = roots_of(Mark::MaySleep).into_iter().collect();
        let mut taken: Vec<usize> = self.taken_anywhere.iter().copied().collect();
        taken.sort_unstable();
        Program {
            nodes: self.nodes,
            resolver: Resolver {
                vtables: self.vtables,
                taken,
            },
            unchecked: self.unchecked,
            roots,
            may_sleep,
            global: self.global,
            local: self.local,
        }
    }

    fn new_node(&mut self, symbol: &str) -> usize {
        let demangled = classify::demangle(symbol);
        let name = demangled
            .as_deref()
            .map_or_else(|| symbol.to_string(), classify::normalize);
        let mark = match name.rsplit_once("::__private::analysis::") {
            Some((_, "nmi_safe_root")) => Some(Mark::Root),
            Some((_, "may_sleep_entry")) => Some(Mark::MaySleep),
            Some((_, "unchecked_begin")) => Some(Mark::UncheckedBegin),
            Some((_, "unchecked_end")) => Some(Mark::UncheckedEnd),
            _ => None,
        };
        self.nodes.push(Node {
            symbol: symbol.to_string(),
            name,
            display: demangled.clone().unwrap_or_else(|| symbol.to_string()),
            rust: demangled.is_some(),
            defined: false,
            inlined: false,
            def: None,
            module: None,
            signature: None,
            rust_signature: None,
            edges: Vec::new(),
            taken: Vec::new(),
            mark,
        });
        self.nodes.len() - 1
    }

    /// The node of an exported (or declared) symbol.
    fn symbol(&mut self, symbol: &str) -> usize {
        if let Some(&id) = self.global.get(symbol) {
            return id;
        }
        let id = self.new_node(symbol);
        self.global.insert(symbol.to_string(), id);
        id
    }

    /// A symbol as a module's code names it: its own local fn, or the program's.
    fn resolve(&mut self, module: usize, symbol: &str) -> usize {
        if let Some(&id) = self.local.get(&(module, symbol.to_string())) {
            return id;
        }
        self.symbol(symbol)
    }

    fn file(&mut self, path: &str) -> Rc<str> {
        if let Some(file) = self.files.get(path) {
            return file.clone();
        }
        let file: Rc<str> = Rc::from(path);
        self.files.insert(path.to_string(), file.clone());
        file
    }

    fn site(&mut self, module: &Module, loc: u32) -> Option<Site> {
        let mut loc = *module.locations.get(&loc)?;
        // Inlined: the call site in this fn is the outermost location.
        let mut guard = 0;
        while let Some(outer) = loc.inlined_at.and_then(|id| module.locations.get(&id)) {
            loc = *outer;
            guard += 1;
            if guard > 64 {
                break;
            }
        }
        let path = scope_file(module, loc.scope)?;
        let file = self.file(path);
        Some(Site {
            file,
            line: loc.line,
            column: loc.column,
        })
    }

    /// The site of one location, not followed out of inlined frames.
    fn exact_site(&mut self, module: &Module, loc: u32) -> Option<Site> {
        let loc = *module.locations.get(&loc)?;
        let path = scope_file(module, loc.scope)?;
        let file = self.file(path);
        Some(Site {
            file,
            line: loc.line,
            column: loc.column,
        })
    }

    /// The `dyn` trait a vtable-slot call is made on, when the IR shows it (`-C debuginfo=2`): the
    /// debug type of the fat-pointer parameter the vtable comes from, of the struct member it is
    /// loaded from, or of what the call that returned it returns; else the one `dyn` trait named by
    /// the type of the fn that makes the call (`maker`, demangled): a drop glue's
    /// (`drop_in_place::<Box<dyn core::error::Error>>`), which only drops through vtables of the
    /// trait objects its type holds, or the self type of an impl on a trait object or a pointer to
    /// one (`<Box<dyn core::error::Error> as core::fmt::Display>::fmt`, `<dyn core::any::Any>::is`),
    /// whose vtable calls are the object's.
    fn call_trait(
        &self,
        module_index: usize,
        maker: &str,
        module: &Module,
        function: &ir::Function,
        vtable: &VtableSource,
    ) -> Option<(String, Option<String>)> {
        let found = match (vtable, function.subprogram) {
            (VtableSource::Parameter(name), Some(sp)) => module.parameter_type(sp, name),
            (VtableSource::Field(name, offset), Some(sp)) => module.member_type(sp, name, *offset),
            (VtableSource::Returned(symbol), _) => self
                .local
                .get(&(module_index, symbol.clone()))
                .or_else(|| self.global.get(symbol))
                .and_then(|&callee| self.nodes[callee].rust_signature.as_ref())
                .and_then(|signature| signature.first())
                .map(String::as_str),
            _ => None,
        };
        // A debug type also gives the trait's arguments, spelled as the vtables' debug names are.
        if let Some(found) = found {
            if let Some(path) = resolve::dyn_trait(found) {
                return Some((path, resolve::dyn_trait_args(found)));
            }
        }
        let path = match maker.strip_prefix("core::ptr::drop_in_place") {
            Some(ty) if ty.starts_with('<') || ty.starts_with("::<") => resolve::dyn_trait(ty),
            _ => resolve::impl_self_type(maker).and_then(resolve::dyn_trait),
        };
        path.map(|path| (path, None))
    }

    fn subprogram_site(&mut self, module: &Module, subprogram: u32) -> Option<Site> {
        let scope = module.scopes.get(&subprogram)?;
        let path = module.files.get(&scope.file?)?;
        let file = self.file(path);
        Some(Site {
            file,
            line: scope.line,
            column: 1,
        })
    }
}

/// From the last token of an `nmi_unchecked!` expression to the `;` that ends the statement holding
/// the macro, if that follows at once: the expression's temporaries are dropped there. Reads the
/// source; without it, the range ends at the last token.
fn statement_end(file: &str, (line, column): (u32, u32)) -> (u32, u32) {
    let Ok(text) = std::fs::read_to_string(file) else {
        return (line, column);
    };
    let lines: Vec<&str> = text.lines().collect();
    let (mut l, mut c) = (line as usize, column as usize); // 1-based line; column of the last token
                                                           // Past the last token itself, then: an optional `,`, the macro's closing delimiter, and a `;`.
    let mut expect = [",", ")]}", ";"].into_iter().peekable();
    let mut end = (line, column);
    c += 1;
    while l <= lines.len() {
        let chars: Vec<char> = lines[l - 1].chars().collect();
        while c <= chars.len() {
            let ch = chars[c - 1];
            if ch.is_whitespace() {
                c += 1;
                continue;
            }
            loop {
                match expect.next() {
                    Some(set) if set.contains(ch) => {
                        end = (l as u32, c as u32);
                        break;
                    }
                    Some(",") => continue, // The comma is optional.
                    _ => return end,
                }
            }
            if expect.peek().is_none() {
                return end;
            }
            c += 1;
        }
        l += 1;
        c = 1;
    }
    end
}

fn scope_file(module: &Module, mut scope: u32) -> Option<&str> {
    for _ in 0..256 {
        let s: &ir::Scope = module.scopes.get(&scope)?;
        if let Some(file) = s.file.and_then(|f| module.files.get(&f)) {
            return Some(file);
        }
        scope = s.parent?;
    }
    None
}

/// The breadth-first walk from one root; the first path found to a node is a shortest one.
struct Walk<'a> {
    program: &'a Program,
    root: usize,
    options: &'a Options,
    /// How each reached node was reached: (caller, site, indirect).
    parent: HashMap<usize, (usize, Option<Site>, bool)>,
    violations: Vec<Violation>,
    /// (first call site in the root, category) already reported.
    seen: HashSet<(Option<Site>, usize, Category)>,
    /// Whether the root can really call a sink, when its code can be run.
    feasible: Option<&'a Feasible<'a>>,
    /// The outermost site of the call in the root this walk starts from.
    first: Option<Site>,
}

impl Walk<'_> {
    /// Walks from the root's call number `first`: direct calls to the end first, then the candidates
    /// of the indirect calls met, so that a chain takes an indirect hop only where no direct one
    /// reaches the same fn.
    fn run(&mut self, first: usize) {
        let program = self.program;
        let mut queue = VecDeque::new();
        let mut reached: HashSet<usize> = HashSet::from([self.root]);
        let mut pending: VecDeque<(usize, Option<usize>)> = VecDeque::new();
        self.edge(self.root, first, &mut reached, &mut queue, &mut pending);
        loop {
            while let Some(node) = queue.pop_front() {
                for index in 0..program.nodes[node].edges.len() {
                    self.edge(node, index, &mut reached, &mut queue, &mut pending);
                }
            }
            // One indirect call, or one precompiled fn that calls back (`None`), at a time.
            let Some((node, index)) = pending.pop_front() else {
                break;
            };
            let (candidates, site) = match index {
                None => (
                    self.callback_candidates(node),
                    self.parent.get(&node).and_then(|p| p.1.clone()),
                ),
                Some(index) => {
                    let edge = &program.nodes[node].edges[index];
                    // No candidate: no fn of the program can be behind the pointer, so it
                    // points outside it (the crate docs, "Indirect calls").
                    let candidates = match &edge.target {
                        Target::Virtual(call) => program.resolver.virtual_call(call, program),
                        Target::Pointer(call) => program.resolver.pointer_call(call, program),
                        _ => Vec::new(),
                    };
                    (candidates, edge.site.clone())
                }
            };
            for candidate in candidates {
                self.visit(
                    node,
                    candidate,
                    site.clone(),
                    true,
                    &mut reached,
                    &mut queue,
                    &mut pending,
                );
            }
        }
    }

    /// One call of `node`'s body.
    fn edge(
        &mut self,
        node: usize,
        index: usize,
        reached: &mut HashSet<usize>,
        queue: &mut VecDeque<usize>,
        pending: &mut VecDeque<(usize, Option<usize>)>,
    ) {
        let program = self.program;
        let edge = &program.nodes[node].edges[index];
        if edge.unwinding && !self.options.panics {
            return;
        }
        let at = edge.outer.as_ref().or(edge.site.as_ref());
        if at.is_some_and(|site| program.in_unchecked(site)) {
            return;
        }
        match &edge.target {
            Target::Fn(callee) => {
                // A panic entered while unwinding (`panic_cannot_unwind`, the guard of every
                // `extern "C"` fn) runs only after another panic, which is reported where it starts.
                if edge.unwinding
                    && matches!(program.classify(*callee), Class::Sink(Category::Panics, _))
                {
                    return;
                }
                self.visit(
                    node,
                    *callee,
                    edge.site.clone(),
                    false,
                    reached,
                    queue,
                    pending,
                )
            }
            Target::InlineAsm => self.report_here(
                node,
                edge.site.clone(),
                Category::Unknown,
                "inline assembly, which the check cannot see into".into(),
            ),
            Target::Virtual(_) | Target::Pointer(..) => pending.push_back((node, Some(index))),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn visit(
        &mut self,
        from: usize,
        to: usize,
        site: Option<Site>,
        indirect: bool,
        reached: &mut HashSet<usize>,
        queue: &mut VecDeque<usize>,
        pending: &mut VecDeque<(usize, Option<usize>)>,
    ) {
        let program = self.program;
        let node = &program.nodes[to];
        if node.mark.is_some() || to == self.root {
            return;
        }
        if program.roots.contains(&to) {
            return; // Another `#[nmi_safe]` fn: checked as a root of its own.
        }
        let answer = |sink| match self.feasible {
            Some(f) => f.answer(sink, self.first.as_ref()),
            None => Answer::Maybe(None),
        };
        let never = |sink| matches!(answer(sink), Answer::Never);
        if program.may_sleep.contains(&to) {
            if never(to) {
                return;
            }
            let reason = "is a `#[may_sleep]` fn".to_string();
            self.report(from, to, site, indirect, Category::MaySleep, reason);
            return;
        }
        match program.classify(to) {
            Class::Sink(Category::Panics, _) if !self.options.panics => {}
            // Already reported from this call in the root: no question to ask.
            Class::Sink(category, _) if self.reported(from, to, &site, category) => {}
            Class::Sink(category, reason) => match answer(to) {
                Answer::Never => {}
                // The values say what the call is (a system call's number from a caller): its
                // category is what they say.
                Answer::Maybe(Some(name)) => match classify::classify(&name, false, false) {
                    Class::Sink(category, reason) => {
                        let reason =
                            format!("is `{name}` with the values that reach it, and {reason}");
                        self.report(from, to, site, indirect, category, reason)
                    }
                    _ => self.report(from, to, site, indirect, category, reason.to_string()),
                },
                Answer::Maybe(None) => {
                    self.report(from, to, site, indirect, category, reason.to_string())
                }
            },
            Class::Safe(_) => {}
            Class::Callback => {
                if reached.insert(to) {
                    self.parent.insert(to, (from, site, indirect));
                    pending.push_back((to, None));
                }
            }
            Class::Follow => {
                if !node.defined {
                    if never(to) {
                        return;
                    }
                    self.report(
                        from,
                        to,
                        site,
                        indirect,
                        Category::Unknown,
                        "has no body in this build".into(),
                    );
                } else if reached.insert(to) {
                    self.parent.insert(to, (from, site, indirect));
                    queue.push_back(to);
                }
            }
        }
    }

    /// What code that calls back (`core::fmt::write`) may call: the fns whose address a fn on the
    /// chain from the root takes (a `&mut dyn Write` made further up), or one of their callees that
    /// is followed as code takes (`Argument::new_display::<T>` takes `T::fmt`, in the fn that builds
    /// the `Arguments`, which may be a few calls above `core::fmt::write` once core's own code is
    /// read). A sink's taken fns are not its caller's to pass on. What the root was handed from
    /// outside, such as the writer of the `Formatter` a `Display` root receives, is its caller's to
    /// check.
    fn callback_candidates(&self, callback: usize) -> Vec<usize> {
        let program = self.program;
        let mut out = Vec::new();
        let mut at = callback;
        let mut guard = 0;
        while let Some((from, _, _)) = self.parent.get(&at) {
            let node = &program.nodes[*from];
            out.extend(&node.taken);
            for edge in &node.edges {
                if let Target::Fn(callee) = edge.target {
                    if program.classify(callee) == Class::Follow {
                        out.extend(&program.nodes[callee].taken);
                    }
                }
            }
            at = *from;
            guard += 1;
            if at == self.root || guard > 10_000 {
                break;
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Whether a report from `from` to `to` of this category would repeat one made from the same
    /// call in the root (see `push`).
    fn reported(&self, from: usize, to: usize, site: &Option<Site>, category: Category) -> bool {
        let (site, callee) = if from == self.root {
            (site.clone(), to)
        } else {
            match self.path_to(from).into_iter().next() {
                Some(hop) => (hop.site, hop.to),
                None => return false,
            }
        };
        let key_callee = if site.is_some() { 0 } else { callee };
        self.seen.contains(&(site, key_callee, category))
    }

    /// The hops from the root to `node`.
    fn path_to(&self, node: usize) -> Vec<Hop> {
        let mut hops = Vec::new();
        let mut at = node;
        let mut guard = 0;
        while let Some((from, site, indirect)) = self.parent.get(&at) {
            hops.push(Hop {
                from: *from,
                to: at,
                site: site.clone(),
                indirect: *indirect,
            });
            at = *from;
            guard += 1;
            if at == self.root || guard > 10_000 {
                break;
            }
        }
        hops.reverse();
        hops
    }

    fn report(
        &mut self,
        from: usize,
        to: usize,
        site: Option<Site>,
        indirect: bool,
        category: Category,
        reason: String,
    ) {
        let mut chain = self.path_to(from);
        chain.push(Hop {
            from,
            to,
            site,
            indirect,
        });
        self.push(category, reason, chain);
    }

    /// A violation at a call that has no callee node (inline assembly).
    fn report_here(&mut self, node: usize, site: Option<Site>, category: Category, reason: String) {
        let mut chain = self.path_to(node);
        chain.push(Hop {
            from: node,
            to: node,
            site,
            indirect: true,
        });
        self.push(category, reason, chain);
    }

    fn push(&mut self, category: Category, reason: String, chain: Vec<Hop>) {
        let first = chain.first().map(|hop| (hop.site.clone(), hop.to));
        let Some((site, first_callee)) = first else {
            return;
        };
        // One report per call in the root and category: the first found is a shortest chain.
        let key_callee = if site.is_some() { 0 } else { first_callee };
        if !self.seen.insert((site.clone(), key_callee, category)) {
            return;
        }
        // A chain that goes through the same candidate of the same vtable or fn-pointer call as an
        // earlier report from this call in the root joins that report as a note. Not so code that
        // calls back: its candidates are the fns the chain itself handed over (`write!` with a
        // `Backtrace` reaches its `Display`), not a pool that may hold a wrong one.
        let program = self.program;
        let hop = |chain: &[Hop]| {
            chain
                .iter()
                .find(|hop| hop.indirect && program.classify(hop.from) != Class::Callback)
                .map(|hop| (hop.from, hop.to, hop.site.clone()))
        };
        if let Some(indirect) = hop(&chain) {
            let same = self.violations.iter_mut().find(|v| {
                v.chain[0].site == site
                    && (site.is_some() || v.chain[0].to == first_callee)
                    && hop(&v.chain).as_ref() == Some(&indirect)
            });
            if let Some(earlier) = same {
                earlier.also.push(Also {
                    category,
                    via: indirect.1,
                    sink: chain.last().map_or(first_callee, |hop| hop.to),
                });
                return;
            }
        }
        self.violations.push(Violation {
            root: self.root,
            category,
            reason,
            chain,
            also: Vec::new(),
        });
    }
}

/// The fns inlined at a call's location, outermost first: each frame's `DISubprogram` and the
/// `inlinedAt` location where it was inlined. Empty for a call in the fn's own code.
fn inlined_frames(module: &Module, loc: u32) -> Vec<(u32, u32)> {
    let mut frames = Vec::new();
    let mut at = module.locations.get(&loc).copied();
    while let Some(location) = at {
        let Some(inlined_at) = location.inlined_at else {
            break;
        };
        match subprogram_of(module, location.scope) {
            Some(subprogram) => frames.push((subprogram, inlined_at)),
            None => break,
        }
        if frames.len() > 64 {
            break;
        }
        at = module.locations.get(&inlined_at).copied();
    }
    frames.reverse();
    frames
}

/// The `DISubprogram` a scope is in.
fn subprogram_of(module: &Module, mut scope: u32) -> Option<u32> {
    for _ in 0..256 {
        let s = module.scopes.get(&scope)?;
        if s.subprogram.is_some() {
            return Some(scope);
        }
        scope = s.parent?;
    }
    None
}
