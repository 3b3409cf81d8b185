//! Table accesses that need the whole program to attribute: a diesel write on a value of a
//! model type (`update(self)` in `impl User`), an invocation of a project macro that writes the
//! table it receives (paired with the macro by name, wherever it is defined, since
//! `#[macro_use]` makes macros visible without a path), and SQL held in a `const` that other
//! modules name. The paths these facts write were resolved by `resolve` (`Program::data_paths`).

use super::{Builder, item_node, table_id};
use crate::model::{Access, DataKind, EdgeKind, ItemIdx, Location, ModuleIdx, Program};
use std::collections::{BTreeMap, BTreeSet};

/// An argument a table-writing macro writes: its position and the path written before it.
pub(super) type WrittenArg = (usize, Vec<String>);

/// A macro invocation: (module, macro name, arguments, where).
pub(super) type MacroCall<'p> = (ModuleIdx, &'p str, &'p [Option<Vec<String>>], Location);

/// What the facts loop gathered for this pass.
#[derive(Default)]
pub(super) struct Pending<'p> {
    /// (module, model type path, where).
    pub model_writes: Vec<(ModuleIdx, &'p [String], Location)>,
    /// Table-writing macros: name → (defining module, written argument positions).
    pub table_macros: BTreeMap<&'p str, Vec<(ModuleIdx, &'p [WrittenArg])>>,
    /// (module, macro name, arguments, where).
    pub macro_calls: Vec<MacroCall<'p>>,
    /// SQL constants: item → tables and how.
    pub sql_consts: BTreeMap<ItemIdx, &'p [(String, Access)]>,
}

/// Records the table writes of calls that pass a model to a project fn that writes its
/// parameter (`Program::arg_writes`): the model's table (a diesel model's, or the table of
/// the SeaORM entity module that defines it), written by the calling module.
pub(super) fn apply_arg_writes(
    program: &Program,
    model_tables: &BTreeMap<ItemIdx, BTreeSet<String>>,
    module_tables: &BTreeMap<ModuleIdx, BTreeSet<String>>,
    builder: &mut Builder,
) {
    for w in &program.arg_writes {
        let (Some(item), Some(module)) = (program.items.get(w.item), program.modules.get(w.module))
        else {
            continue;
        };
        let tables: BTreeSet<&String> = model_tables
            .get(&w.item)
            .into_iter()
            .chain(module_tables.get(&item.module))
            .flatten()
            .collect();
        for id in tables {
            builder.access(
                id,
                DataKind::Table,
                w.module,
                Access::Write,
                Location::new(module.file.clone(), w.line, w.column),
            );
        }
    }
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
        for (p, prefix) in positions.iter() {
            let Some(Some(arg)) = args.get(*p) else {
                continue;
            };
            let path: Vec<String> = prefix.iter().chain(arg).cloned().collect();
            for id in written_tables(program, *module, &path, model_tables) {
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

/// The diesel model a type path written in `module` names, as `resolve` resolved it.
fn model_named(
    program: &Program,
    module: ModuleIdx,
    type_path: &[String],
    model_tables: &BTreeMap<ItemIdx, BTreeSet<String>>,
) -> Option<ItemIdx> {
    program
        .data_path_item(module, type_path)
        .filter(|item| model_tables.contains_key(item))
}

/// The tables a macro argument written in `module` names: a model type's table, or a diesel
/// `table!` (`users`, `schema::users`, `users::table`). Nothing when it names neither.
fn written_tables(
    program: &Program,
    module: ModuleIdx,
    path: &[String],
    model_tables: &BTreeMap<ItemIdx, BTreeSet<String>>,
) -> Vec<String> {
    let Some(item) = program.data_path_item(module, path) else {
        return vec![];
    };
    if let Some(tables) = model_tables.get(&item) {
        return tables.iter().cloned().collect();
    }
    match program.items.get(item).and_then(item_node) {
        Some((id, DataKind::Table)) => vec![id],
        _ => vec![],
    }
}
