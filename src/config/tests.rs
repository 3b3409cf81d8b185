//! Tests of the whole config step, text in, [`Config`] or every problem out; the fuzz-style
//! tests at the end check that no text makes the loader panic.

use super::*;

const FULL: &str = r#"[analysis]
include_tests = true
exclude = ["src/generated/**"]
weights = { use = 1.5, table = 5 }

[[service]]
name = "orders"
modules = ["shop::orders", "shop::orders::**"]

[[service]]
name = "users"
modules = ["shop::users::**", "shop[bin]::users"]

[[allow]]
from = "orders"
to = "users"

[thresholds]
max_boundary_weight = 25.0
max_instability = 0.8
max_shared_tables = 0
max_service_cycles = 0
min_modularity = 0.3
forbid_undeclared = true
require_declared_modules = false
"#;

fn errors(text: &str) -> ConfigErrors {
    parse(text, "seams.toml").expect_err("expected problems")
}

fn rendered(text: &str) -> String {
    errors(text).to_string()
}

#[test]
fn full_config_is_read_with_every_value() {
    let config = parse(FULL, "seams.toml").unwrap();
    assert!(config.analysis.include_tests);
    assert_eq!(config.analysis.exclude, vec!["src/generated/**"]);
    assert!(config.analysis.exclude_set.is_match("src/generated/a.rs"));
    assert_eq!(config.analysis.weights.get("use"), Some(1.5));
    assert_eq!(config.analysis.weights.get("table"), Some(5.0));
    assert_eq!(
        config.analysis.weights.get("method"),
        Some(0.5),
        "defaults stay for unnamed kinds"
    );
    assert_eq!(config.services.len(), 2);
    assert_eq!(config.services[0].name, "orders");
    assert_eq!(config.services[0].location.line, 6);
    assert_eq!(config.service_of("shop::orders::api"), vec!["orders"]);
    assert_eq!(config.service_of("shop[bin]::users"), vec!["users"]);
    assert!(config.service_of("shop::cli").is_empty());
    assert!(config.allows("orders", "users"));
    assert!(!config.allows("users", "orders"));
    let t = &config.thresholds;
    assert_eq!(t.max_boundary_weight, Some(25.0));
    assert_eq!(t.max_instability, Some(0.8));
    assert_eq!(t.max_shared_tables, Some(0));
    assert_eq!(t.max_service_cycles, Some(0));
    assert_eq!(t.min_modularity, Some(0.3));
    assert!(t.forbid_undeclared);
    assert!(!t.require_declared_modules);
    let at = config.key_location("thresholds.min_modularity").unwrap();
    assert_eq!(
        (at.file.as_str(), at.line, at.column),
        ("seams.toml", 23, 18)
    );
}

#[test]
fn empty_config_gets_defaults() {
    let config = parse("", "seams.toml").unwrap();
    assert!(!config.declares_services());
    assert_eq!(config.thresholds, Thresholds::default());
    assert!(config.thresholds.forbid_undeclared);
    assert_eq!(config.analysis.weights.get("impl"), Some(2.0));
    assert_eq!(config.analysis.weights, crate::model::Weights::default());
    assert!(!Config::default().declares_services());
}

#[test]
fn unknown_key_is_reported_with_position_and_suggestion() {
    let text = "[thresholds]\nmax_instability = 0.5\n\n\n\n\nmax_boundry_weight = 3.0\n";
    assert_eq!(
        rendered(text),
        "error: seams.toml:7:1: unknown key `max_boundry_weight` in [thresholds]\n  help: did you mean `max_boundary_weight`?"
    );
}

#[test]
fn unknown_keys_everywhere_are_all_reported() {
    let text = "servce = 1\n[analysis]\ninclude_test = true\n[[service]]\nnmae = \"x\"\nmodules = [\"a\"]\n[thresholds]\nzzz = 1\n";
    let e = errors(text);
    assert_eq!(e.kinds(), vec![ProblemKind::UnknownKey; 4], "{e}");
    let text = e.to_string();
    assert!(
        text.contains("seams.toml:1:1: unknown key `servce` in the top level"),
        "{text}"
    );
    assert!(text.contains("did you mean `service`?"), "{text}");
    assert!(text.contains("did you mean `include_tests`?"), "{text}");
    assert!(
        text.contains("seams.toml:5:1: unknown key `nmae` in [[service]]"),
        "{text}"
    );
    assert!(
        text.contains("help: expected one of `max_boundary_weight`"),
        "{text}"
    );
    assert!(text.contains("did you mean `name`?"), "{text}");
    // `nmae` was reported, so `name` is not also reported missing.
    assert!(!text.contains("has no `name`"), "{text}");
}

#[test]
fn wrong_types_are_reported_per_value_and_the_rest_still_validates() {
    let text = r#"[thresholds]
max_boundary_weight = "high"
max_instability = 2.0
max_shared_tables = 1.5
forbid_undeclared = "yes"
[[service]]
name = 7
modules = ["a::b", 3]
"#;
    let e = errors(text);
    let kinds = e.kinds();
    assert_eq!(
        kinds,
        vec![
            ProblemKind::WrongType,
            ProblemKind::InvalidValue,
            ProblemKind::WrongType,
            ProblemKind::WrongType,
            ProblemKind::WrongType,
            ProblemKind::WrongType,
        ],
        "{e}"
    );
    let text = e.to_string();
    assert!(
        text.contains("seams.toml:2:23: wrong type for `max_boundary_weight` in [thresholds]: found a string, expected a number"),
        "{text}"
    );
    assert!(
        text.contains("help: write it as in `max_boundary_weight = 25.0`"),
        "{text}"
    );
    assert!(
        text.contains("`max_instability` is 2, above its largest meaningful value 1"),
        "{text}"
    );
    assert!(
        text.contains("found a number, expected an integer"),
        "{text}"
    );
    assert!(text.contains("wrong type for an element of `modules` in [[service]]: found an integer, expected a string"), "{text}");
    assert!(
        !text.contains("has no `name`"),
        "a cut value is not also missing: {text}"
    );
}

#[test]
fn bad_patterns_duplicates_and_unknown_services_are_all_reported() {
    let text = r#"[[service]]
name = "orders"
modules = ["shop::::orders", "shop::***"]
[[service]]
name = "orders"
modules = ["shop::x"]
[[service]]
modules = []
[[allow]]
from = "order"
to = "billing"
[[allow]]
from = "orders"
"#;
    let e = errors(text);
    let text = e.to_string();
    assert_eq!(
        e.kinds(),
        vec![
            ProblemKind::BadPattern,
            ProblemKind::BadPattern,
            ProblemKind::DuplicateService,
            ProblemKind::InvalidValue,
            ProblemKind::MissingKey,
            ProblemKind::UnknownService,
            ProblemKind::UnknownService,
            ProblemKind::MissingKey,
        ],
        "{text}"
    );
    assert!(
        text.contains("seams.toml:3:12: invalid module pattern `shop::::orders`: empty segment"),
        "{text}"
    );
    assert!(
        text.contains(
            "seams.toml:5:8: duplicate service name `orders`\n  help: first declared at line 1"
        ),
        "{text}"
    );
    assert!(
        text.contains("seams.toml:7:1: [[service]] has no `name`"),
        "{text}"
    );
    assert!(
        text.contains("unknown service `order`\n  help: did you mean `orders`?"),
        "{text}"
    );
    assert!(
        text.contains("unknown service `billing`\n  help: declared services: orders"),
        "{text}"
    );
    assert!(
        text.contains("seams.toml:12:1: [[allow]] has no `to`"),
        "{text}"
    );
}

#[test]
fn thresholds_and_weights_are_range_checked() {
    let text = "[analysis]\nweights = { use = -1.0, tabel = 2.0 }\nexclude = [\"a/{b\"]\n[thresholds]\nmax_shared_tables = -1\nmax_service_cycles = 99999999999\nmin_modularity = -0.2\nmax_boundary_weight = nan\n";
    let e = errors(text);
    let text = e.to_string();
    assert_eq!(
        e.kinds(),
        vec![
            ProblemKind::InvalidValue,
            ProblemKind::UnknownWeightKind,
            ProblemKind::BadGlob,
            ProblemKind::NegativeThreshold,
            ProblemKind::InvalidValue,
            ProblemKind::NegativeThreshold,
            ProblemKind::InvalidValue,
        ],
        "{text}"
    );
    assert!(
        text.contains(
            "unknown weight kind `tabel` in [analysis.weights]\n  help: did you mean `table`?"
        ),
        "{text}"
    );
    assert!(
        text.contains("`max_shared_tables` is negative (-1)"),
        "{text}"
    );
}

#[test]
fn syntax_errors_stop_early_with_a_position() {
    let e = errors("[thresholds\nmax_instability = 0.5\n");
    assert_eq!(e.kinds()[0], ProblemKind::Syntax, "{e}");
    assert!(e.to_string().starts_with("error: seams.toml:1:"), "{e}");
    let e = errors("a = 1\na = 2\n");
    assert_eq!(e.kinds(), vec![ProblemKind::Syntax], "{e}");
}

#[test]
fn top_level_values_of_the_wrong_shape_are_reported() {
    let e = errors("thresholds = 5\nservice = \"x\"\nallow = [1]\nanalysis = []\n");
    assert_eq!(e.kinds(), vec![ProblemKind::WrongType; 4], "{e}");
    assert!(
        e.to_string().contains(
            "wrong type for `thresholds` in the top level: found an integer, expected a table"
        ),
        "{e}"
    );
    assert!(e.to_string().contains("wrong type for an element of `allow` in the top level: found an integer, expected a table"), "{e}");
}

#[test]
fn load_reports_unreadable_files_and_names_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.toml");
    let err = load(&missing).unwrap_err();
    assert!(matches!(err, ConfigError::Read { .. }));
    assert!(err.to_string().contains("nope.toml"), "{err}");
    let path = dir.path().join("seams.toml");
    std::fs::write(&path, "[thresholds]\nmax_instabilty = 1\n").unwrap();
    let err = load(&path).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("seams.toml:2:1: unknown key `max_instabilty`"),
        "{text}"
    );
    std::fs::write(&path, FULL).unwrap();
    assert_eq!(load(&path).unwrap().services.len(), 2);
}

/// Every prefix of a real config (cut at each character), plus hostile values: no panic, and
/// every failure has at least one problem, each with a position inside the text.
#[test]
fn no_text_makes_the_loader_panic() {
    let mut inputs: Vec<String> = Vec::new();
    for (i, _) in FULL.char_indices() {
        inputs.push(FULL[..i].to_string());
    }
    for value in [
        "1e400",
        "-1e400",
        "inf",
        "-inf",
        "nan",
        "99999999999999999999999",
        "-9223372036854775808",
        "9223372036854775807",
        "0x7fffffffffffffff",
        "\"\"",
        "[]",
        "{}",
        "[[]]",
        "1979-05-27T07:32:00Z",
        "true",
        "'''\n'''",
        "\"\\u0000\"",
        "[1, \"a\", {x = 1}]",
    ] {
        for key in [
            "max_boundary_weight",
            "max_shared_tables",
            "min_modularity",
            "forbid_undeclared",
        ] {
            inputs.push(format!("[thresholds]\n{key} = {value}\n"));
        }
        inputs.push(format!("[[service]]\nname = {value}\nmodules = {value}\n"));
        inputs.push(format!(
            "[analysis]\nweights = {{ use = {value} }}\nexclude = {value}\n"
        ));
        inputs.push(format!("[[allow]]\nfrom = {value}\nto = {value}\n"));
        inputs.push(format!("service = {value}\nthresholds = {value}\n"));
    }
    inputs.push("\u{feff}[thresholds]\n".into());
    inputs.push("[a.b.c.d.e.f]\nx = 1\n".into());
    inputs.push("x = ".repeat(50));
    inputs.push("[".repeat(200));
    inputs.push("a = [".repeat(200));
    inputs.push("[[service]]\nname = \"é\"\nmodules = [\"é::**\", \"\u{1F600}\"]\n".into());
    for text in &inputs {
        let lines = u32::try_from(text.lines().count().max(1)).unwrap() + 1;
        if let Err(e) = parse(text, "seams.toml") {
            assert!(!e.problems.is_empty(), "{text:?}");
            for p in &e.problems {
                assert!(
                    p.line >= 1 && p.line <= lines && p.column >= 1,
                    "{text:?}: {p}"
                );
                assert!(!p.message.contains('\n'), "one-line message: {p}");
            }
        }
    }
}

#[test]
fn a_file_wrong_everywhere_stops_after_a_bounded_number_of_problems() {
    let text: String = (0..500).map(|i| format!("unknown_{i} = 1\n")).collect();
    let e = errors(&text);
    assert_eq!(e.problems.len(), 201, "200 and a note that there are more");
    assert!(
        e.to_string()
            .ends_with("more than 200 problems; stopped looking\n  help: fix these first")
    );
}
