//! `dcplan simulate SITE`: the thermal simulation of a year and of failures.

use std::fmt::Write as _;

use serde::Serialize;

use dcplan::site::LoadedSite;
use dcplan::thermal::{
    self, EveryHour, HOURS, Installed, RideThrough, Scenario, SimError, SimOptions, SimReport,
    SimRequest, SimSetting, Start, ThermalError, YearReport,
};

use crate::cli::printer::Printer;
use crate::cli::progress::LongRun;
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

/// The request made from the arguments (every argument named, so none is ignored); checked
/// before the site is read.
fn resolve(args: &SimulateArgs) -> Result<SimRequest, String> {
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
    dcplan::memory::check_limit(*max_memory).map_err(|e| crate::cli::values::memory_message(&e))?;
    let options = SimOptions {
        step_s: duration_s(step).map_err(|e| format!("--step: {e}"))?,
        horizon_s: duration_s(horizon).map_err(|e| format!("--horizon: {e}"))?,
        recirculation: *recirculation,
        it_load: *it_load,
        ..SimOptions::default()
    };
    options.validate().map_err(|e| thermal_message(&e))?;
    if let Some(h) = at_hour.filter(|&h| h >= HOURS) {
        return Err(format!("--at-hour {h}: the year's hours are 0–8759"));
    }
    Ok(SimRequest {
        options,
        scenarios: scenarios
            .iter()
            .map(|s| s.parse::<Scenario>().map_err(|e| e.to_string()))
            .collect::<Result<_, _>>()?,
        start: match (*every_hour, *at_hour) {
            (true, _) => Start::EveryHour,
            (false, Some(h)) => Start::Hour(h),
            (false, None) => Start::HottestHour,
        },
        max_memory_gib: *max_memory,
    })
}

/// A simulation error as the command line says it: a setting out of range names the flag
/// that sets it.
fn thermal_message(e: &ThermalError) -> String {
    match e {
        ThermalError::OutOfRange { setting, message } => match setting {
            SimSetting::Step => format!("--step: {message}"),
            SimSetting::Horizon => format!("--horizon: {message}"),
            SimSetting::Recirculation => format!("--recirculation: {message}"),
            SimSetting::ItLoad => format!("--it-load: {message}"),
            // The message starts "scenario `NAME`": the flag and the value as written.
            SimSetting::ScenarioHeatWave => format!("--{message}"),
            _ => message.clone(),
        },
        other => other.to_string(),
    }
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
    let request = match resolve(args) {
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
    let simulated = {
        let long = LongRun::start(printer);
        thermal::run(&loaded, &build, &request, long.control())
    };
    let report = match simulated {
        Ok(report) => report,
        Err(SimError::Cancelled) => return Ok(ExitStatus::Interrupted),
        Err(SimError::Thermal(e)) => {
            printer.eprint(&format!("error: {}\n", thermal_message(&e)));
            return Ok(ExitStatus::BadInput);
        }
        Err(SimError::Memory(e)) => {
            let message = crate::cli::values::memory_message(&e);
            printer.eprint(&format!("error: {message}\n"));
            return Ok(ExitStatus::BadInput);
        }
        Err(SimError::CannotCarry(short)) => {
            printer.eprint(&shortfall_lines(
                "error",
                &short,
                "a hall whose cooling carries its heat in no hour of the year would only show its racks heating without bound; add plant or remove racks",
            ));
            return Ok(ExitStatus::BadInput);
        }
        Err(e) => {
            printer.eprint(&format!("error: {e}\n"));
            return Ok(ExitStatus::BadInput);
        }
    };
    if !report.shortfalls.is_empty() {
        printer.note(&shortfall_lines(
            "warning",
            &report.shortfalls,
            "in those hours heat builds up faster than the plant removes it, and inlets rise until it catches up",
        ));
    }
    let SimReport {
        year,
        ride_through: rides,
        every_hour: every,
        heatwave_years: hot,
        ..
    } = &report;
    let text = match args.format {
        OutputFormat::Json => json(&Document {
            schema_version: SCHEMA_VERSION,
            site: &loaded.site.site.name,
            year,
            ride_through: rides,
            every_hour: every,
            heatwave_years: hot,
        })?,
        OutputFormat::Csv => {
            if !(rides.is_empty() && every.is_empty()) {
                printer.note(
                    "note: csv carries the hourly series only; ride-through results are in \
                     the table and json output\n",
                );
            }
            hourly_csv(&loaded, year)?
        }
        OutputFormat::Table => escaped(render(&loaded, year, rides, every, hot)),
    };
    printer.print(&text)?;
    Ok(ExitStatus::Ok)
}

/// A line per short hall and a closing line, each starting `severity: `.
fn shortfall_lines(severity: &str, short: &[thermal::Shortfall], closing: &str) -> String {
    let mut text = String::new();
    for s in short {
        let _ = writeln!(text, "{severity}: {s}");
    }
    let _ = writeln!(text, "{severity}: {closing}");
    text
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
