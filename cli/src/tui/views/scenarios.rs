//! The Scenarios tab: a sweep's results (`--sweep results.csv`) as the library summarises
//! them — each output's percentiles, the tornado (or, for sampled sweeps, each parameter's
//! rank correlation with NPV), how stable each build decision is, and the base build's
//! regret.

use dcplan::sweep::Summary;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, Widget, Wrap};

use super::chart::bar;
use super::titled;
use crate::cli::table::{musd, num};
use crate::tui::app::App;
use crate::tui::theme;

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let Some((file, s)) = app.sweep() else {
        return Paragraph::new(vec![
            Line::from("No sweep loaded."),
            Line::from(""),
            Line::from("Run a sweep (dcplan sweep SPEC -o results.csv; samples in sweeps/), then"),
            Line::from("dcplan tui SITE --sweep results.csv to see its tornado, percentiles and"),
            Line::from("how stable each build decision is across the scenarios."),
        ])
        .block(titled("Scenarios"))
        .render(area, buf);
    };
    let outputs = s.outputs.len() as u16;
    let [head, spread, middle] = area.layout(&Layout::vertical([
        Constraint::Length(4),
        Constraint::Length(outputs.min(8) + 3),
        Constraint::Fill(1),
    ]));
    header(file, s, head, buf);
    percentiles(s, spread, buf);
    let [left, right] = middle.layout(&Layout::horizontal([
        Constraint::Percentage(50),
        Constraint::Percentage(50),
    ]));
    influence(s, left, buf);
    stability(s, right, buf);
}

/// The file, the scenarios by status, the base NPV and the regret.
fn header(file: &str, s: &Summary, area: Rect, buf: &mut Buffer) {
    let statuses: Vec<String> = s.statuses.iter().map(|(k, n)| format!("{n} {k}")).collect();
    let mut lines = vec![Line::from(format!(
        "{} scenarios ({}) · base {} {}",
        s.scenarios,
        statuses.join(", "),
        s.output,
        s.base.map_or_else(|| "–".to_owned(), musd)
    ))];
    if let Some(r) = &s.regret {
        lines.push(Line::from(match &r.usd {
            Some(sp) => format!(
                "regret of building the base plan: P50 {} · P90 {} · max {} where it serves ({} of {}; fails in {})",
                musd(sp.p50),
                musd(sp.p90),
                musd(sp.max),
                r.serves,
                r.serves + r.fails,
                r.fails
            ),
            None => format!("the base plan serves none of the scenarios ({} fail)", r.fails),
        }));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .block(titled(format!("Sweep {file}")))
        .render(area, buf);
}

/// A figure of an output column: money in $M, others plain.
fn figure(output: &str, v: f64) -> String {
    if output.ends_with("_usd") {
        musd(v)
    } else {
        num(v, 2)
    }
}

/// Each output's P10, P50 and P90, with the extremes.
fn percentiles(s: &Summary, area: Rect, buf: &mut Buffer) {
    let rows = s.outputs.iter().map(|(name, sp)| {
        Row::new([
            name.clone(),
            figure(name, sp.min),
            figure(name, sp.p10),
            figure(name, sp.p50),
            figure(name, sp.p90),
            figure(name, sp.max),
        ])
    });
    Table::new(
        rows,
        [
            Constraint::Fill(1),
            Constraint::Length(10),
            Constraint::Length(10),
            Constraint::Length(10),
            Constraint::Length(10),
            Constraint::Length(10),
        ],
    )
    .header(Row::new(["output", "min", "P10", "P50", "P90", "max"]).style(theme::HEADER))
    .block(titled("Percentiles across the scenarios"))
    .render(area, buf);
}

/// The tornado (one-at-a-time sweeps), else each parameter's influence, as bars.
fn influence(s: &Summary, area: Rect, buf: &mut Buffer) {
    let block = titled(if s.tornado.is_empty() {
        format!("Influence on {} (Spearman rank correlation)", s.output)
    } else {
        format!("Tornado: {} at each parameter's low and high", s.output)
    });
    let inner = block.inner(area);
    block.render(area, buf);
    // The parameter's path on a line of its own, its bar under it.
    let bar_w = (inner.width as usize).saturating_sub(12).max(4);
    let lines: Vec<Line> = if s.tornado.is_empty() {
        s.influence
            .iter()
            .flat_map(|i| {
                [
                    Line::from(i.parameter.clone()),
                    Line::from(vec![
                        Span::raw(format!("  {:+.2}  ", i.value)),
                        Span::styled(
                            bar(i.value.abs(), 1.0, bar_w),
                            theme::SERIES[usize::from(i.value < 0.0)],
                        ),
                    ]),
                ]
            })
            .collect()
    } else {
        let widest = s.tornado.first().map_or(0.0, |b| b.swing);
        s.tornado
            .iter()
            .flat_map(|b| {
                [
                    Line::from(format!("{}: {} → {}", b.parameter, b.low.0, b.high.0)),
                    Line::from(vec![
                        Span::raw(format!("{:>9} ", figure(&s.output, b.swing))),
                        Span::styled(bar(b.swing, widest, bar_w), theme::SERIES[0]),
                    ]),
                ]
            })
            .collect()
    };
    Paragraph::new(lines).render(inner, buf);
}

/// Each component: how often it is built, and built as the base plan builds it.
fn stability(s: &Summary, area: Rect, buf: &mut Buffer) {
    // The spread of quantities when there is room for it.
    let wide = area.width >= 70;
    let rows = s.stability.iter().map(|st| {
        let mut cells = vec![
            st.component.clone(),
            num(st.base_quantity, 1),
            format!("{:.0} %", st.built_share * 100.0),
            format!("{:.0} %", st.as_base_share * 100.0),
        ];
        if wide {
            cells.push(format!(
                "{}–{}",
                num(st.quantity.p10, 1),
                num(st.quantity.p90, 1)
            ));
        }
        Row::new(cells).style(if st.as_base_share < 0.5 {
            theme::BINDING
        } else {
            ratatui::style::Style::new()
        })
    });
    let mut widths = vec![
        Constraint::Fill(1),
        Constraint::Length(5),
        Constraint::Length(5),
        Constraint::Length(7),
    ];
    let mut header = vec!["decision, least stable first", "base", "built", "as base"];
    if wide {
        widths.push(Constraint::Length(11));
        header.push("P10–P90");
    }
    Table::new(rows, widths)
        .header(Row::new(header).style(theme::HEADER))
        .block(titled("Decision stability"))
        .render(area, buf);
}
