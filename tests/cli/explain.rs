//! `explain [PATH] A [B]` between modules: every reference with `file:line:col` and kind, the
//! same references in text and JSON, counts that agree with the dependency edges of `analyze`,
//! and exit 2 for a module that does not exist.

use crate::util::{Run, analyze_fixture, fixture, run, run_in, str_of};
use std::collections::BTreeSet;
use std::ffi::OsString;

/// `(file, line, column, kind)` of a reference.
type Ref = (String, u64, u64, String);

fn explain(args: &[&str]) -> Run {
    let mut argv: Vec<OsString> = vec!["explain".into(), fixture("workspace").into()];
    argv.extend(args.iter().map(OsString::from));
    run(argv)
}

/// References listed by the text output: lines `  FILE:LINE:COL  KIND  …`.
fn text_refs(run: &Run) -> Vec<Ref> {
    run.stdout_str()
        .lines()
        .skip(1)
        .take_while(|line| !line.is_empty())
        .map(|line| {
            let mut words = line.split_whitespace();
            let loc = words
                .next()
                .unwrap_or_else(|| panic!("empty line in {:?}", run.stdout_str()));
            let kind = words
                .next()
                .unwrap_or_else(|| panic!("no kind in `{line}`"));
            let mut parts = loc.rsplitn(3, ':');
            let col = parts.next().and_then(|c| c.parse().ok());
            let line_no = parts.next().and_then(|l| l.parse().ok());
            let file = parts.next();
            match (file, line_no, col) {
                (Some(f), Some(l), Some(c)) => (f.to_owned(), l, c, kind.to_owned()),
                _ => panic!("`{loc}` is not file:line:col in `{line}`"),
            }
        })
        .collect()
}

/// References of the JSON output.
fn json_refs(run: &Run) -> Vec<Ref> {
    run.json()["references"]
        .as_array()
        .expect("references array")
        .iter()
        .map(|r| {
            (
                str_of(r, "file").to_owned(),
                r["line"].as_u64().unwrap(),
                r["column"].as_u64().unwrap(),
                str_of(r, "kind").to_owned(),
            )
        })
        .collect()
}

fn sorted(mut refs: Vec<Ref>) -> Vec<Ref> {
    refs.sort();
    refs
}

#[test]
fn explain_lists_every_reference_with_location_and_kind() {
    let r = explain(&["ws_api::handlers", "ws_core::model::user"]);
    r.assert_code(0);
    let file = "crates/api/src/handlers.rs";
    // Every occurrence of `User` in handlers.rs, at the column where the name starts (1-based).
    let expected: Vec<Ref> = [
        (4, 14, "use"),
        (11, 13, "type"),
        (14, 13, "type"),
        (19, 16, "call"),
        (32, 44, "type"),
        (46, 16, "type"),
    ]
    .iter()
    .map(|&(l, c, k)| (file.to_owned(), l, c, k.to_owned()))
    .collect();
    assert_eq!(sorted(text_refs(&r)), expected);
    let header = r.stdout_str().lines().next().unwrap();
    assert!(
        header.starts_with("6 "),
        "header counts the references: {header}"
    );
}

#[test]
fn explain_json_gives_the_same_references_as_text() {
    let text = explain(&["ws_api::handlers", "ws_core::model::user"]);
    let json = explain(&[
        "ws_api::handlers",
        "ws_core::model::user",
        "--format",
        "json",
    ]);
    json.assert_code(0);
    assert_eq!(sorted(json_refs(&json)), sorted(text_refs(&text)));
    let doc = json.json();
    assert_eq!(
        (doc["from"].as_str(), doc["to"].as_str()),
        (Some("ws_api::handlers"), Some("ws_core::model::user"))
    );
    for r in doc["references"].as_array().unwrap() {
        assert_eq!(str_of(r, "from"), "ws_api::handlers");
        assert_eq!(str_of(r, "to_module"), "ws_core::model::user");
        assert_eq!(str_of(r, "to"), "ws_core::model::user::User");
    }
}

#[test]
fn explain_counts_match_the_dependency_edges() {
    let report = analyze_fixture("workspace", &[]);
    let from = "ws_api::handlers";
    let mut total = 0;
    for (f, to) in report.edge_pairs() {
        if f != from {
            continue;
        }
        let count = report.edge(&f, &to).unwrap()["count"].as_u64().unwrap();
        let r = explain(&[from, &to, "--format", "json"]);
        r.assert_code(0);
        // `explain A B` covers B's submodules too; keep the references that land on B itself.
        let doc = r.json();
        let refs: Vec<Ref> = json_refs(&r)
            .into_iter()
            .zip(doc["references"].as_array().unwrap())
            .filter(|(_, raw)| raw["to_module"] == to.as_str())
            .map(|(r, _)| r)
            .collect();
        assert_eq!(refs.len() as u64, count, "{from} -> {to}");
        let kinds: BTreeSet<String> = refs.into_iter().map(|r| r.3).collect();
        let edge_kinds: BTreeSet<String> = report.edge_kinds(&f, &to).into_keys().collect();
        assert_eq!(kinds, edge_kinds, "{from} -> {to}");
        total += count;
    }
    let all = explain(&[from, "--format", "json"]);
    all.assert_code(0);
    assert_eq!(
        json_refs(&all).len() as u64,
        total,
        "explain A lists the references of every edge from A"
    );
}

/// Without B, `explain A` also says who uses A, by the group of the referring modules: as
/// many references as the dependency edges into A's modules from outside them carry.
#[test]
fn explain_says_who_uses_a_by_group() {
    let report = analyze_fixture("workspace", &[]);
    let a = "ws_core::model";
    let inside = |m: &str| m == a || m.starts_with("ws_core::model::");
    let expected: u64 = report
        .edge_pairs()
        .into_iter()
        .filter(|(f, t)| inside(t) && !inside(f))
        .map(|(f, t)| report.edge(&f, &t).unwrap()["count"].as_u64().unwrap())
        .sum();
    assert!(expected > 0, "the fixture's model is used");
    let json = explain(&[a, "--format", "json"]);
    json.assert_code(0);
    let used_by = json.json()["used_by"].as_array().unwrap().clone();
    let total: u64 = used_by
        .iter()
        .map(|u| u["references"].as_u64().unwrap())
        .sum();
    assert_eq!(total, expected);
    for u in &used_by {
        let modules = u["modules"].as_array().unwrap();
        assert!(!modules.is_empty(), "{u}");
        assert!(modules.iter().all(|m| !inside(m.as_str().unwrap())), "{u}");
    }
    let text = explain(&[a]);
    text.assert_code(0);
    assert!(
        text.stdout_str()
            .contains(&format!("{expected} references into {a} from outside it")),
        "{}",
        text.stdout_str()
    );
    // With B, the question is what goes from A to B: no `used_by`.
    let to_b = explain(&[
        "ws_api::handlers",
        "ws_core::model::user",
        "--format",
        "json",
    ]);
    assert_eq!(to_b.json()["used_by"].as_array().map(Vec::len), Some(0));
}

#[test]
fn explain_path_defaults_to_the_current_directory() {
    let inside = run_in(
        &fixture("workspace"),
        ["explain", "ws_api::handlers", "ws_core::model::user"],
    );
    inside.assert_code(0);
    let outside = explain(&["ws_api::handlers", "ws_core::model::user"]);
    assert_eq!(inside.stdout_str(), outside.stdout_str());
}

#[test]
fn explain_unknown_module_exits_2_with_a_message() {
    for args in [
        &["ws_api::nope"][..],
        &["ws_api::handlers", "ws_core::nope"],
    ] {
        let r = explain(args);
        r.assert_code(2);
        assert!(r.stdout.is_empty(), "nothing on stdout: {}", r.stdout_str());
        let missing = args.last().unwrap();
        assert!(
            r.stderr.contains(missing),
            "stderr names `{missing}`: {}",
            r.stderr
        );
    }
}

#[test]
fn explain_takes_service_names_from_the_proposal() {
    let shop = crate::util::fixture("shop");
    let out = crate::util::run([
        "explain",
        shop.to_str().unwrap_or("."),
        "orders",
        "inventory",
        "-q",
    ]);
    out.assert_code(0);
    let text = out.stdout_str();
    // The heaviest boundary of the proposal: 37 references from orders to inventory.
    assert!(
        text.starts_with("37 references from orders to inventory"),
        "{text}"
    );
    assert!(
        text.lines()
            .skip(1)
            .filter(|l| l.contains(" -> "))
            .all(|l| l.contains("shop::orders::") && l.contains("-> shop::inventory::"))
    );
}

/// A module set apart says why, and names the service it is most tied to as its next best
/// home, without a margin (it has none); a clustered one keeps its margin.
#[test]
fn explain_a_set_apart_module_gives_its_reason_and_next_best_home() {
    let out = explain(&["ws_core::storage", "-q"]);
    out.assert_code(0);
    let text = out.stdout_str();
    assert!(
        text.contains(
            "ws_core::storage is in unreached\n  because: no binary of the project reaches it"
        ),
        "{text}"
    );
    assert!(!text.contains("margin"), "{text}");
    let shop = fixture("shop");
    let out = run(["explain", shop.to_str().unwrap_or("."), "shop::error", "-q"]);
    out.assert_code(0);
    assert!(
        out.stdout_str().contains("  next best home: "),
        "{}",
        out.stdout_str()
    );
    let out = run([
        "explain",
        shop.to_str().unwrap_or("."),
        "shop::orders::service",
        "-q",
    ]);
    out.assert_code(0);
    assert!(
        out.stdout_str().contains("  next best: ") && out.stdout_str().contains("(margin "),
        "{}",
        out.stdout_str()
    );
}
