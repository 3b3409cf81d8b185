//! Reading macro invocations without expanding them: the bodies real crates use to declare
//! modules and items (`cfg_if!`, `lazy_static!`, project wrappers such as `cfg_rt! { mod x; }`),
//! diesel's `table!`, and, as a last resort, a token scan for `a::b` paths.

use super::cfg::CfgEnv;
use super::ir::ItemFact;
use super::pos::pos_of;
use crate::model::{DataFact, ItemKind, LinkEnd};
use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use syn::Item;

mod modules;

use modules::module_list;
pub use modules::{argument_idents, declares_modules};

/// Parses tokens as a sequence of items.
fn parse_items(tokens: TokenStream) -> Option<Vec<Item>> {
    syn::parse2::<syn::File>(tokens).ok().map(|f| f.items)
}

/// The items a macro body declares, when it declares items.
pub fn items_in_macro(name: &str, tokens: &TokenStream, cfg: &CfgEnv) -> Vec<Item> {
    match name {
        "cfg_if" => return cfg_if_items(tokens, cfg),
        "lazy_static" => {
            let stripped = strip_static_ref(tokens.clone());
            return parse_items(stripped).unwrap_or_default();
        }
        _ => {}
    }
    if let Some(items) = parse_items(tokens.clone()) {
        return items;
    }
    // Items inside braces of a custom syntax (`if #[cfg(x)] { mod a; }` of other crates).
    let mut out = Vec::new();
    for tt in tokens.clone() {
        if let TokenTree::Group(g) = tt
            && g.delimiter() == Delimiter::Brace
            && let Some(items) = parse_items(g.stream())
        {
            out.extend(items);
        }
    }
    if out.is_empty() {
        out = module_list(name, tokens);
    }
    out
}

/// The `mod x;` declarations of the `cfg_if!` branches that are not taken (their files are
/// not orphans).
pub fn cfg_if_untaken_mods(tokens: &TokenStream, cfg: &CfgEnv) -> Vec<syn::ItemMod> {
    let taken = cfg_if_items(tokens, cfg);
    let mut out = Vec::new();
    for tt in tokens.clone() {
        if let TokenTree::Group(g) = tt
            && g.delimiter() == Delimiter::Brace
        {
            for item in parse_items(g.stream()).unwrap_or_default() {
                if let Item::Mod(m) = item {
                    let is_taken = taken.iter().any(|t| {
                        matches!(t, Item::Mod(tm) if tm.ident == m.ident && path_value(&tm.attrs) == path_value(&m.attrs))
                    });
                    if m.content.is_none() && !is_taken {
                        out.push(m);
                    }
                }
            }
        }
    }
    out
}

/// The value of a `#[path = "…"]` attribute.
fn path_value(attrs: &[syn::Attribute]) -> Option<String> {
    attrs.iter().find_map(|a| match &a.meta {
        syn::Meta::NameValue(nv) if nv.path.is_ident("path") => match &nv.value {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => Some(s.value()),
            _ => None,
        },
        _ => None,
    })
}

/// For a `macro_rules!` body whose first rule takes no input (`() => { mod lib { … } }`),
/// the expansion: with no metavariable to substitute, an invocation `m!();` in the same file
/// is exactly those items (`$crate` becomes `crate`; other `$` belong to nested macros).
pub fn zero_arg_expansion(body: &TokenStream) -> Option<TokenStream> {
    let tts: Vec<TokenTree> = body.clone().into_iter().collect();
    let (Some(TokenTree::Group(matcher)), Some(TokenTree::Group(transcriber))) =
        (tts.first(), tts.get(3))
    else {
        return None;
    };
    if !matcher.stream().is_empty() {
        return None;
    }
    Some(dollar_crate_to_crate(transcriber.stream(), 0))
}

fn dollar_crate_to_crate(tokens: TokenStream, depth: usize) -> TokenStream {
    let tts: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(tts.len());
    for (i, tt) in tts.iter().enumerate() {
        match tt {
            TokenTree::Punct(p)
                if p.as_char() == '$'
                    && matches!(tts.get(i + 1), Some(TokenTree::Ident(id)) if id == "crate") => {}
            TokenTree::Group(g) if depth < 64 => {
                let mut ng = proc_macro2::Group::new(
                    g.delimiter(),
                    dollar_crate_to_crate(g.stream(), depth + 1),
                );
                ng.set_span(g.span());
                out.push(TokenTree::Group(ng));
            }
            other => out.push(other.clone()),
        }
    }
    out.into_iter().collect()
}

/// Parses an expansion as items.
pub fn expansion_items(tokens: TokenStream) -> Vec<Item> {
    parse_items(tokens).unwrap_or_default()
}

/// `cfg_if! { if #[cfg(a)] { … } else if #[cfg(b)] { … } else { … } }`: the items of the
/// first branch whose predicate holds.
fn cfg_if_items(tokens: &TokenStream, cfg: &CfgEnv) -> Vec<Item> {
    let tts: Vec<TokenTree> = tokens.clone().into_iter().collect();
    let mut i = 0;
    while i < tts.len() {
        // Expect `if # [cfg(pred)] { body }`, or a final `{ body }` after `else`.
        match &tts[i] {
            TokenTree::Ident(id) if id == "if" => {
                let pred = match (tts.get(i + 1), tts.get(i + 2)) {
                    (Some(TokenTree::Punct(p)), Some(TokenTree::Group(g)))
                        if p.as_char() == '#' =>
                    {
                        cfg_predicate(&g.stream())
                    }
                    _ => return Vec::new(),
                };
                let Some(TokenTree::Group(body)) = tts.get(i + 3) else {
                    return Vec::new();
                };
                if pred.map(|p| cfg.eval_tokens(&p)).unwrap_or(false) {
                    return parse_items(body.stream()).unwrap_or_default();
                }
                i += 4;
            }
            TokenTree::Ident(id) if id == "else" => i += 1,
            TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => {
                return parse_items(g.stream()).unwrap_or_default();
            }
            _ => return Vec::new(),
        }
    }
    Vec::new()
}

/// For a `macro_rules!` body whose first rule takes items (`($($i:item)*)`) and puts
/// `#[cfg(…)]` attributes on them, whether those cfgs hold; `None` for any other macro.
pub fn wrapper_cfg(body: &TokenStream, cfg: &CfgEnv) -> Option<bool> {
    let tts: Vec<TokenTree> = body.clone().into_iter().collect();
    let (Some(TokenTree::Group(matcher)), Some(TokenTree::Group(transcriber))) =
        (tts.first(), tts.get(3))
    else {
        return None;
    };
    let compact: String = matcher
        .stream()
        .to_string()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if !compact.contains(":item") {
        return None;
    }
    let mut preds = Vec::new();
    collect_cfg_attrs(&transcriber.stream(), &mut preds, 0);
    if preds.is_empty() {
        return None;
    }
    Some(preds.iter().all(|p| cfg.eval_tokens(p)))
}

/// Every `#[cfg(pred)]` in a token stream (through repetitions and groups).
fn collect_cfg_attrs(tokens: &TokenStream, out: &mut Vec<TokenStream>, depth: usize) {
    if depth > 16 {
        return;
    }
    let tts: Vec<TokenTree> = tokens.clone().into_iter().collect();
    for (i, tt) in tts.iter().enumerate() {
        match tt {
            TokenTree::Punct(p) if p.as_char() == '#' => {
                if let Some(TokenTree::Group(g)) = tts.get(i + 1)
                    && g.delimiter() == Delimiter::Bracket
                    && let Some(pred) = cfg_predicate(&g.stream())
                {
                    out.push(pred);
                }
            }
            TokenTree::Group(g) if g.delimiter() != Delimiter::Bracket => {
                collect_cfg_attrs(&g.stream(), out, depth + 1)
            }
            _ => {}
        }
    }
}

/// The predicate tokens of `cfg(pred)` inside an attribute's brackets.
fn cfg_predicate(attr: &TokenStream) -> Option<TokenStream> {
    let mut it = attr.clone().into_iter();
    match (it.next(), it.next()) {
        (Some(TokenTree::Ident(id)), Some(TokenTree::Group(g))) if id == "cfg" => Some(g.stream()),
        _ => None,
    }
}

/// `static ref X: T = e;` → `static X: T = e;`, so `lazy_static!` bodies parse as items.
fn strip_static_ref(tokens: TokenStream) -> TokenStream {
    let mut out = Vec::new();
    let mut after_static = false;
    for tt in tokens {
        match &tt {
            TokenTree::Ident(id) if id == "ref" && after_static => {
                after_static = false;
                continue;
            }
            TokenTree::Ident(id) if id == "static" => after_static = true,
            _ => after_static = false,
        }
        out.push(tt);
    }
    out.into_iter().collect()
}

/// The tables a diesel `table!` invocation declares (several per invocation are allowed).
/// The link between the two tables of diesel's `joinable!(posts -> users (user_id))`, found
/// at `line`.
pub fn diesel_joinable(tokens: &TokenStream, line: u32) -> Option<DataFact> {
    let tts: Vec<TokenTree> = tokens.clone().into_iter().collect();
    match tts.as_slice() {
        [
            TokenTree::Ident(a),
            TokenTree::Punct(minus),
            TokenTree::Punct(gt),
            TokenTree::Ident(b),
            ..,
        ] if minus.as_char() == '-' && gt.as_char() == '>' => Some(DataFact::TableLink {
            a: LinkEnd::Path(vec![crate::parse::ident_str(a)]),
            b: LinkEnd::Path(vec![crate::parse::ident_str(b)]),
            line,
        }),
        _ => None,
    }
}

pub fn diesel_tables(tokens: &TokenStream) -> Vec<ItemFact> {
    let tts: Vec<TokenTree> = tokens.clone().into_iter().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut sql_name: Option<String> = None;
    while i < tts.len() {
        match &tts[i] {
            TokenTree::Ident(id) if id == "use" => {
                while i < tts.len() && !matches!(&tts[i], TokenTree::Punct(p) if p.as_char() == ';')
                {
                    i += 1;
                }
                i += 1;
            }
            TokenTree::Punct(p) if p.as_char() == '#' => {
                if let Some(TokenTree::Group(g)) = tts.get(i + 1)
                    && let Some(name) = attr_sql_name(&g.stream())
                {
                    sql_name = Some(name);
                }
                i += 2;
            }
            TokenTree::Ident(first) => {
                // `schema.table` or `table`.
                let mut rust_name = first.clone();
                let mut schema: Option<String> = None;
                let mut j = i + 1;
                if let (Some(TokenTree::Punct(dot)), Some(TokenTree::Ident(second))) =
                    (tts.get(j), tts.get(j + 1))
                    && dot.as_char() == '.'
                {
                    schema = Some(first.to_string());
                    rust_name = second.clone();
                    j += 2;
                }
                if let Some(TokenTree::Group(g)) = tts.get(j)
                    && g.delimiter() == Delimiter::Parenthesis
                {
                    j += 1;
                }
                let Some(TokenTree::Group(body)) = tts.get(j) else {
                    break;
                };
                let name = crate::parse::ident_str(&rust_name);
                let base = sql_name.take().unwrap_or_else(|| name.clone());
                let full = match schema {
                    Some(s) => format!("{s}.{base}"),
                    None => base,
                };
                let (line, column) = pos_of(&rust_name);
                out.push(ItemFact {
                    name,
                    kind: ItemKind::Table,
                    line,
                    column,
                    macro_export: false,
                    members: columns(&body.stream()),
                    sql_name: Some(full.to_lowercase()),
                    via: Vec::new(),
                });
                i = j + 1;
            }
            _ => i += 1,
        }
    }
    out
}

fn attr_sql_name(attr: &TokenStream) -> Option<String> {
    let tts: Vec<TokenTree> = attr.clone().into_iter().collect();
    match tts.as_slice() {
        [
            TokenTree::Ident(id),
            TokenTree::Punct(eq),
            TokenTree::Literal(lit),
        ] if id == "sql_name" && eq.as_char() == '=' => {
            let s = lit.to_string();
            Some(s.trim_matches('"').to_string())
        }
        _ => None,
    }
}

/// Column names: identifiers directly before `->`.
fn columns(body: &TokenStream) -> Vec<String> {
    let tts: Vec<TokenTree> = body.clone().into_iter().collect();
    let mut out = Vec::new();
    for w in tts.windows(3) {
        if let [
            TokenTree::Ident(id),
            TokenTree::Punct(a),
            TokenTree::Punct(b),
        ] = w
            && a.as_char() == '-'
            && b.as_char() == '>'
        {
            out.push(id.to_string());
        }
    }
    out
}

/// Every `a::b(::c)*` path in a token stream, with its position.
pub fn scan_paths(tokens: &TokenStream) -> Vec<(Vec<String>, u32, u32)> {
    let mut out = Vec::new();
    scan_into(tokens, &mut out, 0);
    out
}

fn scan_into(tokens: &TokenStream, out: &mut Vec<(Vec<String>, u32, u32)>, depth: usize) {
    if depth > 64 {
        return;
    }
    let tts: Vec<TokenTree> = tokens.clone().into_iter().collect();
    let mut i = 0;
    while i < tts.len() {
        if let TokenTree::Group(g) = &tts[i] {
            scan_into(&g.stream(), out, depth + 1);
            i += 1;
            continue;
        }
        if let TokenTree::Ident(first) = &tts[i] {
            let mut segs = vec![first.to_string()];
            let mut j = i + 1;
            while let (
                Some(TokenTree::Punct(a)),
                Some(TokenTree::Punct(b)),
                Some(TokenTree::Ident(next)),
            ) = (tts.get(j), tts.get(j + 1), tts.get(j + 2))
            {
                if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':' {
                    segs.push(next.to_string());
                    j += 3;
                } else {
                    break;
                }
            }
            if segs.len() > 1 {
                let (line, column) = pos_of(first);
                out.push((segs, line, column));
            }
            i = j;
            continue;
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> TokenStream {
        s.parse().unwrap()
    }

    #[test]
    fn cfg_if_picks_the_first_true_branch() {
        let cfg = CfgEnv::default();
        let items = items_in_macro(
            "cfg_if",
            &ts(
                "if #[cfg(windows)] { mod win; } else if #[cfg(unix)] { mod unix; } else { mod other; }",
            ),
            &cfg,
        );
        assert_eq!(items.len(), 1);
        assert!(matches!(&items[0], Item::Mod(m) if m.ident == "unix"));
    }

    #[test]
    fn wrapper_macros_carry_their_cfg() {
        let cfg = CfgEnv::default();
        let on = ts(
            "($($item:item)*) => { $( #[cfg(feature = \"rt\")] #[cfg_attr(docsrs, doc(cfg(feature = \"rt\")))] $item )* }",
        );
        let off = ts("($($item:item)*) => { $( #[cfg(not(feature = \"rt\"))] $item )* }");
        let plain = ts("($e:expr) => { $e + 1 }");
        assert_eq!(wrapper_cfg(&on, &cfg), Some(true));
        assert_eq!(wrapper_cfg(&off, &cfg), Some(false));
        assert_eq!(wrapper_cfg(&plain, &cfg), None);
    }

    #[test]
    fn zero_argument_macros_expand_to_their_items() {
        let body = ts(
            "() => { mod lib { pub use $crate::x; } macro_rules! inner { ($e:expr) => { $e } } mod private; }",
        );
        let items = expansion_items(zero_arg_expansion(&body).unwrap());
        assert_eq!(items.len(), 3);
        assert!(matches!(&items[2], Item::Mod(m) if m.ident == "private"));
        assert!(zero_arg_expansion(&ts("($x:ident) => { mod $x; }")).is_none());
    }

    #[test]
    fn a_macro_named_mod_declares_the_modules_it_lists() {
        let cfg = CfgEnv::default();
        let items = items_in_macro("mod_pub", &ts("app cmp confirm"), &cfg);
        let names: Vec<String> = items
            .iter()
            .filter_map(|i| match i {
                Item::Mod(m) if m.content.is_none() => Some(m.ident.to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(names, ["app", "cmp", "confirm"]);
        // `flat`: each module's items are lifted into the parent as well.
        let items = items_in_macro("mod_flat", &ts("dispatcher, executor"), &cfg);
        assert_eq!(items.len(), 4);
        assert!(matches!(&items[1], Item::Use(u) if matches!(u.vis, syn::Visibility::Public(_))));
        // Another macro over bare names, or a `mod` macro over anything else, declares nothing.
        assert!(items_in_macro("bitflags", &ts("A B"), &cfg).is_empty());
        assert!(items_in_macro("mod_pub", &ts("a: u8"), &cfg).is_empty());
        // A keyword is no module name: the list does not parse, nothing is declared.
        assert!(items_in_macro("mod_pub", &ts("a fn"), &cfg).is_empty());
    }

    #[test]
    fn wrappers_and_lazy_static() {
        let cfg = CfgEnv::default();
        let items = items_in_macro(
            "cfg_rt",
            &ts("pub mod runtime; pub use runtime::Runtime;"),
            &cfg,
        );
        assert_eq!(items.len(), 2);
        let items = items_in_macro(
            "lazy_static",
            &ts("static ref POOL: Mutex<u8> = Mutex::new(0);"),
            &cfg,
        );
        assert!(matches!(&items[0], Item::Static(s) if s.ident == "POOL"));
    }

    #[test]
    fn diesel_table_with_schema_and_sql_name() {
        let tables = diesel_tables(&ts(
            "use diesel::sql_types::*; users (id) { id -> Int4, name -> Text, } \
             #[sql_name = \"user_sessions\"] sessions (id) { id -> Int4, } billing.invoices (id) { id -> Int4, }",
        ));
        let names: Vec<_> = tables
            .iter()
            .map(|t| (t.name.as_str(), t.sql_name.as_deref()))
            .collect();
        assert_eq!(
            names,
            vec![
                ("users", Some("users")),
                ("sessions", Some("user_sessions")),
                ("invoices", Some("billing.invoices"))
            ]
        );
        assert_eq!(tables[0].members, vec!["id", "name"]);
    }

    #[test]
    fn scans_paths_in_tokens() {
        let found = scan_paths(&ts(
            "x, matches!(a, crate::orders::Status::Paid | other::B)",
        ));
        let paths: Vec<_> = found.iter().map(|(p, ..)| p.join("::")).collect();
        assert_eq!(paths, vec!["crate::orders::Status::Paid", "other::B"]);
    }
}
