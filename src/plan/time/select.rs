//! Choosing the representative days: peak days, per-month allocation, clustering.

use crate::site::{GridContract, PpaShape, Site};
use crate::weather::{WeatherHour, WeatherYear};

use super::calendar::planning_days;
use super::cluster::{distance, k_medoids};
use super::tariff::energy_price_usd_per_mwh;
use super::{DAYS_PER_YEAR, DayKind, HOURS_PER_DAY, RepDay, Weekday};

/// Everything the choice of days depends on, gathered from a site and its weather year: the
/// planning calendar, the two peak days and the feature rows. Cheap next to the clustering
/// (well under a millisecond against 2.6 ms for the colo at `rep:4`), so a caller can build
/// it to learn whether days chosen before still hold ([`Inputs::key`]).
pub(super) struct Inputs {
    calendar: Vec<(u8, u8, Weekday)>,
    peak: usize,
    wet: usize,
    features: Vec<Vec<f64>>,
}

impl Inputs {
    /// The inputs of `site` with `weather`.
    pub(super) fn new(site: &Site, weather: &WeatherYear) -> Inputs {
        let hours = weather.hours();
        let calendar = planning_days(i64::from(site.site.start_year));
        Inputs {
            peak: hottest_day(hours, |h| h.dry_bulb_c),
            wet: hottest_day(hours, |h| h.wet_bulb_c),
            features: day_features(site, hours, &calendar),
            calendar,
        }
    }

    /// A digest of the inputs and `n`: equal digests choose the same days, as the choice is a
    /// deterministic function of them (64-bit `SipHash` with fixed keys, so equal across runs
    /// and machines; a chance collision is about 1 in 10^19).
    pub(super) fn key(&self, n: usize) -> u64 {
        use std::hash::{DefaultHasher, Hash, Hasher};
        let mut h = DefaultHasher::new();
        (n, self.peak, self.wet, &self.calendar).hash(&mut h);
        for row in &self.features {
            for x in row {
                x.to_bits().hash(&mut h);
            }
        }
        h.finish()
    }
}

/// The representative days for `n` days (2 ≤ n < 365 clusters; 1 is the peak day alone;
/// n ≥ 365 is every day), sorted by day of year.
pub(super) fn representative_days(inputs: &Inputs, n: usize) -> Vec<RepDay> {
    let Inputs {
        calendar,
        peak,
        wet,
        features,
    } = inputs;
    let (peak, wet) = (*peak, *wet);
    let make = |d: usize, kind: DayKind, members: Vec<usize>| {
        let (month, day_of_month, weekday) = calendar[d];
        RepDay {
            day_of_year: d as u16 + 1,
            month,
            day_of_month,
            weekday,
            weight: members.len() as u32,
            kind,
            represents: members.iter().map(|&m| m as u16 + 1).collect(),
        }
    };

    if n >= DAYS_PER_YEAR {
        return (0..DAYS_PER_YEAR)
            .map(|d| make(d, DayKind::Every, vec![d]))
            .collect();
    }
    if n <= 1 {
        return vec![make(
            peak,
            DayKind::PeakDryBulb,
            (0..DAYS_PER_YEAR).collect(),
        )];
    }

    // The peak days, kept with weight 1.
    let mut specials = vec![(peak, DayKind::PeakDryBulb)];
    if n >= 3 && wet != peak {
        // From rep:12 up every month must keep a representative; at exactly rep:12 with both
        // peak days in one month that leaves no room for the wet-bulb day.
        let months = if calendar[wet].0 == calendar[peak].0 {
            1
        } else {
            2
        };
        if n < 12 || n - 2 >= 12 - months {
            specials.push((wet, DayKind::PeakWetBulb));
        }
    }
    let is_special = |d: usize| specials.iter().any(|&(s, _)| s == d);
    let pool: Vec<usize> = (0..DAYS_PER_YEAR).filter(|&d| !is_special(d)).collect();
    let k = n - specials.len();

    let mut covered = [false; 12];
    for &(s, _) in &specials {
        covered[usize::from(calendar[s].0) - 1] = true;
    }
    let uncovered = covered.iter().filter(|&&c| !c).count();

    // (medoid, members) of the ordinary clusters.
    let mut clusters: Vec<(usize, Vec<usize>)> = Vec::new();
    if k >= uncovered {
        // One clustering per month, with the budget split across months by pool size.
        let mut by_month: [Vec<usize>; 12] = Default::default();
        for &d in &pool {
            by_month[usize::from(calendar[d].0) - 1].push(d);
        }
        let sizes = by_month.each_ref().map(Vec::len);
        let min = covered.map(|c| usize::from(!c));
        let alloc = allocate(k, sizes, min);
        let mut orphans = Vec::new();
        for (days, &a) in by_month.iter().zip(&alloc) {
            if a == 0 {
                orphans.extend_from_slice(days);
            } else {
                clusters.extend(cluster_days(days, a, features));
            }
        }
        // Days of a month left without a representative of its own (only a month holding a
        // peak day, when the budget is tight) join the nearest medoid in feature space.
        for d in orphans {
            let mut best = 0;
            for (i, (m, _)) in clusters.iter().enumerate() {
                let (b, _) = &clusters[best];
                if distance(&features[d], &features[*m]) < distance(&features[d], &features[*b]) {
                    best = i;
                }
            }
            if let Some((_, members)) = clusters.get_mut(best) {
                members.push(d);
            }
        }
    } else {
        clusters.extend(cluster_days(&pool, k, features));
    }

    let mut days: Vec<RepDay> = specials
        .iter()
        .map(|&(d, kind)| make(d, kind, vec![d]))
        .chain(clusters.into_iter().map(|(m, mut members)| {
            members.sort_unstable();
            make(m, DayKind::Medoid, members)
        }))
        .collect();
    days.sort_by_key(|d| d.day_of_year);
    days
}

/// The day (0-based) holding the year's highest hourly `value`; ties go to the day with the
/// higher daily mean of `value`, then to the earlier day.
fn hottest_day(hours: &[WeatherHour], value: impl Fn(&WeatherHour) -> f64) -> usize {
    let mut best = (0, f64::NEG_INFINITY, f64::NEG_INFINITY);
    for (d, day) in hours.chunks_exact(HOURS_PER_DAY).enumerate() {
        let max = day.iter().map(&value).fold(f64::NEG_INFINITY, f64::max);
        let mean = day.iter().map(&value).sum::<f64>() / HOURS_PER_DAY as f64;
        if max.total_cmp(&best.1).then(mean.total_cmp(&best.2)).is_gt() {
            best = (d, max, mean);
        }
    }
    best.0
}

/// Clusters `days` into `k` groups; returns (medoid, members) for each.
fn cluster_days(days: &[usize], k: usize, features: &[Vec<f64>]) -> Vec<(usize, Vec<usize>)> {
    if days.is_empty() {
        return Vec::new();
    }
    let points: Vec<&[f64]> = days.iter().map(|&d| features[d].as_slice()).collect();
    let c = k_medoids(&points, k);
    let mut out: Vec<(usize, Vec<usize>)> =
        c.medoids.iter().map(|&m| (days[m], Vec::new())).collect();
    for (i, &pos) in c.assignment.iter().enumerate() {
        out[pos].1.push(days[i]);
    }
    out
}

/// Splits `k` representatives over the twelve months: each month first gets `min[m]`, then one
/// at a time to the month furthest below its proportional share `k · sizes[m] / Σ sizes`
/// (ties to the earlier month), never more than `sizes[m]`.
fn allocate(k: usize, sizes: [usize; 12], min: [usize; 12]) -> [usize; 12] {
    let total: usize = sizes.iter().sum();
    let mut alloc = min;
    let mut given: usize = min.iter().sum();
    while given < k {
        let mut best: Option<(usize, f64)> = None;
        for m in 0..12 {
            if alloc[m] < sizes[m] {
                let deficit = (k * sizes[m]) as f64 / total as f64 - alloc[m] as f64;
                if best.is_none_or(|(_, b)| deficit > b) {
                    best = Some((m, deficit));
                }
            }
        }
        let Some((m, _)) = best else { break };
        alloc[m] += 1;
        given += 1;
    }
    alloc
}

/// Extra weight on each series' daily mean, on top of its share in the 24-hour profile: a
/// representative should first match its days' level (energy), then their shape. Chosen on
/// the bundled weather files (3 halves rep:12's error in annual GHI against 0).
const LEVEL_WEIGHT: f64 = 3.0;

/// One feature row per day: the z-scored 24-hour profiles of dry-bulb, wet-bulb and GHI, the
/// first contract's energy price on that date, and the first contract's monthly PPA capacity
/// factor (a `monthly` PPA only), then each profile's daily mean scaled so that it weighs
/// [`LEVEL_WEIGHT`] times the profile's own mean. A series constant over the whole year (a
/// flat tariff, or a design-day year) contributes nothing.
fn day_features(
    site: &Site,
    hours: &[WeatherHour],
    calendar: &[(u8, u8, Weekday)],
) -> Vec<Vec<f64>> {
    let mut blocks: Vec<Vec<f64>> = vec![
        hours.iter().map(|h| h.dry_bulb_c).collect(),
        hours.iter().map(|h| h.wet_bulb_c).collect(),
        hours.iter().map(|h| h.ghi_w_per_m2).collect(),
    ];
    if let Some(contract) = site.grid.contract.first() {
        blocks.push(hourly_price(contract, calendar));
        if let Some(cf) = monthly_ppa(contract) {
            blocks.push(
                calendar
                    .iter()
                    .flat_map(|&(m, _, _)| [cf[usize::from(m) - 1]; HOURS_PER_DAY])
                    .collect(),
            );
        }
    }
    for block in &mut blocks {
        z_score(block);
    }
    let level = (HOURS_PER_DAY as f64 * LEVEL_WEIGHT).sqrt();
    (0..DAYS_PER_YEAR)
        .map(|d| {
            let hours = d * HOURS_PER_DAY..(d + 1) * HOURS_PER_DAY;
            let mut row: Vec<f64> = blocks
                .iter()
                .flat_map(|b| b[hours.clone()].iter().copied())
                .collect();
            row.extend(
                blocks
                    .iter()
                    .map(|b| level * b[hours.clone()].iter().sum::<f64>() / HOURS_PER_DAY as f64),
            );
            row
        })
        .collect()
}

/// The contract's energy price for every hour of the planning calendar.
fn hourly_price(contract: &GridContract, calendar: &[(u8, u8, Weekday)]) -> Vec<f64> {
    calendar
        .iter()
        .flat_map(|&(month, _, weekday)| {
            (0..HOURS_PER_DAY).map(move |h| energy_price_usd_per_mwh(contract, month, weekday, h))
        })
        .collect()
}

/// The twelve capacity factors of a `monthly` PPA, if the contract has one.
fn monthly_ppa(contract: &GridContract) -> Option<[f64; 12]> {
    let ppa = contract.ppa.as_ref()?;
    if ppa.shape != PpaShape::Monthly {
        return None;
    }
    ppa.monthly_capacity_factor.as_deref()?.try_into().ok()
}

/// Standardises `values` to zero mean and unit variance; a (near-)constant series becomes 0.
fn z_score(values: &mut [f64]) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let var = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
    let sd = var.sqrt();
    let scale = if sd > 1e-9 * (1.0 + mean.abs()) {
        1.0 / sd
    } else {
        0.0
    };
    for v in values {
        *v = (*v - mean) * scale;
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::float_cmp)] // z-scores of exact inputs

    use super::*;

    #[test]
    fn allocation_is_proportional_with_minimums() {
        let sizes = [31, 28, 31, 30, 31, 30, 30, 31, 30, 31, 30, 31];
        // Twelve for twelve: one each.
        assert_eq!(allocate(12, sizes, [1; 12]), [1; 12]);
        // 22 with July's minimum 0 (it holds the peak day): July gets its share first, then
        // the largest remaining deficits (31-day months, January first).
        let mut min = [1; 12];
        min[6] = 0;
        let a = allocate(22, sizes, min);
        assert_eq!(a.iter().sum::<usize>(), 22);
        assert!(a.iter().all(|&x| (1..=2).contains(&x)), "{a:?}");
        // Capped at the pool size.
        let a = allocate(363, sizes, [0; 12]);
        assert_eq!(a.iter().sum::<usize>(), 363);
        assert!(a.iter().zip(&sizes).all(|(a, s)| a <= s), "{a:?}");
    }

    #[test]
    fn z_score_of_constant_is_zero() {
        let mut v = vec![3.0; 10];
        z_score(&mut v);
        assert!(v.iter().all(|&x| x == 0.0));
        let mut v = vec![1.0, 3.0];
        z_score(&mut v);
        assert_eq!(v, vec![-1.0, 1.0]);
    }
}
