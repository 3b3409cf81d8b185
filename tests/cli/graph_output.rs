//! `graph` output formats at module level: DOT that Graphviz accepts without a warning, Mermaid
//! flowcharts, and JSON, each carrying exactly the modules and dependencies of the JSON report.
//! The options that make large graphs readable are in `graph_scale.rs`.

use crate::util::{Report, analyze_fixture, fixture, run, str_of};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::process::{Command, Stdio};

/// Stdout of `graph fixtures/<name> --format FORMAT -q`, asserting exit 0.
fn graph(name: &str, format: &str) -> String {
    let r = run([
        "graph".as_ref(),
        fixture(name).as_os_str(),
        "--format".as_ref(),
        format.as_ref(),
        "-q".as_ref(),
    ]);
    r.assert_code(0);
    r.stdout_str().to_owned()
}

fn module_set(report: &Report) -> BTreeSet<String> {
    report.module_ids().into_iter().map(str::to_owned).collect()
}

/// Quoted strings of a DOT line, in order.
fn quoted(line: &str) -> Vec<&str> {
    line.split('"').skip(1).step_by(2).collect()
}

/// Node ids and `(from, to, penwidth)` edges of the DOT output (ids are quoted, no escapes).
fn parse_dot(dot: &str) -> (BTreeSet<String>, Vec<(String, String, f64)>) {
    let mut nodes = BTreeSet::new();
    let mut edges = Vec::new();
    for line in dot.lines().map(str::trim) {
        if !line.starts_with('"') {
            continue;
        }
        let q = quoted(line);
        if line.contains("\" -> \"") {
            let pen = line
                .split("penwidth=")
                .nth(1)
                .and_then(|rest| rest.split([',', ']']).next())
                .and_then(|p| p.parse().ok())
                .unwrap_or_else(|| panic!("edge without penwidth: {line}"));
            edges.push((q[0].to_owned(), q[1].to_owned(), pen));
        } else {
            assert!(nodes.insert(q[0].to_owned()), "node declared twice: {line}");
        }
    }
    (nodes, edges)
}

#[test]
fn graph_dot_has_exactly_the_modules_and_dependencies_of_the_report() {
    for name in ["shop", "workspace", "bad-input"] {
        let report = analyze_fixture(name, &[]);
        let dot = graph(name, "dot");
        assert!(
            dot.starts_with("digraph"),
            "{name}: DOT starts with digraph"
        );
        let (nodes, edges) = parse_dot(&dot);
        assert_eq!(nodes, module_set(&report), "{name}: DOT nodes");
        let pairs: BTreeSet<(String, String)> = edges
            .iter()
            .map(|(a, b, _)| (a.clone(), b.clone()))
            .collect();
        assert_eq!(pairs.len(), edges.len(), "{name}: an edge is drawn twice");
        assert_eq!(pairs, report.edge_pairs(), "{name}: DOT edges");
    }
}

#[test]
fn graph_dot_edge_thickness_grows_with_weight() {
    let report = analyze_fixture("shop", &[]);
    let (_, edges) = parse_dot(&graph("shop", "dot"));
    let mut by_weight: Vec<(f64, f64)> = edges
        .iter()
        .map(|(a, b, pen)| (report.edge(a, b).unwrap()["weight"].as_f64().unwrap(), *pen))
        .collect();
    by_weight.sort_by(|x, y| x.0.total_cmp(&y.0));
    for pair in by_weight.windows(2) {
        assert!(
            pair[0].1 <= pair[1].1,
            "heavier edge drawn thinner: {pair:?}"
        );
    }
    let (lightest, heaviest) = (by_weight[0], by_weight[by_weight.len() - 1]);
    assert!(heaviest.1 > lightest.1, "thickness varies with weight");
}

#[test]
fn graph_dot_is_accepted_by_graphviz_without_warnings() {
    if Command::new("dot").arg("-V").output().is_err() {
        println!("note: graphviz `dot` is not installed; DOT validity not checked");
        return;
    }
    for name in ["shop", "workspace", "bad-input"] {
        let mut child = Command::new("dot")
            .arg("-Tsvg")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("dot starts");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(graph(name, "dot").as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{name}: dot failed: {stderr}");
        assert!(stderr.is_empty(), "{name}: dot warned: {stderr}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("<svg"),
            "{name}: no SVG"
        );
    }
}

/// Node ids by Mermaid name, and edges as `(from, to)` module ids.
fn parse_mermaid(mermaid: &str) -> (BTreeMap<String, String>, Vec<(String, String)>) {
    let mut nodes = BTreeMap::new();
    let mut edges = Vec::new();
    for line in mermaid.lines().map(str::trim) {
        if line.starts_with("subgraph") || line == "end" || line.starts_with("flowchart") {
            continue;
        }
        if let Some((from, rest)) = line.split_once(" -->") {
            let to = rest.rsplit(' ').next().unwrap();
            edges.push((from.to_owned(), to.to_owned()));
        } else if let Some((name, label)) = line.split_once("[\"") {
            let id = label
                .strip_suffix("\"]")
                .unwrap_or_else(|| panic!("node line: {line}"));
            nodes.insert(name.to_owned(), id.to_owned());
        }
    }
    let edges = edges
        .into_iter()
        .map(|(a, b)| {
            let id = |n: &str| {
                nodes
                    .get(n)
                    .unwrap_or_else(|| panic!("edge to undeclared node {n}"))
                    .clone()
            };
            (id(&a), id(&b))
        })
        .collect();
    (nodes, edges)
}

#[test]
fn graph_mermaid_is_a_flowchart_with_every_module_and_dependency() {
    for name in ["shop", "workspace", "bad-input"] {
        let report = analyze_fixture(name, &[]);
        let mermaid = graph(name, "mermaid");
        assert!(
            mermaid.starts_with("flowchart"),
            "{name}: starts with flowchart"
        );
        for id in report.module_ids() {
            assert!(
                mermaid.contains(&format!("\"{id}\"")),
                "{name}: Mermaid lacks module {id}"
            );
        }
        let (nodes, edges) = parse_mermaid(&mermaid);
        let ids: BTreeSet<String> = nodes.values().cloned().collect();
        assert_eq!(ids.len(), nodes.len(), "{name}: a module has two nodes");
        assert_eq!(ids, module_set(&report), "{name}: Mermaid nodes");
        let pairs: BTreeSet<(String, String)> = edges.iter().cloned().collect();
        assert_eq!(pairs.len(), edges.len(), "{name}: an edge is drawn twice");
        assert_eq!(pairs, report.edge_pairs(), "{name}: Mermaid edges");
    }
}

#[test]
fn graph_json_has_the_modules_and_dependencies_of_analyze() {
    for name in ["shop", "workspace"] {
        let report = analyze_fixture(name, &[]);
        let r = run([
            "graph".as_ref(),
            fixture(name).as_os_str(),
            "--format".as_ref(),
            "json".as_ref(),
        ]);
        r.assert_code(0);
        let graph = r.json();
        assert_eq!(graph["schema_version"], 1);
        assert_eq!(graph["level"], "module");
        let nodes: Vec<&str> = graph["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| str_of(n, "id"))
            .collect();
        assert_eq!(nodes, report.module_ids(), "{name}: nodes are the modules");
        let edges: Vec<(String, String, f64)> = graph["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                assert_eq!(e["kind"], "dependency");
                (
                    str_of(e, "from").to_owned(),
                    str_of(e, "to").to_owned(),
                    e["weight"].as_f64().unwrap(),
                )
            })
            .collect();
        let deps: Vec<(String, String, f64)> = report
            .dependencies()
            .iter()
            .map(|d| {
                (
                    str_of(d, "from").to_owned(),
                    str_of(d, "to").to_owned(),
                    d["weight"].as_f64().unwrap(),
                )
            })
            .collect();
        assert_eq!(edges, deps, "{name}: edges are the dependencies");
    }
}

#[test]
fn graph_json_honours_level_and_data() {
    let report = analyze_fixture("layered-app", &[]);
    let r = run([
        "graph".as_ref(),
        fixture("layered-app").as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
        "--level".as_ref(),
        "service".as_ref(),
        "--data".as_ref(),
        "-q".as_ref(),
    ]);
    r.assert_code(0);
    let graph = r.json();
    assert_eq!(graph["level"], "service");
    assert_eq!(graph["data"], true);
    let kinds: BTreeMap<String, String> = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (str_of(n, "id").to_owned(), str_of(n, "kind").to_owned()))
        .collect();
    let services: BTreeSet<String> = report.json["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| str_of(s, "name").to_owned())
        .collect();
    for s in &services {
        assert_eq!(kinds.get(s).map(String::as_str), Some("service"), "{s}");
    }
    let tables: BTreeSet<String> = report.json["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["kind"] == "table" && d["accesses"].as_array().is_some_and(|a| !a.is_empty()))
        .map(|d| str_of(d, "id").to_owned())
        .collect();
    let drawn: BTreeSet<String> = kinds
        .iter()
        .filter(|(_, k)| *k == "table")
        .map(|(id, _)| id.clone())
        .collect();
    assert_eq!(drawn, tables, "every accessed table is drawn");
    assert!(
        !kinds
            .keys()
            .any(|id| id.contains("::") && !id.starts_with("table:")),
        "no module node at service level: {kinds:?}"
    );
    for e in graph["edges"].as_array().unwrap() {
        if e["kind"] == "data" {
            assert!(str_of(e, "to").starts_with("table:"), "{e}");
        }
    }
}

#[test]
fn graph_default_format_is_dot() {
    let r = run([
        "graph".as_ref(),
        fixture("bad-input").as_os_str(),
        "-q".as_ref(),
    ]);
    r.assert_code(0);
    assert_eq!(r.stdout_str(), graph("bad-input", "dot"));
}
