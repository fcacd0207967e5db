//! The UI's styles, in one place.

use ratatui::style::{Color, Modifier, Style};

/// Titles and the selected tab.
pub(crate) const TITLE: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
/// Column headers.
pub(crate) const HEADER: Style = Style::new().add_modifier(Modifier::BOLD);
/// The selected row.
pub(crate) const SELECTED: Style = Style::new().add_modifier(Modifier::REVERSED);
/// Hints and secondary text.
pub(crate) const DIM: Style = Style::new().fg(Color::DarkGray);
/// What went wrong.
pub(crate) const ERROR: Style = Style::new().fg(Color::Red).add_modifier(Modifier::BOLD);
/// The binding resource, and gauges near full.
pub(crate) const BINDING: Style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
/// Gauges with room to spare.
pub(crate) const GAUGE: Style = Style::new().fg(Color::Green);
/// The series of a chart, in order (a stack's sources, a stacked bar's classes).
pub(crate) const SERIES: [Style; 8] = [
    Style::new().fg(Color::Blue),
    Style::new().fg(Color::Cyan),
    Style::new().fg(Color::Green),
    Style::new().fg(Color::Magenta),
    Style::new().fg(Color::Yellow),
    Style::new().fg(Color::LightRed),
    Style::new().fg(Color::LightBlue),
    Style::new().fg(Color::Gray),
];
/// Heat: well within the recommended range, near its top, within allowable, beyond it.
pub(crate) const HEAT: [Style; 4] = [
    Style::new().fg(Color::Green),
    Style::new().fg(Color::LightGreen),
    Style::new().fg(Color::Yellow),
    Style::new().fg(Color::Red),
];
