//! Integration tests of the `cargo-seams` binary, one test binary (`cargo test --test cli`)
//! with a module per topic. Every test runs the built binary (see `util.rs`); none builds or runs
//! the analysed fixtures. Where a test should go:
//!
//! - `workspace.rs`, `shop.rs`, `bad_input.rs`: one fixture's module graph against its
//!   `fixtures/<name>/EXPECTED.md`.
//! - `generated_input.rs`: broken or hostile inputs written at run time into a temp dir, and
//!   paths that are not a crate.
//! - `discovery.rs`: what is analysed for a path, as cargo finds it (layouts, `-p`, `--manifest-path`).
//! - `language.rs`: Rust forms the module tree must follow (raw identifiers, unknown cfgs).
//! - `determinism.rs`: byte-identical output across `-j`, runs and locations.
//! - `graph_output.rs`: the `graph` formats (DOT, Mermaid, JSON).
//! - `graph_scale.rs`: `--focus`/`--depth`/`--collapse`/`--min-weight`, Mermaid folding, SVG (#13).
//! - `html_report.rs`: `analyze --format html`, offline and complete, in headless Chromium (#13).
//! - `explain.rs`: the `explain` command.
//! - `cli_basics.rs`: help, usage errors, exit codes, `cargo seams` form, `-o`, `-q`.
//! - `proposal.rs`: services, kernel, boundaries, extraction order, warnings (issue #4).
//! - `layered.rs`: the domain-first proposal on a layer-laid app (issue #9).
//! - `settled.rs`: how settled each placement is across re-runs with other seeds (issue #9).
//! - `features.rs`: the proposal on a feature-laid app whose folders hold their own `db`,
//!   `error` and `config` modules (issue #9).
//! - `data.rs`: the shared-data graph on the ORM fixtures and the shop statics (issue #3).
//! - `writes.rs`: table writes through project macros, model impls, SQL constants, SeaORM (#10).
//! - `declared.rs`: `--declared`, the services of seams.toml kept and the rest placed (issue #9).
//! - `snapshots.rs`: insta snapshots, only in addition to explicit assertions.
//!
//! A test that exposes a bug in the tool stays, marked `#[ignore = "bug: …"]`.

#[path = "../common/copy.rs"]
mod copy;

mod bad_input;
mod cli_basics;
mod data;
mod declared;
mod deep_input;
mod determinism;
mod discovery;
mod explain;
mod features;
mod generated_input;
mod graph_output;
mod graph_scale;
mod hexagonal;
mod html_report;
mod language;
mod layered;
mod proposal;
mod reliability;
mod settled;
mod shop;
mod snapshots;
mod util;
mod workspace;
mod writes;
