//! A site's text with its edits written in: what "save the edited site" writes. The file's
//! comments, key order and layout are kept (`toml_edit`); each edited value replaces the one at
//! its path, keeping the comment beside it, and a key the file does not have is added where
//! the edit's path puts it, as [`super::EditableSite`] adds it in memory.
//!
//! ```
//! use dcplan::site::{EditableSite, Edit, save};
//! let site = EditableSite::load(std::path::Path::new("sites/colo-retrofit.toml"))?;
//! let edit: Edit = "site.discount_rate=0.1".parse().expect("an edit");
//! let edited = site.edited(&[edit]).expect("a valid rate");
//! let text = save::edited_text(&edited).expect("a TOML site");
//! assert!(text.contains("discount_rate = 0.1"));
//! # Ok::<(), dcplan::site::SiteError>(())
//! ```

use toml_edit::{DocumentMut, InlineTable, Item, Table, Value};

use super::edit::Edit;
use super::path::SiteSegment;
use super::{Format, LoadedSite};

/// Why an edited site cannot be written as a file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SaveError {
    /// The site was read from JSON; edits are written into TOML site files only.
    #[error(
        "{0} is a JSON site: edits are written into TOML site files only (give them with --set instead)"
    )]
    Json(String),
    /// The file's text does not parse as TOML (it loaded, so this is a bug).
    #[error("the site file does not parse again: {0}")]
    Parse(String),
    /// An edit's path does not lead to a place in the file (it was valid in memory, so this
    /// names the step that differs).
    #[error("edit `{edit}`: {why}")]
    Path {
        /// The edit, as `PATH=VALUE`.
        edit: String,
        /// Which step has no place in the file.
        why: String,
    },
}

/// The text of `loaded`'s site file with its edits ([`LoadedSite::edits`]) written in, in
/// order. Loading the text gives the same site as `loaded`.
pub fn edited_text(loaded: &LoadedSite) -> Result<String, SaveError> {
    let source = &loaded.source;
    if Format::detect(&source.path, &source.text) == Format::Json {
        return Err(SaveError::Json(source.path.display().to_string()));
    }
    let mut doc: DocumentMut = source
        .text
        .parse()
        .map_err(|e: toml_edit::TomlError| SaveError::Parse(e.to_string()))?;
    for edit in &loaded.edits {
        write(doc.as_item_mut(), edit).map_err(|why| SaveError::Path {
            edit: edit.to_string(),
            why,
        })?;
    }
    Ok(doc.to_string())
}

/// A place in the document: `toml_edit` keeps tables, arrays of tables and values apart.
enum Place<'a> {
    Item(&'a mut Item),
    Table(&'a mut Table),
    Value(&'a mut Value),
}

/// Writes `edit` into the document under `root`.
fn write(root: &mut Item, edit: &Edit) -> Result<(), String> {
    let segments = edit.path.segments();
    let mut place = Place::Item(root);
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        place = step(place, segment, last)?;
    }
    let value = toml_value(&edit.value)?;
    match place {
        Place::Item(item) => match item {
            Item::Value(old) => replace(old, value),
            other => *other = Item::Value(value),
        },
        Place::Value(old) => replace(old, value),
        Place::Table(table) => match value {
            Value::InlineTable(inline) => *table = inline.into_table(),
            _ => return Err("a table of the file cannot take a plain value".to_owned()),
        },
    }
    Ok(())
}

/// `old` becomes `new`, keeping the spacing and comment around it; a whole number replacing
/// a float is written as a float (`57.0`), as the file had it.
fn replace(old: &mut Value, mut new: Value) {
    if let (Value::Float(_), Value::Integer(i)) = (&*old, &new) {
        new = Value::from(*i.value() as f64);
    }
    *new.decor_mut() = old.decor().clone();
    *old = new;
}

/// The place under `place` at `segment`; a missing key is added (an empty table that the
/// next step or the value fills).
fn step<'a>(place: Place<'a>, segment: &SiteSegment, last: bool) -> Result<Place<'a>, String> {
    let key = match segment {
        SiteSegment::Key(k) | SiteSegment::Name(k) => k.clone(),
        SiteSegment::Index(n) => n.to_string(),
    };
    match place {
        Place::Item(Item::Table(table)) | Place::Table(table) => {
            if !table.contains_key(&key) {
                // A placeholder value the edit's value replaces.
                let new = if last {
                    toml_edit::value(false)
                } else {
                    Item::Table(Table::new())
                };
                table.insert(&key, new);
            }
            Ok(Place::Item(table.get_mut(&key).ok_or("no such key")?))
        }
        Place::Item(Item::ArrayOfTables(tables)) => {
            let found = match segment {
                SiteSegment::Index(n) => tables.get_mut(*n),
                _ => tables
                    .iter_mut()
                    .find(|t| t.get("name").and_then(Item::as_str) == Some(key.as_str())),
            };
            found
                .map(Place::Table)
                .ok_or_else(|| format!("no element {segment:?} in the file's list"))
        }
        Place::Item(Item::Value(value)) | Place::Value(value) => value_step(value, segment, &key),
        Place::Item(Item::None) => Err(format!("nothing at the step before {key}")),
    }
}

/// The place inside a value (an inline table or an array) at `segment`.
fn value_step<'a>(
    value: &'a mut Value,
    segment: &SiteSegment,
    key: &str,
) -> Result<Place<'a>, String> {
    match value {
        Value::InlineTable(table) => {
            if !table.contains_key(key) {
                table.insert(key, Value::InlineTable(InlineTable::new()));
            }
            table
                .get_mut(key)
                .map(Place::Value)
                .ok_or_else(|| format!("no key {key}"))
        }
        Value::Array(items) => {
            let found = match segment {
                SiteSegment::Index(n) => items.get_mut(*n),
                _ => items.iter_mut().find(|v| {
                    v.as_inline_table()
                        .and_then(|t| t.get("name"))
                        .and_then(Value::as_str)
                        == Some(key)
                }),
            };
            found
                .map(Place::Value)
                .ok_or_else(|| format!("no element {segment:?} in the list"))
        }
        _ => Err(format!("a plain value has no {key}")),
    }
}

/// A `toml` value as `toml_edit`'s, through its TOML text (a table becomes an inline table).
fn toml_value(value: &toml::Value) -> Result<Value, String> {
    let mut wrapper = toml::Table::new();
    wrapper.insert("v".to_owned(), value.clone());
    let text = toml::to_string(&wrapper).map_err(|e| e.to_string())?;
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| e.to_string())?;
    let mut value = doc
        .remove("v")
        .and_then(|item| item.into_value().ok())
        .ok_or_else(|| "the value does not write as TOML".to_owned())?;
    value.decor_mut().clear();
    Ok(value)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::site::{EditableSite, load_str};

    /// The site `path` with `edits` applied in memory, and the same site loaded from the
    /// text [`edited_text`] writes: they must be the same site.
    fn round_trip(path: &str, edits: &[&str]) -> String {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        let site = EditableSite::load(&path).unwrap();
        let edits: Vec<Edit> = edits.iter().map(|e| e.parse().unwrap()).collect();
        let edited = site.edited(&edits).unwrap();
        let text = edited_text(&edited).unwrap();
        let again = load_str(text.clone(), &path, path.parent().unwrap()).unwrap();
        assert_eq!(again.site, edited.site, "{text}");
        text
    }

    #[test]
    fn edits_of_every_kind_of_place_read_back_as_the_edited_site() {
        let text = round_trip(
            "sites/colo-retrofit.toml",
            &[
                // A key of a plain table; a key of an array-of-tables element by name and
                // by position; a key of an inline table with a number key; a key added.
                "site.discount_rate=0.1",
                r#"grid.contract["utility LGS"].energy_usd_per_mwh=80"#,
                "cooling.chiller[0].lead_time_years=2",
                "demand.gpus_online[2029]=2048",
                "design.it_load_fraction=0.9",
                r#"hall["Suite 2"].allowed_racks=["DGX H100 x4"]"#,
                r#"reliability.ride_through_minutes["outage"]=3"#,
            ],
        );
        // Comments stay, beside the value edited too.
        assert!(
            text.contains("energy_usd_per_mwh = 80.0"),
            "a float stays one: {text}"
        );
        assert!(text.contains("# the first 512 GPUs are already running"));
        assert!(text.contains("2029 = 2048"), "{text}");
    }

    #[test]
    fn a_whole_table_replaced_and_the_campus_edited() {
        round_trip(
            "sites/colo-retrofit.toml",
            &["demand.gpus_online={2027 = 256, 2028 = 512}"],
        );
        round_trip(
            "sites/ai-campus.toml",
            &["cooling.redundancy=\"N\"", "hall[3].slots=100"],
        );
    }

    #[test]
    fn a_site_without_edits_is_its_own_text() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("sites/colo-retrofit.toml");
        let site = crate::site::load(&path).unwrap();
        assert_eq!(edited_text(&site).unwrap(), site.source.text);
    }
}
