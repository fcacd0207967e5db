//! The memory a plan will take, from two small formulations of the same site, before the
//! real one is built.

use super::{PlanError, PlanOptions, Resolution, formulate};
use crate::memory::Estimate;
use crate::site::LoadedSite;

/// Bytes per nonzero of the constraint matrix over a whole run (model, the interior point's
/// KKT system and its factor, the plan): measured 255 B on `colo-retrofit` at full
/// resolution (970,000 nonzeros, 247 MB resident) and 410 B on `ai-campus` at `rep:12`
/// (200,000 nonzeros, 82 MB including the program); 400 B is the high side.
const BYTES_PER_NONZERO: u64 = 400;

/// What any plan run holds besides its model: the site, weather, the design-day simulation.
const BASE_BYTES: u64 = 32 << 20;

/// The memory planning `site` at `options` will hold, and the nonzeros it is based on.
///
/// The model grows linearly with the modelled days (the build rows are fixed, every day adds
/// its hours' dispatch), so two formulations of one and two representative days give the
/// line, read off at the days `options` model. Both are small (a few milliseconds on the
/// samples), whatever the resolution asked for.
pub fn memory_estimate(
    site: &LoadedSite,
    options: &PlanOptions,
) -> Result<(Estimate, u64), PlanError> {
    let at = |days: usize| -> Result<(u64, u64), PlanError> {
        let small = PlanOptions {
            resolution: Resolution::Representative { days },
            ..options.clone()
        };
        let f = formulate(site, &small, &crate::control::Control::new())?;
        Ok((f.days.len() as u64, f.model.stats().nonzeros as u64))
    };
    let (d1, n1) = at(1)?;
    let (d2, n2) = at(2)?;
    let per_day = if d2 > d1 {
        n2.saturating_sub(n1) / (d2 - d1)
    } else {
        0
    };
    let days = match options.resolution {
        Resolution::Full => 365,
        Resolution::Representative { days } => (days as u64).max(d1),
    };
    let nonzeros = n1.saturating_add(per_day.saturating_mul(days.saturating_sub(d1)));
    let bytes = BASE_BYTES.saturating_add(nonzeros.saturating_mul(BYTES_PER_NONZERO));
    Ok((Estimate { bytes }, nonzeros))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_through_two_small_models_predicts_the_large_one() {
        let site = crate::site::load(std::path::Path::new("sites/colo-retrofit.toml")).unwrap();
        let options = PlanOptions {
            resolution: Resolution::Representative { days: 12 },
            ..PlanOptions::default()
        };
        let (_, predicted) = memory_estimate(&site, &options).unwrap();
        let actual = formulate(&site, &options, &crate::control::Control::new())
            .unwrap()
            .model
            .stats()
            .nonzeros as u64;
        // Within 5 % of the model actually built.
        let error = predicted.abs_diff(actual) as f64 / actual as f64;
        assert!(error < 0.05, "predicted {predicted}, built {actual}");
    }
}
