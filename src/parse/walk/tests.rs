//! Tests of the tree walk on packages written to a temporary directory.
use super::super::{ModuleTree, ParseOptions, build_tree, thread_pool};
use crate::discover::{DiscoverOptions, discover};
use crate::model::DiagnosticCode;
use std::fs;

/// A package `app` in a temp dir with `files` (path, text) under it.
fn package(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(
        dir.path().join("Cargo.toml"),
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
    )
    .expect("manifest");
    for (path, text) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().expect("a parent")).expect("dirs");
        fs::write(path, text).expect("file");
    }
    dir
}

/// The tree the walk builds for a package `app` with `files`.
fn walked(files: &[(&str, &str)]) -> ModuleTree {
    let dir = package(files);
    let ws = discover(dir.path(), &DiscoverOptions::default()).expect("a package");
    build_tree(&ws, &ParseOptions::default(), &thread_pool(1))
}

/// Each module's id and file.
fn module_files(tree: &ModuleTree) -> Vec<(&str, &str)> {
    tree.modules
        .iter()
        .map(|m| (m.id.as_str(), m.file.as_str()))
        .collect()
}

/// The files reported as orphans.
fn orphans(tree: &ModuleTree) -> Vec<&str> {
    tree.diagnostics
        .iter()
        .filter(|d| d.code == DiagnosticCode::OrphanFile)
        .map(|d| d.file.as_str())
        .collect()
}

#[test]
fn the_walk_finds_module_files_as_rustc_does() {
    let tree = walked(&[
        (
            "src/lib.rs",
            "mod a;\nmod b;\n#[path = \"elsewhere/c_file.rs\"]\nmod c;\nmod d {\n    mod e;\n}\nmod missing;\n#[cfg(windows)]\nmod w;\n",
        ),
        ("src/a.rs", "mod inner;\n"),
        ("src/a/inner.rs", ""),
        ("src/b/mod.rs", "pub fn f() {}\n"),
        ("src/elsewhere/c_file.rs", ""),
        ("src/d/e.rs", ""),
        ("src/w.rs", ""),
        ("src/stray.rs", ""),
    ]);
    let modules = module_files(&tree);
    assert_eq!(
        modules,
        vec![
            ("app", "src/lib.rs"),
            ("app::a", "src/a.rs"),
            ("app::a::inner", "src/a/inner.rs"),
            ("app::b", "src/b/mod.rs"),
            ("app::c", "src/elsewhere/c_file.rs"),
            ("app::d", "src/lib.rs"),
            ("app::d::e", "src/d/e.rs"),
        ]
    );
    // Sorted by id, so parents come before children.
    for m in &tree.modules {
        if let Some(p) = m.parent {
            assert!(
                m.id.starts_with(&format!("{}::", tree.modules[p].id)),
                "{}",
                m.id
            );
        }
    }
    let codes: Vec<(DiagnosticCode, &str)> = tree
        .diagnostics
        .iter()
        .map(|d| (d.code, d.file.as_str()))
        .collect();
    // `mod missing;` has no file; src/stray.rs is named by nothing; src/w.rs is the file of
    // a module switched off by cfg, so no orphan.
    assert!(
        codes.contains(&(DiagnosticCode::MissingModuleFile, "src/lib.rs")),
        "{codes:?}"
    );
    assert!(
        codes.contains(&(DiagnosticCode::OrphanFile, "src/stray.rs")),
        "{codes:?}"
    );
    assert!(!codes.iter().any(|(_, f)| *f == "src/w.rs"), "{codes:?}");
    assert_eq!(tree.files, 6);
}

/// procs 0.14.12 pastes `columns/os_linux.rs`, a list of `mod` lines, into its `columns`
/// module; the macOS and Windows lists are switched off by cfg.
#[test]
fn an_included_source_file_is_read_as_a_module_whose_mod_lines_resolve_as_its_includers() {
    let tree = walked(&[
        (
            "src/lib.rs",
            "pub mod columns;\ninclude!(concat!(env!(\"OUT_DIR\"), \"/gen.rs\"));\n",
        ),
        (
            "src/columns.rs",
            "// columns\ninclude!(\"./columns/os_linux.rs\");\n\
             #[cfg(target_os = \"macos\")]\ninclude!(\"./columns/os_macos.rs\");\n\
             include!(\"./columns/os-bsd.rs\");\n",
        ),
        (
            "src/columns/os_linux.rs",
            "pub mod arch;\npub use self::arch::Arch;\n",
        ),
        ("src/columns/os_macos.rs", "pub mod mach;\n"),
        ("src/columns/os-bsd.rs", "pub mod kvm;\n"),
        ("src/columns/arch.rs", "pub struct Arch;\n"),
        ("src/columns/mach.rs", "pub struct Mach;\n"),
    ]);
    let modules = module_files(&tree);
    assert_eq!(
        modules,
        [
            ("app", "src/lib.rs"),
            ("app::columns", "src/columns.rs"),
            ("app::columns::os_linux", "src/columns/os_linux.rs"),
            ("app::columns::os_linux::arch", "src/columns/arch.rs"),
        ]
    );
    let mut found: Vec<(&str, &str, u32)> = tree
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.file.as_str(), d.line))
        .collect();
    found.sort();
    // A file whose name is no module name is said at its place, and is part of the crate; a
    // generated file (no literal path) is not named; the switched-off list is no orphan,
    // what only it declares is.
    assert_eq!(
        found,
        [
            ("orphan-file", "src/columns/mach.rs", 0),
            ("unfollowed-include", "src/columns.rs", 5),
        ],
        "{:?}",
        tree.diagnostics
    );
}

#[test]
fn a_file_that_includes_itself_is_a_loop_not_a_hang() {
    let tree = walked(&[("src/lib.rs", "#[path = \"lib.rs\"]\nmod again;\n")]);
    assert_eq!(tree.modules.len(), 1);
    assert!(
        tree.diagnostics
            .iter()
            .any(|d| d.code == DiagnosticCode::DuplicateModule),
        "{:?}",
        tree.diagnostics
    );
}

#[test]
fn a_module_declared_three_times_gets_three_ids_and_the_tree_stays_sorted() {
    let tree = walked(&[
        (
            "src/lib.rs",
            "#[cfg(one)]\n#[path = \"xa.rs\"]\nmod x;\n#[cfg(two)]\n#[path = \"xb.rs\"]\nmod x;\n#[cfg(three)]\n#[path = \"xc.rs\"]\nmod x;\nmod x0 {}\n",
        ),
        ("src/xa.rs", ""),
        ("src/xb.rs", ""),
        ("src/xc.rs", ""),
    ]);
    let modules: Vec<(&str, &str, Option<&str>)> = tree
        .modules
        .iter()
        .map(|m| {
            let parent = m.parent.map(|p| tree.modules[p].id.as_str());
            (m.id.as_str(), m.file.as_str(), parent)
        })
        .collect();
    // The second and third `x` are named by their place among the equal ids, then the
    // list is sorted again (`x0` sorts between `x` and `x[2]`).
    assert_eq!(
        modules,
        vec![
            ("app", "src/lib.rs", None),
            ("app::x", "src/xa.rs", Some("app")),
            ("app::x0", "src/lib.rs", Some("app")),
            ("app::x[2]", "src/xb.rs", Some("app")),
            ("app::x[3]", "src/xc.rs", Some("app")),
        ]
    );
}

#[test]
fn the_rust_migrations_a_macro_embeds_are_no_orphans() {
    let tree = walked(&[
        ("src/lib.rs", "pub mod embedded;\n"),
        (
            "src/embedded.rs",
            "refinery::embed_migrations!(\"./src/migrations\");\n",
        ),
        (
            "src/migrations/V0001__create_hashes.rs",
            "pub fn migration() -> String { String::new() }\n",
        ),
        ("src/stray.rs", "pub struct Stray;\n"),
    ]);
    assert_eq!(orphans(&tree), ["src/stray.rs"]);
}

/// aichat 0.30.0 declares its eight LLM clients through a macro of its own:
/// `register_client!((openai, "openai", OpenAIConfig, OpenAIClient), …)` expands to
/// `$( mod $module; )+`. The files its arguments name are its modules; an argument naming a
/// declared module is not declared twice; a macro that declares no module adopts nothing.
#[test]
fn modules_a_project_macro_declares_from_its_arguments_are_read() {
    let tree = walked(&[
        ("src/lib.rs", "pub mod client;\n"),
        (
            "src/client/mod.rs",
            "#[macro_use]\nmod macros;\nmod common;\n\
             register_client!(\n    (openai, \"openai\", OpenAIConfig),\n    \
             (claude, \"claude\", ClaudeConfig),\n    (common, \"common\", CommonConfig),\n    \
             (missing, \"missing\", MissingConfig),\n);\n\
             list_names!(stray);\n",
        ),
        (
            "src/client/macros.rs",
            "macro_rules! register_client {\n    ($(($module:ident, $name:literal, $config:ident),)+) => {\n        \
             $( mod $module; )+\n        $( use self::$module::$config; )+\n    };\n}\n\
             macro_rules! list_names {\n    ($($n:ident)*) => { const NAMES: &[&str] = &[$(stringify!($n)),*]; };\n}\n",
        ),
        ("src/client/common.rs", "pub struct Shared;\n"),
        (
            "src/client/openai.rs",
            "pub struct OpenAIConfig;\nmod wire;\n",
        ),
        ("src/client/openai/wire.rs", ""),
        ("src/client/claude/mod.rs", "pub struct ClaudeConfig;\n"),
        ("src/client/stray.rs", ""),
    ]);
    assert_eq!(
        module_files(&tree),
        [
            ("app", "src/lib.rs"),
            ("app::client", "src/client/mod.rs"),
            ("app::client::claude", "src/client/claude/mod.rs"),
            ("app::client::common", "src/client/common.rs"),
            ("app::client::macros", "src/client/macros.rs"),
            ("app::client::openai", "src/client/openai.rs"),
            ("app::client::openai::wire", "src/client/openai/wire.rs"),
        ]
    );
    assert_eq!(orphans(&tree), ["src/client/stray.rs"]);
}

/// pueue 4.0.4 picks one file per platform for `mod platform;` with `#[cfg_attr(…, path)]`:
/// the files of the other platforms are switched off, not orphans.
#[test]
fn the_files_other_platforms_take_by_cfg_attr_path_are_no_orphans() {
    let tree = walked(&[
        (
            "src/lib.rs",
            "#[cfg_attr(target_os = \"linux\", path = \"linux.rs\")]\n\
             #[cfg_attr(target_os = \"windows\", path = \"windows.rs\")]\n\
             #[cfg_attr(target_os = \"freebsd\", path = \"freebsd.rs\")]\nmod platform;\n",
        ),
        ("src/linux.rs", ""),
        ("src/windows.rs", ""),
        ("src/freebsd.rs", ""),
        ("src/stray.rs", ""),
    ]);
    assert_eq!(
        module_files(&tree),
        [("app", "src/lib.rs"), ("app::platform", "src/linux.rs")]
    );
    assert_eq!(orphans(&tree), ["src/stray.rs"]);
}
