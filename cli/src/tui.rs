//! The terminal UI (`dcplan tui`): the planner's cockpit, on ratatui over crossterm.
//!
//! Four parts, apart so that each is tested alone:
//! * [`app`] — the state and what each action does to it; no drawing, no I/O.
//! * [`event`] — keys, resizes and the worker's messages, turned into actions.
//! * [`views`] — the frame, a pure function of the state; one module per tab.
//! * [`worker`] — a thread planning the site through the library, reporting progress; a
//!   cancel stops it.
//!
//! [`run`] owns the terminal, and restores it on exit, on error and on panic (ratatui's
//! panic hook). Planning is the library's: nothing here decides what to build.

pub(crate) mod app;
pub(crate) mod event;
mod theme;
pub(crate) mod views;
pub(crate) mod worker;

use std::sync::Arc;
use std::sync::mpsc;

use dcplan::plan::PlanOptions;
use dcplan::site::LoadedSite;

use app::{App, Request};

/// Runs the UI until the user quits: draws a frame, waits for the next event (a key, a
/// resize, a worker message), applies every event waiting, and draws again. The first frame
/// is drawn before any planning starts, and the loop never waits on the worker.
pub(crate) fn run(
    mut app: App,
    site: Arc<LoadedSite>,
    options: PlanOptions,
) -> std::io::Result<()> {
    let (tx, rx) = mpsc::channel();
    let mut worker = worker::Worker::new(site, options, tx.clone());
    let mut terminal = ratatui::try_init()?;
    let result = (|| {
        terminal.draw(|f| f.render_widget(views::Screen(&app), f.area()))?;
        event::spawn_input(tx);
        let carry_out = |request, worker: &mut worker::Worker| match request {
            Some(Request::Plan { run }) => worker.plan(run),
            Some(Request::Cancel) => worker.cancel(),
            None => {}
        };
        carry_out(app.start(), &mut worker);
        while app.running() {
            let Ok(first) = rx.recv() else { break };
            for event in std::iter::once(first).chain(rx.try_iter()) {
                if let Some(action) = event::action(event) {
                    carry_out(app.handle(action), &mut worker);
                }
            }
            if app.running() {
                terminal.draw(|f| f.render_widget(views::Screen(&app), f.area()))?;
            }
        }
        Ok(())
    })();
    worker.cancel();
    ratatui::restore();
    result
}
