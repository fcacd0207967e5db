//! `dcplan validate SITE…`: every problem in every file, at once.

use serde::Serialize;

use dcplan::site::{self, Diagnostic, SiteError, SourceFile};

use crate::cli::diagnostics::{self, Record};
use crate::cli::printer::Printer;
use crate::cli::table::json;
use crate::cli::{ExitStatus, OutputFormat, ValidateArgs};

/// Version of the `validate --format json` document.
const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Report<'a> {
    schema_version: u32,
    valid: bool,
    files: Vec<FileReport<'a>>,
}

#[derive(Serialize)]
struct FileReport<'a> {
    file: String,
    valid: bool,
    errors: usize,
    warnings: usize,
    /// Why the file could not be read at all, if so.
    read_error: Option<String>,
    diagnostics: Vec<Record<'a>>,
}

enum Outcome {
    Valid(SourceFile, Vec<Diagnostic>),
    Invalid(SourceFile, Vec<Diagnostic>),
    Unreadable(SiteError),
}

pub(crate) fn run(args: &ValidateArgs, printer: &Printer) -> miette::Result<ExitStatus> {
    let outcomes: Vec<(String, Outcome)> = args
        .sites
        .iter()
        .map(|path| {
            let outcome = match site::load(path) {
                Ok(loaded) => Outcome::Valid(loaded.source, loaded.warnings),
                Err(SiteError::Invalid(invalid)) => {
                    Outcome::Invalid(invalid.source, invalid.diagnostics)
                }
                Err(err) => Outcome::Unreadable(err),
            };
            (path.display().to_string(), outcome)
        })
        .collect();
    let all_valid = outcomes
        .iter()
        .all(|(_, o)| matches!(o, Outcome::Valid(..)));
    match args.format {
        OutputFormat::Json => {
            let files = outcomes
                .iter()
                .map(|(file, o)| file_report(file, o))
                .collect();
            printer.print(&json(&Report {
                schema_version: SCHEMA_VERSION,
                valid: all_valid,
                files,
            })?)?;
        }
        OutputFormat::Table | OutputFormat::Csv => {
            let mut out = String::new();
            if args.format == OutputFormat::Csv {
                out.push_str("file,valid,errors,warnings\n");
            }
            for (file, outcome) in &outcomes {
                let (valid, errors, warnings) = counts(outcome);
                match outcome {
                    Outcome::Valid(source, diags) | Outcome::Invalid(source, diags) => {
                        let shown: Vec<Diagnostic> = diags
                            .iter()
                            .filter(|d| !printer.quiet() || d.severity == site::Severity::Error)
                            .cloned()
                            .collect();
                        printer.eprint(&diagnostics::render(source, &shown, printer.color()));
                    }
                    Outcome::Unreadable(err) => printer.eprint(&format!("error: {err}\n")),
                }
                if args.format == OutputFormat::Csv {
                    out.push_str(&format!(
                        "{},{valid},{errors},{warnings}\n",
                        csv_field(file)
                    ));
                } else if valid {
                    out.push_str(&format!("ok      {file} ({warnings} warning(s))\n"));
                } else {
                    out.push_str(&format!(
                        "invalid {file} ({errors} error(s), {warnings} warning(s))\n"
                    ));
                }
            }
            printer.print(&out)?;
        }
    }
    Ok(if all_valid {
        ExitStatus::Ok
    } else {
        ExitStatus::BadInput
    })
}

fn counts(outcome: &Outcome) -> (bool, usize, usize) {
    let count =
        |diags: &[Diagnostic], s: site::Severity| diags.iter().filter(|d| d.severity == s).count();
    match outcome {
        Outcome::Valid(_, d) => (true, 0, count(d, site::Severity::Warning)),
        Outcome::Invalid(_, d) => (
            false,
            count(d, site::Severity::Error),
            count(d, site::Severity::Warning),
        ),
        Outcome::Unreadable(_) => (false, 1, 0),
    }
}

fn file_report<'a>(file: &str, outcome: &'a Outcome) -> FileReport<'a> {
    let (valid, errors, warnings) = counts(outcome);
    let (read_error, diagnostics) = match outcome {
        Outcome::Valid(source, diags) | Outcome::Invalid(source, diags) => {
            (None, diagnostics::records(source, diags))
        }
        Outcome::Unreadable(err) => (Some(err.to_string()), Vec::new()),
    };
    FileReport {
        file: file.to_owned(),
        valid,
        errors,
        warnings,
        read_error,
        diagnostics,
    }
}

fn csv_field(s: &str) -> String {
    let safe = crate::cli::csv_safe(s);
    if safe.contains([',', '"', '\n']) {
        format!("\"{}\"", safe.replace('"', "\"\""))
    } else {
        safe
    }
}
