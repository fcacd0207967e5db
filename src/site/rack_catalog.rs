//! The rack catalog: GPU (and legacy CPU) rack types a site can reference by id.
//!
//! The built-in catalog is `data/racks.toml`, one `[[rack]]` table per type, with the same
//! field names as a site's `[[rack]]` plus an `id`. A site rack written as
//! `catalog = "gb200-nvl72"` inherits the entry's fields: the site loader merges
//! [`RackCatalog::entry_toml`] under the site's own keys, so explicit site values win, and the
//! merged rack then passes through the site's ordinary validation. Sources for every figure
//! are in each entry's `source` and in `data/README.md`.

use std::sync::OnceLock;

use super::RackType;
use crate::text::did_you_mean;

/// The built-in catalog, embedded at compile time.
const BUILTIN_TOML: &str = include_str!("../../data/racks.toml");

/// Errors from loading a rack catalog.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CatalogError {
    /// The catalog text is not valid TOML or not an array of `[[rack]]` tables with ids.
    #[error("rack catalog does not parse: {0}")]
    Parse(String),
    /// An entry is not a valid rack type.
    #[error("rack catalog entry `{id}` is invalid: {reason}")]
    InvalidEntry {
        /// Id of the offending entry.
        id: String,
        /// What is wrong.
        reason: String,
    },
    /// Two entries share an id.
    #[error("rack catalog id `{0}` appears more than once; ids must be unique")]
    DuplicateId(String),
}

/// One catalog entry: its id, its raw fields (for merging) and the typed rack.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogEntry {
    /// Kebab-case id that sites use in `catalog = "<id>"`.
    pub id: String,
    /// The entry's fields without `id`, as written, for merging under a site rack.
    pub table: toml::Table,
    /// The typed rack type.
    pub rack: RackType,
}

/// A rack catalog, looked up by id.
#[derive(Debug, Clone, PartialEq)]
pub struct RackCatalog {
    entries: Vec<CatalogEntry>,
}

impl RackCatalog {
    /// Parses a catalog from TOML text of `[[rack]]` tables.
    pub fn from_toml_str(text: &str) -> Result<Self, CatalogError> {
        let mut doc: toml::Table =
            toml::from_str(text).map_err(|e| CatalogError::Parse(e.to_string()))?;
        if let Some(key) = doc.keys().find(|k| k.as_str() != "rack") {
            return Err(CatalogError::Parse(format!(
                "unexpected top-level key `{key}`; the catalog holds only [[rack]] tables"
            )));
        }
        let racks = match doc.remove("rack") {
            None => Vec::new(),
            Some(toml::Value::Array(racks)) => racks,
            Some(_) => {
                return Err(CatalogError::Parse(
                    "`rack` must be an array of tables".into(),
                ));
            }
        };
        let mut entries: Vec<CatalogEntry> = Vec::with_capacity(racks.len());
        for value in racks {
            let toml::Value::Table(mut table) = value else {
                return Err(CatalogError::Parse("every `rack` must be a table".into()));
            };
            let id = match table.remove("id") {
                Some(toml::Value::String(id)) if !id.is_empty() => id,
                _ => return Err(CatalogError::Parse("every rack needs a string `id`".into())),
            };
            if entries.iter().any(|e| e.id == id) {
                return Err(CatalogError::DuplicateId(id));
            }
            let rack: RackType =
                toml::Value::Table(table.clone())
                    .try_into()
                    .map_err(|e: toml::de::Error| CatalogError::InvalidEntry {
                        id: id.clone(),
                        reason: e.message().to_owned(),
                    })?;
            entries.push(CatalogEntry { id, table, rack });
        }
        Ok(RackCatalog { entries })
    }

    /// The built-in catalog (`data/racks.toml`), parsed once.
    pub fn builtin() -> Result<&'static Self, CatalogError> {
        static BUILTIN: OnceLock<Result<RackCatalog, CatalogError>> = OnceLock::new();
        BUILTIN
            .get_or_init(|| Self::from_toml_str(BUILTIN_TOML))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The entry with this id.
    pub fn get(&self, id: &str) -> Option<&CatalogEntry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// The raw fields of the entry with this id (without `id`), for merging under a site rack.
    pub fn entry_toml(&self, id: &str) -> Option<&toml::Table> {
        self.get(id).map(|e| &e.table)
    }

    /// All ids, in catalog order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.id.as_str())
    }

    /// All entries, in catalog order.
    pub fn entries(&self) -> &[CatalogEntry] {
        &self.entries
    }

    /// The id closest to a mistyped one, for "did you mean".
    pub fn suggest(&self, id: &str) -> Option<&str> {
        did_you_mean(id, self.ids())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn cat() -> &'static RackCatalog {
        RackCatalog::builtin().unwrap()
    }

    #[test]
    fn builtin_parses_with_required_entries() {
        for id in [
            "dgx-h100-x4-air",
            "hgx-h100-x2-air",
            "hgx-h200-x4-air",
            "dgx-b200-x4-air",
            "gb200-nvl72",
            "gb300-nvl72",
            "mi300x-x4-air",
            "enterprise-cpu-8kw",
        ] {
            assert!(cat().get(id).is_some(), "{id}");
            assert!(!cat().entry_toml(id).unwrap().contains_key("id"), "{id}");
        }
    }

    #[test]
    fn every_entry_cites_a_source() {
        for e in cat().entries() {
            assert!(
                e.rack.source.as_deref().is_some_and(|s| s.len() > 20),
                "{}",
                e.id
            );
            assert!(
                e.rack.catalog.is_none(),
                "{}: a catalog entry cannot itself refer to the catalog",
                e.id
            );
        }
    }

    #[test]
    fn figures_match_reference() {
        // shared/reference/README.md: GB200 NVL72 power shelves ~132 kW, 72 GPUs, ~1.36 t;
        // DGX H100 ~10.2 kW per system (4 per rack); DGX B200 ~14.3 kW per system.
        let nvl = &cat().get("gb200-nvl72").unwrap().rack;
        assert_eq!(nvl.gpus, 72);
        assert!((nvl.design_kw - 132.0).abs() < 1e-9);
        assert!((nvl.liquid_fraction - 0.85).abs() < 1e-9);
        assert!((nvl.mass_kg - 1360.0).abs() < 1e-9);
        let dgx = &cat().get("dgx-h100-x4-air").unwrap().rack;
        assert!((dgx.design_kw - 4.0 * 10.2).abs() < 1e-9);
        let b200 = &cat().get("dgx-b200-x4-air").unwrap().rack;
        assert!((b200.design_kw - 4.0 * 14.3).abs() < 1e-9);
        let cpu = &cat().get("enterprise-cpu-8kw").unwrap().rack;
        assert_eq!(cpu.gpus, 0);
        assert!(cpu.liquid_fraction.abs() < f64::EPSILON);
    }

    #[test]
    fn suggest_did_you_mean() {
        assert_eq!(cat().suggest("gb200-nvl7"), Some("gb200-nvl72"));
        assert_eq!(cat().suggest("qqqqqqqq"), None);
    }

    #[test]
    fn rejects_bad_catalogs() {
        let entry = BUILTIN_TOML
            .split("\n[[rack]]\n")
            .nth(1)
            .map(|s| format!("[[rack]]\n{s}"))
            .unwrap();
        assert!(matches!(
            RackCatalog::from_toml_str(&format!("{entry}\n{entry}")),
            Err(CatalogError::DuplicateId(_))
        ));
        let unknown = entry.replace("gpus = 32", "gpus = 32\ncolour = \"green\"");
        assert!(matches!(
            RackCatalog::from_toml_str(&unknown),
            Err(CatalogError::InvalidEntry { .. })
        ));
        assert!(matches!(
            RackCatalog::from_toml_str("[site]\nname = 'x'"),
            Err(CatalogError::Parse(_))
        ));
        assert!(RackCatalog::from_toml_str("").unwrap().entries().is_empty());
    }
}
