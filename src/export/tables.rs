//! The ledger and the plan's dispatch as tidy tables: one observation per row, one variable
//! per column, units in the column names. CSV writes one file per table, JSON all of them,
//! and the XLSX workbook's data sheets are these tables.

use serde::Serialize;

use crate::finance::Ledger;
use crate::finance::ledger::{CapexEntry, LedgerEvent, Order};
use crate::plan::Plan;
use crate::site::Finance;
use crate::site::Site;
use crate::site::accounts::{AssetClass, Category};
use crate::site::buildables::ComponentRef;
use crate::text::serde_name as key;

/// One cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// Nothing (a figure that does not apply, e.g. IRR without revenue).
    Empty,
}

impl Cell {
    fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    fn opt(v: Option<f64>) -> Cell {
        v.map_or(Cell::Empty, Cell::Number)
    }
}

impl From<f64> for Cell {
    fn from(v: f64) -> Cell {
        Cell::Number(v)
    }
}

impl From<u32> for Cell {
    fn from(v: u32) -> Cell {
        Cell::Number(f64::from(v))
    }
}

/// One table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// File and key name (`cash_flow`): the CSV is `NAME.csv`.
    pub name: &'static str,
    /// Column names, units as suffixes.
    pub columns: Vec<String>,
    /// Rows, each as long as `columns`.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    fn new(name: &'static str, columns: &[&str]) -> Table {
        Table {
            name,
            columns: columns.iter().map(|c| (*c).to_owned()).collect(),
            rows: Vec::new(),
        }
    }
}

/// The tables' names, in workbook order.
pub const TABLE_NAMES: [&str; 8] = [
    "summary",
    "assumptions",
    "capex",
    "orders",
    "depreciation",
    "opex",
    "cash_flow",
    "dispatch",
];

/// Every table, in workbook order ([`TABLE_NAMES`]).
pub fn tables(site: &Site, plan: &Plan, ledger: &Ledger) -> Vec<Table> {
    vec![
        summary(site, plan, ledger),
        assumptions(site),
        capex(&ledger.capex),
        orders(&ledger.orders),
        by_year_and_class(ledger, "depreciation", |y, c| {
            y.depreciation_usd.get(&c).copied().unwrap_or(0.0)
        }),
        opex(ledger),
        cash_flow(ledger),
        dispatch(plan),
    ]
}

fn summary(site: &Site, plan: &Plan, ledger: &Ledger) -> Table {
    let mut t = Table::new("summary", &["metric", "value", "unit"]);
    let u = &ledger.unit;
    let mut row = |metric: &str, value: Cell, unit: &str| {
        t.rows
            .push(vec![Cell::text(metric), value, Cell::text(unit)]);
    };
    row("site", Cell::text(&site.site.name), "");
    row("first year", site.site.start_year.into(), "year");
    row("years", site.site.years.into(), "years");
    row("objective", Cell::text(plan.objective.name()), "");
    row("net present cost", ledger.npv_cost_usd.into(), "USD");
    row(
        "net present value with revenue",
        Cell::opt(ledger.npv_net_usd),
        "USD",
    );
    row("internal rate of return", Cell::opt(ledger.irr), "fraction");
    row("payback", Cell::opt(ledger.payback_years), "years");
    row("IT power installed, most", u.it_mw.into(), "MW");
    row("GPU-years", u.gpu_years.into(), "GPU-years");
    row(
        "levelized cost per GPU-year",
        Cell::opt(u.cost_per_gpu_year_usd),
        "USD",
    );
    row(
        "levelized cost per GPU-hour",
        Cell::opt(u.cost_per_gpu_hour_usd),
        "USD",
    );
    row(
        "present cost per MW of IT",
        Cell::opt(u.npv_per_mw_it_usd),
        "USD/MW",
    );
    row(
        "facility capex per MW of IT",
        Cell::opt(u.facility_capex_per_mw_it_usd),
        "USD/MW",
    );
    let (lo, hi) = u.published_range_usd_per_mw;
    row(
        "published range, low (Cushman & Wakefield 2025)",
        lo.into(),
        "USD/MW",
    );
    row(
        "published range, high (Cushman & Wakefield 2025)",
        hi.into(),
        "USD/MW",
    );
    let verdict = match u.within_published_range {
        Some(true) => "within",
        Some(false) => "outside",
        None => "",
    };
    row(
        "facility capex vs the published range",
        Cell::text(verdict),
        "",
    );
    t
}

/// The figures the ledger's arithmetic rests on, one per row; the workbook's formulas read
/// them from here.
fn assumptions(site: &Site) -> Table {
    let mut t = Table::new("assumptions", &["assumption", "value", "unit"]);
    let f = &site.finance;
    let mut row = |name: String, value: Cell, unit: &str| {
        t.rows.push(vec![Cell::Text(name), value, Cell::text(unit)]);
    };
    row(
        "discount_rate".into(),
        site.site.discount_rate.into(),
        "real, per year",
    );
    row("start_year".into(), site.site.start_year.into(), "year");
    row("years".into(), site.site.years.into(), "years");
    row(
        "gpu_hour_usd".into(),
        Cell::opt(f.gpu_hour_usd),
        "USD per GPU-hour",
    );
    row(
        "billable_fraction".into(),
        f.billable_fraction.into(),
        "fraction",
    );
    row("hours_per_year".into(), 8760.0.into(), "h");
    row("terminal".into(), Cell::Text(key(&f.terminal)), "");
    row(
        "water_usd_per_m3".into(),
        site.cooling.water_usd_per_m3.into(),
        "USD/m³",
    );
    row(
        "carbon_price_usd_per_t".into(),
        site.emissions.carbon_price_usd_per_t.into(),
        "USD/t",
    );
    for class in AssetClass::ALL {
        let k = Finance::class_key(class);
        let terms = f.class(class);
        row(format!("{k}.payment"), Cell::Text(key(&terms.payment)), "");
        row(
            format!("{k}.depreciation"),
            Cell::Text(key(&terms.depreciation)),
            "",
        );
        row(
            format!("{k}.salvage_fraction"),
            terms.salvage_fraction.into(),
            "fraction",
        );
        row(
            format!("{k}.escalation"),
            terms.escalation.into(),
            "real, per year",
        );
    }
    for c in Category::ALL.into_iter().filter(|c| c.is_opex()) {
        row(
            format!("escalation.{}", key(&c)),
            f.escalation(c).into(),
            "real, per year",
        );
    }
    t
}

fn component_cells(c: &ComponentRef) -> [Cell; 3] {
    [
        Cell::text(key(&c.kind)),
        Cell::text(&c.name),
        c.hall.as_ref().map_or(Cell::Empty, Cell::text),
    ]
}

fn event(e: LedgerEvent) -> Cell {
    Cell::text(key(&e))
}

fn capex(entries: &[CapexEntry]) -> Table {
    let mut t = Table::new(
        "capex",
        &[
            "year",
            "kind",
            "name",
            "hall",
            "class",
            "event",
            "in_service_year",
            "usd",
        ],
    );
    let mut sorted: Vec<&CapexEntry> = entries.iter().collect();
    sorted.sort_by_key(|e| e.year);
    for e in sorted {
        let mut row = vec![e.year.into()];
        row.extend(component_cells(&e.component));
        row.extend([
            Cell::text(key(&e.class)),
            event(e.event),
            e.in_service_year.into(),
            e.usd.into(),
        ]);
        t.rows.push(row);
    }
    t
}

fn orders(orders: &[Order]) -> Table {
    let mut t = Table::new(
        "orders",
        &[
            "order_by_year",
            "in_service_year",
            "kind",
            "name",
            "hall",
            "class",
            "event",
            "quantity",
            "lifetime_years",
            "usd",
        ],
    );
    let mut sorted: Vec<&Order> = orders.iter().collect();
    sorted.sort_by_key(|o| (o.order_by_year, o.in_service_year));
    for o in sorted {
        let mut row = vec![o.order_by_year.into(), o.in_service_year.into()];
        row.extend(component_cells(&o.component));
        row.extend([
            Cell::text(key(&o.class)),
            event(o.event),
            o.quantity.into(),
            o.lifetime_years.into(),
            o.usd.into(),
        ]);
        t.rows.push(row);
    }
    t
}

/// One row per year, one column per asset class (USD), and the total.
fn by_year_and_class(
    ledger: &Ledger,
    name: &'static str,
    value: impl Fn(&crate::finance::ledger::LedgerYear, AssetClass) -> f64,
) -> Table {
    let mut columns = vec!["year".to_owned()];
    columns.extend(AssetClass::ALL.iter().map(|c| format!("{}_usd", key(c))));
    columns.push("total_usd".into());
    let mut t = Table {
        name,
        columns,
        rows: Vec::new(),
    };
    for y in &ledger.years {
        let values: Vec<f64> = AssetClass::ALL.iter().map(|&c| value(y, c)).collect();
        let mut row = vec![Cell::from(y.year)];
        row.extend(values.iter().map(|&v| Cell::Number(v)));
        row.push(Cell::Number(values.iter().sum()));
        t.rows.push(row);
    }
    t
}

/// The operating categories, in report order.
pub fn opex_categories() -> impl Iterator<Item = Category> {
    Category::ALL.into_iter().filter(|c| c.is_opex())
}

fn opex(ledger: &Ledger) -> Table {
    let mut columns = vec!["year".to_owned()];
    columns.extend(opex_categories().map(|c| format!("{}_usd", key(&c))));
    columns.push("total_usd".into());
    let mut t = Table {
        name: "opex",
        columns,
        rows: Vec::new(),
    };
    for y in &ledger.years {
        let values: Vec<f64> = opex_categories().map(|c| y.category_usd(c)).collect();
        let mut row = vec![Cell::from(y.year)];
        row.extend(values.iter().map(|&v| Cell::Number(v)));
        row.push(Cell::Number(values.iter().sum()));
        t.rows.push(row);
    }
    t
}

/// The cash-flow table's columns.
pub const CASH_FLOW_COLUMNS: [&str; 11] = [
    "year",
    "capex_usd",
    "residual_usd",
    "opex_usd",
    "total_cost_usd",
    "gpus_online",
    "revenue_usd",
    "net_cash_flow_usd",
    "discount_factor",
    "discounted_net_usd",
    "cumulative_net_usd",
];

fn cash_flow(ledger: &Ledger) -> Table {
    let mut t = Table::new("cash_flow", &CASH_FLOW_COLUMNS);
    let mut cumulative = 0.0;
    for y in &ledger.years {
        let capex: f64 = y.capex_usd.values().sum();
        let opex: f64 = y.opex_usd.values().sum();
        cumulative += y.net_cash_flow_usd;
        t.rows.push(vec![
            y.year.into(),
            capex.into(),
            y.residual_usd.into(),
            opex.into(),
            y.cost_usd().into(),
            y.gpus_online.into(),
            y.revenue_usd.into(),
            y.net_cash_flow_usd.into(),
            y.discount_factor.into(),
            y.discounted_net_usd.into(),
            cumulative.into(),
        ]);
    }
    t
}

/// Every year's hourly operation: one row per year and modelled hour, with the hour's
/// weight (days it stands for; 0 for design hours) and one column per series.
fn dispatch(plan: &Plan) -> Table {
    let mut columns: Vec<String> = ["year", "hour", "days_weight", "facility_mw", "cooling_mw"]
        .iter()
        .map(|c| (*c).to_owned())
        .collect();
    let Some(first) = plan.years.first() else {
        return Table {
            name: "dispatch",
            columns,
            rows: Vec::new(),
        };
    };
    let d = &first.dispatch;
    let maps = [
        ("import_firm_mw", &d.import_firm_mw),
        ("import_non_firm_mw", &d.import_non_firm_mw),
        ("ppa_mw", &d.ppa_mw),
        ("generation_mw", &d.generation_mw),
        ("pv_mw", &d.pv_mw),
        ("charge_mw", &d.charge_mw),
        ("discharge_mw", &d.discharge_mw),
        ("soc_mwh", &d.soc_mwh),
    ];
    let mut keys: Vec<(usize, String)> = Vec::new();
    for (m, (prefix, map)) in maps.iter().enumerate() {
        for name in map.keys() {
            columns.push(format!("{prefix}: {name}"));
            keys.push((m, name.clone()));
        }
    }
    let weights: Vec<f64> = plan
        .days
        .iter()
        .flat_map(|day| std::iter::repeat_n(day.weight, 24))
        .collect();
    let mut rows = Vec::new();
    for y in &plan.years {
        let d = &y.dispatch;
        let maps = [
            &d.import_firm_mw,
            &d.import_non_firm_mw,
            &d.ppa_mw,
            &d.generation_mw,
            &d.pv_mw,
            &d.charge_mw,
            &d.discharge_mw,
            &d.soc_mwh,
        ];
        for (t, &facility) in d.facility_mw.iter().enumerate() {
            let mut row = vec![
                Cell::from(y.year),
                Cell::Number(t as f64),
                Cell::Number(weights.get(t).copied().unwrap_or(0.0)),
                Cell::Number(facility),
                Cell::Number(d.cooling_mw.get(t).copied().unwrap_or(0.0)),
            ];
            for (m, name) in &keys {
                let v = maps[*m].get(name).and_then(|s| s.get(t)).copied();
                row.push(Cell::opt(v));
            }
            rows.push(row);
        }
    }
    Table {
        name: "dispatch",
        columns,
        rows,
    }
}
