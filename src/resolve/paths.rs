//! Path resolution: a path's first segment through `crate`/`self`/`super`, the module's scope
//! or the extern prelude, then each further segment through module scopes, stopping at a type
//! (what follows is an associated item, variant or column). Also the references a module
//! makes, which is resolution applied to its imports and raw refs.

use super::scope::{Binding, NS_ANY, NS_MACRO, NS_TYPE, NS_VALUE, NsMask};
use super::{Def, Resolver};
use crate::model::{Access, Call, EdgeKind, Location, MethodCalls, Reference};
use crate::parse::ir::{ImportFact, Namespace, RawRef};
use crate::parse::vocab::COMMON_METHOD_SET;
use std::collections::BTreeSet;

/// Where a method called on a receiver of known type is defined.
enum TypedTarget<'r> {
    /// In this project module, on this project type or trait (an item index).
    Module(usize, usize),
    /// Outside the project (a std or dependency type).
    External,
    /// Not known from the type: the method's name, for the name-only rule.
    Unknown(&'r str),
}

/// Outcome of resolving a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolved {
    /// The path names this.
    Def(Def),
    /// The path goes into a project module and then names something the resolver cannot see
    /// (a derive-generated item, a cfg'd-out item): a reference to the module.
    Partial(u32),
    /// Not a project path (local, generic parameter, prelude, unknown).
    None,
}

fn ns_mask(ns: Namespace) -> NsMask {
    match ns {
        Namespace::Type => NS_TYPE,
        Namespace::Value => NS_VALUE,
        Namespace::Macro => NS_MACRO,
        Namespace::Method | Namespace::TypedMethod => NS_VALUE,
    }
}

impl Resolver<'_> {
    /// The first segment's meaning.
    fn resolve_first(&self, m: usize, first: &str, ns: NsMask, is_use: bool) -> Option<Def> {
        if is_use && self.edition2015[m] {
            let root = self.crate_root[m] as usize;
            if let Some(d) = self.get(root, first, ns) {
                return Some(d);
            }
        }
        if let Some(d) = self.get(m, first, ns) {
            return Some(d);
        }
        if ns & NS_MACRO != 0 {
            // Textual macro scope, approximated by the ancestors, then exported macros.
            let mut cur = self.modules[m].parent;
            while let Some(p) = cur {
                if let Some(d) = self.get(p, first, NS_MACRO) {
                    return Some(d);
                }
                cur = self.modules[p].parent;
            }
            if let Some(d) = self
                .macro_use
                .get(self.modules[m].krate)
                .and_then(|s| s.get(first))
            {
                return Some(Def::Item(*d));
            }
            if let Some(list) = self.exported_macros.get(first)
                && let Some(i) = list.first()
            {
                return Some(Def::Item(*i));
            }
        }
        if ns & NS_TYPE != 0 || is_use {
            return self.extern_prelude[self.modules[m].krate]
                .get(first)
                .copied();
        }
        None
    }

    /// Resolves `segs` as written in module `m`, the last segment in `ns`.
    pub(crate) fn resolve_path<S: AsRef<str>>(
        &self,
        m: usize,
        segs: &[S],
        leading_colon: bool,
        ns: NsMask,
        is_use: bool,
    ) -> Resolved {
        let Some(first) = segs.first().map(AsRef::as_ref) else {
            return Resolved::None;
        };
        let mut i = 1;
        let mut cur = if leading_colon {
            match self.extern_prelude[self.modules[m].krate].get(first) {
                Some(d) => *d,
                None if self.edition2015[m] => {
                    match self.get(self.crate_root[m] as usize, first, NS_ANY) {
                        Some(d) => d,
                        None => return Resolved::None,
                    }
                }
                None => return Resolved::None,
            }
        } else {
            match first {
                "crate" | "$crate" => Def::Module(self.crate_root[m]),
                "self" => Def::Module(m as u32),
                "super" => {
                    let mut cur = m;
                    i = 0;
                    while segs.get(i).is_some_and(|s| s.as_ref() == "super") {
                        match self.modules[cur].parent {
                            Some(p) => cur = p,
                            None => return Resolved::None,
                        }
                        i += 1;
                    }
                    Def::Module(cur as u32)
                }
                "Self" => return Resolved::None,
                _ => {
                    let first_ns = if segs.len() == 1 { ns } else { NS_TYPE };
                    match self.resolve_first(m, first, first_ns, is_use) {
                        Some(d) => d,
                        None => return Resolved::None,
                    }
                }
            }
        };
        while i < segs.len() {
            let last = i + 1 == segs.len();
            match cur {
                Def::Module(t) => {
                    let want = if last { ns } else { NS_TYPE };
                    let target = t as usize;
                    let found = self.get(target, segs[i].as_ref(), want).or_else(|| {
                        if last {
                            self.get(target, segs[i].as_ref(), NS_ANY)
                        } else {
                            None
                        }
                    });
                    match found {
                        Some(d) => cur = d,
                        None => return Resolved::Partial(t),
                    }
                }
                // What follows a type is an associated item, a variant or a column.
                Def::Item(_) | Def::External(_) => return Resolved::Def(cur),
            }
            i += 1;
        }
        Resolved::Def(cur)
    }

    /// The bindings an import leaf brings (several for a name bound in several namespaces).
    pub(crate) fn resolve_import(
        &self,
        m: usize,
        imp: &ImportFact,
        partial: bool,
    ) -> Option<Vec<Binding>> {
        let segs = &imp.path;
        if segs.is_empty() {
            return None;
        }
        if imp.binding == crate::parse::ir::ImportBinding::Glob {
            return match self.resolve_path(m, segs, imp.leading_colon, NS_TYPE, true) {
                Resolved::Def(d) => Some(vec![Binding {
                    ns: NS_ANY,
                    def: d,
                    explicit: true,
                    public: true,
                }]),
                _ => None,
            };
        }
        // Resolve the parent, then take every binding of the last name there.
        let (last, parent) = segs.split_last()?;
        if parent.is_empty() {
            // `use foo;` names a crate (or, in 2015, a root item) — or `extern crate foo`.
            let def = self.resolve_first(m, last, NS_ANY, true)?;
            return Some(vec![Binding {
                ns: NS_ANY,
                def,
                explicit: true,
                public: true,
            }]);
        }
        match self.resolve_path(m, parent, imp.leading_colon, NS_TYPE, true) {
            Resolved::Def(Def::Module(t)) => {
                let bs: Vec<Binding> = self.all(t as usize, last);
                if bs.is_empty() && partial {
                    // A name the module does not visibly define (generated by a derive or a
                    // macro, e.g. SeaORM's `Entity`): it still lives in that module.
                    Some(vec![Binding {
                        ns: NS_TYPE | NS_VALUE,
                        def: Def::Module(t),
                        explicit: true,
                        public: true,
                    }])
                } else if bs.is_empty() {
                    None
                } else {
                    Some(bs)
                }
            }
            Resolved::Def(d) => Some(vec![Binding {
                ns: NS_ANY,
                def: d,
                explicit: true,
                public: true,
            }]),
            _ => None,
        }
    }

    fn target_of(&self, def: Def) -> Option<(usize, Option<usize>)> {
        match def {
            Def::Module(t) => Some((t as usize, None)),
            Def::Item(i) => self
                .items
                .get(i as usize)
                .map(|it| (it.module, Some(i as usize))),
            Def::External(_) => None,
        }
    }

    /// Every reference module `m` makes, the external crates it uses, and its calls of its own
    /// functions.
    pub(crate) fn references_of(&self, m: usize) -> (Vec<Reference>, BTreeSet<String>, Vec<Call>) {
        let mut local_calls = Vec::new();
        let facts = &self.facts[m];
        let file = &self.modules[m].file;
        let mut out = Vec::new();
        let mut external = BTreeSet::new();
        let push = |def: Def,
                    kind: EdgeKind,
                    access: Access,
                    line: u32,
                    column: u32,
                    out: &mut Vec<Reference>,
                    external: &mut BTreeSet<String>| {
            if let Def::External(e) = def {
                if let Some(name) = self.external_names.get(e as usize) {
                    external.insert(name.clone());
                }
                return;
            }
            if let Some((to, item)) = self.target_of(def)
                && to != m
            {
                out.push(Reference {
                    from: m,
                    to,
                    item,
                    kind,
                    access,
                    location: Location::new(file.clone(), line, column),
                });
            }
        };
        for imp in &facts.imports {
            if let Some(bs) = self.resolve_import(m, imp, true) {
                // One reference per leaf: the first meaning (they share a defining module
                // almost always).
                if let Some(b) = bs.first() {
                    push(
                        b.def,
                        EdgeKind::Use,
                        Access::Read,
                        imp.line,
                        imp.column,
                        &mut out,
                        &mut external,
                    );
                }
            }
        }
        for r in facts.refs.iter().filter(|r| !r.ns.is_method()) {
            self.resolve_ref(m, r, &mut |def| {
                // A call of a function of this same module is no reference, but the data
                // stage follows it.
                if let Def::Item(i) = def
                    && let Some(item) = self.items.get(i as usize)
                    && item.module == m
                    && item.kind == crate::model::ItemKind::Fn
                {
                    local_calls.push(Call {
                        from: m,
                        line: r.line,
                        to: m,
                        owner: None,
                        name: item.name.clone(),
                    });
                }
                push(
                    def,
                    r.kind,
                    r.access,
                    r.line,
                    r.column,
                    &mut out,
                    &mut external,
                )
            });
        }
        (out, external, local_calls)
    }

    /// The method-call references of module `m`, given the modules every module names through
    /// real paths (`named`). A method call counts only when `m` names the defining module (or
    /// its parent or a sibling), directly or through a module it names: `client.post(..)` on
    /// an external HTTP client must not become an edge to the one project module that defines
    /// `post`, while `state.db.insert(..)` through a field of a named type still counts.
    pub(crate) fn method_references_of(
        &self,
        m: usize,
        named: &[BTreeSet<usize>],
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
            if COMMON_METHOD_SET.contains(method) {
                return None;
            }
            match self.methods.get(method).map(Vec::as_slice) {
                Some([only]) => Some(*only as usize),
                _ => None,
            }
        };
        for r in facts.refs.iter().filter(|r| r.ns.is_method()) {
            let mut owner_item = None;
            let (target, checked) = if r.ns == Namespace::TypedMethod {
                match self.typed_method_target(m, &r.path) {
                    TypedTarget::Module(t, owner) => {
                        owner_item = Some(owner);
                        (Some(t), true)
                    }
                    TypedTarget::External => {
                        calls.outside_project += 1;
                        continue;
                    }
                    TypedTarget::Unknown(method) => (by_name(method), false),
                }
            } else {
                (by_name(&r.path), false)
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
                let name = r.path.rsplit("::").next().unwrap_or(&r.path);
                called.push(Call {
                    from: m,
                    line: r.line,
                    to: target,
                    owner: owner_item
                        .and_then(|i| self.items.get(i))
                        .map(|i| i.name.clone()),
                    name: name.to_string(),
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

    /// Where `Type::method` (a call on a receiver of that type, written in module `m`) is
    /// defined: in a project module that implements or declares it for that type; nowhere in
    /// the project when the type is std's or a dependency's; unknown when the type is a
    /// generic parameter, an alias or has no such method of its own (a derive, a blanket
    /// impl), where the method's name is all there is.
    fn typed_method_target<'r>(&self, m: usize, path: &'r str) -> TypedTarget<'r> {
        let Some((ty, method)) = path.rsplit_once("::") else {
            return TypedTarget::Unknown(path);
        };
        let all: Vec<&str> = ty.split("::").collect();
        let split = all
            .iter()
            .position(|s| s.starts_with('.'))
            .unwrap_or(all.len());
        let (segs, fields) = all.split_at(split);
        // The type, then the type of each field in turn (looked up where its struct is).
        let mut at = m;
        let mut segs: Vec<&str> = segs.to_vec();
        let mut fields = fields.iter().map(|f| f.trim_start_matches('.')).peekable();
        let mut hops = 0;
        let mut via_field = false;
        loop {
            let (item, item_index) = match self.resolve_path(at, &segs, false, NS_TYPE, false) {
                Resolved::Def(Def::External(_)) => return TypedTarget::External,
                Resolved::Def(Def::Item(i)) => match self.items.get(i as usize) {
                    Some(item) => (item, i as usize),
                    None => return TypedTarget::Unknown(method),
                },
                // Not a project path (std's prelude, a dependency's glob): not ours. (A field's
                // type may be the struct's generic parameter, which says nothing.)
                Resolved::None if !via_field => return TypedTarget::External,
                _ => return TypedTarget::Unknown(method),
            };
            // An alias stands for its target, looked up where the alias is; the first field of
            // an alias of a one-argument wrapper (`State(db): DbState`) is the argument.
            if item.kind == crate::model::ItemKind::TypeAlias {
                let Some((_, target, inner)) = self.facts[item.module]
                    .aliases
                    .iter()
                    .find(|(a, _, _)| *a == item.name)
                else {
                    return TypedTarget::Unknown(method);
                };
                if hops > 16 {
                    return TypedTarget::Unknown(method);
                }
                hops += 1;
                at = item.module;
                segs = match (inner, fields.peek()) {
                    (Some(inner), Some(&"0")) => {
                        fields.next();
                        via_field = true;
                        inner.iter().map(String::as_str).collect()
                    }
                    // A named field of a wrapper (`state.db` with `AppState = State<Data>`)
                    // is reached through its `Deref` to the argument.
                    (Some(inner), Some(_)) => inner.iter().map(String::as_str).collect(),
                    _ => target.iter().map(String::as_str).collect(),
                };
                continue;
            }
            let Some(field) = fields.next() else {
                let key = (item.name.clone(), method.to_string());
                return match self.typed_methods.get(&key).map(Vec::as_slice) {
                    Some(defs) if defs.contains(&(item.module as u32)) => {
                        TypedTarget::Module(item.module, item_index)
                    }
                    Some([only]) => TypedTarget::Module(*only as usize, item_index),
                    _ => TypedTarget::Unknown(method),
                };
            };
            let Some((_, _, ty)) = self.facts[item.module]
                .field_types
                .iter()
                .find(|(s, f, _)| *s == item.name && f == field)
            else {
                return TypedTarget::Unknown(method);
            };
            at = item.module;
            segs = ty.iter().map(String::as_str).collect();
            via_field = true;
        }
    }

    fn resolve_ref(&self, m: usize, r: &RawRef, emit: &mut dyn FnMut(Def)) {
        let segs: Vec<&str> = r.segments().collect();
        match self.resolve_path(m, &segs, r.leading_colon, ns_mask(r.ns), false) {
            Resolved::Def(d) => emit(d),
            Resolved::Partial(t) => emit(Def::Module(t)),
            Resolved::None => {}
        }
    }
}
