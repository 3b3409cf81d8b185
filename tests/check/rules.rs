//! One case per rule on an initialised copy of `fixtures/shop`: a cross-boundary reference
//! fails `undeclared-dependency` at its file:line until an `[[allow]]` permits it, and each
//! threshold trips on a change built to exceed it.

use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

use crate::support::{Project, USERS_SERVICE, USERS_USE_CATALOG, at, stdout};

/// `count` calls from a new function to an item of `inventory`.
fn calls_to_inventory(name: &str, count: usize) -> String {
    let calls: String = (0..count)
        .map(|i| {
            format!("    let _r{i} = crate::inventory::reservation::ReservationId::allocate();\n")
        })
        .collect();
    format!("\n/// References to inventory, added by a test.\npub fn {name}() {{\n{calls}}}\n")
}

#[test]
fn a_new_cross_boundary_reference_fails_at_its_line_until_allowed() {
    let project = Project::initialised("shop");
    project.append(USERS_SERVICE, USERS_USE_CATALOG);
    let line = project.line_of(USERS_SERVICE, "SearchIndex::build");
    project
        .seams(&["check"])
        .code(1)
        .stdout(contains(
            "error[undeclared-dependency]: service `users` depends on `catalog` (1 reference, weight 1)",
        ))
        .stdout(contains(at(USERS_SERVICE, line)))
        .stdout(contains("`shop::catalog::search::SearchIndex`"))
        .stdout(contains("check failed: 1 violation (1 error, 0 warnings)"));
    project.append(
        "seams.toml",
        "\n[[allow]]\nfrom = \"users\"\nto = \"catalog\"\n",
    );
    project.seams(&["check"]).code(0);
}

#[test]
fn forbid_undeclared_false_lets_undeclared_dependencies_pass() {
    let project = Project::initialised("shop");
    project.append(USERS_SERVICE, USERS_USE_CATALOG);
    project.set_config_key("forbid_undeclared", "false");
    project.seams(&["check"]).code(0);
}

#[test]
fn max_boundary_weight_trips_on_a_heavier_boundary() {
    let project = Project::initialised("shop");
    // inventory <-> orders weighs 34.5 today and the limit is 44: add 12 references.
    project.append(
        "src/orders/service.rs",
        &calls_to_inventory("seams_probe_heavy", 12),
    );
    project
        .seams(&["check"])
        .code(1)
        .stdout(contains(
            "error[boundary-weight]: services `inventory` and `orders` are coupled by weight 46.5",
        ))
        .stdout(contains("above max_boundary_weight = 44"))
        .stdout(contains("undeclared-dependency").not());
}

#[test]
fn max_instability_trips_when_a_depended_upon_service_leans_on_others() {
    let project = Project::initialised("shop");
    // catalog: afferent 4.5, efferent 4.5 (0.5); the limit is 0.6. Three more outgoing
    // references make it 7.5 / 12.
    project.append(
        "src/catalog/service.rs",
        &calls_to_inventory("seams_probe_lean", 3),
    );
    project
        .seams(&["check"])
        .code(1)
        .stdout(contains(
            "error[instability]: service `catalog` has instability 0.625 (efferent 7.5, afferent 4.5), above max_instability = 0.6",
        ));
}

#[test]
fn max_shared_tables_trips_on_a_table_written_by_two_services() {
    let project = Project::initialised("shop");
    project.append(
        "src/users/repository.rs",
        "
/// Writes a table that `orders` owns, added by a test.
pub async fn seams_probe_write(pool: &crate::util::db::Pool) {
    let _ = sqlx::query(\"UPDATE orders SET status = 'void' WHERE id = 1\").execute(pool).await;
}
",
    );
    let line = project.line_of(
        "src/users/repository.rs",
        "UPDATE orders SET status = 'void'",
    );
    project
        .seams(&["check"])
        .code(1)
        .stdout(contains(
            "error[shared-table]: table `orders` is accessed by services `orders`, `users` and written by `orders`, `users`",
        ))
        .stdout(contains(at("src/users/repository.rs", line)))
        .stdout(contains("above max_shared_tables = 0"));
}

#[test]
fn max_service_cycles_trips_on_a_back_reference() {
    let project = Project::initialised("shop");
    project.append(
        "src/inventory/service.rs",
        "
/// A reference back to orders, which depends on inventory; added by a test.
pub fn seams_probe_back(_order: &crate::orders::model::Order) {}
",
    );
    // Allowed, so that only the cycle is left to report.
    project.append(
        "seams.toml",
        "\n[[allow]]\nfrom = \"inventory\"\nto = \"orders\"\n",
    );
    let line = project.line_of("src/inventory/service.rs", "seams_probe_back");
    project
        .seams(&["check"])
        .code(1)
        .stdout(contains(
            // orders → catalog → inventory already; inventory → orders closes the loop.
            "error[service-cycle]: services `catalog`, `inventory`, `orders` depend on each other",
        ))
        .stdout(contains("above max_service_cycles = 0"))
        .stdout(contains("undeclared-dependency").not());
    // The text lists the first 20 references of the cycle; JSON has them all.
    let run = project.seams(&["check", "--format", "json"]).code(1);
    let report: serde_json::Value = serde_json::from_str(&stdout(&run)).expect("JSON");
    let cycle = report["violations"]
        .as_array()
        .expect("violations")
        .iter()
        .find(|v| v["rule"] == "service-cycle")
        .expect("a service-cycle violation");
    let back = serde_json::json!({"file": "src/inventory/service.rs", "line": line});
    assert!(
        cycle["references"]
            .as_array()
            .expect("references")
            .iter()
            .any(|r| r["file"] == back["file"] && r["line"] == back["line"]),
        "{cycle}"
    );
}

#[test]
fn min_modularity_trips_and_points_at_the_threshold() {
    let project = Project::initialised("shop");
    project.set_config_key("min_modularity", "0.9");
    let line = project.line_of("seams.toml", "min_modularity = 0.9");
    project
        .seams(&["check"])
        .code(1)
        .stdout(contains(
            "error[modularity]: modularity of the declared services is 0.716, below min_modularity = 0.9",
        ))
        .stdout(contains(format!("--> seams.toml:{line}:")));
}

#[test]
fn require_declared_modules_reports_the_modules_no_service_declares() {
    let project = Project::initialised("shop");
    project.set_config_key("require_declared_modules", "true");
    project
        .seams(&["check"])
        .code(1)
        .stdout(contains(
            "error[undeclared-module]: module `shop::util::money` matches no declared service",
        ))
        .stdout(contains("module `shop[bin]` matches no declared service"))
        .stdout(contains("module `shop::orders` matches").not());
}

#[test]
fn a_module_matched_by_two_services_is_ambiguous() {
    let project = Project::initialised("shop");
    project.append(
        "seams.toml",
        "\n[[service]]\nname = \"pricing\"\nmodules = [\"shop::orders::pricing\"]\n",
    );
    project
        .seams(&["check"])
        .code(1)
        .stdout(contains(
            "error[ambiguous-module]: module `shop::orders::pricing` is matched by services `orders` (`shop::orders::**`) and `pricing` (`shop::orders::pricing`)",
        ))
        .stdout(contains("--> src/orders/pricing.rs:1"));
}

#[test]
fn check_weights_reach_the_rules() {
    // init sets max_boundary_weight at 44 for inventory <-> orders (34.5 today). The same code
    // weighed with heavier use, type and call references must trip it: the rules judge what
    // the analysis weighed, not the config's weights alone.
    let project = Project::initialised("shop");
    project.seams(&["check"]).code(0);
    project
        .seams(&["check", "--weights", "use=25,type=25,call=25"])
        .code(1)
        .stdout(contains("error[boundary-weight]"));
}
