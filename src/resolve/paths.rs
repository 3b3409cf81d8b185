//! Path resolution: a path's first segment through `crate`/`self`/`super`, the module's scope
//! or the extern prelude, then each further segment through module scopes, stopping at a type
//! (what follows is an associated item, variant or column). Also the references a module
//! makes, which is resolution applied to its imports and raw refs.

use super::scope::{Binding, NS_ANY, NS_MACRO, NS_TYPE, NS_VALUE, NsMask};
use super::{Def, Resolver};
use crate::model::{Access, Call, EdgeKind, Location, Reference};
use crate::parse::ir::{ImportFact, Namespace, RawRef};
use std::collections::BTreeSet;

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
            // `use foo;` names a crate (or, in 2015, a root item) — or `extern crate foo`;
            // `use crate as x;` (and `extern crate self as x;`) the crate root.
            let def = match last.as_str() {
                "crate" | "self" | "super" if !imp.leading_colon => {
                    match self.resolve_path(m, segs, false, NS_TYPE, true) {
                        Resolved::Def(d) => d,
                        _ => return None,
                    }
                }
                _ => self.resolve_first(m, last, NS_ANY, true)?,
            };
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

    fn resolve_ref(&self, m: usize, r: &RawRef, emit: &mut dyn FnMut(Def)) {
        let segs: Vec<&str> = r.segments().collect();
        match self.resolve_path(m, &segs, r.leading_colon, ns_mask(r.ns), false) {
            Resolved::Def(d) => emit(d),
            Resolved::Partial(t) => emit(Def::Module(t)),
            Resolved::None => {}
        }
    }
}
