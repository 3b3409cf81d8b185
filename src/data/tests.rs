//! Tests of [`super::build`] and [`super::suggested_owner`] on small hand-built programs.

use super::*;
use crate::model::{DataPath, DiagnosticCode, EdgeKind, Item, ItemKind, Module, Reference};

fn module(id: &str, krate: usize, file: &str, data_facts: Vec<DataFact>) -> Module {
    Module {
        id: id.to_string(),
        krate,
        file: file.to_string(),
        line: 1,
        data_facts,
        ..Module::default()
    }
}

fn item(id: &str, module: ModuleIdx, kind: ItemKind, sql_name: Option<&str>) -> Item {
    Item {
        id: id.to_string(),
        name: id.rsplit("::").next().unwrap_or(id).to_string(),
        module,
        kind,
        location: Location::new("src/x.rs", 1, 1),
        sql_name: sql_name.map(String::from),
    }
}

fn reference(
    from: ModuleIdx,
    to: ModuleIdx,
    item: Option<ItemIdx>,
    access: Access,
    file: &str,
    line: u32,
) -> Reference {
    Reference {
        from,
        to,
        item,
        kind: EdgeKind::Call,
        access,
        location: Location::new(file, line, 5),
    }
}

fn sql(table: &str, access: Access, line: u32) -> DataFact {
    DataFact::SqlAccess {
        table: table.to_string(),
        access,
        line,
        column: 9,
    }
}

/// A shop with a diesel schema, a diesel model, a SeaORM entity and raw SQL.
///
/// Modules: 0 `shop`, 1 `shop::billing`, 2 `shop::entity::customer`, 3 `shop::models`,
/// 4 `shop::orders`, 5 `shop::schema`.
fn shop() -> Program {
    use Access::{Read, Write};
    let modules = vec![
        module("shop", 0, "src/lib.rs", vec![]),
        module(
            "shop::billing",
            0,
            "src/billing.rs",
            vec![
                sql("audit_log", Write, 7),
                DataFact::Problem {
                    code: DiagnosticCode::MissingSqlFile,
                    line: 3,
                    message: "`query_file!` names `q.sql`, which cannot be read".to_string(),
                },
            ],
        ),
        module(
            "shop::entity::customer",
            0,
            "src/entity/customer.rs",
            vec![DataFact::SeaOrmEntity {
                table: "customers".to_string(),
                line: 5,
            }],
        ),
        module(
            "shop::models",
            0,
            "src/models.rs",
            vec![DataFact::ModelTable {
                type_name: "Post".to_string(),
                table_path: vec!["crate".into(), "schema".into(), "posts".into()],
                line: 3,
            }],
        ),
        module(
            "shop::orders",
            0,
            "src/orders.rs",
            vec![
                sql("posts", Write, 10),
                sql("posts", Read, 12),
                sql("auth.users", Read, 14),
                sql("customers", Read, 16),
                sql("audit_log", Write, 18),
                DataFact::Problem {
                    code: DiagnosticCode::UnparsedSql,
                    line: 20,
                    message: "SQL that no supported dialect parses".to_string(),
                },
            ],
        ),
        module("shop::schema", 0, "src/schema.rs", vec![]),
    ];
    let items = vec![
        item("shop::billing::Invoice", 1, ItemKind::Struct, None),
        item("shop::billing::total", 1, ItemKind::Fn, None),
        item("shop::entity::customer::Model", 2, ItemKind::Struct, None),
        item("shop::models::Post", 3, ItemKind::Struct, None),
        item("shop::orders::COUNTER", 4, ItemKind::Static, None),
        item("shop::orders::Status", 4, ItemKind::Enum, None),
        item("shop::schema::posts", 5, ItemKind::Table, Some("posts")),
        item(
            "shop::schema::users",
            5,
            ItemKind::Table,
            Some("auth.users"),
        ),
    ];
    let mut references = vec![
        reference(0, 4, Some(4), Read, "src/lib.rs", 1),
        reference(1, 4, Some(5), Read, "src/billing.rs", 2),
        reference(1, 4, Some(4), Write, "src/billing.rs", 4),
        reference(1, 2, Some(2), Read, "src/billing.rs", 9),
        reference(1, 2, None, Read, "src/billing.rs", 10),
        reference(4, 1, Some(0), Read, "src/orders.rs", 3),
        reference(4, 1, Some(1), Read, "src/orders.rs", 4),
        reference(4, 3, Some(3), Write, "src/orders.rs", 5),
        reference(4, 5, Some(6), Read, "src/orders.rs", 2),
    ];
    references.sort();
    // `resolve` found the model's `crate::schema::posts` in `shop::schema`.
    let data_paths = vec![data_path(3, &["crate", "schema", "posts"], Some(6))];
    Program {
        modules,
        items,
        references,
        data_paths,
        ..Program::default()
    }
}

fn data_path(module: ModuleIdx, path: &[&str], item: Option<ItemIdx>) -> DataPath {
    DataPath {
        module,
        path: path.iter().map(|s| s.to_string()).collect(),
        item,
        names_module: None,
    }
}

/// `(module, reads, writes)` of each access of node `id`.
fn accesses(graph: &DataGraph, id: &str) -> Vec<(ModuleIdx, u32, u32)> {
    let node = graph.node(id).unwrap_or_else(|| panic!("no node {id}"));
    node.accesses
        .iter()
        .map(|a| (a.module, a.reads, a.writes))
        .collect()
}

#[test]
fn only_data_items_and_tables_become_nodes_sorted_by_id() {
    let graph = build(&shop());
    let ids: Vec<&str> = graph.nodes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "static:shop::orders::COUNTER",
            "table:audit_log",
            "table:auth.users",
            "table:customers",
            "table:posts",
            "type:shop::billing::Invoice",
            "type:shop::entity::customer::Model",
            "type:shop::models::Post",
            "type:shop::orders::Status",
        ]
    );
    let kinds: Vec<DataKind> = graph.nodes.iter().map(|n| n.kind).collect();
    assert_eq!(kinds[0], DataKind::Static);
    assert!(kinds[1..5].iter().all(|k| *k == DataKind::Table));
    assert!(kinds[5..].iter().all(|k| *k == DataKind::Type));
}

#[test]
fn types_and_statics_are_accessed_through_references() {
    let graph = build(&shop());
    assert_eq!(
        accesses(&graph, "static:shop::orders::COUNTER"),
        [(0, 1, 0), (1, 0, 1)]
    );
    assert_eq!(accesses(&graph, "type:shop::orders::Status"), [(1, 1, 0)]);
    assert_eq!(accesses(&graph, "type:shop::models::Post"), [(4, 0, 1)]);
    let status = graph.node("type:shop::orders::Status");
    assert_eq!(status.and_then(|n| n.defined_in), Some(4));
}

#[test]
fn diesel_table_model_and_sql_meet_in_one_table_node() {
    let graph = build(&shop());
    // A reference to the `table!` (read), one to the `Post` model (a write of the type, but
    // only a read of the table: building an `Insertable` does not write the table, the
    // `insert_into` that takes it does), SQL write and read.
    assert_eq!(accesses(&graph, "table:posts"), [(4, 3, 1)]);
    assert_eq!(
        graph.node("table:posts").and_then(|n| n.defined_in),
        Some(5)
    );
    assert_eq!(accesses(&graph, "table:auth.users"), [(4, 1, 0)]);
}

#[test]
fn sea_orm_entity_modules_define_their_table_and_references_to_them_access_it() {
    let graph = build(&shop());
    let customers = graph.node("table:customers");
    assert_eq!(customers.and_then(|n| n.defined_in), Some(2));
    // billing names the entity module twice (its `Model`, and the module itself); orders
    // reads the table in SQL.
    assert_eq!(accesses(&graph, "table:customers"), [(1, 2, 0), (4, 1, 0)]);
    assert_eq!(
        accesses(&graph, "type:shop::entity::customer::Model"),
        [(1, 1, 0)]
    );
}

#[test]
fn tables_only_named_in_sql_have_no_defining_module() {
    let graph = build(&shop());
    let audit = graph.node("table:audit_log");
    assert_eq!(audit.map(|n| n.defined_in), Some(None));
    assert_eq!(accesses(&graph, "table:audit_log"), [(1, 0, 1), (4, 0, 1)]);
}

#[test]
fn sites_locate_every_access_in_module_then_location_order() {
    let graph = build(&shop());
    let sites: Vec<(ModuleIdx, Access, String)> = graph
        .node("table:posts")
        .map(|n| n.sites.clone())
        .unwrap_or_default()
        .into_iter()
        .map(|s| (s.module, s.access, s.location.to_string()))
        .collect();
    assert_eq!(
        sites,
        [
            (4, Access::Read, "src/orders.rs:2:5".to_string()),
            // The `Post` model literal: a read of the table (see above).
            (4, Access::Read, "src/orders.rs:5:5".to_string()),
            (4, Access::Write, "src/orders.rs:10:9".to_string()),
            (4, Access::Read, "src/orders.rs:12:9".to_string()),
        ]
    );
}

#[test]
fn problem_facts_become_warnings_at_the_module_file() {
    let graph = build(&shop());
    let found: Vec<String> = graph.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        found,
        [
            "warning[unparsed-sql]: src/orders.rs:20: SQL that no supported dialect parses",
            "warning[missing-sql-file]: src/billing.rs:3: `query_file!` names `q.sql`, which \
             cannot be read",
        ]
    );
}

#[test]
fn building_is_deterministic_whatever_the_input_order() {
    let program = shop();
    let mut shuffled = program.clone();
    shuffled.references.reverse();
    for module in &mut shuffled.modules {
        module.data_facts.reverse();
    }
    assert_eq!(build(&program), build(&shuffled));
}

#[test]
fn a_model_reads_the_table_its_resolved_path_names() {
    let model = |type_name: &str, path: &[&str]| DataFact::ModelTable {
        type_name: type_name.to_string(),
        table_path: path.iter().map(|s| s.to_string()).collect(),
        line: 1,
    };
    let program = Program {
        modules: vec![
            module(
                "admin",
                1,
                "admin/src/lib.rs",
                vec![model("AdminPost", &["posts"])],
            ),
            module("admin::schema", 1, "admin/src/schema.rs", vec![]),
            module(
                "shop::models",
                0,
                "shop/src/models.rs",
                vec![
                    model("Legacy", &["crate", "legacy", "schema", "posts"]),
                    model("Current", &["posts"]),
                    model("Comment", &["schema", "comments"]),
                ],
            ),
            module(
                "shop::legacy::schema",
                0,
                "shop/src/legacy/schema.rs",
                vec![],
            ),
            module("shop::schema", 0, "shop/src/schema.rs", vec![]),
        ],
        items: vec![
            item("admin::AdminPost", 0, ItemKind::Struct, None),
            item(
                "admin::schema::posts",
                1,
                ItemKind::Table,
                Some("admin_posts"),
            ),
            item(
                "shop::legacy::schema::posts",
                3,
                ItemKind::Table,
                Some("old_posts"),
            ),
            item("shop::models::Comment", 2, ItemKind::Struct, None),
            item("shop::models::Current", 2, ItemKind::Struct, None),
            item("shop::models::Legacy", 2, ItemKind::Struct, None),
            item("shop::schema::posts", 4, ItemKind::Table, Some("posts")),
        ],
        references: vec![
            reference(0, 2, Some(3), Access::Read, "admin/src/lib.rs", 1),
            reference(0, 2, Some(4), Access::Read, "admin/src/lib.rs", 2),
            reference(0, 2, Some(5), Access::Write, "admin/src/lib.rs", 3),
            reference(2, 0, Some(0), Access::Write, "shop/src/models.rs", 1),
            reference(2, 4, Some(6), Access::Read, "shop/src/models.rs", 2),
        ],
        // What `resolve` found: `posts` in admin is admin's schema, in shop the imported
        // `shop::schema::posts`; `schema::comments` names nothing in the program.
        data_paths: vec![
            data_path(0, &["posts"], Some(1)),
            data_path(2, &["crate", "legacy", "schema", "posts"], Some(2)),
            data_path(2, &["posts"], Some(6)),
            data_path(2, &["schema", "comments"], None),
        ],
        ..Program::default()
    };
    let graph = build(&program);
    // The model reference is a write of the type, a read of its table.
    assert_eq!(accesses(&graph, "table:old_posts"), [(0, 1, 0)]);
    assert_eq!(accesses(&graph, "table:posts"), [(0, 1, 0), (2, 1, 0)]);
    assert_eq!(accesses(&graph, "table:admin_posts"), [(2, 1, 0)]);
    // No `table!` for comments in the program: the table is still a node, without owner.
    let comments = graph.node("table:comments");
    assert_eq!(comments.map(|n| n.defined_in), Some(None));
    assert_eq!(accesses(&graph, "table:comments"), [(0, 1, 0)]);
}

#[test]
fn suggested_owner_prefers_writes_then_reads_then_lowest_module() {
    let node = |accesses: &[(ModuleIdx, u32, u32)]| DataNode {
        id: "table:t".to_string(),
        kind: DataKind::Table,
        defined_in: None,
        accesses: accesses
            .iter()
            .map(|&(module, reads, writes)| DataAccess {
                module,
                reads,
                writes,
            })
            .collect(),
        sites: Vec::new(),
        via_calls: Vec::new(),
        related: Vec::new(),
    };
    assert_eq!(suggested_owner(&node(&[])), None);
    assert_eq!(suggested_owner(&node(&[(1, 9, 0), (2, 0, 1)])), Some(2));
    assert_eq!(suggested_owner(&node(&[(1, 3, 2), (2, 5, 2)])), Some(2));
    assert_eq!(suggested_owner(&node(&[(3, 1, 1), (2, 1, 1)])), Some(2));
}

#[test]
fn a_table_only_a_layer_set_apart_touches_is_owned_by_the_group_writing_it_through_calls() {
    let access = |module, reads, writes| DataAccess {
        module,
        reads,
        writes,
    };
    // Module 0 (the data layer, in no group) runs the SQL; modules 1 and 2 (groups 0 and 1)
    // call it, module 2 to write.
    let mut node = DataNode {
        id: "table:users".to_string(),
        kind: DataKind::Table,
        defined_in: None,
        accesses: vec![access(0, 2, 1)],
        sites: Vec::new(),
        via_calls: vec![access(1, 3, 0), access(2, 0, 1)],
        related: Vec::new(),
    };
    let group_of = |m: ModuleIdx| (m > 0).then(|| m - 1);
    let (per, through_calls) = grouped_accesses(&node, group_of);
    assert!(through_calls);
    assert_eq!(per.keys().copied().collect::<Vec<_>>(), [0, 1]);
    assert_eq!(owning_group(&node, group_of), Some(1), "the writer owns it");
    // Once a grouped module touches it directly, calls no longer count.
    node.accesses.push(access(1, 1, 0));
    let (per, through_calls) = grouped_accesses(&node, group_of);
    assert!(!through_calls);
    assert_eq!(per.keys().copied().collect::<Vec<_>>(), [0]);
    assert_eq!(owning_group(&node, group_of), Some(0));
    // Types and statics never go by calls.
    node.kind = DataKind::Static;
    node.accesses = vec![access(0, 1, 1)];
    assert_eq!(owning_group(&node, group_of), None);
}

/// `table module r<reads> w<writes>` for every direct access to a table, in the package `t`
/// made of `files`.
fn table_accesses(files: &[(&str, &str)]) -> Vec<String> {
    let analysis = crate::pipeline::analyze_inline_crate(files);
    let modules = &analysis.program.modules;
    let mut out = Vec::new();
    for node in analysis
        .data
        .nodes
        .iter()
        .filter(|n| n.kind == DataKind::Table)
    {
        for a in &node.accesses {
            out.push(format!(
                "{} {} r{} w{}",
                node.id, modules[a.module].id, a.reads, a.writes
            ));
        }
    }
    out
}

#[test]
fn a_model_passed_to_a_project_fn_that_deletes_its_generic_parameter_is_written_by_the_caller() {
    let entity = |table: &str| {
        format!(
            "#[derive(DeriveEntityModel)]\n#[sea_orm(table_name = \"{table}\")]\npub struct Model {{ pub id: i64 }}\n"
        )
    };
    let (crate_user, group_user) = (entity("crate_user"), entity("group_user"));
    let files = [
        (
            "lib.rs",
            "pub mod crate_user; pub mod db; pub mod group_user;",
        ),
        ("crate_user.rs", crate_user.as_str()),
        ("group_user.rs", group_user.as_str()),
        (
            "db.rs",
            "use crate::{crate_user, group_user};\npub struct Db;\nimpl Db {\n    \
             async fn find(&self) -> Result<Option<crate_user::Model>, ()> { Ok(None) }\n    \
             async fn delete_crate_user(&self) -> Result<(), ()> {\n        \
             let model = self.find().await?;\n        \
             self.delete_or_not_found(model, 1).await\n    }\n    \
             async fn keep(&self, g: group_user::Model) { self.log(g); }\n    \
             fn log<M>(&self, _m: M) {}\n    \
             async fn delete_or_not_found<M>(&self, model: Option<M>, err: u8) -> Result<(), ()> {\n        \
             model.ok_or(err)?.delete(&self.0).await?;\n        Ok(())\n    }\n}\n",
        ),
    ];
    // `delete_crate_user` deletes a `crate_user::Model` through the generic helper; `keep`
    // passes a `group_user::Model` to a generic fn that writes nothing.
    assert_eq!(
        table_accesses(&files),
        [
            "table:crate_user t::db r1 w1",
            "table:group_user t::db r1 w0"
        ]
    );
}

#[test]
fn migration_bookkeeping_and_database_catalogs_are_no_application_data() {
    let files = [
        ("lib.rs", "pub mod repo; pub mod schema;"),
        (
            "schema.rs",
            "diesel::table! { __diesel_schema_migrations (version) { version -> Text, } }\n\
             diesel::table! { information_schema.tables (table_name) { table_name -> Text, } }\n\
             diesel::table! { users (id) { id -> Integer, name -> Text, } }\n",
        ),
        (
            "repo.rs",
            "pub async fn check(pool: &sqlx::PgPool) {\n    \
             sqlx::query(\"SELECT version FROM _sqlx_migrations\").execute(pool).await;\n    \
             sqlx::query(\"DELETE FROM seaql_migrations WHERE version = 'x'\").execute(pool).await;\n    \
             sqlx::query(\"SELECT name FROM sqlite_master\").execute(pool).await;\n    \
             sqlx::query(\"INSERT INTO users (name) VALUES ($1)\").execute(pool).await;\n}\n",
        ),
    ];
    assert_eq!(
        table_accesses(&files),
        ["table:users t::repo r0 w1"],
        "only the application's own table is data"
    );
    let analysis = crate::pipeline::analyze_inline_crate(&files);
    let tables: Vec<&str> = analysis
        .data
        .nodes
        .iter()
        .filter(|n| n.kind == DataKind::Table)
        .map(|n| n.id.as_str())
        .collect();
    assert_eq!(
        tables,
        ["table:users"],
        "declared bookkeeping and catalogs are no nodes"
    );
}
