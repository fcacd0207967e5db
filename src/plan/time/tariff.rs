//! Energy prices of a grid contract hour by hour, from its time-of-use periods.

use crate::site::GridContract;

use super::Weekday;

/// The energy price (USD/MWh) of `contract` in clock hour `hour_of_day` (0 = midnight to
/// 1 am, … 23) of a day in `month` (1–12) falling on `weekday`.
///
/// A time-of-use period applies when the month is in its `months`, `START ≤ hour_of_day <
/// END` for its `hours = "START-END"` (END is exclusive), and, if it is `weekdays_only`, the
/// day is Monday to Friday (holidays are not modelled). The first period that applies sets
/// the price (validation guarantees periods do not overlap); hours no period covers, and
/// periods whose `hours` do not parse, pay the contract's `energy_usd_per_mwh`.
///
/// ```
/// use dcplan::plan::time::{Weekday, energy_price_usd_per_mwh};
/// use dcplan::site::{GridContract, TouPeriod};
/// let contract: GridContract = toml::from_str(r#"
///     name = "utility"
///     firm_mw = 10.0
///     energy_usd_per_mwh = 50.0
///     [[tou]]
///     name = "summer peak"
///     hours = "14-20"
///     months = [6, 7, 8, 9]
///     weekdays_only = true
///     usd_per_mwh = 90.0
/// "#).unwrap();
/// assert_eq!(energy_price_usd_per_mwh(&contract, 7, Weekday::Wednesday, 15), 90.0);
/// assert_eq!(energy_price_usd_per_mwh(&contract, 7, Weekday::Saturday, 15), 50.0);
/// ```
pub fn energy_price_usd_per_mwh(
    contract: &GridContract,
    month: u8,
    weekday: Weekday,
    hour_of_day: usize,
) -> f64 {
    contract
        .tou
        .iter()
        .find(|p| {
            let Some((start, end)) = p.hour_range() else {
                return false;
            };
            let hour_in = (start as usize..end as usize).contains(&hour_of_day);
            hour_in
                && p.months.contains(&u32::from(month))
                && (!p.weekdays_only || weekday.is_weekday())
        })
        .map_or(contract.energy_usd_per_mwh, |p| p.usd_per_mwh)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::float_cmp)] // prices are copied from the contract, never computed

    use super::*;
    use crate::site::TouPeriod;

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
    fn weekday_summer_peak() {
        let k = contract();
        // 14 July 2027 is a Wednesday, 17 July a Saturday.
        // Peak: July, weekday, 14 ≤ 15 < 20.
        assert_eq!(
            energy_price_usd_per_mwh(&k, 7, Weekday::Wednesday, 15),
            90.0
        );
        // START is inclusive: hour 14 (2–3 pm) is on peak; hour 19 (7–8 pm) is the last.
        assert_eq!(
            energy_price_usd_per_mwh(&k, 7, Weekday::Wednesday, 14),
            90.0
        );
        assert_eq!(energy_price_usd_per_mwh(&k, 7, Weekday::Friday, 19), 90.0);
        // Weekdays only: Saturday and Sunday pay the base price.
        assert_eq!(energy_price_usd_per_mwh(&k, 7, Weekday::Saturday, 15), 50.0);
        assert_eq!(energy_price_usd_per_mwh(&k, 7, Weekday::Sunday, 15), 50.0);
        // END is exclusive: hour 20 (8–9 pm) is off peak, as is hour 13.
        assert_eq!(
            energy_price_usd_per_mwh(&k, 7, Weekday::Wednesday, 20),
            50.0
        );
        assert_eq!(
            energy_price_usd_per_mwh(&k, 7, Weekday::Wednesday, 13),
            50.0
        );
        // Outside the period's months.
        assert_eq!(
            energy_price_usd_per_mwh(&k, 1, Weekday::Wednesday, 15),
            50.0
        );
        assert_eq!(energy_price_usd_per_mwh(&k, 10, Weekday::Monday, 15), 50.0);
        // An every-day period applies on weekends too, in every month.
        assert_eq!(energy_price_usd_per_mwh(&k, 1, Weekday::Sunday, 0), 30.0);
        assert_eq!(energy_price_usd_per_mwh(&k, 7, Weekday::Saturday, 5), 30.0);
        assert_eq!(energy_price_usd_per_mwh(&k, 7, Weekday::Saturday, 6), 50.0);
    }

    #[test]
    fn malformed_period_is_ignored() {
        let mut k = contract();
        k.tou[0].hours = "20-14".into();
        assert_eq!(
            energy_price_usd_per_mwh(&k, 7, Weekday::Wednesday, 15),
            50.0
        );
        // Hours past the day never match a period.
        assert_eq!(
            energy_price_usd_per_mwh(&k, 7, Weekday::Wednesday, 24),
            50.0
        );
    }
}
