//! Whether a root can really reach a call: a small abstract interpreter over the unoptimized IR.
//!
//! The walk (`graph.rs`) follows calls, not values, so a call behind a branch that the root's own
//! constants rule out is reported as if it ran. Before a finding is reported, this module runs the
//! root's body, and the bodies it calls, over abstract values: integer constants, pointers into the
//! stack slots (`alloca`) of the frames being run, aggregates of those, and "unknown". A branch on a
//! known value takes one side; memory is tracked per stack slot and byte offset; a callee is run
//! with the arguments it is given, so `nix::sys::wait::waitpid(pid, Some(WaitPidFlag::WNOHANG))`
//! hands `WNOHANG` to C's `waitpid` through nix's `match options { Some(b) => b.bits(), None => 0 }`.
//! Each call that executes is named the way the graph names it (`classify::call_name`, which
//! reads the arguments that say what a C call does), and the question is answered by the caller's
//! [`Oracle`]: the sink itself, a call that may lead to it and must be run, or one that cannot.
//!
//! The answer "never" is given only when every path was run: a call that may lead to the sink and
//! cannot be run (no body, recursion, an indirect call that may reach it, inline assembly, too
//! deep, out of budget) makes the answer "maybe", and the finding stands. Abstract values only lose
//! knowledge: branches whose condition is unknown take both sides, states that meet keep only what
//! both agree on, a call that is not run forgets every stack slot whose address escaped. Panics and
//! unwinding are not followed, as the walk does not follow them without `--panics`.
//!
//! The same runs answer one question about the order of events: whether the program's `main` has
//! set a once-cell on every path before it takes the handler's address ([`Paths::armed`]).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::rc::Rc;

use crate::classify;
use crate::ir::{self, Module};

/// What a call is, for the question being asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A call of the sink: the answer is "maybe".
    Target,
    /// May lead to the sink: run it, or the answer is "maybe".
    Must,
    /// Cannot lead to the sink: run it if cheap (for its return value and its stores), else forget.
    May,
}

/// The caller's knowledge of the call graph.
pub trait Oracle {
    /// A direct call, by the name the graph gives it (`waitpid(WNOHANG)` for a C call that a
    /// constant argument describes, else the symbol), and by the name the values found here give
    /// it (`waitpid(WNOHANG)` too when the options were passed down from a caller's constant).
    fn direct(&self, graph: &str, here: &str) -> Role;
    /// An indirect call (a vtable slot or a fn pointer) made in the body of fn `caller`.
    fn indirect(&self, caller: &str) -> Role;
    /// Whether a direct call, by the graph's name, initialises a once-cell (`Lazy::deref`,
    /// `Once::call_once`, `OnceLock::get_or_init` …) that its first argument points to. In a root's
    /// run: a call of the target that waits only while the cell is being set. In `armed`: a call
    /// that has always set the cell when it returns; it stays set.
    fn once(&self, _graph: &str) -> bool {
        false
    }
}

/// A once-cell: the global it is in, and the byte offset in it.
pub type Cell = (Rc<str>, i64);

/// What a question found.
#[derive(Debug)]
pub enum Found {
    /// No execution reaches the target.
    Never,
    /// The only calls of the target that execute initialise these once-cells: none of them waits
    /// if each was set before the root could run (see [`Paths::armed`]).
    OnlyOnce(Vec<Cell>),
}

/// Steps (instructions run) for one question, and for one run of a callee that cannot lead to the
/// sink.
const BUDGET: u64 = 400_000;
const MAY_BUDGET: u64 = 4_000;
/// Steps for all the questions about one program: past it, every finding stands.
const PROGRAM_BUDGET: u64 = 20_000_000;
const MAX_DEPTH: usize = 48;
const MAY_DEPTH: usize = 6;

/// The IR bodies of one module, parsed into instructions on demand.
pub struct Paths<'a> {
    text: &'a str,
    module: &'a Module,
    functions: HashMap<&'a str, &'a ir::Function>,
    bodies: std::cell::RefCell<HashMap<String, Option<Rc<Body>>>>,
    /// Steps taken by every question so far.
    spent: std::cell::Cell<u64>,
}

impl<'a> Paths<'a> {
    pub fn new(text: &'a str, module: &'a Module) -> Paths<'a> {
        Paths {
            text,
            module,
            functions: module
                .functions
                .iter()
                .map(|f| (f.symbol.as_str(), f))
                .collect(),
            bodies: Default::default(),
            spent: Default::default(),
        }
    }

    /// Whether any execution of `root` (from its entry, with unknown arguments) makes a call the
    /// oracle calls the target, through the root's calls at source location `through` (line and
    /// column, where the call was inlined into the root the root's), or through any call of the
    /// root. "Maybe" is `Err`, holding the name that the values found give the call of the sink
    /// that was reached (`syscall(SYS_nanosleep)` where the graph has `syscall(?)`) when they say
    /// more than the graph's name, else `None`.
    pub fn run(
        &self,
        root: &str,
        oracle: &dyn Oracle,
        through: Option<(u32, u32)>,
    ) -> Result<Found, Option<String>> {
        let mut run = Run::new(self, oracle);
        // A call site the root's body does not show (a location read otherwise than the graph
        // reads it) would make every call "not asked": ask about them all instead.
        run.through = through.filter(|&at| self.has_call_at(root, at));
        run.once = Some(Vec::new());
        match (self.execute(root, &mut run), run.once) {
            (true, Some(cells)) if !cells.is_empty() => Ok(Found::OnlyOnce(cells)),
            (true, _) => Ok(Found::Never),
            (false, _) => Err(run.witness),
        }
    }

    /// Whether, in every execution of `entry` (the program's `main`), each of these once-cells is set
    /// wherever the address of `root` is taken: in an instruction that names it or a global that
    /// holds it (`holders`), or a direct call of it. The oracle says which calls may lead to such a
    /// place (`Must`); the caller makes sure that nothing but `entry` can reach one.
    pub fn armed(
        &self,
        entry: &str,
        oracle: &dyn Oracle,
        root: &str,
        holders: HashSet<String>,
        cells: Vec<Cell>,
    ) -> bool {
        let mut run = Run::new(self, oracle);
        run.arming = Some(Arming {
            root: root.to_string(),
            holders,
            cells,
        });
        self.execute(entry, &mut run)
    }

    /// Runs `entry` from its start with unknown arguments, within what is left of the program's
    /// budget: whether every path was run without reaching what the run looks for.
    fn execute(&self, entry: &str, run: &mut Run) -> bool {
        let Some(body) = self.body(entry) else {
            return false;
        };
        let spent = self.spent.get();
        if spent >= PROGRAM_BUDGET {
            return false;
        }
        run.budget = BUDGET.min(PROGRAM_BUDGET - spent);
        let args = vec![V::Top; body.params.len()];
        let result = run.function(entry, args, Mem::default(), Mode::Must);
        self.spent.set(spent + run.steps);
        result.is_ok()
    }

    /// The program's `main` as Rust wrote it: what C's `main` hands to `std::rt::lang_start`.
    pub fn entry_main(&self) -> Option<String> {
        let main = self.functions.get("main")?;
        let mut mains = main.refs.iter().filter(|r| {
            classify::demangle(r).is_some_and(|d| d.ends_with("::main") && !d.starts_with("std::"))
        });
        let first = mains.next()?.clone();
        mains.all(|m| *m == first).then_some(first)
    }

    /// The globals whose constant data holds `symbol`, directly or through other globals.
    pub fn holders(&self, symbol: &str) -> HashSet<String> {
        let mut holders: HashSet<String> = HashSet::new();
        let mut work = vec![symbol.to_string()];
        while let Some(held) = work.pop() {
            for (name, global) in &self.module.globals {
                let holds =
                    global.entries.iter().any(|(_, s)| *s == held) || global.refs.contains(&held);
                if holds && holders.insert(name.clone()) {
                    work.push(name.clone());
                }
            }
        }
        holders
    }

    /// Whether `symbol`'s body has a call at that source location (outermost).
    fn has_call_at(&self, symbol: &str, at: (u32, u32)) -> bool {
        self.body(symbol).is_some_and(|body| {
            body.blocks.iter().flat_map(|b| &b.insts).any(|inst| {
                matches!(inst, Inst::Call(.., Some(loc)) if self.outermost(*loc) == Some(at))
            })
        })
    }

    /// The line and column of a debug location, or of the call it was inlined at, outermost.
    fn outermost(&self, mut loc: u32) -> Option<(u32, u32)> {
        for _ in 0..1000 {
            let at = self.module.locations.get(&loc)?;
            match at.inlined_at {
                Some(outer) => loc = outer,
                None => return Some((at.line, at.column)),
            }
        }
        None
    }

    fn body(&self, symbol: &str) -> Option<Rc<Body>> {
        if let Some(body) = self.bodies.borrow().get(symbol) {
            return body.clone();
        }
        let body = self
            .functions
            .get(symbol)
            .and_then(|f| self.text.get(f.body.clone()).map(|text| (f, text)))
            .map(|(f, text)| Rc::new(Body::parse(&f.registers, text)));
        self.bodies
            .borrow_mut()
            .insert(symbol.to_string(), body.clone());
        body
    }
}

// ---------------------------------------------------------------------------------------------
// Instructions

type Reg = u32;
type BlockId = usize;

#[derive(Clone, Debug)]
enum Op {
    Reg(Reg),
    Int(i64),
    /// The address of a global (`@STATIC`).
    Global(Rc<str>),
    Top,
}

#[derive(Debug)]
enum Inst {
    Alloca(Reg, u32),
    Load(Reg, Op, Option<u32>),
    Store(Op, Option<u32>, Op),
    /// `getelementptr`: a constant byte offset, or an unknown one.
    Offset(Reg, Op, Option<i64>),
    Cast(Reg, Cast, Op, u32, u32),
    Binary(Reg, String, Op, Op, u32),
    Compare(Reg, String, Op, Op, u32),
    Select(Reg, Op, Op, Op),
    /// Evaluated on the edge into the block.
    Phi(Reg, Vec<(Op, BlockId)>),
    Extract(Reg, Op, Vec<u32>),
    Insert(Reg, Op, usize, Op, u32),
    /// A call: its result, callee and arguments (with their integer widths, 0 for others), and
    /// its `!dbg` location.
    Call(Option<Reg>, Target, Vec<(Op, u32)>, Option<u32>),
    Forget(Op),
    /// Anything else: its result is unknown, and what its operands point to is forgotten.
    Other(Option<Reg>, Vec<Reg>),
    /// The globals (fns and data) that the next instruction mentions, other than a direct callee:
    /// where a fn's address is taken.
    Mention(Vec<String>),
}

#[derive(Clone, Copy, Debug)]
enum Cast {
    Zero,
    Sign,
    Same,
    Unknown,
}

#[derive(Debug)]
enum Target {
    Direct(String),
    Indirect,
    Asm,
    /// A call this reader cannot take apart: it may be anything.
    Unreadable,
}

#[derive(Debug)]
enum Term {
    Jump(BlockId),
    Branch(Op, BlockId, BlockId),
    Switch(Op, u32, BlockId, Vec<(i64, BlockId)>),
    Return(Option<Op>),
    /// `unreachable`, `resume`: no successor.
    End,
    /// A terminator this reader does not run (`callbr`, `indirectbr`).
    Opaque,
}

#[derive(Debug)]
struct Block {
    insts: Vec<Inst>,
    term: Term,
}

#[derive(Debug)]
struct Body {
    params: Vec<Reg>,
    blocks: Vec<Block>,
    allocas: u32,
}

impl Body {
    fn parse(params: &[String], text: &str) -> Body {
        // Lines by block, with an `invoke`'s second line and a `switch`'s cases joined to it.
        let mut raw: Vec<(String, Vec<String>)> = vec![(String::new(), Vec::new())];
        let mut lines = text.lines().peekable();
        while let Some(line) = lines.next() {
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with(';') || trimmed.starts_with("#dbg_") {
                continue;
            }
            if !line.starts_with(' ') {
                let label = line.split(':').next().unwrap_or("").trim_matches('"');
                let last = raw.last_mut().expect("one block at least");
                if last.1.is_empty() {
                    last.0 = label.to_string();
                } else {
                    raw.push((label.to_string(), Vec::new()));
                }
                continue;
            }
            let mut joined = trimmed.to_string();
            let is_invoke = joined.contains("invoke ") && !joined.contains(" to label ");
            if is_invoke {
                if let Some(next) = lines.peek() {
                    if next.trim_start().starts_with("to label") {
                        joined.push(' ');
                        joined.push_str(next.trim());
                        lines.next();
                    }
                }
            }
            if joined.starts_with("switch ") && joined.ends_with('[') {
                for next in lines.by_ref() {
                    joined.push(' ');
                    joined.push_str(next.trim());
                    if next.trim() == "]" {
                        break;
                    }
                }
            }
            raw.last_mut().expect("one block at least").1.push(joined);
        }
        let labels: HashMap<String, BlockId> = raw
            .iter()
            .enumerate()
            .map(|(i, (name, _))| (name.clone(), i))
            .collect();
        let mut regs = Registers::default();
        let params = params.iter().map(|p| regs.get(p)).collect();
        let mut allocas = 0;
        let mut blocks = Vec::with_capacity(raw.len());
        for (_, lines) in &raw {
            let mut insts = Vec::new();
            let mut term = Term::End;
            for line in lines {
                let loc = line
                    .rfind("!dbg !")
                    .and_then(|i| line[i + 6..].split(|c: char| !c.is_ascii_digit()).next())
                    .and_then(|n| n.parse().ok());
                let line = strip_metadata(line);
                let before = insts.len();
                let end = terminator(line, &labels, &mut regs, &mut insts);
                if end.is_none() {
                    let inst = phi(line, &labels, &mut regs)
                        .unwrap_or_else(|| instruction(line, &mut regs, &mut allocas));
                    insts.push(inst);
                }
                let mut mentioned = ir::mentioned_symbols(line);
                if let Some(Inst::Call(_, target, _, at)) = insts.get_mut(before) {
                    *at = loc;
                    if let Target::Direct(callee) = target {
                        mentioned.retain(|m| m != callee);
                    }
                }
                if !mentioned.is_empty() {
                    insts.insert(before, Inst::Mention(mentioned));
                }
                if let Some(end) = end {
                    term = end;
                    break;
                }
            }
            blocks.push(Block { insts, term });
        }
        Body {
            params,
            blocks,
            allocas,
        }
    }
}

#[derive(Default)]
struct Registers(HashMap<String, Reg>);

impl Registers {
    fn get(&mut self, name: &str) -> Reg {
        let name = name.trim_start_matches('%').trim_matches('"');
        let next = self.0.len() as Reg;
        *self.0.entry(name.to_string()).or_insert(next)
    }
}

/// An instruction without its trailing `, !dbg !N` and other metadata attachments.
fn strip_metadata(line: &str) -> &str {
    match line.find(", !") {
        Some(i) => &line[..i],
        None => line,
    }
}

fn label(text: &str, labels: &HashMap<String, BlockId>) -> Option<BlockId> {
    let at = text.find("label %")?;
    labels.get(&ir::label_name(&text[at + 7..])).copied()
}

fn terminator(
    line: &str,
    labels: &HashMap<String, BlockId>,
    regs: &mut Registers,
    insts: &mut Vec<Inst>,
) -> Option<Term> {
    let (result, body) = split_result(line);
    let opcode = body.split_whitespace().next().unwrap_or("");
    let opaque = Some(Term::Opaque);
    match opcode {
        "br" => {
            let parts = ir::split_top(body.get(3..).unwrap_or(""));
            match parts.as_slice() {
                [one] => label(one, labels).map(Term::Jump).or(opaque),
                [cond, yes, no] => match (label(yes, labels), label(no, labels)) {
                    (Some(yes), Some(no)) => Some(Term::Branch(operand(cond, regs), yes, no)),
                    _ => opaque,
                },
                _ => opaque,
            }
        }
        "switch" => {
            let rest = body.get(7..).unwrap_or("");
            let (head, cases) = rest.split_once('[').unwrap_or((rest, ""));
            let parts = ir::split_top(head);
            let (Some(value), Some(default)) = (parts.first(), parts.get(1)) else {
                return opaque;
            };
            let bits = int_bits(value.split_whitespace().next().unwrap_or(""));
            let Some(default) = label(default, labels) else {
                return opaque;
            };
            let mut table = Vec::new();
            let cases = cases.trim_end().trim_end_matches(']');
            // `i64 0, label %bb3 i64 1, label %bb2`
            for case in cases.split(" label ").collect::<Vec<_>>().windows(2) {
                let value = case[0].trim_end_matches(',').split_whitespace().last();
                let target = case[1].split_whitespace().next().unwrap_or("");
                let value = value.and_then(|v| v.trim_end_matches(',').parse::<i64>().ok());
                match (
                    value,
                    labels.get(&ir::label_name(target.trim_start_matches('%'))),
                ) {
                    (Some(v), Some(&t)) => table.push((v, t)),
                    _ => return opaque,
                }
            }
            match bits {
                Some(bits) => Some(Term::Switch(operand(value, regs), bits, default, table)),
                None => opaque,
            }
        }
        "ret" => {
            let rest = body.get(3..).unwrap_or("").trim();
            Some(Term::Return((rest != "void").then(|| operand(rest, regs))))
        }
        "unreachable" | "resume" => Some(Term::End),
        "invoke" => {
            let normal = body
                .find(" to label %")
                .and_then(|i| labels.get(&ir::label_name(&body[i + 11..])).copied());
            let call = call(result, body.get(7..).unwrap_or(""), regs);
            insts.push(call);
            Some(normal.map_or(Term::Opaque, Term::Jump))
        }
        "indirectbr" | "callbr" | "catchswitch" | "catchret" | "cleanupret" => opaque,
        _ => None,
    }
}

/// `%x = phi i64 [ %a, %bb1 ], [ 0, %bb2 ]`; `None` for another instruction. A phi whose labels
/// cannot be read has no known incoming value.
fn phi(line: &str, labels: &HashMap<String, BlockId>, regs: &mut Registers) -> Option<Inst> {
    let (Some(result), body) = split_result(line) else {
        return None;
    };
    let rest = body.strip_prefix("phi ")?;
    let dst = regs.get(result);
    // Past the type: the incoming pairs are the bracketed groups after it.
    let mut rest = match rest.chars().next() {
        Some('{' | '[' | '<') => ir::balanced(rest, rest.chars().next()?, matching(rest))?.1,
        _ => rest.split_once(' ')?.1,
    };
    let mut incoming = Vec::new();
    while let Some((pair, after)) = ir::balanced(rest, '[', ']') {
        let parts = ir::split_top(pair);
        let (Some(value), Some(from)) = (parts.first(), parts.get(1)) else {
            return Some(Inst::Phi(dst, Vec::new()));
        };
        let Some(&from) = labels.get(&ir::label_name(from.trim().trim_start_matches('%'))) else {
            return Some(Inst::Phi(dst, Vec::new()));
        };
        incoming.push((operand(value, regs), from));
        rest = after;
    }
    Some(Inst::Phi(dst, incoming))
}

fn matching(text: &str) -> char {
    match text.chars().next() {
        Some('{') => '}',
        Some('[') => ']',
        _ => '>',
    }
}

fn split_result(line: &str) -> (Option<&str>, &str) {
    match line.split_once(" = ") {
        Some((reg, rest)) if reg.starts_with('%') && !reg.contains(' ') => (Some(reg), rest),
        _ => (None, line),
    }
}

fn instruction(line: &str, regs: &mut Registers, allocas: &mut u32) -> Inst {
    let (result, body) = split_result(line);
    let dst = result.map(|r| regs.get(r));
    let mut words = body.split_whitespace();
    let opcode = words.next().unwrap_or("");
    let rest = body[opcode.len()..].trim_start();
    let other = |regs: &mut Registers| Inst::Other(dst, registers_in(body, regs));
    match (opcode, dst) {
        ("alloca", Some(dst)) => {
            *allocas += 1;
            Inst::Alloca(dst, *allocas - 1)
        }
        ("load", Some(dst)) => {
            if rest.starts_with("atomic") {
                return Inst::Other(Some(dst), Vec::new());
            }
            let rest = rest.trim_start_matches("volatile ");
            let parts = ir::split_top(rest);
            match parts.as_slice() {
                [ty, ptr, ..] => Inst::Load(dst, operand(ptr, regs), type_bytes(ty)),
                _ => other(regs),
            }
        }
        ("store", None) => {
            let atomic = rest.starts_with("atomic");
            let rest = rest
                .trim_start_matches("atomic ")
                .trim_start_matches("volatile ");
            let parts = ir::split_top(rest);
            match parts.as_slice() {
                [value, ptr, ..] => {
                    let ty = value.split_whitespace().next().unwrap_or("");
                    let value = if atomic {
                        Op::Top
                    } else {
                        operand(value, regs)
                    };
                    Inst::Store(value, type_bytes(ty), operand(ptr, regs))
                }
                _ => other(regs),
            }
        }
        ("getelementptr", Some(dst)) => {
            let mut rest = rest;
            for flag in ["inbounds ", "nuw ", "nusw "] {
                rest = rest.trim_start_matches(flag);
            }
            let parts = ir::split_top(rest);
            match parts.as_slice() {
                [ty, base, index] if *ty == "i8" => {
                    let offset = index.split_whitespace().last().and_then(|n| n.parse().ok());
                    Inst::Offset(dst, operand(base, regs), offset)
                }
                [_, base, ..] => Inst::Offset(dst, operand(base, regs), None),
                _ => other(regs),
            }
        }
        (
            "zext" | "sext" | "trunc" | "bitcast" | "ptrtoint" | "inttoptr" | "addrspacecast",
            Some(dst),
        ) => {
            let Some((from, to)) = rest.rsplit_once(" to ") else {
                return other(regs);
            };
            let from: Vec<&str> = from
                .split_whitespace()
                .filter(|w| !matches!(*w, "nuw" | "nsw" | "nneg"))
                .collect();
            let (Some(ty), Some(value)) = (from.first(), from.last()) else {
                return other(regs);
            };
            let cast = match opcode {
                "zext" => Cast::Zero,
                "sext" => Cast::Sign,
                "trunc" | "bitcast" | "addrspacecast" => Cast::Same,
                // An integer made a pointer keeps its value (rustix hands a system call's number
                // to its assembly as a pointer); a pointer made an integer escapes.
                "inttoptr" => Cast::Zero,
                _ => Cast::Unknown,
            };
            let to = to.trim();
            let (from_bits, to_bits) = (int_bits(ty), int_bits(to).or((to == "ptr").then_some(64)));
            match (cast, from_bits, to_bits) {
                (Cast::Unknown, ..) => Inst::Cast(dst, cast, operand(value, regs), 64, 64),
                (_, Some(f), Some(t)) => Inst::Cast(dst, cast, operand(value, regs), f, t),
                // A pointer or another type kept as it is (`bitcast ptr`).
                (Cast::Same, None, None) => Inst::Cast(dst, cast, operand(value, regs), 0, 0),
                _ => other(regs),
            }
        }
        ("freeze", Some(dst)) => {
            let bits = int_bits(rest.split_whitespace().next().unwrap_or("")).unwrap_or(0);
            Inst::Cast(dst, Cast::Same, operand(rest, regs), bits, bits)
        }
        (
            "add" | "sub" | "mul" | "and" | "or" | "xor" | "shl" | "lshr" | "ashr" | "udiv"
            | "sdiv" | "urem" | "srem",
            Some(dst),
        ) => {
            let parts = ir::split_top(rest);
            let [left, right] = parts.as_slice() else {
                return other(regs);
            };
            let words: Vec<&str> = left.split_whitespace().collect();
            match (words.len().checked_sub(2).map(|i| words[i]), words.last()) {
                (Some(ty), Some(a)) => match int_bits(ty) {
                    Some(bits) => Inst::Binary(
                        dst,
                        opcode.into(),
                        operand(a, regs),
                        operand(right, regs),
                        bits,
                    ),
                    None => other(regs),
                },
                _ => other(regs),
            }
        }
        ("icmp", Some(dst)) => {
            let parts = ir::split_top(rest);
            let [left, right] = parts.as_slice() else {
                return other(regs);
            };
            let words: Vec<&str> = left.split_whitespace().collect();
            if words.len() < 3 {
                return other(regs);
            }
            let n = words.len();
            let bits = int_bits(words[n - 2]).unwrap_or(64);
            Inst::Compare(
                dst,
                words[n - 3].into(),
                operand(words[n - 1], regs),
                operand(right, regs),
                bits,
            )
        }
        ("select", Some(dst)) => {
            let parts = ir::split_top(rest);
            match parts.as_slice() {
                [c, a, b] => {
                    Inst::Select(dst, operand(c, regs), operand(a, regs), operand(b, regs))
                }
                _ => other(regs),
            }
        }
        ("extractvalue", Some(dst)) => {
            let parts = ir::split_top(rest);
            let indices: Option<Vec<u32>> = parts.iter().skip(1).map(|i| i.parse().ok()).collect();
            match (parts.first(), indices) {
                (Some(agg), Some(indices)) => Inst::Extract(dst, operand(agg, regs), indices),
                _ => other(regs),
            }
        }
        ("insertvalue", Some(dst)) => {
            let parts = ir::split_top(rest);
            match parts.as_slice() {
                [agg, value, index] => {
                    let fields = agg.strip_prefix('{').and_then(|a| {
                        ir::balanced(&format!("{{{a}"), '{', '}')
                            .map(|(inner, _)| ir::split_top(inner).len())
                    });
                    match (fields, index.parse()) {
                        (Some(fields), Ok(index)) => Inst::Insert(
                            dst,
                            operand(agg, regs),
                            fields,
                            operand(value, regs),
                            index,
                        ),
                        _ => other(regs),
                    }
                }
                _ => other(regs),
            }
        }
        ("call" | "tail" | "musttail" | "notail", _) => {
            let Some(at) = body.find("call ") else {
                let args = registers_in(body, regs)
                    .into_iter()
                    .map(|r| (Op::Reg(r), 0))
                    .collect();
                return Inst::Call(dst, Target::Unreadable, args, None);
            };
            call(result, &body[at + 5..], regs)
        }
        ("atomicrmw" | "cmpxchg", _) => {
            let rest = rest.trim_start_matches("volatile ");
            let rest = rest.split_whitespace().skip_while(|w| *w != "ptr");
            let ptr: Vec<&str> = rest.take(2).collect();
            match ptr.get(1) {
                Some(p) => {
                    let ptr = operand(p.trim_end_matches(','), regs);
                    match dst {
                        // The result is unknown; the slot it changes is forgotten.
                        Some(dst) => {
                            Inst::Other(Some(dst), register_of(&ptr).into_iter().collect())
                        }
                        None => Inst::Forget(ptr),
                    }
                }
                None => other(regs),
            }
        }
        _ => other(regs),
    }
}

fn register_of(op: &Op) -> Option<Reg> {
    match op {
        Op::Reg(r) => Some(*r),
        _ => None,
    }
}

/// A call: the text after `call `/`invoke `.
fn call(result: Option<&str>, after: &str, regs: &mut Registers) -> Inst {
    let dst = result.map(|r| regs.get(r));
    let head = &after[..after.find(['@', '%']).unwrap_or(after.len())];
    if let Some(args) = ir::asm_syscall_args(after) {
        // As `ir.rs` reads it: C's `syscall(number, …)`.
        let args = args
            .iter()
            .map(|a| {
                (
                    if a.is_empty() {
                        Op::Top
                    } else {
                        operand(a, regs)
                    },
                    64,
                )
            })
            .collect();
        return Inst::Call(dst, Target::Direct("syscall".into()), args, None);
    }
    if head.split_whitespace().any(|w| w == "asm") {
        return Inst::Call(dst, Target::Asm, Vec::new(), None);
    }
    let unreadable = |regs: &mut Registers| {
        let args = registers_in(after, regs)
            .into_iter()
            .map(|r| (Op::Reg(r), 0))
            .collect();
        Inst::Call(dst, Target::Unreadable, args, None)
    };
    let Some(sigil) = after.find(['@', '%']) else {
        return unreadable(regs);
    };
    let (target, rest) = if after[sigil..].starts_with('@') {
        match ir::symbol_after(after, '@') {
            Some((symbol, rest)) => (Target::Direct(symbol), rest),
            None => return unreadable(regs),
        }
    } else {
        let end = after[sigil..].find('(').map_or(after.len(), |e| sigil + e);
        (Target::Indirect, &after[end..])
    };
    let Some((args, _)) = ir::balanced(rest, '(', ')') else {
        return unreadable(regs);
    };
    let args = ir::split_top(args)
        .iter()
        .map(|a| {
            let bits = int_bits(a.split_whitespace().next().unwrap_or("")).unwrap_or(0);
            (operand(a, regs), bits)
        })
        .collect();
    Inst::Call(dst, target, args, None)
}

/// The value of an operand, from its last word: `i32 noundef %x`, `ptr align 4 %s`, `i64 -1`.
fn operand(text: &str, regs: &mut Registers) -> Op {
    let Some(last) = text.split_whitespace().last() else {
        return Op::Top;
    };
    if last.starts_with('%') {
        return Op::Reg(regs.get(last));
    }
    if last.starts_with('@') {
        return ir::symbol_after(last, '@').map_or(Op::Top, |(name, _)| Op::Global(name.into()));
    }
    match last {
        "true" => Op::Int(1),
        "false" | "null" => Op::Int(0),
        _ => last.parse().map_or(Op::Top, Op::Int),
    }
}

fn registers_in(text: &str, regs: &mut Registers) -> Vec<Reg> {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | '[' | ']' | '{' | '}'))
        .filter(|w| w.starts_with('%') && w.len() > 1)
        .map(|w| regs.get(w))
        .collect()
}

fn int_bits(ty: &str) -> Option<u32> {
    let bits: u32 = ty.strip_prefix('i')?.parse().ok()?;
    (1..=64).contains(&bits).then_some(bits)
}

/// Bytes of a loaded or stored type, when it is an integer or a pointer.
fn type_bytes(ty: &str) -> Option<u32> {
    if ty == "ptr" {
        return Some(8);
    }
    int_bits(ty).map(|b| b.div_ceil(8))
}

// ---------------------------------------------------------------------------------------------
// Values

#[derive(Clone, Debug, PartialEq)]
enum V {
    /// An integer, its bits zero-extended from its width.
    Int(u64),
    /// A pointer into a stack slot: the slot, and the byte offset when known.
    Ptr(u32, Option<i64>),
    /// A pointer into a global, and the byte offset when known. What is in it is not followed.
    Global(Rc<str>, Option<i64>),
    Agg(Rc<[V]>),
    Top,
}

fn mask(value: u64, bits: u32) -> u64 {
    if bits >= 64 || bits == 0 {
        value
    } else {
        value & ((1u64 << bits) - 1)
    }
}

fn signed(value: u64, bits: u32) -> i64 {
    if bits >= 64 || bits == 0 {
        value as i64
    } else {
        let shift = 64 - bits;
        ((value << shift) as i64) >> shift
    }
}

/// Memory: each stack slot's known values, by byte offset, with their sizes; and the once-cells set
/// on every path here (set once, they stay set).
#[derive(Clone, Debug, Default, PartialEq)]
struct Mem(HashMap<u32, BTreeMap<i64, (u32, V)>>, BTreeSet<Cell>);

impl Mem {
    fn load(&self, ptr: &V, size: Option<u32>) -> V {
        match (ptr, size) {
            (V::Ptr(base, Some(offset)), Some(size)) => {
                match self.0.get(base).and_then(|s| s.get(offset)) {
                    Some((stored, value)) if *stored == size => value.clone(),
                    _ => V::Top,
                }
            }
            _ => V::Top,
        }
    }

    /// Forgets bytes `from..from + len` of a slot (all of it when the range is unknown).
    fn forget(&mut self, base: u32, range: Option<(i64, i64)>) {
        let Some(slot) = self.0.get_mut(&base) else {
            return;
        };
        match range {
            None => {
                self.0.remove(&base);
            }
            Some((from, len)) => {
                // A cell that starts before `from` may overlap it: cells are at most 8 bytes.
                let overlapping: Vec<i64> = slot
                    .range(from.saturating_sub(8)..from.saturating_add(len.max(1)))
                    .filter(|(at, (size, _))| at.saturating_add(i64::from(*size)) > from)
                    .map(|(at, _)| *at)
                    .collect();
                for at in overlapping {
                    slot.remove(&at);
                }
            }
        }
    }

    fn join(&mut self, other: &Mem) -> bool {
        let before: usize = self.0.values().map(BTreeMap::len).sum();
        self.0.retain(|base, slot| match other.0.get(base) {
            Some(theirs) => {
                slot.retain(|at, cell| theirs.get(at) == Some(cell));
                !slot.is_empty()
            }
            None => false,
        });
        let after: usize = self.0.values().map(BTreeMap::len).sum();
        let cells = self.1.len();
        self.1.retain(|c| other.1.contains(c));
        after != before || self.1.len() != cells
    }
}

#[derive(Clone, Debug, PartialEq)]
struct State {
    regs: HashMap<Reg, V>,
    mem: Mem,
}

impl State {
    /// Keeps what both states agree on. A pointer to a stack slot that a register loses this way
    /// escapes: what is later written through the unknown value may be written to that slot.
    /// (Memory never holds a pointer that has not escaped: a store makes it escape.)
    fn join(&mut self, other: &State, escaped: &mut HashSet<u32>) -> bool {
        for (r, theirs) in &other.regs {
            if self.regs.get(r) != Some(theirs) {
                add_bases(theirs, escaped);
            }
        }
        let before = self.regs.len();
        self.regs.retain(|r, v| {
            let keep = other.regs.get(r) == Some(v);
            if !keep {
                add_bases(v, escaped);
            }
            keep
        });
        let changed = self.regs.len() != before;
        self.mem.join(&other.mem) || changed
    }
}

fn add_bases(value: &V, escaped: &mut HashSet<u32>) {
    match value {
        V::Ptr(base, _) => {
            escaped.insert(*base);
        }
        V::Agg(fields) => fields.iter().for_each(|f| add_bases(f, escaped)),
        V::Int(_) | V::Global(..) | V::Top => {}
    }
}

// ---------------------------------------------------------------------------------------------
// Running

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    Must,
    May,
}

/// Why a run stopped without an answer.
#[derive(Debug)]
enum Stop {
    /// The target may be called: the answer is "maybe".
    Reached,
    /// A callee that cannot lead to the target could not be run: forget what it may change.
    GaveUp,
}

impl Stop {
    /// What a run that cannot go on means: "maybe" where it had to be run, "forget it" where not.
    fn in_mode(mode: Mode) -> Stop {
        match mode {
            Mode::Must => Stop::Reached,
            Mode::May => Stop::GaveUp,
        }
    }
}

struct Run<'p, 'a> {
    paths: &'p Paths<'a>,
    oracle: &'p dyn Oracle,
    through: Option<(u32, u32)>,
    /// The name the values gave the call of the sink that stopped the run, where it differs from
    /// the graph's.
    witness: Option<String>,
    /// Calls of the target that initialise a once-cell in a global, collected rather than
    /// stopping the run (`None`: not collected).
    once: Option<Vec<Cell>>,
    arming: Option<Arming>,
    steps: u64,
    budget: u64,
    next_base: u32,
    escaped: HashSet<u32>,
    /// Fns being run, innermost last, with the step count a `May` run started at.
    stack: Vec<(String, Mode, u64)>,
}

type Outcome = Option<(V, Mem)>;

impl<'p, 'a> Run<'p, 'a> {
    fn new(paths: &'p Paths<'a>, oracle: &'p dyn Oracle) -> Run<'p, 'a> {
        Run {
            paths,
            oracle,
            through: None,
            witness: None,
            once: None,
            arming: None,
            steps: 0,
            budget: BUDGET,
            next_base: 0,
            escaped: HashSet::new(),
            stack: Vec::new(),
        }
    }
}

/// What [`Paths::armed`] looks for.
struct Arming {
    root: String,
    holders: HashSet<String>,
    cells: Vec<Cell>,
}

impl Run<'_, '_> {
    /// Runs `symbol` with these arguments and memory: its return value and memory, or `None` when
    /// it never returns normally.
    fn function(
        &mut self,
        symbol: &str,
        args: Vec<V>,
        mem: Mem,
        mode: Mode,
    ) -> Result<Outcome, Stop> {
        let fail = Stop::in_mode(mode);
        let may_runs = self
            .stack
            .iter()
            .filter(|(_, m, _)| *m == Mode::May)
            .count();
        if self.stack.iter().any(|(s, ..)| s == symbol)
            || self.stack.len() >= MAX_DEPTH
            || (mode == Mode::May && may_runs >= MAY_DEPTH)
        {
            return Err(fail);
        }
        let Some(body) = self.paths.body(symbol) else {
            return Err(fail);
        };
        let base = self.next_base;
        self.next_base += body.allocas;
        let mut entry = State {
            regs: HashMap::new(),
            mem,
        };
        for (param, arg) in body.params.iter().zip(args) {
            entry.regs.insert(*param, arg);
        }
        self.stack.push((symbol.to_string(), mode, self.steps));
        let result = self.blocks(symbol, &body, base, entry);
        self.stack.pop();
        let outcome = result?;
        Ok(outcome.map(|(value, mut mem)| {
            for slot in base..base + body.allocas {
                mem.0.remove(&slot);
            }
            (value, mem)
        }))
    }

    fn blocks(
        &mut self,
        symbol: &str,
        body: &Body,
        base: u32,
        entry: State,
    ) -> Result<Outcome, Stop> {
        let mut states: Vec<Option<State>> = vec![None; body.blocks.len()];
        states[0] = Some(entry);
        let mut work: BTreeSet<BlockId> = BTreeSet::from([0]);
        let mut returned: Option<(V, Mem)> = None;
        while let Some(index) = work.pop_first() {
            let Some(mut state) = states[index].clone() else {
                continue;
            };
            let block = &body.blocks[index];
            let mut diverges = false;
            for inst in &block.insts {
                if !self.step(symbol, base, &mut state, inst)? {
                    diverges = true;
                    break;
                }
            }
            if diverges {
                continue;
            }
            let successors: Vec<BlockId> = match &block.term {
                Term::Jump(to) => vec![*to],
                Term::Branch(cond, yes, no) => match eval(&state, cond) {
                    V::Int(c) => vec![if c & 1 == 1 { *yes } else { *no }],
                    _ => vec![*yes, *no],
                },
                Term::Switch(value, bits, default, cases) => match eval(&state, value) {
                    V::Int(v) => vec![cases
                        .iter()
                        .find(|(c, _)| mask(*c as u64, *bits) == mask(v, *bits))
                        .map_or(*default, |(_, to)| *to)],
                    _ => cases.iter().map(|(_, to)| *to).chain([*default]).collect(),
                },
                Term::Return(value) => {
                    let value = value.as_ref().map_or(V::Top, |v| eval(&state, v));
                    returned = Some(match returned {
                        None => (value, state.mem),
                        Some((mut v, mut mem)) => {
                            if v != value {
                                add_bases(&v, &mut self.escaped);
                                add_bases(&value, &mut self.escaped);
                                v = V::Top;
                            }
                            mem.join(&state.mem);
                            (v, mem)
                        }
                    });
                    continue;
                }
                Term::End => continue,
                Term::Opaque => return Err(self.fail()),
            };
            for to in successors {
                let mut next = state.clone();
                // Phis read the values on this edge, all at once.
                let assigned: Vec<(Reg, V)> = body.blocks[to]
                    .insts
                    .iter()
                    .map_while(|inst| match inst {
                        Inst::Phi(dst, incoming) => Some((
                            *dst,
                            incoming
                                .iter()
                                .find(|(_, from)| *from == index)
                                .map_or(V::Top, |(v, _)| eval(&state, v)),
                        )),
                        _ => None,
                    })
                    .collect();
                next.regs.extend(assigned);
                match &mut states[to] {
                    slot @ None => {
                        *slot = Some(next);
                        work.insert(to);
                    }
                    Some(old) => {
                        if old.join(&next, &mut self.escaped) {
                            work.insert(to);
                        }
                    }
                }
            }
        }
        Ok(returned)
    }

    fn fail(&self) -> Stop {
        Stop::in_mode(self.mode())
    }

    fn mode(&self) -> Mode {
        self.stack.last().map_or(Mode::Must, |(_, mode, _)| *mode)
    }

    /// One instruction; `false` when execution cannot go on past it (a call that never returns).
    fn step(
        &mut self,
        symbol: &str,
        base: u32,
        state: &mut State,
        inst: &Inst,
    ) -> Result<bool, Stop> {
        self.steps += 1;
        if self.steps > self.budget {
            return Err(self.fail());
        }
        if let Some((_, Mode::May, from)) = self.stack.iter().find(|(_, m, _)| *m == Mode::May) {
            if self.steps - from > MAY_BUDGET {
                return Err(Stop::GaveUp);
            }
        }
        match inst {
            Inst::Alloca(dst, index) => {
                let slot = base + index;
                state.mem.0.remove(&slot);
                state.regs.insert(*dst, V::Ptr(slot, Some(0)));
            }
            Inst::Load(dst, ptr, size) => {
                let value = state.mem.load(&eval(state, ptr), *size);
                state.regs.insert(*dst, value);
            }
            Inst::Store(value, size, ptr) => {
                let value = eval(state, value);
                self.escape(&value);
                let ptr = eval(state, ptr);
                self.write(state, &ptr, size.map(i64::from));
                if let (V::Ptr(base, Some(offset)), Some(size)) = (&ptr, size) {
                    state
                        .mem
                        .0
                        .entry(*base)
                        .or_default()
                        .insert(*offset, (*size, value));
                }
            }
            Inst::Offset(dst, ptr, offset) => {
                let value = match (eval(state, ptr), offset) {
                    (V::Ptr(base, Some(at)), Some(offset)) => V::Ptr(base, at.checked_add(*offset)),
                    (V::Ptr(base, _), _) => V::Ptr(base, None),
                    (V::Global(name, Some(at)), Some(offset)) => {
                        V::Global(name, at.checked_add(*offset))
                    }
                    (V::Global(name, _), _) => V::Global(name, None),
                    _ => V::Top,
                };
                state.regs.insert(*dst, value);
            }
            Inst::Cast(dst, cast, value, from, to) => {
                let value = eval(state, value);
                let result = match (cast, &value) {
                    (Cast::Zero, V::Int(v)) => V::Int(mask(mask(*v, *from), *to)),
                    (Cast::Sign, V::Int(v)) => V::Int(mask(signed(*v, *from) as u64, *to)),
                    (Cast::Same, V::Int(v)) => V::Int(mask(*v, *to)),
                    (Cast::Same, V::Ptr(..) | V::Global(..)) if *to == 0 => value.clone(),
                    (Cast::Same, V::Agg(_)) if *to == 0 => value.clone(),
                    _ => {
                        self.escape(&value);
                        V::Top
                    }
                };
                state.regs.insert(*dst, result);
            }
            Inst::Binary(dst, op, a, b, bits) => {
                let (a, b) = (eval(state, a), eval(state, b));
                let result = match (&a, &b) {
                    (V::Int(a), V::Int(b)) => binary(op, *a, *b, *bits).map_or(V::Top, V::Int),
                    (V::Int(0), _) | (_, V::Int(0)) if op == "and" => V::Int(0),
                    _ => V::Top,
                };
                state.regs.insert(*dst, result);
            }
            Inst::Compare(dst, pred, a, b, bits) => {
                let (a, b) = (eval(state, a), eval(state, b));
                let result = compare(pred, &a, &b, *bits).map_or(V::Top, |c| V::Int(u64::from(c)));
                state.regs.insert(*dst, result);
            }
            Inst::Select(dst, cond, a, b) => {
                let value = match eval(state, cond) {
                    V::Int(c) if c & 1 == 1 => eval(state, a),
                    V::Int(_) => eval(state, b),
                    _ => {
                        let (a, b) = (eval(state, a), eval(state, b));
                        if a == b {
                            a
                        } else {
                            self.escape(&a);
                            self.escape(&b);
                            V::Top
                        }
                    }
                };
                state.regs.insert(*dst, value);
            }
            Inst::Phi(..) => {}
            Inst::Extract(dst, agg, indices) => {
                let mut value = eval(state, agg);
                for index in indices {
                    value = match value {
                        V::Agg(fields) => fields.get(*index as usize).cloned().unwrap_or(V::Top),
                        _ => V::Top,
                    };
                }
                state.regs.insert(*dst, value);
            }
            Inst::Insert(dst, agg, fields, value, index) => {
                let mut all: Vec<V> = match eval(state, agg) {
                    V::Agg(f) if f.len() == *fields => f.to_vec(),
                    _ => vec![V::Top; *fields],
                };
                if let Some(field) = all.get_mut(*index as usize) {
                    *field = eval(state, value);
                }
                state.regs.insert(*dst, V::Agg(all.into()));
            }
            Inst::Call(dst, target, args, loc) => {
                let values: Vec<V> = args.iter().map(|(a, _)| eval(state, a)).collect();
                // In the root, only the calls asked about can lead to the sink; the others are
                // run for what they compute, or forgotten.
                let asked = self.stack.len() != 1
                    || self.through.is_none()
                    || loc.and_then(|l| self.paths.outermost(l)) == self.through;
                let value = match target {
                    Target::Direct(callee) if callee.starts_with("llvm.") => {
                        self.intrinsic(state, callee, &values)
                    }
                    Target::Direct(callee) => {
                        let literal: Vec<Option<i64>> = args
                            .iter()
                            .map(|(a, bits)| match a {
                                Op::Int(v) if *bits > 0 => Some(*v),
                                _ => None,
                            })
                            .collect();
                        let known: Vec<Option<i64>> = values
                            .iter()
                            .zip(args)
                            .map(|(v, (_, bits))| match v {
                                V::Int(v) => Some(signed(*v, if *bits == 0 { 64 } else { *bits })),
                                _ => None,
                            })
                            .collect();
                        let graph = classify::call_name(callee, &literal);
                        let here = classify::call_name(callee, &known);
                        let (graph, here) = (
                            graph.as_deref().unwrap_or(callee),
                            here.as_deref().unwrap_or(callee),
                        );
                        let role = match asked {
                            true => self.oracle.direct(graph, here),
                            false => Role::May,
                        };
                        if self.arming.as_ref().is_some_and(|a| a.root == *callee) {
                            self.check_armed(state)?;
                        }
                        let once = self.oracle.once(graph);
                        let cell = match values.first() {
                            Some(V::Global(global, Some(offset))) if once => {
                                Some((global.clone(), *offset))
                            }
                            _ => None,
                        };
                        let collect = role == Role::Target && self.mode() == Mode::Must;
                        match (&mut self.once, &cell) {
                            // A once-cell's initialisation, reached: collected, the run goes on.
                            (Some(cells), Some(cell)) if collect => {
                                if !cells.contains(cell) {
                                    cells.push(cell.clone());
                                }
                                self.forget_call(state, &values);
                                V::Top
                            }
                            _ => {
                                if collect && here != graph {
                                    self.witness = Some(here.to_string());
                                }
                                let value = match self.call(state, callee, values, role)? {
                                    Some(value) => value,
                                    None => return Ok(false),
                                };
                                // Returned: the cell is set from here on.
                                if let Some(cell) = cell {
                                    state.mem.1.insert(cell);
                                }
                                value
                            }
                        }
                    }
                    Target::Indirect if !asked => {
                        self.forget_call(state, &values);
                        V::Top
                    }
                    Target::Indirect => match self.oracle.indirect(symbol) {
                        Role::May => {
                            self.forget_call(state, &values);
                            V::Top
                        }
                        _ => return Err(self.fail()),
                    },
                    Target::Asm => {
                        self.forget_call(state, &values);
                        V::Top
                    }
                    Target::Unreadable if asked => return Err(self.fail()),
                    Target::Unreadable => {
                        self.forget_call(state, &values);
                        V::Top
                    }
                };
                if let Some(dst) = dst {
                    state.regs.insert(*dst, value);
                }
            }
            Inst::Mention(names) => {
                let takes = self
                    .arming
                    .as_ref()
                    .is_some_and(|a| names.iter().any(|n| *n == a.root || a.holders.contains(n)));
                if takes {
                    self.check_armed(state)?;
                }
            }
            Inst::Forget(ptr) => {
                let ptr = eval(state, ptr);
                self.write(state, &ptr, None);
            }
            Inst::Other(dst, uses) => {
                for r in uses {
                    let value = state.regs.get(r).cloned().unwrap_or(V::Top);
                    if let V::Ptr(base, _) = value {
                        self.escape(&value);
                        state.mem.0.remove(&base);
                    }
                }
                if let Some(dst) = dst {
                    state.regs.insert(*dst, V::Top);
                }
            }
        }
        Ok(true)
    }

    /// At a place where the root's address is taken: every once-cell asked about must be set.
    fn check_armed(&self, state: &State) -> Result<(), Stop> {
        let arming = self.arming.as_ref().expect("only when arming");
        if arming.cells.iter().all(|c| state.mem.1.contains(c)) {
            Ok(())
        } else {
            Err(Stop::Reached)
        }
    }

    /// A direct call, by its role. `None`: the callee never returns.
    fn call(
        &mut self,
        state: &mut State,
        callee: &str,
        values: Vec<V>,
        role: Role,
    ) -> Result<Option<V>, Stop> {
        match (role, self.mode()) {
            (Role::Target, Mode::Must) => Err(Stop::Reached),
            // The walk does not reach the target through here (a `Safe` row, say): trust it.
            (Role::Target | Role::Must, Mode::May) => Err(Stop::GaveUp),
            (Role::Must, Mode::Must) => {
                let mem = std::mem::take(&mut state.mem);
                match self.function(callee, values, mem, Mode::Must)? {
                    Some((value, mem)) => {
                        state.mem = mem;
                        Ok(Some(value))
                    }
                    None => Ok(None),
                }
            }
            (Role::May, _) => {
                let mem = state.mem.clone();
                match self.function(callee, values.clone(), mem, Mode::May) {
                    Ok(Some((value, mem))) => {
                        state.mem = mem;
                        Ok(Some(value))
                    }
                    Ok(None) => Ok(None),
                    Err(Stop::GaveUp) => {
                        self.forget_call(state, &values);
                        Ok(Some(V::Top))
                    }
                    Err(stop) => Err(stop),
                }
            }
        }
    }

    fn intrinsic(&mut self, state: &mut State, name: &str, values: &[V]) -> V {
        let len = |i: usize| match values.get(i) {
            Some(V::Int(n)) => Some(*n as i64),
            _ => None,
        };
        if name.starts_with("llvm.memcpy") || name.starts_with("llvm.memmove") {
            let (to, from) = (
                values.first().cloned().unwrap_or(V::Top),
                values.get(1).cloned().unwrap_or(V::Top),
            );
            let n = len(2);
            self.write(state, &to, n);
            let n = n.filter(|n| (0..1 << 32).contains(n));
            if let (V::Ptr(dst, Some(at)), V::Ptr(src, Some(start)), Some(n)) = (&to, &from, n) {
                let (Some(end), Some(shift)) = (start.checked_add(n), at.checked_sub(*start))
                else {
                    return V::Top;
                };
                let cells: Vec<(i64, (u32, V))> = state
                    .mem
                    .0
                    .get(src)
                    .map(|slot| {
                        slot.range(*start..end)
                            .filter(|(o, (size, _))| o.saturating_add(i64::from(*size)) <= end)
                            .filter_map(|(o, cell)| Some((o.checked_add(shift)?, cell.clone())))
                            .collect()
                    })
                    .unwrap_or_default();
                state.mem.0.entry(*dst).or_default().extend(cells);
            }
            V::Top
        } else if name.starts_with("llvm.memset") {
            let to = values.first().cloned().unwrap_or(V::Top);
            self.write(state, &to, len(2));
            V::Top
        } else if name.starts_with("llvm.expect") {
            values.first().cloned().unwrap_or(V::Top)
        } else if name.starts_with("llvm.lifetime")
            || name.starts_with("llvm.dbg")
            || name.starts_with("llvm.assume")
        {
            V::Top
        } else {
            self.forget_call(state, values);
            V::Top
        }
    }

    /// A write of `len` bytes (unknown: `None`) through `ptr`.
    fn write(&mut self, state: &mut State, ptr: &V, len: Option<i64>) {
        match ptr {
            V::Ptr(base, Some(offset)) => state.mem.forget(*base, len.map(|l| (*offset, l))),
            V::Ptr(base, None) => state.mem.forget(*base, None),
            // Through a pointer from elsewhere: it may point at any slot whose address escaped.
            _ => {
                for base in &self.escaped {
                    state.mem.0.remove(base);
                }
            }
        }
    }

    fn escape(&mut self, value: &V) {
        add_bases(value, &mut self.escaped);
    }

    /// A call that is not run: it may keep and write through any pointer it is given, and through
    /// any that escaped before.
    fn forget_call(&mut self, state: &mut State, values: &[V]) {
        for value in values {
            self.escape(value);
        }
        for base in &self.escaped {
            state.mem.0.remove(base);
        }
    }
}

fn eval(state: &State, op: &Op) -> V {
    match op {
        Op::Reg(r) => state.regs.get(r).cloned().unwrap_or(V::Top),
        Op::Int(i) => V::Int(*i as u64),
        Op::Global(name) => V::Global(name.clone(), Some(0)),
        Op::Top => V::Top,
    }
}

fn binary(op: &str, a: u64, b: u64, bits: u32) -> Option<u64> {
    let (a, b) = (mask(a, bits), mask(b, bits));
    let (sa, sb) = (signed(a, bits), signed(b, bits));
    let value = match op {
        "add" => a.wrapping_add(b),
        "sub" => a.wrapping_sub(b),
        "mul" => a.wrapping_mul(b),
        "and" => a & b,
        "or" => a | b,
        "xor" => a ^ b,
        "shl" if b < u64::from(bits) => a << b,
        "lshr" if b < u64::from(bits) => a >> b,
        "ashr" if b < u64::from(bits) => (sa >> b) as u64,
        "udiv" if b != 0 => a / b,
        "urem" if b != 0 => a % b,
        "sdiv" if sb != 0 => sa.checked_div(sb)? as u64,
        "srem" if sb != 0 => sa.checked_rem(sb)? as u64,
        _ => return None,
    };
    Some(mask(value, bits))
}

fn compare(pred: &str, a: &V, b: &V, bits: u32) -> Option<bool> {
    match (a, b) {
        (V::Int(a), V::Int(b)) => {
            let (a, b) = (mask(*a, bits), mask(*b, bits));
            let (sa, sb) = (signed(a, bits), signed(b, bits));
            Some(match pred {
                "eq" => a == b,
                "ne" => a != b,
                "ugt" => a > b,
                "uge" => a >= b,
                "ult" => a < b,
                "ule" => a <= b,
                "sgt" => sa > sb,
                "sge" => sa >= sb,
                "slt" => sa < sb,
                "sle" => sa <= sb,
                _ => return None,
            })
        }
        // A stack slot is never null, and two slots are two addresses.
        (V::Ptr(..), V::Int(0)) | (V::Int(0), V::Ptr(..)) => match pred {
            "eq" => Some(false),
            "ne" => Some(true),
            _ => None,
        },
        (V::Ptr(x, Some(i)), V::Ptr(y, Some(j))) => {
            let same = x == y && i == j;
            let differ = x != y || i != j;
            match pred {
                "eq" if same || differ => Some(same),
                "ne" if same || differ => Some(!same),
                _ => None,
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sink is C's `waitpid`, asked about by the name the graph gives it; every Rust fn may
    /// lead to it; an indirect call may too.
    struct Waits;

    impl Oracle for Waits {
        fn direct(&self, graph: &str, here: &str) -> Role {
            match graph {
                "waitpid" if here == "waitpid(WNOHANG)" => Role::May,
                "waitpid" | "sleep" => Role::Target,
                _ if graph.starts_with("_ZN") => Role::Must,
                _ => Role::May,
            }
        }

        fn indirect(&self, _caller: &str) -> Role {
            Role::Target
        }
    }

    /// A module of these fns (bodies in LLVM's textual form), with the debug info the reader needs.
    fn never(fns: &str, root: &str) -> bool {
        let text = format!("{fns}\n!1 = !DIFile(filename: \"a.rs\", directory: \"/\")\n!2 = distinct !DISubprogram(name: \"f\", file: !1, line: 1)\n!3 = !DILocation(line: 7, column: 5, scope: !2)\n!4 = !DILocation(line: 8, column: 5, scope: !2)\n");
        let module = ir::parse(&text).unwrap();
        matches!(
            Paths::new(&text, &module).run(root, &Waits, None),
            Ok(Found::Never)
        )
    }

    /// nix's `waitpid(pid, options: Option<WaitPidFlag>)`, after rustc at opt-level 0: the options
    /// arrive as two `i32`s (tag, flags), are stored, and `match` picks the bits or 0.
    const NIX_WAITPID: &str = r#"
define internal i32 @_ZN3nix7waitpid17h1E(i32 %pid, i32 %0, i32 %1) unnamed_addr {
start:
  %bits = alloca [4 x i8], align 4
  %option_bits = alloca [4 x i8], align 4
  %options = alloca [8 x i8], align 4
  store i32 %0, ptr %options, align 4
  %2 = getelementptr inbounds i8, ptr %options, i64 4
  store i32 %1, ptr %2, align 4
  %3 = load i32, ptr %options, align 4, !dbg !3
  %_5 = zext i32 %3 to i64
  %4 = trunc nuw i64 %_5 to i1
  br i1 %4, label %bb3, label %bb2

bb3:
  %5 = getelementptr inbounds i8, ptr %options, i64 4
  %6 = load i32, ptr %5, align 4
  store i32 %6, ptr %bits, align 4
  %7 = invoke i32 @_ZN3nix4bits17h2E(ptr align 4 %bits)
          to label %bb20 unwind label %cleanup, !dbg !3

bb2:
  store i32 0, ptr %option_bits, align 4
  br label %bb4

bb20:
  store i32 %7, ptr %option_bits, align 4
  br label %bb4

bb4:
  %8 = load i32, ptr %option_bits, align 4
  %res = call i32 @waitpid(i32 %pid, ptr null, i32 %8), !dbg !3
  ret i32 %res

cleanup:
  %9 = landingpad { ptr, i32 }
          cleanup
  %status = call i32 @waitpid(i32 -1, ptr null, i32 0)
  resume { ptr, i32 } %9
}

define internal i32 @_ZN3nix4bits17h2E(ptr align 4 %self) unnamed_addr {
start:
  %_0 = load i32, ptr %self, align 4
  ret i32 %_0
}
"#;

    fn with_root(body: &str) -> String {
        format!("{NIX_WAITPID}\ndefine void @_ZN4root17h0E(i32 %sig) unnamed_addr {{\n{body}\n}}\n")
    }

    #[test]
    fn a_constant_handed_down_decides_the_call() {
        // Some(WNOHANG): the tag and the flags are constants.
        let reaper = with_root(
            "start:\n  %r = call i32 @_ZN3nix7waitpid17h1E(i32 -1, i32 1, i32 1), !dbg !4\n  ret void",
        );
        assert!(never(&reaper, "_ZN4root17h0E"));
        // None, and Some(WUNTRACED): the wait happens.
        for (tag, flags) in [(0, 0), (1, 2)] {
            let waits = with_root(&format!(
                "start:\n  %r = call i32 @_ZN3nix7waitpid17h1E(i32 -1, i32 {tag}, i32 {flags})\n  ret void"
            ));
            assert!(!never(&waits, "_ZN4root17h0E"), "tag {tag}, flags {flags}");
        }
        // The handler's own argument: either.
        let unknown = with_root(
            "start:\n  %r = call i32 @_ZN3nix7waitpid17h1E(i32 -1, i32 1, i32 %sig)\n  ret void",
        );
        assert!(!never(&unknown, "_ZN4root17h0E"));
    }

    #[test]
    fn a_branch_on_an_unknown_value_takes_both_sides_and_loops_end() {
        let looping = with_root(
            "start:\n  br label %head\n\nhead:\n  %i = phi i32 [ 0, %start ], [ %next, %head ]\n  %next = add i32 %i, 1\n  %done = icmp eq i32 %next, %sig\n  br i1 %done, label %out, label %head\n\nout:\n  %r = call i32 @_ZN3nix7waitpid17h1E(i32 -1, i32 1, i32 1)\n  ret void",
        );
        assert!(never(&looping, "_ZN4root17h0E"));
        let either = with_root(
            "start:\n  %c = icmp eq i32 %sig, 10\n  br i1 %c, label %a, label %b\n\na:\n  %r = call i32 @sleep(i32 1)\n  br label %b\n\nb:\n  ret void",
        );
        assert!(!never(&either, "_ZN4root17h0E"));
        let ruled_out = with_root(
            "start:\n  %c = icmp eq i32 3, 10\n  br i1 %c, label %a, label %b\n\na:\n  %r = call i32 @sleep(i32 1)\n  br label %b\n\nb:\n  ret void",
        );
        assert!(never(&ruled_out, "_ZN4root17h0E"));
    }

    #[test]
    fn what_a_call_not_run_may_write_is_forgotten() {
        // The flag's slot escapes to an unknown fn, which may change it before the branch.
        let body = |escape: &str| {
            with_root(&format!(
                "start:\n  %flag = alloca [4 x i8], align 4\n  store i32 0, ptr %flag, align 4\n  {escape}\n  %v = load i32, ptr %flag, align 4\n  %c = icmp eq i32 %v, 0\n  br i1 %c, label %b, label %a\n\na:\n  %r = call i32 @sleep(i32 1)\n  br label %b\n\nb:\n  ret void"
            ))
        };
        assert!(never(&body("call void @opaque()"), "_ZN4root17h0E"));
        assert!(!never(
            &body("call void @opaque(ptr %flag)"),
            "_ZN4root17h0E"
        ));
        // A pointer lost in a merge of two: a write through the unknown result may hit the slot.
        let merged = "%other = alloca [4 x i8], align 4\n  %p = select i1 %c0, ptr %flag, ptr %other\n  store i32 1, ptr %p, align 4";
        let merged = body(merged).replace("start:\n", "start:\n  %c0 = icmp eq i32 %sig, 1\n");
        assert!(!never(&merged, "_ZN4root17h0E"));
    }

    /// `main` runs `_ZN4init` (which sets the once-cell its argument points to) and installs
    /// `handler` (names its address), in some order.
    struct Installs;

    impl Oracle for Installs {
        fn direct(&self, graph: &str, _here: &str) -> Role {
            if graph.starts_with("_ZN7install") {
                Role::Must
            } else {
                Role::May
            }
        }

        fn indirect(&self, _caller: &str) -> Role {
            Role::May
        }

        fn once(&self, graph: &str) -> bool {
            graph.starts_with("_ZN4init")
        }
    }

    fn armed(main: &str) -> bool {
        let text = format!(
            "@CELL = internal global [8 x i8] zeroinitializer\n\
             define void @_ZN4init17h1E(ptr %cell) unnamed_addr {{\nstart:\n  ret void\n}}\n\
             define void @_ZN7install17h2E() unnamed_addr {{\nstart:\n  %r = call i64 @signal(i32 10, ptr @handler)\n  ret void\n}}\n\
             define void @handler(i32 %s) unnamed_addr {{\nstart:\n  ret void\n}}\n\
             define void @main_rs(i32 %argc) unnamed_addr {{\n{main}\n}}\n\
             !1 = !DIFile(filename: \"a.rs\", directory: \"/\")\n\
             !2 = distinct !DISubprogram(name: \"f\", file: !1, line: 1)\n"
        );
        let module = ir::parse(&text).unwrap();
        let cells = vec![(Rc::from("CELL"), 0)];
        Paths::new(&text, &module).armed("main_rs", &Installs, "handler", HashSet::new(), cells)
    }

    #[test]
    fn a_once_cell_set_before_the_handler_is_installed_is_armed() {
        let init = "  call void @_ZN4init17h1E(ptr @CELL)";
        let install = "  call void @_ZN7install17h2E()";
        assert!(armed(&format!("start:\n{init}\n{install}\n  ret void")));
        assert!(!armed(&format!("start:\n{install}\n{init}\n  ret void")));
        // Set on one path only.
        assert!(!armed(&format!(
            "start:\n  %c = icmp eq i32 %argc, 1\n  br i1 %c, label %a, label %b\n\na:\n{init}\n  br label %b\n\nb:\n{install}\n  ret void"
        )));
        // Another cell, or at another offset, is not this one.
        let other = "  %p = getelementptr inbounds i8, ptr @CELL, i64 8\n  call void @_ZN4init17h1E(ptr %p)";
        assert!(!armed(&format!("start:\n{other}\n{install}\n  ret void")));
    }

    #[test]
    fn an_indirect_call_or_an_unreadable_one_may_be_the_sink() {
        let indirect = with_root("start:\n  call void %sig()\n  ret void");
        assert!(!never(&indirect, "_ZN4root17h0E"));
        assert!(!never(
            &with_root("start:\n  callbr void asm \"\", \"\"()\n  ret void"),
            "_ZN4root17h0E"
        ));
        // A fn with no body that may lead to the sink.
        assert!(!never(
            &with_root("start:\n  call void @_ZN7missing17h3E()\n  ret void"),
            "_ZN4root17h0E"
        ));
    }
}
