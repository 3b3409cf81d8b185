//! A mutation fuzzer over the front end (scan, syn, the extractor, macro bodies, data facts):
//! every `.rs` file under `fixtures/` is mutated at random (bytes flipped, cut, repeated,
//! tokens that nest or chain inserted) and loaded as the pipeline loads it, on a thread with
//! the parse threads' stack. A stack overflow aborts the test; a panic, which `file::load` would
//! turn into an "internal error" diagnostic, fails it with the seed and the input.
//!
//! Cheap by default (a few hundred inputs, seconds). Longer, in release:
//! `SEAMS_FUZZ_ITERS=200000 SEAMS_FUZZ_SEED=7 cargo test --release --lib parse::fuzz -- --nocapture`.

use super::cfg::CfgEnv;
use super::extract::FileCtx;
use super::file;
use crate::cluster::rng::SplitMix64;
use std::path::{Path, PathBuf};

/// Fragments that make files nest, chain or name modules and data: the shapes of past crashes.
const FRAGMENTS: &[&str] = &[
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    "<",
    ">",
    "-",
    "!",
    "&",
    "*",
    "?",
    ".",
    "::",
    ";",
    ",",
    "'a",
    "\"",
    "r#\"",
    "\"#",
    "/*",
    "*/",
    "//",
    "///",
    "b'x'",
    "return ",
    "break ",
    "yield ",
    "loop { ",
    "if a { 1 } else ",
    "|| ",
    "move |x| ",
    "as u8 ",
    "#[path = \"x.rs\"] mod x;",
    "mod m { ",
    "macro_rules! m { () => { mod z; } }",
    "m!();",
    "cfg_if::cfg_if! { if #[cfg(unix)] { ",
    "assert!(delete(X)); ",
    "static mut S: u8 = 0; ",
    "unsafe { S += 1 } ",
    "sqlx::query(\"UPDATE t SET a = 1\")",
    "diesel::table! { t (id) { id -> Integer, } }",
    "#[cfg(test)]",
    "#![cfg(any())]",
    "\u{1b}[2J",
    "é",
    "\0",
    "\r\n",
];

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn mutate(rng: &mut SplitMix64, src: &[u8]) -> Vec<u8> {
    let mut out = src.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(5) {
            0 if !out.is_empty() => {
                let i = at.min(out.len() - 1);
                out[i] = rng.next_u64() as u8;
            }
            1 => {
                let end = (at + rng.below(64)).min(out.len());
                out.drain(at..end);
            }
            2 => {
                let end = (at + 1 + rng.below(32)).min(out.len());
                let piece = out[at.min(end)..end].to_vec();
                let times = 1 + rng.below(200);
                for _ in 0..times {
                    out.splice(at..at, piece.iter().copied());
                }
            }
            _ => {
                let fragment = FRAGMENTS[rng.below(FRAGMENTS.len())].as_bytes();
                let times = if rng.below(4) == 0 {
                    1 + rng.below(3000)
                } else {
                    1
                };
                let mut insert = Vec::with_capacity(fragment.len() * times);
                for _ in 0..times {
                    insert.extend_from_slice(fragment);
                }
                out.splice(at..at, insert);
            }
        }
    }
    out
}

#[test]
fn mutated_fixture_files_never_crash_the_front_end() {
    let iters: usize = std::env::var("SEAMS_FUZZ_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let seed: u64 = std::env::var("SEAMS_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(11);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut corpus = Vec::new();
    files(&root, &mut corpus);
    let sources: Vec<Vec<u8>> = corpus
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .collect();
    assert!(sources.len() > 50, "the fixtures are the corpus");
    let dir = tempfile::tempdir().unwrap();
    let dir_path = dir.path().to_path_buf();
    // The parse threads' stack, as in the pipeline.
    let worker = std::thread::Builder::new()
        .stack_size(super::STACK_BYTES)
        .spawn(move || {
            let mut rng = SplitMix64::new(seed);
            let cfg = CfgEnv {
                test: true,
                ..CfgEnv::default()
            };
            let path = dir_path.join("lib.rs");
            for i in 0..iters {
                let pick = rng.below(sources.len());
                let input = mutate(&mut rng, &sources[pick]);
                std::fs::write(&path, &input).unwrap();
                let ctx = FileCtx {
                    cfg: &cfg,
                    crate_dir: &dir_path,
                    root: &dir_path,
                    rel: "lib.rs",
                    may_hold_data: true,
                };
                let loaded = file::load(&path, &ctx);
                if let Some(d) = loaded
                    .facts
                    .diagnostics
                    .iter()
                    .find(|d| d.message.contains("internal error"))
                {
                    let kept = dir_path.with_extension(format!("crash-{seed}-{i}.rs"));
                    let _ = std::fs::write(&kept, &input);
                    panic!(
                        "input {i} (seed {seed}) panicked: {d}; kept as {}",
                        kept.display()
                    );
                }
            }
            iters
        })
        .unwrap();
    assert_eq!(worker.join().unwrap(), iters);
}
