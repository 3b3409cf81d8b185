//! Rust that real crates write and that the module tree must follow (issue #10): raw
//! identifiers in `mod`, `use` and paths, and cfgs that only a build script sets.

use crate::util::{Scratch, analyze_ok, assert_edge_kinds};

#[test]
fn raw_identifiers_name_files_imports_and_paths_without_their_prefix() {
    let s = Scratch::new(
        "raw",
        "pub mod r#type;\npub mod user;\npub mod r#match {\n    pub fn r#fn() {}\n}\n",
    );
    s.write(
        "src/type.rs",
        "pub struct Kind;\npub fn make() -> Kind { Kind }\n",
    );
    s.write(
        "src/user.rs",
        "use crate::r#type::Kind;\n\npub fn f() -> Kind {\n    crate::r#match::r#fn();\n    crate::r#type::make()\n}\n",
    );
    let report = analyze_ok(s.path(), &[]);
    assert_eq!(report.module("raw::type")["file"], "src/type.rs");
    assert!(report.find_module("raw::match").is_some());
    assert!(
        report.diagnostics().is_empty(),
        "no missing file: {:?}",
        report.diagnostics()
    );
    assert_edge_kinds(&report, "raw::user", "raw::type", &["call", "type", "use"]);
    assert_edge_kinds(&report, "raw::user", "raw::match", &["call"]);
}

#[test]
fn code_under_a_build_script_cfg_is_kept_with_one_note_per_name() {
    let s = Scratch::new(
        "vault",
        "#[cfg(sqlite)]\npub mod sqlite_migrations;\n#[cfg(postgres)]\npub mod pg_migrations;\n#[cfg(all(windows, sqlite))]\npub mod never;\n#[cfg(loom)]\npub mod loom_only;\n#[cfg(dev_mode)]\npub mod dev;\npub mod api;\n",
    );
    s.write(
        "build.rs",
        "fn main() {\n    println!(\"cargo:rustc-check-cfg=cfg(dev_mode)\");\n    println!(\"cargo:rustc-cfg=sqlite\");\n}\n",
    );
    s.write("src/sqlite_migrations.rs", "pub fn up() {}\n");
    s.write("src/pg_migrations.rs", "pub fn up() {}\n");
    s.write("src/never.rs", "pub fn up() {}\n");
    s.write("src/loom_only.rs", "pub fn up() {}\n");
    s.write("src/dev.rs", "pub fn up() {}\n");
    s.write(
        "src/api.rs",
        "#[cfg(sqlite)]\npub fn run() { crate::sqlite_migrations::up(); }\n",
    );
    let report = analyze_ok(s.path(), &[]);
    let ids = report.module_ids();
    assert!(ids.contains(&"vault::sqlite_migrations"), "{ids:?}");
    assert!(ids.contains(&"vault::pg_migrations"), "{ids:?}");
    // A cfg we can evaluate still decides: `windows` is false, `loom` is a RUSTFLAGS cfg.
    assert!(!ids.contains(&"vault::never"), "{ids:?}");
    assert!(!ids.contains(&"vault::loom_only"), "{ids:?}");
    // Declared by the build script but never set by it: a RUSTFLAGS cfg, off.
    assert!(!ids.contains(&"vault::dev"), "{ids:?}");
    assert!(
        report
            .edge("vault::api", "vault::sqlite_migrations")
            .is_some()
    );
    let notes: Vec<_> = report
        .diagnostics()
        .into_iter()
        .filter(|d| d.code == "unknown-cfg")
        .collect();
    assert_eq!(notes.len(), 2, "one per name: {notes:?}");
    let sqlite = notes
        .iter()
        .find(|d| d.message.contains("`sqlite`"))
        .expect("a note on sqlite");
    assert_eq!((sqlite.file.as_str(), sqlite.line), ("src/api.rs", 1));
    assert!(
        sqlite.message.contains("src/api.rs:1") && sqlite.message.contains("src/lib.rs:1"),
        "{sqlite:?}"
    );
}

/// Both sides of an unknown cfg are code of the system; the first declaration keeps the
/// module's name (and receives the references), the second is the duplicate-declaration id
/// `NAME[INDEX]` the resolver already gives a module declared twice.
#[test]
fn a_module_declared_under_both_sides_of_an_unknown_cfg_keeps_both_files() {
    let s = Scratch::new(
        "dual",
        "#[cfg(sqlite)]\n#[path = \"db_sqlite.rs\"]\nmod db;\n#[cfg(not(sqlite))]\n#[path = \"db_pg.rs\"]\nmod db;\npub fn f() { db::connect(); }\n",
    );
    s.write("src/db_sqlite.rs", "pub fn connect() {}\n");
    s.write("src/db_pg.rs", "pub fn connect() {}\n");
    let report = analyze_ok(s.path(), &[]);
    assert_eq!(report.module("dual::db")["file"], "src/db_sqlite.rs");
    let files: Vec<&str> = report
        .modules()
        .iter()
        .filter_map(|m| m["file"].as_str())
        .collect();
    assert!(files.contains(&"src/db_pg.rs"), "{files:?}");
    assert!(report.edge("dual", "dual::db").is_some());
}

/// A project `Result` alias named like the prelude's is found in scope first: imported by
/// name, through a glob of a project prelude, or defined in the module itself.
#[test]
fn a_project_result_alias_resolves_before_the_prelude() {
    let s = Scratch::new(
        "app",
        "pub mod error;\npub mod prelude;\npub mod api;\npub mod jobs;\n",
    );
    s.write(
        "src/error.rs",
        "pub struct Error;\npub type Result<T> = std::result::Result<T, Error>;\n",
    );
    s.write("src/prelude.rs", "pub use crate::error::Result;\n");
    s.write(
        "src/api.rs",
        "use crate::error::Result;\n\npub fn get() -> Result<u8> {\n    Ok(1)\n}\n",
    );
    s.write(
        "src/jobs.rs",
        "use crate::prelude::*;\n\npub fn run() -> Result<()> {\n    Ok(())\n}\n\npub fn plain() -> Option<u8> {\n    None\n}\n",
    );
    let report = analyze_ok(s.path(), &[]);
    assert_edge_kinds(&report, "app::api", "app::error", &["type", "use"]);
    assert_edge_kinds(&report, "app::jobs", "app::error", &["type"]);
}

/// `#[macro_use] mod macros;` puts its macros in scope for every later module of the crate.
#[test]
fn macros_of_a_macro_use_module_are_found_from_sibling_modules() {
    let s = Scratch::new("app", "#[macro_use]\nmod macros;\npub mod handlers;\n");
    s.write(
        "src/macros.rs",
        "macro_rules! respond {\n    ($x:expr) => {\n        $x + 1\n    };\n}\n",
    );
    s.write(
        "src/handlers.rs",
        "pub fn get() -> u8 {\n    respond!(1)\n}\n",
    );
    let report = analyze_ok(s.path(), &[]);
    assert_edge_kinds(&report, "app::handlers", "app::macros", &["macro"]);
}

/// `--features`, `--no-default-features`, `--all-features` and `--target` choose the
/// configuration; without them every feature is on and the target is 64-bit Linux.
#[test]
fn feature_and_target_flags_choose_the_modules() {
    let s = Scratch::new(
        "fmt",
        "#[cfg(feature = \"json\")]\npub mod json;\n#[cfg(feature = \"yaml\")]\npub mod yaml;\n#[cfg(feature = \"fast\")]\npub mod fast;\n#[cfg(windows)]\npub mod win;\n#[cfg(unix)]\npub mod nix;\n",
    );
    s.write(
        "Cargo.toml",
        "[package]\nname = \"fmt\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[features]\ndefault = [\"json\"]\njson = []\nyaml = [\"fast\"]\nfast = []\n",
    );
    for m in ["json", "yaml", "fast", "win", "nix"] {
        s.write(&format!("src/{m}.rs"), "pub fn f() {}\n");
    }
    let modules = |extra: &[&str]| -> Vec<String> {
        let report = analyze_ok(s.path(), extra);
        let mut ids: Vec<String> = report
            .module_ids()
            .into_iter()
            .filter(|id| *id != "fmt")
            .map(|id| id.trim_start_matches("fmt::").to_string())
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(modules(&[]), ["fast", "json", "nix", "yaml"]);
    assert_eq!(
        modules(&["--all-features"]),
        ["fast", "json", "nix", "yaml"]
    );
    assert_eq!(modules(&["--no-default-features"]), ["nix"]);
    assert_eq!(
        modules(&["--features", "yaml"]),
        ["fast", "json", "nix", "yaml"]
    );
    assert_eq!(
        modules(&["--no-default-features", "-F", "yaml"]),
        ["fast", "nix", "yaml"]
    );
    assert_eq!(
        modules(&["--target", "x86_64-pc-windows-msvc"]),
        ["fast", "json", "win", "yaml"]
    );
}

/// Globs follow Rust's visibility: a child's `use super::*` sees its parent's private imports,
/// another module's glob sees only what is public (`pub use`, items); modules that glob each
/// other see each other's names; the nearer definition wins over one only imported further
/// away.
#[test]
fn globs_bring_what_rust_lets_them_see() {
    let s = Scratch::new(
        "globs",
        "pub mod error;\npub mod util;\npub mod api;\npub mod store;\npub mod a;\npub mod b;\n",
    );
    s.write("src/error.rs", "pub struct Error;\n");
    s.write("src/util.rs", "pub struct Error;\npub fn helper() {}\n");
    // `store` imports util's Error privately: a glob of `store` from elsewhere must not see it.
    s.write(
        "src/store.rs",
        "use crate::util::Error;\npub fn save() -> Result<(), Error> { Ok(()) }\npub mod inner;\n",
    );
    // A child's `use super::*` does see the parent's private import.
    s.write(
        "src/store/inner.rs",
        "use super::*;\npub fn load() -> Result<(), Error> { save() }\n",
    );
    s.write(
        "src/api.rs",
        "use crate::store::*;\nuse crate::error::*;\npub fn handle() -> Result<(), Error> { save() }\n",
    );
    // `a` and `b` glob each other publicly: each sees the other's items.
    s.write(
        "src/a.rs",
        "pub use crate::b::*;\npub struct A;\npub fn make_b() -> B { B }\n",
    );
    s.write(
        "src/b.rs",
        "pub use crate::a::*;\npub struct B;\npub fn make_a() -> A { A }\n",
    );
    let report = analyze_ok(s.path(), &[]);
    assert_edge_kinds(&report, "globs::api", "globs::error", &["type", "use"]);
    assert!(
        report.edge("globs::api", "globs::util").is_none(),
        "store's private import is not re-exported by its glob"
    );
    assert_edge_kinds(&report, "globs::api", "globs::store", &["call", "use"]);
    assert_edge_kinds(&report, "globs::store::inner", "globs::util", &["type"]);
    assert_edge_kinds(
        &report,
        "globs::store::inner",
        "globs::store",
        &["call", "use"],
    );
    assert_edge_kinds(&report, "globs::a", "globs::b", &["call", "type", "use"]);
    assert_edge_kinds(&report, "globs::b", "globs::a", &["call", "type", "use"]);
}

/// The shape of generated binding crates (web-sys): a `features` module globbing each of its
/// many children publicly, each child globbing `super::*` and naming its siblings' types.
/// Every reference is found, as many as there are siblings named.
#[test]
fn generated_modules_that_glob_their_parent_resolve_every_sibling() {
    const N: usize = 300;
    let mut features = String::new();
    for i in 0..N {
        features.push_str(&format!("mod gen_t{i};\npub use gen_t{i}::*;\n"));
    }
    let s = Scratch::new("bindings", "mod features;\npub use features::*;\n");
    s.write("src/features/mod.rs", features);
    for i in 0..N {
        let next = (i + 1) % N;
        s.write(
            &format!("src/features/gen_t{i}.rs"),
            format!(
                "use super::*;\npub struct T{i};\nimpl T{i} {{\n    pub fn next(&self) -> T{next} {{ T{next} }}\n}}\n"
            ),
        );
    }
    let report = analyze_ok(s.path(), &[]);
    assert_eq!(report.modules().len(), N + 2);
    for i in 0..N {
        let next = (i + 1) % N;
        assert_edge_kinds(
            &report,
            &format!("bindings::features::gen_t{i}"),
            &format!("bindings::features::gen_t{next}"),
            &["call", "type"],
        );
    }
}

/// Issue #10: a method call is looked up on its receiver's type when the syntax tells it
/// (typed parameters and locals, `self` and its fields, `dyn Trait`, extractor patterns,
/// `Type::new()`), whatever the method's name; a receiver of a std or dependency type (or a
/// container of a project type) is no reference to the project module that happens to define
/// a method of the same name.
#[test]
fn method_calls_follow_the_receiver_type() {
    let s = Scratch::new(
        "shop",
        "pub mod cart;\npub mod order;\npub mod waker;\npub mod store;\npub mod api;\n",
    );
    s.write(
        "src/cart.rs",
        "pub struct Cart;\nimpl Cart {\n    pub fn total(&self) -> u32 { 0 }\n    pub fn len(&self) -> usize { 0 }\n}\n",
    );
    s.write(
        "src/order.rs",
        "pub struct Order;\nimpl Order {\n    pub fn total(&self) -> u32 { 1 }\n    pub fn new() -> Order { Order }\n}\n",
    );
    // A project method named like std's `Context::waker`.
    s.write(
        "src/waker.rs",
        "pub struct Bell;\nimpl Bell {\n    pub fn waker(&self) {}\n}\n",
    );
    s.write(
        "src/store.rs",
        "pub trait Store {\n    fn save(&self, id: u32);\n}\npub struct State<T>(pub T);\n",
    );
    s.write(
        "src/api.rs",
        r#"use std::sync::Arc;
use std::task::Context;
use crate::cart::Cart;
use crate::order::Order;
use crate::store::{State, Store};

pub struct Handler {
    cart: Arc<Cart>,
    carts: Vec<Cart>,
}

impl Handler {
    pub fn run(&self, cx: &mut Context<'_>, store: &dyn Store) -> u32 {
        cx.waker();
        store.save(self.carts.len() as u32);
        self.cart.total()
    }
}

pub fn place(State(db): State<Arc<dyn Store>>) -> u32 {
    db.save(1);
    Order::new().total()
}

pub type Db = State<Arc<dyn Store>>;

pub fn again(State(db): Db) {
    db.save(2);
}

pub fn generic<B: Store>(bell: &B, keys: &nostr::Keys) {
    bell.save(3);
    keys.waker();
}
"#,
    );
    let report = analyze_ok(s.path(), &[]);
    let methods = |to: &str| {
        report
            .edge_kinds("shop::api", to)
            .get("method")
            .copied()
            .unwrap_or(0)
    };
    // `self.cart.total()` (a field through `Arc`); `self.carts.len()` is `Vec`'s.
    assert_eq!(methods("shop::cart"), 1);
    // `Order::new().total()`: `total` is defined twice, the receiver says which.
    assert_eq!(methods("shop::order"), 1);
    // `store.save` on `&dyn Store`, `bell.save` on a generic bounded by `Store` (by name: one
    // module defines it); `db.save` through the extractor pattern and through an alias of it
    // is a call on the application state, and so is the `Store` the extractor hands `place`
    // (the project's own `State` extractor is a `type` reference).
    assert_eq!(methods("shop::store"), 2);
    assert_eq!(
        report.edge_kinds("shop::api", "shop::store").get("state"),
        Some(&3)
    );
    // `cx.waker()` is std's, `keys.waker()` a dependency's.
    assert!(report.edge("shop::api", "shop::waker").is_none());
}

/// A method called on a web framework's shared application state reaches the module of the
/// method's type, as a `state` reference: through a plain parameter (axum `State<App>`, actix
/// `web::Data<App>`, rocket `&State<App>`), the extractor pattern, and a value read from the
/// state; a call on a parameter of the project type itself stays a `method`.
#[test]
fn calls_through_the_application_state_are_state_references() {
    let s = Scratch::new(
        "web",
        "pub mod users;\npub mod orders;\npub mod app;\npub mod handlers;\n",
    );
    s.write(
        "src/users.rs",
        "pub struct Users;\nimpl Users {\n    pub fn find(&self) -> u32 { 0 }\n}\n",
    );
    s.write(
        "src/orders.rs",
        "pub struct Orders;\nimpl Orders {\n    pub fn place(&self) -> u32 { 1 }\n}\n",
    );
    s.write(
        "src/app.rs",
        "pub struct App {\n    pub users: crate::users::Users,\n    pub orders: crate::orders::Orders,\n}\n",
    );
    s.write(
        "src/handlers.rs",
        r#"use actix_web::web;
use axum::extract::State;
use crate::app::App;

pub fn axum_plain(st: State<App>) -> u32 {
    st.users.find()
}

pub fn axum_pattern(State(app): State<App>) -> u32 {
    app.users.find()
}

pub fn actix(data: web::Data<App>) -> u32 {
    let orders = &data.orders;
    orders.place()
}

pub fn rocket(st: &rocket::State<App>) -> u32 {
    st.orders.place()
}

pub fn plain(users: crate::users::Users) -> u32 {
    users.find()
}
"#,
    );
    let report = analyze_ok(s.path(), &[]);
    let kinds = |to: &str| report.edge_kinds("web::handlers", to);
    assert_eq!(kinds("web::users").get("state"), Some(&2));
    assert_eq!(kinds("web::users").get("method"), Some(&1));
    assert_eq!(kinds("web::orders").get("state"), Some(&2));
    assert_eq!(kinds("web::orders").get("method"), None);
    // The state's type written in the four extractors is a `state` reference too; the
    // extractor itself is the framework's.
    assert_eq!(kinds("web::app").get("state"), Some(&4));
    assert_eq!(kinds("web::app").get("type"), None);
    assert_eq!(kinds("web::app").get("use"), Some(&1));
}

/// A type in a struct field, a tuple-struct field or an enum variant is a `contain` reference
/// (the type holds a value of it), a `dyn Trait` there too; the same types in a fn signature
/// or a body stay `type` references.
#[test]
fn field_types_are_contain_references() {
    let s = Scratch::new(
        "shop",
        "pub mod line;\npub mod store;\npub mod money;\npub mod order;\n",
    );
    s.write("src/line.rs", "pub struct Line;\n");
    s.write("src/store.rs", "pub trait Store {}\n");
    s.write("src/money.rs", "pub struct Money;\n");
    s.write(
        "src/order.rs",
        r#"use crate::line::Line;
use crate::money::Money;
use crate::store::Store;

pub struct Order {
    lines: Vec<Line>,
    store: Box<dyn Store>,
}

pub struct Total(pub Money);

pub enum Event {
    Added { line: Line },
    Paid(Money),
}

pub fn price(order: &Order, fallback: Money) -> Money {
    let _ = &order.lines;
    fallback
}
"#,
    );
    let report = analyze_ok(s.path(), &[]);
    let kinds = |to: &str| report.edge_kinds("shop::order", to);
    // `lines` and `Added`'s `line`.
    assert_eq!(kinds("shop::line").get("contain"), Some(&2));
    assert_eq!(kinds("shop::line").get("type"), None);
    assert_eq!(kinds("shop::store").get("contain"), Some(&1));
    // `Total`'s and `Paid`'s field; the parameter and the return type of `price`.
    assert_eq!(kinds("shop::money").get("contain"), Some(&2));
    assert_eq!(kinds("shop::money").get("type"), Some(&2));
}

/// Issue #10: `#[cfg]` below the item level (statements, match arms, struct fields and field
/// values) switches code off as it does on items; `#[cfg(test)]` statements count only with
/// `--include-tests`.
#[test]
fn cfg_on_statements_arms_and_fields_is_honoured() {
    let s = Scratch::new(
        "cfgt",
        r#"pub mod win;
pub mod unix;
pub mod testing;
pub fn f() -> u32 {
    #[cfg(windows)]
    let x = crate::win::one();
    #[cfg(not(windows))]
    let x = crate::unix::two();
    let y = match x {
        #[cfg(windows)]
        0 => crate::win::one(),
        _ => 1,
    };
    #[cfg(test)]
    crate::testing::three();
    x + y
}
pub struct S {
    #[cfg(windows)]
    pub handle: crate::win::Handle,
    pub n: u32,
}
pub fn s() -> S {
    S {
        #[cfg(windows)]
        handle: crate::win::Handle,
        n: 0,
    }
}
"#,
    );
    s.write(
        "src/win.rs",
        "pub struct Handle;\npub fn one() -> u32 { 1 }\n",
    );
    s.write("src/unix.rs", "pub fn two() -> u32 { 2 }\n");
    s.write("src/testing.rs", "pub fn three() {}\n");
    let report = analyze_ok(s.path(), &[]);
    assert!(
        report.edge("cfgt", "cfgt::win").is_none(),
        "windows code is off"
    );
    assert!(
        report.edge("cfgt", "cfgt::testing").is_none(),
        "test code is off"
    );
    assert_edge_kinds(&report, "cfgt", "cfgt::unix", &["call"]);
    let with_tests = analyze_ok(s.path(), &["--include-tests"]);
    assert_edge_kinds(&with_tests, "cfgt", "cfgt::testing", &["call"]);
}
