//! The checker's own calendar and time-of-use prices (deliberately not shared with the
//! planner's time structure, so a mistake there shows up here as a cost mismatch).
//!
//! Day `d` (0-based) of the typical weather year is the date with that ordinal in a non-leap
//! year; its weekday is the weekday that date has in the site's `start_year`.

use crate::site::GridContract;

/// Days in each month of a non-leap year.
const MONTH_DAYS: [u32; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// Month (1–12) and day of month (1–31) of 0-based day `day` of a non-leap year; `None` past
/// day 364.
pub fn month_and_day(day: usize) -> Option<(u32, u32)> {
    let mut rest = u32::try_from(day).ok()?;
    for (m, &len) in MONTH_DAYS.iter().enumerate() {
        if rest < len {
            return Some((m as u32 + 1, rest + 1));
        }
        rest -= len;
    }
    None
}

/// Whether a date of `year` falls Monday to Friday, by Zeller's congruence (Gregorian).
pub fn is_weekday(year: u32, month: u32, day: u32) -> bool {
    // Zeller: h = 0 Saturday, 1 Sunday, 2 Monday, … 6 Friday; January and February count as
    // months 13 and 14 of the previous year.
    let (m, y) = if month < 3 {
        (i64::from(month) + 12, i64::from(year) - 1)
    } else {
        (i64::from(month), i64::from(year))
    };
    let (k, j) = (y.rem_euclid(100), y.div_euclid(100));
    let h = (i64::from(day) + (13 * (m + 1)) / 5 + k + k / 4 + j / 4 + 5 * j).rem_euclid(7);
    h >= 2
}

/// Energy price (USD/MWh) of `contract` at clock hour `hour` (0 = midnight to 1 am) of a day in
/// `month` that is (or is not) a weekday: the first time-of-use period whose hours
/// (`"START-END"`, END exclusive), months and weekday rule cover it, else the base price.
pub fn tou_price(contract: &GridContract, month: u32, weekday: bool, hour: usize) -> f64 {
    for period in &contract.tou {
        let Some((start, end)) = parse_hours(&period.hours) else {
            continue;
        };
        if (start..end).contains(&hour)
            && period.months.contains(&month)
            && (weekday || !period.weekdays_only)
        {
            return period.usd_per_mwh;
        }
    }
    contract.energy_usd_per_mwh
}

/// `"START-END"` as a half-open hour range, if well formed (`0 ≤ START < END ≤ 24`).
fn parse_hours(text: &str) -> Option<(usize, usize)> {
    let (a, b) = text.split_once('-')?;
    let start: usize = a.trim().parse().ok()?;
    let end: usize = b.trim().parse().ok()?;
    (start < end && end <= 24).then_some((start, end))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::float_cmp)] // prices are copied, never computed

    use super::*;
    use crate::site::TouPeriod;

    #[test]
    fn months_and_days() {
        assert_eq!(month_and_day(0), Some((1, 1)));
        assert_eq!(month_and_day(30), Some((1, 31)));
        assert_eq!(month_and_day(31), Some((2, 1)));
        assert_eq!(month_and_day(58), Some((2, 28)));
        assert_eq!(month_and_day(59), Some((3, 1)));
        assert_eq!(month_and_day(364), Some((12, 31)));
        assert_eq!(month_and_day(365), None);
    }

    #[test]
    fn weekdays_from_a_printed_calendar() {
        // 1 January 2027 is a Friday, 2 and 3 January the weekend, 4 January a Monday.
        assert!(is_weekday(2027, 1, 1));
        assert!(!is_weekday(2027, 1, 2));
        assert!(!is_weekday(2027, 1, 3));
        assert!(is_weekday(2027, 1, 4));
        // 17 July 2027 is a Saturday; 14 July a Wednesday.
        assert!(!is_weekday(2027, 7, 17));
        assert!(is_weekday(2027, 7, 14));
        // 1 January 2000 was a Saturday; 29 February 2024 a Thursday; 1 March 2100 a Monday.
        assert!(!is_weekday(2000, 1, 1));
        assert!(is_weekday(2024, 2, 29));
        assert!(is_weekday(2100, 3, 1));
        // 25 December 2022 was a Sunday.
        assert!(!is_weekday(2022, 12, 25));
    }

    #[test]
    fn weekdays_repeat_every_week() {
        // Through 2027, every 7th day has the same status and each week has five weekdays.
        let flags: Vec<bool> = (0..365)
            .filter_map(month_and_day)
            .map(|(m, d)| is_weekday(2027, m, d))
            .collect();
        assert_eq!(flags.len(), 365);
        for w in flags.windows(8) {
            assert_eq!(w[0], w[7]);
            assert_eq!(w[..7].iter().filter(|&&b| b).count(), 5);
        }
    }

    fn contract() -> GridContract {
        GridContract {
            name: "utility".into(),
            firm_mw: 10.0,
            non_firm_mw: 0.0,
            non_firm_curtailment_hours: 0.0,
            non_firm_curtailable_load_only: false,
            energy_usd_per_mwh: 50.0,
            tou: vec![
                TouPeriod {
                    name: "summer peak".into(),
                    hours: "14-20".into(),
                    months: vec![6, 7, 8, 9],
                    weekdays_only: true,
                    usd_per_mwh: 90.0,
                },
                TouPeriod {
                    name: "night".into(),
                    hours: "0-6".into(),
                    months: (1..=12).collect(),
                    weekdays_only: false,
                    usd_per_mwh: 30.0,
                },
            ],
            demand_usd_per_kw_month: 0.0,
            ratchet: 0.0,
            ratchet_months: 11,
            emissions_kg_per_mwh: 0.0,
            ppa: None,
        }
    }

    #[test]
    fn tou_prices() {
        let c = contract();
        // Summer weekday afternoon: 14 ≤ h < 20.
        assert_eq!(tou_price(&c, 7, true, 14), 90.0);
        assert_eq!(tou_price(&c, 7, true, 19), 90.0);
        assert_eq!(tou_price(&c, 7, true, 20), 50.0);
        assert_eq!(tou_price(&c, 7, true, 13), 50.0);
        // Weekend and winter pay the base price.
        assert_eq!(tou_price(&c, 7, false, 15), 50.0);
        assert_eq!(tou_price(&c, 1, true, 15), 50.0);
        // An every-day period applies on weekends.
        assert_eq!(tou_price(&c, 1, false, 0), 30.0);
        assert_eq!(tou_price(&c, 7, false, 5), 30.0);
        assert_eq!(tou_price(&c, 7, false, 6), 50.0);
    }

    #[test]
    fn malformed_hours_never_apply() {
        let mut c = contract();
        c.tou[0].hours = "20-14".into();
        assert_eq!(tou_price(&c, 7, true, 15), 50.0);
        c.tou[0].hours = "x".into();
        assert_eq!(tou_price(&c, 7, true, 15), 50.0);
        assert_eq!(parse_hours(" 6 - 9 "), Some((6, 9)));
        assert_eq!(parse_hours("0-25"), None);
    }
}
