//! Command-line definitions (clap derive only) and dispatch.
//!
//! Every flag is declared here once, with its help text; the commands in `commands/` receive
//! parsed arguments and a [`Printer`], and return an [`ExitStatus`].

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

mod commands;
pub(crate) mod diagnostics;
mod exit;
mod printer;
mod progress;
pub(crate) mod table;
mod values;

pub(crate) use exit::{ExitStatus, stop_on_interrupt};
use printer::Printer;

/// dcplan — datacenter power-and-thermal capacity planner.
///
/// Describe a site (grid contracts, on-site generation and storage, cooling plant, halls, GPU
/// racks and GPU targets per year) in a TOML file; dcplan checks it and tells you what it can
/// hold. Start with `dcplan new my-site --template campus`, or look at the samples in `sites/`.
#[derive(Debug, Parser)]
#[command(
    name = "dcplan",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub(crate) struct GlobalArgs {
    /// When to colour diagnostics: auto (when stderr is a terminal), always or never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print only results and errors, no warnings or notes.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// List every problem found in a site file, not only the first 50.
    #[arg(long, global = true)]
    pub all: bool,
}

/// Colour choice for diagnostics on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// Colour when stderr is a terminal.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Output format of a command's results (stdout).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum OutputFormat {
    /// Aligned columns for people.
    Table,
    /// JSON with a `schema_version`, for scripts.
    Json,
    /// Comma-separated values, for spreadsheets.
    Csv,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Check site files and report every problem, with file, line and column.
    ///
    /// Exits 0 when every file is valid (warnings allowed), 2 when any is not.
    Validate(ValidateArgs),
    /// Plan the least-cost build-out that meets the GPU targets: what to build, and when.
    ///
    /// Prints the build schedule by year with order-by years, headroom and the binding
    /// resource, energy by source, emissions, costs and solver statistics. The JSON plan
    /// (`-o`, `--format json`) is the same bytes on every run and at any thread count (with
    /// `HiGHS`, at the same --threads): the solve time is in the table, or a note on stderr.
    /// Exits 3 (with an explanation) when the targets cannot be met, 4 when the solver stops
    /// without a plan.
    Plan(PlanArgs),
    /// Re-verify a saved plan against its site with plain arithmetic (no solver).
    ///
    /// First identifies the plan, in one line: a plan of another site, document version,
    /// status or resolution is refused; one whose site changed since it was made, or that was
    /// edited after dcplan wrote it, is said to be so (its fingerprints differ) and checked.
    /// Checks the energy balance every hour, cooling physics, capacities, redundancy, lead
    /// times, slots, rack limits, GPU targets, costs, NPV and emissions, and lists every
    /// violation. Exits 0 when the plan is consistent, 2 when it is refused, any check fails
    /// or a file cannot be read.
    Check(CheckArgs),
    /// Simulate the halls' temperatures through the weather year and through failures.
    ///
    /// Runs each hall's RC network (racks, air, liquid loop, chilled and facility water) hour
    /// by hour with sub-steps, the plant at each hour's weather: annual energy, PUE, WUE and
    /// water, inlet percentiles, hours outside the ASHRAE envelopes and each rack's peak
    /// inlet. With --scenario, also the ride-through: minutes from a failure until the first
    /// rack leaves its allowable class. CSV gives the hourly series.
    Simulate(SimulateArgs),
    /// Export a plan's books for finance: XLSX, CSV and JSON (any subset).
    ///
    /// Capex by year and asset class with order-by dates, replacements and residual value,
    /// depreciation, opex, cash flow, NPV, IRR, payback, unit economics and the hourly
    /// dispatch (docs/finance.md). The workbook's totals, discounting, depreciation and NPV
    /// are live formulas over its Assumptions sheet. Without --plan, the site is planned first
    /// (as `dcplan plan` does). Exits 2 on a bad input or an output it may not write, 3 when
    /// the targets cannot be met.
    Export(ExportArgs),
    /// Sweep uncertain inputs: how fragile is the plan (docs/sweeps.md).
    ///
    /// `dcplan sweep SPEC -o results.csv` plans every scenario of a sweep spec in parallel,
    /// appending a row per scenario as it finishes (NPV, capex, peak, PUE, the binding
    /// resource, the build decisions, the base build's regret); `--resume` goes on where a
    /// stopped run ended, `--shard I/N` runs one slice for a cluster job array. `dcplan sweep
    /// merge` joins shard files; `dcplan sweep summarize` gives percentiles, a tornado, the
    /// parameters by influence, decision stability and regret. Exits 2 on a bad spec or
    /// file; a scenario that cannot be planned is a row, not a failure.
    Sweep(SweepArgs),
    /// The planner's cockpit in the terminal: the plan's KPIs and headroom by year, and what
    /// to order when.
    ///
    /// Shows its first frame at once, then plans the site in the background (as `dcplan
    /// plan` does: the closed plan ↔ simulate loop) with its progress in the header; r plans
    /// again, x cancels, ? lists every key. With --plan, shows a saved plan instead (checked
    /// to be this site's). Needs a terminal; exits 2 without one or on a bad input.
    Tui(TuiArgs),
    /// Summarise a site: halls, slots, nameplate IT, cooling and grid MW, and its climate.
    Info(InfoArgs),
    /// Write a commented starter site that validates, to edit into your own.
    New(NewArgs),
    /// Read a weather file (EPW or TMY3 CSV) and show what the planner sees.
    ///
    /// The table and JSON give the climate summary (0.4 % design conditions, economizer
    /// hours); CSV gives every hour with its derived psychrometrics.
    Weather(WeatherArgs),
    /// Print the JSON Schema of site files (the Markdown reference with --markdown, the plan
    /// document's schema with --plan).
    Schema(SchemaArgs),
    /// Print a shell completion script.
    ///
    /// For example: `dcplan completions bash > ~/.local/share/bash-completion/completions/dcplan`.
    Completions(CompletionsArgs),
}

#[derive(Debug, Args)]
pub(crate) struct ValidateArgs {
    /// Site files to check (TOML or JSON).
    #[arg(required = true, value_name = "SITE")]
    pub sites: Vec<PathBuf>,
    /// Output format: table prints diagnostics to stderr and a line per file to stdout; json
    /// prints every finding with its line and column.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

/// `--resolution`, shared by the commands that plan.
#[derive(Debug, Args)]
pub(crate) struct ModelArgs {
    /// Time resolution: `rep:N` representative days per year (peak day always kept) or
    /// `full` (all 8760 hours).
    #[arg(
        long,
        default_value = "rep:12",
        value_name = "rep:N|full",
        value_parser = values::resolution,
        help_heading = "Model"
    )]
    pub resolution: dcplan::plan::Resolution,
}

/// `--set`: edits of the site file's site, shared by the commands that use a site.
#[derive(Debug, Args)]
pub(crate) struct SiteEdits {
    /// Change one value of the site before using it; repeat for several, applied in order.
    ///
    /// PATH names the value as in the site file, with lists stepped into by name or
    /// position: `hall["Hall A"].slots=600`, `grid.contract[0].energy_usd_per_mwh=61`,
    /// `demand.gpus_online[2030]=150000`. VALUE is TOML (`61`, `true`, `"text"`, `[1, 2]`); a
    /// bare word that is not TOML is a string. The edited site is validated as a file is. A
    /// plan records its edits (see docs/site-paths.md).
    #[arg(long = "set", value_name = "PATH=VALUE", help_heading = "Site edits")]
    pub set: Vec<String>,
}

#[derive(Debug, Args)]
#[command(group(
    clap::ArgGroup::new("outputs").required(true).multiple(true).args(["xlsx", "csv", "json"])
))]
pub(crate) struct ExportArgs {
    /// The site file.
    #[arg(value_name = "SITE")]
    pub site: PathBuf,
    /// The plan to export, as written by `dcplan plan SITE -o PLAN`; without it the site is
    /// planned first.
    #[arg(long, value_name = "PLAN")]
    pub plan: Option<PathBuf>,
    #[command(flatten)]
    pub edits: SiteEdits,
    /// Write the workbook (sheets Summary, Assumptions, Capex, Orders, Depreciation, Opex,
    /// Cash flow, Dispatch) to FILE.
    #[arg(long, value_name = "FILE")]
    pub xlsx: Option<PathBuf>,
    /// Write one CSV file per table into DIR (created if missing): `summary.csv`,
    /// `assumptions.csv`, `capex.csv`, `orders.csv`, `depreciation.csv`, `opex.csv`,
    /// `cash_flow.csv`, `dispatch.csv`.
    #[arg(long, value_name = "DIR")]
    pub csv: Option<PathBuf>,
    /// Write every table to one JSON document (with a `schema_version`) at FILE.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Replace output files that exist.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub(crate) struct SweepArgs {
    #[command(subcommand)]
    pub action: Option<SweepAction>,
    /// The sweep spec (TOML).
    #[arg(value_name = "SPEC", required = true)]
    pub spec: Option<PathBuf>,
    /// Write the results to FILE (CSV, a row per scenario, appended as each finishes);
    /// without it they go to stdout when all are done.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Go on with an interrupted run: keep the rows of --output and run the scenarios it
    /// lacks.
    #[arg(long, requires = "output", conflicts_with = "force")]
    pub resume: bool,
    /// Run only shard I of N (from 1): every N-th scenario, for a job array.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<String>,
    /// Scenarios planned at once (default: one per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Replace --output if it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum SweepAction {
    /// Percentiles of each output, a tornado, parameters by influence, decision stability
    /// and the base build's regret, from a results file.
    Summarize(SummarizeArgs),
    /// Join the results of a sweep's shards into the file one run would write.
    Merge(MergeArgs),
}

#[derive(Debug, Args)]
pub(crate) struct SummarizeArgs {
    /// The results file.
    #[arg(value_name = "RESULTS")]
    pub results: PathBuf,
    /// The output the tornado and influence are of.
    #[arg(long, default_value = "npv_usd", value_name = "COLUMN")]
    pub output: String,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub(crate) struct MergeArgs {
    /// The shard files.
    #[arg(value_name = "SHARD", required = true)]
    pub shards: Vec<PathBuf>,
    /// The merged file.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Replace --output if it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub(crate) struct TuiArgs {
    /// The site file.
    #[arg(value_name = "SITE")]
    pub site: PathBuf,
    #[command(flatten)]
    pub edits: SiteEdits,
    /// Show this saved plan of the site (`dcplan plan -o`) instead of planning it first.
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,
    /// Show this sweep's results (`dcplan sweep -o`) on the Scenarios tab.
    #[arg(long, value_name = "RESULTS")]
    pub sweep: Option<PathBuf>,
    #[command(flatten)]
    pub model: ModelArgs,
}

#[derive(Debug, Args)]
pub(crate) struct PlanArgs {
    /// The site file.
    #[arg(value_name = "SITE")]
    pub site: PathBuf,
    #[command(flatten)]
    pub edits: SiteEdits,
    /// Also write the plan as JSON to this file (for `dcplan check`, finance exports).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the --output and --write-model files if they exist (never an input file).
    #[arg(long)]
    pub force: bool,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Solver backend: auto picks by size and integrality; clarabel (interior-point LP),
    /// microlp (small MILPs), highs (large exact MILPs; needs a build with --features highs).
    /// With highs built in, auto searches for a proven optimum for at most 60 s unless
    /// --time-limit says otherwise; --solver highs searches without a bound.
    #[arg(
        long,
        default_value = "auto",
        value_name = "auto|microlp|clarabel|highs",
        help_heading = "Solver"
    )]
    pub solver: String,
    /// Stop the solver after this many seconds.
    #[arg(
        long,
        value_name = "SECONDS",
        help_heading = "Solver",
        allow_hyphen_values = true
    )]
    pub time_limit: Option<f64>,
    /// Stop a MILP once it is proven within this relative gap of optimal (e.g. 0.001).
    #[arg(
        long,
        value_name = "GAP",
        help_heading = "Solver",
        allow_hyphen_values = true
    )]
    pub mip_gap: Option<f64>,
    /// Solver threads (`HiGHS` only).
    #[arg(long, value_name = "N", help_heading = "Solver", allow_negative_numbers = true, value_parser = values::count)]
    pub threads: Option<usize>,
    /// Write the model to FILE.lp or FILE.mps before solving, to inspect it in other tools.
    #[arg(long, value_name = "FILE", help_heading = "Model")]
    pub write_model: Option<PathBuf>,
    /// Re-plans at most this many times when the plan does not hold at design conditions
    /// (each adds one step of cooling redundancy); 0 simulates and reports only.
    #[arg(
        long,
        default_value_t = 3,
        value_name = "N",
        help_heading = "Design check",
        allow_negative_numbers = true,
        value_parser = values::count
    )]
    pub rounds: usize,
    /// Skip the thermal simulation of the plan at design conditions (faster; the plan then
    /// says nothing about whether it holds).
    #[arg(long, conflicts_with = "rounds", help_heading = "Design check")]
    pub no_simulate: bool,
    /// Refuse to start when the model is estimated to need more memory than this (GiB).
    #[arg(long, value_name = "GIB", default_value_t = dcplan::memory::DEFAULT_LIMIT_GIB, allow_negative_numbers = true, help_heading = "Model")]
    pub max_memory: f64,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// The site file the plan was made for.
    #[arg(value_name = "SITE")]
    pub site: PathBuf,
    /// The plan, as written by `dcplan plan SITE -o PLAN`.
    #[arg(value_name = "PLAN")]
    pub plan: PathBuf,
    #[command(flatten)]
    pub edits: SiteEdits,
    /// Output format: table lists violations by rule, year and hour; json gives the whole
    /// report with a `schema_version`.
    #[arg(long, value_enum, default_value_t = CheckFormat::Table)]
    pub format: CheckFormat,
}

/// Output format of `dcplan check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CheckFormat {
    /// Aligned columns for people.
    Table,
    /// JSON with a `schema_version`, for scripts.
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct SimulateArgs {
    /// The site file.
    #[arg(value_name = "SITE")]
    pub site: PathBuf,
    #[command(flatten)]
    pub edits: SiteEdits,
    /// A plan written by `dcplan plan SITE -o PLAN`: simulate what it has in service in
    /// --year. Without a plan: the site's existing racks and plant, or, when no racks are
    /// installed yet, its maximum build (every slot with the densest rack type it can host,
    /// every plant class at `max_units`).
    #[arg(long, value_name = "PLAN")]
    pub plan: Option<PathBuf>,
    /// Plan year to simulate (default: the plan's last year).
    #[arg(long, value_name = "YEAR", requires = "plan", allow_negative_numbers = true, value_parser = values::year)]
    pub year: Option<u32>,
    /// Failure scenario; repeat for several. Elements joined by `+` combine: chiller-trip[:N],
    /// dry-cooler-trip[:N], crah-loss[:N] (per hall), cdu-loss[:N] (per hall), outage
    /// (utility lost; generators start after their delay, chillers restart), storage:M3
    /// (chilled-water tank), heatwave:K (dry-bulb K higher at the same humidity ratio, for the
    /// ride-through and a second annual run; the hottest hour + K at most 60 °C).
    /// E.g. `chiller-trip:2+outage`.
    #[arg(long = "scenario", value_name = "SCENARIO", help_heading = "Failures")]
    pub scenarios: Vec<String>,
    /// Hour of the year (0–8759) at which failures start; default: the hottest hour.
    #[arg(long, value_name = "HOUR", help_heading = "Failures", allow_negative_numbers = true, value_parser = values::count)]
    pub at_hour: Option<usize>,
    /// Start each failure at every hour of the year in turn and report the distribution of
    /// ride-through minutes (min, P5, P50) and the hours that do not ride through.
    #[arg(
        long,
        requires = "scenarios",
        conflicts_with = "at_hour",
        help_heading = "Failures"
    )]
    pub every_hour: bool,
    /// How long to follow a failure: `90min`, `2h`, or seconds.
    #[arg(
        long,
        default_value = "2h",
        value_name = "DURATION",
        help_heading = "Failures",
        allow_negative_numbers = true
    )]
    pub horizon: String,
    /// Time step: `60s`, `5min`, `1h`, or seconds; must divide an hour.
    #[arg(
        long,
        default_value = "60s",
        value_name = "DURATION",
        help_heading = "Model",
        allow_negative_numbers = true
    )]
    pub step: String,
    /// Share of hot exhaust reaching a mid-row rack's inlet (row ends get three times as much).
    #[arg(long, default_value_t = dcplan::thermal::DEFAULT_RECIRCULATION, value_name = "SHARE", help_heading = "Model", allow_negative_numbers = true)]
    pub recirculation: f64,
    /// Run every rack at this fraction of its design power in every hour (e.g. `1` for
    /// nameplate, the load the plant is sized for) instead of its utilisation.
    #[arg(
        long,
        value_name = "FRACTION",
        help_heading = "Model",
        allow_negative_numbers = true
    )]
    pub it_load: Option<f64>,
    /// Refuse to start when the run is estimated to need more memory than this (GiB).
    #[arg(long, value_name = "GIB", default_value_t = dcplan::memory::DEFAULT_LIMIT_GIB, allow_negative_numbers = true, help_heading = "Model")]
    pub max_memory: f64,
    /// Output format: table and json give the summary (json with every rack's peak inlet and
    /// the hourly series); csv gives the hourly series.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub(crate) struct InfoArgs {
    /// The site file.
    #[arg(value_name = "SITE", required_unless_present_any = ["racks", "curves"])]
    pub site: Option<PathBuf>,
    /// Output format: csv gives one `field,value` row per figure (e.g. `halls[0].slots,512`).
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    /// List the built-in rack catalog instead of a site.
    #[arg(long, conflicts_with_all = ["site", "curves"])]
    pub racks: bool,
    /// List the built-in chiller curve library instead of a site.
    #[arg(long, conflicts_with_all = ["site", "racks"])]
    pub curves: bool,
}

/// Starter site templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Template {
    /// A ~2 MW colocation retrofit with air-cooled GPU racks on grid power.
    Colo,
    /// A multi-hall liquid-cooled AI campus with gas turbines, a battery and a grid upgrade.
    Campus,
}

#[derive(Debug, Args)]
pub(crate) struct NewArgs {
    /// Name of the site; the file is NAME.toml unless --output is given.
    pub name: String,
    /// Which starter to write.
    #[arg(long, value_enum, default_value_t = Template::Colo)]
    pub template: Template,
    /// Where to write the site file (default: NAME.toml in the current folder).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub(crate) struct WeatherArgs {
    /// An EnergyPlus EPW or NREL TMY3 CSV file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Output format: table or json for the climate summary, csv for the hourly series.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    /// Chilled-water supply temperature for the economizer-hours line (°C).
    #[arg(
        long,
        default_value_t = 18.0,
        value_name = "C",
        allow_negative_numbers = true
    )]
    pub chilled_water_c: f64,
    /// Facility-water (liquid loop) supply temperature for the dry-cooler-hours line (°C).
    #[arg(
        long,
        default_value_t = 32.0,
        value_name = "C",
        allow_negative_numbers = true
    )]
    pub liquid_supply_c: f64,
}

#[derive(Debug, Args)]
pub(crate) struct SchemaArgs {
    /// Print the Markdown site-format reference (docs/site-format.md) instead of the schema.
    #[arg(long, conflicts_with = "plan")]
    pub markdown: bool,
    /// Print the JSON Schema of the plan document (`dcplan plan --format json`) instead.
    #[arg(long)]
    pub plan: bool,
}

#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Parses the command line (exits with code 2 and clap's message on bad usage).
pub(crate) fn parse() -> Cli {
    match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            // Printing can only fail on a closed pipe, where there is nobody left to tell.
            let _ = e.print();
            std::process::exit(code);
        }
    }
}

/// Runs the chosen command.
pub(crate) fn run(cli: Cli) -> miette::Result<ExitStatus> {
    let printer = Printer::new(cli.global.color, cli.global.quiet, cli.global.all);
    match cli.command {
        Command::Validate(args) => commands::validate::run(&args, &printer),
        Command::Plan(args) => commands::plan::run(&args, &printer),
        Command::Check(args) => commands::check::run(&args, &printer),
        Command::Export(args) => commands::export::run(&args, &printer),
        Command::Sweep(args) => commands::sweep::run(&args, &printer),
        Command::Tui(args) => Ok(commands::tui::run(&args, &printer)),
        Command::Simulate(args) => commands::simulate::run(&args, &printer),
        Command::Info(args) => commands::info::run(&args, &printer),
        Command::New(args) => Ok(commands::new::run(&args, &printer)),
        Command::Weather(args) => commands::weather::run(&args, &printer),
        Command::Schema(args) => commands::schema::run(&args, &printer),
        Command::Completions(args) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            clap_complete::generate(args.shell, &mut cmd, "dcplan", &mut out);
            printer.write_stdout(&out)?;
            Ok(ExitStatus::Ok)
        }
    }
}

/// Reports an error that ended a command: something in the environment failed (a file could
/// not be written) or dcplan has a bug; problems with the user's input are reported by the
/// commands themselves, with exit 2.
pub(crate) fn report_error(err: &miette::Report) -> ExitStatus {
    eprintln!("{err:?}");
    ExitStatus::Internal
}

/// Neutralises a CSV cell that a spreadsheet would run as a formula
/// ([`dcplan::export::neutralise`]).
pub(crate) fn csv_safe(cell: &str) -> String {
    dcplan::export::neutralise(cell).into_owned()
}
