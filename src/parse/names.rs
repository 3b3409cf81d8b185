//! Identifiers as names. A raw identifier only escapes a keyword: `mod r#type;` is the module
//! `type` in `type.rs`, and `crate::r#type::X` names it, so every name read off the syntax
//! goes through here and loses its `r#`.

/// An identifier as a name: `r#type` is the name `type` (a raw identifier only escapes a
/// keyword; the module file, the binding and the path segment are all `type`).
pub fn ident_str<T: std::fmt::Display + ?Sized>(ident: &T) -> String {
    let s = ident.to_string();
    match s.strip_prefix("r#") {
        Some(raw) => raw.to_string(),
        None => s,
    }
}

/// Removes the `r#` of a raw identifier just written at `start` of `buf`.
pub(crate) fn unraw_tail(buf: &mut String, start: usize) {
    if buf[start..].starts_with("r#") {
        buf.replace_range(start..start + 2, "");
    }
}
