//! Resolution tests on small inline crates: `check(files, expected)` analyses the files as
//! one package `t` and compares the set of references (`from -> to kind`) with `expected`,
//! so that a resolution bug is a few lines next to the code. `kinds` and `model_tables` hold
//! the edge-kind and diesel-model tests.

use crate::pipeline::analyze_inline_crate as analysis;
use std::collections::BTreeSet;

/// The references of package `t` made of `files`, as `from -> to kind` lines (the item's
/// module when the target is an item).
fn references(files: &[(&str, &str)]) -> BTreeSet<String> {
    let analysis = analysis(files);
    let p = &analysis.program;
    p.references
        .iter()
        .map(|r| {
            format!(
                "{} -> {} {}",
                p.modules[r.from].id,
                p.modules[r.to].id,
                r.kind.as_str()
            )
        })
        .collect()
}

fn check(files: &[(&str, &str)], expected: &[&str]) {
    let got = references(files);
    let want: BTreeSet<String> = expected.iter().map(|s| s.to_string()).collect();
    assert_eq!(got, want);
}

#[test]
fn a_glob_of_another_module_brings_only_its_public_names() {
    check(
        &[
            ("lib.rs", "mod a; mod b; mod c;"),
            ("a.rs", "pub struct E;"),
            ("b.rs", "use crate::a::E;\npub fn f() {}"),
            (
                "c.rs",
                "use crate::b::*;\npub struct E;\nfn g() -> E { f(); E }",
            ),
        ],
        &["t::b -> t::a use", "t::c -> t::b call", "t::c -> t::b use"],
    );
}

/// stalwart-lite 0.16.0 names itself `trc` (`extern crate self as trc;`) so that the files of
/// its former `trc` crate keep writing `crate::trc::Event` and `trc::Error`: both reach the
/// module that defines the item through the root's glob.
#[test]
fn a_crate_named_by_extern_crate_self_is_its_own_root() {
    check(
        &[
            (
                "lib.rs",
                "extern crate self as trc;\nmod events;\nmod store;\nmod queue;\npub use crate::events::*;",
            ),
            ("events.rs", "pub struct Event;\npub struct Error;"),
            ("store.rs", "fn f(_: crate::trc::Event) {}"),
            ("queue.rs", "fn g() -> Result<(), trc::Error> { Ok(()) }"),
        ],
        &[
            "t -> t::events use",
            "t::queue -> t::events type",
            "t::store -> t::events type",
        ],
    );
}

#[test]
fn a_child_glob_of_its_parent_sees_the_parent_private_imports() {
    check(
        &[
            ("lib.rs", "mod a; mod b;"),
            ("a.rs", "pub struct E;"),
            (
                "b.rs",
                "use crate::a::E;\nmod inner {\n    use super::*;\n    fn g(_: E) {}\n}",
            ),
        ],
        &[
            "t::b -> t::a use",
            "t::b::inner -> t::a type",
            "t::b::inner -> t::b use",
        ],
    );
}

#[test]
fn a_method_call_goes_to_the_receiver_type_not_to_a_namesake() {
    check(
        &[
            ("lib.rs", "mod a; mod b; mod c;"),
            ("a.rs", "pub struct A;\nimpl A { pub fn run(&self) {} }"),
            ("b.rs", "pub struct B;\nimpl B { pub fn run(&self) {} }"),
            (
                "c.rs",
                "use crate::a::A;\nfn g(x: &A, v: Vec<A>) { x.run(); v.len(); }",
            ),
        ],
        &[
            "t::c -> t::a method",
            "t::c -> t::a type",
            "t::c -> t::a use",
        ],
    );
}

#[test]
fn a_call_through_a_trait_object_or_a_bound_goes_to_the_trait() {
    check(
        &[
            ("lib.rs", "mod port; mod imp; mod user;"),
            ("port.rs", "pub trait Port { fn go(&self); }"),
            (
                "imp.rs",
                "pub struct Imp;\nimpl crate::port::Port for Imp { fn go(&self) {} }",
            ),
            (
                "user.rs",
                "use crate::port::Port;\nfn a(p: &dyn Port) { p.go(); }\nfn b<P: Port>(p: P) { p.go(); }\nfn c(i: crate::imp::Imp) { let p = std::sync::Arc::new(i) as std::sync::Arc<dyn Port>; p.go(); }",
            ),
        ],
        &[
            "t::imp -> t::port impl",
            "t::user -> t::imp type",
            "t::user -> t::port method",
            "t::user -> t::port type",
            "t::user -> t::port use",
        ],
    );
}

#[test]
fn a_project_alias_named_like_a_prelude_item_is_the_project_one() {
    check(
        &[
            ("lib.rs", "mod error; mod api;"),
            (
                "error.rs",
                "pub struct E;\npub type Result<T> = std::result::Result<T, E>;",
            ),
            (
                "api.rs",
                "use crate::error::Result;\nfn f() -> Result<()> { Ok(()) }",
            ),
        ],
        &["t::api -> t::error type", "t::api -> t::error use"],
    );
}

#[test]
fn a_local_takes_the_type_of_its_initializer_and_a_wrapper_alias_derefs() {
    check(
        &[
            ("lib.rs", "mod port; mod state; mod user;"),
            ("port.rs", "pub trait Port { fn go(&self); }"),
            (
                "state.rs",
                "pub struct Data { pub db: std::sync::Arc<dyn crate::port::Port> }\npub struct Wrap<T>(pub T);\npub type App = Wrap<Data>;",
            ),
            (
                "user.rs",
                "use crate::state::App;\nfn f(state: App) { let db = state.db.clone(); db.go(); }",
            ),
        ],
        &[
            "t::state -> t::port contain",
            "t::user -> t::port method",
            "t::user -> t::state type",
            "t::user -> t::state use",
        ],
    );
}

#[test]
fn a_receiver_typed_self_is_the_impl_type() {
    // The impl in `c` extends `a::A`, whose `run` is defined in `a`; `b` has a `run` too.
    check(
        &[
            ("lib.rs", "mod a; mod b; mod c;"),
            ("a.rs", "pub struct A;\nimpl A { pub fn run(&self) {} }"),
            ("b.rs", "pub struct B;\nimpl B { pub fn run(&self) {} }"),
            (
                "c.rs",
                "use crate::a::A;\nimpl A {\n    fn twice(&self, other: &Self) { other.run(); }\n}",
            ),
        ],
        &[
            "t::c -> t::a impl",
            "t::c -> t::a method",
            "t::c -> t::a use",
        ],
    );
}

/// `end` and `go` are defined by two modules each, so only the receiver's type can tell.
const TWO_OF_EACH: [(&str, &str); 3] = [
    (
        "a.rs",
        "pub struct M;\nimpl M {\n    pub fn new() -> Self { M }\n    pub fn end(&self) -> usize { 0 }\n    pub fn inner(&self) -> Option<crate::b::B> { None }\n    pub async fn load(&self) -> std::io::Result<crate::b::B> { todo!() }\n}\npub fn make() -> M { M }",
    ),
    ("b.rs", "pub struct B;\nimpl B { pub fn go(&self) {} }"),
    (
        "d.rs",
        "pub struct D;\nimpl D { pub fn end(&self) {} pub fn go(&self) {} }",
    ),
];

fn with_two_of_each<'a>(lib: &'a str, user: &'a str) -> Vec<(&'a str, &'a str)> {
    let mut files = vec![("lib.rs", lib)];
    files.extend(TWO_OF_EACH);
    files.push(("c.rs", user));
    files
}

#[test]
fn a_local_or_a_chain_takes_what_a_project_fn_returns() {
    check(
        &with_two_of_each(
            "mod a; mod b; mod c; mod d;",
            "use crate::a::{make, M};\nasync fn f() -> Option<()> {\n    let m = M::new();\n    m.end();\n    make().inner()?.go();\n    Ok::<_, ()>(()).ok()?;\n    let b = m.load().await.unwrap();\n    b.go();\n    let shared = std::sync::Arc::new(crate::b::B);\n    shared.go();\n    None\n}",
        ),
        &[
            "t::a -> t::b type",
            "t::c -> t::a call",
            "t::c -> t::a method",
            "t::c -> t::a use",
            "t::c -> t::b call",
            "t::c -> t::b method",
        ],
    );
}

#[test]
fn std_wrappers_guards_and_patterns_reach_the_project_type() {
    check(
        &with_two_of_each(
            "mod a; mod b; mod c; mod d;",
            "use crate::b::B;\nuse std::sync::{Arc, RwLock};\npub struct S { l: Arc<RwLock<B>>, c: std::cell::RefCell<B>, o: Option<B>, v: Vec<B>, r: Result<B, ()> }\nimpl S {\n    fn f(&self) {\n        self.l.read().unwrap().go();\n        self.c.borrow().go();\n        if let Some(b) = &self.o { b.go(); }\n        match self.r { Ok(ref b) => b.go(), Err(_) => {} }\n        for b in self.v.iter() { b.go(); }\n        self.v.first().unwrap().go();\n    }\n}",
        ),
        &[
            "t::a -> t::b type",
            "t::c -> t::b method",
            "t::c -> t::b contain",
            "t::c -> t::b use",
        ],
    );
}

#[test]
fn a_closure_parameter_of_a_std_adapter_is_an_element_of_the_receiver() {
    check(
        &with_two_of_each(
            "mod a; mod b; mod c; mod d;",
            "use crate::b::B;\nfn f(v: Vec<B>, o: Option<B>) {\n    v.iter().filter(|x| true).for_each(|b| b.go());\n    o.map(|b| b.go());\n}",
        ),
        &[
            "t::a -> t::b type",
            "t::c -> t::b method",
            "t::c -> t::b type",
            "t::c -> t::b use",
        ],
    );
}

#[test]
fn a_tuple_struct_field_and_a_struct_pattern_field_have_their_declared_type() {
    for user in [
        "pub struct W(crate::b::B);\nfn f(w: W) { w.0.go(); }",
        "pub struct S { o: Option<crate::b::B> }\nfn f(s: S) { let S { o } = s; o.unwrap().go(); }",
    ] {
        check(
            &with_two_of_each("mod a; mod b; mod c; mod d;", user),
            &[
                "t::a -> t::b type",
                "t::c -> t::b method",
                "t::c -> t::b contain",
            ],
        );
    }
}

#[test]
fn an_extension_trait_in_scope_takes_calls_on_std_and_dependency_types() {
    check(
        &[
            ("lib.rs", "mod error; mod user;"),
            (
                "error.rs",
                "pub trait OkOrMessage { fn ok_or_message(self, m: &str) -> u8; }\nimpl<T> OkOrMessage for Option<T> { fn ok_or_message(self, _: &str) -> u8 { 0 } }",
            ),
            (
                "user.rs",
                "use crate::error::OkOrMessage;\nfn f(h: &http::HeaderMap) { h.get(\"x\").ok_or_message(\"no\"); }",
            ),
        ],
        &["t::user -> t::error method", "t::user -> t::error use"],
    );
}

#[test]
fn a_call_through_an_extension_trait_of_a_dependency_type_takes_its_result() {
    check(
        &[
            ("lib.rs", "mod view; mod provider; mod user;"),
            (
                "view.rs",
                "pub struct View;\nimpl View { pub fn balance(&self) -> u64 { 0 } }",
            ),
            (
                "provider.rs",
                "use crate::view::View;\npub trait Provider { fn view(&self) -> &View; }\nimpl Provider for graphql::Context { fn view(&self) -> &View { todo!() } }",
            ),
            (
                "user.rs",
                "use crate::provider::Provider;\nfn f(ctx: &graphql::Context) -> u64 { let q = ctx.view(); q.balance() }",
            ),
        ],
        &[
            "t::provider -> t::view type",
            "t::provider -> t::view use",
            "t::user -> t::provider method",
            "t::user -> t::provider use",
            "t::user -> t::view method",
        ],
    );
}

#[test]
fn try_on_a_dependency_result_alias_gives_its_first_type_argument() {
    check(
        &[
            ("lib.rs", "mod view; mod old; mod user;"),
            (
                "view.rs",
                "pub struct View;\nimpl View { pub fn balance(&self) -> u64 { 0 } }",
            ),
            // A namesake the call must not go to.
            (
                "old.rs",
                "pub struct Old;\nimpl Old { pub fn balance(&self) -> u64 { 0 } }",
            ),
            (
                "user.rs",
                "use storage::Result as StorageResult;\nuse std::borrow::Cow;\nuse crate::{old::Old, view::View};\nfn read() -> StorageResult<Cow<'static, View>> { todo!() }\nfn f(_: Old) -> StorageResult<u64> { let q = read()?; Ok(q.balance()) }",
            ),
        ],
        &[
            "t::user -> t::old type",
            "t::user -> t::old use",
            "t::user -> t::view method",
            "t::user -> t::view type",
            "t::user -> t::view use",
        ],
    );
}

#[test]
fn a_struct_field_of_a_bounded_generic_type_takes_the_bound_methods() {
    check(
        &[
            ("lib.rs", "mod port; mod imp; mod table;"),
            ("port.rs", "pub trait Replication { fn nodes(&self); }"),
            (
                "imp.rs",
                "pub struct Imp;\nimpl crate::port::Replication for Imp { fn nodes(&self) {} }",
            ),
            (
                "table.rs",
                "use crate::port::Replication;\npub struct Table<R: Replication> { replication: R }\nimpl<R: Replication> Table<R> { fn f(&self) { self.replication.nodes(); } }",
            ),
        ],
        &[
            "t::imp -> t::port impl",
            "t::table -> t::port method",
            "t::table -> t::port type",
            "t::table -> t::port use",
        ],
    );
}

#[test]
fn no_name_fallback_for_a_method_that_dependency_types_have_too() {
    // `header` is called on a dependency's builder in `b`, so `y.header()` on a receiver of
    // unknown type in `c` is not taken for `a`'s, although `c` names `a`; neither is `add`,
    // a std operator method.
    check(
        &[
            ("lib.rs", "mod a; mod b; mod c;"),
            (
                "a.rs",
                "pub struct A;\nimpl A { pub fn header(&self) {} pub fn add(&self, _: u8) {} }",
            ),
            ("b.rs", "fn g(r: http::response::Builder) { r.header(); }"),
            (
                "c.rs",
                "use crate::a::A;\nfn h(_: A) { let y = unknown(); y.header(); y.add(1); }",
            ),
        ],
        &["t::c -> t::a type", "t::c -> t::a use"],
    );
}

#[test]
fn a_generic_result_takes_the_type_arguments_of_the_receiver() {
    check(
        &[
            (
                "lib.rs",
                "mod crdt; mod model; mod other; mod table; mod user;",
            ),
            (
                "crdt.rs",
                "pub enum Deletable<T> { Present(T), Deleted }\nimpl<T> Deletable<T> { pub fn as_option(&self) -> Option<&T> { None } pub fn is_deleted(&self) -> bool { false } }",
            ),
            (
                "table.rs",
                "pub trait Schema { type E; }\npub struct Table<F: Schema> { pub f: F }\nimpl<F: Schema> Table<F> { pub fn get_local(&self) -> Result<Option<F::E>, ()> { Err(()) } }",
            ),
            (
                "model.rs",
                "pub struct Params;\nimpl Params { pub fn ping(&self) {} }\npub struct Bucket { pub state: crate::crdt::Deletable<Params> }\npub struct BucketTable;\nimpl crate::table::Schema for BucketTable { type E = Bucket; }",
            ),
            (
                "other.rs",
                "pub struct O;\nimpl O { pub fn ping(&self) {} pub fn is_deleted(&self) {} }",
            ),
            (
                "user.rs",
                "use crate::model::BucketTable;\nuse crate::table::Table;\npub struct G { pub t: std::sync::Arc<Table<BucketTable>> }\nfn f(g: &G) {\n    g.t.get_local().unwrap().filter(|b| !b.state.is_deleted());\n    let s = g.t.get_local().unwrap().unwrap().state.as_option().unwrap();\n    s.ping();\n}",
            ),
        ],
        &[
            "t::model -> t::crdt contain",
            "t::model -> t::table impl",
            "t::user -> t::crdt method",
            "t::user -> t::model method",
            "t::user -> t::model contain",
            "t::user -> t::model use",
            "t::user -> t::table method",
            "t::user -> t::table contain",
            "t::user -> t::table use",
        ],
    );
}

#[test]
fn a_method_falls_through_a_project_deref_impl() {
    check(
        &[
            ("lib.rs", "mod other; mod store; mod user; mod wrap;"),
            (
                "store.rs",
                "pub struct Cached;\nimpl Cached { pub fn get(&self) {} }",
            ),
            ("other.rs", "pub struct O;\nimpl O { pub fn get(&self) {} }"),
            (
                "wrap.rs",
                "pub struct Io(crate::store::Cached);\nimpl std::ops::Deref for Io { type Target = crate::store::Cached; fn deref(&self) -> &Self::Target { &self.0 } }",
            ),
            (
                "user.rs",
                "fn f(w: std::sync::Arc<crate::wrap::Io>) { w.get(); }",
            ),
        ],
        &[
            "t::user -> t::store method",
            "t::user -> t::wrap type",
            "t::wrap -> t::store contain",
            "t::wrap -> t::store type",
        ],
    );
}

#[test]
fn a_local_bound_to_a_match_takes_the_type_its_arms_yield() {
    check(
        &[
            ("lib.rs", "mod a; mod b; mod c;"),
            (
                "a.rs",
                "pub struct U;\nimpl U { pub fn verify(&self) -> bool { true } }\npub async fn unwrap_incoming() -> Result<Option<U>, ()> { Ok(None) }",
            ),
            ("c.rs", "pub struct V;\nimpl V { pub fn verify(&self) {} }"),
            (
                "b.rs",
                "async fn f() {\n    let w = match crate::a::unwrap_incoming().await { Ok(Some(u)) => u, _ => return };\n    w.verify();\n}",
            ),
        ],
        &["t::b -> t::a call", "t::b -> t::a method"],
    );
}

#[test]
fn a_generic_alias_takes_the_type_arguments_written_on_it() {
    check(
        &[
            ("lib.rs", "mod a; mod b; mod c; mod d;"),
            (
                "a.rs",
                "pub type DbResult<T> = Result<T, ()>;\npub struct U;\nimpl U { pub fn verify(&self) {} }\npub fn find() -> DbResult<Option<U>> { Ok(None) }",
            ),
            ("c.rs", "pub struct V;\nimpl V { pub fn verify(&self) {} }"),
            (
                "b.rs",
                "fn f() -> Option<()> {\n    let u = crate::a::find().ok()??;\n    u.verify();\n    None\n}",
            ),
            (
                "d.rs",
                "fn f() -> Result<(), ()> {\n    crate::a::find()?.unwrap().verify();\n    Ok(())\n}",
            ),
        ],
        &[
            "t::b -> t::a call",
            "t::b -> t::a method",
            "t::d -> t::a call",
            "t::d -> t::a method",
        ],
    );
}

#[test]
fn a_closure_parameter_takes_the_type_of_the_project_method_fn_bound() {
    check(
        &[
            ("lib.rs", "mod db; mod other; mod queue; mod tx;"),
            ("tx.rs", "pub struct Tx;\nimpl Tx { pub fn get(&self) {} }"),
            (
                "db.rs",
                "use crate::tx::Tx;\npub struct Db;\nimpl Db {\n    pub fn transaction<R, F>(&self, f: F) -> R where F: Fn(&mut Tx) -> R { todo!() }\n    pub fn each(&self, f: impl FnMut(u8, &Tx)) {}\n}",
            ),
            ("other.rs", "pub struct O;\nimpl O { pub fn get(&self) {} }"),
            (
                "queue.rs",
                "fn f(db: &crate::db::Db) {\n    db.transaction(|tx| tx.get());\n    db.each(|_, t| t.get());\n}",
            ),
        ],
        &[
            "t::db -> t::tx type",
            "t::db -> t::tx use",
            "t::queue -> t::db method",
            "t::queue -> t::db type",
            "t::queue -> t::tx method",
        ],
    );
}

#[test]
fn a_trait_forwarded_to_references_of_its_implementors_extends_no_foreign_type() {
    check(
        &[
            ("lib.rs", "mod m; mod user;"),
            (
                "m.rs",
                "pub trait Matcher { fn find_iter(&self); }\nimpl<'a, M: Matcher> Matcher for &'a M { fn find_iter(&self) {} }",
            ),
            (
                "user.rs",
                "use crate::m::Matcher;\npub struct R { regex: Vec<u8> }\nimpl R { fn f(&self) { self.regex.find_iter(); } }",
            ),
        ],
        &["t::user -> t::m use"],
    );
}

mod kinds;
mod model_tables;
