//! The edge kind of a write to a field: `field`, not `type`, and the type is still written.
//! (A local typed only by what a call returns is not known where the write is read, at parse
//! time: such a write is not recorded.)

use crate::model::{Access, EdgeKind};
use crate::pipeline::analyze_inline_crate;
use crate::resolve::tests::check;

#[test]
fn a_field_written_through_a_typed_local_is_a_field_reference_that_writes_the_type() {
    let analysis = analyze_inline_crate(&[
        ("lib.rs", "pub mod orders; pub mod billing;"),
        (
            "orders.rs",
            "pub struct Order { pub total: u32 }\npub fn open() -> Order { Order { total: 0 } }\n",
        ),
        (
            "billing.rs",
            "use crate::orders;\n\
             pub fn close(o: &mut orders::Order) {\n    o.total = 1;\n}\n\
             pub fn reopen() {\n    let mut o: orders::Order = orders::open();\n    o.total += 2;\n}\n",
        ),
    ]);
    let program = &analysis.program;
    let mut found: Vec<(u32, EdgeKind, Access)> = program
        .references
        .iter()
        .filter(|r| program.modules[r.from].id == "t::billing" && r.kind != EdgeKind::Use)
        .map(|r| (r.location.line, r.kind, r.access))
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            (2, EdgeKind::Type, Access::Read),
            (3, EdgeKind::Field, Access::Write),
            (6, EdgeKind::Type, Access::Read),
            (6, EdgeKind::Call, Access::Read),
            (7, EdgeKind::Field, Access::Write),
        ]
    );
    let order = analysis
        .data
        .node("type:t::orders::Order")
        .expect("Order is a data node");
    let billing = program
        .modules
        .iter()
        .position(|m| m.id == "t::billing")
        .expect("billing");
    let writes: u32 = order
        .accesses
        .iter()
        .filter(|a| a.module == billing)
        .map(|a| a.writes)
        .sum();
    assert_eq!(writes, 2);
}

#[test]
fn serde_attributes_name_modules_functions_and_types_in_strings() {
    check(
        &[
            (
                "lib.rs",
                "mod codec; mod defaults; mod wire; mod model; mod user; mod checks;",
            ),
            (
                "user.rs",
                "#[derive(DeriveEntityModel)]\n#[sea_orm(table_name = \"users\")]\npub struct Model { id: i32 }",
            ),
            (
                "checks.rs",
                "pub fn username(_: &str) -> Result<(), ()> { Ok(()) }",
            ),
            (
                "codec.rs",
                "pub fn serialize() {}\npub fn deserialize() {}\npub mod inner {\n    pub fn serialize() {}\n}",
            ),
            ("defaults.rs", "pub fn port() -> u16 { 80 }"),
            ("wire.rs", "pub struct Raw;"),
            (
                "model.rs",
                "#[derive(serde::Deserialize)]\n\
                 #[serde(from = \"crate::wire::Raw\")]\n\
                 pub struct A {\n\
                 \x20   #[serde(with = \"crate::codec\")]\n\
                 \x20   a: u8,\n\
                 \x20   #[cfg_attr(all(), serde(default = \"crate::defaults::port\", rename = \"p\"))]\n\
                 \x20   p: u16,\n\
                 \x20   #[serde(skip_serializing_if = \"Option::is_none\")]\n\
                 \x20   q: Option<u8>,\n\
                 \x20   #[validate(length(min = 1), custom(function = \"crate::checks::username\"))]\n\
                 \x20   name: String,\n\
                 }\n\
                 pub enum E {\n\
                 \x20   #[serde(with = \"crate::codec::inner\")]\n\
                 \x20   V(u8),\n\
                 }\n\
                 #[derive(DeriveRelation)]\n\
                 pub enum Relation {\n\
                 \x20   #[sea_orm(belongs_to = \"super::user::Entity\", from = \"Column::UserId\")]\n\
                 \x20   User,\n\
                 }",
            ),
        ],
        &[
            "t::model -> t::checks call",
            "t::model -> t::codec call",
            "t::model -> t::codec::inner call",
            "t::model -> t::defaults call",
            "t::model -> t::user type",
            "t::model -> t::wire type",
        ],
    );
}

#[test]
fn attribute_values_that_are_paths_or_calls_are_references() {
    check(
        &[
            (
                "lib.rs",
                "mod cli; mod parse; mod version; mod api; mod todo; mod doc;",
            ),
            (
                "parse.rs",
                "pub fn duration(_: &str) -> Result<u64, String> { Ok(1) }",
            ),
            ("version.rs", "pub fn text() -> &'static str { \"1\" }"),
            ("todo.rs", "pub struct Todo;\npub struct TodoError;"),
            (
                "cli.rs",
                "#[derive(clap::Parser)]\n\
                 #[command(version = crate::version::text())]\n\
                 pub struct Args {\n\
                 \x20   #[arg(long, value_parser = crate::parse::duration, default_value = \"1s\")]\n\
                 \x20   pub every: u64,\n\
                 }",
            ),
            (
                "api.rs",
                "use crate::todo::{Todo, TodoError};\n\
                 #[utoipa::path(post, path = \"/todo\", request_body = Todo,\n\
                 \x20   responses((status = 201, body = Todo), (status = 409, body = TodoError)))]\n\
                 pub async fn create() {}\n\
                 #[tracing::instrument(fields(todo = todo.id))]\n\
                 pub async fn list(todo: u8) {}",
            ),
            (
                "doc.rs",
                "#[derive(utoipa::OpenApi)]\n\
                 #[openapi(paths(crate::api::create), components(schemas(crate::todo::Todo)))]\n\
                 pub struct ApiDoc;",
            ),
        ],
        &[
            "t::api -> t::todo type",
            "t::api -> t::todo use",
            "t::cli -> t::parse call",
            "t::cli -> t::version call",
            "t::doc -> t::api call",
            "t::doc -> t::todo type",
        ],
    );
}

#[test]
fn a_string_too_long_to_be_a_path_is_not_parsed() {
    // A string literal is one token, so the file's nesting guard does not bound its text:
    // read as a type, this one would nest 200 000 deep.
    let model = format!(
        "pub struct Raw;\n#[serde(from = \"{}Raw{}\")]\npub struct A;\n#[serde(from = \"Raw\")]\npub struct B;",
        "(".repeat(200_000),
        ",)".repeat(200_000)
    );
    check(
        &[
            ("lib.rs", "mod model; mod wire;"),
            ("wire.rs", "pub struct Raw;"),
            (
                "model.rs",
                &model.replace("pub struct Raw;\n", "use crate::wire::Raw;\n"),
            ),
        ],
        &["t::model -> t::wire type", "t::model -> t::wire use"],
    );
}
