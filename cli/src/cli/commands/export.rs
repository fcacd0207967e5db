//! `dcplan export`: a plan's books as XLSX, CSV and JSON.

use std::path::PathBuf;

use miette::IntoDiagnostic;

use dcplan::closed_loop::{self, LoopError, LoopOptions};
use dcplan::export;
use dcplan::plan::{Outcome, Plan, PlanError, PlanOptions};
use dcplan::site::LoadedSite;

use crate::cli::printer::Printer;
use crate::cli::progress::LongRun;
use crate::cli::{ExitStatus, ExportArgs};

pub(crate) fn run(args: &ExportArgs, printer: &Printer) -> miette::Result<ExitStatus> {
    let Some(loaded) = super::load_site(&args.site, &args.edits.set, printer) else {
        return Ok(ExitStatus::BadInput);
    };
    // Every output path is checked before the plan is read or made, and again as written;
    // none may be an input, the plan included.
    let mut inputs = loaded.files.clone();
    inputs.extend(
        args.plan
            .iter()
            .map(|p| (p.clone(), dcplan::files::Kind::Plan)),
    );
    let targets = match targets(args, printer) {
        Ok(t) => t,
        Err(status) => return Ok(status),
    };
    for (path, _) in &targets {
        if let Err(status) = super::check_output(path, args.force, &inputs, printer) {
            return Ok(status);
        }
    }
    let plan = match &args.plan {
        Some(path) => match super::read_identified_plan(path, &loaded, printer) {
            Ok((plan, _)) => plan,
            Err(status) => return Ok(status),
        },
        None => match plan_site(&loaded, printer)? {
            Ok(plan) => plan,
            Err(status) => return Ok(status),
        },
    };
    let ledger = plan.ledger(&loaded.site);
    let tables = export::tables(&loaded.site, &plan, &ledger);
    for (path, what) in &targets {
        let bytes = match what {
            Output::Xlsx => export::to_xlsx(&loaded.site, &ledger, &tables).into_diagnostic()?,
            Output::Json => export::to_json(&loaded.site.site.name, &tables).into_bytes(),
            Output::Csv(name) => tables
                .iter()
                .find(|t| t.name == *name)
                .map(export::to_csv)
                .unwrap_or_default(),
        };
        if let Err(status) = super::write_output(path, &bytes, args.force, &inputs, printer) {
            return Ok(status);
        }
    }
    printer.note(&format!(
        "exported {} (net present cost {})\n",
        dcplan::text::counted(targets.len() as u64, "file", "files"),
        crate::cli::table::musd(ledger.npv_cost_usd)
    ));
    Ok(ExitStatus::Ok)
}

/// What one output file holds.
enum Output {
    Xlsx,
    Json,
    Csv(&'static str),
}

/// The files to write: the workbook, the JSON document, and one CSV per table in the CSV
/// folder (made if missing; a path that is not a folder is refused).
fn targets(args: &ExportArgs, printer: &Printer) -> Result<Vec<(PathBuf, Output)>, ExitStatus> {
    let mut out = Vec::new();
    if let Some(p) = &args.xlsx {
        out.push((p.clone(), Output::Xlsx));
    }
    if let Some(p) = &args.json {
        out.push((p.clone(), Output::Json));
    }
    if let Some(dir) = &args.csv {
        if dir.exists() && !dir.is_dir() {
            printer.eprint(&format!(
                "error: --csv {} is not a folder; give a folder for the CSV files\n",
                dir.display()
            ));
            return Err(ExitStatus::BadInput);
        }
        if !dir.exists()
            && let Err(e) = std::fs::create_dir(dir)
        {
            printer.eprint(&format!(
                "error: cannot create the folder {}: {e}\n",
                dir.display()
            ));
            return Err(ExitStatus::BadInput);
        }
        for name in export::tables::TABLE_NAMES {
            out.push((dir.join(format!("{name}.csv")), Output::Csv(name)));
        }
    }
    Ok(out)
}

/// Plans the site as `dcplan plan` does by default (the plan ↔ simulate loop); the targets
/// not met is exit 3, pointing at `dcplan plan` for the explanation.
fn plan_site(loaded: &LoadedSite, printer: &Printer) -> miette::Result<Result<Plan, ExitStatus>> {
    let long = LongRun::start(printer);
    let outcome = closed_loop::plan_that_holds(
        loaded,
        &PlanOptions::default(),
        &LoopOptions::default(),
        long.control(),
    );
    drop(long);
    Ok(match outcome {
        Ok(done) => match done.outcome {
            Outcome::Planned { plan, .. } => Ok(plan),
            Outcome::Infeasible(_) => {
                printer
                    .eprint("error: the targets cannot be met; `dcplan plan SITE` explains why\n");
                Err(ExitStatus::Infeasible)
            }
            Outcome::Stopped { message, .. } => {
                printer.eprint(&format!(
                    "error: the solver stopped without a plan: {message}\n"
                ));
                Err(ExitStatus::Stopped)
            }
        },
        Err(LoopError::Cancelled | LoopError::Plan(PlanError::Cancelled)) => {
            Err(ExitStatus::Interrupted)
        }
        Err(e) => return Err(e).into_diagnostic(),
    })
}
