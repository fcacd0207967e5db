//! `dcplan validate SITE…`: every problem in every file, at once.

use std::fmt::Write as _;

use miette::IntoDiagnostic;
use serde::Serialize;

use dcplan::site::{self, Diagnostic, Severity, SiteError, SourceFile};
use dcplan::text::counted;

use crate::cli::diagnostics::{self, Record};
use crate::cli::printer::Printer;
use crate::cli::table::{escaped, json};
use crate::cli::{ExitStatus, OutputFormat, ValidateArgs, csv_safe};

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

/// What checking one file found.
enum Outcome {
    Checked {
        valid: bool,
        source: SourceFile,
        diagnostics: Vec<Diagnostic>,
    },
    Unreadable(SiteError),
}

impl Outcome {
    fn of(path: &std::path::Path) -> Outcome {
        match site::load(path) {
            Ok(loaded) => Outcome::Checked {
                valid: true,
                source: loaded.source,
                diagnostics: loaded.warnings,
            },
            Err(SiteError::Invalid(invalid)) => Outcome::Checked {
                valid: false,
                source: invalid.source,
                diagnostics: invalid.diagnostics,
            },
            Err(err) => Outcome::Unreadable(err),
        }
    }

    fn valid(&self) -> bool {
        matches!(self, Outcome::Checked { valid: true, .. })
    }

    /// Errors and warnings found (an unreadable file counts as one error).
    fn counts(&self) -> (usize, usize) {
        match self {
            Outcome::Checked { diagnostics, .. } => {
                let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
                (count(Severity::Error), count(Severity::Warning))
            }
            Outcome::Unreadable(_) => (1, 0),
        }
    }
}

pub(crate) fn run(args: &ValidateArgs, printer: &Printer) -> miette::Result<ExitStatus> {
    let outcomes: Vec<(String, Outcome)> = args
        .sites
        .iter()
        .map(|p| (p.display().to_string(), Outcome::of(p)))
        .collect();
    let all_valid = outcomes.iter().all(|(_, o)| o.valid());
    let text = match args.format {
        OutputFormat::Json => {
            let files = outcomes
                .iter()
                .map(|(file, o)| file_report(file, o))
                .collect();
            json(&Report {
                schema_version: SCHEMA_VERSION,
                valid: all_valid,
                files,
            })?
        }
        OutputFormat::Csv => {
            let mut csv = csv::Writer::from_writer(Vec::new());
            csv.write_record(["file", "valid", "errors", "warnings"])
                .into_diagnostic()?;
            for (file, outcome) in &outcomes {
                print_diagnostics(outcome, printer);
                let (errors, warnings) = outcome.counts();
                let row = [
                    csv_safe(file),
                    outcome.valid().to_string(),
                    errors.to_string(),
                    warnings.to_string(),
                ];
                csv.write_record(row).into_diagnostic()?;
            }
            String::from_utf8(csv.into_inner().into_diagnostic()?).into_diagnostic()?
        }
        OutputFormat::Table => {
            let mut lines = String::new();
            for (file, outcome) in &outcomes {
                print_diagnostics(outcome, printer);
                let (errors, warnings) = outcome.counts();
                let warnings = counted(warnings as u64, "warning", "warnings");
                let _ = if outcome.valid() {
                    writeln!(lines, "ok      {file} ({warnings})")
                } else {
                    let errors = counted(errors as u64, "error", "errors");
                    writeln!(lines, "invalid {file} ({errors}, {warnings})")
                };
            }
            escaped(lines)
        }
    };
    printer.print(&text)?;
    Ok(if all_valid {
        ExitStatus::Ok
    } else {
        ExitStatus::BadInput
    })
}

fn print_diagnostics(outcome: &Outcome, printer: &Printer) {
    match outcome {
        Outcome::Checked {
            source,
            diagnostics: diags,
            ..
        } => diagnostics::report(source, &[], diags, printer),
        Outcome::Unreadable(err) => printer.eprint(&format!("error: {err}\n")),
    }
}

fn file_report<'a>(file: &str, outcome: &'a Outcome) -> FileReport<'a> {
    let (errors, warnings) = outcome.counts();
    let (read_error, diagnostics) = match outcome {
        Outcome::Checked {
            source,
            diagnostics: diags,
            ..
        } => (None, diagnostics::records(source, diags)),
        Outcome::Unreadable(err) => (Some(err.to_string()), Vec::new()),
    };
    FileReport {
        file: file.to_owned(),
        valid: outcome.valid(),
        errors,
        warnings,
        read_error,
        diagnostics,
    }
}
