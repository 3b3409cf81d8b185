//! The shared-data graph (issue #3): tables, owners and read/write counts on
//! fixtures/{diesel-app,sqlx-app,seaorm-app} against their EXPECTED.md, the statics of
//! fixtures/shop, and the `--data` graph output.

use crate::util::{analyze_fixture, fixture, run, str_of};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// data id → (defined_in, module → (reads, writes)).
type Accesses = BTreeMap<String, (Option<String>, BTreeMap<String, (u64, u64)>)>;

fn data(report: &Value, kind: &str) -> Accesses {
    report["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter(|d| str_of(d, "kind") == kind)
        .map(|d| {
            let accesses = d["accesses"]
                .as_array()
                .expect("accesses")
                .iter()
                .map(|a| {
                    (
                        str_of(a, "module").to_string(),
                        (
                            a["reads"].as_u64().unwrap_or(0),
                            a["writes"].as_u64().unwrap_or(0),
                        ),
                    )
                })
                .collect();
            (
                str_of(d, "id").to_string(),
                (d["defined_in"].as_str().map(str::to_string), accesses),
            )
        })
        .collect()
}

fn writes(t: &Accesses, table: &str, module: &str) -> u64 {
    t.get(table)
        .and_then(|(_, a)| a.get(module))
        .map_or(0, |x| x.1)
}

fn read_set(t: &Accesses, module: &str) -> BTreeSet<String> {
    t.iter()
        .filter(|(_, (_, a))| a.get(module).is_some_and(|(r, w)| r + w > 0))
        .map(|(id, _)| id.trim_start_matches("table:").to_string())
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn diesel_tables_owners_and_writes() {
    let report = analyze_fixture("diesel-app", &[]).json;
    let t = data(&report, "table");
    let ids: Vec<&str> = t.keys().map(String::as_str).collect();
    assert_eq!(
        ids,
        [
            "table:comments",
            "table:posts",
            "table:posts_tags",
            "table:tags",
            "table:user_sessions",
            "table:users"
        ]
    );
    for (id, (defined_in, _)) in &t {
        assert_eq!(defined_in.as_deref(), Some("blog::schema"), "{id}");
    }
    let w = |table: &str, module: &str| {
        writes(
            &t,
            &format!("table:{table}"),
            &format!("blog::repo::{module}"),
        )
    };
    assert_eq!((w("users", "users"), w("user_sessions", "users")), (3, 1));
    assert_eq!((w("posts", "posts"), w("posts_tags", "posts")), (3, 2));
    assert_eq!(w("comments", "comments"), 3);
    assert_eq!(w("tags", "tags"), 1);
    assert_eq!(w("user_sessions", "sessions"), 3);
    assert_eq!(
        read_set(&t, "blog::repo::users"),
        set(&["user_sessions", "users"])
    );
    assert_eq!(
        read_set(&t, "blog::repo::posts"),
        set(&["posts", "posts_tags", "users"])
    );
    assert_eq!(
        read_set(&t, "blog::repo::comments"),
        set(&["comments", "users"])
    );
    assert_eq!(
        read_set(&t, "blog::repo::tags"),
        set(&["posts_tags", "tags"])
    );
    assert_eq!(
        read_set(&t, "blog::repo::sessions"),
        set(&["user_sessions"])
    );
    // The model and schema modules never write.
    for (_, accesses) in t.values() {
        for (module, (_, writes)) in accesses {
            if !module.starts_with("blog::repo::") {
                assert_eq!(*writes, 0, "{module}");
            }
        }
    }
    assert_eq!(report["diagnostics"].as_array().map(Vec::len), Some(0));
}

#[test]
fn sqlx_reads_and_writes_per_module() {
    let report = analyze_fixture("sqlx-app", &[]).json;
    let t = data(&report, "table");
    let ids: Vec<&str> = t.keys().map(String::as_str).collect();
    // `recent` is a CTE and `excluded` the upsert's pseudo-table: neither is a table.
    assert_eq!(
        ids,
        [
            "table:accounts",
            "table:audit_log",
            "table:balances",
            "table:billing.invoices",
            "table:transfers"
        ]
    );
    let rw = |table: &str, module: &str| {
        t.get(&format!("table:{table}"))
            .and_then(|(_, a)| a.get(&format!("ledger::{module}")).copied())
    };
    let expected = [
        ("accounts", "accounts", (2, 1)),
        ("balances", "accounts", (1, 0)),
        ("transfers", "transfers", (3, 2)),
        ("accounts", "transfers", (2, 0)),
        ("balances", "transfers", (0, 1)),
        ("transfers", "reports", (1, 0)),
        ("accounts", "reports", (1, 0)),
        ("audit_log", "audit", (1, 1)),
        ("billing.invoices", "billing", (1, 2)),
        ("transfers", "billing", (1, 0)),
    ];
    for (table, module, counts) in expected {
        assert_eq!(rw(table, module), Some(counts), "{module} on {table}");
    }
    let total: usize = t.values().map(|(_, a)| a.len()).sum();
    assert_eq!(total, expected.len(), "no other module touches a table");
    assert_eq!(
        report["diagnostics"].as_array().map(Vec::len),
        Some(0),
        "every SQL string parses"
    );
}

#[test]
fn seaorm_entities_are_tables_owned_by_their_entity_module() {
    let report = analyze_fixture("seaorm-app", &[]).json;
    let t = data(&report, "table");
    let owners: Vec<(&str, Option<&str>)> = t
        .iter()
        .map(|(id, (d, _))| (id.as_str(), d.as_deref()))
        .collect();
    assert_eq!(
        owners,
        [
            ("table:customer_notes", Some("crm::entities::note")),
            ("table:customers", Some("crm::entities::customer")),
            ("table:deals", Some("crm::entities::deal")),
        ]
    );
    assert_eq!(writes(&t, "table:customers", "crm::services::customers"), 2);
    assert_eq!(writes(&t, "table:deals", "crm::services::pipeline"), 4);
    assert_eq!(
        writes(&t, "table:customer_notes", "crm::services::notes"),
        3
    );
    assert_eq!(writes(&t, "table:deals", "crm::services::customers"), 0);
    assert_eq!(writes(&t, "table:customers", "crm::services::pipeline"), 0);
    assert_eq!(
        read_set(&t, "crm::services::customers"),
        set(&["customers", "deals"])
    );
    assert_eq!(
        read_set(&t, "crm::services::pipeline"),
        set(&["customers", "deals"])
    );
    assert_eq!(
        read_set(&t, "crm::services::notes"),
        set(&["customer_notes"])
    );
}

#[test]
fn shop_statics_static_mut_written_once_and_oncelock_read_everywhere() {
    let report = analyze_fixture("shop", &[]).json;
    let s = data(&report, "static");
    let ids: Vec<&str> = s.keys().map(String::as_str).collect();
    assert_eq!(
        ids,
        [
            "static:shop::config::CONFIG",
            "static:shop::util::metrics::REQUESTS"
        ]
    );
    let (defined, requests) = &s["static:shop::util::metrics::REQUESTS"];
    assert_eq!(defined.as_deref(), Some("shop::util::metrics"));
    let writers: Vec<&str> = requests
        .iter()
        .filter(|(_, (_, w))| *w > 0)
        .map(|(m, _)| m.as_str())
        .collect();
    assert_eq!(writers, ["shop::orders::handlers"]);
    let readers: Vec<&str> = requests
        .iter()
        .filter(|(_, (r, w))| *r > 0 && *w == 0)
        .map(|(m, _)| m.as_str())
        .collect();
    assert_eq!(readers.len(), 2, "{readers:?}");
    let (_, config) = &s["static:shop::config::CONFIG"];
    let outside: Vec<&str> = config
        .keys()
        .map(String::as_str)
        .filter(|m| *m != "shop::config")
        .collect();
    assert_eq!(outside.len(), 4, "{outside:?}");
    let domains: BTreeSet<&str> = outside
        .iter()
        .filter_map(|m| m.split("::").nth(1))
        .collect();
    assert_eq!(domains.len(), 4);
    assert!(
        config
            .iter()
            .all(|(m, (_, w))| m == "shop::config" || *w == 0)
    );
}

#[test]
fn graph_with_data_draws_tables_as_cylinders_and_statics_as_notes() {
    let out = run([
        "graph",
        fixture("shop").to_str().unwrap_or("."),
        "--data",
        "-q",
    ]);
    out.assert_code(0);
    let dot = out.stdout_str();
    assert!(
        dot.contains("\"table:orders\" [label=\"table:orders\", shape=cylinder"),
        "{dot}"
    );
    assert!(dot.contains("\"static:shop::util::metrics::REQUESTS\" [label=\"static:shop::util::metrics::REQUESTS\", shape=note"));
    assert!(dot.contains("\"shop::orders::handlers\" -> \"static:shop::util::metrics::REQUESTS\" [penwidth=1, label=\"w1\", style=dashed"));
    let service = run([
        "graph",
        fixture("shop").to_str().unwrap_or("."),
        "--data",
        "--level",
        "service",
        "--format",
        "mermaid",
        "-q",
    ]);
    assert!(
        service.stdout_str().contains("[(\"table:orders\")]"),
        "{}",
        service.stdout_str()
    );
}

#[test]
fn explain_lists_data_accesses_with_locations() {
    let out = run([
        "explain",
        fixture("diesel-app").to_str().unwrap_or("."),
        "blog::repo::sessions",
        "-q",
    ]);
    out.assert_code(0);
    let text = out.stdout_str();
    let writes: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("write") && l.ends_with("-> table:user_sessions"))
        .collect();
    assert_eq!(writes.len(), 3, "{text}");
    assert!(
        writes
            .iter()
            .all(|l| l.trim_start().starts_with("src/repo/sessions.rs:")),
        "{text}"
    );
    let json = run([
        "explain",
        fixture("diesel-app").to_str().unwrap_or("."),
        "blog::repo::sessions",
        "--format",
        "json",
        "-q",
    ])
    .json();
    let data = json["data_accesses"].as_array().expect("data_accesses");
    let json_writes = data
        .iter()
        .filter(|d| d["access"] == "write" && d["data"] == "table:user_sessions")
        .count();
    assert_eq!(json_writes, 3);
}

/// Regression (found by the benchmark sweep): SQL inside an item-position macro was counted
/// once per expansion level on top of the plain count.
#[test]
fn sql_inside_item_macros_is_counted_once() {
    let lib = r#"
macro_rules! wrap { ($($i:item)*) => { $($i)* } }
pub async fn plain(pool: &sqlx::PgPool) { sqlx::query("INSERT INTO users (id) VALUES (1)").execute(pool).await.ok(); }
wrap! { pub async fn once(pool: &sqlx::PgPool) { sqlx::query("INSERT INTO users (id) VALUES (2)").execute(pool).await.ok(); } }
wrap! { wrap! { pub async fn twice(pool: &sqlx::PgPool) { sqlx::query("DELETE FROM users").execute(pool).await.ok(); } } }
"#;
    let scratch = crate::util::Scratch::new("wrapped", lib);
    let report = crate::util::analyze_ok(scratch.path(), &[]).json;
    let t = data(&report, "table");
    assert_eq!(t["table:users"].1.get("wrapped"), Some(&(0, 3)));
}

/// `table → related tables` of every table that has some.
fn related(report: &Value) -> BTreeMap<String, Vec<String>> {
    report["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter_map(|d| {
            let related: Vec<String> = d["related"]
                .as_array()?
                .iter()
                .filter_map(|r| r.as_str().map(str::to_string))
                .collect();
            (!related.is_empty()).then(|| (str_of(d, "id").to_string(), related))
        })
        .collect()
}

#[test]
fn related_tables_come_from_joinable_relations_and_sql_statements() {
    let expect = |pairs: &[(&str, &[&str])]| -> BTreeMap<String, Vec<String>> {
        pairs
            .iter()
            .map(|(t, r)| (t.to_string(), r.iter().map(|s| s.to_string()).collect()))
            .collect()
    };
    // diesel `joinable!` in the schema.
    let layered = analyze_fixture("layered-app", &[]).json;
    assert_eq!(
        related(&layered),
        expect(&[
            ("table:invoice_lines", &["table:invoices"]),
            ("table:invoices", &["table:invoice_lines", "table:owners"]),
            ("table:owners", &["table:invoices", "table:pets"]),
            ("table:pets", &["table:owners", "table:visits"]),
            ("table:specialties", &["table:vet_specialties"]),
            (
                "table:vet_specialties",
                &["table:specialties", "table:vets"]
            ),
            ("table:vets", &["table:vet_specialties", "table:visits"]),
            ("table:visits", &["table:pets", "table:vets"]),
        ])
    );
    // SeaORM `Relation` variants (`has_many` on customer, `belongs_to` on note and deal).
    let seaorm = analyze_fixture("seaorm-app", &[]).json;
    assert_eq!(
        related(&seaorm),
        expect(&[
            ("table:customer_notes", &["table:customers"]),
            ("table:customers", &["table:customer_notes", "table:deals"]),
            ("table:deals", &["table:customers"]),
        ])
    );
    // One statement over two tables: `INSERT INTO billing.invoices … SELECT … FROM transfers`,
    // and a subquery of `transfers` in a query of `accounts`.
    let sqlx = analyze_fixture("sqlx-app", &[]).json;
    assert_eq!(
        related(&sqlx),
        expect(&[
            ("table:accounts", &["table:transfers"]),
            ("table:billing.invoices", &["table:transfers"]),
            (
                "table:transfers",
                &["table:accounts", "table:billing.invoices"]
            ),
        ])
    );
}
