//! Rack catalog (temporary stub until the refdata branch lands).
#![allow(missing_docs)]
pub struct RackCatalog { entries: Vec<(String, toml::Table)> }
impl RackCatalog {
    pub fn builtin() -> &'static RackCatalog {
        static C: std::sync::OnceLock<RackCatalog> = std::sync::OnceLock::new();
        C.get_or_init(|| RackCatalog { entries: Vec::new() })
    }
    pub fn entry_toml(&self, id: &str) -> Option<&toml::Table> { self.entries.iter().find(|(i, _)| i == id).map(|(_, t)| t) }
    pub fn suggest(&self, _id: &str) -> Option<&str> { None }
}
