//! The weather rule: exactly one weather source, and a file that exists and reads cleanly.

use std::path::Path as FsPath;

use super::Checker;
use crate::site::Site;
use crate::site::diagnostic::Diagnostic;
use crate::site::tree::Path;
use crate::weather::{self, WeatherYear};

pub(super) fn load(c: &mut Checker, site: &Site, base_dir: &FsPath) -> Option<WeatherYear> {
    let path = Path::root().key("site");
    match (&site.site.weather, &site.site.design_day) {
        (Some(_), Some(_)) => {
            c.report_key(
                &path.key("design_day"),
                Diagnostic::error("weather", "site gives both `weather` and `design_day`")
                    .label("choose one")
                    .help("a real weather file for planning; a design day only for sketches and tests"),
            );
            None
        }
        (None, None) => {
            c.report(
                &path,
                Diagnostic::error(
                    "weather",
                    "site has no weather: give `weather` or `design_day`",
                )
                .help("e.g. weather = \"weather/greensboro-nc-723170-tmy3.csv\" (EPW or TMY3 CSV)"),
            );
            None
        }
        (Some(file), None) => {
            let full = base_dir.join(file);
            match weather::read(&full) {
                Ok(w) => Some(w),
                Err(e) => {
                    c.report(
                        &path.key("weather"),
                        // The reader's message names the file (as resolved) and the line.
                        Diagnostic::error("weather", e.to_string())
                            .label("cannot use this weather file")
                            .help(format!(
                                "the path is relative to the site file's folder ({}); EPW and TMY3 CSV files are read",
                                base_dir.display()
                            )),
                    );
                    None
                }
            }
        }
        (None, Some(spec)) => match weather::design_day(spec) {
            Ok(year) => Some(year),
            Err(e) => {
                c.report(
                    &path.key("design_day"),
                    Diagnostic::error("weather", format!("design_day: {e}"))
                        .label("not a possible design day"),
                );
                None
            }
        },
    }
}
