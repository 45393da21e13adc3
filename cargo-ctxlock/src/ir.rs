//! Reading what rustc emitted: one textual LLVM IR module (`--emit=llvm-ir`, one codegen unit, line
//! tables) into the few facts the check needs: each fn's calls with their debug locations, the fns
//! whose address it takes, the fn pointers in constant data, and which blocks only run while unwinding.
//!
//! The reader is line-based and only understands the shapes rustc prints. Anything it expects but does
//! not find (a `define` without a body, a call without a callee, a module without debug info) is an
//! error naming the file and line, never a silently smaller call graph.

use std::collections::HashMap;
use std::fmt;

/// One parsed module.
#[derive(Debug, Default)]
pub struct Module {
    pub functions: Vec<Function>,
    /// Fns only declared here, by symbol.
    pub declared: Vec<String>,
    /// The parameter and return types of the declared fns, by symbol.
    pub signatures: HashMap<String, (Vec<String>, String)>,
    /// Constant data holding fn pointers, by symbol: vtables and other tables.
    pub globals: HashMap<String, Global>,
    /// Debug locations, by metadata id.
    pub locations: HashMap<u32, DebugLoc>,
    /// Debug scopes (subprograms, lexical blocks), by metadata id.
    pub scopes: HashMap<u32, Scope>,
    /// Source files, by metadata id: the path as rustc wrote it, joined to its directory.
    pub files: HashMap<u32, String>,
    /// A fn's parameters as its debug info names them (`-C debuginfo=2`): (subprogram, name) to
    /// the id of the parameter's type.
    pub parameters: HashMap<(u32, String), u32>,
    /// Debug types by metadata id (`-C debuginfo=2`).
    pub types: HashMap<u32, DebugType>,
    /// Metadata lists (`!{!1, !2, null}`) by id: the elements of a type, the types of a signature.
    pub lists: HashMap<u32, Vec<Option<u32>>>,
    /// `DIGlobalVariableExpression` ids to the name of their variable (`<T as Trait>::{vtable}`).
    pub global_names: HashMap<u32, String>,
}

impl Module {
    /// The debug name of a global (`<app::Quiet as app::Backend>::{vtable}`), with `-C debuginfo=2`.
    pub fn global_name(&self, global: &Global) -> Option<&str> {
        let var = self.global_names.get(&global.debug?)?;
        let var = var.strip_prefix('!').and_then(number)?;
        self.global_names.get(&var).map(String::as_str)
    }

    /// The debug type name of parameter `name` of the fn with this subprogram (`&dyn app::Backend`).
    pub fn parameter_type(&self, subprogram: u32, name: &str) -> Option<&str> {
        let ty = self.parameters.get(&(subprogram, name.to_string()))?;
        self.types.get(ty)?.name.as_deref()
    }

    /// The debug type name of the member holding byte `offset` of the struct that parameter `name`
    /// points to (`alloc::boxed::Box<dyn app::Backend, alloc::alloc::Global>`).
    pub fn member_type(&self, subprogram: u32, name: &str, offset: u64) -> Option<&str> {
        let reference = self
            .types
            .get(self.parameters.get(&(subprogram, name.to_string()))?)?;
        let record = self.types.get(&reference.base?)?;
        let members = self.lists.get(&record.elements?)?;
        let bit = offset * 8;
        let member = members
            .iter()
            .flatten()
            .filter_map(|m| self.types.get(m))
            .find(|m| {
                m.tag == "DW_TAG_member"
                    && m.offset_bits <= bit
                    && bit < m.offset_bits + m.size_bits
            })?;
        self.types.get(&member.base?)?.name.as_deref()
    }

    /// The Rust signature of the fn pointer a call goes through, as [`Module::rust_signature`]
    /// spells it, when the debug info shows its type: a parameter of fn-pointer type, or a field of a
    /// struct a parameter points to (`(self.inner)(…)`).
    pub fn pointer_signature(
        &self,
        subprogram: u32,
        source: &PointerSource,
    ) -> Option<Vec<String>> {
        let pointer = match source {
            PointerSource::Parameter(name) => *self.parameters.get(&(subprogram, name.clone()))?,
            PointerSource::Field(name, offset) => {
                let reference = self
                    .types
                    .get(self.parameters.get(&(subprogram, name.clone()))?)?;
                let record = self.types.get(&reference.base?)?;
                let members = self.lists.get(&record.elements?)?;
                let member = members
                    .iter()
                    .flatten()
                    .filter_map(|m| self.types.get(m))
                    .find(|m| m.tag == "DW_TAG_member" && m.offset_bits == offset * 8)?;
                member.base?
            }
            PointerSource::Unknown => return None,
        };
        let pointer = self.types.get(&pointer)?;
        if pointer.tag != "DW_TAG_pointer_type" {
            return None;
        }
        let subroutine = self.types.get(&pointer.base?)?;
        self.signature_of(subroutine.types?)
    }

    /// The Rust signature of the fn with this subprogram: its return type then its parameter types,
    /// each as its debug type's name without the leading path. A closure or fn called through the
    /// `Fn*` traits' `call*` (a reify shim, how a closure becomes a fn pointer) takes the callable
    /// first, then the arguments (spread, or as one tuple): it is spelled as the fn pointer it
    /// stands for, without the callable and with the arguments spread.
    pub fn rust_signature(&self, subprogram: u32) -> Option<Vec<String>> {
        let scope = self.scopes.get(&subprogram)?;
        let list = self.types.get(&scope.signature?)?.types?;
        let mut signature = self.signature_of(list)?;
        let via_trait = ["call_once<", "call_mut<", "call<"]
            .iter()
            .any(|m| scope.name.starts_with(m));
        if via_trait && signature.len() >= 2 {
            signature.remove(1);
            if signature.len() == 2 && signature[1].starts_with('(') {
                let tuple = self.types.get(self.lists.get(&list)?.get(2)?.as_ref()?)?;
                signature.truncate(1);
                if let Some(elements) = tuple.elements {
                    for field in self.lists.get(&elements)?.iter().flatten() {
                        signature.push(self.type_key(self.types.get(field)?.base)?);
                    }
                }
            }
        }
        Some(signature)
    }

    /// The types of a `DISubroutineType`'s list, spelled by [`Module::type_key`].
    fn signature_of(&self, list: u32) -> Option<Vec<String>> {
        self.lists
            .get(&list)?
            .iter()
            .map(|t| self.type_key(*t))
            .collect()
    }

    /// A type's name the same way whether the debug info spells it qualified (a pointer's
    /// `*const core::cell::Cell<u32>`) or not (a struct's `Cell<u32>` in its namespace): the
    /// outermost path is cut to its last segment. `()` for none.
    fn type_key(&self, id: Option<u32>) -> Option<String> {
        let Some(id) = id else {
            return Some("()".into());
        };
        let name = self.types.get(&id)?.name.as_deref()?;
        if name.starts_with(['&', '*', '(', '[']) {
            return Some(name.to_string());
        }
        let head = &name[..name.find('<').unwrap_or(name.len())];
        Some(match head.rfind("::") {
            Some(at) => name[at + 2..].to_string(),
            None => name.to_string(),
        })
    }
}

/// A debug type: what the fn-pointer and `dyn` rules read of it.
#[derive(Debug, Default)]
pub struct DebugType {
    pub tag: String,
    pub name: Option<String>,
    /// What a pointer, reference or member points to or holds.
    pub base: Option<u32>,
    /// A struct's members (a list).
    pub elements: Option<u32>,
    /// A member's offset in its struct, in bits.
    pub offset_bits: u64,
    pub size_bits: u64,
    /// A `DISubroutineType`'s list: the return type (`null` for none), then the parameters.
    pub types: Option<u32>,
}

/// Where a fn-pointer call got its pointer, as far as the body shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PointerSource {
    /// A parameter of fn-pointer type.
    Parameter(String),
    /// Loaded from the struct a parameter points to, at this byte offset.
    Field(String, u64),
    Unknown,
}

#[derive(Debug)]
pub struct Function {
    pub symbol: String,
    /// Visible only inside this module (`internal`/`private`).
    pub local: bool,
    /// The parameter types, for matching fn-pointer calls.
    pub params: Vec<String>,
    /// The return type, `void` for none.
    pub ret: String,
    /// Its `DISubprogram`.
    pub subprogram: Option<u32>,
    /// The parameters' registers as the body names them (`%backend.1`), in order.
    pub registers: Vec<String>,
    pub calls: Vec<Call>,
    /// Where its body's lines are in the module's text, for `paths.rs`, which reads the
    /// instructions themselves.
    pub body: std::ops::Range<usize>,
    /// Symbols this fn mentions other than as a direct callee: fns whose address it takes, and
    /// constant data (vtables) whose fns it may call.
    pub refs: Vec<String>,
}

#[derive(Debug)]
pub struct Call {
    pub callee: Callee,
    /// `!dbg` of the call instruction.
    pub loc: Option<u32>,
    /// In a block that only runs while a panic unwinds (a landing pad and what follows it).
    pub unwinding: bool,
    /// For a direct call of a fn that is not Rust's, each argument that is an integer constant: C
    /// fns such as `syscall` and `fcntl` say in an argument what they do. Empty for other calls.
    pub args: Vec<Option<i64>>,
}

#[derive(Debug)]
pub enum Callee {
    Direct(String),
    /// Through a slot of a vtable: the byte offset of the slot, the argument and return types, and
    /// where the vtable pointer came from.
    Virtual {
        offset: u64,
        params: Vec<String>,
        ret: String,
        vtable: VtableSource,
    },
    /// Through a fn pointer: the argument and return types at the call, and where the pointer
    /// came from.
    Pointer {
        params: Vec<String>,
        ret: String,
        source: PointerSource,
    },
    InlineAsm,
    /// Inline assembly with an empty template (it orders memory accesses) or of harmless
    /// instructions only: no call.
    Barrier,
}

/// Where a vtable-slot call got its vtable pointer, as far as the body shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VtableSource {
    /// A constant vtable named in the instruction (`@vtable.3`).
    Constant(String),
    /// The second half of a fat-pointer parameter (`%backend.1`): the parameter's name.
    Parameter(String),
    /// Loaded from the struct a parameter points to, at this byte offset (`self.backend.flush()`).
    Field(String, u64),
    /// The second half of the fat pointer a direct call returned (`logger().log()`): its callee.
    Returned(String),
    /// Anything else: a field or a static loaded, a value returned.
    Unknown,
}

/// Constant data: the fn pointers in it, at their byte offsets.
#[derive(Debug, Default)]
pub struct Global {
    pub is_vtable: bool,
    /// Its `!dbg` attachment (a `DIGlobalVariableExpression`), if any.
    pub debug: Option<u32>,
    pub entries: Vec<(u64, String)>,
    /// Other constant data it points to.
    pub refs: Vec<String>,
}

#[derive(Debug, Clone, Copy)]
pub struct DebugLoc {
    pub line: u32,
    pub column: u32,
    pub scope: u32,
    pub inlined_at: Option<u32>,
}

#[derive(Debug, Clone)]
pub struct Scope {
    pub file: Option<u32>,
    pub line: u32,
    pub parent: Option<u32>,
    /// For a `DISubprogram`: its `linkageName` (the fn's symbol), else its `name`. Instructions
    /// inlined from a fn keep a scope inside its subprogram, which is how inlined calls are found.
    pub subprogram: Option<String>,
    /// For a `DISubprogram`: its `name` (`call_once<F, (u32)>`) and its `DISubroutineType`.
    pub name: String,
    pub signature: Option<u32>,
}

/// A reason the IR could not be read: the shape rustc prints has changed, or the file is not IR.
#[derive(Debug)]
pub struct ShapeError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

pub fn parse(text: &str) -> Result<Module, ShapeError> {
    let mut module = Module::default();
    let mut lines = text.lines().enumerate().peekable();
    let mut saw_define = false;
    while let Some((index, line)) = lines.next() {
        let error = |message: String| ShapeError {
            line: index + 1,
            message,
        };
        if let Some(rest) = line.strip_prefix("define ") {
            saw_define = true;
            let mut function = function_header(rest)
                .ok_or_else(|| error(format!("a `define` whose name I cannot read: {line}")))?;
            let mut body = Vec::new();
            let start = line.as_ptr() as usize - text.as_ptr() as usize + line.len();
            loop {
                match lines.next() {
                    Some((_, end @ "}")) => {
                        function.body = start..end.as_ptr() as usize - text.as_ptr() as usize;
                        break;
                    }
                    Some((_, body_line)) => body.push(body_line),
                    None => {
                        return Err(error(format!(
                            "the body of `{}` does not end",
                            function.symbol
                        )))
                    }
                }
            }
            read_body(&mut function, &body)
                .map_err(|m| error(format!("in `{}`: {m}", function.symbol)))?;
            module.functions.push(function);
        } else if let Some(rest) = line.strip_prefix("declare ") {
            let (symbol, after) = symbol_after(rest, '@')
                .ok_or_else(|| error(format!("a `declare` whose name I cannot read: {line}")))?;
            if let (Some(ret), Some((params, _))) = (
                last_type(&rest[..rest.find('@').unwrap_or(0)]),
                balanced(after, '(', ')'),
            ) {
                let params = split_top(params)
                    .iter()
                    .filter_map(|p| value_type(p))
                    .collect();
                module.signatures.insert(symbol.clone(), (params, ret));
            }
            module.declared.push(symbol);
        } else if line.starts_with('@') {
            if let Some((symbol, global)) = global(line) {
                module.globals.insert(symbol, global);
            }
        } else if line.starts_with('!') {
            metadata(line, &mut module);
        }
    }
    if saw_define && module.scopes.is_empty() {
        return Err(ShapeError {
            line: 0,
            message:
                "fns but no debug info: the module was not built with `-C debuginfo=1` or more"
                    .into(),
        });
    }
    Ok(module)
}

/// `[linkage] [attrs] type @name(params) attrs ... {`
fn function_header(rest: &str) -> Option<Function> {
    let (symbol, after) = symbol_after(rest, '@')?;
    let before = &rest[..rest.find('@')?];
    let local = before
        .split_whitespace()
        .any(|w| w == "internal" || w == "private");
    let ret = last_type(before).unwrap_or_default();
    let (params, after_params) = balanced(after, '(', ')')?;
    let subprogram = after_params
        .find("!dbg !")
        .and_then(|i| number(&after_params[i + 6..]));
    Some(Function {
        symbol,
        local,
        params: split_top(params)
            .iter()
            .filter_map(|p| value_type(p))
            .collect(),
        registers: split_top(params)
            .iter()
            .filter_map(|p| p.split_whitespace().last())
            .filter(|r| r.starts_with('%'))
            .map(str::to_string)
            .collect(),
        ret,
        subprogram,
        calls: Vec::new(),
        body: 0..0,
        refs: Vec::new(),
    })
}

/// What the body says, in two passes: instructions with their blocks, then which blocks run
/// normally (reachable from the entry without an `unwind` edge).
fn read_body(function: &mut Function, body: &[&str]) -> Result<(), String> {
    // Block of each call, each block's normal successors, and how a register was defined.
    let mut block_names: Vec<String> = vec![String::new()];
    let mut successors: Vec<Vec<String>> = vec![Vec::new()];
    let mut call_blocks: Vec<usize> = Vec::new();
    let mut vtable_loads: HashMap<&str, (u64, VtableSource)> = HashMap::new();
    // `%f = load ptr, ptr %self` (or at an offset of it): a field of what a parameter points to.
    let mut field_loads: HashMap<&str, PointerSource> = HashMap::new();
    // `%0 = call … @f(…)`, and `%x.1 = extractvalue { ptr, ptr } %0, 1`: halves of returned values.
    let mut call_results: HashMap<&str, String> = HashMap::new();
    let mut extracts: HashMap<&str, (&str, u64)> = HashMap::new();
    let mut offsets: HashMap<&str, (Option<&str>, u64)> = HashMap::new();
    let mut pending_invoke: Option<usize> = None;
    let mut seen_instruction = false;

    for line in body {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with(';') {
            continue;
        }
        if !line.starts_with(' ') {
            // A block label: `bb6:` or `"bb x":`, maybe followed by `; preds = …`.
            if let Some(label) = line.split(':').next() {
                if !seen_instruction {
                    block_names[0] = label.trim_matches('"').to_string();
                } else {
                    block_names.push(label.trim_matches('"').to_string());
                    successors.push(Vec::new());
                }
            }
            continue;
        }
        seen_instruction = true;
        let block = block_names.len() - 1;
        // The second line of an `invoke`: `to label %a unwind label %b, !dbg !N`.
        if let Some(call) = pending_invoke.take() {
            if trimmed.starts_with("to label") {
                if let Some(loc) = dbg(trimmed) {
                    function.calls[call].loc = Some(loc);
                }
                if let Some(to) = trimmed.strip_prefix("to label %") {
                    successors[block].push(label_name(to));
                }
                continue;
            }
        }
        let (result, instruction) = match trimmed.split_once(" = ") {
            Some((reg, rest)) if reg.starts_with('%') => (Some(reg), rest),
            _ => (None, trimmed),
        };
        let opcode = instruction.split_whitespace().next().unwrap_or("");
        match opcode {
            "call" | "invoke" | "tail" | "musttail" | "notail" => {
                let at = instruction
                    .find(if opcode == "invoke" {
                        "invoke "
                    } else {
                        "call "
                    })
                    .ok_or("a call without `call`")?;
                let after = &instruction[at..];
                let after = &after[after.find(' ').unwrap_or(0) + 1..];
                let callee = callee(after, &vtable_loads, &field_loads, &function.registers)
                    .ok_or_else(|| format!("a call whose callee I cannot read: {trimmed}"))?;
                let loc = dbg(instruction);
                // Arguments may mention fns (a fn pointer passed on) and vtables.
                let direct = match &callee {
                    Callee::Direct(symbol) => Some(symbol.clone()),
                    _ => None,
                };
                if let (Some(reg), Some(symbol)) = (result, &direct) {
                    call_results.insert(reg, symbol.clone());
                }
                for symbol in mentioned_symbols(after) {
                    if Some(&symbol) != direct.as_ref() {
                        function.refs.push(symbol);
                    }
                }
                let args = match &callee {
                    Callee::Direct(symbol) if !is_rust_or_llvm(symbol) => constant_args(after),
                    _ => Vec::new(),
                };
                function.calls.push(Call {
                    callee,
                    loc,
                    unwinding: false,
                    args,
                });
                call_blocks.push(block);
                if opcode == "invoke" {
                    pending_invoke = Some(function.calls.len() - 1);
                    if let Some(i) = instruction.find("to label %") {
                        successors[block].push(label_name(&instruction[i + 10..]));
                        pending_invoke = None;
                    }
                }
            }
            "getelementptr" => {
                // `%2 = getelementptr inbounds i8, ptr %base, i64 24`: a constant offset into a
                // pointer, which is how a vtable slot is addressed.
                if let Some(reg) = result {
                    let operands: Vec<&str> = split_top(instruction)
                        .into_iter()
                        .filter(|o| !o.starts_with('!'))
                        .collect();
                    if operands.len() == 3 && operands[0].ends_with("i8") {
                        let base = operands[1].split_whitespace().last();
                        if let Some(offset) = operands[2]
                            .split_whitespace()
                            .last()
                            .and_then(|n| n.parse().ok())
                        {
                            offsets.insert(reg, (base, offset));
                        }
                    }
                }
                function.refs.extend(mentioned_symbols(instruction));
            }
            "load" => {
                // Loads from a vtable carry `!invariant.load`; the slot is the offset of the address.
                if let (Some(reg), true) = (
                    result,
                    instruction.contains("!invariant.load") && instruction.starts_with("load ptr"),
                ) {
                    let operand = split_top(instruction).get(1).copied().unwrap_or("");
                    if let Some((symbol, _)) = symbol_after(operand, '@') {
                        // `getelementptr inbounds (i8, ptr @vtable.0, i64 24)`: a constant vtable.
                        let offset = if operand.contains("getelementptr") {
                            operand
                                .trim_end_matches(')')
                                .rsplit(' ')
                                .next()
                                .and_then(|n| n.parse().ok())
                                .unwrap_or(0)
                        } else {
                            0
                        };
                        vtable_loads.insert(reg, (offset, VtableSource::Constant(symbol)));
                    } else if let Some(address) = operand.split_whitespace().last() {
                        let (base, offset) = match offsets.get(address) {
                            Some(&(base, offset)) => (base.unwrap_or(""), offset),
                            None => (address, 0),
                        };
                        // The vtable half of a fat-pointer parameter is its second register.
                        let source = match base.strip_suffix(".1") {
                            Some(name) if function.registers.iter().any(|r| r == base) => {
                                VtableSource::Parameter(name.trim_start_matches('%').to_string())
                            }
                            _ => match (field_loads.get(base), extracts.get(base)) {
                                (Some(PointerSource::Field(name, offset)), _) => {
                                    VtableSource::Field(name.clone(), *offset)
                                }
                                (_, Some((aggregate, 1))) => match call_results.get(aggregate) {
                                    Some(symbol) => VtableSource::Returned(symbol.clone()),
                                    None => VtableSource::Unknown,
                                },
                                _ => VtableSource::Unknown,
                            },
                        };
                        vtable_loads.insert(reg, (offset, source));
                    }
                } else if let (Some(reg), true) =
                    (result, instruction.starts_with("load ptr, ptr %"))
                {
                    let address = split_top(instruction)
                        .get(1)
                        .and_then(|a| a.split_whitespace().last())
                        .unwrap_or("");
                    let (base, offset) = match offsets.get(address) {
                        Some(&(base, offset)) => (base.unwrap_or(""), offset),
                        None => (address, 0),
                    };
                    if function.registers.iter().any(|r| r == base) {
                        let name = base.trim_start_matches('%').to_string();
                        field_loads.insert(reg, PointerSource::Field(name, offset));
                    }
                }
                function.refs.extend(mentioned_symbols(instruction));
            }
            "extractvalue" => {
                // `extractvalue { ptr, ptr } %0, 1`
                let operands = split_top(instruction);
                if let (Some(reg), Some(aggregate), Some(index)) = (
                    result,
                    operands.first().and_then(|o| o.split_whitespace().last()),
                    operands.get(1).and_then(|i| i.parse().ok()),
                ) {
                    extracts.insert(reg, (aggregate, index));
                }
            }
            _ => {
                successors[block].extend(labels(instruction));
                function.refs.extend(mentioned_symbols(instruction));
            }
        }
    }

    // Normal blocks: reachable from the entry over normal edges.
    let index: HashMap<&str, usize> = block_names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let mut normal = vec![false; block_names.len()];
    let mut work = vec![0];
    while let Some(block) = work.pop() {
        if std::mem::replace(&mut normal[block], true) {
            continue;
        }
        for next in &successors[block] {
            if let Some(&next) = index.get(next.as_str()) {
                if !normal[next] {
                    work.push(next);
                }
            }
        }
    }
    for (call, block) in function.calls.iter_mut().zip(call_blocks) {
        call.unwinding = !normal[block];
    }
    Ok(())
}

/// Instructions an inline-assembly template may hold and still call nothing, make no system call and
/// wait for nothing: CPU identification and counters, moves, fences and spin hints (x86-64 and
/// AArch64). Anything else (`syscall`, `int`, a call, a loop back to a label) is code the check
/// cannot see into.
const HARMLESS_ASM: &[&str] = &[
    "cpuid", "xgetbv", "rdtsc", "rdtscp", "rdpid", "pause", "lfence", "mfence", "sfence", "nop",
    "mov", "movq", "movl", "xchg", "lea", "bswap", "mrs", "isb", "dmb", "dsb", "yield",
];

/// Whether a template, as the IR escapes it (`mov ${0:q}, rbx\0Acpuid`), holds only
/// [`HARMLESS_ASM`] instructions: empty (a compiler barrier) included.
fn harmless_asm(template: &str) -> bool {
    template
        .split("\\0A")
        .flat_map(|line| line.split(';'))
        .filter_map(|line| line.split_whitespace().next())
        .all(|mnemonic| HARMLESS_ASM.contains(&mnemonic.to_ascii_lowercase().as_str()))
}

/// The callee of a call, from the text after `call`/`invoke`: calling convention, return attributes
/// and type, then `@symbol(`, `%register(` or `asm …`.
fn callee(
    after: &str,
    vtable_loads: &HashMap<&str, (u64, VtableSource)>,
    field_loads: &HashMap<&str, PointerSource>,
    registers: &[String],
) -> Option<Callee> {
    let head = &after[..after.find(['@', '%', '"']).unwrap_or(after.len())];
    if head.split_whitespace().any(|w| w == "asm") {
        // A system call is what it calls: named by its number, as C's `syscall` is.
        if asm_syscall_args(after).is_some() {
            return Some(Callee::Direct("syscall".into()));
        }
        // `asm sideeffect "", "~{memory}"`: an empty template is a compiler barrier, not code; one
        // of harmless instructions only (std_detect's `cpuid`) is no call either.
        let template = after.split('"').nth(1).unwrap_or("x");
        return Some(if harmless_asm(template) {
            Callee::Barrier
        } else {
            Callee::InlineAsm
        });
    }
    let sigil = after.find(['@', '%'])?;
    if after[sigil..].starts_with('@') {
        let (symbol, _) = symbol_after(after, '@')?;
        return Some(Callee::Direct(symbol));
    }
    let ret = last_type(&after[..sigil]).unwrap_or_default();
    let rest = &after[sigil..];
    let end = rest.find('(')?;
    let register = &rest[..end];
    let (args, _) = balanced(&rest[end..], '(', ')')?;
    let params = split_top(args)
        .iter()
        .filter_map(|a| value_type(a))
        .collect();
    if let Some((offset, vtable)) = vtable_loads.get(register) {
        return Some(Callee::Virtual {
            offset: *offset,
            params,
            ret,
            vtable: vtable.clone(),
        });
    }
    let source = if registers.iter().any(|r| r == register) {
        PointerSource::Parameter(register.trim_start_matches('%').to_string())
    } else {
        field_loads
            .get(register)
            .cloned()
            .unwrap_or(PointerSource::Unknown)
    };
    Some(Callee::Pointer {
        params,
        ret,
        source,
    })
}

pub(crate) fn is_rust_or_llvm(symbol: &str) -> bool {
    symbol.starts_with("_R") || symbol.starts_with("_ZN") || symbol.starts_with("llvm.")
}

/// The integer constants among a direct call's arguments, from the text after `call`:
/// `@syscall(i64 noundef 202, ptr noundef %1, i32 noundef 129)` gives `[Some(202), None, Some(129)]`.
fn constant_args(after: &str) -> Vec<Option<i64>> {
    if let Some(args) = asm_syscall_args(after) {
        return args.iter().map(|a| literal(a)).collect();
    }
    let Some((_, rest)) = symbol_after(after, '@') else {
        return Vec::new();
    };
    let Some((args, _)) = balanced(rest.trim_start(), '(', ')') else {
        return Vec::new();
    };
    split_top(args).iter().map(|a| literal(a)).collect()
}

/// An argument that is an integer constant: `i32 noundef 7`.
fn literal(arg: &str) -> Option<i64> {
    let mut words = arg.split_whitespace();
    let ty = words.next()?;
    let value = words.last()?;
    ty.starts_with('i').then(|| value.parse().ok()).flatten()
}

/// A system call made by inline assembly (rustix's raw backend, `asm!("syscall", …)`): its
/// operands in the order of C's `syscall(number, a0, …, a5)`, from the registers that the
/// constraints give them, `""` for a register not set. `None` for any other assembly, or when the
/// number's register has no operand. x86-64's `syscall` and AArch64's `svc 0`.
pub(crate) fn asm_syscall_args(after: &str) -> Option<Vec<&str>> {
    let head = &after[..after.find('"')?];
    if !head.split_whitespace().any(|w| w == "asm") {
        return None;
    }
    let mut quoted = after.splitn(5, '"');
    let template = quoted.nth(1)?;
    let constraints = quoted.nth(1)?;
    let rest = quoted.next()?;
    let order: [&str; 7] = match template.trim() {
        "syscall" => ["ax", "di", "si", "dx", "r10", "r8", "r9"],
        "svc 0" | "svc #0" => ["x8", "x0", "x1", "x2", "x3", "x4", "x5"],
        _ => return None,
    };
    let (operands, _) = balanced(rest, '(', ')')?;
    let operands = split_top(operands);
    let register = |c: &str| -> String {
        let name = c.trim_start_matches(['=', '&']).trim_matches(['{', '}']);
        match name {
            "rax" | "eax" => "ax".into(),
            "rdi" | "edi" => "di".into(),
            "rsi" | "esi" => "si".into(),
            "rdx" | "edx" => "dx".into(),
            _ => name.into(),
        }
    };
    let parts: Vec<&str> = constraints.split(',').collect();
    let outputs: Vec<String> = parts
        .iter()
        .filter(|c| c.starts_with('='))
        .map(|c| register(c))
        .collect();
    let mut by_register: HashMap<String, &str> = HashMap::new();
    let inputs = parts
        .iter()
        .filter(|c| !c.starts_with('=') && !c.starts_with('~'));
    for (input, operand) in inputs.zip(&operands) {
        // A tied input (`0`) is in the register of that output.
        let name = match input.parse::<usize>() {
            Ok(tied) => outputs.get(tied)?.clone(),
            Err(_) => register(input),
        };
        by_register.insert(name, operand);
    }
    by_register.get(order[0])?;
    Some(
        order
            .iter()
            .map(|r| by_register.get(*r).copied().unwrap_or(""))
            .collect(),
    )
}

/// `@name = [linkage] [unnamed_addr] constant|global <type> <init>, align N`
fn global(line: &str) -> Option<(String, Global)> {
    let (symbol, rest) = symbol_after(line, '@')?;
    let rest = rest.trim_start().strip_prefix('=')?;
    let mut entries = Vec::new();
    let mut refs = Vec::new();
    let keyword = rest
        .find(" constant ")
        .map(|i| i + 10)
        .or_else(|| rest.find(" global ").map(|i| i + 8))?;
    let value = rest[keyword..].trim_start();
    // A struct of fields `<{ ty, ty }> <{ ty v, ty v }>`, or one field.
    let init = value
        .find("<{ ")
        .and_then(|first| {
            value[first + 2..]
                .find("<{ ")
                .map(|second| first + 2 + second)
        })
        .and_then(|start| balanced(&value[start + 1..], '{', '}').map(|(inner, _)| inner));
    match init {
        Some(fields) => {
            let mut offset = 0;
            for field in split_top(fields) {
                let field = field.trim();
                if let Some(symbol) = field
                    .strip_prefix("ptr @")
                    .and_then(|_| symbol_after(field, '@'))
                {
                    entries.push((offset, symbol.0));
                } else {
                    refs.extend(mentioned_symbols(field));
                }
                offset += field_size(field);
            }
        }
        None => {
            for symbol in mentioned_symbols(value) {
                entries.push((0, symbol));
            }
        }
    }
    if entries.is_empty() && refs.is_empty() {
        return None;
    }
    let debug = rest.rfind("!dbg !").and_then(|i| number(&rest[i + 6..]));
    // rustc names vtables `vtable.N`, or `anon.HASH.N` when a static points at one: any private
    // constant with fns in it may serve as one.
    let is_vtable = !(symbol.starts_with("_ZN") || symbol.starts_with("_R"));
    Some((
        symbol,
        Global {
            is_vtable,
            debug,
            entries,
            refs,
        },
    ))
}

/// The size in bytes of a constant field as rustc writes vtables and tables: pointers and byte
/// arrays. Anything else counts as 8, which only matters for vtable slots, which are all pointers.
fn field_size(field: &str) -> u64 {
    if let Some(rest) = field.strip_prefix('[') {
        if let Some((count, _)) = rest.split_once(" x i8]") {
            return count.trim().parse().unwrap_or(8);
        }
    }
    8
}

fn metadata(line: &str, module: &mut Module) {
    let Some((id, rest)) = line.strip_prefix('!').and_then(|l| l.split_once(" = ")) else {
        return;
    };
    let Ok(id) = id.parse::<u32>() else {
        return;
    };
    let rest = rest.strip_prefix("distinct ").unwrap_or(rest);
    if let Some(fields) = rest.strip_prefix("!DILocation(") {
        let (Some(line), Some(column), Some(scope)) = (
            field_u32(fields, "line"),
            field_u32(fields, "column"),
            field_ref(fields, "scope"),
        ) else {
            return;
        };
        module.locations.insert(
            id,
            DebugLoc {
                line,
                column,
                scope,
                inlined_at: field_ref(fields, "inlinedAt"),
            },
        );
    } else if let Some(fields) = rest.strip_prefix("!DISubprogram(") {
        module.scopes.insert(
            id,
            Scope {
                file: field_ref(fields, "file"),
                line: field_u32(fields, "line").unwrap_or(0),
                parent: None,
                subprogram: field_str(fields, "linkageName").or_else(|| field_str(fields, "name")),
                name: field_str(fields, "name").unwrap_or_default(),
                signature: field_ref(fields, "type"),
            },
        );
    } else if let Some(fields) = rest.strip_prefix("!DILocalVariable(") {
        if let (Some(_), Some(scope), Some(name), Some(ty)) = (
            field_u32(fields, "arg"),
            field_ref(fields, "scope"),
            field_str(fields, "name"),
            field_ref(fields, "type"),
        ) {
            module.parameters.insert((scope, name), ty);
        }
    } else if let Some(fields) = rest
        .strip_prefix("!DICompositeType(")
        .or_else(|| rest.strip_prefix("!DIDerivedType("))
        .or_else(|| rest.strip_prefix("!DIBasicType("))
        .or_else(|| rest.strip_prefix("!DISubroutineType("))
    {
        let token =
            |value: &str| value[..value.find([',', ')']).unwrap_or(value.len())].to_string();
        module.types.insert(
            id,
            DebugType {
                tag: field(fields, "tag").map(token).unwrap_or_default(),
                name: field_str(fields, "name"),
                base: field_ref(fields, "baseType"),
                elements: field_ref(fields, "elements"),
                offset_bits: field(fields, "offset")
                    .and_then(|v| token(v).parse().ok())
                    .unwrap_or(0),
                size_bits: field(fields, "size")
                    .and_then(|v| token(v).parse().ok())
                    .unwrap_or(0),
                types: field_ref(fields, "types"),
            },
        );
    } else if let Some(items) = rest.strip_prefix("!{").and_then(|r| r.strip_suffix('}')) {
        let items = items
            .split(", ")
            .map(|item| item.trim().strip_prefix('!').and_then(number))
            .collect();
        module.lists.insert(id, items);
    } else if let Some(fields) = rest.strip_prefix("!DIGlobalVariableExpression(") {
        // The variable is defined on a later line: keep its id until then.
        if let Some(var) = field_ref(fields, "var") {
            module.global_names.insert(id, format!("!{var}"));
        }
    } else if let Some(fields) = rest.strip_prefix("!DIGlobalVariable(") {
        if let Some(name) = field_str(fields, "name") {
            module.global_names.insert(id, name);
        }
    } else if let Some(fields) = rest
        .strip_prefix("!DILexicalBlock(")
        .or_else(|| rest.strip_prefix("!DILexicalBlockFile("))
    {
        module.scopes.insert(
            id,
            Scope {
                file: field_ref(fields, "file"),
                line: field_u32(fields, "line").unwrap_or(0),
                parent: field_ref(fields, "scope"),
                subprogram: None,
                name: String::new(),
                signature: None,
            },
        );
    } else if let Some(fields) = rest.strip_prefix("!DIFile(") {
        let filename = field_str(fields, "filename").unwrap_or_default();
        let directory = field_str(fields, "directory").unwrap_or_default();
        let path = if filename.starts_with('/') || directory.is_empty() {
            filename
        } else {
            format!("{directory}/{filename}")
        };
        module.files.insert(id, path);
    }
}

fn field_u32(fields: &str, name: &str) -> Option<u32> {
    field(fields, name).and_then(number)
}

fn field_ref(fields: &str, name: &str) -> Option<u32> {
    field(fields, name)
        .and_then(|v| v.strip_prefix('!'))
        .and_then(number)
}

fn field_str(fields: &str, name: &str) -> Option<String> {
    let value = field(fields, name)?.strip_prefix('"')?;
    let end = value.find('"')?;
    Some(unescape(&value[..end]))
}

/// The text after `name: ` in a metadata field list.
fn field<'a>(fields: &'a str, name: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(i) = fields[from..].find(name) {
        let at = from + i;
        let starts_field = at == 0 || matches!(fields.as_bytes()[at - 1], b' ' | b'(');
        if starts_field && fields[at + name.len()..].starts_with(": ") {
            return Some(&fields[at + name.len() + 2..]);
        }
        from = at + name.len();
    }
    None
}

fn number(text: &str) -> Option<u32> {
    let end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    text[..end].parse().ok()
}

fn dbg(instruction: &str) -> Option<u32> {
    let i = instruction.rfind("!dbg !")?;
    number(&instruction[i + 6..])
}

pub(crate) fn label_name(text: &str) -> String {
    let end = text.find([',', ' ', ']']).unwrap_or(text.len());
    text[..end].trim_matches('"').to_string()
}

fn labels(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("label %") {
        let before = &rest[..i];
        let name = label_name(&rest[i + 7..]);
        if !before.trim_end().ends_with("unwind") {
            out.push(name);
        }
        rest = &rest[i + 7..];
    }
    out
}

/// Every `@symbol` in a piece of an instruction or constant.
pub(crate) fn mentioned_symbols(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find('@') {
        match symbol_after(&rest[i..], '@') {
            Some((symbol, after)) => {
                out.push(symbol);
                rest = after;
            }
            None => rest = &rest[i + 1..],
        }
    }
    out
}

/// The symbol after the first `sigil` in `text`, and the text after it: `@name` or `@"quoted name"`.
pub(crate) fn symbol_after(text: &str, sigil: char) -> Option<(String, &str)> {
    let start = text.find(sigil)? + 1;
    let rest = &text[start..];
    if let Some(quoted) = rest.strip_prefix('"') {
        let end = quoted.find('"')?;
        return Some((unescape(&quoted[..end]), &quoted[end + 1..]));
    }
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '$' | '-')))
        .unwrap_or(rest.len());
    if end == 0 {
        return None;
    }
    Some((rest[..end].to_string(), &rest[end..]))
}

/// LLVM writes bytes outside printable ASCII, and `"` and `\`, as `\XX`.
fn unescape(text: &str) -> String {
    if !text.contains('\\') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' && i + 2 < bytes.len() + 1 {
            if let Some(byte) = text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The text inside the first `open … close` pair (nesting counted), and the text after it.
pub(crate) fn balanced(text: &str, open: char, close: char) -> Option<(&str, &str)> {
    let start = text.find(open)?;
    let mut depth = 0;
    let mut in_string = false;
    for (i, c) in text[start..].char_indices() {
        match c {
            '"' => in_string = !in_string,
            _ if in_string => {}
            c if c == open => depth += 1,
            c if c == close => {
                depth -= 1;
                if depth == 0 {
                    return Some((&text[start + 1..start + i], &text[start + i + 1..]));
                }
            }
            _ => {}
        }
    }
    None
}

/// Splits on commas outside brackets, braces, parentheses and strings.
pub(crate) fn split_top(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut in_string = false;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '"' => in_string = !in_string,
            _ if in_string => {}
            '(' | '[' | '{' | '<' => depth += 1,
            ')' | ']' | '}' | '>' => depth -= 1,
            ',' if depth == 0 => {
                out.push(text[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    if !text[start..].trim().is_empty() {
        out.push(text[start..].trim());
    }
    out
}

/// The type of a parameter or argument: its first token, or its first bracketed group.
fn value_type(param: &str) -> Option<String> {
    let param = param.trim();
    let first = param.chars().next()?;
    if matches!(first, '{' | '[' | '<') {
        let close = match first {
            '{' => '}',
            '[' => ']',
            _ => '>',
        };
        let (inner, _) = balanced(param, first, close)?;
        return Some(format!("{first}{inner}{close}"));
    }
    Some(param.split_whitespace().next()?.to_string())
}

/// The last type in a run of attributes and a type (`noundef zeroext i1`, `{ ptr, i64 }`): the text
/// before a callee or a fn's name. `None` when there is nothing.
fn last_type(text: &str) -> Option<String> {
    let text = text.trim_end();
    if text.ends_with(['}', ']', '>']) {
        let (open, close) = match text.chars().last()? {
            '}' => ('{', '}'),
            ']' => ('[', ']'),
            _ => ('<', '>'),
        };
        // The matching opener of the final group.
        let mut depth = 0;
        for (i, c) in text.char_indices().rev() {
            if c == close {
                depth += 1;
            } else if c == open {
                depth -= 1;
                if depth == 0 {
                    let start = if open == '{' && text[..i].ends_with('<') {
                        i - 1
                    } else {
                        i
                    };
                    return Some(text[start..].to_string());
                }
            }
        }
        return None;
    }
    text.split_whitespace().last().map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_assembly_of_harmless_instructions_is_no_call() {
        assert!(harmless_asm(""));
        assert!(harmless_asm(r"mov ${0:q}, rbx\0Acpuid\0Axchg ${0:q}, rbx"));
        assert!(harmless_asm("rdtsc"));
        assert!(!harmless_asm("syscall"));
        assert!(!harmless_asm(r"mov rax, 35\0Asyscall"));
        assert!(!harmless_asm("call ${0}"));
    }

    #[test]
    fn a_system_call_in_assembly_is_read_as_c_syscall() {
        // rustix's raw backend: the number as a pointer, in `rax`.
        let rustix = r#"{ ptr, i32, i32 } asm sideeffect inteldialect "syscall", "={ax},={cx},={r11},{ax},{di},{si},{dx},~{memory}"(ptr %_6, ptr %_7, ptr %_8, ptr %_9)"#;
        assert_eq!(
            asm_syscall_args(rustix),
            Some(vec!["ptr %_6", "ptr %_7", "ptr %_8", "ptr %_9", "", "", ""])
        );
        // A tied input, and a number written into the operand.
        let tied =
            r#"i64 asm sideeffect "syscall", "={ax},{di},0,~{rcx},~{r11}"(ptr %pause, i64 35)"#;
        assert_eq!(
            asm_syscall_args(tied).unwrap()[..2],
            ["i64 35", "ptr %pause"]
        );
        assert_eq!(constant_args(tied)[0], Some(35));
        // Other assembly, or a `syscall` whose number's register is not set.
        assert_eq!(
            asm_syscall_args(r#"void asm sideeffect "pause", ""()"#),
            None
        );
        assert_eq!(
            asm_syscall_args(r#"void asm sideeffect "syscall", "{di}"(i64 1)"#),
            None
        );
    }
}
