//! Paths that attributes name inside strings are uses of project code that no expression
//! shows: serde's `with = "module"`, `serialize_with = "fn"`, `default = "fn"`,
//! `from = "Type"`; SeaORM's relations (`belongs_to = "super::user::Entity"`); validator's
//! `custom(function = "fn")`. (`kanban_domain::board_factory::board_serde` is reached only
//! through `#[serde(with = "crate::board_factory::board_serde")]`.) `cfg_attr` wrappers are
//! unwrapped when their predicate may hold.

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
}
