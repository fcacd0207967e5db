//! The `dcplan` command: parse arguments, run one command, map the outcome to an exit code.
#![forbid(unsafe_code)]

mod cli;
mod labels;
mod tui;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::parse();
    cli::stop_on_interrupt();
    match cli::run(args) {
        Ok(status) => status.into(),
        Err(err) => cli::report_error(&err).into(),
    }
}
