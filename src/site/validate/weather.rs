//! The weather rule: exactly one weather source, and a file that exists and reads cleanly;
//! likewise every PV output profile a site names.

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

/// Reads each PV class's `profile`; `None` if any cannot be used (each one reported at its
/// `profile` value).
pub(super) fn load_pv_profiles(
    c: &mut Checker,
    site: &Site,
    base_dir: &FsPath,
) -> Option<Vec<Option<Vec<f64>>>> {
    let mut ok = true;
    let profiles = site
        .solar_pv
        .iter()
        .enumerate()
        .map(|(i, pv)| {
            let file = pv.profile.as_ref()?;
            match weather::read_profile(&base_dir.join(file), 0.0, 1.0) {
                Ok(values) => Some(values),
                Err(e) => {
                    ok = false;
                    c.report(
                        &Path::root().key("solar_pv").index(i).key("profile"),
                        Diagnostic::error("weather", e.to_string())
                            .label("cannot use this profile")
                            .help(format!(
                                "one AC output per MW AC (0–1) per line for the 8760 hours of the year; the path is relative to the site file's folder ({})",
                                base_dir.display()
                            )),
                    );
                    None
                }
            }
        })
        .collect();
    ok.then_some(profiles)
}
