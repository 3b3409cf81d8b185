//! The catalogue of `check` rules: kebab-case names, one-sentence descriptions, default
//! levels (`[rules]` in `seams.toml` overrides them) and the config key each rule is
//! controlled by. Renderers (SARIF's rule list,
//! the text summary) and docs read it; a test keeps the names unique.

use std::fmt;

use crate::config::{Config, RuleLevel};

/// A rule `check` applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// Two services are more coupled than `max_boundary_weight` allows.
    BoundaryWeight,
    /// A service others depend on is more unstable than `max_instability` allows.
    Instability,
    /// More tables are shared between services, and written by one, than allowed.
    SharedTable,
    /// The service graph has more cycles than allowed.
    ServiceCycle,
    /// The partition's modularity is below `min_modularity`.
    Modularity,
    /// A dependency between declared services that no `[[allow]]` permits.
    UndeclaredDependency,
    /// A module matched by more than one declared service.
    AmbiguousModule,
    /// A module matched by no declared service.
    UndeclaredModule,
    /// An `[[allow]]` that no dependency between the declared services needs.
    UnusedAllow,
    /// A file of the analysed code that could not be read or parsed, so its references are
    /// missing from every other rule.
    UnparsedFile,
}

/// How bad a violation is: the rule's level in `[rules]` (its default unless set). An error
/// fails `check`; a warning fails it only under `--strict`. Severity also orders the report
/// (errors first) and sets the SARIF level and GitHub annotation kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Fails the check.
    Error,
    /// Reported; fails the check only under `--strict`.
    Warning,
}

impl Severity {
    /// The severity of a violation of a rule at `level`; `None` when the rule is off.
    pub fn of(level: RuleLevel) -> Option<Severity> {
        match level {
            RuleLevel::Error => Some(Severity::Error),
            RuleLevel::Warn => Some(Severity::Warning),
            RuleLevel::Off => None,
        }
    }

    /// The lower-case name (`error`, `warning`), also the SARIF level.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Rule {
    /// Every rule, in catalogue order (also the SARIF `ruleIndex` order).
    pub const ALL: [Rule; 10] = [
        Rule::BoundaryWeight,
        Rule::Instability,
        Rule::SharedTable,
        Rule::ServiceCycle,
        Rule::Modularity,
        Rule::UndeclaredDependency,
        Rule::AmbiguousModule,
        Rule::UndeclaredModule,
        Rule::UnusedAllow,
        Rule::UnparsedFile,
    ];

    /// The kebab-case name, used in output, keys and baselines.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::BoundaryWeight => "boundary-weight",
            Rule::Instability => "instability",
            Rule::SharedTable => "shared-table",
            Rule::ServiceCycle => "service-cycle",
            Rule::Modularity => "modularity",
            Rule::UndeclaredDependency => "undeclared-dependency",
            Rule::AmbiguousModule => "ambiguous-module",
            Rule::UndeclaredModule => "undeclared-module",
            Rule::UnusedAllow => "unused-allow",
            Rule::UnparsedFile => "unparsed-file",
        }
    }

    /// Parses a kebab-case name.
    pub fn parse(name: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.as_str() == name)
    }

    /// One sentence on what the rule flags.
    pub fn description(self) -> &'static str {
        match self {
            Rule::BoundaryWeight => {
                "two services are coupled by more reference weight than max_boundary_weight allows"
            }
            Rule::Instability => {
                "a service that others depend on has instability above max_instability"
            }
            Rule::SharedTable => {
                "more tables than max_shared_tables are accessed by several services and written by one"
            }
            Rule::ServiceCycle => {
                "the service dependency graph has more cycles than max_service_cycles"
            }
            Rule::Modularity => "the modularity of the services is below min_modularity",
            Rule::UndeclaredDependency => {
                "a dependency between declared services that no [[allow]] permits"
            }
            Rule::AmbiguousModule => {
                "a module is matched by the patterns of more than one declared service"
            }
            Rule::UndeclaredModule => "a module is matched by no declared service",
            Rule::UnusedAllow => {
                "an [[allow]] permits a dependency that no code between the declared services has"
            }
            Rule::UnparsedFile => {
                "a file of the analysed code could not be read or parsed, so its references are not judged"
            }
        }
    }

    /// What to do about a violation, in one sentence.
    pub fn help(self) -> &'static str {
        match self {
            Rule::BoundaryWeight => {
                "move the coupled code into one service, or narrow the interface between the two"
            }
            Rule::Instability => {
                "depend less on other services, or stop others depending on this one"
            }
            Rule::SharedTable => {
                "give each table one owning service and reach it through that service's API"
            }
            Rule::ServiceCycle => {
                "break the cycle by inverting one dependency (a trait, an event) or merging the services"
            }
            Rule::Modularity => {
                "move modules so that services depend more on themselves than on each other"
            }
            Rule::UndeclaredDependency => {
                "remove the dependency, or declare it with [[allow]] from = \"…\" to = \"…\""
            }
            Rule::AmbiguousModule => {
                "narrow the [[service]] module patterns so that each module matches exactly one"
            }
            Rule::UndeclaredModule => {
                "add the module to a [[service]], or set require_declared_modules = false"
            }
            Rule::UnusedAllow => {
                "remove the [[allow]], so that the dependency cannot come back unnoticed"
            }
            Rule::UnparsedFile => {
                "fix the file, leave it out with [analysis] exclude, or set unparsed-file = \"warn\" in [rules]"
            }
        }
    }

    /// The level of the rule when `[rules]` does not set one: `warn` for `unused-allow`
    /// (dead config, not a broken boundary), `error` for every other rule.
    pub fn default_level(self) -> RuleLevel {
        match self {
            Rule::UnusedAllow => RuleLevel::Warn,
            _ => RuleLevel::Error,
        }
    }

    /// The level of the rule under `config`: `[rules]`, else [`Rule::default_level`].
    pub fn level(self, config: &Config) -> RuleLevel {
        config
            .rule_levels
            .get(self.as_str())
            .copied()
            .unwrap_or_else(|| self.default_level())
    }

    /// The severity violations of this rule get by default.
    pub fn severity(self) -> Severity {
        Severity::of(self.default_level()).unwrap_or(Severity::Warning)
    }

    /// The `seams.toml` key that turns the rule on or sets its limit.
    pub fn config_key(self) -> &'static str {
        match self {
            Rule::BoundaryWeight => "thresholds.max_boundary_weight",
            Rule::Instability => "thresholds.max_instability",
            Rule::SharedTable => "thresholds.max_shared_tables",
            Rule::ServiceCycle => "thresholds.max_service_cycles",
            Rule::Modularity => "thresholds.min_modularity",
            Rule::UndeclaredDependency => "thresholds.forbid_undeclared",
            Rule::AmbiguousModule => "service.modules",
            Rule::UndeclaredModule => "thresholds.require_declared_modules",
            Rule::UnusedAllow => "allow",
            Rule::UnparsedFile => "rules.unparsed-file",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn rules_are_unique_described_and_round_trip() {
        let names: BTreeSet<_> = Rule::ALL.iter().map(|r| r.as_str()).collect();
        assert_eq!(names.len(), Rule::ALL.len());
        for rule in Rule::ALL {
            assert_eq!(Rule::parse(rule.as_str()), Some(rule));
            assert!(!rule.description().is_empty() && !rule.help().is_empty());
            assert!(!rule.config_key().is_empty());
        }
        assert_eq!(Rule::parse("nope"), None);
        let names: Vec<&str> = Rule::ALL.iter().map(|r| r.as_str()).collect();
        assert_eq!(names, crate::config::RULE_NAMES, "config knows every rule");
    }

    /// The user reference names every rule (with its default level), every diagnostic code
    /// and every config problem kind, so the docs cannot fall behind the catalogues.
    #[test]
    fn docs_name_every_rule_code_and_problem() {
        let docs = include_str!("../../docs/reference.md");
        for rule in Rule::ALL {
            let row = format!("| `{rule}` | {} |", rule.default_level());
            assert!(docs.contains(&row), "docs/reference.md lacks {row}");
        }
        for code in crate::model::DiagnosticCode::ALL {
            assert!(
                docs.contains(&format!("| `{code}`")),
                "docs lack code {code}"
            );
        }
        for kind in crate::config::ProblemKind::ALL {
            assert!(
                docs.contains(&format!("| `{kind}` |")),
                "docs lack problem {kind}"
            );
        }
    }
}
