//! Evaluation of `#[cfg(…)]` predicates and `#[cfg_attr(…)]` for the configuration we
//! analyse: a 64-bit Linux host with every cargo feature on, `test` only with
//! `--include-tests`. Tool and test cfgs passed by RUSTFLAGS (`loom`, `docsrs`, `miri`,
//! `fuzzing`, and names a manifest declares in `[lints.rust.unexpected_cfgs]`) are off, as they
//! are for a plain `cargo build --all-features`. Any other cfg name is set by something we do
//! not run (a build script's `cargo:rustc-cfg=sqlite`): its truth is unknown, and code under an
//! unknown predicate is kept (the union of configurations), so a module that only some builds
//! compile is still part of the system; [`CfgEnv::unknown_names`] says which names did so.

use proc_macro2::{Delimiter, Punct, Spacing, TokenStream, TokenTree};
use std::collections::BTreeSet;
use syn::punctuated::Punctuated;
use syn::{Attribute, Meta, Token};

/// cfg names that tools and test harnesses pass by RUSTFLAGS; off in a plain build.
const TOOL_CFGS: &[&str] = &[
    "loom",
    "docsrs",
    "doc",
    "doctest",
    "miri",
    "fuzzing",
    "tarpaulin",
    "tarpaulin_include",
    "coverage",
    "coverage_nightly",
    "kani",
    "clippy",
    "rustfmt",
    "nightly",
    "tokio_unstable",
    "tokio_taskdump",
    "tokio_allow_from_blocking_fd",
    "rustdoc",
];

/// Built-in cfg names and keys whose value the analysed configuration fixes.
const BUILTIN: &[&str] = &[
    "test",
    "unix",
    "windows",
    "debug_assertions",
    "target_thread_local",
    "proc_macro",
    "overflow_checks",
    "ub_checks",
    "panic",
    "feature",
    "target_os",
    "target_family",
    "target_arch",
    "target_pointer_width",
    "target_endian",
    "target_env",
    "target_vendor",
    "target_abi",
    "target_has_atomic",
    "target_has_atomic_load_store",
    "target_has_atomic_equal_alignment",
    "target_feature",
    "relocation_model",
    "sanitize",
    "fmt_debug",
    "contract_checks",
    "emscripten_wasm_eh",
];

/// The configuration cfg predicates are evaluated against.
#[derive(Clone, Debug, Default)]
pub struct CfgEnv {
    /// Whether `cfg(test)` holds.
    pub test: bool,
    /// Further names taken as off: declared by a manifest as expected cfgs (set by RUSTFLAGS).
    pub off: BTreeSet<String>,
    /// The enabled cargo features; `None`: every feature (the default).
    pub features: Option<BTreeSet<String>>,
    /// The target's cfgs.
    pub target: super::target::TargetCfg,
}

/// The truth of a predicate: unknown when it depends on a cfg we cannot evaluate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Truth {
    Yes,
    No,
    Unknown,
}

impl Truth {
    fn of(b: bool) -> Truth {
        if b { Truth::Yes } else { Truth::No }
    }

    /// Code under an unknown predicate is kept.
    fn keeps(self) -> bool {
        self != Truth::No
    }
}

impl CfgEnv {
    /// True when every `#[cfg]` among `attrs` holds or may hold (and `cfg_attr`-wrapped cfgs
    /// too).
    pub fn is_enabled(&self, attrs: &[Attribute]) -> bool {
        attrs.iter().all(|attr| {
            if attr.path().is_ident("cfg") {
                match &attr.meta {
                    Meta::List(list) => self.eval_tokens(&list.tokens),
                    _ => true,
                }
            } else if attr.path().is_ident("cfg_attr") {
                self.cfg_attr_metas(attr)
                    .iter()
                    .all(|m| !m.path().is_ident("cfg") || self.eval_meta_list(m))
            } else {
                true
            }
        })
    }

    /// The unknown cfg names of the `#[cfg]` attributes among `attrs` whose predicate is
    /// unknown (the code is kept only because we cannot tell), sorted.
    pub fn unknown_names(&self, attrs: &[Attribute]) -> Vec<String> {
        let mut out = Vec::new();
        for attr in attrs {
            if !attr.path().is_ident("cfg") {
                continue;
            }
            let Meta::List(list) = &attr.meta else {
                continue;
            };
            let tts: Vec<TokenTree> = list.tokens.clone().into_iter().collect();
            if self.eval_predicate(&tts) == Some(Truth::Unknown) {
                self.collect_unknown(&tts, &mut out);
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// The metas a `#[cfg_attr(pred, a, b)]` applies when `pred` holds or may hold (empty
    /// otherwise).
    pub fn cfg_attr_metas(&self, attr: &Attribute) -> Vec<Meta> {
        self.cfg_attr_metas_when(attr, false)
    }

    /// The attributes of a `#[cfg_attr(pred, attrs…)]` whose predicate is false (a `path`
    /// another platform takes); empty when it holds or is unknown.
    pub fn cfg_attr_metas_off(&self, attr: &Attribute) -> Vec<Meta> {
        self.cfg_attr_metas_when(attr, true)
    }

    fn cfg_attr_metas_when(&self, attr: &Attribute, off: bool) -> Vec<Meta> {
        let Meta::List(list) = &attr.meta else {
            return vec![];
        };
        // The predicate is read from the tokens; only a true one (rare: most are `docsrs`)
        // has its attributes parsed.
        let tts: Vec<TokenTree> = list.tokens.clone().into_iter().collect();
        let mut parts = split_commas(&tts);
        let Some(pred) = parts.next() else {
            return vec![];
        };
        if self.eval_predicate(pred).is_none_or(Truth::keeps) == off {
            return vec![];
        }
        let rest: TokenStream = parts
            .flat_map(|part| {
                part.iter()
                    .cloned()
                    .chain(std::iter::once(TokenTree::Punct(Punct::new(
                        ',',
                        Spacing::Alone,
                    ))))
            })
            .collect();
        match syn::parse::Parser::parse2(Punctuated::<Meta, Token![,]>::parse_terminated, rest) {
            Ok(metas) => metas.into_iter().collect(),
            Err(_) => vec![],
        }
    }

    fn eval_meta_list(&self, meta: &Meta) -> bool {
        match meta {
            Meta::List(list) => self.eval_tokens(&list.tokens),
            _ => true,
        }
    }

    /// Evaluates a predicate written as tokens (the inside of `cfg(...)`): true when it holds
    /// or may hold.
    pub fn eval_tokens(&self, tokens: &TokenStream) -> bool {
        let tts: Vec<TokenTree> = tokens.clone().into_iter().collect();
        // A predicate we cannot read: keep the code rather than lose it.
        self.eval_predicate(&tts).is_none_or(Truth::keeps)
    }

    /// Evaluates one predicate straight from its tokens (`name`, `name = "value"`,
    /// `all(…)`/`any(…)`/`not(…)`); `None` when it is not one of those shapes.
    fn eval_predicate(&self, tts: &[TokenTree]) -> Option<Truth> {
        let TokenTree::Ident(ident) = tts.first()? else {
            return None;
        };
        let name = crate::parse::ident_str(&ident);
        match &tts[1..] {
            [] => Some(self.flag(&name)),
            [TokenTree::Punct(eq), TokenTree::Literal(lit)] if eq.as_char() == '=' => {
                Some(match string_value(lit) {
                    Some(v) => self.key_value(&name, &v),
                    None => Truth::No,
                })
            }
            [TokenTree::Group(g)] if g.delimiter() == Delimiter::Parenthesis => {
                let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                let mut values = Vec::new();
                for part in split_commas(&inner) {
                    values.push(self.eval_predicate(part)?);
                }
                let has = |t: Truth| values.contains(&t);
                match name.as_str() {
                    "all" if has(Truth::No) => Some(Truth::No),
                    "all" if has(Truth::Unknown) => Some(Truth::Unknown),
                    "all" => Some(Truth::Yes),
                    "any" if has(Truth::Yes) => Some(Truth::Yes),
                    "any" if has(Truth::Unknown) => Some(Truth::Unknown),
                    "any" => Some(Truth::No),
                    "not" => Some(match values.first() {
                        Some(Truth::Yes) => Truth::No,
                        Some(Truth::Unknown) => Truth::Unknown,
                        _ => Truth::Yes,
                    }),
                    _ => Some(Truth::No),
                }
            }
            _ => None,
        }
    }

    /// The unknown names a predicate mentions.
    fn collect_unknown(&self, tts: &[TokenTree], out: &mut Vec<String>) {
        let Some(TokenTree::Ident(ident)) = tts.first() else {
            return;
        };
        let name = crate::parse::ident_str(&ident);
        match &tts[1..] {
            [TokenTree::Group(g)] if matches!(name.as_str(), "all" | "any" | "not") => {
                let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                for part in split_commas(&inner) {
                    self.collect_unknown(part, out);
                }
            }
            _ if self.is_unknown(&name) => out.push(name),
            _ => {}
        }
    }

    /// Neither built in nor a RUSTFLAGS cfg: set by something we do not run.
    fn is_unknown(&self, name: &str) -> bool {
        !BUILTIN.contains(&name) && !TOOL_CFGS.contains(&name) && !self.off.contains(name)
    }

    fn flag(&self, name: &str) -> Truth {
        match name {
            "test" => Truth::of(self.test),
            "unix" => Truth::of(self.target.is("unix")),
            "windows" => Truth::of(self.target.is("windows")),
            "debug_assertions" | "target_thread_local" | "overflow_checks" => Truth::Yes,
            _ if self.is_unknown(name) => Truth::Unknown,
            _ => Truth::No,
        }
    }

    fn key_value(&self, key: &str, value: &str) -> Truth {
        let t = &self.target;
        Truth::of(match key {
            "feature" => self.features.as_ref().is_none_or(|f| f.contains(value)),
            "target_os" => value == t.os,
            "target_family" => t.is(value),
            "target_arch" => value == t.arch,
            "target_pointer_width" => value == t.pointer_width,
            "target_endian" => value == t.endian,
            "target_env" => value == t.env,
            "target_vendor" => value == t.vendor,
            "panic" => value == "unwind",
            "target_has_atomic" => matches!(value, "8" | "16" | "32" | "64" | "ptr"),
            _ if self.is_unknown(key) => return Truth::Unknown,
            _ => false,
        })
    }
}

/// The comma-separated parts of a token list (a trailing comma makes no empty part).
fn split_commas(tts: &[TokenTree]) -> impl Iterator<Item = &[TokenTree]> {
    tts.split(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ','))
        .filter(|part| !part.is_empty())
}

/// The value of a plain or raw string literal (cfg values have no escapes worth reading).
fn string_value(lit: &proc_macro2::Literal) -> Option<String> {
    let text = lit.to_string();
    let body = text.strip_prefix('r').unwrap_or(&text);
    let hashes = body.len() - body.trim_start_matches('#').len();
    let body = &body[hashes..body.len().checked_sub(hashes)?];
    body.strip_prefix('"')?
        .strip_suffix('"')
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(s: &str) -> bool {
        let ts: TokenStream = s.parse().unwrap();
        CfgEnv::default().eval_tokens(&ts)
    }

    #[test]
    fn linux_with_all_features() {
        assert!(eval("unix"));
        assert!(!eval("windows"));
        assert!(eval(r#"feature = "anything""#));
        assert!(!eval(r#"not(feature = "x")"#));
        assert!(eval(r#"all(unix, target_os = "linux")"#));
        assert!(!eval(r#"any(windows, target_os = "macos")"#));
        assert!(!eval("test"));
        assert!(!eval("loom"));
        assert!(eval("not(loom)"));
    }

    #[test]
    fn unknown_names_keep_code_under_every_configuration() {
        // `sqlite` is set by a build script: both sides of it are kept.
        assert!(eval("sqlite"));
        assert!(eval("not(sqlite)"));
        assert!(eval(r#"db = "postgres""#));
        assert!(eval("any(windows, sqlite)"));
        // Known falsehood still decides.
        assert!(!eval("all(windows, sqlite)"));
        assert!(!eval("all(sqlite, loom)"));
        let env = CfgEnv {
            off: ["my_flag".to_string()].into(),
            ..CfgEnv::default()
        };
        assert!(!env.eval_tokens(&"my_flag".parse().unwrap()));
        let item: syn::ItemMod = syn::parse_quote! {
            #[cfg(all(unix, any(sqlite, mysql)))]
            #[cfg(feature = "x")]
            mod migrations;
        };
        assert_eq!(env.unknown_names(&item.attrs), ["mysql", "sqlite"]);
        let known: syn::ItemMod = syn::parse_quote! { #[cfg(any(unix, sqlite))] mod m; };
        assert!(env.unknown_names(&known.attrs).is_empty());
    }

    #[test]
    fn features_and_target_choose_the_configuration() {
        let env = CfgEnv {
            features: Some(["json".to_string()].into()),
            target: crate::parse::target::TargetCfg::from_triple("x86_64-pc-windows-msvc"),
            ..CfgEnv::default()
        };
        let on = |s: &str| env.eval_tokens(&s.parse().unwrap());
        assert!(on(r#"feature = "json""#));
        assert!(!on(r#"feature = "yaml""#));
        assert!(on("windows") && !on("unix"));
        assert!(on(r#"all(target_os = "windows", target_env = "msvc")"#));
        assert!(!on(r#"target_os = "linux""#));
    }

    #[test]
    fn attributes() {
        let item: syn::ItemMod = syn::parse_quote! { #[cfg(test)] mod tests; };
        assert!(!CfgEnv::default().is_enabled(&item.attrs));
        assert!(
            CfgEnv {
                test: true,
                ..CfgEnv::default()
            }
            .is_enabled(&item.attrs)
        );
    }

    #[test]
    fn predicates_read_from_tokens() {
        assert!(eval(r##"target_os = r#"linux"#"##));
        assert!(!eval(r#"target_os = "windows""#));
        assert!(eval(
            r#"all(unix, any(windows, feature = "x"), not(loom),)"#
        ));
        assert!(!eval(
            r#"all(unix, not(any(loom, target_arch = "x86_64")))"#
        ));
        assert!(!eval("unknown_list(unix)"));
        // Not a predicate: kept rather than lost.
        assert!(eval("= ="));
        assert!(!eval("target_pointer_width = 64"));
    }

    #[test]
    fn cfg_attr_applies_its_attributes_only_when_true() {
        let item: syn::ItemMod = syn::parse_quote! {
            #[cfg_attr(docsrs, doc(cfg(feature = "x")))]
            #[cfg_attr(all(unix, feature = "y"), path = "unix.rs", allow(dead_code))]
            mod m;
        };
        let env = CfgEnv::default();
        assert!(env.cfg_attr_metas(&item.attrs[0]).is_empty());
        let metas = env.cfg_attr_metas(&item.attrs[1]);
        assert_eq!(metas.len(), 2);
        assert!(metas[0].path().is_ident("path"));
        assert!(metas[1].path().is_ident("allow"));
    }
}
