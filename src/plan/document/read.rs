//! Reading a plan document back from its JSON.

use super::{Plan, SCHEMA_VERSION};

/// Why bytes are not a plan document this dcplan reads.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PlanReadError {
    /// The document is of another version than this dcplan writes and reads (checked before
    /// its shape: an older document need not parse as this version).
    #[error(
        "the plan is schema version {found}; this dcplan reads version {expected}: plan the site again"
    )]
    SchemaVersion {
        /// The document's `schema_version`.
        found: u32,
        /// [`SCHEMA_VERSION`].
        expected: u32,
    },
    /// The text is not JSON of a plan's shape (`serde_json` says what and where).
    #[error("not a dcplan plan: {0}")]
    Json(#[from] serde_json::Error),
}

impl Plan {
    /// Reads a plan document, refused by its `schema_version` when it is not this
    /// version's, also when it does not parse as this version's shape. Parsed once; only a
    /// document that fails to parse is read again for its version.
    pub fn from_json(text: &str) -> Result<Plan, PlanReadError> {
        #[derive(serde::Deserialize)]
        struct Versioned {
            schema_version: u32,
        }
        let refused = |found: u32| PlanReadError::SchemaVersion {
            found,
            expected: SCHEMA_VERSION,
        };
        match serde_json::from_str::<Plan>(text) {
            Ok(plan) if plan.schema_version == SCHEMA_VERSION => Ok(plan),
            Ok(plan) => Err(refused(plan.schema_version)),
            Err(e) => match serde_json::from_str::<Versioned>(text) {
                Ok(Versioned { schema_version }) if schema_version != SCHEMA_VERSION => {
                    Err(refused(schema_version))
                }
                _ => Err(e.into()),
            },
        }
    }

    /// The document as dcplan writes it: pretty JSON (`dcplan plan --format json`).
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string_pretty(self)
    }
}
