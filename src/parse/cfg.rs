//! Evaluation of `#[cfg(…)]` predicates and `#[cfg_attr(…)]` for the configuration we
//! analyse: a 64-bit Linux host with every cargo feature on, `test` only with
//! `--include-tests`. Unknown cfg names (`loom`, `docsrs`, `tokio_unstable`) are off, as they
//! are for a plain `cargo build --all-features`.

use proc_macro2::TokenStream;
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
        let Ok(parts) = list.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
        else {
            return vec![];
        };
        let mut parts = parts.into_iter();
        let Some(pred) = parts.next() else {
            return vec![];
        };
        if self.eval_meta(&pred) {
            parts.collect()
        } else {
            vec![]
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
        match syn::parse2::<Meta>(tokens.clone()) {
            Ok(meta) => self.eval_meta(&meta),
            // A predicate we cannot read: keep the code rather than lose it.
            Err(_) => true,
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
}
