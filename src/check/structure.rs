//! The build-out: the plan's shape, what is held and built each year, lead times, slots, rack
//! limits and GPU targets.

use crate::text::counted;
use std::collections::BTreeMap;

use super::{At, Ctx, Report, Tolerance, What, fmt};
use crate::site::GeneratorRole;

const STRUCTURE: &str = "structure";

/// Hourly series by component name.
type Named = BTreeMap<String, Vec<f64>>;

/// Years, days, series, component names, whole numbers, monotone holdings, builds.
pub(crate) fn structure(cx: &Ctx, rep: &mut Report) {
    let site = cx.site;
    let plan = cx.plan;
    let info = &site.site;
    let years: Vec<u32> = plan.years.iter().map(|y| y.year).collect();
    let horizon: Vec<u32> = info.horizon().collect();
    rep.require(STRUCTURE, At::PLAN, years == horizon, || {
        format!(
            "the plan covers years {years:?}; the site's horizon is {}–{} ({} years)",
            info.start_year,
            info.start_year + info.years.saturating_sub(1),
            info.years
        )
    });
    days(cx, rep);
    for (k, y) in plan.years.iter().enumerate() {
        let at = At::year(y.year);
        for (c, unit) in &cx.unknown[k] {
            rep.require(STRUCTURE, at, false, || {
                format!(
                    "holds {} \"{}\" ({}), which the site does not have",
                    c.kind,
                    c.qualified_name(),
                    unit.symbol()
                )
            });
        }
        for (c, unit) in &cx.duplicates[k] {
            rep.require(STRUCTURE, at, false, || {
                format!(
                    "lists {} \"{}\" ({}) more than once",
                    c.kind,
                    c.qualified_name(),
                    unit.symbol()
                )
            });
        }
        series_present(cx, rep, k);
        for (i, item) in cx.items.iter().enumerate() {
            let q = cx.held[k][i];
            rep.at_least(STRUCTURE, at, q, 0.0, cx.holding_tol(k, item), || {
                format!(
                    "{} \"{}\" in service",
                    item.component.kind,
                    item.component.qualified_name()
                )
            });
            if item.integer {
                rep.require(STRUCTURE, at, (q - q.round()).abs() <= 1e-6, || {
                    format!(
                        "{} \"{}\": {} {} in service is not a whole number",
                        item.component.kind,
                        item.component.qualified_name(),
                        fmt(q),
                        item.unit.symbol()
                    )
                });
            }
            if q > 1e-6 {
                rep.require(STRUCTURE, at, item.allowed, || {
                    format!(
                        "{} {}: the hall cannot host this rack type (power, cooling or allowed_racks)",
                        fmt(q),
                        item.component.qualified_name()
                    )
                });
            }
            rep.at_most(STRUCTURE, at, q, item.max, cx.holding_tol(k, item), || {
                format!(
                    "{} \"{}\" in service above the site's maximum",
                    item.component.kind,
                    item.component.qualified_name()
                )
            });
            let before = if k == 0 {
                item.existing
            } else {
                cx.held[k - 1][i]
            };
            let what = if k == 0 {
                "what exists at the start"
            } else {
                "the year before"
            };
            rep.at_least(STRUCTURE, at, q, before, cx.holding_tol(k, item), || {
                format!(
                    "{} \"{}\" in service decreases from {what}",
                    item.component.kind,
                    item.component.qualified_name()
                )
            });
        }
        builds(cx, rep, k);
    }
}

/// The modelled days: inside the weather year, weights adding up to 365, months right.
fn days(cx: &Ctx, rep: &mut Report) {
    let plan = cx.plan;
    let at = At::PLAN;
    rep.require(STRUCTURE, at, !plan.days.is_empty(), || {
        "the plan has no modelled days".into()
    });
    let total: f64 = plan.days.iter().map(|d| d.weight).sum();
    rep.equal(STRUCTURE, at, total, 365.0, Tolerance::COUNT, || {
        "the modelled days' weights add up to the days of a year".into()
    });
    for (i, d) in plan.days.iter().enumerate() {
        let first = d.first_weather_hour;
        let inside = first % 24 == 0 && first + 24 <= cx.weather.len();
        rep.require(STRUCTURE, at, inside, || {
            format!(
                "day {i}: first_weather_hour {first} is not midnight of a day in the {}-hour weather year",
                cx.weather.len()
            )
        });
        rep.require(STRUCTURE, at, d.weight >= 0.0, || {
            format!("day {i}: negative weight {}", fmt(d.weight))
        });
        if inside {
            let day = first / 24;
            let month = super::calendar::month_and_day(day).map(|m| m.0);
            rep.require(STRUCTURE, at, month == Some(d.month), || {
                format!(
                    "day {i} (weather day {day}) is in month {month:?}, the plan says {}",
                    d.month
                )
            });
            // `day_of_year` counts from 1 = 1 January, as the planner writes it.
            rep.require(STRUCTURE, at, d.day_of_year as usize == day + 1, || {
                format!(
                    "day {i}: day_of_year {} does not match first_weather_hour {first} (day {} counting from 1)",
                    d.day_of_year,
                    day + 1
                )
            });
        }
    }
    let design_hours: usize = cx.design.days.iter().map(|d| d.hours.len()).sum();
    let expected = plan.days.len() * 24 + design_hours;
    rep.require(
        STRUCTURE,
        at,
        plan.modelled_hours_per_year == expected,
        || {
            format!(
                "modelled_hours_per_year is {}, the days and the site's {} design day(s) give {expected}",
                plan.modelled_hours_per_year,
                cx.design.days.len()
            )
        },
    );
    design(cx, rep);
}

/// The plan states the site's design basis: its design IT load fraction and design days.
fn design(cx: &Ctx, rep: &mut Report) {
    let (stated, site) = (&cx.plan.design, &cx.design);
    let at = At::PLAN;
    rep.equal(
        STRUCTURE,
        at,
        stated.it_load_fraction,
        site.it_load_fraction,
        Tolerance::COUNT,
        || "design IT load fraction".into(),
    );
    rep.require(STRUCTURE, at, stated.days.len() == site.days.len(), || {
        format!(
            "the plan states {} design day(s), the site has {}",
            stated.days.len(),
            site.days.len()
        )
    });
    for (i, (p, s)) in stated.days.iter().zip(&site.days).enumerate() {
        let s = &s.conditions;
        rep.require(STRUCTURE, at, p.name == s.name, || {
            format!(
                "design day {i} is named \"{}\", the site's \"{}\"",
                p.name, s.name
            )
        });
        for (what, a, b) in [
            ("dry-bulb", p.dry_bulb_c, s.dry_bulb_c),
            ("wet-bulb", p.wet_bulb_c, s.wet_bulb_c),
            ("daily range", p.daily_range_k, s.daily_range_k),
        ] {
            rep.equal(STRUCTURE, at, a, b, Tolerance::POWER, || {
                format!("design day {i} ({}): {what}", s.name)
            });
        }
    }
}

/// Every hourly series is there, as long as the year's modelled hours, for exactly the site's
/// components.
fn series_present(cx: &Ctx, rep: &mut Report, k: usize) {
    let site = cx.site;
    let y = &cx.plan.years[k];
    let at = At::year(y.year);
    let n = cx.hours.len();
    let d = &y.dispatch;
    for (name, v) in [
        ("facility_mw", &d.facility_mw),
        ("cooling_mw", &d.cooling_mw),
        ("air_free_mw", &d.air_free_mw),
        ("liquid_free_mw", &d.liquid_free_mw),
    ] {
        rep.require(STRUCTURE, at, v.len() == n, || {
            format!(
                "dispatch.{name} has {} for {}",
                counted(v.len() as u64, "value", "values"),
                counted(n as u64, "modelled hour", "modelled hours")
            )
        });
    }
    let names = |v: Vec<&String>| -> Vec<String> { v.into_iter().cloned().collect() };
    let contracts = names(site.grid.contract.iter().map(|c| &c.name).collect());
    let ppas = names(
        site.grid
            .contract
            .iter()
            .filter(|c| c.ppa.is_some())
            .map(|c| &c.name)
            .collect(),
    );
    let prime = names(
        site.generator
            .iter()
            .filter(|g| g.role() == GeneratorRole::Prime)
            .map(|g| &g.name)
            .collect(),
    );
    let chillers = names(site.cooling.chiller.iter().map(|c| &c.name).collect());
    let pv = names(site.solar_pv.iter().map(|p| &p.name).collect());
    let storage = names(site.storage.iter().map(|s| &s.name).collect());
    let maps: [(&str, &Named, &[String], &str); 9] = [
        (
            "chiller_load_mw",
            &d.chiller_load_mw,
            &chillers,
            "chiller class",
        ),
        (
            "import_firm_mw",
            &d.import_firm_mw,
            &contracts,
            "grid contract",
        ),
        (
            "import_non_firm_mw",
            &d.import_non_firm_mw,
            &contracts,
            "grid contract",
        ),
        ("ppa_mw", &d.ppa_mw, &ppas, "contract with a PPA"),
        (
            "generation_mw",
            &d.generation_mw,
            &prime,
            "prime generator class (backup units do not run)",
        ),
        ("pv_mw", &d.pv_mw, &pv, "PV class"),
        ("charge_mw", &d.charge_mw, &storage, "battery"),
        ("discharge_mw", &d.discharge_mw, &storage, "battery"),
        ("soc_mwh", &d.soc_mwh, &storage, "battery"),
    ];
    for (field, map, expected, what) in maps {
        for name in expected {
            let len = map.get(name).map(Vec::len);
            rep.require(STRUCTURE, at, len == Some(n), || match len {
                None => format!("dispatch.{field} has no series for {what} \"{name}\""),
                Some(l) => {
                    format!(
                        "dispatch.{field}[\"{name}\"] has {} for {}",
                        counted(l as u64, "value", "values"),
                        counted(n as u64, "modelled hour", "modelled hours")
                    )
                }
            });
        }
        for name in map.keys() {
            rep.require(STRUCTURE, at, expected.contains(name), || {
                format!("dispatch.{field} has a series for \"{name}\", which is not a {what} of the site")
            });
        }
    }
}

/// Builds are exactly the year-over-year increases of what is in service.
fn builds(cx: &Ctx, rep: &mut Report, k: usize) {
    let y = &cx.plan.years[k];
    let at = At::year(y.year);
    let mut built = vec![0.0; cx.items.len()];
    for b in &y.builds {
        let Some(i) = cx.item_of(b) else {
            rep.require(STRUCTURE, at, false, || {
                format!(
                    "builds {} \"{}\" ({}), which the site does not have",
                    b.component.kind,
                    b.component.qualified_name(),
                    b.quantity.unit().symbol()
                )
            });
            continue;
        };
        rep.require(STRUCTURE, at, b.in_service_year == y.year, || {
            format!(
                "the build of {} \"{}\" listed under {} says it is in service in {}",
                b.component.kind,
                b.component.qualified_name(),
                y.year,
                b.in_service_year
            )
        });
        built[i] += b.quantity.value();
    }
    for (i, item) in cx.items.iter().enumerate() {
        let before = if k == 0 {
            item.existing
        } else {
            cx.held[k - 1][i]
        };
        let increase = (cx.held[k][i] - before).max(0.0);
        rep.equal(
            STRUCTURE,
            at,
            built[i],
            increase,
            cx.holding_tol(k, item).max_rel(1e-9),
            || {
                format!(
                    "{} \"{}\" ({}) built this year vs the increase in service",
                    item.component.kind,
                    item.component.qualified_name(),
                    item.unit.symbol()
                )
            },
        );
    }
}

impl Tolerance {
    /// This tolerance with at least `relative` relative slack.
    fn max_rel(self, relative: f64) -> Tolerance {
        Tolerance {
            relative: self.relative.max(relative),
            absolute: self.absolute,
        }
    }
}

/// Nothing new before `start_year + lead`; order-by years are in-service − lead, in the horizon.
pub(crate) fn lead_times(cx: &Ctx, rep: &mut Report) {
    const RULE: &str = "lead-times";
    let start = cx.site.site.start_year;
    for (k, y) in cx.plan.years.iter().enumerate() {
        let at = At::year(y.year);
        let offset = y.year.saturating_sub(start);
        for (i, item) in cx.items.iter().enumerate() {
            if offset < item.lead {
                rep.at_most(RULE, at, cx.held[k][i], item.existing, cx.holding_tol(k, item), || {
                    format!(
                        "{} \"{}\" in service beyond what exists, before {} (start {start} + lead time {} years)",
                        item.component.kind,
                        item.component.qualified_name(),
                        start + item.lead,
                        item.lead
                    )
                });
            }
        }
        for b in &y.builds {
            let Some(item) = cx.item_of(b).map(|i| &cx.items[i]) else {
                continue; // structure reports it
            };
            let order = i64::from(b.in_service_year) - i64::from(item.lead);
            rep.require(RULE, at, i64::from(b.order_by_year) == order, || {
                format!(
                    "{} \"{}\" in service {} has order_by_year {}; with a {}-year lead time it is {order}",
                    b.component.kind,
                    b.component.qualified_name(),
                    b.in_service_year,
                    b.order_by_year,
                    item.lead
                )
            });
            rep.require(RULE, at, order >= i64::from(start), || {
                format!(
                    "{} \"{}\" in service {} would have to be ordered in {order}, before the horizon starts in {start}",
                    b.component.kind,
                    b.component.qualified_name(),
                    b.in_service_year
                )
            });
        }
    }
}

/// Racks in a hall fit its slots, and only while the hall is in service.
pub(crate) fn slots(cx: &Ctx, rep: &mut Report) {
    for (k, y) in cx.plan.years.iter().enumerate() {
        for (h, hall) in cx.site.hall.iter().enumerate() {
            let racks: f64 = (0..cx.site.rack.len())
                .map(|r| cx.get(k, What::Racks(h, r)))
                .sum();
            let built = cx.get(k, What::Hall(h));
            rep.at_most(
                "slots",
                At::year(y.year),
                racks,
                f64::from(hall.slots) * built,
                Tolerance::COUNT,
                || {
                    format!(
                        "racks in \"{}\" ({} slots, hall in service: {})",
                        hall.name,
                        hall.slots,
                        fmt(built)
                    )
                },
            );
        }
    }
}

/// No rack is placed in a hall whose positions cannot feed and cool its design power.
pub(crate) fn rack_limits(cx: &Ctx, rep: &mut Report) {
    for (k, y) in cx.plan.years.iter().enumerate() {
        for (h, hall) in cx.site.hall.iter().enumerate() {
            for (r, rack) in cx.site.rack.iter().enumerate() {
                if cx.get(k, What::Racks(h, r)) > 1e-6 {
                    rep.at_most(
                        "rack-limits",
                        At::year(y.year),
                        rack.design_kw,
                        hall.max_rack_kw,
                        Tolerance::COUNT,
                        || {
                            format!(
                                "\"{}\" design kW in \"{}\" (max_rack_kw)",
                                rack.name, hall.name
                            )
                        },
                    );
                }
            }
        }
    }
}

/// GPUs online are the racks' GPUs and meet the target in force; a budget plan stays within it.
pub(crate) fn targets(cx: &Ctx, rep: &mut Report) {
    const RULE: &str = "targets";
    let site = cx.site;
    let budget_mode = site.demand.gpus_online.is_none() && site.demand.capex_budget_usd.is_some();
    for (k, y) in cx.plan.years.iter().enumerate() {
        let at = At::year(y.year);
        let mut gpus = 0.0;
        let mut it_mw = 0.0;
        for h in 0..site.hall.len() {
            for (r, rack) in site.rack.iter().enumerate() {
                let n = cx.get(k, What::Racks(h, r));
                gpus += n * f64::from(rack.gpus);
                it_mw += n * rack.design_kw / 1000.0;
            }
        }
        rep.equal(
            RULE,
            at,
            y.gpus_online as f64,
            gpus,
            Tolerance::COUNT,
            || "GPUs online vs the installed racks' GPUs".into(),
        );
        let target = site.demand.target_in(y.year);
        rep.require(RULE, at, y.gpus_target == target, || {
            format!(
                "gpus_target is {}, the site's target in force is {target}",
                y.gpus_target
            )
        });
        rep.at_least(RULE, at, gpus, target as f64, Tolerance::COUNT, || {
            format!(
                "GPUs the installed racks hold vs the target in force in {}",
                y.year
            )
        });
        rep.equal(RULE, at, y.it_mw, it_mw, cx.power_tol(k), || {
            "it_mw vs the installed racks' design power".into()
        });
    }
    if budget_mode {
        let budget = site.demand.capex_budget_usd.unwrap_or(0.0);
        let capex: f64 = cx
            .plan
            .years
            .iter()
            .flat_map(|y| &y.costs_usd)
            .filter(|(c, _)| c.is_capex())
            .map(|(_, v)| v)
            .sum();
        rep.at_most(RULE, At::PLAN, capex, budget, Tolerance::MONEY, || {
            "capex over the horizon vs the budget".into()
        });
    }
}
