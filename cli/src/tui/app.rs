//! The UI's state and what each action does to it. Nothing here draws or does I/O: the
//! views read an [`App`], and the shell carries out the [`Request`]s it returns (start or
//! cancel a plan), so every behaviour is a plain function call in tests.

use dcplan::control::Phase;
use dcplan::plan::Plan;
use dcplan::plan::document::Build;

use super::worker::WorkerMsg;

/// The tabs, in the order the tab bar shows them (digits select them from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tab {
    /// KPIs, and each year's headroom with its binding resource.
    Overview,
    /// What is ordered when, and when it enters service.
    Plan,
    /// Every key.
    Help,
}

impl Tab {
    /// Every tab, in order.
    pub(crate) const ALL: [Tab; 3] = [Tab::Overview, Tab::Plan, Tab::Help];

    /// Its title in the tab bar.
    pub(crate) fn title(self) -> &'static str {
        match self {
            Tab::Overview => "Overview",
            Tab::Plan => "Plan",
            Tab::Help => "Help",
        }
    }

    fn index(self) -> usize {
        Tab::ALL.iter().position(|&t| t == self).unwrap_or(0)
    }

    fn next(self) -> Tab {
        Tab::ALL[(self.index() + 1) % Tab::ALL.len()]
    }

    fn previous(self) -> Tab {
        Tab::ALL[(self.index() + Tab::ALL.len() - 1) % Tab::ALL.len()]
    }
}

/// What the user or the worker asks of the state.
#[derive(Debug)]
pub(crate) enum Action {
    /// Leave the UI.
    Quit,
    /// Back to the Overview; quit from it.
    Back,
    /// The next tab.
    NextTab,
    /// The previous tab.
    PrevTab,
    /// A given tab.
    Show(Tab),
    /// The previous year.
    Left,
    /// The next year.
    Right,
    /// Up a list.
    Up,
    /// Down a list.
    Down,
    /// Plan again.
    Replan,
    /// Cancel the plan in progress.
    Cancel,
    /// Draw again (the terminal was resized).
    Redraw,
    /// A worker message of run `run`.
    Worker {
        /// The run.
        run: u64,
        /// The message.
        msg: WorkerMsg,
    },
}

/// What the shell must do after an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Request {
    /// Start plan run `run` (cancelling any before it).
    Plan {
        /// Its number.
        run: u64,
    },
    /// Cancel the current run.
    Cancel,
}

/// The state of the background work.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Work {
    /// Nothing running.
    Idle,
    /// A plan in progress: its phase (once reported) and that phase's share done.
    Running {
        /// The phase.
        phase: Option<Phase>,
        /// Its share done (0–1).
        fraction: f64,
    },
    /// The last run gave no plan; why.
    Failed(String),
    /// The last run was cancelled.
    Cancelled,
}

/// The UI's whole state.
#[derive(Debug)]
pub(crate) struct App {
    site: String,
    tab: Tab,
    plan: Option<Plan>,
    plan_seconds: Option<f64>,
    work: Work,
    run: u64,
    year: usize,
    build: usize,
    running: bool,
}

impl App {
    /// The state for site `site` (its name), with a plan already made (`--plan`) or none.
    pub(crate) fn new(site: impl Into<String>, plan: Option<Plan>) -> App {
        App {
            site: site.into(),
            tab: Tab::Overview,
            plan,
            plan_seconds: None,
            work: Work::Idle,
            run: 0,
            year: 0,
            build: 0,
            running: true,
        }
    }

    /// Starts planning, unless a plan was given: the request for the shell, if any.
    pub(crate) fn start(&mut self) -> Option<Request> {
        if self.plan.is_some() {
            None
        } else {
            Some(self.begin_run())
        }
    }

    fn begin_run(&mut self) -> Request {
        self.run += 1;
        self.work = Work::Running {
            phase: None,
            fraction: 0.0,
        };
        Request::Plan { run: self.run }
    }

    /// Applies `action`; the request for the shell, if it needs one.
    pub(crate) fn handle(&mut self, action: Action) -> Option<Request> {
        match action {
            Action::Quit => self.running = false,
            Action::Back if self.tab == Tab::Overview => self.running = false,
            Action::Back => self.tab = Tab::Overview,
            Action::NextTab => self.tab = self.tab.next(),
            Action::PrevTab => self.tab = self.tab.previous(),
            Action::Show(tab) => self.tab = tab,
            Action::Left => self.year = self.year.saturating_sub(1),
            Action::Right => self.year = (self.year + 1).min(self.years().saturating_sub(1)),
            Action::Up => self.build = self.build.saturating_sub(1),
            Action::Down => self.build = (self.build + 1).min(self.builds().saturating_sub(1)),
            Action::Replan => return Some(self.begin_run()),
            Action::Cancel if matches!(self.work, Work::Running { .. }) => {
                return Some(Request::Cancel);
            }
            Action::Worker { run, msg } if run == self.run => self.worker(msg),
            // Nothing to cancel; a redraw changes nothing; a cancelled run's last words,
            // after a new run started, are not this run's.
            Action::Cancel | Action::Redraw | Action::Worker { .. } => {}
        }
        None
    }

    fn worker(&mut self, msg: WorkerMsg) {
        match msg {
            WorkerMsg::Progress { phase, fraction } => {
                self.work = Work::Running {
                    phase: Some(phase),
                    fraction,
                };
            }
            WorkerMsg::Planned { plan, seconds } => {
                self.plan = Some(*plan);
                self.plan_seconds = Some(seconds);
                self.work = Work::Idle;
                self.year = self.year.min(self.years().saturating_sub(1));
                self.build = self.build.min(self.builds().saturating_sub(1));
            }
            WorkerMsg::NotPlanned(why) => self.work = Work::Failed(why),
            WorkerMsg::Cancelled => self.work = Work::Cancelled,
        }
    }

    /// Whether the UI goes on.
    pub(crate) fn running(&self) -> bool {
        self.running
    }

    /// The site's name.
    pub(crate) fn site(&self) -> &str {
        &self.site
    }

    /// The tab shown.
    pub(crate) fn tab(&self) -> Tab {
        self.tab
    }

    /// The plan shown, once there is one (the last one stays while a new run goes on).
    pub(crate) fn plan(&self) -> Option<&Plan> {
        self.plan.as_ref()
    }

    /// Seconds the shown plan took, when this UI made it.
    pub(crate) fn plan_seconds(&self) -> Option<f64> {
        self.plan_seconds
    }

    /// The background work.
    pub(crate) fn work(&self) -> &Work {
        &self.work
    }

    /// The selected year's index into the plan's years.
    pub(crate) fn year(&self) -> usize {
        self.year
    }

    /// The selected row of the Plan tab's build list.
    pub(crate) fn build(&self) -> usize {
        self.build
    }

    fn years(&self) -> usize {
        self.plan.as_ref().map_or(0, |p| p.years.len())
    }

    fn builds(&self) -> usize {
        self.plan.as_ref().map_or(0, |p| listed_builds(p).count())
    }
}

/// The builds the Plan tab lists, in order (in-service year, then as the plan lists them).
pub(crate) fn listed_builds(plan: &Plan) -> impl Iterator<Item = &Build> {
    plan.years
        .iter()
        .flat_map(|y| &y.builds)
        .filter(|b| crate::labels::listed(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::views::tests::colo_plan;

    fn planned() -> App {
        App::new("colo", Some(colo_plan()))
    }

    #[test]
    fn tabs_cycle_both_ways_and_digits_and_help_jump() {
        let mut app = planned();
        assert_eq!(app.tab(), Tab::Overview);
        app.handle(Action::NextTab);
        assert_eq!(app.tab(), Tab::Plan);
        app.handle(Action::PrevTab);
        app.handle(Action::PrevTab);
        assert_eq!(app.tab(), Tab::Help, "wraps around");
        app.handle(Action::Show(Tab::Plan));
        assert_eq!(app.tab(), Tab::Plan);
    }

    #[test]
    fn esc_goes_back_to_the_overview_then_quits() {
        let mut app = planned();
        app.handle(Action::Show(Tab::Help));
        app.handle(Action::Back);
        assert_eq!(app.tab(), Tab::Overview);
        assert!(app.running());
        app.handle(Action::Back);
        assert!(!app.running());
    }

    #[test]
    fn the_year_and_build_selections_stay_within_the_plan() {
        let mut app = planned();
        let years = app.plan().unwrap().years.len();
        for _ in 0..years + 3 {
            app.handle(Action::Right);
        }
        assert_eq!(app.year(), years - 1);
        for _ in 0..years + 3 {
            app.handle(Action::Left);
        }
        assert_eq!(app.year(), 0);
        app.handle(Action::Up);
        assert_eq!(app.build(), 0);
        for _ in 0..1000 {
            app.handle(Action::Down);
        }
        assert_eq!(app.build(), app.builds() - 1);
    }

    #[test]
    fn a_run_reports_progress_then_its_plan_and_a_stale_run_is_ignored() {
        let mut app = App::new("colo", None);
        assert_eq!(app.start(), Some(Request::Plan { run: 1 }));
        assert_eq!(app.handle(Action::Cancel), Some(Request::Cancel));
        // Re-planning starts run 2; run 1's last words are ignored.
        assert_eq!(app.handle(Action::Replan), Some(Request::Plan { run: 2 }));
        app.handle(Action::Worker {
            run: 1,
            msg: WorkerMsg::Cancelled,
        });
        assert!(matches!(app.work(), Work::Running { phase: None, .. }));
        app.handle(Action::Worker {
            run: 2,
            msg: WorkerMsg::Progress {
                phase: Phase::Solve,
                fraction: 0.5,
            },
        });
        assert_eq!(
            app.work(),
            &Work::Running {
                phase: Some(Phase::Solve),
                fraction: 0.5
            }
        );
        app.handle(Action::Worker {
            run: 2,
            msg: WorkerMsg::Planned {
                plan: Box::new(colo_plan()),
                seconds: 0.5,
            },
        });
        assert_eq!(app.work(), &Work::Idle);
        assert!(app.plan().is_some());
        assert_eq!(app.handle(Action::Cancel), None, "nothing to cancel");
    }

    #[test]
    fn a_failed_run_keeps_the_plan_shown_before() {
        let mut app = planned();
        let Some(Request::Plan { run }) = app.handle(Action::Replan) else {
            panic!("re-planning asks for a run");
        };
        app.handle(Action::Worker {
            run,
            msg: WorkerMsg::NotPlanned("the targets cannot be met".into()),
        });
        assert!(matches!(app.work(), Work::Failed(_)));
        assert!(app.plan().is_some());
    }
}
