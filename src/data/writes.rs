//! Table accesses that need the whole program to attribute: a diesel write on a value of a
//! model type (`update(self)` in `impl User`), an invocation of a project macro that writes the
//! table it receives (paired with the macro by name, wherever it is defined, since
//! `#[macro_use]` makes macros visible without a path), and SQL held in a `const` that other
//! modules name.

use super::{Builder, table_id, tables};
use crate::model::{Access, DataKind, EdgeKind, ItemIdx, ItemKind, Location, ModuleIdx, Program};
use std::collections::{BTreeMap, BTreeSet};

/// A macro invocation: (module, macro name, arguments, where).
pub(super) type MacroCall<'p> = (ModuleIdx, &'p str, &'p [Option<Vec<String>>], Location);

/// What the facts loop gathered for this pass.
#[derive(Default)]
pub(super) struct Pending<'p> {
    /// (module, model type path, where).
    pub model_writes: Vec<(ModuleIdx, &'p [String], Location)>,
    /// Table-writing macros: name → (defining module, written argument positions).
    pub table_macros: BTreeMap<&'p str, Vec<(ModuleIdx, &'p [usize])>>,
    /// (module, macro name, arguments, where).
    pub macro_calls: Vec<MacroCall<'p>>,
    /// SQL constants: item → tables and how.
    pub sql_consts: BTreeMap<ItemIdx, &'p [(String, Access)]>,
}

/// Records the accesses `pending` stands for.
pub(super) fn apply(
    program: &Program,
    pending: &Pending<'_>,
    model_tables: &BTreeMap<ItemIdx, BTreeSet<String>>,
    builder: &mut Builder,
) {
    for (module, type_path, location) in &pending.model_writes {
        let Some(model) = model_named(program, *module, type_path, model_tables) else {
            continue;
        };
        for id in model_tables.get(&model).into_iter().flatten() {
            builder.access(
                id,
                DataKind::Table,
                *module,
                Access::Write,
                location.clone(),
            );
        }
    }
    for (module, name, args, location) in &pending.macro_calls {
        let Some(writers) = pending.table_macros.get(name) else {
            continue;
        };
        let krate = program.modules.get(*module).map(|m| m.krate);
        let same_crate = writers
            .iter()
            .find(|(m, _)| program.modules.get(*m).map(|d| d.krate) == krate);
        let Some((_, positions)) = same_crate.or(writers.first()) else {
            continue;
        };
        for &p in positions.iter() {
            let Some(Some(path)) = args.get(p) else {
                continue;
            };
            for id in written_tables(program, *module, path, model_tables) {
                builder.access(
                    &id,
                    DataKind::Table,
                    *module,
                    Access::Write,
                    location.clone(),
                );
            }
        }
    }
    if pending.sql_consts.is_empty() {
        return;
    }
    for r in &program.references {
        let Some(accesses) = r.item.and_then(|i| pending.sql_consts.get(&i)) else {
            continue;
        };
        // The defining module's own uses in SQL positions are read where they are written;
        // an import is not a use.
        let home = r.item.and_then(|i| program.items.get(i)).map(|i| i.module);
        if r.kind == EdgeKind::Use || home == Some(r.from) {
            continue;
        }
        for (table, access) in accesses.iter() {
            builder.access(
                &table_id(table),
                DataKind::Table,
                r.from,
                *access,
                r.location.clone(),
            );
        }
    }
}

/// The diesel model a written type path names: an item mapped to a table whose name is the
/// path's last segment, in the writing module, else in its crate, else the first.
fn model_named(
    program: &Program,
    module: ModuleIdx,
    type_path: &[String],
    model_tables: &BTreeMap<ItemIdx, BTreeSet<String>>,
) -> Option<ItemIdx> {
    let name = type_path.last()?;
    let candidates: Vec<ItemIdx> = model_tables
        .keys()
        .copied()
        .filter(|&i| program.items.get(i).is_some_and(|it| &it.name == name))
        .collect();
    let module_of = |i: ItemIdx| program.items.get(i).map(|it| it.module);
    let krate = |m: Option<ModuleIdx>| m.and_then(|m| program.modules.get(m)).map(|m| m.krate);
    candidates
        .iter()
        .copied()
        .find(|&i| module_of(i) == Some(module))
        .or_else(|| {
            candidates
                .iter()
                .copied()
                .find(|&i| krate(module_of(i)) == krate(Some(module)))
        })
        .or_else(|| candidates.first().copied())
}

/// The tables a macro argument names: a model type's table, or a diesel `table!` (`users`,
/// `schema::users`, `users::table`). Nothing when it names neither.
fn written_tables(
    program: &Program,
    module: ModuleIdx,
    path: &[String],
    model_tables: &BTreeMap<ItemIdx, BTreeSet<String>>,
) -> Vec<String> {
    let mut path = path;
    if path.len() > 1 && path.last().is_some_and(|l| l == "table") {
        path = &path[..path.len() - 1];
    }
    if let Some(model) = model_named(program, module, path, model_tables) {
        return model_tables
            .get(&model)
            .map(|t| t.iter().cloned().collect())
            .unwrap_or_default();
    }
    let Some(last) = path.last() else {
        return vec![];
    };
    let is_table = program
        .items
        .iter()
        .any(|i| i.kind == ItemKind::Table && &i.name == last);
    if !is_table {
        return vec![];
    }
    tables::model_table_id(program, module, path)
        .into_iter()
        .collect()
}
