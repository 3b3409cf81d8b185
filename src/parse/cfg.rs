//! Evaluation of `#[cfg(…)]` predicates and `#[cfg_attr(…)]` for the configuration we
//! analyse: a 64-bit Linux host with every cargo feature on, `test` only with
//! `--include-tests`. Unknown cfg names (`loom`, `docsrs`, `tokio_unstable`) are off, as they
//! are for a plain `cargo build --all-features`.

use proc_macro2::{Delimiter, Punct, Spacing, TokenStream, TokenTree};
use syn::punctuated::Punctuated;
use syn::{Attribute, Meta, Token};

/// The configuration cfg predicates are evaluated against.
#[derive(Clone, Debug, Default)]
pub struct CfgEnv {
    /// Whether `cfg(test)` holds.
    pub test: bool,
}

impl CfgEnv {
    /// True when every `#[cfg]` among `attrs` holds (and `cfg_attr`-wrapped cfgs too).
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

    /// The metas a `#[cfg_attr(pred, a, b)]` applies when `pred` holds (empty otherwise).
    pub fn cfg_attr_metas(&self, attr: &Attribute) -> Vec<Meta> {
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
        if !self.eval_predicate(pred).unwrap_or(true) {
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

    /// Evaluates a predicate written as tokens (the inside of `cfg(...)`).
    pub fn eval_tokens(&self, tokens: &TokenStream) -> bool {
        let tts: Vec<TokenTree> = tokens.clone().into_iter().collect();
        // A predicate we cannot read: keep the code rather than lose it.
        self.eval_predicate(&tts).unwrap_or(true)
    }

    /// Evaluates one predicate straight from its tokens (`name`, `name = "value"`,
    /// `all(…)`/`any(…)`/`not(…)`); `None` when it is not one of those shapes.
    fn eval_predicate(&self, tts: &[TokenTree]) -> Option<bool> {
        let TokenTree::Ident(ident) = tts.first()? else {
            return None;
        };
        let name = ident.to_string();
        match &tts[1..] {
            [] => Some(self.flag(&name)),
            [TokenTree::Punct(eq), TokenTree::Literal(lit)] if eq.as_char() == '=' => {
                Some(string_value(lit).is_some_and(|v| self.key_value(&name, &v)))
            }
            [TokenTree::Group(g)] if g.delimiter() == Delimiter::Parenthesis => {
                let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                let mut values = Vec::new();
                for part in split_commas(&inner) {
                    values.push(self.eval_predicate(part)?);
                }
                match name.as_str() {
                    "all" => Some(values.iter().all(|v| *v)),
                    "any" => Some(values.iter().any(|v| *v)),
                    "not" => Some(!values.first().copied().unwrap_or(false)),
                    _ => Some(false),
                }
            }
            _ => None,
        }
    }

    /// Evaluates one predicate.
    pub fn eval_meta(&self, meta: &Meta) -> bool {
        let name = meta
            .path()
            .get_ident()
            .map(|i| i.to_string())
            .unwrap_or_default();
        match meta {
            Meta::Path(_) => self.flag(&name),
            Meta::NameValue(nv) => {
                let value = match &nv.value {
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(s),
                        ..
                    }) => s.value(),
                    _ => return false,
                };
                self.key_value(&name, &value)
            }
            Meta::List(list) => {
                let Ok(inner) =
                    list.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
                else {
                    return true;
                };
                match name.as_str() {
                    "all" => inner.iter().all(|m| self.eval_meta(m)),
                    "any" => inner.iter().any(|m| self.eval_meta(m)),
                    "not" => !inner.iter().next().is_some_and(|m| self.eval_meta(m)),
                    _ => false,
                }
            }
        }
    }

    fn flag(&self, name: &str) -> bool {
        match name {
            "test" => self.test,
            "unix" | "debug_assertions" | "target_thread_local" => true,
            _ => false,
        }
    }

    fn key_value(&self, key: &str, value: &str) -> bool {
        match key {
            "feature" => true,
            "target_os" => value == "linux",
            "target_family" => value == "unix",
            "target_arch" => value == "x86_64",
            "target_pointer_width" => value == "64",
            "target_endian" => value == "little",
            "target_env" => value == "gnu",
            "target_vendor" => value == "unknown",
            "panic" => value == "unwind",
            "target_has_atomic" => matches!(value, "8" | "16" | "32" | "64" | "ptr"),
            _ => false,
        }
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
        CfgEnv { test: false }.eval_tokens(&ts)
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
    fn attributes() {
        let item: syn::ItemMod = syn::parse_quote! { #[cfg(test)] mod tests; };
        assert!(!CfgEnv { test: false }.is_enabled(&item.attrs));
        assert!(CfgEnv { test: true }.is_enabled(&item.attrs));
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
        let env = CfgEnv { test: false };
        assert!(env.cfg_attr_metas(&item.attrs[0]).is_empty());
        let metas = env.cfg_attr_metas(&item.attrs[1]);
        assert_eq!(metas.len(), 2);
        assert!(metas[0].path().is_ident("path"));
        assert!(metas[1].path().is_ident("allow"));
    }
}
