//! Which plan this is, before any rule is checked: a plan of another site, of another
//! document version, with a resolution dcplan never writes, is refused in one line
//! each (checking it rule by rule would only list thousands of consequences); a plan whose
//! site changed since, or that was edited after dcplan wrote it, is still checked, with one
//! line saying so first.

use serde::Serialize;

use crate::plan::document::SCHEMA_VERSION;
use crate::plan::time::{DAYS_PER_YEAR, HOURS_PER_DAY};
use crate::plan::{Plan, Resolution};
use crate::site::LoadedSite;

/// Why a plan is not checked against a site at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Refusal {
    /// The document is of another version than this dcplan writes and reads.
    #[error(
        "the plan is schema version {found}; this dcplan reads version {expected}: plan the site again"
    )]
    SchemaVersion {
        /// The plan's `schema_version`.
        found: u32,
        /// [`SCHEMA_VERSION`].
        expected: u32,
    },
    /// The plan names another site.
    #[error(
        "the plan is for site \"{plan}\", not \"{site}\": check it against the site it was made for"
    )]
    OtherSite {
        /// The plan's `site`.
        plan: String,
        /// The site file's `[site] name`.
        site: String,
    },
    /// The plan's resolution does not parse, or does not match its modelled days and hours.
    #[error("the plan's resolution \"{resolution}\" {why}")]
    Resolution {
        /// The plan's `resolution`.
        resolution: String,
        /// What is wrong with it.
        why: String,
    },
}

/// Something the fingerprints tell about a plan that is still checked rule by rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Notice {
    /// The site's fingerprint is not the one the plan recorded.
    SiteChanged,
    /// The document's content fingerprint is not the one dcplan recorded.
    PlanEdited,
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Notice::SiteChanged => {
                "the site changed since this plan was made (its fingerprint differs): \
                 the plan is checked against the site as it is now"
            }
            Notice::PlanEdited => {
                "the plan was edited after dcplan wrote it (its content fingerprint differs)"
            }
        })
    }
}

/// What [`identify`] found: refusals (the plan is not checked) and notices (it is).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identity {
    /// Each reason not to check the plan at all, in the order the module docs give.
    pub refusals: Vec<Refusal>,
    /// What a reader of the check should know first.
    pub notices: Vec<Notice>,
}

/// Identifies `plan` against `loaded`: its version, site and resolution, then its
/// fingerprints (a plan refused is not asked whether it changed).
pub fn identify(loaded: &LoadedSite, plan: &Plan) -> Result<Identity, serde_json::Error> {
    let mut refusals = Vec::new();
    if plan.schema_version != SCHEMA_VERSION {
        refusals.push(Refusal::SchemaVersion {
            found: plan.schema_version,
            expected: SCHEMA_VERSION,
        });
    }
    let name = &loaded.site.site.name;
    if plan.site != *name {
        refusals.push(Refusal::OtherSite {
            plan: plan.site.clone(),
            site: name.clone(),
        });
    }
    if let Some(why) = resolution_mismatch(plan) {
        refusals.push(Refusal::Resolution {
            resolution: plan.resolution.clone(),
            why,
        });
    }
    let mut notices = Vec::new();
    if refusals.is_empty() {
        if loaded.fingerprint()? != plan.fingerprints.site_sha256 {
            notices.push(Notice::SiteChanged);
        }
        if !plan.is_as_sealed()? {
            notices.push(Notice::PlanEdited);
        }
    }
    Ok(Identity { refusals, notices })
}

/// Why the plan's resolution does not describe its modelled days and hours, if it does not:
/// `rep:N` models N days (every day from 365 on), `full` every day; each day and each design
/// day has 24 hours.
fn resolution_mismatch(plan: &Plan) -> Option<String> {
    let days = match plan.resolution.parse::<Resolution>() {
        Ok(Resolution::Representative { days }) => days.min(DAYS_PER_YEAR),
        Ok(Resolution::Full) => DAYS_PER_YEAR,
        Err(e) => return Some(format!("does not parse: {e}")),
    };
    let hours = HOURS_PER_DAY * (plan.days.len() + plan.design.days.len());
    if plan.days.len() != days {
        Some(format!(
            "models {days} day(s) a year; the plan lists {}",
            plan.days.len()
        ))
    } else if plan.modelled_hours_per_year != hours {
        Some(format!(
            "with {} design day(s) models {hours} hours a year; the plan says {}",
            plan.design.days.len(),
            plan.modelled_hours_per_year
        ))
    } else {
        None
    }
}
