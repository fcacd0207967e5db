//! The planning calendar: days of the typical weather year, their dates and weekdays.
//!
//! A typical weather year (TMY) is stitched from months of different real years, so it has
//! no weekdays of its own. The planner gives day `d` (1–365) of the typical year the month and
//! day it has in a non-leap year, and the weekday that date falls on in the site's first
//! planning year (`start_year`). 29 February never appears (every weather year has 8760
//! hours); in a leap `start_year` the weekdays still follow the real dates, so 28 February and
//! 1 March are two weekdays apart.

use std::fmt;

use serde::Serialize;

/// Days in each month of a non-leap year.
pub(crate) const DAYS_IN_MONTH: [u16; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// A day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Weekday {
    /// Monday.
    Monday,
    /// Tuesday.
    Tuesday,
    /// Wednesday.
    Wednesday,
    /// Thursday.
    Thursday,
    /// Friday.
    Friday,
    /// Saturday.
    Saturday,
    /// Sunday.
    Sunday,
}

impl Weekday {
    /// Whether the day is Monday to Friday, when `weekdays_only` tariff periods apply.
    /// Public holidays are not modelled: a holiday Monday is a weekday.
    pub fn is_weekday(self) -> bool {
        !matches!(self, Weekday::Saturday | Weekday::Sunday)
    }

    /// The weekday from Sakamoto's count, 0 = Sunday.
    fn from_sunday_zero(n: i64) -> Weekday {
        match n.rem_euclid(7) {
            0 => Weekday::Sunday,
            1 => Weekday::Monday,
            2 => Weekday::Tuesday,
            3 => Weekday::Wednesday,
            4 => Weekday::Thursday,
            5 => Weekday::Friday,
            _ => Weekday::Saturday,
        }
    }
}

impl fmt::Display for Weekday {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Weekday::Monday => "Monday",
            Weekday::Tuesday => "Tuesday",
            Weekday::Wednesday => "Wednesday",
            Weekday::Thursday => "Thursday",
            Weekday::Friday => "Friday",
            Weekday::Saturday => "Saturday",
            Weekday::Sunday => "Sunday",
        })
    }
}

/// Whether `year` is a leap year in the proleptic Gregorian calendar.
fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// The weekday of a Gregorian date, or `None` when the date does not exist.
///
/// Exact for every year (proleptic Gregorian calendar), by Sakamoto's method.
///
/// ```
/// use dcplan::plan::time::{Weekday, weekday};
/// assert_eq!(weekday(2027, 1, 1), Some(Weekday::Friday));
/// assert_eq!(weekday(2027, 2, 29), None);
/// ```
pub fn weekday(year: i64, month: u8, day: u8) -> Option<Weekday> {
    const T: [i64; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let m = usize::from(month);
    let days = match m {
        2 if is_leap(year) => 29,
        1..=12 => DAYS_IN_MONTH[m - 1],
        _ => return None,
    };
    if day == 0 || u16::from(day) > days {
        return None;
    }
    let y = if month < 3 { year - 1 } else { year };
    let n = y + y.div_euclid(4) - y.div_euclid(100) + y.div_euclid(400) + T[m - 1] + i64::from(day);
    Some(Weekday::from_sunday_zero(n))
}

/// Month (1–12) and day of month of day `day_of_year` (1–365) of a non-leap year, or `None`
/// outside 1–365.
pub(crate) fn month_day(day_of_year: u16) -> Option<(u8, u8)> {
    let mut rest = day_of_year.checked_sub(1)?;
    for (m, &len) in DAYS_IN_MONTH.iter().enumerate() {
        if rest < len {
            return Some((m as u8 + 1, rest as u8 + 1));
        }
        rest -= len;
    }
    None
}

/// The planning calendar of one year: each day of the typical year (index 0 = 1 January)
/// with its month, day of month and weekday in `year`.
pub(crate) fn planning_days(year: i64) -> Vec<(u8, u8, Weekday)> {
    (1..=365)
        .filter_map(month_day)
        .map(|(m, d)| (m, d, weekday(year, m, d).unwrap_or(Weekday::Monday)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        // Reference dates checked against a printed calendar.
        assert_eq!(weekday(2027, 1, 1), Some(Weekday::Friday));
        assert_eq!(weekday(2024, 2, 29), Some(Weekday::Thursday));
        assert_eq!(weekday(2000, 1, 1), Some(Weekday::Saturday));
        assert_eq!(weekday(1970, 1, 1), Some(Weekday::Thursday));
        assert_eq!(weekday(2100, 3, 1), Some(Weekday::Monday));
        assert_eq!(weekday(2024, 12, 25), Some(Weekday::Wednesday));
        assert_eq!(weekday(2027, 7, 14), Some(Weekday::Wednesday));
        assert_eq!(weekday(2027, 7, 17), Some(Weekday::Saturday));
        // 2100 is not a leap year (divisible by 100, not 400); 2000 is.
        assert_eq!(weekday(2100, 2, 29), None);
        assert!(weekday(2000, 2, 29).is_some());
        assert_eq!(weekday(2027, 13, 1), None);
        assert_eq!(weekday(2027, 0, 1), None);
        assert_eq!(weekday(2027, 4, 31), None);
        assert_eq!(weekday(2027, 4, 0), None);
    }

    #[test]
    fn consecutive_days_step_by_one_weekday() {
        // Through a whole non-leap year the weekday advances by one each day.
        let days = planning_days(2027);
        assert_eq!(days.len(), 365);
        assert_eq!(days[0], (1, 1, Weekday::Friday));
        assert_eq!(days[364], (12, 31, Weekday::Friday));
        for w in days.windows(2) {
            let step = (w[1].2 as i64 - w[0].2 as i64).rem_euclid(7);
            assert_eq!(step, 1, "{w:?}");
        }
        // In a leap year 28 Feb (Wed in 2024) is followed by 1 Mar (Fri): 29 Feb is skipped.
        let leap = planning_days(2024);
        assert_eq!(leap[58], (2, 28, Weekday::Wednesday));
        assert_eq!(leap[59], (3, 1, Weekday::Friday));
    }

    #[test]
    fn month_day_bounds() {
        assert_eq!(month_day(1), Some((1, 1)));
        assert_eq!(month_day(59), Some((2, 28)));
        assert_eq!(month_day(60), Some((3, 1)));
        assert_eq!(month_day(365), Some((12, 31)));
        assert_eq!(month_day(0), None);
        assert_eq!(month_day(366), None);
    }
}
