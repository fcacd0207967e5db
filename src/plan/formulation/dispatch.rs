//! Hourly operation: IT load and its heat, the cooling plant's power at that hour's weather,
//! and the power balance over grid, PPA, generators, PV and batteries.
//!
//! IT power of hall h in year k and hour t is `Σ_r racks[h,r,k] × design_kw_r × util_r(t)`: linear
//! in the build. Its heat splits into liquid (`liquid_fraction`) and air; UPS and distribution
//! losses add to the air side. Free cooling may carry up to `air_free(t)` of the air heat and
//! `liquid_free(t)` of the liquid heat (fans and pumps only); chillers carry the rest at that
//! hour's COP. Facility power = IT / (UPS × distribution efficiency) + cooling power.

use dcplan_solvers::{LinExpr, Model, Sense, Var};

use super::build_out::Builds;
use super::{Context, DerivedHours, HourlyQuantity, Operation, YearHours};
use crate::site::plant::CoolingPowerRates;
use crate::site::{GeneratorRole, GridContract, Site};

/// The IT load of the racks in year `k` as a few year-level columns: one per rack type and
/// *power chain* (the halls sharing UPS efficiency, distribution efficiency and critical
/// fraction), holding `Σ_h design_kw × racks[h,r,k]` (MW of IT at utilisation 1). Every
/// hourly load — facility input, air heat with the electrical losses, liquid heat, critical
/// input — is a fixed multiple of these columns, so hourly rows carry one term per column
/// instead of one per hall and rack type, and each hour couples to as few year-level columns
/// as possible (each one costs the interior point's factorisation fill in every hour).
#[derive(Debug, Clone)]
pub(crate) struct RackLoads {
    /// Per year, the IT columns.
    columns: Vec<Vec<ItColumn>>,
    /// Design IT load as a fraction of design power (`design.it_load_fraction`).
    design_fraction: f64,
}

/// One year-level IT column and what one MW of it means for each hourly load.
#[derive(Debug, Clone, Copy)]
struct ItColumn {
    var: dcplan_solvers::Var,
    /// Rack type (for its hourly utilisation).
    rack: usize,
    /// Multiples of the IT load per hourly load.
    per_mw: Load,
}

/// Hourly loads per MW of IT.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Load {
    /// Facility input: IT through the UPS and distribution.
    pub input: f64,
    /// Air-side heat, electrical losses included.
    pub air: f64,
    /// Liquid-side heat.
    pub liquid: f64,
    /// Critical facility input.
    pub critical: f64,
}

impl RackLoads {
    /// `Σ it_load_fraction × which(load) × IT column` over year `k`'s columns: a load at the
    /// design IT load, for what must be sized to it.
    fn at_design(&self, k: usize, which: fn(&Load) -> f64) -> LinExpr {
        let mut e = LinExpr::with_capacity(self.columns[k].len());
        for c in &self.columns[k] {
            e.add_term(c.var, self.design_fraction * which(&c.per_mw));
        }
        e
    }

    /// `Σ util_r(t) × which(load) × IT column` over year `k`'s columns: one hourly load.
    fn at_hour(&self, cx: &Context, k: usize, t: usize, which: fn(&Load) -> f64) -> LinExpr {
        let mut e = LinExpr::with_capacity(self.columns[k].len());
        for c in &self.columns[k] {
            e.add_term(c.var, cx.hourly.utilization[c.rack][t] * which(&c.per_mw));
        }
        e
    }
}

fn rack_loads(model: &mut Model, cx: &Context, b: &Builds) -> RackLoads {
    let site = cx.site;
    let chain = |hall: &crate::site::Hall| {
        (
            hall.ups_efficiency.to_bits(),
            hall.distribution_efficiency.to_bits(),
            hall.critical_fraction.to_bits(),
        )
    };
    // The air handlers' fans heat the air they move: the air side carries that heat too.
    let fan_heat = CoolingPowerRates::of(site).crah_fan;
    let mut columns = Vec::with_capacity(cx.years);
    for k in 0..cx.years {
        let mut year = Vec::new();
        for (r, rack) in site.rack.iter().enumerate() {
            // Halls hosting this rack type, grouped by power chain in order of appearance.
            let mut groups: Vec<Vec<usize>> = Vec::new();
            for (h, hall) in site.hall.iter().enumerate() {
                if b.racks[h][r].is_none() {
                    continue;
                }
                match groups
                    .iter_mut()
                    .find(|g| chain(&site.hall[g[0]]) == chain(hall))
                {
                    Some(members) => members.push(h),
                    None => groups.push(vec![h]),
                }
            }
            for members in groups {
                let hall = &site.hall[members[0]];
                let name = format!("it:{}/{}[{k}]", rack.name, hall.name);
                let var = model.add_var(&name, 0.0, f64::INFINITY);
                let mut e = LinExpr::from(var);
                for &h in &members {
                    if let Some(n) = &b.racks[h][r] {
                        e.add_term(n[k], -rack.design_kw / 1000.0);
                    }
                }
                model.add_constraint(name, e, Sense::Eq, 0.0);
                let eta = hall.ups_efficiency * hall.distribution_efficiency;
                let lf = rack.liquid_fraction;
                year.push(ItColumn {
                    var,
                    rack: r,
                    per_mw: Load {
                        input: 1.0 / eta,
                        air: (1.0 - lf + (1.0 / eta - 1.0)) * (1.0 + fan_heat),
                        liquid: lf,
                        critical: hall.critical_fraction / eta,
                    },
                });
            }
        }
        columns.push(year);
    }
    RackLoads {
        columns,
        design_fraction: site.design.it_load_fraction,
    }
}

/// Creates the hourly operating variables and adds cooling, supply and storage rows.
pub(crate) fn add(model: &mut Model, cx: &Context, b: &Builds) -> Operation {
    let site = cx.site;
    let (ky, kt) = (cx.years, cx.hours());
    let inf = f64::INFINITY;
    let block = |model: &mut Model, name: &str| YearHours::new(model, name, ky, kt, 0.0, inf);
    let loads = rack_loads(model, cx, b);
    let air_free = block(model, "air_free");
    let liquid_free = block(model, "liquid_free");
    let classes = site.cooling.chiller.len();
    let own_load: Vec<YearHours> = site.cooling.chiller[..classes.saturating_sub(1)]
        .iter()
        .map(|c| block(model, &format!("chiller_load:{}", c.name)))
        .collect();
    let rest_of_heat = |k, t| {
        let mut rest = loads.at_hour(cx, k, t, |l| l.air) + loads.at_hour(cx, k, t, |l| l.liquid);
        rest -= air_free.at(k, t);
        rest -= liquid_free.at(k, t);
        for other in &own_load {
            rest -= other.at(k, t);
        }
        rest
    };
    let chiller_load: Vec<DerivedHours> = (0..classes)
        .map(|i| match own_load.get(i) {
            Some(own) => DerivedHours::new(ky, kt, |k, t| LinExpr::from(own.at(k, t))),
            None => DerivedHours::new(ky, kt, rest_of_heat),
        })
        .collect();
    let rates = CoolingPowerRates::of(site);
    let cooling = DerivedHours::new(ky, kt, |k, t| {
        cooling_power(
            cx,
            &rates,
            &loads,
            (&air_free, &liquid_free),
            &chiller_load,
            k,
            t,
        )
    });
    let op = Operation {
        loads,
        cooling,
        air_free,
        liquid_free,
        chiller_load,
        import_firm: site
            .grid
            .contract
            .iter()
            .map(|c| block(model, &format!("import_firm:{}", c.name)))
            .collect(),
        // A contract without non-firm capacity, now or after an upgrade, imports none: its
        // columns are fixed at zero, which backends drop before solving.
        import_non_firm: site
            .grid
            .contract
            .iter()
            .map(|c| {
                let ub = if has_non_firm(site, c) { inf } else { 0.0 };
                let name = format!("import_non_firm:{}", c.name);
                YearHours::new(model, &name, ky, kt, 0.0, ub)
            })
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
        in_service: (0..ky).map(|k| load_in_service(model, cx, b, k)).collect(),
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

/// Whether any rack is installed in year `k`: a binary `z` with `racks in hall ≤ slots × z`
/// for every hall, so it is 1 whenever there is load. Spare plant units protect load, so the
/// redundancy rows ask for them only when `z` is 1: a site with empty halls needs no spare
/// (and a greenfield plant with nothing yet in service is not infeasible). Existing racks fix
/// it at 1, as a constant rather than a column every hour's redundancy rows would couple to.
fn load_in_service(model: &mut Model, cx: &Context, b: &Builds, k: usize) -> Var {
    let racks = || b.racks.iter().flatten().flatten();
    let must = racks().any(|s| model.bounds(s[k]).is_some_and(|(lb, _)| lb >= 1.0));
    let name = format!("load_in_service[{k}]");
    if must {
        return model.add_var(name, 1.0, 1.0);
    }
    let z = model.add_integer(name, 0.0, 1.0);
    for (h, hall) in cx.site.hall.iter().enumerate() {
        let mut row: LinExpr = b.racks[h].iter().flatten().map(|v| v[k]).sum();
        if row.terms().is_empty() {
            continue;
        }
        row.add_term(z, -f64::from(hall.slots));
        model.add_constraint(
            format!("load_in_service:{}[{k}]", hall.name),
            row,
            Sense::Le,
            0.0,
        );
    }
    z
}

fn cooling_rows(
    model: &mut Model,
    cx: &Context,
    loads: &RackLoads,
    op: &Operation,
    k: usize,
    t: usize,
) {
    let h = cx.hourly;
    let (air, liquid) = (
        loads.at_hour(cx, k, t, |l| l.air),
        loads.at_hour(cx, k, t, |l| l.liquid),
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
    // What free cooling does not carry, the chillers do: the last class takes the rest by
    // construction, so it must not go negative (with one class the free-cooling shares, each
    // at most 1, already ensure that). Without chillers, free cooling carries everything.
    match op.chiller_load.len() {
        0 => {
            let mut free = LinExpr::from(op.air_free.at(k, t)) + op.liquid_free.at(k, t);
            free -= air.clone() + liquid.clone();
            model.add_constraint(format!("heat_balance[{k},{t}]"), free, Sense::Eq, 0.0);
        }
        1 => {}
        n => {
            let last = op.chiller_load[n - 1].at(k, t).clone();
            model.add_constraint(format!("heat_balance[{k},{t}]"), last, Sense::Ge, 0.0);
        }
    }

    // The year's critical peak covers this hour's critical load. Cooling counts as critical:
    // critical IT cannot run without it.
    // Critical IT counts at the design IT load (nameplate by default): training can run at
    // nameplate for hours, and firm supply and backup must carry it then.
    let mut critical = LinExpr::from(op.critical_peak[k]) - op.cooling.at(k, t).clone();
    critical -= loads.at_design(k, |l| l.critical);
    model.add_constraint(format!("critical_peak[{k},{t}]"), critical, Sense::Ge, 0.0);
}

/// Cooling electric power (MW) in year `k`, hour `t`: air handlers and CDUs move all heat,
/// plant pumps too; chillers draw at their COP; towers and dry coolers by the heat they reject
/// (`free`: the heat carried by air-side and liquid-side free cooling).
fn cooling_power(
    cx: &Context,
    rates: &CoolingPowerRates,
    loads: &RackLoads,
    (air_free, liquid_free): (&YearHours, &YearHours),
    chiller_load: &[DerivedHours],
    k: usize,
    t: usize,
) -> LinExpr {
    let c = &cx.site.cooling;
    let mut power = LinExpr::with_capacity(2 * loads.columns[k].len() + chiller_load.len() + 2);
    // Fans and pumps run per MW of the air-side heat before the fans' own (as the simulator
    // counts them).
    power.add_scaled(
        &loads.at_hour(cx, k, t, |l| l.air),
        rates.air_heat / (1.0 + rates.crah_fan),
    );
    power.add_scaled(&loads.at_hour(cx, k, t, |l| l.liquid), rates.liquid_heat);
    for (i, ch) in c.chiller.iter().enumerate() {
        let rate = rates.chiller(ch.kind, cx.hourly.chiller_cop[i][t]);
        power.add_scaled(chiller_load[i].at(k, t), rate);
    }
    // Zero rates add no terms (an air-side economizer's fans are the CRAHs').
    for (var, rate) in [
        (air_free.at(k, t), rates.air_free),
        (liquid_free.at(k, t), rates.liquid_free),
    ] {
        if rate != 0.0 {
            power.add_term(var, rate);
        }
    }
    power
}

/// The year's critical peak at a solution (MW): critical IT at the design IT load plus the
/// most cooling power of any hour (a design hour, usually). Reports use this rather than the `critical_peak` variable,
/// which has no cost and may sit anywhere between the true peak and its limits.
pub(crate) fn critical_peak_value(cx: &Context, op: &Operation, values: &[f64], k: usize) -> f64 {
    let cooling = (0..cx.hours())
        .map(|t| op.cooling.at(k, t).eval(values))
        .fold(0.0, f64::max);
    op.loads.at_design(k, |l| l.critical).eval(values) + cooling
}

/// Facility power (MW) in year `k`, hour `t` at a solution: IT input + cooling.
pub(crate) fn facility_value(
    cx: &Context,
    op: &Operation,
    values: &[f64],
    k: usize,
    t: usize,
) -> f64 {
    it_input_value(cx, op, values, k, t) + op.cooling.at(k, t).eval(values)
}

/// Power (MW) the IT draws from the supplies in year `k`, hour `t` at a solution: IT load
/// through each hall's UPS and distribution.
pub(crate) fn it_input_value(
    cx: &Context,
    op: &Operation,
    values: &[f64],
    k: usize,
    t: usize,
) -> f64 {
    op.loads.at_hour(cx, k, t, |l| l.input).eval(values)
}

fn supply_rows(model: &mut Model, cx: &Context, b: &Builds, op: &Operation, k: usize, t: usize) {
    let site = cx.site;
    let h = cx.hourly;
    // Power balance: supplies = facility load.
    // Supplies = facility load = IT input through the power chain + cooling.
    let mut balance = op.loads.at_hour(cx, k, t, |l| l.input) * -1.0;
    balance -= op.cooling.at(k, t).clone();
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
        if has_non_firm(site, contract) {
            // Curtailment hours are lost availability, spread over the year.
            let available = non_firm_availability(contract);
            model.add_constraint(
                format!("import_non_firm:{}[{k},{t}]", contract.name),
                LinExpr::from(op.import_non_firm[ci].at(k, t)) - non_firm_cap * available,
                Sense::Le,
                0.0,
            );
        }
    }
    for (gi, g) in site.generator.iter().enumerate() {
        if let Some(gen_out) = &op.generation[gi] {
            balance += gen_out.at(k, t);
            model.add_constraint(
                format!("gen_capacity:{}[{k},{t}]", g.name),
                LinExpr::from(gen_out.at(k, t))
                    - b.generator[gi][k] * (g.unit_mw * h.generator_capacity[gi][t]),
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

    // Non-firm supply may serve any load: firm supply and prime generation carry the critical
    // peak without it (`capacity::firm_supply`), so what must not stop survives a curtailment.
    // Contracts that say so serve only the load that may be curtailed: the non-critical share
    // of IT input.
    let restricted: Vec<usize> = (0..site.grid.contract.len())
        .filter(|&ci| {
            let c = &site.grid.contract[ci];
            c.non_firm_curtailable_load_only && has_non_firm(site, c)
        })
        .collect();
    if !restricted.is_empty() {
        let non_firm: LinExpr = restricted
            .iter()
            .map(|&ci| op.import_non_firm[ci].at(k, t))
            .sum();
        let mut row = non_firm - op.loads.at_hour(cx, k, t, |l| l.input);
        row += op.loads.at_hour(cx, k, t, |l| l.critical);
        model.add_constraint(
            format!("non_firm_curtailable[{k},{t}]"),
            row,
            Sense::Le,
            0.0,
        );
    }
}

/// Share of the hours in which `contract`'s non-firm capacity is available:
/// 1 − `non_firm_curtailment_hours` / 8760.
pub(crate) fn non_firm_availability(contract: &GridContract) -> f64 {
    1.0 - contract.non_firm_curtailment_hours / crate::weather::HOURS_PER_YEAR as f64
}

/// Whether `contract` has non-firm capacity now or after one of its upgrades.
fn has_non_firm(site: &Site, contract: &GridContract) -> bool {
    contract.non_firm_mw > 0.0
        || site
            .grid
            .upgrade
            .iter()
            .any(|u| u.contract == contract.name && u.adds_non_firm_mw > 0.0)
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
            // Batteries do not count towards the design load: they hold their charge through
            // a design day.
            if hour.is_design() {
                model.set_bounds(ch, 0.0, 0.0);
                model.set_bounds(dis, 0.0, 0.0);
            }
            // One inverter: charge and discharge share its rating. This is the convex hull of
            // "either charge or discharge, each up to the rating", so no binary is needed and
            // simultaneous charge and discharge cannot waste energy at a profit.
            model.add_constraint(
                format!("battery_power:{name}[{k},{t}]"),
                LinExpr::from(ch) + dis - p,
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
pub(crate) fn weighted_value(
    cx: &Context,
    block: &impl HourlyQuantity,
    k: usize,
    values: &[f64],
) -> f64 {
    cx.hourly
        .hours
        .iter()
        .enumerate()
        .map(|(t, hour)| hour.weight * block.value(k, t, values))
        .sum()
}
