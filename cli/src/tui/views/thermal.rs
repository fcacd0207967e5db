//! The Thermal tab: the plan's last build through the weather year — each hall's racks as a
//! heatmap of their hottest inlet against the hall's ASHRAE envelope, PUE and WUE month by
//! month — and the closed loop's ride-through of each failure at design conditions.

use dcplan::plan::Plan;
use dcplan::thermal::{HallYear, YearReport};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, Widget, Wrap};

use super::chart::popup;
use super::{no_plan, titled};
use crate::cli::table::num;
use crate::tui::app::App;
use crate::tui::theme;
use crate::tui::worker::Planned;

/// Days in each month of the simulated (non-leap) year.
const MONTH_DAYS: [usize; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(planned) = app.planned() else {
        return no_plan(app.work(), "Thermal", area, buf);
    };
    let [heat, months, rides] = area.layout(&Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(5),
        Constraint::Length(ride_rows(&planned.plan)),
    ]));
    match &planned.year {
        Some(Ok(year)) => {
            heatmap(planned, year, app.hall(), heat, buf);
            monthly(year, months, buf);
            if let (true, Some(hall)) = (app.detail(), year.halls.get(app.hall())) {
                hall_detail(planned, hall, area, buf);
            }
        }
        Some(Err(why)) => Paragraph::new(Line::styled(why.clone(), theme::ERROR))
            .wrap(Wrap { trim: true })
            .block(titled("The weather year"))
            .render(heat, buf),
        None => Paragraph::new("Simulating the last year's build through the weather year…")
            .block(titled("The weather year"))
            .render(heat, buf),
    }
    ride_through(&planned.plan, rides, buf);
}

/// The style and symbol of an inlet `t_c` against a recommended and an allowable upper limit.
fn heat(t_c: f64, recommended: f64, allowable: f64) -> (Style, &'static str) {
    if t_c > allowable {
        (theme::HEAT[3], "█")
    } else if t_c > recommended {
        (theme::HEAT[2], "▓")
    } else if t_c > recommended - 3.0 {
        (theme::HEAT[1], "▒")
    } else {
        (theme::HEAT[0], "░")
    }
}

/// A row per hall: its racks' hottest inlets of the year, in as many cells as fit (a cell
/// shows the hottest of the racks it stands for), then the hall's hottest.
fn heatmap(planned: &Planned, year: &YearReport, selected: usize, area: Rect, buf: &mut Buffer) {
    let block = titled(format!(
        "Hottest rack inlet of the year, last build: {} racks, {} s steps (↑ ↓ hall, Enter opens; ░▒ recommended, ▓ above, █ above allowable)",
        year.racks, year.step_s
    ));
    let inner = block.inner(area);
    block.render(area, buf);
    let name_w = 14u16;
    let stats_w = 22u16;
    let cells = inner.width.saturating_sub(name_w + stats_w + 2) as usize;
    for (i, hall) in year.halls.iter().enumerate().take(inner.height as usize) {
        let y = inner.y + i as u16;
        let (rec, allow) = envelope(planned, &hall.hall);
        let mut spans = vec![Span::styled(
            format!("{:<13.13} ", hall.hall),
            if i == selected {
                theme::SELECTED
            } else {
                Style::new()
            },
        )];
        let racks = &hall.peak_inlet_c;
        let n = cells.min(racks.len());
        for c in 0..n {
            let group = &racks[c * racks.len() / n..(c + 1) * racks.len() / n];
            let t = group.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let (style, symbol) = heat(t, rec, allow);
            spans.push(Span::styled(symbol, style));
        }
        spans.push(Span::raw(" ".repeat(cells - n + 1)));
        spans.push(Span::raw(if racks.is_empty() {
            "no racks".to_owned()
        } else {
            format!("max {:.1} °C of {allow:.0}", hall.inlet_max_c)
        }));
        Line::from(spans).render(
            Rect {
                y,
                height: 1,
                ..inner
            },
            buf,
        );
    }
}

/// A hall's recommended and allowable upper limits (°C).
fn envelope(planned: &Planned, hall: &str) -> (f64, f64) {
    planned
        .envelopes
        .iter()
        .find(|(name, ..)| name == hall)
        .map_or((27.0, 32.0), |&(_, r, a)| (r, a))
}

/// PUE and WUE of each month, from the hourly series.
fn monthly(year: &YearReport, area: Rect, buf: &mut Buffer) {
    let h = &year.hourly;
    let mut start = 0;
    let mut pue = Vec::new();
    let mut wue = Vec::new();
    for days in MONTH_DAYS {
        let hours = start..(start + days * 24).min(h.it_mw.len());
        start += days * 24;
        let sum = |s: &[f64]| s.get(hours.clone()).map_or(0.0, |v| v.iter().sum::<f64>());
        let it = sum(&h.it_mw);
        pue.push((it > 0.0).then(|| sum(&h.facility_mw) / it));
        // m³ per MWh is litres per kWh.
        wue.push((it > 0.0).then(|| sum(&h.water_m3) / it));
    }
    let cell = |v: Option<f64>, d: usize| v.map_or_else(|| "–".to_owned(), |x| format!("{x:.d$}"));
    let header =
        Row::new(std::iter::once(String::new()).chain(MONTHS.iter().map(|m| (*m).to_owned())))
            .style(theme::HEADER);
    let rows = [
        Row::new(std::iter::once("PUE".to_owned()).chain(pue.iter().map(|&v| cell(v, 2)))),
        Row::new(std::iter::once("WUE L/kWh".to_owned()).chain(wue.iter().map(|&v| cell(v, 2)))),
    ];
    let widths = std::iter::once(Constraint::Length(9)).chain([Constraint::Length(4); 12]);
    Table::new(rows, widths)
        .header(header)
        .block(titled(format!(
            "Through the year: PUE {:.3}, WUE {:.2} L/kWh",
            year.pue, year.wue_l_per_kwh
        )))
        .render(area, buf);
}

/// Rows the ride-through table needs: a line per failure of each build, the loop's line,
/// borders and header.
fn ride_rows(plan: &Plan) -> u16 {
    plan.design_simulation.as_ref().map_or(3, |sim| {
        let rows: usize = sim.builds.iter().map(|b| 1 + b.ride_through.len()).sum();
        (rows as u16 + 4).min(12)
    })
}

/// Each build's ride-through of each failure at design conditions, and the loop's verdict.
fn ride_through(plan: &Plan, area: Rect, buf: &mut Buffer) {
    let Some(sim) = &plan.design_simulation else {
        return Paragraph::new("The plan was not simulated at design conditions (a plan from `dcplan plan --no-simulate`).")
            .block(titled("Ride-through"))
            .render(area, buf);
    };
    let rounds = sim.rounds.len();
    let verdict = if sim.holds { "holds" } else { "does not hold" };
    let minutes = |m: Option<f64>| {
        m.map_or_else(
            || "whole horizon".to_owned(),
            |m| format!("{} min", num(m, 1)),
        )
    };
    let rows = sim.builds.iter().flat_map(|b| {
        // The design hour with nothing failed, then each failure the site sets a target for.
        let held = b.design_hour_minutes.is_none();
        let design = Row::new([
            b.years_label(),
            "design hour".to_owned(),
            "–".to_owned(),
            minutes(b.design_hour_minutes),
            format!("hottest inlet {:.1} °C", b.inlet_max_c),
            if held { "holds" } else { "FAILS" }.to_owned(),
        ])
        .style(if held { Style::new() } else { theme::ERROR });
        std::iter::once(design).chain(b.ride_through.iter().map(move |t| {
            Row::new([
                b.years_label(),
                t.scenario.clone(),
                format!("{} min", num(t.target_minutes, 0)),
                minutes(t.minutes),
                t.first.clone(),
                if t.met { "met" } else { "SHORT" }.to_owned(),
            ])
            .style(if t.met { Style::new() } else { theme::ERROR })
        }))
    });
    Table::new(
        rows,
        [
            Constraint::Length(10),
            Constraint::Length(18),
            Constraint::Length(8),
            Constraint::Length(14),
            Constraint::Fill(1),
            Constraint::Length(6),
        ],
    )
    .header(Row::new(["years", "failure", "target", "rides through", "first to go", ""]).style(theme::HEADER))
    .block(titled(format!(
        "Ride-through at design conditions ({:.1} °C dry-bulb, {:.0} % IT load): the closed loop {verdict} after {rounds} round{}",
        sim.design_dry_bulb_c,
        sim.it_load_fraction * 100.0,
        if rounds == 1 { "" } else { "s" }
    )))
    .render(area, buf);
}

/// A hall's year in detail, over the tab.
fn hall_detail(planned: &Planned, hall: &HallYear, area: Rect, buf: &mut Buffer) {
    let (rec, allow) = envelope(planned, &hall.hall);
    let rect = popup(area, 76, 16, buf);
    let block = titled(format!("{} (Esc closes)", hall.hall));
    let inner = block.inner(rect);
    block.render(rect, buf);
    let mut lines = vec![
        Line::from(format!(
            "ASHRAE {} · {} racks · recommended up to {rec:.0} °C, allowable up to {allow:.0} °C",
            hall.ashrae_class, hall.racks
        )),
        Line::from(format!(
            "rack inlet over the year: P50 {:.1} · P95 {:.1} · P99 {:.1} · max {:.1} °C",
            hall.inlet_p50_c, hall.inlet_p95_c, hall.inlet_p99_c, hall.inlet_max_c
        )),
        Line::from(format!(
            "hours outside recommended {} · outside allowable {}",
            hall.hours_outside_recommended, hall.hours_outside_allowable
        )),
    ];
    if let Some(t) = hall.liquid_supply_max_c {
        lines.push(Line::from(format!(
            "facility water supply up to {t:.1} °C · {} hours above its class",
            hall.hours_liquid_above_class
        )));
    }
    lines.push(Line::styled(
        "every rack's hottest inlet, in rack order:",
        theme::DIM,
    ));
    let width = inner.width.max(1) as usize;
    for chunk in hall.peak_inlet_c.chunks(width) {
        lines.push(Line::from(
            chunk
                .iter()
                .map(|&t| {
                    let (style, symbol) = heat(t, rec, allow);
                    Span::styled(symbol, style)
                })
                .collect::<Vec<_>>(),
        ));
    }
    Paragraph::new(lines).render(inner, buf);
}
