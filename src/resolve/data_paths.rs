//! The paths that data facts write, resolved in the module that writes them like any other
//! path (its imports, globs and re-exports, `crate::`/`super::`, other workspace crates): a
//! diesel model's `#[diesel(table_name = …)]`, the type of a model value a diesel call writes,
//! the tables a `joinable!` or a SeaORM `Relation` links (a `table!`, an entity module),
//! and the plain-path arguments of calls of the project's table-writing macros (after the path
//! the macro body writes before them, `crate::schema::$t`: resolved where the macro is called,
//! as `macro_rules!` paths are). The `data`
//! stage looks them up ([`Program::data_path_item`](crate::model::Program::data_path_item)).

use super::scope::NS_TYPE;
use super::{Def, Resolver, paths::Resolved};
use crate::model::{DataFact, DataPath, LinkEnd};
use std::collections::{BTreeMap, BTreeSet};

impl Resolver<'_> {
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
