//! The raw shape of `seams.toml`: serde structs that mirror the file, reject unknown keys and
//! keep the span of every value, plus [`deserialize_all`], which reads a document into them
//! while collecting *every* problem instead of stopping at the first.
//!
//! Serde stops at its first error. To report them all, the document is first parsed into
//! toml's spanned tree; each failed attempt names a span, the entry at that span is recorded as
//! a problem and cut out of the tree, and the rest is deserialized again. Every field is
//! optional here, so cutting a bad entry never causes a second, spurious error; required keys
//! are checked by `validate`, which also knows which keys were cut.
//!
//! [`KEYS`] is the catalogue of known keys per table: it feeds "did you mean" suggestions and
//! help lines, and a test checks it against the serde structs.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::problem::{ConfigProblem, LineIndex, ProblemKind, expected_one_of, suggest};

/// The whole file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    /// `[analysis]`.
    pub analysis: Option<Spanned<RawAnalysis>>,
    /// `[[service]]` tables.
    pub service: Option<Vec<Spanned<RawService>>>,
    /// `[[allow]]` tables.
    pub allow: Option<Vec<Spanned<RawAllow>>>,
    /// `[thresholds]`.
    pub thresholds: Option<Spanned<RawThresholds>>,
    /// `[rules]`: a level (`error`, `warn`, `off`) per rule name.
    pub rules: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
}

/// `[analysis]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAnalysis {
    /// Analyse tests, benches, examples and `#[cfg(test)]` modules too.
    pub include_tests: Option<Spanned<bool>>,
    /// Globs of paths (relative to the root) not to analyse.
    pub exclude: Option<Vec<Spanned<String>>>,
    /// Weight of one reference per edge kind, or of one access per data kind.
    pub weights: Option<BTreeMap<Spanned<String>, Spanned<f64>>>,
}

/// One `[[service]]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawService {
    /// The service name.
    pub name: Option<Spanned<String>>,
    /// Module patterns.
    pub modules: Option<Vec<Spanned<String>>>,
}

/// One `[[allow]]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAllow {
    /// The depending service.
    pub from: Option<Spanned<String>>,
    /// The service depended upon.
    pub to: Option<Spanned<String>>,
}

/// `[thresholds]`. Counts are read as `i64` so that a negative count gets its own message.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawThresholds {
    /// Most weight allowed between any two services.
    pub max_boundary_weight: Option<Spanned<f64>>,
    /// Most instability allowed for a service that others depend on.
    pub max_instability: Option<Spanned<f64>>,
    /// Most tables allowed to be shared by services and written by one.
    pub max_shared_tables: Option<Spanned<i64>>,
    /// Most cycles allowed between services.
    pub max_service_cycles: Option<Spanned<i64>>,
    /// Least modularity allowed.
    pub min_modularity: Option<Spanned<f64>>,
    /// Fail on a dependency between declared services that no `[[allow]]` permits.
    pub forbid_undeclared: Option<Spanned<bool>>,
    /// Fail on a module that no declared service matches.
    pub require_declared_modules: Option<Spanned<bool>>,
}

/// What a key's value must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueShape {
    /// `true` or `false`.
    Bool,
    /// A number (integers accepted).
    Number,
    /// A whole number.
    Integer,
    /// A string.
    Text,
    /// An array of strings.
    TextArray,
    /// A table.
    Table,
    /// An array of tables.
    TableArray,
}

impl ValueShape {
    /// How the shape reads in a sentence.
    pub fn describe(self) -> &'static str {
        match self {
            ValueShape::Bool => "a boolean",
            ValueShape::Number => "a number",
            ValueShape::Integer => "an integer",
            ValueShape::Text => "a string",
            ValueShape::TextArray => "an array of strings",
            ValueShape::Table => "a table",
            ValueShape::TableArray => "an array of tables",
        }
    }
}

/// A known key: its table, name, shape and an example line for help messages.
#[derive(Clone, Copy, Debug)]
pub struct KeySpec {
    /// The table, as written in messages (`[thresholds]`, `[[service]]`, `the top level`).
    pub table: &'static str,
    /// The key.
    pub name: &'static str,
    /// What its value must be.
    pub shape: ValueShape,
    /// A correct line, for help messages.
    pub example: &'static str,
}

const fn key(
    table: &'static str,
    name: &'static str,
    shape: ValueShape,
    example: &'static str,
) -> KeySpec {
    KeySpec {
        table,
        name,
        shape,
        example,
    }
}

/// Table name used for the document root in messages.
pub const TOP: &str = "the top level";

/// Every key of every table.
pub const KEYS: &[KeySpec] = &[
    key(TOP, "analysis", ValueShape::Table, "[analysis]"),
    key(TOP, "service", ValueShape::TableArray, "[[service]]"),
    key(TOP, "allow", ValueShape::TableArray, "[[allow]]"),
    key(TOP, "thresholds", ValueShape::Table, "[thresholds]"),
    key(TOP, "rules", ValueShape::Table, "[rules]"),
    key(
        "[analysis]",
        "include_tests",
        ValueShape::Bool,
        "include_tests = false",
    ),
    key(
        "[analysis]",
        "exclude",
        ValueShape::TextArray,
        "exclude = [\"src/generated/**\"]",
    ),
    key(
        "[analysis]",
        "weights",
        ValueShape::Table,
        "weights = { use = 1.0, table = 4.0 }",
    ),
    key("[[service]]", "name", ValueShape::Text, "name = \"orders\""),
    key(
        "[[service]]",
        "modules",
        ValueShape::TextArray,
        "modules = [\"shop::orders::**\"]",
    ),
    key("[[allow]]", "from", ValueShape::Text, "from = \"orders\""),
    key("[[allow]]", "to", ValueShape::Text, "to = \"users\""),
    key(
        "[thresholds]",
        "max_boundary_weight",
        ValueShape::Number,
        "max_boundary_weight = 25.0",
    ),
    key(
        "[thresholds]",
        "max_instability",
        ValueShape::Number,
        "max_instability = 0.8",
    ),
    key(
        "[thresholds]",
        "max_shared_tables",
        ValueShape::Integer,
        "max_shared_tables = 0",
    ),
    key(
        "[thresholds]",
        "max_service_cycles",
        ValueShape::Integer,
        "max_service_cycles = 0",
    ),
    key(
        "[thresholds]",
        "min_modularity",
        ValueShape::Number,
        "min_modularity = 0.3",
    ),
    key(
        "[thresholds]",
        "forbid_undeclared",
        ValueShape::Bool,
        "forbid_undeclared = true",
    ),
    key(
        "[thresholds]",
        "require_declared_modules",
        ValueShape::Bool,
        "require_declared_modules = false",
    ),
];

/// The known keys of `table`.
pub fn keys_of(table: &str) -> impl Iterator<Item = &'static KeySpec> + '_ {
    KEYS.iter().filter(move |k| k.table == table)
}

/// One step of a path into the document.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

/// Problems reported before giving up on a file.
const MAX_PROBLEMS: usize = 200;

/// Reads `text` into a [`RawConfig`], collecting every problem. Returns `None` for the config
/// when the text is not TOML at all. `cut` receives the dotted path (`service.0.name`) of each
/// entry that was cut out because of a problem, so that validation does not also call it
/// missing.
pub fn deserialize_all(
    text: &str,
    file: &str,
    index: &LineIndex<'_>,
    cut: &mut BTreeSet<String>,
) -> (Option<RawConfig>, Vec<ConfigProblem>) {
    let (mut doc, syntax) = DeTable::parse_recoverable(text);
    let problem = |span: &Range<usize>, kind, message: String, help: Option<String>| {
        let (line, column) = index.start(span);
        ConfigProblem {
            file: file.to_string(),
            line,
            column,
            kind,
            message,
            help,
        }
    };
    if !syntax.is_empty() {
        let problems = syntax
            .iter()
            .map(|e| {
                let span = e.span().unwrap_or(0..0);
                let message = format!("invalid TOML: {}", e.message().trim_end());
                problem(&span, ProblemKind::Syntax, message, None)
            })
            .collect();
        return (None, problems);
    }
    let mut problems = Vec::new();
    // Each round cuts one entry, so rounds are bounded by the entries; the cap bounds the
    // quadratic cost of a file that is wrong everywhere.
    for _ in 0..MAX_PROBLEMS {
        let error = match RawConfig::deserialize(toml::Deserializer::from(doc.clone())) {
            Ok(raw) => return (Some(raw), problems),
            Err(error) => error,
        };
        let span = error.span().unwrap_or(0..0);
        let Some(path) = locate(doc.get_ref(), &span) else {
            problems.push(problem(
                &span,
                ProblemKind::WrongType,
                clean(error.message()),
                None,
            ));
            return (None, problems);
        };
        let removed = remove(doc.get_mut(), &path);
        cut.insert(dotted(&path));
        let is_key = removed
            .as_ref()
            .is_some_and(|(key_span, _)| *key_span == Some(span.clone()));
        let (kind, message, help) = if is_key || is_unknown_key(&path) {
            describe_unknown_key(&path)
        } else {
            let found = removed.as_ref().map_or("a value", |(_, shape)| *shape);
            describe_wrong_type(&path, found, error.message())
        };
        problems.push(problem(&span, kind, message, help));
        if removed.is_none() {
            return (None, problems);
        }
    }
    problems.push(ConfigProblem {
        file: file.to_string(),
        line: problems.last().map_or(1, |p| p.line),
        column: 1,
        kind: ProblemKind::InvalidValue,
        message: format!("more than {MAX_PROBLEMS} problems; stopped looking"),
        help: Some("fix these first".to_string()),
    });
    (None, problems)
}

/// The table a path's last key belongs to, as written in messages.
fn table_of(path: &[Step]) -> &'static str {
    let mut keys: Vec<&str> = path
        .iter()
        .filter_map(|s| match s {
            Step::Key(k) => Some(k.as_str()),
            Step::Index(_) => None,
        })
        .collect();
    keys.pop();
    match keys.as_slice() {
        [] => TOP,
        ["analysis"] => "[analysis]",
        ["analysis", "weights"] => "[analysis.weights]",
        ["service"] => "[[service]]",
        ["allow"] => "[[allow]]",
        ["thresholds"] => "[thresholds]",
        ["rules"] => "[rules]",
        _ => "this table",
    }
}

fn last_key(path: &[Step]) -> Option<&str> {
    path.iter().rev().find_map(|s| match s {
        Step::Key(k) => Some(k.as_str()),
        Step::Index(_) => None,
    })
}

/// True when the path's last key is not a key of its table, for the tables with a fixed set
/// of keys (the structs serde reads with `deny_unknown_fields`). `[analysis.weights]` and
/// `[rules]` take any key; validation names the unknown ones.
fn is_unknown_key(path: &[Step]) -> bool {
    let Some(name) = last_key(path) else {
        return false;
    };
    let table = table_of(path);
    let fixed = matches!(
        table,
        TOP | "[analysis]" | "[[service]]" | "[[allow]]" | "[thresholds]"
    );
    fixed && !keys_of(table).any(|k| k.name == name)
}

fn describe_unknown_key(path: &[Step]) -> (ProblemKind, String, Option<String>) {
    let name = last_key(path).unwrap_or("?");
    let table = table_of(path);
    let known: Vec<&str> = keys_of(table).map(|k| k.name).collect();
    let help = match suggest(name, known.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None if known.is_empty() => "remove it".to_string(),
        None => expected_one_of(known.iter().copied()),
    };
    let message = format!("unknown key `{name}` in {table}");
    (ProblemKind::UnknownKey, message, Some(help))
}

fn describe_wrong_type(
    path: &[Step],
    found: &str,
    serde_message: &str,
) -> (ProblemKind, String, Option<String>) {
    let name = last_key(path).unwrap_or("?");
    let table = table_of(path);
    let in_array = matches!(path.last(), Some(Step::Index(_)));
    let spec = keys_of(table).find(|k| k.name == name);
    let expected = match (spec, in_array) {
        (Some(spec), true) if spec.shape == ValueShape::TableArray => "a table",
        (Some(_), true) => "a string",
        (Some(spec), false) => spec.shape.describe(),
        (None, _) => "a number",
    };
    let example = spec.map(|s| format!("write it as in `{}`", s.example));
    let what = if in_array {
        format!("an element of `{name}`")
    } else {
        format!("`{name}`")
    };
    if found == expected || (expected == "a number" && found == "an integer") {
        // Right type, but the value does not fit (an integer out of range, ...).
        let message = format!(
            "invalid value for {what} in {table}: {}",
            clean(serde_message)
        );
        (ProblemKind::InvalidValue, message, example)
    } else {
        let message =
            format!("wrong type for {what} in {table}: found {found}, expected {expected}");
        (ProblemKind::WrongType, message, example)
    }
}

/// Serde messages can run over several lines and name Rust types; keep the first line.
fn clean(message: &str) -> String {
    message.lines().next().unwrap_or("").trim().to_string()
}

fn dotted(path: &[Step]) -> String {
    let parts: Vec<String> = path
        .iter()
        .map(|s| match s {
            Step::Key(k) => k.clone(),
            Step::Index(i) => i.to_string(),
        })
        .collect();
    parts.join(".")
}

fn contains(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end && outer != &(0..0)
}

/// The deepest entry whose key is exactly `span` or whose value contains it.
fn locate(table: &DeTable<'_>, span: &Range<usize>) -> Option<Vec<Step>> {
    for (k, v) in table.iter() {
        let here = vec![Step::Key(k.get_ref().to_string())];
        if k.span() == *span {
            return Some(here);
        }
        if let Some(mut below) = locate_value(v, span) {
            let mut path = here;
            path.append(&mut below);
            return Some(path);
        }
        if contains(&v.span(), span) {
            return Some(here);
        }
    }
    None
}

fn locate_value(value: &Spanned<DeValue<'_>>, span: &Range<usize>) -> Option<Vec<Step>> {
    match value.get_ref() {
        DeValue::Table(t) => locate(t, span),
        DeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if let Some(mut below) = locate_value(item, span) {
                    let mut path = vec![Step::Index(i)];
                    path.append(&mut below);
                    return Some(path);
                }
                if contains(&item.span(), span) {
                    return Some(vec![Step::Index(i)]);
                }
            }
            None
        }
        _ => None,
    }
}

fn shape_of(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// Cuts the entry at `path` out of the tree; returns its key span (for table entries) and what
/// its value was, or `None` when the path no longer exists.
fn remove(table: &mut DeTable<'_>, path: &[Step]) -> Option<(Option<Range<usize>>, &'static str)> {
    let (Step::Key(first), rest) = path.split_first()? else {
        return None;
    };
    if rest.is_empty() {
        let (k, v) = table.remove_entry(first.as_str())?;
        return Some((Some(k.span()), shape_of(v.get_ref())));
    }
    let (_, value) = table.iter_mut().find(|(k, _)| k.get_ref() == first)?;
    remove_in_value(value.get_mut(), rest)
}

fn remove_in_value(
    value: &mut DeValue<'_>,
    path: &[Step],
) -> Option<(Option<Range<usize>>, &'static str)> {
    match (value, path.split_first()?) {
        (DeValue::Table(t), _) => remove(t, path),
        (DeValue::Array(items), (Step::Index(i), rest)) => {
            if rest.is_empty() {
                let shape = shape_of(items.get(*i)?.get_ref());
                let kept = items
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| j != i)
                    .map(|(_, v)| v.clone())
                    .collect();
                *items = kept;
                Some((None, shape))
            } else {
                remove_in_value(items.get_mut(*i)?.get_mut(), rest)
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests;
