//! The free-cooling paths a site's plant has, at its own setpoints.
//!
//! One definition shared by `dcplan info` (free-cooling hours), the optimizer (which hours
//! cost only fans and pumps) and, later, the simulator, so they cannot disagree.

use super::{EconomizerKind as SiteEconomizer, Site};
use crate::physics::cooling_tower::{CTI_RATING_WET_BULB_C, DESIGN_RANGE_K, TowerCell, TowerError};
use crate::physics::economizer::{Economizer, EconomizerKind};

/// Tower leaving-water approach assumed when a site has no tower table to take it from (K);
/// shared/reference: 3–5 K typical.
pub const DEFAULT_TOWER_APPROACH_K: f64 = 4.0;

/// Temperature rise of the facility-water (liquid) loop (K); direct-to-chip loops are commonly
/// designed for 8–12 K.
pub const LIQUID_LOOP_DELTA_K: f64 = 10.0;

/// The site's tower cell ([`TowerCell`]), rated as its first tower class states (the one
/// free cooling and the chillers' condensers take), or at the defaults for a site without
/// towers. Fails only on a rating no cell can have (validation reports it at the class).
pub fn tower_cell(site: &Site) -> Result<TowerCell, TowerError> {
    let (wet_bulb_c, approach_k) = tower_rating(site);
    TowerCell::rated(wet_bulb_c, approach_k, DESIGN_RANGE_K)
}

/// The (rated wet-bulb °C, approach K) of the site's first tower class, or the defaults.
fn tower_rating(site: &Site) -> (f64, f64) {
    site.cooling
        .tower
        .first()
        .map_or((CTI_RATING_WET_BULB_C, DEFAULT_TOWER_APPROACH_K), |t| {
            (t.rated_wet_bulb_c, t.approach_k)
        })
}

/// Free-cooling paths of the two heat loops.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FreeCooling {
    /// Air-side heat (through the CRAHs): a water-side economizer on the chilled-water loop, or
    /// outdoor air straight to the cold aisle.
    pub air: Option<Economizer>,
    /// Liquid-side heat (through the CDUs): dry coolers on the facility-water loop, or tower
    /// water through a heat exchanger when the plant has towers and a water-side economizer.
    pub liquid: Option<Economizer>,
}

impl FreeCooling {
    /// The site's free-cooling paths.
    pub fn of(site: &Site) -> FreeCooling {
        let k = &site.cooling;
        let (tower_rated_wet_bulb_c, tower_approach_k) = tower_rating(site);
        let water_side = EconomizerKind::WaterSide {
            tower_approach_k,
            tower_rated_wet_bulb_c,
            hx_approach_k: k.economizer.hx_approach_k,
        };
        let air = match k.economizer.kind {
            SiteEconomizer::WaterSide => {
                let supply = k.chilled_water_supply_c;
                Economizer::new(water_side, supply, supply + k.chilled_water_delta_k).ok()
            }
            // Outdoor air straight to the cold aisle: eligible when it is at or below the
            // coolest hall's supply-air setpoint.
            SiteEconomizer::AirSide => site
                .hall
                .iter()
                .map(|h| h.supply_air_c)
                .reduce(f64::min)
                .and_then(|supply| {
                    let kind = EconomizerKind::AirSide { approach_k: 0.0 };
                    Economizer::new(kind, supply, supply + k.crah.delta_t_k).ok()
                }),
            SiteEconomizer::None => None,
        };
        let liquid = k.liquid_supply_c.and_then(|supply| {
            let kind = match k.dry_cooler.first() {
                Some(dry) => EconomizerKind::DryCooler {
                    approach_k: dry.approach_k,
                },
                None if k.economizer.kind == SiteEconomizer::WaterSide && !k.tower.is_empty() => {
                    water_side
                }
                None => return None,
            };
            Economizer::new(kind, supply, supply + LIQUID_LOOP_DELTA_K).ok()
        });
        FreeCooling { air, liquid }
    }

    /// Both paths, air first, for summaries.
    pub fn paths(&self) -> Vec<Economizer> {
        self.air.into_iter().chain(self.liquid).collect()
    }
}
