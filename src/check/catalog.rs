//! What a site lets a plan hold: every buildable quantity with its unit, what exists at the
//! start, the most it can be, its lead time and what one more unit costs, restated from the
//! site file (not taken from the planner).

use crate::plan::document::{Category, ComponentRef, Unit};
pub use crate::site::buildables::Which as What;
use crate::site::{HallCooling, Site, UnitClass};

/// A buildable quantity of the site.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Which component.
    pub what: What,
    /// The component as a plan names it.
    pub component: ComponentRef,
    /// Unit of the quantity as a plan holds it.
    pub unit: Unit,
    /// In service before the horizon.
    pub existing: f64,
    /// The most the site allows.
    pub max: f64,
    /// Years from order to service.
    pub lead: u32,
    /// Capital cost of one more unit (USD).
    pub unit_cost_usd: f64,
    /// Whether the quantity must be a whole number.
    pub integer: bool,
    /// Cost category of its capex.
    pub category: Category,
    /// Whether a plan may hold it at all (racks only in halls that can host them).
    pub allowed: bool,
}

/// What the checker restates of one buildable from the site file: existing, most, lead time,
/// unit cost, whether whole, cost category.
struct Restated {
    existing: f64,
    max: f64,
    lead: u32,
    unit_cost_usd: f64,
    integer: bool,
    category: Category,
}

/// Every buildable quantity of `site`: the list (and how a plan names each) is the site's
/// catalog of buildables; every figure is restated here from the site file with the
/// checker's own arithmetic.
pub(crate) fn items(site: &Site) -> Vec<Item> {
    crate::site::buildables::catalog(site)
        .into_iter()
        .map(|b| {
            let r = restate(site, b.which);
            Item {
                what: b.which,
                component: b.component(),
                unit: b.unit,
                existing: r.existing,
                max: r.max,
                lead: r.lead,
                unit_cost_usd: r.unit_cost_usd,
                integer: r.integer,
                category: r.category,
                allowed: match b.which {
                    What::Racks(h, r) => site.hall[h].can_host(&site.rack[r]),
                    _ => true,
                },
            }
        })
        .collect()
}

fn restate(site: &Site, what: What) -> Restated {
    use Category::{CapexCooling, CapexIt, CapexPower};
    let kw = 1000.0;
    let (crah, cdu) = (&site.cooling.crah, &site.cooling.cdu);
    let plant = |x: &dyn UnitClass| Restated {
        existing: f64::from(x.existing_units()),
        max: f64::from(x.max_units().max(x.existing_units())),
        lead: x.lead_time_years(),
        unit_cost_usd: x.capex_usd_per_kw() * x.unit_mw() * kw,
        integer: true,
        category: CapexCooling,
    };
    let c = &site.cooling;
    match what {
        What::Hall(h) => {
            let hall = &site.hall[h];
            // A hall comes with its spare air handlers and (liquid, hybrid) spare CDUs.
            let mut cost = hall.capex_usd
                + crah.redundancy.spare_and_share().0 * crah.unit_kw * crah.capex_usd_per_kw;
            if hall.cooling != HallCooling::Air {
                cost += cdu.redundancy.spare_and_share().0 * cdu.unit_kw * cdu.capex_usd_per_kw;
            }
            Restated {
                existing: if hall.existing { 1.0 } else { 0.0 },
                max: 1.0,
                lead: hall.lead_time_years,
                unit_cost_usd: cost,
                integer: true,
                category: CapexIt,
            }
        }
        What::Racks(h, r) => {
            let (hall, rack) = (&site.hall[h], &site.rack[r]);
            // A rack comes with its share of air handlers (air heat) and CDUs (liquid heat)
            // for its design IT load, twice over at 2N.
            let design_kw = rack.design_kw * site.design.it_load_fraction;
            let cost = rack.capex_usd
                + crah.capex_usd_per_kw / crah.redundancy.spare_and_share().1
                    * design_kw
                    * (1.0 - rack.liquid_fraction)
                + cdu.capex_usd_per_kw / cdu.redundancy.spare_and_share().1
                    * design_kw
                    * rack.liquid_fraction;
            Restated {
                existing: f64::from(hall.existing_racks.get(&rack.name).copied().unwrap_or(0)),
                max: f64::from(hall.slots),
                lead: rack.lead_time_years,
                unit_cost_usd: cost,
                integer: true,
                category: CapexIt,
            }
        }
        What::Ups(h) => Restated {
            existing: 0.0,
            max: f64::INFINITY,
            lead: 0,
            unit_cost_usd: site.hall[h].ups_capex_usd_per_kw * site.hall[h].ups_module_kw,
            integer: true,
            category: CapexIt,
        },
        What::Generator(i) => {
            let g = &site.generator[i];
            Restated {
                existing: f64::from(g.existing_units),
                max: f64::from(g.max_units),
                lead: g.lead_time_years,
                unit_cost_usd: g.capex_usd_per_kw * g.unit_mw * kw,
                // Continuously sized classes hold fractions of units.
                integer: !g.continuous_sizing,
                category: CapexPower,
            }
        }
        What::SolarPv(i) => {
            let p = &site.solar_pv[i];
            Restated {
                existing: p.existing_mw_ac,
                max: p.max_mw_ac.max(p.existing_mw_ac),
                lead: p.lead_time_years,
                unit_cost_usd: p.capex_usd_per_kw_ac * kw,
                integer: false,
                category: CapexPower,
            }
        }
        What::BatteryPower(i) => {
            let s = &site.storage[i];
            Restated {
                existing: s.existing_power_mw,
                max: s.max_power_mw.max(s.existing_power_mw),
                lead: s.lead_time_years,
                unit_cost_usd: s.capex_usd_per_kw * kw,
                integer: false,
                category: CapexPower,
            }
        }
        What::BatteryEnergy(i) => {
            let s = &site.storage[i];
            Restated {
                existing: s.existing_energy_mwh,
                max: (s.max_power_mw * s.max_duration_h).max(s.existing_energy_mwh),
                lead: s.lead_time_years,
                unit_cost_usd: s.capex_usd_per_kwh * kw,
                integer: false,
                category: CapexPower,
            }
        }
        What::GridUpgrade(i) => {
            let u = &site.grid.upgrade[i];
            Restated {
                existing: 0.0,
                max: 1.0,
                lead: u.lead_time_years,
                unit_cost_usd: u.capex_usd,
                integer: true,
                category: CapexPower,
            }
        }
        What::ChwStorage => {
            let (existing, max, lead, cost) = c.storage.as_ref().map_or((0.0, 0.0, 0, 0.0), |t| {
                (
                    t.existing_m3,
                    t.max_m3,
                    t.lead_time_years,
                    t.capex_usd_per_m3,
                )
            });
            Restated {
                existing,
                max,
                lead,
                unit_cost_usd: cost,
                integer: false,
                category: CapexCooling,
            }
        }
        What::Chiller(i) => plant(&c.chiller[i]),
        What::Tower(i) => plant(&c.tower[i]),
        What::DryCooler(i) => plant(&c.dry_cooler[i]),
    }
}
