//! The span-free summary of one parsed file: what the later stages need, read off the syn
//! tree on the thread that parsed it.
//!
//! proc-macro2's span locations only resolve on the thread that parsed the file, so nothing
//! syn-typed ever leaves `parse/`: every line and column is read here, and the syntax tree
//! is dropped as soon as the file is summarised.

use crate::model::{Access, DataFact, Diagnostic, EdgeKind, ItemKind};

/// Summary of one file.
#[derive(Clone, Debug, Default)]
pub struct FileFacts {
    /// Modules in the file: index 0 is the file's own module, then its inline modules.
    pub modules: Vec<ModuleFacts>,
    /// Problems found while reading or parsing the file.
    pub diagnostics: Vec<Diagnostic>,
    /// The file's inner `#![cfg(…)]` is false: the module does not exist.
    pub cfg_off: bool,
}

/// Summary of one module's own code (child modules have their own entry).
#[derive(Clone, Debug, Default)]
pub struct ModuleFacts {
    /// Module name (for an inline module; the file module's name comes from its `mod` item).
    pub name: String,
    /// Index of the enclosing module in the same file, `None` for the file's module.
    pub parent: Option<usize>,
    /// First line of the module in the file.
    pub line: u32,
    /// Lines of code (non-blank, non-comment) that belong to this module only.
    pub loc: u32,
    /// `mod` declarations, in source order.
    pub mod_decls: Vec<ModDecl>,
    /// `mod x;` declarations switched off by `#[cfg]` (their files are not orphans).
    pub cfg_off_mods: Vec<ModDecl>,
    /// Named items defined here.
    pub items: Vec<ItemFact>,
    /// Flattened `use` trees and `extern crate` items.
    pub imports: Vec<ImportFact>,
    /// Unresolved paths, method calls and macro invocations, in source order.
    pub refs: Vec<RawRef>,
    /// Names of methods defined in `impl` blocks here (for the unique-method heuristic).
    pub impl_methods: Vec<String>,
    /// Methods defined here by the type they belong to: `(type, method)` for each method of an
    /// `impl` block (the self type's last segment) and each method a trait declares (the
    /// trait's name).
    pub typed_methods: Vec<(String, String)>,
    /// Named fields of the structs defined here whose type the syntax tells (through
    /// references and one-argument wrappers such as `Arc`): `(struct, field, type path)`.
    pub field_types: Vec<(String, String, Vec<String>)>,
    /// What the fns and methods defined here return, and the types of its consts and statics,
    /// as layered paths (`parse::type_paths`): `(owner, name, path)`, the owner being the
    /// impl's self type or the trait (last segment), "" for a free fn, const or static.
    pub returns: Vec<(String, String, Vec<String>)>,
    /// Trait impls here: `(trait path, self type path)`, the self type empty when it is no
    /// path or a generic parameter (a blanket impl).
    pub trait_impls: Vec<(Vec<String>, Vec<String>)>,
    /// Type aliases defined here whose target the syntax tells: `(alias, type path, the type
    /// argument when the target is a one-argument wrapper such as `State<Db>`)`.
    pub aliases: Vec<(String, Vec<String>, Option<Vec<String>>)>,
    /// Data facts: SQL strings, ORM table declarations.
    pub data: Vec<DataFact>,
    /// Function and method bodies written here, by line span.
    pub functions: Vec<crate::model::FnSpan>,
    /// `macro_rules!` wrappers defined here that put `#[cfg]`s on the items they receive
    /// (`cfg_rt! { mod x; }`), with whether those cfgs hold.
    pub wrapper_macros: Vec<(String, bool)>,
    /// Items kept only because their `#[cfg]` names a cfg we cannot evaluate: (name, line).
    pub unknown_cfgs: Vec<(String, u32)>,
    /// `include!("x.rs")` at item level: (the path as written, line). The walk reads the file
    /// as a child module named by [`included_module_name`].
    pub includes: Vec<(String, u32)>,
    /// Folders of migrations a macro embeds (`refinery::embed_migrations!("src/migrations")`,
    /// relative to the package): their `.rs` files are read by that macro, not by `mod`.
    pub embedded_dirs: Vec<String>,
    /// Child modules declared `#[macro_use] mod x;`: their macros are in textual scope for
    /// the rest of the crate.
    pub macro_use_mods: Vec<String>,
    /// `macro_rules!` defined here whose expansion declares modules named by its arguments
    /// (aichat's `register_client!` holds `$( mod $module; )+`).
    pub module_macros: Vec<String>,
    /// Item-position invocations whose body reads as no items: (macro name, line, the
    /// identifiers among its arguments). Where the macro is a [`ModuleFacts::module_macros`]
    /// one, the walk reads the files those identifiers name beside the module.
    pub macro_idents: Vec<(String, u32, Vec<String>)>,
    /// Names given to the crate itself by `extern crate self as x;`: `x` is the crate root,
    /// here and, through the extern prelude, in every module of the crate.
    pub self_aliases: Vec<String>,
}

/// Names of the item macros (outermost first) whose bodies a fact came from.
pub type Via = Vec<String>;

/// A `mod` declaration.
#[derive(Clone, Debug)]
pub struct ModDecl {
    /// Declared name.
    pub name: String,
    /// Line of the declaration.
    pub line: u32,
    /// Where the module's body is.
    pub target: ModTarget,
    /// Macros the declaration sits in.
    pub via: Via,
}

/// The body of a declared module.
#[derive(Clone, Debug)]
pub enum ModTarget {
    /// `mod x { … }`: index of its [`ModuleFacts`] in the same file, and its `#[path]`, which
    /// changes where the `mod y;` inside it look for files.
    Inline {
        /// Index in [`FileFacts::modules`].
        index: usize,
        /// Value of `#[path = "…"]`, if any.
        path_attr: Option<String>,
    },
    /// `mod x;`: a file to find, with its `#[path = "…"]` if any.
    File {
        /// Value of `#[path = "…"]`, if any.
        path_attr: Option<String>,
    },
}

/// A named item.
#[derive(Clone, Debug)]
pub struct ItemFact {
    /// Item name.
    pub name: String,
    /// What it is.
    pub kind: ItemKind,
    /// Line of the name.
    pub line: u32,
    /// Column of the name.
    pub column: u32,
    /// `#[macro_export]` on a `macro_rules!`: the macro lives at the crate root.
    pub macro_export: bool,
    /// Names that live under the item: enum variants, diesel table columns.
    pub members: Vec<String>,
    /// Diesel tables: the SQL name (`#[sql_name]` or the schema-qualified name).
    pub sql_name: Option<String>,
    /// Macros the definition sits in.
    pub via: Via,
}

/// One leaf of a `use` tree, or an `extern crate`.
#[derive(Clone, Debug)]
pub struct ImportFact {
    /// Path segments up to the imported name (the name itself is the last segment; for a
    /// glob, the path of what is glob-imported). `self` leaves are folded into their parent.
    pub path: Vec<String>,
    /// Starts with `::`.
    pub leading_colon: bool,
    /// What the import binds.
    pub binding: ImportBinding,
    /// `pub`, `pub(crate)`, ...: visible to other modules (re-export).
    pub is_pub: bool,
    /// Line of the leaf.
    pub line: u32,
    /// Column of the leaf.
    pub column: u32,
    /// Macros the `use` sits in.
    pub via: Via,
}

/// What a `use` leaf binds in the importing module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportBinding {
    /// Binds this name (the last segment, or the `as` rename).
    Name(String),
    /// `as _`: imports for its trait methods, binds no name.
    Underscore,
    /// `*`.
    Glob,
}

/// A path, method call or macro invocation to resolve later.
#[derive(Clone, Debug)]
pub struct RawRef {
    /// Segments joined by `::` (for a method call, the method name): one allocation per
    /// path, the IR's most numerous value.
    pub path: String,
    /// Starts with `::`.
    pub leading_colon: bool,
    /// Edge kind the reference counts as.
    pub kind: EdgeKind,
    /// Which namespace the last segment is looked up in.
    pub ns: Namespace,
    /// Read or write, from the syntax around it.
    pub access: Access,
    /// Line.
    pub line: u32,
    /// Column.
    pub column: u32,
}

impl Namespace {
    /// A method call (by name, or on a receiver of known type).
    pub fn is_method(self) -> bool {
        matches!(self, Namespace::Method | Namespace::TypedMethod)
    }
}

impl RawRef {
    /// The path's segments.
    pub fn segments(&self) -> impl Iterator<Item = &str> {
        self.path.split("::")
    }
}

/// Namespace of the last segment of a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Namespace {
    /// Types, traits, modules.
    Type,
    /// A method call whose receiver's type the syntax tells: the path is the type's path,
    /// then the method name (`Cart::total` for `cart.total()` with `cart: &Cart`).
    TypedMethod,
    /// Functions, consts, statics, constructors.
    Value,
    /// Macros.
    Macro,
    /// A method name, resolved by the unique-method heuristic.
    Method,
}

/// The name of the module an `include!("dir/x.rs")` of Rust source is read as: the file's stem
/// when it is an identifier (`os_linux`), else `None` (the file is then not read).
pub fn included_module_name(path: &str) -> Option<String> {
    let stem = std::path::Path::new(path).file_stem()?.to_str()?;
    let ident = syn::parse_str::<syn::Ident>(stem).ok()?;
    Some(ident.to_string())
}
