//! The domain-first proposal on fixtures/layered-app (issue #9): an application laid out by
//! layer (`handlers/`, `models/`, `schema.rs`, a pool, an error type) is split by aggregate, with
//! the infrastructure in the shared kernel, the wiring as composition roots, services named after
//! what they own, the evidence behind each module's place, and `--services N` met exactly.
//! The expected answer is fixtures/layered-app/EXPECTED.md.

use crate::util::{
    analyze_fixture, composition_roots, fixture, owned_data, run, service_groups, str_of,
};
use serde_json::Value;
use std::collections::BTreeMap;

fn groups(report: &Value) -> BTreeMap<String, (String, Vec<String>)> {
    service_groups(report)
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn a_layered_app_is_split_by_aggregate_with_its_infrastructure_in_the_kernel() {
    let report = analyze_fixture("layered-app", &[]).json;
    let groups = groups(&report);
    let service = |name: &str, modules: &[&str]| {
        (name.to_string(), ("service".to_string(), strings(modules)))
    };
    let expected: BTreeMap<String, (String, Vec<String>)> = [
        service(
            "invoices",
            &["clinic::handlers::invoices", "clinic::models::invoice"],
        ),
        service(
            "owners",
            &[
                "clinic::handlers::owners",
                "clinic::handlers::pets",
                "clinic::models::owner",
                "clinic::models::pet",
            ],
        ),
        service(
            "vets",
            &[
                "clinic::handlers::vets",
                "clinic::models::specialty",
                "clinic::models::vet",
            ],
        ),
        service(
            "visits",
            &["clinic::handlers::visits", "clinic::models::visit"],
        ),
        (
            "shared-kernel".to_string(),
            (
                "shared-kernel".to_string(),
                strings(&[
                    "clinic::config",
                    "clinic::db",
                    "clinic::error",
                    "clinic::schema",
                ]),
            ),
        ),
    ]
    .into_iter()
    .collect();
    assert_eq!(groups, expected);
    let roots = composition_roots(&report);
    assert_eq!(
        roots,
        [
            "clinic",
            "clinic::handlers",
            "clinic::models",
            "clinic::routes",
            "clinic[bin]"
        ]
    );
    // Each service owns the tables of its aggregate.
    let owned = owned_data(&report);
    assert_eq!(owned["owners"], ["table:owners", "table:pets"]);
    assert_eq!(owned["invoices"], ["table:invoice_lines", "table:invoices"]);
    assert_eq!(
        owned["vets"],
        ["table:specialties", "table:vet_specialties", "table:vets"]
    );
    assert!(
        str_of(&report, "count_reason").starts_with("4 services"),
        "{}",
        report["count_reason"]
    );
}

#[test]
fn every_placed_module_says_why_it_is_there() {
    let report = analyze_fixture("layered-app", &[]).json;
    let placement = report["placement"].as_array().expect("placement");
    let by_module: BTreeMap<&str, &Value> =
        placement.iter().map(|p| (str_of(p, "module"), p)).collect();
    // Clustered modules: evidence into their own service and a margin over the next best.
    let pet = by_module["clinic::models::pet"];
    assert_eq!(str_of(pet, "service"), "owners");
    assert!(pet["margin"].as_f64().is_some_and(|m| m > 0.0));
    let evidence = pet["evidence"].as_array().expect("evidence");
    assert!(!evidence.is_empty() && evidence.len() <= 3);
    for e in evidence {
        assert!(["edge", "table", "term", "use-case"].contains(&str_of(e, "kind")));
    }
    assert!(
        evidence.iter().any(|e| str_of(e, "detail") == "table:pets"
            || str_of(e, "detail") == "clinic::handlers::pets"),
        "{evidence:?}"
    );
    // Kernel modules: why, and their next-best home.
    let error = by_module["clinic::error"];
    assert_eq!(str_of(error, "service"), "shared-kernel");
    assert!(str_of(error, "reason").contains("error"));
    assert!(error["next_best"].is_string());
}

#[test]
fn requested_service_counts_are_met_exactly() {
    for k in 1..=6 {
        let report = analyze_fixture("layered-app", &["--services", &k.to_string()]).json;
        let n = report["services"]
            .as_array()
            .expect("services")
            .iter()
            .filter(|s| str_of(s, "role") == "service")
            .count();
        assert_eq!(n, k, "--services {k}");
    }
    let path = fixture("layered-app");
    let path = path.to_str().expect("utf-8 path");
    run(["analyze", path, "--services", "0"]).assert_code(2);
}

#[test]
fn explain_tells_why_a_module_is_in_its_service() {
    let path = fixture("layered-app");
    let path = path.to_str().expect("utf-8 path");
    let out = run(["explain", path, "clinic::models::invoice"]);
    out.assert_code(0);
    let text = out.stdout_str();
    assert!(
        text.contains("clinic::models::invoice is in invoices"),
        "{text}"
    );
    // Service names are accepted as A and B, and never shadowed by a module.
    let out = run(["explain", path, "visits", "owners"]);
    out.assert_code(0);
    assert!(
        out.stdout_str().contains("clinic::models::pet::Pet"),
        "{}",
        out.stdout_str()
    );
}

#[test]
fn services_cut_alike_across_the_layers_are_shown_as_one_family() {
    // Each of the four domains holds a handler and a model: one family across the two layers.
    let report = analyze_fixture("layered-app", &[]).json;
    let families = report["families"].as_array().expect("families");
    assert_eq!(families.len(), 1, "{families:?}");
    let strs = |v: &Value| -> Vec<String> {
        v.as_array()
            .expect("array")
            .iter()
            .map(|x| x.as_str().expect("string").to_string())
            .collect()
    };
    assert_eq!(
        strs(&families[0]["across"]),
        strings(&["clinic::handlers", "clinic::models"])
    );
    assert_eq!(
        strs(&families[0]["services"]),
        strings(&["invoices", "owners", "vets", "visits"])
    );
    let path = fixture("layered-app");
    let path = path.to_str().expect("utf-8 path");
    let out = run(["analyze", path, "--color", "never"]);
    out.assert_code(0);
    let text = out.stdout_str();
    assert!(
        text.contains("Services cut alike")
            && text.contains(
                "  4 across clinic::handlers, clinic::models: invoices, owners, vets, visits\n"
            ),
        "{text}"
    );
    let html = run(["analyze", path, "--format", "html"]);
    html.assert_code(0);
    let page = html.stdout_str();
    assert!(
        page.contains("<section id=\"families\">"),
        "no family section"
    );
    assert!(
        page.contains("<a href=\"#families\">cut alike</a>"),
        "no link to the family section"
    );
    assert!(
        page.contains("4 across <code>clinic::handlers</code>, <code>clinic::models</code>"),
        "family line"
    );
    // Domains laid out as folders of their own are no family.
    let shop = analyze_fixture("shop", &[]).json;
    assert_eq!(
        shop["families"],
        Value::Array(vec![]),
        "{}",
        shop["families"]
    );
}
