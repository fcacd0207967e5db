//! `dcplan tui SITE`: loads the site (and a saved plan) as the other commands do, then
//! hands the terminal to the UI ([`crate::tui`]).

use std::io::IsTerminal;
use std::sync::Arc;

use dcplan::plan::PlanOptions;

use crate::cli::printer::Printer;
use crate::cli::{ExitStatus, TuiArgs};
use crate::tui::{self, app::App};

pub(crate) fn run(args: &TuiArgs, printer: &Printer) -> ExitStatus {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        printer.eprint(
            "error: dcplan tui needs a terminal (stdin and stdout); for a plan as text or JSON, \
             run `dcplan plan`\n",
        );
        return ExitStatus::BadInput;
    }
    let Some(loaded) = super::load_site(&args.site, &args.edits.set, printer) else {
        return ExitStatus::BadInput;
    };
    let plan = match &args.plan {
        Some(path) => match super::read_identified_plan(path, &loaded, printer) {
            Ok((plan, _)) => Some(plan),
            Err(status) => return status,
        },
        None => None,
    };
    let app = App::new(loaded.site.site.name.clone(), plan);
    let options = PlanOptions {
        resolution: args.model.resolution,
        ..PlanOptions::default()
    };
    match tui::run(app, Arc::new(loaded), options) {
        Ok(()) => ExitStatus::Ok,
        Err(e) => {
            printer.eprint(&format!("error: the terminal: {e}\n"));
            ExitStatus::Internal
        }
    }
}
