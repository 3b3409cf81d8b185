//! Stage `check`: the CI gate. Judges a partition (the config's declared services, or else the
//! proposal) against the config's thresholds and returns [`Violation`]s.
//!
//! Takes a validated [`Config`] and a [`CheckInput`] (plain views the pipeline fills) and
//! returns violations sorted most severe first, then by key. Each rule lives in its own file,
//! named after what it flags, and exposes one `check(&Context) -> Vec<Violation>`; the
//! catalogue of rules is [`Rule`]. [`baseline`] filters known violations by stable keys, and
//! [`render`] writes the outcome as text, JSON, SARIF or GitHub annotations. [`input`] fills a
//! [`CheckInput`] from the pipeline's `Analysis`; [`measure()`] gives the figures the rules
//! compare, which [`init`] uses to write a first `seams.toml` that passes.
//!
//! This stage does no I/O except in [`baseline`]'s file helpers and never fails: a rule with
//! nothing to judge (no threshold set, no declared services) yields nothing.

mod ambiguous_module;
pub mod baseline;
mod boundary_weight;
pub mod init;
pub mod input;
mod instability;
pub mod measure;
mod modularity;
pub mod partition;
mod patterns;
pub mod render;
mod rule;
mod service_cycle;
mod shared_table;
mod undeclared_dependency;
mod undeclared_module;
mod unparsed_file;
mod unused_allow;

#[cfg(test)]
mod tests;

use crate::config::Config;
use crate::model::{Location, fmt_float};
use partition::{Context, CrossRef, Partition};

pub use baseline::{Baseline, BaselineError, BaselineOutcome};
pub use input::{
    AccessSite, AccessView, CheckInput, DataView, ModuleView, RefView, ServiceView, UnreadFile,
    from_analysis,
};
pub use measure::{HeaviestBoundary, Measures, MostUnstable, ServiceDependency, measure};
pub use patterns::unmatched_patterns;
pub use rule::{Rule, Severity};

/// One broken rule. Deliberately not serializable: output formats convert it into their own
/// wire types in [`render`].
#[derive(Clone, Debug, PartialEq)]
pub struct Violation {
    /// The rule.
    pub rule: Rule,
    /// How bad (the rule's severity).
    pub severity: Severity,
    /// The services involved: `[from, to]` for a dependency, the members of a cycle, the
    /// services sharing a table; empty when none applies.
    pub services: Vec<String>,
    /// One sentence with the figures (`weight 31.5, above max_boundary_weight = 25`).
    pub message: String,
    /// Every offending reference or access, sorted by location.
    pub references: Vec<Offending>,
    /// Where to point when there are no references: the module's declaration, or the
    /// threshold's line in the config.
    pub location: Option<Location>,
    /// Stable key (`rule|part|part`, no line numbers), unique per violation.
    pub key: String,
}

/// One reference or data access that makes up a violation.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Offending {
    /// Where it is written.
    pub location: Location,
    /// Edge kind (`use`, `call`, …) for a reference, `read` or `write` for a data access.
    pub kind: String,
    /// The module it is written in.
    pub from_module: String,
    /// What it names: an item id, else a module id, or a data id.
    pub to: String,
    /// Stable baseline key: rule, from service, to service, target; no location, so moving the
    /// code keeps the key and a reference to another item gets a new one.
    pub key: String,
}

impl Offending {
    /// The offending form of a cross-service reference under `rule`.
    fn reference(rule: Rule, c: &CrossRef<'_>) -> Offending {
        let target = c.target().to_string();
        Offending {
            location: c.reference.location.clone(),
            kind: c.reference.kind.as_str().to_string(),
            from_module: c.reference.from_module.clone(),
            key: stable_key(&[rule.as_str(), c.from, c.to, &target]),
            to: target,
        }
    }
}

impl Violation {
    /// A violation of `rule` with the rule's severity; references are sorted and deduplicated.
    fn new(
        rule: Rule,
        services: Vec<String>,
        message: String,
        mut references: Vec<Offending>,
        key: String,
    ) -> Self {
        references.sort();
        references.dedup();
        Violation {
            rule,
            severity: rule.severity(),
            services,
            message,
            references,
            location: None,
            key,
        }
    }

    /// Sets where to point when there are no references.
    fn at(mut self, location: Option<Location>) -> Self {
        self.location = location;
        self
    }

    /// Every baseline key this violation stands for: one per distinct offending key, or the
    /// violation's own key when it has no references. Sorted.
    pub fn baseline_keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = if self.references.is_empty() {
            vec![self.key.as_str()]
        } else {
            self.references.iter().map(|r| r.key.as_str()).collect()
        };
        keys.sort_unstable();
        keys.dedup();
        keys
    }

    /// The first place to show: the first reference, else [`Violation::location`].
    pub fn primary_location(&self) -> Option<&Location> {
        self.references
            .first()
            .map(|r| &r.location)
            .or(self.location.as_ref())
    }
}

/// Joins key parts with `|`, escaping `\` and `|` inside parts so that keys stay unambiguous.
pub fn stable_key(parts: &[&str]) -> String {
    let escaped: Vec<String> = parts
        .iter()
        .map(|p| p.replace('\\', "\\\\").replace('|', "\\|"))
        .collect();
    escaped.join("|")
}

/// A float as every message writes it (at most 3 decimals, no trailing zeros).
fn num(value: f64) -> String {
    fmt_float(value, 3)
}

/// Runs every rule that `[rules]` does not turn off and returns the violations, each with the
/// severity of its rule's level, most severe first, then by key.
pub fn run_checks(config: &Config, input: &CheckInput) -> Vec<Violation> {
    let partition = Partition::new(config, input);
    let ctx = Context::new(config, input, &partition);
    let mut violations = Vec::new();
    violations.extend(boundary_weight::check(&ctx));
    violations.extend(instability::check(&ctx));
    violations.extend(shared_table::check(&ctx));
    violations.extend(service_cycle::check(&ctx));
    violations.extend(modularity::check(&ctx));
    violations.extend(undeclared_dependency::check(&ctx));
    violations.extend(ambiguous_module::check(&ctx));
    violations.extend(undeclared_module::check(&ctx));
    violations.extend(unused_allow::check(&ctx));
    violations.extend(unparsed_file::check(&ctx));
    violations.retain_mut(|v| match Severity::of(v.rule.level(config)) {
        Some(severity) => {
            v.severity = severity;
            true
        }
        None => false,
    });
    violations.sort_by(|a, b| (a.severity, &a.key).cmp(&(b.severity, &b.key)));
    violations
}
