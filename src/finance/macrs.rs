//! Depreciation schedules: straight-line over the asset's life, or the MACRS percentages of
//! IRS Publication 946, Appendix A — Table A-1 (GDS 3-, 5-, 7-, 10-, 15- and 20-year
//! property, half-year convention) and Table A-7a (39-year nonresidential real property,
//! mid-month convention, placed in service in the first month). The published tables are
//! used as printed, not re-derived.

use crate::site::Depreciation;

/// Table A-1, 3-year property (percent of basis by recovery year).
const MACRS_3: [f64; 4] = [33.33, 44.45, 14.81, 7.41];
/// Table A-1, 5-year property.
const MACRS_5: [f64; 6] = [20.00, 32.00, 19.20, 11.52, 11.52, 5.76];
/// Table A-1, 7-year property.
const MACRS_7: [f64; 8] = [14.29, 24.49, 17.49, 12.49, 8.93, 8.92, 8.93, 4.46];
/// Table A-1, 10-year property.
const MACRS_10: [f64; 11] = [
    10.00, 18.00, 14.40, 11.52, 9.22, 7.37, 6.55, 6.55, 6.56, 6.55, 3.28,
];
/// Table A-1, 15-year property.
const MACRS_15: [f64; 16] = [
    5.00, 9.50, 8.55, 7.70, 6.93, 6.23, 5.90, 5.90, 5.91, 5.90, 5.91, 5.90, 5.91, 5.90, 5.91, 2.95,
];
/// Table A-1, 20-year property.
const MACRS_20: [f64; 21] = [
    3.750, 7.219, 6.677, 6.177, 5.713, 5.285, 4.888, 4.522, 4.462, 4.461, 4.462, 4.461, 4.462,
    4.461, 4.462, 4.461, 4.462, 4.461, 4.462, 4.461, 2.231,
];
/// Table A-7a, 39-year property placed in service in month 1: year 1, years 2–39, year 40.
const MACRS_39: (f64, f64, f64) = (2.461, 2.564, 0.107);

/// The methods with a published table, shortest recovery period first.
pub const TABLED: [Depreciation; 7] = [
    Depreciation::Macrs3,
    Depreciation::Macrs5,
    Depreciation::Macrs7,
    Depreciation::Macrs10,
    Depreciation::Macrs15,
    Depreciation::Macrs20,
    Depreciation::Macrs39,
];

/// The share of its basis an asset depreciates in each year from its in-service year
/// (fractions summing to 1); `life_years` sets the straight-line schedule.
pub fn schedule(method: Depreciation, life_years: u32) -> Vec<f64> {
    let table = |t: &[f64]| t.iter().map(|p| p / 100.0).collect();
    match method {
        Depreciation::StraightLine => {
            let n = life_years.max(1);
            vec![1.0 / f64::from(n); n as usize]
        }
        Depreciation::Macrs3 => table(&MACRS_3),
        Depreciation::Macrs5 => table(&MACRS_5),
        Depreciation::Macrs7 => table(&MACRS_7),
        Depreciation::Macrs10 => table(&MACRS_10),
        Depreciation::Macrs15 => table(&MACRS_15),
        Depreciation::Macrs20 => table(&MACRS_20),
        Depreciation::Macrs39 => {
            let (first, middle, last) = MACRS_39;
            let mut out = vec![first / 100.0];
            out.extend(std::iter::repeat_n(middle / 100.0, 38));
            out.push(last / 100.0);
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schedule_recovers_the_whole_basis() {
        for m in std::iter::once(Depreciation::StraightLine).chain(TABLED) {
            let total: f64 = schedule(m, 7).iter().sum();
            assert!((total - 1.0).abs() < 1e-9, "{m:?}: {total}");
        }
    }

    #[test]
    fn macrs_matches_the_irs_tables() {
        // IRS Publication 946, Table A-1: 5-year property, half-year convention: 20 %, 32 %,
        // 19.2 %, 11.52 %, 11.52 %, 5.76 %; a half year in the first and in the sixth year.
        let five = schedule(Depreciation::Macrs5, 0);
        assert_eq!(five.len(), 6);
        for (got, want) in five.iter().zip([0.20, 0.32, 0.192, 0.1152, 0.1152, 0.0576]) {
            assert!((got - want).abs() < 1e-12);
        }
        // The 5-year column is 200 % declining balance switching to straight-line, which a
        // hand calculation reproduces: year 1 half of 2/5 = 20 %; year 2 2/5 of the 80 %
        // left = 32 %; year 3 2/5 of 48 % = 19.2 %; then straight-line over the 2.5 years
        // left of 28.8 %: 11.52 %, 11.52 %, and the half year 5.76 %.
        let mut left = 1.0;
        let mut hand = Vec::new();
        for rate in [0.2, 0.4, 0.4] {
            let d = left * rate;
            hand.push(d);
            left -= d;
        }
        let sl = left / 2.5;
        hand.extend([sl, sl, sl / 2.0]);
        for (a, b) in five.iter().zip(&hand) {
            assert!((a - b).abs() < 1e-9, "{a} vs {b}");
        }
        // Table A-7a, month 1: 2.461 % in year 1, 2.564 % in years 2–39, 0.107 % in year 40.
        let real = schedule(Depreciation::Macrs39, 0);
        assert_eq!(real.len(), 40);
        assert!((real[0] - 0.02461).abs() < 1e-12 && (real[20] - 0.02564).abs() < 1e-12);
        assert!((real[39] - 0.00107).abs() < 1e-12);
        // Table A-1, 15-year property, year 1 and 16: 5 % and 2.95 %.
        let fifteen = schedule(Depreciation::Macrs15, 0);
        assert_eq!(fifteen.len(), 16);
        assert!((fifteen[0] - 0.05).abs() < 1e-12 && (fifteen[15] - 0.0295).abs() < 1e-12);
    }
}
