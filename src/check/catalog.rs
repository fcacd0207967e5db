//! What a site lets a plan hold: every buildable quantity with its unit, what exists at the
//! start, the most it can be, its lead time and what one more unit costs, restated from the
//! site file (not taken from the planner).

use crate::plan::document::{Category, ComponentKind, ComponentRef, Unit};
use crate::site::{HallCooling, Site, UnitClass};

/// One plant kind: which items it has, their kind and unit, its classes.
type PlantTable<'s> = (
    fn(usize) -> What,
    ComponentKind,
    Unit,
    Vec<&'s dyn UnitClass>,
);

/// Which component a quantity belongs to, by index in the site's tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum What {
    /// Hall in service (0 or 1).
    Hall(usize),
    /// Racks of a type (second index) in a hall (first index).
    Racks(usize, usize),
    /// UPS modules of a hall.
    Ups(usize),
    /// Generator units of a class.
    Generator(usize),
    /// PV capacity (MW AC).
    SolarPv(usize),
    /// Battery power (MW).
    BatteryMw(usize),
    /// Battery energy (MWh).
    BatteryMwh(usize),
    /// Grid upgrade in service (0 or 1).
    Upgrade(usize),
    /// Chiller units of a class.
    Chiller(usize),
    /// Cooling-tower cells of a class.
    Tower(usize),
    /// Dry-cooler units of a class.
    DryCooler(usize),
    /// Chilled-water storage (m³).
    ChwStorage,
}

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

/// Every buildable quantity of `site`.
pub(crate) fn items(site: &Site) -> Vec<Item> {
    use Category::{CapexCooling, CapexIt, CapexPower};
    let kw = 1000.0;
    let mut out = Vec::new();
    #[allow(clippy::too_many_arguments)]
    let mut add =
        |what, component, unit, existing: f64, max: f64, lead, unit_cost_usd, integer, category| {
            out.push(Item {
                what,
                component,
                unit,
                existing,
                max,
                lead,
                unit_cost_usd,
                integer,
                category,
                allowed: true,
            });
        };
    let (crah, cdu) = (&site.cooling.crah, &site.cooling.cdu);
    for (h, hall) in site.hall.iter().enumerate() {
        let existing = if hall.existing { 1.0 } else { 0.0 };
        // A hall comes with its spare air handlers and (liquid, hybrid) spare CDUs.
        let mut hall_cost = hall.capex_usd
            + crah.redundancy.spare_and_share().0 * crah.unit_kw * crah.capex_usd_per_kw;
        if hall.cooling != HallCooling::Air {
            hall_cost += cdu.redundancy.spare_and_share().0 * cdu.unit_kw * cdu.capex_usd_per_kw;
        }
        add(
            What::Hall(h),
            ComponentRef::new(ComponentKind::Hall, &hall.name),
            Unit::Halls,
            existing,
            1.0,
            hall.lead_time_years,
            hall_cost,
            true,
            CapexIt,
        );
        for (r, rack) in site.rack.iter().enumerate() {
            let existing = f64::from(hall.existing_racks.get(&rack.name).copied().unwrap_or(0));
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
            add(
                What::Racks(h, r),
                ComponentRef::racks(&hall.name, &rack.name),
                Unit::Racks,
                existing,
                f64::from(hall.slots),
                rack.lead_time_years,
                cost,
                true,
                CapexIt,
            );
        }
        add(
            What::Ups(h),
            ComponentRef::new(ComponentKind::Ups, &hall.name),
            Unit::Modules,
            0.0,
            f64::INFINITY,
            0,
            hall.ups_capex_usd_per_kw * hall.ups_module_kw,
            true,
            CapexIt,
        );
    }
    for (i, g) in site.generator.iter().enumerate() {
        add(
            What::Generator(i),
            ComponentRef::new(ComponentKind::Generator, &g.name),
            Unit::Units,
            f64::from(g.existing_units),
            f64::from(g.max_units),
            g.lead_time_years,
            g.capex_usd_per_kw * g.unit_mw * kw,
            // Continuously sized classes hold fractions of units.
            !g.continuous_sizing,
            CapexPower,
        );
    }
    for (i, p) in site.solar_pv.iter().enumerate() {
        add(
            What::SolarPv(i),
            ComponentRef::new(ComponentKind::SolarPv, &p.name),
            Unit::MwAc,
            p.existing_mw_ac,
            p.max_mw_ac.max(p.existing_mw_ac),
            p.lead_time_years,
            p.capex_usd_per_kw_ac * kw,
            false,
            CapexPower,
        );
    }
    for (i, s) in site.storage.iter().enumerate() {
        add(
            What::BatteryMw(i),
            ComponentRef::new(ComponentKind::Battery, &s.name),
            Unit::Mw,
            s.existing_power_mw,
            s.max_power_mw.max(s.existing_power_mw),
            s.lead_time_years,
            s.capex_usd_per_kw * kw,
            false,
            CapexPower,
        );
        add(
            What::BatteryMwh(i),
            ComponentRef::new(ComponentKind::Battery, &s.name),
            Unit::Mwh,
            s.existing_energy_mwh,
            (s.max_power_mw * s.max_duration_h).max(s.existing_energy_mwh),
            s.lead_time_years,
            s.capex_usd_per_kwh * kw,
            false,
            CapexPower,
        );
    }
    for (i, u) in site.grid.upgrade.iter().enumerate() {
        add(
            What::Upgrade(i),
            ComponentRef::new(ComponentKind::GridUpgrade, &u.name),
            Unit::Upgrades,
            0.0,
            1.0,
            u.lead_time_years,
            u.capex_usd,
            true,
            CapexPower,
        );
    }
    let c = &site.cooling;
    if let Some(t) = &c.storage {
        add(
            What::ChwStorage,
            ComponentRef::new(ComponentKind::ChwStorage, "chilled-water storage"),
            Unit::M3,
            t.existing_m3,
            t.max_m3,
            t.lead_time_years,
            t.capex_usd_per_m3,
            false,
            CapexCooling,
        );
    }
    let plant: [PlantTable<'_>; 3] = [
        (
            What::Chiller,
            ComponentKind::Chiller,
            Unit::Units,
            c.chiller.iter().map(|x| x as &dyn UnitClass).collect(),
        ),
        (
            What::Tower,
            ComponentKind::Tower,
            Unit::Cells,
            c.tower.iter().map(|x| x as &dyn UnitClass).collect(),
        ),
        (
            What::DryCooler,
            ComponentKind::DryCooler,
            Unit::Units,
            c.dry_cooler.iter().map(|x| x as &dyn UnitClass).collect(),
        ),
    ];
    for (what, kind, unit, classes) in plant {
        for (i, x) in classes.into_iter().enumerate() {
            add(
                what(i),
                ComponentRef::new(kind, x.name()),
                unit,
                f64::from(x.existing_units()),
                f64::from(x.max_units().max(x.existing_units())),
                x.lead_time_years(),
                x.capex_usd_per_kw() * x.unit_mw() * kw,
                true,
                CapexCooling,
            );
        }
    }
    // Racks only where the hall can host them.
    for item in &mut out {
        if let What::Racks(h, r) = item.what {
            item.allowed = site.hall[h].can_host(&site.rack[r]);
        }
    }
    out
}
