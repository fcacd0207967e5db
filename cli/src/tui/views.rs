//! Drawing the state: [`Screen`] is the whole frame, a pure function of an [`App`] — the
//! header, the tab bar, the site file's problems (when it changed and does not read), the
//! tab's body and the key hints or the text being typed. One module per tab.

mod chart;
mod finance;
mod help;
mod overview;
mod plan;
mod power;
mod scenarios;
mod thermal;
mod whatif;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Tabs, Widget, Wrap};

use super::app::{App, Input, Tab, Work};
use super::theme;

/// The screen row of the tab bar (for mouse clicks).
pub(crate) const TAB_ROW: u16 = 1;

/// The frame for an [`App`].
pub(crate) struct Screen<'a>(pub(crate) &'a App);

impl Widget for Screen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.0;
        let problems = app.problems();
        let problem_rows = if problems.is_empty() {
            0
        } else {
            (problems.len() as u16 + 2).min(area.height / 2)
        };
        let [header, tabs, problem_area, body, footer] = area.layout(&Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(problem_rows),
            Constraint::Fill(1),
            Constraint::Length(1),
        ]));
        Line::from(vec![
            Span::styled("dcplan", theme::TITLE),
            Span::raw(format!(" · {} · ", app.site())),
            status(app.work(), "planning"),
            Span::raw(match (app.work(), app.planned()) {
                (Work::Idle, Some(p)) => match (&p.year, p.seconds) {
                    (_, None) if app.plan_from_file() => " · plan from file".to_owned(),
                    (_, Some(s)) => format!(" · planned in {s:.1} s"),
                    _ => String::new(),
                },
                _ => String::new(),
            }),
        ])
        .render(header, buf);
        Tabs::new(
            Tab::ALL
                .iter()
                .enumerate()
                .map(|(i, t)| format!("{} {}", i + 1, t.title())),
        )
        .select(Tab::ALL.iter().position(|&t| t == app.tab()))
        .padding(" ", "")
        .divider("")
        .highlight_style(theme::TITLE)
        .render(tabs, buf);
        if problem_rows > 0 {
            Paragraph::new(problems.iter().map(|l| Line::from(l.as_str())).collect::<Vec<_>>())
                .block(Block::bordered().border_style(theme::ERROR).title(Span::styled(
                    " The site file changed and has problems: still showing the last valid site ",
                    theme::ERROR,
                )))
                .render(problem_area, buf);
        }
        match app.tab() {
            Tab::Overview => overview::render(app, body, buf),
            Tab::Plan => plan::render(app, body, buf),
            Tab::Power => power::render(app, body, buf),
            Tab::Thermal => thermal::render(app, body, buf),
            Tab::Finance => finance::render(app, body, buf),
            Tab::Scenarios => scenarios::render(app, body, buf),
            Tab::WhatIf => whatif::render(app, body, buf),
            Tab::Help => help::render(body, buf),
        }
        footer_line(app).render(footer, buf);
    }
}

/// The tab whose title is at screen column `column` of the tab bar.
pub(crate) fn tab_at(column: u16) -> Option<Tab> {
    // Each title is drawn as " N Title", one after another (the eight fit in 80 columns).
    let mut start = 0u16;
    for (i, tab) in Tab::ALL.iter().enumerate() {
        let width = format!(" {} {}", i + 1, tab.title()).chars().count() as u16;
        if (start..start + width).contains(&column) {
            return Some(*tab);
        }
        start += width;
    }
    None
}

/// The last line: the text being typed, or the question asked, or the tab's keys.
fn footer_line(app: &App) -> Line<'static> {
    let prompt = |label: String, text: &str, hint: &str| {
        Line::from(vec![
            Span::styled(label, theme::TITLE),
            Span::raw(format!("{text}▏")),
            Span::styled(format!("  {hint}"), theme::DIM),
        ])
    };
    match app.input() {
        Input::Field(text) => {
            let label = app
                .what_if()
                .fields()
                .get(app.what_if().field())
                .map_or_else(String::new, |f| format!("{}: ", f.label));
            prompt(label, text, "Enter keeps · Esc drops")
        }
        Input::SavePath(text) => prompt(
            "Save the what-if's site as: ".to_owned(),
            text,
            "Enter saves · Esc cancels",
        ),
        Input::Confirm(path) => Line::from(vec![
            Span::styled(
                format!("{} exists. Replace it? ", path.display()),
                theme::BINDING,
            ),
            Span::raw("y / n"),
        ]),
        Input::Normal => Line::styled(
            match (app.tab(), app.detail()) {
                (_, true) => "Esc close · ←→ year · ↑↓ select · q quit",
                (Tab::WhatIf, _) => {
                    "↑↓ field · Enter edit · +/- step · r plan the what-if · s save · z reset · x cancel · q quit"
                }
                (Tab::Power, _) => {
                    "←→ year · ↑↓ day · Tab next tab · r plan again · ? help · q quit"
                }
                (Tab::Thermal, _) => {
                    "↑↓ hall · Enter open · Tab next tab · r plan again · ? help · q quit"
                }
                (Tab::Overview | Tab::Plan, _) => {
                    "←→ year · ↑↓ select · Enter open · Tab next tab · r plan again · x cancel · ? help · q quit"
                }
                _ => "Tab next tab · ←→ year · r plan again · x cancel · ? help · q quit",
            },
            theme::DIM,
        ),
    }
}

/// A run's state, in a few words, for a header: `what` is the work's name.
pub(super) fn status(work: &Work, what: &str) -> Span<'static> {
    match work {
        Work::Running { phase, fraction } => Span::styled(
            match phase {
                // A phase that reports no share (a solve) shows none rather than 0 %.
                Some(p) if *fraction > 0.0 => format!("{what}: {p} {:.0} %", fraction * 100.0),
                Some(p) => format!("{what}: {p}…"),
                None => format!("{what}…"),
            },
            theme::BINDING,
        ),
        Work::Failed(_) => Span::styled(format!("{what} failed"), theme::ERROR),
        Work::Cancelled => Span::styled("cancelled (r to plan again)", theme::DIM),
        Work::Idle => Span::raw("ready"),
    }
}

/// The body of a tab without a plan yet: what the work is doing.
pub(super) fn no_plan(work: &Work, title: &str, area: Rect, buf: &mut Buffer) {
    let block = Block::bordered().title(Span::styled(format!(" {title} "), theme::TITLE));
    let inner = block.inner(area);
    block.render(area, buf);
    let text = match work {
        Work::Running { .. } => {
            Line::from("Planning the site: what to build and when, then simulating it (x cancels).")
        }
        Work::Failed(why) => Line::styled(format!("No plan: {why}"), theme::ERROR),
        Work::Cancelled => Line::styled("Cancelled. r plans again.", theme::DIM),
        Work::Idle => Line::styled("No plan.", theme::DIM),
    };
    Paragraph::new(text)
        .wrap(Wrap { trim: true })
        .render(inner, buf);
}

/// A bordered block with a title in the title style.
pub(super) fn titled(title: impl Into<String>) -> Block<'static> {
    Block::bordered().title(Span::styled(format!(" {} ", title.into()), theme::TITLE))
}

#[cfg(test)]
pub(crate) mod tests;
