//! What happens to the UI — a key, a resize, a worker's message — and the action each one
//! means ([`action`]). Input is read on a thread of its own, so the UI waits on one channel
//! for whichever comes first.

use std::sync::mpsc::Sender;

use ratatui::crossterm::event::{self as term, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::app::{Action, Tab};
use super::worker::WorkerMsg;

/// Something the UI must answer.
#[derive(Debug)]
pub(crate) enum Event {
    /// A key press.
    Key(KeyEvent),
    /// The terminal changed size (the next frame is drawn at the new one).
    Resize,
    /// A message of worker run `run`.
    Worker {
        /// The run it belongs to.
        run: u64,
        /// What it says.
        msg: WorkerMsg,
    },
}

/// Reads the terminal's input on a thread, sending keys and resizes until the UI is gone.
pub(crate) fn spawn_input(tx: Sender<Event>) {
    std::thread::spawn(move || {
        while let Ok(event) = term::read() {
            let event = match event {
                term::Event::Key(key) if key.kind != KeyEventKind::Release => Event::Key(key),
                term::Event::Resize(..) => Event::Resize,
                _ => continue,
            };
            if tx.send(event).is_err() {
                break;
            }
        }
    });
}

/// The action an event asks for; `None` for keys that mean nothing here.
pub(crate) fn action(event: Event) -> Option<Action> {
    match event {
        Event::Key(key) => key_action(key),
        Event::Resize => Some(Action::Redraw),
        Event::Worker { run, msg } => Some(Action::Worker { run, msg }),
    }
}

/// The keys (listed on the Help tab, which reads [`KEYS`]).
fn key_action(key: KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    Some(match key.code {
        KeyCode::Char('c') if ctrl => Action::Quit,
        KeyCode::Char('q') => Action::Quit,
        KeyCode::Esc => Action::Back,
        KeyCode::Tab => Action::NextTab,
        KeyCode::BackTab => Action::PrevTab,
        KeyCode::Char('?') => Action::Show(Tab::Help),
        KeyCode::Char(d @ '1'..='9') => Action::Show(*Tab::ALL.get(usize::from(d as u8 - b'1'))?),
        KeyCode::Left | KeyCode::Char('h') => Action::Left,
        KeyCode::Right | KeyCode::Char('l') => Action::Right,
        KeyCode::Up | KeyCode::Char('k') => Action::Up,
        KeyCode::Down | KeyCode::Char('j') => Action::Down,
        KeyCode::Char('r') => Action::Replan,
        KeyCode::Char('x') => Action::Cancel,
        _ => return None,
    })
}

/// Every key and what it does, for the Help tab.
pub(crate) const KEYS: &[(&str, &str)] = &[
    ("Tab / Shift-Tab", "next / previous tab"),
    ("1 … 3", "go to a tab by its number"),
    ("← → / h l", "previous / next year"),
    ("↑ ↓ / k j", "move the selection in a list"),
    ("r", "plan again (cancels a plan in progress)"),
    ("x", "cancel the plan in progress"),
    ("?", "this help"),
    ("Esc", "back to the Overview; on the Overview, quit"),
    ("q / Ctrl-C", "quit"),
];
