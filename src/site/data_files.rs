//! The data files a site names (its weather file, its PV profiles), read once and kept, so
//! that validation works on data already in memory and a site edited many times reads each
//! file only when an edit first names it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Site;
use crate::weather::{self, ProfileError, WeatherError, WeatherYear};

/// What reading a weather file gave.
pub(super) type WeatherRead = Result<Arc<WeatherYear>, Arc<WeatherError>>;

/// What reading a PV profile gave (8760 values, each 0–1).
pub(super) type ProfileRead = Result<Arc<Vec<f64>>, Arc<ProfileError>>;

/// Every data file read so far, by its path as resolved against the site file's folder.
/// Failures are kept too: a file that could not be read is reported, not read again.
#[derive(Debug, Clone, Default)]
pub(super) struct DataFiles {
    weather: BTreeMap<PathBuf, WeatherRead>,
    profiles: BTreeMap<PathBuf, ProfileRead>,
}

/// The data of the files one site names, for validation: its weather file if it names one,
/// and per `[[solar_pv]]` class its profile if it names one.
pub(super) struct SiteData<'a> {
    /// The site's `weather` file, read.
    pub weather: Option<&'a WeatherRead>,
    /// Per PV class, its `profile`, read.
    pub profiles: Vec<Option<&'a ProfileRead>>,
}

impl DataFiles {
    /// The data of the files `site` names, reading those not read before.
    pub(super) fn for_site(&mut self, site: &Site, base_dir: &Path) -> SiteData<'_> {
        if let Some(file) = &site.site.weather {
            let full = base_dir.join(file);
            self.weather
                .entry(full)
                .or_insert_with_key(|full| weather::read(full).map(Arc::new).map_err(Arc::new));
        }
        for file in site.solar_pv.iter().filter_map(|pv| pv.profile.as_ref()) {
            self.profiles
                .entry(base_dir.join(file))
                .or_insert_with_key(|full| {
                    weather::read_profile(full, 0.0, 1.0)
                        .map(Arc::new)
                        .map_err(Arc::new)
                });
        }
        SiteData {
            weather: site
                .site
                .weather
                .as_ref()
                .and_then(|file| self.weather.get(&base_dir.join(file))),
            profiles: site
                .solar_pv
                .iter()
                .map(|pv| {
                    pv.profile
                        .as_ref()
                        .and_then(|file| self.profiles.get(&base_dir.join(file)))
                })
                .collect(),
        }
    }
}
