//! Rules for single values, whatever field they are in: numbers are finite, and text is
//! printable and of a sensible length.
//!
//! These run on the parsed tree before deserialization, so they cover every string and key,
//! known field or not. Text is printed in tables and messages; a control character in it
//! could recolour or rewrite the terminal (ANSI escapes) or reorder what is shown
//! (bidirectional overrides), and a megabyte name makes every table unreadable.

use crate::site::diagnostic::{Diagnostic, Diagnostics};
use crate::site::tree::{Key, Node, Path, Value};
use crate::text::{clipped, is_unsafe_char};

/// The longest `name` (of a hall, rack, contract …): long enough for any real label, short
/// enough for a table column.
pub const MAX_NAME_CHARS: usize = 200;

/// The longest string of any other field (file paths, hours, notes) and of a key.
pub const MAX_TEXT_CHARS: usize = 1000;

/// Reports non-finite numbers (TOML allows `nan` and `inf`; no quantity in a site can be
/// either), and strings or keys that hold control characters or are too long.
pub(in crate::site) fn check_scalars(root: &Node, diags: &mut Diagnostics) {
    walk(root, &Path::root(), None, diags);
}

fn walk(node: &Node, path: &Path, key: Option<&str>, diags: &mut Diagnostics) {
    match &node.value {
        Value::Float(f) if !f.is_finite() => diags.push(
            Diagnostic::error(
                "range",
                format!("`{path}` is {f}, which is not a finite number"),
            )
            .at(node.span.clone())
            .label("not a finite number"),
        ),
        Value::String(s) => {
            let max = if key == Some("name") {
                MAX_NAME_CHARS
            } else {
                MAX_TEXT_CHARS
            };
            if let Some(d) = text_problem(s, max, key == Some("name")) {
                diags.push(
                    Diagnostic::error("text", format!("`{path}` {d}"))
                        .at(node.span.clone())
                        .label(d)
                        .help(TEXT_HELP),
                );
            }
        }
        Value::Array(items) => {
            for (i, n) in items.iter().enumerate() {
                walk(n, &path.index(i), key, diags);
            }
        }
        Value::Table(entries) => {
            for (k, n) in entries {
                check_key(k, path, diags);
                walk(n, &path.key(&k.name), Some(&k.name), diags);
            }
        }
        _ => {}
    }
}

const TEXT_HELP: &str = "names and other text must be printable, on one line for a name";

fn check_key(key: &Key, parent: &Path, diags: &mut Diagnostics) {
    if let Some(d) = text_problem(&key.name, MAX_TEXT_CHARS, true) {
        let shown = clipped(&key.name, 40);
        let within = if parent.0.is_empty() {
            String::new()
        } else {
            format!(" in `{parent}`")
        };
        diags.push(
            Diagnostic::error("text", format!("key \"{shown}\"{within} {d}"))
                .at(key.span.clone())
                .label(d)
                .help(TEXT_HELP),
        );
    }
}

/// What is wrong with a piece of text, if anything: phrased to follow its name.
fn text_problem(text: &str, max_chars: usize, one_line: bool) -> Option<String> {
    if let Some(c) = text
        .chars()
        .find(|&c| is_unsafe_char(c) || (one_line && matches!(c, '\n' | '\r' | '\t')))
    {
        return Some(format!(
            "contains the control character U+{:04X}",
            u32::from(c)
        ));
    }
    let chars = text.chars().take(max_chars + 1).count();
    (chars > max_chars).then(|| {
        format!(
            "is {} characters long, more than the {max_chars} allowed",
            crate::text::thousands(text.chars().count() as u64)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::tree::parse_toml;

    fn findings(text: &str) -> Vec<Diagnostic> {
        let mut d = Diagnostics::default();
        let root = parse_toml(text, &mut d).expect("parses");
        check_scalars(&root, &mut d);
        d.sorted()
    }

    #[test]
    fn escapes_and_overrides_are_rejected_where_they_are() {
        let text = "[[hall]]\nname = \"A\\u001b[31m\"\nnote = \"x\\u202ey\"\n";
        let d = findings(text);
        assert_eq!(d.len(), 2, "{d:#?}");
        assert_eq!(
            d[0].message,
            "`hall[0].name` contains the control character U+001B"
        );
        assert_eq!(&text[d[0].span.clone().unwrap()], "\"A\\u001b[31m\"");
        assert!(d[1].message.contains("U+202E"), "{}", d[1].message);
    }

    #[test]
    fn names_are_one_line_and_short_other_text_longer() {
        let long_name = "n".repeat(MAX_NAME_CHARS + 1);
        let fine_note = "n".repeat(MAX_NAME_CHARS + 1);
        let text = format!(
            "name = \"{long_name}\"\nnote = \"{fine_note}\"\n[x]\nname = \"two\\nlines\"\nnote = \"tab\\tok\"\n"
        );
        let d = findings(&text);
        assert_eq!(d.len(), 2, "{d:#?}");
        assert_eq!(
            d[0].message,
            "`name` is 201 characters long, more than the 200 allowed"
        );
        assert!(d[1].message.contains("U+000A"), "{}", d[1].message);
    }

    #[test]
    fn keys_are_checked_and_quoted_clipped() {
        let key = "k".repeat(MAX_TEXT_CHARS + 1);
        let d = findings(&format!("[t]\n\"{key}\" = 1\n\"a\\u0007\" = 2\n"));
        assert_eq!(d.len(), 2, "{d:#?}");
        assert!(
            d[0].message
                .starts_with(&format!("key \"{}…\" in `t` is 1,001", "k".repeat(40)))
        );
        assert!(d[1].message.contains("U+0007"));
    }

    #[test]
    fn non_finite_numbers_are_located() {
        let d = findings("x = nan\ny = [1.0, inf]\n");
        assert_eq!(d.len(), 2);
        assert_eq!(d[1].message, "`y[1]` is inf, which is not a finite number");
    }
}
