//! One module per subcommand; each takes its parsed arguments and the printer.

pub(crate) mod check;
pub(crate) mod export;
pub(crate) mod info;
pub(crate) mod new;
pub(crate) mod plan;
pub(crate) mod schema;
pub(crate) mod simulate;
pub(crate) mod sweep;
pub(crate) mod tui;
pub(crate) mod validate;
pub(crate) mod weather;

use std::path::{Path, PathBuf};

use dcplan::files::{self, Kind, Overwrite};
use dcplan::site::{self, Diagnostic, Edit, EditableSite, LoadedSite, SiteError, SourceFile};

use super::ExitStatus;
use super::diagnostics;
use super::printer::Printer;

/// `--force` as an [`Overwrite`].
fn overwrite(force: bool) -> Overwrite {
    if force {
        Overwrite::Replace
    } else {
        Overwrite::Never
    }
}

/// Refuses, before any long work, an output path that [`write_output`] would refuse; the
/// error (printed) is exit 2.
pub(crate) fn check_output(
    path: &Path,
    force: bool,
    inputs: &[(PathBuf, Kind)],
    printer: &Printer,
) -> Result<(), ExitStatus> {
    files::check_writable(path, overwrite(force), inputs).map_err(|e| refused(&e, printer))
}

/// Writes an output file all or nothing (see [`files::write`]); a refusal or failure is
/// printed and is exit 2.
pub(crate) fn write_output(
    path: &Path,
    bytes: &[u8],
    force: bool,
    inputs: &[(PathBuf, Kind)],
    printer: &Printer,
) -> Result<(), ExitStatus> {
    files::write(path, bytes, overwrite(force), inputs).map_err(|e| refused(&e, printer))
}

fn refused(e: &files::WriteError, printer: &Printer) -> ExitStatus {
    let how = match e {
        files::WriteError::Exists { .. } => "; pass --force to replace it",
        _ => "",
    };
    printer.eprint(&format!("error: {e}{how}\n"));
    ExitStatus::BadInput
}

/// Loads a site with the `--set` edits `set` applied, printing its warnings; on failure
/// prints every problem (in the file or in an edit) and returns `None`.
pub(crate) fn load_site(path: &Path, set: &[String], printer: &Printer) -> Option<LoadedSite> {
    let loaded = if set.is_empty() {
        site::load(path)
    } else {
        let edits = parse_edits(set, printer)?;
        EditableSite::load(path).and_then(|site| site.edited(&edits))
    };
    match loaded {
        Ok(loaded) => {
            if !loaded.warnings.is_empty() {
                diagnostics::report(&loaded.source, &loaded.edits, &loaded.warnings, printer);
            }
            Some(loaded)
        }
        Err(err) => {
            report_site_error(&err, printer);
            None
        }
    }
}

/// The `--set` arguments as edits; `None` after reporting each one that does not read as
/// `PATH=VALUE`, located in it.
pub(super) fn parse_edits(set: &[String], printer: &Printer) -> Option<Vec<Edit>> {
    let mut bad = 0;
    let edits: Vec<Edit> = set
        .iter()
        .filter_map(|arg| {
            arg.parse::<Edit>()
                .inspect_err(|e| {
                    bad += 1;
                    let source = SourceFile {
                        path: diagnostics::SET.into(),
                        text: arg.clone(),
                    };
                    let d = e.diagnostic();
                    let d = Diagnostic {
                        message: diagnostics::in_set(arg, &d.message),
                        ..d
                    };
                    diagnostics::report(&source, &[], &[d], printer);
                })
                .ok()
        })
        .collect();
    if bad > 0 {
        let what = dcplan::text::counted(bad, "--set argument is", "--set arguments are");
        printer.eprint(&format!("error: {what} not PATH=VALUE\n"));
        return None;
    }
    Some(edits)
}

/// Prints why a site could not be loaded.
pub(crate) fn report_site_error(err: &SiteError, printer: &Printer) {
    match err {
        SiteError::Read { .. } => printer.eprint(&format!("error: {err}\n")),
        SiteError::Invalid(invalid) => {
            diagnostics::report(
                &invalid.source,
                &invalid.edits,
                &invalid.diagnostics,
                printer,
            );
            let with = if invalid.edits.is_empty() {
                ""
            } else {
                " (with its --set edits)"
            };
            printer.eprint(&format!("error: {err}{with}\n"));
        }
    }
}

/// Reads the plan at `path` and identifies it against the site it is used with (see
/// [`dcplan::check::identify`]): a plan refused is said in one line per reason, and is exit 2.
pub(crate) fn read_identified_plan(
    path: &std::path::Path,
    loaded: &LoadedSite,
    printer: &Printer,
) -> Result<(dcplan::plan::Plan, dcplan::check::Identity), ExitStatus> {
    let plan = read_plan(path).map_err(|message| {
        printer.eprint(&format!("error: {message}\n"));
        ExitStatus::BadInput
    })?;
    let identity = dcplan::check::identify(loaded, &plan).map_err(|e| {
        printer.eprint(&format!("error: {}: {e}\n", path.display()));
        ExitStatus::BadInput
    })?;
    if identity.refusals.is_empty() {
        Ok((plan, identity))
    } else {
        for refusal in &identity.refusals {
            printer.eprint(&format!("error: {}: {refusal}\n", path.display()));
        }
        Err(ExitStatus::BadInput)
    }
}

/// Reads and parses a plan file; the error names the file and, for bad JSON, where.
pub(crate) fn read_plan(path: &std::path::Path) -> Result<dcplan::plan::Plan, String> {
    use dcplan::plan::PlanReadError;
    let bytes = dcplan::files::read(path, dcplan::files::Kind::Plan)
        .map_err(|e| format!("cannot read plan file {}: {e}", path.display()))?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|e| format!("{}: not a dcplan plan: {e}", path.display()))?;
    dcplan::plan::Plan::from_json(text).map_err(|e| match &e {
        PlanReadError::Json(json) => {
            format!("{}:{}:{}: {e}", path.display(), json.line(), json.column())
        }
        _ => format!("{}: {e}", path.display()),
    })
}
