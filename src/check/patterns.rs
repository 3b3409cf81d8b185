//! Config problems that only the analysed code reveals: a `[[service]]` module pattern that
//! matches no module (a typo such as `shop::inventroy::**`, or a module since renamed). Such a
//! pattern would leave its service silently smaller, and a service whose patterns all miss
//! would pass every rule with nothing to judge, so `check` refuses the config (exit 2) with the
//! pattern's file:line, as it does for any other config mistake.

use crate::config::problem::suggest;
use crate::config::{Config, ConfigProblem, ProblemKind};

use super::input::CheckInput;

/// One problem per declared pattern that matches none of `input`'s modules.
pub fn unmatched_patterns(config: &Config, input: &CheckInput) -> Vec<ConfigProblem> {
    let ids: Vec<&str> = input.modules.iter().map(|m| m.id.as_str()).collect();
    let mut problems = Vec::new();
    for service in &config.services {
        for (pattern, at) in service.modules.iter().zip(&service.pattern_locations) {
            if ids.iter().any(|id| pattern.matches(id)) {
                continue;
            }
            let mut help = match suggest_module(pattern.as_str(), &ids) {
                Some(best) => format!("did you mean `{best}`?"),
                None => "check the module ids with `cargo seams analyze --format json`, or remove the pattern".to_string(),
            };
            if !input.unread.is_empty() {
                help.push_str(&format!(
                    " ({} file(s) could not be parsed, so the modules they declare are missing; see the warnings above)",
                    input.unread.len()
                ));
            }
            problems.push(ConfigProblem {
                file: at.file.clone(),
                line: at.line,
                column: at.column,
                kind: ProblemKind::UnmatchedPattern,
                message: format!(
                    "module pattern `{pattern}` of service `{}` matches no module",
                    service.name
                ),
                help: Some(help),
            });
        }
    }
    problems
}

/// The pattern with its literal part replaced by the nearest module id, when one is close
/// enough to be a typo: `shop::inventroy::**` → `shop::inventory::**`.
fn suggest_module(pattern: &str, ids: &[&str]) -> Option<String> {
    let (literal, wildcard) = match pattern.find("::*") {
        Some(i) => pattern.split_at(i),
        None => (pattern, ""),
    };
    let best = suggest(literal, ids.iter().copied())?;
    Some(format!("{best}{wildcard}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_misspelt_pattern_gets_the_nearest_module() {
        let ids = ["shop", "shop::inventory", "shop::orders"];
        assert_eq!(
            suggest_module("shop::inventroy::**", &ids).as_deref(),
            Some("shop::inventory::**")
        );
        assert_eq!(
            suggest_module("shop::ordres", &ids).as_deref(),
            Some("shop::orders")
        );
        assert_eq!(suggest_module("billing::**", &ids), None);
    }
}
