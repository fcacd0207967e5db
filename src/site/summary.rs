//! What a site can hold: the figures `dcplan info` prints.
//!
//! Nameplate figures are upper bounds from the site file alone (every slot filled, every unit
//! built); what is worth building, and when, is the optimizer's job.

use serde::Serialize;

use super::free_cooling::FreeCooling;
use super::{GeneratorRole, HallCooling, LoadedSite, Redundancy, Site};
use crate::weather::{ClimateSummary, Station, WeatherSource};

/// Version of the `dcplan info --format json` document.
pub const SCHEMA_VERSION: u32 = 1;

/// Summary of a loaded site.
#[derive(Debug, Clone, Serialize)]
pub struct SiteSummary {
    /// Version of this document's shape.
    pub schema_version: u32,
    /// Site name.
    pub name: String,
    /// First and last planning year.
    pub horizon: (u32, u32),
    /// Real discount rate.
    pub discount_rate: f64,
    /// Where the weather comes from.
    pub weather: WeatherInfo,
    /// One row per hall.
    pub halls: Vec<HallSummary>,
    /// One row per rack type.
    pub racks: Vec<RackSummary>,
    /// Site-wide upper bounds.
    pub nameplate: Nameplate,
    /// GPU targets by year (empty with a capex budget).
    pub targets: Vec<(u32, u64)>,
    /// Capex budget, when the site plans to a budget.
    pub capex_budget_usd: Option<f64>,
    /// The weather year's headline figures, with free-cooling hours at the site's setpoints.
    pub climate: ClimateSummary,
    /// Number of warnings the site loaded with.
    pub warnings: usize,
}

/// The weather source and station.
#[derive(Debug, Clone, Serialize)]
pub struct WeatherInfo {
    /// File or design day.
    pub source: WeatherSource,
    /// Station metadata.
    pub station: Station,
}

/// One hall's capacity.
#[derive(Debug, Clone, Serialize)]
pub struct HallSummary {
    /// Hall name.
    pub name: String,
    /// Rack positions.
    pub slots: u32,
    /// Power per position (kW).
    pub max_rack_kw: f64,
    /// Cooling type.
    pub cooling: HallCooling,
    /// Whether it stands already.
    pub existing: bool,
    /// Years from order to ready.
    pub lead_time_years: u32,
    /// Build cost (USD).
    pub capex_usd: f64,
    /// Every slot at `max_rack_kw` (MW).
    pub it_nameplate_mw: f64,
    /// Every slot holding the densest rack type the hall can host.
    pub max_gpus: u64,
}

/// One rack type and where it fits.
#[derive(Debug, Clone, Serialize)]
pub struct RackSummary {
    /// Rack name.
    pub name: String,
    /// GPUs per rack.
    pub gpus: u32,
    /// Design power (kW).
    pub design_kw: f64,
    /// Average fraction of design power.
    pub utilization: f64,
    /// Share of heat to liquid.
    pub liquid_fraction: f64,
    /// Cost per rack (USD).
    pub capex_usd: f64,
    /// Years from order to installed.
    pub lead_time_years: u32,
    /// Halls that can host it.
    pub hosted_by: Vec<String>,
}

/// Site-wide upper bounds (MW unless named otherwise).
#[derive(Debug, Clone, Serialize)]
pub struct Nameplate {
    /// Rack positions in all halls.
    pub slots: u64,
    /// Every slot at its hall's `max_rack_kw`.
    pub it_mw: f64,
    /// Every slot holding the densest rack its hall can host.
    pub max_gpus: u64,
    /// Chillers at `max_units`, at rated capacity.
    pub chiller_mw: f64,
    /// Chillers at `max_units` less the redundant units (the plant's redundancy).
    pub chiller_firm_mw: f64,
    /// Dry coolers at `max_units`.
    pub dry_cooler_mw: f64,
    /// Cooling towers at `max_units`.
    pub tower_mw: f64,
    /// Firm grid capacity of the contracts today.
    pub grid_firm_mw: f64,
    /// Non-firm grid capacity of the contracts today.
    pub grid_non_firm_mw: f64,
    /// Firm capacity the upgrades would add.
    pub upgrade_firm_mw: f64,
    /// Prime generators at `max_units`.
    pub prime_generation_mw: f64,
    /// Backup generators at `max_units`.
    pub backup_generation_mw: f64,
    /// Solar PV at its land limit (MW AC).
    pub solar_mw_ac: f64,
    /// Batteries at their power limit.
    pub storage_mw: f64,
    /// PPA contracted capacity.
    pub ppa_mw: f64,
}

impl SiteSummary {
    /// Summarises a loaded site.
    pub fn of(loaded: &LoadedSite) -> SiteSummary {
        let site = &loaded.site;
        let halls: Vec<HallSummary> = site.hall.iter().map(|h| hall_summary(site, h)).collect();
        let racks = site
            .rack
            .iter()
            .map(|r| RackSummary {
                name: r.name.clone(),
                gpus: r.gpus,
                design_kw: r.design_kw,
                utilization: r.utilization,
                liquid_fraction: r.liquid_fraction,
                capex_usd: r.capex_usd,
                lead_time_years: r.lead_time_years,
                hosted_by: site
                    .hall
                    .iter()
                    .filter(|h| h.can_host(r))
                    .map(|h| h.name.clone())
                    .collect(),
            })
            .collect();
        let horizon = site.site.horizon();
        SiteSummary {
            schema_version: SCHEMA_VERSION,
            name: site.site.name.clone(),
            horizon: (horizon.start, horizon.end.saturating_sub(1)),
            discount_rate: site.site.discount_rate,
            weather: WeatherInfo {
                source: loaded.weather.source().clone(),
                station: loaded.weather.station().clone(),
            },
            nameplate: nameplate(site, &halls),
            halls,
            racks,
            targets: site
                .demand
                .gpus_online
                .iter()
                .flatten()
                .map(|(&y, &g)| (y, g))
                .collect(),
            capex_budget_usd: site.demand.capex_budget_usd,
            climate: loaded.weather.summary(&FreeCooling::of(site).paths()),
            warnings: loaded.warnings.len(),
        }
    }
}

fn hall_summary(site: &Site, h: &super::Hall) -> HallSummary {
    HallSummary {
        name: h.name.clone(),
        slots: h.slots,
        max_rack_kw: h.max_rack_kw,
        cooling: h.cooling,
        existing: h.existing,
        lead_time_years: h.lead_time_years,
        capex_usd: h.capex_usd,
        it_nameplate_mw: f64::from(h.slots) * h.max_rack_kw / 1000.0,
        max_gpus: h.max_gpus(&site.rack),
    }
}

/// Capacity left when the redundant units are out: N+1 loses one unit, N+2 two, 2N half.
fn firm_units(units: u32, redundancy: Redundancy) -> u32 {
    match redundancy {
        Redundancy::N => units,
        Redundancy::NPlus1 => units.saturating_sub(1),
        Redundancy::NPlus2 => units.saturating_sub(2),
        Redundancy::TwoN => units / 2,
    }
}

fn nameplate(site: &Site, halls: &[HallSummary]) -> Nameplate {
    let k = &site.cooling;
    let units_mw = |units: u32, mw: f64| f64::from(units) * mw;
    let generation = |role: GeneratorRole| {
        site.generator
            .iter()
            .filter(|g| g.role() == role)
            .map(|g| units_mw(g.max_units, g.unit_mw))
            .sum()
    };
    Nameplate {
        slots: halls.iter().map(|h| u64::from(h.slots)).sum(),
        it_mw: halls.iter().map(|h| h.it_nameplate_mw).sum(),
        max_gpus: halls.iter().map(|h| h.max_gpus).sum(),
        chiller_mw: k
            .chiller
            .iter()
            .map(|c| units_mw(c.max_units, c.unit_mw))
            .sum(),
        chiller_firm_mw: k
            .chiller
            .iter()
            .map(|c| units_mw(firm_units(c.max_units, k.redundancy), c.unit_mw))
            .sum(),
        dry_cooler_mw: k
            .dry_cooler
            .iter()
            .map(|d| units_mw(d.max_units, d.unit_mw))
            .sum(),
        tower_mw: k
            .tower
            .iter()
            .map(|t| units_mw(t.max_units, t.unit_mw))
            .sum(),
        grid_firm_mw: site.grid.contract.iter().map(|c| c.firm_mw).sum(),
        grid_non_firm_mw: site.grid.contract.iter().map(|c| c.non_firm_mw).sum(),
        upgrade_firm_mw: site.grid.upgrade.iter().map(|u| u.adds_firm_mw).sum(),
        prime_generation_mw: generation(GeneratorRole::Prime),
        backup_generation_mw: generation(GeneratorRole::Backup),
        solar_mw_ac: site.solar_pv.iter().map(|p| p.max_mw_ac).sum(),
        storage_mw: site.storage.iter().map(|s| s.max_power_mw).sum(),
        ppa_mw: site
            .grid
            .contract
            .iter()
            .filter_map(|c| c.ppa.as_ref())
            .map(|p| p.capacity_mw)
            .sum(),
    }
}
