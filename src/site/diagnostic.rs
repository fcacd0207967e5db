//! Problems found in a site file: what is wrong, where, and what would be right.
//!
//! The library only collects [`Diagnostic`]s with byte spans; the command line turns them into
//! miette reports with source snippets, or into JSON for scripts.

use std::ops::Range;

use serde::Serialize;

/// How bad a finding is: errors stop the site from loading, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The site cannot be used as written.
    Error,
    /// The site loads, but something looks like a mistake.
    Warning,
}

/// One finding, located by byte span in the site file's text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable kebab-case code naming the rule (`unknown-field`, `range`, `cross-reference` …),
    /// so scripts and tests can match findings without parsing prose.
    pub code: &'static str,
    /// What is wrong, in a lowercase sentence without trailing period.
    pub message: String,
    /// Where in the file (byte offsets); `None` when no single place is to blame.
    #[serde(skip)]
    pub span: Option<Range<usize>>,
    /// A short label shown under the span, usually what was expected.
    pub label: Option<String>,
    /// What would make it right.
    pub help: Option<String>,
    /// Which edit of the site the finding is in, when it is in an edit rather than the file:
    /// an index into the `edits` of the [`super::LoadedSite`] or [`super::InvalidSite`]. Its
    /// `span` is then in that edit's text, `PATH=VALUE` (see [`super::edit::Edit`]).
    #[serde(skip)]
    pub edit: Option<usize>,
}

impl Diagnostic {
    /// An error with a code and message, not yet located.
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            span: None,
            label: None,
            help: None,
            edit: None,
        }
    }

    /// A warning with a code and message, not yet located.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// Locates the finding at a byte span.
    #[must_use]
    pub fn at(mut self, span: Range<usize>) -> Self {
        self.span = Some(span);
        self
    }

    /// Locates the finding at a span, if there is one.
    #[must_use]
    pub fn at_opt(mut self, span: Option<Range<usize>>) -> Self {
        self.span = span;
        self
    }

    /// Adds a label (shown under the span).
    #[must_use]
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds a hint on what would be right.
    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// An ordered collection of findings.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// Adds a finding.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }

    /// Drops the findings located at one of `spans`: the loader's stand-ins for missing
    /// tables, about which a finding would describe the stand-in rather than the file.
    pub fn drop_at(&mut self, spans: &[std::ops::Range<usize>]) {
        if !spans.is_empty() {
            self.0
                .retain(|d| d.span.as_ref().is_none_or(|s| !spans.contains(s)));
        }
    }

    /// Number of findings.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no findings.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The findings, in file order (by span start; unlocated ones last).
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.0
            .sort_by_key(|d| (d.span.as_ref().map_or(usize::MAX, |s| s.start), d.severity));
        self.0.dedup();
        self.0
    }
}

impl Extend<Diagnostic> for Diagnostics {
    fn extend<T: IntoIterator<Item = Diagnostic>>(&mut self, iter: T) {
        self.0.extend(iter);
    }
}

/// Where each line of a text starts, so that locating a finding costs a binary search
/// instead of a scan from the top of the file (a file with 100,000 findings would otherwise
/// be read 100,000 times).
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset of the first character of each line; the first is 0.
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts }
    }

    /// 0-based line of a byte offset.
    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// Byte range of 0-based line `line` in `text`, without its line break.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.starts[line];
        let end = self
            .starts
            .get(line + 1)
            .map_or(text.len(), |&next| next - 1);
        let end = if text[start..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        start..end
    }

    /// 0-based line of a byte offset and the byte range of that line.
    pub fn line_at(&self, text: &str, offset: usize) -> (usize, std::ops::Range<usize>) {
        let line = self.line_of(char_boundary(text, offset));
        (line, self.line_range(text, line))
    }

    /// Number of lines.
    pub fn lines(&self) -> usize {
        self.starts.len()
    }

    /// 1-based line and column (in characters) of a byte offset in `text`, the text this
    /// index was built from.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = char_boundary(text, offset);
        let line = self.line_of(offset);
        let col = text[self.starts[line]..offset].chars().count() + 1;
        (line + 1, col)
    }
}

/// The nearest character boundary at or before `offset`, within `text`.
pub fn char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one() {
        let text = "ab\ncdé\nf";
        let index = LineIndex::new(text);
        let line_col = |offset| index.line_col(text, offset);
        assert_eq!(line_col(0), (1, 1));
        assert_eq!(line_col(2), (1, 3), "the line break ends line 1");
        assert_eq!(line_col(3), (2, 1));
        assert_eq!(line_col(8), (3, 1));
        assert_eq!(line_col(6), (2, 3), "inside é counts as é");
        assert_eq!(line_col(99), (3, 2));
        assert_eq!(index.lines(), 3);
        assert_eq!(index.line_range(text, 1), 3..7);
        assert_eq!(index.line_at("a\r\nb", 1), (0, 0..1), "CR LF ends a line");
    }
}
