//! Method calls attributed to modules, in two passes over the program. First, each call whose
//! receiver's type is known goes where that type's method is defined (`receiver.rs`); a call
//! on a std or dependency type, or on a receiver of unknown type, goes to a project extension
//! trait in scope that declares the method (`impl OkOrMessage for Option<T>`, imported), as
//! rustc would find it. Second, what is left is attributed by the method's name alone when
//! one project module defines a method of that name, the name is not one std or common crates
//! use ([`COMMON_METHOD_SET`]), it is never called anywhere in the analysed code on a receiver
//! known to be a std or dependency type (`header`, `to_hex`, `decode`… are dependency
//! methods too), and the caller names the defining module or a neighbour of it. Everything
//! else is counted unresolved.

use super::paths::Resolved;
use super::receiver::{Target, Value};
use super::scope::NS_TYPE;
use super::{ByOwner, Def, Resolver};
use crate::model::{Call, ItemKind, Location, MethodCalls, Reference};
use crate::parse::ir::{ImportBinding, Namespace};
use crate::parse::vocab::COMMON_METHOD_SET;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{BTreeMap, BTreeSet};

impl<'a> Resolver<'a> {
    /// The project traits implemented for a type that is not a project type (`impl Ext for
    /// Option<T>`, a blanket `impl<T: Bound> Ext for T`), listed under each method they
    /// declare, sorted, each with whether its only such impl forwards it to references of its
    /// own implementors (`impl<M: Matcher> Matcher for &M`, parse's `&`): such a trait is no
    /// extension of a std or dependency type, only a guess for a receiver of unknown type.
    pub(crate) fn find_extension_methods(&self) -> FxHashMap<String, Vec<(u32, bool)>> {
        // Trait → whether every foreign impl of it is a forwarding one.
        let mut traits: BTreeMap<u32, bool> = BTreeMap::new();
        for (m, facts) in self.facts.iter().enumerate() {
            for (trait_path, own) in &facts.trait_impls {
                let forwarding = matches!(own.as_slice(), [one] if one == "&");
                let foreign = own.is_empty()
                    || forwarding
                    || matches!(
                        self.resolve_path(m, own, false, NS_TYPE, false),
                        Resolved::None | Resolved::Def(Def::External(_))
                    );
                if foreign
                    && let Resolved::Def(Def::Item(t)) =
                        self.resolve_path(m, trait_path, false, NS_TYPE, false)
                    && self.items[t as usize].kind == ItemKind::Trait
                {
                    *traits.entry(t).or_insert(true) &= forwarding;
                }
            }
        }
        let mut out: FxHashMap<String, Vec<(u32, bool)>> = FxHashMap::default();
        for (t, forwarding) in traits {
            let item = &self.items[t as usize];
            for (owner, method) in &self.facts[item.module].typed_methods {
                if *owner == item.name && !COMMON_METHOD_SET.contains(method) {
                    out.entry(method.clone()).or_default().push((t, forwarding));
                }
            }
        }
        out
    }

    /// The module of a project extension trait declaring `method` that module `m` has in
    /// scope (defines, imports by name, through a glob, or `as _`); for a receiver known to be
    /// a std or dependency type (`external`), not a trait only forwarded to references.
    fn extension_trait(&self, m: usize, method: &str, external: bool) -> Option<usize> {
        self.extension_trait_item(m, method, external)
            .map(|t| self.items[t as usize].module)
    }

    /// What the method `method` of a project extension trait in scope of module `m` returns,
    /// called on a dependency type.
    pub(super) fn extension_result(&self, m: usize, method: &'a str) -> Option<Value<'a>> {
        let t = self.extension_trait_item(m, method, true)?;
        let item = &self.items[t as usize];
        let (at, path) = self.returned(&item.name, method, Some(item.module))?;
        Some(self.load(at, path, &[]))
    }

    /// The extension trait of [`Self::extension_trait`].
    fn extension_trait_item(&self, m: usize, method: &str, external: bool) -> Option<u32> {
        let traits = self.extension_methods.get(method)?;
        traits
            .iter()
            .filter(|(_, forwarding)| !(external && *forwarding))
            .map(|(t, _)| t)
            .find(|&&t| {
                let item = &self.items[t as usize];
                item.module == m
                    || self.resolve_path(m, &[item.name.as_str()], false, NS_TYPE, false)
                        == Resolved::Def(Def::Item(t))
                    || self.facts[m].imports.iter().any(|i| {
                        i.binding == ImportBinding::Underscore && i.path.last() == Some(&item.name)
                    })
            })
            .copied()
    }

    /// First pass over module `m`: where each of its method calls goes, from the receiver's
    /// type or an extension trait in scope (`Unknown` is left to the name rule), and the
    /// names of the methods it calls on std or dependency types.
    pub(crate) fn method_targets(&self, m: usize) -> (Vec<Target>, Vec<&'a str>) {
        let facts: &'a crate::parse::ir::ModuleFacts = &self.facts[m];
        let mut external = Vec::new();
        let targets = facts
            .refs
            .iter()
            .filter(|r| r.ns.is_method())
            .map(|r| {
                let (target, method) = if r.ns == Namespace::TypedMethod {
                    let method = r.path.rsplit("::").next().unwrap_or(&r.path);
                    (self.receiver_target(m, &r.path), method)
                } else {
                    (Target::Unknown, r.path.as_str())
                };
                if target != Target::Unknown && target != Target::External {
                    return target;
                }
                match self.extension_trait(m, method, target == Target::External) {
                    Some(t) => Target::Module(t, None),
                    None => {
                        if target == Target::External {
                            external.push(method);
                        }
                        target
                    }
                }
            })
            .collect();
        (targets, external)
    }

    /// Second pass: the method-call references of module `m`, from its `targets` (first
    /// pass), the modules every module names through real paths (`named`) and the method
    /// names called on std or dependency types anywhere (`external`). A call found by its
    /// name alone counts only when `m` names the defining module (or its parent or a
    /// sibling), directly or through a module it names: `client.post(..)` on an external HTTP
    /// client must not become an edge to the one project module that defines `post`.
    pub(crate) fn method_references_of(
        &self,
        m: usize,
        targets: &[Target],
        named: &[BTreeSet<usize>],
        external: &FxHashSet<&str>,
    ) -> (Vec<Reference>, MethodCalls, Vec<Call>) {
        let mut calls = MethodCalls::default();
        let mut called = Vec::new();
        let facts = &self.facts[m];
        let file = &self.modules[m].file;
        let mut out = Vec::new();
        let near = |t: usize, target: usize| {
            let parent = self.modules[target].parent;
            t == target
                || Some(t) == parent
                || (parent.is_some() && self.modules[t].parent == parent)
        };
        let by_name = |method: &str| -> Option<usize> {
            if COMMON_METHOD_SET.contains(method) || external.contains(method) {
                return None;
            }
            match self.methods.get(method).map(Vec::as_slice) {
                Some([only]) => Some(*only as usize),
                _ => None,
            }
        };
        let calls_here = facts.refs.iter().filter(|r| r.ns.is_method());
        for (r, target) in calls_here.zip(targets) {
            let mut owner = None;
            let (target, checked) = match *target {
                Target::Module(t, on) => {
                    owner = on.and_then(|i| self.items.get(i)).map(|i| i.name.clone());
                    (Some(t), true)
                }
                Target::External => {
                    calls.outside_project += 1;
                    continue;
                }
                Target::Unknown => {
                    let method = r.path.rsplit("::").next().unwrap_or(&r.path);
                    (by_name(method), false)
                }
            };
            let Some(target) = target else {
                calls.unresolved += 1;
                continue;
            };
            // A method found by its name alone counts only near a module the caller names.
            let plausible = checked || target == m || {
                let direct = named[m].iter().any(|&t| near(t, target));
                direct
                    || named[m]
                        .iter()
                        .any(|&via| named[via].iter().any(|&t| near(t, target)))
            };
            match (plausible, checked) {
                (false, _) => calls.unresolved += 1,
                (true, true) => calls.by_receiver_type += 1,
                (true, false) => calls.by_name += 1,
            }
            if plausible {
                // What the data stage follows to the tables the method's body touches.
                called.push(Call {
                    from: m,
                    line: r.line,
                    to: target,
                    owner: owner.clone(),
                    name: r.path.rsplit("::").next().unwrap_or(&r.path).to_string(),
                });
            }
            if plausible && target != m {
                out.push(Reference {
                    from: m,
                    to: target,
                    item: None,
                    kind: r.kind,
                    access: r.access,
                    location: Location::new(file.clone(), r.line, r.column),
                });
            }
        }
        (out, calls, called)
    }
}

/// The method tables of the program: method name → modules whose impls define it; owner and
/// method → modules that define or declare it; owner and name → where what a fn, method,
/// const or static returns is recorded.
pub(crate) struct MethodTables {
    pub(crate) methods: std::collections::HashMap<String, Vec<u32>>,
    pub(crate) typed_methods: ByOwner<Vec<u32>>,
    pub(crate) returns: ByOwner<Vec<(u32, u32)>>,
}

/// Builds the [`MethodTables`] of the program from its modules' facts.
pub(crate) fn method_tables(facts: &[crate::parse::ir::ModuleFacts]) -> MethodTables {
    let mut methods: std::collections::HashMap<String, Vec<u32>> = std::collections::HashMap::new();
    for (i, f) in facts.iter().enumerate() {
        for name in &f.impl_methods {
            methods.entry(name.clone()).or_default().push(i as u32);
        }
    }
    let mut typed_methods: ByOwner<Vec<u32>> = ByOwner::default();
    for (i, f) in facts.iter().enumerate() {
        for (owner, method) in &f.typed_methods {
            let defs = typed_methods
                .entry(owner.clone())
                .or_default()
                .entry(method.clone())
                .or_default();
            if defs.last() != Some(&(i as u32)) {
                defs.push(i as u32);
            }
        }
    }
    let mut returns: ByOwner<Vec<(u32, u32)>> = ByOwner::default();
    for (i, f) in facts.iter().enumerate() {
        for (j, (owner, name, _)) in f.returns.iter().enumerate() {
            returns
                .entry(owner.clone())
                .or_default()
                .entry(name.clone())
                .or_default()
                .push((i as u32, j as u32));
        }
    }
    MethodTables {
        methods,
        typed_methods,
        returns,
    }
}
