//! Costs, emissions and the objective.
//!
//! Money is in millions of USD inside the model (it keeps the interior-point solver's numbers
//! near 1). Cash flows are end-of-year and discounted at (1 + r)^(j+1) for planning year j =
//! 0, 1, …. Capex follows the site's cost model ([`crate::finance::CostModel`]): each unit
//! added in a year carries its payments, like-for-like replacements and residual value, the
//! same flows the finance ledger books, so the two reconcile to the dollar. Operating prices
//! escalate by their category's real rate.

use std::collections::BTreeMap;

use dcplan_solvers::{LinExpr, Model, ObjectiveSense, Sense};

use crate::finance::CostModel;
pub use crate::plan::document::Category;

use super::dispatch::weighted_sum;
use super::{Context, Vars};
use crate::site::GeneratorRole;

/// USD per model money unit.
pub const USD_PER_UNIT: f64 = 1e6;

/// Cost (model money units) and emissions (t CO₂) expressions per year.
#[derive(Debug, Clone)]
pub(crate) struct Accounts {
    /// Per year, per category.
    pub costs: Vec<BTreeMap<Category, LinExpr>>,
    /// Per year, tonnes of CO₂.
    pub emissions: Vec<LinExpr>,
    /// Per year, cooling-tower water (m³).
    pub water: Vec<LinExpr>,
}

/// Adds emission caps and the objective; returns the accounts for reporting.
pub(crate) fn add(
    model: &mut Model,
    cx: &Context,
    vars: &Vars,
    water: Vec<LinExpr>,
    budget_mode: bool,
) -> Accounts {
    let mut costs: Vec<BTreeMap<Category, LinExpr>> = vec![BTreeMap::new(); cx.years];
    capex(cx, vars, &mut costs);
    let emissions = operating(cx, vars, &water, &mut costs);
    if let Some(cap) = cx.site.emissions.cap_t_per_year {
        for (k, e) in emissions.iter().enumerate() {
            model.add_constraint(format!("emissions_cap[{k}]"), e.clone(), Sense::Le, cap);
        }
    }
    let money = CostModel::new(cx.site);
    let mut npv = LinExpr::new();
    for (k, year) in costs.iter().enumerate() {
        for e in year.values() {
            npv.add_scaled(e, money.discount(k));
        }
    }
    if budget_mode {
        let budget = cx.site.demand.capex_budget_usd.unwrap_or(0.0) / USD_PER_UNIT;
        let mut capex = LinExpr::new();
        for year in &costs {
            for (c, e) in year {
                if c.is_capex() {
                    capex += e.clone();
                }
            }
        }
        model.add_constraint("capex_budget", capex, Sense::Le, budget);
        // Most GPU-years; among plans with as many, the cheapest (the weight keeps a million
        // dollars of NPV far below one GPU-year).
        let mut objective = LinExpr::new();
        for k in 0..cx.years {
            for (h, _) in cx.site.hall.iter().enumerate() {
                for (v, r) in vars.build.racks[h].iter().zip(&cx.site.rack) {
                    if let Some(v) = v {
                        objective.add_term(v[k], f64::from(r.gpus));
                    }
                }
            }
        }
        objective.add_scaled(&npv, -1e-6);
        model.set_objective(objective, ObjectiveSense::Maximize);
    } else {
        model.set_objective(npv, ObjectiveSense::Minimize);
    }
    Accounts {
        costs,
        emissions,
        water,
    }
}

/// Capex of every build series: each unit added in service in year j carries its cost
/// model's flows (payments, replacements, residual value) in the years they fall. Nothing
/// new is in service before its lead time allows, so no payment falls before the horizon.
fn capex(cx: &Context, vars: &Vars, costs: &mut [BTreeMap<Category, LinExpr>]) {
    let money = CostModel::new(cx.site);
    for s in vars.series(cx.site) {
        for part in &s.capex {
            for j in s.lead as usize..s.vars.len() {
                for f in money.unit_flows(part, s.lead, j) {
                    let cost = f.usd / USD_PER_UNIT;
                    let e = costs[f.year].entry(f.category).or_default();
                    e.add_term(s.vars[j], cost);
                    if j == 0 {
                        e.add_constant(-s.existing * cost);
                    } else {
                        e.add_term(s.vars[j - 1], -cost);
                    }
                }
            }
        }
    }
}

/// Whether a price multiplier changes anything (a zero escalation rate leaves it at 1).
fn escalates(factor: f64) -> bool {
    (factor - 1.0).abs() > f64::EPSILON
}

/// Operating costs per year; returns emissions per year.
fn operating(
    cx: &Context,
    vars: &Vars,
    water: &[LinExpr],
    costs: &mut [BTreeMap<Category, LinExpr>],
) -> Vec<LinExpr> {
    let site = cx.site;
    let (b, op, demand) = (&vars.build, &vars.op, &vars.demand);
    let unit = 1.0 / USD_PER_UNIT;
    let per_kw = 1000.0 / USD_PER_UNIT;
    let money = CostModel::new(site);
    let mut emissions = Vec::with_capacity(cx.years);
    for (k, year) in costs.iter_mut().enumerate() {
        let mut co2 = LinExpr::new();
        let mut fixed = LinExpr::new();
        for (i, g) in site.generator.iter().enumerate() {
            fixed.add_term(
                b.generator[i][k],
                g.fixed_om_usd_per_kw_year * g.unit_mw * per_kw,
            );
        }
        for (i, c) in site.cooling.chiller.iter().enumerate() {
            fixed.add_term(
                b.chiller[i][k],
                c.fixed_om_usd_per_kw_year * c.unit_mw * per_kw,
            );
        }
        for (i, p) in site.solar_pv.iter().enumerate() {
            fixed.add_term(b.pv[i][k], p.fixed_om_usd_per_kw_year * per_kw);
        }
        for (i, s) in site.storage.iter().enumerate() {
            fixed.add_term(b.battery_power[i][k], s.fixed_om_usd_per_kw_year * per_kw);
        }
        for (h, hall) in site.hall.iter().enumerate() {
            fixed.add_term(b.hall[h][k], hall.fixed_om_usd_per_year * unit);
        }
        year.insert(Category::FixedOm, fixed);

        let mut energy = LinExpr::new();
        let mut ppa = LinExpr::new();
        let mut demand_cost = LinExpr::new();
        for (ci, c) in site.grid.contract.iter().enumerate() {
            let price = &cx.hourly.price[ci];
            for block in [&op.import_firm[ci], &op.import_non_firm[ci]] {
                energy += weighted_sum(cx, block, k, |t| price[t] * unit);
                co2 += weighted_sum(cx, block, k, |_| c.emissions_kg_per_mwh / 1000.0);
            }
            if let (Some(p), Some(taken)) = (&c.ppa, &op.ppa_taken[ci]) {
                co2 += weighted_sum(cx, taken, k, |_| p.emissions_kg_per_mwh / 1000.0);
                if p.take_or_pay {
                    // Paid for every contracted MWh, taken or not.
                    let contracted: f64 = cx
                        .hourly
                        .hours
                        .iter()
                        .enumerate()
                        .map(|(t, h)| h.weight * p.capacity_mw * cx.hourly.ppa_output[ci][t])
                        .sum();
                    ppa.add_constant(contracted * p.price_usd_per_mwh * unit);
                } else {
                    ppa += weighted_sum(cx, taken, k, |_| p.price_usd_per_mwh * unit);
                }
            }
            if let Some(months) = demand[ci].get(k) {
                for &billed in &months.billed {
                    demand_cost.add_term(billed, c.demand_usd_per_kw_month * per_kw);
                }
            }
        }
        let mut fuel = LinExpr::new();
        let mut vom = LinExpr::new();
        for (gi, g) in site.generator.iter().enumerate() {
            if let (GeneratorRole::Prime, Some(out)) = (g.role(), &op.generation[gi]) {
                let heat_rate =
                    |t: usize| g.heat_rate_mmbtu_per_mwh * cx.hourly.generator_heat_rate[gi][t];
                fuel += weighted_sum(cx, out, k, |t| heat_rate(t) * g.fuel_usd_per_mmbtu * unit);
                vom += weighted_sum(cx, out, k, |_| g.variable_om_usd_per_mwh * unit);
                co2 += weighted_sum(cx, out, k, |t| {
                    heat_rate(t) * g.emissions_kg_per_mmbtu() / 1000.0
                });
            }
        }
        year.insert(Category::Energy, energy);
        year.insert(Category::Ppa, ppa);
        year.insert(Category::Demand, demand_cost);
        year.insert(Category::Fuel, fuel);
        year.insert(Category::VariableOm, vom);
        let price = site.emissions.carbon_price_usd_per_t;
        if price > 0.0 {
            year.insert(Category::Carbon, co2.clone() * (price * unit));
        }
        let water_price = site.cooling.water_usd_per_m3;
        if water_price > 0.0 {
            year.insert(Category::Water, water[k].clone() * (water_price * unit));
        }
        // Real price escalation of each operating category, from the first year.
        for (&category, e) in year.iter_mut() {
            let factor = money.escalation(category, k);
            if category.is_opex() && self::escalates(factor) {
                *e = e.clone() * factor;
            }
        }
        emissions.push(co2);
    }
    emissions
}
