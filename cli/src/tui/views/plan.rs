//! The Plan tab: every build, when to order it and when it enters service, with its lead
//! time drawn as a bar over the years (`━` from the order to service, `█` the year it
//! enters service).

use std::fmt::Write as _;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, Paragraph, Row, StatefulWidget, Table, TableState, Widget};

use crate::cli::table::musd;
use crate::labels;
use crate::tui::app::{App, listed_builds};
use crate::tui::theme;

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let block = Block::bordered().title(Span::styled(
        " What to build, when to order it (↑ ↓ select) ",
        theme::TITLE,
    ));
    let Some(plan) = app.plan() else {
        return Paragraph::new("No plan yet.")
            .block(block)
            .render(area, buf);
    };
    let (Some(first), Some(last)) = (plan.years.first(), plan.years.last()) else {
        return Paragraph::new("The plan has no years.")
            .block(block)
            .render(area, buf);
    };
    // From the earliest order (lead times reach before the first year) to the last year.
    let start = listed_builds(plan)
        .map(|b| b.order_by_year)
        .min()
        .unwrap_or(first.year)
        .min(first.year);
    let span = (start..=last.year).collect::<Vec<_>>();
    let timeline_header = span.iter().fold(String::new(), |mut h, y| {
        let _ = write!(h, "{:02}", y % 100);
        h
    });
    let header = Row::new(vec![
        "service".to_owned(),
        "order".to_owned(),
        "build".to_owned(),
        "quantity".to_owned(),
        "capex".to_owned(),
        timeline_header,
    ])
    .style(theme::HEADER);
    let rows = listed_builds(plan).map(|b| {
        let bar: String = span
            .iter()
            .map(|&y| {
                if y == b.in_service_year {
                    "██"
                } else if (b.order_by_year..b.in_service_year).contains(&y) {
                    "━━"
                } else {
                    " ·"
                }
            })
            .collect();
        Row::new(vec![
            b.in_service_year.to_string(),
            b.order_by_year.to_string(),
            labels::component(&b.component),
            labels::quantity(b),
            musd(b.capex_usd),
            bar,
        ])
    });
    let widths = [
        Constraint::Length(7),
        Constraint::Length(5),
        Constraint::Fill(1),
        Constraint::Length(10),
        Constraint::Length(8),
        Constraint::Length(2 * span.len() as u16),
    ];
    let mut state = TableState::default().with_selected(Some(app.build()));
    StatefulWidget::render(
        Table::new(rows, widths)
            .header(header)
            .block(block)
            .row_highlight_style(theme::SELECTED),
        area,
        buf,
        &mut state,
    );
}
