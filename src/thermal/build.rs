//! What is installed for a simulation: racks per hall and rack type, and plant units, taken
//! from a saved plan's year or, without a plan, from the site itself.

use crate::plan::Plan;
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
        if existing.iter().flatten().any(|&n| n > 0) {
            return Installed {
                source: "site: existing racks and plant".to_owned(),
                racks: existing,
                chillers: units(&chillers, false),
                towers: units(&towers, false),
                dry_coolers: units(&dry, false),
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
        }
    }

    /// What a saved plan has in service in `year` (default: its last year).
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
        let held = |kind: &str, name: &str| -> u32 {
            y.in_service
                .iter()
                .filter(|h| h.kind == kind && h.name == name)
                .map(|h| h.quantity.round() as u32)
                .sum()
        };
        let c = &site.cooling;
        Ok(Installed {
            source: format!("plan year {}", y.year),
            racks: site
                .hall
                .iter()
                .map(|h| {
                    site.rack
                        .iter()
                        .map(|r| held("racks", &format!("{} / {}", h.name, r.name)))
                        .collect()
                })
                .collect(),
            chillers: c.chiller.iter().map(|x| held("chiller", &x.name)).collect(),
            towers: c.tower.iter().map(|x| held("tower", &x.name)).collect(),
            dry_coolers: c
                .dry_cooler
                .iter()
                .map(|x| held("dry_cooler", &x.name))
                .collect(),
        })
    }

    /// Checks that the build has one entry per hall and rack type and per plant class of
    /// `site` (a build made by hand, or for another site, may not).
    pub fn check_shape(&self, site: &Site) -> Result<(), ThermalError> {
        let c = &site.cooling;
        let ok = self.racks.len() == site.hall.len()
            && self.racks.iter().all(|r| r.len() == site.rack.len())
            && self.chillers.len() == c.chiller.len()
            && self.towers.len() == c.tower.len()
            && self.dry_coolers.len() == c.dry_cooler.len();
        if ok {
            Ok(())
        } else {
            Err(ThermalError::Setting(format!(
                "the build does not match the site: it needs racks for {} halls × {} rack types \
                 and units for {} chiller, {} tower and {} dry-cooler classes",
                site.hall.len(),
                site.rack.len(),
                c.chiller.len(),
                c.tower.len(),
                c.dry_cooler.len()
            )))
        }
    }

    /// Racks installed in the whole site.
    pub fn rack_count(&self) -> usize {
        self.racks.iter().flatten().map(|&n| n as usize).sum()
    }
}
