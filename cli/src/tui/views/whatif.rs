//! The What-if tab: the form of assumptions (the site's value beside each changed one), and
//! the what-if's plan beside the site's with the difference of each figure and of each
//! build.

use std::collections::BTreeMap;

use dcplan::plan::document::{ComponentKind, ComponentRef};

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Widget, Wrap};

use super::chart::money;
use super::{status, titled};
use crate::cli::table::num;
use crate::labels;
use crate::tui::app::{App, Input, Work};
use crate::tui::theme;
use crate::tui::worker::Planned;

/// Terminal width from which the form and the comparison sit side by side.
const SIDE_BY_SIDE: u16 = 120;

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let w = app.what_if();
    let form_rows = w.fields().len() as u16 + 4;
    let [form, compare] = if area.width >= SIDE_BY_SIDE {
        area.layout(&Layout::horizontal([
            Constraint::Percentage(45),
            Constraint::Percentage(55),
        ]))
    } else {
        area.layout(&Layout::vertical([
            Constraint::Length(form_rows),
            Constraint::Fill(1),
        ]))
    };
    form_table(app, form, buf);
    comparison(app, compare, buf);
}

/// The fields, the selected one marked (and its text while typed), a changed one with the
/// site's value beside it; then the last word about the form or a save.
fn form_table(app: &App, area: Rect, buf: &mut Buffer) {
    let w = app.what_if();
    let typing = match app.input() {
        Input::Field(text) => Some(text.as_str()),
        _ => None,
    };
    let rows = w.fields().iter().enumerate().map(|(i, f)| {
        let selected = i == w.field();
        let value = match typing {
            Some(text) if selected => format!("{text}▏"),
            _ => f.value.clone(),
        };
        let was = if f.changed() {
            format!("site: {}", f.original)
        } else {
            String::new()
        };
        let row = Row::new([
            Cell::from(f.label.clone()),
            Cell::from(Span::styled(
                value,
                if f.changed() {
                    theme::BINDING
                } else {
                    Style::new()
                },
            )),
            Cell::from(Span::styled(was, theme::DIM)),
        ]);
        if selected {
            row.style(theme::SELECTED)
        } else {
            row
        }
    });
    let block = titled("What if… (↑ ↓ field, Enter edit, + - step, r plan it, s save, z reset)");
    let inner = block.inner(area);
    block.render(area, buf);
    let [table, message] = inner.layout(&Layout::vertical([
        Constraint::Length(w.fields().len() as u16 + 1),
        Constraint::Fill(1),
    ]));
    Table::new(
        rows,
        [
            Constraint::Fill(3),
            Constraint::Fill(2),
            Constraint::Fill(1),
        ],
    )
    .header(Row::new(["assumption", "value", ""]).style(theme::HEADER))
    .render(table, buf);
    let line = match w.message() {
        Some((true, m)) => Line::styled(m.to_owned(), theme::ERROR),
        Some((false, m)) => Line::from(m.to_owned()),
        None => match w.planned_with() {
            None => Line::styled(
                "Change a value, then r plans the what-if beside the site's plan.",
                theme::DIM,
            ),
            Some([]) => Line::styled("planned as the site has it", theme::DIM),
            Some(changed) => {
                Line::styled(format!("planned with {}", changed.join(" · ")), theme::DIM)
            }
        },
    };
    Paragraph::new(line)
        .wrap(Wrap { trim: true })
        .render(message, buf);
}

/// The figures compared: the site's plan, the what-if's, and the difference.
fn comparison(app: &App, area: Rect, buf: &mut Buffer) {
    let slot = app.what_if().slot();
    let block = titled(
        Line::from(vec![
            Span::raw("Site plan vs what-if · "),
            status(slot.work(), "what-if"),
        ])
        .to_string(),
    );
    let (Some(base), Some(what)) = (app.planned(), slot.planned()) else {
        let text = match slot.work() {
            Work::Failed(why) => {
                let mut lines = vec![Line::styled("No what-if plan:", theme::ERROR)];
                lines.extend(why.lines().map(|l| Line::from(l.to_owned())));
                return Paragraph::new(lines).block(block).render(area, buf);
            }
            Work::Running { .. } => Line::from("Planning the what-if…"),
            _ if app.planned().is_none() => Line::from("Waiting for the site's plan."),
            _ => Line::styled("No what-if planned yet.", theme::DIM),
        };
        return Paragraph::new(text)
            .wrap(Wrap { trim: true })
            .block(block)
            .render(area, buf);
    };
    let inner = block.inner(area);
    block.render(area, buf);
    let failed = match slot.work() {
        Work::Failed(why) => Some(why.as_str()),
        _ => None,
    };
    let figures = figures(base, what);
    let [table, builds, note] = inner.layout(&Layout::vertical([
        Constraint::Length(figures.len() as u16 + 1),
        Constraint::Fill(1),
        Constraint::Length(
            failed
                .map_or(0, |why| why.lines().count() as u16 + 1)
                .min(14),
        ),
    ]));
    let rows = figures.into_iter().map(|(name, b, w, d, worse)| {
        Row::new([
            Cell::from(name),
            Cell::from(b),
            Cell::from(w),
            Cell::from(Span::styled(
                d,
                if worse { theme::BINDING } else { theme::GAUGE },
            )),
        ])
    });
    Table::new(
        rows,
        [
            Constraint::Fill(1),
            Constraint::Length(9),
            Constraint::Length(9),
            Constraint::Fill(1),
        ],
    )
    .header(Row::new(["", "site", "what-if", "Δ"]).style(theme::HEADER))
    .render(table, buf);
    build_diff(base, what, builds, buf);
    if let Some(why) = failed {
        let mut lines = vec![Line::styled("the last what-if failed:", theme::ERROR)];
        lines.extend(why.lines().map(|l| Line::from(l.to_owned())));
        Paragraph::new(lines).render(note, buf);
    }
}

/// A compared figure: its name, the site's, the what-if's, the difference, and whether the
/// difference is for the worse.
type Figure = (String, String, String, String, bool);

fn figures(base: &Planned, what: &Planned) -> Vec<Figure> {
    let mut out = Vec::new();
    let mut money = |name: &str, b: f64, w: f64| {
        let pct = if b.abs() > 0.0 {
            format!(" ({:+.2} %)", 100.0 * (w - b) / b.abs())
        } else {
            String::new()
        };
        out.push((
            name.to_owned(),
            money(b),
            money(w),
            if (w - b).abs() < 0.05e6 {
                "=".to_owned()
            } else {
                format!("{}{pct}", signed_money(w - b))
            },
            w > b + 0.5,
        ));
    };
    money(
        "NPV of cost",
        base.plan.objective_npv_usd,
        what.plan.objective_npv_usd,
    );
    money("capex, undiscounted", capex(base), capex(what));
    let mut plain =
        |name: &str, f: &dyn Fn(&Planned) -> Option<f64>, decimals: usize, more_is_worse: bool| {
            let (b, w) = (f(base), f(what));
            let show = |v: Option<f64>| v.map_or_else(|| "–".to_owned(), |x| num(x, decimals));
            let (d, worse) = match (b, w) {
                (Some(b), Some(w)) => delta(w - b, decimals, more_is_worse),
                _ => (String::new(), false),
            };
            out.push((name.to_owned(), show(b), show(w), d, worse));
        };
    plain(
        "cost per GPU-year $",
        &|p| p.ledger.unit.cost_per_gpu_year_usd,
        0,
        true,
    );
    plain(
        "GPUs online, last year",
        &|p| p.plan.years.last().map(|y| y.gpus_online as f64),
        0,
        false,
    );
    plain(
        "facility peak MW",
        &|p| {
            p.plan
                .years
                .iter()
                .map(|y| y.facility_peak_mw)
                .reduce(f64::max)
        },
        2,
        true,
    );
    plain(
        "PUE, last year (model)",
        &|p| p.plan.years.last().map(|y| y.pue),
        3,
        true,
    );
    plain(
        "PUE, weather year (simulated)",
        &|p| simulated(p).map(|y| y.pue),
        3,
        true,
    );
    plain(
        "WUE L/kWh (simulated)",
        &|p| simulated(p).map(|y| y.wue_l_per_kwh),
        2,
        true,
    );
    let holds = |p: &Planned| {
        p.plan
            .design_simulation
            .as_ref()
            .map_or("–", |s| if s.holds { "holds" } else { "fails" })
            .to_owned()
    };
    let (b, w) = (holds(base), holds(what));
    let worse = b == "holds" && w != "holds";
    out.push((
        "closed loop at design".to_owned(),
        b,
        w,
        String::new(),
        worse,
    ));
    out
}

/// A difference shown to `decimals`, signed, or `=` when it rounds to nothing; and whether
/// it is for the worse.
fn delta(d: f64, decimals: usize, more_is_worse: bool) -> (String, bool) {
    let shown = num(d.abs(), decimals);
    if num(0.0, decimals) == shown {
        return ("=".to_owned(), false);
    }
    let sign = if d > 0.0 { "+" } else { "-" };
    (format!("{sign}{shown}"), (d > 0.0) == more_is_worse)
}

fn simulated(p: &Planned) -> Option<&dcplan::thermal::YearReport> {
    p.year.as_ref().and_then(|y| y.as_ref().ok())
}

fn capex(p: &Planned) -> f64 {
    p.ledger
        .years
        .iter()
        .map(|y| y.capex_usd.values().sum::<f64>())
        .sum()
}

/// A signed amount, `=` when it rounds to nothing.
fn signed_money(v: f64) -> String {
    if v.abs() < 0.05e6 {
        "=".to_owned()
    } else if v < 0.0 {
        format!("-{}", money(-v))
    } else {
        format!("+{}", money(v))
    }
}

/// What a build is of, for comparing plans: racks by type and halls as one family (which of
/// several identical halls opens first is arbitrary), anything else by its name.
fn family(c: &ComponentRef) -> String {
    match c.kind {
        ComponentKind::Racks => format!("racks: {}", c.name),
        ComponentKind::Hall => "halls".to_owned(),
        _ => labels::component(c),
    }
}

/// Each family built differently: its total added over the horizon in each plan, and when
/// (a family with the same total added in other years says so).
fn build_diff(base: &Planned, what: &Planned, area: Rect, buf: &mut Buffer) {
    let by_year = |p: &Planned| {
        let mut m: BTreeMap<String, BTreeMap<u32, f64>> = BTreeMap::new();
        for b in crate::tui::app::listed_builds(&p.plan) {
            *m.entry(family(&b.component))
                .or_default()
                .entry(b.in_service_year)
                .or_default() += b.quantity.value();
        }
        m
    };
    let (b, w) = (by_year(base), by_year(what));
    let mut names: Vec<&String> = b.keys().chain(w.keys()).collect();
    names.sort();
    names.dedup();
    let same = |x: Option<&BTreeMap<u32, f64>>, y: Option<&BTreeMap<u32, f64>>| match (x, y) {
        (Some(x), Some(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((ya, qa), (yb, qb))| ya == yb && (qa - qb).abs() < 0.05)
        }
        (None, None) => true,
        _ => false,
    };
    let show = |v: Option<&BTreeMap<u32, f64>>| {
        v.map_or_else(
            || "–".to_owned(),
            |years| {
                let total: f64 = years.values().sum();
                let first = years.keys().next().copied().unwrap_or_default();
                format!("{} from {first}", num(total, 1))
            },
        )
    };
    let rows: Vec<Row> = names
        .into_iter()
        .filter(|n| !same(b.get(*n), w.get(*n)))
        .map(|n| {
            let (sb, sw) = (show(b.get(n)), show(w.get(n)));
            let note = if sb == sw { " (other years)" } else { "" };
            Row::new([format!("{n}{note}"), sb, sw])
        })
        .collect();
    let title = if rows.is_empty() {
        "Builds: the same"
    } else {
        "Builds that differ (added over the horizon)"
    };
    Table::new(
        rows,
        [
            Constraint::Fill(2),
            Constraint::Fill(1),
            Constraint::Fill(1),
        ],
    )
    .header(Row::new([title, "site", "what-if"]).style(theme::HEADER))
    .render(area, buf);
}
