//! Why targets cannot be met: an elastic re-solve and an explanation in site terms.
//!
//! The GPU-target rows carry a shortfall variable that is normally fixed at zero. When the
//! plan is infeasible, the shortfalls are freed and the model re-solved to minimise the total
//! shortfall (earlier years weigh a little more, so the answer says when the site first falls
//! short). For each short year the explanation names the resource that stops more racks: no
//! free slots in halls that can be in service, firm supply at its limit, chillers at their
//! limit, or racks that cannot yet be delivered, with the year relief could arrive.

use serde::{Deserialize, Serialize};

use dcplan_solvers::{LinExpr, ObjectiveSense, SolveOptions, SolverChoice};

use super::PlanError;
use super::formulation::dispatch::critical_peak_value;
use super::formulation::{Context, Vars};
use super::rounding;
use crate::site::GeneratorRole;
use crate::text::thousands;

/// One year that falls short.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Shortfall {
    /// Calendar year.
    pub year: u32,
    /// GPUs wanted.
    pub target: u64,
    /// GPUs short of it.
    pub gpus_short: u64,
    /// What stops more racks, in words.
    pub binding: String,
}

/// The explanation of an infeasible plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    /// Years that fall short, in order.
    pub shortfalls: Vec<Shortfall>,
    /// When no shortfall explains it (the site cannot run even without GPUs), why.
    pub message: Option<String>,
}

impl Explanation {
    /// One line per short year: "2028: 14,200 GPUs short — firm grid capacity binds …".
    pub fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .shortfalls
            .iter()
            .map(|s| {
                format!(
                    "{}: {} GPUs short of {} — {}",
                    s.year,
                    thousands(s.gpus_short),
                    thousands(s.target),
                    s.binding
                )
            })
            .collect();
        lines.extend(self.message.clone());
        lines
    }
}

/// Re-solves with the GPU targets elastic and explains the shortfalls.
pub(super) fn explain(
    model: &dcplan_solvers::Model,
    cx: &Context,
    vars: &Vars,
    options: &SolveOptions,
) -> Result<Explanation, PlanError> {
    let mut elastic = model.clone();
    let start = cx.site.site.start_year;
    let mut objective = LinExpr::new();
    for (k, &short) in vars.build.shortfall.iter().enumerate() {
        let target = cx.site.demand.target_in(start + k as u32) as f64;
        elastic.set_bounds(short, 0.0, target);
        // Earlier shortfalls cost slightly more, so the answer shows when the site first
        // falls short rather than spreading it.
        objective.add_term(short, 1.0 + 1e-3 * (cx.years - k) as f64);
    }
    elastic.set_objective(objective, ObjectiveSense::Minimize);
    let solution = if rounding::wanted(&elastic, options)? {
        rounding::relax_and_round(&elastic, cx, vars, options, false)?
    } else {
        dcplan_solvers::solve(&elastic, options)?
    };
    if !solution.status.has_solution() {
        // Try the relaxation: it still shows which years cannot be met.
        let relaxed = dcplan_solvers::solve(
            &elastic.relaxed(),
            &SolveOptions {
                solver: SolverChoice::Clarabel,
                ..options.clone()
            },
        )?;
        if !relaxed.status.has_solution() {
            return Ok(Explanation {
                shortfalls: Vec::new(),
                message: Some(
                    "the site cannot operate even with fewer GPUs: check that existing halls' racks can be \
                     powered (firm supply) and cooled (plant in service from the first year), and the emissions cap"
                        .to_owned(),
                ),
            });
        }
        return Ok(describe(cx, vars, &relaxed.values));
    }
    Ok(describe(cx, vars, &solution.values))
}

fn describe(cx: &Context, vars: &Vars, values: &[f64]) -> Explanation {
    let start = cx.site.site.start_year;
    let shortfalls = vars
        .build
        .shortfall
        .iter()
        .enumerate()
        .filter_map(|(k, &v)| {
            let short = values[v.index()];
            (short > 0.5).then(|| Shortfall {
                year: start + k as u32,
                target: cx.site.demand.target_in(start + k as u32),
                gpus_short: short.round() as u64,
                binding: binding(cx, vars, values, k),
            })
        })
        .collect();
    Explanation {
        shortfalls,
        message: None,
    }
}

/// What stops more racks in year `k` of the elastic solution.
fn binding(cx: &Context, vars: &Vars, values: &[f64], k: usize) -> String {
    let site = cx.site;
    let year = site.site.start_year + k as u32;
    let val = |v: dcplan_solvers::Var| values[v.index()];
    // Racks that could go in: hosting halls in service, racks deliverable.
    let deliverable: Vec<_> = site
        .rack
        .iter()
        .filter(|r| r.gpus > 0 && (k as u32) >= r.lead_time_years)
        .collect();
    if deliverable.is_empty() {
        let first = site
            .rack
            .iter()
            .filter(|r| r.gpus > 0)
            .map(|r| r.lead_time_years)
            .min()
            .unwrap_or(0);
        let years = if first == 1 { "year" } else { "years" };
        return format!(
            "no GPU rack can be delivered before {} (shortest rack lead time: {first} {years})",
            site.site.start_year + first
        );
    }
    let free_slots: f64 = site
        .hall
        .iter()
        .enumerate()
        .map(|(h, hall)| {
            let used: f64 = vars.build.racks[h]
                .iter()
                .flatten()
                .map(|s| val(s[k]))
                .sum();
            val(vars.build.hall[h][k]) * f64::from(hall.slots) - used
        })
        .sum();
    // Halls not in service that could be: the elastic solve would have built them if space
    // were what binds, so then something else does.
    let buildable_halls =
        site.hall.iter().enumerate().any(|(h, hall)| {
            val(vars.build.hall[h][k]) < 0.5 && (k as u32) >= hall.lead_time_years
        });
    if free_slots < 1.0 && !buildable_halls {
        // Halls still to come, grouped by the first year they can be in service.
        let mut by_year = std::collections::BTreeMap::<u32, (Vec<&str>, u32)>::new();
        for (h, hall) in site.hall.iter().enumerate() {
            if val(vars.build.hall[h][k]) < 0.5 {
                let entry = by_year
                    .entry(site.site.start_year + hall.lead_time_years)
                    .or_default();
                entry.0.push(&hall.name);
                entry.1 += hall.slots;
            }
        }
        let later: Vec<String> = by_year
            .into_iter()
            .map(|(first, (names, slots))| {
                format!(
                    "{} ({} slots) in service {first} at the earliest",
                    names.join(", "),
                    crate::text::thousands(u64::from(slots))
                )
            })
            .collect();
        return if later.is_empty() {
            "rack slots bind: every hall is built and full".to_owned()
        } else {
            format!(
                "rack slots bind: every hall that can be in service by {year} is full; next: {}",
                later.join("; ")
            )
        };
    }
    // Firm supply: the critical peak at the firm limit.
    let mut firm: f64 = site.grid.contract.iter().map(|c| c.firm_mw).sum();
    for (ui, u) in site.grid.upgrade.iter().enumerate() {
        firm += u.adds_firm_mw * val(vars.build.upgrade[ui][k]);
    }
    for (gi, g) in site.generator.iter().enumerate() {
        if g.role() == GeneratorRole::Prime {
            firm += cx.hourly.generator_firm_mw[gi] * val(vars.build.generator[gi][k]);
        }
    }
    if critical_peak_value(cx, &vars.op, values, k) >= firm - 1e-3 * firm.max(1.0) {
        let relief: Vec<String> = site
            .grid
            .upgrade
            .iter()
            .enumerate()
            .filter(|(ui, _)| val(vars.build.upgrade[*ui][k]) < 0.5)
            .map(|(_, u)| {
                format!(
                    "{} (+{} MW) is in service in {} at the earliest",
                    u.name,
                    u.adds_firm_mw,
                    site.site.start_year + u.lead_time_years
                )
            })
            .collect();
        return if relief.is_empty() {
            format!(
                "firm power binds: {firm:.0} MW of firm grid and prime generation carry the critical load, and nothing more can be added by {year}"
            )
        } else {
            format!(
                "firm grid capacity binds ({firm:.0} MW) until {}",
                relief.join("; ")
            )
        };
    }
    if let Some(message) = backup_binds(cx, vars, values, k) {
        return message;
    }
    let chillers_full = site.cooling.chiller.iter().enumerate().all(|(i, c)| {
        val(vars.build.chiller[i][k]) >= f64::from(c.max_units) - 0.5
            || (k as u32) < c.lead_time_years
    });
    if !site.cooling.chiller.is_empty() && chillers_full {
        return "cooling binds: every chiller the plant can hold (or deliver by then) is in service".to_owned();
    }
    "power and cooling limits together bind (no single resource is at its limit)".to_owned()
}

/// "backup generation binds …" when the generators that must carry the critical peak
/// islanded are all in service and, less the spare the redundancy keeps, are at that peak.
fn backup_binds(cx: &Context, vars: &Vars, values: &[f64], k: usize) -> Option<String> {
    let site = cx.site;
    let val = |v: dcplan_solvers::Var| values[v.index()];
    let duty = site.backup_duty()?;
    let class: Vec<_> = duty
        .classes
        .iter()
        .map(|&gi| (gi, &site.generator[gi]))
        .collect();
    let all_in = class.iter().all(|(gi, g)| {
        val(vars.build.generator[*gi][k]) >= f64::from(g.max_units) - 0.5
            || (k as u32) < g.lead_time_years
    });
    if !all_in {
        return None;
    }
    let mw: f64 = class
        .iter()
        .map(|(gi, _)| cx.hourly.generator_firm_mw[*gi] * val(vars.build.generator[*gi][k]))
        .sum();
    let peak = critical_peak_value(cx, &vars.op, values, k);
    Some(format!(
        "{} generation at {} binds: every unit that can be in service by {} ({mw:.1} MW) is, and with the spare {} keeps it must carry the {peak:.1} MW critical peak islanded",
        if duty.role == GeneratorRole::Backup {
            "backup"
        } else {
            "prime (the site's only)"
        },
        duty.redundancy.label(),
        site.site.start_year + k as u32,
        duty.redundancy.label()
    ))
}
