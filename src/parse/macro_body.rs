//! Macro bodies read as code: a body that parses as statements or comma-separated
//! expressions is visited like any other code; one that does not (custom syntax) is scanned
//! for `a::b` paths.

use super::extract::Extractor;
use super::ir::{Namespace, RawRef};
use crate::model::{Access, EdgeKind};
use syn::punctuated::Punctuated;
use syn::visit::Visit;
use syn::{Expr, Token};

impl Extractor<'_> {
    /// Parses a macro body as expressions (or statements) and visits them; falls back to
    /// scanning the tokens for `a::b` paths. The body is copied into syn's buffer once; the
    /// attempts run on forks of it.
    pub(super) fn macro_body_paths(&mut self, tokens: &proc_macro2::TokenStream) {
        if tokens.is_empty() {
            return;
        }
        let body = syn::parse::Parser::parse2(parse_macro_body, tokens.clone());
        match body {
            Ok(MacroBody::Statements(stmts)) => {
                for s in &stmts {
                    self.visit_stmt(s);
                }
            }
            Ok(MacroBody::Expressions(exprs)) => {
                for e in &exprs {
                    self.visit_expr(e);
                }
            }
            Ok(MacroBody::Nothing) => {}
            Ok(MacroBody::Other) | Err(_) => {
                for (path, line, column) in super::macros::scan_paths(tokens) {
                    self.modules[self.cur].refs.push(RawRef {
                        path: path.join("::"),
                        leading_colon: false,
                        kind: EdgeKind::Call,
                        ns: Namespace::Value,
                        access: Access::Read,
                        line,
                        column,
                    });
                }
            }
        }
    }
}

/// What a macro body turned out to be.
enum MacroBody {
    /// Statements (a body with a top-level `;`, or one that is not expressions).
    Statements(Vec<syn::Stmt>),
    /// Comma-separated expressions (`format!`, `assert_eq!`, `vec!`, ...).
    Expressions(Punctuated<Expr, Token![,]>),
    /// No identifier anywhere (`println!("done")`): it names nothing.
    Nothing,
    /// Neither: custom syntax, scanned for paths instead.
    Other,
}

/// Reads a macro body: looks at its tokens through the cursor (no copy), then tries
/// statements first when there is a top-level `;`, expressions first otherwise.
fn parse_macro_body(input: syn::parse::ParseStream<'_>) -> syn::Result<MacroBody> {
    use syn::parse::discouraged::Speculative;
    fn has_ident(mut c: syn::buffer::Cursor<'_>, depth: usize) -> bool {
        while !c.eof() {
            if c.ident().is_some() {
                return true;
            }
            if let Some((inside, _, _, next)) = c.any_group() {
                if depth < 64 && has_ident(inside, depth + 1) {
                    return true;
                }
                c = next;
                continue;
            }
            match c.token_tree() {
                Some((_, next)) => c = next,
                None => break,
            }
        }
        false
    }
    fn has_semicolon(mut c: syn::buffer::Cursor<'_>) -> bool {
        while let Some((tt, next)) = c.token_tree() {
            if matches!(tt, proc_macro2::TokenTree::Punct(p) if p.as_char() == ';') {
                return true;
            }
            c = next;
        }
        false
    }
    fn skip_rest(input: syn::parse::ParseStream<'_>) -> syn::Result<()> {
        input.step(|c| {
            let mut c = *c;
            while let Some((_, next)) = c.token_tree() {
                c = next;
            }
            Ok(((), c))
        })
    }
    if !has_ident(input.cursor(), 0) {
        skip_rest(input)?;
        return Ok(MacroBody::Nothing);
    }
    let statements = has_semicolon(input.cursor());
    let try_statements = |input: syn::parse::ParseStream<'_>| {
        let fork = input.fork();
        let stmts = syn::Block::parse_within(&fork).ok()?;
        input.advance_to(&fork);
        Some(MacroBody::Statements(stmts))
    };
    if statements && let Some(body) = try_statements(input) {
        return Ok(body);
    }
    let fork = input.fork();
    if let Ok(exprs) = Punctuated::<Expr, Token![,]>::parse_terminated(&fork) {
        input.advance_to(&fork);
        return Ok(MacroBody::Expressions(exprs));
    }
    if !statements && let Some(body) = try_statements(input) {
        return Ok(body);
    }
    skip_rest(input)?;
    Ok(MacroBody::Other)
}
