//! Model tables: the item a diesel model's `table_name` path names, resolved like any path.

use crate::model::DataFact;
use crate::pipeline::analyze_inline_crate as analysis;

/// The diesel models of package `t` made of `files`, as `model -> table` lines: the item
/// its `table_name` path resolves to, `?` when it names no item of the project.
fn model_tables(files: &[(&str, &str)]) -> Vec<String> {
    let analysis = analysis(files);
    let p = &analysis.program;
    let mut out = Vec::new();
    for (m, module) in p.modules.iter().enumerate() {
        for fact in &module.data_facts {
            if let DataFact::ModelTable {
                type_name,
                table_path,
                ..
            } = fact
            {
                let table = p
                    .data_path_item(m, table_path)
                    .map_or("?", |i| p.items[i].id.as_str());
                out.push(format!("{}::{type_name} -> {table}", module.id));
            }
        }
    }
    out
}

/// Two schemas with a `posts` table each, as diesel writes them.
const SCHEMAS: [(&str, &str); 3] = [
    (
        "schema.rs",
        "diesel::table! { posts (id) { id -> Int4, } }\ndiesel::table! { users (id) { id -> Int4, } }",
    ),
    ("legacy.rs", "pub mod schema;"),
    (
        "legacy/schema.rs",
        "table! { #[sql_name = \"old_posts\"] posts (id) { id -> Int4, } }",
    ),
];

#[test]
fn a_model_table_path_is_resolved_like_any_path() {
    let mut files = vec![(
        "lib.rs",
        "mod schema; mod legacy; mod by_path; mod by_import; mod by_glob; mod legacy_models; mod elsewhere;",
    )];
    files.extend(SCHEMAS);
    files.extend([
        (
            "by_path.rs",
            "#[diesel(table_name = crate::schema::posts)]\npub struct Post;",
        ),
        (
            "by_import.rs",
            "use crate::schema::posts;\n#[diesel(table_name = posts)]\npub struct Post;",
        ),
        (
            "by_glob.rs",
            "use crate::schema::*;\n#[diesel(table_name = posts)]\npub struct Post;\n#[diesel(table_name = users)]\npub struct User;",
        ),
        // The same name through the other schema, and the old string form.
        (
            "legacy_models.rs",
            "use super::legacy::schema::posts;\n#[table_name = \"posts\"]\npub struct Post;",
        ),
        // Names nothing in the project (the data stage then names the table by its last
        // segment: see the next test).
        (
            "elsewhere.rs",
            "#[diesel(table_name = other_crate::schema::comments)]\npub struct Comment;\n#[diesel(table_name = crate::schema::tags)]\npub struct Tag;",
        ),
    ]);
    assert_eq!(
        model_tables(&files),
        [
            "t::by_glob::Post -> t::schema::posts",
            "t::by_glob::User -> t::schema::users",
            "t::by_import::Post -> t::schema::posts",
            "t::by_path::Post -> t::schema::posts",
            "t::elsewhere::Comment -> ?",
            "t::elsewhere::Tag -> ?",
            "t::legacy_models::Post -> t::legacy::schema::posts",
        ]
    );
}

#[test]
fn a_model_table_named_like_tables_of_two_schemas_reads_the_one_in_scope() {
    let mut files = vec![("lib.rs", "mod schema; mod legacy; mod old; mod new;")];
    files.extend(SCHEMAS);
    files.extend([
        (
            "old.rs",
            "use crate::legacy::schema::posts;\n#[diesel(table_name = posts)]\npub struct Post;\nfn f(_: Post) {}",
        ),
        ("new.rs", "pub fn g(_: crate::old::Post) {}"),
    ]);
    let analysis = analysis(&files);
    let node = |id: &str| analysis.data.node(id).map(|n| n.accesses.len());
    // `new` uses the model: it reads the legacy table (SQL name `old_posts`), not `posts`.
    assert_eq!(node("table:old_posts"), Some(1));
    assert_eq!(node("table:posts"), Some(0));
}

#[test]
fn a_model_table_path_naming_nothing_in_the_project_names_the_table_by_its_last_segment() {
    let analysis = analysis(&[
        ("lib.rs", "mod models; mod api;"),
        (
            "models.rs",
            "#[diesel(table_name = other_crate::schema::comments)]\npub struct Comment;",
        ),
        ("api.rs", "pub fn g(_: crate::models::Comment) {}"),
    ]);
    let comments = analysis.data.node("table:comments");
    assert_eq!(
        comments.map(|n| (n.defined_in, n.accesses.len())),
        Some((None, 1))
    );
}
