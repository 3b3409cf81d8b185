//! ORM table mappings written as attributes on a struct: SeaORM entities
//! (`#[derive(DeriveEntityModel)]` with `#[sea_orm(table_name = "…")]`) and diesel models
//! (`#[diesel(table_name = …)]`, or the older `#[table_name = "…"]`).
//!
//! It reads attributes only; which table a diesel path names is for the `resolve` stage to
//! resolve (`resolve/data_paths.rs`).

use super::line_of;
use crate::model::{DataFact, LinkEnd};
use proc_macro2::TokenTree;
use syn::punctuated::Punctuated;
use syn::{Attribute, Expr, Lit, Meta, Token};

/// The table facts that `item`'s attributes declare.
pub(super) fn struct_facts(item: &syn::ItemStruct) -> Vec<DataFact> {
    let mut facts = Vec::new();
    if derives(&item.attrs)
        .iter()
        .any(|d| d == "DeriveEntityModel")
        && let Some(fact) = sea_orm_entity(&item.attrs)
    {
        facts.push(fact);
    }
    if let Some((table_path, line)) = diesel_table(&item.attrs) {
        facts.push(DataFact::ModelTable {
            type_name: crate::parse::ident_str(&item.ident),
            table_path,
            line,
        });
    }
    facts
}

/// The tables a SeaORM `Relation` enum (`#[derive(DeriveRelation)]`) links this module's
/// entity to: one link per `belongs_to`, `has_many` or `has_one` on a variant, naming the
/// other entity's module (`"super::user::Entity"` → `super::user`).
pub(super) fn enum_facts(item: &syn::ItemEnum) -> Vec<DataFact> {
    if !derives(&item.attrs).iter().any(|d| d == "DeriveRelation") {
        return Vec::new();
    }
    let mut facts = Vec::new();
    for variant in &item.variants {
        for attr in variant
            .attrs
            .iter()
            .filter(|a| a.path().is_ident("sea_orm"))
        {
            for (key, value) in nested_entries(attr) {
                let AttrValue::Str(target) = value else {
                    continue;
                };
                if !matches!(key.as_str(), "belongs_to" | "has_many" | "has_one") {
                    continue;
                }
                let mut path = split_path(&target);
                if path
                    .last()
                    .is_some_and(|l| matches!(l.as_str(), "Entity" | "Model" | "ActiveModel"))
                {
                    path.pop();
                }
                if path.is_empty() {
                    continue;
                }
                facts.push(DataFact::TableLink {
                    a: LinkEnd::ThisEntity,
                    b: LinkEnd::Path(path),
                    line: line_of(attr.pound_token.span).0,
                });
            }
        }
    }
    facts
}

/// Last path segment of every derive: `sea_orm::DeriveEntityModel` → `DeriveEntityModel`.
pub(super) fn derives(attrs: &[Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("derive"))
        .filter_map(|attr| {
            attr.parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
                .ok()
        })
        .flatten()
        .filter_map(|path| {
            path.segments
                .last()
                .map(|s| crate::parse::ident_str(&s.ident))
        })
        .collect()
}

/// `#[sea_orm(table_name = "customers", schema_name = "crm")]` → `crm.customers`.
fn sea_orm_entity(attrs: &[Attribute]) -> Option<DataFact> {
    let mut table = None;
    let mut schema = None;
    let mut line = 0;
    for attr in attrs.iter().filter(|a| a.path().is_ident("sea_orm")) {
        for (key, value) in nested_entries(attr) {
            match (key.as_str(), value) {
                ("table_name", AttrValue::Str(name)) => {
                    table = Some(name);
                    line = line_of(attr.pound_token.span).0;
                }
                ("schema_name", AttrValue::Str(name)) => schema = Some(name),
                _ => {}
            }
        }
    }
    let table = table?.trim().to_lowercase();
    if table.is_empty() {
        return None;
    }
    let table = match schema.map(|s| s.trim().to_lowercase()) {
        Some(schema) if !schema.is_empty() => format!("{schema}.{table}"),
        _ => table,
    };
    Some(DataFact::SeaOrmEntity { table, line })
}

/// The table path of `#[diesel(table_name = a::b)]` or `#[table_name = "b"]`, with the
/// attribute's line.
fn diesel_table(attrs: &[Attribute]) -> Option<(Vec<String>, u32)> {
    for attr in attrs {
        let line = line_of(attr.pound_token.span).0;
        if attr.path().is_ident("diesel") {
            for (key, value) in nested_entries(attr) {
                if key != "table_name" {
                    continue;
                }
                let path = match value {
                    AttrValue::Path(path) => path,
                    AttrValue::Str(text) => split_path(&text),
                    AttrValue::Other => continue,
                };
                if !path.is_empty() {
                    return Some((path, line));
                }
            }
        } else if attr.path().is_ident("table_name")
            && let Meta::NameValue(pair) = &attr.meta
            && let Expr::Lit(lit) = &pair.value
            && let Lit::Str(text) = &lit.lit
        {
            let path = split_path(&text.value());
            if !path.is_empty() {
                return Some((path, line));
            }
        }
    }
    None
}

fn split_path(text: &str) -> Vec<String> {
    text.split("::")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// The value of one `key = value` entry of a list attribute.
pub(super) enum AttrValue {
    Str(String),
    Path(Vec<String>),
    Other,
}

/// The `key = value` entries of `#[name(key = value, flag, nested(…))]`, in order. Entries
/// without a value are skipped; a malformed attribute yields the entries before the fault.
pub(super) fn nested_entries(attr: &Attribute) -> Vec<(String, AttrValue)> {
    let mut entries = Vec::new();
    let _ = attr.parse_nested_meta(|meta| {
        let key = meta
            .path
            .segments
            .last()
            .map(|s| crate::parse::ident_str(&s.ident))
            .unwrap_or_default();
        if meta.input.peek(Token![=]) {
            let value: Expr = meta.value()?.parse()?;
            let value = match value {
                Expr::Lit(syn::ExprLit {
                    lit: Lit::Str(s), ..
                }) => AttrValue::Str(s.value()),
                Expr::Path(path) => AttrValue::Path(
                    path.path
                        .segments
                        .iter()
                        .map(|s| crate::parse::ident_str(&s.ident))
                        .collect(),
                ),
                _ => AttrValue::Other,
            };
            entries.push((key, value));
        } else if meta.input.peek(syn::token::Paren) {
            // `check_for_backend(diesel::pg::Pg)`, `primary_key(id)`: not a table.
            meta.input.parse::<TokenTree>()?;
        }
        Ok(())
    });
    entries
}
