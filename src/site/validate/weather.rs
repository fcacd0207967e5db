//! The weather rule: exactly one weather source, and a file that exists and reads cleanly.

use std::path::Path as FsPath;

use super::Checker;
use super::ranges::{Numbers, Rule};
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
                Diagnostic::error("weather", "site has no weather: give `weather` or `design_day`")
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
                        Diagnostic::error("weather", format!("weather file \"{file}\": {e}"))
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
        (None, Some(spec)) => {
            let before = c.diags.len();
            Numbers::new(c, path.key("design_day"), "design_day".to_owned())
                .num("peak_dry_bulb_c", spec.peak_dry_bulb_c, Rule::Between(-50.0, 60.0))
                .num("daily_range_k", spec.daily_range_k, Rule::Between(0.0, 30.0))
                .num("coincident_wet_bulb_c", spec.coincident_wet_bulb_c, Rule::Between(-50.0, 40.0));
            if spec.coincident_wet_bulb_c > spec.peak_dry_bulb_c {
                c.report(
                    &path.key("design_day").key("coincident_wet_bulb_c"),
                    Diagnostic::error("physics", "the wet-bulb cannot exceed the dry-bulb")
                        .label("above peak_dry_bulb_c"),
                );
            }
            (c.diags.len() == before).then(|| weather::design_day(spec))
        }
    }
}
