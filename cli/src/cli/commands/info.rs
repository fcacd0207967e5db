//! `dcplan info SITE`: what the site can hold, and the climate it sits in.

use std::fmt::Write as _;

use dcplan::physics::chiller_curve::CurveLibrary;
use dcplan::physics::economizer::{Economizer, EconomizerKind};
use dcplan::site::rack_catalog::RackCatalog;
use dcplan::site::summary::SiteSummary;
use dcplan::weather::{ClimateSummary, WeatherSource};
use miette::IntoDiagnostic;

use crate::cli::printer::Printer;
use crate::cli::table::{self, escaped, flat_csv, json, musd, num};
use crate::cli::{ExitStatus, InfoArgs, OutputFormat};

pub(crate) fn run(args: &InfoArgs, printer: &Printer) -> miette::Result<ExitStatus> {
    if args.racks {
        return racks(args.format, printer);
    }
    if args.curves {
        return curves(args.format, printer);
    }
    let Some(path) = &args.site else {
        return Ok(ExitStatus::BadInput);
    };
    let Some(loaded) = super::load_site(path, &[], printer) else {
        return Ok(ExitStatus::BadInput);
    };
    let summary = SiteSummary::of(&loaded);
    let text = match args.format {
        OutputFormat::Json => json(&summary)?,
        OutputFormat::Csv => flat_csv(&summary)?,
        OutputFormat::Table => escaped(render(&summary)),
    };
    printer.print(&text)?;
    Ok(ExitStatus::Ok)
}

fn render(s: &SiteSummary) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", s.name);
    let _ = writeln!(
        out,
        "Horizon {}–{} ({} years), discount rate {:.1} %",
        s.horizon.0,
        s.horizon.1,
        s.horizon.1 - s.horizon.0 + 1,
        s.discount_rate * 100.0
    );
    let weather = match &s.weather.source {
        WeatherSource::Epw { file } | WeatherSource::Tmy3 { file } => file.display().to_string(),
        WeatherSource::DesignDay => "synthetic design-day year".to_owned(),
    };
    let _ = writeln!(out, "Weather {weather} — {}\n", s.weather.station.name);

    let mut halls = table::new(
        &[
            "hall", "slots", "kW/rack", "cooling", "IT MW", "max GPUs", "capex", "lead (y)",
            "status",
        ],
        &[1, 2, 4, 5, 6, 7],
    );
    for h in &s.halls {
        halls.add_row(vec![
            h.name.clone(),
            num(f64::from(h.slots), 0),
            num(h.max_rack_kw, 0),
            format!("{:?}", h.cooling).to_lowercase(),
            num(h.it_nameplate_mw, 1),
            num(h.max_gpus as f64, 0),
            musd(h.capex_usd),
            h.lead_time_years.to_string(),
            if h.existing { "existing" } else { "to build" }.to_owned(),
        ]);
    }
    let _ = writeln!(out, "Halls\n{halls}\n");

    let mut racks = table::new(
        &[
            "rack",
            "GPUs",
            "design kW",
            "util",
            "liquid",
            "capex",
            "lead (y)",
            "fits in",
        ],
        &[1, 2, 3, 4, 5, 6],
    );
    for r in &s.racks {
        racks.add_row(vec![
            r.name.clone(),
            r.gpus.to_string(),
            num(r.design_kw, 1),
            format!("{:.0} %", r.utilization * 100.0),
            format!("{:.0} %", r.liquid_fraction * 100.0),
            musd(r.capex_usd),
            r.lead_time_years.to_string(),
            fits_in(&r.hosted_by, s.halls.len()),
        ]);
    }
    let _ = writeln!(out, "Rack types\n{racks}\n");

    let n = &s.nameplate;
    let mut plate = table::new(&["nameplate", "MW", "notes"], &[1]);
    let rows: [(&str, f64, String); 9] = [
        (
            "IT (every slot at its kW/rack)",
            n.it_mw,
            format!(
                "{} slots, up to {} GPUs",
                num(n.slots as f64, 0),
                num(n.max_gpus as f64, 0)
            ),
        ),
        (
            "chillers",
            n.chiller_mw,
            format!(
                "{} MW with the redundant units out",
                num(n.chiller_firm_mw, 1)
            ),
        ),
        ("dry coolers", n.dry_cooler_mw, String::new()),
        ("cooling towers", n.tower_mw, String::new()),
        (
            "grid, firm",
            n.grid_firm_mw,
            format!("+{} MW from upgrades", num(n.upgrade_firm_mw, 0)),
        ),
        (
            "grid, non-firm",
            n.grid_non_firm_mw,
            format!("PPAs {} MW", num(n.ppa_mw, 0)),
        ),
        (
            "generation, prime",
            n.prime_generation_mw,
            format!("backup {} MW", num(n.backup_generation_mw, 1)),
        ),
        ("solar PV (AC)", n.solar_mw_ac, String::new()),
        ("batteries", n.storage_mw, String::new()),
    ];
    for (name, mw, note) in rows {
        plate.add_row(vec![name.to_owned(), num(mw, 1), note]);
    }
    let _ = writeln!(
        out,
        "Nameplate (upper bounds: every slot filled, every unit built)\n{plate}\n"
    );

    if let Some(budget) = s.capex_budget_usd {
        let _ = writeln!(
            out,
            "Demand: most GPU-years within a capex budget of {}\n",
            musd(budget)
        );
    } else {
        let targets: Vec<String> = s
            .targets
            .iter()
            .map(|(y, g)| format!("{y}: {}", num(*g as f64, 0)))
            .collect();
        let _ = writeln!(out, "GPU targets: {}\n", targets.join(" · "));
    }
    out.push_str(&climate(&s.climate));
    if s.warnings > 0 {
        let _ = writeln!(
            out,
            "\n{}: see above, or run `dcplan validate`.",
            dcplan::text::counted(s.warnings as u64, "warning", "warnings")
        );
    }
    out
}

/// "all 12 halls", "Hall A, Hall B", or "8 halls: Hall E … Hall M".
fn fits_in(halls: &[String], of: usize) -> String {
    match halls {
        [] => "none".to_owned(),
        _ if halls.len() == of && of > 1 => format!("all {of} halls"),
        [first, .., last] if halls.len() > 3 => format!("{} halls: {first} … {last}", halls.len()),
        _ => halls.join(", "),
    }
}

/// The climate block shared with `dcplan weather`.
pub(crate) fn climate(c: &ClimateSummary) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Climate ({} h): dry-bulb {:.1} to {:.1} °C (mean {:.1}); 0.4 % cooling {:.1} °C with \
         mean coincident wet-bulb {:.1} °C; 0.4 % wet-bulb {:.1} °C (max {:.1}); GHI {} kWh/m²",
        c.hours,
        c.min_dry_bulb_c,
        c.max_dry_bulb_c,
        c.mean_dry_bulb_c,
        c.cooling_db_0_4_c,
        c.mcwb_0_4_c,
        c.evaporation_wb_0_4_c,
        c.max_wet_bulb_c,
        num(c.annual_ghi_kwh_per_m2, 0)
    );
    if !c.economizers.is_empty() {
        let mut t = table::new(
            &[
                "free cooling",
                "supply °C",
                "full h",
                "partial h",
                "equiv. full h",
            ],
            &[1, 2, 3, 4],
        );
        for e in &c.economizers {
            t.add_row(vec![
                describe(&e.economizer),
                format!("{:.1}", e.economizer.supply_c()),
                num(e.hours.full_hours as f64, 0),
                num(e.hours.partial_hours as f64, 0),
                num(e.hours.equivalent_full_hours, 0),
            ]);
        }
        let _ = writeln!(out, "{t}");
    }
    out
}

fn describe(e: &Economizer) -> String {
    match e.kind() {
        EconomizerKind::WaterSide {
            tower_approach_k,
            tower_rated_wet_bulb_c,
            hx_approach_k,
        } => format!(
            "water-side (tower +{tower_approach_k} K at {tower_rated_wet_bulb_c} °C wet-bulb, \
             floating; HX +{hx_approach_k} K)"
        ),
        EconomizerKind::DryCooler { approach_k } => {
            format!("dry cooler (+{approach_k} K over dry-bulb)")
        }
        EconomizerKind::AirSide { approach_k } => {
            format!("air-side (+{approach_k} K over dry-bulb)")
        }
    }
}

fn racks(format: OutputFormat, printer: &Printer) -> miette::Result<ExitStatus> {
    let catalog = RackCatalog::builtin().into_diagnostic()?;
    let rows = catalog
        .entries()
        .iter()
        .map(|e| serde_json::json!({ "id": e.id, "rack": e.rack }))
        .collect();
    let text = listing(format, "racks", rows, || {
        let mut t = table::new(
            &["id", "name", "GPUs", "design kW", "liquid", "capex"],
            &[2, 3, 4, 5],
        );
        for e in catalog.entries() {
            t.add_row(vec![
                e.id.clone(),
                e.rack.name.clone(),
                e.rack.gpus.to_string(),
                num(e.rack.design_kw, 1),
                format!("{:.0} %", e.rack.liquid_fraction * 100.0),
                musd(e.rack.capex_usd),
            ]);
        }
        format!(
            "{t}\nUse one in a site with `catalog = \"<id>\"` in a [[rack]] table; sources in data/README.md.\n"
        )
    })?;
    printer.print(&text)?;
    Ok(ExitStatus::Ok)
}

fn curves(format: OutputFormat, printer: &Printer) -> miette::Result<ExitStatus> {
    let library = CurveLibrary::builtin().into_diagnostic()?;
    let lower = |v: &dyn std::fmt::Debug| format!("{v:?}").to_lowercase();
    let rows = library
        .sets()
        .iter()
        .map(|c| {
            serde_json::json!({
                "id": c.id, "idf_name": c.idf_name,
                "condenser": lower(&c.condenser), "compressor": lower(&c.compressor),
                "reference_capacity_w": c.reference_capacity_w,
                "reference_cop": c.reference_cop, "source": c.source,
            })
        })
        .collect();
    let text = listing(format, "curves", rows, || {
        let header = [
            "id",
            "condenser",
            "compressor",
            "ref MW",
            "ref COP",
            "measured unit",
        ];
        let mut t = table::new(&header, &[3, 4]);
        for c in library.sets() {
            t.add_row(vec![
                c.id.clone(),
                lower(&c.condenser),
                lower(&c.compressor),
                format!("{:.2}", c.reference_capacity_w / 1e6),
                format!("{:.2}", c.reference_cop),
                c.idf_name.clone(),
            ]);
        }
        format!(
            "{t}\nUse one in a site with `curve = \"<id>\"` in a [[cooling.chiller]] table; sources in data/README.md.\n"
        )
    })?;
    printer.print(&text)?;
    Ok(ExitStatus::Ok)
}

/// A built-in listing: `{ "schema_version": 1, KEY: rows }` as JSON or flat CSV, or the table.
fn listing(
    format: OutputFormat,
    key: &str,
    rows: Vec<serde_json::Value>,
    table: impl FnOnce() -> String,
) -> miette::Result<String> {
    if format == OutputFormat::Table {
        return Ok(escaped(table()));
    }
    let doc = serde_json::json!({ "schema_version": 1, key: serde_json::Value::Array(rows) });
    if format == OutputFormat::Json {
        json(&doc)
    } else {
        flat_csv(&doc)
    }
}
