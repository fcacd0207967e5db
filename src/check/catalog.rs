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
    /// Capital cost of one more unit (USD): the sum of its parts.
    pub unit_cost_usd: f64,
    /// One unit's capex by part: the category it is booked to, its price and its life.
    pub parts: Vec<Part>,
    /// Whether the quantity must be a whole number.
    pub integer: bool,
    /// Whether a plan may hold it at all (racks only in halls that can host them).
    pub allowed: bool,
}

/// A part of one unit's capex, as the checker restates it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Part {
    /// Capex category.
    pub category: Category,
    /// Price (USD).
    pub usd: f64,
    /// Life before a like-for-like replacement (years).
    pub life: u32,
}

/// What the checker restates of one buildable from the site file: existing, most, lead time,
/// capex parts, whether whole.
struct Restated {
    existing: f64,
    max: f64,
    lead: u32,
    parts: Vec<Part>,
    integer: bool,
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
                unit_cost_usd: r.parts.iter().map(|p| p.usd).sum(),
                parts: r.parts,
                integer: r.integer,
                allowed: match b.which {
                    What::Racks(h, r) => site.hall[h].can_host(&site.rack[r]),
                    _ => true,
                },
            }
        })
        .collect()
}

fn part(category: Category, usd: f64, life: u32) -> Vec<Part> {
    vec![Part {
        category,
        usd,
        life,
    }]
}

fn restate(site: &Site, what: What) -> Restated {
    use Category::{
        CapexCoolingPlant, CapexElectricalAndUps, CapexGpuRacks, CapexGridUpgrades,
        CapexHallsAndShell, CapexItFitOut, CapexOnSiteGeneration, CapexStorage,
    };
    let kw = 1000.0;
    let (crah, cdu) = (&site.cooling.crah, &site.cooling.cdu);
    // Air handlers and CDUs are one fit-out, replaced when the shorter-lived of them is.
    let fit_out_life = crah.lifetime_years.min(cdu.lifetime_years);
    let plant = |x: &dyn UnitClass, life: u32| Restated {
        existing: f64::from(x.existing_units()),
        max: f64::from(x.max_units().max(x.existing_units())),
        lead: x.lead_time_years(),
        parts: part(
            CapexCoolingPlant,
            x.capex_usd_per_kw() * x.unit_mw() * kw,
            life,
        ),
        integer: true,
    };
    let c = &site.cooling;
    match what {
        What::Hall(h) => {
            let hall = &site.hall[h];
            // A hall comes with its spare air handlers and (liquid, hybrid) spare CDUs.
            let mut spares =
                crah.redundancy.spare_and_share().0 * crah.unit_kw * crah.capex_usd_per_kw;
            if hall.cooling != HallCooling::Air {
                spares += cdu.redundancy.spare_and_share().0 * cdu.unit_kw * cdu.capex_usd_per_kw;
            }
            let mut parts = part(CapexHallsAndShell, hall.capex_usd, hall.lifetime_years);
            parts.extend(part(CapexItFitOut, spares, fit_out_life));
            Restated {
                existing: if hall.existing { 1.0 } else { 0.0 },
                max: 1.0,
                lead: hall.lead_time_years,
                parts,
                integer: true,
            }
        }
        What::Racks(h, r) => {
            let (hall, rack) = (&site.hall[h], &site.rack[r]);
            // A rack comes with its share of air handlers (air heat) and CDUs (liquid heat)
            // for its design IT load, twice over at 2N.
            let design_kw = rack.design_kw * site.design.it_load_fraction;
            let share = crah.capex_usd_per_kw / crah.redundancy.spare_and_share().1
                * design_kw
                * (1.0 - rack.liquid_fraction)
                + cdu.capex_usd_per_kw / cdu.redundancy.spare_and_share().1
                    * design_kw
                    * rack.liquid_fraction;
            let mut parts = part(CapexGpuRacks, rack.capex_usd, rack.lifetime_years);
            parts.extend(part(CapexItFitOut, share, fit_out_life));
            Restated {
                existing: f64::from(hall.existing_racks.get(&rack.name).copied().unwrap_or(0)),
                max: f64::from(hall.slots),
                lead: rack.lead_time_years,
                parts,
                integer: true,
            }
        }
        What::Ups(h) => {
            let hall = &site.hall[h];
            Restated {
                existing: 0.0,
                max: f64::INFINITY,
                lead: 0,
                parts: part(
                    CapexElectricalAndUps,
                    hall.ups_capex_usd_per_kw * hall.ups_module_kw,
                    hall.ups_lifetime_years,
                ),
                integer: true,
            }
        }
        What::Generator(i) => {
            let g = &site.generator[i];
            Restated {
                existing: f64::from(g.existing_units),
                max: f64::from(g.max_units),
                lead: g.lead_time_years,
                parts: part(
                    CapexOnSiteGeneration,
                    g.capex_usd_per_kw * g.unit_mw * kw,
                    g.lifetime_years,
                ),
                // Continuously sized classes hold fractions of units.
                integer: !g.continuous_sizing,
            }
        }
        What::SolarPv(i) => {
            let p = &site.solar_pv[i];
            Restated {
                existing: p.existing_mw_ac,
                max: p.max_mw_ac.max(p.existing_mw_ac),
                lead: p.lead_time_years,
                parts: part(
                    CapexOnSiteGeneration,
                    p.capex_usd_per_kw_ac * kw,
                    p.lifetime_years,
                ),
                integer: false,
            }
        }
        What::BatteryPower(i) => {
            let s = &site.storage[i];
            Restated {
                existing: s.existing_power_mw,
                max: s.max_power_mw.max(s.existing_power_mw),
                lead: s.lead_time_years,
                parts: part(CapexStorage, s.capex_usd_per_kw * kw, s.lifetime_years),
                integer: false,
            }
        }
        What::BatteryEnergy(i) => {
            let s = &site.storage[i];
            Restated {
                existing: s.existing_energy_mwh,
                max: (s.max_power_mw * s.max_duration_h).max(s.existing_energy_mwh),
                lead: s.lead_time_years,
                parts: part(CapexStorage, s.capex_usd_per_kwh * kw, s.lifetime_years),
                integer: false,
            }
        }
        What::GridUpgrade(i) => {
            let u = &site.grid.upgrade[i];
            Restated {
                existing: 0.0,
                max: 1.0,
                lead: u.lead_time_years,
                parts: part(CapexGridUpgrades, u.capex_usd, u.lifetime_years),
                integer: true,
            }
        }
        What::ChwStorage => {
            let (existing, max, lead, cost, life) =
                c.storage.as_ref().map_or((0.0, 0.0, 0, 0.0, 1), |t| {
                    (
                        t.existing_m3,
                        t.max_m3,
                        t.lead_time_years,
                        t.capex_usd_per_m3,
                        t.lifetime_years,
                    )
                });
            Restated {
                existing,
                max,
                lead,
                parts: part(CapexCoolingPlant, cost, life),
                integer: false,
            }
        }
        What::Chiller(i) => plant(&c.chiller[i], c.chiller[i].lifetime_years),
        What::Tower(i) => plant(&c.tower[i], c.tower[i].lifetime_years),
        What::DryCooler(i) => plant(&c.dry_cooler[i], c.dry_cooler[i].lifetime_years),
    }
}
