//! Glob imports of modules (`use super::*`, `pub use features::*`), looked up lazily.
//!
//! A glob is not copied into the importing scope: that is quadratic on generated crates
//! (web-sys's 1 500 modules each glob `super::*`, whose own globs re-export all 1 500, which made
//! twenty million copied entries). Instead each module keeps the modules it globs, and a name
//! not bound in a module is looked up through them when a path asks for it, breadth first (what
//! a nearer module binds comes before what it only imports), in the order of the imports.
//!
//! Visibility follows Rust where it decides what a glob brings: a module sees every name of
//! its ancestors (a child's `use super::*` brings the parent's private imports too), but only
//! the public names and the public globs (`pub use x::*`) of other modules. What other modules
//! expose does not depend on who asks, so it is computed over the graph of public globs, whose
//! cycles are merged into one pool each, and remembered per name once imports are settled.

use super::Def;
use super::scope::{Binding, NsMask, Scope};
use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::VecDeque;
use std::sync::{Arc, RwLock};

/// Per set, per name: what the set's public globs bring.
type Exposed = FxHashMap<u32, FxHashMap<Box<str>, Arc<[Binding]>>>;

/// One glob of a module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Glob {
    /// The module globbed.
    pub target: u32,
    /// `pub use …::*` (any `pub`): what it brings is visible to other modules.
    pub public: bool,
}

/// The glob graph of the modules, the strongly connected sets of its public part and what
/// each set exposes.
#[derive(Debug, Default)]
pub(crate) struct Globs {
    /// Globs of each module, in the order of its imports, without repeats.
    globs: Vec<Vec<Glob>>,
    /// Parent of each module.
    parent: Vec<Option<u32>>,
    /// The set (over public globs) each module belongs to.
    component_of: Vec<u32>,
    /// The sets.
    components: Vec<Component>,
    /// What each set's public globs bring, per name, as far as asked; forgotten whenever a
    /// public name or a glob is added.
    memo: RwLock<Exposed>,
}

#[derive(Debug, Default)]
struct Component {
    /// Members, sorted.
    members: Vec<u32>,
    /// Sets the members glob publicly outside this one: for one module, in import order.
    out: Vec<u32>,
    /// For a set of several modules: the public names of every member.
    pool: Option<Scope>,
}

impl Globs {
    /// Modules with these parents, globbing nothing yet.
    pub(crate) fn new(parent: Vec<Option<u32>>) -> Globs {
        let n = parent.len();
        let mut globs = Globs {
            globs: vec![Vec::new(); n],
            parent,
            ..Globs::default()
        };
        globs.rebuild(&[]);
        globs
    }

    /// Records that module `m` globs `glob.target`; true when that is new. Lookups see it after
    /// the next [`Globs::rebuild`].
    pub(crate) fn add(&mut self, m: usize, glob: Glob) -> bool {
        let Some(list) = self.globs.get_mut(m) else {
            return false;
        };
        match list.iter_mut().find(|g| g.target == glob.target) {
            Some(g) if g.public || !glob.public => false,
            Some(g) => {
                g.public = true;
                true
            }
            None => {
                list.push(glob);
                true
            }
        }
    }

    /// Recomputes the sets and their pools from the public globs and the scopes as they are.
    pub(crate) fn rebuild(&mut self, scopes: &[Scope]) {
        self.forget();
        let n = self.globs.len();
        let mut g: DiGraph<(), ()> = DiGraph::with_capacity(n, 0);
        for _ in 0..n {
            g.add_node(());
        }
        for (m, gs) in self.globs.iter().enumerate() {
            for glob in gs.iter().filter(|g| g.public) {
                if (glob.target as usize) < n && glob.target as usize != m {
                    g.add_edge(NodeIndex::new(m), NodeIndex::new(glob.target as usize), ());
                }
            }
        }
        let mut sets: Vec<Vec<u32>> = tarjan_scc(&g)
            .into_iter()
            .map(|c| {
                let mut c: Vec<u32> = c.into_iter().map(|x| x.index() as u32).collect();
                c.sort_unstable();
                c
            })
            .collect();
        sets.sort_unstable_by_key(|c| c.first().copied());
        let mut component_of = vec![0u32; n];
        for (i, c) in sets.iter().enumerate() {
            for &m in c {
                component_of[m as usize] = i as u32;
            }
        }
        let components = sets
            .into_iter()
            .enumerate()
            .map(|(i, members)| {
                let mut out: Vec<u32> = members
                    .iter()
                    .flat_map(|&m| &self.globs[m as usize])
                    .filter(|g| g.public)
                    .map(|g| component_of[g.target as usize])
                    .filter(|&c| c as usize != i)
                    .collect();
                if members.len() > 1 {
                    out.sort_unstable();
                }
                let mut seen = FxHashSet::default();
                out.retain(|c| seen.insert(*c));
                let pool = (members.len() > 1).then(|| {
                    let mut pool = Scope::default();
                    for &m in &members {
                        if let Some(scope) = scopes.get(m as usize) {
                            for (name, b) in scope.entries() {
                                if b.public {
                                    pool.add_shared(
                                        name,
                                        Binding {
                                            explicit: false,
                                            ..*b
                                        },
                                    );
                                }
                            }
                        }
                    }
                    pool
                });
                Component { members, out, pool }
            })
            .collect();
        self.component_of = component_of;
        self.components = components;
    }

    /// Keeps the pool of `m`'s set in step with a binding just added to `m`'s own scope.
    pub(crate) fn note(&mut self, m: usize, name: &str, binding: Binding) {
        if !binding.public {
            return;
        }
        self.forget();
        let Some(&c) = self.component_of.get(m) else {
            return;
        };
        if let Some(pool) = self
            .components
            .get_mut(c as usize)
            .and_then(|c| c.pool.as_mut())
        {
            pool.add(
                name,
                Binding {
                    explicit: false,
                    ..binding
                },
            );
        }
    }

    fn forget(&mut self) {
        if let Ok(memo) = self.memo.get_mut()
            && !memo.is_empty()
        {
            memo.clear();
        }
    }

    /// True when module `m` globs no module: its own scope is all there is.
    pub(crate) fn is_plain(&self, m: usize) -> bool {
        self.globs.get(m).is_none_or(Vec::is_empty)
    }

    /// Visits, in a fixed order, what `m`'s globs bring for `name` in `ns` (`m`'s own scope
    /// excluded, and `ns` already narrowed to what `m`'s explicit names leave open). `visit`
    /// returns true to stop.
    pub(crate) fn walk(
        &self,
        scopes: &[Scope],
        m: usize,
        name: &str,
        ns: NsMask,
        visit: &mut dyn FnMut(&Binding) -> bool,
    ) {
        let mut ancestors: Vec<u32> = Vec::new();
        let mut cur = self.parent.get(m).copied().flatten();
        while let Some(p) = cur {
            if ancestors.contains(&p) {
                break;
            }
            ancestors.push(p);
            cur = self.parent.get(p as usize).copied().flatten();
        }
        let mut seen_modules: FxHashSet<u32> = FxHashSet::default();
        seen_modules.insert(m as u32);
        let mut seen_sets: FxHashSet<u32> = FxHashSet::default();
        let mut queue: VecDeque<(u32, NsMask)> = VecDeque::new();
        for g in self.globs.get(m).into_iter().flatten() {
            queue.push_back((g.target, ns));
        }
        let shown = |b: &Binding, ns: NsMask, visit: &mut dyn FnMut(&Binding) -> bool| {
            b.ns & ns != 0
                && visit(&Binding {
                    ns: b.ns & ns,
                    ..*b
                })
        };
        while let Some((t, ns)) = queue.pop_front() {
            if !seen_modules.insert(t) {
                continue;
            }
            let Some(scope) = scopes.get(t as usize) else {
                continue;
            };
            if ancestors.contains(&t) {
                // An ancestor: all its names and all its globs.
                let own = scope.all(name);
                for b in own {
                    if shown(b, ns, visit) {
                        return;
                    }
                }
                let open = ns & !scope.explicit_ns(name);
                if open == 0 {
                    continue;
                }
                // Its public globs expose the same to everyone (remembered); its private
                // ones are followed here.
                for g in self.globs.get(t as usize).into_iter().flatten() {
                    if !g.public {
                        queue.push_back((g.target, open));
                    }
                }
                if let Some(&c) = self.component_of.get(t as usize)
                    && self.components[c as usize].pool.is_none()
                {
                    for b in self.exposed_by_globs(scopes, c, name).iter() {
                        if shown(b, open, visit) {
                            return;
                        }
                    }
                } else {
                    for g in self.globs.get(t as usize).into_iter().flatten() {
                        if g.public {
                            queue.push_back((g.target, open));
                        }
                    }
                }
                continue;
            }
            // Anyone else: what its set exposes, the same for every asker.
            let Some(&c) = self.component_of.get(t as usize) else {
                continue;
            };
            if !seen_sets.insert(c) {
                continue;
            }
            let comp = &self.components[c as usize];
            let open = match &comp.pool {
                Some(pool) => {
                    for b in pool.all(name) {
                        if shown(b, ns, visit) {
                            return;
                        }
                    }
                    ns
                }
                None => {
                    for b in scope.all(name).iter().filter(|b| b.public) {
                        if shown(b, ns, visit) {
                            return;
                        }
                    }
                    ns & !scope.explicit_ns(name)
                }
            };
            if open == 0 || comp.out.is_empty() {
                continue;
            }
            for b in self.exposed_by_globs(scopes, c, name).iter() {
                if shown(b, open, visit) {
                    return;
                }
            }
        }
    }

    /// What the public globs of set `c` bring for `name`, breadth first (the set's own names
    /// excluded), remembered.
    fn exposed_by_globs(&self, scopes: &[Scope], c: u32, name: &str) -> Arc<[Binding]> {
        if let Ok(map) = self.memo.read()
            && let Some(found) = map.get(&c).and_then(|by_name| by_name.get(name))
        {
            return Arc::clone(found);
        }
        let mut out: Vec<Binding> = Vec::new();
        let mut seen: FxHashSet<u32> = FxHashSet::default();
        seen.insert(c);
        let mut queue: VecDeque<u32> = self.components[c as usize].out.iter().copied().collect();
        while let Some(c) = queue.pop_front() {
            if !seen.insert(c) {
                continue;
            }
            let comp = &self.components[c as usize];
            let own: &[Binding] = match (&comp.pool, comp.members.as_slice()) {
                (Some(pool), _) => pool.all(name),
                (None, [t]) => scopes.get(*t as usize).map_or(&[], |s| s.all(name)),
                (None, _) => &[],
            };
            for b in own.iter().filter(|b| b.public) {
                if !out.iter().any(|o| o.def == b.def && o.ns & b.ns == b.ns) {
                    out.push(*b);
                }
            }
            queue.extend(comp.out.iter().copied());
        }
        let out: Arc<[Binding]> = out.into();
        if let Ok(mut map) = self.memo.write() {
            map.entry(c)
                .or_default()
                .insert(Box::from(name), Arc::clone(&out));
        }
        out
    }

    /// The first meaning `m`'s globs give `name` in `ns`.
    pub(crate) fn get(&self, scopes: &[Scope], m: usize, name: &str, ns: NsMask) -> Option<Def> {
        let mut found = None;
        self.walk(scopes, m, name, ns, &mut |b| {
            found = Some(b.def);
            true
        });
        found
    }
}
