//! Which tables the code declares related: a SeaORM `Relation`, a diesel `joinable!`, two
//! tables in one SQL statement (a join, a subquery, a foreign key's `REFERENCES`). Each link
//! is named by data ids on both sides, whichever way the code names the tables. (Tables
//! written in one function are not linked: measured, it joins domains that share a use case,
//! docs/QUALITY.md.)

use super::{DataNode, table_id};
use crate::model::{DataKind, LinkEnd, ModuleIdx, Program};
use std::collections::{BTreeMap, BTreeSet};

/// One `TableLink` fact as found: the module whose code states it, and its two ends.
pub(super) struct PendingLink<'a> {
    pub module: ModuleIdx,
    pub a: &'a LinkEnd,
    pub b: &'a LinkEnd,
}

/// Fills `DataNode::related` of every table from `pending`. `module_tables` gives the tables a
/// SeaORM entity module declares; `item_nodes` the data id of each item. A link to a table
/// that is no node of the graph, or from a table to itself, is dropped.
pub(super) fn apply(
    program: &Program,
    pending: &[PendingLink<'_>],
    module_tables: &BTreeMap<ModuleIdx, BTreeSet<String>>,
    item_nodes: &[Option<(String, DataKind)>],
    nodes: &mut [DataNode],
) {
    let ends = |module: ModuleIdx, end: &LinkEnd| -> BTreeSet<String> {
        match end {
            LinkEnd::Table(name) => BTreeSet::from([table_id(name)]),
            LinkEnd::ThisEntity => module_tables.get(&module).cloned().unwrap_or_default(),
            LinkEnd::Path(path) => {
                if let Some(item) = program.data_path_item(module, path) {
                    return match item_nodes.get(item) {
                        Some(Some((id, DataKind::Table))) => BTreeSet::from([id.clone()]),
                        _ => BTreeSet::new(),
                    };
                }
                match program.data_path_module(module, path) {
                    Some(target) => module_tables.get(&target).cloned().unwrap_or_default(),
                    None => BTreeSet::new(),
                }
            }
        }
    };
    let mut related: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let pairs: Vec<(BTreeSet<String>, BTreeSet<String>)> = pending
        .iter()
        .map(|link| (ends(link.module, link.a), ends(link.module, link.b)))
        .collect();
    for (a, b) in pairs {
        for x in &a {
            for y in b.iter().filter(|y| *y != x) {
                related.entry(x.clone()).or_default().insert(y.clone());
                related.entry(y.clone()).or_default().insert(x.clone());
            }
        }
    }
    let tables: BTreeSet<String> = nodes
        .iter()
        .filter(|n| n.kind == DataKind::Table)
        .map(|n| n.id.clone())
        .collect();
    for node in nodes.iter_mut().filter(|n| n.kind == DataKind::Table) {
        let found = related.remove(&node.id).unwrap_or_default();
        node.related = found.into_iter().filter(|o| tables.contains(o)).collect();
    }
}

#[cfg(test)]
mod tests {
    use crate::pipeline::analyze_inline_crate;

    /// `table -> related, …` for every table with related tables, in the package made of
    /// `files` (`src/lib.rs` first).
    fn related(files: &[(&str, &str)]) -> Vec<String> {
        let analysis = analyze_inline_crate(files);
        analysis
            .data
            .nodes
            .iter()
            .filter(|n| !n.related.is_empty())
            .map(|n| format!("{} -> {}", n.id, n.related.join(", ")))
            .collect()
    }

    #[test]
    fn sea_orm_relations_link_the_entity_tables_whatever_the_path() {
        let found = related(&[
            ("lib.rs", "pub mod entity;"),
            ("entity.rs", "pub mod user; pub mod session; pub mod note;"),
            (
                "entity/user.rs",
                "use sea_orm::entity::prelude::*;\n\
                 #[derive(DeriveEntityModel)]\n#[sea_orm(table_name = \"users\")]\n\
                 pub struct Model { pub id: i32 }\n\
                 #[derive(EnumIter, DeriveRelation)]\npub enum Relation {\n\
                 #[sea_orm(has_many = \"super::session::Entity\")]\n    Session,\n}\n",
            ),
            (
                "entity/session.rs",
                "use sea_orm::entity::prelude::*;\n\
                 #[derive(DeriveEntityModel)]\n#[sea_orm(table_name = \"sessions\")]\n\
                 pub struct Model { pub id: i32, pub user_id: i32 }\n\
                 #[derive(EnumIter, DeriveRelation)]\npub enum Relation {\n\
                 #[sea_orm(belongs_to = \"crate::entity::user::Entity\", from = \"Column::UserId\", \
                 to = \"super::user::Column::Id\")]\n    User,\n}\n",
            ),
            (
                "entity/note.rs",
                "use sea_orm::entity::prelude::*;\n\
                 #[derive(DeriveEntityModel)]\n#[sea_orm(table_name = \"notes\")]\n\
                 pub struct Model { pub id: i32 }\n\
                 #[derive(EnumIter, DeriveRelation)]\npub enum Relation {}\n",
            ),
        ]);
        assert_eq!(
            found,
            [
                "table:sessions -> table:users",
                "table:users -> table:sessions"
            ]
        );
    }

    #[test]
    fn diesel_joinable_links_the_two_tables_it_names() {
        let found = related(&[
            ("lib.rs", "pub mod schema;"),
            (
                "schema.rs",
                "diesel::table! { posts (id) { id -> Int4, author_id -> Int4, } }\n\
                 diesel::table! { authors (id) { id -> Int4, } }\n\
                 diesel::table! { tags (id) { id -> Int4, } }\n\
                 diesel::joinable!(posts -> authors (author_id));\n\
                 diesel::allow_tables_to_appear_in_same_query!(posts, authors, tags);\n",
            ),
        ]);
        assert_eq!(
            found,
            [
                "table:authors -> table:posts",
                "table:posts -> table:authors"
            ]
        );
    }

    #[test]
    fn one_sql_statement_links_its_tables_and_separate_statements_do_not() {
        let found = related(&[(
            "lib.rs",
            "pub async fn f(pool: &sqlx::PgPool) {\n\
             sqlx::query(\"SELECT b.* FROM bonds b JOIN orders o ON o.id = b.order_id\")\
             .fetch_all(pool).await;\n\
             sqlx::query(\"SELECT * FROM users\").fetch_all(pool).await;\n\
             sqlx::query(\"INSERT INTO audit (id) SELECT id FROM users; DELETE FROM orders\")\
             .execute(pool).await;\n}\n",
        )]);
        assert_eq!(
            found,
            [
                "table:audit -> table:users",
                "table:bonds -> table:orders",
                "table:orders -> table:bonds",
                "table:users -> table:audit",
            ]
        );
    }
}
