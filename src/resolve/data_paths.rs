//! The paths that data facts write, resolved in the module that writes them like any other
//! path (its imports, globs and re-exports, `crate::`/`super::`, other workspace crates): a
//! diesel model's `#[diesel(table_name = …)]`, the type of a model value a diesel call writes,
//! the tables a `joinable!` or a SeaORM `Relation` links (a `table!`, an entity module),
//! and the plain-path arguments of calls of the project's table-writing macros (after the path
//! the macro body writes before them, `crate::schema::$t`: resolved where the macro is called,
//! as `macro_rules!` paths are). The `data`
//! stage looks them up ([`Program::data_path_item`](crate::model::Program::data_path_item)).

use super::receiver::Target;
use super::scope::{NS_TYPE, NS_VALUE};
use super::{Def, Resolver, paths::Resolved};
use crate::model::{ArgWrite, DataFact, DataPath, ItemKind, LinkEnd};
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet};

impl<'a> Resolver<'a> {
    /// The calls that pass a value of a project type to a project fn that applies a model
    /// write to that parameter (`self.delete_or_not_found(model, ..)` with `model:
    /// Option<crate_user::Model>`): the callee found like the call's reference, the
    /// argument's type evaluated like a receiver's. Sorted.
    pub(crate) fn arg_writes(&self) -> Vec<ArgWrite> {
        // (owner, fn) → (defining module, written parameter).
        let mut writers: FxHashMap<(&str, &str), Vec<(usize, u32)>> = FxHashMap::default();
        for (m, module) in self.modules.iter().enumerate() {
            for fact in &module.data_facts {
                if let DataFact::ParamWrite { owner, name, param } = fact {
                    writers.entry((owner, name)).or_default().push((m, *param));
                }
            }
        }
        let mut out = Vec::new();
        if writers.is_empty() {
            return out;
        }
        for (m, module) in self.modules.iter().enumerate() {
            for fact in &module.data_facts {
                let DataFact::ArgCall {
                    callee,
                    method,
                    args,
                    line,
                    column,
                } = fact
                else {
                    continue;
                };
                let Some((at, owner, name)) = self.callee(m, callee, *method) else {
                    continue;
                };
                let Some(written) = writers.get(&(owner, name)) else {
                    continue;
                };
                for (_, param) in written.iter().filter(|(wm, _)| *wm == at) {
                    let Some((_, arg)) = args.iter().find(|(k, _)| k == param) else {
                        continue;
                    };
                    let segs: Vec<&str> = arg.iter().map(String::as_str).collect();
                    if let Some(item) = self.held_item(m, &segs) {
                        out.push(ArgWrite {
                            module: m,
                            item,
                            line: *line,
                            column: *column,
                        });
                    }
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// The module, owner ("" for a free fn) and name of the project fn a call in module `m`
    /// runs: a method call's receiver type's method, or the fn a path names.
    fn callee(&self, m: usize, callee: &'a str, method: bool) -> Option<(usize, &'a str, &'a str)> {
        if method {
            let (_, name) = callee.rsplit_once("::")?;
            match self.receiver_target(m, callee) {
                Target::Module(at, Some(item)) => {
                    let items: &'a [crate::model::Item] = self.items;
                    Some((at, items[item].name.as_str(), name))
                }
                _ => None,
            }
        } else {
            let segs: Vec<&str> = callee.split("::").collect();
            let name = *segs.last()?;
            match self.resolve_path(m, &segs, false, NS_VALUE, false) {
                Resolved::Def(Def::Item(i)) => {
                    let item = &self.items[i as usize];
                    (item.kind == ItemKind::Fn && item.name == name).then_some((
                        item.module,
                        "",
                        name,
                    ))
                }
                _ => None,
            }
        }
    }

    /// Every path the data facts write, with the item it names, sorted by module and path.
    pub(crate) fn data_paths(&self) -> Vec<DataPath> {
        // Only the written arguments of macros that write a table they receive matter, each
        // after the path the macro body writes before it (any definition of that name).
        let mut table_macros: BTreeMap<&str, BTreeSet<&(usize, Vec<String>)>> = BTreeMap::new();
        for fact in self.modules.iter().flat_map(|m| &m.data_facts) {
            if let DataFact::TableMacro { name, positions } = fact {
                table_macros.entry(name).or_default().extend(positions);
            }
        }
        let mut out = Vec::new();
        for (m, module) in self.modules.iter().enumerate() {
            let mut paths: BTreeSet<Vec<String>> = BTreeSet::new();
            for fact in &module.data_facts {
                match fact {
                    DataFact::ModelTable { table_path, .. } => {
                        paths.insert(table_path.clone());
                    }
                    DataFact::ModelWrite { type_path, .. } => {
                        paths.insert(type_path.clone());
                    }
                    DataFact::MacroCall { name, args, .. } => {
                        for (p, prefix) in table_macros.get(&**name).into_iter().flatten() {
                            if let Some(Some(arg)) = args.get(*p) {
                                paths.insert(prefix.iter().chain(arg).cloned().collect());
                            }
                        }
                    }
                    DataFact::TableLink { a, b, .. } => {
                        for end in [a, b] {
                            if let LinkEnd::Path(path) = end {
                                paths.insert(path.clone());
                            }
                        }
                    }
                    _ => {}
                }
            }
            for path in paths.into_iter().filter(|p| !p.is_empty()) {
                let (item, names_module) = match self.resolve_path(m, &path, false, NS_TYPE, false)
                {
                    Resolved::Def(Def::Item(i)) => (Some(i as usize), None),
                    Resolved::Def(Def::Module(x)) => (None, Some(x as usize)),
                    _ => (None, None),
                };
                out.push(DataPath {
                    module: m,
                    path,
                    item,
                    names_module,
                });
            }
        }
        out
    }
}
