//! Whether a root can really reach a sink that the walk found: the questions `paths.rs` answers,
//! with what the walk may follow from the root as what it knows of the call graph. The walk asks
//! before it reports; see the crate docs, "Method", step 5.

use std::cell::{OnceCell, RefCell};
use std::collections::{HashMap, HashSet};

use super::{Program, Site, Target};
use crate::classify::{self, Class};
use crate::paths::{self, Found, Paths, Role};

/// The question "can this root really call that sink?", asked of `paths.rs` for each sink the walk
/// finds, with what the walk may follow from the root as the oracle.
pub(super) struct Feasible<'a> {
    program: &'a Program,
    root: usize,
    paths: &'a Paths<'a>,
    reach: OnceCell<Reach>,
    /// Each node's direct callers, for `armed`, and whether the call only runs while unwinding.
    callers: OnceCell<HashMap<usize, Vec<(usize, bool)>>>,
    /// By sink and call in the root (line, column): no execution of the root calls the sink
    /// through that call.
    answers: RefCell<HashMap<(usize, Option<LineColumn>), Answer>>,
}

type LineColumn = (u32, u32);

/// Whether a root can call a sink, by `paths.rs`.
#[derive(Clone, Debug)]
pub(super) enum Answer {
    Never,
    /// With the name the values found give the call where they say more than the graph
    /// (`syscall(SYS_nanosleep)` for `syscall(?)`).
    Maybe(Option<String>),
}

/// What the walk may follow from a root (without `--panics`), backwards.
#[derive(Default)]
struct Reach {
    callers: HashMap<usize, Vec<usize>>,
    /// Code that calls back (`core::fmt::write`): what it calls depends on the chain, so it may
    /// lead anywhere.
    wild: Vec<usize>,
    /// The candidates of the indirect calls in each fn's body (its inlined frames' included).
    indirect: HashMap<usize, Vec<usize>>,
}

impl<'a> Feasible<'a> {
    pub(super) fn new(program: &'a Program, root: usize, paths: &'a Paths<'a>) -> Feasible<'a> {
        Feasible {
            program,
            root,
            paths,
            reach: OnceCell::new(),
            callers: OnceCell::new(),
            answers: Default::default(),
        }
    }

    pub(super) fn answer(&self, sink: usize, through: Option<&Site>) -> Answer {
        let program = self.program;
        if program.nodes[sink].inlined {
            return Answer::Maybe(None); // Its calls are in its callers' bodies: none to find.
        }
        let through = through.map(|site| (site.line, site.column));
        if let Some(answer) = self.answers.borrow().get(&(sink, through)) {
            return answer.clone();
        }
        let reach = self.reach.get_or_init(|| self.reach());
        let mut ancestors: HashSet<usize> = HashSet::new();
        let mut work: Vec<usize> = reach.wild.iter().copied().chain([sink]).collect();
        while let Some(node) = work.pop() {
            if ancestors.insert(node) {
                work.extend(reach.callers.get(&node).into_iter().flatten());
            }
        }
        let dangerous = reach
            .indirect
            .iter()
            .filter(|(_, candidates)| candidates.iter().any(|c| ancestors.contains(c)))
            .map(|(host, _)| *host)
            .collect();
        let question = Question {
            program,
            sink,
            ancestors,
            dangerous,
        };
        let root = &program.nodes[self.root].symbol;
        let answer = match self.paths.run(root, &question, through) {
            Ok(Found::Never) => Answer::Never,
            // Once-cells the program sets before the root can run: the deref is a load.
            Ok(Found::OnlyOnce(cells)) if self.armed(&cells) => Answer::Never,
            Ok(Found::OnlyOnce(_)) => Answer::Maybe(None),
            Err(witness) => Answer::Maybe(witness),
        };
        self.answers
            .borrow_mut()
            .insert((sink, through), answer.clone());
        answer
    }

    /// Whether the program's `main` sets each of these once-cells before it takes the root's
    /// address (to install it as a handler) or calls it, on every path: then the root never finds
    /// one uninitialised, and never waits for an initialiser. Only where nothing but `main` can
    /// take the address: every fn that takes it, and every fn that leads to one, is called
    /// directly, never through a pointer, from `main` down.
    fn armed(&self, cells: &[paths::Cell]) -> bool {
        let program = self.program;
        let Some(entry) = self
            .paths
            .entry_main()
            .and_then(|main| program.lookup(0, &main))
        else {
            return false;
        };
        let callers = self.callers.get_or_init(|| {
            let mut callers: HashMap<usize, Vec<(usize, bool)>> = HashMap::new();
            for (id, node) in program.nodes.iter().enumerate() {
                for edge in &node.edges {
                    if let Target::Fn(callee) = edge.target {
                        callers
                            .entry(callee)
                            .or_default()
                            .push((id, edge.unwinding));
                    }
                }
            }
            callers
        });
        let root = self.root;
        let mut takers: Vec<usize> = (0..program.nodes.len())
            .filter(|&n| program.nodes[n].taken.contains(&root))
            .collect();
        takers.extend(callers.get(&root).into_iter().flatten().map(|c| c.0));
        if takers.is_empty() {
            return false; // Installed from outside the program (an exported fn): unknown.
        }
        let pointed_to: HashSet<usize> = program
            .resolver
            .taken
            .iter()
            .copied()
            .chain(
                program
                    .resolver
                    .vtables
                    .iter()
                    .flat_map(|v| v.slots.iter().map(|s| s.1)),
            )
            .collect();
        let mut ancestors: HashSet<usize> = HashSet::new();
        let mut work = takers;
        while let Some(node) = work.pop() {
            if !ancestors.insert(node) {
                continue;
            }
            let above = callers.get(&node).map_or(&[][..], Vec::as_slice);
            let inlined = program.nodes[node].inlined;
            // A call made while unwinding (a drop that installs) is on no path `paths.rs` runs.
            let unwinding = above.iter().any(|c| c.1);
            if node != entry
                && (above.is_empty() || inlined || unwinding || pointed_to.contains(&node))
            {
                return false; // Reached otherwise than by direct calls from `main`.
            }
            work.extend(above.iter().map(|c| c.0));
        }
        let oracle = Arming { program, ancestors };
        let holders = self.paths.holders(&program.nodes[root].symbol);
        self.paths.armed(
            &program.nodes[entry].symbol,
            &oracle,
            &program.nodes[root].symbol,
            holders,
            cells.to_vec(),
        )
    }

    /// The walk's rules, from the root, once.
    fn reach(&self) -> Reach {
        let program = self.program;
        let mut reach = Reach::default();
        let mut host: HashMap<usize, usize> = HashMap::from([(self.root, self.root)]);
        let mut work = vec![self.root];
        while let Some(node) = work.pop() {
            let at = host[&node];
            for edge in &program.nodes[node].edges {
                let site = edge.outer.as_ref().or(edge.site.as_ref());
                if edge.unwinding || site.is_some_and(|s| program.in_unchecked(s)) {
                    continue;
                }
                let targets = match &edge.target {
                    Target::Fn(callee) => vec![*callee],
                    Target::Virtual(call) => program.resolver.virtual_call(call, program),
                    Target::Pointer(call) => program.resolver.pointer_call(call, program),
                    Target::InlineAsm => continue,
                };
                if !matches!(edge.target, Target::Fn(_)) {
                    reach.indirect.entry(at).or_default().extend(&targets);
                }
                for target in targets {
                    let callee = &program.nodes[target];
                    if callee.mark.is_some()
                        || target == self.root
                        || program.roots.contains(&target)
                    {
                        continue;
                    }
                    reach.callers.entry(target).or_default().push(node);
                    if program.may_sleep.contains(&target) {
                        continue;
                    }
                    match program.classify(target) {
                        Class::Callback => reach.wild.push(target),
                        Class::Follow if callee.defined && !host.contains_key(&target) => {
                            host.insert(target, if callee.inlined { at } else { target });
                            work.push(target);
                        }
                        _ => {}
                    }
                }
            }
        }
        reach
    }
}

struct Question<'a> {
    program: &'a Program,
    sink: usize,
    ancestors: HashSet<usize>,
    /// Fns with an indirect call that may lead to the sink.
    dangerous: HashSet<usize>,
}

impl paths::Oracle for Question<'_> {
    fn direct(&self, graph: &str, here: &str) -> Role {
        match self.program.lookup(0, graph) {
            // Where the values found say more than the IR's constants did, the call is the sink
            // unless what they say is fine (`waitpid(WNOHANG)`); if they name another hazard, the
            // finding stands, in the walk's category.
            Some(node) if node == self.sink => {
                if here != graph && matches!(classify::classify(here, false, false), Class::Safe(_))
                {
                    Role::May
                } else {
                    Role::Target
                }
            }
            Some(node) if self.ancestors.contains(&node) => {
                if self.program.classify(node) == Class::Callback {
                    Role::Target
                } else {
                    Role::Must
                }
            }
            _ => Role::May,
        }
    }

    fn indirect(&self, caller: &str) -> Role {
        match self.program.lookup(0, caller) {
            Some(node) if !self.dangerous.contains(&node) => Role::May,
            _ => Role::Target,
        }
    }

    fn once(&self, graph: &str) -> bool {
        self.program
            .lookup(0, graph)
            .is_some_and(|node| classify::is_once(&self.program.nodes[node].name))
    }
}

/// The oracle of `Feasible::armed`: the fns that lead to where the root's address is taken must
/// be run; a once-cell's initialisation is what it is.
struct Arming<'a> {
    program: &'a Program,
    ancestors: HashSet<usize>,
}

impl paths::Oracle for Arming<'_> {
    fn direct(&self, graph: &str, _here: &str) -> Role {
        match self.program.lookup(0, graph) {
            Some(node) if self.ancestors.contains(&node) => Role::Must,
            _ => Role::May,
        }
    }

    fn indirect(&self, _caller: &str) -> Role {
        // No fn that leads to the address is called through a pointer (`armed` checks).
        Role::May
    }

    /// Only a call that has always set the cell when it returns sets it here.
    fn once(&self, graph: &str) -> bool {
        self.program
            .lookup(0, graph)
            .is_some_and(|node| classify::sets_once(&self.program.nodes[node].name))
    }
}
