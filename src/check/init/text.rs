//! The text pieces of a written `seams.toml`: `[[service]]` and `[[allow]]` tables, TOML
//! strings and arrays, wrapped comment lists, template filling, and thresholds rounded in the
//! safe direction. Pure functions of their inputs, so the written file is byte-stable.

use super::{Declared, WIDTH};
use crate::check::measure::Measures;
use crate::model::fmt_float;

pub(super) fn render_services(declared: &[Declared]) -> String {
    if declared.is_empty() {
        return "# None proposed. With no [[service]], `check` judges the proposed services.\n"
            .to_string();
    }
    let mut out = String::new();
    for (i, service) in declared.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let plural = if service.modules == 1 { "" } else { "s" };
        out += &format!("[[service]] # {} module{plural}\n", service.modules);
        out += &format!("name = {}\n", quoted(&service.name));
        out += &format!("modules = {}\n", string_array(&service.patterns));
    }
    out
}

pub(super) fn render_allows(measures: &Measures) -> String {
    if measures.dependencies.is_empty() {
        return "# None: no declared service depends on another today.\n".to_string();
    }
    let mut out = String::new();
    for (i, ((from, to), dependency)) in measures.dependencies.iter().enumerate() {
        let (count, weight) = (&dependency.count, &dependency.weight);
        if i > 0 {
            out.push('\n');
        }
        let plural = if *count == 1 { "" } else { "s" };
        out += &format!(
            "[[allow]] # {count} reference{plural}, weight {}\nfrom = {}\nto = {}\n",
            num(*weight),
            quoted(from),
            quoted(to)
        );
    }
    out
}

/// A TOML array of strings: inline when it has one element, else one element per line.
pub(super) fn string_array(items: &[String]) -> String {
    match items {
        [one] => format!("[{}]", quoted(one)),
        _ => {
            let lines: Vec<String> = items
                .iter()
                .map(|s| format!("    {},\n", quoted(s)))
                .collect();
            format!("[\n{}]", lines.concat())
        }
    }
}

/// A TOML basic string.
pub(super) fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// `text` as `# ` comment lines, word-wrapped at [`WIDTH`].
pub(super) fn comment_paragraph(text: &str) -> String {
    let mut out = String::new();
    let mut line = String::from("#");
    for word in text.split_whitespace() {
        if line.len() + 1 + word.len() > WIDTH && line.len() > 1 {
            out += &line;
            out.push('\n');
            line = String::from("# ");
        } else {
            line.push(' ');
        }
        line += word;
    }
    out += &line;
    out.push('\n');
    out
}

/// `#   label a, b, c`, wrapped at [`WIDTH`] with continuation lines indented.
pub(super) fn comment_list(label: &str, items: &[String]) -> String {
    let mut out = String::new();
    let mut line = format!("#   {label}");
    for (i, item) in items.iter().enumerate() {
        let piece = if i + 1 < items.len() {
            format!("{item},")
        } else {
            item.clone()
        };
        if line.len() + 1 + piece.len() > WIDTH && !line.trim_start_matches('#').trim().is_empty() {
            out += &line;
            out.push('\n');
            line = "#     ".to_string();
        } else {
            line.push(' ');
        }
        line += &piece;
    }
    out += &line;
    out.push('\n');
    out
}

/// Replaces every `{{key}}` of `template`.
pub(super) fn fill(template: &str, values: &[(&str, String)]) -> String {
    values
        .iter()
        .fold(template.to_string(), |text, (key, value)| {
            text.replace(&format!("{{{{{key}}}}}"), value)
        })
}

/// A figure as comments show it.
pub(super) fn num(value: f64) -> String {
    fmt_float(value, 3)
}

/// A threshold as TOML writes it: a float with at most two decimals and always a point.
pub(super) fn toml_number(value: f64) -> String {
    let text = fmt_float(value, 2);
    if text.contains('.') {
        text
    } else {
        format!("{text}.0")
    }
}

/// Hundredths in a float's last bits are noise: 0.6 must not become 0.61.
const NOISE: f64 = 1e-9;

/// `value` rounded up to hundredths.
pub(super) fn round_up(value: f64) -> f64 {
    let hundredths = value * 100.0;
    let nearest = hundredths.round();
    let rounded = if (hundredths - nearest).abs() < NOISE {
        nearest
    } else {
        hundredths.ceil()
    };
    rounded / 100.0
}

/// `value` rounded down to hundredths.
pub(super) fn round_down(value: f64) -> f64 {
    let hundredths = value * 100.0;
    let nearest = hundredths.round();
    let rounded = if (hundredths - nearest).abs() < NOISE {
        nearest
    } else {
        hundredths.floor()
    };
    rounded / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::init::TEMPLATE;

    #[test]
    fn template_placeholders_are_all_filled() {
        let keys = [
            "version",
            "status",
            "include_tests",
            "exclude",
            "services",
            "allows",
            "boundary_today",
            "max_boundary_weight",
            "instability_today",
            "max_instability",
            "max_shared_tables",
            "max_service_cycles",
            "modularity_today",
            "min_modularity",
        ];
        let values: Vec<(&str, String)> = keys.iter().map(|k| (*k, "1".to_string())).collect();
        let text = fill(TEMPLATE, &values);
        assert!(!text.contains("{{"), "{text}");
        for key in keys {
            assert!(TEMPLATE.contains(&format!("{{{{{key}}}}}")), "{key} unused");
        }
    }

    #[test]
    fn paragraphs_wrap_at_word_boundaries() {
        let text = comment_paragraph(&"word ".repeat(40));
        assert!(text.lines().count() > 1);
        assert!(
            text.lines()
                .all(|l| l.len() <= WIDTH && l.starts_with("# "))
        );
        assert_eq!(text.matches("word").count(), 40);
    }

    #[test]
    fn long_lists_wrap() {
        let items: Vec<String> = (0..30).map(|i| format!("crate::module_{i}")).collect();
        let text = comment_list("label:", &items);
        assert!(text.lines().count() > 1);
        assert!(
            text.lines()
                .all(|l| l.len() <= WIDTH && l.starts_with("#   "))
        );
        assert!(text.contains("crate::module_29\n"));
    }
}
