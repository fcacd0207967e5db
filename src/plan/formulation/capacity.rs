//! Capacity and redundancy: chillers, towers and dry coolers at the plant's redundancy every
//! hour; firm supply for the critical load with its largest prime units out; backup generation
//! with its spare.
//!
//! Redundancy "N+s" means the load is carried with the s largest units out; "2N" that half the
//! installed units carry it. With several classes, the spare is the largest unit of a class in
//! service ([`spares`]).

use dcplan_solvers::{LinExpr, Model, Sense, Var};

use super::build_out::Builds;
use super::dispatch::{contract_capacity, weighted_sum};
use super::spares::{self, Installed};
use super::{Context, Operation};
use crate::site::plant::tower_water_m3_per_mwh;
use crate::site::{ChillerKind, EconomizerKind, GeneratorRole};

/// Adds the capacity rows; returns each year's tower water use (m³), capped when the site
/// sets `water_limit_m3_per_year`.
pub(crate) fn add(
    model: &mut Model,
    cx: &Context,
    b: &Builds,
    op: &Operation,
    installed: &Installed,
) -> Vec<LinExpr> {
    let per_mwh = tower_water_m3_per_mwh(cx.site);
    let mut water = Vec::with_capacity(cx.years);
    for k in 0..cx.years {
        let mut year_water = LinExpr::new();
        for t in 0..cx.hours() {
            chillers(model, cx, b, op, installed, (k, t));
            let tower_heat = heat_rejection(model, cx, b, op, installed, (k, t));
            year_water.add_scaled(&tower_heat, cx.hourly.hours[t].weight * per_mwh);
        }
        if let Some(limit) = cx.site.cooling.water_limit_m3_per_year {
            model.add_constraint(
                format!("water_limit[{k}]"),
                year_water.clone(),
                Sense::Le,
                limit,
            );
        }
        water.push(year_water);
        run_hours(model, cx, b, op, k);
        firm_supply(model, cx, b, op, installed, k);
        backup_generation(model, cx, b, op, installed, k);
    }
    water
}

/// Permitted running hours (air permits): a prime class's running hours over the year, each
/// hour's output over that hour's derated full output, are at most `max_run_hours_per_year`
/// per unit in service.
fn run_hours(model: &mut Model, cx: &Context, b: &Builds, op: &Operation, k: usize) {
    for (gi, g) in cx.site.generator.iter().enumerate() {
        let (Some(hours), Some(out)) = (g.max_run_hours_per_year, &op.generation[gi]) else {
            continue;
        };
        let mut row = weighted_sum(cx, out, k, |t| 1.0 / cx.hourly.generator_capacity[gi][t]);
        row.add_term(b.generator[gi][k], -hours * g.unit_mw);
        model.add_constraint(format!("run_hours:{}[{k}]", g.name), row, Sense::Le, 0.0);
    }
}

fn chillers(
    model: &mut Model,
    cx: &Context,
    b: &Builds,
    op: &Operation,
    installed: &Installed,
    (k, t): (usize, usize),
) {
    let c = &cx.site.cooling;
    if c.chiller.is_empty() {
        return;
    }
    let (spare, share) = c.redundancy.spare_and_share();
    let mut available = LinExpr::new();
    let mut units = Vec::with_capacity(c.chiller.len());
    let mut load = LinExpr::new();
    for (i, ch) in c.chiller.iter().enumerate() {
        let unit = ch.unit_mw * cx.hourly.chiller_capacity[i][t];
        // Each class carries at most what its running units can at this hour's conditions.
        // (With one class and a redundancy row below, that row implies this one.)
        if c.chiller.len() > 1 || (spare == 0.0 && share >= 1.0) {
            model.add_constraint(
                format!("chiller_capacity:{}[{k},{t}]", ch.name),
                op.chiller_load[i].at(k, t).clone() - b.chiller[i][k] * unit,
                Sense::Le,
                0.0,
            );
        }
        available.add_term(b.chiller[i][k], unit * share);
        load.add_scaled(op.chiller_load[i].at(k, t), 1.0);
        units.push((unit, ch.max_units > 0));
    }
    if spare > 0.0 || share < 1.0 {
        spares::hold(
            model,
            &format!("chiller_redundancy[{k},{t}]"),
            available - load,
            spare,
            &units,
            &installed.chiller,
            (op.in_service[k], k),
        );
    }
}

/// Heat that leaves through towers and dry coolers in year `k`, hour `t`, within their
/// capacity; returns the tower heat (MW).
fn heat_rejection(
    model: &mut Model,
    cx: &Context,
    b: &Builds,
    op: &Operation,
    installed: &Installed,
    (k, t): (usize, usize),
) -> LinExpr {
    let c = &cx.site.cooling;
    let (spare, share) = c.redundancy.spare_and_share();
    let mut tower_heat = LinExpr::new();
    for (i, ch) in c.chiller.iter().enumerate() {
        if ch.kind == ChillerKind::WaterCooled {
            tower_heat.add_scaled(
                op.chiller_load[i].at(k, t),
                1.0 + 1.0 / cx.hourly.chiller_cop[i][t],
            );
        }
    }
    if c.economizer.kind == EconomizerKind::WaterSide {
        tower_heat += op.air_free.at(k, t);
    }
    let mut dry_heat = LinExpr::new();
    if c.dry_cooler.is_empty() {
        tower_heat += op.liquid_free.at(k, t);
    } else {
        dry_heat += op.liquid_free.at(k, t);
    }
    let mut rows = Vec::new();
    if !c.tower.is_empty() {
        let units: Vec<(f64, bool)> = c
            .tower
            .iter()
            .map(|x| (x.unit_mw, x.max_units > 0))
            .collect();
        rows.push((
            "towers",
            &b.tower,
            units,
            tower_heat.clone(),
            &installed.tower,
        ));
    }
    if !c.dry_cooler.is_empty() {
        let units: Vec<(f64, bool)> = c
            .dry_cooler
            .iter()
            .map(|x| {
                (
                    x.unit_mw * cx.hourly.dry_cooler_capacity[t],
                    x.max_units > 0,
                )
            })
            .collect();
        rows.push((
            "dry_coolers",
            &b.dry_cooler,
            units,
            dry_heat,
            &installed.dry_cooler,
        ));
    }
    for (what, vars, units, heat, installed) in rows {
        let mut available = LinExpr::new();
        for (i, (unit_mw, _)) in units.iter().enumerate() {
            available.add_term(vars[i][k], unit_mw * share);
        }
        spares::hold(
            model,
            &format!("{what}[{k},{t}]"),
            available - heat,
            spare,
            &units,
            installed,
            (op.in_service[k], k),
        );
    }
    tower_heat
}

/// The year's critical peak is covered without non-firm supply: firm grid (with upgrades) plus
/// prime generation at its lowest ambient derate over the modelled hours and its forced-outage
/// derate, with `reliability.firm_units_out` of its largest units in service out (N-1 by
/// default: the unit out is lost whole). Non-firm capacity only serves what may be curtailed.
fn firm_supply(
    model: &mut Model,
    cx: &Context,
    b: &Builds,
    op: &Operation,
    installed: &Installed,
    k: usize,
) {
    let mut firm = LinExpr::new();
    for ci in 0..cx.site.grid.contract.len() {
        firm += contract_capacity(cx, b, ci, k).0;
    }
    let gens = &cx.site.generator;
    let prime = (0..gens.len()).filter(|&gi| gens[gi].role() == GeneratorRole::Prime);
    let (available, units, classes) = generator_fleet(cx, b, installed, k, prime, &|gi| {
        1.0 - gens[gi].forced_outage_rate
    });
    firm += available;
    spares::hold(
        model,
        &format!("firm_supply[{k}]"),
        firm - op.critical_peak[k],
        f64::from(cx.site.reliability.firm_units_out),
        &units,
        &classes,
        (op.in_service[k], k),
    );
}

/// Generator classes `classes` in year `k` for a spare rule: their units at the lowest ambient
/// derate, each counted at `counted(class)` of it (the expression of what they carry); each
/// class's (unit, allowed) pair; and its installed binaries (none unless two or more classes
/// are allowed), aligned with the pairs.
#[allow(clippy::type_complexity)] // three aligned parts of one fleet, named at the call
fn generator_fleet(
    cx: &Context,
    b: &Builds,
    installed: &Installed,
    k: usize,
    classes: impl Iterator<Item = usize>,
    counted: &dyn Fn(usize) -> f64,
) -> (LinExpr, Vec<(f64, bool)>, Vec<Option<Vec<Var>>>) {
    let mut available = LinExpr::new();
    let (mut units, mut binaries) = (Vec::new(), Vec::new());
    for gi in classes {
        let unit = cx.hourly.generator_firm_mw[gi];
        available.add_term(b.generator[gi][k], unit * counted(gi));
        units.push((unit, cx.site.generator[gi].max_units > 0));
        binaries.push(installed.generator.get(gi).cloned().flatten());
    }
    (available, units, binaries)
}

/// In a utility outage, backup generators, at their lowest ambient derate over the modelled
/// hours, carry the critical peak with the site's backup redundancy (the largest backup unit
/// may fail). A site whose only generators are prime
/// movers relies on those instead. Sites without generators are not held to it.
fn backup_generation(
    model: &mut Model,
    cx: &Context,
    b: &Builds,
    op: &Operation,
    installed: &Installed,
    k: usize,
) {
    let Some(duty) = cx.site.backup_duty() else {
        return;
    };
    let (spare, share) = duty.redundancy.spare_and_share();
    let (available, units, classes) =
        generator_fleet(cx, b, installed, k, duty.classes.iter().copied(), &|_| {
            share
        });
    spares::hold(
        model,
        &format!("backup_generation[{k}]"),
        available - op.critical_peak[k],
        spare,
        &units,
        &classes,
        (op.in_service[k], k),
    );
}
