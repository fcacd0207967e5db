//! Block redundancy, recomputed from the site and the plan's per-block units: the blocks are
//! the site's, their units add up to what is in service, and at each design day's peak every
//! block's dedicated plant carries its own design duty with its spares.
//!
//! The duty follows docs/modelling.md (`blocks`): the block's heat at the design IT load, air
//! side with losses and CRAH fan heat; free cooling at its full share on the air side, and on
//! the liquid side as much as its share and the block's dry coolers (at the redundancy)
//! allow — the most free cooling the block can have, which lowers every other duty. A block
//! is held to it from the first year each of its plant families can grow.

use super::operation::Physics;
use super::{At, Ctx, Report, What, fmt};
use crate::plan::document::ComponentKind;
use crate::site::plant::CoolingPowerRates;
use crate::site::{ChillerKind, EconomizerKind, UnitClass};

const RULE: &str = "blocks";

/// Every block rule, year by year.
pub(crate) fn blocks(cx: &Ctx, ph: &Physics, rep: &mut Report) {
    let site = cx.site;
    let expected = site.blocks();
    if expected.len() < 2 {
        return;
    }
    let peaks: Vec<usize> = cx
        .design
        .days
        .iter()
        .enumerate()
        .filter_map(|(d, day)| {
            let peak = day.peak_hour();
            cx.hours.iter().position(|h| {
                h.weather.is_none() && h.day == cx.plan.days.len() + d && h.of_day == peak
            })
        })
        .collect();
    for (k, y) in cx.plan.years.iter().enumerate() {
        let at = At::year(y.year);
        let names: Vec<&str> = y.blocks.iter().map(|b| b.block.as_str()).collect();
        let want: Vec<&str> = expected.iter().map(|b| b.name.as_str()).collect();
        rep.require(RULE, at, names == want, || {
            format!("the plan's blocks {names:?} are not the site's {want:?}")
        });
        if names != want {
            continue;
        }
        // Units per block add up to the site's in service.
        let units = |b: usize, kind: ComponentKind, name: &str| -> f64 {
            y.blocks[b]
                .units
                .iter()
                .filter(|u| u.component.kind == kind && u.component.name == name)
                .map(|u| u.quantity.value())
                .sum()
        };
        let classes = plant_classes(cx);
        // Before a class can grow, its existing units are not split over the blocks.
        for &(kind, name, what, _) in classes.iter().filter(|c| k >= c.3 as usize) {
            let total: f64 = (0..expected.len()).map(|b| units(b, kind, name)).sum();
            rep.equal(RULE, at, total, cx.get(k, what), cx.power_tol(k), || {
                format!("{kind} \"{name}\" units over the blocks vs in service")
            });
        }
        for (b, blk) in expected.iter().enumerate() {
            if !loaded(cx, k, &blk.halls) || !every_family_grows(&classes, k) {
                continue;
            }
            for &t in &peaks {
                let n = |kind: ComponentKind, name: &str| units(b, kind, name);
                block_at(cx, ph, rep, (k, t), &blk.name, &blk.halls, &n);
            }
        }
    }
}

/// (kind, name, holding, lead time) of every plant class a block can have units of: chillers,
/// towers, dry coolers and the backup duty's generators, with units allowed.
fn plant_classes<'a>(cx: &Ctx<'a>) -> Vec<(ComponentKind, &'a str, What, u32)> {
    let site = cx.site;
    let c = &site.cooling;
    let mut out = Vec::new();
    let mut push = |kind: ComponentKind, x: &'a dyn UnitClass, what: What| {
        if x.max_units() > 0 {
            out.push((kind, x.name(), what, x.lead_time_years()));
        }
    };
    for (i, x) in c.chiller.iter().enumerate() {
        push(ComponentKind::Chiller, x, What::Chiller(i));
    }
    for (i, x) in c.tower.iter().enumerate() {
        push(ComponentKind::Tower, x, What::Tower(i));
    }
    for (i, x) in c.dry_cooler.iter().enumerate() {
        push(ComponentKind::DryCooler, x, What::DryCooler(i));
    }
    if let Some(duty) = site.backup_duty() {
        for &g in &duty.classes {
            push(
                ComponentKind::Generator,
                &site.generator[g],
                What::Generator(g),
            );
        }
    }
    out
}

/// Whether every family with classes has one past its lead time in year `k`.
fn every_family_grows(classes: &[(ComponentKind, &str, What, u32)], k: usize) -> bool {
    [
        ComponentKind::Chiller,
        ComponentKind::Tower,
        ComponentKind::DryCooler,
        ComponentKind::Generator,
    ]
    .iter()
    .all(|kind| {
        let of: Vec<_> = classes.iter().filter(|c| c.0 == *kind).collect();
        of.is_empty() || of.iter().any(|c| k >= c.3 as usize)
    })
}

/// Whether any rack is in service in the halls in year `k`.
fn loaded(cx: &Ctx, k: usize, halls: &[usize]) -> bool {
    halls
        .iter()
        .any(|&h| (0..cx.site.rack.len()).any(|r| cx.get(k, What::Racks(h, r)) > 0.5))
}

/// One block at one design peak `t` of year `k`; `n` gives its units of a class.
fn block_at(
    cx: &Ctx,
    ph: &Physics,
    rep: &mut Report,
    (k, t): (usize, usize),
    block: &str,
    halls: &[usize],
    n: &dyn Fn(ComponentKind, &str) -> f64,
) {
    let site = cx.site;
    let c = &site.cooling;
    let rates = CoolingPowerRates::of(site);
    let f = cx.design.it_load_fraction;
    let (mut air, mut liquid, mut critical) = (0.0, 0.0, 0.0);
    for &h in halls {
        let hall = &site.hall[h];
        let eta = hall.ups_efficiency * hall.distribution_efficiency;
        for (r, rack) in site.rack.iter().enumerate() {
            let mw = cx.get(k, What::Racks(h, r)) * rack.design_kw / 1000.0 * f;
            let lf = rack.liquid_fraction;
            air += mw * (1.0 - lf + 1.0 / eta - 1.0) * (1.0 + rates.crah_fan);
            liquid += mw * lf;
            critical += mw * hall.critical_fraction / eta;
        }
    }
    let year = cx.plan.years[k].year;
    let at = At::hour(year, t);
    let tol = cx.power_tol(k);
    let (spare, share) = c.redundancy.spare_and_share();
    // (available at the rule's share, largest unit in service) of a family's classes.
    let fleet = |classes: Vec<(ComponentKind, &str, f64)>| -> (f64, f64) {
        let mut available = 0.0;
        let mut largest: f64 = 0.0;
        for (kind, name, unit) in classes {
            let units = n(kind, name);
            available += units * unit;
            if units > 0.5 {
                largest = largest.max(unit);
            }
        }
        (available, largest)
    };
    let air_free = ph.air_free[t] * air;
    let dry = fleet(
        c.dry_cooler
            .iter()
            .map(|d| {
                (
                    ComponentKind::DryCooler,
                    d.name.as_str(),
                    d.unit_mw * ph.dry_cooler[t],
                )
            })
            .collect(),
    );
    let liquid_free = if c.dry_cooler.is_empty() {
        ph.liquid_free[t] * liquid
    } else {
        (ph.liquid_free[t] * liquid).min((dry.0 * share - spare * dry.1).max(0.0))
    };
    let chiller_heat = (air + liquid - air_free - liquid_free).max(0.0);
    let label = c.redundancy.label();
    let mut check = |what: &str,
                     (available, largest): (f64, f64),
                     rule: (f64, f64, &str),
                     duty: f64| {
        let (spare, share, label) = rule;
        rep.at_least(RULE, at, available * share - spare * largest, duty, tol, || {
            format!(
                "block \"{block}\": {what} at {label} (dedicated units{} − {} × largest {} MW) vs its design duty at the design peak",
                if share < 1.0 { " × ½" } else { "" },
                fmt(spare),
                fmt(largest)
            )
        });
    };
    if c.chiller.is_empty() {
        check(
            "free cooling",
            (air_free + liquid_free, 0.0),
            (0.0, 1.0, "N"),
            air + liquid,
        );
    } else {
        let chillers = fleet(
            c.chiller
                .iter()
                .enumerate()
                .map(|(i, ch)| {
                    let capft = ph.capft[i].as_ref().map_or(1.0, |v| v[t]);
                    (ComponentKind::Chiller, ch.name.as_str(), ch.unit_mw * capft)
                })
                .collect(),
        );
        check("chillers", chillers, (spare, share, label), chiller_heat);
    }
    if !c.tower.is_empty() {
        let cop = c
            .chiller
            .iter()
            .enumerate()
            .filter(|(_, ch)| ch.kind == ChillerKind::WaterCooled)
            .filter_map(|(i, _)| ph.cop[i].as_ref().map(|v| v[t]))
            .fold(f64::INFINITY, f64::min);
        let mut heat = if cop.is_finite() {
            chiller_heat * (1.0 + 1.0 / cop)
        } else {
            0.0
        };
        if c.economizer.kind == EconomizerKind::WaterSide {
            heat += air_free;
        }
        if c.dry_cooler.is_empty() {
            heat += liquid_free;
        }
        let towers = fleet(
            c.tower
                .iter()
                .map(|x| (ComponentKind::Tower, x.name.as_str(), x.unit_mw))
                .collect(),
        );
        check("towers", towers, (spare, share, label), heat);
    }
    if let Some(duty) = site.backup_duty() {
        let chiller_rate = c
            .chiller
            .iter()
            .enumerate()
            .map(|(i, ch)| {
                rates.chiller(ch.kind, ph.cop[i].as_ref().map_or(f64::INFINITY, |v| v[t]))
            })
            .fold(0.0, f64::max);
        let cooling = rates.air_heat / (1.0 + rates.crah_fan) * air
            + rates.liquid_heat * liquid
            + chiller_rate * chiller_heat
            + rates.air_free * air_free
            + rates.liquid_free * liquid_free;
        let gens = fleet(
            duty.classes
                .iter()
                .map(|&g| {
                    let derate = ph.gen_capacity[g]
                        .iter()
                        .copied()
                        .reduce(f64::min)
                        .unwrap_or(1.0);
                    (
                        ComponentKind::Generator,
                        site.generator[g].name.as_str(),
                        site.generator[g].unit_mw * derate,
                    )
                })
                .collect(),
        );
        let (spare, share) = duty.redundancy.spare_and_share();
        check(
            "backup generation",
            gens,
            (spare, share, duty.redundancy.label()),
            critical + cooling,
        );
    }
}
