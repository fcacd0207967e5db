//! `dcplan check SITE PLAN`: re-verify a saved plan against its site.

use std::fmt::Write as _;

use serde::Serialize;

use dcplan::check::{self, Notice, Report, Violation};
use dcplan::plan::Plan;
use dcplan::site::LoadedSite;

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
    let Some(loaded) = super::load_site(&args.site, &args.edits.set, printer) else {
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
        CheckFormat::Table => {
            let note = edits_note(&plan, &loaded, &identity.notices);
            escaped(render(&identity.notices, note.as_deref(), &report))
        }
    };
    printer.print(&text)?;
    Ok(if report.is_consistent() {
        ExitStatus::Ok
    } else {
        ExitStatus::BadInput
    })
}

/// When the site is not the plan's and the plan was made with other `--set` edits than
/// these, what they were: the plan is of the site file with them (see
/// [`dcplan::plan::Fingerprints::site_edits`]).
fn edits_note(plan: &Plan, loaded: &LoadedSite, notices: &[Notice]) -> Option<String> {
    let made_with = &plan.fingerprints.site_edits;
    let given: Vec<String> = loaded.edits.iter().map(ToString::to_string).collect();
    if !notices.contains(&Notice::SiteChanged) || *made_with == given {
        return None;
    }
    Some(if made_with.is_empty() {
        "the plan was made from the site file without --set edits".to_owned()
    } else {
        let flags: Vec<String> = made_with.iter().map(|e| format!("--set '{e}'")).collect();
        format!(
            "the plan was made with {}: give the same to check it against the site it was made from",
            flags.join(" ")
        )
    })
}

/// The notices, one line each (and the note on `--set` edits), then the verdict (after the
/// violations, if any).
fn render(notices: &[Notice], edits_note: Option<&str>, report: &Report) -> String {
    let mut out = String::new();
    for n in notices {
        let _ = writeln!(out, "note: {n}");
    }
    if let Some(note) = edits_note {
        let _ = writeln!(out, "note: {note}");
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
