//! `dcplan new NAME --template colo|campus`: a commented starter site that validates.

use std::path::PathBuf;

use dcplan::site::starter;

use crate::cli::printer::Printer;
use crate::cli::{ExitStatus, NewArgs, Template};

/// The library's template for the command line's choice.
fn template(choice: Template) -> starter::Template {
    match choice {
        Template::Colo => starter::Template::Colo,
        Template::Campus => starter::Template::Campus,
    }
}

pub(crate) fn run(args: &NewArgs, printer: &Printer) -> ExitStatus {
    let path = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{}.toml", args.name)));
    let text = starter::starter(template(args.template), &args.name);
    if let Err(status) = super::write_output(&path, text.as_bytes(), args.force, &[], printer) {
        return status;
    }
    printer.note(&format!(
        "wrote {}: edit it, then run `dcplan validate {}` and `dcplan info {}`\n",
        path.display(),
        path.display(),
        path.display()
    ));
    ExitStatus::Ok
}
