//! The terminal UI (`dcplan tui`): the planner's cockpit, on ratatui over crossterm.
//!
//! Apart so that each is tested alone:
//! * [`app`] — the state and what each action does to it; no drawing, no I/O.
//! * [`event`] — keys, mouse, resizes, the site file's changes and the worker's messages,
//!   turned into actions.
//! * [`views`] — the frame, a pure function of the state; one module per tab.
//! * [`worker`] — threads planning, booking and simulating the site (and a what-if of it)
//!   through the library, reporting progress; a cancel stops them.
//! * [`whatif`] — the what-if form's assumptions and the site edits they make.
//!
//! [`run`] owns the terminal, and restores it on exit, on error and on panic. Planning is the
//! library's: nothing here decides what to build.

pub(crate) mod app;
pub(crate) mod event;
mod theme;
pub(crate) mod views;
pub(crate) mod whatif;
pub(crate) mod worker;

use std::path::PathBuf;
use std::sync::mpsc;

use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;

use app::{App, Request};
use worker::Worker;

/// Runs the UI until the user quits: draws a frame, waits for the next event (a key, a
/// click, a resize, the site file changing, a worker message), applies every event waiting,
/// and draws again. The first frame is drawn before any work starts, and the loop never
/// waits on the worker.
pub(crate) fn run(
    mut app: App,
    mut worker: Worker,
    rx: &mpsc::Receiver<event::Event>,
    tx: mpsc::Sender<event::Event>,
    watch: PathBuf,
) -> std::io::Result<()> {
    let mut terminal = ratatui::try_init()?;
    // ratatui's hook restores the screen on a panic; the mouse is given back first.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(std::io::stdout(), DisableMouseCapture);
        hook(info);
    }));
    let result = (|| {
        execute!(std::io::stdout(), EnableMouseCapture)?;
        terminal.draw(|f| f.render_widget(views::Screen(&app), f.area()))?;
        event::spawn_input(tx.clone());
        event::spawn_watch(watch, tx);
        carry_out(Some(app.start()), &mut worker);
        while app.running() {
            let Ok(first) = rx.recv() else { break };
            for event in std::iter::once(first).chain(rx.try_iter()) {
                if let Some(action) = event::action(event, app.input()) {
                    let request = app.handle(action);
                    carry_out(request, &mut worker);
                }
            }
            if app.running() {
                terminal.draw(|f| f.render_widget(views::Screen(&app), f.area()))?;
            }
        }
        Ok(())
    })();
    worker.cancel_all();
    let _ = execute!(std::io::stdout(), DisableMouseCapture);
    ratatui::restore();
    result
}

/// Hands a request to the worker.
fn carry_out(request: Option<Request>, worker: &mut Worker) {
    match request {
        Some(Request::Plan { run }) => worker.plan(run),
        Some(Request::Derive { run, plan }) => worker.derive(run, *plan),
        Some(Request::WhatIf { run, edits }) => worker.what_if(run, edits),
        Some(Request::Reload { run }) => worker.reload(run),
        Some(Request::Save {
            run,
            path,
            edits,
            replace,
        }) => worker.save(run, path, edits, replace),
        Some(Request::Cancel(target)) => worker.cancel(target),
        None => {}
    }
}
