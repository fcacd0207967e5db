//! The independent plan checker: `dcplan check SITE PLAN`.
//!
//! [`check`] re-verifies a saved [`Plan`] against its site with plain arithmetic and no
//! solver. It shares no code with the planner's formulation (DESIGN.md, "Dependency rules"):
//! it reads the plan's holdings, builds and hourly dispatch, recomputes every quantity the
//! model ties together (IT load, heat, cooling power from the chiller curves at each hour's
//! weather, supplies, capacities, redundancy, costs, emissions) and lists every place where the
//! plan and the recomputation disagree by more than a stated tolerance.
//!
//! First, [`identify`] says whether the plan is one to check against this site at all: a plan
//! of another site, of another document version (`schema_version`), or with a status or
//! resolution dcplan never writes is refused ([`Refusal`]); a plan of a site that changed
//! since, or edited after dcplan wrote it, is checked with a [`Notice`] (its fingerprints,
//! [`crate::plan::Fingerprints`]).
//!
//! Rules, by family (the `rule` of a [`Violation`]):
//!
//! | rule | what |
//! | --- | --- |
//! | `structure` | years = horizon, modelled days, series present, components exist, racks in halls that can host them, whole numbers, holdings never decrease, builds = year-over-year increase |
//! | `lead-times` | nothing beyond what exists before `start_year + lead`; `order_by_year = in_service_year − lead ≥ start_year` |
//! | `slots` | racks in a hall ≤ slots × hall in service |
//! | `rack-limits` | rack design power ≤ hall's `max_rack_kw` |
//! | `targets` | GPUs online = racks × GPUs ≥ the target in force; capex budget |
//! | `energy-balance` | supplies = facility = IT / (UPS × distribution) + cooling, every hour |
//! | `cooling-physics` | heat split, free cooling ≤ the economizer's share, chiller load = heat − free, cooling power from COP at the hour's condenser temperature |
//! | `capacities` | imports, PPA, generation, PV, batteries (power, energy, state of charge), chillers at CAPFT |
//! | `redundancy` | chillers, towers, dry coolers every hour; firm supply (largest prime units out) and backup generation for the critical peak; UPS modules |
//! | `blocks` | per redundancy block (`[[block]]`, or a hall of its own): units add up to what is in service, and at each design day's peak the block's chillers, towers and backup carry its design duty with its spares |
//! | `costs` | capex by order year, fixed O&M, energy at TOU prices, demand charges and ratchets, PPA, fuel, VOM, carbon, NPV |
//! | `emissions` | recomputed, and under the cap |
//!
//! Tolerances, per family, each an absolute floor plus a part relative to the figures compared
//! ([`Tolerance::allowed`]):
//!
//! | family | relative to the figures | absolute floor |
//! | --- | --- | --- |
//! | MW, MWh, MW thermal (balances, capacities, redundancy, peaks) | `1e-4` | `1e-6` × the year's power scale, at least `1e-6` ([`Tolerance::POWER`], `Ctx::power_tol`) |
//! | MWh over a year (running hours) | `1e-4` | the MW floor × 8760 h |
//! | USD | `1e-6` | `$1` ([`Tolerance::MONEY`]) |
//! | t CO₂ | `1e-6` | `1e-3` t ([`Tolerance::MASS`]) |
//! | counts (racks, units, GPUs, days) | — | `1e-6` of a whole number ([`Tolerance::COUNT`]) |
//!
//! The power scale of a year is the design IT power of the racks in service (at least 1 MW),
//! recomputed from the site's rack types. A limit of zero then still allows the residue an
//! interior-point solver leaves on a variable at its bound (`2e-6` MWh in a 50 MW site is
//! `4e-8` of it), while anything an engineer would read (a kilowatt in a megawatt site)
//! fails. Continuous holdings (battery MW and MWh, PV MW AC, generators sized in MW) are
//! compared with the power tolerance, whole-number ones with the count tolerance.

#![allow(
    clippy::many_single_char_names,
    reason = "k (year), t (hour), h (hall), r (rack), c (contract) as in docs/modelling.md"
)]

use std::collections::HashMap;

use serde::Serialize;

use crate::plan::Plan;
use crate::plan::document::{Category, ComponentRef, Unit};
use crate::site::design_basis::DesignBasis;
use crate::site::{LoadedSite, Site};
use crate::weather::WeatherHour;

mod blocks;
mod calendar;
mod catalog;
pub mod identity;
mod money;
mod operation;
mod reliability;
mod structure;

pub use catalog::{Item, What};
pub use identity::{Identity, Notice, Refusal, identify};

/// The outcome of checking a plan.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    /// Every disagreement found, in rule order.
    pub violations: Vec<Violation>,
    /// How many individual comparisons were made.
    pub checks_run: usize,
}

/// One place where the plan and the site disagree.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Violation {
    /// The rule family (`energy-balance`, `capacities`, …).
    pub rule: &'static str,
    /// Calendar year, when the finding belongs to one.
    pub year: Option<u32>,
    /// Modelled hour of the year (0-based, days in the plan's order), when it belongs to one.
    pub hour: Option<usize>,
    /// What is wrong, by how much, and what the limit is.
    pub message: String,
    /// How far beyond the limit (in the quantity's unit; 1 for a yes/no finding).
    pub excess: f64,
}

/// How far two figures may differ before they disagree: `absolute + relative × max(|a|, |b|)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tolerance {
    /// Relative part.
    pub relative: f64,
    /// Absolute part, in the figure's unit.
    pub absolute: f64,
}

impl Tolerance {
    /// MW, MWh and MW-thermal: interior-point noise is far below this.
    pub const POWER: Tolerance = Tolerance {
        relative: 1e-4,
        absolute: 1e-6,
    };
    /// USD.
    pub const MONEY: Tolerance = Tolerance {
        relative: 1e-6,
        absolute: 1.0,
    };
    /// Counts (racks, units, GPUs).
    pub const COUNT: Tolerance = Tolerance {
        relative: 0.0,
        absolute: 1e-6,
    };
    /// Tonnes of CO₂.
    pub const MASS: Tolerance = Tolerance {
        relative: 1e-6,
        absolute: 1e-3,
    };

    /// Absolute floor of a power tolerance per MW of the site's power scale.
    pub const POWER_FLOOR_PER_MW: f64 = 1e-6;

    /// This tolerance with its absolute floor raised to `POWER_FLOOR_PER_MW × scale`: what a
    /// limit of zero allows in a site of that size (MW, or MWh for energies).
    #[must_use]
    pub fn at_scale(self, scale: f64) -> Tolerance {
        Tolerance {
            relative: self.relative,
            absolute: self.absolute.max(Self::POWER_FLOOR_PER_MW * scale),
        }
    }

    /// The allowed difference between `a` and `b`.
    pub fn allowed(self, a: f64, b: f64) -> f64 {
        self.absolute + self.relative * a.abs().max(b.abs())
    }
}

impl Report {
    /// Whether the plan passed every check.
    pub fn is_consistent(&self) -> bool {
        self.violations.is_empty()
    }

    /// Records a yes/no check that failed when `ok` is false.
    pub(crate) fn require(
        &mut self,
        rule: &'static str,
        at: At,
        ok: bool,
        message: impl FnOnce() -> String,
    ) -> bool {
        self.checks_run += 1;
        if !ok {
            self.push(rule, at, message(), 1.0);
        }
        ok
    }

    /// Checks `value ≤ limit` within `tol`.
    pub(crate) fn at_most(
        &mut self,
        rule: &'static str,
        at: At,
        value: f64,
        limit: f64,
        tol: Tolerance,
        what: impl FnOnce() -> String,
    ) -> bool {
        if value.is_finite() && limit == f64::INFINITY {
            self.checks_run += 1;
            return true;
        }
        self.bound(rule, at, (value, limit, value - limit), tol, || {
            format!(
                "{}: {} exceeds the limit {}",
                what(),
                fmt(value),
                fmt(limit)
            )
        })
    }

    /// Checks `value ≥ limit` within `tol`.
    pub(crate) fn at_least(
        &mut self,
        rule: &'static str,
        at: At,
        value: f64,
        limit: f64,
        tol: Tolerance,
        what: impl FnOnce() -> String,
    ) -> bool {
        self.bound(rule, at, (value, limit, limit - value), tol, || {
            format!(
                "{}: {} is below the minimum {}",
                what(),
                fmt(value),
                fmt(limit)
            )
        })
    }

    /// One bound check: `excess` (how far `value` is past `limit`) must stay within `tol`.
    fn bound(
        &mut self,
        rule: &'static str,
        at: At,
        (value, limit, excess): (f64, f64, f64),
        tol: Tolerance,
        message: impl FnOnce() -> String,
    ) -> bool {
        self.checks_run += 1;
        if excess > tol.allowed(value, limit) || !value.is_finite() || !limit.is_finite() {
            let message = format!("{} by {}", message(), fmt(excess));
            self.push(rule, at, message, excess);
            return false;
        }
        true
    }

    /// Checks that the plan's figure `stated` equals the recomputed `expected` within `tol`.
    pub(crate) fn equal(
        &mut self,
        rule: &'static str,
        at: At,
        stated: f64,
        expected: f64,
        tol: Tolerance,
        what: impl FnOnce() -> String,
    ) -> bool {
        self.checks_run += 1;
        let diff = (stated - expected).abs();
        let allowed = tol.allowed(stated, expected);
        if diff > allowed || !stated.is_finite() || !expected.is_finite() {
            let message = format!(
                "{}: the plan says {}, recomputed {} (off by {}; tolerance {})",
                what(),
                fmt(stated),
                fmt(expected),
                fmt(stated - expected),
                fmt(allowed)
            );
            self.push(rule, at, message, diff);
            return false;
        }
        true
    }

    fn push(&mut self, rule: &'static str, at: At, message: String, excess: f64) {
        self.violations.push(Violation {
            rule,
            year: at.year,
            hour: at.hour,
            message,
            excess,
        });
    }
}

/// Where a finding belongs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct At {
    year: Option<u32>,
    hour: Option<usize>,
}

impl At {
    /// The whole plan.
    pub(crate) const PLAN: At = At {
        year: None,
        hour: None,
    };

    /// A year.
    pub(crate) fn year(year: u32) -> At {
        At {
            year: Some(year),
            hour: None,
        }
    }

    /// An hour of a year.
    pub(crate) fn hour(year: u32, hour: usize) -> At {
        At {
            year: Some(year),
            hour: Some(hour),
        }
    }
}

/// A count of units for a message: "1 unit", "2.5 units" (a relaxed count may be fractional).
pub(crate) fn fmt_units(n: f64) -> String {
    let noun = if (n - 1.0).abs() < 1e-9 {
        "unit"
    } else {
        "units"
    };
    format!("{} {noun}", fmt(n))
}

/// A number for a message: enough digits to see a small difference, no more.
pub(crate) fn fmt(v: f64) -> String {
    let a = v.abs();
    if v == 0.0 {
        "0".to_owned()
    } else if !(1e-3..1e9).contains(&a) {
        format!("{v:.4e}")
    } else {
        let s = format!("{v:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

/// One modelled hour as the checker sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Hour {
    /// Index of its day in `plan.days`.
    pub day: usize,
    /// Clock hour, 0 = midnight to 1 am.
    pub of_day: usize,
    /// Index into the weather year; `None` for an hour of a design day.
    pub weather: Option<usize>,
    /// Days it stands for.
    pub weight: f64,
    /// Calendar month (1–12) of its day in a non-leap year.
    pub month: u32,
    /// Whether its day is Monday to Friday in `start_year`.
    pub weekday: bool,
}

/// What every rule reads: the site, the plan, and quantities derived once from them.
pub(crate) struct Ctx<'a> {
    pub site: &'a Site,
    /// The loaded site, for inputs read from files beside it (PV profiles).
    pub loaded: &'a LoadedSite,
    pub plan: &'a Plan,
    pub weather: &'a [WeatherHour],
    /// Every buildable quantity of the site.
    pub items: Vec<Item>,
    index: HashMap<What, usize>,
    /// In service per plan year, by item (whole-number items as the plan states them).
    pub held: Vec<Vec<f64>>,
    /// Holdings of each plan year that name nothing in the site: component and unit.
    pub unknown: Vec<Vec<(ComponentRef, Unit)>>,
    /// Holdings named twice in a year.
    pub duplicates: Vec<Vec<(ComponentRef, Unit)>>,
    /// The modelled hours, then the site's design days' hours; empty when the plan's days are
    /// unusable (reported by `structure`).
    pub hours: Vec<Hour>,
    /// The site's design basis (design IT load, design days), rebuilt from the site.
    pub design: DesignBasis,
    /// Power scale per plan year (MW): design IT of the racks in service, at least 1 MW.
    scales_mw: Vec<f64>,
    /// A series of zeros as long as a year's hours, for series a plan lacks.
    zeros: Vec<f64>,
}

impl<'a> Ctx<'a> {
    fn new(site: &'a LoadedSite, plan: &'a Plan) -> Ctx<'a> {
        let items = catalog::items(&site.site);
        let index: HashMap<What, usize> =
            items.iter().enumerate().map(|(i, x)| (x.what, i)).collect();
        let by_key: HashMap<(&ComponentRef, Unit), usize> = items
            .iter()
            .enumerate()
            .map(|(i, x)| ((&x.component, x.unit), i))
            .collect();
        let mut held = Vec::with_capacity(plan.years.len());
        let mut unknown = Vec::with_capacity(plan.years.len());
        let mut duplicates = Vec::with_capacity(plan.years.len());
        for y in &plan.years {
            let mut q = vec![0.0; items.len()];
            let mut seen = vec![false; items.len()];
            let (mut unk, mut dup) = (Vec::new(), Vec::new());
            for h in &y.in_service {
                let unit = h.quantity.unit();
                let key = || (h.component.clone(), unit);
                match by_key.get(&(&h.component, unit)) {
                    Some(&i) if seen[i] => dup.push(key()),
                    Some(&i) => {
                        seen[i] = true;
                        q[i] = h.quantity.value();
                    }
                    None => unk.push(key()),
                }
            }
            held.push(q);
            unknown.push(unk);
            duplicates.push(dup);
        }
        // A loaded site's design days always build (validation); an empty basis otherwise,
        // which `check` reports.
        let design = site.design_basis().unwrap_or(DesignBasis {
            it_load_fraction: site.site.design.it_load_fraction,
            days: Vec::new(),
        });
        let hours = modelled_hours(&site.site, plan, site.weather.hours().len(), &design);
        let zeros = vec![0.0; hours.len()];
        let scales_mw = held
            .iter()
            .map(|q| {
                let design_it: f64 = items
                    .iter()
                    .zip(q)
                    .filter_map(|(item, n)| match item.what {
                        What::Racks(_, r) => Some(n * site.site.rack[r].design_kw / 1000.0),
                        _ => None,
                    })
                    .sum();
                design_it.max(1.0)
            })
            .collect();
        Ctx {
            site: &site.site,
            loaded: site,
            plan,
            weather: site.weather.hours(),
            items,
            index,
            held,
            unknown,
            duplicates,
            hours,
            design,
            scales_mw,
            zeros,
        }
    }

    /// The power tolerance of plan year `k` (MW, MWh, MW thermal): [`Tolerance::POWER`] with
    /// its floor at the year's scale (module docs).
    pub fn power_tol(&self, k: usize) -> Tolerance {
        Tolerance::POWER.at_scale(self.scale_mw(k))
    }

    /// The tolerance of a year's energy (MWh over the year): the power floor × 8760 h.
    pub fn annual_energy_tol(&self, k: usize) -> Tolerance {
        Tolerance::POWER.at_scale(self.scale_mw(k) * 8760.0)
    }

    fn scale_mw(&self, k: usize) -> f64 {
        self.scales_mw.get(k).copied().unwrap_or(1.0)
    }

    /// The tolerance of a holding of `item` in plan year `k`: counts for whole-number items,
    /// power for continuous ones.
    pub fn holding_tol(&self, k: usize, item: &Item) -> Tolerance {
        if item.integer {
            Tolerance::COUNT
        } else {
            self.power_tol(k)
        }
    }

    /// The index of the site's item a build is of, if the site has it.
    pub fn item_of(&self, b: &crate::plan::document::Build) -> Option<usize> {
        self.items
            .iter()
            .position(|x| x.component == b.component && x.unit == b.quantity.unit())
    }

    /// In-service quantity of `what` in plan year `k` (0 when the plan lists none).
    pub fn get(&self, k: usize, what: What) -> f64 {
        self.index
            .get(&what)
            .and_then(|&i| self.held.get(k).map(|q| q[i]))
            .unwrap_or(0.0)
    }

    /// The hourly series `name` of a dispatch map, or zeros when it is missing or the wrong
    /// length (`structure` reports that).
    pub fn series<'b>(
        &'b self,
        map: &'b std::collections::BTreeMap<String, Vec<f64>>,
        name: &str,
    ) -> &'b [f64] {
        match map.get(name) {
            Some(v) if v.len() == self.hours.len() => v,
            _ => &self.zeros,
        }
    }

    /// A plain hourly series, or zeros when it has the wrong length.
    pub fn plain<'b>(&'b self, v: &'b [f64]) -> &'b [f64] {
        if v.len() == self.hours.len() {
            v
        } else {
            &self.zeros
        }
    }

    /// The weather of modelled hour `t`: the weather year's, or its design day's.
    pub fn weather_at(&self, t: usize) -> &WeatherHour {
        let h = &self.hours[t];
        match h.weather {
            Some(i) => &self.weather[i],
            None => &self.design.days[h.day - self.plan.days.len()].hours[h.of_day],
        }
    }

    /// A rack type's draw as a fraction of design power in modelled hour `t`: its
    /// utilisation that clock hour, or the design IT load fraction in a design hour.
    pub fn utilization(&self, rack: &crate::site::RackType, t: usize) -> f64 {
        let h = &self.hours[t];
        if h.weather.is_none() {
            return self.design.it_load_fraction;
        }
        rack.utilization_profile_24h
            .as_ref()
            .and_then(|p| p.get(h.of_day).copied())
            .unwrap_or(rack.utilization)
    }

    /// Design IT power of hall `h` in plan year `k` at modelled hour `t` (MW), with each rack
    /// type's utilisation that hour.
    pub fn hall_it_mw(&self, k: usize, h: usize, t: usize) -> f64 {
        self.site
            .rack
            .iter()
            .enumerate()
            .map(|(r, rack)| {
                self.get(k, What::Racks(h, r)) * rack.design_kw / 1000.0 * self.utilization(rack, t)
            })
            .sum()
    }
}

/// The plan's modelled hours, then 24 hours (weight 0) per design day of the site; none when
/// the plan's days cannot be read against the weather.
fn modelled_hours(site: &Site, plan: &Plan, weather_len: usize, design: &DesignBasis) -> Vec<Hour> {
    let mut out = Vec::with_capacity(plan.days.len() * 24);
    for (day, d) in plan.days.iter().enumerate() {
        let first = d.first_weather_hour;
        if first % 24 != 0 || first + 24 > weather_len {
            return Vec::new();
        }
        let Some((month, dom)) = calendar::month_and_day(first / 24) else {
            return Vec::new();
        };
        let weekday = calendar::is_weekday(site.site.start_year, month, dom);
        for of_day in 0..24 {
            out.push(Hour {
                day,
                of_day,
                weather: Some(first + of_day),
                weight: d.weight,
                month,
                weekday,
            });
        }
    }
    for (i, d) in design.days.iter().enumerate() {
        for of_day in 0..d.hours.len() {
            out.push(Hour {
                day: plan.days.len() + i,
                of_day,
                weather: None,
                weight: 0.0,
                month: d.month,
                weekday: false,
            });
        }
    }
    out
}

/// Discount factor of planning year `j` (0-based): end-of-year cash flows, `(1 + r)^-(j+1)`.
pub(crate) fn discount(rate: f64, j: usize) -> f64 {
    (1.0 + rate).powf(-(j as f64 + 1.0))
}

/// Checks `plan` against `site`: every rule family in turn, every violation listed. A plan
/// [`identify`] refuses is not worth checking: its report is thousands of consequences.
pub fn check(site: &LoadedSite, plan: &Plan) -> Report {
    let cx = Ctx::new(site, plan);
    let mut report = Report::default();
    if let Err(e) = site.design_basis() {
        report.require("structure", At::PLAN, false, || {
            format!("the site's design days cannot be built: {e}")
        });
    }
    structure::structure(&cx, &mut report);
    structure::lead_times(&cx, &mut report);
    structure::slots(&cx, &mut report);
    structure::rack_limits(&cx, &mut report);
    structure::targets(&cx, &mut report);
    if !cx.hours.is_empty() {
        let physics = operation::Physics::new(&cx, &mut report);
        operation::energy_balance(&cx, &mut report);
        operation::cooling_physics(&cx, &physics, &mut report);
        operation::capacities(&cx, &physics, &mut report);
        reliability::redundancy(&cx, &physics, &mut report);
        blocks::blocks(&cx, &physics, &mut report);
        money::costs(&cx, &physics, &mut report);
        money::emissions(&cx, &physics, &mut report);
    }
    report
}

/// The cost category names as the plan writes them.
pub(crate) fn category_name(c: Category) -> String {
    crate::text::serde_name(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerance_is_absolute_plus_relative() {
        let t = Tolerance::POWER;
        assert!((t.allowed(100.0, 50.0) - (1e-6 + 1e-2)).abs() < 1e-12);
        assert!((t.allowed(0.0, 0.0) - 1e-6).abs() < 1e-15);
    }

    #[test]
    fn checks_count_and_report() {
        let mut r = Report::default();
        assert!(r.at_most(
            "capacities",
            At::PLAN,
            1.0 + 1e-9,
            1.0,
            Tolerance::POWER,
            String::new
        ));
        assert!(r.at_least(
            "capacities",
            At::PLAN,
            -1e-9,
            0.0,
            Tolerance::POWER,
            String::new
        ));
        assert!(!r.at_most(
            "capacities",
            At::year(2027),
            1.1,
            1.0,
            Tolerance::POWER,
            || "x".into()
        ));
        assert!(!r.equal(
            "costs",
            At::hour(2027, 3),
            5.0,
            1.0,
            Tolerance::MONEY,
            || "y".into()
        ));
        assert!(!r.at_most(
            "capacities",
            At::PLAN,
            f64::NAN,
            1.0,
            Tolerance::POWER,
            String::new
        ));
        assert_eq!(r.checks_run, 5);
        assert_eq!(r.violations.len(), 3);
        assert!((r.violations[0].excess - 0.1).abs() < 1e-12);
        assert_eq!(r.violations[1].hour, Some(3));
        assert!(
            r.violations[0]
                .message
                .starts_with("x: 1.1 exceeds the limit 1 by 0.1")
        );
    }

    #[test]
    fn numbers_in_messages() {
        assert_eq!(fmt(0.0), "0");
        assert_eq!(fmt(1.5), "1.5");
        assert_eq!(fmt(2.0), "2");
        assert_eq!(fmt(1e-7), "1.0000e-7");
        assert_eq!(fmt(55e9), "5.5000e10");
    }

    #[test]
    fn discounting_is_end_of_year() {
        assert!((discount(0.08, 0) - 1.0 / 1.08).abs() < 1e-15);
        assert!((discount(0.1, 1) - 1.0 / 1.21).abs() < 1e-15);
    }
}
