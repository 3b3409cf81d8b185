//! Why this exists: file names, `#[path]` strings, crate names and SQL identifiers come from
//! the analysed project and may hold control characters (a file named `ESC]0;…BEL` retitles a
//! terminal, one named `x\n::error …` adds a GitHub annotation to a CI log). Every human
//! output passes such text through [`escape_controls`] (or `report::escape::Escaped`), which
//! writes each control character as a visible `\u{…}` escape.

use std::borrow::Cow;

/// `text` with every control character (C0 including newline and tab, DEL, C1) written as
/// `\u{hex}`; borrowed when there is none.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_become_visible_escapes() {
        assert!(matches!(escape_controls("src/a.rs"), Cow::Borrowed(_)));
        assert_eq!(
            escape_controls("\u{1b}]0;pwned\u{7}\u{1b}[2J.rs"),
            "\\u{1b}]0;pwned\\u{7}\\u{1b}[2J.rs"
        );
        assert_eq!(
            escape_controls("x\n::error title=x::y\r\t\u{7f}\u{9b}é"),
            "x\\u{a}::error title=x::y\\u{d}\\u{9}\\u{7f}\\u{9b}é"
        );
    }
}
