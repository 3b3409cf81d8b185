//! Loading one file: size, encoding and nesting guards, then syn, then the summary, all on
//! the current thread, which is the only one where the file's span locations resolve. Never
//! panics: a panic inside syn or the extractor becomes a diagnostic.

use super::extract::{self, FileCtx};
use super::ir::{FileFacts, ModuleFacts};
use super::scan;
use crate::model::{Diagnostic, DiagnosticCode};
use std::path::Path;

/// Files larger than this are skipped with a diagnostic.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;
/// Bracket nesting deeper than this is refused (real code stays far below).
pub const MAX_NESTING: usize = 256;
/// More operators than this in one statement piece is refused (real code stays far below).
pub const MAX_OPERATORS: usize = 2000;
/// A chain of nested brackets, operators and prefix keywords longer than this is refused (see
/// `scan::SourceScan::max_chain`). syn and the visitors use up to ~13 KB of stack per link
/// in a debug build (`break break …`), so this stays under a quarter of the parse threads'
/// stack; real code stays far below.
pub const MAX_CHAIN: usize = 10_000;

/// Result of loading one file.
#[derive(Clone, Debug, Default)]
pub struct LoadedFile {
    /// The summary (one empty module when the file could not be read or parsed).
    pub facts: FileFacts,
    /// Number of lines.
    pub lines: u32,
}

fn failed(diag: Diagnostic) -> LoadedFile {
    LoadedFile {
        facts: FileFacts {
            modules: vec![ModuleFacts {
                line: 1,
                ..Default::default()
            }],
            diagnostics: vec![diag],
            cfg_off: false,
        },
        lines: 0,
    }
}

/// Reads, checks, parses and summarises `abs`.
pub fn load(abs: &Path, ctx: &FileCtx<'_>) -> LoadedFile {
    let rel = ctx.rel;
    match std::fs::metadata(abs) {
        Ok(m) if m.len() > MAX_FILE_BYTES => {
            return failed(Diagnostic::warning(
                DiagnosticCode::FileTooLarge,
                rel,
                0,
                0,
                format!(
                    "file is {} bytes, over the {} byte limit; skipped",
                    m.len(),
                    MAX_FILE_BYTES
                ),
            ));
        }
        Ok(_) => {}
        Err(e) => {
            return failed(Diagnostic::warning(
                DiagnosticCode::UnreadableFile,
                rel,
                0,
                0,
                format!("cannot read file: {e}"),
            ));
        }
    }
    let bytes = match std::fs::read(abs) {
        Ok(b) => b,
        Err(e) => {
            return failed(Diagnostic::warning(
                DiagnosticCode::UnreadableFile,
                rel,
                0,
                0,
                format!("cannot read file: {e}"),
            ));
        }
    };
    if bytes.contains(&0) {
        return failed(Diagnostic::warning(
            DiagnosticCode::NotUtf8,
            rel,
            0,
            0,
            "file holds NUL bytes: a binary file, not Rust source; skipped",
        ));
    }
    let src = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..offset]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u32
                + 1;
            return failed(Diagnostic::warning(
                DiagnosticCode::NotUtf8,
                rel,
                line,
                0,
                format!("file is not valid UTF-8 (first bad byte at offset {offset}); skipped"),
            ));
        }
    };
    let scanned = scan::scan(&src);
    let lines = scanned.code_lines.len() as u32;
    if scanned.max_depth > MAX_NESTING {
        return failed(Diagnostic::warning(
            DiagnosticCode::TooDeep,
            rel,
            scanned.depth_line,
            0,
            format!(
                "brackets nest {} deep here, over the limit of {MAX_NESTING}; file skipped",
                scanned.max_depth
            ),
        ));
    }
    if scanned.max_operators > MAX_OPERATORS {
        return failed(Diagnostic::warning(
            DiagnosticCode::TooDeep,
            rel,
            scanned.operators_line,
            0,
            format!(
                "one expression or type chains {} operators here, over the limit of {MAX_OPERATORS}; file skipped",
                scanned.max_operators
            ),
        ));
    }
    if scanned.max_chain > MAX_CHAIN {
        return failed(Diagnostic::warning(
            DiagnosticCode::TooDeep,
            rel,
            scanned.chain_line,
            0,
            format!(
                "brackets, operators and `return`/`break`/`yield` nest {} deep here, over the limit of {MAX_CHAIN}; file skipped",
                scanned.max_chain
            ),
        ));
    }
    let src = without_doc_comments(src, &scanned.doc_comments);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        parse_and_summarize(&src, ctx, lines)
    }));
    proc_macro2::extra::invalidate_current_thread_spans();
    let (modules, end_lines, diag, cfg_off) = match result {
        Ok(r) => r,
        Err(_) => (
            Vec::new(),
            Vec::new(),
            Some(Diagnostic::warning(
                DiagnosticCode::SyntaxError,
                rel,
                0,
                0,
                "internal error while reading this file; skipped",
            )),
            false,
        ),
    };
    let mut modules = if modules.is_empty() {
        vec![ModuleFacts {
            line: 1,
            ..Default::default()
        }]
    } else {
        modules
    };
    assign_loc(&mut modules, &end_lines, &scanned.code_lines);
    LoadedFile {
        facts: FileFacts {
            modules,
            diagnostics: diag.into_iter().collect(),
            cfg_off,
        },
        lines,
    }
}

/// The source with its doc comments turned into plain comments of the same length (`///` →
/// `// `, `/**` → `/* `): syn would make each one a `#[doc = "…"]` attribute, escaping,
/// re-reading and allocating its text, and nothing downstream reads them. Every line and
/// column stays where it was. `offsets` come from the scan, which knows strings and comments.
fn without_doc_comments(src: String, offsets: &[usize]) -> String {
    if offsets.is_empty() {
        return src;
    }
    let mut bytes = src.into_bytes();
    for &offset in offsets {
        if let Some(b) = bytes.get_mut(offset)
            && matches!(*b, b'/' | b'!' | b'*')
        {
            *b = b' ';
        }
    }
    // ASCII replaced by ASCII: still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Modules, their end lines, a parse problem, and whether an inner `#![cfg]` is false.
type Summary = (Vec<ModuleFacts>, Vec<u32>, Option<Diagnostic>, bool);

/// Words every SQL or ORM entry point the data-fact finder knows contains (`sqlx::query`,
/// `.execute(`, `.prepare(`, `sql_query`, `raw_sql`, `sea_orm`, `table_name`): a file with none
/// of them holds no data facts, and the finder's walk (which re-parses macro bodies) is skipped.
const DATA_WORDS: &[&str] = &[
    "query",
    "execute",
    "prepare",
    "raw_sql",
    "sea_orm",
    "table_name",
];

fn parse_and_summarize(src: &str, ctx: &FileCtx<'_>, lines: u32) -> Summary {
    let ctx = &FileCtx {
        cfg: ctx.cfg,
        crate_dir: ctx.crate_dir,
        root: ctx.root,
        rel: ctx.rel,
        may_hold_data: DATA_WORDS.iter().any(|w| src.contains(w)),
    };
    match syn::parse_file(src) {
        Ok(file) => {
            if !ctx.cfg.is_enabled(&file.attrs) {
                return (Vec::new(), Vec::new(), None, true);
            }
            let (modules, end_lines) = extract::summarize(&file, ctx, lines);
            drop(file);
            (modules, end_lines, None, false)
        }
        Err(e) => {
            let start = e.span().start();
            let diag = Diagnostic::warning(
                DiagnosticCode::SyntaxError,
                ctx.rel,
                start.line as u32,
                start.column as u32 + 1,
                format!("cannot parse: {e}; the file's modules are left empty"),
            );
            (Vec::new(), Vec::new(), Some(diag), false)
        }
    }
}

/// Gives each module the code lines inside its range that no inner module claims.
fn assign_loc(modules: &mut [ModuleFacts], end_lines: &[u32], code: &[bool]) {
    let n = modules.len();
    let range = |i: usize| -> (u32, u32) {
        let start = modules[i].line.max(1);
        let end = end_lines
            .get(i)
            .copied()
            .unwrap_or(code.len() as u32)
            .max(start);
        (start, end)
    };
    let ranges: Vec<(u32, u32)> = (0..n).map(range).collect();
    let mut counts = vec![0u32; n];
    for (idx, is_code) in code.iter().enumerate() {
        if !*is_code {
            continue;
        }
        let line = idx as u32 + 1;
        // The innermost module containing the line: the one with the latest start.
        let owner = (0..n)
            .filter(|&i| ranges[i].0 <= line && line <= ranges[i].1)
            .max_by_key(|&i| (ranges[i].0, i))
            .unwrap_or(0);
        counts[owner] += 1;
    }
    for (m, c) in modules.iter_mut().zip(counts) {
        m.loc = c;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::cfg::CfgEnv;

    fn load_str(src: &str) -> LoadedFile {
        // A directory of its own per call: tests run in parallel threads of one process.
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().to_path_buf();
        let path = dir.join("lib.rs");
        std::fs::write(&path, src).unwrap();
        let cfg = CfgEnv::default();
        let ctx = FileCtx {
            cfg: &cfg,
            crate_dir: &dir,
            root: &dir,
            rel: "lib.rs",
            may_hold_data: true,
        };
        load(&path, &ctx)
    }

    #[test]
    fn doc_comments_are_skipped_without_moving_anything() {
        let src = "//! The crate. See [`crate::a::Hidden`].\n\
                   /** Block doc naming crate::a::Hidden. */\n\
                   pub mod a {\n    /// `crate::b::Gone` in a doc.\n    pub struct S;\n}\n\
                   /// Docs. /* not a nested comment */\n\
                   pub fn f() -> a::S { let s = \"/// kept\"; let _ = s; a::S }\n";
        let stripped = without_doc_comments(src.to_string(), &scan::scan(src).doc_comments);
        assert_eq!(stripped.len(), src.len());
        assert!(stripped.contains("\"/// kept\""), "strings are left alone");
        let loaded = load_str(src);
        assert!(
            loaded.facts.diagnostics.is_empty(),
            "{:?}",
            loaded.facts.diagnostics
        );
        let root = &loaded.facts.modules[0];
        let f = root.items.iter().find(|i| i.name == "f").unwrap();
        assert_eq!((f.line, f.column), (8, 8));
        let paths: Vec<&str> = root.refs.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(paths, vec!["a::S", "a::S"]);
        let inner = &loaded.facts.modules[1];
        assert_eq!(inner.items[0].line, 5);
        // Doc lines are comment lines, not code.
        assert_eq!(root.loc + inner.loc, 4);
    }

    /// Issue #11, item 4: write roots were kept by address, and the tree of the first macro
    /// body is freed before the second is parsed, so `COUNTER` could land where `other` was.
    #[test]
    fn a_write_in_one_macro_body_never_makes_a_later_path_a_write() {
        use crate::model::Access;
        let src = "pub static COUNTER: u32 = 0;\n\
                   pub fn f() {\n\
                   \x20   assert!(delete(OTHER));\n\
                   \x20   assert!(keep(COUNTER));\n\
                   \x20   assert!(keep(&mut LAST.len));\n\
                   }\n";
        for _ in 0..20 {
            let loaded = load_str(src);
            let refs = &loaded.facts.modules[0].refs;
            let access = |path: &str, line: u32| {
                refs.iter()
                    .find(|r| r.path == path && r.line == line)
                    .map(|r| r.access)
            };
            assert_eq!(access("COUNTER", 4), Some(Access::Read), "{refs:#?}");
            assert_eq!(access("OTHER", 3), Some(Access::Write), "{refs:#?}");
            assert_eq!(access("LAST", 5), Some(Access::Write), "{refs:#?}");
        }
    }
}
