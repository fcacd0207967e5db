//! The weather rule: exactly one weather source, and a file that exists and reads cleanly;
//! likewise every PV output profile a site names. The files were read before validation
//! (see [`crate::site::data_files`]); these checks report what reading them gave.

use std::path::Path as FsPath;

use super::Checker;
use crate::site::Site;
use crate::site::data_files::SiteData;
use crate::site::diagnostic::Diagnostic;
use crate::site::tree::Path;
use crate::weather::{self, WeatherYear};

/// The site's weather year, from its file (already read) or synthesised from its design day;
/// `None` with a finding when it has none, both, or one that cannot be used.
pub(super) fn load(
    c: &mut Checker,
    site: &Site,
    data: &SiteData,
    base_dir: &FsPath,
) -> Option<WeatherYear> {
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
        (Some(_), None) => {
            match data.weather? {
                Ok(w) => Some(WeatherYear::clone(w)),
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

/// Each PV class's `profile` (already read); `None` if any cannot be used (each one reported
/// at its `profile` value).
pub(super) fn load_pv_profiles(
    c: &mut Checker,
    data: &SiteData,
    base_dir: &FsPath,
) -> Option<Vec<Option<Vec<f64>>>> {
    let mut ok = true;
    let profiles = data
        .profiles
        .iter()
        .enumerate()
        .map(|(i, read)| {
            match (*read)? {
                Ok(values) => Some(Vec::clone(values)),
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
