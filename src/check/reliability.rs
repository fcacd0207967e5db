//! Redundancy: the cooling plant at its level every hour, firm supply (with its largest prime
//! units out) and backup generation for the year's critical peak, and UPS modules per hall.

use super::operation::{Physics, contract_capacity};
use super::{At, Ctx, Report, What, fmt};
use crate::site::{ChillerKind, EconomizerKind, GeneratorRole};

const RULE: &str = "redundancy";

/// Every redundancy rule.
pub(crate) fn redundancy(cx: &Ctx, ph: &Physics, rep: &mut Report) {
    let site = cx.site;
    let c = &site.cooling;
    let (plant_spare, share) = c.redundancy.spare_and_share();
    let label = c.redundancy.label();
    for (k, y) in cx.plan.years.iter().enumerate() {
        let spare = held_spare(cx, k, plant_spare);
        let d = &y.dispatch;
        let air_free = cx.plain(&d.air_free_mw);
        let liquid_free = cx.plain(&d.liquid_free_mw);
        let cooling = cx.plain(&d.cooling_mw);
        let mut critical_peak: f64 = 0.0;
        for t in 0..cx.hours.len() {
            let at = At::hour(y.year, t);
            // Chillers: the largest unit (at this hour's CAPFT) in service is the spare.
            let (mut available, mut units, mut load, mut tower_heat) = (0.0, vec![], 0.0, 0.0);
            for (i, ch) in c.chiller.iter().enumerate() {
                let cap = ph.capft[i].as_ref().map_or(1.0, |v| v[t]);
                let unit = ch.unit_mw * cap;
                let n = cx.get(k, What::Chiller(i));
                available += n * unit * share;
                units.push((n, unit, ch.max_units));
                let l = cx.series(&d.chiller_load_mw, &ch.name)[t];
                load += l;
                if ch.kind == ChillerKind::WaterCooled {
                    let cop = ph.cop[i].as_ref().map_or(f64::INFINITY, |v| v[t]);
                    tower_heat += l * (1.0 + 1.0 / cop);
                }
            }
            let largest = largest_unit(&units);
            if !c.chiller.is_empty() && (spare > 0.0 || share < 1.0) {
                rep.at_least(RULE, at, available - spare * largest, load, cx.power_tol(k), || {
                    format!(
                        "chiller capacity at {label} (installed × CAPFT{} − {} × largest unit {}) vs chiller load",
                        if share < 1.0 { " × ½" } else { "" },
                        fmt(spare),
                        fmt(largest)
                    )
                });
            }
            // Heat rejection: towers take the water-cooled condenser heat, the water-side
            // economizer's heat and (without dry coolers) the liquid loop's; dry coolers the
            // liquid loop's.
            if c.economizer.kind == EconomizerKind::WaterSide {
                tower_heat += air_free[t];
            }
            let mut dry_heat = 0.0;
            if c.dry_cooler.is_empty() {
                tower_heat += liquid_free[t];
            } else {
                dry_heat += liquid_free[t];
            }
            let plants = [
                (
                    "cooling towers",
                    c.tower
                        .iter()
                        .enumerate()
                        .map(|(i, x)| (cx.get(k, What::Tower(i)), x.unit_mw, x.max_units))
                        .collect::<Vec<_>>(),
                    tower_heat,
                ),
                (
                    "dry coolers",
                    c.dry_cooler
                        .iter()
                        .enumerate()
                        .map(|(i, x)| {
                            let unit = x.unit_mw * ph.dry_cooler[t];
                            (cx.get(k, What::DryCooler(i)), unit, x.max_units)
                        })
                        .collect(),
                    dry_heat,
                ),
            ];
            for (what, units, heat) in plants {
                if units.is_empty() {
                    continue;
                }
                let available: f64 = units.iter().map(|(n, mw, _)| n * mw * share).sum();
                let largest = largest_unit(&units);
                rep.at_least(RULE, at, available - spare * largest, heat, cx.power_tol(k), || {
                    format!(
                        "{what} at {label} ({} MW usable after {} spare of {} MW) vs heat to reject",
                        fmt(available),
                        fmt(spare),
                        fmt(largest)
                    )
                });
            }
            critical_peak = critical_peak.max(critical_design_input(cx, k) + cooling[t]);
        }
        let at = At::year(y.year);
        // Firm supply: contracts' firm capacity with upgrades, plus prime generation at its
        // forced-outage derate with its largest units out.
        let (firm, _) = contract_capacity(cx, k);
        let mut firm: f64 = firm.iter().sum();
        let mut prime = Vec::new();
        for (gi, g) in site.generator.iter().enumerate() {
            if g.role() == GeneratorRole::Prime {
                let (n, unit) = (cx.get(k, What::Generator(gi)), hottest_unit_mw(ph, g, gi));
                firm += n * unit * (1.0 - g.forced_outage_rate);
                prime.push((n, unit, g.max_units));
            }
        }
        let out = held_spare(cx, k, f64::from(site.reliability.firm_units_out));
        let largest = largest_unit(&prime);
        rep.at_least(RULE, at, firm - out * largest, critical_peak, cx.power_tol(k), || {
            format!(
                "firm grid capacity + prime generation at its hottest-hour and forced-outage derates, less {} × the largest prime unit {} MW, vs the critical peak (critical design IT through losses + cooling)",
                fmt(out),
                fmt(largest)
            )
        });
        let design_it: f64 = (0..site.hall.len()).map(|h| design_it_mw(cx, k, h)).sum();
        let design_it = design_it * cx.design.it_load_fraction;
        rep.equal(RULE, at, y.design_it_mw, design_it, cx.power_tol(k), || {
            "design IT load (racks' design power × design IT load fraction)".into()
        });
        backup(cx, ph, rep, k, critical_peak);
        ups(cx, rep, k);
        if let Some(t) = &site.cooling.storage
            && k >= t.lead_time_years as usize
        {
            let need = t.existing_m3.max(t.min_m3);
            rep.at_least(
                RULE,
                at,
                cx.get(k, What::ChwStorage),
                need,
                cx.power_tol(k),
                || "chilled-water storage in service (m³) vs [cooling.storage] min_m3".into(),
            );
        }
    }
}

/// One unit of generator class `gi` at its lowest ambient derate over the modelled hours (MW):
/// what a year-long duty (firm supply, backup) can count on.
fn hottest_unit_mw(ph: &Physics, g: &crate::site::Generator, gi: usize) -> f64 {
    g.unit_mw
        * ph.gen_capacity[gi]
            .iter()
            .copied()
            .reduce(f64::min)
            .unwrap_or(1.0)
}

/// Backup generators (prime units when the site has no backup class), at their hottest-hour
/// derate and less the reserve, carry the critical peak.
fn backup(cx: &Ctx, ph: &Physics, rep: &mut Report, k: usize, critical_peak: f64) {
    let gens = &cx.site.generator;
    let Some(duty) = cx.site.backup_duty() else {
        return;
    };
    let (r, role, class) = (duty.redundancy, duty.role, duty.classes);
    let (spare, share) = r.spare_and_share();
    let spare = held_spare(cx, k, spare);
    let available: f64 = class
        .iter()
        .map(|&i| cx.get(k, What::Generator(i)) * hottest_unit_mw(ph, &gens[i], i) * share)
        .sum();
    let units: Vec<_> = class
        .iter()
        .map(|&i| {
            (
                cx.get(k, What::Generator(i)),
                hottest_unit_mw(ph, &gens[i], i),
                gens[i].max_units,
            )
        })
        .collect();
    let largest = largest_unit(&units);
    let year = cx.plan.years[k].year;
    rep.at_least(RULE, At::year(year), available - spare * largest, critical_peak, cx.power_tol(k), || {
        format!(
            "{} generation at {} ({} MW{} less {} × the largest unit {} MW) vs the critical peak",
            if role == GeneratorRole::Backup { "backup" } else { "prime (no backup class)" },
            r.label(),
            fmt(available),
            if share < 1.0 { " on half" } else { "" },
            fmt(spare),
            fmt(largest)
        )
    });
}

/// The unit a spare stands in for, from (units in service, unit MW, `max_units`) per class:
/// with one allowed class, its unit; with several, the largest of a class in service (none
/// in service: none). A site that allows a 5 MW class and builds 1 MW units loses 1 MW.
fn largest_unit(units: &[(f64, f64, u32)]) -> f64 {
    let allowed = units.iter().filter(|(_, _, max)| *max > 0);
    let several = allowed.clone().count() > 1;
    allowed
        .filter(|(n, _, _)| !several || *n > 1e-6)
        .map(|(_, mw, _)| *mw)
        .fold(0.0, f64::max)
}

/// The spare units a redundancy level asks for in plan year `k`: spares protect load, so
/// they are required only in a year with racks installed (an empty site needs none).
fn held_spare(cx: &Ctx, k: usize, spare: f64) -> f64 {
    let racks: f64 = (0..cx.site.hall.len())
        .flat_map(|h| (0..cx.site.rack.len()).map(move |r| (h, r)))
        .map(|(h, r)| cx.get(k, What::Racks(h, r)))
        .sum();
    if racks > 0.0 { spare } else { 0.0 }
}

/// Design IT of hall `h` in plan year `k` (MW): its racks at nameplate.
fn design_it_mw(cx: &Ctx, k: usize, h: usize) -> f64 {
    cx.site
        .rack
        .iter()
        .enumerate()
        .map(|(r, rack)| cx.get(k, What::Racks(h, r)) * rack.design_kw / 1000.0)
        .sum()
}

/// Critical facility input at the design IT load (MW): every hall's critical share of its
/// racks at nameplate × the design IT load fraction, through its UPS and distribution. Firm
/// supply and backup are sized on this, not on average utilisation: training can run at
/// nameplate for hours.
fn critical_design_input(cx: &Ctx, k: usize) -> f64 {
    cx.site
        .hall
        .iter()
        .enumerate()
        .map(|(h, hall)| {
            hall.critical_fraction * cx.design.it_load_fraction * design_it_mw(cx, k, h)
                / (hall.ups_efficiency * hall.distribution_efficiency)
        })
        .sum()
}

/// UPS modules per hall at its redundancy carry the hall's critical design IT load with its
/// CRAH fans, CDU pumps and (when on UPS) chilled-water pumps, when the
/// plan costs or lists them.
fn ups(cx: &Ctx, rep: &mut Report, k: usize) {
    let year = cx.plan.years[k].year;
    for (h, hall) in cx.site.hall.iter().enumerate() {
        let listed = (0..cx.plan.years.len()).any(|j| cx.get(j, What::Ups(h)) > 0.0);
        if hall.ups_capex_usd_per_kw <= 0.0 && !listed {
            continue;
        }
        // The UPS carries the critical IT, CRAH fans and CDU pumps, and the chilled-water
        // pumps when they are on UPS, at the design IT load.
        let c = &cx.site.cooling;
        let eta = hall.ups_efficiency * hall.distribution_efficiency;
        let pumps = if c.pumps_on_ups {
            c.pump_kw_per_mw
        } else {
            0.0
        };
        let load: f64 = cx
            .site
            .rack
            .iter()
            .enumerate()
            .map(|(r, rack)| {
                let it = cx.get(k, What::Racks(h, r)) * rack.design_kw / 1000.0
                    * cx.design.it_load_fraction;
                let air = it * (1.0 - rack.liquid_fraction + 1.0 / eta - 1.0);
                hall.critical_fraction * it
                    + air * (c.crah.fan_kw_per_mw + pumps) / 1000.0
                    + it * rack.liquid_fraction * c.cdu.pump_kw_per_mw / 1000.0
            })
            .sum();
        let (spare, share) = hall.ups_redundancy.spare_and_share();
        let module = hall.ups_module_kw / 1000.0;
        let modules = cx.get(k, What::Ups(h));
        let built = cx.get(k, What::Hall(h));
        let usable = (share * modules - spare * built) * module;
        rep.at_least(
            RULE,
            At::year(year),
            usable,
            load,
            cx.power_tol(k),
            || {
                format!(
                    "UPS of \"{}\" at {} ({} modules of {} kW) vs critical design IT load with CRAH fans, CDU pumps{}",
                    hall.name,
                    hall.ups_redundancy.label(),
                    fmt(modules),
                    fmt(hall.ups_module_kw),
                    if c.pumps_on_ups { " and chilled-water pumps" } else { "" }
                )
            },
        );
    }
}
