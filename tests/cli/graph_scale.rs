//! Graphs that scale (issue #13): `--collapse`, `--focus`/`--depth` and `--min-weight` on the
//! layered fixture with exact node and edge counts, data nodes without an edge left out,
//! Mermaid folding itself under GitHub's 500-edge limit on a generated 600-edge crate, and
//! `--format svg` drawn without Graphviz.

use crate::util::{Scratch, analyze_fixture, fixture, run, seams, str_of};
use serde_json::Value;
use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::Path;

/// `graph PATH --format json -q EXTRA…`, parsed, asserting exit 0.
fn graph_json(path: &Path, extra: &[&str]) -> Value {
    let mut args: Vec<&OsStr> = vec!["graph".as_ref(), path.as_os_str()];
    args.extend(["--format", "json", "-q"].iter().map(OsStr::new));
    args.extend(extra.iter().map(OsStr::new));
    let r = run(args);
    r.assert_code(0);
    r.json()
}

fn ids(g: &Value) -> BTreeSet<String> {
    g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| str_of(n, "id").to_owned())
        .collect()
}

fn edges(g: &Value) -> BTreeSet<(String, String)> {
    g["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (str_of(e, "from").to_owned(), str_of(e, "to").to_owned()))
        .collect()
}

fn counts(g: &Value) -> (usize, usize) {
    (
        g["nodes"].as_array().unwrap().len(),
        g["edges"].as_array().unwrap().len(),
    )
}

#[test]
fn graph_collapse_folds_modules_into_their_ancestors() {
    let g = graph_json(&fixture("layered-app"), &["--collapse", "1"]);
    let expected: BTreeSet<String> = [
        "clinic",
        "clinic::config",
        "clinic::db",
        "clinic::error",
        "clinic::handlers",
        "clinic::models",
        "clinic::routes",
        "clinic::schema",
        "clinic[bin]",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(ids(&g), expected);
    assert_eq!(counts(&g), (9, 13));
    let handlers = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "clinic::handlers")
        .unwrap();
    assert_eq!(handlers["modules"], 6, "handlers and its five children");
    // The folded edge carries the sum of its modules' dependencies.
    let report = analyze_fixture("layered-app", &[]);
    let sum: f64 = report
        .dependencies()
        .iter()
        .filter(|d| {
            str_of(d, "from").starts_with("clinic::handlers")
                && str_of(d, "to").starts_with("clinic::models")
        })
        .map(|d| d["weight"].as_f64().unwrap())
        .sum();
    let folded = g["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["from"] == "clinic::handlers" && e["to"] == "clinic::models")
        .unwrap();
    assert_eq!(folded["weight"].as_f64().unwrap(), sum);
    assert!(edges(&g).contains(&("clinic::routes".into(), "clinic::handlers".into())));
}

#[test]
fn graph_focus_keeps_what_is_within_depth_of_a_module() {
    let g = graph_json(
        &fixture("layered-app"),
        &["--focus", "clinic::handlers::pets"],
    );
    let expected: BTreeSet<String> = [
        "clinic::db",
        "clinic::error",
        "clinic::handlers::pets",
        "clinic::models::owner",
        "clinic::models::pet",
        "clinic::routes",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(ids(&g), expected, "its callers and callees, one hop away");
    assert_eq!(counts(&g), (6, 8), "and every edge between them");
    let two = graph_json(
        &fixture("layered-app"),
        &["--focus", "clinic::handlers::pets", "--depth", "2"],
    );
    assert_eq!(counts(&two), (14, 32));
    let svc = graph_json(
        &fixture("layered-app"),
        &["--focus", "owners", "--level", "service"],
    );
    assert!(ids(&svc).contains("owners"));
    assert!(
        counts(&svc).0
            < counts(&graph_json(
                &fixture("layered-app"),
                &["--level", "service"]
            ))
            .0,
        "a service focus leaves out services it has no edge with"
    );
}

#[test]
fn graph_min_weight_drops_light_edges_and_combines_with_collapse() {
    let g = graph_json(&fixture("layered-app"), &["--min-weight", "3"]);
    assert_eq!(
        counts(&g),
        (20, 31),
        "every module stays, 12 light edges go"
    );
    assert!(
        g["edges"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["weight"].as_f64().unwrap() >= 3.0)
    );
    let both = graph_json(
        &fixture("layered-app"),
        &["--collapse", "1", "--min-weight", "10"],
    );
    assert_eq!(counts(&both), (9, 5));
}

#[test]
fn graph_focus_on_nothing_is_a_usage_error() {
    let r = run([
        "graph".as_ref(),
        fixture("layered-app").as_os_str(),
        "--focus".as_ref(),
        "clinic::nowhere".as_ref(),
        "-q".as_ref(),
    ]);
    r.assert_code(2);
    assert!(r.stderr.contains("clinic::nowhere"), "{}", r.stderr);
    let r = run([
        "graph".as_ref(),
        fixture("layered-app").as_os_str(),
        "--level".as_ref(),
        "service".as_ref(),
        "--collapse".as_ref(),
        "1".as_ref(),
    ]);
    r.assert_code(2);
}

#[test]
fn graph_data_nodes_without_an_edge_are_not_drawn() {
    // The shop's statics that no drawn node touches must not pad the picture.
    let g = graph_json(
        &fixture("shop"),
        &["--data", "--focus", "catalog", "--level", "service"],
    );
    let drawn = ids(&g);
    let linked: BTreeSet<String> = edges(&g).into_iter().flat_map(|(a, b)| [a, b]).collect();
    for id in drawn.iter().filter(|id| id.contains(':')) {
        assert!(linked.contains(id), "{id} drawn without an edge");
    }
    assert!(drawn.contains("table:products"), "{drawn:?}");
    assert!(
        !drawn.contains("table:payments"),
        "a table only payments touches is not near catalog: {drawn:?}"
    );
}

/// A crate of 5 × 10 modules, each calling the next 12 in a ring: 600 module dependencies.
fn ring_crate() -> Scratch {
    let mut lib = String::new();
    for g in 0..5 {
        lib.push_str(&format!("pub mod g{g};\n"));
    }
    let scratch = Scratch::new("ring", &lib);
    let name = |k: usize| format!("g{}::m{}", k / 10, k % 10);
    for g in 0..5 {
        let decls: String = (0..10).map(|m| format!("pub mod m{m};\n")).collect();
        scratch.write(&format!("src/g{g}/mod.rs"), decls);
    }
    for k in 0..50 {
        let mut body = String::from("pub fn f() {}\n\npub fn calls() {\n");
        for step in 1..=12 {
            body.push_str(&format!("    crate::{}::f();\n", name((k + step) % 50)));
        }
        body.push_str("}\n");
        scratch.write(&format!("src/g{}/m{}.rs", k / 10, k % 10), body);
    }
    scratch
}

#[test]
fn graph_mermaid_folds_itself_under_githubs_edge_limit() {
    let ring = ring_crate();
    let full = graph_json(ring.path(), &[]);
    assert_eq!(
        counts(&full).1,
        600,
        "the generated crate has 600 dependencies"
    );
    let r = run([
        "graph".as_ref(),
        ring.path().as_os_str(),
        "--format".as_ref(),
        "mermaid".as_ref(),
        "-q".as_ref(),
    ]);
    r.assert_code(0);
    let text = r.stdout_str();
    assert!(text.starts_with("flowchart"), "{text}");
    let drawn = text
        .lines()
        .filter(|l| l.contains(" -->|") || l.contains(" -.->|"))
        .count();
    assert!(drawn <= 500, "{drawn} edges drawn");
    assert!(drawn > 0);
    let comment = text
        .lines()
        .find(|l| l.trim_start().starts_with("%%"))
        .unwrap_or_else(|| panic!("no fold comment:\n{text}"));
    assert!(comment.contains("600 edges"), "{comment}");
    assert!(comment.contains("folded to depth 1"), "{comment}");
    assert!(
        comment.contains(&format!("600 edges → {drawn}:")),
        "the comment counts what is drawn: {comment}"
    );
    // Only as much is folded as needed: the first subtree is one node, the others keep detail.
    assert!(text.contains("[\"ring::g0\"]"), "{text}");
    assert!(!text.contains("[\"ring::g0::m0\"]"));
    assert!(text.contains("[\"ring::g4::m9\"]"));
    // DOT is not folded: Graphviz has no such limit.
    let dot = run(["graph".as_ref(), ring.path().as_os_str(), "-q".as_ref()]);
    dot.assert_code(0);
    assert_eq!(dot.stdout_str().matches("\" -> \"").count(), 600);
    // A small graph is left alone and says nothing.
    let small = run([
        "graph".as_ref(),
        fixture("shop").as_os_str(),
        "--format".as_ref(),
        "mermaid".as_ref(),
        "-q".as_ref(),
    ]);
    assert!(!small.stdout_str().contains("%%"));
}

#[test]
fn graph_svg_draws_the_service_map_without_graphviz() {
    let report = analyze_fixture("shop", &[]);
    // No PATH: Graphviz cannot be found even where it is installed.
    let out = seams()
        .env("PATH", "")
        .args([
            "graph".as_ref(),
            fixture("shop").as_os_str(),
            "--format".as_ref(),
            "svg".as_ref(),
            "-q".as_ref(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = String::from_utf8(out.stdout).unwrap();
    assert!(svg.starts_with("<?xml"), "{}", &svg[..80]);
    assert!(svg.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.trim_end().ends_with("</svg>"));
    assert_eq!(
        svg.matches("<g").count(),
        svg.matches("</g>").count(),
        "balanced groups"
    );
    for s in report.json["services"].as_array().unwrap() {
        let name = str_of(s, "name");
        let shown = if s["role"] == "shared-kernel" {
            "shared kernel"
        } else {
            name
        };
        assert!(
            svg.contains(&format!(">{shown}</text>")),
            "{shown} not drawn"
        );
        for table in s["owned_data"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
        {
            if let Some(t) = table.strip_prefix("table:") {
                assert!(
                    svg.contains(&format!("⛁ {t}<")),
                    "{table} not drawn in {name}"
                );
            }
        }
    }
    let arrows = svg.matches("class=\"dep\"").count();
    let boundaries = report.json["boundaries"].as_array().unwrap();
    let directions: usize = boundaries
        .iter()
        .map(|b| {
            usize::from(b["weight_ab"].as_f64().unwrap() > 0.0)
                + usize::from(b["weight_ba"].as_f64().unwrap() > 0.0)
        })
        .sum();
    assert_eq!(
        arrows, directions,
        "one arrow per direction of each boundary"
    );
}
