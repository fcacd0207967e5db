//! Planning: what to build, and when.
//!
//! From a validated site and its weather, [`formulate`] builds a multi-year mixed-integer
//! model (docs/modelling.md states it: sets, variables, constraints, objective) over a time
//! structure of years × representative days × hours ([`time`]); [`Formulated::solve`] solves
//! it with a backend from `dcplan-solvers` and reads a [`Plan`] out of the answer: the build
//! schedule with order-by years, headroom and the binding resource per year, energy by
//! source, monthly peaks, emissions, costs and solver statistics. When the GPU targets cannot
//! be met, an elastic re-solve says by how much, in which year, and what binds.
//!
//! ```no_run
//! use dcplan::plan::{self, Outcome, PlanOptions};
//! let site = dcplan::site::load(std::path::Path::new("sites/colo-retrofit.toml"))?;
//! let control = dcplan::control::Control::new();
//! let formulated = plan::formulate(&site, &PlanOptions::default(), &control)?;
//! if let Outcome::Planned { plan, .. } = formulated.solve(&PlanOptions::default(), &control)? {
//!     println!("NPV {:.0} USD", plan.objective_npv_usd);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::time::Instant;

use dcplan_solvers::{Model, Route, SolveOptions, SolverChoice, Status};

pub mod document;
mod explain;
mod fingerprints;
mod formulation;
mod hold;
mod hourly;
mod ledger;
mod memory;
mod outcome;
mod residue;
mod rounding;
pub mod simulated;
pub mod time;

pub use document::{BlockYear, Plan, PlanReadError};
pub use explain::{Explanation, Shortfall};
pub use fingerprints::Fingerprints;
pub use hold::{HoldError, contains_build};
pub use hourly::ModelError;
pub use memory::memory_estimate;
pub use outcome::Timings;
pub use time::Resolution;

use formulation::objective::{Accounts, USD_PER_UNIT};
use formulation::{Context, Vars};
use hourly::{Hourly, OutsideCurve};

use crate::control::{Control, Phase};
use crate::site::LoadedSite;

/// How long `auto` lets `HiGHS` search for a proven optimum after the rounded plan when no
/// time limit is given (s): a large mixed-integer plan (per-hall redundancy on a twelve-hall
/// campus, about 960 integers) can take many minutes to prove a 1e-4 gap, while the rounded
/// plan it starts from is feasible and within a stated gap (1.5 % of the relaxation's bound
/// on the campus).
pub const AUTO_EXACT_SEARCH_S: f64 = 60.0;

/// How to plan.
#[derive(Debug, Clone, Default)]
pub struct PlanOptions {
    /// Time resolution (default: 12 representative days).
    pub resolution: Resolution,
    /// Solver choice and limits.
    pub solve: SolveOptions,
    /// Leave the plan unsealed: no fingerprints of its site and of itself
    /// ([`Plan::seal`], about 6 ms on the colo sample, most of it hashing the weather year).
    /// A sweep, which keeps only figures of its plans, sets it; a plan to be written out or
    /// checked later is sealed.
    pub unsealed: bool,
    /// Modelled days chosen before, e.g. for a sweep's base site: taken when this site
    /// would choose the same ones ([`time::TimeIndex::new_reusing`]), skipping the
    /// clustering; ignored otherwise.
    pub known_days: Option<std::sync::Arc<time::TimeIndex>>,
}

/// Why planning could not even start or finish (outcomes like infeasibility are not errors).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PlanError {
    /// The time structure could not be built.
    #[error("time structure: {0}")]
    Time(#[from] time::TimeError),
    /// The model could not be built from the site (a broken built-in library).
    #[error("cannot build the model: {0}")]
    Model(#[from] hourly::ModelError),
    /// The solver ended without an answer nor a stated reason to stop (an unbounded or
    /// broken model: a defect, not an input error).
    #[error("cannot build the model: the solver ended with status {status}: {message}")]
    Ended {
        /// The solver's status.
        status: dcplan_solvers::Status,
        /// What it said.
        message: String,
    },
    /// The solver failed (not an infeasible or stopped outcome: a backend error).
    #[error(transparent)]
    Solver(dcplan_solvers::SolverError),
    /// The run was cancelled ([`Control::cancel`]) before it finished.
    #[error("cancelled")]
    Cancelled,
    /// The plan document could not be serialised to fingerprint it.
    #[error("cannot fingerprint the plan: {0}")]
    Fingerprint(#[from] serde_json::Error),
}

impl From<dcplan_solvers::SolverError> for PlanError {
    /// A cancelled solve is a cancelled plan; every other solver error is the solver's.
    fn from(e: dcplan_solvers::SolverError) -> Self {
        match e {
            dcplan_solvers::SolverError::Cancelled => PlanError::Cancelled,
            other => PlanError::Solver(other),
        }
    }
}

/// How planning ended.
#[derive(Debug, Clone)]
#[allow(clippy::large_enum_variant)]
pub enum Outcome {
    /// A plan meeting every target (optimal, or feasible with a stated gap), sealed
    /// ([`Plan::seal`]) unless [`PlanOptions::unsealed`], and how long it took.
    Planned {
        /// The plan document.
        plan: Plan,
        /// Wall-clock time of its model build and solve (not part of the document).
        timings: Timings,
    },
    /// The targets cannot be met; what falls short, when, and why.
    Infeasible(Explanation),
    /// The solver stopped (time limit) without a feasible plan.
    Stopped {
        /// What the solver said.
        message: String,
        /// Best bound on the objective found (USD), if any.
        best_bound_usd: Option<f64>,
    },
}

/// A site turned into a model, ready to solve (or to write out with `--write-model`).
pub struct Formulated<'a> {
    site: &'a LoadedSite,
    days: Vec<document::ModelledDay>,
    design: document::DesignSummary,
    hourly: Hourly,
    resolution: Resolution,
    model: Model,
    vars: Vars,
    accounts: Accounts,
    budget_mode: bool,
    build_seconds: f64,
}

/// Builds the planning model of a loaded site; [`PlanError::Cancelled`] if `control` is
/// cancelled before or while it is built.
pub fn formulate<'a>(
    site: &'a LoadedSite,
    options: &PlanOptions,
    control: &Control,
) -> Result<Formulated<'a>, PlanError> {
    control.cancel().check(PlanError::Cancelled)?;
    control.begin(Phase::Formulate);
    let started = Instant::now();
    let time = time::TimeIndex::new_reusing(
        &site.site,
        &site.weather,
        options.resolution,
        options.known_days.as_deref(),
    )?;
    let hourly = Hourly::new(site, &time)?;
    let days = time
        .days()
        .iter()
        .map(|d| document::ModelledDay {
            month: u32::from(d.month),
            day_of_year: u32::from(d.day_of_year),
            weight: f64::from(d.weight),
            first_weather_hour: d.weather_hours().start,
        })
        .collect();
    let basis = site.design_basis().map_err(hourly::ModelError::from)?;
    let design = document::DesignSummary {
        it_load_fraction: basis.it_load_fraction,
        days: basis.days.into_iter().map(|d| d.conditions).collect(),
    };
    let budget_mode =
        site.site.demand.gpus_online.is_none() && site.site.demand.capex_budget_usd.is_some();
    let cx = Context {
        site: &site.site,
        hourly: &hourly,
        years: site.site.site.years as usize,
    };
    let mut model = Model::new(site.site.site.name.clone());
    let (vars, accounts) = formulation::build(&mut model, &cx, budget_mode);
    control.cancel().check(PlanError::Cancelled)?;
    control.report(Phase::Formulate, 1.0);
    Ok(Formulated {
        site,
        days,
        design,
        resolution: options.resolution,
        hourly,
        model,
        vars,
        accounts,
        budget_mode,
        build_seconds: started.elapsed().as_secs_f64(),
    })
}

impl Formulated<'_> {
    /// The model, e.g. to write it as LP or MPS.
    pub fn model(&self) -> &Model {
        &self.model
    }

    fn context(&self) -> Context<'_> {
        Context {
            site: &self.site.site,
            hourly: &self.hourly,
            years: self.site.site.site.years as usize,
        }
    }

    /// Solves the model; explains an infeasible one. Stops with [`PlanError::Cancelled`]
    /// within a solver iteration of `control` being cancelled (between solves for
    /// microlp), reporting [`Phase::Solve`] and [`Phase::Explain`].
    pub fn solve(&self, options: &PlanOptions, control: &Control) -> Result<Outcome, PlanError> {
        control.cancel().check(PlanError::Cancelled)?;
        control.begin(Phase::Solve);
        let options = &PlanOptions {
            solve: SolveOptions {
                cancel: control.cancel().clone(),
                ..options.solve.clone()
            },
            ..options.clone()
        };
        let outcome = self.solve_controlled(options, control)?;
        // A backend stopped by the flag between its own checks answers as if it ran out of
        // time; that answer is not given out.
        control.cancel().check(PlanError::Cancelled)?;
        Ok(outcome)
    }

    /// [`Formulated::solve`] with `options.solve` already holding `control`'s flag.
    fn solve_controlled(
        &self,
        options: &PlanOptions,
        control: &Control,
    ) -> Result<Outcome, PlanError> {
        let round = || {
            rounding::relax_and_round(
                &self.model,
                &self.context(),
                &self.vars,
                &options.solve,
                self.budget_mode,
            )
        };
        let solution = match dcplan_solvers::route(&self.model, &options.solve)? {
            Route::RelaxAndRound => round()?,
            Route::Direct(SolverChoice::Highs) if self.model.free_integers() > 0 => {
                // The rounded plan, seconds away, is HiGHS' first incumbent: it prunes from
                // the first node and, stopped by the time limit, answers at least as well.
                let started = Instant::now();
                let rounded = round()?;
                let mut exact = options.solve.clone();
                // `auto` with no time limit bounds the search (an exact one for the campus's
                // per-hall plant runs for many minutes); `--solver highs` asked for no bound.
                // Only with the rounded plan to fall back on: a cold search is not cut short.
                let bounded = exact.solver == SolverChoice::Auto
                    && exact.time_limit_s.is_none()
                    && rounded.status.has_solution();
                if bounded {
                    exact.time_limit_s = Some(AUTO_EXACT_SEARCH_S);
                } else {
                    exact.time_limit_s = exact
                        .time_limit_s
                        .map(|t| (t - started.elapsed().as_secs_f64()).max(1e-3));
                }
                let mut solution = if rounded.status.has_solution() {
                    dcplan_solvers::solve_from(&self.model, &exact, &rounded.values)?
                } else {
                    dcplan_solvers::solve(&self.model, &exact)?
                };
                solution.stats.solve_seconds +=
                    rounded.stats.build_seconds + rounded.stats.solve_seconds;
                if bounded && solution.status == Status::FeasibleWithGap {
                    solution.warnings.push(format!(
                        "auto stopped HiGHS' search for a proven optimum after \
                         {AUTO_EXACT_SEARCH_S} s, starting from the rounded plan; the gap is \
                         stated. Pass --time-limit for a longer search, or --solver highs for \
                         none"
                    ));
                }
                solution
            }
            Route::Direct(_) => dcplan_solvers::solve(&self.model, &options.solve)?,
        };
        let solution = residue::clean(
            &self.model,
            &self.context(),
            &self.vars,
            solution,
            &options.solve,
        )?;
        control.report(Phase::Solve, 1.0);
        match solution.status {
            Status::Optimal | Status::FeasibleWithGap => {
                let status = if solution.status == Status::Optimal {
                    document::PlanStatus::Optimal
                } else {
                    document::PlanStatus::FeasibleWithGap
                };
                let mut plan = self.plan(&solution, status);
                if !options.unsealed {
                    plan.seal(self.site)?;
                }
                let timings = Timings {
                    build_seconds: self.build_seconds + solution.stats.build_seconds,
                    solve_seconds: solution.stats.solve_seconds,
                };
                Ok(Outcome::Planned { plan, timings })
            }
            Status::Infeasible => {
                control.begin(Phase::Explain);
                let explanation =
                    explain::explain(&self.model, &self.context(), &self.vars, &options.solve)?;
                control.report(Phase::Explain, 1.0);
                Ok(Outcome::Infeasible(explanation))
            }
            Status::TimeLimitWithoutSolution => Ok(Outcome::Stopped {
                message: solution
                    .message
                    .unwrap_or_else(|| "time limit reached".to_owned()),
                best_bound_usd: solution.best_bound.map(|b| b * USD_PER_UNIT),
            }),
            // A rounded build that cannot run: the solver stopped without a feasible plan.
            Status::Error if solution.stats.relaxed_and_rounded => Ok(Outcome::Stopped {
                message: solution.message.unwrap_or_default(),
                best_bound_usd: solution.best_bound.map(|b| b * USD_PER_UNIT),
            }),
            Status::Unbounded | Status::Error => Err(PlanError::Ended {
                status: solution.status,
                message: solution.message.unwrap_or_default(),
            }),
        }
    }

    fn plan(&self, solution: &dcplan_solvers::Solution, status: document::PlanStatus) -> Plan {
        let cx = self.context();
        let years = outcome::extract(&cx, &self.vars, &self.accounts, &solution.values);
        let costs = outcome::cost_lines(&cx, &self.accounts, &solution.values);
        let npv: f64 = costs.iter().map(|c| c.discounted_usd).sum();
        let mut notes = Vec::new();
        notes.extend(self.hourly.outside_curve.iter().map(OutsideCurve::note));
        if solution.stats.relaxed_and_rounded {
            notes.push(
                "integer builds were rounded from the LP relaxation (no exact MILP backend for a model this size); \
                 the gap to the relaxation's proven lower bound is stated; optimality is not proven"
                    .to_owned(),
            );
        }
        notes.extend(unused_non_firm(&self.site.site, &years));
        notes.extend(solution.warnings.iter().cloned());
        let s = &solution.stats;
        Plan {
            schema_version: document::SCHEMA_VERSION,
            site: self.site.site.site.name.clone(),
            fingerprints: Fingerprints::default(),
            status,
            solver: s.backend.to_owned(),
            objective: if self.budget_mode {
                document::Objective::MaxGpuYears
            } else {
                document::Objective::LeastCost
            },
            objective_npv_usd: npv,
            resolution: self.resolution.to_string(),
            modelled_hours_per_year: self.hourly.len(),
            days: self.days.clone(),
            design: self.design.clone(),
            years,
            costs,
            stats: document::Stats {
                backend: s.backend.to_owned(),
                variables: s.variables,
                integer_variables: s.integer_variables,
                constraints: s.constraints,
                nonzeros: s.nonzeros,
                gap: solution.gap,
                best_bound_usd: solution.best_bound.map(|b| b * USD_PER_UNIT),
            },
            notes,
            design_simulation: None,
        }
    }
}

/// A note for each contract whose non-firm capacity carries no energy in any year: at an
/// optimum that means firm import and on-site supply served every hour at no higher cost (or,
/// for a contract serving curtailable load only, that no load may be curtailed).
fn unused_non_firm(site: &crate::site::Site, years: &[document::YearPlan]) -> Vec<String> {
    site.grid
        .contract
        .iter()
        .filter(|c| {
            c.non_firm_mw > 0.0
                || site
                    .grid
                    .upgrade
                    .iter()
                    .any(|u| u.contract == c.name && u.adds_non_firm_mw > 0.0)
        })
        .filter(|c| {
            let flow = document::Flow::GridNonFirm {
                contract: c.name.clone(),
            };
            years.iter().all(|y| {
                y.energy
                    .iter()
                    .filter(|e| e.flow == flow)
                    .all(|e| e.mwh.abs() < 1.0)
            })
        })
        .map(|c| {
            let why = if c.non_firm_curtailable_load_only {
                "it serves curtailable load only, and the halls' IT is all critical or carried more cheaply"
            } else {
                "firm import and on-site supply carry every modelled hour at no higher cost"
            };
            format!(
                "the non-firm capacity of \"{}\" carries no energy in this plan: {why}",
                c.name
            )
        })
        .collect()
}
