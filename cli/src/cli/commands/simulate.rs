//! `dcplan simulate SITE`: the thermal simulation of a year and of failures.

use std::fmt::Write as _;

use serde::Serialize;

use dcplan::site::LoadedSite;
use dcplan::thermal::{
    self, EveryHour, HOURS, Installed, Model, RideThrough, Scenario, SimOptions, YearReport,
};

use dcplan::text::counted;

use crate::cli::printer::Printer;
use crate::cli::table::{self, escaped, json, num};
use crate::cli::{ExitStatus, OutputFormat, SimulateArgs, csv_safe};

/// Version of the JSON report. 2: `hours_above_*` became `hours_outside_*` (below the lower
/// bound counts too); `ride_through[].outside_before_failure` added. Since added (no version
/// change, nothing removed): `year.heatwave_k` and `heatwave_years`.
const SCHEMA_VERSION: u32 = 2;

/// The JSON document `--format json` prints.
#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    site: &'a str,
    year: &'a YearReport,
    ride_through: &'a [RideThrough],
    every_hour: &'a [EveryHour],
    /// The year again in each scenario's heat wave (one per distinct `heatwave:K`).
    heatwave_years: &'a [YearReport],
}

/// Settings resolved from the arguments (every argument named, so none is ignored).
struct Settings {
    options: SimOptions,
    scenarios: Vec<Scenario>,
    at_hour: Option<usize>,
    every_hour: bool,
}

fn resolve(args: &SimulateArgs) -> Result<Settings, String> {
    let SimulateArgs {
        site: _,
        edits: _,
        plan: _,
        year: _,
        scenarios,
        at_hour,
        every_hour,
        horizon,
        step,
        recirculation,
        it_load,
        max_memory,
        format: _,
    } = args;
    dcplan::memory::check_limit(*max_memory)?;
    let options = SimOptions {
        step_s: duration_s(step).map_err(|e| format!("--step: {e}"))?,
        horizon_s: duration_s(horizon).map_err(|e| format!("--horizon: {e}"))?,
        recirculation: *recirculation,
        it_load: *it_load,
        ..SimOptions::default()
    };
    options.validate().map_err(|e| e.to_string())?;
    if let Some(h) = at_hour.filter(|&h| h >= HOURS) {
        return Err(format!("--at-hour {h}: the year's hours are 0–8759"));
    }
    Ok(Settings {
        options,
        scenarios: scenarios
            .iter()
            .map(|s| s.parse::<Scenario>().map_err(|e| e.to_string()))
            .collect::<Result<_, _>>()?,
        at_hour: *at_hour,
        every_hour: *every_hour,
    })
}

/// Seconds in `60s`, `5min`, `2h` or a bare number of seconds.
fn duration_s(text: &str) -> Result<f64, String> {
    let t = text.trim();
    let (number, scale) = if let Some(n) = t.strip_suffix("min") {
        (n, 60.0)
    } else if let Some(n) = t.strip_suffix('h') {
        (n, 3600.0)
    } else if let Some(n) = t.strip_suffix('s') {
        (n, 1.0)
    } else {
        (t, 1.0)
    };
    match number.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok(v * scale),
        Ok(v) if v <= 0.0 => Err(format!("`{text}` must be positive")),
        _ => Err(format!(
            "`{text}` is not a duration such as 60s, 5min or 2h"
        )),
    }
}

pub(crate) fn run(args: &SimulateArgs, printer: &Printer) -> miette::Result<ExitStatus> {
    let settings = match resolve(args) {
        Ok(s) => s,
        Err(message) => {
            printer.eprint(&format!("error: {message}\n"));
            return Ok(ExitStatus::BadInput);
        }
    };
    let Some(loaded) = super::load_site(&args.site, &args.edits.set, printer) else {
        return Ok(ExitStatus::BadInput);
    };
    let build = match &args.plan {
        None => Installed::of_site(&loaded.site),
        Some(path) => {
            let plan = match super::read_identified_plan(path, &loaded, printer) {
                Ok((plan, identity)) => {
                    for notice in &identity.notices {
                        printer.note(&format!("note: {}: {notice}\n", path.display()));
                    }
                    plan
                }
                Err(status) => return Ok(status),
            };
            match Installed::from_plan(&loaded.site, &plan, args.year) {
                Ok(b) => b,
                Err(e) => {
                    printer.eprint(&format!("error: --plan {}: {e}\n", path.display()));
                    return Ok(ExitStatus::BadInput);
                }
            }
        }
    };
    let waves = distinct_heatwaves(&settings.scenarios).len();
    let copies = if settings.scenarios.is_empty() {
        0
    } else {
        rayon::current_num_threads()
    };
    let racks: u64 = build.racks.iter().flatten().map(|&n| u64::from(n)).sum();
    let estimate = thermal::preflight::memory_estimate(&build, 1 + waves, copies);
    let what = format!(
        "{} in {}",
        counted(racks, "rack", "racks"),
        counted(build.racks.len() as u64, "hall", "halls")
    );
    if let Err(message) = estimate.within(args.max_memory, &what) {
        printer.eprint(&format!("error: {message}\n"));
        return Ok(ExitStatus::BadInput);
    }
    match simulate(&loaded, &build, &settings, printer) {
        Ok((year, rides, every, hot)) => {
            let text = match args.format {
                OutputFormat::Json => json(&Document {
                    schema_version: SCHEMA_VERSION,
                    site: &loaded.site.site.name,
                    year: &year,
                    ride_through: &rides,
                    every_hour: &every,
                    heatwave_years: &hot,
                })?,
                OutputFormat::Csv => {
                    if !(rides.is_empty() && every.is_empty()) {
                        printer.note(
                            "note: csv carries the hourly series only; ride-through results are in \
                             the table and json output\n",
                        );
                    }
                    hourly_csv(&loaded, &year)?
                }
                OutputFormat::Table => escaped(render(&loaded, &year, &rides, &every, &hot)),
            };
            printer.print(&text)?;
            Ok(ExitStatus::Ok)
        }
        Err(NotRun::Thermal(e)) => {
            printer.eprint(&format!("error: {e}\n"));
            Ok(ExitStatus::BadInput)
        }
        Err(NotRun::CannotCarry(short)) => {
            printer.eprint(&shortfall_lines(
                "error",
                &short,
                "a hall whose cooling carries its heat in no hour of the year would only show its racks heating without bound; add plant or remove racks",
            ));
            Ok(ExitStatus::BadInput)
        }
    }
}

type Results = (
    YearReport,
    Vec<RideThrough>,
    Vec<EveryHour>,
    Vec<YearReport>,
);

/// The distinct heat waves (K) the scenarios name, in order: each is a second annual run.
fn distinct_heatwaves(scenarios: &[Scenario]) -> Vec<f64> {
    let mut waves: Vec<f64> = Vec::new();
    for k in scenarios.iter().map(|x| x.heatwave_k) {
        if k != 0.0 && !waves.contains(&k) {
            waves.push(k);
        }
    }
    waves
}

/// A line per short hall and a closing line, each starting `severity: `.
fn shortfall_lines(
    severity: &str,
    short: &[thermal::preflight::Shortfall],
    closing: &str,
) -> String {
    let mut text = String::new();
    for s in short {
        let _ = writeln!(text, "{severity}: {s}");
    }
    let _ = writeln!(text, "{severity}: {closing}");
    text
}

/// Why a simulation did not run.
enum NotRun {
    /// A hall's cooling cannot carry its heat in any hour.
    CannotCarry(Vec<thermal::preflight::Shortfall>),
    /// The model could not be built or run.
    Thermal(thermal::ThermalError),
}

impl From<thermal::ThermalError> for NotRun {
    fn from(e: thermal::ThermalError) -> Self {
        NotRun::Thermal(e)
    }
}

fn simulate(
    loaded: &LoadedSite,
    build: &Installed,
    s: &Settings,
    printer: &Printer,
) -> Result<Results, NotRun> {
    let model = Model::new(loaded, build, &s.options)?;
    // Said before the run: hours in which the racks can only heat up.
    let short = thermal::preflight::shortfalls(&model)?;
    if short.iter().any(|h| h.hours == HOURS) {
        return Err(NotRun::CannotCarry(short));
    }
    if !short.is_empty() {
        printer.note(&shortfall_lines(
            "warning",
            &short,
            "in those hours heat builds up faster than the plant removes it, and inlets rise until it catches up",
        ));
    }
    let year = thermal::annual::year(&model)?;
    let (rides, every) = if s.every_hour {
        // Each scenario already runs its 8760 start hours in parallel.
        let every = s
            .scenarios
            .iter()
            .map(|scenario| thermal::every_hour(&model, scenario))
            .collect::<Result<_, _>>()?;
        (Vec::new(), every)
    } else {
        let hour = s
            .at_hour
            .unwrap_or_else(|| thermal::hottest_hour(loaded.weather.hours()));
        (
            thermal::ride_through_all(&model, &s.scenarios, hour)?,
            Vec::new(),
        )
    };
    // The year again in each distinct heat wave the scenarios name (after the ride-through,
    // whose error names the scenario of a heat wave out of range).
    let hot = distinct_heatwaves(&s.scenarios)
        .into_iter()
        .map(|k| thermal::annual::year_at(&model, k))
        .collect::<Result<_, _>>()?;
    Ok((year, rides, every, hot))
}

fn hourly_csv(loaded: &LoadedSite, y: &YearReport) -> miette::Result<String> {
    use miette::IntoDiagnostic;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "hour",
        "month",
        "day",
        "hour_ending",
        "dry_bulb_c",
        "wet_bulb_c",
        "it_mw",
        "cooling_mw",
        "facility_mw",
        "pue",
        "water_m3",
        "wue_l_per_kwh",
    ])
    .into_diagnostic()?;
    let hy = &y.hourly;
    for (t, wh) in loaded.weather.hours().iter().enumerate() {
        let it = hy.it_mw[t];
        let row = [
            t.to_string(),
            wh.month.to_string(),
            wh.day.to_string(),
            wh.hour.to_string(),
            format!("{:.2}", wh.dry_bulb_c),
            format!("{:.2}", wh.wet_bulb_c),
            format!("{it:.4}"),
            format!("{:.4}", hy.cooling_mw[t]),
            format!("{:.4}", hy.facility_mw[t]),
            format!("{:.4}", hy.facility_mw[t] / it),
            format!("{:.3}", hy.water_m3[t]),
            format!("{:.4}", hy.water_m3[t] / it),
        ];
        w.write_record(row.iter().map(|c| csv_safe(c)))
            .into_diagnostic()?;
    }
    String::from_utf8(w.into_inner().into_diagnostic()?).into_diagnostic()
}

fn render(
    loaded: &LoadedSite,
    y: &YearReport,
    rides: &[RideThrough],
    every: &[EveryHour],
    hot: &[YearReport],
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {} ({} {}), {} s steps\n",
        loaded.site.site.name,
        y.build,
        num(y.racks as f64, 0),
        dcplan::text::noun(y.racks as u64, "rack", "racks"),
        y.step_s
    );
    render_year(&mut out, y);
    for h in hot {
        let _ = writeln!(
            out,
            "\nin a heat wave of {} K (every hour's dry-bulb + {} K, same humidity ratio):",
            h.heatwave_k, h.heatwave_k
        );
        render_year(&mut out, h);
    }
    render_rides(&mut out, rides, every);
    out
}

/// The year's energy, water, closure and hall table.
fn render_year(out: &mut String, y: &YearReport) {
    let water = match (y.water_limit_m3, y.water_within_limit) {
        (Some(limit), Some(ok)) => format!(
            "{} m³ ({} the {} m³ limit)",
            num(y.water_m3, 0),
            if ok { "within" } else { "OVER" },
            num(limit, 0)
        ),
        _ => format!("{} m³", num(y.water_m3, 0)),
    };
    let _ = writeln!(
        out,
        "year: IT {} MWh, cooling {} MWh, facility {} MWh, PUE {:.3}, WUE {:.3} L/kWh, water {water}",
        num(y.it_mwh, 0),
        num(y.cooling_mwh, 0),
        num(y.facility_mwh, 0),
        y.pue,
        y.wue_l_per_kwh,
    );
    let _ = writeln!(
        out,
        "energy closure: in {} MWh = removed {} MWh + stored {} MWh (error {:.1e})\n",
        num(y.energy.heat_in_mwh, 1),
        num(y.energy.heat_removed_mwh, 1),
        num(y.energy.stored_change_mwh, 3),
        y.energy.closure_error
    );
    let mut t = table::new(
        &[
            "hall",
            "class",
            "racks",
            "inlet P50",
            "P95",
            "P99",
            "max",
            "h out rec",
            "h out allow",
            "liquid max",
        ],
        &[2, 3, 4, 5, 6, 7, 8, 9],
    );
    for h in &y.halls {
        t.add_row(vec![
            h.hall.clone(),
            h.ashrae_class.clone(),
            h.racks.to_string(),
            format!("{:.2}", h.inlet_p50_c),
            format!("{:.2}", h.inlet_p95_c),
            format!("{:.2}", h.inlet_p99_c),
            format!("{:.2}", h.inlet_max_c),
            h.hours_outside_recommended.to_string(),
            h.hours_outside_allowable.to_string(),
            h.liquid_supply_max_c
                .map_or_else(|| "–".to_owned(), |c| format!("{c:.2}")),
        ]);
    }
    let _ = writeln!(out, "{t}");
}

/// The ride-through tables.
fn render_rides(out: &mut String, rides: &[RideThrough], every: &[EveryHour]) {
    if !rides.is_empty() {
        let mut t = table::new(
            &["scenario", "hour", "dry-bulb", "ride-through", "first"],
            &[1, 2],
        );
        for r in rides {
            t.add_row(vec![
                r.scenario.clone(),
                r.start_hour.to_string(),
                format!("{:.1}", r.dry_bulb_c),
                match r.minutes {
                    None => format!("rides through {} min", r.horizon_minutes),
                    Some(_) if r.outside_before_failure => {
                        "already outside the envelope before the failure".to_owned()
                    }
                    Some(m) => format!("{m:.1} min"),
                },
                r.first
                    .as_ref()
                    .map_or_else(|| "–".to_owned(), ToString::to_string),
            ]);
        }
        let _ = writeln!(out, "\n{t}");
    }
    if !every.is_empty() {
        let mut t = table::new(
            &[
                "scenario",
                "min",
                "P5",
                "P50",
                "hours not riding through",
                "worst",
            ],
            &[1, 2, 3, 4],
        );
        for e in every {
            t.add_row(vec![
                e.scenario.clone(),
                format!("{:.1}", e.min_minutes),
                format!("{:.1}", e.p5_minutes),
                format!("{:.1}", e.p50_minutes),
                e.hours_not_riding_through.len().to_string(),
                e.worst.first.as_ref().map_or_else(
                    || "–".to_owned(),
                    |x| {
                        let before = if e.worst.outside_before_failure {
                            "already outside the envelope before the failure: "
                        } else {
                            ""
                        };
                        format!("hour {}: {before}{}", e.worst.start_hour, x)
                    },
                ),
            ]);
        }
        let _ = writeln!(
            out,
            "\nride-through from every hour (minutes; {} min horizon counts as riding through)\n{t}",
            every.first().map_or(0.0, |e| e.horizon_minutes)
        );
    }
}
