//! The Help tab: every key.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Row, Table, Widget};

use crate::tui::event::KEYS;
use crate::tui::theme;

/// Width of the key column.
const KEY_WIDTH: u16 = 18;

pub(super) fn render(area: Rect, buf: &mut Buffer) {
    // Borders, the key column and the column gap take the rest of the width.
    let width = usize::from(area.width.saturating_sub(KEY_WIDTH + 3)).max(1);
    let rows = KEYS.iter().map(|(key, what)| {
        let lines = wrap(what, width);
        let height = u16::try_from(lines.len()).unwrap_or(u16::MAX);
        Row::new([Text::from(*key), Text::from(lines)]).height(height)
    });
    Table::new(rows, [Constraint::Length(KEY_WIDTH), Constraint::Fill(1)])
        .header(Row::new(["key", "what it does"]).style(theme::HEADER))
        .block(Block::bordered().title(Span::styled(" Keys ", theme::TITLE)))
        .render(area, buf);
}

/// `text` broken at spaces into lines of at most `width` characters (a longer word stands
/// alone on its line), so a narrow terminal shows every word of a key's description.
fn wrap(text: &str, width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let needed = if line.is_empty() {
            0
        } else {
            line.chars().count() + 1
        };
        if needed > 0 && needed + word.chars().count() > width {
            lines.push(Line::from(std::mem::take(&mut line)));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(Line::from(line));
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn descriptions_wrap_at_spaces_within_the_width() {
        let lines: Vec<String> = wrap("plan again (on the What-if tab: plan it)", 16)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(lines, ["plan again (on", "the What-if tab:", "plan it)"]);
        assert_eq!(wrap("short", 16).len(), 1);
    }
}
