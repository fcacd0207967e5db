//! `dcplan weather FILE`: the climate summary, or every hour as the planner sees it.

use std::fmt::Write as _;

use dcplan::physics::cooling_tower::CTI_RATING_WET_BULB_C;
use dcplan::physics::economizer::{Economizer, EconomizerKind};
use dcplan::site::free_cooling::{DEFAULT_TOWER_APPROACH_K, LIQUID_LOOP_DELTA_K};
use dcplan::site::{CHILLED_WATER_SUPPLY_RANGE_C, LIQUID_SUPPLY_RANGE_C};
use dcplan::text;
use dcplan::weather;
use miette::IntoDiagnostic;
use serde::Serialize;

use crate::cli::printer::Printer;
use crate::cli::table::{escaped, json};
use crate::cli::{ExitStatus, OutputFormat, WeatherArgs};

/// Version of the `weather --format json` document.
const SCHEMA_VERSION: u32 = 1;

/// Typical approaches for the summary's free-cooling lines (shared/reference: tower 3–5 K,
/// plate heat exchanger 1–2 K, dry cooler 5–10 K) and loop temperature rises.
const HX_APPROACH_K: f64 = 1.5;
const DRY_COOLER_APPROACH_K: f64 = 8.0;
const CHILLED_WATER_DELTA_K: f64 = 6.0;

#[derive(Serialize)]
struct Report<'a> {
    schema_version: u32,
    station: &'a weather::Station,
    source: &'a weather::WeatherSource,
    leap_day_dropped: bool,
    dew_points_capped: usize,
    summary: weather::ClimateSummary,
}

pub(crate) fn run(args: &WeatherArgs, printer: &Printer) -> miette::Result<ExitStatus> {
    let year = match weather::read(&args.file) {
        Ok(year) => year,
        Err(e) => {
            printer.eprint(&format!("error: {e}\n"));
            return Ok(ExitStatus::BadInput);
        }
    };
    if args.format == OutputFormat::Csv {
        printer.print(&hourly_csv(&year)?)?;
        return Ok(ExitStatus::Ok);
    }
    let economizers = match economizers(args) {
        Ok(e) => e,
        Err(message) => {
            printer.eprint(&format!("error: {message}\n"));
            return Ok(ExitStatus::BadInput);
        }
    };
    let summary = year.summary(&economizers);
    let text = if args.format == OutputFormat::Json {
        json(&Report {
            schema_version: SCHEMA_VERSION,
            station: year.station(),
            source: year.source(),
            leap_day_dropped: year.leap_day_dropped(),
            dew_points_capped: year.dew_points_capped(),
            summary,
        })?
    } else {
        let st = year.station();
        let mut out = format!(
            "{} ({}) {:.3}°, {:.3}°, {:.0} m, UTC{:+}\n",
            st.name, st.id, st.latitude_deg, st.longitude_deg, st.elevation_m, st.utc_offset_h
        );
        if year.leap_day_dropped() {
            out.push_str("29 February was dropped to give 8760 hours.\n");
        }
        if year.dew_points_capped() > 0 {
            let _ = writeln!(
                out,
                "{} a dew point slightly above the dry-bulb and were taken as saturated.",
                match year.dew_points_capped() {
                    1 => "1 hour had".to_owned(),
                    n => format!("{} hours had", text::thousands(n as u64)),
                }
            );
        }
        out.push_str(&super::info::climate(&summary));
        escaped(out)
    };
    printer.print(&text)?;
    Ok(ExitStatus::Ok)
}

fn economizers(args: &WeatherArgs) -> Result<Vec<Economizer>, String> {
    let water = EconomizerKind::WaterSide {
        tower_approach_k: DEFAULT_TOWER_APPROACH_K,
        tower_rated_wet_bulb_c: CTI_RATING_WET_BULB_C,
        hx_approach_k: HX_APPROACH_K,
    };
    let dry = EconomizerKind::DryCooler {
        approach_k: DRY_COOLER_APPROACH_K,
    };
    let chw = args.chilled_water_c;
    let liquid = args.liquid_supply_c;
    for (flag, value, (lo, hi)) in [
        ("--chilled-water-c", chw, CHILLED_WATER_SUPPLY_RANGE_C),
        ("--liquid-supply-c", liquid, LIQUID_SUPPLY_RANGE_C),
    ] {
        // Written so that NaN is outside.
        if !(lo..=hi).contains(&value) {
            return Err(format!(
                "{flag} {}: must be between {lo} and {hi} °C, as in a site's cooling",
                text::number(value)
            ));
        }
    }
    Ok(vec![
        Economizer::new(water, chw, chw + CHILLED_WATER_DELTA_K)
            .map_err(|e| format!("--chilled-water-c {chw}: {e}"))?,
        Economizer::new(dry, liquid, liquid + LIQUID_LOOP_DELTA_K)
            .map_err(|e| format!("--liquid-supply-c {liquid}: {e}"))?,
    ])
}

fn hourly_csv(year: &weather::WeatherYear) -> miette::Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "timestamp",
        "dry_bulb_c",
        "dew_point_c",
        "rel_humidity_pct",
        "pressure_pa",
        "wet_bulb_c",
        "humidity_ratio_kg_per_kg",
        "enthalpy_kj_per_kg",
        "ghi_w_per_m2",
    ])
    .into_diagnostic()?;
    for h in year.hours() {
        // Hour-ending convention of TMY3 and EPW: hour 1 is 00:00–01:00, stamped 01:00.
        w.write_record([
            format!("{:02}-{:02}T{:02}:00", h.month, h.day, h.hour),
            format!("{:.1}", h.dry_bulb_c),
            format!("{:.1}", h.dew_point_c),
            format!("{:.1}", h.rel_humidity * 100.0),
            format!("{:.0}", h.pressure_pa),
            format!("{:.2}", h.wet_bulb_c),
            format!("{:.5}", h.humidity_ratio),
            format!("{:.2}", h.enthalpy_kj_per_kg),
            format!("{:.0}", h.ghi_w_per_m2),
        ])
        .into_diagnostic()?;
    }
    String::from_utf8(w.into_inner().into_diagnostic()?).into_diagnostic()
}
