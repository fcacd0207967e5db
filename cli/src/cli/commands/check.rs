//! `dcplan check SITE PLAN`: re-verify a saved plan against its site.

use std::fmt::Write as _;

use serde::Serialize;

use dcplan::check::{self, Notice, Report, Violation};

use crate::cli::printer::Printer;
use crate::cli::table::{self, escaped, json};
use crate::cli::{CheckArgs, CheckFormat, ExitStatus};

/// Version of the JSON report.
const SCHEMA_VERSION: u32 = 1;

/// The JSON document `--format json` prints.
#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    site: &'a str,
    plan: String,
    consistent: bool,
    /// What the fingerprints say: `site_changed`, `plan_edited`.
    notices: &'a [Notice],
    checks_run: usize,
    violations: &'a [Violation],
}

pub(crate) fn run(args: &CheckArgs, printer: &Printer) -> miette::Result<ExitStatus> {
    let Some(loaded) = super::load_site(&args.site, printer) else {
        return Ok(ExitStatus::BadInput);
    };
    let (plan, identity) = match super::read_identified_plan(&args.plan, &loaded, printer) {
        Ok(identified) => identified,
        Err(status) => return Ok(status),
    };
    let report = check::check(&loaded, &plan);
    let text = match args.format {
        CheckFormat::Json => json(&Document {
            schema_version: SCHEMA_VERSION,
            site: &loaded.site.site.name,
            plan: args.plan.display().to_string(),
            consistent: report.is_consistent(),
            notices: &identity.notices,
            checks_run: report.checks_run,
            violations: &report.violations,
        })?,
        CheckFormat::Table => escaped(render(&identity.notices, &report)),
    };
    printer.print(&text)?;
    Ok(if report.is_consistent() {
        ExitStatus::Ok
    } else {
        ExitStatus::BadInput
    })
}

/// The notices, one line each, then the verdict (after the violations, if any).
fn render(notices: &[Notice], report: &Report) -> String {
    let mut out = String::new();
    for n in notices {
        let _ = writeln!(out, "note: {n}");
    }
    if report.is_consistent() {
        let _ = writeln!(
            out,
            "plan is consistent with the site: {} checks passed",
            report.checks_run
        );
        return out;
    }
    let mut t = table::new(&["rule", "year", "hour", "message"], &[1, 2]);
    for v in &report.violations {
        t.add_row(vec![
            v.rule.to_owned(),
            v.year.map_or_else(|| "–".to_owned(), |y| y.to_string()),
            v.hour.map_or_else(|| "–".to_owned(), |h| h.to_string()),
            v.message.clone(),
        ]);
    }
    let _ = writeln!(out, "{t}");
    let _ = writeln!(
        out,
        "plan is NOT consistent with the site: {} in {}",
        dcplan::text::counted(report.violations.len() as u64, "violation", "violations"),
        dcplan::text::counted(report.checks_run as u64, "check", "checks")
    );
    out
}
