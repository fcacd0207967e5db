//! Every table in one JSON document, with a schema version.

use serde::Serialize;

use super::tables::Table;

/// Version of the export document's shape.
pub const JSON_SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    site: &'a str,
    tables: &'a [Table],
}

/// The tables as a pretty-printed JSON document (`schema_version`, `site`, `tables`: each
/// with `name`, `columns` and `rows`, cells as numbers, strings or null), with a final
/// newline.
pub fn to_json(site: &str, tables: &[Table]) -> String {
    let doc = Document {
        schema_version: JSON_SCHEMA_VERSION,
        site,
        tables,
    };
    // Tables of strings and finite numbers always serialize.
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}
