//! The `[design]` table: the load and the weather the plant and the supply are sized for.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The design basis: what the cooling plant (chillers, heat rejection, air handlers and
/// CDUs), the UPS and the firm supply must carry, and in what weather. Energy, fuel and costs
/// follow the racks' hourly utilisation and the weather year; capacity follows this.
///
/// Two design days are modelled: a **dry-bulb** day (`dry_bulb_c` with its mean coincident
/// wet-bulb `mcwb_c`: what air-cooled chillers, dry coolers and air-side economizers see) and
/// a **wet-bulb** day (`wet_bulb_c` with its mean coincident dry-bulb `mcdb_c`: what towers,
/// water-cooled chillers and water-side economizers see), as in ASHRAE's annual cooling and
/// evaporation design conditions (Handbook—Fundamentals, ch. 14). A pair left out is derived
/// from the weather year: its hottest (or most humid) hour with both temperatures raised by
/// `margin_k`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Design {
    /// Design IT load as a fraction of the installed racks' design power (`design_kw`), in
    /// (0, 1]. Default 1: every rack at nameplate at once (a training fleet can draw that for
    /// hours). A lower value is a stated diversity factor the plant is sized for, not the
    /// average utilisation.
    #[serde(default = "default_it_load_fraction")]
    pub it_load_fraction: f64,
    /// Design dry-bulb (°C), −50 to 60, e.g. ASHRAE's 0.4 % annual cooling dry-bulb or an
    /// n-year extreme; give it with `mcwb_c`. Default: derived (see `margin_k`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_bulb_c: Option<f64>,
    /// Mean coincident wet-bulb at `dry_bulb_c` (°C), at most `dry_bulb_c`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mcwb_c: Option<f64>,
    /// Design wet-bulb (°C), −50 to 40, e.g. ASHRAE's 0.4 % annual evaporation wet-bulb; give
    /// it with `mcdb_c`. Default: derived (see `margin_k`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wet_bulb_c: Option<f64>,
    /// Mean coincident dry-bulb at `wet_bulb_c` (°C), at least `wet_bulb_c`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mcdb_c: Option<f64>,
    /// Daily dry-bulb range of the design days (K), 0 to 30, e.g. ASHRAE's mean daily range
    /// of the hottest month; the hours follow ASHRAE's daily-range profile below the peak.
    /// Default: the range of the weather year's day holding its hottest hour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub daily_range_k: Option<f64>,
    /// Where the given design values come from (e.g. "ASHRAE 2009, WMO 722780, 0.4 %");
    /// required when any of them is given, and stated in the plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Margin (K) added to both temperatures of a derived design condition, 0 to 20. Default
    /// 2: a typical year excludes extremes by construction (NREL's TMY caution). At the
    /// bundled stations the typical year's hottest hour is 1–2 K above ASHRAE's 0.4 % value
    /// (Phoenix 44.4 vs 43.4 °C, Greensboro 35.6 vs 33.4 °C, ASHRAE 2009) and 4.3 K below
    /// Phoenix's 20-year extreme (48.7 °C): 2 K goes about halfway to that extreme.
    #[serde(default = "default_margin_k")]
    pub margin_k: f64,
}

fn default_it_load_fraction() -> f64 {
    1.0
}

fn default_margin_k() -> f64 {
    2.0
}

impl Default for Design {
    fn default() -> Self {
        Design {
            it_load_fraction: default_it_load_fraction(),
            dry_bulb_c: None,
            mcwb_c: None,
            wet_bulb_c: None,
            mcdb_c: None,
            daily_range_k: None,
            source: None,
            margin_k: default_margin_k(),
        }
    }
}
