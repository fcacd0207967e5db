//! A plan's fingerprints: of the site it was made from, and of its own content, so that
//! `dcplan check` can say when the site changed since, or the plan was edited after dcplan
//! wrote it (DESIGN.md, "The plan document").

use serde::{Deserialize, Serialize};

use super::Plan;
use crate::site::LoadedSite;

/// SHA-256 fingerprints (lowercase hex) tying a plan to its inputs and to what dcplan wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Fingerprints {
    /// Of the site the plan was made from: its parsed model in canonical JSON with its
    /// weather and PV profile data ([`LoadedSite::fingerprint`]).
    pub site_sha256: String,
    /// The edits (`PATH=VALUE`, in order) made to the site file's site before planning
    /// ([`LoadedSite::edits`]): `site_sha256` is of the edited site, so the plan is of the
    /// site file only with these edits. Absent when there were none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub site_edits: Vec<String>,
    /// Of this document as dcplan wrote it, with this field empty
    /// ([`Plan::content_fingerprint`]).
    pub plan_sha256: String,
}

impl Plan {
    /// SHA-256 of the document's compact JSON with `fingerprints.plan_sha256` empty. A plan
    /// read back from its file hashes the same (floats read back exactly, maps are ordered),
    /// whatever its whitespace; any changed value changes it.
    pub fn content_fingerprint(&self) -> Result<String, serde_json::Error> {
        let mut blank = self.clone();
        blank.fingerprints.plan_sha256.clear();
        crate::fingerprint::sha256_json(&blank)
    }

    /// Records the fingerprint of `site` (the site as the planner was given it) and its edits,
    /// and then the fingerprint of the finished document: the last step before a plan is handed out.
    pub fn seal(&mut self, site: &LoadedSite) -> Result<(), serde_json::Error> {
        self.fingerprints.site_sha256 = site.fingerprint()?;
        self.fingerprints.site_edits = site.edits.iter().map(ToString::to_string).collect();
        self.fingerprints.plan_sha256 = self.content_fingerprint()?;
        Ok(())
    }

    /// Whether the document is as dcplan sealed it.
    pub fn is_as_sealed(&self) -> Result<bool, serde_json::Error> {
        Ok(self.content_fingerprint()? == self.fingerprints.plan_sha256)
    }
}
