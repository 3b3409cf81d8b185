//! The project's own `macro_rules!` that write a table they receive
//! (`insert!(users, form, conn)` expanding to `diesel::insert_into(users::table)…`), read from
//! tokens: macros are not expanded, so the body is scanned for a write function whose argument
//! starts with a metavariable (`insert_into($t::table)`, `update($t)`) or a metavariable path
//! ending in a write verb (`$entity::delete_many()`), and the metavariable is mapped to its
//! position in the matcher, with the path the body writes before it (`crate::schema::$t`).
//! Invocations keep their plain-path arguments so that `resolve` can resolve them (after that
//! prefix) and the `data` stage pair them with such macros by name, wherever in the project the
//! macro is defined.

// Last path segments after a metavariable that write (`$entity::insert(…)`, SeaORM): the
// same verbs as a direct call.
use crate::parse::vocab::WRITE_VERBS;
use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// Functions whose argument is the written table (diesel).
const WRITE_FNS: &[&str] = &[
    "insert_into",
    "insert_or_ignore_into",
    "replace_into",
    "update",
    "delete",
];

/// Macros of std and common crates whose arguments never name a table to write.
const NOT_PROJECT: &[&str] = &[
    "println",
    "print",
    "eprintln",
    "eprint",
    "format",
    "format_args",
    "write",
    "writeln",
    "vec",
    "assert",
    "assert_eq",
    "assert_ne",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "panic",
    "todo",
    "unimplemented",
    "unreachable",
    "matches",
    "dbg",
    "concat",
    "stringify",
    "include_str",
    "include_bytes",
    "env",
    "option_env",
    "cfg",
    "debug",
    "info",
    "warn",
    "error",
    "trace",
    "json",
    "bail",
    "ensure",
    "anyhow",
    "macro_rules",
];

/// Most arguments kept per invocation.
const MAX_ARGS: usize = 16;

/// The matcher positions of the arguments a `macro_rules!` body writes as a table, over all
/// its rules, each with the path the body writes before it (`crate::schema` in
/// `update(crate::schema::$t::table)`, empty for `$t::table`), sorted and unique.
pub fn written_positions(body: &TokenStream) -> Vec<(usize, Vec<String>)> {
    let tts: Vec<TokenTree> = body.clone().into_iter().collect();
    let mut positions = Vec::new();
    let mut i = 0;
    while i < tts.len() {
        // A rule is `(matcher) => {body}` followed by an optional `;`.
        if let (
            Some(TokenTree::Group(matcher)),
            Some(TokenTree::Punct(eq)),
            Some(TokenTree::Punct(gt)),
            Some(TokenTree::Group(rule_body)),
        ) = (tts.get(i), tts.get(i + 1), tts.get(i + 2), tts.get(i + 3))
            && eq.as_char() == '='
            && gt.as_char() == '>'
        {
            let mut vars = Vec::new();
            metavariables(&matcher.stream(), &mut vars);
            let mut written = Vec::new();
            written_metavariables(&rule_body.stream(), &mut written);
            for (prefix, w) in written {
                if let Some(p) = vars.iter().position(|v| *v == w) {
                    positions.push((p, prefix));
                }
            }
            i += 4;
        } else {
            i += 1;
        }
    }
    positions.sort_unstable();
    positions.dedup();
    positions
}

/// The metavariables of a matcher (`$t:ident`), in order, repetitions flattened.
fn metavariables(tokens: &TokenStream, out: &mut Vec<String>) {
    let tts: Vec<TokenTree> = tokens.clone().into_iter().collect();
    for (i, t) in tts.iter().enumerate() {
        match t {
            TokenTree::Punct(p) if p.as_char() == '$' => {
                if let Some(TokenTree::Ident(name)) = tts.get(i + 1)
                    && name != "crate"
                {
                    out.push(name.to_string());
                }
            }
            TokenTree::Group(g) => metavariables(&g.stream(), out),
            _ => {}
        }
    }
}

/// The metavariables a rule body writes as a table, each with the path written before it.
fn written_metavariables(tokens: &TokenStream, out: &mut Vec<(Vec<String>, String)>) {
    let tts: Vec<TokenTree> = tokens.clone().into_iter().collect();
    for (i, t) in tts.iter().enumerate() {
        match t {
            TokenTree::Ident(f) if WRITE_FNS.iter().any(|w| f == w) => {
                if let Some(TokenTree::Group(g)) = tts.get(i + 1)
                    && g.delimiter() == Delimiter::Parenthesis
                    && let Some(written) = leading_metavariable(&g.stream())
                {
                    out.push(written);
                }
            }
            TokenTree::Punct(p) if p.as_char() == '$' => {
                // `$entity::delete_many(…)`.
                if let (
                    Some(TokenTree::Ident(var)),
                    Some(TokenTree::Punct(c1)),
                    Some(TokenTree::Punct(c2)),
                    Some(TokenTree::Ident(verb)),
                ) = (
                    tts.get(i + 1),
                    tts.get(i + 2),
                    tts.get(i + 3),
                    tts.get(i + 4),
                ) && c1.as_char() == ':'
                    && c2.as_char() == ':'
                    && WRITE_VERBS.iter().any(|w| verb == w)
                {
                    out.push((Vec::new(), var.to_string()));
                }
            }
            _ => {}
        }
        if let TokenTree::Group(g) = t {
            written_metavariables(&g.stream(), out);
        }
    }
}

/// `$name` at the start of `tokens` (after `&`, `&mut`, and a path prefix such as
/// `crate::schema::`), if there is one, with that prefix's segments.
fn leading_metavariable(tokens: &TokenStream) -> Option<(Vec<String>, String)> {
    let mut prefix = Vec::new();
    let mut it = tokens.clone().into_iter().peekable();
    while let Some(t) = it.next_if(|t| match t {
        TokenTree::Punct(p) => matches!(p.as_char(), '&' | ':'),
        TokenTree::Ident(_) => true,
        _ => false,
    }) {
        if let TokenTree::Ident(segment) = t
            && segment != "mut"
        {
            prefix.push(crate::parse::ident_str(&segment));
        }
    }
    match (it.next(), it.next()) {
        (Some(TokenTree::Punct(p)), Some(TokenTree::Ident(name))) if p.as_char() == '$' => {
            Some((prefix, name.to_string()))
        }
        (Some(TokenTree::Group(g)), _) if g.delimiter() == Delimiter::None && prefix.is_empty() => {
            leading_metavariable(&g.stream())
        }
        _ => None,
    }
}

/// The plain-path arguments of an invocation of macro `name`, split at top-level `,`, `;` and
/// `=>`; `None` when the macro is std's or no argument is a path.
pub fn call_args(name: &str, tokens: &TokenStream) -> Option<Vec<Option<Vec<String>>>> {
    if NOT_PROJECT.contains(&name) {
        return None;
    }
    let mut args: Vec<Vec<TokenTree>> = vec![Vec::new()];
    let mut prev_eq = false;
    for t in tokens.clone() {
        let split = match &t {
            TokenTree::Punct(p) => {
                let c = p.as_char();
                let arrow = c == '>' && prev_eq;
                prev_eq = c == '=';
                if arrow && let Some(last) = args.last_mut() {
                    last.pop();
                }
                c == ',' || c == ';' || arrow
            }
            _ => {
                prev_eq = false;
                false
            }
        };
        if split {
            if args.len() >= MAX_ARGS {
                break;
            }
            args.push(Vec::new());
        } else if let Some(last) = args.last_mut() {
            last.push(t);
        }
    }
    let paths: Vec<Option<Vec<String>>> = args.iter().map(|a| plain_path(a)).collect();
    paths.iter().any(Option::is_some).then_some(paths)
}

/// `a::b::c` as segments, when the tokens are exactly a path.
fn plain_path(tokens: &[TokenTree]) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        let TokenTree::Ident(ident) = tokens.get(i)? else {
            return None;
        };
        out.push(crate::parse::ident_str(ident));
        i += 1;
        if i == tokens.len() {
            return Some(out);
        }
        match (tokens.get(i), tokens.get(i + 1)) {
            (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
                if a.as_char() == ':' && b.as_char() == ':' =>
            {
                i += 2;
            }
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> TokenStream {
        s.parse().unwrap()
    }

    #[test]
    fn a_body_that_writes_a_received_table_names_its_position() {
        let body = ts(
            "($conn:expr, $table:ident, $form:expr) => {{ diesel::insert_into($table::table).values($form).execute($conn) }};
             ($conn:expr, $t:ident) => { diesel::delete($t::table).execute($conn) };",
        );
        assert_eq!(written_positions(&body), [(1, vec![])]);
        let prefixed =
            ts("($t:ident) => { diesel::update(&mut crate::schema::$t::table).set(()) }");
        let schema = vec!["crate".to_string(), "schema".to_string()];
        assert_eq!(written_positions(&prefixed), [(0, schema)]);
        let seaorm = ts("($e:path, $db:expr) => { $e::delete_many().exec($db) }");
        assert_eq!(written_positions(&seaorm), [(0, vec![])]);
        let reader = ts("($t:ident, $c:expr) => { $t::table.load($c) }");
        assert!(written_positions(&reader).is_empty());
    }

    #[test]
    fn invocations_keep_plain_path_arguments() {
        assert_eq!(
            call_args("insert", &ts("conn, schema::users, &form")),
            Some(vec![
                Some(vec!["conn".to_string()]),
                Some(vec!["schema".to_string(), "users".to_string()]),
                None
            ])
        );
        assert_eq!(call_args("println", &ts("x")), None);
        assert_eq!(call_args("m", &ts("1 + 2")), None);
    }
}
