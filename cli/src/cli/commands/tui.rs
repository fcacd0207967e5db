//! `dcplan tui SITE`: loads the site (and a saved plan, and a sweep's results) as the other
//! commands do, then hands the terminal to the UI ([`crate::tui`]).

use std::io::IsTerminal;
use std::sync::mpsc;

use dcplan::plan::PlanOptions;
use dcplan::site::EditableSite;
use dcplan::sweep;

use crate::cli::printer::Printer;
use crate::cli::{ExitStatus, TuiArgs};
use crate::tui::{self, app::App, whatif, worker::Worker};

pub(crate) fn run(args: &TuiArgs, printer: &Printer) -> ExitStatus {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        printer.eprint(
            "error: dcplan tui needs a terminal (stdin and stdout); for a plan as text or JSON, \
             run `dcplan plan`\n",
        );
        return ExitStatus::BadInput;
    }
    let Some(edits) = super::parse_edits(&args.edits.set, printer) else {
        return ExitStatus::BadInput;
    };
    let site = match EditableSite::load(&args.site).and_then(|mut site| {
        site.apply(&edits)?;
        Ok(site)
    }) {
        Ok(site) => site,
        Err(e) => {
            super::report_site_error(&e, printer);
            return ExitStatus::BadInput;
        }
    };
    let loaded = site.site();
    let plan = match &args.plan {
        Some(path) => match super::read_identified_plan(path, loaded, printer) {
            Ok((plan, _)) => Some(plan),
            Err(status) => return status,
        },
        None => None,
    };
    let sweep = match &args.sweep {
        Some(path) => {
            let results = match super::sweep::read_results(path, printer) {
                Ok(r) => r,
                Err(status) => return status,
            };
            match sweep::summarize(&results, "npv_usd") {
                Ok(summary) => Some((path.display().to_string(), summary)),
                Err(e) => {
                    printer.eprint(&format!("error: --sweep {}: {e}\n", path.display()));
                    return ExitStatus::BadInput;
                }
            }
        }
        None => None,
    };
    let app = App::new(
        loaded.site.site.name.clone(),
        &args.site,
        whatif::fields(&loaded.site),
        plan,
        sweep,
    );
    let options = PlanOptions {
        resolution: args.model.resolution,
        ..PlanOptions::default()
    };
    let (tx, rx) = mpsc::channel();
    let worker = Worker::new(site, args.site.clone(), edits, options, tx.clone());
    match tui::run(app, worker, &rx, tx, args.site.clone()) {
        Ok(()) => ExitStatus::Ok,
        Err(e) => {
            printer.eprint(&format!("error: the terminal: {e}\n"));
            ExitStatus::Internal
        }
    }
}
