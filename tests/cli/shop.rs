//! The `fixtures/shop` module graph against its `EXPECTED.md`: the exact module list, the
//! cross-domain dependencies (the heaviest pair, domain-level directions), the re-export edges of
//! each domain root, and the `impl`/`macro` edges. A module's domain is its second path segment;
//! `util`, `error`, `config` (the shared kernel) and the composition roots `shop`/`shop[bin]`
//! belong to no domain.

use crate::util::{Report, analyze_fixture, assert_edge_kinds, fixture, run, str_of};
use serde_json::Value;
use std::collections::BTreeSet;

fn shop() -> Report {
    analyze_fixture("shop", &[])
}

const DOMAINS: &[&str] = &[
    "catalog",
    "inventory",
    "notifications",
    "orders",
    "payments",
    "users",
];

/// The domain of a module id, or `None` for the kernel and the composition roots.
fn domain(id: &str) -> Option<&str> {
    let mut parts = id.split("::");
    (parts.next() == Some("shop"))
        .then(|| parts.next())
        .flatten()
        .filter(|d| DOMAINS.contains(d))
}

/// Edges whose ends lie in two different domains.
fn cross_domain(report: &Report) -> Vec<&Value> {
    report
        .dependencies()
        .iter()
        .filter(
            |e| match (domain(str_of(e, "from")), domain(str_of(e, "to"))) {
                (Some(a), Some(b)) => a != b,
                _ => false,
            },
        )
        .collect()
}

const MODULES: &str = "shop shop::catalog shop::catalog::handlers shop::catalog::model
shop::catalog::repository shop::catalog::search shop::catalog::search::tokenizer
shop::catalog::service shop::config shop::error shop::inventory shop::inventory::handlers
shop::inventory::model shop::inventory::repository shop::inventory::reservation
shop::inventory::service shop::notifications shop::notifications::email
shop::notifications::model shop::notifications::repository shop::notifications::service
shop::notifications::sms shop::notifications::templates shop::orders shop::orders::events
shop::orders::handlers shop::orders::model shop::orders::pricing shop::orders::repository
shop::orders::service shop::orders::validation shop::payments shop::payments::gateway
shop::payments::handlers shop::payments::model shop::payments::repository
shop::payments::service shop::payments::webhooks shop::users shop::users::auth
shop::users::handlers shop::users::model shop::users::repository shop::users::service
shop::users::validation shop::util shop::util::db shop::util::guard shop::util::http
shop::util::ids shop::util::metrics shop::util::money shop::util::time shop[bin]";

#[test]
fn shop_modules_are_exactly_the_expected_54_sorted() {
    let expected: Vec<&str> = MODULES.split_whitespace().collect();
    assert_eq!(expected.len(), 54);
    assert_eq!(shop().module_ids(), expected);
}

#[test]
fn shop_crates_and_no_diagnostics() {
    let report = shop();
    let crates: Vec<(&str, &str, &str, &str)> = report
        .crates()
        .iter()
        .map(|c| {
            (
                str_of(c, "name"),
                str_of(c, "kind"),
                str_of(c, "root_file"),
                str_of(c, "edition"),
            )
        })
        .collect();
    assert_eq!(
        crates,
        [
            ("shop", "lib", "src/lib.rs", "2021"),
            ("shop[bin]", "bin", "src/main.rs", "2021")
        ]
    );
    assert_eq!(report.diagnostics(), []);
}

#[test]
fn shop_inline_test_module_only_with_include_tests() {
    assert!(shop().find_module("shop::util::money::tests").is_none());
    let report = analyze_fixture("shop", &["--include-tests"]);
    assert_eq!(
        str_of(report.module("shop::util::money::tests"), "file"),
        "src/util/money.rs"
    );
    assert_eq!(report.modules().len(), 55);
}

#[test]
fn shop_heaviest_cross_domain_pair_is_orders_service_to_reservation_by_far() {
    let report = shop();
    let mut pairs = cross_domain(&report);
    assert!(pairs.len() >= 2, "cross-domain pairs: {pairs:?}");
    for key in ["weight", "count"] {
        pairs.sort_by(|a, b| {
            b[key]
                .as_f64()
                .unwrap()
                .total_cmp(&a[key].as_f64().unwrap())
        });
        let top = pairs[0];
        assert_eq!(
            (str_of(top, "from"), str_of(top, "to")),
            ("shop::orders::service", "shop::inventory::reservation"),
            "heaviest cross-domain pair by {key}"
        );
        let top_value = top[key].as_f64().unwrap();
        for other in &pairs[1..] {
            assert!(
                top_value >= 2.0 * other[key].as_f64().unwrap(),
                "heaviest pair ({key} {top_value}) is not 2x {other}"
            );
        }
    }
}

#[test]
fn shop_heaviest_pair_has_the_non_use_references_expected() {
    // EXPECTED.md: at least 18 references besides `use` and `method` (type, contain and call).
    let kinds = shop().edge_kinds("shop::orders::service", "shop::inventory::reservation");
    let type_and_call = ["type", "contain", "call"]
        .iter()
        .map(|k| kinds.get(*k).copied().unwrap_or(0))
        .sum::<u64>();
    assert!(type_and_call >= 18, "kinds: {kinds:?}");
    assert!(
        kinds.get("use").copied().unwrap_or(0) >= 1,
        "kinds: {kinds:?}"
    );
}

fn domain_pairs(report: &Report, skip_method_only: bool) -> BTreeSet<(String, String)> {
    cross_domain(report)
        .into_iter()
        .filter(|e| {
            let kinds = e["kinds"].as_object().unwrap();
            !(skip_method_only && kinds.keys().all(|k| k == "method"))
        })
        .map(|e| {
            (
                domain(str_of(e, "from")).unwrap().to_owned(),
                domain(str_of(e, "to")).unwrap().to_owned(),
            )
        })
        .collect()
}

const DOMAIN_DIRECTIONS: &[(&str, &str)] = &[
    ("catalog", "inventory"),
    ("orders", "catalog"),
    ("orders", "inventory"),
    ("orders", "payments"),
    ("orders", "users"),
    ("payments", "notifications"),
    ("users", "notifications"),
];

#[test]
fn shop_domain_dependency_directions_exist_and_nothing_depends_on_orders() {
    let pairs = domain_pairs(&shop(), false);
    for &(a, b) in DOMAIN_DIRECTIONS {
        assert!(
            pairs.contains(&(a.to_owned(), b.to_owned())),
            "{a} -> {b} missing; have {pairs:?}"
        );
    }
    let into_orders: Vec<_> = pairs.iter().filter(|(_, to)| to == "orders").collect();
    assert!(
        into_orders.is_empty(),
        "no domain may depend on orders: {into_orders:?}"
    );
}

#[test]
fn shop_domain_directions_from_path_references_are_exactly_the_expected() {
    // Edges carried by paths (not only by the `method` heuristic) give exactly EXPECTED.md's list.
    let expected: BTreeSet<(String, String)> = DOMAIN_DIRECTIONS
        .iter()
        .map(|&(a, b)| (a.to_owned(), b.to_owned()))
        .collect();
    assert_eq!(domain_pairs(&shop(), true), expected);
}

#[test]
fn shop_domain_directions_are_exactly_the_expected_including_method_edges() {
    // EXPECTED.md: "notifications depends on no domain"; the cross-domain table is "all of them".
    let expected: BTreeSet<(String, String)> = DOMAIN_DIRECTIONS
        .iter()
        .map(|&(a, b)| (a.to_owned(), b.to_owned()))
        .collect();
    assert_eq!(domain_pairs(&shop(), false), expected);
}

#[test]
fn shop_orders_service_reaches_reservations_through_the_defining_module() {
    // `crate::inventory::Reservation…` goes through `pub use reservation::{…}` in
    // src/inventory/mod.rs and must land on shop::inventory::reservation, not shop::inventory.
    let run = run([
        "explain".as_ref(),
        fixture("shop").as_os_str(),
        "shop::orders::service".as_ref(),
        "shop::inventory".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    run.assert_code(0);
    let refs = run.json()["references"].as_array().unwrap().clone();
    assert!(!refs.is_empty());
    for r in &refs {
        assert_ne!(
            str_of(r, "to_module"),
            "shop::inventory",
            "reference lands on the re-exporting root: {r}"
        );
    }
    assert!(
        shop()
            .edge("shop::orders::service", "shop::inventory")
            .is_none()
    );
}

#[test]
fn shop_domain_roots_use_exactly_the_children_they_reexport() {
    let report = shop();
    let reexports: &[(&str, &[&str])] = &[
        (
            "shop::catalog",
            &["model", "repository", "search", "service"],
        ),
        (
            "shop::inventory",
            &["model", "repository", "reservation", "service"],
        ),
        (
            "shop::notifications",
            &["email", "model", "repository", "service", "sms"],
        ),
        ("shop::orders", &["model", "repository", "service"]),
        (
            "shop::payments",
            &["gateway", "model", "repository", "service"],
        ),
        ("shop::users", &["auth", "model", "repository", "service"]),
    ];
    for &(root, children) in reexports {
        let expected: BTreeSet<String> = children.iter().map(|c| format!("{root}::{c}")).collect();
        let have: BTreeSet<String> = report
            .edge_pairs()
            .into_iter()
            .filter(|(from, _)| from == root)
            .map(|(_, to)| to)
            .collect();
        assert_eq!(have, expected, "targets of {root}");
        for child in &expected {
            assert_edge_kinds(&report, root, child, &["use"]);
        }
    }
}

#[test]
fn shop_binary_is_the_only_module_reaching_all_six_domains() {
    let report = shop();
    let mut reach: std::collections::BTreeMap<String, BTreeSet<&str>> = Default::default();
    for (from, to) in report.edge_pairs() {
        if let Some(d) = domain(&to) {
            reach
                .entry(from)
                .or_default()
                .insert(DOMAINS.iter().find(|x| **x == d).unwrap());
        }
    }
    let everywhere: Vec<&String> = reach
        .iter()
        .filter(|(_, d)| d.len() == 6)
        .map(|(m, _)| m)
        .collect();
    assert_eq!(everywhere, ["shop[bin]"]);
    assert_edge_kinds(&report, "shop[bin]", "shop::orders::service", &["use"]);
    assert_edge_kinds(&report, "shop[bin]", "shop::config", &["call"]);
    for d in DOMAINS {
        // notifications has no handlers module.
        if *d != "notifications" {
            assert_edge_kinds(
                &report,
                "shop[bin]",
                &format!("shop::{d}::handlers"),
                &["call"],
            );
        }
        assert_edge_kinds(&report, "shop[bin]", &format!("shop::{d}::service"), &[]);
    }
}

#[test]
fn shop_users_handlers_call_the_crate_root() {
    assert_edge_kinds(&shop(), "shop::users::handlers", "shop", &["call"]);
}

#[test]
fn shop_impl_edges() {
    let report = shop();
    for d in DOMAINS {
        assert_edge_kinds(
            &report,
            &format!("shop::{d}::repository"),
            "shop::util::db",
            &["impl"],
        );
    }
    assert_edge_kinds(
        &report,
        "shop::notifications::email",
        "shop::notifications::model",
        &["impl"],
    );
    assert_edge_kinds(
        &report,
        "shop::notifications::sms",
        "shop::notifications::model",
        &["impl"],
    );
}

#[test]
fn shop_macro_edges_to_guard_come_from_exactly_five_modules() {
    let report = shop();
    let from: BTreeSet<&str> = report
        .dependencies()
        .iter()
        .filter(|e| e["to"] == "shop::util::guard" && e["kinds"]["macro"].as_u64().unwrap_or(0) > 0)
        .map(|e| str_of(e, "from"))
        .collect();
    let expected: BTreeSet<&str> = [
        "shop::catalog::service",
        "shop::inventory::reservation",
        "shop::orders::validation",
        "shop::payments::service",
        "shop::users::validation",
    ]
    .into();
    assert_eq!(from, expected);
    // `display_with_prefix!` is defined and used in shop::util::ids: no edge, no macro kind.
    assert!(
        report
            .dependencies()
            .iter()
            .all(|e| e["kinds"]["macro"].is_null() || e["to"] == "shop::util::guard"),
        "only ensure! gives macro edges"
    );
}
