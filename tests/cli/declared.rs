//! `--declared` (issue #9): the services of seams.toml kept by `analyze`, `explain` and
//! `graph`, the rest of the code placed by the evidence around them; a module moved in the
//! config moves alone.

use crate::util::{
    analyze_fixture, analyze_ok, copy_fixture, fixture, run, service_groups, str_of,
};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn groups(report: &Value) -> BTreeMap<String, (String, BTreeSet<String>)> {
    service_groups(report)
}

fn analyze_declared(name: &str, config: &Path) -> Value {
    let config = config.to_str().expect("a UTF-8 temp path");
    analyze_fixture(name, &["--declared", "--config", config]).json
}

/// `CMD fixtures/NAME EXTRA… --declared --config FILE`, whatever it exits with.
fn declared_run(cmd: &str, name: &str, extra: &[&str], file: &Path) -> crate::util::Run {
    let mut args: Vec<std::ffi::OsString> = vec![cmd.into(), fixture(name).into()];
    args.extend(extra.iter().map(std::ffi::OsString::from));
    args.extend([
        "--declared".into(),
        "--config".into(),
        file.as_os_str().to_owned(),
    ]);
    run(args)
}

/// A config in a temp dir (kept alive by the returned guard).
fn config(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("seams.toml");
    std::fs::write(&file, text).expect("config written");
    (dir, file)
}

#[test]
fn the_services_init_declares_come_back_unchanged() {
    for name in ["shop", "layered-app"] {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("seams.toml");
        run([
            "init".as_ref(),
            fixture(name).as_os_str(),
            "-o".as_ref(),
            file.as_os_str(),
        ])
        .assert_code(0);
        let proposed = analyze_fixture(name, &[]).json;
        let declared = analyze_declared(name, &file);
        let text = declared_run("analyze", name, &[], &file);
        assert!(!text.stdout_str().contains("not declared:"), "{name}");
        assert_eq!(groups(&declared), groups(&proposed), "{name}");
        let reason = str_of(&declared, "count_reason");
        let services = groups(&proposed)
            .values()
            .filter(|(role, _)| role == "service")
            .count();
        assert!(
            reason.starts_with(&format!(
                "{services} services: {services} declared in the config, their modules kept"
            )),
            "{name}: {reason}"
        );
    }
}

#[test]
fn a_declared_module_moves_alone_and_a_kernel_module_can_be_declared() {
    // `checkout` names the orders folder's module and one module of the payments folder:
    // the orders community follows its module, the payments one stays without its gateway.
    // `people` takes a kernel module along with the users.
    let (_dir, file) = config(
        r#"
[[service]]
name = "checkout"
modules = ["shop::orders", "shop::payments::gateway"]

[[service]]
name = "people"
modules = ["shop::users::**", "shop::util::guard"]
"#,
    );
    let report = analyze_declared("shop", &file);
    let groups = groups(&report);
    let modules = |name: &str| -> BTreeSet<String> {
        groups
            .get(name)
            .unwrap_or_else(|| panic!("a service {name} in {:?}", groups.keys()))
            .1
            .clone()
    };
    let folder = |part: &str| -> BTreeSet<String> {
        ["", "::handlers", "::model", "::repository", "::service"]
            .iter()
            .map(|leaf| format!("shop::{part}{leaf}"))
            .collect()
    };
    let checkout = modules("checkout");
    assert!(checkout.is_superset(&folder("orders")), "{checkout:?}");
    assert!(checkout.contains("shop::payments::gateway"), "{checkout:?}");
    assert!(checkout.is_disjoint(&folder("payments")), "{checkout:?}");
    assert!(modules("payments").is_superset(&folder("payments")));
    assert!(!modules("payments").contains("shop::payments::gateway"));
    assert!(modules("people").is_superset(&folder("users")));
    assert!(modules("people").contains("shop::util::guard"));
    assert!(!modules("shared-kernel").contains("shop::util::guard"));
    // The services nothing declares keep the names of what they own.
    for name in ["catalog", "inventory", "notifications", "payments"] {
        assert_eq!(groups[name].0, "service", "{name}");
    }
    assert!(!groups.contains_key("orders") && !groups.contains_key("users"));
    assert!(str_of(&report, "count_reason").starts_with("6 services: 2 declared in the config"));
    // The placement says so, first; a module the config does not name has none.
    let placement = |id: &str| -> &Value {
        report["placement"]
            .as_array()
            .expect("placement")
            .iter()
            .find(|p| p["module"] == id)
            .unwrap_or_else(|| panic!("a placement for {id}"))
    };
    assert_eq!(
        placement("shop::util::guard")["evidence"][0],
        serde_json::json!({"kind": "declared", "detail": "people", "weight": 0.0})
    );
    assert!(
        placement("shop::payments::webhooks")["evidence"]
            .as_array()
            .expect("evidence")
            .iter()
            .all(|e| e["kind"] != "declared")
    );

    let explain = declared_run("explain", "shop", &["shop::util::guard"], &file);
    explain.assert_code(0);
    assert!(
        explain.stdout_str().contains(
            "shop::util::guard is in people\n  declared in the config as part of people\n"
        ),
        "{}",
        explain.stdout_str()
    );
    let text = declared_run("analyze", "shop", &[], &file);
    text.assert_code(0);
    assert!(
        text.stdout_str().contains(
            "not declared: catalog, inventory, notifications, payments (code that no [[service]]"
        ),
        "{}",
        text.stdout_str()
    );
    let html = declared_run("analyze", "shop", &["--format", "html"], &file);
    html.assert_code(0);
    let page = html.stdout_str();
    assert!(
        page.contains("<div>not declared: catalog, inventory, notifications, payments (code"),
        "{page}"
    );
    assert!(page.contains("declared in the config as part of people"));
    let dot = declared_run("graph", "shop", &["--level", "service"], &file);
    dot.assert_code(0);
    assert!(
        dot.stdout_str().contains("\"checkout\""),
        "{}",
        dot.stdout_str()
    );
}

#[test]
fn code_added_after_init_is_placed_by_the_evidence_around_the_declared_services() {
    let (_tmp, shop) = copy_fixture("shop");
    let file = shop.join("seams.toml");
    run([
        "init".as_ref(),
        shop.as_os_str(),
        "-o".as_ref(),
        file.as_os_str(),
    ])
    .assert_code(0);
    // A new top-level module that no `shop::orders::**` pattern matches, about orders only.
    let lib = std::fs::read_to_string(shop.join("src/lib.rs")).expect("lib.rs");
    std::fs::write(
        shop.join("src/lib.rs"),
        lib.replace("pub mod orders;", "pub mod orders;\npub mod order_export;"),
    )
    .expect("lib.rs written");
    std::fs::write(
        shop.join("src/order_export.rs"),
        r#"//! Exports orders as CSV lines.
use crate::orders::model::{Order, OrderLine, OrderStatus};

pub fn line(order: &Order) -> String {
    let lines: Vec<String> = order.lines.iter().map(item).collect();
    format!("{},{},{}", order.status.as_str(), order.item_count(), lines.join(";"))
}

fn item(line: &OrderLine) -> String {
    format!("{}", line.quantity)
}

pub fn open(orders: &[Order]) -> Vec<&Order> {
    orders.iter().filter(|o| o.status.can_become(OrderStatus::parse("paid").unwrap_or(o.status))).collect()
}
"#,
    )
    .expect("module written");
    let report = analyze_ok(&shop, &["--declared"]).json;
    let groups = groups(&report);
    assert!(
        groups["orders"].1.contains("shop::order_export"),
        "{:?}",
        groups
    );
    // Every other declared service is as init wrote it.
    let before = groups_of_fixture();
    for (name, (role, modules)) in &before {
        if role == "service" && name != "orders" {
            assert_eq!(&groups[name].1, modules, "{name}");
        }
    }
}

fn groups_of_fixture() -> BTreeMap<String, (String, BTreeSet<String>)> {
    groups(&analyze_fixture("shop", &[]).json)
}

#[test]
fn declared_needs_a_config_that_declares_services_and_excludes_a_count() {
    // The shop has no seams.toml.
    let none = run(["analyze", "fixtures/shop", "--declared"]);
    none.assert_code(2);
    assert!(none.stderr.contains("cargo seams init"), "{}", none.stderr);

    let (_dir, file) = config("[thresholds]\nmax_service_cycles = 0\n");
    let empty = declared_run("analyze", "shop", &[], &file);
    empty.assert_code(2);
    assert!(empty.stderr.contains("declares none"), "{}", empty.stderr);

    let (_dir, file) =
        config("[[service]]\nname = \"shared-kernel\"\nmodules = [\"shop::util::**\"]\n");
    let role = declared_run("analyze", "shop", &[], &file);
    role.assert_code(2);
    assert!(
        role.stderr.contains("named `shared-kernel`"),
        "{}",
        role.stderr
    );

    let (_dir, file) = config(
        "[[service]]\nname = \"orders\"\nmodules = [\"shop::orders::**\"]\n\n[[service]]\nname = \"gone\"\nmodules = [\"shop::legacy::**\"]\n",
    );
    let unmatched = declared_run("analyze", "shop", &[], &file);
    unmatched.assert_code(0);
    assert!(
        unmatched
            .stderr
            .contains("declared service `gone` matches no module of the analysed code"),
        "{}",
        unmatched.stderr
    );
    assert!(
        unmatched.stdout_str().contains("\n  orders "),
        "{}",
        unmatched.stdout_str()
    );

    let both = run(["analyze", "fixtures/shop", "--declared", "--services", "3"]);
    both.assert_code(2);
    assert!(
        both.stderr.contains("cannot be used with"),
        "{}",
        both.stderr
    );
}
