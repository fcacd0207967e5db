//! The catalog of buildables: every quantity a plan can add to a site, with its unit, what
//! exists at the start, the most the site allows, its lead time, lifetime, what one more unit
//! costs, whether it comes in whole units, and its asset class.
//!
//! One list, read by the formulation (its build variables), the thermal build (what a plan
//! installs) and finance (capex by class and year); the checker keeps its own arithmetic but
//! takes its list of kinds from here. A new asset kind is one [`ComponentKind`] with its
//! [`Which`], one
//! [`Buildable`] impl on its site component, and one line in [`catalog`].

mod component;

pub use component::{ComponentKind, ComponentRef, Quantity, Unit};

pub use super::accounts::AssetClass;

use super::{
    ChilledWaterStorage, Chiller, CoolingTower, DryCooler, Generator, GridUpgrade, Hall,
    HallCooling, RackType, Redundancy, Site, SolarPv, Storage, UnitClass,
};

/// The name a plan gives the site's one chilled-water storage tank.
pub const CHW_STORAGE_NAME: &str = "chilled-water storage";

/// Which buildable, by index into the site's tables: the key the formulation and the
/// checker share, never parsed from a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Which {
    /// Hall `.0` in service (0 or 1).
    Hall(usize),
    /// Racks of type `.1` (index into `rack`) in hall `.0`.
    Racks(usize, usize),
    /// UPS modules of hall `.0`.
    Ups(usize),
    /// Units of generator class `.0`.
    Generator(usize),
    /// PV capacity of class `.0` (MW AC).
    SolarPv(usize),
    /// Power of battery class `.0` (MW).
    BatteryPower(usize),
    /// Energy of battery class `.0` (MWh).
    BatteryEnergy(usize),
    /// Grid upgrade `.0` in service (0 or 1).
    GridUpgrade(usize),
    /// Units of chiller class `.0`.
    Chiller(usize),
    /// Cells of tower class `.0`.
    Tower(usize),
    /// Units of dry-cooler class `.0`.
    DryCooler(usize),
    /// The chilled-water storage tank (m³).
    ChwStorage,
}

impl Which {
    /// Its kind (a battery's power and energy are both the battery).
    pub fn kind(self) -> ComponentKind {
        match self {
            Which::Hall(_) => ComponentKind::Hall,
            Which::Racks(..) => ComponentKind::Racks,
            Which::Ups(_) => ComponentKind::Ups,
            Which::Generator(_) => ComponentKind::Generator,
            Which::SolarPv(_) => ComponentKind::SolarPv,
            Which::BatteryPower(_) | Which::BatteryEnergy(_) => ComponentKind::Battery,
            Which::GridUpgrade(_) => ComponentKind::GridUpgrade,
            Which::Chiller(_) => ComponentKind::Chiller,
            Which::Tower(_) => ComponentKind::Tower,
            Which::DryCooler(_) => ComponentKind::DryCooler,
            Which::ChwStorage => ComponentKind::ChwStorage,
        }
    }
}

/// One buildable quantity of a site.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Which component, by index.
    pub which: Which,
    /// The component's name (the rack type's name for racks).
    pub name: String,
    /// The hall it belongs to (racks, UPS modules).
    pub hall: Option<String>,
    /// What its quantity counts.
    pub unit: Unit,
    /// In service before the horizon.
    pub existing: f64,
    /// The most the site allows (infinite when unbounded, e.g. UPS modules).
    pub maximum: f64,
    /// Years from order to service.
    pub lead_time_years: u32,
    /// What one more unit costs, by the asset class each part is booked to (one part for
    /// most; a rack is its GPUs and its share of air handlers and CDUs, a hall its shell and
    /// its spare air handlers and CDUs).
    pub capex: Vec<CapexPart>,
    /// Whether the quantity comes in whole units.
    pub integer: bool,
    /// Whether a plan may hold it at all (racks only in halls that can host them).
    pub allowed: bool,
}

/// A part of one unit's capex: its price, the class it is booked to and how long it lasts
/// before a like-for-like replacement.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CapexPart {
    /// The asset class.
    pub class: AssetClass,
    /// Price of this part of one unit (USD).
    pub usd: f64,
    /// Service life (years).
    pub lifetime_years: u32,
}

impl CapexPart {
    fn new(class: AssetClass, usd: f64, lifetime_years: u32) -> Self {
        CapexPart {
            class,
            usd,
            lifetime_years,
        }
    }
}

impl Item {
    /// Capital cost of one more unit, all parts (USD).
    pub fn unit_capex_usd(&self) -> f64 {
        self.capex.iter().map(|p| p.usd).sum()
    }

    /// Its kind.
    pub fn kind(&self) -> ComponentKind {
        self.which.kind()
    }

    /// The component, as a plan names it.
    pub fn component(&self) -> ComponentRef {
        match &self.hall {
            Some(hall) if self.kind() == ComponentKind::Racks => {
                ComponentRef::racks(hall.clone(), self.name.clone())
            }
            _ => ComponentRef::new(self.kind(), self.name.clone()),
        }
    }
}

/// A site component that a plan can build: it adds its buildable quantities to the catalog.
pub trait Buildable {
    /// Adds this component's buildables; `index` is its position in its site table.
    fn add_to(&self, index: usize, site: &Site, catalog: &mut Vec<Item>);
}

/// Every buildable quantity of `site`, in a fixed order: per hall its hall, racks and UPS,
/// then generators, PV, batteries, grid upgrades, the storage tank, chillers, towers and dry
/// coolers.
pub fn catalog(site: &Site) -> Vec<Item> {
    fn each<T: Buildable>(items: &[T], site: &Site, out: &mut Vec<Item>) {
        for (i, item) in items.iter().enumerate() {
            item.add_to(i, site, out);
        }
    }
    let mut out = Vec::new();
    each(&site.hall, site, &mut out);
    each(&site.generator, site, &mut out);
    each(&site.solar_pv, site, &mut out);
    each(&site.storage, site, &mut out);
    each(&site.grid.upgrade, site, &mut out);
    each(site.cooling.storage.as_slice(), site, &mut out);
    each(&site.cooling.chiller, site, &mut out);
    each(&site.cooling.tower, site, &mut out);
    each(&site.cooling.dry_cooler, site, &mut out);
    out
}

/// Cost of one rack's share of air handlers and CDUs, costed per kW of each heat path at the
/// design IT load (`design.it_load_fraction` of the rack's design power): at 2N each kW needs
/// two (the N+1 and N+2 spares come with the hall, [`hall_fit_out_usd`]).
pub fn rack_fit_out_usd(site: &Site, rack: &RackType) -> f64 {
    let (crah, cdu) = (&site.cooling.crah, &site.cooling.cdu);
    let per_kw = |capex: f64, r: Redundancy| capex / r.spare_and_share().1;
    rack.design_kw
        * site.design.it_load_fraction
        * (per_kw(crah.capex_usd_per_kw, crah.redundancy) * (1.0 - rack.liquid_fraction)
            + per_kw(cdu.capex_usd_per_kw, cdu.redundancy) * rack.liquid_fraction)
}

/// Cost of one rack with its share of air handlers and CDUs (USD).
pub fn rack_capex_usd(site: &Site, rack: &RackType) -> f64 {
    rack.capex_usd + rack_fit_out_usd(site, rack)
}

/// Cost of a hall's spare air handlers (every hall has air-side heat) and, in liquid and
/// hybrid halls, spare CDUs: N+1 is one `unit_kw` unit of each, N+2 two.
pub fn hall_fit_out_usd(site: &Site, hall: &Hall) -> f64 {
    let (crah, cdu) = (&site.cooling.crah, &site.cooling.cdu);
    let spare = |r: Redundancy| r.spare_and_share().0;
    let mut cost = spare(crah.redundancy) * crah.unit_kw * crah.capex_usd_per_kw;
    if hall.cooling != HallCooling::Air {
        cost += spare(cdu.redundancy) * cdu.unit_kw * cdu.capex_usd_per_kw;
    }
    cost
}

/// Cost of a hall with its spare air handlers and CDUs (USD).
pub fn hall_capex_usd(site: &Site, hall: &Hall) -> f64 {
    hall.capex_usd + hall_fit_out_usd(site, hall)
}

/// The life of the air-handler and CDU fit-out: the shorter of the two where both serve.
fn fit_out_life(site: &Site) -> u32 {
    site.cooling
        .crah
        .lifetime_years
        .min(site.cooling.cdu.lifetime_years)
}

const KW_PER_MW: f64 = 1000.0;

impl Buildable for Hall {
    fn add_to(&self, h: usize, site: &Site, out: &mut Vec<Item>) {
        out.push(Item {
            which: Which::Hall(h),
            name: self.name.clone(),
            hall: None,
            unit: Unit::Halls,
            existing: if self.existing { 1.0 } else { 0.0 },
            maximum: 1.0,
            lead_time_years: self.lead_time_years,
            capex: vec![
                CapexPart::new(
                    AssetClass::HallsAndShell,
                    self.capex_usd,
                    self.lifetime_years,
                ),
                CapexPart::new(
                    AssetClass::ItFitOut,
                    hall_fit_out_usd(site, self),
                    fit_out_life(site),
                ),
            ],
            integer: true,
            allowed: true,
        });
        for (r, rack) in site.rack.iter().enumerate() {
            out.push(Item {
                which: Which::Racks(h, r),
                name: rack.name.clone(),
                hall: Some(self.name.clone()),
                unit: Unit::Racks,
                existing: f64::from(self.existing_racks.get(&rack.name).copied().unwrap_or(0)),
                maximum: f64::from(self.slots),
                lead_time_years: rack.lead_time_years,
                capex: vec![
                    CapexPart::new(AssetClass::GpuRacks, rack.capex_usd, rack.lifetime_years),
                    CapexPart::new(
                        AssetClass::ItFitOut,
                        rack_fit_out_usd(site, rack),
                        fit_out_life(site),
                    ),
                ],
                integer: true,
                allowed: self.can_host(rack),
            });
        }
        out.push(Item {
            which: Which::Ups(h),
            name: self.name.clone(),
            hall: Some(self.name.clone()),
            unit: Unit::Modules,
            existing: 0.0,
            maximum: f64::INFINITY,
            lead_time_years: 0,
            capex: vec![CapexPart::new(
                AssetClass::ElectricalAndUps,
                self.ups_capex_usd_per_kw * self.ups_module_kw,
                self.ups_lifetime_years,
            )],
            integer: true,
            allowed: true,
        });
    }
}

impl Buildable for Generator {
    fn add_to(&self, i: usize, _: &Site, out: &mut Vec<Item>) {
        out.push(Item {
            which: Which::Generator(i),
            name: self.name.clone(),
            hall: None,
            unit: Unit::Units,
            existing: f64::from(self.existing_units),
            maximum: f64::from(self.max_units.max(self.existing_units)),
            lead_time_years: self.lead_time_years,
            capex: vec![CapexPart::new(
                AssetClass::OnSiteGeneration,
                self.capex_usd_per_kw * self.unit_mw * KW_PER_MW,
                self.lifetime_years,
            )],
            // Continuously sized classes hold fractions of units.
            integer: !self.continuous_sizing,
            allowed: true,
        });
    }
}

impl Buildable for SolarPv {
    fn add_to(&self, i: usize, _: &Site, out: &mut Vec<Item>) {
        out.push(Item {
            which: Which::SolarPv(i),
            name: self.name.clone(),
            hall: None,
            unit: Unit::MwAc,
            existing: self.existing_mw_ac,
            maximum: self.max_mw_ac.max(self.existing_mw_ac),
            lead_time_years: self.lead_time_years,
            capex: vec![CapexPart::new(
                AssetClass::OnSiteGeneration,
                self.capex_usd_per_kw_ac * KW_PER_MW,
                self.lifetime_years,
            )],
            integer: false,
            allowed: true,
        });
    }
}

impl Buildable for Storage {
    fn add_to(&self, i: usize, _: &Site, out: &mut Vec<Item>) {
        let part = |which, unit, existing: f64, maximum: f64, per_unit| Item {
            which,
            name: self.name.clone(),
            hall: None,
            unit,
            existing,
            maximum: maximum.max(existing),
            lead_time_years: self.lead_time_years,
            capex: vec![CapexPart::new(
                AssetClass::Storage,
                per_unit * KW_PER_MW,
                self.lifetime_years,
            )],
            integer: false,
            allowed: true,
        };
        out.push(part(
            Which::BatteryPower(i),
            Unit::Mw,
            self.existing_power_mw,
            self.max_power_mw,
            self.capex_usd_per_kw,
        ));
        out.push(part(
            Which::BatteryEnergy(i),
            Unit::Mwh,
            self.existing_energy_mwh,
            self.max_power_mw * self.max_duration_h,
            self.capex_usd_per_kwh,
        ));
    }
}

impl Buildable for GridUpgrade {
    fn add_to(&self, i: usize, _: &Site, out: &mut Vec<Item>) {
        out.push(Item {
            which: Which::GridUpgrade(i),
            name: self.name.clone(),
            hall: None,
            unit: Unit::Upgrades,
            existing: 0.0,
            maximum: 1.0,
            lead_time_years: self.lead_time_years,
            capex: vec![CapexPart::new(
                AssetClass::GridUpgrades,
                self.capex_usd,
                self.lifetime_years,
            )],
            integer: true,
            allowed: true,
        });
    }
}

impl Buildable for ChilledWaterStorage {
    fn add_to(&self, _: usize, _: &Site, out: &mut Vec<Item>) {
        out.push(Item {
            which: Which::ChwStorage,
            name: CHW_STORAGE_NAME.to_owned(),
            hall: None,
            unit: Unit::M3,
            existing: self.existing_m3,
            maximum: self.max_m3.max(self.existing_m3),
            lead_time_years: self.lead_time_years,
            capex: vec![CapexPart::new(
                AssetClass::CoolingPlant,
                self.capex_usd_per_m3,
                self.lifetime_years,
            )],
            integer: false,
            allowed: true,
        });
    }
}

/// A plant class's one buildable: whole units at its unit rating's cost.
fn plant_item(which: Which, unit: Unit, class: &impl UnitClass, lifetime: u32) -> Item {
    Item {
        which,
        name: class.name().to_owned(),
        hall: None,
        unit,
        existing: f64::from(class.existing_units()),
        maximum: f64::from(class.max_units().max(class.existing_units())),
        lead_time_years: class.lead_time_years(),
        capex: vec![CapexPart::new(
            AssetClass::CoolingPlant,
            class.capex_usd_per_kw() * class.unit_mw() * KW_PER_MW,
            lifetime,
        )],
        integer: true,
        allowed: true,
    }
}

impl Buildable for Chiller {
    fn add_to(&self, i: usize, _: &Site, out: &mut Vec<Item>) {
        out.push(plant_item(
            Which::Chiller(i),
            Unit::Units,
            self,
            self.lifetime_years,
        ));
    }
}

impl Buildable for CoolingTower {
    fn add_to(&self, i: usize, _: &Site, out: &mut Vec<Item>) {
        out.push(plant_item(
            Which::Tower(i),
            Unit::Cells,
            self,
            self.lifetime_years,
        ));
    }
}

impl Buildable for DryCooler {
    fn add_to(&self, i: usize, _: &Site, out: &mut Vec<Item>) {
        out.push(plant_item(
            Which::DryCooler(i),
            Unit::Units,
            self,
            self.lifetime_years,
        ));
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use std::path::Path;

    use super::*;

    fn sample(name: &str) -> Site {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("sites")
            .join(name);
        crate::site::load(&path).unwrap().site
    }

    #[test]
    fn every_component_of_the_campus_is_listed_once_in_order() {
        let site = sample("ai-campus.toml");
        let items = catalog(&site);
        let count = |k: ComponentKind| items.iter().filter(|i| i.kind() == k).count();
        assert_eq!(count(ComponentKind::Hall), site.hall.len());
        assert_eq!(
            count(ComponentKind::Racks),
            site.hall.len() * site.rack.len()
        );
        assert_eq!(count(ComponentKind::Generator), site.generator.len());
        assert_eq!(
            count(ComponentKind::Battery),
            2 * site.storage.len(),
            "power and energy"
        );
        assert_eq!(count(ComponentKind::Chiller), site.cooling.chiller.len());
        assert_eq!(count(ComponentKind::Tower), site.cooling.tower.len());
        // Halls come first, each followed by its racks and UPS; the dry coolers last.
        assert_eq!(items[0].which, Which::Hall(0));
        assert_eq!(items[1].which, Which::Racks(0, 0));
        let distinct: std::collections::BTreeSet<Which> = items.iter().map(|i| i.which).collect();
        assert_eq!(distinct.len(), items.len(), "each buildable once");
    }

    #[test]
    fn a_rack_costs_its_own_price_plus_its_share_of_air_handlers_and_cdus() {
        let mut site = sample("colo-retrofit.toml");
        let rack = site.rack[0].clone();
        // Hand calculation: with no CRAH or CDU cost the rack costs its own price; with a
        // CRAH of $C per kW at N+1 (share 1) the air-cooled part of the design load adds
        // design_kw × it_load × (1 − liquid) × C.
        site.cooling.crah.capex_usd_per_kw = 0.0;
        site.cooling.cdu.capex_usd_per_kw = 0.0;
        assert!((rack_capex_usd(&site, &rack) - rack.capex_usd).abs() < 1e-9);
        site.cooling.crah.capex_usd_per_kw = 500.0;
        site.cooling.crah.redundancy = Redundancy::NPlus1;
        let expected = rack.capex_usd
            + rack.design_kw * site.design.it_load_fraction * (1.0 - rack.liquid_fraction) * 500.0;
        assert!((rack_capex_usd(&site, &rack) - expected).abs() < 1e-6);
    }

    #[test]
    fn racks_a_hall_cannot_host_are_listed_but_not_allowed() {
        let site = sample("ai-campus.toml");
        for item in catalog(&site) {
            if let Which::Racks(h, r) = item.which {
                assert_eq!(item.allowed, site.hall[h].can_host(&site.rack[r]));
                assert_eq!(item.hall.as_deref(), Some(site.hall[h].name.as_str()));
                assert_eq!(item.name, site.rack[r].name);
            }
        }
    }
}
