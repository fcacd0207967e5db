//! The Help tab: every key.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, Row, Table, Widget};

use crate::tui::event::KEYS;
use crate::tui::theme;

pub(super) fn render(area: Rect, buf: &mut Buffer) {
    let rows = KEYS.iter().map(|(key, what)| Row::new([*key, *what]));
    Table::new(rows, [Constraint::Length(18), Constraint::Fill(1)])
        .header(Row::new(["key", "what it does"]).style(theme::HEADER))
        .block(Block::bordered().title(Span::styled(" Keys ", theme::TITLE)))
        .render(area, buf);
}
