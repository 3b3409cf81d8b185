//! Data facts of one module's own syntax: SQL passed to database calls and macros, and ORM
//! table mappings on structs. Runs on the thread that parsed the file, so spans resolve.
//!
//! Takes the module's items (inline child modules are skipped: they are summarised on their
//! own) and returns [`DataFact`]s in source order. A string counts as SQL only in a SQL
//! position: the SQL argument of a sqlx macro, of `sqlx::query`-like functions, of diesel's
//! `sql_query`, the first argument of a postgres/tokio-postgres/rusqlite/mysql method such as
//! `.query`, `.execute` or `.exec_drop`, the start given to sqlx's `QueryBuilder::new`, or the
//! SQL of a SeaORM raw `Statement`. Where the callee is only known by a common name (a method,
//! a bare `query(…)` not imported from sqlx), the text must also start like SQL. sea-query
//! statement builders (`Query::select().from(t)`) are read by `sea_query.rs`. `query_file!` reads
//! its file, never outside the analysed root. Which table a fact names is resolved later, by
//! the `data` stage.

mod imports;
pub(super) mod macro_writes;
mod orm;
mod sea_query;
mod sql_text;

use super::sql::tables_in_sql;
use crate::model::path::normalize;
use crate::model::{DataFact, DiagnosticCode, LinkEnd};
use imports::SqlImports;
use proc_macro2::Span;
use sql_text::{FORMAT_HOLE, ModuleStrings};
use std::path::Path;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::{Expr, Macro, Token};

/// Where the module being summarised sits, for reading `query_file!` files.
#[derive(Clone, Copy, Debug)]
pub struct DataCtx<'a> {
    /// Directory of the package that holds the module (`query_file!` paths are relative to
    /// it, as sqlx resolves them against `CARGO_MANIFEST_DIR`). Absolute.
    pub crate_dir: &'a Path,
    /// The analysed root (absolute); SQL files outside it are refused.
    pub root: &'a Path,
    /// The module's file relative to the root, for messages.
    pub file: &'a str,
}

/// The data facts of one module: `items` are the module's own items (a file's items, or the
/// content of an inline `mod`).
pub fn module_data_facts(items: &[syn::Item], ctx: &DataCtx<'_>) -> Vec<DataFact> {
    let mut finder = Finder {
        ctx,
        strings: ModuleStrings::collect(items),
        imports: SqlImports::collect(items),
        idens: sea_query::IdenTables::collect(items),
        facts: Vec::new(),
        macro_depth: 0,
    };
    for item in items {
        finder.visit_item(item);
    }
    finder.facts
}

/// The tables of a constant's value when it is SQL text (literals and `concat!` of them), with
/// how each is accessed; `None` when it is not SQL.
pub fn sql_const_tables(expr: &Expr) -> Option<SqlConstTables> {
    let text = ModuleStrings::default().text(expr)?;
    if !looks_like_sql(&text) {
        return None;
    }
    let found = tables_in_sql(&text);
    let mut accesses: Vec<_> = found
        .accesses
        .into_iter()
        .filter(|(t, _)| !t.contains(FORMAT_HOLE))
        .collect();
    accesses.sort();
    accesses.dedup();
    let links = found
        .links
        .into_iter()
        .filter(|(a, b)| !a.contains(FORMAT_HOLE) && !b.contains(FORMAT_HOLE))
        .collect();
    (!accesses.is_empty()).then_some(SqlConstTables { accesses, links })
}

/// What the SQL text of a constant touches.
pub struct SqlConstTables {
    /// Tables and how, sorted, each pair once.
    pub accesses: Vec<(String, crate::model::Access)>,
    /// Tables one statement touches together (see [`super::sql::SqlTables::links`]).
    pub links: Vec<(String, String)>,
}

/// 1-based line and column of the start of `span`.
pub(super) fn line_of(span: Span) -> (u32, u32) {
    let start = span.start();
    let line = u32::try_from(start.line).unwrap_or(u32::MAX);
    let column = u32::try_from(start.column.saturating_add(1)).unwrap_or(u32::MAX);
    (line, column)
}

/// Functions whose first argument is SQL: sqlx's `query` family and `raw_sql`, diesel's
/// `sql_query`.
const SQL_FUNCTIONS: &[&str] = &[
    "query",
    "query_as",
    "query_scalar",
    "query_with",
    "query_as_with",
    "query_scalar_with",
    "raw_sql",
    "sql_query",
];

/// Methods of postgres, tokio-postgres and rusqlite clients (and SeaORM's
/// `execute_unprepared`) whose first argument is SQL.
const SQL_METHODS: &[&str] = &[
    "query",
    "query_one",
    "query_opt",
    "query_raw",
    "query_typed",
    "query_typed_raw",
    "query_row",
    "execute",
    "execute_raw",
    "execute_batch",
    "batch_execute",
    "simple_query",
    "prepare",
    "prepare_cached",
    "prepare_typed",
    "prepare_typed_cached",
    "execute_unprepared",
    // mysql and mysql_async (`Queryable`).
    "query_drop",
    "query_first",
    "query_map",
    "query_iter",
    "query_fold",
    "exec",
    "exec_drop",
    "exec_first",
    "exec_map",
    "exec_iter",
    "exec_fold",
    "exec_batch",
];

/// Constructors that take SQL, by type and function, with the index of the SQL argument:
/// sqlx's `QueryBuilder::new("SELECT … ")` and SeaORM's raw `Statement`s. The text must start
/// like SQL: these type names are common enough for a project to have its own.
const SQL_CONSTRUCTORS: &[(&str, &str, usize, Trust)] = &[
    ("QueryBuilder", "new", 0, Trust::Fragment),
    ("Statement", "from_string", 1, Trust::IfSqlLike),
    ("Statement", "from_sql_and_values", 1, Trust::IfSqlLike),
];

/// sqlx macros: name, index of the SQL (or SQL file) argument, whether it names a file.
const SQLX_MACROS: &[(&str, usize, bool)] = &[
    ("query", 0, false),
    ("query_unchecked", 0, false),
    ("query_scalar", 0, false),
    ("query_scalar_unchecked", 0, false),
    ("query_as", 1, false),
    ("query_as_unchecked", 1, false),
    ("query_file", 0, true),
    ("query_file_unchecked", 0, true),
    ("query_file_scalar", 0, true),
    ("query_file_scalar_unchecked", 0, true),
    ("query_file_as", 1, true),
    ("query_file_as_unchecked", 1, true),
];

/// First words of SQL statements, for text whose callee alone does not prove it is SQL.
const SQL_FIRST_WORDS: &[&str] = &[
    "SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "CREATE", "DROP", "ALTER", "TRUNCATE", "MERGE",
    "REPLACE", "UPSERT", "COPY", "VALUES", "EXPLAIN", "LOCK", "BEGIN", "START",
];

/// How deep macro bodies are re-parsed to look for calls inside them.
const MAX_MACRO_DEPTH: usize = 8;

/// Largest `query_file!` file read.
const MAX_SQL_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// How sure a SQL position is that its string is SQL.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Trust {
    /// A sqlx macro or function, diesel's `sql_query`: always SQL.
    Certain,
    /// A common name (a method, a bare `query`): SQL only if the text starts like SQL.
    IfSqlLike,
    /// The start of a statement that later calls complete (`QueryBuilder::new`): SQL only if
    /// it starts like SQL, and not expected to parse on its own.
    Fragment,
}

/// Walks one module's code and records the data facts found.
struct Finder<'m, 'c> {
    ctx: &'c DataCtx<'c>,
    strings: ModuleStrings<'m>,
    imports: SqlImports,
    idens: sea_query::IdenTables,
    facts: Vec<DataFact>,
    macro_depth: usize,
}

impl Finder<'_, '_> {
    /// How sure a call of `func` is to take SQL first, if it is a SQL function at all.
    fn function_trust(&self, func: &Expr) -> Option<Trust> {
        let Expr::Path(path) = func else {
            return None;
        };
        let segments = super::type_paths::path_segments(&path.path);
        let is_sql_function = |name: &String| SQL_FUNCTIONS.contains(&name.as_str());
        match segments.as_slice() {
            [name] if self.imports.names.contains(name) => Some(Trust::Certain),
            [name] if is_sql_function(name) && self.imports.glob => Some(Trust::Certain),
            [name] if is_sql_function(name) => Some(Trust::IfSqlLike),
            [first, .., last]
                if (first == "sqlx" || first == "diesel") && is_sql_function(last) =>
            {
                Some(Trust::Certain)
            }
            // A project module re-exporting sqlx (`db::query(…)`): SQL if it reads like SQL.
            [.., last] if is_sql_function(last) => Some(Trust::IfSqlLike),
            _ => None,
        }
    }

    /// The SQL argument of a call of `func` when it is one of [`SQL_CONSTRUCTORS`].
    fn constructor_argument<'e>(
        func: &Expr,
        args: &'e Punctuated<Expr, Token![,]>,
    ) -> Option<(&'e Expr, Trust)> {
        let Expr::Path(path) = func else {
            return None;
        };
        let segments = &path.path.segments;
        let [.., ty, function] = segments.iter().collect::<Vec<_>>()[..] else {
            return None;
        };
        let &(_, _, index, trust) = SQL_CONSTRUCTORS
            .iter()
            .find(|(t, f, _, _)| ty.ident == t && function.ident == f)?;
        Some((args.iter().nth(index)?, trust))
    }

    /// Records the tables of the SQL that `arg` evaluates to.
    fn sql_argument(&mut self, arg: &Expr, trust: Trust) {
        let Some(text) = self.strings.text(arg) else {
            return;
        };
        if trust != Trust::Certain && !looks_like_sql(&text) {
            return;
        }
        let origin = (trust != Trust::Fragment).then_some("SQL");
        self.record_sql(&text, line_of(arg.span()), origin);
    }

    /// Records the tables of the `query_file!` file that `arg` names.
    fn sql_file_argument(&mut self, arg: &Expr) {
        let Some(relative) = self.strings.text(arg) else {
            return;
        };
        let (line, column) = line_of(arg.span());
        match read_sql_file(self.ctx, &relative) {
            Ok(text) => {
                let origin = format!("SQL in `{relative}`");
                self.record_sql(&text, (line, column), Some(&origin));
            }
            Err((code, message)) => self.facts.push(DataFact::Problem {
                code,
                line,
                message,
            }),
        }
    }

    /// Records the tables of `sql`, found at `line:column`; `origin` starts the message when
    /// the SQL does not parse (none for a fragment, which is not expected to).
    fn record_sql(&mut self, sql: &str, (line, column): (u32, u32), origin: Option<&str>) {
        let found = tables_in_sql(sql);
        let mut names = Vec::new();
        for (table, access) in found.accesses {
            if table.contains(FORMAT_HOLE) {
                continue;
            }
            if !names.contains(&table) {
                names.push(table.clone());
            }
            self.facts.push(DataFact::SqlAccess {
                table,
                access,
                line,
                column,
            });
        }
        for (a, b) in found.links {
            if a.contains(FORMAT_HOLE) || b.contains(FORMAT_HOLE) {
                continue;
            }
            self.facts.push(DataFact::TableLink {
                a: LinkEnd::Table(a),
                b: LinkEnd::Table(b),
                line,
            });
        }
        if let Some(origin) = origin
            && !found.parsed
        {
            let list = if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            };
            self.facts.push(DataFact::Problem {
                code: DiagnosticCode::UnparsedSql,
                line,
                message: format!(
                    "{origin} that no supported dialect parses; \
                     tables found by a keyword scan: {list}"
                ),
            });
        }
    }

    /// Handles a sqlx macro; false when `mac` is not one.
    fn sqlx_macro(&mut self, mac: &Macro) -> bool {
        let segments = super::type_paths::path_segments(&mac.path);
        let name = match segments.as_slice() {
            [name] => name,
            [krate, name] if krate == "sqlx" => name,
            _ => return false,
        };
        let Some(&(_, index, from_file)) = SQLX_MACROS.iter().find(|(n, _, _)| n == name) else {
            return false;
        };
        let Ok(args) = mac.parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated) else {
            return true;
        };
        if let Some(arg) = args.iter().nth(index) {
            if from_file {
                self.sql_file_argument(arg);
            } else {
                self.sql_argument(arg, Trust::Certain);
            }
        }
        true
    }

    /// Whether `tokens` name anything this finder reacts to: a SQL function, method or sqlx
    /// macro, a name imported from sqlx/diesel, or diesel/SeaORM. Parsing a macro body is
    /// the costly part of the finder, and most bodies hold none of these.
    fn may_hold_data(&self, tokens: &proc_macro2::TokenStream, depth: usize) -> bool {
        tokens.clone().into_iter().any(|t| match t {
            proc_macro2::TokenTree::Ident(i) => {
                let s = i.to_string();
                SQL_FUNCTIONS.contains(&s.as_str())
                    || SQL_METHODS.contains(&s.as_str())
                    || SQL_CONSTRUCTORS.iter().any(|(ty, _, _, _)| *ty == s)
                    || SQLX_MACROS.iter().any(|(n, _, _)| *n == s)
                    || self.imports.names.contains(&s)
                    || matches!(s.as_str(), "diesel" | "sea_orm" | "table_name")
            }
            proc_macro2::TokenTree::Group(g) => {
                depth < 64 && self.may_hold_data(&g.stream(), depth + 1)
            }
            _ => false,
        })
    }

    /// Looks for SQL calls inside the body of any other macro whose body is expressions or
    /// statements (`tokio::join!(…)`, `assert!(…)`, a project's own macros).
    fn other_macro(&mut self, mac: &Macro) {
        if self.macro_depth >= MAX_MACRO_DEPTH || mac.path.is_ident("macro_rules") {
            return;
        }
        if !self.may_hold_data(&mac.tokens, 0) {
            return;
        }
        self.macro_depth += 1;
        if let Ok(args) = mac.parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated) {
            for arg in &args {
                self.visit_expr(arg);
            }
        } else if let Ok(stmts) = mac.parse_body_with(syn::Block::parse_within) {
            for stmt in &stmts {
                self.visit_stmt(stmt);
            }
        }
        self.macro_depth -= 1;
    }
}

impl<'ast> Visit<'ast> for Finder<'_, '_> {
    fn visit_item_mod(&mut self, _module: &'ast syn::ItemMod) {
        // An inline module is another module, summarised on its own; `mod x;` has no body.
    }

    fn visit_item_macro(&mut self, _item: &'ast syn::ItemMacro) {
        // The extractor expands item-position macros and runs the finder on the items they
        // hold; looking inside here too would count their SQL twice.
    }

    fn visit_item_struct(&mut self, item: &'ast syn::ItemStruct) {
        self.facts.extend(orm::struct_facts(item));
        syn::visit::visit_item_struct(self, item);
    }

    fn visit_item_enum(&mut self, item: &'ast syn::ItemEnum) {
        self.facts.extend(orm::enum_facts(item));
        syn::visit::visit_item_enum(self, item);
    }

    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        if let Some(trust) = self.function_trust(&call.func)
            && let Some(arg) = call.args.first()
        {
            self.sql_argument(arg, trust);
        } else if let Some((arg, trust)) = Self::constructor_argument(&call.func, &call.args) {
            self.sql_argument(arg, trust);
        }
        syn::visit::visit_expr_call(self, call);
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        if self.imports.sea_query
            && let Some((facts, chain)) = sea_query::chain_facts(call, &self.strings, &self.idens)
        {
            self.facts.extend(facts);
            // The chain's own calls are done; their arguments may hold more (subqueries).
            for link in chain {
                for arg in &link.args {
                    self.visit_expr(arg);
                }
            }
            return;
        }
        if SQL_METHODS.iter().any(|m| call.method == m)
            && let Some(arg) = call.args.first()
        {
            self.sql_argument(arg, Trust::IfSqlLike);
        }
        syn::visit::visit_expr_method_call(self, call);
    }

    fn visit_macro(&mut self, mac: &'ast Macro) {
        if !self.sqlx_macro(mac) {
            self.other_macro(mac);
        }
    }
}

/// True when `text` starts (after blanks, comments and parentheses) with a statement word.
fn looks_like_sql(text: &str) -> bool {
    let mut rest = text;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '(');
        if let Some(comment) = rest.strip_prefix("--") {
            rest = comment.split_once('\n').map_or("", |(_, after)| after);
        } else if let Some(comment) = rest.strip_prefix("/*") {
            rest = comment.split_once("*/").map_or("", |(_, after)| after);
        } else {
            break;
        }
    }
    let word: String = rest.chars().take_while(char::is_ascii_alphabetic).collect();
    SQL_FIRST_WORDS
        .iter()
        .any(|w| w.eq_ignore_ascii_case(&word))
}

/// Reads a `query_file!` file named relative to the package, refusing paths that leave the
/// root, lexically or through a symlink.
fn read_sql_file(ctx: &DataCtx<'_>, relative: &str) -> Result<String, (DiagnosticCode, String)> {
    let outside = || {
        (
            DiagnosticCode::PathOutsideRoot,
            format!(
                "`query_file!` in {} names `{relative}`, which leaves the analysed root; \
                 its SQL is not read",
                ctx.file
            ),
        )
    };
    let unreadable = |why: String| {
        (
            DiagnosticCode::MissingSqlFile,
            format!("`query_file!` names `{relative}`, which cannot be read: {why}"),
        )
    };
    let joined = ctx.crate_dir.join(relative);
    if !normalize(&joined).starts_with(normalize(ctx.root)) {
        return Err(outside());
    }
    let real = joined
        .canonicalize()
        .map_err(|e| unreadable(e.to_string()))?;
    let real_root = ctx
        .root
        .canonicalize()
        .unwrap_or_else(|_| normalize(ctx.root));
    if !real.starts_with(&real_root) {
        return Err(outside());
    }
    let size = real
        .metadata()
        .map_err(|e| unreadable(e.to_string()))?
        .len();
    if size > MAX_SQL_FILE_BYTES {
        return Err(unreadable(format!(
            "it is larger than {MAX_SQL_FILE_BYTES} bytes"
        )));
    }
    std::fs::read_to_string(&real).map_err(|e| unreadable(e.to_string()))
}

#[cfg(test)]
mod tests;
