//! Tests of the architecture itself (tests only): every file under `src/` starts with its `//!`
//! line saying what it owns, and no stage imports a later one (docs/ARCHITECTURE.md).
//!
//! The stage order is [`STAGES`]; a module may use the stages at its own rank or before it.
//! Test code (`#[cfg(test)]` modules and the files they declare) may use any stage to check
//! its answer, so it is not walked.

use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// The stages of the library in pipeline order, with their rank; equal ranks are peers.
/// `config` (seams.toml) is read by `check` and the runner only; `explain` queries an
/// `Analysis` for `report::explain`; `output_file` writes what
/// `report` and `check` produce; `pipeline` (and `lib.rs`) run everything.
const STAGES: [(&str, usize); 15] = [
    ("model", 0),
    ("discover", 1),
    ("parse", 2),
    ("resolve", 3),
    ("graph", 4),
    ("data", 5),
    ("cluster", 6),
    ("metrics", 7),
    ("config", 8),
    ("explain", 8),
    ("report", 9),
    ("output_file", 9),
    ("check", 9),
    ("pipeline", 10),
    ("lib", 10),
];

fn rank(stage: &str) -> Option<usize> {
    STAGES.iter().find(|(s, _)| *s == stage).map(|(_, r)| *r)
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// True for `#[cfg(test)]`.
fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.meta
                .require_list()
                .is_ok_and(|l| l.tokens.to_string() == "test")
    })
}

/// The first segment after `crate::` of every path and `use` tree outside test code.
#[derive(Default)]
struct CrateUses {
    used: Vec<String>,
}

impl CrateUses {
    fn use_tree(&mut self, tree: &syn::UseTree, after_crate: bool) {
        match tree {
            syn::UseTree::Path(p) if after_crate => self.used.push(p.ident.to_string()),
            syn::UseTree::Path(p) => self.use_tree(&p.tree, p.ident == "crate"),
            syn::UseTree::Name(n) if after_crate => self.used.push(n.ident.to_string()),
            syn::UseTree::Rename(r) if after_crate => self.used.push(r.ident.to_string()),
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    self.use_tree(t, after_crate);
                }
            }
            _ => {}
        }
    }
}

impl<'ast> Visit<'ast> for CrateUses {
    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        if !is_test_only(&m.attrs) {
            syn::visit::visit_item_mod(self, m);
        }
    }
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        if !is_test_only(&f.attrs) {
            syn::visit::visit_item_fn(self, f);
        }
    }
    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        if !is_test_only(&u.attrs) {
            self.use_tree(&u.tree, false);
        }
    }
    fn visit_path(&mut self, p: &'ast syn::Path) {
        let mut segments = p.segments.iter();
        if let (Some(first), Some(second)) = (segments.next(), segments.next())
            && first.ident == "crate"
        {
            self.used.push(second.ident.to_string());
        }
        syn::visit::visit_path(self, p);
    }
}

/// The files of the library that are not test code, from `lib.rs` along `mod` declarations.
fn library_files() -> Vec<PathBuf> {
    fn walk(items: &[syn::Item], dir: &Path, out: &mut Vec<PathBuf>) {
        for item in items {
            let syn::Item::Mod(m) = item else { continue };
            if is_test_only(&m.attrs) {
                continue;
            }
            let name = m.ident.to_string();
            if let Some((_, inline)) = &m.content {
                walk(inline, &dir.join(&name), out);
                continue;
            }
            let (file, child_dir) = if dir.join(format!("{name}.rs")).exists() {
                (dir.join(format!("{name}.rs")), dir.join(&name))
            } else {
                (dir.join(&name).join("mod.rs"), dir.join(&name))
            };
            let text = std::fs::read_to_string(&file)
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let parsed =
                syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            out.push(file);
            walk(&parsed.items, &child_dir, out);
        }
    }
    let lib = src().join("lib.rs");
    let parsed = syn::parse_file(&std::fs::read_to_string(&lib).expect("lib.rs")).expect("lib.rs");
    let mut out = vec![lib];
    walk(&parsed.items, &src(), &mut out);
    out
}

/// The stage a file of `src/` belongs to: its top folder, or its file stem at the top.
fn stage_of(file: &Path) -> String {
    let rel = file.strip_prefix(src()).expect("under src/");
    let first = rel.components().next().expect("a component");
    let first = first.as_os_str().to_string_lossy();
    first.strip_suffix(".rs").unwrap_or(&first).to_string()
}

#[test]
fn no_stage_imports_a_later_one() {
    let files = library_files();
    assert!(files.len() > 50, "the walk found {} files", files.len());
    let mut wrong = Vec::new();
    for file in &files {
        let stage = stage_of(file);
        let own = rank(&stage).unwrap_or_else(|| panic!("stage `{stage}` is not in STAGES"));
        let parsed =
            syn::parse_file(&std::fs::read_to_string(file).expect("readable")).expect("parses");
        let mut uses = CrateUses::default();
        uses.visit_file(&parsed);
        for used in uses.used {
            // Paths like `crate::a::X` in doc examples of other crates are not ours.
            let Some(theirs) = rank(&used) else { continue };
            if theirs > own {
                wrong.push(format!("{} uses crate::{used}", file.display()));
            }
        }
    }
    wrong.sort();
    wrong.dedup();
    assert!(
        wrong.is_empty(),
        "later stages imported:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn every_source_file_says_what_it_owns() {
    let mut missing = Vec::new();
    for entry in walkdir::WalkDir::new(src()) {
        let entry = entry.expect("walkable src/");
        if entry.path().extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(entry.path()).expect("readable");
            if !text.starts_with("//! ") {
                missing.push(entry.path().display().to_string());
            }
        }
    }
    missing.sort();
    assert!(
        missing.is_empty(),
        "no `//!` line at the top:\n{}",
        missing.join("\n")
    );
}

#[test]
fn lib_rs_and_the_architecture_doc_give_the_stage_order() {
    let order = "discover → parse → resolve → graph → data → cluster → metrics";
    let lib = std::fs::read_to_string(src().join("lib.rs")).expect("lib.rs");
    let plain: String = lib
        .lines()
        .map(|l| l.trim_start_matches("//!").trim())
        .collect::<Vec<_>>()
        .join(" ")
        .replace(['[', ']', '`'], "");
    assert!(plain.contains(order), "lib.rs does not give `{order}`");
    let doc = std::fs::read_to_string(src().join("../docs/ARCHITECTURE.md")).expect("doc");
    let drawn = "discover ──► parse ──► resolve ──► graph ──► data ──► cluster ──► metrics";
    assert!(
        doc.contains(drawn),
        "ARCHITECTURE.md does not draw `{drawn}`"
    );
    let ranked: Vec<&str> = STAGES.iter().map(|(s, _)| *s).collect();
    let expected = [
        "discover", "parse", "resolve", "graph", "data", "cluster", "metrics",
    ];
    let positions: Vec<usize> = expected
        .iter()
        .map(|s| ranked.iter().position(|r| r == s).expect("ranked"))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]));
}
