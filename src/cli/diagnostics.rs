//! Site diagnostics rendered as miette reports (stderr) or as JSON records (stdout).

use std::fmt;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource};
use serde::Serialize;

use dcplan::site::diagnostic::line_col;
use dcplan::site::{Diagnostic, Severity, SourceFile};

/// A diagnostic with the source it points into, as miette wants it.
struct Located<'a> {
    diagnostic: &'a Diagnostic,
    source: NamedSource<String>,
}

impl fmt::Debug for Located<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl fmt::Display for Located<'_> {
    /// A located finding names its file in the snippet header; one about the whole document
    /// names it here.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.diagnostic.span.is_none() {
            write!(f, "{}: ", self.source.name())?;
        }
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Located<'_> {}

impl miette::Diagnostic for Located<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!("dcplan::{}", self.diagnostic.code)))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.diagnostic
            .span
            .as_ref()
            .map(|_| &self.source as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.diagnostic.span.clone()?;
        let label = LabeledSpan::new(self.diagnostic.label.clone(), span.start, span.len());
        Some(Box::new(std::iter::once(label)))
    }
}

/// Renders diagnostics as miette reports with source snippets (`file:line:col` headers).
pub(crate) fn render(source: &SourceFile, diagnostics: &[Diagnostic], color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    let name = source.path.display().to_string();
    let mut out = String::new();
    for d in diagnostics {
        let located = Located {
            diagnostic: d,
            source: NamedSource::new(&name, source.text.clone()),
        };
        // Rendering into a String cannot fail.
        let _ = handler.render_report(&mut out, &located);
        out.push('\n');
    }
    out
}

/// A diagnostic as a JSON record, with 1-based line and column.
#[derive(Debug, Serialize)]
pub(crate) struct Record<'a> {
    severity: Severity,
    code: &'a str,
    message: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    label: Option<&'a str>,
    help: Option<&'a str>,
}

/// The JSON records of a file's diagnostics.
pub(crate) fn records<'a>(source: &SourceFile, diagnostics: &'a [Diagnostic]) -> Vec<Record<'a>> {
    diagnostics
        .iter()
        .map(|d| {
            let at = d.span.as_ref().map(|s| line_col(&source.text, s.start));
            Record {
                severity: d.severity,
                code: d.code,
                message: &d.message,
                line: at.map(|(l, _)| l),
                column: at.map(|(_, c)| c),
                label: d.label.as_deref(),
                help: d.help.as_deref(),
            }
        })
        .collect()
}
