//! Macros that declare modules: a project `macro_rules!` whose expansion says `mod $x;`, the
//! identifiers of an invocation that may name those modules, and macros named for it that take
//! a bare list of names (`mod_pub!(app cmp)`).

use super::parse_items;
use proc_macro2::{TokenStream, TokenTree};
use syn::Item;

/// The modules a macro declares from a bare list of their names, as yazi's
/// `yazi_macro::mod_pub!(app cmp confirm)` does: a macro with the word `mod` in its name whose
/// arguments are identifiers only. Each name is read as `pub mod name;`, or, when the macro's
/// name also has the word `flat` (`mod_flat!`), as `mod name; pub use name::*;`, the module's
/// items lifted into its parent. The macro's own definition may live in another crate: its
/// name is all there is to go on.
pub(super) fn module_list(name: &str, tokens: &TokenStream) -> Vec<Item> {
    let words: Vec<&str> = name.split('_').collect();
    if !words
        .iter()
        .any(|w| matches!(*w, "mod" | "mods" | "modules"))
    {
        return Vec::new();
    }
    let mut names = Vec::new();
    for tt in tokens.clone() {
        match tt {
            TokenTree::Ident(i) => names.push(i.to_string()),
            TokenTree::Punct(p) if matches!(p.as_char(), ',' | ';') => {}
            _ => return Vec::new(),
        }
    }
    let flat = words.contains(&"flat");
    let source: String = names
        .iter()
        .map(|n| {
            if flat {
                format!("mod {n}; pub use {n}::*; ")
            } else {
                format!("pub mod {n}; ")
            }
        })
        .collect();
    source
        .parse::<TokenStream>()
        .ok()
        .and_then(parse_items)
        .unwrap_or_default()
}

/// Does a `macro_rules!` body declare modules named by its arguments (`mod $module;`)?
pub fn declares_modules(tokens: &TokenStream) -> bool {
    fn within(tokens: &TokenStream, depth: usize) -> bool {
        let tts: Vec<TokenTree> = tokens.clone().into_iter().collect();
        tts.iter().enumerate().any(|(i, tt)| match tt {
            TokenTree::Ident(id) => {
                id == "mod"
                    && matches!(tts.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '$')
            }
            TokenTree::Group(g) if depth < MAX_DEPTH => within(&g.stream(), depth + 1),
            _ => false,
        })
    }
    within(tokens, 0)
}

/// The identifiers that could name a module among a macro invocation's arguments, nested
/// groups included, in order, each once (at most [`MAX_ARGUMENT_IDENTS`]).
pub fn argument_idents(tokens: &TokenStream) -> Vec<String> {
    fn collect(tokens: &TokenStream, out: &mut Vec<String>, depth: usize) {
        for tt in tokens.clone() {
            if out.len() >= MAX_ARGUMENT_IDENTS {
                return;
            }
            match tt {
                TokenTree::Ident(id) => {
                    let s = crate::parse::ident_str(&id);
                    let lower = s
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
                    if lower && !is_keyword(&s) && !out.contains(&s) {
                        out.push(s);
                    }
                }
                TokenTree::Group(g) if depth < MAX_DEPTH => collect(&g.stream(), out, depth + 1),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    collect(tokens, &mut out, 0);
    out
}

/// Deepest nesting of groups read (a deeply nested body is no module list).
const MAX_DEPTH: usize = 64;

/// Most identifiers kept from one invocation's arguments.
const MAX_ARGUMENT_IDENTS: usize = 512;

/// Keywords, which name no module.
fn is_keyword(s: &str) -> bool {
    matches!(
        s,
        "as" | "async"
            | "await"
            | "break"
            | "const"
            | "continue"
            | "crate"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
    )
}
