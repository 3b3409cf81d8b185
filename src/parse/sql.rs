//! Which tables a piece of SQL text touches, and whether it reads or writes each.
//!
//! Takes SQL exactly as the analysed code holds it (sqlx placeholders `$1`, `?`, `:name`
//! included) and returns table names, lower-cased and schema-qualified where the SQL
//! qualifies them. It parses with sqlparser, trying the PostgreSQL, MySQL, SQLite and generic
//! dialects in turn, and walks the syntax tree with sqlparser's visitor. When no dialect
//! parses the text, a keyword scan (`sql/scan.rs`) finds what it can and the result says so,
//! so that the caller can report it. This file knows nothing of Rust syntax or of where the
//! SQL came from, and it never panics, whatever the input.

use crate::model::Access;
use sqlparser::ast::{
    AlterTableOperation, ColumnOption, CopySource, Delete, FromTable, ObjectName, ObjectType,
    Query, Statement, TableConstraint, TableFactor, TableObject, Visit, Visitor,
};
use sqlparser::dialect::{Dialect, GenericDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::Parser;
use std::ops::ControlFlow;

mod scan;

pub use scan::foreign_key_links;

/// The tables one SQL string touches.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SqlTables {
    /// One entry per table and access per statement, in statement order. A table that one
    /// statement both reads and writes appears twice for it (`Write` and `Read`); a table
    /// read by two statements appears twice as `Read`.
    pub accesses: Vec<(String, Access)>,
    /// True when a dialect parsed the text; false when the tables come from a keyword scan,
    /// which gives each (table, access) pair once for the whole text.
    pub parsed: bool,
    /// Pairs of distinct tables that one parsed statement touches together (a join, a
    /// subquery, a foreign key's `REFERENCES`, `INSERT … SELECT`), each pair sorted and once.
    /// Statements touching more than [`MAX_LINKED_TABLES`] tables link none: such a query
    /// says little about which two belong together.
    pub links: Vec<(String, String)>,
}

/// Most distinct tables one statement may touch for its tables to be linked.
pub const MAX_LINKED_TABLES: usize = 6;

/// Nesting depth sqlparser may recurse to while parsing. Deeper SQL fails to parse and falls
/// back to the keyword scan instead of exhausting the stack.
const RECURSION_LIMIT: usize = 50;

/// Longest chain of binary operators accepted for parsing. sqlparser parses a left-associative
/// chain (`a + b + c …`) in a loop, so its recursion limit does not bound it, but visiting
/// and dropping the resulting tree recurses once per operator.
const MAX_OPERATOR_CHAIN: usize = 2_000;

/// Finds the tables `sql` reads and writes; the database's own catalog and migration tools'
/// bookkeeping (see [`is_system_table`]) are left out.
pub fn tables_in_sql(sql: &str) -> SqlTables {
    let mut found = tables_with_catalog(sql);
    found.accesses.retain(|(t, _)| !is_system_table(t));
    found
        .links
        .retain(|(a, b)| !is_system_table(a) && !is_system_table(b));
    found
}

/// Is a table no data of the application: one of the database's catalog ([`is_catalog`]) or
/// the bookkeeping table of a migration tool (`_sqlx_migrations`, `__diesel_schema_migrations`,
/// `seaql_migrations`, refinery's, flyway's, prisma's, `schema_migrations`)? Every service
/// keeps its own, so none is owned or shared.
pub fn is_system_table(table: &str) -> bool {
    const BOOKKEEPING: [&str; 7] = [
        "_sqlx_migrations",
        "__diesel_schema_migrations",
        "seaql_migrations",
        "refinery_schema_history",
        "flyway_schema_history",
        "_prisma_migrations",
        "schema_migrations",
    ];
    let lower = table.to_ascii_lowercase();
    let name = lower.rsplit_once('.').map_or(lower.as_str(), |(_, n)| n);
    is_catalog(table) || BOOKKEEPING.contains(&name)
}

/// Is a table one of the database's own catalog (`sqlite_master`, `information_schema.tables`,
/// `pg_database`, `mysql.user`)? Reading it asks whether a table exists or what columns it
/// has: the database's data, no domain's.
pub fn is_catalog(table: &str) -> bool {
    let table = table.to_ascii_lowercase();
    let (schema, name) = table.rsplit_once('.').unwrap_or(("", table.as_str()));
    matches!(
        schema,
        "information_schema" | "pg_catalog" | "mysql" | "sys"
    ) || (schema.is_empty() || schema == "main" || schema == "temp")
        && (name.starts_with("sqlite_") || name.starts_with("pg_"))
}

fn tables_with_catalog(sql: &str) -> SqlTables {
    let statements = if operator_count(sql) <= MAX_OPERATOR_CHAIN {
        parse_any_dialect(sql)
    } else {
        None
    };
    if let Some(statements) = statements {
        let per_statement: Vec<StatementTables> = statements.iter().map(statement_tables).collect();
        let mut links = Vec::new();
        for (tables, references) in &per_statement {
            let mut names: Vec<&str> = tables
                .iter()
                .map(|(t, _)| t.as_str())
                .chain(references.iter().map(String::as_str))
                .collect();
            names.sort_unstable();
            names.dedup();
            if names.len() > MAX_LINKED_TABLES {
                continue;
            }
            for (i, a) in names.iter().enumerate() {
                for b in &names[i + 1..] {
                    links.push((a.to_string(), b.to_string()));
                }
            }
        }
        links.sort();
        links.dedup();
        return SqlTables {
            accesses: per_statement.into_iter().flat_map(|(a, _)| a).collect(),
            parsed: true,
            links,
        };
    }
    SqlTables {
        accesses: scan::scan_tables(sql),
        parsed: false,
        links: Vec::new(),
    }
}

/// Parses with the first dialect that accepts the whole text.
fn parse_any_dialect(sql: &str) -> Option<Vec<Statement>> {
    let dialects: [&dyn Dialect; 4] = [
        &PostgreSqlDialect {},
        &MySqlDialect {},
        &SQLiteDialect {},
        &GenericDialect {},
    ];
    dialects.into_iter().find_map(|dialect| {
        Parser::new(dialect)
            .with_recursion_limit(RECURSION_LIMIT)
            .try_with_sql(sql)
            .and_then(|mut parser| parser.parse_statements())
            .ok()
    })
}

/// An upper bound on the number of binary operators in `sql`: every operator character.
fn operator_count(sql: &str) -> usize {
    sql.bytes()
        .filter(|b| {
            matches!(
                b,
                b'+' | b'-' | b'*' | b'/' | b'%' | b'=' | b'<' | b'>' | b'|' | b'&' | b'^'
            )
        })
        .count()
        + sql
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.eq_ignore_ascii_case("and") || w.eq_ignore_ascii_case("or"))
            .count()
}

/// The tables of one statement, each (table, access) pair once, writes found first; and the
/// tables its foreign keys reference (not accessed: only linked).
type StatementTables = (Vec<(String, Access)>, Vec<String>);

fn statement_tables(statement: &Statement) -> StatementTables {
    let mut collector = TableCollector::default();
    // The collector never breaks, so the flow is always `Continue`.
    let _ = statement.visit(&mut collector);
    let mut unique: Vec<(String, Access)> = Vec::new();
    for entry in collector.found {
        if !unique.contains(&entry) {
            unique.push(entry);
        }
    }
    (unique, foreign_keys(statement))
}

/// The tables that the foreign keys of a `CREATE TABLE` or `ALTER TABLE … ADD` reference.
fn foreign_keys(statement: &Statement) -> Vec<String> {
    let constraints: Vec<&TableConstraint> = match statement {
        Statement::CreateTable(create) => create.constraints.iter().collect(),
        Statement::AlterTable(alter) => alter
            .operations
            .iter()
            .filter_map(|op| match op {
                AlterTableOperation::AddConstraint { constraint, .. } => Some(constraint),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let columns = match statement {
        Statement::CreateTable(create) => create
            .columns
            .iter()
            .flat_map(|c| &c.options)
            .filter_map(|o| match &o.option {
                ColumnOption::ForeignKey(fk) => Some(&fk.foreign_table),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    constraints
        .into_iter()
        .filter_map(|c| match c {
            TableConstraint::ForeignKey(fk) => Some(&fk.foreign_table),
            _ => None,
        })
        .chain(columns)
        .filter_map(table_name)
        .collect()
}

/// Visits one statement (and the statements nested in it, such as a data-modifying CTE),
/// recording write targets when it enters a statement and reads at every other relation.
#[derive(Default)]
struct TableCollector {
    /// Tables in the order found.
    found: Vec<(String, Access)>,
    /// Relation names already recorded as write targets, or that are not tables (table
    /// functions). Compared by address: they identify one place in the tree, not a name.
    skip: Vec<*const ObjectName>,
    /// Names of the common table expressions in scope, innermost query last.
    ctes: Vec<Vec<String>>,
}

impl TableCollector {
    fn is_cte(&self, name: &ObjectName) -> bool {
        match name.0.as_slice() {
            [part] => part.as_ident().is_some_and(|ident| {
                let lower = ident.value.to_lowercase();
                self.ctes.iter().flatten().any(|cte| *cte == lower)
            }),
            _ => false,
        }
    }

    /// Records `name` as written, and marks its place so the visit does not count it as read.
    fn write(&mut self, name: &ObjectName) {
        self.skip.push(name);
        if self.is_cte(name) {
            return;
        }
        if let Some(table) = table_name(name) {
            self.found.push((table, Access::Write));
        }
    }

    fn write_factor(&mut self, factor: &TableFactor) {
        if let TableFactor::Table { name, .. } = factor {
            self.write(name);
        }
    }

    fn write_targets(&mut self, statement: &Statement) {
        match statement {
            Statement::Insert(insert) => {
                if let TableObject::TableName(name) = &insert.table {
                    self.write(name);
                }
            }
            Statement::Update(update) => self.write_factor(&update.table.relation),
            Statement::Delete(delete) => self.delete_targets(delete),
            Statement::Merge(merge) => self.write_factor(&merge.table),
            Statement::CreateTable(create) => self.write(&create.name),
            Statement::CreateView(create) => self.write(&create.name),
            Statement::CreateIndex(create) => self.write(&create.table_name),
            Statement::AlterTable(alter) => self.write(&alter.name),
            Statement::Truncate(truncate) => {
                for target in &truncate.table_names {
                    self.write(&target.name);
                }
            }
            Statement::Drop {
                object_type: ObjectType::Table | ObjectType::View,
                names,
                ..
            } => {
                for name in names {
                    self.write(name);
                }
            }
            Statement::Copy {
                source: CopySource::Table { table_name, .. },
                to: false,
                ..
            } => {
                self.write(table_name);
            }
            _ => {}
        }
    }

    /// `DELETE FROM t …` writes `t`; MySQL's `DELETE a, b FROM a JOIN b JOIN c` writes the
    /// listed tables (named directly or by alias) and only reads the rest of the join.
    fn delete_targets(&mut self, delete: &Delete) {
        let from = match &delete.from {
            FromTable::WithFromKeyword(tables) | FromTable::WithoutKeyword(tables) => tables,
        };
        if delete.tables.is_empty() {
            for table in from {
                self.write_factor(&table.relation);
            }
            return;
        }
        let factors: Vec<&TableFactor> = from
            .iter()
            .flat_map(|t| std::iter::once(&t.relation).chain(t.joins.iter().map(|j| &j.relation)))
            .collect();
        for target in &delete.tables {
            let target_name = table_name(target);
            let matching = factors.iter().find_map(|factor| match factor {
                TableFactor::Table { name, alias, .. } => {
                    let by_alias = alias
                        .as_ref()
                        .is_some_and(|a| Some(a.name.value.to_lowercase()) == target_name);
                    (by_alias || table_name(name) == target_name).then_some(name)
                }
                _ => None,
            });
            match matching {
                Some(name) => self.write(name),
                None => self.write(target),
            }
        }
    }
}

impl Visitor for TableCollector {
    type Break = ();

    fn pre_visit_statement(&mut self, statement: &Statement) -> ControlFlow<()> {
        self.write_targets(statement);
        ControlFlow::Continue(())
    }

    fn pre_visit_query(&mut self, query: &Query) -> ControlFlow<()> {
        let names = query
            .with
            .iter()
            .flat_map(|with| &with.cte_tables)
            .map(|cte| cte.alias.name.value.to_lowercase())
            .collect();
        self.ctes.push(names);
        ControlFlow::Continue(())
    }

    fn post_visit_query(&mut self, _query: &Query) -> ControlFlow<()> {
        self.ctes.pop();
        ControlFlow::Continue(())
    }

    fn pre_visit_table_factor(&mut self, factor: &TableFactor) -> ControlFlow<()> {
        // `FROM generate_series(1, 3)`: a table-valued function, not a table.
        if let TableFactor::Table {
            name,
            args: Some(_),
            ..
        } = factor
        {
            self.skip.push(name);
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_relation(&mut self, relation: &ObjectName) -> ControlFlow<()> {
        let here: *const ObjectName = relation;
        if self.skip.contains(&here) || self.is_cte(relation) {
            return ControlFlow::Continue(());
        }
        if let Some(table) = table_name(relation) {
            self.found.push((table, Access::Read));
        }
        ControlFlow::Continue(())
    }
}

/// `Billing."Invoices"` → `billing.invoices`; `None` for names computed by a function.
fn table_name(name: &ObjectName) -> Option<String> {
    let parts: Option<Vec<String>> = name
        .0
        .iter()
        .map(|part| part.as_ident().map(|ident| ident.value.to_lowercase()))
        .collect();
    let parts = parts?;
    if parts.is_empty() || parts.iter().any(String::is_empty) {
        return None;
    }
    Some(parts.join("."))
}

#[cfg(test)]
mod tests;
