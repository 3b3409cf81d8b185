//! Rule `unparsed-file`: a file of the analysed code that could not be read or parsed (syntax
//! error, not UTF-8, unreadable, too large, too deep, a `mod` whose file is missing). Its
//! references are missing from every other rule, so a gate that passed over it would pass
//! blind: a violation in that file, or a baseline entry that only looks fixed, goes unseen.
//! Default level `error`; a config tolerates such files with `unparsed-file = "warn"` (or
//! `"off"`) in `[rules]`, or leaves a file out with `[analysis] exclude`.

use std::collections::BTreeSet;

use super::partition::Context;
use super::{Rule, Violation, stable_key};
use crate::model::escape_controls;

/// One violation per unread file (at the first problem in it).
pub(super) fn check(ctx: &Context<'_>) -> Vec<Violation> {
    let mut out: Vec<Violation> = Vec::new();
    let mut seen = BTreeSet::new();
    for file in &ctx.input.unread {
        let name = file.location.file.as_str();
        if !seen.insert(name) {
            continue;
        }
        // The file name and the parser's message come from the analysed tree: their control
        // characters (a newline could start a forged annotation) are escaped.
        let message = format!(
            "`{}` was not analysed ({}: {}); its references are missing from this check",
            escape_controls(name),
            file.code,
            escape_controls(&file.message)
        );
        let key = stable_key(&[Rule::UnparsedFile.as_str(), name]);
        out.push(
            Violation::new(Rule::UnparsedFile, Vec::new(), message, Vec::new(), key)
                .at(Some(file.location.clone())),
        );
    }
    out
}
