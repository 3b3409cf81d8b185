//! How settled each placement is (issue #9, "why here"): the proposal is found again with other
//! seeds, and each clustered module of a service says how often it stays with its service
//! (`placement[].settled`, `drifts_to`, `services[].settled`); the text report lists the close
//! calls and `explain` says it for one module.

use crate::util::{analyze_fixture, fixture, run, str_of};
use serde_json::Value;
use std::collections::BTreeMap;

fn placement(report: &Value) -> Vec<&Value> {
    report["placement"]
        .as_array()
        .expect("placement")
        .iter()
        .collect()
}

fn roles_of(report: &Value) -> BTreeMap<&str, &str> {
    report["services"]
        .as_array()
        .expect("services")
        .iter()
        .map(|s| (str_of(s, "name"), str_of(s, "role")))
        .collect()
}

#[test]
fn a_clear_split_is_settled_everywhere_and_lists_no_close_call() {
    let report = analyze_fixture("layered-app", &[]).json;
    let roles = roles_of(&report);
    let mut measured = 0;
    for p in placement(&report) {
        let in_service = roles[str_of(p, "service")] == "service";
        if in_service && p["reason"].is_null() {
            assert_eq!(p["settled"].as_f64(), Some(1.0), "{p}");
            measured += 1;
        } else {
            // The kernel and the other groups set apart are not measured.
            assert!(p["settled"].is_null(), "{p}");
        }
        assert!(p["drifts_to"].is_null(), "{p}");
    }
    assert!(measured >= 8, "{measured}");
    for s in report["services"].as_array().expect("services") {
        if str_of(s, "role") == "service" {
            assert_eq!(s["settled"].as_f64(), Some(1.0), "{s}");
        } else {
            assert!(s["settled"].is_null(), "{s}");
        }
    }
    let path = fixture("layered-app");
    let text = run(["analyze", path.to_str().expect("utf-8"), "--color", "never"]);
    let text = text.assert_code(0).stdout_str();
    assert!(text.contains("settled"), "{text}");
    assert!(!text.contains("Close calls"), "{text}");
}

/// The workspace fixture's handlers use the `user` model as much as the store: some seeds put
/// them with it. Whatever the seeds decide, the three views agree.
#[test]
fn close_calls_agree_across_json_text_and_explain() {
    let report = analyze_fixture("workspace", &[]).json;
    let services: BTreeMap<&str, &Value> = report["services"]
        .as_array()
        .expect("services")
        .iter()
        .map(|s| (str_of(s, "name"), s))
        .collect();
    let mut close: Vec<(f64, &str, &str)> = Vec::new();
    let mut per_service: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for p in placement(&report) {
        let Some(share) = p["settled"].as_f64() else {
            continue;
        };
        assert!((0.0..=1.0).contains(&share), "{p}");
        per_service
            .entry(str_of(p, "service"))
            .or_default()
            .push(share);
        if share < 1.0 {
            close.push((share, str_of(p, "module"), str_of(p, "service")));
            if let Some(other) = p["drifts_to"].as_str() {
                assert_ne!(other, str_of(p, "service"), "{p}");
                assert!(services.contains_key(other), "{p}");
            }
        } else {
            assert!(p["drifts_to"].is_null(), "{p}");
        }
    }
    // A service's figure is the mean of its measured modules'.
    for (name, shares) in &per_service {
        let mean = shares.iter().sum::<f64>() / shares.len() as f64;
        let got = services[name]["settled"].as_f64().expect("settled");
        assert!((got - mean).abs() < 1e-3, "{name}: {got} vs {mean}");
    }
    assert!(!close.is_empty(), "the fixture has close calls");
    // The extraction order says how many close calls each service's boundary has.
    let roles = roles_of(&report);
    for name in services.keys() {
        if roles[name] != "service" {
            continue;
        }
        let n = close.iter().filter(|c| c.2 == *name).count();
        let reason = str_of(&report["extraction_reasons"], name);
        let plural = if n == 1 { "" } else { "s" };
        let says = format!("; {n} close call{plural} on its boundary");
        assert_eq!(reason.contains(&says), n > 0, "{name}: {reason}");
        assert_eq!(reason.contains("close call"), n > 0, "{name}: {reason}");
    }
    close.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(b.1)));

    let path = fixture("workspace");
    let path = path.to_str().expect("utf-8");
    let text = run(["analyze", path, "--color", "never"]);
    let text = text.assert_code(0).stdout_str().to_string();
    let header = format!(
        "Close calls ({} of {} clustered modules move",
        close.len(),
        per_service.values().map(Vec::len).sum::<usize>()
    );
    assert!(text.contains(&header), "{text}");
    // Listed least settled first, each in its service.
    let listed: Vec<&str> = text[text.find(&header).expect("header")..]
        .lines()
        .skip(1)
        .take(close.len())
        .collect();
    for ((share, module, service), line) in close.iter().zip(&listed) {
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(words.first(), Some(module), "{line}");
        let rest = format!(
            "in {service} (kept there by {:.0} % of the re-runs",
            share * 100.0
        );
        assert!(line.contains(&rest), "{line}\n{text}");
    }

    // The HTML report says it in the services table and beside each close call.
    let html = run(["analyze", path, "--format", "html"]);
    let html = html.assert_code(0).stdout_str().to_string();
    assert!(html.contains("<th>settled</th>"));
    let (share, module, _) = close[0];
    let why = format!(
        "a close call: kept here by {:.0} % of the re-runs",
        share * 100.0
    );
    let at = html
        .find(&format!("<code>{module}</code> <span class=\"dim\">"))
        .expect("module line");
    let line_end = html[at..].find('\n').map_or(html.len(), |e| at + e);
    assert!(html[at..line_end].contains(&why), "{}", &html[at..line_end]);

    let (_, module, service) = close[0];
    let explain = run(["explain", path, module, "--color", "never"]);
    let explain = explain.assert_code(0).stdout_str().to_string();
    assert!(
        explain.contains(&format!("{module} is in {service}")),
        "{explain}"
    );
    assert!(explain.contains("a close call: "), "{explain}");
}
