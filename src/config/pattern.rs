//! Module patterns: the small language `[[service]] modules = [...]` is written in.
//!
//! A module id is `CRATE::a::b`, where `CRATE` may carry a target-kind suffix (`shop[bin]`, and
//! with `--include-tests` `shop[test]`, `shop[bench]`, `shop[example]`) and, for a crate whose
//! name several analysed workspaces share, its directory (`common@server/common`). A pattern is
//! the same shape, with two wildcards that must each be a whole segment:
//!
//! - `*` matches exactly one segment (`shop::*` matches `shop::orders`, not `shop`);
//! - `**` matches zero or more segments (`shop::orders::**` matches `shop::orders` and every
//!   module below it).
//!
//! Patterns are compiled once ([`ModulePattern::parse`]) and then matched many times; matching
//! is linear in pattern length times id length, whatever the number of `**`. This file knows
//! nothing of TOML or spans: the caller attaches positions to [`PatternError`].

use std::fmt;

/// A compiled module pattern.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ModulePattern {
    source: String,
    segments: Vec<Segment>,
}

/// One `::`-separated piece of a pattern.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Segment {
    /// Matches this exact segment.
    Literal(String),
    /// `*`: exactly one segment.
    One,
    /// `**`: zero or more segments.
    Any,
}

/// Why a pattern does not compile.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct PatternError {
    /// One sentence, naming the offending part of the pattern.
    pub message: String,
}

impl PatternError {
    fn new(message: impl Into<String>) -> Self {
        PatternError {
            message: message.into(),
        }
    }
}

impl ModulePattern {
    /// Compiles `source`, or says what is wrong with it.
    pub fn parse(source: &str) -> Result<ModulePattern, PatternError> {
        if source.is_empty() {
            return Err(PatternError::new("the pattern is empty"));
        }
        if let Some(c) = source.chars().find(|c| c.is_whitespace()) {
            return Err(PatternError::new(format!(
                "the pattern contains whitespace ({c:?}); module ids never do"
            )));
        }
        let mut segments = Vec::new();
        for (index, raw) in source.split("::").enumerate() {
            segments.push(parse_segment(raw, index)?);
        }
        Ok(ModulePattern {
            source: source.to_string(),
            segments,
        })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// True when the pattern has no wildcard, i.e. names exactly one module.
    pub fn is_exact(&self) -> bool {
        self.segments
            .iter()
            .all(|s| matches!(s, Segment::Literal(_)))
    }

    /// True when `module_id` (`crate::a::b`) matches the pattern.
    pub fn matches(&self, module_id: &str) -> bool {
        let id: Vec<&str> = module_id.split("::").collect();
        // `reach[j]` is true when the pattern prefix seen so far can consume exactly the first
        // `j` id segments. One row per pattern segment keeps this O(pattern × id).
        let mut reach = vec![false; id.len() + 1];
        reach[0] = true;
        for segment in &self.segments {
            let mut next = vec![false; id.len() + 1];
            match segment {
                Segment::Any => {
                    let mut seen = false;
                    for j in 0..=id.len() {
                        seen |= reach[j];
                        next[j] = seen;
                    }
                }
                Segment::One => {
                    next[1..].copy_from_slice(&reach[..id.len()]);
                }
                Segment::Literal(lit) => {
                    for j in 0..id.len() {
                        next[j + 1] = reach[j] && id[j] == lit;
                    }
                }
            }
            reach = next;
        }
        reach[id.len()]
    }
}

impl fmt::Display for ModulePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

/// The suffixes a crate id may carry: the target kinds other than `lib` (as `discover` names
/// them).
const TARGET_SUFFIXES: &[&str] = &["[bin]", "[test]", "[bench]", "[example]"];

fn parse_segment(raw: &str, index: usize) -> Result<Segment, PatternError> {
    match raw {
        "" => Err(PatternError::new(
            "empty segment: `::` must separate two names (as in `shop::orders`)",
        )),
        "*" => Ok(Segment::One),
        "**" => Ok(Segment::Any),
        _ if raw.contains('*') => Err(PatternError::new(format!(
            "`{raw}`: a wildcard must be a whole segment, `*` (one segment) or `**` (any number)"
        ))),
        _ => {
            // A crate shared by several workspaces carries its directory: `common@server/common`.
            let (raw_name, dir) = match raw.split_once('@') {
                Some((name, dir)) if index == 0 => (name, Some(dir)),
                _ => (raw, None),
            };
            if dir.is_some_and(|d| d.is_empty() || d.contains(['*', ':'])) {
                return Err(PatternError::new(format!(
                    "`{raw}`: `@` must be followed by the crate's directory, as in \
                     `common@server/common`"
                )));
            }
            let name = match TARGET_SUFFIXES
                .iter()
                .find_map(|s| raw_name.strip_suffix(s))
            {
                Some(_) if index > 0 => {
                    return Err(PatternError::new(format!(
                        "`{raw}`: only the crate (the first segment) may carry a target kind \
                         such as `[bin]` or `[test]`"
                    )));
                }
                Some(name) => name,
                None => raw_name,
            };
            check_identifier(name, raw)?;
            Ok(Segment::Literal(raw.to_string()))
        }
    }
}

fn check_identifier(name: &str, segment: &str) -> Result<(), PatternError> {
    let name = name.strip_prefix("r#").unwrap_or(name);
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return Err(PatternError::new(format!(
            "`{segment}` is not a module name"
        )));
    };
    if first.is_ascii_digit() {
        return Err(PatternError::new(format!(
            "`{segment}`: a module name cannot start with a digit"
        )));
    }
    if let Some(bad) = std::iter::once(first)
        .chain(chars)
        .find(|c| !(c.is_alphanumeric() || *c == '_'))
    {
        let hint = if bad == '-' {
            " (crate names use `_` in module ids: `my-crate` is `my_crate`)"
        } else {
            ""
        };
        return Err(PatternError::new(format!(
            "`{segment}`: {bad:?} is not allowed in a module pattern{hint}"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, id: &str) -> bool {
        ModulePattern::parse(pattern).unwrap().matches(id)
    }

    fn error(pattern: &str) -> String {
        ModulePattern::parse(pattern).unwrap_err().message
    }

    #[test]
    fn exact_pattern_matches_only_itself() {
        assert!(matches("shop::orders", "shop::orders"));
        assert!(!matches("shop::orders", "shop::orders::api"));
        assert!(!matches("shop::orders", "shop"));
        assert!(!matches("shop::orders", "shop::ordersx"));
        assert!(ModulePattern::parse("shop::orders").unwrap().is_exact());
    }

    #[test]
    fn single_star_matches_exactly_one_segment() {
        assert!(matches("shop::*", "shop::orders"));
        assert!(!matches("shop::*", "shop"));
        assert!(!matches("shop::*", "shop::orders::api"));
        assert!(matches("*::orders", "shop[bin]::orders"));
        assert!(matches("shop::*::api", "shop::orders::api"));
        assert!(!ModulePattern::parse("shop::*").unwrap().is_exact());
    }

    #[test]
    fn double_star_matches_zero_or_more_segments() {
        assert!(matches("shop::orders::**", "shop::orders"));
        assert!(matches("shop::orders::**", "shop::orders::api"));
        assert!(matches("shop::orders::**", "shop::orders::api::v1"));
        assert!(!matches("shop::orders::**", "shop::users"));
        assert!(!matches("shop::orders::**", "shop"));
        assert!(matches("**", "shop"));
        assert!(matches("**::models", "shop::a::b::models"));
        assert!(matches("**::models", "models"));
        assert!(matches("shop::**::models", "shop::models"));
        assert!(matches("shop::**::models", "shop::a::b::models"));
        assert!(!matches("shop::**::models", "shop::a::models::x"));
        assert!(matches("**::**::x", "x"));
        assert!(matches("**::*", "a::b"));
        assert!(!matches("**::*::*", "a"));
    }

    #[test]
    fn binary_crates_are_distinct_from_the_library() {
        assert!(matches("shop[bin]::**", "shop[bin]::cli"));
        assert!(!matches("shop[bin]::**", "shop::cli"));
        assert!(!matches("shop::**", "shop[bin]::cli"));
        assert!(matches("shop[bin]", "shop[bin]"));
        assert!(matches(
            "common@server/common::**",
            "common@server/common::db"
        ));
        assert!(!matches(
            "common@server/common::**",
            "common@cli/common::db"
        ));
        assert!(matches("*::db", "common@cli/common::db"));
    }

    /// Issue #11, item 7: `init --include-tests` wrote patterns the loader rejected.
    #[test]
    fn test_bench_and_example_targets_are_crates_too() {
        assert!(matches(
            "integration[test]::**",
            "integration[test]::helpers"
        ));
        assert!(matches("speed[bench]", "speed[bench]"));
        assert!(matches("demo[example]::*", "demo[example]::cli"));
        assert!(!matches("shop[test]::**", "shop::x"));
        assert!(error("shop[lib]").contains("'['"));
        assert!(error("a::b[test]").contains("only the crate"));
    }

    #[test]
    fn raw_and_unicode_identifiers_are_accepted() {
        assert!(matches("shop::r#async", "shop::r#async"));
        assert!(matches("café::naïve", "café::naïve"));
    }

    #[test]
    fn invalid_patterns_are_explained() {
        assert!(error("").contains("empty"));
        assert!(error("a::::b").contains("empty segment"));
        assert!(error("::a").contains("empty segment"));
        assert!(error("a::").contains("empty segment"));
        assert!(error("a::***").contains("whole segment"));
        assert!(error("a::ord*").contains("whole segment"));
        assert!(error("a::b.c").contains("'.'"));
        assert!(error("my-crate::x").contains("my_crate"));
        assert!(error("a:b").contains("':'"));
        assert!(error("a::b[bin]").contains("only the crate"));
        assert!(error("[bin]").contains("not a module name"));
        assert!(error("common@").contains("directory"));
        assert!(error("a::common@x").contains("not allowed"));
        assert!(error("a:: b").contains("whitespace"));
        assert!(error("a::1b").contains("digit"));
        assert!(error("a::/b").contains("'/'"));
    }

    #[test]
    fn display_is_the_source() {
        let p = ModulePattern::parse("shop::orders::**").unwrap();
        assert_eq!(p.to_string(), "shop::orders::**");
        assert_eq!(p.as_str(), "shop::orders::**");
    }
}
