//! Finance exports: a plan's ledger (and its hourly dispatch) as tables a finance team can
//! audit and re-use — one CSV file per table, one JSON document of all of them, and an XLSX
//! workbook whose totals, discounting, depreciation and NPV are live formulas over its
//! Assumptions sheet (docs/finance.md says what each holds).
//!
//! Text cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first)
//! are neutralised in CSV and XLSX ([`neutralise`]). Writing goes through
//! [`crate::files::write`]: atomic, never over an input, never over an existing file unless
//! asked.

mod csv;
mod json;
pub mod tables;
mod xlsx;

pub use self::csv::to_csv;
pub use self::json::{JSON_SCHEMA_VERSION, to_json};
pub use self::tables::{Cell, Table, tables};
pub use self::xlsx::{Results, XlsxError, to_xlsx, workbook};

/// A text cell as a spreadsheet may safely show it: one that begins with `=`, `+`, `-`, `@`,
/// a tab or a carriage return (and is not a number) gets a leading `'`, so a spreadsheet
/// shows it as text instead of running it (OWASP, "CSV Injection").
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    let is_number = cell.parse::<f64>().is_ok();
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') if !is_number => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn every_dangerous_prefix_is_neutralised_and_numbers_are_not() {
        for cell in ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx"] {
            assert_eq!(neutralise(cell), format!("'{cell}"), "{cell:?}");
        }
        for cell in ["-5", "+1.5", "plain", "", "Hall A"] {
            assert_eq!(neutralise(cell), cell);
        }
    }
}
