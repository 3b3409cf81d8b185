//! The shared-data graph: which module defines, reads and writes which types, statics and
//! database tables. Built from resolved references and the data facts of the parse stage.
//!
//! Takes a [`Program`] and returns a [`DataGraph`]: one [`DataNode`] per data id
//! (`type:ITEM_ID`, `static:ITEM_ID`, `table:NAME`), each with its defining module, its
//! per-module read and write counts and every access site, plus the diagnostics that the
//! parse stage's data facts carry. A table is one node however the code names it: a diesel
//! `table!`, a diesel model, a SeaORM entity module and raw SQL that agree on the name all
//! count towards the same `table:NAME`; the database's catalog and migration tools'
//! bookkeeping tables are no nodes. [`owning_group`] says which group of modules owns a datum.
//! This stage knows nothing of syn, of graphs or of output formats, and everything it returns
//! is sorted.

mod calls;
mod links;
mod writes;

use crate::model::{
    Access, DataFact, DataKind, Diagnostic, EdgeKind, ItemIdx, Location, ModuleIdx, Program,
};
use std::collections::{BTreeMap, BTreeSet};

/// Every data node of the program, sorted by id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DataGraph {
    /// Data nodes, sorted by id.
    pub nodes: Vec<DataNode>,
    /// Problems the data facts carry (unparsed SQL, unreadable `query_file!` files), sorted.
    pub diagnostics: Vec<Diagnostic>,
}

impl DataGraph {
    /// The node with this id.
    pub fn node(&self, id: &str) -> Option<&DataNode> {
        self.nodes
            .binary_search_by(|node| node.id.as_str().cmp(id))
            .ok()
            .and_then(|index| self.nodes.get(index))
    }
}

/// A type, static or table, with who defines and who uses it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataNode {
    /// `type:ITEM_ID`, `static:ITEM_ID` or `table:NAME`.
    pub id: String,
    /// What it is.
    pub kind: DataKind,
    /// The module that declares it; `None` for a table only ever named in SQL.
    pub defined_in: Option<ModuleIdx>,
    /// Reads and writes per module, sorted by module.
    pub accesses: Vec<DataAccess>,
    /// Every access with its location, sorted by module, then location.
    pub sites: Vec<DataSite>,
    /// Tables only: the modules that reach it through the project functions and methods they
    /// call (per module, the number of calls that read it and that write it), sorted by
    /// module. Empty for types and statics.
    pub via_calls: Vec<DataAccess>,
    /// Tables only: the tables the code declares related to this one (SeaORM `Relation`,
    /// diesel `joinable!`, one SQL statement touching both), by id, sorted.
    pub related: Vec<String>,
}

/// The bare name of a table id: `table:billing.invoices` is `invoices` (no kind prefix, no
/// schema).
pub fn table_name(id: &str) -> &str {
    let name = id.trim_start_matches("table:");
    name.rsplit('.').next().unwrap_or(name)
}

/// How often one module reads and writes one data node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DataAccess {
    /// The accessing module.
    pub module: ModuleIdx,
    /// Number of reads (and accesses that cannot be told apart).
    pub reads: u32,
    /// Number of writes.
    pub writes: u32,
}

/// One access of a data node, where it is written.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct DataSite {
    /// The accessing module.
    pub module: ModuleIdx,
    /// Read or write.
    pub access: Access,
    /// Where the access is written.
    pub location: Location,
}

/// Builds the data graph of `program`.
pub fn build(program: &Program) -> DataGraph {
    let mut builder = Builder::default();
    // Data id and kind of each item that is a data node, by item index.
    let item_nodes: Vec<Option<(String, DataKind)>> = program.items.iter().map(item_node).collect();
    for (item, node) in program.items.iter().zip(&item_nodes) {
        if let Some((id, kind)) = node {
            builder.declare(id, *kind, item.module);
        }
    }

    // Table ids that a reference to a module (SeaORM entity) or to an item (diesel model)
    // also accesses.
    let mut module_tables: BTreeMap<ModuleIdx, BTreeSet<String>> = BTreeMap::new();
    let mut model_tables: BTreeMap<ItemIdx, BTreeSet<String>> = BTreeMap::new();
    let mut diagnostics = Vec::new();
    let mut pending = writes::Pending::default();
    let mut pending_links: Vec<links::PendingLink<'_>> = Vec::new();
    for (index, module) in program.modules.iter().enumerate() {
        for fact in &module.data_facts {
            match fact {
                DataFact::SqlAccess {
                    table,
                    access,
                    line,
                    column,
                } => builder.access(
                    &table_id(table),
                    DataKind::Table,
                    index,
                    *access,
                    Location::new(module.file.clone(), *line, *column),
                ),
                DataFact::SeaOrmEntity { table, .. } => {
                    let id = table_id(table);
                    builder.declare(&id, DataKind::Table, index);
                    module_tables.entry(index).or_default().insert(id);
                }
                DataFact::ModelTable {
                    type_name,
                    table_path,
                    ..
                } => {
                    let Some(id) = model_table_id(program, &item_nodes, index, table_path) else {
                        continue;
                    };
                    builder.touch(&id, DataKind::Table);
                    let model_id = format!("{}::{type_name}", module.id);
                    if let Some(model) = program.item_index(&model_id) {
                        model_tables.entry(model).or_default().insert(id);
                    }
                }
                DataFact::ModelWrite {
                    type_path,
                    line,
                    column,
                } => pending.model_writes.push((
                    index,
                    type_path,
                    Location::new(module.file.clone(), *line, *column),
                )),
                DataFact::TableMacro { name, positions } => pending
                    .table_macros
                    .entry(name)
                    .or_default()
                    .push((index, positions)),
                DataFact::MacroCall {
                    name,
                    args,
                    line,
                    column,
                } => pending.macro_calls.push((
                    index,
                    name,
                    args,
                    Location::new(module.file.clone(), *line, *column),
                )),
                DataFact::SqlConst { name, accesses } => {
                    if let Some(item) = program.item_index(&format!("{}::{name}", module.id)) {
                        pending.sql_consts.insert(item, accesses);
                    }
                }
                DataFact::TableLink { a, b, .. } => pending_links.push(links::PendingLink {
                    module: index,
                    a,
                    b,
                }),
                // Paired by `resolve` (`Program::arg_writes`).
                DataFact::ParamWrite { .. } | DataFact::ArgCall { .. } => {}
                DataFact::Problem {
                    code,
                    line,
                    message,
                } => diagnostics.push(Diagnostic::warning(
                    *code,
                    module.file.clone(),
                    *line,
                    0,
                    message.clone(),
                )),
            }
        }
    }

    writes::apply(program, &pending, &model_tables, &mut builder);
    writes::apply_arg_writes(program, &model_tables, &module_tables, &mut builder);

    for reference in &program.references {
        // (id, kind, access): a reference to a diesel model reads its table; building the
        // model value (an `Insertable` literal) writes the type, not the table: the
        // `insert_into` that takes it does. Importing a model or an entity module touches no
        // table.
        let import = reference.kind == EdgeKind::Use;
        let mut ids: BTreeSet<(&str, DataKind, Access)> = BTreeSet::new();
        if let Some(item) = reference.item {
            if let Some(Some((id, kind))) = item_nodes.get(item)
                && !(import && *kind == DataKind::Table)
            {
                ids.insert((id, *kind, reference.access));
            }
            if !import {
                let tables = model_tables.get(&item).into_iter().flatten();
                ids.extend(tables.map(|id| (id.as_str(), DataKind::Table, Access::Read)));
            }
        }
        if !import {
            let tables = module_tables.get(&reference.to).into_iter().flatten();
            ids.extend(tables.map(|id| (id.as_str(), DataKind::Table, reference.access)));
        }
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        for (id, kind, access) in ids.into_iter().rev() {
            // One access per data node per reference, the write when there is one.
            if seen.insert(id) {
                let location = reference.location.clone();
                builder.access(id, kind, reference.from, access, location);
            }
        }
    }

    diagnostics.sort();
    diagnostics.dedup();
    let mut nodes = builder.finish();
    // A `table!` or entity of the database's catalog or of a migration tool's bookkeeping (SQL
    // naming them is dropped by the parse stage already).
    nodes.retain(|node| {
        node.kind != DataKind::Table
            || !crate::parse::sql::is_system_table(
                node.id.strip_prefix("table:").unwrap_or(&node.id),
            )
    });
    calls::reach(program, &mut nodes);
    links::apply(
        program,
        &pending_links,
        &module_tables,
        &item_nodes,
        &mut nodes,
    );
    DataGraph { nodes, diagnostics }
}

/// The module that should own `node` when services are cut: the one that writes it most,
/// then reads it most, then the lowest module index. `None` when nothing accesses it.
pub fn suggested_owner(node: &DataNode) -> Option<ModuleIdx> {
    node.accesses
        .iter()
        .max_by(|a, b| {
            (a.writes, a.reads)
                .cmp(&(b.writes, b.reads))
                .then(b.module.cmp(&a.module))
        })
        .map(|access| access.module)
}

/// The group (service) that owns `node` when modules are grouped by `group_of` (`None`: in no
/// group): of the groups whose modules access it, the one that writes it most, then reads it
/// most, then the lowest. A table that no grouped module touches directly (its SQL sits in a
/// data layer set apart) goes by the modules that reach it through the functions they call
/// ([`grouped_accesses`]). The report's `owned_data` and the service names use this one rule.
pub fn owning_group(
    node: &DataNode,
    group_of: impl Fn(ModuleIdx) -> Option<usize>,
) -> Option<usize> {
    owner(&grouped_accesses(node, group_of).0)
}

/// Of the groups in `per` (as [`grouped_accesses`] gives them), the one that writes most, then
/// reads most, then the lowest: the owner [`owning_group`] names.
pub fn owner(per: &BTreeMap<usize, DataUse>) -> Option<usize> {
    per.iter()
        .max_by(|x, y| {
            (x.1.writes, x.1.reads)
                .cmp(&(y.1.writes, y.1.reads))
                .then(y.0.cmp(x.0))
        })
        .map(|(g, _)| *g)
}

/// Reads and writes of `node` per group of the modules that access it (`group_of`: `None` for
/// a module in no group), and whether they are the accesses through calls: a table that no
/// grouped module touches directly is counted by its `via_calls` instead, so a service whose
/// tables are written by a data layer set apart (`databases::mysql` in the kernel) still owns
/// them.
pub fn grouped_accesses(
    node: &DataNode,
    group_of: impl Fn(ModuleIdx) -> Option<usize>,
) -> (BTreeMap<usize, DataUse>, bool) {
    let count = |accesses: &[DataAccess]| {
        let mut per: BTreeMap<usize, DataUse> = BTreeMap::new();
        for a in accesses {
            if let Some(g) = group_of(a.module) {
                let e = per.entry(g).or_default();
                e.writes += u64::from(a.writes);
                e.reads += u64::from(a.reads);
            }
        }
        per
    };
    let direct = count(&node.accesses);
    if direct.is_empty() && node.kind == DataKind::Table {
        let through = count(&node.via_calls);
        if !through.is_empty() {
            return (through, true);
        }
    }
    (direct, false)
}

/// What the modules of one group (service) do to one data node.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DataUse {
    /// Read accesses.
    pub reads: u64,
    /// Write accesses.
    pub writes: u64,
}

/// `table:NAME` for a table name as the facts give it (already lower-case; made sure here).
fn table_id(name: &str) -> String {
    format!("table:{}", name.to_lowercase())
}

/// The data id of the table that a diesel model's `table_name` path, written in `module`,
/// names: the `table!` it resolves to, else `table:LAST_SEGMENT` (the schema is not in the
/// analysed code). `None` for an empty path.
fn model_table_id(
    program: &Program,
    item_nodes: &[Option<(String, DataKind)>],
    module: ModuleIdx,
    path: &[String],
) -> Option<String> {
    let last = path.last()?;
    let item = program.data_path_item(module, path);
    match item.and_then(|i| item_nodes.get(i)) {
        Some(Some((id, DataKind::Table))) => Some(id.clone()),
        _ => Some(table_id(last)),
    }
}

/// The data id and kind of an item, when it is a data node.
fn item_node(item: &crate::model::Item) -> Option<(String, DataKind)> {
    let kind = item.kind.data_kind()?;
    let id = match kind {
        DataKind::Type => format!("type:{}", item.id),
        DataKind::Static => format!("static:{}", item.id),
        DataKind::Table => table_id(item.sql_name.as_deref().unwrap_or(&item.name)),
    };
    Some((id, kind))
}

/// A data node while it is being gathered.
struct PendingNode {
    kind: DataKind,
    defined_in: Option<ModuleIdx>,
    sites: Vec<DataSite>,
}

/// Gathers nodes by id; ordered maps keep the output independent of input order.
#[derive(Default)]
struct Builder {
    nodes: BTreeMap<String, PendingNode>,
}

impl Builder {
    fn touch(&mut self, id: &str, kind: DataKind) -> &mut PendingNode {
        self.nodes
            .entry(id.to_string())
            .or_insert_with(|| PendingNode {
                kind,
                defined_in: None,
                sites: Vec::new(),
            })
    }

    /// Records that `module` declares `id`. When several modules declare one table (two
    /// `table!` for one SQL name, or a `table!` and a SeaORM entity), the lowest index wins.
    fn declare(&mut self, id: &str, kind: DataKind, module: ModuleIdx) {
        let node = self.touch(id, kind);
        node.defined_in = Some(node.defined_in.map_or(module, |m| m.min(module)));
    }

    fn access(
        &mut self,
        id: &str,
        kind: DataKind,
        module: ModuleIdx,
        access: Access,
        location: Location,
    ) {
        self.touch(id, kind).sites.push(DataSite {
            module,
            access,
            location,
        });
    }

    fn finish(self) -> Vec<DataNode> {
        self.nodes
            .into_iter()
            .map(|(id, mut node)| {
                node.sites.sort_by(|a, b| {
                    (a.module, &a.location, a.access).cmp(&(b.module, &b.location, b.access))
                });
                let mut counts: BTreeMap<ModuleIdx, DataAccess> = BTreeMap::new();
                for site in &node.sites {
                    let count = counts.entry(site.module).or_insert(DataAccess {
                        module: site.module,
                        reads: 0,
                        writes: 0,
                    });
                    match site.access {
                        Access::Read => count.reads = count.reads.saturating_add(1),
                        Access::Write => count.writes = count.writes.saturating_add(1),
                    }
                }
                DataNode {
                    id,
                    kind: node.kind,
                    defined_in: node.defined_in,
                    accesses: counts.into_values().collect(),
                    sites: node.sites,
                    via_calls: Vec::new(),
                    related: Vec::new(),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
