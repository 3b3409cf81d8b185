//! Facts about data that the parse stage reads off the syntax of one module, before any name
//! is resolved: SQL strings and the tables they touch, ORM table declarations.
//!
//! The `data` stage combines these with resolved references into data nodes.

use super::Access;

/// One fact about data, found in a module's own code (not its child modules).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum DataFact {
    /// SQL text in this module touches `table` (lower-case, schema-qualified when written so).
    SqlAccess {
        /// Table name.
        table: String,
        /// Read (SELECT, FROM, JOIN, subquery) or write (INSERT, UPDATE, DELETE, MERGE, ...).
        access: Access,
        /// Line of the string literal or macro.
        line: u32,
        /// Column of the string literal or macro.
        column: u32,
    },
    /// This module is a SeaORM entity for `table` (`#[sea_orm(table_name = "...")]` on a
    /// `DeriveEntityModel`).
    SeaOrmEntity {
        /// Table name.
        table: String,
        /// Line of the attribute.
        line: u32,
    },
    /// A model struct mapped to a table (`#[diesel(table_name = users)]`,
    /// `#[table_name = "users"]`): references to the struct are references to the table.
    ModelTable {
        /// Name of the struct in this module.
        type_name: String,
        /// The table path as written (last segment is the table's Rust name).
        table_path: Vec<String>,
        /// Line of the attribute.
        line: u32,
    },
    /// Something data-related that could not be read precisely (unparsed SQL, missing
    /// `query_file!` file); becomes a diagnostic.
    Problem {
        /// Which diagnostic.
        code: super::DiagnosticCode,
        /// Line.
        line: u32,
        /// Human sentence.
        message: String,
    },
}
