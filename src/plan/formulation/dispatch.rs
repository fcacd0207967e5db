//! Hourly operation: IT load and its heat, the cooling plant's power at that hour's weather,
//! and the power balance over grid, PPA, generators, PV and batteries.
//!
//! IT power of hall h in year k and hour t is `Σ_r racks[h,r,k] × design_kw_r × util_r(t)`: linear
//! in the build. Its heat splits into liquid (`liquid_fraction`) and air; UPS and distribution
//! losses add to the air side. Free cooling may carry up to `air_free(t)` of the air heat and
//! `liquid_free(t)` of the liquid heat (fans and pumps only); chillers carry the rest at that
//! hour's COP. Facility power = IT / (UPS × distribution efficiency) + cooling power.

use dcplan_solvers::{LinExpr, Model, Sense};

use super::build_out::Builds;
use super::{Context, Operation, YearHours};
use crate::site::plant::CoolingPowerRates;
use crate::site::{EconomizerKind, GeneratorRole};

/// The racks of each type in year `k`, summed over halls, as the four loads an hour needs at
/// full utilisation (MW): facility input (IT through each hall's UPS and distribution), air
/// heat (with the electrical losses), liquid heat, and critical input. Hourly rows then carry
/// one term per rack type, `util_r(t) × load[k][r]`, instead of one per hall and rack type:
/// the model stays several times sparser.
#[derive(Debug, Clone)]
pub(crate) struct RackLoads {
    /// Facility input per year and rack type (MW at utilisation 1).
    pub input: Vec<Vec<dcplan_solvers::Var>>,
    /// Air-side heat, electrical losses included.
    pub air: Vec<Vec<dcplan_solvers::Var>>,
    /// Liquid-side heat.
    pub liquid: Vec<Vec<dcplan_solvers::Var>>,
    /// Critical facility input.
    pub critical: Vec<Vec<dcplan_solvers::Var>>,
}

fn rack_loads(model: &mut Model, cx: &Context, b: &Builds) -> RackLoads {
    let site = cx.site;
    let mut loads = RackLoads {
        input: Vec::new(),
        air: Vec::new(),
        liquid: Vec::new(),
        critical: Vec::new(),
    };
    for k in 0..cx.years {
        let mut row = |what: &str, r: usize, per_hall: &dyn Fn(&crate::site::Hall) -> f64| {
            let rack = &site.rack[r];
            let v = model.add_var(format!("{what}:{}[{k}]", rack.name), 0.0, f64::INFINITY);
            let mut e = LinExpr::from(v);
            for (h, hall) in site.hall.iter().enumerate() {
                if let Some(n) = &b.racks[h][r] {
                    e.add_term(n[k], -rack.design_kw / 1000.0 * per_hall(hall));
                }
            }
            model.add_constraint(format!("{what}:{}[{k}]", rack.name), e, Sense::Eq, 0.0);
            v
        };
        let (mut input, mut air, mut liquid, mut critical) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (r, rack) in site.rack.iter().enumerate() {
            let eta = |hall: &crate::site::Hall| hall.ups_efficiency * hall.distribution_efficiency;
            let lf = rack.liquid_fraction;
            input.push(row("rack_input", r, &|hall| 1.0 / eta(hall)));
            air.push(row("rack_air_heat", r, &|hall| {
                1.0 - lf + (1.0 / eta(hall) - 1.0)
            }));
            liquid.push(row("rack_liquid_heat", r, &|_| lf));
            critical.push(row("rack_critical", r, &|hall| {
                hall.critical_fraction / eta(hall)
            }));
        }
        loads.input.push(input);
        loads.air.push(air);
        loads.liquid.push(liquid);
        loads.critical.push(critical);
    }
    loads
}

/// `Σ_r util_r(t) × load[k][r]`: one of the rack loads at hour `t`.
fn at_hour(cx: &Context, load: &[Vec<dcplan_solvers::Var>], k: usize, t: usize) -> LinExpr {
    let mut e = LinExpr::with_capacity(load[k].len());
    for (r, &v) in load[k].iter().enumerate() {
        e.add_term(v, cx.hourly.utilization[r][t]);
    }
    e
}

/// Creates the hourly operating variables and adds cooling, supply and storage rows.
pub(crate) fn add(model: &mut Model, cx: &Context, b: &Builds) -> Operation {
    let site = cx.site;
    let (ky, kt) = (cx.years, cx.hours());
    let inf = f64::INFINITY;
    let block = |model: &mut Model, name: &str| YearHours::new(model, name, ky, kt, 0.0, inf);
    let loads = rack_loads(model, cx, b);
    let op = Operation {
        loads,
        cooling: block(model, "cooling"),
        air_free: block(model, "air_free"),
        liquid_free: block(model, "liquid_free"),
        chiller_load: site
            .cooling
            .chiller
            .iter()
            .map(|c| block(model, &format!("chiller_load:{}", c.name)))
            .collect(),
        import_firm: site
            .grid
            .contract
            .iter()
            .map(|c| block(model, &format!("import_firm:{}", c.name)))
            .collect(),
        import_non_firm: site
            .grid
            .contract
            .iter()
            .map(|c| block(model, &format!("import_non_firm:{}", c.name)))
            .collect(),
        ppa_taken: site
            .grid
            .contract
            .iter()
            .map(|c| {
                c.ppa
                    .as_ref()
                    .map(|p| block(model, &format!("ppa:{}", p.name)))
            })
            .collect(),
        generation: site
            .generator
            .iter()
            .map(|g| {
                (g.role() == GeneratorRole::Prime).then(|| block(model, &format!("gen:{}", g.name)))
            })
            .collect(),
        pv: site
            .solar_pv
            .iter()
            .map(|p| block(model, &format!("pv_out:{}", p.name)))
            .collect(),
        charge: site
            .storage
            .iter()
            .map(|s| block(model, &format!("charge:{}", s.name)))
            .collect(),
        discharge: site
            .storage
            .iter()
            .map(|s| block(model, &format!("discharge:{}", s.name)))
            .collect(),
        soc: site
            .storage
            .iter()
            .map(|s| block(model, &format!("soc:{}", s.name)))
            .collect(),
        in_service: (0..ky)
            .map(|k| {
                let z = model.add_var(format!("site_in_service[{k}]"), 0.0, 1.0);
                for (h, hall) in site.hall.iter().enumerate() {
                    model.add_constraint(
                        format!("site_in_service:{}[{k}]", hall.name),
                        LinExpr::from(z) - b.hall[h][k],
                        Sense::Ge,
                        0.0,
                    );
                }
                z
            })
            .collect(),
        critical_peak: (0..ky)
            .map(|k| model.add_var(format!("critical_peak[{k}]"), 0.0, inf))
            .collect(),
    };
    for k in 0..ky {
        for t in 0..kt {
            cooling_rows(model, cx, &op.loads, &op, k, t);
            supply_rows(model, cx, b, &op, k, t);
        }
        storage_rows(model, cx, b, &op, k);
    }
    op
}

fn cooling_rows(
    model: &mut Model,
    cx: &Context,
    loads: &RackLoads,
    op: &Operation,
    k: usize,
    t: usize,
) {
    let c = &cx.site.cooling;
    let h = cx.hourly;
    let (air, liquid) = (
        at_hour(cx, &loads.air, k, t),
        at_hour(cx, &loads.liquid, k, t),
    );
    // Free cooling carries at most its hour's share of each loop's heat (a bound, not a row,
    // in hours with none).
    for (var, share, heat, name) in [
        (op.air_free.at(k, t), h.air_free[t], &air, "air_free"),
        (
            op.liquid_free.at(k, t),
            h.liquid_free[t],
            &liquid,
            "liquid_free",
        ),
    ] {
        if share > 0.0 {
            model.add_constraint(
                format!("{name}[{k},{t}]"),
                LinExpr::from(var) - heat.clone() * share,
                Sense::Le,
                0.0,
            );
        } else {
            model.set_bounds(var, 0.0, 0.0);
        }
    }
    // What free cooling does not carry, the chillers do.
    let mut chillers: LinExpr = op.chiller_load.iter().map(|q| q.at(k, t)).sum();
    chillers -= air.clone() + liquid.clone();
    chillers += op.air_free.at(k, t);
    chillers += op.liquid_free.at(k, t);
    model.add_constraint(format!("heat_balance[{k},{t}]"), chillers, Sense::Eq, 0.0);

    // Cooling electric power: air handlers and CDUs move all heat; plant pumps too; chillers
    // at their COP; towers and dry coolers by the heat they reject.
    let rates = CoolingPowerRates::of(cx.site);
    let mut power = LinExpr::from(op.cooling.at(k, t));
    power.add_scaled(&air, -rates.air_heat);
    power.add_scaled(&liquid, -rates.liquid_heat);
    for (i, ch) in c.chiller.iter().enumerate() {
        power.add_term(
            op.chiller_load[i].at(k, t),
            -rates.chiller(ch.kind, h.chiller_cop[i][t]),
        );
    }
    if c.economizer.kind == EconomizerKind::WaterSide {
        power.add_term(op.air_free.at(k, t), -rates.air_free);
    }
    power.add_term(op.liquid_free.at(k, t), -rates.liquid_free);
    model.add_constraint(format!("cooling_power[{k},{t}]"), power, Sense::Eq, 0.0);

    // The year's critical peak covers this hour's critical load. Cooling counts as critical:
    // critical IT cannot run without it.
    let mut critical = LinExpr::from(op.critical_peak[k]) - op.cooling.at(k, t);
    critical -= at_hour(cx, &loads.critical, k, t);
    model.add_constraint(format!("critical_peak[{k},{t}]"), critical, Sense::Ge, 0.0);
}

/// Critical facility power (MW) in year `k`, hour `t` at a solution: critical IT input +
/// cooling. Reports use this rather than the `critical_peak` variable, which has no cost and
/// may sit anywhere between the true peak and its limits.
pub(crate) fn critical_value(
    cx: &Context,
    op: &Operation,
    values: &[f64],
    k: usize,
    t: usize,
) -> f64 {
    at_hour(cx, &op.loads.critical, k, t).eval(values) + values[op.cooling.at(k, t).index()]
}

/// The year's critical peak at a solution.
pub(crate) fn critical_peak_value(cx: &Context, op: &Operation, values: &[f64], k: usize) -> f64 {
    (0..cx.hours())
        .map(|t| critical_value(cx, op, values, k, t))
        .fold(0.0, f64::max)
}

/// Facility power (MW) in year `k`, hour `t` at a solution: IT input + cooling.
pub(crate) fn facility_value(
    cx: &Context,
    op: &Operation,
    values: &[f64],
    k: usize,
    t: usize,
) -> f64 {
    at_hour(cx, &op.loads.input, k, t).eval(values) + values[op.cooling.at(k, t).index()]
}

fn supply_rows(model: &mut Model, cx: &Context, b: &Builds, op: &Operation, k: usize, t: usize) {
    let site = cx.site;
    let h = cx.hourly;
    // Power balance: supplies = facility load.
    // Supplies = facility load = IT input through the power chain + cooling.
    let mut balance = at_hour(cx, &op.loads.input, k, t) * -1.0;
    balance -= op.cooling.at(k, t);
    for (ci, contract) in site.grid.contract.iter().enumerate() {
        balance += op.import_firm[ci].at(k, t);
        balance += op.import_non_firm[ci].at(k, t);
        let mut firm = LinExpr::from(op.import_firm[ci].at(k, t));
        if let (Some(p), Some(taken)) = (&contract.ppa, &op.ppa_taken[ci]) {
            balance += taken.at(k, t);
            // PPA energy arrives over the contract's firm capacity, up to its hour's output.
            firm += taken.at(k, t);
            model.set_bounds(taken.at(k, t), 0.0, p.capacity_mw * h.ppa_output[ci][t]);
        }
        let (firm_cap, non_firm_cap) = contract_capacity(cx, b, ci, k);
        model.add_constraint(
            format!("import_firm:{}[{k},{t}]", contract.name),
            firm - firm_cap,
            Sense::Le,
            0.0,
        );
        model.add_constraint(
            format!("import_non_firm:{}[{k},{t}]", contract.name),
            LinExpr::from(op.import_non_firm[ci].at(k, t)) - non_firm_cap,
            Sense::Le,
            0.0,
        );
    }
    for (gi, g) in site.generator.iter().enumerate() {
        if let Some(gen_out) = &op.generation[gi] {
            balance += gen_out.at(k, t);
            model.add_constraint(
                format!("gen_capacity:{}[{k},{t}]", g.name),
                LinExpr::from(gen_out.at(k, t)) - b.generator[gi][k] * g.unit_mw,
                Sense::Le,
                0.0,
            );
        }
    }
    for (pi, p) in site.solar_pv.iter().enumerate() {
        balance += op.pv[pi].at(k, t);
        model.add_constraint(
            format!("pv_output:{}[{k},{t}]", p.name),
            LinExpr::from(op.pv[pi].at(k, t)) - b.pv[pi][k] * h.pv_output[pi][t],
            Sense::Le,
            0.0,
        );
    }
    for (si, _) in site.storage.iter().enumerate() {
        balance += op.discharge[si].at(k, t);
        balance -= op.charge[si].at(k, t);
    }
    model.add_constraint(format!("power_balance[{k},{t}]"), balance, Sense::Eq, 0.0);

    // Non-firm supply may be curtailed, so it serves only the load that may be curtailed:
    // the non-critical share of IT input.
    let non_firm: LinExpr = op.import_non_firm.iter().map(|b| b.at(k, t)).sum();
    if site.grid.contract.iter().any(|c| c.non_firm_mw > 0.0)
        || site.grid.upgrade.iter().any(|u| u.adds_non_firm_mw > 0.0)
    {
        let mut row = non_firm - at_hour(cx, &op.loads.input, k, t);
        row += at_hour(cx, &op.loads.critical, k, t);
        model.add_constraint(
            format!("non_firm_curtailable[{k},{t}]"),
            row,
            Sense::Le,
            0.0,
        );
    }
}

/// Firm and non-firm capacity of contract `ci` in year `k`, with the upgrades in service.
pub(crate) fn contract_capacity(
    cx: &Context,
    b: &Builds,
    ci: usize,
    k: usize,
) -> (LinExpr, LinExpr) {
    let contract = &cx.site.grid.contract[ci];
    let mut firm = LinExpr::constant(contract.firm_mw);
    let mut non_firm = LinExpr::constant(contract.non_firm_mw);
    for (ui, u) in cx.site.grid.upgrade.iter().enumerate() {
        if u.contract == contract.name {
            firm.add_term(b.upgrade[ui][k], u.adds_firm_mw);
            non_firm.add_term(b.upgrade[ui][k], u.adds_non_firm_mw);
        }
    }
    (firm, non_firm)
}

/// Battery limits and state of charge. Each representative day is cyclic: it ends where it
/// began, so days can stand for others without energy appearing from nowhere.
fn storage_rows(model: &mut Model, cx: &Context, b: &Builds, op: &Operation, k: usize) {
    let hours = &cx.hourly.hours;
    for (si, s) in cx.site.storage.iter().enumerate() {
        let eta = s.round_trip_efficiency.sqrt();
        let (p, e) = (b.battery_power[si][k], b.battery_energy[si][k]);
        for (t, hour) in hours.iter().enumerate() {
            let (ch, dis, soc) = (
                op.charge[si].at(k, t),
                op.discharge[si].at(k, t),
                op.soc[si].at(k, t),
            );
            let name = &s.name;
            model.add_constraint(
                format!("charge_max:{name}[{k},{t}]"),
                LinExpr::from(ch) - p,
                Sense::Le,
                0.0,
            );
            model.add_constraint(
                format!("discharge_max:{name}[{k},{t}]"),
                LinExpr::from(dis) - p,
                Sense::Le,
                0.0,
            );
            model.add_constraint(
                format!("soc_max:{name}[{k},{t}]"),
                LinExpr::from(soc) - e,
                Sense::Le,
                0.0,
            );
            model.add_constraint(
                format!("soc_min:{name}[{k},{t}]"),
                LinExpr::from(soc) - e * s.min_state_of_charge,
                Sense::Ge,
                0.0,
            );
            // The hour before the first of a day is the day's last hour (cyclic day).
            let day_start = t - hour.of_day;
            let prev = if hour.of_day == 0 {
                day_start + 23
            } else {
                t - 1
            };
            let mut dynamics = LinExpr::from(soc) - op.soc[si].at(k, prev);
            dynamics.add_term(ch, -eta);
            dynamics.add_term(dis, 1.0 / eta);
            model.add_constraint(format!("soc:{name}[{k},{t}]"), dynamics, Sense::Eq, 0.0);
        }
    }
}

/// Variables that count one quantity over a year's hours, weighted by days represented.
pub(crate) fn weighted_sum(
    cx: &Context,
    block: &YearHours,
    k: usize,
    per_hour: impl Fn(usize) -> f64,
) -> LinExpr {
    let mut e = LinExpr::with_capacity(cx.hours());
    for (t, hour) in cx.hourly.hours.iter().enumerate() {
        e.add_term(block.at(k, t), hour.weight * per_hour(t));
    }
    e
}

/// A variable's value summed over a year, weighted (helper for reports).
pub(crate) fn weighted_value(cx: &Context, block: &YearHours, k: usize, values: &[f64]) -> f64 {
    cx.hourly
        .hours
        .iter()
        .enumerate()
        .map(|(t, hour)| hour.weight * values[block.at(k, t).index()])
        .sum()
}
