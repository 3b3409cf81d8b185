//! Rule tests: each builds a small input by hand, runs every rule through [`run`], and
//! asserts on rules, keys, services and messages.

use super::*;
use crate::config::parse;
use crate::model::{Access, DataKind, DiagnosticCode, EdgeKind, Location};

const SERVICES: &str = r#"
[[service]]
name = "orders"
modules = ["shop::orders::**"]
[[service]]
name = "users"
modules = ["shop::users::**"]
[[service]]
name = "billing"
modules = ["shop::billing::**"]
"#;

fn module(id: &str) -> ModuleView {
    let file = format!(
        "src/{}.rs",
        id.trim_start_matches("shop::").replace("::", "/")
    );
    ModuleView {
        id: id.into(),
        location: Location::new(file, 1, 1),
    }
}

fn reference(from: &str, to: &str, item: &str, line: u32) -> RefView {
    RefView {
        from_module: from.into(),
        to_module: to.into(),
        to_item: (!item.is_empty()).then(|| format!("{to}::{item}")),
        kind: EdgeKind::Call,
        location: Location::new(
            format!("src/{}.rs", from.rsplit("::").next().unwrap()),
            line,
            5,
        ),
        weight: 1.0,
    }
}

fn base_input() -> CheckInput {
    CheckInput {
        modules: ["shop::orders", "shop::users", "shop::billing", "shop::cli"]
            .map(module)
            .to_vec(),
        ..CheckInput::default()
    }
}

/// Runs the checks with `SERVICES` plus `extra` config text.
fn run(extra: &str, input: &CheckInput) -> Vec<Violation> {
    let config =
        parse(&format!("{SERVICES}{extra}"), "seams.toml").unwrap_or_else(|e| panic!("{e}"));
    run_checks(&config, input)
}

fn keys(violations: &[Violation]) -> Vec<&str> {
    violations.iter().map(|v| v.key.as_str()).collect()
}

#[test]
fn undeclared_dependencies_are_reported_per_direction_unless_allowed() {
    let mut input = base_input();
    input.references = vec![
        reference("shop::orders", "shop::users", "User", 3),
        reference("shop::orders", "shop::users", "find", 4),
        reference("shop::users", "shop::orders", "Order", 7),
        reference("shop::cli", "shop::orders", "Order", 1),
    ];
    let v = run("", &input);
    assert_eq!(
        keys(&v),
        vec![
            "undeclared-dependency|orders|users",
            "undeclared-dependency|users|orders"
        ]
    );
    assert_eq!(v[0].services, vec!["orders", "users"]);
    assert_eq!(
        v[0].message,
        "service `orders` depends on `users` (2 references, weight 2) but no [[allow]] permits it"
    );
    assert_eq!(v[0].references.len(), 2);
    assert_eq!(
        v[0].references[0].key,
        "undeclared-dependency|orders|users|shop::users::User"
    );
    assert_eq!(
        v[0].references[0].location,
        Location::new("src/orders.rs", 3, 5)
    );
    assert_eq!(v[0].severity, Severity::Error);
    let v = run("[[allow]]\nfrom = \"orders\"\nto = \"users\"\n", &input);
    assert_eq!(keys(&v), vec!["undeclared-dependency|users|orders"]);
    let v = run("[thresholds]\nforbid_undeclared = false\n", &input);
    assert!(v.is_empty(), "{v:?}");
}

#[test]
fn boundary_weight_sums_both_directions() {
    let mut input = base_input();
    input.references = vec![
        reference("shop::orders", "shop::users", "User", 3),
        reference("shop::orders", "shop::users", "find", 4),
        reference("shop::users", "shop::orders", "Order", 7),
        reference("shop::billing", "shop::orders", "Order", 2),
    ];
    let extra = "[thresholds]\nforbid_undeclared = false\nmax_boundary_weight = 2.5\n";
    let v = run(extra, &input);
    assert_eq!(keys(&v), vec!["boundary-weight|orders|users"]);
    assert_eq!(
        v[0].message,
        "services `orders` and `users` are coupled by weight 3 (orders → users: 2, users → orders: 1), above max_boundary_weight = 2.5"
    );
    assert_eq!(v[0].references.len(), 3);
    assert!(
        run(
            "[thresholds]\nforbid_undeclared = false\nmax_boundary_weight = 3\n",
            &input
        )
        .is_empty()
    );
}

#[test]
fn instability_only_judges_services_that_others_depend_on() {
    let mut input = base_input();
    // orders: efferent 3 (users), afferent 1 (billing) → 0.75. billing: afferent 0 → skipped.
    input.references = vec![
        reference("shop::orders", "shop::users", "User", 3),
        reference("shop::orders", "shop::users", "find", 4),
        reference("shop::orders", "shop::users", "save", 5),
        reference("shop::billing", "shop::orders", "Order", 2),
    ];
    let extra = "[thresholds]\nforbid_undeclared = false\nmax_instability = 0.7\n";
    let v = run(extra, &input);
    assert_eq!(keys(&v), vec!["instability|orders"]);
    assert_eq!(
        v[0].severity,
        Severity::Error,
        "every rule but unused-allow fails by default"
    );
    assert_eq!(
        v[0].message,
        "service `orders` has instability 0.75 (efferent 3, afferent 1), above max_instability = 0.7"
    );
    assert_eq!(v[0].references.len(), 3, "its outgoing references");
    assert!(
        run(
            "[thresholds]\nforbid_undeclared = false\nmax_instability = 0.75\n",
            &input
        )
        .is_empty()
    );
}

fn table(id: &str, accesses: &[(&str, u32, u32)]) -> DataView {
    DataView {
        id: id.into(),
        kind: DataKind::Table,
        accesses: accesses
            .iter()
            .map(|(m, reads, writes)| AccessView {
                module: m.to_string(),
                reads: *reads,
                writes: *writes,
                sites: vec![AccessSite {
                    location: Location::new("src/db.rs", 10 + reads + writes, 1),
                    access: if *writes > 0 {
                        Access::Write
                    } else {
                        Access::Read
                    },
                }],
            })
            .collect(),
    }
}

#[test]
fn shared_tables_are_those_of_several_services_written_by_one() {
    let mut input = base_input();
    input.data = vec![
        table(
            "table:orders",
            &[("shop::orders", 2, 1), ("shop::users", 1, 0)],
        ),
        table("table:users", &[("shop::users", 1, 1)]),
        table(
            "table:prices",
            &[("shop::orders", 1, 0), ("shop::billing", 3, 0)],
        ),
        table(
            "table:audit",
            &[
                ("shop::users", 0, 1),
                ("shop::billing", 0, 1),
                ("shop::cli", 1, 1),
            ],
        ),
    ];
    let v = run("[thresholds]\nmax_shared_tables = 0\n", &input);
    assert_eq!(
        keys(&v),
        vec!["shared-table|table:audit", "shared-table|table:orders"]
    );
    assert_eq!(v[1].services, vec!["orders", "users"]);
    assert_eq!(
        v[1].message,
        "table `orders` is accessed by services `orders`, `users` and written by `orders`; 2 shared written tables, above max_shared_tables = 0"
    );
    let sites: Vec<&str> = v[1].references.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(
        sites,
        vec![
            "shared-table|users|table:orders|read",
            "shared-table|orders|table:orders|write"
        ]
    );
    assert_eq!(
        v[0].references.len(),
        2,
        "the unassigned module's access is not listed"
    );
    assert!(run("[thresholds]\nmax_shared_tables = 2\n", &input).is_empty());
}

#[test]
fn service_cycles_are_reported_with_a_loop_once_over_the_limit() {
    let mut input = base_input();
    input.references = vec![
        reference("shop::orders", "shop::users", "User", 3),
        reference("shop::users", "shop::billing", "charge", 4),
        reference("shop::billing", "shop::orders", "Order", 5),
        reference("shop::billing", "shop::users", "User", 6),
    ];
    let extra = "[thresholds]\nforbid_undeclared = false\nmax_service_cycles = 0\n";
    let v = run(extra, &input);
    assert_eq!(keys(&v), vec!["service-cycle|billing|orders|users"]);
    assert_eq!(v[0].services, vec!["billing", "orders", "users"]);
    assert_eq!(
        v[0].message,
        "services `billing`, `orders`, `users` depend on each other (billing → users → billing); 1 service cycle, above max_service_cycles = 0; removing 1 reference breaks it: `users` → `billing` (1)"
    );
    assert_eq!(v[0].references.len(), 4);
    assert!(
        run(
            "[thresholds]\nforbid_undeclared = false\nmax_service_cycles = 1\n",
            &input
        )
        .is_empty()
    );
    // Without the shortcut the loop goes all the way round.
    input.references.pop();
    let v = run(extra, &input);
    assert!(
        v[0].message
            .contains("(billing → orders → users → billing)"),
        "{}",
        v[0].message
    );
}

/// The modularity the `modularity` rule compares.
fn modularity(config: &Config, input: &CheckInput, partition: &Partition) -> Option<f64> {
    crate::check::partition::Context::new(config, input, partition).modularity()
}

#[test]
fn modularity_is_newman_q_of_the_judged_partition() {
    let mut input = base_input();
    input.modules.push(module("shop::orders::api"));
    input.modules.push(module("shop::users::api"));
    input.references = vec![
        reference("shop::orders::api", "shop::orders", "Order", 1),
        reference("shop::users::api", "shop::users", "User", 1),
        reference("shop::orders", "shop::users", "User", 2),
        reference("shop::orders", "shop::orders", "Order", 9),
    ];
    let config = parse(SERVICES, "seams.toml").unwrap();
    let partition = Partition::new(&config, &input);
    // W = 3 (the self-reference is no edge); each service: L = 1, d = 3 → 2·(1/3 − 1/4) = 1/6.
    let q = modularity(&config, &input, &partition).unwrap();
    assert!((q - 1.0 / 6.0).abs() < 1e-12, "{q}");
    // A module outside every service (shop::cli) adds no edge, as in `analyze`'s figure.
    let mut wired = input.clone();
    wired
        .references
        .push(reference("shop::cli", "shop::orders", "Order", 3));
    assert_eq!(modularity(&config, &wired, &partition), Some(q));
    let v = run(
        "[thresholds]\nforbid_undeclared = false\nmin_modularity = 0.3\n",
        &input,
    );
    assert_eq!(keys(&v), vec!["modularity"]);
    assert_eq!(
        v[0].message,
        "modularity of the declared services is 0.167, below min_modularity = 0.3"
    );
    assert_eq!(v[0].location, Some(Location::new("seams.toml", 13, 18)));
    assert!(
        run(
            "[thresholds]\nforbid_undeclared = false\nmin_modularity = 0.1\n",
            &input
        )
        .is_empty()
    );
    assert_eq!(
        modularity(&config, &base_input(), &partition),
        None,
        "no edges, no Q"
    );
}

#[test]
fn ambiguous_modules_are_always_reported_and_counted_once() {
    let config_text = "[[service]]\nname = \"core\"\nmodules = [\"shop::**\"]\n";
    let mut input = base_input();
    input.references = vec![reference("shop::cli", "shop::orders", "Order", 1)];
    let config = parse(&format!("{SERVICES}{config_text}"), "seams.toml").unwrap();
    let v = run_checks(&config, &input);
    let ambiguous: Vec<&Violation> = v
        .iter()
        .filter(|v| v.rule == Rule::AmbiguousModule)
        .collect();
    assert_eq!(ambiguous.len(), 3, "{v:?}");
    let orders = ambiguous
        .iter()
        .find(|v| v.key == "ambiguous-module|shop::orders")
        .unwrap();
    assert_eq!(orders.services, vec!["orders", "core"]);
    assert_eq!(
        orders.message,
        "module `shop::orders` is matched by services `orders` (`shop::orders::**`) and `core` (`shop::**`); it is counted in `orders`"
    );
    assert_eq!(orders.location, Some(Location::new("src/orders.rs", 1, 1)));
    // shop::cli is only core's; its reference to orders is an undeclared core → orders.
    assert!(
        keys(&v).contains(&"undeclared-dependency|core|orders"),
        "{v:?}"
    );
}

#[test]
fn undeclared_modules_only_when_required() {
    let input = base_input();
    assert!(run("", &input).is_empty());
    let v = run("[thresholds]\nrequire_declared_modules = true\n", &input);
    assert_eq!(keys(&v), vec!["undeclared-module|shop::cli"]);
    assert_eq!(
        v[0].message,
        "module `shop::cli` matches no declared service"
    );
    assert_eq!(v[0].location, Some(Location::new("src/cli.rs", 1, 1)));
}

#[test]
fn without_declared_services_the_proposal_is_judged() {
    let mut input = base_input();
    input.proposal = vec![
        ServiceView {
            name: "s1".into(),
            modules: vec!["shop::orders".into(), "shop::cli".into()],
        },
        ServiceView {
            name: "s2".into(),
            modules: vec!["shop::users".into(), "shop::billing".into()],
        },
    ];
    input.references = vec![
        reference("shop::orders", "shop::users", "User", 3),
        reference("shop::cli", "shop::billing", "charge", 4),
        reference("shop::users", "shop::billing", "charge", 5),
    ];
    let config = parse("[thresholds]\nmax_boundary_weight = 1\nrequire_declared_modules = true\nmin_modularity = 0.9\n", "seams.toml").unwrap();
    let v = run_checks(&config, &input);
    assert_eq!(
        keys(&v),
        vec!["boundary-weight|s1|s2", "modularity"],
        "no undeclared rules for a proposal"
    );
    assert!(
        v[1].message.contains("of the proposed services"),
        "{}",
        v[1].message
    );
}

#[test]
fn output_is_sorted_by_severity_then_key_and_independent_of_input_order() {
    let mut input = base_input();
    input.references = vec![
        reference("shop::orders", "shop::users", "User", 3),
        reference("shop::users", "shop::orders", "Order", 7),
        reference("shop::orders", "shop::users", "find", 4),
        reference("shop::billing", "shop::users", "User", 1),
    ];
    let extra =
        "[thresholds]\nmax_instability = 0.1\nmax_service_cycles = 0\nmax_boundary_weight = 0\n";
    let v = run(extra, &input);
    let severities: Vec<Severity> = v.iter().map(|v| v.severity).collect();
    let mut sorted = severities.clone();
    sorted.sort();
    assert_eq!(severities, sorted);
    assert!(
        v.windows(2)
            .all(|w| w[0].severity != w[1].severity || w[0].key < w[1].key)
    );
    input.references.reverse();
    input.modules.reverse();
    assert_eq!(run(extra, &input), v);
}

#[test]
fn baseline_accepts_moved_code_and_catches_new_targets() {
    let mut input = base_input();
    input.references = vec![reference("shop::orders", "shop::users", "User", 3)];
    let baseline = Baseline::from_violations(&run("", &input));
    input.references[0].location.line = 30;
    let outcome = baseline::apply_baseline(run("", &input), &baseline);
    assert!(outcome.new.is_empty() && outcome.stale.is_empty());
    input
        .references
        .push(reference("shop::orders", "shop::users", "find", 4));
    let outcome = baseline::apply_baseline(run("", &input), &baseline);
    assert_eq!(outcome.new.len(), 1);
    assert_eq!(outcome.new[0].references[0].to, "shop::users::find");
    input.references.clear();
    let outcome = baseline::apply_baseline(run("", &input), &baseline);
    assert_eq!(
        outcome.stale,
        vec!["undeclared-dependency|orders|users|shop::users::User"]
    );
}

#[test]
fn keys_escape_their_separator() {
    assert_eq!(stable_key(&["a", "b|c", "d\\"]), "a|b\\|c|d\\\\");
}

#[test]
fn rule_levels_set_the_severity_or_turn_a_rule_off() {
    let mut input = base_input();
    input.references = vec![reference("shop::orders", "shop::users", "User", 3)];
    let v = run("[rules]\nundeclared-dependency = \"warn\"\n", &input);
    assert_eq!(keys(&v), vec!["undeclared-dependency|orders|users"]);
    assert_eq!(v[0].severity, Severity::Warning);
    assert!(run("[rules]\nundeclared-dependency = \"off\"\n", &input).is_empty());
    assert_eq!(run("", &input)[0].severity, Severity::Error);
}

#[test]
fn an_allow_that_no_reference_needs_is_a_warning_at_its_table() {
    let mut input = base_input();
    input.references = vec![reference("shop::orders", "shop::users", "User", 3)];
    let allows = "[[allow]]\nfrom = \"orders\"\nto = \"users\"\n[[allow]]\nfrom = \"users\"\nto = \"billing\"\n";
    let v = run(allows, &input);
    assert_eq!(keys(&v), vec!["unused-allow|users|billing"]);
    assert_eq!(v[0].severity, Severity::Warning);
    let at = v[0].location.as_ref().expect("the [[allow]] table");
    assert_eq!((at.file.as_str(), at.line), ("seams.toml", 14));
    let error = format!("{allows}[rules]\nunused-allow = \"error\"\n");
    assert_eq!(run(&error, &input)[0].severity, Severity::Error);
    // With a file unread, the missing code may be what needs the allow.
    input.unread = vec![unread("src/users.rs")];
    assert_eq!(
        keys(&run(allows, &input)),
        vec!["unparsed-file|src/users.rs"]
    );
}

fn unread(file: &str) -> UnreadFile {
    UnreadFile {
        location: Location::new(file, 3, 7),
        code: DiagnosticCode::SyntaxError,
        message: "cannot parse".into(),
    }
}

#[test]
fn an_unread_file_fails_the_check_once_unless_tolerated() {
    let mut input = base_input();
    input.unread = vec![
        unread("src/users.rs"),
        unread("src/users.rs"),
        unread("src/a.rs"),
    ];
    let v = run("", &input);
    assert_eq!(
        keys(&v),
        vec!["unparsed-file|src/a.rs", "unparsed-file|src/users.rs"]
    );
    assert_eq!(v[0].severity, Severity::Error);
    assert_eq!(v[1].location, Some(Location::new("src/users.rs", 3, 7)));
    assert!(
        v[1].message.contains("syntax-error: cannot parse"),
        "{}",
        v[1].message
    );
    let tolerated = run("[rules]\nunparsed-file = \"warn\"\n", &input);
    assert!(tolerated.iter().all(|v| v.severity == Severity::Warning));
    // Also without declared services: the proposal is judged over the same missing code.
    let config = parse("", "seams.toml").unwrap();
    assert_eq!(run_checks(&config, &input).len(), 2);
}

#[test]
fn patterns_that_match_no_module_are_config_problems_at_their_position() {
    let config = parse(
        &format!("{SERVICES}[[service]]\nname = \"stock\"\nmodules = [\"shop::inventroy::**\", \"shop::cli\"]\n"),
        "seams.toml",
    )
    .unwrap();
    let problems = unmatched_patterns(&config, &base_input());
    let shown: Vec<String> = problems
        .iter()
        .map(|p| format!("{}:{}: {}", p.line, p.column, p.message))
        .collect();
    // orders, users and billing match; only the misspelt pattern does not.
    assert_eq!(
        shown,
        vec!["13:12: module pattern `shop::inventroy::**` of service `stock` matches no module"]
    );
    assert_eq!(
        problems[0].kind,
        crate::config::ProblemKind::UnmatchedPattern
    );
}

#[test]
fn rebase_prefixes_every_file() {
    let mut input = base_input();
    input.references = vec![reference("shop::orders", "shop::users", "User", 3)];
    input.unread = vec![unread("src/a.rs")];
    input.rebase("services/api/");
    assert_eq!(input.modules[0].location.file, "services/api/src/orders.rs");
    assert_eq!(
        input.references[0].location.file,
        "services/api/src/orders.rs"
    );
    assert_eq!(input.unread[0].location.file, "services/api/src/a.rs");
    input.rebase("");
    assert_eq!(input.unread[0].location.file, "services/api/src/a.rs");
}
