//! Table writes that are not spelled as `insert_into(users::table)` (issue #10), on small crates
//! written at run time: the project's own `macro_rules!` that write the table they receive,
//! diesel `update(self)` / `delete(&self)` / `insert_into(table)` inside model impls, SQL held in
//! a `const` that another module runs, SeaORM `ActiveModel` writes and `Entity::delete_many`;
//! and imports, which are no access at all.

use crate::util::{Report, Scratch, analyze_ok};

/// (reads, writes) of `data_id` by `module`; (0, 0) when it does not access it.
fn access(report: &Report, data_id: &str, module: &str) -> (u64, u64) {
    report.json["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter(|d| d["id"] == data_id)
        .flat_map(|d| d["accesses"].as_array().cloned().unwrap_or_default())
        .find(|a| a["module"] == module)
        .map_or((0, 0), |a| {
            (
                a["reads"].as_u64().unwrap_or(0),
                a["writes"].as_u64().unwrap_or(0),
            )
        })
}

const SCHEMA: &str = "diesel::table! { users (id) { id -> Int4, name -> Text, } }
diesel::table! { posts (id) { id -> Int4, } }
diesel::table! { tags (id) { id -> Int4, } }
";

fn diesel_blog() -> Scratch {
    let s = Scratch::new(
        "blog",
        "#[macro_use]\nmod macros;\npub mod schema;\npub mod models;\npub mod repo;\npub mod admin;\n",
    );
    s.write(
        "src/macros.rs",
        "macro_rules! insert {\n    ($conn:expr, $table:ident, $form:expr) => {{\n        diesel::insert_into($table::table).values($form).execute($conn)\n    }};\n}\nmacro_rules! clear {\n    ($table:ident, $conn:expr) => {{\n        diesel::delete(crate::schema::$table::table).execute($conn)\n    }};\n}\n",
    );
    s.write("src/schema.rs", SCHEMA);
    s.write(
        "src/models.rs",
        "use crate::schema::{posts, users};
use diesel::prelude::*;

#[derive(Queryable, Identifiable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: i32,
    pub name: String,
}

impl User {
    pub fn rename(&self, conn: &mut PgConnection) -> QueryResult<usize> {
        diesel::update(self).set(users::name.eq(\"x\")).execute(conn)
    }

    pub fn remove(self, conn: &mut PgConnection) -> QueryResult<usize> {
        diesel::delete(&self).execute(conn)
    }
}

#[derive(Insertable)]
#[diesel(table_name = posts)]
pub struct NewPost {
    pub id: i32,
}

impl NewPost {
    pub fn save(&self, conn: &mut PgConnection) -> QueryResult<usize> {
        use crate::schema::posts::dsl::*;
        diesel::insert_into(table).values(self).execute(conn)
    }
}
",
    );
    s.write(
        "src/repo.rs",
        "use crate::schema::tags;
use diesel::prelude::*;

pub fn add_tag(conn: &mut PgConnection, id: i32) {
    let _ = insert!(conn, tags, &(crate::schema::tags::id.eq(id)));
}

pub fn forget_users(conn: &mut PgConnection) {
    let _ = clear!(users, conn);
}
",
    );
    s.write(
        "src/admin.rs",
        "use crate::models::User;\n\npub fn banner() -> &'static str {\n    \"admin\"\n}\n",
    );
    s
}

#[test]
fn a_project_macro_that_writes_the_table_it_receives_writes_it_at_each_call() {
    let report = analyze_ok(diesel_blog().path(), &[]);
    // `tags` as the caller's scope has it (imported); `users` after the macro's own
    // `crate::schema::` prefix, with no import at the call.
    assert_eq!(access(&report, "table:tags", "blog::repo").1, 1);
    assert_eq!(access(&report, "table:users", "blog::repo").1, 1);
}

#[test]
fn diesel_writes_on_self_and_on_a_bare_table_in_model_impls_write_the_model_table() {
    let report = analyze_ok(diesel_blog().path(), &[]);
    let (_, user_writes) = access(&report, "table:users", "blog::models");
    assert!(
        user_writes >= 2,
        "update(self) and delete(&self): {user_writes}"
    );
    let (_, post_writes) = access(&report, "table:posts", "blog::models");
    assert!(post_writes >= 1, "insert_into(table) in impl NewPost");
}

#[test]
fn importing_a_model_is_no_access_of_its_table() {
    let report = analyze_ok(diesel_blog().path(), &[]);
    assert_eq!(access(&report, "table:users", "blog::admin"), (0, 0));
}

#[test]
fn sql_in_a_const_is_an_access_where_another_module_runs_it() {
    let s = Scratch::new("audit", "pub mod queries;\npub mod service;\n");
    s.write(
        "src/queries.rs",
        "pub const INSERT_ENTRY: &str = \"INSERT INTO audit_log (msg) VALUES ($1)\";
pub const LIST_ENTRIES: &str = concat!(\"SELECT msg \", \"FROM audit_log\");
pub const GREETING: &str = \"hello\";
",
    );
    s.write(
        "src/service.rs",
        "use crate::queries;
use crate::queries::LIST_ENTRIES;

pub async fn log(pool: &sqlx::PgPool, msg: &str) {
    let _ = sqlx::query(queries::INSERT_ENTRY).bind(msg).execute(pool).await;
}

pub async fn list(pool: &sqlx::PgPool) {
    let _ = sqlx::query(LIST_ENTRIES).fetch_all(pool).await;
}
",
    );
    let report = analyze_ok(s.path(), &[]);
    assert_eq!(access(&report, "table:audit_log", "audit::service"), (1, 1));
    assert_eq!(access(&report, "table:audit_log", "audit::queries"), (0, 0));
}

#[test]
fn seaorm_active_model_writes_and_entity_deletes_write_the_entity_table() {
    let s = Scratch::new("shop", "pub mod entities;\npub mod services;\n");
    s.write("src/entities/mod.rs", "pub mod user;\n");
    s.write(
        "src/entities/user.rs",
        "use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, DeriveEntityModel)]
#[sea_orm(table_name = \"users\")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
",
    );
    s.write(
        "src/services/mod.rs",
        "pub mod create;\npub mod purge;\npub mod read;\n",
    );
    s.write(
        "src/services/create.rs",
        "use crate::entities::user;
use sea_orm::{ActiveModelTrait, DatabaseConnection};

pub async fn rename(db: &DatabaseConnection, model: user::Model) {
    let mut active: user::ActiveModel = model.into();
    let _ = active.update(db).await;
}
",
    );
    s.write(
        "src/services/purge.rs",
        "use crate::entities::user;
use sea_orm::{DatabaseConnection, EntityTrait};

pub async fn purge(db: &DatabaseConnection) {
    let _ = user::Entity::delete_many().exec(db).await;
}
",
    );
    s.write(
        "src/services/read.rs",
        "use crate::entities::user;
use sea_orm::{DatabaseConnection, EntityTrait};

pub async fn all(db: &DatabaseConnection) {
    let _ = user::Entity::find().all(db).await;
}
",
    );
    let report = analyze_ok(s.path(), &[]);
    let (_, create) = access(&report, "table:users", "shop::services::create");
    assert!(create >= 1, "active.update(db) writes: {create}");
    let (_, purge) = access(&report, "table:users", "shop::services::purge");
    assert!(purge >= 1, "Entity::delete_many writes: {purge}");
    let (reads, writes) = access(&report, "table:users", "shop::services::read");
    assert_eq!(writes, 0);
    assert!(reads >= 1);
}

#[test]
fn sql_in_associated_consts_run_through_a_reexported_query_is_read() {
    let s = Scratch::new("server", "pub mod db;\n");
    s.write(
        "src/db.rs",
        "pub use sqlx::query;

pub trait Dialect {
    const ADD_SESSION: &'static str;
}

pub struct Ordinal;

impl Dialect for Ordinal {
    const ADD_SESSION: &'static str = \"INSERT INTO sessions (user_id, token) VALUES ($1, $2)\";
}

pub struct Store<D> {
    d: D,
}

impl<D: Dialect> Store<D> {
    pub async fn add(&self, pool: &sqlx::PgPool) {
        let _ = self::query(<D as Dialect>::ADD_SESSION).execute(pool).await;
        let _ = db_query(Self::Dialect::ADD_SESSION);
    }
}
",
    );
    let report = analyze_ok(s.path(), &[]);
    let (_, writes) = access(&report, "table:sessions", "server::db");
    assert_eq!(writes, 1, "self::query(<D as Dialect>::ADD_SESSION)");
}

/// A local `fn room_servers` hides the glob-imported `room_servers` table only in the value
/// namespace: `room_servers::table` still names the table (palpo's `room` module).
#[test]
fn a_local_fn_named_like_a_glob_imported_table_does_not_hide_the_table() {
    let s = Scratch::new("palpo", "pub mod schema;\npub mod room;\n");
    s.write(
        "src/schema.rs",
        "diesel::table! { room_servers (id) { id -> Int4, room_id -> Text, } }\n",
    );
    s.write(
        "src/room.rs",
        "use crate::schema::*;
use diesel::prelude::*;

pub fn room_servers() -> Vec<String> {
    Vec::new()
}

pub fn update(conn: &mut PgConnection) {
    let _ = diesel::insert_into(room_servers::table)
        .values(room_servers::room_id.eq(\"x\"))
        .execute(conn);
}
",
    );
    let report = analyze_ok(s.path(), &[]);
    assert_eq!(access(&report, "table:room_servers", "palpo::room").1, 1);
}
