//! Which table a diesel model's `#[diesel(table_name = …)]` path names.
//!
//! The parse stage keeps the path as written (`crate::schema::posts`, `posts`); here it is
//! matched against the program's diesel `table!` items by name, preferring the one whose
//! module the written path names, then one the model's module imports, then one in the
//! model's own crate. A path that matches no
//! `table!` (the schema lives outside the analysed code) still names `table:LAST_SEGMENT`.

use super::table_id;
use crate::model::{ItemKind, ModuleIdx, Program};

/// Path segments that say where a path starts, not which module it names.
const PATH_ANCHORS: &[&str] = &["crate", "self", "super", ""];

/// The data id of the table that `path`, written on a model in module `model_module`, names.
pub(super) fn model_table_id(
    program: &Program,
    model_module: ModuleIdx,
    path: &[String],
) -> Option<String> {
    let (name, prefix) = path.split_last()?;
    let candidates: Vec<_> = program
        .items
        .iter()
        .filter(|item| item.kind == ItemKind::Table && item.name == *name)
        .collect();
    let id_of =
        |item: &crate::model::Item| table_id(item.sql_name.as_deref().unwrap_or(&item.name));
    if let [only] = candidates.as_slice() {
        return Some(id_of(only));
    }
    if candidates.is_empty() {
        return Some(table_id(name));
    }

    // `crate::schema::posts` names module `…::schema`; `shop::db::schema::posts` names it
    // fully. Compare the written module path with the end of each candidate's module id.
    let written: Vec<&str> = prefix
        .iter()
        .map(String::as_str)
        .skip_while(|segment| PATH_ANCHORS.contains(segment))
        .collect();
    let module_of = |item: &&crate::model::Item| program.modules.get(item.module);
    let by_path: Vec<_> = candidates
        .iter()
        .filter(|item| {
            module_of(item).is_some_and(|module| {
                let segments: Vec<&str> = module.id.split("::").collect();
                segments.ends_with(&written)
            })
        })
        .collect();
    let pool: Vec<_> = if by_path.is_empty() {
        candidates.iter().collect()
    } else {
        by_path
    };
    // `#[diesel(table_name = posts)]` finds `posts` through the model module's imports,
    // which show up as references from that module.
    let imported: Vec<_> = pool
        .iter()
        .copied()
        .filter(|item| {
            let index = program.item_index(&item.id);
            program
                .references
                .iter()
                .any(|r| r.from == model_module && r.item.is_some() && r.item == index)
        })
        .collect();
    let pool = if imported.is_empty() { pool } else { imported };
    let model_crate = program.modules.get(model_module).map(|m| m.krate);
    let same_crate = pool
        .iter()
        .find(|item| module_of(item).map(|m| m.krate) == model_crate);
    // Items are sorted by id, so the first candidate is a deterministic last resort.
    same_crate.or(pool.first()).map(|item| id_of(item))
}
