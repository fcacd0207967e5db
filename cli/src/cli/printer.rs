//! Where output goes: results to stdout, diagnostics and notes to stderr.

use std::io::{IsTerminal, Write};

use miette::IntoDiagnostic;

use super::ColorChoice;

/// Writes results and diagnostics, honouring `--color` and `--quiet`.
pub(crate) struct Printer {
    color: bool,
    quiet: bool,
    all: bool,
}

impl Printer {
    pub(crate) fn new(color: ColorChoice, quiet: bool, all: bool) -> Self {
        let color = match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        };
        Printer { color, quiet, all }
    }

    /// Whether diagnostics on stderr are coloured.
    pub(crate) fn color(&self) -> bool {
        self.color
    }

    /// Whether warnings and notes are suppressed.
    pub(crate) fn quiet(&self) -> bool {
        self.quiet
    }

    /// Whether reports list every finding rather than the first few (`--all`).
    pub(crate) fn all(&self) -> bool {
        self.all
    }

    /// Writes results to stdout. A reader that stopped reading (`dcplan … | head`) is not an
    /// error: like ripgrep, dcplan then stops quietly with exit 0.
    #[expect(
        clippy::unused_self,
        reason = "all terminal output goes through the printer"
    )]
    pub(crate) fn write_stdout(&self, bytes: &[u8]) -> miette::Result<()> {
        let mut out = std::io::stdout().lock();
        match out.write_all(bytes).and_then(|()| out.flush()) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => other.into_diagnostic(),
        }
    }

    /// Writes a text result to stdout.
    pub(crate) fn print(&self, text: &str) -> miette::Result<()> {
        self.write_stdout(text.as_bytes())
    }

    /// Writes a message or note to stderr, with control characters escaped: messages quote
    /// names and values from input files, which must not drive the terminal.
    pub(crate) fn eprint(&self, text: &str) {
        self.eprint_report(&dcplan::text::printable(text));
    }

    /// Writes a rendered report to stderr as it is: its colours are dcplan's own, and the
    /// renderer has escaped what came from the file.
    #[expect(
        clippy::unused_self,
        reason = "all terminal output goes through the printer"
    )]
    pub(crate) fn eprint_report(&self, text: &str) {
        // If stderr is gone there is nowhere left to report anything.
        let _ = std::io::stderr().lock().write_all(text.as_bytes());
    }

    /// Writes a note to stderr unless `--quiet`.
    pub(crate) fn note(&self, text: &str) {
        if !self.quiet {
            self.eprint(text);
        }
    }
}
