//! A table as CSV: a header row, then one line per row; numbers as Rust writes them
//! (shortest round-trip), text neutralised against formula injection.

use super::tables::{Cell, Table};

/// The table as CSV bytes.
pub fn to_csv(table: &Table) -> Vec<u8> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    // Writing to memory cannot fail, and every row is as long as the header.
    let _ = w.write_record(
        table
            .columns
            .iter()
            .map(|c| super::neutralise(c).into_owned()),
    );
    for row in &table.rows {
        let _ = w.write_record(row.iter().map(text));
    }
    w.into_inner().unwrap_or_default()
}

fn text(cell: &Cell) -> String {
    match cell {
        Cell::Text(s) => super::neutralise(s).into_owned(),
        Cell::Number(v) => v.to_string(),
        Cell::Empty => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_has_a_header_and_neutralised_text() {
        let t = Table {
            name: "t",
            columns: vec!["name".into(), "usd".into()],
            rows: vec![
                vec![Cell::Text("=HYPERLINK(\"x\")".into()), Cell::Number(1.5)],
                vec![Cell::Text("Hall A, B".into()), Cell::Empty],
            ],
        };
        let text = String::from_utf8(to_csv(&t)).unwrap_or_default();
        assert_eq!(
            text,
            "name,usd\n\"'=HYPERLINK(\"\"x\"\")\",1.5\n\"Hall A, B\",\n"
        );
    }
}
