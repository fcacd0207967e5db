//! Solver residues: continuous builds an interior-point solver leaves a hair above where they
//! belong (a 2e-6 MWh battery in a 50 MW site, a 0.0015 MW battery in a 300 MW campus),
//! cleaned before the plan is read out, so they are never shown as builds and the hourly
//! dispatch stays consistent with what is in service.
//!
//! A continuous build (battery MW and MWh, PV MW AC, generators sized in MW) whose increase in
//! a year is at most [`RESIDUE_PER_MW`] × the site's power scale (its largest design IT in
//! service, at least 1 MW) is a residue: no engineer buys 5 kW of battery for a 50 MW hall.
//! Snapping such a value alone would leave the dispatch that used it (charge, discharge, PV
//! output) inconsistent, and zeroing that too would unbalance the hour. So the cleaning pins
//! every residue year at the year before (or at what exists) and solves the LP once more with
//! every integer fixed at its value. That re-solve is sound:
//! * its answer is feasible for the original model (it only has more bounds), so every row
//!   the checker recomputes still holds;
//! * it costs at most what the residues were worth: the original solution with the residues
//!   removed is nearly feasible, and the LP re-optimises the rest of the dispatch around it.
//!
//! If the re-solve does not end optimal (a residue that was in fact needed at an exactly
//! binding limit), the original solution stands unchanged.

use dcplan_solvers::{LinExpr, Model, Sense, Solution, SolveOptions, SolverChoice, Status, Var};

use super::PlanError;
use super::formulation::build_out::design_it_mw;
use super::formulation::{Context, Vars};

/// A continuous build's increase in a year at or below this many MW per MW of the site's
/// power scale is a residue (1e-4: 5 kW in a 50 MW site, 30 kW in a 300 MW campus).
pub(super) const RESIDUE_PER_MW: f64 = 1e-4;

/// One continuous build series: its per-year variables, what exists, and MW per unit of it.
struct Continuous<'a> {
    vars: &'a [Var],
    existing: f64,
    mw_per_unit: f64,
}

/// Every continuous build series of the site.
fn continuous<'a>(cx: &Context, vars: &'a Vars) -> Vec<Continuous<'a>> {
    let site = cx.site;
    let b = &vars.build;
    let mut out = Vec::new();
    for (g, series) in site.generator.iter().zip(&b.generator) {
        if g.continuous_sizing {
            out.push(Continuous {
                vars: series,
                existing: f64::from(g.existing_units),
                mw_per_unit: g.unit_mw,
            });
        }
    }
    for (p, series) in site.solar_pv.iter().zip(&b.pv) {
        out.push(Continuous {
            vars: series,
            existing: p.existing_mw_ac,
            mw_per_unit: 1.0,
        });
    }
    for (s, (power, energy)) in site
        .storage
        .iter()
        .zip(b.battery_power.iter().zip(&b.battery_energy))
    {
        out.push(Continuous {
            vars: power,
            existing: s.existing_power_mw,
            mw_per_unit: 1.0,
        });
        // MWh against MW of scale: an hour at the residue power.
        out.push(Continuous {
            vars: energy,
            existing: s.existing_energy_mwh,
            mw_per_unit: 1.0,
        });
    }
    out
}

/// The site's power scale at a solution (MW): the largest design IT in service, at least 1.
fn power_scale_mw(cx: &Context, vars: &Vars, values: &[f64]) -> f64 {
    (0..cx.years)
        .map(|k| {
            (0..cx.site.hall.len())
                .map(|h| design_it_mw(cx, &vars.build.racks, h, k).eval(values))
                .sum::<f64>()
        })
        .fold(1.0, f64::max)
}

/// How a residue year is pinned: at what exists (a bound), or at the year before (a row).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Pin {
    Existing(Var, f64),
    Previous(Var, Var),
}

/// The residue years of a solution, each pinned (module docs).
fn pins(cx: &Context, vars: &Vars, values: &[f64]) -> Vec<Pin> {
    let threshold_mw = RESIDUE_PER_MW * power_scale_mw(cx, vars, values);
    let mut out = Vec::new();
    for s in continuous(cx, vars) {
        let threshold = threshold_mw / s.mw_per_unit;
        // Whether every year so far is pinned at what exists (then a bound, else a row).
        let mut at_existing = true;
        for (k, &v) in s.vars.iter().enumerate() {
            let before = if k == 0 {
                s.existing
            } else {
                values[s.vars[k - 1].index()]
            };
            let increase = values[v.index()] - before;
            if increase > threshold {
                at_existing = false;
                continue;
            }
            // A year with no increase at all is left alone unless it follows a pinned one.
            if increase <= 0.0 && !at_existing {
                continue;
            }
            out.push(if at_existing {
                Pin::Existing(v, s.existing)
            } else {
                Pin::Previous(v, s.vars[k - 1])
            });
        }
    }
    // Years already exactly where they would be pinned need nothing.
    out.retain(|p| match *p {
        Pin::Existing(v, x) => (values[v.index()] - x).abs() > 0.0,
        Pin::Previous(v, prev) => (values[v.index()] - values[prev.index()]).abs() > 0.0,
    });
    out
}

/// Cleans the residues of a solved plan (module docs); a solution without any, or whose
/// re-solve does not end optimal, is returned as it is.
pub(super) fn clean(
    model: &Model,
    cx: &Context,
    vars: &Vars,
    solution: Solution,
    options: &SolveOptions,
) -> Result<Solution, PlanError> {
    if !solution.status.has_solution() {
        return Ok(solution);
    }
    let pins = pins(cx, vars, &solution.values);
    if pins.is_empty() {
        return Ok(solution);
    }
    let mut fixed = model.relaxed();
    for var in model.vars() {
        if model
            .kind(var)
            .is_some_and(dcplan_solvers::VarKind::is_integer)
        {
            fixed.fix(var, solution.values[var.index()].round());
        }
    }
    for (i, pin) in pins.iter().enumerate() {
        match *pin {
            Pin::Existing(v, x) => fixed.fix(v, x),
            Pin::Previous(v, prev) => {
                fixed.add_constraint(
                    format!("residue[{i}]"),
                    LinExpr::from(v) - prev,
                    Sense::Eq,
                    0.0,
                );
            }
        }
    }
    let lp = SolveOptions {
        solver: SolverChoice::Clarabel,
        ..options.clone()
    };
    let mut resolved = dcplan_solvers::solve(&fixed, &lp)?;
    if resolved.status != Status::Optimal {
        return Ok(solution);
    }
    // Pinned values exactly where they are pinned (the solver's answer is within its
    // tolerance of them), in year order so a row's previous year is already final.
    for pin in &pins {
        match *pin {
            Pin::Existing(v, x) => resolved.values[v.index()] = x,
            Pin::Previous(v, prev) => resolved.values[v.index()] = resolved.values[prev.index()],
        }
    }
    let objective = model.objective().0.eval(&resolved.values);
    let mut out = solution;
    out.stats.solve_seconds += resolved.stats.solve_seconds + resolved.stats.build_seconds;
    out.values = resolved.values;
    out.objective = Some(objective);
    out.gap = out
        .best_bound
        .map(|b| dcplan_solvers::relative_gap(objective, b));
    // Duals of the first solve do not describe the cleaned plan.
    out.duals = None;
    Ok(out)
}
