//! Tests of [`super::tables_in_sql`]: one per statement shape, plus odd input that must
//! neither panic nor overflow the stack.

use super::*;
use crate::model::Access::{Read, Write};

/// Asserts that `sql` parses and touches exactly `expected`, in order.
fn check(sql: &str, expected: &[(&str, Access)]) {
    let found = tables_in_sql(sql);
    assert!(found.parsed, "did not parse: {sql}");
    let expected: Vec<(String, Access)> = expected
        .iter()
        .map(|(name, access)| (name.to_string(), *access))
        .collect();
    assert_eq!(found.accesses, expected, "for {sql}");
}

#[test]
fn select_reads_from_and_joins() {
    check(
        "SELECT * FROM jobs WHERE id = $1 FOR UPDATE SKIP LOCKED",
        &[("jobs", Read)],
    );
    check(
        "SELECT o.id, c.name FROM orders o JOIN customers c ON c.id = o.customer_id \
         LEFT JOIN addresses a ON a.id = c.address_id WHERE o.id = $1",
        &[("orders", Read), ("customers", Read), ("addresses", Read)],
    );
}

#[test]
fn subqueries_in_where_select_list_and_from_are_read() {
    check(
        "SELECT (SELECT count(*) FROM items i WHERE i.order_id = o.id) AS n \
         FROM (SELECT * FROM orders) o \
         WHERE EXISTS (SELECT 1 FROM refunds r WHERE r.order_id = o.id) \
         AND o.customer_id IN (SELECT id FROM customers)",
        &[
            ("items", Read),
            ("orders", Read),
            ("refunds", Read),
            ("customers", Read),
        ],
    );
}

#[test]
fn cte_names_are_not_tables_but_their_bodies_are_read() {
    check(
        "WITH recent AS (SELECT * FROM orders WHERE created_at > now() - interval '1 day') \
         SELECT * FROM recent JOIN customers ON customers.id = recent.customer_id",
        &[("orders", Read), ("customers", Read)],
    );
}

#[test]
fn recursive_cte_does_not_name_itself_a_table() {
    check(
        "WITH RECURSIVE tree AS (SELECT id, parent_id FROM categories WHERE id = $1 \
         UNION ALL SELECT c.id, c.parent_id FROM categories c JOIN tree t ON c.parent_id = t.id) \
         SELECT * FROM tree",
        &[("categories", Read)],
    );
}

#[test]
fn insert_writes_its_table_and_reads_its_source() {
    check(
        "INSERT INTO users (name, email) VALUES ($1, $2) RETURNING id",
        &[("users", Write)],
    );
    check(
        "INSERT INTO archive_orders SELECT * FROM orders WHERE closed",
        &[("archive_orders", Write), ("orders", Read)],
    );
}

#[test]
fn insert_on_conflict_do_update_writes() {
    check(
        "INSERT INTO stock (sku, qty) VALUES ($1, $2) \
         ON CONFLICT (sku) DO UPDATE SET qty = stock.qty + EXCLUDED.qty",
        &[("stock", Write)],
    );
    check(
        "INSERT INTO stock (sku, qty) VALUES (?, ?) ON DUPLICATE KEY UPDATE qty = qty + VALUES(qty)",
        &[("stock", Write)],
    );
    check(
        "INSERT OR REPLACE INTO kv (k, v) VALUES (?1, ?2)",
        &[("kv", Write)],
    );
    check("REPLACE INTO kv (k, v) VALUES (?, ?)", &[("kv", Write)]);
}

#[test]
fn update_writes_and_its_subqueries_and_from_read() {
    check(
        "UPDATE orders SET total = (SELECT sum(price) FROM items WHERE items.order_id = orders.id) \
         FROM customers WHERE customers.id = orders.customer_id AND orders.id = $1",
        &[("orders", Write), ("items", Read), ("customers", Read)],
    );
}

#[test]
fn table_read_and_written_in_one_statement_gives_both() {
    check(
        "UPDATE t SET x = (SELECT max(x) FROM t) WHERE id = ?",
        &[("t", Write), ("t", Read)],
    );
}

#[test]
fn delete_writes_and_using_reads() {
    check(
        "DELETE FROM sessions WHERE expires_at < now()",
        &[("sessions", Write)],
    );
    check(
        "DELETE FROM sessions USING users WHERE sessions.user_id = users.id AND users.banned",
        &[("sessions", Write), ("users", Read)],
    );
}

#[test]
fn mysql_multi_table_delete_writes_only_the_listed_tables() {
    check(
        "DELETE o FROM orders AS o JOIN customers c ON c.id = o.customer_id WHERE c.id = ?",
        &[("orders", Write), ("customers", Read)],
    );
}

#[test]
fn merge_writes_target_and_reads_source() {
    check(
        "MERGE INTO inventory i USING deliveries d ON i.sku = d.sku \
         WHEN MATCHED THEN UPDATE SET qty = i.qty + d.qty \
         WHEN NOT MATCHED THEN INSERT (sku, qty) VALUES (d.sku, d.qty)",
        &[("inventory", Write), ("deliveries", Read)],
    );
}

#[test]
fn ddl_writes() {
    check(
        "CREATE TABLE IF NOT EXISTS audit_log (id BIGSERIAL PRIMARY KEY, body TEXT)",
        &[("audit_log", Write)],
    );
    check(
        "ALTER TABLE audit_log ADD COLUMN at TIMESTAMPTZ",
        &[("audit_log", Write)],
    );
    check(
        "DROP TABLE IF EXISTS tmp_a, tmp_b",
        &[("tmp_a", Write), ("tmp_b", Write)],
    );
    check("TRUNCATE TABLE audit_log", &[("audit_log", Write)]);
    check(
        "CREATE INDEX idx_at ON audit_log (at)",
        &[("audit_log", Write)],
    );
}

#[test]
fn names_are_lower_cased_unquoted_and_schema_qualified() {
    check(
        r#"SELECT * FROM Billing."Invoices" JOIN `Shop`.Orders ON true"#,
        &[("billing.invoices", Read), ("shop.orders", Read)],
    );
    check("SELECT * FROM \"Users\"", &[("users", Read)]);
}

#[test]
fn placeholders_of_every_driver_parse() {
    check("SELECT * FROM a WHERE id = $1 AND b = $2", &[("a", Read)]);
    check("SELECT * FROM a WHERE id = ? AND b = ?", &[("a", Read)]);
    check(
        "SELECT * FROM a WHERE id = :id AND b = :name",
        &[("a", Read)],
    );
    check("SELECT * FROM a WHERE id = ?1", &[("a", Read)]);
}

#[test]
fn every_statement_of_a_batch_is_read() {
    check(
        "BEGIN; INSERT INTO a (x) VALUES (1); SELECT * FROM a; UPDATE b SET y = 2; COMMIT;",
        &[("a", Write), ("a", Read), ("b", Write)],
    );
}

#[test]
fn data_modifying_cte_writes() {
    check(
        "WITH moved AS (DELETE FROM queue WHERE id = $1 RETURNING *) \
         INSERT INTO done SELECT * FROM moved",
        &[("queue", Write), ("done", Write)],
    );
}

#[test]
fn table_functions_are_not_tables() {
    check(
        "SELECT * FROM generate_series(1, 10) AS g JOIN t ON t.id = g",
        &[("t", Read)],
    );
}

#[test]
fn statements_without_tables_give_nothing() {
    check("SELECT 1", &[]);
    check("", &[]);
    check("-- only a comment", &[]);
}

#[test]
fn unparsable_sql_falls_back_to_a_keyword_scan() {
    let found = tables_in_sql(
        "SELEKT * FROM orders o JOIN \"Customers\" c ON c.id = o.c; \
         DELETE FROM carts; INSERT INTO billing.invoices VALUES (( ; \
         UPDATE stock SET qty = 1; CREATE TABLE IF NOT EXISTS audit (",
    );
    assert!(!found.parsed);
    let expected = [
        ("orders", Read),
        ("customers", Read),
        ("carts", Write),
        ("billing.invoices", Write),
        ("stock", Write),
        ("audit", Write),
    ];
    let expected: Vec<(String, Access)> =
        expected.iter().map(|(n, a)| (n.to_string(), *a)).collect();
    assert_eq!(found.accesses, expected);
}

#[test]
fn scan_skips_strings_comments_subqueries_and_keywords() {
    let found = tables_in_sql(
        "SELEKT 'from fake' FROM (SELECT 1) x /* JOIN ghost */ -- FROM gone\n\
         JOIN real_one ON true ON CONFLICT DO UPDATE SET a = 1",
    );
    assert!(!found.parsed);
    assert_eq!(found.accesses, vec![("real_one".to_string(), Read)]);
}

#[test]
fn odd_input_never_panics() {
    let long_select = format!("SELECT * FROM t WHERE {}", "a = 1 AND ".repeat(10_000));
    let inputs = [
        String::new(),
        "'".to_string(),
        "\"unterminated".to_string(),
        "`".to_string(),
        "[".to_string(),
        "/*".to_string(),
        "--".to_string(),
        "FROM".to_string(),
        "DELETE FROM".to_string(),
        "INTO .".to_string(),
        "SELECT * FROM a.".to_string(),
        "\u{0}\u{feff}ü€𝄞 FROM ü".to_string(),
        ";;;;".to_string(),
        "x".repeat(100 * 1024),
        "SELECT ".repeat(20_000),
        long_select,
    ];
    for input in &inputs {
        let _ = tables_in_sql(input);
    }
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let depth = 5_000;
    let sql = format!("SELECT {}1{} FROM t", "(".repeat(depth), ")".repeat(depth));
    let found = tables_in_sql(&sql);
    assert!(!found.parsed);
    let sub = format!(
        "{}SELECT 1 FROM deep{}",
        "SELECT * FROM (".repeat(depth),
        ")".repeat(depth)
    );
    assert!(!tables_in_sql(&sub).parsed);
}

#[test]
fn long_operator_chains_do_not_overflow() {
    let sql = format!("SELECT 1{} FROM t", " + 1".repeat(25_000));
    let found = tables_in_sql(&sql);
    assert_eq!(found.accesses, vec![("t".to_string(), Read)]);
}

#[test]
fn operator_chains_up_to_the_limit_still_parse() {
    let sql = format!("SELECT 1{} FROM t", " + 1".repeat(MAX_OPERATOR_CHAIN - 1));
    let found = tables_in_sql(&sql);
    assert!(found.parsed);
    assert_eq!(found.accesses, vec![("t".to_string(), Read)]);
}

#[test]
fn random_sql_fragments_never_panic() {
    const FRAGMENTS: &[&str] = &[
        "SELECT",
        "*",
        "FROM",
        "t",
        "JOIN",
        "ON",
        "(",
        ")",
        "WITH",
        "x",
        "AS",
        "INSERT",
        "INTO",
        "VALUES",
        "UPDATE",
        "SET",
        "=",
        "DELETE",
        "MERGE",
        "USING",
        "WHEN",
        "MATCHED",
        "THEN",
        "'",
        "\"",
        "`",
        "[",
        "$1",
        "?",
        ":a",
        ";",
        ",",
        ".",
        "--",
        "/*",
        "*/",
        "CREATE",
        "TABLE",
        "DROP",
        "ALTER",
        "IF",
        "EXISTS",
        "RETURNING",
        "ON CONFLICT",
        "DO",
        "NOTHING",
        "UNION",
        "LATERAL",
        "TRUNCATE",
        "COPY",
        "STDIN",
        "\\",
        "ü",
        "\n",
        "1e999",
        "0x",
        "E'",
        "$$",
    ];
    // A fixed linear congruential generator: the same strings on every run.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(state >> 33).unwrap_or(0)
    };
    for _ in 0..2_000 {
        let len = next() % 24;
        let sql: Vec<&str> = (0..len)
            .map(|_| FRAGMENTS[next() % FRAGMENTS.len()])
            .collect();
        let _ = tables_in_sql(&sql.join(" "));
        let _ = tables_in_sql(&sql.concat());
    }
}

#[test]
fn tables_of_one_statement_are_linked_in_sorted_pairs() {
    let found = tables_in_sql(
        "SELECT * FROM orders o JOIN customers c ON c.id = o.customer_id \
         WHERE EXISTS (SELECT 1 FROM refunds r WHERE r.order_id = o.id); SELECT * FROM jobs",
    );
    let pairs: Vec<(&str, &str)> = found
        .links
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("customers", "orders"),
            ("customers", "refunds"),
            ("orders", "refunds")
        ]
    );
    // A foreign key links the table to the one it references.
    let found = tables_in_sql(
        "CREATE TABLE sessions (id INT PRIMARY KEY, user_id INT REFERENCES users (id))",
    );
    assert_eq!(found.links, [("sessions".to_string(), "users".to_string())]);
    let found = tables_in_sql(
        "CREATE TABLE notes (id INT, owner INT, FOREIGN KEY (owner) REFERENCES users (id))",
    );
    assert_eq!(found.links, [("notes".to_string(), "users".to_string())]);
    assert_eq!(found.accesses, [("notes".to_string(), Write)]);
    // A statement over more tables than MAX_LINKED_TABLES links none.
    let many: Vec<String> = (0..=MAX_LINKED_TABLES).map(|i| format!("t{i}")).collect();
    let found = tables_in_sql(&format!("SELECT * FROM {}", many.join(", ")));
    assert_eq!(found.accesses.len(), MAX_LINKED_TABLES + 1);
    assert!(found.links.is_empty());
}

#[test]
fn foreign_keys_are_found_by_a_scan_statement_by_statement() {
    let links = foreign_key_links(
        "CREATE TABLE posts (id INT, author INT NOT NULL REFERENCES authors (id) ON DELETE CASCADE, \
         FOREIGN KEY (topic) REFERENCES topics(id));\n\
         ALTER TABLE comments ADD FOREIGN KEY (post_id) REFERENCES posts (id);\n\
         SELECT 'REFERENCES nothing' FROM posts;\n\
         CREATE TABLE selfish (parent INT REFERENCES selfish(id));",
    );
    let pairs: Vec<(&str, &str)> = links
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("authors", "posts"),
            ("comments", "posts"),
            ("posts", "topics")
        ]
    );
    assert!(foreign_key_links("CREATE TABLE t (x INT)").is_empty());
}

#[test]
fn scan_reads_from_lists_and_skips_cte_names_referential_actions_and_locks() {
    // `%s` placeholders (a query template filled by `format!`) defeat every dialect.
    let found = tables_in_sql(
        "WITH new AS (SELECT id FROM %s), prev AS (SELECT 1 FROM chunks) \
         DELETE FROM chunks USING new WHERE chunks.id = new.id; \
         CREATE TABLE IF NOT EXISTS %s (doc int8 REFERENCES documents ON DELETE CASCADE \
         ON UPDATE CASCADE); SELECT * FROM prev p, jobs AS j, billing.\"Invoices\" WHERE 1 FOR UPDATE SKIP LOCKED",
    );
    assert!(!found.parsed);
    let expected = [
        ("chunks", Read),
        ("chunks", Write),
        ("jobs", Read),
        ("billing.invoices", Read),
    ];
    let expected: Vec<(String, Access)> =
        expected.iter().map(|(n, a)| (n.to_string(), *a)).collect();
    assert_eq!(found.accesses, expected);
}

#[test]
fn parsed_sql_does_not_take_a_cte_for_a_table() {
    let found = tables_in_sql("WITH recent AS (SELECT * FROM orders) SELECT * FROM recent");
    assert!(found.parsed);
    assert_eq!(found.accesses, vec![("orders".to_string(), Read)]);
}

#[test]
fn the_database_catalog_is_no_table() {
    let found =
        tables_in_sql("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'users'");
    assert_eq!(found.accesses, Vec::<(String, Access)>::new());
    let found = tables_in_sql(
        "SELECT c.column_name FROM information_schema.columns c \
         JOIN accounts a ON a.id = 1",
    );
    assert_eq!(found.accesses, vec![("accounts".to_string(), Read)]);
    assert!(found.links.is_empty());
    assert!(is_catalog("pg_database") && is_catalog("main.sqlite_sequence"));
    assert!(!is_catalog("pgusers") && !is_catalog("app.pg_jobs") && !is_catalog("sqlite"));
}
