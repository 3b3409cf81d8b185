//! Stage `resolve`: turns the module tree's raw paths into references between modules and
//! items. Builds each module's scope (child modules, items, `use` bindings followed to a fixed
//! point through globs, renames and re-exports, across workspace crates), then resolves every
//! path, method call and macro invocation against it, in parallel.
//!
//! Takes the [`Workspace`] and the finished [`ModuleTree`] (crates and modules sorted, module
//! ids unique: the parse stage's job); returns the [`Program`]. Also resolves the paths data facts
//! write (`data_paths.rs`), so that later stages never resolve a path. Knows nothing of
//! syn (it reads only the span-free IR) and nothing of graphs or output.

mod data_paths;
mod generics;
mod globs;
mod methods;
mod paths;
mod prelude;
mod receiver;
mod scope;
#[cfg(test)]
mod tests;

use crate::discover::Workspace;
use crate::model::{Item, Location, Module, Program};
use crate::parse::ModuleTree;
use crate::parse::ir::{ImportBinding, ModuleFacts};
use globs::Glob;
use rayon::prelude::*;
use scope::{Binding, NS_ANY, NS_MACRO, NS_TYPE, NS_VALUE, NsMask, Scope, item_ns};
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

/// What a name means once resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Def {
    /// A project module (index into the sorted modules).
    Module(u32),
    /// A project item (index into the sorted items).
    Item(u32),
    /// An external crate (index into the external names table).
    External(u32),
}

/// Values by owner (a type's or trait's name, "" for free items), then by name: looked up
/// with two borrowed strings, no key to build.
pub(crate) type ByOwner<T> = rustc_hash::FxHashMap<String, rustc_hash::FxHashMap<String, T>>;

/// Everything resolution needs, built once.
pub(crate) struct Resolver<'a> {
    pub(crate) modules: &'a [Module],
    pub(crate) facts: &'a [ModuleFacts],
    pub(crate) items: &'a [Item],
    pub(crate) scopes: Vec<Scope>,
    /// Root module of each module's crate.
    pub(crate) crate_root: Vec<u32>,
    /// Extern prelude per crate.
    pub(crate) extern_prelude: Vec<HashMap<String, Def>>,
    /// Crate of each module is 2015 edition (paths in `use` are crate-relative).
    pub(crate) edition2015: Vec<bool>,
    /// Names of external crates.
    pub(crate) external_names: Vec<String>,
    /// `#[macro_export]` macros by name, across the workspace.
    pub(crate) exported_macros: HashMap<String, Vec<u32>>,
    /// Per crate: macros of modules declared `#[macro_use]`, by name (first by item order).
    pub(crate) macro_use: Vec<HashMap<String, u32>>,
    /// Method name → modules whose impls define it (one entry per definition).
    pub(crate) methods: HashMap<String, Vec<u32>>,
    /// `(type, method)` → modules whose impls (or trait declaration) define it.
    pub(crate) typed_methods: ByOwner<Vec<u32>>,
    /// `(owner, name)` → where what a fn or method returns, or a const's or static's type,
    /// is recorded: `(module, index into its facts' returns)` (owner "" for free items).
    pub(crate) returns: ByOwner<Vec<(u32, u32)>>,
    /// Method name → the project extension traits declaring it (see `methods.rs`).
    pub(crate) extension_methods: rustc_hash::FxHashMap<String, Vec<(u32, bool)>>,
    /// The modules each module globs, looked up lazily.
    pub(crate) globs: globs::Globs,
}

/// Resolves the tree into a [`Program`].
pub fn resolve(ws: &Workspace, tree: ModuleTree, pool: &rayon::ThreadPool) -> Program {
    let ModuleTree {
        crates,
        crate_dirs,
        modules: tree_modules,
        diagnostics,
        ..
    } = tree;
    let mut modules: Vec<Module> = Vec::with_capacity(tree_modules.len());
    let mut facts: Vec<ModuleFacts> = Vec::with_capacity(tree_modules.len());
    for mut tm in tree_modules {
        modules.push(Module {
            id: tm.id,
            krate: tm.krate,
            file: tm.file,
            line: tm.facts.line,
            loc: tm.facts.loc,
            items: tm.facts.items.len() as u32,
            parent: tm.parent,
            external: BTreeSet::new(),
            functions: std::mem::take(&mut tm.facts.functions),
            data_facts: std::mem::take(&mut tm.facts.data),
        });
        facts.push(tm.facts);
    }

    // Items, sorted by id.
    let mut items: Vec<Item> = Vec::new();
    for (mi, (m, f)) in modules.iter().zip(&facts).enumerate() {
        for it in &f.items {
            items.push(Item {
                id: format!("{}::{}", m.id, it.name),
                name: it.name.clone(),
                module: mi,
                kind: it.kind,
                location: Location::new(m.file.clone(), it.line, it.column),
                sql_name: it.sql_name.clone(),
            });
        }
    }
    items.sort_by(|a, b| {
        a.id.cmp(&b.id)
            .then(a.kind.cmp(&b.kind))
            .then(a.location.cmp(&b.location))
    });

    let resolver = Resolver::new(ws, &crates, &crate_dirs, &modules, &facts, &items);
    let mut resolver = resolver.with_imports();
    resolver.extension_methods = resolver.find_extension_methods();
    #[allow(clippy::type_complexity)]
    let per_module: Vec<(
        Vec<crate::model::Reference>,
        BTreeSet<String>,
        Vec<crate::model::Call>,
    )> = pool.install(|| {
        (0..modules.len())
            .into_par_iter()
            .map(|m| resolver.references_of(m))
            .collect()
    });
    let named: Vec<BTreeSet<usize>> = per_module
        .iter()
        .map(|(refs, _, _)| refs.iter().map(|r| r.to).collect())
        .collect();
    let targets: Vec<_> = pool.install(|| {
        (0..modules.len())
            .into_par_iter()
            .map(|m| resolver.method_targets(m))
            .collect()
    });
    let external: rustc_hash::FxHashSet<&str> = targets
        .iter()
        .flat_map(|(_, names)| names.iter().copied())
        .collect();
    #[allow(clippy::type_complexity)]
    let methods: Vec<(
        Vec<crate::model::Reference>,
        crate::model::MethodCalls,
        Vec<crate::model::Call>,
    )> = pool.install(|| {
        (0..modules.len())
            .into_par_iter()
            .map(|m| resolver.method_references_of(m, &targets[m].0, &named, &external))
            .collect()
    });
    let mut references = Vec::new();
    let mut externals = Vec::with_capacity(per_module.len());
    let mut calls = Vec::new();
    for (refs, ext, local) in per_module {
        references.extend(refs);
        externals.push(ext);
        calls.extend(local);
    }
    let mut method_calls = crate::model::MethodCalls::default();
    for (refs, counts, called) in methods {
        references.extend(refs);
        method_calls += counts;
        calls.extend(called);
    }
    calls.sort();
    let data_paths = resolver.data_paths();
    let arg_writes = resolver.arg_writes();
    drop(resolver);
    for (m, ext) in modules.iter_mut().zip(externals) {
        m.external = ext;
    }
    references.sort();
    let mut diagnostics = diagnostics;
    diagnostics.sort();
    Program {
        root: ws.root.clone(),
        crates,
        modules,
        items,
        references,
        data_paths,
        arg_writes,
        diagnostics,
        method_calls,
        calls,
    }
}

impl<'a> Resolver<'a> {
    fn new(
        ws: &Workspace,
        crates: &[crate::model::CrateInfo],
        crate_dirs: &[PathBuf],
        modules: &'a [Module],
        facts: &'a [ModuleFacts],
        items: &'a [Item],
    ) -> Self {
        let n = modules.len();
        let mut scopes = vec![Scope::default(); n];
        // Crate roots.
        let mut root_of_crate: Vec<Option<u32>> = vec![None; crates.len()];
        for (i, m) in modules.iter().enumerate() {
            if m.parent.is_none() && root_of_crate[m.krate].is_none() {
                root_of_crate[m.krate] = Some(i as u32);
            }
        }
        let crate_root: Vec<u32> = modules
            .iter()
            .map(|m| root_of_crate[m.krate].unwrap_or(0))
            .collect();
        // Child modules.
        for (i, m) in modules.iter().enumerate() {
            if let Some(p) = m.parent {
                let name = m.id.rsplit("::").next().unwrap_or(&m.id).to_string();
                scopes[p].add(
                    &name,
                    Binding {
                        ns: NS_TYPE,
                        def: Def::Module(i as u32),
                        explicit: true,
                        public: true,
                    },
                );
            }
        }
        // Items.
        let mut exported_macros: HashMap<String, Vec<u32>> = HashMap::new();
        let mut macro_export: HashMap<(usize, &str), bool> = HashMap::new();
        for f in facts.iter().enumerate() {
            for it in &f.1.items {
                if it.macro_export {
                    macro_export.insert((f.0, it.name.as_str()), true);
                }
            }
        }
        for (ii, it) in items.iter().enumerate() {
            let def = Def::Item(ii as u32);
            scopes[it.module].add(
                &it.name,
                Binding {
                    ns: item_ns(it.kind),
                    def,
                    explicit: true,
                    public: true,
                },
            );
            if macro_export.contains_key(&(it.module, it.name.as_str())) {
                let root = crate_root[it.module] as usize;
                scopes[root].add(
                    &it.name,
                    Binding {
                        ns: NS_MACRO,
                        def,
                        explicit: true,
                        public: true,
                    },
                );
                exported_macros
                    .entry(it.name.clone())
                    .or_default()
                    .push(ii as u32);
            }
        }
        // `#[macro_use] mod macros;`: its macros are in textual scope for the rest of the
        // crate, approximated as the whole crate.
        let mut macro_use: Vec<HashMap<String, u32>> = vec![HashMap::new(); crates.len()];
        let flagged: Vec<bool> = modules
            .iter()
            .map(|m| {
                m.parent.is_some_and(|p| {
                    let name = m.id.rsplit("::").next().unwrap_or(&m.id);
                    facts
                        .get(p)
                        .is_some_and(|f| f.macro_use_mods.iter().any(|x| x == name))
                })
            })
            .collect();
        for (ii, it) in items.iter().enumerate() {
            if it.kind == crate::model::ItemKind::Macro
                && flagged.get(it.module).copied().unwrap_or(false)
                && let Some(scope) = modules
                    .get(it.module)
                    .and_then(|m| macro_use.get_mut(m.krate))
            {
                scope.entry(it.name.clone()).or_insert(ii as u32);
            }
        }
        let (extern_prelude, external_names) =
            prelude::extern_preludes(ws, crates, crate_dirs, &root_of_crate, facts);
        let edition2015 = modules
            .iter()
            .map(|m| crates.get(m.krate).is_some_and(|c| c.edition == "2015"))
            .collect();
        let methods::MethodTables {
            methods,
            typed_methods,
            returns,
        } = methods::method_tables(facts);
        Resolver {
            typed_methods,
            returns,
            extension_methods: Default::default(),
            modules,
            facts,
            items,
            scopes,
            crate_root,
            extern_prelude,
            edition2015,
            external_names,
            exported_macros,
            macro_use,
            methods,
            globs: globs::Globs::new(modules.iter().map(|m| m.parent.map(|p| p as u32)).collect()),
        }
    }

    /// Follows every `use` to a fixed point. Imports by name are bound in the importing scope;
    /// globs of modules are recorded as edges of the glob graph and looked up lazily; globs of
    /// an item (enum variants, table columns) are bound like names.
    fn with_imports(mut self) -> Self {
        const MAX_ROUNDS: usize = 32;
        // Globs resolved once and for all.
        let mut done: Vec<Vec<bool>> = self
            .facts
            .iter()
            .map(|f| vec![false; f.imports.len()])
            .collect();
        for _ in 0..MAX_ROUNDS {
            let mut changed = false;
            let mut edges = false;
            let facts = self.facts;
            for (m, module_facts) in facts.iter().enumerate() {
                for (k, imp) in module_facts.imports.iter().enumerate() {
                    if imp.binding == ImportBinding::Underscore || done[m][k] {
                        continue;
                    }
                    let Some(target) = self.resolve_import(m, imp, false) else {
                        continue;
                    };
                    match &imp.binding {
                        ImportBinding::Name(name) => {
                            changed |= self.bind_import(m, name, &target, imp.is_pub);
                        }
                        ImportBinding::Underscore => {}
                        ImportBinding::Glob => {
                            done[m][k] = true;
                            match target.first().map(|b| b.def) {
                                Some(Def::Module(t)) => {
                                    edges |= self.globs.add(
                                        m,
                                        Glob {
                                            target: t,
                                            public: imp.is_pub,
                                        },
                                    );
                                }
                                Some(def @ Def::Item(_)) => {
                                    for (name, b) in self.item_members(def) {
                                        let binding = Binding {
                                            explicit: false,
                                            public: imp.is_pub,
                                            ..b
                                        };
                                        if self.scopes[m].add_shared(&name, binding) {
                                            self.globs.note(m, &name, binding);
                                            changed = true;
                                        }
                                    }
                                }
                                _ => {}
                            }
                        }
                    }
                }
            }
            if edges {
                self.globs.rebuild(&self.scopes);
                changed = true;
            }
            if !changed {
                break;
            }
        }
        // Names imported from a project module that does not visibly define them (derive- or
        // macro-generated items) mean that module.
        let facts = self.facts;
        for (m, module_facts) in facts.iter().enumerate() {
            for imp in &module_facts.imports {
                let ImportBinding::Name(name) = &imp.binding else {
                    continue;
                };
                if !self.all(m, name).is_empty() {
                    continue;
                }
                if let Some(target) = self.resolve_import(m, imp, true) {
                    self.bind_import(m, name, &target, imp.is_pub);
                }
            }
        }
        self
    }

    /// Binds `name` in module `m` to each meaning of an import's target; true when the scope
    /// changed.
    fn bind_import(&mut self, m: usize, name: &str, target: &[Binding], public: bool) -> bool {
        let mut changed = false;
        for b in target {
            let binding = Binding {
                ns: b.ns,
                def: b.def,
                explicit: true,
                public,
            };
            if self.scopes[m].add(name, binding) {
                self.globs.note(m, name, binding);
                changed = true;
            }
        }
        changed
    }

    /// The first meaning of `name` in `ns` inside module `m`: its own names, then what its
    /// globs bring where its own names leave the namespace open.
    pub(crate) fn get(&self, m: usize, name: &str, ns: NsMask) -> Option<Def> {
        let scope = &self.scopes[m];
        if let Some(d) = scope.get(name, ns) {
            return Some(d);
        }
        if self.globs.is_plain(m) {
            return None;
        }
        let open = ns & !scope.explicit_ns(name);
        if open == 0 {
            return None;
        }
        self.globs.get(&self.scopes, m, name, open)
    }

    /// Every meaning of `name` inside module `m` (own ones first, one per definition).
    pub(crate) fn all(&self, m: usize, name: &str) -> Vec<Binding> {
        let scope = &self.scopes[m];
        let mut out: Vec<Binding> = scope.all(name).to_vec();
        if self.globs.is_plain(m) {
            return out;
        }
        let open = NS_ANY & !scope.explicit_ns(name);
        if open == 0 {
            return out;
        }
        self.globs.walk(&self.scopes, m, name, open, &mut |b| {
            match out.iter_mut().find(|o| o.def == b.def) {
                Some(o) => o.ns |= b.ns,
                None => out.push(Binding {
                    explicit: false,
                    ..*b
                }),
            }
            false
        });
        out
    }

    /// The names a glob of item `def` brings in: an enum's variants, a table's columns.
    fn item_members(&self, def: Def) -> Vec<(Arc<str>, Binding)> {
        match def {
            Def::Item(i) => {
                let item = &self.items[i as usize];
                let f = &self.facts[item.module];
                let members = f
                    .items
                    .iter()
                    .find(|it| it.name == item.name)
                    .map(|it| it.members.clone())
                    .unwrap_or_default();
                let mut out: Vec<(Arc<str>, Binding)> = members
                    .into_iter()
                    .map(|n| {
                        (
                            Arc::from(n),
                            Binding {
                                ns: NS_VALUE | NS_TYPE,
                                def,
                                explicit: false,
                                public: true,
                            },
                        )
                    })
                    .collect();
                if item.kind == crate::model::ItemKind::Table {
                    out.push((
                        Arc::from(item.name.as_str()),
                        Binding {
                            ns: NS_VALUE | NS_TYPE,
                            def,
                            explicit: false,
                            public: true,
                        },
                    ));
                }
                out
            }
            Def::Module(_) | Def::External(_) => Vec::new(),
        }
    }
}
