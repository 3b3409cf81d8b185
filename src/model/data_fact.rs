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
    /// A write applied to a value of a model type: diesel `update(self)`, `delete(self)`,
    /// `insert_into(table)` in `impl User`, or SeaORM `active_model.insert(db)`. The model's
    /// table is written.
    ModelWrite {
        /// The value's type as written (`User`, `user::ActiveModel`); for a bare diesel `table`
        /// in an impl, the impl's type.
        type_path: Vec<String>,
        /// Line of the written value.
        line: u32,
        /// Column of the written value.
        column: u32,
    },
    /// A `macro_rules!` of this module whose body writes a table it receives: the positions
    /// (0-based, in matcher order) of the arguments that name the written table or model.
    TableMacro {
        /// The macro's name.
        name: String,
        /// Argument positions, each with the path the body writes before the argument
        /// (`crate::schema` in `update(crate::schema::$t::table)`; empty for `$t::table`).
        positions: Vec<(usize, Vec<String>)>,
    },
    /// An invocation of a macro that is not std's, with its arguments that are plain paths
    /// (`None` for any other argument), for the table-writing macros of the project.
    MacroCall {
        /// The macro's name (last segment).
        name: String,
        /// The arguments, split at top-level commas.
        args: Vec<Option<Vec<String>>>,
        /// Line of the invocation.
        line: u32,
        /// Column of the invocation.
        column: u32,
    },
    /// A fn or method of this module that applies a model write (SeaORM `delete`, `update`,
    /// `insert`, `save`) to a parameter of a generic type (`model.ok_or(err)?.delete(db)` in
    /// `fn delete_or_not_found<M>(&self, model: Option<M>, ..)`): each caller writes the
    /// model its argument is a value of.
    ParamWrite {
        /// The impl's type (last segment), "" for a free fn.
        owner: String,
        /// The fn's name.
        name: String,
        /// The written parameter's position (0-based, `self` not counted).
        param: u32,
    },
    /// A call with arguments that are locals of known type, for the fns that write a
    /// parameter ([`DataFact::ParamWrite`]).
    ArgCall {
        /// The callee: a method call's receiver path and name as the method reference holds
        /// it (`method`), else the called fn's path.
        callee: String,
        /// Whether `callee` is a method call.
        method: bool,
        /// The arguments' positions and receiver paths (see `parse::type_paths`).
        args: Vec<(u32, Vec<String>)>,
        /// Line of the call.
        line: u32,
        /// Column of the call.
        column: u32,
    },
    /// A `const` or `static` string of this module that is SQL, with the tables it touches:
    /// every other module that names the constant accesses them.
    SqlConst {
        /// The constant's name.
        name: String,
        /// Tables and how.
        accesses: Vec<(String, Access)>,
    },
    /// Two tables the code declares related: a SeaORM `Relation` variant (`belongs_to`,
    /// `has_many`, `has_one`), a diesel `joinable!`, or two tables in one SQL statement (a
    /// join, a subquery, a foreign key's `REFERENCES`, `INSERT … SELECT`).
    TableLink {
        /// One table.
        a: LinkEnd,
        /// The other.
        b: LinkEnd,
        /// Line of the attribute, macro or SQL.
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

/// One side of a [`DataFact::TableLink`].
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum LinkEnd {
    /// A table by its SQL name (lower-case).
    Table(String),
    /// A path written in this module naming a diesel `table!` or a SeaORM entity module
    /// (`super::user` for `super::user::Entity`); resolved by `resolve`.
    Path(Vec<String>),
    /// The SeaORM entity this module declares.
    ThisEntity,
}
