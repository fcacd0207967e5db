//! The Finance tab: the plan's books (the library's ledger) — NPV, cost per GPU-year and
//! facility capex per MW against the published range; then by year, capex by asset class
//! (figures on a wide terminal, a stacked bar on any), opex, net and discounted cash flow.

use dcplan::finance::Ledger;
use dcplan::site::accounts::AssetClass;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Widget};

use super::chart::money;
use super::{no_plan, titled};
use crate::cli::table::{musd, num};
use crate::labels;
use crate::tui::app::App;
use crate::tui::theme;

/// Terminal width from which each class gets a column of figures.
const WIDE: u16 = 140;

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(planned) = app.planned() else {
        return no_plan(app.work(), "Finance", area, buf);
    };
    let ledger = &planned.ledger;
    let kpis = kpi_lines(ledger);
    // Each line wraps once on a narrow terminal.
    let wraps = if area.width < 120 { 2 } else { 1 };
    let [top, table] = area.layout(&Layout::vertical([
        Constraint::Length(kpis.len() as u16 * wraps + 2),
        Constraint::Fill(1),
    ]));
    Paragraph::new(kpis)
        .wrap(ratatui::widgets::Wrap { trim: true })
        .block(titled(format!(
            "Books at a {:.1} % real discount rate",
            ledger.discount_rate * 100.0
        )))
        .render(top, buf);
    years(ledger, app.year(), table, buf);
}

/// The headline figures.
fn kpi_lines(l: &Ledger) -> Vec<Line<'static>> {
    let u = &l.unit;
    let opt = |v: Option<f64>, f: fn(f64) -> String| v.map_or_else(|| "–".to_owned(), f);
    let mut lines = vec![Line::from(format!(
        "NPV of cost {} · per GPU-year {} · per GPU-hour {} · per MW of IT {}",
        musd(l.npv_cost_usd),
        opt(u.cost_per_gpu_year_usd, |v| format!("${}", num(v, 0))),
        opt(u.cost_per_gpu_hour_usd, |v| format!("${v:.2}")),
        opt(u.npv_per_mw_it_usd, musd),
    ))];
    if let Some(per_mw) = u.facility_capex_per_mw_it_usd {
        let (lo, hi) = u.published_range_usd_per_mw;
        let (word, style) = match u.within_published_range {
            Some(true) => ("within", Style::new()),
            _ => ("outside", theme::BINDING),
        };
        lines.push(Line::from(vec![
            Span::raw(format!(
                "facility capex {} per MW of IT ({} MW at most) — ",
                musd(per_mw),
                num(u.it_mw, 1)
            )),
            Span::styled(
                format!("{word} the published {}–{} per MW", musd(lo), musd(hi)),
                style,
            ),
        ]));
    }
    if l.gpu_hour_usd.is_some() {
        lines.push(Line::from(format!(
            "net present value {} · IRR {} · payback {}",
            opt(l.npv_net_usd, musd),
            opt(l.irr, |r| format!("{:.1} %", r * 100.0)),
            opt(l.payback_years, |y| format!("{y:.1} years")),
        )));
    }
    lines
}

/// The classes with any capex over the horizon, in the ledger's order.
fn classes(l: &Ledger) -> Vec<AssetClass> {
    AssetClass::ALL
        .into_iter()
        .filter(|c| {
            l.years
                .iter()
                .any(|y| y.capex_usd.get(c).is_some_and(|v| v.abs() > 0.5))
        })
        .collect()
}

/// A row per year: capex (by class when wide), opex, residual, net and discounted cash
/// flow, and the capex as a bar stacked by class.
fn years(l: &Ledger, selected: usize, area: Rect, buf: &mut Buffer) {
    let classes = classes(l);
    let wide = area.width >= WIDE;
    let capex = |y: &dcplan::finance::ledger::LedgerYear| y.capex_usd.values().sum::<f64>();
    let most = l.years.iter().map(capex).fold(0.0, f64::max);
    let mut header = vec!["year".to_owned(), "capex".to_owned()];
    if wide {
        header.extend(classes.iter().map(|&c| labels::asset_class(c).to_owned()));
    }
    header.extend(
        [
            "opex",
            "residual",
            "net cash",
            "discounted",
            "capex by class",
        ]
        .map(str::to_owned),
    );
    let fixed = if wide { 6 + classes.len() } else { 6 };
    let bar_w = area.width.saturating_sub(2 + 5 + 9 * fixed as u16).max(8) as usize;
    let rows = l.years.iter().enumerate().map(|(i, y)| {
        let mut cells = vec![Cell::from(y.year.to_string()), Cell::from(money(capex(y)))];
        if wide {
            cells.extend(
                classes
                    .iter()
                    .map(|c| Cell::from(money(y.capex_usd.get(c).copied().unwrap_or(0.0)))),
            );
        }
        cells.extend([
            Cell::from(money(y.opex_usd.values().sum())),
            Cell::from(signed(y.residual_usd)),
            Cell::from(signed(y.net_cash_flow_usd)),
            Cell::from(signed(y.discounted_net_usd)),
            Cell::from(stacked_bar(y, &classes, most, bar_w)),
        ]);
        let row = Row::new(cells);
        if i == selected {
            row.style(theme::SELECTED)
        } else {
            row
        }
    });
    let mut widths = vec![Constraint::Length(4), Constraint::Length(9)];
    if wide {
        widths.extend(classes.iter().map(|_| Constraint::Length(9)));
    }
    widths.extend([
        Constraint::Length(9),
        Constraint::Length(9),
        Constraint::Length(9),
        Constraint::Length(10),
    ]);
    widths.push(Constraint::Fill(1));
    let legend: Vec<Span> = classes
        .iter()
        .enumerate()
        .flat_map(|(i, &c)| {
            [
                Span::styled("█", theme::SERIES[i % 8]),
                Span::raw(format!(" {}  ", labels::asset_class(c))),
            ]
        })
        .collect();
    let block = titled("By year (← → select; USD as paid, undiscounted unless said)");
    let inner = block.inner(area);
    block.render(area, buf);
    let [table, legend_area] = inner.layout(&Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(2),
    ]));
    Table::new(rows, widths)
        .header(Row::new(header).style(theme::HEADER))
        .render(table, buf);
    Paragraph::new(Line::from(legend))
        .wrap(ratatui::widgets::Wrap { trim: true })
        .render(legend_area, buf);
}

/// An amount in $M with its sign before the dollar (`-$0.6M`).
pub(super) fn signed(v: f64) -> String {
    if v < -0.05e6 {
        format!("-{}", money(-v))
    } else {
        money(v.max(0.0))
    }
}

/// A year's capex as a bar of `width` cells at `most` full, a run of each class's colour.
fn stacked_bar(
    y: &dcplan::finance::ledger::LedgerYear,
    classes: &[AssetClass],
    most: f64,
    width: usize,
) -> Line<'static> {
    if most <= 0.0 {
        return Line::default();
    }
    let mut spans = Vec::new();
    let mut total = 0.0;
    let mut drawn = 0;
    for (i, c) in classes.iter().enumerate() {
        total += y.capex_usd.get(c).copied().unwrap_or(0.0).max(0.0);
        let end = ((total / most) * width as f64).round() as usize;
        if end > drawn {
            spans.push(Span::styled("█".repeat(end - drawn), theme::SERIES[i % 8]));
            drawn = end;
        }
    }
    Line::from(spans)
}
