//! The rack catalog: GPU (and legacy CPU) rack types a site can reference by id.
//!
//! The built-in catalog is `data/racks.toml`, one `[[rack]]` table per type, with the same
//! field names as a site's `[[rack]]`. A site rack written as `catalog = "gb200-nvl72"`
//! inherits the entry's fields; the site loader merges [`RackCatalog::entry_toml`] under the
//! site's own keys, so explicit site values win. [`RackType`] is the typed, validated view of
//! the same entry. Sources for every figure are in each entry's `source` and `data/README.md`.

use std::collections::HashSet;
use std::sync::OnceLock;

use serde::Deserialize;

/// The built-in catalog, embedded at compile time.
const BUILTIN_TOML: &str = include_str!("../data/racks.toml");

/// Errors from loading a rack catalog.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CatalogError {
    /// The catalog text is not valid TOML or not an array of `[[rack]]` tables.
    #[error("rack catalog does not parse: {0}")]
    Parse(String),
    /// An entry has a field outside its valid range.
    #[error("rack catalog entry `{id}` is invalid: {reason}")]
    InvalidEntry {
        /// Id of the offending entry.
        id: String,
        /// What is wrong and what would be right.
        reason: String,
    },
    /// Two entries share an id.
    #[error("rack catalog id `{0}` appears more than once; ids must be unique")]
    DuplicateId(String),
}

/// One rack type from the catalog (field names match the site model's `[[rack]]`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RackType {
    /// Kebab-case id sites use in `catalog = "<id>"`.
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// GPUs per rack (count, ≥ 0; 0 for CPU racks).
    pub gpus: u32,
    /// GPU model ("none" for CPU racks).
    pub gpu_model: String,
    /// Rack design (maximum) IT power (kW, > 0).
    pub design_kw: f64,
    /// Typical average power draw as a fraction of `design_kw` (dimensionless, 0–1).
    pub utilization: f64,
    /// Share of the rack's heat removed by the liquid loop (dimensionless, 0–1; 0 = air-cooled).
    pub liquid_fraction: f64,
    /// Loaded rack mass, for thermal mass (kg, > 0).
    pub mass_kg: f64,
    /// Capital cost per rack including servers and in-rack networking (USD, ≥ 0). A
    /// range-based public estimate, not a quote.
    pub capex_usd: f64,
    /// Order-to-delivery lead time (whole years, ≥ 0).
    pub lead_time_years: u32,
    /// Depreciation lifetime (whole years, ≥ 1).
    pub lifetime_years: u32,
    /// Citation for the figures.
    pub source: String,
}

impl RackType {
    /// Check every field is inside its valid range.
    pub fn validate(&self) -> Result<(), CatalogError> {
        let bad = |reason: String| CatalogError::InvalidEntry {
            id: self.id.clone(),
            reason,
        };
        if self.id.is_empty()
            || !self
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(bad(
                "id must be non-empty lowercase kebab-case (a-z, 0-9, '-')".into(),
            ));
        }
        if !(self.design_kw.is_finite() && self.design_kw > 0.0) {
            return Err(bad(format!(
                "design_kw is {} but must be > 0",
                self.design_kw
            )));
        }
        for (name, v) in [
            ("utilization", self.utilization),
            ("liquid_fraction", self.liquid_fraction),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(bad(format!("{name} is {v} but must be within 0-1")));
            }
        }
        if !(self.mass_kg.is_finite() && self.mass_kg > 0.0) {
            return Err(bad(format!("mass_kg is {} but must be > 0", self.mass_kg)));
        }
        if !(self.capex_usd.is_finite() && self.capex_usd >= 0.0) {
            return Err(bad(format!(
                "capex_usd is {} but must be ≥ 0",
                self.capex_usd
            )));
        }
        if self.lifetime_years == 0 {
            return Err(bad("lifetime_years is 0 but must be ≥ 1".into()));
        }
        Ok(())
    }
}

/// A validated rack catalog, looked up by id, keeping each entry's raw TOML table for merging.
#[derive(Debug, Clone, PartialEq)]
pub struct RackCatalog {
    entries: Vec<RackType>,
    tables: Vec<toml::Table>,
}

impl RackCatalog {
    /// Parse and validate a catalog from TOML text of `[[rack]]` tables.
    pub fn from_toml_str(text: &str) -> Result<Self, CatalogError> {
        let doc: toml::Table =
            toml::from_str(text).map_err(|e| CatalogError::Parse(e.to_string()))?;
        if let Some(key) = doc.keys().find(|k| k.as_str() != "rack") {
            return Err(CatalogError::Parse(format!(
                "unexpected top-level key `{key}`; the catalog holds only [[rack]] tables"
            )));
        }
        let racks = match doc.get("rack") {
            Some(toml::Value::Array(items)) => items.as_slice(),
            Some(_) => {
                return Err(CatalogError::Parse(
                    "`rack` must be an array of tables ([[rack]])".into(),
                ));
            }
            None => &[],
        };
        let mut entries = Vec::with_capacity(racks.len());
        let mut tables = Vec::with_capacity(racks.len());
        let mut seen = HashSet::new();
        for (i, item) in racks.iter().enumerate() {
            let toml::Value::Table(table) = item else {
                return Err(CatalogError::Parse(format!(
                    "rack #{} is not a table",
                    i + 1
                )));
            };
            let entry: RackType =
                toml::Value::Table(table.clone())
                    .try_into()
                    .map_err(|e: toml::de::Error| {
                        CatalogError::Parse(format!("rack #{}: {e}", i + 1))
                    })?;
            entry.validate()?;
            if !seen.insert(entry.id.clone()) {
                return Err(CatalogError::DuplicateId(entry.id));
            }
            entries.push(entry);
            tables.push(table.clone());
        }
        Ok(Self { entries, tables })
    }

    /// The built-in catalog (`data/racks.toml`), parsed once on first use.
    ///
    /// The embedded file is fixed at compile time and a unit test proves it parses, so the
    /// error case is unreachable in a tested build; it is returned rather than panicking.
    pub fn builtin() -> Result<&'static Self, CatalogError> {
        static CATALOG: OnceLock<Result<RackCatalog, CatalogError>> = OnceLock::new();
        CATALOG
            .get_or_init(|| Self::from_toml_str(BUILTIN_TOML))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The rack type with this id, if any.
    pub fn get(&self, id: &str) -> Option<&RackType> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// The raw TOML table of the entry with this id (all fields, including `id` and `source`),
    /// for merging under a site rack's explicit keys.
    pub fn entry_toml(&self, id: &str) -> Option<&toml::Table> {
        self.entries
            .iter()
            .position(|e| e.id == id)
            .and_then(|i| self.tables.get(i))
    }

    /// All ids, in file order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.id.as_str())
    }

    /// All entries, in file order.
    pub fn entries(&self) -> &[RackType] {
        &self.entries
    }

    /// The closest known id to `id` (`Jaro-Winkler` similarity ≥ 0.7), for "did you mean".
    pub fn suggest(&self, id: &str) -> Option<&str> {
        crate::physics::chiller_curve::closest(id, self.ids())
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
        let cat = cat();
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
            assert!(cat.get(id).is_some(), "{id}");
            assert!(cat.entry_toml(id).is_some(), "{id}");
        }
    }

    #[test]
    fn ids_unique() {
        let ids: Vec<_> = cat().ids().collect();
        let set: HashSet<_> = ids.iter().collect();
        assert_eq!(ids.len(), set.len());
    }

    #[test]
    fn every_entry_in_range() {
        for e in cat().entries() {
            assert!(e.validate().is_ok(), "{}", e.id);
            assert!(e.design_kw > 0.0, "{}", e.id);
            assert!((0.0..=1.0).contains(&e.utilization), "{}", e.id);
            assert!((0.0..=1.0).contains(&e.liquid_fraction), "{}", e.id);
            assert!(!e.source.is_empty(), "{}", e.id);
        }
    }

    #[test]
    fn figures_match_reference() {
        let nvl = cat().get("gb200-nvl72").unwrap();
        assert_eq!(nvl.gpus, 72);
        assert!((nvl.design_kw - 132.0).abs() < 1e-9);
        assert!((nvl.liquid_fraction - 0.85).abs() < 1e-9);
        assert!((nvl.mass_kg - 1360.0).abs() < 1e-9);
        let dgx = cat().get("dgx-h100-x4-air").unwrap();
        assert!((dgx.design_kw - 4.0 * 10.2).abs() < 1e-9);
        let b200 = cat().get("dgx-b200-x4-air").unwrap();
        assert!((b200.design_kw - 4.0 * 14.3).abs() < 1e-9);
        let cpu = cat().get("enterprise-cpu-8kw").unwrap();
        assert_eq!(cpu.gpus, 0);
        assert!(cpu.liquid_fraction.abs() < f64::EPSILON);
    }

    #[test]
    fn entry_toml_matches_typed_entry() {
        let t = cat().entry_toml("gb300-nvl72").unwrap();
        assert_eq!(t.get("gpus").and_then(toml::Value::as_integer), Some(72));
        assert_eq!(
            t.get("id").and_then(toml::Value::as_str),
            Some("gb300-nvl72")
        );
        assert!(cat().entry_toml("nope").is_none());
        // Every key of every raw table is a field of RackType (no silently ignored keys).
        for e in cat().entries() {
            let t = cat().entry_toml(&e.id).unwrap();
            assert_eq!(t.len(), 12, "{}", e.id);
        }
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
        let bad = entry.replace("liquid_fraction = 0.0", "liquid_fraction = 1.5");
        assert!(matches!(
            RackCatalog::from_toml_str(&bad),
            Err(CatalogError::InvalidEntry { .. })
        ));
        let unknown = entry.replace("gpus = 32", "gpus = 32\ncolour = \"green\"");
        assert!(matches!(
            RackCatalog::from_toml_str(&unknown),
            Err(CatalogError::Parse(_))
        ));
        assert!(matches!(
            RackCatalog::from_toml_str("[site]\nname = 'x'"),
            Err(CatalogError::Parse(_))
        ));
        assert!(RackCatalog::from_toml_str("").unwrap().entries().is_empty());
    }
}
