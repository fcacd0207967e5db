//! Long work off the UI thread, each run on a thread of its own reporting on the UI's channel:
//! planning a site through the library's closed plan ↔ simulate loop (as `dcplan plan` runs
//! it), its books, and its last build through the weather year; a what-if (the site with the
//! form's edits) the same way beside it; reading the site file again when it changes; saving
//! an edited site. Every message carries its run's number, and a cancel stops a run within a
//! solver iteration or a simulated hour.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use dcplan::closed_loop::{self, LoopError, LoopOptions};
use dcplan::control::{Cancel, Control, Phase};
use dcplan::files::{self, Overwrite};
use dcplan::finance::Ledger;
use dcplan::plan::{Outcome, Plan, PlanError, PlanOptions};
use dcplan::site::{Edit, EditableSite, LoadedSite, SiteError, save};
use dcplan::thermal::{self, Installed, SimOptions, SimRequest, YearReport};

use super::event::Event;
use super::whatif::{self, Field};

/// Which plan a run makes: the site's, or the what-if's beside it. Each has its own run, so
/// a what-if does not stop the site's plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// The site as its file (and `--set`) has it.
    Site,
    /// The site with the what-if form's edits.
    WhatIf,
}

/// A plan and what the UI shows of it beyond the plan document: its books, each hall's
/// envelope, and (once simulated) its last build through the weather year.
#[derive(Debug, Clone)]
pub(crate) struct Planned {
    /// The plan.
    pub(crate) plan: Plan,
    /// Its books (the finance ledger of the site it was made for).
    pub(crate) ledger: Ledger,
    /// Seconds the plan took, when this UI made it.
    pub(crate) seconds: Option<f64>,
    /// Per hall of the site, its name and its class's recommended and allowable upper inlet
    /// limits (°C), for the heatmap.
    pub(crate) envelopes: Vec<(String, f64, f64)>,
    /// The last year's build through the weather year: `None` while it runs, an error if it
    /// could not.
    pub(crate) year: Option<Result<YearReport, String>>,
}

impl Planned {
    /// `plan` of `site`, with its books and envelopes; not yet simulated.
    pub(crate) fn new(site: &LoadedSite, plan: Plan, seconds: Option<f64>) -> Planned {
        Planned {
            ledger: plan.ledger(&site.site),
            envelopes: site
                .site
                .hall
                .iter()
                .map(|h| {
                    (
                        h.name.clone(),
                        h.ashrae_class.recommended_c().1,
                        h.ashrae_class.allowable_c().1,
                    )
                })
                .collect(),
            plan,
            seconds,
            year: None,
        }
    }
}

/// What a run tells the UI.
#[derive(Debug)]
pub(crate) enum WorkerMsg {
    /// The run's current phase and its share done (0–1).
    Progress {
        /// The phase.
        phase: Phase,
        /// Its share done.
        fraction: f64,
    },
    /// A plan, with its books; its year's simulation follows.
    Planned(Box<Planned>),
    /// The plan's last build through the weather year, or why it could not run.
    Simulated(Result<Box<YearReport>, String>),
    /// No plan: the targets cannot be met, the solver stopped, or planning failed; why.
    NotPlanned(String),
    /// The site (read again, or with the what-if's edits) has errors: each one rendered with
    /// its place, as lines.
    Invalid(Vec<String>),
    /// The site file was read again and is valid: its name and the what-if form's fields for
    /// it (planning follows in the same run).
    Reloaded {
        /// The site's name.
        name: String,
        /// The form, at the new site's values.
        fields: Vec<Field>,
    },
    /// An edited site was written to this file, or why not.
    Saved(Result<PathBuf, SaveProblem>),
    /// Stopped by a cancel.
    Cancelled,
}

/// Why an edited site was not saved.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SaveProblem {
    /// The file exists (or is the site file itself): it is replaced only when confirmed.
    Exists(PathBuf),
    /// It could not be written; why.
    Failed(String),
}

/// Starts and stops runs on the site, which it reads again on request.
pub(crate) struct Worker {
    site: Arc<Mutex<Arc<EditableSite>>>,
    path: PathBuf,
    set: Vec<Edit>,
    options: PlanOptions,
    tx: Sender<Event>,
    cancels: [Option<Cancel>; 2],
}

impl Worker {
    /// A worker for `site` (read from `path` with the edits `set`), planned with `options`,
    /// reporting on `tx`.
    pub(crate) fn new(
        site: EditableSite,
        path: PathBuf,
        set: Vec<Edit>,
        options: PlanOptions,
        tx: Sender<Event>,
    ) -> Worker {
        Worker {
            site: Arc::new(Mutex::new(Arc::new(site))),
            path,
            set,
            options,
            tx,
            cancels: [None, None],
        }
    }

    fn site(&self) -> Arc<EditableSite> {
        Arc::clone(&self.site.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Starts run `run` for `target` (cancelling that target's run before), doing `work` on
    /// a thread with a control that reports progress and hears the cancel.
    fn spawn(
        &mut self,
        run: u64,
        target: Target,
        work: impl FnOnce(&Control, &Reply) + Send + 'static,
    ) {
        self.cancel(target);
        let cancel = Cancel::new();
        self.cancels[target as usize] = Some(cancel.clone());
        let reply = Reply {
            tx: self.tx.clone(),
            run,
        };
        std::thread::spawn(move || {
            let progress = reply.clone();
            let control =
                Control::new()
                    .with_cancel(cancel)
                    .with_progress(move |phase, fraction| {
                        progress.send(WorkerMsg::Progress { phase, fraction });
                    });
            work(&control, &reply);
        });
    }

    /// Plans the site (run `run`), then its books and year.
    pub(crate) fn plan(&mut self, run: u64) {
        let (site, options) = (self.site(), self.options.clone());
        self.spawn(run, Target::Site, move |control, reply| {
            plan_and_simulate(site.site(), &options, control, reply);
        });
    }

    /// Books and simulates a plan made before (`--plan`), as run `run`.
    pub(crate) fn derive(&mut self, run: u64, plan: Plan) {
        let site = self.site();
        self.spawn(run, Target::Site, move |control, reply| {
            let planned = Planned::new(site.site(), plan, None);
            let last = planned.plan.clone();
            reply.send(WorkerMsg::Planned(Box::new(planned)));
            simulate(site.site(), &last, control, reply);
        });
    }

    /// Plans the site with `edits` after its own (run `run`), beside the site's plan.
    pub(crate) fn what_if(&mut self, run: u64, edits: Vec<Edit>) {
        let (site, options) = (self.site(), self.options.clone());
        self.spawn(run, Target::WhatIf, move |control, reply| {
            match site.edited(&edits) {
                Ok(edited) => plan_and_simulate(&edited, &options, control, reply),
                Err(e) => reply.send(WorkerMsg::Invalid(site_problems(&e))),
            }
        });
    }

    /// Reads the site file again (with the `--set` edits); if it is valid, it becomes the
    /// site and is planned (run `run`); if not, its problems are reported and the site
    /// stays as it was.
    pub(crate) fn reload(&mut self, run: u64) {
        let (shared, path, set, options) = (
            Arc::clone(&self.site),
            self.path.clone(),
            self.set.clone(),
            self.options.clone(),
        );
        self.spawn(run, Target::Site, move |control, reply| {
            let loaded = EditableSite::load(&path).and_then(|mut site| {
                site.apply(&set)?;
                Ok(site)
            });
            match loaded {
                Ok(site) => {
                    let site = Arc::new(site);
                    *shared.lock().unwrap_or_else(PoisonError::into_inner) = Arc::clone(&site);
                    reply.send(WorkerMsg::Reloaded {
                        name: site.site().site.site.name.clone(),
                        fields: whatif::fields(&site.site().site),
                    });
                    plan_and_simulate(site.site(), &options, control, reply);
                }
                Err(e) => reply.send(WorkerMsg::Invalid(site_problems(&e))),
            }
        });
    }

    /// Writes the site with `edits` to `path` (the file's comments and layout kept); an
    /// existing file, the site file included, only when `replace` (the user confirmed).
    /// Never a weather or profile file the site reads.
    pub(crate) fn save(&self, run: u64, path: PathBuf, edits: Vec<Edit>, replace: bool) {
        let (site, original) = (self.site(), self.path.clone());
        let reply = Reply {
            tx: self.tx.clone(),
            run,
        };
        std::thread::spawn(move || {
            reply.send(WorkerMsg::Saved(save_to(
                &site, &original, &path, &edits, replace,
            )));
        });
    }

    /// Cancels `target`'s run, if any (it then says [`WorkerMsg::Cancelled`]).
    pub(crate) fn cancel(&mut self, target: Target) {
        if let Some(cancel) = self.cancels[target as usize].take() {
            cancel.cancel();
        }
    }

    /// Cancels every run.
    pub(crate) fn cancel_all(&mut self) {
        self.cancel(Target::Site);
        self.cancel(Target::WhatIf);
    }
}

/// A run's way back to the UI.
#[derive(Clone)]
struct Reply {
    tx: Sender<Event>,
    run: u64,
}

impl Reply {
    fn send(&self, msg: WorkerMsg) {
        // The UI gone means nobody is listening: nothing to do.
        let _ = self.tx.send(Event::Worker { run: self.run, msg });
    }
}

/// Plans `site` as `dcplan plan` does, then its year; says how each ended.
fn plan_and_simulate(site: &LoadedSite, options: &PlanOptions, control: &Control, reply: &Reply) {
    let started = Instant::now();
    match plan(site, options, control) {
        Ok(plan) => {
            let planned = Planned::new(site, plan, Some(started.elapsed().as_secs_f64()));
            let plan = planned.plan.clone();
            reply.send(WorkerMsg::Planned(Box::new(planned)));
            simulate(site, &plan, control, reply);
        }
        Err(msg) => reply.send(msg),
    }
}

/// The closed-loop plan of `site`, or the message saying why there is none.
fn plan(site: &LoadedSite, options: &PlanOptions, control: &Control) -> Result<Plan, WorkerMsg> {
    let outcome =
        match closed_loop::plan_that_holds(site, options, &LoopOptions::default(), control) {
            Ok(done) => Ok(done.outcome),
            Err(LoopError::Cancelled) => return Err(WorkerMsg::Cancelled),
            Err(LoopError::Plan(e)) => Err(e),
            Err(e) => return Err(WorkerMsg::NotPlanned(e.to_string())),
        };
    match outcome {
        Ok(Outcome::Planned { plan, .. }) => Ok(plan),
        Ok(Outcome::Infeasible(explanation)) => Err(WorkerMsg::NotPlanned(format!(
            "the targets cannot be met: {}",
            explanation.lines().join("; ")
        ))),
        Ok(Outcome::Stopped { message, .. }) => Err(WorkerMsg::NotPlanned(format!(
            "the solver stopped without a plan: {message}"
        ))),
        Err(PlanError::Cancelled) => Err(WorkerMsg::Cancelled),
        Err(e) => Err(WorkerMsg::NotPlanned(e.to_string())),
    }
}

/// The plan's last year's build through the weather year at hour steps (the closed loop's
/// annual step: PUE to 1e-6 and inlet percentiles to 0.15 K of 60 s steps), as the site
/// states its load; `None` if cancelled.
pub(crate) fn weather_year(
    site: &LoadedSite,
    plan: &Plan,
    control: &Control,
) -> Option<Result<YearReport, String>> {
    let request = SimRequest {
        options: SimOptions {
            step_s: LoopOptions::default().annual_step_s,
            ..SimOptions::default()
        },
        ..SimRequest::default()
    };
    let build = match Installed::from_plan(&site.site, plan, None) {
        Ok(build) => build,
        Err(e) => return Some(Err(e.to_string())),
    };
    match thermal::run(site, &build, &request, control) {
        Ok(report) => Some(Ok(report.year)),
        Err(thermal::SimError::Cancelled) => None,
        Err(e) => Some(Err(e.to_string())),
    }
}

/// Simulates the plan's year and says how it went.
fn simulate(site: &LoadedSite, plan: &Plan, control: &Control, reply: &Reply) {
    reply.send(match weather_year(site, plan, control) {
        Some(year) => WorkerMsg::Simulated(year.map(Box::new)),
        None => WorkerMsg::Cancelled,
    });
}

/// A site error as lines with each problem's place, as `dcplan validate` renders them.
fn site_problems(e: &SiteError) -> Vec<String> {
    let text = match e {
        SiteError::Read { .. } => e.to_string(),
        SiteError::Invalid(invalid) => format!(
            "{e}\n{}",
            crate::cli::diagnostics::render(
                &invalid.source,
                &invalid.edits,
                invalid.errors(),
                false
            )
        ),
    };
    text.lines().map(str::to_owned).collect()
}

/// Writes `site` with `edits` to `path`; see [`Worker::save`].
fn save_to(
    site: &EditableSite,
    original: &Path,
    path: &Path,
    edits: &[Edit],
    replace: bool,
) -> Result<PathBuf, SaveProblem> {
    let edited = site
        .edited(edits)
        .map_err(|e| SaveProblem::Failed(site_problems(&e).join("\n")))?;
    let text = save::edited_text(&edited).map_err(|e| SaveProblem::Failed(e.to_string()))?;
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if !replace && (path.exists() || same(path, original)) {
        return Err(SaveProblem::Exists(path.to_owned()));
    }
    // The site file is replaced when confirmed; the files it reads never are.
    let inputs: Vec<_> = edited
        .files
        .iter()
        .filter(|(p, _)| !same(p, original))
        .cloned()
        .collect();
    let overwrite = if replace {
        Overwrite::Replace
    } else {
        Overwrite::Never
    };
    files::write(path, text.as_bytes(), overwrite, &inputs)
        .map(|()| path.to_owned())
        .map_err(|e| SaveProblem::Failed(e.to_string()))
}
