//! `[rules]`: the level of each `check` rule, as clippy and cargo-deny set lint levels:
//! `error` (reported, fails the check), `warn` (reported, fails only under `check --strict`)
//! or `off` (not run). A rule the table does not name keeps its default level.
//!
//! The config stage knows the rule names ([`RULE_NAMES`], kept equal to `check`'s catalogue by
//! a test there) but not the rules themselves, so it stores levels by name.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use toml::Spanned;

use super::problem::{ConfigProblem, LineIndex, ProblemKind, expected_one_of, suggest};

/// The level of a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleLevel {
    /// Reported; fails the check.
    Error,
    /// Reported; fails the check only under `--strict`.
    Warn,
    /// Not run.
    Off,
}

impl RuleLevel {
    /// Every level, as written in the file.
    pub const NAMES: [&'static str; 3] = ["error", "warn", "off"];

    /// The name written in the file.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleLevel::Error => "error",
            RuleLevel::Warn => "warn",
            RuleLevel::Off => "off",
        }
    }

    /// Parses a level name.
    pub fn parse(name: &str) -> Option<RuleLevel> {
        match name {
            "error" => Some(RuleLevel::Error),
            "warn" => Some(RuleLevel::Warn),
            "off" => Some(RuleLevel::Off),
            _ => None,
        }
    }
}

impl fmt::Display for RuleLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The names of the rules `check` applies (`check::Rule::ALL`, in the same order).
pub const RULE_NAMES: [&str; 10] = [
    "boundary-weight",
    "instability",
    "shared-table",
    "service-cycle",
    "modularity",
    "undeclared-dependency",
    "ambiguous-module",
    "undeclared-module",
    "unused-allow",
    "unparsed-file",
];

/// Validates the `[rules]` entries: known rule names, known levels. Returns the levels set.
pub(super) fn validate(
    raw: &BTreeMap<Spanned<String>, Spanned<String>>,
    file: &str,
    index: &LineIndex<'_>,
    problems: &mut Vec<ConfigProblem>,
) -> BTreeMap<String, RuleLevel> {
    let mut levels = BTreeMap::new();
    let mut problem = |span: std::ops::Range<usize>, kind, message: String, help: String| {
        let (line, column) = index.start(&span);
        problems.push(ConfigProblem {
            file: file.to_string(),
            line,
            column,
            kind,
            message,
            help: Some(help),
        });
    };
    let known: BTreeSet<&str> = RULE_NAMES.into_iter().collect();
    for (name, level) in raw {
        let rule = name.get_ref().as_str();
        if !known.contains(rule) {
            let help = match suggest(rule, RULE_NAMES) {
                Some(best) => format!("did you mean `{best}`?"),
                None => expected_one_of(RULE_NAMES),
            };
            problem(
                name.span(),
                ProblemKind::UnknownRule,
                format!("unknown rule `{rule}` in [rules]"),
                help,
            );
            continue;
        }
        match RuleLevel::parse(level.get_ref()) {
            Some(l) => {
                levels.insert(rule.to_string(), l);
            }
            None => problem(
                level.span(),
                ProblemKind::InvalidValue,
                format!("unknown level `{}` for rule `{rule}`", level.get_ref()),
                expected_one_of(RuleLevel::NAMES),
            ),
        }
    }
    levels
}
