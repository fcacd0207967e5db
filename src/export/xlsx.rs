//! The XLSX workbook: sheets Summary, Assumptions, Capex, Orders, Depreciation, Opex,
//! Cash flow and Dispatch. Its arithmetic is live: capex totals are SUMIFS over the capex
//! entries, depreciation is each order's basis × its method's rate looked up on the
//! Assumptions sheet, the cash flow discounts at the Assumptions discount rate, and the
//! Summary's NPV, IRR and cost per GPU-year are formulas over the cash flow — change the
//! discount rate in a spreadsheet and NPV follows. Each formula carries the value dcplan
//! computed, so a reader that does not recalculate still shows the right figure.

use rust_xlsxwriter::{Chart, ChartType, Format, FormatBorder, Formula, Workbook, Worksheet};

use super::neutralise;
use super::tables::{CASH_FLOW_COLUMNS, Cell, Table, opex_categories};
use crate::finance::Ledger;
use crate::finance::macrs::{self, TABLED};
use crate::site::Site;
use crate::site::accounts::AssetClass;
use crate::text::serde_name as key;

pub use rust_xlsxwriter::XlsxError;

/// Recovery years the rate table holds (rates past a method's table are 0).
const RATE_YEARS: u32 = 100;

struct Formats {
    header: Format,
    usd: Format,
    number: Format,
    fraction: Format,
    factor: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new()
                .set_bold()
                .set_border_bottom(FormatBorder::Thin),
            usd: Format::new().set_num_format("$#,##0"),
            number: Format::new().set_num_format("#,##0.###"),
            fraction: Format::new().set_num_format("0.00%"),
            factor: Format::new().set_num_format("0.000000"),
        }
    }
}

/// A1 reference of a 0-based row and column (`col_name(2)` is `C`).
fn col_name(col: u16) -> String {
    let mut n = u32::from(col) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

fn cell_ref(row: u32, col: u16) -> String {
    format!("{}{}", col_name(col), row + 1)
}

fn write_header(
    ws: &mut Worksheet,
    row: u32,
    columns: &[String],
    f: &Formats,
) -> Result<(), XlsxError> {
    for (c, name) in columns.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, neutralise(name), &f.header)?;
    }
    Ok(())
}

/// Writes `table` from the top left, header first, numbers in `number_format` where the
/// column's name ends in `_usd`.
fn write_table(ws: &mut Worksheet, table: &Table, f: &Formats) -> Result<(), XlsxError> {
    write_header(ws, 0, &table.columns, f)?;
    for (r, row) in table.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let col = c as u16;
            let money = table.columns[c].ends_with("_usd") || table.columns[c] == "usd";
            match cell {
                Cell::Text(s) => {
                    ws.write_string(r, col, neutralise(s))?;
                }
                Cell::Number(v) if money => {
                    ws.write_number_with_format(r, col, *v, &f.usd)?;
                }
                Cell::Number(v) => {
                    ws.write_number(r, col, *v)?;
                }
                Cell::Empty => {}
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    for (c, name) in table.columns.iter().enumerate() {
        ws.set_column_width(
            c as u16,
            (name.chars().count() as f64 + 2.0).clamp(10.0, 40.0),
        )?;
    }
    Ok(())
}

/// Whether formulas carry the values dcplan computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Results {
    /// Each formula with its value, so a reader that does not recalculate shows it.
    Cached,
    /// Formulas alone: a spreadsheet engine must compute every figure (how a test proves
    /// the formulas, not dcplan's cached values, give the ledger's numbers).
    Omitted,
}

/// The workbook of a ledger and its [`super::tables()`], each formula with its computed value.
pub fn to_xlsx(site: &Site, ledger: &Ledger, tables: &[Table]) -> Result<Vec<u8>, XlsxError> {
    workbook(site, ledger, tables, Results::Cached)
}

/// What every sheet writer needs: the formats, whether formulas carry their values, and
/// the ledger's shape.
struct Book<'a> {
    formats: Formats,
    results: Results,
    ledger: &'a Ledger,
    /// Plan years.
    years: u32,
}

impl Book<'_> {
    fn formula(&self, text: String, value: f64) -> Formula {
        match self.results {
            Results::Cached => Formula::new(text).set_result(value.to_string()),
            Results::Omitted => Formula::new(text),
        }
    }
}

/// Where the Capex sheet's by-year block is, for the cash flow to reference.
struct CapexBlock {
    total_col: u16,
    residual_col: u16,
}

/// The Capex sheet's by-year block starts in column J.
const BY_YEAR_COL: u16 = 9;
/// The Depreciation sheet's first year column (after the order's eight fields).
const FIRST_YEAR_COL: u16 = 8;
/// The Assumptions sheet's rate table: recovery years in column E, rates from F.
const RATE_COL: u16 = 5;

/// The workbook's bytes, formulas with or without their computed values.
pub fn workbook(
    site: &Site,
    ledger: &Ledger,
    tables: &[Table],
    results: Results,
) -> Result<Vec<u8>, XlsxError> {
    let book = Book {
        formats: Formats::new(),
        results,
        ledger,
        years: ledger.years.len() as u32,
    };
    let find = |name: &str| tables.iter().find(|t| t.name == name);
    let mut wb = Workbook::new();
    wb.push_worksheet(summary_sheet(&book, find("summary"))?);
    let assumptions = assumptions_sheet(&book, &mut wb, find("assumptions"))?;
    wb.push_worksheet(assumptions);
    let (capex, block) = capex_sheet(&book, find("capex"))?;
    wb.push_worksheet(capex);
    wb.push_worksheet(data_sheet(&book, "Orders", find("orders"))?);
    wb.push_worksheet(depreciation_sheet(&book, site)?);
    let (opex, opex_total) = opex_sheet(&book, find("opex"))?;
    wb.push_worksheet(opex);
    wb.push_worksheet(cash_flow_sheet(&book, &block, opex_total)?);
    wb.push_worksheet(data_sheet(&book, "Dispatch", find("dispatch"))?);
    wb.save_to_buffer()
}

/// A sheet holding one table as it is.
fn data_sheet(book: &Book, name: &str, table: Option<&Table>) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(name)?;
    if let Some(t) = table {
        write_table(&mut ws, t, &book.formats)?;
    }
    Ok(ws)
}

/// The assumptions, their names (`discount_rate`, `start_year`, …) defined for the
/// formulas, and the depreciation rates by recovery year (`rates`, `rate_methods`,
/// `rate_years`).
fn assumptions_sheet(
    book: &Book,
    wb: &mut Workbook,
    table: Option<&Table>,
) -> Result<Worksheet, XlsxError> {
    let fmt = &book.formats;
    let mut ws = data_sheet(book, "Assumptions", table)?;
    ws.set_column_width(0, 34)?;
    for (r, row) in table.iter().flat_map(|t| t.rows.iter()).enumerate() {
        if let Some(Cell::Text(name)) = row.first()
            && !name.contains('.')
        {
            wb.define_name(name.as_str(), &format!("=Assumptions!$B${}", r + 2))?;
        }
    }
    ws.write_string_with_format(0, RATE_COL - 1, "recovery_year", &fmt.header)?;
    for age in 0..RATE_YEARS {
        ws.write_number(age + 1, RATE_COL - 1, f64::from(age + 1))?;
    }
    for (i, m) in TABLED.iter().enumerate() {
        let col = RATE_COL + i as u16;
        ws.write_string_with_format(0, col, key(m), &fmt.header)?;
        let rates = macrs::schedule(*m, 1);
        for age in 0..RATE_YEARS {
            let v = rates.get(age as usize).copied().unwrap_or(0.0);
            ws.write_number_with_format(age + 1, col, v, &fmt.factor)?;
        }
    }
    let (first, last) = (
        col_name(RATE_COL),
        col_name(RATE_COL + TABLED.len() as u16 - 1),
    );
    let years = col_name(RATE_COL - 1);
    let end = RATE_YEARS + 1;
    wb.define_name("rates", &format!("=Assumptions!${first}$2:${last}${end}"))?;
    wb.define_name(
        "rate_methods",
        &format!("=Assumptions!${first}$1:${last}$1"),
    )?;
    wb.define_name(
        "rate_years",
        &format!("=Assumptions!${years}$2:${years}${end}"),
    )?;
    Ok(ws)
}

/// Every capex entry, then capex by year and class as SUMIFS over them (the residual
/// apart), and a stacked chart of it.
fn capex_sheet(book: &Book, table: Option<&Table>) -> Result<(Worksheet, CapexBlock), XlsxError> {
    let fmt = &book.formats;
    let mut ws = data_sheet(book, "Capex", table)?;
    let entries = table.map_or(0, |t| t.rows.len()) as u32;
    let last = entries.max(1) + 1; // last data row, 1-based
    let range = |col: &str| format!("${col}$2:${col}${last}");
    let by = BY_YEAR_COL;
    let mut header = vec!["year".to_owned()];
    header.extend(AssetClass::ALL.iter().map(key));
    header.extend(["total_usd".to_owned(), "residual_usd".to_owned()]);
    for (c, name) in header.iter().enumerate() {
        ws.write_string_with_format(0, by + c as u16, name, &fmt.header)?;
    }
    let block = CapexBlock {
        total_col: by + 1 + AssetClass::ALL.len() as u16,
        residual_col: by + 2 + AssetClass::ALL.len() as u16,
    };
    for (k, y) in book.ledger.years.iter().enumerate() {
        let r = k as u32 + 1;
        ws.write_number(r, by, f64::from(y.year))?;
        let year = format!("${}{}", col_name(by), r + 1);
        for (i, class) in AssetClass::ALL.iter().enumerate() {
            let col = by + 1 + i as u16;
            let text = format!(
                "=SUMIFS({},{},{year},{},{}$1,{},\"<>residual\")",
                range("H"),
                range("A"),
                range("E"),
                col_name(col),
                range("F")
            );
            let v = y.capex_usd.get(class).copied().unwrap_or(0.0);
            ws.write_formula_with_format(r, col, book.formula(text, v), &fmt.usd)?;
        }
        let sum = format!(
            "=SUM({}:{})",
            cell_ref(r, by + 1),
            cell_ref(r, block.total_col - 1)
        );
        let total: f64 = y.capex_usd.values().sum();
        ws.write_formula_with_format(r, block.total_col, book.formula(sum, total), &fmt.usd)?;
        let residual = format!(
            "=SUMIFS({},{},{year},{},\"residual\")",
            range("H"),
            range("A"),
            range("F")
        );
        let cell = book.formula(residual, y.residual_usd);
        ws.write_formula_with_format(r, block.residual_col, cell, &fmt.usd)?;
    }
    let n = book.years;
    let mut chart = Chart::new(ChartType::ColumnStacked);
    chart.title().set_name("Capex by year and asset class");
    for i in 0..AssetClass::ALL.len() as u16 {
        let col = by + 1 + i;
        chart
            .add_series()
            .set_name(("Capex", 0, col))
            .set_categories(("Capex", 1, by, n, by))
            .set_values(("Capex", 1, col, n, col));
    }
    ws.insert_chart(n + 3, by, &chart)?;
    for c in by..=block.residual_col {
        ws.set_column_width(c, 16)?;
    }
    Ok((ws, block))
}

/// Per order, its basis × its method's rate for its age (1 ÷ life straight-line, else the
/// Assumptions table), and the basis left written off in its last year when it is replaced
/// inside the horizon; below, the same by class (SUMIF).
fn depreciation_sheet(book: &Book, site: &Site) -> Result<Worksheet, XlsxError> {
    let fmt = &book.formats;
    let ledger = book.ledger;
    let mut ws = Worksheet::new();
    ws.set_name("Depreciation")?;
    let fields = [
        "kind",
        "name",
        "hall",
        "class",
        "method",
        "basis_usd",
        "in_service_year",
        "lifetime_years",
    ];
    for (c, name) in fields.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *name, &fmt.header)?;
    }
    for (k, y) in ledger.years.iter().enumerate() {
        let col = FIRST_YEAR_COL + k as u16;
        ws.write_number_with_format(0, col, f64::from(y.year), &fmt.header)?;
    }
    for (i, o) in ledger.orders.iter().enumerate() {
        let r = i as u32 + 1;
        let method = site.finance.class(o.class).depreciation;
        ws.write_string(r, 0, key(&o.component.kind))?;
        ws.write_string(r, 1, neutralise(&o.component.name))?;
        if let Some(h) = &o.component.hall {
            ws.write_string(r, 2, neutralise(h))?;
        }
        ws.write_string(r, 3, key(&o.class))?;
        ws.write_string(r, 4, key(&method))?;
        ws.write_number_with_format(r, 5, o.usd, &fmt.usd)?;
        ws.write_number(r, 6, f64::from(o.in_service_year))?;
        ws.write_number(r, 7, f64::from(o.lifetime_years))?;
        for k in 0..ledger.years.len() {
            let col = FIRST_YEAR_COL + k as u16;
            let text = depreciation_formula(r + 1, &col_name(col));
            ws.write_formula_with_format(r, col, Formula::new(text), &fmt.usd)?;
        }
    }
    let orders_end = ledger.orders.len().max(1) as u32 + 1;
    let top = orders_end + 2;
    ws.write_string_with_format(top, 3, "class", &fmt.header)?;
    for (i, class) in AssetClass::ALL.iter().enumerate() {
        let r = top + 1 + i as u32;
        ws.write_string(r, 3, key(class))?;
        for (k, y) in ledger.years.iter().enumerate() {
            let col = FIRST_YEAR_COL + k as u16;
            let c = col_name(col);
            let text = format!(
                "=SUMIF($D$2:$D${orders_end},$D{},{c}$2:{c}${orders_end})",
                r + 1
            );
            let v = y.depreciation_usd.get(class).copied().unwrap_or(0.0);
            ws.write_formula_with_format(r, col, book.formula(text, v), &fmt.usd)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_column_width(1, 28)?;
    Ok(ws)
}

/// The depreciation of the order in (1-based) `row` in the year heading column `col`.
fn depreciation_formula(row: u32, col: &str) -> String {
    let age = format!("({col}$1-$G{row}+1)");
    let rate = format!(
        "IF($E{row}=\"straight_line\",1/$H{row},IFERROR(INDEX(rates,{age},MATCH($E{row},rate_methods,0)),0))"
    );
    let booked = format!(
        "IF($E{row}=\"straight_line\",1,SUMPRODUCT((rate_years<=$H{row})*INDEX(rates,0,MATCH($E{row},rate_methods,0))))"
    );
    format!(
        "=IF(AND({age}>=1,{age}<=$H{row}),$F{row}*{rate},0)+IF(AND({age}=$H{row},$G{row}+$H{row}<=start_year+years-1),$F{row}*(1-{booked}),0)"
    )
}

/// Opex by year and category, each year's total a sum; returns the total's column.
fn opex_sheet(book: &Book, table: Option<&Table>) -> Result<(Worksheet, u16), XlsxError> {
    let mut ws = data_sheet(book, "Opex", table)?;
    let categories = opex_categories().count() as u16;
    for (k, y) in book.ledger.years.iter().enumerate() {
        let r = k as u32 + 1;
        let total: f64 = opex_categories().map(|c| y.category_usd(c)).sum();
        let text = format!("=SUM({}:{})", cell_ref(r, 1), cell_ref(r, categories));
        ws.write_formula_with_format(
            r,
            categories + 1,
            book.formula(text, total),
            &book.formats.usd,
        )?;
    }
    Ok((ws, categories + 1))
}

/// Capex, residual and opex from their sheets; revenue at the Assumptions price; net cash
/// flow, discount factor at the Assumptions rate, discounted and cumulative net.
fn cash_flow_sheet(
    book: &Book,
    capex: &CapexBlock,
    opex_total: u16,
) -> Result<Worksheet, XlsxError> {
    let fmt = &book.formats;
    let mut ws = Worksheet::new();
    ws.set_name("Cash flow")?;
    let columns: Vec<String> = CASH_FLOW_COLUMNS.iter().map(|s| (*s).to_owned()).collect();
    write_header(&mut ws, 0, &columns, fmt)?;
    let (total, residual, opex) = (
        col_name(capex.total_col),
        col_name(capex.residual_col),
        col_name(opex_total),
    );
    let mut cumulative = 0.0;
    for (k, y) in book.ledger.years.iter().enumerate() {
        let r = k as u32 + 1;
        let row = r + 1;
        cumulative += y.net_cash_flow_usd;
        ws.write_number(r, 0, f64::from(y.year))?;
        ws.write_number_with_format(r, 5, y.gpus_online, &fmt.number)?;
        let revenue =
            "=IF(ISNUMBER(gpu_hour_usd),F{row}*hours_per_year*billable_fraction*gpu_hour_usd,0)"
                .replace("{row}", &row.to_string());
        let running = if k == 0 {
            format!("=H{row}")
        } else {
            format!("=K{}+H{row}", row - 1)
        };
        let cells = [
            (
                1,
                format!("=Capex!{total}{row}"),
                y.capex_usd.values().sum(),
                &fmt.usd,
            ),
            (
                2,
                format!("=Capex!{residual}{row}"),
                y.residual_usd,
                &fmt.usd,
            ),
            (
                3,
                format!("=Opex!{opex}{row}"),
                y.opex_usd.values().sum(),
                &fmt.usd,
            ),
            (4, format!("=B{row}+C{row}+D{row}"), y.cost_usd(), &fmt.usd),
            (6, revenue, y.revenue_usd, &fmt.usd),
            (7, format!("=G{row}-E{row}"), y.net_cash_flow_usd, &fmt.usd),
            (
                8,
                format!("=1/(1+discount_rate)^(A{row}-start_year+1)"),
                y.discount_factor,
                &fmt.factor,
            ),
            (9, format!("=H{row}*I{row}"), y.discounted_net_usd, &fmt.usd),
            (10, running, cumulative, &fmt.usd),
        ];
        for (col, text, v, format) in cells {
            ws.write_formula_with_format(r, col, book.formula(text, v), format)?;
        }
    }
    ws.set_freeze_panes(1, 1)?;
    for c in 0..columns.len() as u16 {
        ws.set_column_width(c, 18)?;
    }
    Ok(ws)
}

/// The headline figures; NPV, IRR and the levelized costs as formulas over the cash flow.
fn summary_sheet(book: &Book, table: Option<&Table>) -> Result<Worksheet, XlsxError> {
    let fmt = &book.formats;
    let ledger = book.ledger;
    let mut ws = data_sheet(book, "Summary", table)?;
    ws.set_column_width(0, 48)?;
    ws.set_column_width(1, 20)?;
    let end = book.years + 1;
    let cf = |col: &str| format!("'Cash flow'!{col}2:{col}{end}");
    let npv = format!("SUMPRODUCT({},{})", cf("E"), cf("I"));
    let gpu_years = format!("SUMPRODUCT({},{})", cf("F"), cf("I"));
    for (r, row) in table.iter().flat_map(|t| t.rows.iter()).enumerate() {
        let r = r as u32 + 1;
        let (Some(Cell::Text(metric)), Some(Cell::Number(v))) = (row.first(), row.get(1)) else {
            continue;
        };
        let live = match metric.as_str() {
            "net present cost" => Some((format!("={npv}"), &fmt.usd)),
            "net present value with revenue" => Some((format!("=SUM({})", cf("J")), &fmt.usd)),
            "internal rate of return" if ledger.irr.is_some() => {
                Some((format!("=IRR({})", cf("H")), &fmt.fraction))
            }
            "levelized cost per GPU-year" => Some((format!("={npv}/{gpu_years}"), &fmt.usd)),
            "levelized cost per GPU-hour" => {
                Some((format!("={npv}/{gpu_years}/hours_per_year"), &fmt.usd))
            }
            _ => None,
        };
        if let Some((text, format)) = live {
            ws.write_formula_with_format(r, 1, book.formula(text, *v), format)?;
        }
    }
    Ok(ws)
}

#[cfg(test)]
mod tests {
    use super::col_name;

    #[test]
    fn column_names_run_past_z() {
        assert_eq!(col_name(0), "A");
        assert_eq!(col_name(25), "Z");
        assert_eq!(col_name(26), "AA");
        assert_eq!(col_name(27), "AB");
        assert_eq!(col_name(701), "ZZ");
        assert_eq!(col_name(702), "AAA");
    }
}
