//! Paths that attributes name inside strings are uses of project code that no expression
//! shows: serde's `with = "module"`, `serialize_with = "fn"`, `default = "fn"`,
//! `from = "Type"`; SeaORM's relations (`belongs_to = "super::user::Entity"`); validator's
//! `custom(function = "fn")`. (`kanban_domain::board_factory::board_serde` is reached only
//! through `#[serde(with = "crate::board_factory::board_serde")]`.) Other attributes name code
//! as values: clap's `value_parser = parse_duration`, structopt's `version = garage_version()`,
//! utoipa's `body = Todo` and `("name" = OriginalName, Path)`, and utoipa's `#[openapi(paths(…),
//! components(schemas(…)))]` lists; a value that is a path or a call of one is read as code.
//! `cfg_attr` wrappers are unwrapped when their predicate may hold.

use super::extract::Extractor;
use super::ir::Namespace;
use crate::model::EdgeKind;
use syn::punctuated::Punctuated;
use syn::{Expr, Lit, Meta, Token};

/// What the string of a serde key names.
#[derive(Clone, Copy)]
enum Names {
    /// A module whose `serialize` / `deserialize` functions serde calls.
    Module,
    /// A function.
    Function,
    /// A type.
    Type,
}

/// What the string value of `key` inside `#[attr(…)]` names, for the attributes read here.
fn names(attr: &str, key: &str) -> Option<Names> {
    Some(match (attr, key) {
        ("serde", "with") => Names::Module,
        (
            "serde",
            "serialize_with" | "deserialize_with" | "default" | "skip_serializing_if" | "getter",
        ) => Names::Function,
        ("serde", "from" | "try_from" | "into" | "remote") => Names::Type,
        ("sea_orm", "belongs_to" | "has_many" | "has_one") => Names::Type,
        ("validate", "custom" | "function") => Names::Function,
        _ => return None,
    })
}

/// The attributes whose strings are read.
const ATTRS: [&str; 3] = ["serde", "sea_orm", "validate"];

/// Attributes whose values are never project code, name the function's own parameters
/// (`#[instrument(fields(user = user.id))]`, which item-level scope cannot tell from items),
/// or are read as data facts (`#[diesel(table_name = posts)]` maps a model to its table; as a
/// reference it would count as an access of the table).
const NOT_CODE: [&str; 13] = [
    "cfg",
    "doc",
    "derive",
    "allow",
    "warn",
    "deny",
    "forbid",
    "expect",
    "deprecated",
    "instrument",
    "repr",
    "link",
    "diesel",
];

/// utoipa's lists of handler functions and schema types.
const PATH_LISTS: [&str; 3] = ["paths", "schemas", "responses"];

/// How deep attribute groups are searched for values.
const MAX_ATTR_DEPTH: usize = 6;

/// Longest string read as a path or a type. The file's own nesting was bounded before syn
/// saw it, but a string literal is one token: its text could nest as deep as it is long.
/// Real paths and types in attributes are far shorter.
const MAX_STRING: usize = 256;

impl Extractor<'_> {
    /// Records the code that the attributes of [`ATTRS`] (bare or inside an enabled
    /// `cfg_attr`) name in strings.
    pub(super) fn visit_attr_paths(&mut self, attrs: &[syn::Attribute]) {
        for attr in attrs {
            if attr.path().is_ident("cfg_attr") {
                for meta in &self.ctx.cfg.cfg_attr_metas(attr) {
                    if let Meta::List(list) = meta {
                        self.attr_list(&list.path, &list.tokens);
                    }
                }
            } else if let Meta::List(list) = &attr.meta {
                self.attr_list(&list.path, &list.tokens);
            }
        }
    }

    fn attr_list(&mut self, path: &syn::Path, tokens: &proc_macro2::TokenStream) {
        let Some(attr) = ATTRS.iter().find(|a| path.is_ident(a)) else {
            let last = path.segments.last().map(|s| s.ident.to_string());
            if last.is_some_and(|l| !NOT_CODE.contains(&l.as_str())) {
                self.attr_values(tokens.clone(), 0);
            }
            return;
        };
        if let Ok(metas) = syn::parse::Parser::parse2(
            Punctuated::<Meta, Token![,]>::parse_terminated,
            tokens.clone(),
        ) {
            self.attr_metas(attr, metas.iter(), 0);
        }
    }

    /// The `key = "…"` entries of one attribute, nested lists (`custom(function = "…")`)
    /// included up to a small depth.
    fn attr_metas<'m>(&mut self, attr: &str, metas: impl Iterator<Item = &'m Meta>, depth: u8) {
        for meta in metas {
            let nv = match meta {
                Meta::NameValue(nv) => nv,
                Meta::List(list) if depth < 2 => {
                    if let Ok(inner) =
                        list.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
                    {
                        self.attr_metas(attr, inner.iter(), depth + 1);
                    }
                    continue;
                }
                _ => continue,
            };
            let Some(names) = nv
                .path
                .get_ident()
                .and_then(|k| names(attr, &k.to_string()))
            else {
                continue;
            };
            let Expr::Lit(lit) = &nv.value else { continue };
            let Lit::Str(s) = &lit.lit else { continue };
            if s.value().len() > MAX_STRING {
                continue;
            }
            // `parse` gives the tokens the literal's span, so the reference has its place.
            match names {
                Names::Module => {
                    if let Ok(mut path) = s.parse::<syn::Path>() {
                        // serde calls `path::serialize` and `path::deserialize`: one of them
                        // stands for the use of the module.
                        let span = s.span();
                        path.segments
                            .push(syn::PathSegment::from(syn::Ident::new("serialize", span)));
                        self.record_path(&path, EdgeKind::Call, Namespace::Value);
                    }
                }
                Names::Function => {
                    if let Ok(path) = s.parse::<syn::Path>() {
                        self.record_path(&path, EdgeKind::Call, Namespace::Value);
                    }
                }
                Names::Type => {
                    if let Ok(ty) = s.parse::<syn::Type>() {
                        syn::visit::Visit::visit_type(self, &ty);
                    }
                }
            }
        }
    }

    /// Reads the values of `key = value` entries (and `"name" = Type` tuples) that are a path
    /// or a call of one, and the paths listed in utoipa's `paths(…)` and `schemas(…)`, in the
    /// tokens of an attribute and its groups.
    fn attr_values(&mut self, tokens: proc_macro2::TokenStream, depth: usize) {
        use proc_macro2::{Delimiter, TokenTree};
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut i = 0;
        while i < trees.len() {
            match &trees[i] {
                TokenTree::Group(g) if depth < MAX_ATTR_DEPTH => {
                    let listed = matches!(i.checked_sub(1).and_then(|j| trees.get(j)),
                        Some(TokenTree::Ident(id)) if PATH_LISTS.contains(&id.to_string().as_str()));
                    if !(listed
                        && g.delimiter() == Delimiter::Parenthesis
                        && self.path_list(g.stream()))
                    {
                        self.attr_values(g.stream(), depth + 1);
                    }
                }
                TokenTree::Punct(p)
                    if p.as_char() == '=' && p.spacing() == proc_macro2::Spacing::Alone =>
                {
                    // The value runs to the next `,` at this level.
                    let end = trees[i + 1..]
                        .iter()
                        .position(|t| matches!(t, TokenTree::Punct(c) if c.as_char() == ','))
                        .map_or(trees.len(), |k| i + 1 + k);
                    let value: proc_macro2::TokenStream =
                        trees[i + 1..end].iter().cloned().collect();
                    self.attr_value(value);
                    i = end;
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
    }

    /// A value that is a path (`parse_duration`, `Todo`, `DEFAULT_PORT`) or a call of one
    /// (`garage_version()`); anything else (literals, field accesses, formats) names nothing
    /// here.
    fn attr_value(&mut self, value: proc_macro2::TokenStream) {
        match syn::parse2::<Expr>(value) {
            Ok(Expr::Path(p)) if p.qself.is_none() => self.value_path(&p.path),
            Ok(Expr::Call(c)) => {
                if let Expr::Path(p) = &*c.func
                    && p.qself.is_none()
                {
                    self.record_path(&p.path, EdgeKind::Call, Namespace::Value);
                }
            }
            _ => {}
        }
    }

    /// The paths of utoipa's `paths(a::handler, …)` or `schemas(Todo, …)`; false when the
    /// list is not one of paths (`responses((status = 200, body = Todo))`).
    fn path_list(&mut self, tokens: proc_macro2::TokenStream) -> bool {
        let Ok(paths) = syn::parse::Parser::parse2(
            Punctuated::<syn::Path, Token![,]>::parse_terminated,
            tokens,
        ) else {
            return false;
        };
        for p in &paths {
            self.value_path(p);
        }
        true
    }

    /// A path in value position of an attribute: a type when its last segment is
    /// `CamelCase`, a function or constant otherwise.
    fn value_path(&mut self, path: &syn::Path) {
        let last = path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default();
        let camel = last.chars().next().is_some_and(char::is_uppercase)
            && last.chars().any(char::is_lowercase);
        if camel {
            self.record_path(path, EdgeKind::Type, Namespace::Type);
        } else {
            self.record_path(path, EdgeKind::Call, Namespace::Value);
        }
    }
}
