//! Running failure scenarios ([`Scenario`], whose grammar is the site's): the weather range
//! a heat wave may reach, chiller restarts, and the power timeline of a utility outage.

use crate::site::{GeneratorRole, Site};

pub use crate::site::scenario::{Scenario, ScenarioError};

/// Hottest dry-bulb a heat wave may raise any hour of the weather year to (°C): the top of
/// the range over which the psychrometrics and plant curves are documented to hold
/// (`physics::psychro`: −40 to 60 °C), and above the hottest air temperature on record
/// (56.7 °C, Death Valley, 1913, WMO).
pub const MAX_DRY_BULB_C: f64 = 60.0;

/// Coldest dry-bulb a (negative) weather offset may lower any hour to (°C): the bottom of the
/// same range.
pub const MIN_DRY_BULB_C: f64 = -40.0;

/// Seconds a chiller takes to come back once its power returns (restart and load-up).
/// Assumed: quick-restart centrifugal chillers reload in 2–5 minutes; 3 minutes here.
pub const CHILLER_RESTART_S: f64 = 180.0;

/// When power is back for the plant after a utility outage, and when IT is lost if the UPS
/// runs out first (seconds from the failure).
#[derive(Debug, Clone, Copy, PartialEq)]
#[allow(
    clippy::struct_field_names,
    reason = "every field is a time in seconds, and says so as dcplan's names do"
)]
pub struct PowerTimeline {
    /// Plant (chillers, towers, dry coolers, plant pumps) back on generators; infinite without
    /// backup generation.
    pub plant_back_s: f64,
    /// Chillers back: plant power + restart.
    pub chillers_back_s: f64,
    /// IT lost because the UPS ran out before the generators took the load; `None` if the
    /// generators start in time.
    pub it_lost_s: Option<f64>,
}

impl PowerTimeline {
    /// The timeline of a utility outage at a hall with `ups_s` seconds of UPS ride-through,
    /// the site carrying `load_mw` (IT through UPS and distribution, and the cooling plant)
    /// with `units` generator units per class (site order) installed.
    ///
    /// The plant is back when the generators started so far (backup generators if the site
    /// has any, else every class; each class at its `start_delay_s`) first cover `load_mw`:
    /// a small fast unit that cannot carry the load does not bring the plant back. Never, if
    /// all of them together cannot. CRAH fans and CDU pumps are taken to be on UPS (they keep
    /// running); the rest of the plant is not.
    pub fn outage(site: &Site, units: &[u32], load_mw: f64, ups_s: f64) -> PowerTimeline {
        let gens = &site.generator;
        let backup = gens.iter().any(|g| g.role() == GeneratorRole::Backup);
        let mut classes: Vec<(f64, f64)> = gens
            .iter()
            .zip(units)
            .filter(|(g, _)| !backup || g.role() == GeneratorRole::Backup)
            .map(|(g, &n)| (g.start_delay_s, f64::from(n) * g.unit_mw))
            .collect();
        classes.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut started = 0.0;
        let start = classes
            .iter()
            .find(|&&(_, mw)| {
                started += mw;
                started > 0.0 && started >= load_mw
            })
            .map_or(f64::INFINITY, |c| c.0);
        PowerTimeline {
            plant_back_s: start,
            chillers_back_s: start + CHILLER_RESTART_S,
            it_lost_s: (ups_s < start).then_some(ups_s),
        }
    }
}
