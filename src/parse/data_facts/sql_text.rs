//! The SQL text of an expression in a SQL position: a string literal, `concat!` of literals,
//! a `const`/`static` string of the same module, or a `format!` template.
//!
//! It exists apart from the call detection in `data_facts.rs` because reading a value out of
//! Rust syntax is its own small evaluator (constants refer to constants, templates refer to
//! arguments). It evaluates nothing but literals and never follows a path out of the module.

use std::collections::HashMap;
use syn::punctuated::Punctuated;
use syn::visit::Visit;
use syn::{Expr, Lit, Macro, Token};

/// Stands for a `format!` argument whose value is not a literal. Tables whose name contains
/// it are dropped: the code computes them.
pub(super) const FORMAT_HOLE: &str = "seams_format_hole";

/// How many constants may refer to each other before a lookup gives up (cycles, or merely
/// absurd chains).
const MAX_CONST_CHAIN: usize = 16;

/// The string constants and statics of one module, by name, as unevaluated expressions.
#[derive(Default)]
pub(super) struct ModuleStrings<'ast> {
    values: HashMap<String, &'ast Expr>,
}

impl<'ast> ModuleStrings<'ast> {
    /// Collects every `const` and `static` of the module's own code (not of its inline
    /// child modules): items, associated consts, consts inside fn bodies. The first
    /// definition of a name wins.
    pub(super) fn collect(items: &'ast [syn::Item]) -> Self {
        let mut strings = ModuleStrings::default();
        for item in items {
            strings.visit_item(item);
        }
        strings
    }

    fn insert(&mut self, name: &syn::Ident, expr: &'ast Expr) {
        self.values.entry(name.to_string()).or_insert(expr);
    }

    /// The string value of `expr`, if it is made of literals and this module's constants.
    pub(super) fn text(&self, expr: &Expr) -> Option<String> {
        self.eval(expr, 0)
    }

    fn eval(&self, expr: &Expr, depth: usize) -> Option<String> {
        if depth > MAX_CONST_CHAIN {
            return None;
        }
        match expr {
            Expr::Lit(lit) => literal_text(&lit.lit),
            Expr::Path(path) => {
                let name = const_name(&path.path)?;
                let value = self.values.get(&name)?;
                self.eval(value, depth + 1)
            }
            Expr::Reference(reference) => self.eval(&reference.expr, depth + 1),
            Expr::Paren(paren) => self.eval(&paren.expr, depth + 1),
            Expr::Group(group) => self.eval(&group.expr, depth + 1),
            Expr::MethodCall(call)
                if call.args.is_empty()
                    && ["as_str", "as_ref", "to_string", "to_owned", "into"]
                        .iter()
                        .any(|m| call.method == m) =>
            {
                self.eval(&call.receiver, depth + 1)
            }
            Expr::Macro(mac) => self.eval_macro(&mac.mac, depth + 1),
            _ => None,
        }
    }

    fn eval_macro(&self, mac: &Macro, depth: usize) -> Option<String> {
        let name = crate::parse::ident_str(&mac.path.segments.last()?.ident);
        if name != "concat" && name != "format" {
            return None;
        }
        let args = mac
            .parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated)
            .ok()?;
        if name == "concat" {
            return args.iter().map(|arg| self.eval(arg, depth + 1)).collect();
        }
        let mut args = args.iter();
        let template = self.eval(args.next()?, depth + 1)?;
        let mut positional = Vec::new();
        let mut named = Vec::new();
        for arg in args {
            match arg {
                Expr::Assign(assign) => {
                    if let Expr::Path(left) = &*assign.left
                        && let Some(ident) = left.path.get_ident()
                    {
                        named.push((
                            crate::parse::ident_str(&ident),
                            self.eval(&assign.right, depth + 1),
                        ));
                    }
                }
                other => positional.push(self.eval(other, depth + 1)),
            }
        }
        let arguments = FormatArgs {
            positional,
            named,
            strings: self,
            depth,
        };
        Some(arguments.fill(&template))
    }
}

impl<'ast> Visit<'ast> for ModuleStrings<'ast> {
    fn visit_item_mod(&mut self, module: &'ast syn::ItemMod) {
        // An inline module is another module, summarised on its own; `mod x;` has no body.
        let _ = module;
    }

    fn visit_item_const(&mut self, item: &'ast syn::ItemConst) {
        self.insert(&item.ident, &item.expr);
        syn::visit::visit_item_const(self, item);
    }

    fn visit_item_static(&mut self, item: &'ast syn::ItemStatic) {
        self.insert(&item.ident, &item.expr);
        syn::visit::visit_item_static(self, item);
    }

    fn visit_impl_item_const(&mut self, item: &'ast syn::ImplItemConst) {
        self.insert(&item.ident, &item.expr);
        syn::visit::visit_impl_item_const(self, item);
    }

    fn visit_trait_item_const(&mut self, item: &'ast syn::TraitItemConst) {
        if let Some((_, expr)) = &item.default {
            self.insert(&item.ident, expr);
        }
        syn::visit::visit_trait_item_const(self, item);
    }
}

/// The name a path gives a constant of this module: `NAME`, `self::NAME`, `Self::NAME` or
/// `Type::NAME` (an associated const). Other paths lead out of the module.
fn const_name(path: &syn::Path) -> Option<String> {
    if path.leading_colon.is_some() {
        return None;
    }
    let segments: Vec<String> = path
        .segments
        .iter()
        .map(|s| crate::parse::ident_str(&s.ident))
        .collect();
    // `NAME`, `Self::NAME`, `Type::NAME`, `Self::Dialect::NAME`: an associated constant of a
    // type, whose value (first definition in this module wins) is looked up by name.
    let type_like =
        |s: &String| s == "self" || s == "Self" || s.starts_with(|c: char| c.is_ascii_uppercase());
    match segments.as_slice() {
        [name] => Some(name.clone()),
        [owners @ .., name] if owners.iter().all(type_like) => Some(name.clone()),
        _ => None,
    }
}

/// The text a literal contributes to a `concat!` or a SQL string.
fn literal_text(lit: &Lit) -> Option<String> {
    match lit {
        Lit::Str(s) => Some(s.value()),
        Lit::Int(i) => Some(i.base10_digits().to_string()),
        Lit::Float(f) => Some(f.base10_digits().to_string()),
        Lit::Char(c) => Some(c.value().to_string()),
        Lit::Bool(b) => Some(b.value.to_string()),
        _ => None,
    }
}

/// The evaluated arguments of one `format!`; `None` where an argument is not a literal.
struct FormatArgs<'s, 'ast> {
    positional: Vec<Option<String>>,
    named: Vec<(String, Option<String>)>,
    strings: &'s ModuleStrings<'ast>,
    depth: usize,
}

impl FormatArgs<'_, '_> {
    /// Replaces each `{…}` of `template` with its argument's text, or with [`FORMAT_HOLE`].
    fn fill(&self, template: &str) -> String {
        let mut out = String::with_capacity(template.len());
        let mut next_positional = 0;
        let mut chars = template.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    out.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    out.push('}');
                }
                '{' => {
                    let spec: String = chars.by_ref().take_while(|&d| d != '}').collect();
                    let value = self.argument(&spec, &mut next_positional);
                    out.push_str(value.as_deref().unwrap_or(FORMAT_HOLE));
                }
                other => out.push(other),
            }
        }
        out
    }

    /// The text of the argument that `{spec}` names, when it is a plain `Display` of a
    /// literal string.
    fn argument(&self, spec: &str, next_positional: &mut usize) -> Option<String> {
        let (name, format) = spec.split_once(':').unwrap_or((spec, ""));
        let name = name.trim();
        let value = if name.is_empty() {
            let index = *next_positional;
            *next_positional += 1;
            self.positional.get(index).cloned().flatten()
        } else if let Ok(index) = name.parse::<usize>() {
            self.positional.get(index).cloned().flatten()
        } else if let Some((_, value)) = self.named.iter().find(|(n, _)| n == name) {
            value.clone()
        } else {
            // An inline captured identifier: `format!("… {TABLE} …")`.
            let ident: syn::Ident = syn::parse_str(name).ok()?;
            let expr = Expr::Path(syn::ExprPath {
                attrs: Vec::new(),
                qself: None,
                path: ident.into(),
            });
            self.strings.eval(&expr, self.depth + 1)
        };
        // `{:?}` would quote the string; a width or fill would pad it. Neither names a table.
        if format.is_empty() { value } else { None }
    }
}
