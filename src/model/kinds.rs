//! The closed sets of kinds that SPEC names: dependency edge kinds, data kinds, item kinds and
//! the read/write access of a reference.

use std::fmt;

/// Kind of a dependency edge between modules (SPEC "Dependency edge kinds").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EdgeKind {
    /// A resolved `use` tree entry.
    Use,
    /// A path in type position.
    Type,
    /// A path in expression or pattern position: fn calls, constructors, consts, statics.
    Call,
    /// An impl of a trait, or for a type, defined elsewhere; derives of project traits.
    Impl,
    /// Invocation of a project macro.
    Macro,
    /// A method call: looked up on the receiver's type when the syntax tells it, else by a
    /// method name that one project module defines.
    Method,
    /// A write to a field of a local of a project type (`order.total = 1`, `&mut
    /// order.items`): the module depends on the type, without naming it there.
    Field,
    /// A method call on a web framework's shared application state (`st.users.find()` with
    /// `st: State<App>`, actix `web::Data<App>`, `State(st)`), and the state's type written in
    /// the extractor (`App`): the composition root hands the handler what it calls, the
    /// handler does not name it.
    State,
    /// A type in a struct field or enum variant (`items: Vec<OrderItem>`, `Box<dyn Store>`):
    /// the type holds a value of the other, composition rather than a mention.
    Contain,
}

impl EdgeKind {
    /// Every kind, in output order.
    pub const ALL: [EdgeKind; 9] = [
        EdgeKind::Use,
        EdgeKind::Type,
        EdgeKind::Call,
        EdgeKind::Impl,
        EdgeKind::Macro,
        EdgeKind::Method,
        EdgeKind::Field,
        EdgeKind::State,
        EdgeKind::Contain,
    ];

    /// The SPEC name of the kind.
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::Use => "use",
            EdgeKind::Type => "type",
            EdgeKind::Call => "call",
            EdgeKind::Impl => "impl",
            EdgeKind::Macro => "macro",
            EdgeKind::Method => "method",
            EdgeKind::Field => "field",
            EdgeKind::State => "state",
            EdgeKind::Contain => "contain",
        }
    }

    /// Parses a SPEC name.
    pub fn parse(s: &str) -> Option<EdgeKind> {
        EdgeKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl fmt::Display for EdgeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Kind of a data node (SPEC "Data kinds").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DataKind {
    /// A struct, enum or union.
    Type,
    /// A global: `static`, `static mut`, `thread_local!`, `lazy_static!`, lazy/once cells.
    Static,
    /// A database table.
    Table,
}

impl DataKind {
    /// The SPEC name, also the prefix of data ids.
    pub fn as_str(self) -> &'static str {
        match self {
            DataKind::Type => "type",
            DataKind::Static => "static",
            DataKind::Table => "table",
        }
    }
}

impl fmt::Display for DataKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a reference reads or writes what it names.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Access {
    /// Reads, or cannot tell.
    #[default]
    Read,
    /// Writes: assignment, `&mut`, construction, mutating calls, SQL INSERT/UPDATE/DELETE.
    Write,
}

impl Access {
    /// The name output formats give it: `read` or `write`.
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Read => "read",
            Access::Write => "write",
        }
    }
}

/// Kind of a named item a module defines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ItemKind {
    /// `struct`.
    Struct,
    /// `enum`.
    Enum,
    /// `union`.
    Union,
    /// `trait` or trait alias.
    Trait,
    /// `type` alias.
    TypeAlias,
    /// `fn`.
    Fn,
    /// `const`.
    Const,
    /// `static`, `static mut`, and statics declared by `thread_local!`/`lazy_static!`.
    Static,
    /// `macro_rules!` or `macro` definition.
    Macro,
    /// A diesel `table!` declaration (acts like a module holding `table`, `dsl`, columns).
    Table,
}

impl ItemKind {
    /// The data kind of this item, when the item is a data node.
    pub fn data_kind(self) -> Option<DataKind> {
        match self {
            ItemKind::Struct | ItemKind::Enum | ItemKind::Union => Some(DataKind::Type),
            ItemKind::Static => Some(DataKind::Static),
            ItemKind::Table => Some(DataKind::Table),
            _ => None,
        }
    }
}
