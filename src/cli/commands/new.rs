//! `dcplan new NAME --template colo|campus`: a commented starter site that validates.

use std::io::Write;
use std::path::PathBuf;

use miette::{IntoDiagnostic, WrapErr};

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

pub(crate) fn run(args: &NewArgs, printer: &Printer) -> miette::Result<ExitStatus> {
    let path = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{}.toml", args.name)));
    if path.exists() && !args.force {
        printer.eprint(&format!(
            "error: {} already exists; pass --force to overwrite it or --output to choose another file\n",
            path.display()
        ));
        return Ok(ExitStatus::BadInput);
    }
    let text = starter(args.template, &args.name);
    // Write to a temporary file beside the target and rename, so an interrupted write never
    // leaves half a site file.
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| std::path::Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot create a file in {}", dir.display()))?;
    tmp.write_all(text.as_bytes()).into_diagnostic()?;
    tmp.persist(&path)
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot write {}", path.display()))?;
    printer.note(&format!(
        "wrote {}: edit it, then run `dcplan validate {}` and `dcplan info {}`\n",
        path.display(),
        path.display(),
        path.display()
    ));
    Ok(ExitStatus::Ok)
}
