//! The call graph of one linked program, and the walk from each `#[nmi_safe]` root to what it must not
//! reach.
//!
//! Nodes are fn instances after monomorphization, from every crate of the program. Edges are the calls
//! in their bodies: direct calls (which is also how methods, trait static dispatch, closures, drop
//! glue and calls into dependencies look after monomorphization) and indirect ones, which are resolved
//! conservatively:
//! - a call through a vtable slot may reach the fn in that slot of every vtable of the program;
//! - a call through a fn pointer may reach every fn with the same parameter types whose address the
//!   root's reachable code takes, or, if there is none, whose address any code takes;
//! - precompiled code that calls back (`core::fmt::write` and its kind) may reach every fn whose address
//!   the root's reachable code takes.
//!
//! An indirect call with no candidate at all is itself reported.

use std::collections::{HashMap, HashSet, VecDeque};
use std::rc::Rc;

use crate::classify::{self, Category, Class};
use crate::ir::{self, Callee, Module};

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
    /// Normalized path for Rust symbols, the symbol for others.
    pub name: String,
    pub rust: bool,
    pub defined: bool,
    /// Where the fn is defined, from its debug info.
    pub def: Option<Site>,
    /// The module (crate) whose body it has.
    pub module: Option<usize>,
    params: Vec<String>,
    edges: Vec<Edge>,
    /// Fns whose address this fn takes, directly or through the constant data it mentions.
    taken: Vec<usize>,
    mark: Option<Mark>,
}

#[derive(Debug)]
struct Edge {
    target: Target,
    site: Option<Site>,
    unwinding: bool,
}

#[derive(Debug)]
enum Target {
    Fn(usize),
    Virtual(u64, Vec<String>),
    Pointer(Vec<String>),
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
    /// The fn in each vtable slot, by slot offset.
    slots: HashMap<u64, Vec<usize>>,
    /// Every fn whose address is taken anywhere.
    taken_anywhere: Vec<usize>,
    /// Fns whose address is in a static: callable from anywhere.
    static_taken: HashSet<usize>,
    /// Source text inside `nmi_unchecked!`.
    unchecked: Vec<Unchecked>,
    roots: Vec<usize>,
    may_sleep: HashSet<usize>,
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
}

pub struct Options {
    pub panics: bool,
}

impl Program {
    /// The program of these modules. With `entry`, the module of a linked artifact: the pool that
    /// indirect calls fall back to is then what its exported fns (`main`, a cdylib's API) can reach,
    /// not every library of the build.
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
                .filter(|id| builder.nodes[*id].module == Some(entry) && !local.contains(id))
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
    /// and taken addresses) can get hold of.
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
        self.taken_anywhere.retain(|f| taken.contains(f));
        self.static_taken.retain(|f| taken.contains(f));
        for fns in self.slots.values_mut() {
            fns.retain(|f| taken.contains(f));
        }
    }

    pub fn roots(&self) -> &[usize] {
        &self.roots
    }

    /// Every violation reachable from `root`, with its shortest chain, one per (first call, category).
    pub fn check(&self, root: usize, options: &Options) -> Vec<Violation> {
        let mut walk = Walk {
            program: self,
            root,
            options,
            parent: HashMap::new(),
            violations: Vec::new(),
            seen: HashSet::new(),
        };
        walk.run();
        walk.violations
    }

    fn classify(&self, node: usize) -> Class {
        let node = &self.nodes[node];
        classify::classify(&node.name, node.rust, node.defined)
    }

    /// The fns of `pool` with these parameter types that the root's code can get hold of: their
    /// address is taken in code it reaches (`taken`) or sits in a static. If none can, any of the pool.
    fn candidates(&self, pool: &[usize], params: &[String], taken: &[usize]) -> Vec<usize> {
        let matching: Vec<usize> = pool
            .iter()
            .copied()
            .filter(|&f| self.nodes[f].params == params)
            .collect();
        let near: Vec<usize> = matching
            .iter()
            .copied()
            .filter(|f| taken.binary_search(f).is_ok() || self.static_taken.contains(f))
            .collect();
        if near.is_empty() {
            matching
        } else {
            near
        }
    }

    fn in_unchecked(&self, site: &Site) -> bool {
        let at = (site.line, site.column);
        self.unchecked
            .iter()
            .any(|u| u.file == site.file && u.from <= at && at <= u.to)
    }
}

#[derive(Default)]
struct Builder {
    nodes: Vec<Node>,
    global: HashMap<String, usize>,
    local: HashMap<(usize, String), usize>,
    slots: HashMap<u64, Vec<usize>>,
    taken_anywhere: HashSet<usize>,
    static_taken: HashSet<usize>,
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
                node.params = function.params.clone();
            }
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
        for (name, global) in &module.globals {
            let mut fns = Vec::new();
            for (offset, symbol) in &global.entries {
                if !fn_symbols.contains(symbol.as_str()) {
                    continue;
                }
                let node = self.resolve(module_index, symbol);
                fns.push(node);
                if global.is_vtable {
                    self.slots.entry(*offset).or_default().push(node);
                }
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
                self.static_taken.extend(fns);
            }
        }

        for function in &module.functions {
            let id = self.resolve(module_index, &function.symbol);
            if !self.nodes[id].edges.is_empty() || !self.nodes[id].taken.is_empty() {
                continue; // Defined in an earlier module too; the first body wins.
            }
            let mut edges = Vec::with_capacity(function.calls.len());
            let mut begins = Vec::new();
            for call in &function.calls {
                let site = call.loc.and_then(|loc| self.site(module, loc));
                let target = match &call.callee {
                    // `syscall(SYS_futex, FUTEX_WAKE)` is a callee of its own: its argument is its meaning.
                    Callee::Direct(symbol) => match classify::call_name(symbol, &call.args) {
                        Some(name) => Target::Fn(self.resolve(module_index, &name)),
                        None => Target::Fn(self.resolve(module_index, symbol)),
                    },
                    Callee::Virtual { offset, params } => Target::Virtual(*offset, params.clone()),
                    Callee::Pointer { params } => Target::Pointer(params.clone()),
                    Callee::InlineAsm => Target::InlineAsm,
                    Callee::Barrier => continue,
                };
                if let Target::Fn(callee) = target {
                    match self.nodes[callee].mark {
                        Some(Mark::UncheckedBegin) => begins.push(site.clone()),
                        Some(Mark::UncheckedEnd) => {
                            if let (Some(Some(from)), Some(to)) = (begins.pop(), &site) {
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
                edges.push(Edge {
                    target,
                    site,
                    unwinding: call.unwinding,
                });
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
        let mut taken_anywhere: Vec<usize> = self.taken_anywhere.iter().copied().collect();
        taken_anywhere.sort_unstable();
        let mut slots = self.slots;
        for fns in slots.values_mut() {
            fns.sort_unstable();
            fns.dedup();
        }
        Program {
            nodes: self.nodes,
            slots,
            taken_anywhere,
            static_taken: self.static_taken,
            unchecked: self.unchecked,
            roots,
            may_sleep,
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
            rust: demangled.is_some(),
            defined: false,
            def: None,
            module: None,
            params: Vec::new(),
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
}

impl Walk<'_> {
    fn run(&mut self) {
        let program = self.program;
        let mut queue = VecDeque::from([self.root]);
        let mut reached: HashSet<usize> = HashSet::from([self.root]);
        // Indirect calls wait until the reachable code is known, since that decides their candidates.
        let mut pending: Vec<(usize, usize)> = Vec::new();
        let mut resolved: HashSet<(usize, usize, usize)> = HashSet::new();
        loop {
            while let Some(node) = queue.pop_front() {
                for (index, edge) in program.nodes[node].edges.iter().enumerate() {
                    if edge.unwinding && !self.options.panics {
                        continue;
                    }
                    if edge
                        .site
                        .as_ref()
                        .is_some_and(|site| program.in_unchecked(site))
                    {
                        continue;
                    }
                    match &edge.target {
                        Target::Fn(callee) => self.visit(
                            node,
                            *callee,
                            edge.site.clone(),
                            false,
                            &mut reached,
                            &mut queue,
                            &mut pending,
                        ),
                        Target::InlineAsm => self.report_here(
                            node,
                            edge.site.clone(),
                            Category::Unknown,
                            "inline assembly, which the check cannot see into".into(),
                        ),
                        Target::Virtual(..) | Target::Pointer(_) => pending.push((node, index)),
                    }
                }
            }
            // The fns whose address the reachable code takes: candidates of pointer calls and callbacks.
            let taken: Vec<usize> = {
                let mut taken: Vec<usize> = reached
                    .iter()
                    .flat_map(|&n| program.nodes[n].taken.iter().copied())
                    .collect();
                taken.sort_unstable();
                taken.dedup();
                taken
            };
            let mut progress = false;
            for &(node, index) in &pending.clone() {
                let (candidates, site) = if index == usize::MAX {
                    (self.callback_candidates(node), None)
                } else {
                    let edge = &program.nodes[node].edges[index];
                    let candidates = match &edge.target {
                        Target::Virtual(offset, params) => {
                            let slot = program.slots.get(offset).map_or(&[][..], Vec::as_slice);
                            program.candidates(slot, params, &taken)
                        }
                        Target::Pointer(params) => {
                            program.candidates(&program.taken_anywhere, params, &taken)
                        }
                        _ => Vec::new(),
                    };
                    (candidates, edge.site.clone())
                };
                let site = if index == usize::MAX {
                    self.parent.get(&node).and_then(|p| p.1.clone())
                } else {
                    site
                };
                if candidates.is_empty() && index != usize::MAX {
                    if resolved.insert((node, index, usize::MAX)) {
                        self.report_here(
                            node,
                            site,
                            Category::Unresolved,
                            "an indirect call with no candidate callee in the program".into(),
                        );
                    }
                    continue;
                }
                for candidate in candidates {
                    if resolved.insert((node, index, candidate)) {
                        let before = reached.len();
                        self.visit(
                            node,
                            candidate,
                            site.clone(),
                            true,
                            &mut reached,
                            &mut queue,
                            &mut pending,
                        );
                        progress |= reached.len() != before || !queue.is_empty();
                    }
                }
            }
            if !progress && queue.is_empty() {
                break;
            }
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
        pending: &mut Vec<(usize, usize)>,
    ) {
        let program = self.program;
        let node = &program.nodes[to];
        if node.mark.is_some() || to == self.root {
            return;
        }
        if program.roots.contains(&to) {
            return; // Another `#[nmi_safe]` fn: checked as a root of its own.
        }
        if program.may_sleep.contains(&to) {
            let reason = "is a `#[may_sleep]` fn".to_string();
            self.report(from, to, site, indirect, Category::MaySleep, reason);
            return;
        }
        match program.classify(to) {
            Class::Sink(Category::Panics, _) if !self.options.panics => {}
            Class::Sink(category, reason) => {
                self.report(from, to, site, indirect, category, reason.to_string())
            }
            Class::Safe(_) => {}
            Class::Callback => {
                if reached.insert(to) {
                    self.parent.insert(to, (from, site, indirect));
                    pending.push((to, usize::MAX));
                }
            }
            Class::Follow => {
                if !node.defined {
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

    /// A violation at a call that has no callee node (inline assembly, an unresolved indirect call).
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
        if self.seen.insert((site, key_callee, category)) {
            self.violations.push(Violation {
                root: self.root,
                category,
                reason,
                chain,
            });
        }
    }
}
