//! Rule `unused-allow`: an `[[allow]]` between declared services that no reference needs. A
//! permission nobody uses is dead config, and the day the dependency comes back it passes
//! unnoticed; removing it keeps the declared architecture exact. Not judged while a file is
//! unread (rule `unparsed-file`), since the missing code may be what uses the allow. Default level `warn`, so it
//! fails only `check --strict` unless `[rules]` says `unused-allow = "error"`.

use super::partition::Context;
use super::{Rule, Violation, stable_key};

/// One violation per allowed `(from, to)` pair without a reference from `from` to `to`,
/// pointing at the `[[allow]]` table.
pub(super) fn check(ctx: &Context<'_>) -> Vec<Violation> {
    // With files unread, their references are missing: an allow may look unused only
    // because of that (`unparsed-file` fails the check already).
    if !ctx.partition.declared || !ctx.input.unread.is_empty() {
        return Vec::new();
    }
    let used = ctx.by_pair();
    let mut out = Vec::new();
    for (from, to) in &ctx.config.allows {
        if used.contains_key(&(from.as_str(), to.as_str())) {
            continue;
        }
        let message = format!(
            "[[allow]] from = \"{from}\" to = \"{to}\" is not needed: no code of `{from}` references `{to}`"
        );
        let key = stable_key(&[Rule::UnusedAllow.as_str(), from, to]);
        let location = ctx
            .config
            .allow_locations
            .get(&(from.clone(), to.clone()))
            .cloned();
        out.push(
            Violation::new(
                Rule::UnusedAllow,
                vec![from.clone(), to.clone()],
                message,
                Vec::new(),
                key,
            )
            .at(location),
        );
    }
    out
}
