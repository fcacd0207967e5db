//! Site diagnostics rendered as miette reports (stderr) or as JSON records (stdout).
//!
//! A report stays readable and fast whatever the file holds: the first [`SHOWN`] findings are
//! rendered (`--all` renders every one), each snippet shows at most [`SNIPPET_CHARS`]
//! characters of a line, and control characters are escaped, so a file cannot drive the
//! terminal. Lines are located through one [`LineIndex`] per file, never by rescanning it.

use std::fmt::{self, Write as _};
use std::ops::Range;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use serde::Serialize;

use dcplan::site::diagnostic::{LineIndex, char_boundary};
use dcplan::site::{Diagnostic, Edit, Severity, SourceFile};
use dcplan::text::{is_unsafe_char, printable};

use crate::cli::printer::Printer;

/// How many findings a report renders unless `--all` is given.
pub(crate) const SHOWN: usize = 50;

/// The most characters of one source line a snippet shows; a longer line is shown as a
/// window of [`WINDOW_CHARS`] around the finding.
pub(crate) const SNIPPET_CHARS: usize = 200;

/// How much of a long line a snippet shows: what fits the 100-column report.
const WINDOW_CHARS: usize = 80;

/// A snippet spanning more lines than this shows only the line where its finding starts.
const SNIPPET_LINES: usize = 12;

/// The name a report gives an edit's text, as if it were a file: the flag it came from.
pub(crate) const SET: &str = "--set";

/// A finding's message about the `--set` argument `arg`, naming it first.
pub(crate) fn in_set(arg: &str, message: &str) -> String {
    format!("{SET} {arg}: {message}")
}

/// Prints a file's findings to stderr (only errors under `--quiet`), the first [`SHOWN`]
/// of them unless `--all`, then how many more there are. A finding in one of `edits` (the
/// `--set` edits) shows that edit instead of the file.
pub(crate) fn report(
    source: &SourceFile,
    edits: &[Edit],
    diagnostics: &[Diagnostic],
    printer: &Printer,
) {
    let shown: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| !printer.quiet() || d.severity == Severity::Error)
        .collect();
    let limit = if printer.all() { usize::MAX } else { SHOWN };
    let mut out = render(
        source,
        edits,
        shown.iter().take(limit).copied(),
        printer.color(),
    );
    if shown.len() > limit {
        let more = (shown.len() - limit) as u64;
        let _ = writeln!(
            out,
            "… and {} more {} (`--all` lists every one)\n",
            dcplan::text::thousands(more),
            dcplan::text::noun(more, "finding", "findings")
        );
    }
    printer.eprint_report(&out);
}

/// A diagnostic with the piece of source it points into, as miette wants it.
struct Located<'a> {
    diagnostic: &'a Diagnostic,
    /// The file's name, for a finding about the whole document.
    name: &'a str,
    snippet: Option<Snippet<'a>>,
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
        if self.snippet.is_none() {
            write!(f, "{}: ", printable(self.name))?;
        }
        f.write_str(&printable(&self.diagnostic.message))
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
            .as_deref()
            .map(|h| Box::new(printable(h)) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.snippet.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let snippet = self.snippet.as_ref()?;
        let label = self
            .diagnostic
            .label
            .as_deref()
            .map(|l| printable(l).into_owned());
        let at = &snippet.label;
        Some(Box::new(std::iter::once(LabeledSpan::new(
            label,
            at.start,
            at.len(),
        ))))
    }
}

/// The lines of source a finding shows: a window of the file, made safe to print.
struct Snippet<'a> {
    name: &'a str,
    source: &'a str,
    lines: &'a LineIndex,
    /// The window, in byte offsets of the file.
    window: Range<usize>,
    /// The window's text with each unsafe character replaced by a printable one of the same
    /// UTF-8 length, so byte offsets still line up.
    shown: String,
    /// The finding's span, clipped to the window.
    label: Range<usize>,
}

impl<'a> Snippet<'a> {
    /// The snippet of `span`: its lines and one either side, or, where those are long or
    /// many, [`WINDOW_CHARS`] characters of the line where the span starts.
    fn new(name: &'a str, source: &'a str, lines: &'a LineIndex, span: &Range<usize>) -> Self {
        let start = char_boundary(source, span.start);
        let end = char_boundary(source, span.end.max(start));
        let (first, first_range) = lines.line_at(source, start);
        let (last, _) = lines.line_at(source, end.saturating_sub(1).max(start));
        let context = first.saturating_sub(1)..=(last + 1).min(lines.lines() - 1);
        let short = |l: usize| {
            let r = lines.line_range(source, l);
            r.len() <= SNIPPET_CHARS || source[r].chars().count() <= SNIPPET_CHARS
        };
        let (window, label) = if last - first < SNIPPET_LINES && context.clone().all(short) {
            let window = lines.line_range(source, *context.start()).start
                ..lines.line_range(source, *context.end()).end;
            (window, start..end)
        } else {
            // Centre the span's start in a window of the first line, a third from the left.
            let line = &source[first_range.clone()];
            // A span may start on the line's break (a CR LF's LF), past the line's text.
            let at = start.min(first_range.end) - first_range.start;
            let back = line[..at]
                .char_indices()
                .rev()
                .nth(WINDOW_CHARS / 3 - 1)
                .map_or(0, |(i, _)| i);
            let forward = line[back..]
                .char_indices()
                .nth(WINDOW_CHARS)
                .map_or(line.len(), |(i, _)| back + i);
            let window = first_range.start + back..first_range.start + forward;
            let label = start.min(window.end)..end.min(window.end);
            (window, label)
        };
        let shown = safe_for_terminal(&source[window.clone()]);
        Snippet {
            name,
            source,
            lines,
            window,
            shown,
            label,
        }
    }
}

impl SourceCode for Snippet<'_> {
    /// Every request is answered from the window: with context lines, the whole window; for
    /// the header's line and column (no context), just the clipped span.
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let range = if before == 0 && after == 0 {
            let start = span.offset().clamp(self.window.start, self.window.end);
            start..(start + span.len()).min(self.window.end)
        } else {
            self.window.clone()
        };
        let data =
            &self.shown.as_bytes()[range.start - self.window.start..range.end - self.window.start];
        let (line, column) = self.lines.line_col(self.source, range.start);
        let line_count = self.lines.line_col(self.source, range.end).0 - line;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_owned(),
            data,
            range.into(),
            line - 1,
            column - 1,
            line_count,
        )))
    }
}

/// `text` with each unsafe character replaced by a visible one of the same UTF-8 length.
fn safe_for_terminal(text: &str) -> String {
    text.chars()
        .map(|c| {
            if is_unsafe_char(c) {
                match c.len_utf8() {
                    1 => '?',
                    2 => '¿',
                    _ => '\u{fffd}',
                }
            } else {
                c
            }
        })
        .collect()
}

/// Renders diagnostics as miette reports with source snippets (`file:line:col` headers); a
/// finding in one of `edits` is shown in that edit's text (`--set:1:col`), its message
/// naming the edit.
pub(crate) fn render<'a>(
    source: &SourceFile,
    edits: &[Edit],
    diagnostics: impl IntoIterator<Item = &'a Diagnostic>,
    color: bool,
) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    let name = source.path.display().to_string();
    let lines = LineIndex::new(&source.text);
    let edit_texts: Vec<String> = edits.iter().map(ToString::to_string).collect();
    let edit_lines: Vec<LineIndex> = edit_texts.iter().map(|t| LineIndex::new(t)).collect();
    let mut out = String::new();
    for d in diagnostics {
        let in_edit = d.edit.filter(|&k| k < edits.len());
        let named;
        let (d, name, text, lines) = match in_edit {
            Some(k) => {
                named = Diagnostic {
                    message: in_set(&edit_texts[k], &d.message),
                    ..d.clone()
                };
                (&named, SET, &edit_texts[k], &edit_lines[k])
            }
            None => (d, name.as_str(), &source.text, &lines),
        };
        let located = Located {
            diagnostic: d,
            name,
            snippet: d
                .span
                .as_ref()
                .map(|span| Snippet::new(name, text, lines, span)),
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

/// The JSON records of a file's diagnostics (all of them: scripts get every finding).
pub(crate) fn records<'a>(source: &SourceFile, diagnostics: &'a [Diagnostic]) -> Vec<Record<'a>> {
    let lines = LineIndex::new(&source.text);
    diagnostics
        .iter()
        .map(|d| {
            let at = d
                .span
                .as_ref()
                .map(|s| lines.line_col(&source.text, s.start));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn snippet_of(text: &str, span: Range<usize>) -> String {
        let lines = LineIndex::new(text);
        let s = Snippet::new("f.toml", text, &lines, &span);
        s.shown
    }

    #[test]
    fn a_short_context_is_shown_whole() {
        let text = "a = 1\nb = 2\nc = 3\nd = 4\n";
        assert_eq!(snippet_of(text, 10..11), "a = 1\nb = 2\nc = 3");
    }

    #[test]
    fn a_long_line_is_windowed_around_the_span() {
        let text = format!("{}X{}", "a".repeat(500), "b".repeat(500));
        let shown = snippet_of(&text, 500..501);
        assert_eq!(shown.chars().count(), WINDOW_CHARS);
        assert_eq!(shown.find('X'), Some(WINDOW_CHARS / 3));
    }

    #[test]
    fn a_span_on_a_crlf_break_of_a_long_line_is_shown() {
        let text = format!("{}\r\nnext\r\n", "x".repeat(300));
        let shown = snippet_of(&text, 301..302);
        assert!(shown.ends_with('x'), "{shown:?}");
    }

    #[test]
    fn unsafe_characters_are_replaced_byte_for_byte() {
        let text = "name = \"a\u{1b}b\u{85}c\u{202e}d\"";
        let shown = snippet_of(text, 0..text.len());
        assert_eq!(shown.len(), text.len());
        assert_eq!(shown, "name = \"a?b¿c\u{fffd}d\"");
    }
}
