//! The fingerprint of a loaded site: what a plan made from it depends on.

use serde::Serialize;

use super::{LoadedSite, Site};
use crate::weather::{Station, WeatherHour};

/// What is hashed: the parsed model, not the file's bytes, so reformatting the file or
/// editing its comments changes nothing, while any value the planner reads (defaults filled
/// in, catalog racks merged) does; and the data of the files it names — the weather year's
/// station and hours, each PV profile — but not their paths, so a site whose weather file
/// moved (and whose path was rewritten to match) is the same site.
#[derive(Serialize)]
struct Inputs<'a> {
    site: Site,
    station: &'a Station,
    weather: &'a [WeatherHour],
    pv_profiles: &'a [Option<Vec<f64>>],
}

/// `site` with the paths of the files it names emptied (that a file is named stays).
fn without_paths(site: &Site) -> Site {
    let mut site = site.clone();
    let blank = |path: &mut Option<String>| {
        if let Some(p) = path {
            p.clear();
        }
    };
    blank(&mut site.site.weather);
    for pv in &mut site.solar_pv {
        blank(&mut pv.profile);
    }
    site
}

impl LoadedSite {
    /// SHA-256 (lowercase hex) of the site model in canonical JSON together with its weather
    /// and PV profile data ([`crate::fingerprint`]; the file paths left out): equal for two
    /// loads of the same site, different when anything a plan depends on changed.
    pub fn fingerprint(&self) -> Result<String, serde_json::Error> {
        crate::fingerprint::sha256_json(&Inputs {
            site: without_paths(&self.site),
            station: self.weather.station(),
            weather: self.weather.hours(),
            pv_profiles: &self.pv_profiles,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::site::{load, load_str};

    const COLO: &str = "sites/colo-retrofit.toml";

    fn fingerprint_of(text: String) -> String {
        load_str(text, Path::new(COLO), Path::new("sites"))
            .unwrap()
            .fingerprint()
            .unwrap()
    }

    #[test]
    fn ignores_formatting_and_comments_but_not_values() {
        let text = std::fs::read_to_string(COLO).unwrap();
        let original = load(Path::new(COLO)).unwrap().fingerprint().unwrap();
        assert_eq!(original.len(), 64);
        assert_eq!(fingerprint_of(text.clone()), original);
        let reformatted = format!("# a comment\n\n{}", text.replace(" = ", "   =   "));
        assert_eq!(fingerprint_of(reformatted), original);
        let moved = text.replace("weather = \"weather/", "weather = \"./weather/");
        assert_eq!(fingerprint_of(moved), original);
        let repriced = text.replacen("capex_usd = ", "capex_usd = 1", 1);
        assert_ne!(fingerprint_of(repriced), original);
    }
}
