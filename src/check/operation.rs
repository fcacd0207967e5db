//! Hourly operation: the energy balance, the cooling plant's physics and every capacity limit.

use super::{At, Ctx, Report, Tolerance, What, fmt, fmt_units};
use crate::physics::chiller_curve::CurveLibrary;
use crate::site::free_cooling::{FreeCooling, tower_cell};
use crate::site::plant::{GeneratorDerates, condenser_c, dry_cooler_capacity_fraction};
use crate::site::{ChillerKind, EconomizerKind, GeneratorRole};
use crate::weather::WeatherHour;

/// Part-load ratio at which a chiller's COP is taken (the planning convention: a staged N+1
/// plant runs its units between half and full load).
pub const PART_LOAD: f64 = 0.75;

/// Per-hour figures of the site at the plan's modelled hours, from the weather and plain
/// physics; every vector is indexed by modelled hour.
pub(crate) struct Physics {
    /// Share of air-side heat free cooling can carry.
    pub air_free: Vec<f64>,
    /// Share of liquid-side heat free cooling can carry.
    pub liquid_free: Vec<f64>,
    /// Per chiller class: COP at [`PART_LOAD`] (None if its curve is unknown).
    pub cop: Vec<Option<Vec<f64>>>,
    /// Per chiller class: available capacity fraction (CAPFT).
    pub capft: Vec<Option<Vec<f64>>>,
    /// Heat the dry coolers can reject as a fraction of their rating.
    pub dry_cooler: Vec<f64>,
    /// Per generator class: available output as a fraction of `unit_mw` (ambient derate).
    pub gen_capacity: Vec<Vec<f64>>,
    /// Per generator class: heat rate as a fraction of the rated heat rate.
    pub gen_heat_rate: Vec<Vec<f64>>,
    /// Per PV class: AC output per MW AC.
    pub pv: Vec<Vec<f64>>,
    /// Per contract: PPA deliveries per MW of PPA capacity.
    pub ppa: Vec<Vec<f64>>,
    /// Per contract: energy price (USD/MWh).
    pub price: Vec<Vec<f64>>,
}

impl Physics {
    pub(crate) fn new(cx: &Ctx, rep: &mut Report) -> Physics {
        let site = cx.site;
        let n = cx.hours.len();
        let free = FreeCooling::of(site);
        let share = |e: Option<crate::physics::economizer::Economizer>| -> Vec<f64> {
            (0..n)
                .map(|t| e.map_or(0.0, |e| e.classify_hour(cx.weather_at(t)).fraction()))
                .collect()
        };
        let tower = tower_cell(site);
        if let Err(e) = &tower {
            rep.require("cooling-physics", At::PLAN, false, || {
                format!("the cooling towers' rating is not possible: {e}")
            });
        }
        let t_chw = site.cooling.chilled_water_supply_c;
        let library = CurveLibrary::builtin();
        let mut cop = Vec::new();
        let mut capft = Vec::new();
        for ch in &site.cooling.chiller {
            let set = library.as_ref().ok().and_then(|l| l.get(&ch.curve));
            let (Some(set), Ok(tower)) = (set, &tower) else {
                rep.require("cooling-physics", At::PLAN, set.is_some(), || {
                    format!(
                        "chiller \"{}\": curve \"{}\" is not in the library",
                        ch.name, ch.curve
                    )
                });
                cop.push(None);
                capft.push(None);
                continue;
            };
            let (mut cops, mut caps) = (Vec::with_capacity(n), Vec::with_capacity(n));
            let mut failed = None;
            let t_cond = |w: &WeatherHour| condenser_c(ch.kind, tower, w);
            let capacity =
                |w: &WeatherHour| set.available_capacity_fraction(t_chw, t_cond(w)).value;
            // On a design day, the lowest capacity over what the plant is sized for.
            let design_capacity = cx
                .design
                .sized_for(cx.loaded.weather.hours())
                .map(capacity)
                .fold(f64::INFINITY, f64::min);
            for t in 0..n {
                let w = cx.weather_at(t);
                let t_cond = t_cond(w);
                let own = capacity(w);
                let cap = if cx.hours[t].weather.is_none() {
                    own.min(design_capacity)
                } else {
                    own
                };
                // The COP is the hour's own, at its own capacity.
                match set.operate(1.0, PART_LOAD * own, t_chw, t_cond) {
                    Ok(op) => cops.push(op.cop),
                    Err(e) => {
                        failed.get_or_insert(e.to_string());
                        cops.push(f64::NAN);
                    }
                }
                caps.push(cap);
            }
            if let Some(e) = failed {
                rep.require("cooling-physics", At::PLAN, false, || {
                    format!(
                        "chiller \"{}\": the curve cannot be evaluated: {e}",
                        ch.name
                    )
                });
            }
            cop.push(Some(cops));
            capft.push(Some(caps));
        }
        let derates = GeneratorDerates::of(cx.loaded);
        if let Err(e) = &derates {
            rep.require("generator-derate", At::PLAN, false, || {
                format!("the ambient derate tables cannot be read: {e}")
            });
        }
        let per_class = |f: &dyn Fn(&GeneratorDerates, usize, usize) -> f64| -> Vec<Vec<f64>> {
            (0..site.generator.len())
                .map(|gi| {
                    (0..n)
                        .map(|t| derates.as_ref().map_or(1.0, |d| f(d, gi, t)))
                        .collect()
                })
                .collect()
        };
        let gen_capacity = per_class(&|d, gi, t| d.at(gi, cx.weather_at(t)).capacity);
        let gen_heat_rate = per_class(&|d, gi, t| d.at(gi, cx.weather_at(t)).heat_rate);
        let dry_cooler = (0..n)
            .map(|t| dry_cooler_capacity_fraction(site, cx.weather_at(t).dry_bulb_c))
            .collect();
        let pv = (0..site.solar_pv.len())
            .map(|p| {
                (0..n)
                    .map(|t| {
                        // No PV counts towards the design load.
                        cx.hours[t]
                            .weather
                            .map_or(0.0, |i| cx.loaded.pv_output_per_mw(p, i))
                    })
                    .collect()
            })
            .collect();
        let ppa = site
            .grid
            .contract
            .iter()
            .map(|c| {
                (0..n)
                    .map(|t| match (&c.ppa, cx.hours[t].weather) {
                        // Nor does a PPA: a design hour takes no deliveries.
                        (Some(p), Some(_)) => {
                            p.output_per_mw(cx.hours[t].month, cx.weather_at(t).ghi_w_per_m2)
                        }
                        _ => 0.0,
                    })
                    .collect()
            })
            .collect();
        let price = site
            .grid
            .contract
            .iter()
            .map(|c| {
                cx.hours
                    .iter()
                    .map(|h| super::calendar::tou_price(c, h.month, h.weekday, h.of_day))
                    .collect()
            })
            .collect();
        Physics {
            air_free: share(free.air),
            liquid_free: share(free.liquid),
            cop,
            capft,
            dry_cooler,
            gen_capacity,
            gen_heat_rate,
            pv,
            ppa,
            price,
        }
    }
}

/// IT input power (through UPS and distribution) and its critical part, year `k`, hour `t` (MW).
pub(crate) fn it_input(cx: &Ctx, k: usize, t: usize) -> (f64, f64, f64) {
    let (mut it, mut input, mut critical) = (0.0, 0.0, 0.0);
    for (h, hall) in cx.site.hall.iter().enumerate() {
        let mw = cx.hall_it_mw(k, h, t);
        let eff = hall.ups_efficiency * hall.distribution_efficiency;
        it += mw;
        input += mw / eff;
        critical += hall.critical_fraction * mw / eff;
    }
    (it, input, critical)
}

/// Air-side and liquid-side heat (MW thermal), year `k`, hour `t`: racks' air share plus the
/// UPS and distribution losses to air; the liquid share to the liquid loop.
pub(crate) fn heat(cx: &Ctx, k: usize, t: usize) -> (f64, f64) {
    let (mut air, mut liquid) = (0.0, 0.0);
    for (h, hall) in cx.site.hall.iter().enumerate() {
        let losses = 1.0 / (hall.ups_efficiency * hall.distribution_efficiency) - 1.0;
        for (r, rack) in cx.site.rack.iter().enumerate() {
            let mw =
                cx.get(k, What::Racks(h, r)) * rack.design_kw / 1000.0 * cx.utilization(rack, t);
            air += mw * (1.0 - rack.liquid_fraction) + mw * losses;
            liquid += mw * rack.liquid_fraction;
        }
    }
    (air, liquid)
}

/// Supplies meet the facility load, and the facility load is IT through its losses plus
/// cooling, every hour; peak, IT and PUE figures agree.
pub(crate) fn energy_balance(cx: &Ctx, rep: &mut Report) {
    const RULE: &str = "energy-balance";
    let site = cx.site;
    for (k, y) in cx.plan.years.iter().enumerate() {
        let d = &y.dispatch;
        let facility = cx.plain(&d.facility_mw);
        let cooling = cx.plain(&d.cooling_mw);
        let (mut weighted_facility, mut weighted_it) = (0.0, 0.0);
        for t in 0..cx.hours.len() {
            let at = At::hour(y.year, t);
            let mut supply = 0.0;
            for c in &site.grid.contract {
                supply += cx.series(&d.import_firm_mw, &c.name)[t]
                    + cx.series(&d.import_non_firm_mw, &c.name)[t];
                if c.ppa.is_some() {
                    supply += cx.series(&d.ppa_mw, &c.name)[t];
                }
            }
            for g in &site.generator {
                if g.role() == GeneratorRole::Prime {
                    supply += cx.series(&d.generation_mw, &g.name)[t];
                }
            }
            for p in &site.solar_pv {
                supply += cx.series(&d.pv_mw, &p.name)[t];
            }
            for s in &site.storage {
                supply +=
                    cx.series(&d.discharge_mw, &s.name)[t] - cx.series(&d.charge_mw, &s.name)[t];
            }
            rep.equal(RULE, at, facility[t], supply, cx.power_tol(k), || {
                "facility power vs supplies (grid firm + non-firm + PPA + generation + PV + discharge − charge)".into()
            });
            let (it, input, _) = it_input(cx, k, t);
            rep.equal(
                RULE,
                at,
                facility[t],
                input + cooling[t],
                cx.power_tol(k),
                || {
                    format!(
                        "facility power vs IT through UPS and distribution ({}) + cooling ({})",
                        fmt(input),
                        fmt(cooling[t])
                    )
                },
            );
            weighted_facility += cx.hours[t].weight * facility[t];
            weighted_it += cx.hours[t].weight * it;
        }
        let at = At::year(y.year);
        let peak = facility.iter().copied().fold(0.0, f64::max);
        rep.equal(RULE, at, y.facility_peak_mw, peak, cx.power_tol(k), || {
            "facility_peak_mw vs the highest hourly facility power".into()
        });
        let pue = if weighted_it > 0.0 {
            weighted_facility / weighted_it
        } else {
            0.0
        };
        rep.equal(RULE, at, y.pue, pue, Tolerance::POWER, || {
            "PUE vs weighted facility energy / IT energy".into()
        });
    }
}

/// Cooling power recomputed from the heat, the economizer and the chiller curves.
pub(crate) fn cooling_physics(cx: &Ctx, ph: &Physics, rep: &mut Report) {
    const RULE: &str = "cooling-physics";
    let c = &cx.site.cooling;
    let tower_fan = c.tower.first().map_or(0.0, |x| x.fan_kw_per_mw / 1000.0);
    let dry_fan = c
        .dry_cooler
        .first()
        .map_or(0.0, |x| x.fan_kw_per_mw / 1000.0);
    // Liquid-side free cooling rejects through dry coolers if there are any, else tower water.
    let liquid_fan = if c.dry_cooler.is_empty() {
        tower_fan
    } else {
        dry_fan
    };
    let water_side = c.economizer.kind == EconomizerKind::WaterSide;
    let air_movers = (c.crah.fan_kw_per_mw + c.pump_kw_per_mw) / 1000.0;
    // The air handlers' fan power ends up as heat in the air they move.
    let fan_heat = 1.0 + c.crah.fan_kw_per_mw / 1000.0;
    let liquid_movers = (c.cdu.pump_kw_per_mw + c.pump_kw_per_mw) / 1000.0;
    for (k, y) in cx.plan.years.iter().enumerate() {
        let d = &y.dispatch;
        let cooling = cx.plain(&d.cooling_mw);
        let air_free = cx.plain(&d.air_free_mw);
        let liquid_free = cx.plain(&d.liquid_free_mw);
        for t in 0..cx.hours.len() {
            let at = At::hour(y.year, t);
            let (rack_air, liquid) = heat(cx, k, t);
            let air = rack_air * fan_heat;
            rep.at_least(RULE, at, air_free[t], 0.0, cx.power_tol(k), || {
                "air-side free cooling".into()
            });
            rep.at_least(RULE, at, liquid_free[t], 0.0, cx.power_tol(k), || {
                "liquid-side free cooling".into()
            });
            rep.at_most(RULE, at, air_free[t], air * ph.air_free[t], cx.power_tol(k), || {
                format!(
                    "air-side free cooling vs air heat {} × the economizer's share {} this hour",
                    fmt(air),
                    fmt(ph.air_free[t])
                )
            });
            rep.at_most(RULE, at, liquid_free[t], liquid * ph.liquid_free[t], cx.power_tol(k), || {
                format!(
                    "liquid-side free cooling vs liquid heat {} × the dry-cooler share {} this hour",
                    fmt(liquid),
                    fmt(ph.liquid_free[t])
                )
            });
            let mut chilled = 0.0;
            let mut power = rack_air * air_movers + liquid * liquid_movers;
            for (i, ch) in c.chiller.iter().enumerate() {
                let load = cx.series(&d.chiller_load_mw, &ch.name)[t];
                chilled += load;
                let Some(cop) = ph.cop[i].as_ref().map(|v| v[t]) else {
                    continue;
                };
                power += load / cop;
                if ch.kind == ChillerKind::WaterCooled {
                    // Towers reject the chilled-water heat and the compressor work.
                    power += load * (1.0 + 1.0 / cop) * tower_fan;
                }
            }
            if water_side {
                power += air_free[t] * tower_fan;
            }
            power += liquid_free[t] * liquid_fan;
            rep.equal(
                RULE,
                at,
                chilled,
                air + liquid - air_free[t] - liquid_free[t],
                cx.power_tol(k),
                || {
                    format!(
                        "chiller load vs heat (air {} + liquid {}) − free cooling",
                        fmt(air),
                        fmt(liquid)
                    )
                },
            );
            rep.equal(RULE, at, cooling[t], power, cx.power_tol(k), || {
                "cooling power vs fans and pumps + chillers at this hour's COP + heat-rejection fans".into()
            });
        }
    }
}

/// Imports, PPA, generation, PV, batteries and chillers within what is in service.
pub(crate) fn capacities(cx: &Ctx, ph: &Physics, rep: &mut Report) {
    const RULE: &str = "capacities";
    let site = cx.site;
    for (k, y) in cx.plan.years.iter().enumerate() {
        let tol = cx.power_tol(k);
        let d = &y.dispatch;
        let (firm_cap, non_firm_cap) = contract_capacity(cx, k);
        for t in 0..cx.hours.len() {
            let at = At::hour(y.year, t);
            for (ci, c) in site.grid.contract.iter().enumerate() {
                let firm = cx.series(&d.import_firm_mw, &c.name)[t];
                let non_firm = cx.series(&d.import_non_firm_mw, &c.name)[t];
                rep.at_least(RULE, at, firm, 0.0, tol, || {
                    format!("firm import of \"{}\"", c.name)
                });
                rep.at_least(RULE, at, non_firm, 0.0, tol, || {
                    format!("non-firm import of \"{}\"", c.name)
                });
                let mut over_firm = firm;
                if let Some(p) = &c.ppa {
                    let taken = cx.series(&d.ppa_mw, &c.name)[t];
                    over_firm += taken;
                    rep.at_least(RULE, at, taken, 0.0, tol, || {
                        format!("PPA \"{}\" taken", p.name)
                    });
                    rep.at_most(RULE, at, taken, p.capacity_mw * ph.ppa[ci][t], tol, || {
                        format!(
                            "PPA \"{}\" taken vs {} MW × its delivery shape {} this hour",
                            p.name,
                            fmt(p.capacity_mw),
                            fmt(ph.ppa[ci][t])
                        )
                    });
                }
                rep.at_most(RULE, at, over_firm, firm_cap[ci], tol, || {
                    format!("firm import (with PPA deliveries) of \"{}\" vs its firm capacity with upgrades in service", c.name)
                });
                // The curtailment hours are availability lost evenly over the year.
                let available = 1.0 - c.non_firm_curtailment_hours / 8760.0;
                rep.at_most(RULE, at, non_firm, non_firm_cap[ci] * available, tol, || {
                    format!(
                        "non-firm import of \"{}\" vs its non-firm capacity × (1 − {} curtailment hours / 8760)",
                        c.name,
                        fmt(c.non_firm_curtailment_hours)
                    )
                });
            }
            // Contracts whose non-firm part serves curtailable load only: the non-critical
            // share of IT input.
            let restricted: f64 = site
                .grid
                .contract
                .iter()
                .filter(|c| c.non_firm_curtailable_load_only)
                .map(|c| cx.series(&d.import_non_firm_mw, &c.name)[t])
                .sum();
            if restricted > 0.0 {
                let (_, input, critical) = it_input(cx, k, t);
                rep.at_most(RULE, at, restricted, input - critical, tol, || {
                    "non-firm import of contracts serving curtailable load only vs the non-critical IT input".into()
                });
            }
            for (gi, g) in site.generator.iter().enumerate() {
                if g.role() != GeneratorRole::Prime {
                    continue;
                }
                let out = cx.series(&d.generation_mw, &g.name)[t];
                let units = cx.get(k, What::Generator(gi));
                rep.at_least(RULE, at, out, 0.0, tol, || {
                    format!("output of \"{}\"", g.name)
                });
                let derate = ph.gen_capacity[gi][t];
                rep.at_most(RULE, at, out, units * g.unit_mw * derate, tol, || {
                    format!(
                        "output of \"{}\" vs {} × {} MW × ambient derate {}",
                        g.name,
                        fmt_units(units),
                        fmt(g.unit_mw),
                        fmt(derate)
                    )
                });
            }
            for (pi, p) in site.solar_pv.iter().enumerate() {
                let out = cx.series(&d.pv_mw, &p.name)[t];
                let mw = cx.get(k, What::SolarPv(pi));
                rep.at_least(RULE, at, out, 0.0, tol, || {
                    format!("output of PV \"{}\"", p.name)
                });
                rep.at_most(RULE, at, out, mw * ph.pv[pi][t], tol, || {
                    format!(
                        "output of PV \"{}\" vs {} MW AC × its hourly output per MW (profile, or min(1, GHI/1000 × DC/AC × efficiency)) = {}",
                        p.name,
                        fmt(mw),
                        fmt(ph.pv[pi][t])
                    )
                });
            }
            for (i, ch) in site.cooling.chiller.iter().enumerate() {
                let load = cx.series(&d.chiller_load_mw, &ch.name)[t];
                rep.at_least(RULE, at, load, 0.0, tol, || {
                    format!("load of chillers \"{}\"", ch.name)
                });
                if let Some(cap) = ph.capft[i].as_ref().map(|v| v[t]) {
                    let units = cx.get(k, What::Chiller(i));
                    rep.at_most(RULE, at, load, units * ch.unit_mw * cap, tol, || {
                        format!(
                            "load of chillers \"{}\" vs {} × {} MW × CAPFT {} this hour",
                            ch.name,
                            fmt_units(units),
                            fmt(ch.unit_mw),
                            fmt(cap)
                        )
                    });
                }
            }
        }
        batteries(cx, rep, k);
        run_hours(cx, ph, rep, k);
    }
}

/// Prime generators with permitted running hours: the year's running hours, each hour's
/// output over that hour's derated full output, are at most that many per unit in service.
fn run_hours(cx: &Ctx, ph: &Physics, rep: &mut Report, k: usize) {
    let y = &cx.plan.years[k];
    for (gi, g) in cx.site.generator.iter().enumerate() {
        let (Some(hours), GeneratorRole::Prime) = (g.max_run_hours_per_year, g.role()) else {
            continue;
        };
        let out = cx.series(&y.dispatch.generation_mw, &g.name);
        let rated_mwh: f64 = (cx.hours.iter().zip(out).enumerate())
            .map(|(t, (h, mw))| h.weight * mw / ph.gen_capacity[gi][t])
            .sum();
        let units = cx.get(k, What::Generator(gi));
        let allowed = hours * units * g.unit_mw;
        rep.at_most("capacities", At::year(y.year), rated_mwh, allowed, cx.annual_energy_tol(k), || {
            format!(
                "output of \"{}\" over the year, each hour over its ambient derate, vs max_run_hours_per_year {} × {} × {} MW (MWh)",
                g.name,
                fmt(hours),
                fmt_units(units),
                fmt(g.unit_mw)
            )
        });
    }
}

/// Firm and non-firm capacity per contract in plan year `k`, with the upgrades in service.
pub(crate) fn contract_capacity(cx: &Ctx, k: usize) -> (Vec<f64>, Vec<f64>) {
    let site = cx.site;
    let mut firm: Vec<f64> = site.grid.contract.iter().map(|c| c.firm_mw).collect();
    let mut non_firm: Vec<f64> = site.grid.contract.iter().map(|c| c.non_firm_mw).collect();
    for (ui, u) in site.grid.upgrade.iter().enumerate() {
        if let Some(ci) = site.grid.contract.iter().position(|c| c.name == u.contract) {
            let built = cx.get(k, What::GridUpgrade(ui));
            firm[ci] += built * u.adds_firm_mw;
            non_firm[ci] += built * u.adds_non_firm_mw;
        }
    }
    (firm, non_firm)
}

/// Battery power, energy, durations and state of charge (each modelled day cyclic).
fn batteries(cx: &Ctx, rep: &mut Report, k: usize) {
    const RULE: &str = "capacities";
    let tol = cx.power_tol(k);
    let y = &cx.plan.years[k];
    let d = &y.dispatch;
    for (si, s) in cx.site.storage.iter().enumerate() {
        let power = cx.get(k, What::BatteryPower(si));
        let energy = cx.get(k, What::BatteryEnergy(si));
        let at = At::year(y.year);
        rep.at_least(RULE, at, energy, s.min_duration_h * power, tol, || {
            format!("energy of battery \"{}\" vs min_duration_h × power", s.name)
        });
        rep.at_most(RULE, at, energy, s.max_duration_h * power, tol, || {
            format!("energy of battery \"{}\" vs max_duration_h × power", s.name)
        });
        let eta = s.round_trip_efficiency.sqrt();
        let charge = cx.series(&d.charge_mw, &s.name);
        let discharge = cx.series(&d.discharge_mw, &s.name);
        let soc = cx.series(&d.soc_mwh, &s.name);
        for (t, hour) in cx.hours.iter().enumerate() {
            let at = At::hour(y.year, t);
            let name = &s.name;
            rep.at_least(RULE, at, charge[t], 0.0, tol, || {
                format!("charging of \"{name}\"")
            });
            rep.at_least(RULE, at, discharge[t], 0.0, tol, || {
                format!("discharging of \"{name}\"")
            });
            rep.at_most(RULE, at, charge[t] + discharge[t], power, tol, || {
                format!("charging + discharging of \"{name}\" vs its power")
            });
            if hour.weather.is_none() {
                // A battery does not count towards the design load.
                rep.at_most(RULE, at, charge[t] + discharge[t], 0.0, tol, || {
                    format!("charging + discharging of \"{name}\" in a design hour")
                });
            }
            rep.at_most(RULE, at, soc[t], energy, tol, || {
                format!("state of charge of \"{name}\" vs its energy")
            });
            rep.at_least(
                RULE,
                at,
                soc[t],
                s.min_state_of_charge * energy,
                tol,
                || format!("state of charge of \"{name}\" vs min_state_of_charge × energy"),
            );
            // The hour before a day's first hour is that day's last: each day is cyclic.
            let prev = if hour.of_day == 0 { t + 23 } else { t - 1 };
            let expected = soc[prev] + eta * charge[t] - discharge[t] / eta;
            rep.equal(RULE, at, soc[t], expected, tol, || {
                format!(
                    "state of charge of \"{name}\" vs the hour before {} + √η × charge {} − discharge {} / √η (η = {})",
                    fmt(soc[prev]),
                    fmt(charge[t]),
                    fmt(discharge[t]),
                    fmt(s.round_trip_efficiency)
                )
            });
        }
    }
}
