//! What happens to the UI — a key, a mouse click or wheel, a resize, the site file changing,
//! a worker's message — and the action each one means ([`action`]). Input and the file watch
//! run on threads of their own, so the UI waits on one channel for whichever comes first.

use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::time::{Duration, SystemTime};

use ratatui::crossterm::event::{
    self as term, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent,
    MouseEventKind,
};

use super::app::{Action, Input, Tab};
use super::worker::WorkerMsg;

/// Something the UI must answer.
#[derive(Debug)]
pub(crate) enum Event {
    /// A key press.
    Key(KeyEvent),
    /// A mouse click or wheel turn.
    Mouse(MouseEvent),
    /// The terminal changed size (the next frame is drawn at the new one).
    Resize,
    /// The site file changed on disk.
    SiteChanged,
    /// A message of worker run `run`.
    Worker {
        /// The run it belongs to.
        run: u64,
        /// What it says.
        msg: WorkerMsg,
    },
}

/// Reads the terminal's input on a thread, sending keys, mouse events and resizes until the
/// UI is gone.
pub(crate) fn spawn_input(tx: Sender<Event>) {
    std::thread::spawn(move || {
        while let Ok(event) = term::read() {
            let event = match event {
                term::Event::Key(key) if key.kind != KeyEventKind::Release => Event::Key(key),
                term::Event::Mouse(mouse) => Event::Mouse(mouse),
                term::Event::Resize(..) => Event::Resize,
                _ => continue,
            };
            if tx.send(event).is_err() {
                break;
            }
        }
    });
}

/// How often the site file is looked at.
const WATCH_EVERY: Duration = Duration::from_millis(500);

/// Watches `path` on a thread: when its modification time or length changes (an editor
/// writing it in place or renaming a new file over it), says so, until the UI is gone. A file
/// missing for a moment (mid-rename) is waited for, not reported.
pub(crate) fn spawn_watch(path: PathBuf, tx: Sender<Event>) {
    let stamp = |p: &PathBuf| -> Option<(SystemTime, u64)> {
        let m = std::fs::metadata(p).ok()?;
        Some((m.modified().ok()?, m.len()))
    };
    std::thread::spawn(move || {
        let mut last = stamp(&path);
        loop {
            std::thread::sleep(WATCH_EVERY);
            let now = stamp(&path);
            if now.is_some() && now != last {
                last = now;
                if tx.send(Event::SiteChanged).is_err() {
                    break;
                }
            }
        }
    });
}

/// The action an event asks for, given what the keyboard is typing into; `None` for what
/// means nothing here.
pub(crate) fn action(event: Event, input: &Input) -> Option<Action> {
    match event {
        Event::Key(key) => match input {
            Input::Normal => key_action(key),
            Input::Field(_) | Input::SavePath(_) => text_action(key),
            Input::Confirm(_) => confirm_action(key),
        },
        Event::Mouse(mouse) => mouse_action(mouse),
        Event::Resize => Some(Action::Redraw),
        Event::SiteChanged => Some(Action::SiteChanged),
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
        KeyCode::Enter => Action::Enter,
        KeyCode::Char('+' | '=') => Action::Increase,
        KeyCode::Char('-') => Action::Decrease,
        KeyCode::Char('r') => Action::Replan,
        KeyCode::Char('x') => Action::Cancel,
        KeyCode::Char('s') => Action::Save,
        KeyCode::Char('z') => Action::Reset,
        _ => return None,
    })
}

/// Keys while typing a text: characters go into it.
fn text_action(key: KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    Some(match key.code {
        KeyCode::Char('c') if ctrl => Action::Quit,
        KeyCode::Char('u') if ctrl => Action::ClearText,
        KeyCode::Char(c) => Action::Type(c),
        KeyCode::Backspace => Action::Backspace,
        KeyCode::Enter => Action::Enter,
        KeyCode::Esc => Action::Back,
        _ => return None,
    })
}

/// Keys while a question waits: y or n (Esc is no).
fn confirm_action(key: KeyEvent) -> Option<Action> {
    Some(match key.code {
        KeyCode::Char('y' | 'Y') => Action::Yes,
        KeyCode::Char('n' | 'N') | KeyCode::Esc => Action::No,
        KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => Action::Quit,
        _ => return None,
    })
}

/// A click on the tab bar shows that tab; the wheel moves the selection.
fn mouse_action(mouse: MouseEvent) -> Option<Action> {
    match mouse.kind {
        MouseEventKind::Down(MouseButton::Left) if mouse.row == super::views::TAB_ROW => {
            super::views::tab_at(mouse.column).map(Action::Show)
        }
        MouseEventKind::ScrollUp => Some(Action::Up),
        MouseEventKind::ScrollDown => Some(Action::Down),
        _ => None,
    }
}

/// Every key and what it does, for the Help tab.
pub(crate) const KEYS: &[(&str, &str)] = &[
    ("Tab / Shift-Tab", "next / previous tab (or click a tab)"),
    ("1 … 8", "go to a tab by its number"),
    ("← → / h l", "previous / next year"),
    (
        "↑ ↓ / k j",
        "move the selection: a build, a day, a hall, a what-if field (or the mouse wheel)",
    ),
    (
        "Enter",
        "open the selection: a year (Overview), a build (Plan), a hall (Thermal); edit a what-if field",
    ),
    (
        "Esc",
        "close what is open; back to the Overview; on the Overview, quit",
    ),
    ("r", "plan again (on the What-if tab: plan the what-if)"),
    (
        "x",
        "cancel the plan in progress (on the What-if tab: the what-if's)",
    ),
    ("+ / -", "What-if: step the selected field's value"),
    (
        "s",
        "What-if: save the site as edited (asks before replacing)",
    ),
    ("z", "What-if: put every field back to the site's value"),
    ("Ctrl-U", "while typing a field or a file name: clear it"),
    ("?", "this help"),
    ("q / Ctrl-C", "quit"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> Event {
        Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    #[test]
    fn keys_are_commands_until_a_text_is_edited() {
        let normal = Input::Normal;
        assert!(matches!(
            action(key(KeyCode::Char('q')), &normal),
            Some(Action::Quit)
        ));
        assert!(matches!(
            action(key(KeyCode::Char('l')), &normal),
            Some(Action::Right)
        ));
        assert!(matches!(
            action(key(KeyCode::Char('4')), &normal),
            Some(Action::Show(Tab::Thermal))
        ));
        assert!(action(key(KeyCode::Char('9')), &normal).is_none(), "8 tabs");
        let typing = Input::Field(String::new());
        assert!(matches!(
            action(key(KeyCode::Char('q')), &typing),
            Some(Action::Type('q'))
        ));
        assert!(matches!(
            action(key(KeyCode::Esc), &typing),
            Some(Action::Back)
        ));
        let asking = Input::Confirm(PathBuf::from("x.toml"));
        assert!(matches!(
            action(key(KeyCode::Char('y')), &asking),
            Some(Action::Yes)
        ));
        assert!(action(key(KeyCode::Char('q')), &asking).is_none());
    }

    #[test]
    fn a_click_on_a_tab_title_shows_it() {
        let click = |column| {
            Event::Mouse(MouseEvent {
                kind: MouseEventKind::Down(MouseButton::Left),
                column,
                row: super::super::views::TAB_ROW,
                modifiers: KeyModifiers::NONE,
            })
        };
        // " 1 Overview 2 Plan 3 Power …": column 3 is in "Overview", 13 in "Plan", 73 in
        // "Help", the last.
        for (column, tab) in [(3, Tab::Overview), (13, Tab::Plan), (73, Tab::Help)] {
            assert!(matches!(
                action(click(column), &Input::Normal),
                Some(Action::Show(t)) if t == tab
            ));
        }
        assert!(action(click(400), &Input::Normal).is_none());
    }
}
