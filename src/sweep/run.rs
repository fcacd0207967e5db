//! Running scenarios: each is the base site with its edits, planned (and simulated when the
//! spec says), then the base plan's build held and re-costed in it for the regret.

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use std::collections::BTreeSet;

use super::results::{Held, Results, ResultsError, Row, RowStatus, value_cells};
use super::sample::{self, Scenario};
use super::spec::Spec;
use crate::closed_loop::{self, LoopError, LoopOptions};
use crate::control::{Control, Phase};
use crate::plan::{self, Outcome, Plan, PlanError, PlanOptions};
use crate::site::{Diagnostic, Edit, EditableSite, LoadedSite, Severity, SiteError};

/// A sweep ready to run: its spec, the base site loaded once, and every scenario.
#[derive(Debug, Clone)]
pub struct Sweep {
    spec: Spec,
    site: EditableSite,
    scenarios: Vec<Scenario>,
    options: PlanOptions,
}

/// Why a sweep cannot start (a scenario that fails is a row, not an error).
#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    /// The base site does not load.
    #[error("the sweep's base site: {0}")]
    Site(#[from] SiteError),
    /// A parameter does not name a value of the site, or not one its distribution can set;
    /// each finding is located in the spec.
    #[error("{} in the sweep spec", crate::text::counted(.0.len() as u64, "problem", "problems"))]
    Parameters(Vec<Diagnostic>),
}

/// The run was cancelled ([`Control::cancel`]); the rows reported before it stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("cancelled")]
pub struct Cancelled;

impl Sweep {
    /// Loads the spec's base site and checks each parameter on it: its path is edited to the
    /// parameter's median (or first choice), and a finding about the edit is located at the
    /// parameter's path in the spec.
    pub fn new(spec: Spec) -> Result<Sweep, SweepError> {
        let site = EditableSite::load(&spec.site)?;
        let scenarios = sample::scenarios(&spec);
        let mut findings = Vec::new();
        for (j, p) in spec.parameters.iter().enumerate() {
            let probe = scenarios
                .iter()
                .find_map(|s| s.values[j].clone())
                .unwrap_or_else(|| p.distribution.quantile(0.5));
            if let Err(SiteError::Invalid(invalid)) =
                site.edited(&[Edit::new(p.path.clone(), probe.clone())])
            {
                for d in invalid
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                {
                    findings.push(
                        Diagnostic::error(
                            "parameter",
                            format!("`{}` = {probe}: {}", p.path, d.message),
                        )
                        .at(p.span.clone())
                        .label("this parameter")
                        .help(d.help.clone().unwrap_or_else(|| {
                            "a parameter's path is a site path (docs/site-paths.md)".to_owned()
                        })),
                    );
                }
            }
        }
        if !findings.is_empty() {
            return Err(SweepError::Parameters(findings));
        }
        // Scenarios that leave the weather, calendar and first tariff alone model the base
        // site's days: chosen once here, not clustered again for each.
        let base = site.site();
        let known_days = plan::time::TimeIndex::new(&base.site, &base.weather, spec.resolution)
            .ok()
            .map(std::sync::Arc::new);
        let options = PlanOptions {
            resolution: spec.resolution,
            unsealed: true,
            known_days,
            ..PlanOptions::default()
        };
        Ok(Sweep {
            spec,
            site,
            scenarios,
            options,
        })
    }

    /// The base site, as loaded (its `files` are the sweep's inputs).
    pub fn site(&self) -> &LoadedSite {
        self.site.site()
    }

    /// The spec.
    pub fn spec(&self) -> &Spec {
        &self.spec
    }

    /// Every scenario, the base site's (id 0) first.
    pub fn scenarios(&self) -> &[Scenario] {
        &self.scenarios
    }

    /// The scenarios of a shard: every `count`-th from `index`, so each shard has a share
    /// of every part of a grid or tornado.
    pub fn shard(&self, shard: Shard) -> impl Iterator<Item = &Scenario> {
        self.scenarios.iter().filter(move |s| shard.has(s.id))
    }

    /// The columns of this sweep's results.
    pub fn header(&self) -> Vec<String> {
        super::results::header(&self.spec)
    }

    /// The scenarios an existing results file already has, after checking that it is this
    /// sweep's (its columns) and this shard's (every row a scenario of the shard, with the
    /// parameter values the spec gives it): a file of another spec or seed is refused.
    pub fn done(&self, existing: &Results, shard: Shard) -> Result<BTreeSet<usize>, ResultsError> {
        if existing.header != self.header() {
            return Err(ResultsError::Mismatch(
                "its columns are not this sweep's: it was written for another spec".to_owned(),
            ));
        }
        let params = existing.parameters();
        let mut done = BTreeSet::new();
        for (id, cells) in &existing.rows {
            let expected = self
                .scenarios
                .get(*id)
                .filter(|_| shard.has(*id))
                .ok_or_else(|| {
                    ResultsError::Mismatch(format!("scenario {id} is not one of this run's"))
                })?;
            if cells[params.clone()] != value_cells(expected)[..] {
                return Err(ResultsError::Mismatch(format!(
                    "scenario {id} has other parameter values than the spec gives it: \
                     it was written for another spec or seed"
                )));
            }
            done.insert(*id);
        }
        Ok(done)
    }

    /// Plans the base site (scenario 0) as every scenario is planned: the plan whose build
    /// the regret holds, and whose decisions stability counts. `None` when the base site
    /// cannot be planned.
    pub fn base_plan(&self, control: &Control) -> Result<Option<Plan>, Cancelled> {
        match self.plan(self.site.site(), control)?.0 {
            Planned::Plan(plan) => Ok(Some(*plan)),
            Planned::Not { .. } => Ok(None),
        }
    }

    /// Runs `scenarios` in parallel on the current rayon pool, calling `done` with each row
    /// as it finishes (in any order; the results file sorts them). `base` is the base plan
    /// ([`Sweep::base_plan`]) for the regret, and the base scenario's row. Stops starting scenarios when `control` is cancelled, and reports
    /// [`Phase::Sweep`] as the share of them done.
    pub fn run<'s>(
        &self,
        scenarios: impl IntoParallelIterator<Item = &'s Scenario>,
        base: Option<&Plan>,
        control: &Control,
        done: impl Fn(Row) + Sync,
    ) -> Result<(), Cancelled> {
        let scenarios: Vec<&Scenario> = scenarios.into_par_iter().collect();
        let total = scenarios.len().max(1);
        let finished = AtomicUsize::new(0);
        control.begin(Phase::Sweep);
        scenarios
            .into_par_iter()
            .with_max_len(1)
            .try_for_each(|scenario| {
                let row = self.run_one(scenario, base, control)?;
                done(row);
                let n = finished.fetch_add(1, Ordering::Relaxed) + 1;
                control.report(Phase::Sweep, n as f64 / total as f64);
                Ok(())
            })
    }

    /// One scenario's row (the base scenario's is `base`, when given).
    pub fn run_one(
        &self,
        scenario: &Scenario,
        base: Option<&Plan>,
        control: &Control,
    ) -> Result<Row, Cancelled> {
        if control.is_cancelled() {
            return Err(Cancelled);
        }
        // Each scenario's own phases are not the sweep's progress.
        let quiet = Control::new().with_cancel(control.cancel().clone());
        let mut row = Row::new(scenario.id, &scenario.values);
        let edits: Vec<Edit> = self
            .spec
            .parameters
            .iter()
            .zip(&scenario.values)
            .filter_map(|(p, v)| Some(Edit::new(p.path.clone(), v.clone()?)))
            .collect();
        let site = match self.site.edited(&edits) {
            Ok(site) => site,
            Err(e) => {
                row.status = RowStatus::Invalid;
                row.explanation = Some(site_problem(&e));
                return Ok(row);
            }
        };
        // The base site was planned once for the regret: its row is that plan.
        let (planned, model) = match base {
            Some(base) if scenario.is_base() => (Planned::Plan(Box::new(base.clone())), None),
            _ => self.plan(&site, &quiet)?,
        };
        let plan = match planned {
            Planned::Plan(plan) => plan,
            Planned::Not { status, why, short } => {
                row.status = status;
                row.explanation = Some(why);
                row.gpus_short = short;
                return Ok(row);
            }
        };
        row.record_plan(&plan, self.spec.simulate);
        if self.spec.regret
            && let Some(base) = base
        {
            // The base site's own plan is the base build: it costs what it does, and solving
            // it again would only add the heuristic's noise (relax-and-round re-rounds).
            // A scenario whose own build contains the base build's meets every floor
            // holding it would set: committing to the base build costs its own plan.
            let held = if scenario.is_base() {
                Held::Costs(base.objective_npv_usd)
            } else if plan::contains_build(&plan, base) {
                Held::Costs(plan.objective_npv_usd)
            } else {
                self.held(model, &site, base, &quiet)?
            };
            row.record_regret(held, plan.objective_npv_usd);
        }
        Ok(row)
    }

    /// Plans a scenario's site the way the spec says: through the closed loop when it
    /// simulates, else one solve — whose model is handed back for the regret to re-use.
    fn plan<'s>(
        &self,
        site: &'s LoadedSite,
        control: &Control,
    ) -> Result<(Planned, Option<plan::Formulated<'s>>), Cancelled> {
        let mut model = None;
        let outcome = if self.spec.simulate {
            match closed_loop::plan_that_holds(
                site,
                &self.options,
                &LoopOptions::default(),
                control,
            ) {
                Ok(done) => Ok(done.outcome),
                Err(LoopError::Cancelled) => return Err(Cancelled),
                Err(LoopError::Plan(e)) => Err(e),
                Err(e) => {
                    let why = e.to_string();
                    return Ok((
                        Planned::Not {
                            status: RowStatus::Error,
                            why,
                            short: None,
                        },
                        None,
                    ));
                }
            }
        } else {
            plan::formulate(site, &self.options, control).and_then(|f| {
                let outcome = f.solve(&self.options, control);
                model = Some(f);
                outcome
            })
        };
        let planned = match outcome {
            Ok(Outcome::Planned { plan, .. }) => Planned::Plan(Box::new(plan)),
            Ok(Outcome::Infeasible(explanation)) => Planned::Not {
                status: RowStatus::Infeasible,
                short: explanation.shortfalls.iter().map(|s| s.gpus_short).max(),
                why: explanation.lines().join("; "),
            },
            Ok(Outcome::Stopped { message, .. }) => Planned::Not {
                status: RowStatus::Stopped,
                why: message,
                short: None,
            },
            Err(PlanError::Cancelled) => return Err(Cancelled),
            Err(e) => Planned::Not {
                status: RowStatus::Error,
                why: e.to_string(),
                short: None,
            },
        };
        Ok((planned, model))
    }

    /// The base plan's build held in a scenario's site: its cost there, or why it cannot
    /// serve it.
    fn held(
        &self,
        model: Option<plan::Formulated>,
        site: &LoadedSite,
        base: &Plan,
        control: &Control,
    ) -> Result<Held, Cancelled> {
        let formulated = match model {
            Some(f) => Ok(f),
            None => plan::formulate(site, &self.options, control),
        };
        let mut formulated = match formulated {
            Ok(f) => f,
            Err(PlanError::Cancelled) => return Err(Cancelled),
            Err(e) => return Ok(Held::Not(e.to_string())),
        };
        if let Err(e) = formulated.hold_build(base) {
            return Ok(Held::Not(e.to_string()));
        }
        Ok(match formulated.solve(&self.options, control) {
            Ok(Outcome::Planned { plan, .. }) => Held::Costs(plan.objective_npv_usd),
            Ok(Outcome::Infeasible(explanation)) => Held::Not(format!(
                "the base build falls short: {}",
                explanation.lines().join("; ")
            )),
            Ok(Outcome::Stopped { message, .. }) => Held::Not(message),
            Err(PlanError::Cancelled) => return Err(Cancelled),
            Err(e) => Held::Not(e.to_string()),
        })
    }
}

/// What planning a scenario gave.
enum Planned {
    Plan(Box<Plan>),
    Not {
        status: RowStatus,
        why: String,
        short: Option<u64>,
    },
}

/// A scenario site's first error, in one line.
fn site_problem(e: &SiteError) -> String {
    match e {
        SiteError::Invalid(invalid) => invalid
            .diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error)
            .map_or_else(|| e.to_string(), |d| d.message.clone()),
        SiteError::Read { .. } => e.to_string(),
    }
}

/// One slice of a sweep for a job array: shard `index` (from 0) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which, from 0.
    pub index: usize,
    /// How many.
    pub count: usize,
}

impl Shard {
    /// The whole sweep.
    pub const ALL: Shard = Shard { index: 0, count: 1 };

    /// Whether scenario `id` is in this shard.
    pub fn has(self, id: usize) -> bool {
        id % self.count == self.index
    }
}

/// `I/N` with 1 ≤ I ≤ N, as a job array numbers its tasks from 1.
impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{text}` is not a shard: give I/N with 1 ≤ I ≤ N, e.g. 3/8");
        let (i, n) = text.split_once('/').ok_or_else(bad)?;
        let (i, n): (usize, usize) = (
            i.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if i == 0 || i > n {
            return Err(bad());
        }
        Ok(Shard {
            index: i - 1,
            count: n,
        })
    }
}
