//! Long work off the UI thread: a plan of the site, through the library's closed plan ↔
//! simulate loop (as `dcplan plan` runs it), on a thread of its own. It reports its phase
//! and progress and its end as messages on the UI's channel; a cancel stops it within a
//! solver iteration.

use std::sync::Arc;
use std::sync::mpsc::Sender;
use std::time::Instant;

use dcplan::closed_loop::{self, LoopError, LoopOptions};
use dcplan::control::{Cancel, Control, Phase};
use dcplan::plan::{Outcome, Plan, PlanError, PlanOptions};
use dcplan::site::LoadedSite;

use super::event::Event;

/// What a run tells the UI. Every message carries its run's number, so the UI can ignore
/// what a cancelled run still says after a new one started.
#[derive(Debug)]
pub(crate) enum WorkerMsg {
    /// The run's current phase and its share done (0–1).
    Progress {
        /// The phase.
        phase: Phase,
        /// Its share done.
        fraction: f64,
    },
    /// A plan, and the seconds it took.
    Planned {
        /// The plan.
        plan: Box<Plan>,
        /// Wall-clock seconds from start to plan.
        seconds: f64,
    },
    /// No plan: the targets cannot be met, the solver stopped, or planning failed; why.
    NotPlanned(String),
    /// Stopped by a cancel.
    Cancelled,
}

/// Starts and stops runs on one loaded site.
pub(crate) struct Worker {
    site: Arc<LoadedSite>,
    options: PlanOptions,
    tx: Sender<Event>,
    cancel: Option<Cancel>,
}

impl Worker {
    /// A worker for `site`, planned with `options`, reporting on `tx`.
    pub(crate) fn new(site: Arc<LoadedSite>, options: PlanOptions, tx: Sender<Event>) -> Worker {
        Worker {
            site,
            options,
            tx,
            cancel: None,
        }
    }

    /// Starts run number `run`, cancelling the one before if it is still going.
    pub(crate) fn plan(&mut self, run: u64) {
        self.cancel();
        let cancel = Cancel::new();
        self.cancel = Some(cancel.clone());
        let (site, options, tx) = (
            Arc::clone(&self.site),
            self.options.clone(),
            self.tx.clone(),
        );
        std::thread::spawn(move || {
            let progress = tx.clone();
            let control =
                Control::new()
                    .with_cancel(cancel)
                    .with_progress(move |phase, fraction| {
                        let _ = progress.send(Event::Worker {
                            run,
                            msg: WorkerMsg::Progress { phase, fraction },
                        });
                    });
            let msg = plan(&site, &options, &control);
            let _ = tx.send(Event::Worker { run, msg });
        });
    }

    /// Cancels the current run, if any (it then says [`WorkerMsg::Cancelled`]).
    pub(crate) fn cancel(&mut self) {
        if let Some(cancel) = self.cancel.take() {
            cancel.cancel();
        }
    }
}

/// Plans `site` as `dcplan plan` does, and says how it ended.
fn plan(site: &LoadedSite, options: &PlanOptions, control: &Control) -> WorkerMsg {
    let started = Instant::now();
    let outcome =
        match closed_loop::plan_that_holds(site, options, &LoopOptions::default(), control) {
            Ok(done) => Ok(done.outcome),
            Err(LoopError::Cancelled) => return WorkerMsg::Cancelled,
            Err(LoopError::Plan(e)) => Err(e),
            Err(e) => return WorkerMsg::NotPlanned(e.to_string()),
        };
    match outcome {
        Ok(Outcome::Planned { plan, .. }) => WorkerMsg::Planned {
            plan: Box::new(plan),
            seconds: started.elapsed().as_secs_f64(),
        },
        Ok(Outcome::Infeasible(explanation)) => WorkerMsg::NotPlanned(format!(
            "the targets cannot be met: {}",
            explanation.lines().join("; ")
        )),
        Ok(Outcome::Stopped { message, .. }) => {
            WorkerMsg::NotPlanned(format!("the solver stopped without a plan: {message}"))
        }
        Err(PlanError::Cancelled) => WorkerMsg::Cancelled,
        Err(e) => WorkerMsg::NotPlanned(e.to_string()),
    }
}
