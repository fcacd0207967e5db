//! `dcplan new NAME --template colo|campus`: a commented starter site that validates.

use std::path::PathBuf;

use crate::cli::printer::Printer;
use crate::cli::{ExitStatus, NewArgs, Template};

const COLO: &str = include_str!("../../../data/templates/colo.toml");
const CAMPUS: &str = include_str!("../../../data/templates/campus.toml");

/// The starter text for a template, with the site's name filled in (as a TOML string, so any
/// name is safe).
pub(crate) fn starter(template: Template, name: &str) -> String {
    let text = match template {
        Template::Colo => COLO,
        Template::Campus => CAMPUS,
    };
    text.replace(
        "\"{{name}}\"",
        &toml::Value::String(name.to_owned()).to_string(),
    )
}

pub(crate) fn run(args: &NewArgs, printer: &Printer) -> ExitStatus {
    let path = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{}.toml", args.name)));
    let text = starter(args.template, &args.name);
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
