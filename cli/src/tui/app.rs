//! The UI's state and what each action does to it. Nothing here draws or does I/O: the
//! views read an [`App`], and the shell carries out the [`Request`]s it returns (plan, cancel,
//! read the site again, save), so every behaviour is a plain function call in tests.

use std::path::{Path, PathBuf};

use dcplan::control::Phase;
use dcplan::plan::Plan;
use dcplan::plan::document::Build;
use dcplan::site::Edit;
use dcplan::sweep::Summary;

use super::whatif::{self, Field};
use super::worker::{Planned, SaveProblem, Target, WorkerMsg};

/// The tabs, in the order the tab bar shows them (digits select them from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tab {
    /// KPIs, and each year's headroom with its binding resource.
    Overview,
    /// What is ordered when, and when it enters service.
    Plan,
    /// A day's dispatch, monthly peaks against the contracts, energy by source.
    Power,
    /// Rack inlets per hall, PUE and WUE through the year, ride-through.
    Thermal,
    /// Capex by year and class, cash flow, NPV, cost per GPU-year.
    Finance,
    /// A sweep's tornado, percentiles and decision stability.
    Scenarios,
    /// Change assumptions, plan again, compare with the site's plan, save.
    WhatIf,
    /// Every key.
    Help,
}

impl Tab {
    /// Every tab, in order.
    pub(crate) const ALL: [Tab; 8] = [
        Tab::Overview,
        Tab::Plan,
        Tab::Power,
        Tab::Thermal,
        Tab::Finance,
        Tab::Scenarios,
        Tab::WhatIf,
        Tab::Help,
    ];

    /// Its title in the tab bar.
    pub(crate) fn title(self) -> &'static str {
        match self {
            Tab::Overview => "Overview",
            Tab::Plan => "Plan",
            Tab::Power => "Power",
            Tab::Thermal => "Thermal",
            Tab::Finance => "Finance",
            Tab::Scenarios => "Scenarios",
            Tab::WhatIf => "What-if",
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
    /// Close a detail, else back to the Overview; quit from it.
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
    /// Open the selection's detail (a year, a build, a hall); edit a what-if field.
    Enter,
    /// `+`: the next value of a what-if field.
    Increase,
    /// `-`: the previous value of a what-if field.
    Decrease,
    /// A character typed into a text being edited.
    Type(char),
    /// Delete the character before the cursor of a text being edited.
    Backspace,
    /// Clear the text being edited.
    ClearText,
    /// Plan again (the site, or on the What-if tab the what-if).
    Replan,
    /// Cancel the plan in progress.
    Cancel,
    /// Save the what-if's site to a file (asks for its name).
    Save,
    /// Put the what-if form back to the site's values.
    Reset,
    /// Yes to a question.
    Yes,
    /// No to a question.
    No,
    /// The site file changed on disk.
    SiteChanged,
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
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Request {
    /// Plan the site as run `run` (cancelling its run before).
    Plan {
        /// Its number.
        run: u64,
    },
    /// Book and simulate the plan given (`--plan`) as run `run`.
    Derive {
        /// Its number.
        run: u64,
        /// The plan.
        plan: Box<Plan>,
    },
    /// Plan the site with `edits` as run `run`, beside the site's plan.
    WhatIf {
        /// Its number.
        run: u64,
        /// The form's edits.
        edits: Vec<Edit>,
    },
    /// Read the site file again and, if valid, plan it as run `run`.
    Reload {
        /// Its number.
        run: u64,
    },
    /// Write the site with `edits` to `path` (replacing a file there only if `replace`).
    Save {
        /// The run whose answer is awaited.
        run: u64,
        /// The file.
        path: PathBuf,
        /// The form's edits.
        edits: Vec<Edit>,
        /// The user confirmed replacing the file.
        replace: bool,
    },
    /// Cancel a target's run.
    Cancel(Target),
}

/// The state of a target's background work.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Work {
    /// Nothing running.
    Idle,
    /// A run in progress: its phase (once reported) and that phase's share done.
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

/// What the keyboard is typing into, if anything: the keys then edit text, not the UI.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Input {
    /// Keys are commands.
    Normal,
    /// Editing a what-if field's text (Enter keeps it, Esc drops it).
    Field(String),
    /// Typing the file to save the what-if's site to.
    SavePath(String),
    /// Asking whether to replace this existing file.
    Confirm(PathBuf),
}

/// One plan's slot: the run making it and what it has given so far.
#[derive(Debug, Default)]
pub(crate) struct Slot {
    run: u64,
    planned: Option<Planned>,
    work: Option<Work>,
}

impl Slot {
    /// The plan and its derived figures, once there is one (kept while a new run goes on).
    pub(crate) fn planned(&self) -> Option<&Planned> {
        self.planned.as_ref()
    }

    /// The slot's background work.
    pub(crate) fn work(&self) -> &Work {
        self.work.as_ref().unwrap_or(&Work::Idle)
    }

    fn begin(&mut self, run: u64) {
        self.run = run;
        self.work = Some(Work::Running {
            phase: None,
            fraction: 0.0,
        });
    }

    /// Applies a message of this slot's run.
    fn hear(&mut self, msg: WorkerMsg) {
        match msg {
            WorkerMsg::Progress { phase, fraction } => {
                self.work = Some(Work::Running {
                    phase: Some(phase),
                    fraction,
                });
            }
            WorkerMsg::Planned(planned) => self.planned = Some(*planned),
            WorkerMsg::Simulated(year) => {
                if let Some(p) = &mut self.planned {
                    p.year = Some(year.map(|y| *y));
                }
                self.work = Some(Work::Idle);
            }
            WorkerMsg::NotPlanned(why) => self.work = Some(Work::Failed(why)),
            WorkerMsg::Cancelled => self.work = Some(Work::Cancelled),
            WorkerMsg::Invalid(lines) => self.work = Some(Work::Failed(lines.join("\n"))),
            WorkerMsg::Reloaded { .. } | WorkerMsg::Saved(_) => {}
        }
    }
}

/// The what-if: its form, its plan and the save in progress.
#[derive(Debug)]
pub(crate) struct WhatIf {
    fields: Vec<Field>,
    field: usize,
    slot: Slot,
    /// The changed fields the shown what-if plan was made with (`label: value`); `None`
    /// before the first.
    planned_with: Option<Vec<String>>,
    /// The last word of a save, or of a form that does not read.
    message: Option<(bool, String)>,
    save_run: u64,
}

impl WhatIf {
    /// The form's fields.
    pub(crate) fn fields(&self) -> &[Field] {
        &self.fields
    }

    /// The selected field.
    pub(crate) fn field(&self) -> usize {
        self.field
    }

    /// The what-if's plan slot.
    pub(crate) fn slot(&self) -> &Slot {
        &self.slot
    }

    /// The last word about the form or a save: whether it is a problem, and the text.
    pub(crate) fn message(&self) -> Option<(bool, &str)> {
        self.message.as_ref().map(|(bad, m)| (*bad, m.as_str()))
    }

    /// The changed fields the shown what-if was planned with, as `label: value`; `None`
    /// before the first.
    pub(crate) fn planned_with(&self) -> Option<&[String]> {
        self.planned_with.as_deref()
    }
}

/// The UI's whole state.
#[derive(Debug)]
pub(crate) struct App {
    site: String,
    path: PathBuf,
    tab: Tab,
    base: Slot,
    /// A plan given on the command line, until it is handed to the worker to book and
    /// simulate (instead of planning the site).
    given: Option<Plan>,
    /// Whether the plan shown first came from the command line.
    from_file: bool,
    /// The site file's problems after it changed on disk (the last valid site stays).
    problems: Vec<String>,
    whatif: WhatIf,
    sweep: Option<(String, Summary)>,
    input: Input,
    detail: bool,
    runs: u64,
    year: usize,
    build: usize,
    day: usize,
    hall: usize,
    running: bool,
}

impl App {
    /// The state for the site named `site`, read from `path`, with its what-if form
    /// `fields`, a plan made before (`--plan`) or none, and a sweep's summary (`--sweep`,
    /// with its file's name) or none.
    pub(crate) fn new(
        site: impl Into<String>,
        path: impl Into<PathBuf>,
        fields: Vec<Field>,
        plan: Option<Plan>,
        sweep: Option<(String, Summary)>,
    ) -> App {
        App {
            site: site.into(),
            path: path.into(),
            tab: Tab::Overview,
            base: Slot::default(),
            from_file: plan.is_some(),
            given: plan,
            problems: Vec::new(),
            whatif: WhatIf {
                fields,
                field: 0,
                slot: Slot::default(),
                planned_with: None,
                message: None,
                save_run: 0,
            },
            sweep,
            input: Input::Normal,
            detail: false,
            runs: 0,
            year: 0,
            build: 0,
            day: 0,
            hall: 0,
            running: true,
        }
    }

    /// The first request: book and simulate a given plan, or plan the site.
    pub(crate) fn start(&mut self) -> Request {
        let run = self.next_run();
        self.base.begin(run);
        if let Some(plan) = self.given.take() {
            Request::Derive {
                run,
                plan: Box::new(plan),
            }
        } else {
            Request::Plan { run }
        }
    }

    fn next_run(&mut self) -> u64 {
        self.runs += 1;
        self.runs
    }

    /// Applies `action`; the request for the shell, if it needs one.
    pub(crate) fn handle(&mut self, action: Action) -> Option<Request> {
        if let Action::Worker { run, msg } = action {
            return self.worker(run, msg);
        }
        match self.input.clone() {
            Input::Normal => self.command(&action),
            Input::Field(text) => self.edit_field(&action, text),
            Input::SavePath(text) => self.edit_save_path(&action, text),
            Input::Confirm(path) => self.confirm(&action, path),
        }
    }

    fn command(&mut self, action: &Action) -> Option<Request> {
        match action {
            Action::Quit => self.running = false,
            Action::Back if self.detail => self.detail = false,
            Action::Back if self.tab == Tab::Overview => self.running = false,
            Action::Back => self.show(Tab::Overview),
            Action::NextTab => self.show(self.tab.next()),
            Action::PrevTab => self.show(self.tab.previous()),
            Action::Show(tab) => self.show(*tab),
            Action::Left => self.year = self.year.saturating_sub(1),
            Action::Right => self.year = (self.year + 1).min(self.years().saturating_sub(1)),
            Action::Up => self.move_selection(false),
            Action::Down => self.move_selection(true),
            Action::Enter if self.tab == Tab::WhatIf => {
                if let Some(f) = self.whatif.fields.get(self.whatif.field) {
                    self.input = Input::Field(f.value.clone());
                }
            }
            Action::Enter => {
                self.detail = matches!(self.tab, Tab::Overview | Tab::Plan | Tab::Thermal)
                    && self.base.planned.is_some();
            }
            Action::Increase | Action::Decrease if self.tab == Tab::WhatIf => {
                if let Some(f) = self.whatif.fields.get_mut(self.whatif.field) {
                    f.step(matches!(action, Action::Increase));
                }
            }
            Action::Replan if self.tab == Tab::WhatIf => return self.plan_what_if(),
            Action::Replan => {
                let run = self.next_run();
                self.base.begin(run);
                return Some(Request::Plan { run });
            }
            Action::Cancel => {
                let target = if self.tab == Tab::WhatIf {
                    (Target::WhatIf, &self.whatif.slot)
                } else {
                    (Target::Site, &self.base)
                };
                if matches!(target.1.work(), Work::Running { .. }) {
                    return Some(Request::Cancel(target.0));
                }
            }
            Action::Save if self.tab == Tab::WhatIf => {
                self.input = Input::SavePath(self.default_save_path().display().to_string());
            }
            Action::Reset if self.tab == Tab::WhatIf => {
                for f in &mut self.whatif.fields {
                    f.value = f.original.clone();
                }
                self.whatif.message = None;
            }
            Action::SiteChanged => {
                let run = self.next_run();
                self.base.begin(run);
                return Some(Request::Reload { run });
            }
            // Keys that mean nothing on this tab, or with nothing to act on.
            Action::Increase
            | Action::Decrease
            | Action::Type(_)
            | Action::Backspace
            | Action::ClearText
            | Action::Save
            | Action::Reset
            | Action::Yes
            | Action::No
            | Action::Redraw
            | Action::Worker { .. } => {}
        }
        None
    }

    fn show(&mut self, tab: Tab) {
        self.tab = tab;
        self.detail = false;
    }

    fn move_selection(&mut self, down: bool) {
        let (at, len) = match self.tab {
            Tab::Plan => (
                &mut self.build,
                self.base
                    .planned
                    .as_ref()
                    .map_or(0, |p| listed_builds(&p.plan).count()),
            ),
            Tab::Power => (
                &mut self.day,
                self.base.planned.as_ref().map_or(0, |p| p.plan.days.len()),
            ),
            Tab::Thermal => (
                &mut self.hall,
                self.base.planned.as_ref().map_or(0, simulated_halls),
            ),
            Tab::WhatIf => (&mut self.whatif.field, self.whatif.fields.len()),
            _ => return,
        };
        *at = if down {
            (*at + 1).min(len.saturating_sub(1))
        } else {
            at.saturating_sub(1)
        };
    }

    /// Starts the what-if run, unless the form does not read (then says why).
    fn plan_what_if(&mut self) -> Option<Request> {
        match whatif::edits(&self.whatif.fields) {
            Ok(edits) => {
                self.whatif.message = None;
                let run = self.next_run();
                self.whatif.slot.begin(run);
                self.whatif.planned_with = Some(
                    self.whatif
                        .fields
                        .iter()
                        .filter(|f| f.changed())
                        .map(|f| format!("{}: {}", f.label, f.value))
                        .collect(),
                );
                Some(Request::WhatIf { run, edits })
            }
            Err(why) => {
                self.whatif.message = Some((true, why));
                None
            }
        }
    }

    fn edit_field(&mut self, action: &Action, mut text: String) -> Option<Request> {
        if typed(action, &mut text) {
            self.input = Input::Field(text);
            return None;
        }
        match action {
            Action::Enter => {
                if let Some(f) = self.whatif.fields.get_mut(self.whatif.field) {
                    text.trim().clone_into(&mut f.value);
                }
                self.input = Input::Normal;
            }
            Action::Back => self.input = Input::Normal,
            Action::Quit => self.running = false,
            _ => {}
        }
        None
    }

    fn edit_save_path(&mut self, action: &Action, mut text: String) -> Option<Request> {
        if typed(action, &mut text) {
            self.input = Input::SavePath(text);
            return None;
        }
        match action {
            Action::Enter if !text.trim().is_empty() => {
                self.input = Input::Normal;
                return self.save(PathBuf::from(text.trim()), false);
            }
            Action::Back => self.input = Input::Normal,
            Action::Quit => self.running = false,
            _ => {}
        }
        None
    }

    fn confirm(&mut self, action: &Action, path: PathBuf) -> Option<Request> {
        match action {
            Action::Yes => {
                self.input = Input::Normal;
                self.save(path, true)
            }
            Action::No | Action::Back => {
                self.input = Input::Normal;
                self.whatif.message = Some((false, format!("not saved: {} kept", path.display())));
                None
            }
            Action::Quit => {
                self.running = false;
                None
            }
            _ => None,
        }
    }

    fn save(&mut self, path: PathBuf, replace: bool) -> Option<Request> {
        match whatif::edits(&self.whatif.fields) {
            Ok(edits) => {
                let run = self.next_run();
                self.whatif.save_run = run;
                Some(Request::Save {
                    run,
                    path,
                    edits,
                    replace,
                })
            }
            Err(why) => {
                self.whatif.message = Some((true, why));
                None
            }
        }
    }

    /// Where the what-if's site is saved unless the user says otherwise: beside the site
    /// file, `NAME-whatif.toml`.
    fn default_save_path(&self) -> PathBuf {
        let stem = self
            .path
            .file_stem()
            .map_or_else(|| "site".into(), |s| s.to_string_lossy());
        self.path
            .parent()
            .unwrap_or(Path::new(""))
            .join(format!("{stem}-whatif.toml"))
    }

    fn worker(&mut self, run: u64, msg: WorkerMsg) -> Option<Request> {
        if run == self.base.run {
            match msg {
                WorkerMsg::Reloaded { name, fields } => {
                    self.site = name;
                    self.problems.clear();
                    // The form starts again from the new site's values.
                    self.whatif.fields = fields;
                    self.whatif.field = self
                        .whatif
                        .field
                        .min(self.whatif.fields.len().saturating_sub(1));
                }
                WorkerMsg::Invalid(lines) => {
                    self.problems = lines;
                    self.base.work = Some(Work::Idle);
                }
                msg => {
                    self.base.hear(msg);
                    self.clamp_selections();
                }
            }
        } else if run == self.whatif.slot.run {
            self.whatif.slot.hear(msg);
        } else if let (true, WorkerMsg::Saved(result)) = (run == self.whatif.save_run, msg) {
            match result {
                Ok(path) => {
                    self.whatif.message = Some((false, format!("saved {}", path.display())));
                }
                Err(SaveProblem::Exists(path)) => self.input = Input::Confirm(path),
                Err(SaveProblem::Failed(why)) => self.whatif.message = Some((true, why)),
            }
        }
        // Anything else is a cancelled run's last word, after a new run started.
        None
    }

    fn clamp_selections(&mut self) {
        let Some(p) = &self.base.planned else { return };
        let last = |n: usize| n.saturating_sub(1);
        self.year = self.year.min(last(p.plan.years.len()));
        self.build = self.build.min(last(listed_builds(&p.plan).count()));
        self.day = self.day.min(last(p.plan.days.len()));
        self.hall = self.hall.min(last(simulated_halls(p)));
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

    /// The site's plan and its derived figures, once there is one.
    pub(crate) fn planned(&self) -> Option<&Planned> {
        self.base.planned()
    }

    /// The site's plan, once there is one (the last one stays while a new run goes on).
    pub(crate) fn plan(&self) -> Option<&Plan> {
        self.planned().map(|p| &p.plan)
    }

    /// The site's background work.
    pub(crate) fn work(&self) -> &Work {
        self.base.work()
    }

    /// Whether the plan shown was given on the command line.
    pub(crate) fn plan_from_file(&self) -> bool {
        self.from_file
    }

    /// The site file's problems since it last changed (empty when it reads).
    pub(crate) fn problems(&self) -> &[String] {
        &self.problems
    }

    /// The what-if.
    pub(crate) fn what_if(&self) -> &WhatIf {
        &self.whatif
    }

    /// The sweep's file name and summary, with `--sweep`.
    pub(crate) fn sweep(&self) -> Option<(&str, &Summary)> {
        self.sweep.as_ref().map(|(n, s)| (n.as_str(), s))
    }

    /// What the keyboard is typing into.
    pub(crate) fn input(&self) -> &Input {
        &self.input
    }

    /// Whether the selection's detail is open.
    pub(crate) fn detail(&self) -> bool {
        self.detail
    }

    /// The selected year's index into the plan's years.
    pub(crate) fn year(&self) -> usize {
        self.year
    }

    /// The selected row of the Plan tab's build list.
    pub(crate) fn build(&self) -> usize {
        self.build
    }

    /// The selected modelled day (Power tab).
    pub(crate) fn day(&self) -> usize {
        self.day
    }

    /// The selected hall (Thermal tab).
    pub(crate) fn hall(&self) -> usize {
        self.hall
    }

    fn years(&self) -> usize {
        self.plan().map_or(0, |p| p.years.len())
    }
}

/// Halls in the plan's simulated year (none before it is simulated).
fn simulated_halls(p: &Planned) -> usize {
    p.year
        .as_ref()
        .and_then(|y| y.as_ref().ok())
        .map_or(0, |y| y.halls.len())
}

/// The builds the Plan tab lists, in order (in-service year, then as the plan lists them).
pub(crate) fn listed_builds(plan: &Plan) -> impl Iterator<Item = &Build> {
    plan.years
        .iter()
        .flat_map(|y| &y.builds)
        .filter(|b| crate::labels::listed(b))
}

/// Applies a typing key (a character, Backspace, Ctrl-U) to `text`; whether it was one.
fn typed(action: &Action, text: &mut String) -> bool {
    match action {
        Action::Type(c) => text.push(*c),
        Action::Backspace => {
            text.pop();
        }
        Action::ClearText => text.clear(),
        _ => return false,
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::views::tests::{colo_app, colo_planned, colo_site, sample};

    fn idle() -> App {
        App::new(
            "colo",
            sample("colo-retrofit.toml"),
            whatif::fields(&colo_site().site().site),
            None,
            None,
        )
    }

    #[test]
    fn tabs_cycle_both_ways_and_digits_and_help_jump() {
        let mut app = colo_app();
        assert_eq!(app.tab(), Tab::Overview);
        app.handle(Action::NextTab);
        assert_eq!(app.tab(), Tab::Plan);
        app.handle(Action::PrevTab);
        app.handle(Action::PrevTab);
        assert_eq!(app.tab(), Tab::Help, "wraps around");
        app.handle(Action::Show(Tab::Finance));
        assert_eq!(app.tab(), Tab::Finance);
    }

    #[test]
    fn esc_closes_a_detail_then_goes_back_to_the_overview_then_quits() {
        let mut app = colo_app();
        app.handle(Action::Show(Tab::Plan));
        app.handle(Action::Enter);
        assert!(app.detail());
        app.handle(Action::Back);
        assert!(!app.detail());
        assert_eq!(app.tab(), Tab::Plan);
        app.handle(Action::Back);
        assert_eq!(app.tab(), Tab::Overview);
        assert!(app.running());
        app.handle(Action::Back);
        assert!(!app.running());
    }

    #[test]
    fn selections_stay_within_what_they_select() {
        let mut app = colo_app();
        let years = app.plan().unwrap().years.len();
        for _ in 0..years + 3 {
            app.handle(Action::Right);
        }
        assert_eq!(app.year(), years - 1);
        for _ in 0..years + 3 {
            app.handle(Action::Left);
        }
        assert_eq!(app.year(), 0);
        for (tab, len) in [
            (Tab::Plan, listed_builds(app.plan().unwrap()).count()),
            (Tab::Power, app.plan().unwrap().days.len()),
            (Tab::Thermal, 1),
            (Tab::WhatIf, app.what_if().fields().len()),
        ] {
            app.handle(Action::Show(tab));
            app.handle(Action::Up);
            for _ in 0..100 {
                app.handle(Action::Down);
            }
            let at = match tab {
                Tab::Plan => app.build(),
                Tab::Power => app.day(),
                Tab::Thermal => app.hall(),
                _ => app.what_if().field(),
            };
            assert_eq!(at, len - 1, "{tab:?}");
        }
    }

    #[test]
    fn a_run_reports_progress_then_its_plan_and_a_stale_run_is_ignored() {
        let mut app = idle();
        assert_eq!(app.start(), Request::Plan { run: 1 });
        assert_eq!(
            app.handle(Action::Cancel),
            Some(Request::Cancel(Target::Site))
        );
        // Planning again starts run 2; run 1's last words are ignored.
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
            msg: WorkerMsg::Planned(Box::new(colo_planned())),
        });
        assert!(app.plan().is_some());
        assert!(
            matches!(app.work(), Work::Running { .. }),
            "the year is still simulating"
        );
        app.handle(Action::Worker {
            run: 2,
            msg: WorkerMsg::Simulated(Err("no".into())),
        });
        assert_eq!(app.work(), &Work::Idle);
        assert_eq!(app.handle(Action::Cancel), None, "nothing to cancel");
    }

    #[test]
    fn a_failed_run_keeps_the_plan_shown_before() {
        let mut app = colo_app();
        let Some(Request::Plan { run }) = app.handle(Action::Replan) else {
            panic!("planning again asks for a run");
        };
        app.handle(Action::Worker {
            run,
            msg: WorkerMsg::NotPlanned("the targets cannot be met".into()),
        });
        assert!(matches!(app.work(), Work::Failed(_)));
        assert!(app.plan().is_some());
    }

    #[test]
    fn while_a_field_is_typed_keys_are_text_and_esc_drops_it() {
        let mut app = colo_app();
        app.handle(Action::Show(Tab::WhatIf));
        app.handle(Action::Down);
        app.handle(Action::Enter);
        assert_eq!(app.input(), &Input::Field("68".into()));
        app.handle(Action::Type('q'));
        assert!(app.running(), "q is typed, not quit");
        app.handle(Action::Back);
        assert_eq!(app.input(), &Input::Normal);
        assert_eq!(app.what_if().fields()[1].value, "68", "Esc drops the text");
        app.handle(Action::Increase);
        assert_eq!(app.what_if().fields()[1].value, "73");
        app.handle(Action::Reset);
        assert_eq!(app.what_if().fields()[1].value, "68");
        // A form that does not read says so instead of planning.
        app.handle(Action::Enter);
        app.handle(Action::Type('x'));
        app.handle(Action::Enter);
        assert_eq!(app.handle(Action::Replan), None);
        assert!(matches!(app.what_if().message(), Some((true, _))));
    }

    #[test]
    fn saving_asks_for_a_file_and_replaces_one_only_when_confirmed() {
        let mut app = colo_app();
        app.handle(Action::Show(Tab::WhatIf));
        app.handle(Action::Increase);
        app.handle(Action::Save);
        let Input::SavePath(default) = app.input().clone() else {
            panic!("s asks for a file");
        };
        assert!(default.ends_with("colo-retrofit-whatif.toml"), "{default}");
        let Some(Request::Save {
            run,
            path,
            replace: false,
            edits,
        }) = app.handle(Action::Enter)
        else {
            panic!("Enter saves");
        };
        assert_eq!(edits.len(), 1);
        app.handle(Action::Worker {
            run,
            msg: WorkerMsg::Saved(Err(SaveProblem::Exists(path.clone()))),
        });
        assert_eq!(app.input(), &Input::Confirm(path.clone()));
        app.handle(Action::Type('q'));
        assert!(app.running(), "only y or n answer");
        let Some(Request::Save {
            run, replace: true, ..
        }) = app.handle(Action::Yes)
        else {
            panic!("y replaces");
        };
        app.handle(Action::Worker {
            run,
            msg: WorkerMsg::Saved(Ok(path.clone())),
        });
        assert_eq!(app.what_if().message().map(|(bad, _)| bad), Some(false));
        // No keeps the file.
        app.handle(Action::Save);
        app.handle(Action::Enter);
        app.handle(Action::Worker {
            run: app.runs,
            msg: WorkerMsg::Saved(Err(SaveProblem::Exists(path))),
        });
        assert_eq!(app.handle(Action::No), None);
        assert!(app.what_if().message().unwrap().1.starts_with("not saved"));
    }

    #[test]
    fn a_changed_site_file_is_read_again_and_its_problems_cleared_when_it_reads() {
        let mut app = colo_app();
        let Some(Request::Reload { run }) = app.handle(Action::SiteChanged) else {
            panic!("read again");
        };
        app.handle(Action::Worker {
            run,
            msg: WorkerMsg::Invalid(vec!["sites/x.toml:3:1: wrong".into()]),
        });
        assert_eq!(app.problems().len(), 1);
        assert_eq!(app.work(), &Work::Idle, "nothing is planned");
        let Some(Request::Reload { run }) = app.handle(Action::SiteChanged) else {
            panic!("read again");
        };
        app.handle(Action::Worker {
            run,
            msg: WorkerMsg::Reloaded {
                name: "renamed".into(),
                fields: Vec::new(),
            },
        });
        assert!(app.problems().is_empty());
        assert_eq!(app.site(), "renamed");
    }
}
