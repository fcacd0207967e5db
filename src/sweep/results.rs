//! The results file: one CSV row per scenario (docs/sweeps.md lists the columns).
//!
//! Rows are appended as scenarios finish, so a stopped sweep leaves a valid file of the
//! scenarios done; when every scenario of the run is in, the file is rewritten in scenario
//! order. That sorted text is a function of the spec alone: a single run, a resumed run and
//! merged shards give the same bytes.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::output::Output;
use super::sample::Scenario;
use super::spec::Spec;
use crate::plan::Plan;
use crate::text::serde_name;

/// The base build in a scenario.
pub(crate) enum Held {
    /// It serves the scenario at this present cost (USD).
    Costs(f64),
    /// It cannot, and why.
    Not(String),
}

/// How a scenario ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowStatus {
    /// Planned, proven optimal.
    Optimal,
    /// Planned, within a stated gap of the optimum.
    FeasibleWithGap,
    /// Its GPU targets cannot be met (the explanation says where and why).
    Infeasible,
    /// The solver stopped without a plan.
    Stopped,
    /// Its edits make an invalid site (a value out of range).
    Invalid,
    /// Planning failed for another reason (the explanation says which).
    Error,
}

impl RowStatus {
    /// The word in the file.
    pub fn name(self) -> &'static str {
        match self {
            RowStatus::Optimal => "optimal",
            RowStatus::FeasibleWithGap => "feasible_with_gap",
            RowStatus::Infeasible => "infeasible",
            RowStatus::Stopped => "stopped",
            RowStatus::Invalid => "invalid",
            RowStatus::Error => "error",
        }
    }

    /// Whether the scenario has a plan.
    pub fn planned(self) -> bool {
        matches!(self, RowStatus::Optimal | RowStatus::FeasibleWithGap)
    }
}

/// The fixed columns around the parameters and outputs.
pub const SCENARIO: &str = "scenario";
/// The status column.
pub const STATUS: &str = "status";
/// The build decisions column.
pub const BUILDS: &str = "builds";
/// The explanation column.
pub const EXPLANATION: &str = "explanation";

/// The columns of a spec's results: scenario, the parameters' paths, status, the outputs,
/// builds, explanation.
pub fn header(spec: &Spec) -> Vec<String> {
    let mut columns = vec![SCENARIO.to_owned()];
    columns.extend(spec.parameters.iter().map(|p| p.path.to_string()));
    columns.push(STATUS.to_owned());
    columns.extend(spec.outputs.iter().map(|o| o.name().to_owned()));
    columns.push(BUILDS.to_owned());
    columns.push(EXPLANATION.to_owned());
    columns
}

/// One scenario's results.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Scenario number.
    pub id: usize,
    /// Its parameter values as the file writes them (empty: the site's own).
    pub values: Vec<String>,
    /// How it ended.
    pub status: RowStatus,
    /// The outputs it has.
    pub outputs: BTreeMap<Output, String>,
    /// GPUs short in the worst year, for an infeasible scenario.
    pub gpus_short: Option<u64>,
    /// The plan's build decisions ([`decisions`]).
    pub builds: String,
    /// Why it has no plan, or notes.
    pub explanation: Option<String>,
}

impl Row {
    /// An empty row for a scenario (an error until recorded otherwise).
    pub(crate) fn new(id: usize, values: &[Option<toml::Value>]) -> Row {
        Row {
            id,
            values: values
                .iter()
                .map(|v| v.as_ref().map_or_else(String::new, cell_of_value))
                .collect(),
            status: RowStatus::Error,
            outputs: BTreeMap::new(),
            gpus_short: None,
            builds: String::new(),
            explanation: None,
        }
    }

    /// Records what a plan gives.
    pub(crate) fn record_plan(&mut self, plan: &Plan, simulated: bool) {
        use crate::plan::document::PlanStatus;
        self.status = if plan.status == PlanStatus::Optimal {
            RowStatus::Optimal
        } else {
            RowStatus::FeasibleWithGap
        };
        self.gpus_short = Some(0);
        let capex: f64 = plan
            .costs
            .iter()
            .filter(|c| c.category.is_capex())
            .map(|c| c.nominal_usd)
            .sum();
        let peak = plan
            .years
            .iter()
            .map(|y| y.facility_peak_mw)
            .fold(0.0, f64::max);
        let out = &mut self.outputs;
        out.insert(Output::NpvUsd, usd(plan.objective_npv_usd));
        out.insert(Output::CapexUsd, usd(capex));
        out.insert(Output::PeakMw, format!("{peak:.3}"));
        if let Some(last) = plan.years.last() {
            out.insert(Output::Pue, format!("{:.4}", last.pue));
            out.insert(Output::Binding, serde_name(&last.binding));
        }
        if simulated && let Some(sim) = &plan.design_simulation {
            if let Some(build) = sim.builds.last() {
                out.insert(Output::SimPue, format!("{:.4}", build.pue));
            }
            let shortest = sim
                .builds
                .iter()
                .flat_map(|b| &b.ride_through)
                .filter_map(|t| t.minutes)
                .reduce(f64::min);
            if let Some(minutes) = shortest {
                out.insert(Output::RideThroughMin, format!("{minutes:.2}"));
            }
            out.insert(Output::Holds, sim.holds.to_string());
        }
        self.builds = decisions(plan);
    }

    /// Records the base build's cost in this scenario against the scenario's own plan's:
    /// the regret is the first less the better of the two (the base build is a plan for the
    /// scenario too, so neither solver tolerance nor a heuristic's gap can make it negative).
    pub(crate) fn record_regret(&mut self, held: Held, own_npv_usd: f64) {
        match held {
            Held::Costs(held_usd) => {
                self.outputs
                    .insert(Output::RegretUsd, usd(held_usd - held_usd.min(own_npv_usd)));
                self.outputs.insert(Output::BaseBuild, "serves".to_owned());
            }
            Held::Not(why) => {
                self.outputs
                    .insert(Output::BaseBuild, format!("fails: {why}"));
            }
        }
    }

    /// The row's cells under `header`'s columns (text neutralised against spreadsheet
    /// formulas).
    pub fn cells(&self, spec: &Spec) -> Vec<String> {
        let mut cells = vec![self.id.to_string()];
        cells.extend(self.values.iter().map(|v| text(v)));
        cells.push(self.status.name().to_owned());
        for o in &spec.outputs {
            let cell = match o {
                Output::GpusShort => self.gpus_short.map(|g| g.to_string()),
                other => self.outputs.get(other).cloned(),
            };
            cells.push(cell.map(|c| text(&c)).unwrap_or_default());
        }
        cells.push(text(&self.builds));
        cells.push(self.explanation.as_deref().map(text).unwrap_or_default());
        cells
    }
}

/// A cell of text, neutralised.
fn text(cell: &str) -> String {
    crate::export::neutralise(cell).into_owned()
}

/// Dollars to the cent.
fn usd(x: f64) -> String {
    format!("{x:.2}")
}

/// A parameter value as a cell: numbers as Rust writes them (shortest round trip), strings
/// bare, anything else as TOML.
pub(crate) fn cell_of_value(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Float(x) => format!("{x}"),
        other => other.to_string(),
    }
}

/// The expected parameter cells of a scenario (as [`Row::cells`] writes them).
pub(crate) fn value_cells(scenario: &Scenario) -> Vec<String> {
    Row::new(scenario.id, &scenario.values)
        .values
        .iter()
        .map(|v| text(v))
        .collect()
}

/// A plan's build decisions in one cell: `kind:name@year×quantity` for every build, in the
/// plan's order, joined by `; ` (a `;` or `\` in a name is escaped with `\`).
pub fn decisions(plan: &Plan) -> String {
    let mut out = String::new();
    for (i, b) in plan.years.iter().flat_map(|y| &y.builds).enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        let name = b
            .component
            .qualified_name()
            .replace('\\', "\\\\")
            .replace(';', "\\;");
        let quantity = b.quantity.value();
        let _ = write!(
            out,
            "{}:{name}@{}×{}",
            serde_name(&b.component.kind),
            b.in_service_year,
            if (quantity - quantity.round()).abs() < 1e-9 {
                format!("{quantity:.0}")
            } else {
                format!("{quantity:.3}")
            }
        );
    }
    out
}

/// One decision read back from a [`decisions`] cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// `kind:name` of the component.
    pub component: String,
    /// Year it enters service.
    pub year: u32,
    /// Quantity added.
    pub quantity: f64,
}

/// The decisions of a [`decisions`] cell; a token that does not read is skipped.
pub fn parse_decisions(cell: &str) -> Vec<Decision> {
    let cell = cell.strip_prefix('\'').unwrap_or(cell);
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut chars = cell.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    current.push(next);
                }
            }
            ';' => {
                tokens.push(std::mem::take(&mut current));
                if chars.peek() == Some(&' ') {
                    chars.next();
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens
        .iter()
        .filter_map(|t| {
            let (component, rest) = t.rsplit_once('@')?;
            let (year, quantity) = rest.split_once('×')?;
            Some(Decision {
                component: component.to_owned(),
                year: year.parse().ok()?,
                quantity: quantity.parse().ok()?,
            })
        })
        .collect()
}

/// Rows of a results file, read back.
#[derive(Debug, Clone, PartialEq)]
pub struct Results {
    /// The header.
    pub header: Vec<String>,
    /// Each row's cells, with its scenario number.
    pub rows: Vec<(usize, Vec<String>)>,
}

/// Why a results file does not read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ResultsError {
    /// The CSV is malformed.
    #[error("line {line}: {message}")]
    Csv {
        /// 1-based line.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// The file has no header.
    #[error("the file is empty: a results file starts with its header")]
    Empty,
    /// It is not a sweep's results.
    #[error("the header does not start with `scenario`: not a dcplan sweep results file")]
    NotResults,
    /// Two files disagree on the columns.
    #[error("{0}")]
    Mismatch(String),
}

impl Results {
    /// Reads a results file's text.
    pub fn parse(text: &str) -> Result<Results, ResultsError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(false)
            .from_reader(text.as_bytes());
        let mut records = reader.records();
        let header: Vec<String> = match records.next() {
            None => return Err(ResultsError::Empty),
            Some(r) => r
                .map_err(|e| csv_error(&e))?
                .iter()
                .map(str::to_owned)
                .collect(),
        };
        if header.first().map(String::as_str) != Some(SCENARIO) {
            return Err(ResultsError::NotResults);
        }
        let mut rows = Vec::new();
        for record in records {
            let record = record.map_err(|e| csv_error(&e))?;
            let line = record.position().map_or(0, csv::Position::line);
            let id = record
                .get(0)
                .and_then(|c| c.parse::<usize>().ok())
                .ok_or_else(|| ResultsError::Csv {
                    line,
                    message: "the scenario column is not a scenario number".to_owned(),
                })?;
            rows.push((id, record.iter().map(str::to_owned).collect()));
        }
        Ok(Results { header, rows })
    }

    /// The column named `name`.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|c| c == name)
    }

    /// The parameter columns: between the scenario number and the status.
    pub fn parameters(&self) -> std::ops::Range<usize> {
        1..self.column(STATUS).unwrap_or(1)
    }

    /// The rows in scenario order, each once: a scenario twice with the same cells is one
    /// row; with different cells an error.
    pub fn sorted(mut self) -> Result<Results, ResultsError> {
        self.rows.sort_by_key(|(id, _)| *id);
        let mut rows: Vec<(usize, Vec<String>)> = Vec::with_capacity(self.rows.len());
        for (id, cells) in self.rows {
            match rows.last() {
                Some((last, previous)) if *last == id => {
                    if *previous != cells {
                        return Err(ResultsError::Mismatch(format!(
                            "scenario {id} appears twice with different results"
                        )));
                    }
                }
                _ => rows.push((id, cells)),
            }
        }
        self.rows = rows;
        Ok(self)
    }

    /// The CSV text: the header and the rows as they are.
    pub fn to_csv(&self) -> Vec<u8> {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        // Writing into memory cannot fail.
        let _ = writer.write_record(&self.header);
        for (_, cells) in &self.rows {
            let _ = writer.write_record(cells);
        }
        writer.into_inner().unwrap_or_default()
    }

    /// Joins the rows of several results files (shards of one sweep) into one, in scenario
    /// order. Their headers must agree; missing scenario numbers are listed.
    pub fn merge(parts: Vec<Results>) -> Result<(Results, Vec<usize>), ResultsError> {
        let mut parts = parts.into_iter();
        let Some(mut all) = parts.next() else {
            return Err(ResultsError::Empty);
        };
        for part in parts {
            if part.header != all.header {
                return Err(ResultsError::Mismatch(
                    "the files have different columns: they are not shards of one sweep".to_owned(),
                ));
            }
            all.rows.extend(part.rows);
        }
        let all = all.sorted()?;
        let last = all.rows.last().map_or(0, |(id, _)| *id);
        let mut present = vec![false; last + 1];
        for (id, _) in &all.rows {
            present[*id] = true;
        }
        let missing = (0..=last).filter(|&id| !present[id]).collect();
        Ok((all, missing))
    }
}

/// The text up to its last line break: what a run stopped while writing a row left whole.
pub fn complete_lines(text: &str) -> &str {
    text.rfind('\n').map_or("", |end| &text[..=end])
}

/// One CSV line of a row (for appending).
pub fn csv_line(cells: &[String]) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let _ = writer.write_record(cells);
    writer.into_inner().unwrap_or_default()
}

fn csv_error(e: &csv::Error) -> ResultsError {
    let line = e.position().map_or(0, csv::Position::line);
    ResultsError::Csv {
        line,
        message: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_read_back_with_odd_names() {
        let cell = r"hall:Hall A@2028×1; racks:Hall\; B / GB200@2029×16; pv:roof@2030×2.500";
        let d = parse_decisions(cell);
        assert_eq!(d.len(), 3);
        assert_eq!(d[1].component, "racks:Hall; B / GB200");
        assert_eq!(d[1].year, 2029);
        assert!((d[2].quantity - 2.5).abs() < 1e-12);
    }

    #[test]
    fn merge_sorts_dedups_and_lists_gaps() {
        let header = vec!["scenario".to_owned(), "status".to_owned()];
        let part = |ids: &[usize]| Results {
            header: header.clone(),
            rows: ids
                .iter()
                .map(|&i| (i, vec![i.to_string(), "optimal".to_owned()]))
                .collect(),
        };
        let (all, missing) = Results::merge(vec![part(&[3, 0]), part(&[1, 3])]).unwrap();
        assert_eq!(
            all.rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            vec![0, 1, 3]
        );
        assert_eq!(missing, vec![2]);
        let text = String::from_utf8(all.to_csv()).unwrap();
        assert_eq!(text, "scenario,status\n0,optimal\n1,optimal\n3,optimal\n");
        assert_eq!(Results::parse(&text).unwrap(), all);
    }
}
