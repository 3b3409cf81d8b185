//! Tables reached through calls: a request handler that calls `db.add_crate(..)` writes the
//! tables that `add_crate`'s body writes, even when that body lives in a repository module
//! the handler never names a table in.
//!
//! Every function and method body of the program is known by its line span
//! ([`crate::model::FnSpan`]). A table access (a data site) belongs to the innermost body
//! that holds its line; a call (a reference to a project `fn` item, or a method call the
//! resolver attributed, [`crate::model::Call`]) goes from the body that holds it to the bodies
//! it may run: the free function of that name in the target module, or the methods of that
//! name on the receiver's type or trait wherever they are implemented. What a body reaches is
//! its own accesses plus what its callees reach, followed [`DEPTH`] calls deep. A module
//! reaches what the bodies it calls reach; that is [`super::DataNode::via_calls`].
//!
//! Everything here is keyed by indices in ordered maps: the result does not depend on the
//! order of the input.

use super::{DataAccess, DataNode};
use crate::model::{Access, DataKind, ItemKind, ModuleIdx, Program};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// How many calls deep accesses are followed (handler → service → repository).
pub const DEPTH: usize = 3;

/// One body: its module and index into that module's `functions`.
type Body = (ModuleIdx, usize);

/// Tables (by node index) a body reaches, with whether it writes them.
type Reach = BTreeMap<usize, bool>;

/// Fills `via_calls` of every table node.
pub(super) fn reach(program: &Program, nodes: &mut [DataNode]) {
    let bodies = Bodies::new(program);
    if bodies.by_name.is_empty() {
        return;
    }
    // What each body accesses itself.
    let mut own: BTreeMap<Body, Reach> = BTreeMap::new();
    for (index, node) in nodes.iter().enumerate() {
        if node.kind != DataKind::Table {
            continue;
        }
        for site in &node.sites {
            if let Some(body) = bodies.enclosing(site.module, site.location.line) {
                let writes = own.entry(body).or_default().entry(index).or_insert(false);
                *writes |= site.access == Access::Write;
            }
        }
    }
    // Calls: from a body (or a module's top level) to the bodies they may run.
    let mut calls: Vec<(ModuleIdx, Option<Body>, Vec<Body>)> = Vec::new();
    for r in &program.references {
        let Some(item) = r.item.and_then(|i| program.items.get(i)) else {
            continue;
        };
        if item.kind != ItemKind::Fn {
            continue;
        }
        let callees = bodies.free(item.module, &item.name);
        if !callees.is_empty() {
            let caller = bodies.enclosing(r.from, r.location.line);
            calls.push((r.from, caller, callees));
        }
    }
    for c in &program.calls {
        let callees = bodies.methods(c.to, c.owner.as_deref(), &c.name);
        if !callees.is_empty() {
            calls.push((c.from, bodies.enclosing(c.from, c.line), callees));
        }
    }
    let mut callees_of: BTreeMap<Body, BTreeSet<Body>> = BTreeMap::new();
    for (_, caller, callees) in &calls {
        if let Some(caller) = caller {
            callees_of
                .entry(*caller)
                .or_default()
                .extend(callees.iter().copied());
        }
    }
    // What each body reaches, DEPTH calls deep.
    let mut reached = own.clone();
    for _ in 0..DEPTH {
        let mut next = own.clone();
        for (caller, callees) in &callees_of {
            let mut merged = next.remove(caller).unwrap_or_default();
            for callee in callees {
                for (&table, &writes) in reached.get(callee).into_iter().flatten() {
                    *merged.entry(table).or_insert(false) |= writes;
                }
            }
            if !merged.is_empty() {
                next.insert(*caller, merged);
            }
        }
        if next == reached {
            break;
        }
        reached = next;
    }
    // What each module reaches through the calls written in it.
    let mut via: BTreeMap<usize, BTreeMap<ModuleIdx, DataAccess>> = BTreeMap::new();
    for (module, _, callees) in &calls {
        let mut tables: Reach = BTreeMap::new();
        for callee in callees {
            for (&table, &writes) in reached.get(callee).into_iter().flatten() {
                *tables.entry(table).or_insert(false) |= writes;
            }
        }
        for (table, writes) in tables {
            let access = via
                .entry(table)
                .or_default()
                .entry(*module)
                .or_insert(DataAccess {
                    module: *module,
                    reads: 0,
                    writes: 0,
                });
            if writes {
                access.writes = access.writes.saturating_add(1);
            } else {
                access.reads = access.reads.saturating_add(1);
            }
        }
    }
    for (table, accesses) in via {
        if let Some(node) = nodes.get_mut(table) {
            node.via_calls = accesses.into_values().collect();
        }
    }
}

/// Every body of the program, with lookups by place and by name.
struct Bodies<'p> {
    program: &'p Program,
    /// Bodies by name.
    by_name: HashMap<&'p str, Vec<Body>>,
    /// Per module: `(start, end, index)` of its bodies, sorted.
    starts: Vec<Vec<(u32, u32, usize)>>,
}

impl<'p> Bodies<'p> {
    fn new(program: &'p Program) -> Self {
        let mut by_name: HashMap<&str, Vec<Body>> = HashMap::new();
        let mut starts = Vec::with_capacity(program.modules.len());
        for (m, module) in program.modules.iter().enumerate() {
            let mut spans = Vec::with_capacity(module.functions.len());
            for (i, f) in module.functions.iter().enumerate() {
                by_name.entry(f.name.as_str()).or_default().push((m, i));
                spans.push((f.start, f.end, i));
            }
            spans.sort_unstable();
            starts.push(spans);
        }
        Bodies {
            program,
            by_name,
            starts,
        }
    }

    /// The innermost body of `module` holding `line`: of the bodies starting at or before
    /// it, the last one that still spans it (a nested body starts after its parent).
    fn enclosing(&self, module: ModuleIdx, line: u32) -> Option<Body> {
        let starts = self.starts.get(module)?;
        let before = starts.partition_point(|&(start, _, _)| start <= line);
        starts[..before]
            .iter()
            .rev()
            .find(|&&(_, end, _)| line <= end)
            .map(|&(_, _, i)| (module, i))
    }

    /// The free function `name` of `module`.
    fn free(&self, module: ModuleIdx, name: &str) -> Vec<Body> {
        self.named(name)
            .filter(|&(m, i)| m == module && self.span(m, i).owner.is_none())
            .collect()
    }

    /// The bodies a call of method `name` may run: on a known type or trait, its methods of
    /// that name wherever they are implemented (an `impl Trait for X` implements the trait's);
    /// found by name alone (or a function of the calling module), the ones of that name in the
    /// module it was attributed to.
    fn methods(&self, module: ModuleIdx, owner: Option<&str>, name: &str) -> Vec<Body> {
        self.named(name)
            .filter(|&(m, i)| {
                let f = self.span(m, i);
                match owner {
                    Some(owner) => {
                        f.owner.as_deref() == Some(owner) || f.of_trait.as_deref() == Some(owner)
                    }
                    None => m == module,
                }
            })
            .collect()
    }

    fn named(&self, name: &str) -> impl Iterator<Item = Body> + '_ {
        self.by_name.get(name).into_iter().flatten().copied()
    }

    fn span(&self, m: ModuleIdx, i: usize) -> &crate::model::FnSpan {
        &self.program.modules[m].functions[i]
    }
}

#[cfg(test)]
mod tests {
    use crate::pipeline::analyze_inline_crate;

    /// `table module r<reads> w<writes>` for every module that reaches a table through calls,
    /// in the package `t` made of `files` (`src/lib.rs` first).
    fn via(files: &[(&str, &str)]) -> Vec<String> {
        let analysis = analyze_inline_crate(files);
        let modules = &analysis.program.modules;
        let mut out = Vec::new();
        for node in &analysis.data.nodes {
            for a in &node.via_calls {
                out.push(format!(
                    "{} {} r{} w{}",
                    node.id, modules[a.module].id, a.reads, a.writes
                ));
            }
        }
        out
    }

    const REPOSITORY: &[(&str, &str)] = &[
        (
            "lib.rs",
            "pub mod provider; pub mod database; pub mod handlers; pub mod service;",
        ),
        (
            "provider.rs",
            "pub trait Db {\n    fn add_user(&self, name: &str);\n    fn count_users(&self) -> i64;\n}\n",
        ),
        (
            "database.rs",
            "use crate::provider::Db;\npub struct Database;\nimpl Db for Database {\n    \
             fn add_user(&self, name: &str) {\n        \
             sqlx::query(\"INSERT INTO users (name) VALUES ($1)\");\n    }\n    \
             fn count_users(&self) -> i64 {\n        \
             sqlx::query(\"SELECT count(*) FROM users\");\n        0\n    }\n}\n\
             pub fn insert_order(id: i64) {\n    \
             sqlx::query(\"INSERT INTO orders (id) VALUES ($1)\");\n}\n",
        ),
        (
            "handlers/mod.rs",
            "pub mod order;\npub mod signup;\npub mod stats;\n",
        ),
        (
            "handlers/order.rs",
            "pub fn order() {\n    crate::service::place();\n}\n",
        ),
        (
            "handlers/signup.rs",
            "use crate::provider::Db;\npub fn signup(db: &dyn Db) {\n    db.add_user(\"ann\");\n}\n",
        ),
        (
            "handlers/stats.rs",
            "use std::sync::Arc;\nuse crate::provider::Db;\n\
             pub fn stats(db: Arc<dyn Db>) -> i64 {\n    db.count_users()\n}\n",
        ),
        (
            "service.rs",
            "pub fn place() {\n    checkout();\n}\n\
             fn checkout() {\n    crate::database::insert_order(1);\n}\n",
        ),
    ];

    #[test]
    fn a_handler_reaches_the_tables_of_the_repository_methods_it_calls() {
        let got = via(REPOSITORY);
        assert!(
            got.contains(&"table:users t::handlers::signup r0 w1".to_string()),
            "{got:#?}"
        );
        assert!(
            got.contains(&"table:users t::handlers::stats r1 w0".to_string()),
            "{got:#?}"
        );
    }

    #[test]
    fn calls_are_followed_through_functions_of_the_callers_module() {
        let got = via(REPOSITORY);
        // `place` calls `checkout`, which calls the repository function: the service module
        // reaches the table (once per call site that leads there), and so does the handler
        // that calls `place`, three calls away from the SQL.
        assert_eq!(
            got.iter()
                .filter(|l| l.starts_with("table:orders "))
                .collect::<Vec<_>>(),
            vec![
                "table:orders t::handlers::order r0 w1",
                "table:orders t::service r0 w2"
            ],
            "{got:#?}"
        );
    }

    #[test]
    fn a_module_that_calls_nothing_reaching_a_table_has_no_via_access() {
        let got = via(REPOSITORY);
        assert!(got.iter().all(|l| !l.contains(" t::provider ")), "{got:#?}");
    }
}
