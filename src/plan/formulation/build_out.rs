//! Build decisions: what is in service in each year, with lead times, unit limits, slots and
//! the GPU targets.
//!
//! Every build variable counts what is *in service* in year k, so installed capacity persists
//! (`x[k] ≥ x[k−1]`); an asset ordered in year o with lead time L is in service from o + L, so
//! nothing new can be in service before `start_year + L`: in those years the variable is fixed
//! at what already exists.

use dcplan_solvers::{LinExpr, Model, Sense, Var};

use super::Context;
use crate::site::UnitClass;
use crate::site::buildables::Which;

/// Per-year integer (or binary) variables for one component, monotone and lead-time bound.
fn units(
    model: &mut Model,
    name: &str,
    years: usize,
    existing: f64,
    max: f64,
    lead: u32,
    integer: bool,
) -> Vec<Var> {
    let mut vars: Vec<Var> = Vec::with_capacity(years);
    for k in 0..years {
        let (lb, ub) = if Context::before_lead(k, lead) {
            (existing, existing)
        } else {
            (existing, max)
        };
        let v = if integer {
            model.add_integer(format!("{name}[{k}]"), lb, ub)
        } else {
            model.add_var(format!("{name}[{k}]"), lb, ub)
        };
        if let Some(&prev) = vars.last() {
            model.add_constraint(
                format!("persist:{name}[{k}]"),
                LinExpr::from(v) - prev,
                Sense::Ge,
                0.0,
            );
        }
        vars.push(v);
    }
    vars
}

/// The build decisions, by component index as in the site: what is in service each year.
#[derive(Debug, Clone)]
pub(crate) struct Builds {
    /// Hall in service, per hall then year (binary; fixed 1 for existing halls).
    pub hall: Vec<Vec<Var>>,
    /// Racks installed, per hall, rack type (None where the hall cannot host it), year.
    pub racks: Vec<Vec<Option<Vec<Var>>>>,
    /// UPS modules installed, per hall then year (empty when modules are not costed).
    pub ups: Vec<Vec<Var>>,
    /// Units in service, per generator class then year.
    pub generator: Vec<Vec<Var>>,
    /// Chiller units in service.
    pub chiller: Vec<Vec<Var>>,
    /// Cooling-tower cells in service.
    pub tower: Vec<Vec<Var>>,
    /// Dry-cooler units in service.
    pub dry_cooler: Vec<Vec<Var>>,
    /// PV capacity in service (MW AC).
    pub pv: Vec<Vec<Var>>,
    /// Battery power in service (MW).
    pub battery_power: Vec<Vec<Var>>,
    /// Battery energy capacity (MWh).
    pub battery_energy: Vec<Vec<Var>>,
    /// Grid upgrade in service (binary).
    pub upgrade: Vec<Vec<Var>>,
    /// Chilled-water storage in service (m³), per year; empty without `[cooling.storage]`.
    pub chw_storage: Vec<Var>,
    /// GPUs short of the target, per year (fixed 0 unless the elastic re-solve frees them).
    pub shortfall: Vec<Var>,
}

impl Builds {
    /// The in-service variables per year of a catalog buildable (`None` for racks a hall
    /// cannot host, which have no decision).
    pub(crate) fn of(&self, which: Which) -> Option<&[Var]> {
        Some(match which {
            Which::Hall(h) => &self.hall[h],
            Which::Racks(h, r) => self.racks[h][r].as_deref()?,
            Which::Ups(h) => &self.ups[h],
            Which::Generator(i) => &self.generator[i],
            Which::SolarPv(i) => &self.pv[i],
            Which::BatteryPower(i) => &self.battery_power[i],
            Which::BatteryEnergy(i) => &self.battery_energy[i],
            Which::GridUpgrade(i) => &self.upgrade[i],
            Which::Chiller(i) => &self.chiller[i],
            Which::Tower(i) => &self.tower[i],
            Which::DryCooler(i) => &self.dry_cooler[i],
            Which::ChwStorage => &self.chw_storage,
        })
    }
}

/// Adds the build variables and their rules: persistence, lead times, unit limits, slots,
/// UPS modules at the hall's redundancy, battery durations and the GPU targets.
pub(crate) fn add(model: &mut Model, cx: &Context) -> Builds {
    let site = cx.site;
    let ky = cx.years;
    let hall: Vec<Vec<Var>> = site
        .hall
        .iter()
        .map(|h| {
            let existing = if h.existing { 1.0 } else { 0.0 };
            units(
                model,
                &format!("hall:{}", h.name),
                ky,
                existing,
                1.0,
                h.lead_time_years,
                true,
            )
        })
        .collect();
    let racks: Vec<Vec<Option<Vec<Var>>>> = site
        .hall
        .iter()
        .map(|h| {
            site.rack
                .iter()
                .map(|r| {
                    h.can_host(r).then(|| {
                        let name = format!("racks:{}:{}", h.name, r.name);
                        let existing =
                            f64::from(h.existing_racks.get(&r.name).copied().unwrap_or(0));
                        units(
                            model,
                            &name,
                            ky,
                            existing,
                            f64::from(h.slots),
                            r.lead_time_years,
                            true,
                        )
                    })
                })
                .collect()
        })
        .collect();
    slots(model, cx, &hall, &racks);
    let ups = ups_modules(model, cx, &hall, &racks);

    // Whole units per year for a class (generators may be sized continuously instead).
    let unit_vars = |model: &mut Model, kind: &str, x: &dyn UnitClass, integer: bool| {
        let (existing, max) = (f64::from(x.existing_units()), f64::from(x.max_units()));
        let name = format!("{kind}:{}", x.name());
        units(
            model,
            &name,
            ky,
            existing,
            max,
            x.lead_time_years(),
            integer,
        )
    };
    let generator = site
        .generator
        .iter()
        .map(|g| unit_vars(model, "generator", g, !g.continuous_sizing))
        .collect();
    let k = &site.cooling;
    let chiller = k
        .chiller
        .iter()
        .map(|c| unit_vars(model, "chiller", c, true))
        .collect();
    let tower = k
        .tower
        .iter()
        .map(|t| unit_vars(model, "tower", t, true))
        .collect();
    let dry_cooler = k
        .dry_cooler
        .iter()
        .map(|d| unit_vars(model, "dry_cooler", d, true))
        .collect();
    let pv = site
        .solar_pv
        .iter()
        .map(|p| {
            units(
                model,
                &format!("pv:{}", p.name),
                ky,
                p.existing_mw_ac,
                p.max_mw_ac,
                p.lead_time_years,
                false,
            )
        })
        .collect();
    let (mut battery_power, mut battery_energy) = (Vec::new(), Vec::new());
    for s in &site.storage {
        let p = units(
            model,
            &format!("battery_mw:{}", s.name),
            ky,
            s.existing_power_mw,
            s.max_power_mw,
            s.lead_time_years,
            false,
        );
        let max_energy = s.max_power_mw * s.max_duration_h;
        let e = units(
            model,
            &format!("battery_mwh:{}", s.name),
            ky,
            s.existing_energy_mwh,
            max_energy.max(s.existing_energy_mwh),
            s.lead_time_years,
            false,
        );
        for kk in 0..ky {
            let name = &s.name;
            model.add_constraint(
                format!("duration_min:{name}[{kk}]"),
                e[kk] - s.min_duration_h * p[kk],
                Sense::Ge,
                0.0,
            );
            model.add_constraint(
                format!("duration_max:{name}[{kk}]"),
                e[kk] - s.max_duration_h * p[kk],
                Sense::Le,
                0.0,
            );
        }
        battery_power.push(p);
        battery_energy.push(e);
    }
    let upgrade = site
        .grid
        .upgrade
        .iter()
        .map(|u| {
            units(
                model,
                &format!("upgrade:{}", u.name),
                ky,
                0.0,
                1.0,
                u.lead_time_years,
                true,
            )
        })
        .collect();
    let shortfall = gpu_targets(model, cx, &racks);
    let chw_storage = chw_storage(model, cx);
    Builds {
        hall,
        racks,
        ups,
        generator,
        chiller,
        tower,
        dry_cooler,
        pv,
        battery_power,
        battery_energy,
        upgrade,
        chw_storage,
        shortfall,
    }
}

/// The chilled-water tank in service (m³): at least `min_m3` (and what exists) from the first
/// year it can be, never shrinking; it has no row of its own (its worth is ride-through, which
/// the plan ↔ simulate loop judges), so the plan buys exactly `min_m3`.
fn chw_storage(model: &mut Model, cx: &Context) -> Vec<Var> {
    let Some(t) = &cx.site.cooling.storage else {
        return Vec::new();
    };
    let v = units(
        model,
        "chw_storage",
        cx.years,
        t.existing_m3,
        t.max_m3,
        t.lead_time_years,
        false,
    );
    for (k, &x) in v.iter().enumerate() {
        if !Context::before_lead(k, t.lead_time_years) {
            model.set_bounds(x, t.existing_m3.max(t.min_m3), t.max_m3);
        }
    }
    v
}

/// Racks fit the slots of halls that are in service: `Σ_r racks ≤ slots × built`.
fn slots(model: &mut Model, cx: &Context, hall: &[Vec<Var>], racks: &[Vec<Option<Vec<Var>>>]) {
    for (h, def) in cx.site.hall.iter().enumerate() {
        for k in 0..cx.years {
            let mut e: LinExpr = racks[h].iter().flatten().map(|v| v[k]).sum();
            e.add_term(hall[h][k], -f64::from(def.slots));
            model.add_constraint(format!("slots:{}[{k}]", def.name), e, Sense::Le, 0.0);
        }
    }
}

/// The design IT power of a hall's racks in year `k` (MW): what its UPS and power chain carry.
pub(crate) fn design_it_mw(
    cx: &Context,
    racks: &[Vec<Option<Vec<Var>>>],
    h: usize,
    k: usize,
) -> LinExpr {
    racks[h]
        .iter()
        .zip(&cx.site.rack)
        .filter_map(|(v, r)| v.as_ref().map(|v| v[k] * (r.design_kw / 1000.0)))
        .sum()
}

/// UPS modules per hall, when they are costed apart from the hall:
/// (share × modules − spare × built) × module ≥ what the UPS carries at the design IT load:
/// the critical IT, the CRAH fans and CDU pumps (on UPS in every plant, as the simulator takes
/// them), and the chilled-water pumps when `cooling.pumps_on_ups` ([`ups_load_per_mw`]).
fn ups_modules(
    model: &mut Model,
    cx: &Context,
    hall: &[Vec<Var>],
    racks: &[Vec<Option<Vec<Var>>>],
) -> Vec<Vec<Var>> {
    cx.site
        .hall
        .iter()
        .enumerate()
        .map(|(h, def)| {
            // Modules that cost nothing (UPS priced in the hall) are no decision: none needed.
            if def.ups_capex_usd_per_kw <= 0.0 {
                return Vec::new();
            }
            let module_mw = def.ups_module_kw / 1000.0;
            let (spare, share) = def.ups_redundancy.spare_and_share();
            // Enough modules for every slot at max_rack_kw, twice over for 2N, plus spares.
            let bound =
                (f64::from(def.slots) * def.max_rack_kw / def.ups_module_kw / share).ceil() + spare;
            let m = units(
                model,
                &format!("ups:{}", def.name),
                cx.years,
                0.0,
                bound,
                0,
                true,
            );
            for k in 0..cx.years {
                let mut e = m[k] * (share * module_mw);
                e.add_term(hall[h][k], -spare * module_mw);
                for (r, rack) in cx.site.rack.iter().enumerate() {
                    if let Some(n) = &racks[h][r] {
                        let mw = rack.design_kw / 1000.0 * cx.site.design.it_load_fraction;
                        e.add_term(n[k], -mw * ups_load_per_mw(cx.site, def, rack));
                    }
                }
                model.add_constraint(format!("ups:{}[{k}]", def.name), e, Sense::Ge, 0.0);
            }
            m
        })
        .collect()
}

/// What a hall's UPS carries per MW of a rack type's IT at design (MW, on the UPS's output
/// side): the critical IT share, the CRAH fans on the air-side heat (rack air and losses) and
/// the CDU pumps on the liquid-side heat, and with `cooling.pumps_on_ups` the chilled-water
/// pumps on the air-side heat.
pub(crate) fn ups_load_per_mw(
    site: &crate::site::Site,
    hall: &crate::site::Hall,
    rack: &crate::site::RackType,
) -> f64 {
    let c = &site.cooling;
    let eta = hall.ups_efficiency * hall.distribution_efficiency;
    let lf = rack.liquid_fraction;
    let air = 1.0 - lf + (1.0 / eta - 1.0);
    let fans = c.crah.fan_kw_per_mw / 1000.0;
    let pumps = if c.pumps_on_ups {
        c.pump_kw_per_mw / 1000.0
    } else {
        0.0
    };
    hall.critical_fraction + air * (fans + pumps) + lf * c.cdu.pump_kw_per_mw / 1000.0
}

/// GPUs online meet each year's target; the shortfall variables are fixed at zero except in
/// the elastic re-solve that explains an infeasible plan.
fn gpu_targets(model: &mut Model, cx: &Context, racks: &[Vec<Option<Vec<Var>>>]) -> Vec<Var> {
    let start = cx.site.site.start_year;
    (0..cx.years)
        .map(|k| {
            let year = start + k as u32;
            let target = cx.site.demand.target_in(year) as f64;
            let short = model.add_var(format!("shortfall[{k}]"), 0.0, 0.0);
            let mut e: LinExpr = LinExpr::from(short);
            for (h, _) in cx.site.hall.iter().enumerate() {
                for (v, r) in racks[h].iter().zip(&cx.site.rack) {
                    if let Some(v) = v {
                        e.add_term(v[k], f64::from(r.gpus));
                    }
                }
            }
            model.add_constraint(format!("gpus:{year}"), e, Sense::Ge, target);
            short
        })
        .collect()
}
