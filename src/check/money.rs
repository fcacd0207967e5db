//! Costs by category and year, the NPV, and emissions.

use std::collections::BTreeMap;

use super::catalog::Part;
use super::operation::{Physics, contract_capacity};
use super::{At, Ctx, Report, Tolerance, What, category_name, discount, fmt};
use crate::plan::document::Category;
use crate::site::{GeneratorRole, Payment, Site, Terminal};

const COSTS: &str = "costs";

/// Every cost category of every year recomputed, the horizon totals and the NPV.
pub(crate) fn costs(cx: &Ctx, ph: &Physics, rep: &mut Report) {
    let site = cx.site;
    let plan = cx.plan;
    let start = site.site.start_year;
    let years = plan.years.len();
    let mut expected: Vec<BTreeMap<Category, f64>> = vec![BTreeMap::new(); years];
    // Capex: each build's parts at their unit prices, paid on their class's schedule,
    // replaced like for like at the end of each life inside the horizon, and what is left
    // of the last vintage credited in the last year.
    for y in &plan.years {
        for b in &y.builds {
            let Some(item) = cx.item_of(b).map(|i| &cx.items[i]) else {
                continue; // structure reports it
            };
            let quantity = b.quantity.value();
            let cost = quantity * item.unit_cost_usd;
            rep.equal(
                COSTS,
                At::year(y.year),
                b.capex_usd,
                cost,
                Tolerance::MONEY,
                || {
                    format!(
                        "capex of {} {} \"{}\" ({} × {} USD)",
                        fmt(quantity),
                        b.quantity.unit().symbol(),
                        b.component.qualified_name(),
                        fmt(quantity),
                        fmt(item.unit_cost_usd)
                    )
                },
            );
            let Some(first) = i64::from(b.in_service_year)
                .checked_sub(i64::from(start))
                .and_then(|j| usize::try_from(j).ok())
                .filter(|&j| j < years)
            else {
                continue; // structure reports a build outside the horizon
            };
            for part in &item.parts {
                for (year, usd, category) in part_cash(site, part, item.lead, first, years) {
                    *expected[year].entry(category).or_default() += quantity * usd;
                }
            }
        }
    }
    for (k, y) in plan.years.iter().enumerate() {
        let e = &mut expected[k];
        let mut opex = BTreeMap::new();
        opex.insert(Category::FixedOm, fixed_om(cx, k));
        operating(cx, ph, rep, k, &mut opex);
        let water_price = site.cooling.water_usd_per_m3;
        if water_price > 0.0 {
            opex.insert(Category::Water, water_price * y.water_m3);
        }
        for (c, v) in opex {
            // Real escalation from the first plan year.
            let rate = site.finance.escalation(c);
            e.insert(c, v * (1.0 + rate).powf(k as f64));
        }
        for c in Category::ALL {
            let stated = y.costs_usd.get(&c).copied().unwrap_or(0.0);
            let recomputed = e.get(&c).copied().unwrap_or(0.0);
            rep.equal(
                COSTS,
                At::year(y.year),
                stated,
                recomputed,
                Tolerance::MONEY,
                || format!("{} cost", category_name(c)),
            );
        }
    }
    // Horizon totals and the NPV, from the plan's own yearly figures (each checked above).
    let rate = site.site.discount_rate;
    let mut npv = 0.0;
    for c in Category::ALL {
        let (mut nominal, mut discounted) = (0.0, 0.0);
        for (k, y) in plan.years.iter().enumerate() {
            let v = y.costs_usd.get(&c).copied().unwrap_or(0.0);
            nominal += v;
            discounted += v * discount(rate, k);
        }
        npv += discounted;
        let line = plan.costs.iter().find(|l| l.category == c);
        let (n, d) = line.map_or((0.0, 0.0), |l| (l.nominal_usd, l.discounted_usd));
        rep.equal(COSTS, At::PLAN, n, nominal, Tolerance::MONEY, || {
            format!("{} cost over the horizon (nominal)", category_name(c))
        });
        rep.equal(COSTS, At::PLAN, d, discounted, Tolerance::MONEY, || {
            format!("{} cost over the horizon (present value)", category_name(c))
        });
    }
    rep.equal(COSTS, At::PLAN, plan.objective_npv_usd, npv, Tolerance::MONEY, || {
        format!(
            "objective_npv_usd vs the yearly costs discounted at {} (end of year, (1 + r)^(j+1))",
            fmt(rate)
        )
    });
}

/// The cash flows of one unit of a capex part first in service in plan year `first`, as
/// (plan year, USD, category): restated from the site's `[finance]` terms.
fn part_cash(
    site: &Site,
    part: &Part,
    lead: u32,
    first: usize,
    years: usize,
) -> Vec<(usize, f64, Category)> {
    let mut out = Vec::new();
    let Some(class) = part.category.asset_class() else {
        return out;
    };
    if part.usd == 0.0 {
        return out;
    }
    let terms = site.finance.class(class);
    let life = part.life.max(1) as usize;
    let lead = lead as usize;
    // Vintages enter service at first, first + life, … while inside the horizon.
    let vintages: Vec<usize> = (first..years).step_by(life).collect();
    let mut last_price = 0.0;
    for &v in &vintages {
        let order = v.saturating_sub(lead);
        let price = part.usd * (1.0 + terms.escalation).powf(order as f64);
        last_price = price;
        let span = v - order;
        let shares: Vec<(usize, f64)> = match terms.payment {
            Payment::Delivery => vec![(v, 1.0)],
            Payment::Order => vec![(order, 1.0)],
            _ if span == 0 => vec![(v, 1.0)],
            Payment::Linear => (order..v).map(|t| (t, 1.0 / span as f64)).collect(),
            Payment::SCurve => (order..v)
                .map(|t| {
                    // Share of the S-curve 3x² − 2x³ between the year's start and end.
                    let s = |t: usize| {
                        let x = (t - order) as f64 / span as f64;
                        x * x * (3.0 - 2.0 * x)
                    };
                    (t, s(t + 1) - s(t))
                })
                .collect(),
        };
        for (t, share) in shares {
            out.push((t, price * share, part.category));
        }
    }
    let Some(&last) = vintages.last() else {
        return out;
    };
    let left = (last + life).saturating_sub(years) as f64;
    let value = match site.finance.terminal {
        Terminal::None => 0.0,
        Terminal::Salvage => terms.salvage_fraction * last_price,
        Terminal::StraightLine => last_price * left / life as f64,
        Terminal::Annuity => {
            let r = site.site.discount_rate;
            // Present value at the horizon's end of the capital charges still to come.
            let crf = if r > 0.0 {
                r / (1.0 - (1.0 + r).powf(-(life as f64)))
            } else {
                1.0 / life as f64
            };
            let charges: f64 = (1..=left as usize)
                .map(|t| (1.0 + r).powf(-(t as f64)))
                .sum();
            last_price * crf * charges
        }
    };
    if value != 0.0 {
        out.push((years - 1, -value, Category::Residual));
    }
    out
}

/// Fixed O&M of what is in service in plan year `k` (USD).
fn fixed_om(cx: &Ctx, k: usize) -> f64 {
    let site = cx.site;
    let kw = 1000.0;
    let mut total = 0.0;
    for (i, g) in site.generator.iter().enumerate() {
        total += cx.get(k, What::Generator(i)) * g.unit_mw * kw * g.fixed_om_usd_per_kw_year;
    }
    for (i, c) in site.cooling.chiller.iter().enumerate() {
        total += cx.get(k, What::Chiller(i)) * c.unit_mw * kw * c.fixed_om_usd_per_kw_year;
    }
    for (i, p) in site.solar_pv.iter().enumerate() {
        total += cx.get(k, What::SolarPv(i)) * kw * p.fixed_om_usd_per_kw_year;
    }
    for (i, s) in site.storage.iter().enumerate() {
        total += cx.get(k, What::BatteryPower(i)) * kw * s.fixed_om_usd_per_kw_year;
    }
    for (h, hall) in site.hall.iter().enumerate() {
        total += cx.get(k, What::Hall(h)) * hall.fixed_om_usd_per_year;
    }
    total
}

/// Energy, demand, PPA, fuel, variable O&M and carbon of plan year `k` into `out`; checks the
/// demand-charge rules on the way.
fn operating(
    cx: &Ctx,
    ph: &Physics,
    rep: &mut Report,
    k: usize,
    out: &mut BTreeMap<Category, f64>,
) {
    let site = cx.site;
    let y = &cx.plan.years[k];
    let d = &y.dispatch;
    let (mut energy, mut ppa, mut demand, mut fuel, mut vom) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for (ci, c) in site.grid.contract.iter().enumerate() {
        let firm = cx.series(&d.import_firm_mw, &c.name);
        let non_firm = cx.series(&d.import_non_firm_mw, &c.name);
        for (t, h) in cx.hours.iter().enumerate() {
            energy += h.weight * ph.price[ci][t] * (firm[t] + non_firm[t]);
        }
        if let Some(p) = &c.ppa {
            if p.take_or_pay {
                // Every contracted MWh is paid, taken or not.
                for (t, h) in cx.hours.iter().enumerate() {
                    ppa += h.weight * p.capacity_mw * ph.ppa[ci][t] * p.price_usd_per_mwh;
                }
            } else {
                let taken = cx.series(&d.ppa_mw, &c.name);
                for (t, h) in cx.hours.iter().enumerate() {
                    ppa += h.weight * taken[t] * p.price_usd_per_mwh;
                }
            }
        }
        if c.demand_usd_per_kw_month > 0.0 {
            demand += demand_charges(cx, rep, k, ci);
        }
    }
    for (gi, g) in site.generator.iter().enumerate() {
        if g.role() != GeneratorRole::Prime {
            continue;
        }
        let out = cx.series(&d.generation_mw, &g.name);
        for (t, h) in cx.hours.iter().enumerate() {
            let heat_rate = g.heat_rate_mmbtu_per_mwh * ph.gen_heat_rate[gi][t];
            fuel += h.weight * out[t] * heat_rate * g.fuel_usd_per_mmbtu;
            vom += h.weight * out[t] * g.variable_om_usd_per_mwh;
        }
    }
    out.insert(Category::Energy, energy);
    out.insert(Category::Ppa, ppa);
    out.insert(Category::Demand, demand);
    out.insert(Category::Fuel, fuel);
    out.insert(Category::VariableOm, vom);
    let price = site.emissions.carbon_price_usd_per_t;
    if price > 0.0 {
        out.insert(Category::Carbon, price * co2_t(cx, ph, k));
    }
}

/// Checks contract `ci`'s monthly peaks and billed demand in plan year `k` and returns the
/// year's demand charges (USD): billed ≥ the month's peak import, ≥ ratchet × each of the
/// previous `ratchet_months` peaks; a month without modelled days is billed at least at the
/// peak of the nearest month that has them (ties to the earlier month).
fn demand_charges(cx: &Ctx, rep: &mut Report, k: usize, ci: usize) -> f64 {
    let c = &cx.site.grid.contract[ci];
    let y = &cx.plan.years[k];
    let at = At::year(y.year);
    let find = |j: usize| {
        cx.plan.years[j]
            .demand
            .iter()
            .find(|m| m.contract == c.name && m.peak_mw.len() == 12 && m.billed_mw.len() == 12)
    };
    let Some(m) = find(k) else {
        rep.require(COSTS, at, false, || {
            format!(
                "no twelve monthly peaks and billed demands for \"{}\", which has a demand charge",
                c.name
            )
        });
        return 0.0;
    };
    let (firm_cap, _) = contract_capacity(cx, k);
    rep.equal(COSTS, at, m.firm_mw, firm_cap[ci], cx.power_tol(k), || {
        format!("firm capacity of \"{}\" as reported", c.name)
    });
    let d = &y.dispatch;
    let firm = cx.series(&d.import_firm_mw, &c.name);
    let non_firm = cx.series(&d.import_non_firm_mw, &c.name);
    let ppa = c.ppa.as_ref().map(|_| cx.series(&d.ppa_mw, &c.name));
    let mut present = [false; 12];
    for (t, h) in cx.hours.iter().enumerate() {
        // Design hours size capacity; they draw no billed demand.
        if h.weather.is_none() {
            continue;
        }
        let month = h.month as usize - 1;
        present[month] = true;
        let import = firm[t] + non_firm[t] + ppa.map_or(0.0, |p| p[t]);
        rep.at_least(
            COSTS,
            At::hour(y.year, t),
            m.peak_mw[month],
            import,
            cx.power_tol(k),
            || {
                format!(
                    "month {} peak of \"{}\" vs this hour's import (firm + non-firm + PPA)",
                    month + 1,
                    c.name
                )
            },
        );
    }
    let previous = if k > 0 { find(k - 1) } else { None };
    for month in 0..12 {
        if !present[month] {
            let near = nearest_month(&present, month);
            rep.at_least(COSTS, at, m.peak_mw[month], m.peak_mw[near], cx.power_tol(k), || {
                format!(
                    "peak of month {} (not modelled) of \"{}\" vs month {}, the nearest modelled",
                    month + 1,
                    c.name,
                    near + 1
                )
            });
        }
        rep.at_least(
            COSTS,
            at,
            m.billed_mw[month],
            m.peak_mw[month],
            cx.power_tol(k),
            || {
                format!(
                    "billed demand of month {} of \"{}\" vs its peak",
                    month + 1,
                    c.name
                )
            },
        );
        if c.ratchet > 0.0 {
            for back in 1..=c.ratchet_months as usize {
                let earlier = if back <= month {
                    Some((m.peak_mw[month - back], y.year, month - back))
                } else {
                    previous.map(|p| (p.peak_mw[12 + month - back], y.year - 1, 12 + month - back))
                };
                if let Some((peak, in_year, in_month)) = earlier {
                    rep.at_least(COSTS, at, m.billed_mw[month], c.ratchet * peak, cx.power_tol(k), || {
                        format!(
                            "billed demand of month {} of \"{}\" vs ratchet {} × the peak of {}-{:02}",
                            month + 1,
                            c.name,
                            fmt(c.ratchet),
                            in_year,
                            in_month + 1
                        )
                    });
                }
            }
        }
    }
    m.billed_mw.iter().sum::<f64>() * 1000.0 * c.demand_usd_per_kw_month
}

/// The modelled month (0-based) nearest to `month` around the year; ties go to the earlier.
pub(crate) fn nearest_month(present: &[bool; 12], month: usize) -> usize {
    for step in 1..12 {
        let before = (month + 12 - step) % 12;
        if present[before] {
            return before;
        }
        let after = (month + step) % 12;
        if present[after] {
            return after;
        }
    }
    month
}

/// Tonnes of CO₂ in plan year `k`: grid and PPA energy at their intensities, prime generators'
/// fuel (at each hour's derated heat rate) at its emission factor (backup units do not run in
/// normal operation).
fn co2_t(cx: &Ctx, ph: &Physics, k: usize) -> f64 {
    let site = cx.site;
    let d = &cx.plan.years[k].dispatch;
    let mut kg = 0.0;
    for c in &site.grid.contract {
        let firm = cx.series(&d.import_firm_mw, &c.name);
        let non_firm = cx.series(&d.import_non_firm_mw, &c.name);
        let ppa = c.ppa.as_ref().map(|p| (p, cx.series(&d.ppa_mw, &c.name)));
        for (t, h) in cx.hours.iter().enumerate() {
            kg += h.weight * (firm[t] + non_firm[t]) * c.emissions_kg_per_mwh;
            if let Some((p, taken)) = ppa {
                kg += h.weight * taken[t] * p.emissions_kg_per_mwh;
            }
        }
    }
    for (gi, g) in site.generator.iter().enumerate() {
        if g.role() != GeneratorRole::Prime {
            continue;
        }
        let out = cx.series(&d.generation_mw, &g.name);
        for (t, h) in cx.hours.iter().enumerate() {
            let per_mwh =
                g.heat_rate_mmbtu_per_mwh * ph.gen_heat_rate[gi][t] * g.emissions_kg_per_mmbtu();
            kg += h.weight * out[t] * per_mwh;
        }
    }
    kg / 1000.0
}

/// Emissions recomputed per year, and within the cap when there is one.
pub(crate) fn emissions(cx: &Ctx, ph: &Physics, rep: &mut Report) {
    const RULE: &str = "emissions";
    for (k, y) in cx.plan.years.iter().enumerate() {
        let at = At::year(y.year);
        let co2 = co2_t(cx, ph, k);
        rep.equal(RULE, at, y.emissions_t, co2, Tolerance::MASS, || {
            "emissions (t CO₂) vs grid, PPA and generator fuel at their intensities".into()
        });
        if let Some(cap) = cx.site.emissions.cap_t_per_year {
            rep.at_most(RULE, at, co2, cap, Tolerance::MASS, || {
                "emissions vs the yearly cap (t)".into()
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::nearest_month;

    #[test]
    fn nearest_month_wraps_and_prefers_the_earlier() {
        let mut present = [false; 12];
        present[0] = true;
        present[6] = true;
        assert_eq!(nearest_month(&present, 11), 0);
        assert_eq!(nearest_month(&present, 3), 0);
        assert_eq!(nearest_month(&present, 4), 6);
        assert_eq!(nearest_month(&present, 9), 6);
    }
}
