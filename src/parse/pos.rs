//! Line and column of a syntax node, read from the span of its first token: syn's `Spanned`
//! would turn the whole node back into tokens (a path with its generics, an attribute with its
//! text) to join their spans. Spans resolve only on the thread that parsed the file.

use syn::{Expr, Token};

/// A syntax node whose start is the span of its first token, read directly: syn's
/// `Spanned` would turn the whole node back into tokens to find it.
pub(super) trait StartPos {
    /// The span of the node's first token.
    fn start_span(&self) -> proc_macro2::Span;
}

impl StartPos for syn::Ident {
    fn start_span(&self) -> proc_macro2::Span {
        self.span()
    }
}

impl StartPos for syn::Path {
    fn start_span(&self) -> proc_macro2::Span {
        match (&self.leading_colon, self.segments.first()) {
            (Some(colons), _) => colons.spans[0],
            (None, Some(seg)) => seg.ident.span(),
            (None, None) => proc_macro2::Span::call_site(),
        }
    }
}

impl StartPos for Token![*] {
    fn start_span(&self) -> proc_macro2::Span {
        self.spans[0]
    }
}

impl StartPos for Token![mod] {
    fn start_span(&self) -> proc_macro2::Span {
        self.span
    }
}

impl StartPos for syn::Attribute {
    fn start_span(&self) -> proc_macro2::Span {
        self.pound_token.span
    }
}

impl StartPos for Expr {
    fn start_span(&self) -> proc_macro2::Span {
        // Rare (typed-local writes): the general route is fine here.
        syn::spanned::Spanned::span(self)
    }
}

/// Line of a node's start (1-based).
pub(super) fn line_of<S: StartPos + ?Sized>(node: &S) -> u32 {
    u32::try_from(node.start_span().start().line).unwrap_or(u32::MAX)
}

/// Line and 1-based column of a node's start.
pub(super) fn pos_of<S: StartPos + ?Sized>(node: &S) -> (u32, u32) {
    let start = node.start_span().start();
    (
        u32::try_from(start.line).unwrap_or(u32::MAX),
        u32::try_from(start.column.saturating_add(1)).unwrap_or(u32::MAX),
    )
}
