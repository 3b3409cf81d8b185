//! The first `seams.toml` of a code base, as `init` writes it: the proposal's services as
//! declared services, today's dependencies between them as allows, and thresholds set from
//! today's figures with headroom, in the commented template `seams.template.toml`.
//!
//! Takes an [`Analysis`] and the `[analysis]` options to record; returns the file's text. The
//! figures come from [`measure`] over the declared services, i.e. from the code the rules run,
//! and the text is loaded back with [`config::parse`] and checked before it is returned, so a
//! config `init` writes always loads and always passes `check` on the code it was made from.
//! Writing the file is the caller's business.

use std::collections::{BTreeMap, BTreeSet};

use super::input::from_analysis;
use super::measure::{Measures, ServiceDependency, measure};
use super::run_checks;
use crate::Analysis;
use crate::config::{self, ConfigErrors};
use crate::model::Role;
use crate::model::{ModuleIdx, Program};
use text::{
    comment_list, comment_paragraph, fill, num, quoted, render_allows, render_services, round_down,
    round_up, toml_number,
};

mod text;
pub mod update;

/// The commented template; `{{name}}` marks what [`starter_config`] fills in.
pub const TEMPLATE: &str = include_str!("seams.template.toml");

/// Headroom over today's heaviest boundary.
const BOUNDARY_HEADROOM: f64 = 1.25;
/// Headroom over today's highest instability, and under today's modularity.
const METRIC_HEADROOM: f64 = 0.1;
/// Width that comment lists wrap at.
const WIDTH: usize = 96;

/// The first line of the header's list of what no `[[service]]` declares.
pub(crate) const NOT_DECLARED: &str =
    "# Not declared below, so no rule judges them (add them to a [[service]] if they should be):";

/// The `[analysis]` options the written config records.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InitOptions {
    /// Tests, benches, examples and `#[cfg(test)]` modules were analysed.
    pub include_tests: bool,
    /// Globs of files that were left out.
    pub exclude: Vec<String>,
}

/// A written config and what it declares.
#[derive(Clone, Debug, PartialEq)]
pub struct StarterConfig {
    /// The file's text.
    pub text: String,
    /// Declared services.
    pub services: usize,
    /// Allowed dependencies.
    pub allows: usize,
    /// What the thresholds accept that a healthy architecture would not (service cycles,
    /// tables written by one service and used by others): one sentence each, also written
    /// into the file, for the caller to print.
    pub warnings: Vec<String>,
    /// The declared services, so that `init --update` can put them in an existing file.
    pub declared_services: String,
    /// The allows, likewise.
    pub declared_allows: String,
    /// The numeric thresholds (`max_boundary_weight = 41.0`, …) that have a value today.
    pub threshold_lines: Vec<String>,
    /// The header's account of today's code: its warnings, then the `# Not declared below`
    /// list, as comment lines, so that `init --update` can refresh them.
    pub status: String,
}

/// Why no config could be written. Either means a bug in cargo-seams, not in the user's input.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// The text does not load.
    #[error("the config written from the proposal does not load (a cargo-seams bug):\n{0}")]
    Invalid(#[from] ConfigErrors),
    /// The text loads but the code it was written from fails it.
    #[error("the config written from the proposal fails on the same code (a cargo-seams bug): {0}")]
    Fails(String),
}

/// One declared service: its name and module patterns.
struct Declared {
    name: String,
    patterns: Vec<String>,
    modules: usize,
}

/// Writes the config that declares `analysis`'s proposal, calibrated on it. With `previous`
/// (the config `init --update` refreshes), a proposed service takes the name of the declared
/// service that holds most of its modules, so that names a team chose survive a refresh.
pub fn starter_config(
    analysis: &Analysis,
    options: &InitOptions,
    previous: Option<&config::Config>,
) -> Result<StarterConfig, InitError> {
    let program = &analysis.program;
    let proposal = &analysis.proposal;
    let mut taken = BTreeSet::new();
    let declared: Vec<Declared> = proposal
        .services
        .iter()
        .filter(|s| s.role == Role::Service)
        .map(|s| {
            let ids: Vec<&str> = s
                .modules
                .iter()
                .filter_map(|&m| program.modules.get(m).map(|module| module.id.as_str()))
                .collect();
            let name = previous
                .and_then(|c| name_from(c, &ids, &taken))
                .unwrap_or_else(|| s.name.clone());
            taken.insert(name.clone());
            Declared {
                name,
                patterns: patterns(program, &s.modules.iter().copied().collect()),
                modules: s.modules.len(),
            }
        })
        .collect();
    let services = render_services(&declared);
    // Measure the declared partition, exactly as `check` will judge it.
    let bare = config::parse(&services, "seams.toml")?;
    let measures = measure(&bare, &from_analysis(analysis));

    let roots: Vec<String> = (0..program.modules.len())
        .filter(|&m| proposal.membership.get(m).copied().flatten().is_none())
        .filter_map(|m| program.modules.get(m).map(|module| module.id.clone()))
        .collect();
    let mut undeclared = String::new();
    if !roots.is_empty() {
        undeclared += &comment_list("composition roots (crate roots, wiring):", &roots);
    }
    // Each group set apart, under its role: the kernel, migrations, test support, front-ends,
    // api types, library code no binary reaches.
    for role in Role::APART {
        let set: BTreeSet<ModuleIdx> = proposal
            .services
            .iter()
            .filter(|s| s.role == role)
            .flat_map(|s| s.modules.iter().copied())
            .collect();
        if !set.is_empty() {
            let head = format!("{} ({}):", role.as_str(), role.describe());
            undeclared += &comment_list(&head, &patterns(program, &set));
        }
    }
    if undeclared.is_empty() {
        undeclared = "#   nothing: every module belongs to a service.".to_string();
    }

    let thresholds = Thresholds::from_measures(&measures);
    let warnings = warnings(&measures);
    let mut warning_text = String::new();
    for w in &warnings {
        warning_text += &comment_paragraph(&format!("WARNING: {w}."));
        warning_text += "#\n";
    }
    let exclude: Vec<String> = options.exclude.iter().map(|g| quoted(g)).collect();
    let allows = render_allows(&measures);
    let threshold_lines: Vec<String> = [
        thresholds.max_boundary_weight.clone(),
        thresholds.max_instability.clone(),
        format!("max_shared_tables = {}", measures.shared_tables),
        format!("max_service_cycles = {}", measures.service_cycles),
        thresholds.min_modularity.clone(),
    ]
    .into_iter()
    .filter(|line| !line.starts_with('#'))
    .collect();
    let status = format!("{warning_text}{NOT_DECLARED}\n{}", undeclared.trim_end());
    let text = fill(
        TEMPLATE,
        &[
            ("version", env!("CARGO_PKG_VERSION").to_string()),
            ("status", status.clone()),
            ("include_tests", options.include_tests.to_string()),
            ("exclude", format!("[{}]", exclude.join(", "))),
            ("services", services.trim_end().to_string()),
            ("allows", allows.trim_end().to_string()),
            ("boundary_today", thresholds.boundary_today),
            (
                "max_boundary_weight",
                thresholds.max_boundary_weight.clone(),
            ),
            ("instability_today", thresholds.instability_today),
            ("max_instability", thresholds.max_instability.clone()),
            ("max_shared_tables", measures.shared_tables.to_string()),
            ("max_service_cycles", measures.service_cycles.to_string()),
            ("modularity_today", thresholds.modularity_today),
            ("min_modularity", thresholds.min_modularity.clone()),
        ],
    );

    let config = config::parse(&text, "seams.toml")?;
    // A file the analysis could not read fails `check` until it is fixed, whatever the
    // config says: that is not something a threshold can be set from.
    let violations = run_checks(&config, &from_analysis(analysis));
    if let Some(v) = violations
        .iter()
        .find(|v| v.rule != super::Rule::UnparsedFile)
    {
        return Err(InitError::Fails(format!("{}: {}", v.rule, v.message)));
    }
    Ok(StarterConfig {
        text,
        services: declared.len(),
        allows: measures.dependencies.len(),
        warnings,
        declared_services: services,
        declared_allows: allows,
        threshold_lines,
        status,
    })
}

/// The name of the service of `previous` whose patterns match most of `ids` (more than half),
/// unless another proposed service took it already.
fn name_from(previous: &config::Config, ids: &[&str], taken: &BTreeSet<String>) -> Option<String> {
    let (count, name) = previous
        .services
        .iter()
        .filter(|s| !taken.contains(&s.name))
        .map(|s| {
            let held = ids
                .iter()
                .filter(|id| s.modules.iter().any(|p| p.matches(id)))
                .count();
            (held, s.name.clone())
        })
        .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.cmp(&a.1)))?;
    (count * 2 > ids.len()).then_some(name)
}

/// What the calibrated thresholds let through that `check` would otherwise flag: service
/// cycles and shared written tables that exist today. `init` accepts them so that the first
/// run passes, and says so rather than accept a distributed monolith silently.
fn warnings(measures: &Measures) -> Vec<String> {
    let mut out = Vec::new();
    if !measures.cycles.is_empty() {
        let cycles: Vec<String> = measures
            .cycles
            .iter()
            .map(|c| format!("{{{}}}", c.join(", ")))
            .collect();
        let ways: Vec<String> = measures
            .cycles
            .iter()
            .map(|c| way_out(c, &measures.dependencies))
            .collect();
        out.push(format!(
            "today's code has {} service cycle{} ({}): services in a cycle cannot be extracted one at a time; max_service_cycles = {} accepts them, lower it as they are broken; the fewest references to remove: {}",
            cycles.len(),
            if cycles.len() == 1 { "" } else { "s" },
            cycles.join(", "),
            cycles.len(),
            ways.join("; ")
        ));
    }
    if !measures.shared_table_ids.is_empty() {
        let n = measures.shared_table_ids.len();
        out.push(format!(
            "today {n} table{} {} written by one service and used by others ({}): max_shared_tables = {n} accepts {}, lower it as each gets one owner",
            if n == 1 { "" } else { "s" },
            if n == 1 { "is" } else { "are" },
            measures.shared_table_ids.join(", "),
            if n == 1 { "it" } else { "them" }
        ));
    }
    out
}

/// The references to remove that break every loop among `members` (a minimum feedback arc set,
/// [`crate::metrics::feedback`], each reference weighing 1): `orders → users (2)`.
fn way_out(
    members: &[String],
    dependencies: &BTreeMap<(String, String), ServiceDependency>,
) -> String {
    let arcs = dependencies
        .iter()
        .map(|((from, to), d)| (from.as_str(), to.as_str(), d.count as f64));
    crate::metrics::feedback::feedback_arcs_by_name(members, arcs)
        .iter()
        .map(|(a, b, w)| format!("{a} → {b} ({w})"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Module patterns that match exactly `members` among the program's modules: `m::**` for the
/// top of each subtree (of two or more modules) that lies wholly in `members`, the module id
/// for every other member. Sorted by module id.
pub fn patterns(program: &Program, members: &BTreeSet<ModuleIdx>) -> Vec<String> {
    let n = program.modules.len();
    let parent = |m: ModuleIdx| program.modules.get(m).and_then(|module| module.parent);
    // `whole[m]`: m and everything below it are members. A non-member clears its ancestors;
    // a walk stops at an ancestor already cleared, whose own ancestors are cleared too.
    let mut whole: Vec<bool> = (0..n).map(|m| members.contains(&m)).collect();
    let mut has_children = vec![false; n];
    for m in 0..n {
        if let Some(p) = parent(m).filter(|&p| p < n) {
            has_children[p] = true;
        }
        if members.contains(&m) {
            continue;
        }
        let mut at = parent(m);
        while let Some(a) = at.filter(|&a| a < n && whole[a]) {
            whole[a] = false;
            at = parent(a);
        }
    }
    let covered = |m: ModuleIdx| {
        let mut at = parent(m);
        while let Some(a) = at.filter(|&a| a < n) {
            if whole[a] {
                return true;
            }
            at = parent(a);
        }
        false
    };
    let mut out: Vec<String> = members
        .iter()
        .filter(|&&m| m < n && !covered(m))
        .filter_map(|&m| {
            let id = &program.modules.get(m)?.id;
            Some(if whole[m] && has_children[m] {
                format!("{id}::**")
            } else {
                id.clone()
            })
        })
        .collect();
    out.sort();
    out
}

/// The thresholds and the comment lines that say where each comes from.
struct Thresholds {
    boundary_today: String,
    max_boundary_weight: String,
    instability_today: String,
    max_instability: String,
    modularity_today: String,
    min_modularity: String,
}

impl Thresholds {
    fn from_measures(m: &Measures) -> Thresholds {
        let (boundary_today, heaviest) = match &m.heaviest_boundary {
            Some(h) => (
                format!(
                    "Today the heaviest is `{}` <-> `{}`, weight {}.",
                    h.a,
                    h.b,
                    num(h.weight)
                ),
                h.weight,
            ),
            None => ("Today no service references another.".to_string(), 0.0),
        };
        let max_weight = (heaviest * BOUNDARY_HEADROOM).ceil().max(1.0);
        let (instability_today, max_instability) = match &m.most_unstable {
            Some(u) => (
                format!(
                    "Today the highest is `{}` at {}.",
                    u.service,
                    num(u.instability)
                ),
                format!(
                    "max_instability = {}",
                    toml_number(round_up(u.instability + METRIC_HEADROOM).min(1.0))
                ),
            ),
            None => (
                "Today no service is depended upon, so there is nothing to set it from."
                    .to_string(),
                "# max_instability = 0.8".to_string(),
            ),
        };
        let (modularity_today, min_modularity) = match m.modularity {
            Some(q) if q >= 0.0 => (
                format!("Today it is {}.", num(q)),
                format!(
                    "min_modularity = {}",
                    toml_number(round_down((q - METRIC_HEADROOM).max(0.0)))
                ),
            ),
            Some(q) => (
                format!("Today it is {}, below zero, so no minimum is set.", num(q)),
                "# min_modularity = 0.3".to_string(),
            ),
            None => (
                "Today it is undefined (no references between modules), so none is set."
                    .to_string(),
                "# min_modularity = 0.3".to_string(),
            ),
        };
        Thresholds {
            boundary_today,
            max_boundary_weight: format!("max_boundary_weight = {}", toml_number(max_weight)),
            instability_today,
            max_instability,
            modularity_today,
            min_modularity,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Module;

    fn program(ids: &[&str]) -> Program {
        let mut modules: Vec<Module> = ids
            .iter()
            .map(|id| Module {
                id: id.to_string(),
                ..Module::default()
            })
            .collect();
        for module in &mut modules {
            module.parent = module
                .id
                .rsplit_once("::")
                .and_then(|(p, _)| ids.iter().position(|m| *m == p));
        }
        Program {
            modules,
            ..Program::default()
        }
    }

    fn members(p: &Program, ids: &[&str]) -> BTreeSet<ModuleIdx> {
        ids.iter().filter_map(|id| p.module_index(id)).collect()
    }

    #[test]
    fn whole_subtrees_become_double_star_patterns() {
        let p = program(&[
            "shop",
            "shop::orders",
            "shop::orders::api",
            "shop::orders::api::v1",
            "shop::orders::model",
            "shop::users",
            "shop::users::auth",
            "shop::users::model",
        ]);
        let orders = members(
            &p,
            &[
                "shop::orders",
                "shop::orders::api",
                "shop::orders::api::v1",
                "shop::orders::model",
            ],
        );
        assert_eq!(patterns(&p, &orders), vec!["shop::orders::**"]);
        // users::model is elsewhere: users and its leaf auth are listed one by one.
        let users = members(&p, &["shop::users", "shop::users::auth"]);
        assert_eq!(
            patterns(&p, &users),
            vec!["shop::users", "shop::users::auth"]
        );
        // A whole subtree below a parent that is not wholly a member.
        let mixed = members(
            &p,
            &["shop::orders::api", "shop::orders::api::v1", "shop::users"],
        );
        assert_eq!(
            patterns(&p, &mixed),
            vec!["shop::orders::api::**", "shop::users"]
        );
    }

    #[test]
    fn patterns_match_exactly_the_members() {
        let p = program(&[
            "a",
            "a::b",
            "a::b::c",
            "a::d",
            "a::d::e",
            "a[bin]",
            "a[bin]::x",
        ]);
        let set = members(&p, &["a::b", "a::b::c", "a::d::e", "a[bin]", "a[bin]::x"]);
        let compiled: Vec<config::ModulePattern> = patterns(&p, &set)
            .iter()
            .map(|s| config::ModulePattern::parse(s).unwrap())
            .collect();
        for (i, m) in p.modules.iter().enumerate() {
            let matched = compiled.iter().any(|c| c.matches(&m.id));
            assert_eq!(matched, set.contains(&i), "{}", m.id);
        }
    }

    #[test]
    fn thresholds_leave_headroom_in_the_safe_direction() {
        assert_eq!(round_up(0.5 + 0.1), 0.6);
        assert_eq!(round_up(0.375 + 0.1), 0.48);
        assert_eq!(round_down(0.7213 - 0.1), 0.62);
        assert_eq!(round_down(0.3 - 0.1), 0.2);
        assert_eq!(toml_number(41.0), "41.0");
        let m = Measures {
            heaviest_boundary: Some(crate::check::measure::HeaviestBoundary {
                a: "a".into(),
                b: "b".into(),
                weight: 32.5,
            }),
            most_unstable: Some(crate::check::measure::MostUnstable {
                service: "a".into(),
                instability: 0.95,
            }),
            modularity: Some(0.05),
            ..Measures::default()
        };
        let t = Thresholds::from_measures(&m);
        assert_eq!(t.max_boundary_weight, "max_boundary_weight = 41.0");
        assert_eq!(t.max_instability, "max_instability = 1.0");
        assert_eq!(t.min_modularity, "min_modularity = 0.0");
        let none = Thresholds::from_measures(&Measures::default());
        assert_eq!(none.max_boundary_weight, "max_boundary_weight = 1.0");
        assert!(none.max_instability.starts_with('#'));
        assert!(none.min_modularity.starts_with('#'));
    }
}
