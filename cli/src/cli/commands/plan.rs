//! `dcplan plan SITE`: the least-cost build-out, by year.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use miette::IntoDiagnostic;

use dcplan::closed_loop::{self, LoopError, LoopOptions};
use dcplan::control::Control;
use dcplan::plan::document::{Objective, PlanStatus};
use dcplan::plan::{self, Outcome, Plan, PlanOptions, Timings};
use dcplan_solvers::{SolveOptions, SolverChoice};

use crate::cli::printer::Printer;
use crate::cli::progress::LongRun;
use crate::cli::table::{self, escaped, json, musd, num};
use crate::cli::{ExitStatus, OutputFormat, PlanArgs};
use crate::labels;

/// Settings from the flags, each checked (exhaustive destructuring: a new flag cannot be
/// silently ignored).
fn options(args: &PlanArgs) -> Result<PlanOptions, String> {
    let PlanArgs {
        site: _,
        edits: _,
        output: _,
        force: _,
        format: _,
        model: crate::cli::ModelArgs { resolution },
        solver,
        time_limit,
        mip_gap,
        threads,
        write_model: _,
        rounds: _,
        no_simulate: _,
        max_memory,
    } = args;
    dcplan::memory::check_limit(*max_memory).map_err(|e| crate::cli::values::memory_message(&e))?;
    let resolution = *resolution;
    // The message names the value and says it is a solver.
    let solver: SolverChoice = solver.parse().map_err(|e| format!("--solver: {e}"))?;
    let solve = SolveOptions {
        solver,
        time_limit_s: *time_limit,
        mip_gap: *mip_gap,
        threads: *threads,
        ..SolveOptions::default()
    };
    solve.validate().map_err(|e| e.to_string())?;
    Ok(PlanOptions {
        resolution,
        solve,
        ..PlanOptions::default()
    })
}

pub(crate) fn run(args: &PlanArgs, printer: &Printer) -> miette::Result<ExitStatus> {
    let options = match options(args) {
        Ok(o) => o,
        Err(message) => {
            printer.eprint(&format!("error: {message}\n"));
            return Ok(ExitStatus::BadInput);
        }
    };
    let Some(loaded) = super::load_site(&args.site, &args.edits.set, printer) else {
        return Ok(ExitStatus::BadInput);
    };
    match plan::memory_estimate(&loaded, &options) {
        Ok((estimate, nonzeros)) => {
            let what = format!(
                "{} nonzeros at {}",
                dcplan::text::thousands(nonzeros),
                options.resolution
            );
            if let Err(e) = estimate.within(args.max_memory, &what) {
                let message = crate::cli::values::memory_message(&e);
                printer.eprint(&format!("error: {message}\n"));
                return Ok(ExitStatus::BadInput);
            }
        }
        Err(e) => return Err(e).into_diagnostic(),
    }
    // Refuse an output before minutes of solving, not after.
    for path in args.output.iter().chain(&args.write_model) {
        if let Err(status) = super::check_output(path, args.force, &loaded.files, printer) {
            return Ok(status);
        }
    }
    if let Some(path) = &args.write_model {
        let formulated = plan::formulate(&loaded, &options, &Control::new()).into_diagnostic()?;
        let text = match formulated.model().model_text(path) {
            Ok(text) => text,
            Err(e) => {
                printer.eprint(&format!("error: --write-model: {e}\n"));
                return Ok(ExitStatus::BadInput);
            }
        };
        if let Err(status) = super::write_output(path, &text, args.force, &loaded.files, printer) {
            return Ok(status);
        }
        printer.note(&format!("wrote the model to {}\n", path.display()));
    }
    let long = LongRun::start(printer);
    let control = long.control();
    let planned = if args.no_simulate {
        plan::formulate(&loaded, &options, control).and_then(|f| f.solve(&options, control))
    } else {
        let loop_options = LoopOptions {
            rounds: args.rounds,
            ..LoopOptions::default()
        };
        match closed_loop::plan_that_holds(&loaded, &options, &loop_options, control) {
            Ok(done) => Ok(done.outcome),
            Err(LoopError::Plan(e)) => Err(e),
            Err(LoopError::Cancelled) => Err(plan::PlanError::Cancelled),
            Err(e) => return Err(e).into_diagnostic(),
        }
    };
    drop(long);
    let outcome = match planned {
        Ok(o) => o,
        Err(plan::PlanError::Cancelled) => return Ok(ExitStatus::Interrupted),
        Err(plan::PlanError::Solver(e)) => {
            printer.eprint(&format!("error: {e}\n"));
            return Ok(ExitStatus::BadInput);
        }
        Err(e) => return Err(e).into_diagnostic(),
    };
    match outcome {
        Outcome::Planned { plan: p, timings } => {
            if let Some(path) = &args.output {
                let text = json(&p)?;
                if let Err(status) =
                    super::write_output(path, text.as_bytes(), args.force, &loaded.files, printer)
                {
                    return Ok(status);
                }
            }
            // Timings are not in the plan document (it is the same bytes on every run); the
            // table shows them, and the other formats leave them on stderr.
            let text = match args.format {
                OutputFormat::Json => json(&p)?,
                OutputFormat::Csv => years_csv(&p)?,
                OutputFormat::Table => escaped(render(&p, &loaded.site, timings)),
            };
            if args.format != OutputFormat::Table {
                printer.note(&format!(
                    "note: solved by {} in {:.2} s\n",
                    p.solver,
                    timings.build_seconds + timings.solve_seconds
                ));
            }
            printer.print(&text)?;
            Ok(ExitStatus::Ok)
        }
        Outcome::Infeasible(explanation) => {
            if args.format == OutputFormat::Json {
                let doc = serde_json::json!({ "schema_version": plan::document::SCHEMA_VERSION, "status": "infeasible", "explanation": explanation });
                printer.print(&json(&doc)?)?;
            }
            let mut text = format!(
                "The GPU targets of {} cannot be met:\n",
                loaded.site.site.name
            );
            for line in explanation.lines() {
                let _ = writeln!(text, "  {line}");
            }
            printer.eprint(&text);
            Ok(ExitStatus::Infeasible)
        }
        Outcome::Stopped {
            message,
            best_bound_usd,
        } => {
            let bound =
                best_bound_usd.map_or_else(String::new, |b| format!("; best bound {}", musd(b)));
            printer.eprint(&format!(
                "error: the solver stopped without a feasible plan: {message}{bound}\n"
            ));
            Ok(ExitStatus::Stopped)
        }
    }
}

fn render(p: &Plan, site: &dcplan::site::Site, timings: Timings) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {} plan, {}",
        p.site,
        p.objective.name(),
        p.status.name()
    );
    let _ = writeln!(
        out,
        "NPV {} · {} · solved by {} in {:.2} s ({} variables, {} integer, {} constraints)",
        musd(p.objective_npv_usd),
        p.resolution,
        p.solver,
        timings.build_seconds + timings.solve_seconds,
        num(p.stats.variables as f64, 0),
        num(p.stats.integer_variables as f64, 0),
        num(p.stats.constraints as f64, 0)
    );
    // A least-cost plan's bound is in dollars; a budget plan's counts GPU-years.
    if p.status != PlanStatus::Optimal
        && p.objective == Objective::LeastCost
        && let (Some(gap), Some(bound)) = (p.stats.gap, p.stats.best_bound_usd)
    {
        let _ = writeln!(
            out,
            "Not proven optimal: within {} % of the proven lower bound of {}",
            num(gap * 100.0, 2),
            musd(bound)
        );
    }
    out.push('\n');
    let _ = writeln!(
        out,
        "Sized for a design IT load of {} % of rack design power",
        num(p.design.it_load_fraction * 100.0, 0)
    );
    for d in &p.design.days {
        let _ = writeln!(
            out,
            "  {} design day: {:.1} °C dry-bulb / {:.1} °C wet-bulb, {:.1} K daily range ({})",
            d.name, d.dry_bulb_c, d.wet_bulb_c, d.daily_range_k, d.source
        );
    }
    out.push('\n');
    let mut years = table::new(
        &[
            "year",
            "GPU target",
            "GPUs online",
            "IT MW",
            "design IT MW",
            "peak MW",
            "PUE",
            "firm MW spare",
            "cooling MW spare",
            "free slots",
            "binding",
            "CO₂ kt",
        ],
        &[1, 2, 3, 4, 5, 6, 7, 8, 9, 11],
    );
    for y in &p.years {
        years.add_row(vec![
            y.year.to_string(),
            num(y.gpus_target as f64, 0),
            num(y.gpus_online as f64, 0),
            num(y.it_mw, 1),
            num(y.design_it_mw, 1),
            num(y.facility_peak_mw, 1),
            if y.pue > 0.0 {
                format!("{:.3}", y.pue)
            } else {
                "–".to_owned()
            },
            num(y.headroom.power_mw, 1),
            y.headroom
                .cooling_mw
                .map_or_else(|| "–".to_owned(), |c| num(c, 1)),
            num(y.headroom.slots as f64, 0),
            labels::resource(y.binding).to_owned(),
            num(y.emissions_t / 1000.0, 1),
        ]);
    }
    let _ = writeln!(out, "By year\n{years}\n");
    let mut builds = table::new(
        &["in service", "order by", "build", "quantity", "capex"],
        &[3, 4],
    );
    for b in p
        .years
        .iter()
        .flat_map(|y| &y.builds)
        .filter(|b| labels::listed(b))
    {
        builds.add_row(vec![
            b.in_service_year.to_string(),
            b.order_by_year.to_string(),
            labels::component(&b.component),
            labels::quantity(b),
            musd(b.capex_usd),
        ]);
    }
    let _ = writeln!(out, "What to build, and when to order it\n{builds}\n");
    let mut costs = table::new(&["cost", "nominal", "present value"], &[1, 2]);
    for c in &p.costs {
        costs.add_row(vec![
            dcplan::text::serde_name(&c.category).replace('_', " "),
            musd(c.nominal_usd),
            musd(c.discounted_usd),
        ]);
    }
    let _ = writeln!(out, "Costs over the horizon\n{costs}\n");
    render_finance(&mut out, &p.ledger(site));
    if let Some(last) = p.years.last() {
        let mut energy = table::new(
            &[
                &format!("energy in {}", last.year),
                "supplied GWh",
                "used GWh",
            ],
            &[1, 2],
        );
        // By label (flows of one label add up), supplies first, then uses, each largest
        // first; entries under 0.05 GWh are noise.
        let mut by_label: BTreeMap<String, f64> = BTreeMap::new();
        for e in &last.energy {
            *by_label.entry(labels::flow(&e.flow)).or_insert(0.0) += e.mwh;
        }
        let mut flows: Vec<_> = by_label
            .iter()
            .filter(|(_, mwh)| mwh.abs() >= 50.0)
            .collect();
        flows.sort_by(|a, b| b.1.total_cmp(a.1).then_with(|| a.0.cmp(b.0)));
        let (supplies, uses): (Vec<_>, Vec<_>) =
            flows.into_iter().partition(|(_, mwh)| **mwh > 0.0);
        for (source, &mwh) in supplies {
            energy.add_row(vec![source.clone(), num(mwh / 1000.0, 1), String::new()]);
        }
        for (what, &mwh) in uses.into_iter().rev() {
            energy.add_row(vec![what.clone(), String::new(), num(-mwh / 1000.0, 1)]);
        }
        let _ = writeln!(out, "{energy}\n");
        for d in &last.demand {
            let peak = d.peak_mw.iter().copied().fold(0.0, f64::max);
            let _ = writeln!(
                out,
                "{} {}: monthly peak import up to {} MW against {} MW firm",
                last.year,
                d.contract,
                num(peak, 1),
                num(d.firm_mw, 0)
            );
        }
    }
    if let Some(last) = p.years.last()
        && !last.blocks.is_empty()
    {
        render_blocks(&mut out, last);
    }
    if let Some(sim) = &p.design_simulation {
        render_design_simulation(&mut out, sim);
    }
    for note in &p.notes {
        let _ = writeln!(out, "note: {note}");
    }
    out
}

/// The last year's redundancy blocks: units dedicated to each, and its spares per family.
/// The ledger's headline figures (docs/finance.md), with facility capex set beside the
/// published range.
fn render_finance(out: &mut String, ledger: &dcplan::finance::Ledger) {
    let mut t = table::new(&["finance", "value"], &[1]);
    let u = &ledger.unit;
    t.add_row(vec!["net present cost".into(), musd(ledger.npv_cost_usd)]);
    if let (Some(year), Some(hour)) = (u.cost_per_gpu_year_usd, u.cost_per_gpu_hour_usd) {
        t.add_row(vec![
            "levelized cost per GPU-year".into(),
            format!("${} (${hour:.2} per GPU-hour)", num(year, 0)),
        ]);
    }
    if let Some(v) = u.facility_capex_per_mw_it_usd {
        let (lo, hi) = u.published_range_usd_per_mw;
        let verdict = if v < lo {
            "below"
        } else if v > hi {
            "above"
        } else {
            "within"
        };
        t.add_row(vec![
            "facility capex per MW of IT".into(),
            format!(
                "{} ({verdict} the published US ${:.1}–{:.1}M)",
                musd(v),
                lo / 1e6,
                hi / 1e6
            ),
        ]);
    }
    if let Some(npv) = ledger.npv_net_usd {
        t.add_row(vec!["net present value with revenue".into(), musd(npv)]);
        let irr = ledger
            .irr
            .map_or("none".into(), |r| format!("{:.1} %", r * 100.0));
        t.add_row(vec!["IRR".into(), irr]);
        let payback = ledger
            .payback_years
            .map_or("not within the horizon".into(), |y| format!("{y:.1} years"));
        t.add_row(vec!["payback".into(), payback]);
    }
    let _ = writeln!(out, "{t}\n");
}

fn render_blocks(out: &mut String, y: &plan::document::YearPlan) {
    let mut t = table::new(&["block", "halls", "units", "spares (rule)"], &[]);
    for b in &y.blocks {
        let units: Vec<String> = b
            .units
            .iter()
            .map(|u| format!("{} {}", num(u.quantity.value(), 0), u.component.name))
            .collect();
        let spares: Vec<String> = b
            .spares
            .iter()
            .map(|s| {
                format!(
                    "{} {} ({})",
                    num(s.spare_units, 0),
                    labels::spare_family(s.family),
                    s.rule.label()
                )
            })
            .collect();
        t.add_row(vec![
            b.block.clone(),
            b.halls.join(", "),
            units.join(", "),
            if spares.is_empty() {
                "– (no load)".to_owned()
            } else {
                spares.join(", ")
            },
        ]);
    }
    let _ = writeln!(
        out,
        "Redundancy blocks in {}: plant dedicated to each, and its spare units at the design peak\n{t}\n",
        y.year
    );
}

/// The plan's builds at design conditions: one row per build, then the loop's rounds.
fn render_design_simulation(out: &mut String, sim: &plan::simulated::DesignSimulation) {
    let _ = writeln!(
        out,
        "Simulated at design conditions: racks at {:.0} % of design power through the year; \
         failures from hour {} at {:.1} °C dry-bulb{} — {}",
        sim.it_load_fraction * 100.0,
        sim.design_hour,
        sim.design_dry_bulb_c,
        if sim.heatwave_k > 0.0 {
            format!(
                " (weather raised {:.1} K to the design dry-bulb)",
                sim.heatwave_k
            )
        } else {
            String::new()
        },
        if sim.holds { "holds" } else { "DOES NOT HOLD" }
    );
    let mut t = table::new(
        &[
            "years",
            "racks",
            "PUE",
            "WUE L/kWh",
            "max inlet °C",
            "h out in design",
            "h out beyond",
            "design hour",
            "ride-through (min, target)",
        ],
        &[1, 2, 3, 4, 5, 6],
    );
    for b in &sim.builds {
        let rides: Vec<String> = b
            .ride_through
            .iter()
            .map(|r| {
                let got = r
                    .minutes
                    .map_or_else(|| "held".to_owned(), |m| format!("{m:.1}"));
                let mark = if r.met { "" } else { " MISSED" };
                format!("{} {got} ≥ {}{mark}", r.scenario, num(r.target_minutes, 0))
            })
            .collect();
        t.add_row(vec![
            b.years_label(),
            num(b.racks as f64, 0),
            format!("{:.3}", b.pue),
            format!("{:.3}", b.wue_l_per_kwh),
            format!("{:.1}", b.inlet_max_c),
            b.hours_outside_within_design.to_string(),
            b.hours_outside_beyond_design.to_string(),
            b.design_hour_minutes
                .map_or_else(|| "held".to_owned(), |m| format!("lost at {m:.1} min")),
            if rides.is_empty() {
                "–".to_owned()
            } else {
                rides.join("; ")
            },
        ]);
    }
    let _ = writeln!(out, "{t}\n");
    if sim.rounds.len() > 1 {
        for r in &sim.rounds {
            let _ = writeln!(
                out,
                "round {}: {} → {}, {}",
                r.round,
                r.change,
                r.npv_usd.map_or_else(|| "no plan".to_owned(), musd),
                if r.holds {
                    "holds".to_owned()
                } else {
                    format!("does not hold ({})", r.why)
                }
            );
        }
        let _ = writeln!(out);
    }
}

/// One CSV row per year with its headline figures.
fn years_csv(p: &Plan) -> miette::Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "year",
        "gpus_target",
        "gpus_online",
        "it_mw",
        "design_it_mw",
        "facility_peak_mw",
        "pue",
        "headroom_power_mw",
        "headroom_cooling_mw",
        "headroom_slots",
        "binding",
        "emissions_t",
        "cash_out_usd",
    ])
    .into_diagnostic()?;
    for y in &p.years {
        let cash: f64 = y.costs_usd.values().sum();
        w.write_record([
            y.year.to_string(),
            y.gpus_target.to_string(),
            y.gpus_online.to_string(),
            format!("{:.3}", y.it_mw),
            format!("{:.3}", y.design_it_mw),
            format!("{:.3}", y.facility_peak_mw),
            format!("{:.4}", y.pue),
            format!("{:.3}", y.headroom.power_mw),
            y.headroom
                .cooling_mw
                .map_or_else(String::new, |c| format!("{c:.3}")),
            y.headroom.slots.to_string(),
            labels::resource(y.binding).to_owned(),
            format!("{:.1}", y.emissions_t),
            format!("{cash:.0}"),
        ])
        .into_diagnostic()?;
    }
    String::from_utf8(w.into_inner().into_diagnostic()?).into_diagnostic()
}
