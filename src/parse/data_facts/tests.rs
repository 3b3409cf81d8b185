//! Tests of [`super::module_data_facts`] on realistic snippets: each SQL position, each way
//! to write the SQL, `query_file!`, and the ORM attributes.

use super::*;
use crate::model::Access::{self, Read, Write};

/// The facts of `src`, parsed as one module, with a root that does not exist.
fn facts(src: &str) -> Vec<DataFact> {
    facts_in(
        src,
        Path::new("/nonexistent/ws/app"),
        Path::new("/nonexistent/ws"),
    )
}

fn facts_in(src: &str, crate_dir: &Path, root: &Path) -> Vec<DataFact> {
    let file = syn::parse_file(src).expect("test source parses");
    let ctx = DataCtx {
        crate_dir,
        root,
        file: "app/src/db.rs",
    };
    module_data_facts(&file.items, &ctx)
}

/// The (table, access) pairs of the SQL facts, in order.
fn tables(facts: &[DataFact]) -> Vec<(String, Access)> {
    facts
        .iter()
        .filter_map(|fact| match fact {
            DataFact::SqlAccess { table, access, .. } => Some((table.clone(), *access)),
            _ => None,
        })
        .collect()
}

/// Asserts the tables `src` touches.
fn check(src: &str, expected: &[(&str, Access)]) {
    let found = facts(src);
    let expected: Vec<(String, Access)> = expected
        .iter()
        .map(|(table, access)| (table.to_string(), *access))
        .collect();
    assert_eq!(tables(&found), expected, "facts: {found:#?}");
    let problems: Vec<_> = found
        .iter()
        .filter(|f| matches!(f, DataFact::Problem { .. }))
        .collect();
    assert!(problems.is_empty(), "unexpected problems: {problems:#?}");
}

fn problems(facts: &[DataFact]) -> Vec<(DiagnosticCode, u32)> {
    facts
        .iter()
        .filter_map(|fact| match fact {
            DataFact::Problem { code, line, .. } => Some((*code, *line)),
            _ => None,
        })
        .collect()
}

#[test]
fn sqlx_query_macros_take_sql_from_the_right_argument() {
    check(
        r##"
        async fn load(pool: &PgPool, id: i64) -> Result<()> {
            let user = sqlx::query_as!(User, "SELECT * FROM users WHERE id = $1", id)
                .fetch_one(pool).await?;
            sqlx::query!(r#"UPDATE users SET last_seen = now() WHERE id = $1"#, id)
                .execute(pool).await?;
            let n: i64 = sqlx::query_scalar!("SELECT count(*) FROM orders").fetch_one(pool).await?;
            sqlx::query_unchecked!("DELETE FROM sessions WHERE user_id = $1", id);
            sqlx::query_as_unchecked!(Row, "INSERT INTO audit (what) VALUES ($1)", "x");
            query!("SELECT 1 FROM carts");
            Ok(())
        }
        "##,
        &[
            ("users", Read),
            ("users", Write),
            ("orders", Read),
            ("sessions", Write),
            ("audit", Write),
            ("carts", Read),
        ],
    );
}

#[test]
fn sqlx_functions_by_full_path_turbofish_and_imported_name() {
    check(
        r#"
        use sqlx::{query, query_scalar as count_of};
        async fn f(pool: &PgPool) {
            sqlx::query("DELETE FROM tokens").execute(pool).await;
            sqlx::query_as::<_, Invoice>("SELECT * FROM billing.invoices").fetch_all(pool).await;
            query("INSERT INTO events (kind) VALUES ($1)").bind("x").execute(pool).await;
            count_of("SELECT count(*) FROM refunds").fetch_one(pool).await;
        }
        "#,
        &[
            ("tokens", Write),
            ("billing.invoices", Read),
            ("events", Write),
            ("refunds", Read),
        ],
    );
}

#[test]
fn bare_query_function_needs_an_import_or_sql_looking_text() {
    check(
        r#"
        fn f() {
            query("weather in Paris");
            query("SELECT * FROM cities");
        }
        "#,
        &[("cities", Read)],
    );
    // Imported from sqlx, the text is SQL even when it does not start like it.
    let found = facts(
        r#"
        use sqlx::query;
        fn f() { query("weather in Paris"); }
        "#,
    );
    assert_eq!(problems(&found), vec![(DiagnosticCode::UnparsedSql, 3)]);
}

#[test]
fn diesel_sql_query() {
    check(
        r#"
        use diesel::sql_query;
        fn f(conn: &mut PgConnection) {
            diesel::sql_query("UPDATE posts SET published = true").execute(conn);
            sql_query("SELECT * FROM comments WHERE post_id = $1").load::<Comment>(conn);
        }
        "#,
        &[("posts", Write), ("comments", Read)],
    );
}

#[test]
fn postgres_and_rusqlite_methods_with_sql_first() {
    check(
        r#"
        async fn pg(client: &Client) {
            let rows = client.query("SELECT id FROM accounts WHERE owner = $1", &[&owner]).await?;
            client.query_one("SELECT balance FROM ledgers WHERE id = $1", &[&id]).await?;
            client.query_opt("SELECT 1 FROM holds LIMIT 1", &[]).await?;
            client.execute("UPDATE accounts SET frozen = true", &[]).await?;
            let stmt = client.prepare("INSERT INTO transfers (a, b) VALUES ($1, $2)").await?;
            client.prepare_cached("DELETE FROM holds WHERE id = $1").await?;
            client.batch_execute("CREATE TABLE IF NOT EXISTS snapshots (id INT); \
                                  TRUNCATE snapshots").await?;
            client.simple_query("SELECT * FROM rates").await?;
            client.batch_execute("BEGIN; DELETE FROM rates; COMMIT;").await?;
        }
        fn lite(conn: &Connection) {
            conn.query_row("SELECT name FROM people WHERE id = ?1", [id], |r| r.get(0))?;
            conn.execute("INSERT INTO people (name) VALUES (?1)", params![name])?;
        }
        fn not_sql(cmd: &Shell) {
            cmd.execute("ls -la /tmp");
            cmd.query(42);
            pool.execute(&stmt);
        }
        "#,
        &[
            ("accounts", Read),
            ("ledgers", Read),
            ("holds", Read),
            ("accounts", Write),
            ("transfers", Write),
            ("holds", Write),
            ("snapshots", Write),
            ("snapshots", Write),
            ("rates", Read),
            ("rates", Write),
            ("people", Read),
            ("people", Write),
        ],
    );
}

#[test]
fn sql_from_consts_statics_concat_and_associated_consts() {
    check(
        r#"
        const FIND_USER: &str = "SELECT * FROM users WHERE id = $1";
        static ARCHIVE: &str = concat!("INSERT INTO archive ", "SELECT * FROM ", "orders");
        const ALIAS: &str = FIND_USER;
        struct Repo;
        impl Repo {
            const PURGE: &'static str = "DELETE FROM carts";
            fn run(&self, pool: &PgPool) {
                sqlx::query(FIND_USER);
                sqlx::query(ARCHIVE);
                sqlx::query(Self::PURGE);
                sqlx::query(&ALIAS);
                sqlx::query(other_module::SQL);
            }
        }
        "#,
        &[
            ("users", Read),
            ("archive", Write),
            ("orders", Read),
            ("carts", Write),
            ("users", Read),
        ],
    );
}

#[test]
fn format_templates_substitute_literals_and_drop_computed_tables() {
    check(
        r#"
        const TABLE: &str = "ledger_entries";
        fn f(conn: &Client, id: i64, cols: &str, name: &str) {
            conn.query(&format!("SELECT * FROM {} WHERE id = {}", "payments", id), &[]);
            conn.query(format!("SELECT * FROM {TABLE}").as_str(), &[]);
            conn.execute(&format!("DELETE FROM {t} WHERE id = {id}", t = "payouts"), &[]);
            conn.query(&format!("SELECT {cols} FROM orders WHERE x = '{{}}'"), &[]);
            conn.query(&format!("SELECT * FROM {}", name), &[]);
            conn.query(&format!("SELECT * FROM {:>10}", "padded"), &[]);
        }
        "#,
        &[
            ("payments", Read),
            ("ledger_entries", Read),
            ("payouts", Write),
            ("orders", Read),
        ],
    );
}

#[test]
fn descends_into_bodies_impls_closures_and_spawned_blocks_but_not_inline_modules() {
    check(
        r#"
        impl Service {
            async fn handle(&self) {
                let pool = self.pool.clone();
                tokio::spawn(async move {
                    sqlx::query("UPDATE jobs SET state = 'done'").execute(&pool).await
                });
                let f = |c: &Connection| c.execute("DELETE FROM locks", []);
                {
                    { sqlx::query("SELECT * FROM nested_blocks"); }
                }
            }
        }
        const INIT: fn() = || { sqlx::query("SELECT * FROM in_const"); };
        mod inner {
            fn g() { sqlx::query("SELECT * FROM belongs_to_inner"); }
        }
        mod on_disk;
        "#,
        &[
            ("jobs", Write),
            ("locks", Write),
            ("nested_blocks", Read),
            ("in_const", Read),
        ],
    );
}

#[test]
fn sql_calls_inside_other_macros_are_found() {
    check(
        r#"
        fn f(conn: &Connection, a: &Client) {
            assert!(conn.execute("DELETE FROM carts", []).is_ok());
            let (x, y) = tokio::join!(a.query("SELECT * FROM left_side", &[]), ready(1));
            my_retry! { let r = a.query("SELECT * FROM retried", &[]); r }
        }
        "#,
        &[("carts", Write), ("left_side", Read), ("retried", Read)],
    );
}

#[test]
fn strings_outside_sql_positions_are_ignored() {
    check(
        r#"
        const NOT_USED: &str = "SELECT * FROM unused_const";
        fn f() {
            let s = "SELECT * FROM plain_string";
            println!("DELETE FROM printed");
            log::info!("INSERT INTO logged VALUES (1)");
            sqlx::query(s);
        }
        "#,
        &[],
    );
}

#[test]
fn lines_and_columns_point_at_the_sql_argument() {
    let found = facts("fn f() {\n    sqlx::query(\n        \"SELECT * FROM a\",\n    );\n}\n");
    assert_eq!(
        found,
        vec![DataFact::SqlAccess {
            table: "a".to_string(),
            access: Read,
            line: 3,
            column: 9,
        }]
    );
}

#[test]
fn unparsable_sql_gives_scanned_tables_and_a_problem() {
    let found = facts(
        r#"
        fn f() {
            sqlx::query("SELEC * FROM orders JOIN lines ON lines.o = orders.id WHERE (");
        }
        "#,
    );
    assert_eq!(
        tables(&found),
        vec![("orders".to_string(), Read), ("lines".to_string(), Read)]
    );
    assert_eq!(problems(&found), vec![(DiagnosticCode::UnparsedSql, 3)]);
    let message = found.iter().find_map(|f| match f {
        DataFact::Problem { message, .. } => Some(message.clone()),
        _ => None,
    });
    assert!(message.is_some_and(|m| m.contains("orders, lines")));
}

#[test]
fn query_file_reads_files_inside_the_root_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("ws");
    let app = root.join("app");
    std::fs::create_dir_all(app.join("queries")).expect("mkdir");
    std::fs::write(
        app.join("queries/find.sql"),
        "SELECT * FROM users u JOIN teams t ON t.id = u.team_id WHERE u.id = $1",
    )
    .expect("write");
    std::fs::write(root.join("shared.sql"), "DELETE FROM caches").expect("write");
    std::fs::write(app.join("queries/bad.sql"), "DELET FROM x WHERE").expect("write");
    std::fs::write(dir.path().join("outside.sql"), "DELETE FROM secrets").expect("write");
    let found = facts_in(
        r#"
        async fn f(pool: &PgPool) {
            sqlx::query_file!("queries/find.sql", 1).fetch_one(pool).await;
            sqlx::query_file_as!(User, "../shared.sql").execute(pool).await;
            sqlx::query_file!("../../outside.sql");
            sqlx::query_file!("queries/missing.sql");
            sqlx::query_file!("/etc/passwd");
            sqlx::query_file!("queries/bad.sql");
        }
        "#,
        &app,
        &root,
    );
    assert_eq!(
        tables(&found),
        vec![
            ("users".to_string(), Read),
            ("teams".to_string(), Read),
            ("caches".to_string(), Write),
            ("x".to_string(), Read),
        ]
    );
    assert_eq!(
        problems(&found),
        vec![
            (DiagnosticCode::PathOutsideRoot, 5),
            (DiagnosticCode::MissingSqlFile, 6),
            (DiagnosticCode::PathOutsideRoot, 7),
            (DiagnosticCode::UnparsedSql, 8),
        ]
    );
    let bad = found.iter().find_map(|fact| match fact {
        DataFact::Problem {
            line: 8, message, ..
        } => Some(message.as_str()),
        _ => None,
    });
    assert!(
        bad.is_some_and(|m| m.starts_with("SQL in `queries/bad.sql`")),
        "{bad:?}"
    );
}

#[cfg(unix)]
#[test]
fn query_file_refuses_a_symlink_out_of_the_root() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("ws");
    std::fs::create_dir_all(&root).expect("mkdir");
    std::fs::write(dir.path().join("outside.sql"), "DELETE FROM secrets").expect("write");
    std::os::unix::fs::symlink(dir.path().join("outside.sql"), root.join("link.sql"))
        .expect("symlink");
    let found = facts_in(r#"fn f() { sqlx::query_file!("link.sql"); }"#, &root, &root);
    assert_eq!(tables(&found), vec![]);
    assert_eq!(problems(&found), vec![(DiagnosticCode::PathOutsideRoot, 1)]);
}

#[test]
fn sea_orm_entities_name_their_table() {
    let found = facts(
        r#"
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Eq)]
        #[sea_orm(table_name = "Customers")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i32,
        }

        #[derive(Clone, Debug, sea_orm::DeriveEntityModel)]
        #[sea_orm(schema_name = "crm", table_name = "leads", comment = "x")]
        pub struct Other { pub id: i32 }

        #[derive(Clone, Debug)]
        #[sea_orm(table_name = "not_an_entity")]
        pub struct Plain { pub id: i32 }
        "#,
    );
    assert_eq!(
        found,
        vec![
            DataFact::SeaOrmEntity {
                table: "customers".to_string(),
                line: 5,
            },
            DataFact::SeaOrmEntity {
                table: "crm.leads".to_string(),
                line: 12,
            },
        ]
    );
}

#[test]
fn diesel_models_name_their_table_path() {
    let found = facts(
        r#"
        #[derive(Queryable, Selectable)]
        #[diesel(table_name = crate::schema::posts)]
        #[diesel(check_for_backend(diesel::pg::Pg))]
        pub struct Post { pub id: i32 }

        #[derive(Insertable)]
        #[diesel(belongs_to(Post), primary_key(id), table_name = comments)]
        pub struct NewComment<'a> { pub body: &'a str }

        #[derive(Insertable)]
        #[table_name = "users"]
        pub struct NewUser { pub name: String }

        #[derive(Queryable)]
        pub struct NoTable { pub id: i32 }
        "#,
    );
    let model = |type_name: &str, path: &[&str], line| DataFact::ModelTable {
        type_name: type_name.to_string(),
        table_path: path.iter().map(|s| s.to_string()).collect(),
        line,
    };
    assert_eq!(
        found,
        vec![
            model("Post", &["crate", "schema", "posts"], 3),
            model("NewComment", &["comments"], 8),
            model("NewUser", &["users"], 12),
        ]
    );
}

#[test]
fn malformed_macros_and_attributes_are_skipped_quietly() {
    let found = facts(
        r#"
        #[diesel(table_name = )]
        #[sea_orm(table_name)]
        #[derive(DeriveEntityModel)]
        struct Broken;
        macro_rules! m { ($x:expr) => { sqlx::query($x) }; }
        fn f() {
            sqlx::query!();
            sqlx::query_as!(OnlyType);
            html! { <div class="x">{ "SELECT * FROM nope" }</div> };
            a!(b!(c!(d!(e!(f!(g!(h!(i!(j!(sqlx::query("SELECT * FROM too_deep")))))))))));
        }
        "#,
    );
    assert_eq!(found, vec![]);
}

#[test]
fn looks_like_sql_skips_blanks_comments_and_parentheses() {
    assert!(looks_like_sql("  -- find\n /* all */ (select 1)"));
    assert!(looks_like_sql("WITH x AS (SELECT 1) SELECT * FROM x"));
    assert!(!looks_like_sql("weather in Paris"));
    assert!(!looks_like_sql(""));
    assert!(!looks_like_sql("--"));
}

#[test]
fn query_builders_raw_statements_and_mysql_methods_take_sql() {
    check(
        r#"
use sqlx::QueryBuilder;
use sea_orm::{DbBackend, Statement};
fn f(conn: &mut mysql::PooledConn, db: &DatabaseConnection) {
    let mut q: QueryBuilder<Postgres> = QueryBuilder::new("UPDATE event SET hidden = 1 WHERE id = ");
    let s = Statement::from_sql_and_values(DbBackend::Postgres, "SELECT * FROM crates WHERE id = $1", [1.into()]);
    let t = Statement::from_string(DbBackend::Postgres, "DELETE FROM sessions".to_owned());
    conn.query_drop("CREATE TABLE IF NOT EXISTS whitelist (id integer)");
    conn.exec_first("SELECT name FROM torrents WHERE id = ?", (1,));
}
"#,
        &[
            ("event", Write),
            ("crates", Read),
            ("sessions", Write),
            ("whitelist", Write),
            ("torrents", Read),
        ],
    );
    // A project's own `QueryBuilder` or `exec` takes no SQL: the text must read like SQL.
    check(
        r#"
fn f(runner: Runner) {
    let b = CardQueryBuilder::new("bug");
    let c = QueryBuilder::new("cards");
    runner.exec("users");
}
"#,
        &[],
    );
}
