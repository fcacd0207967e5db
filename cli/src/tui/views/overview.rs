//! The Overview tab: the plan's KPIs, each year's figures with its headroom and binding
//! resource, and gauges of the selected year's power, cooling and space.

use std::fmt::Write as _;

use dcplan::plan::Plan;
use dcplan::plan::document::{ComponentKind, Resource, YearPlan};

use super::chart::popup;
use super::titled;
use crate::tui::worker::Planned;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Gauge, LineGauge, Paragraph, Row, Table, Widget, Wrap};

use crate::cli::table::{musd, num};
use crate::labels;
use crate::tui::app::{App, Work};
use crate::tui::theme;

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(planned) = app.planned() else {
        return work(app.work(), area, buf);
    };
    let plan = &planned.plan;
    let failed = match app.work() {
        Work::Failed(why) => Some(why.as_str()),
        _ => None,
    };
    let mut lines = headline(planned);
    if let Some(why) = failed {
        lines.push(Line::styled(format!("re-plan failed: {why}"), theme::ERROR));
    }
    let kpi_lines = lines.len() as u16;
    let [kpis, years, gauges] = area.layout(&Layout::vertical([
        Constraint::Length(kpi_lines + 2),
        Constraint::Fill(1),
        Constraint::Length(5),
    ]));
    Paragraph::new(lines)
        .block(Block::bordered().title(Span::styled(" Plan ", theme::TITLE)))
        .render(kpis, buf);
    year_table(plan, app.year(), years, buf);
    if let Some(year) = plan.years.get(app.year()) {
        headroom(year, gauges, buf);
        if app.detail() {
            year_detail(year, area, buf);
        }
    }
}

/// The KPI lines: cost and how it was found; the last year's GPUs, peak and efficiency;
/// the closed loop's verdict; the last build through the weather year.
fn headline(planned: &Planned) -> Vec<Line<'static>> {
    let plan = &planned.plan;
    let mut lines = vec![Line::from(format!(
        "NPV {} · {} · {} · {} · {}",
        musd(plan.objective_npv_usd),
        plan.objective.name(),
        plan.status.name(),
        plan.resolution,
        plan.solver
    ))];
    if let Some(last) = plan.years.last() {
        let peak = plan
            .years
            .iter()
            .map(|y| y.facility_peak_mw)
            .fold(0.0, f64::max);
        lines.push(Line::from(format!(
            "{}: {} of {} GPUs online · peak {} MW · PUE {:.3}",
            last.year,
            num(last.gpus_online as f64, 0),
            num(last.gpus_target as f64, 0),
            num(peak, 1),
            last.pue
        )));
    }
    if let Some(sim) = &plan.design_simulation {
        let holds = if sim.holds { "holds" } else { "does not hold" };
        let mut text = format!("simulated at design conditions: {holds}");
        if let Some(last) = sim.builds.last() {
            let _ = write!(
                text,
                " · last build PUE {:.3}, WUE {:.2} L/kWh",
                last.pue, last.wue_l_per_kwh
            );
        }
        lines.push(Line::from(text));
    }
    lines.push(match &planned.year {
        Some(Ok(y)) => Line::from(format!(
            "weather year, last build: PUE {:.3} · WUE {:.2} L/kWh · hottest inlet {:.1} °C",
            y.pue,
            y.wue_l_per_kwh,
            y.halls
                .iter()
                .map(|h| h.inlet_max_c)
                .fold(f64::NEG_INFINITY, f64::max)
        )),
        Some(Err(why)) => Line::styled(format!("weather year not simulated: {why}"), theme::ERROR),
        None => Line::styled("weather year: simulating…", theme::DIM),
    });
    lines
}

/// The selected year in detail, over the tab: what is in service, what enters service,
/// the cost by category, energy, emissions and water.
fn year_detail(year: &YearPlan, area: Rect, buf: &mut Buffer) {
    let rect = popup(
        area,
        area.width.saturating_sub(4).min(110),
        area.height.saturating_sub(2),
        buf,
    );
    let block = titled(format!("{} in detail (Esc closes, ← → year)", year.year));
    let inner = block.inner(rect);
    block.render(rect, buf);
    let [left, right] = inner.layout(
        &Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).spacing(2),
    );
    let mut lines = vec![Line::styled("in service", theme::HEADER)];
    lines.extend(year.in_service.iter().map(|h| {
        let q = h.quantity.value();
        Line::from(format!(
            "  {} × {}",
            num(q, usize::from((q - q.round()).abs() >= 1e-6)),
            labels::component(&h.component)
        ))
    }));
    lines.push(Line::styled("enters service this year", theme::HEADER));
    if year.builds.is_empty() {
        lines.push(Line::styled("  nothing", theme::DIM));
    }
    lines.extend(year.builds.iter().map(|b| {
        Line::from(format!(
            "  {} {} ({}, ordered by {})",
            labels::quantity(b),
            labels::component(&b.component),
            musd(b.capex_usd),
            b.order_by_year
        ))
    }));
    Paragraph::new(lines).render(left, buf);
    let mut lines = vec![Line::styled("cash out by category", theme::HEADER)];
    lines.extend(
        year.costs_usd
            .iter()
            .filter(|(_, v)| v.abs() > 0.5)
            .map(|(c, v)| {
                let name = dcplan::text::serde_name(c).replace('_', " ");
                Line::from(format!("  {name:<24} {}", super::finance::signed(*v)))
            }),
    );
    lines.push(Line::from(format!(
        "emissions {} t CO₂ · tower water {} m³",
        num(year.emissions_t, 0),
        num(year.water_m3, 0)
    )));
    Paragraph::new(lines).render(right, buf);
}

/// One row per year; the selected one highlighted.
fn year_table(plan: &Plan, selected: usize, area: Rect, buf: &mut Buffer) {
    let header = Row::new([
        "year",
        "GPUs",
        "IT MW",
        "peak MW",
        "PUE",
        "firm spare",
        "cool spare",
        "slots",
        "binding",
    ])
    .style(theme::HEADER);
    let rows = plan.years.iter().enumerate().map(|(i, y)| {
        let row = Row::new([
            Cell::from(y.year.to_string()),
            Cell::from(num(y.gpus_online as f64, 0)),
            Cell::from(num(y.it_mw, 1)),
            Cell::from(num(y.facility_peak_mw, 1)),
            Cell::from(if y.pue > 0.0 {
                format!("{:.3}", y.pue)
            } else {
                "–".to_owned()
            }),
            Cell::from(num(y.headroom.power_mw, 1)),
            Cell::from(
                y.headroom
                    .cooling_mw
                    .map_or_else(|| "–".to_owned(), |c| num(c, 1)),
            ),
            Cell::from(num(y.headroom.slots as f64, 0)),
            Cell::from(Span::styled(labels::resource(y.binding), theme::BINDING)),
        ]);
        if i == selected {
            row.style(theme::SELECTED)
        } else {
            row
        }
    });
    let widths = [
        Constraint::Length(4),
        Constraint::Length(9),
        Constraint::Length(7),
        Constraint::Length(8),
        Constraint::Length(5),
        Constraint::Length(10),
        Constraint::Length(10),
        Constraint::Length(6),
        Constraint::Fill(1),
    ];
    Table::new(rows, widths)
        .header(header)
        .block(Block::bordered().title(Span::styled(" By year (← → select) ", theme::TITLE)))
        .render(area, buf);
}

/// The selected year's use of each resource at its tightest hour, the binding one marked.
fn headroom(year: &YearPlan, area: Rect, buf: &mut Buffer) {
    let block = Block::bordered().title(Span::styled(
        format!(
            " Headroom in {} — binding: {} ",
            year.year,
            labels::resource(year.binding)
        ),
        theme::TITLE,
    ));
    let inner = block.inner(area);
    block.render(area, buf);
    let [power, cooling, space] = inner.layout(&Layout::vertical([Constraint::Length(1); 3]));
    let peak = year.facility_peak_mw;
    gauge(
        &format!(
            "firm power: peak {} MW, {} MW spare",
            num(peak, 1),
            num(year.headroom.power_mw, 1)
        ),
        share(peak, year.headroom.power_mw),
        year.binding == Resource::FirmPower,
        power,
        buf,
    );
    match year.headroom.cooling_mw {
        Some(spare) => {
            let load = peak_chiller_load(year);
            gauge(
                &format!(
                    "cooling: chiller load {} MW, {} MW spare",
                    num(load, 1),
                    num(spare, 1)
                ),
                share(load, spare),
                year.binding == Resource::Cooling,
                cooling,
                buf,
            );
        }
        None => Line::styled("cooling: no chillers", theme::DIM).render(cooling, buf),
    }
    let racks: f64 = year
        .in_service
        .iter()
        .filter(|h| h.component.kind == ComponentKind::Racks)
        .map(|h| h.quantity.value())
        .sum();
    let positions = racks + year.headroom.slots as f64;
    gauge(
        &format!(
            "space: {} racks in {} positions",
            num(racks, 0),
            num(positions, 0)
        ),
        share(racks, year.headroom.slots as f64),
        year.binding == Resource::Slots,
        space,
        buf,
    );
}

/// The share of a resource in use, `used` against `used + spare`, within 0–1.
fn share(used: f64, spare: f64) -> f64 {
    let total = used + spare.max(0.0);
    if total > 0.0 && used.is_finite() {
        (used / total).clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// The year's highest hourly chilled-water load, all chiller classes together (MW thermal).
fn peak_chiller_load(year: &YearPlan) -> f64 {
    let loads = &year.dispatch.chiller_load_mw;
    let hours = loads.values().map(Vec::len).max().unwrap_or(0);
    (0..hours)
        .map(|h| loads.values().filter_map(|l| l.get(h)).sum::<f64>())
        .fold(0.0, f64::max)
}

/// A labelled bar of the share in use: the label first, the bar in the rest of the line.
fn gauge(label: &str, ratio: f64, binding: bool, area: Rect, buf: &mut Buffer) {
    LineGauge::default()
        .ratio(ratio)
        .label(format!("{label} · {:.0} % in use ", ratio * 100.0))
        .filled_symbol("█")
        .unfilled_symbol("░")
        .filled_style(if binding {
            theme::BINDING
        } else {
            theme::GAUGE
        })
        .unfilled_style(theme::DIM)
        .render(area, buf);
}

/// What the work is doing, before there is a plan.
fn work(work: &Work, area: Rect, buf: &mut Buffer) {
    let block = Block::bordered().title(Span::styled(" Plan ", theme::TITLE));
    let inner = block.inner(area);
    block.render(area, buf);
    match work {
        Work::Running { phase, fraction } => {
            let [text, bar] = inner.layout(&Layout::vertical([
                Constraint::Length(2),
                Constraint::Length(1),
            ]));
            Paragraph::new("Planning the site: what to build and when, then simulating it at design conditions (x cancels).")
                .wrap(Wrap { trim: true })
                .render(text, buf);
            Gauge::default()
                .ratio(if fraction.is_nan() {
                    0.0
                } else {
                    fraction.clamp(0.0, 1.0)
                })
                .label(phase.map_or_else(|| "starting".to_owned(), |p| p.to_string()))
                .gauge_style(theme::GAUGE)
                .render(bar, buf);
        }
        Work::Failed(why) => Paragraph::new(vec![
            Line::styled("No plan", theme::ERROR),
            Line::from(why.clone()),
        ])
        .wrap(Wrap { trim: true })
        .render(inner, buf),
        Work::Cancelled => {
            Line::styled("Cancelled. r plans again.", theme::DIM).render(inner, buf);
        }
        Work::Idle => Line::styled("No plan.", theme::DIM).render(inner, buf),
    }
}
