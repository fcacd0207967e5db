//! `dcplan schema`: the JSON Schema of site files, the Markdown reference, or the JSON Schema
//! of the plan document.

use dcplan::site::schema;

use crate::cli::printer::Printer;
use crate::cli::table::json;
use crate::cli::{ExitStatus, SchemaArgs};

pub(crate) fn run(args: &SchemaArgs, printer: &Printer) -> miette::Result<ExitStatus> {
    if args.markdown {
        printer.print(&schema::markdown())?;
    } else if args.plan {
        printer.print(&json(&dcplan::plan::document::json_schema())?)?;
    } else {
        printer.print(&json(&schema::json_schema())?)?;
    }
    Ok(ExitStatus::Ok)
}
