//! What is installed for a simulation: racks per hall and rack type, and plant units, taken
//! from a saved plan's year or, without a plan, from the site itself.

use std::collections::HashMap;

use crate::plan::document::{ComponentKind, ComponentRef};
use crate::plan::{BlockYear, Plan};
use crate::site::buildables::{Which, catalog};
use crate::site::{Site, UnitClass};

use super::ThermalError;

/// Racks and plant units in service.
#[derive(Debug, Clone, PartialEq)]
pub struct Installed {
    /// Where the build comes from ("plan year 2031", "site: existing build", …).
    pub source: String,
    /// Racks per hall (site order) and rack type (site order).
    pub racks: Vec<Vec<u32>>,
    /// Chiller units per class (site order).
    pub chillers: Vec<u32>,
    /// Tower cells per class.
    pub towers: Vec<u32>,
    /// Dry-cooler units per class.
    pub dry_coolers: Vec<u32>,
    /// Generator units per class (site order): what carries the site through an outage.
    pub generators: Vec<u32>,
    /// Chilled-water storage in service (m³, site total): thermal mass on the chilled-water
    /// loop while its pumps run.
    pub chw_storage_m3: f64,
    /// Plant dedicated to each redundancy block (a plan's `blocks`): a block's halls share
    /// its chillers, towers and dry coolers, and only those. Empty when the plant is pooled
    /// over the site (the site's own build, or a plan year whose blocks do not hold all of its
    /// plant or were held to no rows); a hall in no block draws on the site's units.
    pub blocks: Vec<BlockPlant>,
}

/// The cooling plant dedicated to one redundancy block.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockPlant {
    /// The block's name.
    pub name: String,
    /// Its halls (site order indices).
    pub halls: Vec<usize>,
    /// Chiller units per class.
    pub chillers: Vec<u32>,
    /// Tower cells per class.
    pub towers: Vec<u32>,
    /// Dry-cooler units per class.
    pub dry_coolers: Vec<u32>,
}

/// A plan's quantity as a whole number of units, or why it is not one.
fn whole_units(q: f64) -> Result<u32, String> {
    if q.is_finite() && q >= 0.0 && q.round() <= f64::from(u32::MAX) {
        // In range just above, so the conversion is exact.
        Ok(q.round() as u32)
    } else {
        Err(format!(
            "quantity {q} is not a whole number of units from 0 to {}",
            u32::MAX
        ))
    }
}

/// Block `b` of plan year `year` as the simulator takes it: its halls and its chiller, tower
/// and dry-cooler units (its backup generators do not enter: an outage is site-wide).
fn block_plant(
    site: &Site,
    catalog: &Catalog,
    year: u32,
    b: &BlockYear,
) -> Result<BlockPlant, ThermalError> {
    let bad =
        |what: String| ThermalError::Plan(format!("year {year}, block \"{}\": {what}", b.block));
    let halls = b
        .halls
        .iter()
        .map(|n| {
            site.hall
                .iter()
                .position(|h| &h.name == n)
                .ok_or_else(|| bad(format!("the site has no hall \"{n}\"")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let c = &site.cooling;
    let mut plant = BlockPlant {
        name: b.block.clone(),
        halls,
        chillers: vec![0; c.chiller.len()],
        towers: vec![0; c.tower.len()],
        dry_coolers: vec![0; c.dry_cooler.len()],
    };
    for u in &b.units {
        let c_ref = &u.component;
        let slot = match c_ref.kind {
            ComponentKind::Chiller | ComponentKind::Tower | ComponentKind::DryCooler => {
                match catalog.find(c_ref) {
                    Some(Which::Chiller(i)) => &mut plant.chillers[i],
                    Some(Which::Tower(i)) => &mut plant.towers[i],
                    Some(Which::DryCooler(i)) => &mut plant.dry_coolers[i],
                    _ => {
                        return Err(bad(format!(
                            "the site has no {} class \"{}\"",
                            c_ref.kind, c_ref.name
                        )));
                    }
                }
            }
            _ => continue,
        };
        *slot = whole_units(u.quantity.value())
            .map_err(|e| bad(format!("{} \"{}\": {e}", c_ref.kind, c_ref.name)))?;
    }
    Ok(plant)
}

/// The site's buildables by how a plan names them ([`crate::site::buildables`]): a plan's
/// entry finds its table and index here, never by parsing a name.
struct Catalog(HashMap<ComponentRef, Which>);

impl Catalog {
    fn of(site: &Site) -> Catalog {
        Catalog(
            catalog(site)
                .into_iter()
                .map(|item| (item.component(), item.which))
                .collect(),
        )
    }

    fn find(&self, component: &ComponentRef) -> Option<Which> {
        self.0.get(component).copied()
    }
}

/// Why a plan's entry names nothing of the site, in the site's words.
fn missing(site: &Site, component: &ComponentRef) -> String {
    match (component.kind, &component.hall) {
        (ComponentKind::Racks, None) => "names no hall".to_owned(),
        (ComponentKind::Racks, Some(hall)) if !site.hall.iter().any(|h| &h.name == hall) => {
            format!("the site has no hall \"{hall}\"")
        }
        (ComponentKind::Racks, Some(_)) => {
            format!("the site has no rack type \"{}\"", component.name)
        }
        (ComponentKind::DryCooler, _) => "the site has no such dry-cooler class".to_owned(),
        (kind, _) => format!("the site has no such {kind} class"),
    }
}

/// The site's existing chilled-water storage (m³), 0 without `[cooling.storage]`.
fn existing_storage(site: &Site) -> f64 {
    site.cooling.storage.as_ref().map_or(0.0, |t| t.existing_m3)
}

impl Installed {
    /// The site's own build: the racks already installed (`existing_racks`) with the existing
    /// plant units. A site with no racks installed yet is simulated at its maximum build
    /// instead: every slot of every hall filled with the densest rack type it can host, every
    /// plant class at `max_units` — the most the site could ever have to cool.
    pub fn of_site(site: &Site) -> Installed {
        let existing: Vec<Vec<u32>> = site
            .hall
            .iter()
            .map(|h| {
                site.rack
                    .iter()
                    .map(|r| h.existing_racks.get(&r.name).copied().unwrap_or(0))
                    .collect()
            })
            .collect();
        let units = |classes: &[&dyn UnitClass], max: bool| -> Vec<u32> {
            classes
                .iter()
                .map(|c| {
                    if max {
                        c.max_units()
                    } else {
                        c.existing_units()
                    }
                })
                .collect()
        };
        let c = &site.cooling;
        let chillers: Vec<&dyn UnitClass> = c.chiller.iter().map(|x| x as _).collect();
        let towers: Vec<&dyn UnitClass> = c.tower.iter().map(|x| x as _).collect();
        let dry: Vec<&dyn UnitClass> = c.dry_cooler.iter().map(|x| x as _).collect();
        let gens: Vec<&dyn UnitClass> = site.generator.iter().map(|x| x as _).collect();
        if existing.iter().flatten().any(|&n| n > 0) {
            return Installed {
                source: "site: existing racks and plant".to_owned(),
                racks: existing,
                chillers: units(&chillers, false),
                towers: units(&towers, false),
                dry_coolers: units(&dry, false),
                generators: units(&gens, false),
                chw_storage_m3: existing_storage(site),
                blocks: Vec::new(),
            };
        }
        let racks = site
            .hall
            .iter()
            .map(|h| {
                let densest = site
                    .rack
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| h.can_host(r))
                    .max_by(|a, b| a.1.design_kw.total_cmp(&b.1.design_kw))
                    .map(|(i, _)| i);
                (0..site.rack.len())
                    .map(|i| if Some(i) == densest { h.slots } else { 0 })
                    .collect()
            })
            .collect();
        Installed {
            source: "site: maximum build (no racks installed yet)".to_owned(),
            racks,
            chillers: units(&chillers, true),
            towers: units(&towers, true),
            dry_coolers: units(&dry, true),
            generators: units(&gens, true),
            // The most to cool with the least storage: what exists.
            chw_storage_m3: existing_storage(site),
            blocks: Vec::new(),
        }
    }

    /// What a saved plan has in service in `year` (default: its last year).
    ///
    /// The entries the simulator reads (`racks`, `chiller`, `tower`, `dry_cooler`,
    /// `generator`) are checked:
    /// each must name a hall and rack type, or a plant class, of `site`, with a finite
    /// quantity ≥ 0; a hall's racks must fit its slots. Errors name the plan year and the
    /// entry ([`ThermalError::Plan`]; the caller adds the file).
    pub fn from_plan(
        site: &Site,
        plan: &Plan,
        year: Option<u32>,
    ) -> Result<Installed, ThermalError> {
        let y = match year {
            Some(y) => plan.years.iter().find(|p| p.year == y),
            None => plan.years.last(),
        }
        .ok_or_else(|| ThermalError::NoSuchYear {
            year: year.unwrap_or(0),
            first: plan.years.first().map_or(0, |p| p.year),
            last: plan.years.last().map_or(0, |p| p.year),
        })?;
        let c = &site.cooling;
        let mut out = Installed {
            source: format!("plan year {}", y.year),
            racks: vec![vec![0; site.rack.len()]; site.hall.len()],
            chillers: vec![0; c.chiller.len()],
            towers: vec![0; c.tower.len()],
            dry_coolers: vec![0; c.dry_cooler.len()],
            generators: vec![0; site.generator.len()],
            chw_storage_m3: 0.0,
            blocks: Vec::new(),
        };
        let catalog = Catalog::of(site);
        for entry in &y.in_service {
            let component = &entry.component;
            let bad = |reason: String| {
                ThermalError::Plan(format!(
                    "year {}, in_service entry {} \"{}\": {reason}",
                    y.year,
                    component.kind,
                    component.qualified_name()
                ))
            };
            let which = match component.kind {
                ComponentKind::ChwStorage => {
                    let q = entry.quantity.value();
                    if !(q.is_finite() && q >= 0.0) || site.cooling.storage.is_none() {
                        return Err(bad(
                            "expected a volume ≥ 0 m³ of the site's [cooling.storage]".to_owned(),
                        ));
                    }
                    out.chw_storage_m3 += q;
                    continue;
                }
                ComponentKind::Racks
                | ComponentKind::Chiller
                | ComponentKind::Tower
                | ComponentKind::DryCooler
                | ComponentKind::Generator => catalog
                    .find(component)
                    .ok_or_else(|| bad(missing(site, component)))?,
                // Other holdings (power, batteries, halls, UPS, …) do not enter the thermal
                // model.
                _ => continue,
            };
            let slot: &mut u32 = match which {
                Which::Racks(h, r) => &mut out.racks[h][r],
                Which::Chiller(i) => &mut out.chillers[i],
                Which::Tower(i) => &mut out.towers[i],
                Which::DryCooler(i) => &mut out.dry_coolers[i],
                Which::Generator(i) => &mut out.generators[i],
                _ => continue,
            };
            let q = entry.quantity.value();
            let units = whole_units(q).map_err(bad)?;
            *slot = slot.checked_add(units).ok_or_else(|| {
                bad(format!(
                    "quantity {q} brings the total above {} units",
                    u32::MAX
                ))
            })?;
        }
        for (hall, racks) in site.hall.iter().zip(&out.racks) {
            let total: u64 = racks.iter().map(|&n| u64::from(n)).sum();
            if total > u64::from(hall.slots) {
                return Err(ThermalError::Plan(format!(
                    "year {}: hall \"{}\" has {total} racks in service but only {} slots",
                    y.year, hall.name, hall.slots
                )));
            }
        }
        if out.rack_count() == 0 {
            return Err(ThermalError::Plan(format!(
                "year {} has no racks in service in any hall of the site: nothing to simulate",
                y.year
            )));
        }
        out.blocks = y
            .blocks
            .iter()
            .map(|b| block_plant(site, &catalog, y.year, b))
            .collect::<Result<_, _>>()?;
        // Blocks that do not hold all of the year's plant say nothing of how it is split (the
        // planner assigns none before the plant's lead time): the plant is pooled then.
        let total = |f: fn(&BlockPlant) -> &Vec<u32>, site_units: &[u32]| {
            (0..site_units.len())
                .all(|i| out.blocks.iter().map(|b| f(b)[i]).sum::<u32>() == site_units[i])
        };
        // Nor do blocks the planner held to no rows that year (a family still before its
        // lead time): their split of the rest is unconstrained. A loaded block with rows
        // reports its spares.
        let racked = |p: &BlockPlant| p.halls.iter().any(|&h| out.racks[h].iter().any(|&n| n > 0));
        let unheld =
            (out.blocks.iter().zip(&y.blocks)).any(|(p, b)| racked(p) && b.spares.is_empty());
        if unheld
            || !(total(|b| &b.chillers, &out.chillers)
                && total(|b| &b.towers, &out.towers)
                && total(|b| &b.dry_coolers, &out.dry_coolers))
        {
            out.blocks.clear();
        }
        // Each hall shares the plant of one block at most.
        let mut seen = vec![false; site.hall.len()];
        for b in &out.blocks {
            for &h in &b.halls {
                if std::mem::replace(&mut seen[h], true) {
                    return Err(ThermalError::Plan(format!(
                        "year {}: hall \"{}\" is in two blocks",
                        y.year, site.hall[h].name
                    )));
                }
            }
        }
        Ok(out)
    }

    /// Checks that the build has one entry per hall and rack type and per plant class of
    /// `site` (a build made by hand, or for another site, may not).
    pub fn check_shape(&self, site: &Site) -> Result<(), ThermalError> {
        let c = &site.cooling;
        let ok = self.racks.len() == site.hall.len()
            && self.racks.iter().all(|r| r.len() == site.rack.len())
            && self.chillers.len() == c.chiller.len()
            && self.towers.len() == c.tower.len()
            && self.dry_coolers.len() == c.dry_cooler.len()
            && self.generators.len() == site.generator.len()
            && self.blocks.iter().all(|b| {
                b.chillers.len() == c.chiller.len()
                    && b.towers.len() == c.tower.len()
                    && b.dry_coolers.len() == c.dry_cooler.len()
                    && b.halls.iter().all(|&h| h < site.hall.len())
            });
        if ok {
            Ok(())
        } else {
            Err(ThermalError::Setting(format!(
                "the build does not match the site: it needs racks for {} halls × {} rack types \
                 and units for {} chiller, {} tower, {} dry-cooler and {} generator classes \
                 (each block's plant too, and its halls among the site's)",
                site.hall.len(),
                site.rack.len(),
                c.chiller.len(),
                c.tower.len(),
                c.dry_cooler.len(),
                site.generator.len()
            )))
        }
    }

    /// The block whose plant hall `h` shares, if the plant is split into blocks.
    pub fn block_of(&self, h: usize) -> Option<usize> {
        self.blocks.iter().position(|b| b.halls.contains(&h))
    }

    /// Racks installed in the whole site.
    pub fn rack_count(&self) -> usize {
        self.racks.iter().flatten().map(|&n| n as usize).sum()
    }
}
