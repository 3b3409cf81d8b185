//! The proposal on fixtures/feature-app (issue #9): an application laid out by feature folder,
//! each with its own `db`, `error` or `config` module, beside the crate-wide plumbing. The
//! expected answer is fixtures/feature-app/EXPECTED.md.

use crate::util::{analyze_fixture, composition_roots, service_groups, str_of};
use serde_json::Value;
use std::collections::BTreeMap;

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn feature_folders_keep_their_own_errors_and_settings_and_the_plumbing_is_the_kernel() {
    let report = analyze_fixture("feature-app", &[]).json;
    let groups = service_groups(&report);
    let group = |name: &str, role: &str, modules: &[&str]| {
        (name.to_string(), (role.to_string(), strings(modules)))
    };
    let expected: BTreeMap<String, (String, Vec<String>)> = [
        group(
            "menu",
            "service",
            &[
                "kitchen::menu",
                "kitchen::menu::config",
                "kitchen::menu::db",
                "kitchen::menu::handlers",
            ],
        ),
        group(
            "orders",
            "service",
            &[
                "kitchen::checkout",
                "kitchen::orders",
                "kitchen::orders::db",
                "kitchen::orders::error",
                "kitchen::orders::handlers",
            ],
        ),
        group(
            "payments",
            "service",
            &[
                "kitchen::payments",
                "kitchen::payments::db",
                "kitchen::payments::error",
                "kitchen::payments::handlers",
            ],
        ),
        group(
            "shared-kernel",
            "shared-kernel",
            &["kitchen::config", "kitchen::db", "kitchen::error"],
        ),
    ]
    .into_iter()
    .collect();
    assert_eq!(groups, expected);
    let roots = composition_roots(&report);
    assert_eq!(roots, ["kitchen", "kitchen::routes", "kitchen[bin]"]);
}

#[test]
fn each_kernel_module_says_why_and_feature_errors_show_their_evidence() {
    let report = analyze_fixture("feature-app", &[]).json;
    let placement = |module: &str| -> Value {
        report["placement"]
            .as_array()
            .expect("placement")
            .iter()
            .find(|p| p["module"] == module)
            .cloned()
            .unwrap_or(Value::Null)
    };
    for (module, cue) in [
        ("kitchen::config", "`config`"),
        ("kitchen::db", "`db`"),
        ("kitchen::error", "`error`"),
    ] {
        let reason = str_of(&placement(module), "reason").to_string();
        assert!(reason.contains(cue), "{module}: {reason}");
    }
    // A feature's own error type sits with the handlers that raise it.
    let orders_error = placement("kitchen::orders::error");
    assert_eq!(orders_error["service"], "orders");
    assert!(orders_error["reason"].is_null());
    let menu_config = placement("kitchen::menu::config");
    assert_eq!(menu_config["service"], "menu");
    let evidence: Vec<&str> = menu_config["evidence"]
        .as_array()
        .expect("evidence")
        .iter()
        .map(|e| str_of(e, "detail"))
        .collect();
    assert!(
        evidence.contains(&"kitchen::menu::handlers"),
        "{evidence:?}"
    );
    // The payments handlers start a use case that reaches the payments error type: the
    // evidence names it, and only use cases whose entry is in the same service are named.
    let payments_error = placement("kitchen::payments::error");
    assert_eq!(payments_error["service"], "payments");
    assert!(
        payments_error["evidence"]
            .as_array()
            .expect("evidence")
            .iter()
            .any(|e| e["kind"] == "use-case" && e["detail"] == "kitchen::payments::handlers"),
        "{payments_error}"
    );
    for p in report["placement"].as_array().expect("placement") {
        for e in p["evidence"].as_array().expect("evidence") {
            if e["kind"] == "use-case" {
                assert_eq!(
                    placement(str_of(e, "detail"))["service"],
                    p["service"],
                    "{p}"
                );
            }
        }
    }
}
