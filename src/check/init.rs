//! The first `seams.toml` of a code base, as `init` writes it: the proposal's services as
//! declared services, today's dependencies between them as allows, and thresholds set from
//! today's figures with headroom, in the commented template `seams.template.toml`.
//!
//! Takes an [`Analysis`] and the `[analysis]` options to record; returns the file's text. The
//! figures come from [`measure`] over the declared services, i.e. from the code the rules run,
//! and the text is loaded back with [`config::parse`] and checked before it is returned, so a
//! config `init` writes always loads and always passes `check` on the code it was made from.
//! Writing the file is the caller's business.

use std::collections::BTreeSet;

use super::input::from_analysis;
use super::measure::{Measures, measure};
use super::run_checks;
use crate::Analysis;
use crate::cluster::propose::Role;
use crate::config::{self, ConfigErrors};
use crate::model::{ModuleIdx, Program, fmt_float};

/// The commented template; `{{name}}` marks what [`starter_config`] fills in.
pub const TEMPLATE: &str = include_str!("seams.template.toml");

/// Headroom over today's heaviest boundary.
const BOUNDARY_HEADROOM: f64 = 1.25;
/// Headroom over today's highest instability, and under today's modularity.
const METRIC_HEADROOM: f64 = 0.1;
/// Width that comment lists wrap at.
const WIDTH: usize = 96;

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

/// Writes the config that declares `analysis`'s proposal, calibrated on it.
pub fn starter_config(
    analysis: &Analysis,
    options: &InitOptions,
) -> Result<StarterConfig, InitError> {
    let program = &analysis.program;
    let proposal = &analysis.proposal;
    let declared: Vec<Declared> = proposal
        .services
        .iter()
        .filter(|s| s.role == Role::Service)
        .map(|s| Declared {
            name: s.name.clone(),
            patterns: patterns(program, &s.modules.iter().copied().collect()),
            modules: s.modules.len(),
        })
        .collect();
    let services = render_services(&declared);
    // Measure the declared partition, exactly as `check` will judge it.
    let bare = config::parse(&services, "seams.toml")?;
    let measures = measure(&bare, &from_analysis(analysis));

    let kernel: BTreeSet<ModuleIdx> = proposal
        .services
        .iter()
        .filter(|s| s.role != Role::Service)
        .flat_map(|s| s.modules.iter().copied())
        .collect();
    let roots: Vec<String> = (0..program.modules.len())
        .filter(|&m| proposal.membership.get(m).copied().flatten().is_none())
        .filter_map(|m| program.modules.get(m).map(|module| module.id.clone()))
        .collect();
    let mut undeclared = String::new();
    if !roots.is_empty() {
        undeclared += &comment_list("composition roots (crate roots, wiring):", &roots);
    }
    if !kernel.is_empty() {
        let listed = patterns(program, &kernel);
        undeclared += &comment_list("shared kernel (libraries every service links):", &listed);
    }
    if undeclared.is_empty() {
        undeclared = "#   nothing: every module belongs to a service.".to_string();
    }

    let thresholds = Thresholds::from_measures(&measures);
    let exclude: Vec<String> = options.exclude.iter().map(|g| quoted(g)).collect();
    let text = fill(
        TEMPLATE,
        &[
            ("version", env!("CARGO_PKG_VERSION").to_string()),
            ("undeclared", undeclared.trim_end().to_string()),
            ("include_tests", options.include_tests.to_string()),
            ("exclude", format!("[{}]", exclude.join(", "))),
            ("services", services.trim_end().to_string()),
            ("allows", render_allows(&measures).trim_end().to_string()),
            ("boundary_today", thresholds.boundary_today),
            ("max_boundary_weight", thresholds.max_boundary_weight),
            ("instability_today", thresholds.instability_today),
            ("max_instability", thresholds.max_instability),
            ("max_shared_tables", measures.shared_tables.to_string()),
            ("max_service_cycles", measures.service_cycles.to_string()),
            ("modularity_today", thresholds.modularity_today),
            ("min_modularity", thresholds.min_modularity),
        ],
    );

    let config = config::parse(&text, "seams.toml")?;
    if let Some(v) = run_checks(&config, &from_analysis(analysis)).first() {
        return Err(InitError::Fails(format!("{}: {}", v.rule, v.message)));
    }
    Ok(StarterConfig {
        text,
        services: declared.len(),
        allows: measures.dependencies.len(),
    })
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
            Some((a, b, w)) => (
                format!("Today the heaviest is `{a}` <-> `{b}`, weight {}.", num(*w)),
                *w,
            ),
            None => ("Today no service references another.".to_string(), 0.0),
        };
        let max_weight = (heaviest * BOUNDARY_HEADROOM).ceil().max(1.0);
        let (instability_today, max_instability) = match &m.most_unstable {
            Some((service, i)) => (
                format!("Today the highest is `{service}` at {}.", num(*i)),
                format!(
                    "max_instability = {}",
                    toml_number(round_up(i + METRIC_HEADROOM).min(1.0))
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

fn render_services(declared: &[Declared]) -> String {
    if declared.is_empty() {
        return "# None proposed. With no [[service]], `check` judges the proposed services.\n"
            .to_string();
    }
    let mut out = String::new();
    for (i, service) in declared.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let plural = if service.modules == 1 { "" } else { "s" };
        out += &format!("[[service]] # {} module{plural}\n", service.modules);
        out += &format!("name = {}\n", quoted(&service.name));
        out += &format!("modules = {}\n", string_array(&service.patterns));
    }
    out
}

fn render_allows(measures: &Measures) -> String {
    if measures.dependencies.is_empty() {
        return "# None: no declared service depends on another today.\n".to_string();
    }
    let mut out = String::new();
    for (i, ((from, to), (count, weight))) in measures.dependencies.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let plural = if *count == 1 { "" } else { "s" };
        out += &format!(
            "[[allow]] # {count} reference{plural}, weight {}\nfrom = {}\nto = {}\n",
            num(*weight),
            quoted(from),
            quoted(to)
        );
    }
    out
}

/// A TOML array of strings: inline when it has one element, else one element per line.
fn string_array(items: &[String]) -> String {
    match items {
        [one] => format!("[{}]", quoted(one)),
        _ => {
            let lines: Vec<String> = items
                .iter()
                .map(|s| format!("    {},\n", quoted(s)))
                .collect();
            format!("[\n{}]", lines.concat())
        }
    }
}

/// A TOML basic string.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// `#   label a, b, c`, wrapped at [`WIDTH`] with continuation lines indented.
fn comment_list(label: &str, items: &[String]) -> String {
    let mut out = String::new();
    let mut line = format!("#   {label}");
    for (i, item) in items.iter().enumerate() {
        let piece = if i + 1 < items.len() {
            format!("{item},")
        } else {
            item.clone()
        };
        if line.len() + 1 + piece.len() > WIDTH && !line.trim_start_matches('#').trim().is_empty() {
            out += &line;
            out.push('\n');
            line = "#     ".to_string();
        } else {
            line.push(' ');
        }
        line += &piece;
    }
    out += &line;
    out.push('\n');
    out
}

/// Replaces every `{{key}}` of `template`.
fn fill(template: &str, values: &[(&str, String)]) -> String {
    values
        .iter()
        .fold(template.to_string(), |text, (key, value)| {
            text.replace(&format!("{{{{{key}}}}}"), value)
        })
}

/// A figure as comments show it.
fn num(value: f64) -> String {
    fmt_float(value, 3)
}

/// A threshold as TOML writes it: a float with at most two decimals and always a point.
fn toml_number(value: f64) -> String {
    let text = fmt_float(value, 2);
    if text.contains('.') {
        text
    } else {
        format!("{text}.0")
    }
}

/// Hundredths in a float's last bits are noise: 0.6 must not become 0.61.
const NOISE: f64 = 1e-9;

/// `value` rounded up to hundredths.
fn round_up(value: f64) -> f64 {
    let hundredths = value * 100.0;
    let nearest = hundredths.round();
    let rounded = if (hundredths - nearest).abs() < NOISE {
        nearest
    } else {
        hundredths.ceil()
    };
    rounded / 100.0
}

/// `value` rounded down to hundredths.
fn round_down(value: f64) -> f64 {
    let hundredths = value * 100.0;
    let nearest = hundredths.round();
    let rounded = if (hundredths - nearest).abs() < NOISE {
        nearest
    } else {
        hundredths.floor()
    };
    rounded / 100.0
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
            heaviest_boundary: Some(("a".into(), "b".into(), 32.5)),
            most_unstable: Some(("a".into(), 0.95)),
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

    #[test]
    fn template_placeholders_are_all_filled() {
        let keys = [
            "version",
            "undeclared",
            "include_tests",
            "exclude",
            "services",
            "allows",
            "boundary_today",
            "max_boundary_weight",
            "instability_today",
            "max_instability",
            "max_shared_tables",
            "max_service_cycles",
            "modularity_today",
            "min_modularity",
        ];
        let values: Vec<(&str, String)> = keys.iter().map(|k| (*k, "1".to_string())).collect();
        let text = fill(TEMPLATE, &values);
        assert!(!text.contains("{{"), "{text}");
        for key in keys {
            assert!(TEMPLATE.contains(&format!("{{{{{key}}}}}")), "{key} unused");
        }
    }

    #[test]
    fn long_lists_wrap() {
        let items: Vec<String> = (0..30).map(|i| format!("crate::module_{i}")).collect();
        let text = comment_list("label:", &items);
        assert!(text.lines().count() > 1);
        assert!(
            text.lines()
                .all(|l| l.len() <= WIDTH && l.starts_with("#   "))
        );
        assert!(text.contains("crate::module_29\n"));
    }
}
