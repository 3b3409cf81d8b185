//! A source line with a caret under a column, as rustc shows one: where the text report of
//! `check` shows the first offending reference of a violation, and where the CLI shows a config
//! problem or a diagnostic about the analysed code. Plain text; the caller styles it.

/// `(gutter, line, caret)`: the line number, the source line (tabs as four spaces, trailing
/// space trimmed) and the caret line (spaces then `^`s under the token at `column`, 1-based in
/// characters; `None` when `column` is 0, i.e. unknown).
pub fn snippet(source: &str, line: u32, column: u32) -> (String, String, Option<String>) {
    let shown = source.replace('\t', "    ").trim_end().to_string();
    let caret = (column > 0).then(|| {
        let (before, width) = caret(source, column as usize);
        format!("{}{}", " ".repeat(before), "^".repeat(width))
    });
    (line.to_string(), shown, caret)
}

/// Where the caret starts (in displayed columns) and how wide it is: a quoted string whole,
/// else the run of path characters at `column` (`crate::a::B` whole), else one character.
pub fn caret(source: &str, column: usize) -> (usize, usize) {
    let chars: Vec<char> = source.chars().collect();
    let start = column.saturating_sub(1).min(chars.len());
    let before: usize = chars[..start]
        .iter()
        .map(|&c| if c == '\t' { 4 } else { 1 })
        .sum();
    let rest = &chars[start..];
    let width = match rest.first() {
        Some('"') => rest
            .iter()
            .skip(1)
            .position(|&c| c == '"')
            .map_or(rest.len(), |end| end + 2),
        Some(_) => rest
            .iter()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ':' | '.' | '*'))
            .count(),
        None => 0,
    };
    (before, width.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_caret_covers_the_token_at_the_column() {
        assert_eq!(caret("max_boundry_weight = 3", 1), (0, 18));
        assert_eq!(caret("modules = [\"shop::x::**\"]", 12), (11, 13));
        assert_eq!(caret("x = 1", 3), (2, 1));
        assert_eq!(caret("", 5), (0, 1));
        assert_eq!(caret("\tfoo", 2), (4, 3));
        assert_eq!(
            snippet("    crate::a::B::build(&[])", 7, 5),
            (
                "7".to_string(),
                "    crate::a::B::build(&[])".to_string(),
                Some("    ^^^^^^^^^^^^^^^^^^".to_string())
            )
        );
        assert_eq!(snippet("x", 1, 0).2, None);
    }
}
