//! Plain aligned tables for people, and CSV and JSON renderings for scripts.

use comfy_table::{CellAlignment, Table, TableComponent, presets};
use miette::IntoDiagnostic;
use serde::Serialize;
use serde_json::Value;

/// A table with a header row; columns whose header is in `numeric` are right-aligned.
pub(crate) fn new(header: &[&str], numeric: &[usize]) -> Table {
    let mut table = Table::new();
    // No borders, one rule under the header: reads like `ls` or `cargo tree`, pastes cleanly.
    table
        .load_preset(presets::NOTHING)
        .set_header(header.iter().copied());
    for component in [
        TableComponent::HeaderLines,
        TableComponent::MiddleHeaderIntersections,
    ] {
        table.set_style(component, '─');
    }
    for &i in numeric {
        if let Some(col) = table.column_mut(i) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    table
}

/// A rendered table or report for a terminal, with control characters escaped: its cells
/// hold names from input files (a plan, a weather file's station), which must not drive the
/// terminal. JSON and CSV output is data and is written exactly.
pub(crate) fn escaped(text: String) -> String {
    match dcplan::text::printable(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(safe) => safe,
    }
}

/// Pretty JSON of a serializable value, with a trailing newline.
pub(crate) fn json<T: Serialize>(value: &T) -> miette::Result<String> {
    let mut s = serde_json::to_string_pretty(value).into_diagnostic()?;
    s.push('\n');
    Ok(s)
}

/// A JSON document flattened to `path,value` CSV rows (`halls[0].slots,256`), so every figure
/// of a nested report is one spreadsheet row.
pub(crate) fn flat_csv<T: Serialize>(value: &T) -> miette::Result<String> {
    fn walk(prefix: &str, v: &Value, rows: &mut Vec<(String, String)>) {
        match v {
            Value::Object(map) => {
                for (k, v) in map {
                    let p = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    walk(&p, v, rows);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(&format!("{prefix}[{i}]"), v, rows);
                }
            }
            Value::String(s) => rows.push((prefix.to_owned(), s.clone())),
            Value::Null => rows.push((prefix.to_owned(), String::new())),
            other => rows.push((prefix.to_owned(), other.to_string())),
        }
    }
    let value = serde_json::to_value(value).into_diagnostic()?;
    let mut rows = Vec::new();
    walk("", &value, &mut rows);
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["field", "value"]).into_diagnostic()?;
    for (k, v) in rows {
        w.write_record([k, super::csv_safe(&v)]).into_diagnostic()?;
    }
    String::from_utf8(w.into_inner().into_diagnostic()?).into_diagnostic()
}

/// Formats a number with thousands separators and `decimals` decimals: 1234567.8 → "1,234,567.8".
pub(crate) fn num(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = s
        .split_once('.')
        .map_or((s.as_str(), None), |(i, f)| (i, Some(f)));
    let grouped = dcplan::text::thousands(int.parse().unwrap_or(0));
    let sign = if v < 0.0 && s.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        "-"
    } else {
        ""
    };
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// Money in millions of dollars: 48e6 → "$48.0M".
pub(crate) fn musd(v: f64) -> String {
    format!("${}M", num(v / 1e6, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_group_thousands() {
        assert_eq!(num(1_234_567.89, 1), "1,234,567.9");
        assert_eq!(num(999.0, 0), "999");
        assert_eq!(num(-1000.0, 0), "-1,000");
        assert_eq!(num(-0.01, 1), "0.0");
        assert_eq!(musd(48e6), "$48.0M");
    }

    #[test]
    fn flat_csv_lists_every_leaf() {
        let v = serde_json::json!({"a": {"b": [1, 2]}, "c": "=x"});
        assert_eq!(
            flat_csv(&v).unwrap(),
            "field,value\na.b[0],1\na.b[1],2\nc,'=x\n"
        );
    }
}
