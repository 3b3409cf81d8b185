//! Tables named by sea-query statement builders, the query layer under SeaORM that apps also
//! use on their own: `Query::select().from(T)`, `Query::insert().into_table(T)`,
//! `Query::update().table(T)`, `Query::delete().from_table(T)`, the joins of a select, and the
//! schema builders of migrations (`Table::create().table(T)`, `Index::create().table(T)`,
//! `ForeignKey::create().from(T, c).to(U, c)`).
//!
//! A chain counts only when it starts at one of those constructors and the module imports
//! sea-query or SeaORM (`.from(x)` alone is far too common a method to mean a table). The
//! table is a string (literal, or a constant of this module), `Alias::new("t")`, or the
//! `Table` variant of an `Iden` enum: `Post::Table` is `post`, or the name an `iden`
//! attribute of this module's enum gives it. Anything else (a value computed at run time, a
//! constant of another module) names no table.

use super::line_of;
use super::sql_text::ModuleStrings;
use crate::model::{Access, DataFact, LinkEnd};
use std::collections::HashMap;
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::{Expr, ExprMethodCall};

/// Tables one chain touches beyond which it links none, as for SQL statements.
const MAX_LINKED_TABLES: usize = 4;

/// Longest method chain looked down for a builder's constructor.
const MAX_CHAIN: usize = 256;

/// The statement a builder chain makes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Builder {
    Select,
    Insert,
    Update,
    Delete,
    /// `Table::create()`, `Table::alter()`, `Index::create()`…: the named table is written.
    Schema,
    /// `ForeignKey::create()`: links its two tables.
    ForeignKey,
}

/// The method calls of the chain that `call` ends, outermost first, with the statement it
/// builds, when the chain starts at a sea-query constructor.
fn builder_chain(call: &ExprMethodCall) -> Option<(Builder, Vec<&ExprMethodCall>)> {
    let mut chain = vec![call];
    let mut receiver = &*call.receiver;
    loop {
        match receiver {
            // No builder is this long; a longer chain (generated code) is not walked again
            // from each of its calls.
            Expr::MethodCall(_) if chain.len() >= MAX_CHAIN => return None,
            Expr::MethodCall(inner) => {
                chain.push(inner);
                receiver = &inner.receiver;
            }
            Expr::Paren(paren) => receiver = &paren.expr,
            Expr::Group(group) => receiver = &group.expr,
            Expr::Call(ctor) if ctor.args.is_empty() => {
                return constructor(&ctor.func).map(|builder| (builder, chain));
            }
            _ => return None,
        }
    }
}

/// Which statement `Type::function` constructs, for the sea-query constructors.
fn constructor(func: &Expr) -> Option<Builder> {
    let Expr::Path(path) = func else {
        return None;
    };
    let segments = crate::parse::type_paths::path_segments(&path.path);
    let [.., ty, function] = segments.as_slice() else {
        return None;
    };
    Some(match (ty.as_str(), function.as_str()) {
        ("Query", "select") => Builder::Select,
        ("Query", "insert") => Builder::Insert,
        ("Query", "update") => Builder::Update,
        ("Query", "delete") => Builder::Delete,
        ("Table", "create" | "alter" | "drop" | "truncate" | "rename")
        | ("Index", "create" | "drop") => Builder::Schema,
        ("ForeignKey", "create") => Builder::ForeignKey,
        _ => return None,
    })
}

/// Which argument of `method` names a table in a `builder` chain, and how it is accessed;
/// `None` for methods that name none.
fn table_argument(builder: Builder, method: &str) -> Option<(usize, Option<Access>)> {
    let read = Some(Access::Read);
    let write = Some(Access::Write);
    match (builder, method) {
        (Builder::Select | Builder::Update, "from" | "from_as") => Some((0, read)),
        (
            Builder::Select | Builder::Update | Builder::Delete,
            "left_join" | "right_join" | "inner_join" | "full_outer_join" | "cross_join",
        ) => Some((0, read)),
        (Builder::Select | Builder::Update | Builder::Delete, "join" | "join_as") => {
            Some((1, read))
        }
        (Builder::Insert, "into_table") => Some((0, write)),
        (Builder::Update | Builder::Schema, "table") => Some((0, write)),
        (Builder::Delete, "from_table") => Some((0, write)),
        (Builder::ForeignKey, "from" | "from_tbl" | "to" | "to_tbl") => Some((0, None)),
        _ => None,
    }
}

/// The names of this module's `Iden` enums (`#[derive(Iden)]`, SeaORM's `DeriveIden`) whose
/// `Table` variant is renamed by an attribute, with the table name.
#[derive(Default)]
pub(super) struct IdenTables {
    renamed: HashMap<String, String>,
}

impl IdenTables {
    pub(super) fn collect(items: &[syn::Item]) -> Self {
        let mut tables = IdenTables::default();
        for item in items {
            tables.visit_item(item);
        }
        tables
    }

    /// The table that `Enum::Table` names.
    fn table_of(&self, enum_name: &str) -> String {
        self.renamed
            .get(enum_name)
            .cloned()
            .unwrap_or_else(|| snake_case(enum_name))
    }
}

impl<'ast> Visit<'ast> for IdenTables {
    fn visit_item_mod(&mut self, _module: &'ast syn::ItemMod) {}

    fn visit_item_enum(&mut self, item: &'ast syn::ItemEnum) {
        let is_iden = super::orm::derives(&item.attrs)
            .iter()
            .any(|d| d == "Iden" || d == "DeriveIden");
        if !is_iden {
            return;
        }
        let table_variant = item.variants.iter().find(|v| v.ident == "Table");
        let renamed = table_variant
            .and_then(|v| iden_rename(&v.attrs))
            .or_else(|| iden_rename(&item.attrs));
        if let Some(name) = renamed {
            self.renamed
                .entry(crate::parse::ident_str(&item.ident))
                .or_insert(name);
        }
    }
}

/// The name an `iden` attribute gives: `#[iden = "x"]`, `#[iden(rename = "x")]`,
/// `#[sea_orm(iden = "x")]`.
fn iden_rename(attrs: &[syn::Attribute]) -> Option<String> {
    attrs.iter().find_map(|attr| match &attr.meta {
        syn::Meta::NameValue(nv) if nv.path.is_ident("iden") => match &nv.value {
            Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => Some(s.value()),
            _ => None,
        },
        syn::Meta::List(list) if list.path.is_ident("iden") || list.path.is_ident("sea_orm") => {
            let key = if list.path.is_ident("iden") {
                "rename"
            } else {
                "iden"
            };
            super::orm::nested_entries(attr)
                .into_iter()
                .find_map(|(k, v)| match v {
                    super::orm::AttrValue::Str(name) if k == key => Some(name),
                    _ => None,
                })
        }
        _ => None,
    })
}

/// `PostTag` → `post_tag`, `HTTPLog` → `http_log`: how sea-query names an `Iden` enum.
fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if prev.is_lowercase() || prev.is_ascii_digit() || (prev.is_uppercase() && next_lower) {
                out.push('_');
            }
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// The table that a builder argument names, lower-cased; `None` when it is not one this
/// module can read.
fn table_name(expr: &Expr, strings: &ModuleStrings<'_>, idens: &IdenTables) -> Option<String> {
    match expr {
        Expr::Paren(paren) => table_name(&paren.expr, strings, idens),
        Expr::Group(group) => table_name(&group.expr, strings, idens),
        Expr::Reference(reference) => table_name(&reference.expr, strings, idens),
        // `(schema, table)`: the table.
        Expr::Tuple(tuple) if tuple.elems.len() == 2 => {
            table_name(tuple.elems.last()?, strings, idens)
        }
        // `Alias::new("t")`, `SeaRc::new(T::Table)`, `IntoIden::into_iden(…)`.
        Expr::Call(call) if call.args.len() == 1 => {
            let Expr::Path(func) = &*call.func else {
                return None;
            };
            let last = func.path.segments.last()?;
            (last.ident == "new" || last.ident == "into_iden")
                .then(|| table_name(call.args.first()?, strings, idens))
                .flatten()
        }
        Expr::MethodCall(call)
            if call.args.is_empty() && (call.method == "into_iden" || call.method == "clone") =>
        {
            table_name(&call.receiver, strings, idens)
        }
        Expr::Path(path) => {
            let segments = &path.path.segments;
            if segments.len() >= 2 && segments.last().is_some_and(|s| s.ident == "Table") {
                let owner = crate::parse::ident_str(&segments[segments.len() - 2].ident);
                return Some(idens.table_of(&owner).to_lowercase());
            }
            strings.text(expr).map(|t| t.to_lowercase())
        }
        _ => strings.text(expr).map(|t| t.to_lowercase()),
    }
    .filter(|t| !t.is_empty() && !t.contains(super::sql_text::FORMAT_HOLE))
}

/// The facts of the sea-query chain that `call` ends, with the calls of the chain (so that
/// the caller visits only their arguments); `None` when `call` ends no such chain.
pub(super) fn chain_facts<'a>(
    call: &'a ExprMethodCall,
    strings: &ModuleStrings<'_>,
    idens: &IdenTables,
) -> Option<(Vec<DataFact>, Vec<&'a ExprMethodCall>)> {
    let (builder, chain) = builder_chain(call)?;
    let mut facts = Vec::new();
    let mut touched: Vec<String> = Vec::new();
    // Innermost first, so that facts come in source order.
    for link in chain.iter().rev() {
        let method = crate::parse::ident_str(&link.method);
        let Some((index, access)) = table_argument(builder, &method) else {
            continue;
        };
        let Some(arg) = link.args.iter().nth(index) else {
            continue;
        };
        let Some(table) = table_name(arg, strings, idens) else {
            continue;
        };
        if let Some(access) = access {
            let (line, column) = line_of(arg.span());
            facts.push(DataFact::SqlAccess {
                table: table.clone(),
                access,
                line,
                column,
            });
        }
        if !touched.contains(&table) {
            touched.push(table);
        }
    }
    if (2..=MAX_LINKED_TABLES).contains(&touched.len()) {
        let line = line_of(call.span()).0;
        let mut pairs = Vec::new();
        for (i, a) in touched.iter().enumerate() {
            for b in &touched[i + 1..] {
                let (a, b) = if a <= b { (a, b) } else { (b, a) };
                pairs.push((a.clone(), b.clone()));
            }
        }
        pairs.sort();
        for (a, b) in pairs {
            facts.push(DataFact::TableLink {
                a: LinkEnd::Table(a),
                b: LinkEnd::Table(b),
                line,
            });
        }
    }
    Some((facts, chain))
}

#[cfg(test)]
mod tests {
    use super::snake_case;
    use crate::model::Access::{self, Read, Write};
    use crate::model::{DataFact, LinkEnd};
    use crate::parse::data_facts::{DataCtx, module_data_facts};
    use std::path::Path;

    fn facts(src: &str) -> Vec<DataFact> {
        let file = syn::parse_file(src).expect("test source parses");
        let ctx = DataCtx {
            crate_dir: Path::new("/nonexistent/app"),
            root: Path::new("/nonexistent"),
            file: "src/db.rs",
        };
        module_data_facts(&file.items, &ctx)
    }

    fn accesses(facts: &[DataFact]) -> Vec<(&str, Access, u32)> {
        facts
            .iter()
            .filter_map(|f| match f {
                DataFact::SqlAccess {
                    table,
                    access,
                    line,
                    ..
                } => Some((table.as_str(), *access, *line)),
                _ => None,
            })
            .collect()
    }

    fn links(facts: &[DataFact]) -> Vec<(String, String)> {
        facts
            .iter()
            .filter_map(|f| match f {
                DataFact::TableLink {
                    a: LinkEnd::Table(a),
                    b: LinkEnd::Table(b),
                    ..
                } => Some((a.clone(), b.clone())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn statement_builders_name_their_tables_and_how_they_touch_them() {
        let src = r#"
use sea_query::{Alias, Expr, Query};
pub const USER_TABLE: &str = "users";
const SESSIONS: &str = "sessions";
fn get(id: i32) {
    let statement = Query::select()
        .from(USER_TABLE)
        .columns([UserIden::Id])
        .left_join(SESSIONS, Expr::col(UserIden::Id).equals(SessionIden::User))
        .and_where(Expr::col(UserIden::Id).eq(id))
        .to_owned();
}
fn create() {
    let statement = Query::insert().into_table(USER_TABLE).columns([UserIden::Key]).to_owned();
}
fn disable() {
    let statement = Query::update()
        .table(Alias::new("Users"))
        .value(UserIden::Disabled, true)
        .to_owned();
}
fn purge() {
    let statement = Query::delete()
        .from_table(SESSIONS)
        .and_where(Expr::col(SessionIden::User).in_subquery(
            Query::select().from("banned").column(BannedIden::User).to_owned(),
        ))
        .to_owned();
}
"#;
        let found = facts(src);
        assert_eq!(
            accesses(&found),
            vec![
                ("users", Read, 7),
                ("sessions", Read, 9),
                ("users", Write, 14),
                ("users", Write, 18),
                ("sessions", Write, 24),
                ("banned", Read, 26),
            ]
        );
        assert_eq!(links(&found), vec![("sessions".into(), "users".into())]);
    }

    #[test]
    fn migrations_name_tables_by_their_iden_enums() {
        let src = r#"
use sea_orm_migration::prelude::*;
async fn up(manager: &SchemaManager<'_>) {
    manager
        .create_table(
            Table::create()
                .table(PostTag::Table)
                .col(ColumnDef::new(PostTag::Id).integer())
                .foreign_key(ForeignKey::create().from(PostTag::Table, PostTag::Post).to(Post::Table, Post::Id))
                .to_owned(),
        )
        .await;
    manager.create_index(Index::create().table(Person::Table).col(Person::Name).to_owned()).await;
    manager.drop_table(Table::drop().table(Link::Table).to_owned()).await;
}
#[derive(DeriveIden)]
enum PostTag { Table, Id, Post }
#[derive(Iden)]
#[iden = "people"]
enum Person { Table, Name }
#[derive(DeriveIden)]
enum Link {
    #[sea_orm(iden = "tag_links")]
    Table,
    Id,
}
"#;
        let found = facts(src);
        assert_eq!(
            accesses(&found),
            vec![
                ("post_tag", Write, 7),
                ("people", Write, 13),
                ("tag_links", Write, 14)
            ]
        );
        assert_eq!(links(&found), vec![("post".into(), "post_tag".into())]);
    }

    #[test]
    fn a_builder_named_by_its_full_path_needs_no_import() {
        let src = r#"
fn f() {
    let q = sea_query::Query::select().from("users").to_owned();
}
"#;
        assert_eq!(accesses(&facts(src)), vec![("users", Read, 3)]);
    }

    #[test]
    fn without_a_sea_query_import_a_from_chain_is_no_table() {
        let src = r#"
fn f() {
    let q = Query::select().from("users").to_owned();
    let r = Query::select().from(Alias::new("logs"));
}
"#;
        assert!(accesses(&facts(src)).is_empty());
        // A method named like a builder's, on anything else, is no table either.
        let src = r#"
use sea_query::Query;
fn f(v: Vec<u8>) {
    let s = String::from("users");
    let t = Builder::new().from("users").table("sessions");
}
"#;
        assert!(accesses(&facts(src)).is_empty());
    }

    #[test]
    fn iden_enum_names_are_snake_cased_like_sea_query() {
        assert_eq!(snake_case("Post"), "post");
        assert_eq!(snake_case("PostTag"), "post_tag");
        assert_eq!(snake_case("HTTPLog"), "http_log");
        assert_eq!(snake_case("Oauth2Client"), "oauth2_client");
    }
}
