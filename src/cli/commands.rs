//! One module per subcommand; each takes its parsed arguments and the printer.

pub(crate) mod check;
pub(crate) mod info;
pub(crate) mod new;
pub(crate) mod plan;
pub(crate) mod schema;
pub(crate) mod simulate;
pub(crate) mod validate;
pub(crate) mod weather;

use dcplan::site::{self, LoadedSite, SiteError};

use super::diagnostics;
use super::printer::Printer;

/// Loads a site, printing its warnings; on failure prints every problem and returns `None`.
pub(crate) fn load_site(path: &std::path::Path, printer: &Printer) -> Option<LoadedSite> {
    match site::load(path) {
        Ok(loaded) => {
            if !printer.quiet() && !loaded.warnings.is_empty() {
                printer.eprint(&diagnostics::render(
                    &loaded.source,
                    &loaded.warnings,
                    printer.color(),
                ));
            }
            Some(loaded)
        }
        Err(err) => {
            report_site_error(&err, printer);
            None
        }
    }
}

/// Prints why a site could not be loaded.
pub(crate) fn report_site_error(err: &SiteError, printer: &Printer) {
    match err {
        SiteError::Read { .. } => printer.eprint(&format!("error: {err}\n")),
        SiteError::Invalid(invalid) => {
            let shown: Vec<_> = invalid
                .diagnostics
                .iter()
                .filter(|d| !printer.quiet() || d.severity == site::Severity::Error)
                .cloned()
                .collect();
            printer.eprint(&diagnostics::render(
                &invalid.source,
                &shown,
                printer.color(),
            ));
            printer.eprint(&format!("error: {err}\n"));
        }
    }
}

/// Reads and parses a plan file; the error names the file and, for bad JSON, where.
pub(crate) fn read_plan(path: &std::path::Path) -> Result<dcplan::plan::Plan, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read plan file {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| {
        // A document of another version may not parse as this one: say which version it is.
        if let Some(refusal) = other_schema_version(&text) {
            return format!("{}: {refusal}", path.display());
        }
        format!(
            "{}:{}:{}: not a dcplan plan: {e}",
            path.display(),
            e.line(),
            e.column()
        )
    })
}

/// The refusal of a plan document whose `schema_version` is not this dcplan's, if it is one.
fn other_schema_version(text: &str) -> Option<dcplan::check::Refusal> {
    #[derive(serde::Deserialize)]
    struct Versioned {
        schema_version: u32,
    }
    let expected = dcplan::plan::outcome::SCHEMA_VERSION;
    let found = serde_json::from_str::<Versioned>(text).ok()?.schema_version;
    (found != expected).then_some(dcplan::check::Refusal::SchemaVersion { found, expected })
}
