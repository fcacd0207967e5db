//! Relax-and-round for large plans without an exact MILP backend.
//!
//! The LP relaxation is solved first (Clarabel). Then, in two stages:
//! 1. the structure: halls and grid upgrades round **up**; racks round **down** (so they always
//!    fit the slots) and are topped up, year by year, in halls with free slots until every GPU
//!    target is met again, preferring the racks the relaxation came closest to buying; each
//!    year's load-in-service binary is 1 exactly when racks remain. With these fixed, the LP
//!    is solved again;
//! 2. the plant sized to that structure: generator, chiller, tower and dry-cooler units and
//!    UPS modules round **up** from that second solution. More of them never makes a plan
//!    infeasible (capacity rows only loosen), so the second solution's dispatch stands; under
//!    a capex budget, which more units can break, the LP is solved once more with every
//!    integer fixed.
//!
//! The result is feasible but not proven optimal: it is reported as `feasible-with-gap`, with
//! the Lagrangian bound of the relaxation's duals as the bound.

use dcplan_solvers::{Model, Route, Solution, SolveOptions, SolverChoice, Status, Var};

use super::PlanError;
use super::formulation::{Context, Vars};

/// Whether the solver choice resolves to relax-and-round for this model (`auto` with a
/// mixed-integer model too large for microlp and no `HiGHS` in the build); the plan then rounds
/// with its own rules instead of the solver crate's generic ones.
pub(super) fn wanted(model: &Model, options: &SolveOptions) -> Result<bool, PlanError> {
    Ok(dcplan_solvers::route(model, options)? == Route::RelaxAndRound)
}

/// Solves the relaxation, rounds the build as described in the module docs, and solves the
/// fixed-build LP.
pub(super) fn relax_and_round(
    model: &Model,
    cx: &Context,
    vars: &Vars,
    options: &SolveOptions,
    budget_mode: bool,
) -> Result<Solution, PlanError> {
    let lp_options = SolveOptions {
        solver: SolverChoice::Clarabel,
        ..options.clone()
    };
    // The relaxation holds the spare of every allowed class (installed binaries at 1): a
    // fractional binary would hold a fraction of a spare, and rounding it up later would
    // tighten rows the plant was sized without. Rounding sets them from the units (below).
    // A binary already fixed (a held build, [`super::Formulated::hold_build`]) stays.
    let mut relaxed_model = model.relaxed();
    for (w, _) in installed_pairs(vars) {
        if relaxed_model.bounds(w).is_some_and(|(lo, hi)| lo < hi) {
            relaxed_model.fix(w, 1.0);
        }
    }
    let relaxed = dcplan_solvers::solve(&relaxed_model, &lp_options)?;
    if !relaxed.status.has_solution() {
        return Ok(relaxed);
    }
    // Stage 1: the structure (halls, upgrades, racks, load in service) from the relaxation.
    let mut staged = relaxed_model.clone();
    for (var, value) in round_structure(model, cx, vars, &relaxed.values, budget_mode) {
        staged.fix(var, value);
    }
    let stage = dcplan_solvers::solve(&staged, &lp_options)?;
    // Stage 2: with the structure fixed, the plant (units, UPS modules) sized to it and
    // rounded up. More units only loosen capacity rows, so stage 1's dispatch stays feasible
    // and needs no third solve — except under a capex budget, which more units can break.
    let mut solution = if stage.status.has_solution() {
        let mut fixed = staged;
        let mut values = stage.values.clone();
        for var in model.vars().filter(|&v| {
            model
                .kind(v)
                .is_some_and(dcplan_solvers::VarKind::is_integer)
        }) {
            let (lo, hi) = fixed.bounds(var).unwrap_or((0.0, 0.0));
            if lo < hi {
                let up = (stage.values[var.index()] - TOLERANCE).ceil().clamp(lo, hi);
                fixed.fix(var, up);
                values[var.index()] = up;
            }
        }
        // The site's units of a class split over blocks are the blocks' rounded units (at
        // least its own rounded value, as Σ ⌈n_b⌉ ≥ ⌈Σ n_b⌉): more only loosens its rows.
        for (total, parts) in &vars.blocks.sums {
            let sum: f64 = parts.iter().map(|p| values[p.index()]).sum();
            fixed.fix(*total, sum);
            values[total.index()] = sum;
        }
        // A class is installed when it has units: lowering its binary from 1 only loosens
        // the spare rows, so the dispatch still stands.
        for (w, n) in installed_pairs(vars) {
            values[w.index()] = if values[n.index()] > 0.5 { 1.0 } else { 0.0 };
        }
        if budget_mode {
            dcplan_solvers::solve(&fixed, &lp_options)?
        } else {
            let mut solution = stage;
            solution.objective = Some(model.objective().0.eval(&values));
            solution.values = values;
            // Duals of the stage-1 LP do not describe the rounded plan.
            solution.duals = None;
            solution
        }
    } else {
        stage
    };
    solution.stats.solve_seconds += relaxed.stats.solve_seconds;
    if solution.status.has_solution() {
        // The Lagrangian bound of the relaxation's duals over the model's own box, binaries
        // free in [0, 1]: the relaxation solved held them at 1, a restriction whose objective
        // bounds nothing, but its duals bound the free relaxation all the same. Not the
        // relaxation's objective either: an interior point's can lie a little above the
        // true minimum.
        let bound = relaxed
            .duals
            .as_deref()
            .and_then(|duals| dcplan_solvers::dual_bound(model, duals, &relaxed.values));
        solution.status = Status::FeasibleWithGap;
        solution.best_bound = bound;
        solution.gap = match (solution.objective, bound) {
            (Some(obj), Some(b)) => Some(dcplan_solvers::relative_gap(obj, b)),
            _ => None,
        };
        solution.stats.relaxed_and_rounded = true;
        solution.stats.integer_variables = model.stats().integer_variables;
    } else if solution.status == Status::Infeasible {
        // The rounded structure cannot run: say so rather than call the site infeasible.
        solution.status = Status::Error;
        solution.stats.relaxed_and_rounded = true;
        solution.message = Some(
            "the build rounded from the LP relaxation is infeasible; the exact MILP backend \
             (HiGHS) or a coarser resolution may find a plan"
                .to_owned(),
        );
    }
    Ok(solution)
}

/// Plant units within this of an integer count as that integer: interior-point answers carry
/// noise of ~1e-8 relative, and a unit bought for 2.00001 would be waste.
const TOLERANCE: f64 = 1e-5;

/// Halls and grid upgrades round up only above this: an interior point leaves values like
/// 1e-5 on variables at their bound, and rounding those up would buy a whole hall.
const BUILD_THRESHOLD: f64 = 1e-3;

/// Integer values for the structural decisions: halls opened as the targets need them,
/// upgrades up, racks down and topped up to the targets.
fn round_structure(
    model: &Model,
    cx: &Context,
    vars: &Vars,
    relaxed: &[f64],
    budget_mode: bool,
) -> Vec<(dcplan_solvers::Var, f64)> {
    const TOL: f64 = TOLERANCE;
    let val = |v: dcplan_solvers::Var| relaxed[v.index()];
    let mut out = Vec::new();
    for s in &vars.build.upgrade {
        for &v in s {
            out.push((v, (val(v) - BUILD_THRESHOLD).ceil().max(0.0)));
        }
    }
    let site = cx.site;
    let years = cx.years;
    let halls_built = if budget_mode {
        vars.build
            .hall
            .iter()
            .map(|s| {
                s.iter()
                    .map(|&v| (val(v) - BUILD_THRESHOLD).ceil().max(0.0))
                    .collect()
            })
            .collect()
    } else {
        halls_as_needed(model, cx, vars, relaxed)
    };
    for (series, built) in vars.build.hall.iter().zip(&halls_built) {
        out.extend(series.iter().copied().zip(built.iter().copied()));
    }
    // racks[h][r][k], floored.
    let mut racks: Vec<Vec<Option<Vec<f64>>>> = vars
        .build
        .racks
        .iter()
        .map(|per_hall| {
            per_hall
                .iter()
                .map(|s| {
                    s.as_ref()
                        .map(|s| s.iter().map(|&v| (val(v) + TOL).floor().max(0.0)).collect())
                })
                .collect()
        })
        .collect();
    // Racks the relaxation put in halls that stay closed move to open ones in the top-up.
    for (per_hall, built) in racks.iter_mut().zip(&halls_built) {
        for series in per_hall.iter_mut().flatten() {
            for (value, open) in series.iter_mut().zip(built) {
                if *open < 0.5 {
                    *value = 0.0;
                }
            }
        }
    }
    let start = site.site.start_year;
    for k in 0..years {
        let target = site.demand.target_in(start + k as u32) as f64;
        loop {
            let online: f64 = racks
                .iter()
                .flat_map(|per_hall| per_hall.iter().zip(&site.rack))
                .filter_map(|(s, r)| s.as_ref().map(|s| s[k] * f64::from(r.gpus)))
                .sum();
            let deficit = target - online;
            if deficit <= 0.0 {
                break;
            }
            // Candidates: hosting halls in service from k on, racks deliverable by k, GPUs > 0,
            // and room: racks added in year k stay, which brings forward later purchases, so in
            // each later year j the series becomes max(own, year k's) and must still fit. The
            // largest fraction the relaxation bought goes first, then the cheapest per GPU.
            let mut best: Option<(usize, usize, f64, f64, f64)> = None;
            for (h, hall) in site.hall.iter().enumerate() {
                if halls_built[h][k] < 0.5 {
                    continue;
                }
                for (r, rack) in site.rack.iter().enumerate() {
                    let (Some(series), Some(fl)) = (&vars.build.racks[h][r], &racks[h][r]) else {
                        continue;
                    };
                    if rack.gpus == 0 || (k as u32) < rack.lead_time_years {
                        continue;
                    }
                    let room = (k..years)
                        .map(|j| {
                            let others: f64 =
                                racks[h].iter().flatten().map(|s| s[j]).sum::<f64>() - fl[j];
                            f64::from(hall.slots) - others - fl[k]
                        })
                        .fold(f64::INFINITY, f64::min);
                    if room < 1.0 {
                        continue;
                    }
                    let fraction = val(series[k]) - fl[k];
                    let cost_per_gpu = rack.capex_usd / f64::from(rack.gpus);
                    let better = best.is_none_or(|(_, _, bf, bc, _)| {
                        fraction > bf + 1e-9 || ((fraction - bf).abs() <= 1e-9 && cost_per_gpu < bc)
                    });
                    if better {
                        best = Some((h, r, fraction, cost_per_gpu, room));
                    }
                }
            }
            // No room anywhere: the fixed-build LP will report the target as unmet.
            let Some((h, r, _, _, room)) = best else {
                break;
            };
            let gpus = f64::from(site.rack[r].gpus);
            let add = (deficit / gpus).ceil().min(room);
            if let Some(series) = &mut racks[h][r] {
                let level = series[k] + add;
                for value in &mut series[k..] {
                    *value = value.max(level);
                }
            }
        }
    }
    for (h, per_hall) in vars.build.racks.iter().enumerate() {
        for (r, series) in per_hall.iter().enumerate() {
            if let (Some(series), Some(values)) = (series, &racks[h][r]) {
                out.extend(series.iter().copied().zip(values.iter().copied()));
            }
        }
    }
    // Load in service follows the rounded racks: it is structure, since the plant's spares
    // depend on it and stage 2 only rounds plant up (a spare switched on there would be unmet).
    // So does each block's.
    let in_halls = |halls: &[usize], k: usize| -> f64 {
        halls
            .iter()
            .flat_map(|&h| racks[h].iter().flatten())
            .map(|s| s[k])
            .sum()
    };
    let all: Vec<usize> = (0..racks.len()).collect();
    let series = std::iter::once((&all[..], &vars.op.in_service[..])).chain(
        vars.blocks
            .blocks
            .iter()
            .map(|b| (&b.halls[..], &b.in_service[..])),
    );
    for (halls, flags) in series {
        for (k, &z) in flags.iter().enumerate() {
            if model.bounds(z).is_some_and(|(lb, ub)| lb < ub) {
                out.push((z, if in_halls(halls, k) > 0.5 { 1.0 } else { 0.0 }));
            }
        }
    }
    out
}

/// Halls in service per year (0 or 1), opened only when the halls already open cannot hold
/// the year's GPU target. The relaxation pays for a hall in proportion to the racks in it, so
/// it spreads racks thinly over many halls; rounding each of those up would buy every hall at
/// once. Instead, halls open year by year in the order of the relaxation's preference (its
/// fractional hall value, then the lower capex), and once open stay open.
fn halls_as_needed(model: &Model, cx: &Context, vars: &Vars, relaxed: &[f64]) -> Vec<Vec<f64>> {
    let site = cx.site;
    let mut open = vec![vec![0.0; cx.years]; site.hall.len()];
    let mut is_open = vec![false; site.hall.len()];
    for k in 0..cx.years {
        // Halls that must be in service (existing, or fixed by the model) open now.
        for (h, series) in vars.build.hall.iter().enumerate() {
            if model.bounds(series[k]).is_some_and(|(lb, _)| lb > 0.5) {
                is_open[h] = true;
            }
        }
        // Most GPUs hall h can hold in year k: full of its densest deliverable rack type.
        let holds = |h: usize| {
            let gpus = site
                .rack
                .iter()
                .enumerate()
                .filter(|&(r, rack)| {
                    vars.build.racks[h][r].is_some() && (k as u32) >= rack.lead_time_years
                })
                .map(|(_, rack)| rack.gpus)
                .max()
                .unwrap_or(0);
            f64::from(site.hall[h].slots) * f64::from(gpus)
        };
        let target = site.demand.target_in(site.site.start_year + k as u32) as f64;
        loop {
            let capacity: f64 = (0..site.hall.len())
                .filter(|&h| is_open[h])
                .map(holds)
                .sum();
            if capacity >= target {
                break;
            }
            let candidate = (0..site.hall.len())
                .filter(|&h| {
                    !is_open[h]
                        && holds(h) > 0.0
                        && model
                            .bounds(vars.build.hall[h][k])
                            .is_some_and(|(_, ub)| ub > 0.5)
                })
                .max_by(|&a, &b| {
                    let (va, vb) = (
                        relaxed[vars.build.hall[a][k].index()],
                        relaxed[vars.build.hall[b][k].index()],
                    );
                    va.total_cmp(&vb)
                        .then(site.hall[b].capex_usd.total_cmp(&site.hall[a].capex_usd))
                        .then(b.cmp(&a))
                });
            // No hall left to open: the fixed-build LP reports the shortfall.
            let Some(h) = candidate else { break };
            is_open[h] = true;
        }
        for (h, series) in open.iter_mut().enumerate() {
            series[k] = if is_open[h] { 1.0 } else { 0.0 };
        }
    }
    open
}

/// Every installed binary with the units it follows: the site's families' and the blocks'.
fn installed_pairs(vars: &Vars) -> Vec<(Var, Var)> {
    let mut out: Vec<(Var, Var)> = vars.installed.pairs(&vars.build).collect();
    out.extend(vars.blocks.installed_pairs());
    out
}
