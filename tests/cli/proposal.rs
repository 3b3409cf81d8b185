//! The service proposal of `analyze` on fixtures/shop (issue #4): the intended services, the
//! shared kernel, the composition roots, data ownership, the heaviest boundary, the extraction
//! order, `--services N`, and the distributed-monolith warnings on modified copies.

use crate::util::{
    analyze_fixture, analyze_ok, composition_roots, copy_fixture, owned_data, run, service_groups,
    str_of,
};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

fn services(report: &Value) -> BTreeMap<String, (String, BTreeSet<String>)> {
    service_groups(report)
}

fn domain_modules(report: &Value, domain: &str) -> BTreeSet<String> {
    let prefix = format!("shop::{domain}");
    report["modules"]
        .as_array()
        .expect("modules")
        .iter()
        .map(|m| str_of(m, "id").to_string())
        .filter(|id| id == &prefix || id.starts_with(&format!("{prefix}::")))
        .collect()
}

const DOMAINS: [&str; 6] = [
    "catalog",
    "inventory",
    "notifications",
    "orders",
    "payments",
    "users",
];

#[test]
fn shop_splits_into_its_six_domains_with_a_shared_kernel() {
    let report = analyze_fixture("shop", &[]).json;
    let services = services(&report);
    let names: Vec<&str> = services.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "catalog",
            "inventory",
            "notifications",
            "orders",
            "payments",
            "shared-kernel",
            "users"
        ]
    );
    for domain in DOMAINS {
        let (role, modules) = &services[domain];
        assert_eq!(role, "service");
        assert_eq!(
            modules,
            &domain_modules(&report, domain),
            "modules of {domain}"
        );
    }
    let (role, kernel) = &services["shared-kernel"];
    assert_eq!(role, "shared-kernel");
    let expected: BTreeSet<String> = [
        "config",
        "error",
        "util",
        "util::db",
        "util::guard",
        "util::http",
        "util::ids",
        "util::metrics",
        "util::money",
        "util::time",
    ]
    .iter()
    .map(|m| format!("shop::{m}"))
    .collect();
    assert_eq!(kernel, &expected);
    let roots = composition_roots(&report);
    assert_eq!(roots, ["shop", "shop[bin]"]);
}

#[test]
fn each_shop_service_owns_exactly_its_tables_and_nothing_is_shared() {
    let report = analyze_fixture("shop", &[]).json;
    let owned = owned_data(&report);
    assert_eq!(owned["orders"], ["table:order_lines", "table:orders"]);
    assert_eq!(owned["payments"], ["table:payments", "table:refunds"]);
    assert_eq!(
        owned["inventory"],
        ["table:reservations", "table:stock_levels"]
    );
    assert_eq!(owned["catalog"], ["table:categories", "table:products"]);
    assert_eq!(owned["users"], ["table:addresses", "table:users"]);
    assert_eq!(owned["notifications"], ["table:outbox"]);
    for s in report["services"].as_array().expect("services") {
        assert_eq!(s["shared_data"].as_array().map(Vec::len), Some(0), "{s}");
    }
    assert_eq!(report["metrics"]["shared_data_ratio"], 0.0);
    assert_eq!(report["metrics"]["service_cycles"], 0);
    assert_eq!(report["warnings"].as_array().map(Vec::len), Some(0));
}

#[test]
fn heaviest_boundary_is_orders_to_inventory_and_extraction_order_is_by_crossing_weight() {
    let report = analyze_fixture("shop", &[]).json;
    let boundaries = report["boundaries"].as_array().expect("boundaries");
    let first = &boundaries[0];
    assert_eq!(
        (str_of(first, "a"), str_of(first, "b")),
        ("inventory", "orders")
    );
    let weight =
        |b: &Value| b["weight_ab"].as_f64().unwrap_or(0.0) + b["weight_ba"].as_f64().unwrap_or(0.0);
    assert_eq!(first["weight_ab"], 0.0, "inventory does not call orders");
    assert!(
        weight(first) >= 2.0 * weight(&boundaries[1]),
        "{first} vs {}",
        boundaries[1]
    );
    assert_eq!(first["references"], 37);
    // Sorted heaviest first.
    for pair in boundaries.windows(2) {
        assert!(weight(&pair[0]) >= weight(&pair[1]));
    }
    let order: Vec<&str> = report["extraction_order"]
        .as_array()
        .expect("order")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    // catalog and users cross 7.0 each (3.5 in, 3.5 out) and tie: the name decides;
    // inventory (36 in) and orders (46 out) are the most entangled.
    assert_eq!(
        order,
        [
            "catalog",
            "users",
            "notifications",
            "payments",
            "inventory",
            "orders"
        ]
    );
    for name in &order {
        assert!(
            report["extraction_reasons"][name]
                .as_str()
                .is_some_and(|r| r.contains("no cycle"))
        );
    }
}

#[test]
fn metrics_of_the_shop_proposal_are_in_range() {
    let report = analyze_fixture("shop", &[]).json;
    let m = &report["metrics"];
    let q = m["modularity"].as_f64().expect("modularity");
    assert!((0.5..=1.0).contains(&q), "modularity {q}");
    let icp = m["icp"].as_f64().expect("icp");
    assert!(icp > 0.0 && icp < 0.2, "icp {icp}");
    // Every service has 6 to 8 modules: none outside 5..=20.
    assert_eq!(m["ned"], 0.0);
    for s in report["services"].as_array().expect("services") {
        let cohesion = s["cohesion"].as_f64().unwrap_or(-1.0);
        let instability = s["instability"].as_f64().unwrap_or(-1.0);
        assert!(
            (0.0..=1.0).contains(&cohesion) && (0.0..=1.0).contains(&instability),
            "{s}"
        );
    }
}

#[test]
fn services_flag_sets_the_number_of_services() {
    for n in [2, 3, 6] {
        let n_text = n.to_string();
        let report = analyze_fixture("shop", &["--services", &n_text]).json;
        let count = report["services"]
            .as_array()
            .expect("services")
            .iter()
            .filter(|s| str_of(s, "role") == "service")
            .count();
        assert_eq!(count, n, "--services {n}");
    }
}

/// In an application, fewer services than the evidence finds are its services merged: each
/// of the default's lies whole inside one of the fewer. (The workspace's three services were
/// once a new partition that cut one of its four default services in two.)
#[test]
fn fewer_services_in_an_application_merge_the_default_ones() {
    for (fixture, found) in [("shop", 6), ("workspace", 4)] {
        let members = |args: &[&str]| -> Vec<BTreeSet<String>> {
            services(&analyze_fixture(fixture, args).json)
                .into_values()
                .filter(|(role, _)| role == "service")
                .map(|(_, modules)| modules)
                .collect()
        };
        let default = members(&[]);
        assert_eq!(default.len(), found, "{fixture}");
        for n in 2..found {
            let fewer = members(&["--services", &n.to_string()]);
            assert_eq!(fewer.len(), n);
            for d in &default {
                assert!(
                    fewer.iter().any(|f| d.is_subset(f)),
                    "{fixture} --services {n}: {d:?} is cut across {fewer:?}"
                );
            }
        }
    }
}

#[test]
fn text_report_names_services_boundaries_and_order() {
    let out = run([
        "analyze",
        crate::util::fixture("shop").to_str().unwrap_or("."),
        "--no-progress",
    ]);
    out.assert_code(0);
    let text = out.stdout_str();
    assert!(text.contains("6 services + a shared kernel"), "{text}");
    assert!(
        text.contains("orders → inventory  weight 34.5, 37 references"),
        "{text}"
    );
    assert!(text.contains("1. catalog"), "{text}");
    assert!(
        text.contains("(10 modules): a library every service links"),
        "{text}"
    );
    assert!(!text.contains("DISTRIBUTED MONOLITH"));
    // One module is one module.
    let ledger = run([
        "analyze",
        crate::util::fixture("sqlx-app").to_str().unwrap_or("."),
        "--no-progress",
    ]);
    ledger.assert_code(0);
    assert!(
        ledger.stdout_str().contains("ledger::db (1 module): "),
        "{}",
        ledger.stdout_str()
    );
    assert!(
        !text.contains('\u{1b}'),
        "no colour when stdout is not a terminal"
    );
}

/// The `warnings` of a report.
fn warnings(report: &Value) -> Vec<&str> {
    report["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .filter_map(Value::as_str)
        .collect()
}

/// Appends `code` to a file of a copied fixture.
fn append(root: &std::path::Path, file: &str, code: &str) {
    let path = root.join(file);
    let mut text = std::fs::read_to_string(&path).expect("read fixture file");
    text.push_str(code);
    std::fs::write(&path, text).expect("write fixture file");
}

const WRITE_ORDERS: &str = r#"
pub async fn touch_order(pool: &sqlx::PgPool, order_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE orders SET status = 'paid' WHERE id = $1").bind(order_id).execute(pool).await?;
    Ok(())
}
"#;

#[test]
fn a_table_written_from_two_services_is_a_loud_distributed_monolith_warning() {
    let (_dir, root) = copy_fixture("shop");
    append(&root, "src/payments/repository.rs", WRITE_ORDERS);
    append(&root, "src/payments/service.rs", WRITE_ORDERS);
    let report = analyze_ok(&root, &[]).json;
    let warnings = warnings(&report);
    assert_eq!(
        warnings,
        ["table:orders is written by orders, payments: one database behind several services"]
    );
    let payments = report["services"]
        .as_array()
        .expect("services")
        .iter()
        .find(|s| str_of(s, "name") == "payments")
        .cloned()
        .unwrap_or_default();
    assert_eq!(payments["shared_data"], serde_json::json!(["table:orders"]));
    assert!(
        report["metrics"]["shared_data_ratio"]
            .as_f64()
            .unwrap_or(0.0)
            > 0.0
    );
    let text = run(["analyze", root.to_str().unwrap_or("."), "--no-progress"]);
    assert!(
        text.stdout_str().contains("DISTRIBUTED MONOLITH"),
        "{}",
        text.stdout_str()
    );
}

#[test]
fn a_single_module_writing_another_services_table_joins_that_service() {
    let (_dir, root) = copy_fixture("shop");
    append(&root, "src/payments/repository.rs", WRITE_ORDERS);
    let report = analyze_ok(&root, &[]).json;
    let services = services(&report);
    let with_orders_repo = services
        .values()
        .find(|(_, m)| m.contains("shop::orders::repository"))
        .map(|(_, m)| m.clone())
        .unwrap_or_default();
    assert!(
        with_orders_repo.contains("shop::payments::repository"),
        "{with_orders_repo:?}"
    );
}

#[test]
fn a_back_reference_makes_a_service_cycle() {
    let (_dir, root) = copy_fixture("shop");
    // notifications calling back into payments closes payments → notifications → payments.
    append(
        &root,
        "src/notifications/service.rs",
        "\npub fn payment_status_label() -> String {\n    format!(\"{:?}\", crate::payments::model::PaymentStatus::Captured)\n}\n",
    );
    let report = analyze_ok(&root, &[]).json;
    assert_eq!(
        report["metrics"]["service_cycles"], 1,
        "{}",
        report["warnings"]
    );
    let warnings = warnings(&report);
    // The one back reference is the lightest way out, not the calls payments makes.
    assert_eq!(
        warnings,
        [
            "services notifications ⇄ payments depend on each other in a cycle; the lightest way out drops 1 dependency of weight 1: notifications → payments (1)"
        ]
    );
    assert_eq!(
        report["cycles"],
        serde_json::json!([{
            "services": ["notifications", "payments"],
            "cut": [{"from": "notifications", "to": "payments", "weight": 1.0}]
        }])
    );
    // Both ends of the cut say, in the extraction order, what to drop to carve them out.
    for service in ["notifications", "payments"] {
        let reason = report["extraction_reasons"][service].as_str().unwrap_or("");
        assert!(
            reason.ends_with(
                "in a service cycle; the lightest way out drops notifications → payments (1) here"
            ),
            "{service}: {reason}"
        );
    }
}

#[test]
fn analyze_honours_the_configs_analysis_table_and_weights_flag_overrides_it() {
    let (_dir, root) = copy_fixture("shop");
    std::fs::write(
        root.join("seams.toml"),
        "[analysis]\nexclude = [\"src/notifications/**\"]\nweights = { use = 0.0 }\n",
    )
    .expect("write config");
    let report = analyze_ok(&root, &[]).json;
    let ids: Vec<&str> = report["modules"]
        .as_array()
        .expect("modules")
        .iter()
        .map(|m| str_of(m, "id"))
        .collect();
    assert!(
        !ids.iter().any(|id| id.starts_with("shop::notifications::")),
        "{ids:?}"
    );
    // `use` weighs 0 from the config: an edge made of use references only weighs 0.
    let use_only = report["dependencies"]
        .as_array()
        .expect("deps")
        .iter()
        .find(|d| {
            d["kinds"]
                .as_object()
                .is_some_and(|k| k.len() == 1 && k.contains_key("use"))
        })
        .cloned()
        .expect("a use-only dependency");
    assert_eq!(use_only["weight"], 0.0);
    let overridden = analyze_ok(&root, &["--weights", "use=2"]).json;
    let same = overridden["dependencies"]
        .as_array()
        .expect("deps")
        .iter()
        .find(|d| d["from"] == use_only["from"] && d["to"] == use_only["to"])
        .cloned()
        .expect("same edge");
    assert_eq!(
        same["weight"].as_f64(),
        use_only["count"].as_f64().map(|c| c * 2.0)
    );
}

#[test]
fn a_one_file_program_has_no_service_and_says_why() {
    // kondo 0.9.0 as published: a binary whose only module is `main.rs`. Its root is a
    // composition root; nothing is left to split, and the header says what was set apart.
    let scratch = crate::util::Scratch::new("one", "");
    std::fs::remove_file(scratch.path().join("src/lib.rs")).expect("remove lib.rs");
    scratch.write(
        "src/main.rs",
        "fn main() {\n    let n: u32 = std::env::args().count() as u32;\n    println!(\"{n}\");\n}\n",
    );
    let report = analyze_ok(scratch.path(), &[]).json;
    let reason = str_of(&report, "count_reason");
    assert!(reason.starts_with("0 services"), "{reason}");
    assert!(reason.contains("composition roots"), "{reason}");
    let roots = composition_roots(&report);
    assert_eq!(roots, ["one"]);
}
