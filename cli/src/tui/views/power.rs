//! The Power tab: the selected year's dispatch on a chosen modelled day as stacked columns
//! of its sources, each month's peak import against the contract's firm capacity, and the
//! year's energy by source and use.

use std::fmt::Write as _;

use dcplan::plan::document::{Dispatch, YearPlan};
use dcplan::plan::{Plan, document::ModelledDay};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Cell, Paragraph, Row, Table, Widget};

use super::chart::Stacked;
use super::{no_plan, titled};
use crate::cli::table::num;
use crate::labels;
use crate::tui::app::App;
use crate::tui::theme;

const MONTHS: [&str; 12] = ["J", "F", "M", "A", "M", "J", "J", "A", "S", "O", "N", "D"];

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(plan) = app.plan() else {
        return no_plan(app.work(), "Power", area, buf);
    };
    let (Some(year), Some(day)) = (plan.years.get(app.year()), plan.days.get(app.day())) else {
        return no_plan(app.work(), "Power", area, buf);
    };
    let [top, bottom] = area.layout(&Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(9),
    ]));
    dispatch(plan, year, app.day(), day, top, buf);
    let [peaks, energy] = bottom.layout(&Layout::horizontal([
        Constraint::Percentage(45),
        Constraint::Percentage(55),
    ]));
    monthly_peaks(year, peaks, buf);
    energy_table(year, energy, buf);
}

/// The supply sources of a year's dispatch, named, in stacking order (firm grid at the
/// bottom), each an hourly series; sources that supply nothing all year are left out.
fn sources(d: &Dispatch) -> Vec<(String, &[f64])> {
    fn named<'a>(
        prefix: &'static str,
    ) -> impl Fn((&'a String, &'a Vec<f64>)) -> (String, &'a [f64]) {
        move |(name, series)| (format!("{prefix}{name}"), series.as_slice())
    }
    d.import_firm_mw
        .iter()
        .map(named("grid firm: "))
        .chain(d.import_non_firm_mw.iter().map(named("non-firm: ")))
        .chain(d.ppa_mw.iter().map(named("PPA: ")))
        .chain(d.generation_mw.iter().map(named("gen: ")))
        .chain(d.pv_mw.iter().map(named("PV: ")))
        .chain(d.discharge_mw.iter().map(named("battery: ")))
        .filter(|(_, v)| v.iter().any(|&x| x > 1e-6))
        .collect()
}

/// The chosen day's 24 hours of supply, stacked by source, on the year's scale.
fn dispatch(
    plan: &Plan,
    year: &YearPlan,
    k: usize,
    day: &ModelledDay,
    area: Rect,
    buf: &mut Buffer,
) {
    let sources = sources(&year.dispatch);
    let modelled = plan.days.len() * 24;
    let total = |h: usize| {
        sources
            .iter()
            .map(|(_, s)| s.get(h).copied().unwrap_or(0.0))
            .sum::<f64>()
    };
    let max = (0..modelled).map(total).fold(0.0, f64::max);
    let first = k * 24;
    let columns: Vec<Vec<(f64, Style)>> = (first..first + 24)
        .map(|h| {
            sources
                .iter()
                .enumerate()
                .map(|(i, (_, s))| (s.get(h).copied().unwrap_or(0.0), theme::SERIES[i % 8]))
                .collect()
        })
        .collect();
    let day_peak = (first..first + 24).map(total).fold(0.0, f64::max);
    let block = titled(format!(
        "Dispatch in {}, day {} of {} (month {}, day {} of the year, stands for {} days; ↑ ↓ day) — peak {} MW, scale {} MW",
        year.year,
        k + 1,
        plan.days.len(),
        day.month,
        day.day_of_year,
        num(day.weight, 1),
        num(day_peak, 2),
        num(max, 2)
    ));
    let inner = block.inner(area);
    block.render(area, buf);
    let [legend, chart, axis] = inner.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ]));
    Line::from(
        sources
            .iter()
            .enumerate()
            .flat_map(|(i, (name, _))| {
                [
                    Span::styled("█ ", theme::SERIES[i % 8]),
                    Span::raw(format!("{name}  ")),
                ]
            })
            .collect::<Vec<_>>(),
    )
    .render(legend, buf);
    Stacked {
        columns: &columns,
        max,
    }
    .render(chart, buf);
    // Hour marks under every sixth column.
    let width = (chart.width / 24).max(1);
    let mut marks = String::new();
    for h in (0..24).step_by(6) {
        let at = usize::from(h * width);
        while marks.chars().count() < at {
            marks.push(' ');
        }
        let _ = write!(marks, "{h:02}h");
    }
    Line::styled(marks, theme::DIM).render(axis, buf);
}

/// Each month's peak import of the first contract against its firm capacity.
fn monthly_peaks(year: &YearPlan, area: Rect, buf: &mut Buffer) {
    let Some(c) = year.demand.first() else {
        return Paragraph::new("No grid contract.")
            .block(titled("Monthly peak import"))
            .render(area, buf);
    };
    let bars: Vec<Bar> = c
        .peak_mw
        .iter()
        .zip(MONTHS)
        .map(|(&mw, m)| {
            let over = mw > c.firm_mw + 1e-6;
            Bar::default()
                .value((mw * 100.0).round().max(0.0) as u64)
                .text_value(String::new())
                .label(Line::from(m))
                .style(if over { theme::ERROR } else { theme::GAUGE })
        })
        .collect();
    let peak = c.peak_mw.iter().copied().fold(0.0, f64::max);
    BarChart::default()
        .block(titled(format!(
            "Peak import by month: {} of {} MW firm ({})",
            num(peak, 2),
            num(c.firm_mw, 2),
            c.contract
        )))
        .data(BarGroup::default().bars(&bars))
        .bar_width(
            ((area.width.saturating_sub(2)) / 12)
                .saturating_sub(1)
                .max(1),
        )
        .bar_gap(1)
        .max((c.firm_mw.max(peak) * 100.0).round() as u64)
        .render(area, buf);
}

/// The year's energy by source and use, with each supply's share.
fn energy_table(year: &YearPlan, area: Rect, buf: &mut Buffer) {
    let supplied: f64 = year.energy.iter().map(|f| f.mwh.max(0.0)).sum();
    let rows = year.energy.iter().map(|f| {
        Row::new([
            Cell::from(labels::flow(&f.flow)),
            Cell::from(num(f.mwh, 0)),
            Cell::from(if f.mwh > 0.0 && supplied > 0.0 {
                format!("{:.1} %", 100.0 * f.mwh / supplied)
            } else {
                String::new()
            }),
        ])
    });
    Table::new(
        rows,
        [
            Constraint::Fill(1),
            Constraint::Length(10),
            Constraint::Length(7),
        ],
    )
    .header(Row::new(["source (+) / use (−)", "MWh", "share"]).style(theme::HEADER))
    .block(titled(format!("Energy in {}", year.year)))
    .render(area, buf);
}
