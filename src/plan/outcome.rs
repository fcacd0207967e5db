//! A plan read out of a solved model: the document's years and cost lines from the solved
//! values ([`super::document`] holds the types), and the run's timings beside it.

use std::collections::BTreeMap;

use super::document::{
    BlockSpare, BlockYear, Build, Category, ComponentRef, ContractDemand, CostLine, Dispatch,
    EnergyFlow, Flow, Headroom, Holding, Quantity, Resource, SpareFamily, Unit, YearPlan,
};
use super::formulation::dispatch::{critical_peak_value, facility_value};
use super::formulation::objective::{Accounts, USD_PER_UNIT};
use super::formulation::{Context, Series, Vars};
use crate::finance::CostModel;
use crate::site::Site;

/// Wall-clock time of the run that made a plan. Not part of the plan document, so that the
/// same site and options give the same bytes on every run and at any thread count; the plan
/// table and a note on stderr show it.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Timings {
    /// Seconds to build the model (formulation and backend input).
    pub build_seconds: f64,
    /// Seconds in the backend (every solve that led to the plan: relaxation, rounding,
    /// clean-up).
    pub solve_seconds: f64,
}

/// Reads the plan out of solved values.
pub(crate) fn extract(
    cx: &Context,
    vars: &Vars,
    accounts: &Accounts,
    values: &[f64],
) -> Vec<YearPlan> {
    let site = cx.site;
    let val = |v: dcplan_solvers::Var| values[v.index()];
    let start = site.site.start_year;
    let series = vars.series(site);
    (0..cx.years)
        .map(|k| {
            let year = start + k as u32;
            let gpus_online: u64 = site
                .hall
                .iter()
                .enumerate()
                .flat_map(|(h, _)| {
                    vars.build.racks[h]
                        .iter()
                        .zip(&site.rack)
                        .filter_map(move |(v, r)| v.as_ref().map(|v| (v[k], r)))
                })
                .map(|(v, r)| (val(v).round() as u64) * u64::from(r.gpus))
                .sum();
            let it_mw: f64 = site
                .hall
                .iter()
                .enumerate()
                .flat_map(|(h, _)| {
                    vars.build.racks[h]
                        .iter()
                        .zip(&site.rack)
                        .filter_map(move |(v, r)| v.as_ref().map(|v| (v[k], r)))
                })
                .map(|(v, r)| val(v).round() * r.design_kw / 1000.0)
                .sum();
            let facility: Vec<f64> = (0..cx.hours())
                .map(|t| facility_value(cx, &vars.op, values, k, t))
                .collect();
            let facility_peak_mw = facility.iter().copied().fold(0.0, f64::max);
            let pue = pue(cx, vars, values, k);
            let energy = energy(cx, vars, values, k);
            let headroom = headroom(cx, vars, values, k);
            let binding = binding(site, &headroom, k, vars, values);
            let costs_usd = accounts.costs[k]
                .iter()
                .map(|(c, e)| (*c, e.eval(values) * USD_PER_UNIT))
                .filter(|(_, v)| v.abs() > 0.5)
                .collect();
            YearPlan {
                year,
                gpus_target: site.demand.target_in(year),
                gpus_online,
                it_mw,
                design_it_mw: it_mw * site.design.it_load_fraction,
                facility_peak_mw,
                pue,
                in_service: holdings(&series, values, k),
                blocks: blocks(cx, vars, values, k),
                builds: builds(site, &series, values, k),
                headroom,
                binding,
                energy,
                demand: demand(cx, vars, values, k),
                emissions_t: accounts.emissions[k].eval(values),
                water_m3: accounts.water[k].eval(values),
                costs_usd,
                dispatch: dispatch(cx, vars, values, k),
            }
        })
        .collect()
}

/// Totals per category, nominal and discounted.
pub(crate) fn cost_lines(cx: &Context, accounts: &Accounts, values: &[f64]) -> Vec<CostLine> {
    let money = CostModel::new(cx.site);
    let mut lines: BTreeMap<Category, (f64, f64)> = BTreeMap::new();
    for (k, year) in accounts.costs.iter().enumerate() {
        for (c, e) in year {
            let v = e.eval(values) * USD_PER_UNIT;
            let line = lines.entry(*c).or_default();
            line.0 += v;
            line.1 += v * money.discount(k);
        }
    }
    lines
        .into_iter()
        .filter(|(_, (n, _))| n.abs() > 0.5)
        .map(|(category, (nominal_usd, discounted_usd))| CostLine {
            category,
            nominal_usd,
            discounted_usd,
        })
        .collect()
}

fn dispatch(cx: &Context, vars: &Vars, values: &[f64], k: usize) -> Dispatch {
    use super::formulation::{HourlyQuantity, YearHours};
    let site = cx.site;
    let series = |block: &dyn HourlyQuantity| -> Vec<f64> {
        (0..cx.hours()).map(|t| block.value(k, t, values)).collect()
    };
    let named = |names: &mut dyn Iterator<Item = &String>,
                 blocks: &[YearHours]|
     -> BTreeMap<String, Vec<f64>> {
        names
            .zip(blocks)
            .map(|(n, b)| (n.clone(), series(b)))
            .collect()
    };
    let optional = |names: &mut dyn Iterator<Item = &String>,
                    blocks: &[Option<YearHours>]|
     -> BTreeMap<String, Vec<f64>> {
        names
            .zip(blocks)
            .filter_map(|(n, b)| b.as_ref().map(|b| (n.clone(), series(b))))
            .collect()
    };
    let op = &vars.op;
    Dispatch {
        facility_mw: (0..cx.hours())
            .map(|t| facility_value(cx, op, values, k, t))
            .collect(),
        cooling_mw: series(&op.cooling),
        air_free_mw: series(&op.air_free),
        liquid_free_mw: series(&op.liquid_free),
        chiller_load_mw: site
            .cooling
            .chiller
            .iter()
            .zip(&op.chiller_load)
            .map(|(c, load)| (c.name.clone(), series(load)))
            .collect(),
        import_firm_mw: named(
            &mut site.grid.contract.iter().map(|c| &c.name),
            &op.import_firm,
        ),
        import_non_firm_mw: named(
            &mut site.grid.contract.iter().map(|c| &c.name),
            &op.import_non_firm,
        ),
        ppa_mw: optional(
            &mut site.grid.contract.iter().map(|c| &c.name),
            &op.ppa_taken,
        ),
        generation_mw: optional(&mut site.generator.iter().map(|g| &g.name), &op.generation),
        pv_mw: named(&mut site.solar_pv.iter().map(|p| &p.name), &op.pv),
        charge_mw: named(&mut site.storage.iter().map(|s| &s.name), &op.charge),
        discharge_mw: named(&mut site.storage.iter().map(|s| &s.name), &op.discharge),
        soc_mwh: named(&mut site.storage.iter().map(|s| &s.name), &op.soc),
    }
}

fn pue(cx: &Context, vars: &Vars, values: &[f64], k: usize) -> f64 {
    let (mut facility, mut it) = (0.0, 0.0);
    for (t, hour) in cx.hourly.hours.iter().enumerate() {
        facility += hour.weight * facility_value(cx, &vars.op, values, k, t);
        // PUE counts electrical losses as overhead, so IT comes from the racks directly.
        for (h, _) in cx.site.hall.iter().enumerate() {
            for (r, rack) in cx.site.rack.iter().enumerate() {
                if let Some(v) = &vars.build.racks[h][r] {
                    it += hour.weight * values[v[k].index()] * rack.design_kw / 1000.0
                        * cx.hourly.utilization[r][t];
                }
            }
        }
    }
    if it > 0.0 { facility / it } else { 0.0 }
}

fn energy(cx: &Context, vars: &Vars, values: &[f64], k: usize) -> Vec<EnergyFlow> {
    use super::formulation::dispatch::{it_input_value, weighted_value};
    let site = cx.site;
    let mut out = Vec::new();
    let mut add = |flow: Flow, mwh: f64| {
        if mwh.abs() > 1e-6 {
            out.push(EnergyFlow { flow, mwh });
        }
    };
    for (ci, c) in site.grid.contract.iter().enumerate() {
        let contract = || c.name.clone();
        add(
            Flow::GridFirm {
                contract: contract(),
            },
            weighted_value(cx, &vars.op.import_firm[ci], k, values),
        );
        add(
            Flow::GridNonFirm {
                contract: contract(),
            },
            weighted_value(cx, &vars.op.import_non_firm[ci], k, values),
        );
        if let (Some(p), Some(taken)) = (&c.ppa, &vars.op.ppa_taken[ci]) {
            add(
                Flow::Ppa {
                    contract: contract(),
                    ppa: p.name.clone(),
                },
                weighted_value(cx, taken, k, values),
            );
        }
    }
    for (gi, g) in site.generator.iter().enumerate() {
        if let Some(out) = &vars.op.generation[gi] {
            add(
                Flow::Generation {
                    generator: g.name.clone(),
                },
                weighted_value(cx, out, k, values),
            );
        }
    }
    for (pi, p) in site.solar_pv.iter().enumerate() {
        add(
            Flow::SolarPv {
                array: p.name.clone(),
            },
            weighted_value(cx, &vars.op.pv[pi], k, values),
        );
    }
    for (si, s) in site.storage.iter().enumerate() {
        add(
            Flow::BatteryDischarge {
                battery: s.name.clone(),
            },
            weighted_value(cx, &vars.op.discharge[si], k, values),
        );
        add(
            Flow::BatteryCharge {
                battery: s.name.clone(),
            },
            -weighted_value(cx, &vars.op.charge[si], k, values),
        );
    }
    add(
        Flow::Cooling,
        -weighted_value(cx, &vars.op.cooling, k, values),
    );
    let it_input: f64 = cx
        .hourly
        .hours
        .iter()
        .enumerate()
        .map(|(t, hour)| hour.weight * it_input_value(cx, &vars.op, values, k, t))
        .sum();
    add(Flow::ItWithLosses, -it_input);
    out
}

/// Headroom within this many MW per MW of firm supply of zero reads as zero (solver noise).
const SPARE_NOISE_PER_MW: f64 = 1e-6;

fn headroom(cx: &Context, vars: &Vars, values: &[f64], k: usize) -> Headroom {
    let site = cx.site;
    let val = |v: dcplan_solvers::Var| values[v.index()];
    let mut firm: f64 = site.grid.contract.iter().map(|c| c.firm_mw).sum();
    for (ui, u) in site.grid.upgrade.iter().enumerate() {
        firm += u.adds_firm_mw * val(vars.build.upgrade[ui][k]).round();
    }
    let mut largest_prime: f64 = 0.0;
    for (gi, g) in site.generator.iter().enumerate() {
        if g.role() == crate::site::GeneratorRole::Prime {
            // Units sized continuously are MW, not a count to round (41.17 units of 1 MW are
            // 41.17 MW of firm supply, as the firm-supply row counts them).
            let units = val(vars.build.generator[gi][k]);
            let units = if g.continuous_sizing {
                units
            } else {
                units.round()
            };
            let unit = cx.hourly.generator_firm_mw[gi];
            firm += unit * units * (1.0 - g.forced_outage_rate);
            if units > 1e-6 {
                largest_prime = largest_prime.max(unit);
            }
        }
    }
    // Less the prime units firm supply holds out (while there is load, as the row does).
    if val(vars.op.in_service[k]) > 0.5 {
        firm -= f64::from(site.reliability.firm_units_out) * largest_prime;
    }
    // Spare within the solver's tolerance of zero is zero: a row that holds at a tolerance of
    // 1e-8 relative must not read as a deficit (−0.0 MW).
    let noise = SPARE_NOISE_PER_MW * firm.max(1.0);
    let denoise = |v: f64| if v < 0.0 && v > -noise { 0.0 } else { v };
    let power_mw = denoise(firm - critical_peak_value(cx, &vars.op, values, k));
    let cooling_mw = (!site.cooling.chiller.is_empty()).then(|| {
        let (spare, share) = site.cooling.redundancy.spare_and_share();
        // Spares are held only while there is load to protect (as the redundancy rows do).
        let spare = if val(vars.op.in_service[k]) > 0.5 {
            spare
        } else {
            0.0
        };
        // The spare is the largest unit in service, as the redundancy rows hold it.
        let several = vars.installed.chiller.iter().flatten().count() > 1;
        (0..cx.hours())
            .map(|t| {
                let mut available = 0.0;
                let mut largest: f64 = 0.0;
                let mut load = 0.0;
                for (i, ch) in site.cooling.chiller.iter().enumerate() {
                    let unit = ch.unit_mw * cx.hourly.chiller_capacity[i][t];
                    let units = val(vars.build.chiller[i][k]).round();
                    available += units * unit * share;
                    if ch.max_units > 0 && (!several || units > 0.0) {
                        largest = largest.max(unit);
                    }
                    load += vars.op.chiller_load[i].at(k, t).eval(values);
                }
                available - spare * largest - load
            })
            .fold(f64::INFINITY, f64::min)
    });
    let cooling_mw = cooling_mw.map(denoise);
    let slots = site
        .hall
        .iter()
        .enumerate()
        .map(|(h, hall)| {
            let built = val(vars.build.hall[h][k]).round();
            let used: f64 = vars.build.racks[h]
                .iter()
                .flatten()
                .map(|v| val(v[k]).round())
                .sum();
            (built * f64::from(hall.slots) - used).max(0.0) as u64
        })
        .sum();
    Headroom {
        power_mw,
        cooling_mw,
        slots,
    }
}

/// The tightest of space, firm power and cooling, relative to what is in service; the GPU
/// target when the plan builds no more than it must.
fn binding(site: &Site, headroom: &Headroom, k: usize, vars: &Vars, values: &[f64]) -> Resource {
    let built_slots: f64 = site
        .hall
        .iter()
        .enumerate()
        .map(|(h, hall)| values[vars.build.hall[h][k].index()].round() * f64::from(hall.slots))
        .sum();
    // The first of the tightest: slots, then firm power, then cooling.
    let mut tightest = (
        Resource::Slots,
        headroom.slots as f64 / built_slots.max(1.0),
    );
    let firm: f64 = site
        .grid
        .contract
        .iter()
        .map(|c| c.firm_mw)
        .sum::<f64>()
        .max(1.0);
    let others = [
        Some((Resource::FirmPower, headroom.power_mw / firm)),
        headroom.cooling_mw.map(|c| (Resource::Cooling, c / firm)),
    ];
    for (resource, spare) in others.into_iter().flatten() {
        if spare.total_cmp(&tightest.1).is_lt() {
            tightest = (resource, spare);
        }
    }
    tightest.0
}

fn holdings(series: &[Series], values: &[f64], k: usize) -> Vec<Holding> {
    series
        .iter()
        .filter_map(|s| {
            let quantity = quantity(s, values, k);
            (quantity > 1e-6).then(|| Holding {
                component: s.component.clone(),
                quantity: Quantity::new(s.unit, quantity),
            })
        })
        .collect()
}

fn blocks(cx: &Context, vars: &Vars, values: &[f64], k: usize) -> Vec<BlockYear> {
    use super::formulation::blocks::{self as bl, Family};
    let site = cx.site;
    let plant_rule = site.cooling.redundancy;
    let backup_rule = site.backup_duty().map_or(plant_rule, |d| d.redundancy);
    vars.blocks
        .blocks
        .iter()
        .map(|blk| {
            let mut units = Vec::new();
            for (_, kind, classes) in blk.units.each() {
                for (i, series) in classes.iter().enumerate() {
                    let Some(v) = series else { continue };
                    let quantity = values[v[k].index()].round();
                    if quantity > 0.5 {
                        units.push(Holding {
                            component: ComponentRef::new(kind, bl::class_name(site, kind, i)),
                            quantity: Quantity::new(Unit::Units, quantity),
                        });
                    }
                }
            }
            // A block without load holds no spares.
            let loaded = values[blk.in_service[k].index()] > 0.5;
            let spares = bl::spares(cx, &vars.build, blk, values, k)
                .into_iter()
                .filter(|_| loaded)
                .map(|(family, spare_units)| BlockSpare {
                    family: match family {
                        Family::Chillers => SpareFamily::Chillers,
                        Family::DryCoolers => SpareFamily::DryCoolers,
                        Family::Towers => SpareFamily::Towers,
                        Family::Backup => SpareFamily::BackupGenerators,
                    },
                    rule: if family == Family::Backup {
                        backup_rule
                    } else {
                        plant_rule
                    },
                    spare_units,
                })
                .collect();
            BlockYear {
                block: blk.name.clone(),
                halls: blk
                    .halls
                    .iter()
                    .map(|&h| site.hall[h].name.clone())
                    .collect(),
                units,
                spares,
            }
        })
        .collect()
}

/// In-service quantity of a series in year `k` (whole numbers rounded: solvers return 2.0000001).
fn quantity(s: &Series, values: &[f64], k: usize) -> f64 {
    let v = values[s.vars[k].index()];
    if s.integer { v.round() } else { v }
}

fn builds(site: &Site, series: &[Series], values: &[f64], k: usize) -> Vec<Build> {
    let year = site.site.start_year + k as u32;
    series
        .iter()
        .filter_map(|s| {
            let before = if k == 0 {
                s.existing
            } else {
                quantity(s, values, k - 1)
            };
            let added = quantity(s, values, k) - before;
            (added > 1e-6).then(|| Build {
                component: s.component.clone(),
                quantity: Quantity::new(s.unit, added),
                in_service_year: year,
                order_by_year: year.saturating_sub(s.lead),
                capex_usd: added * s.unit_cost_usd,
            })
        })
        .collect()
}

fn demand(cx: &Context, vars: &Vars, values: &[f64], k: usize) -> Vec<ContractDemand> {
    cx.site
        .grid
        .contract
        .iter()
        .enumerate()
        .filter_map(|(ci, c)| {
            let months = vars.demand.get(ci)?.get(k)?;
            let mut firm = c.firm_mw;
            for (ui, u) in cx.site.grid.upgrade.iter().enumerate() {
                if u.contract == c.name {
                    firm += u.adds_firm_mw * values[vars.build.upgrade[ui][k].index()].round();
                }
            }
            Some(ContractDemand {
                contract: c.name.clone(),
                firm_mw: firm,
                peak_mw: months.peak.iter().map(|v| values[v.index()]).collect(),
                billed_mw: months.billed.iter().map(|v| values[v.index()]).collect(),
            })
        })
        .collect()
}
