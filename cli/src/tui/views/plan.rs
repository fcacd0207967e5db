//! The Plan tab: every build, when to order it and when it enters service, with its lead
//! time drawn as a bar over the years (`━` from the order to service, `█` the year it
//! enters service).

use std::fmt::Write as _;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, Paragraph, Row, StatefulWidget, Table, TableState, Widget};

use dcplan::plan::document::Build;
use ratatui::layout::Layout;
use ratatui::text::Line;

use super::chart::popup;
use crate::cli::table::{musd, num};
use crate::labels;
use crate::tui::app::{App, listed_builds};
use crate::tui::theme;
use crate::tui::worker::Planned;

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let block = Block::bordered().title(Span::styled(
        " What to build, when to order it (↑ ↓ select, Enter opens) ",
        theme::TITLE,
    ));
    let Some(planned) = app.planned() else {
        return Paragraph::new("No plan yet.")
            .block(block)
            .render(area, buf);
    };
    let plan = &planned.plan;
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
    if let (true, Some(build)) = (app.detail(), listed_builds(plan).nth(app.build())) {
        build_detail(planned, build, area, buf);
    }
}

/// A build in detail, over the tab: what it is, and the ledger's orders for it (each part
/// of the buildable, its asset class, order-by date, price and life).
fn build_detail(planned: &Planned, b: &Build, area: Rect, buf: &mut Buffer) {
    let orders: Vec<_> = planned
        .ledger
        .orders
        .iter()
        .filter(|o| o.component == b.component && o.in_service_year == b.in_service_year)
        .collect();
    let rect = popup(area, 90, orders.len() as u16 + 8, buf);
    let block = super::titled(format!("{} (Esc closes)", labels::component(&b.component)));
    let inner = block.inner(rect);
    block.render(rect, buf);
    let [head, table] = inner.layout(&Layout::vertical([
        Constraint::Length(2),
        Constraint::Fill(1),
    ]));
    Paragraph::new(vec![
        Line::from(format!(
            "{} entering service in {}, ordered by {} ({} of lead time) · capex {}",
            labels::quantity(b),
            b.in_service_year,
            b.order_by_year,
            dcplan::text::counted(
                u64::from(b.in_service_year.saturating_sub(b.order_by_year)),
                "year",
                "years"
            ),
            musd(b.capex_usd)
        )),
        Line::styled(
            "the orders it makes, as the finance ledger books them:",
            theme::DIM,
        ),
    ])
    .render(head, buf);
    let rows = orders.iter().map(|o| {
        Row::new([
            labels::asset_class(o.class).to_owned(),
            dcplan::text::serde_name(&o.event),
            num(o.quantity, 1),
            o.order_by_year.to_string(),
            musd(o.usd),
            format!("{} y", o.lifetime_years),
        ])
    });
    let orders_table = Table::new(
        rows,
        [
            Constraint::Fill(1),
            Constraint::Length(12),
            Constraint::Length(9),
            Constraint::Length(8),
            Constraint::Length(9),
            Constraint::Length(5),
        ],
    )
    .header(
        Row::new([
            "asset class",
            "event",
            "quantity",
            "order by",
            "price",
            "life",
        ])
        .style(theme::HEADER),
    );
    Widget::render(orders_table, table, buf);
}
