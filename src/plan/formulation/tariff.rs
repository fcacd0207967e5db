//! Demand charges and ratchets.
//!
//! Each contract with a demand charge gets, per year and month, the month's peak import and
//! its billed demand: billed ≥ peak, and billed ≥ ratchet × the peak of each of the previous
//! `ratchet_months` months (reaching back into the previous year). A month without modelled
//! days (fewer than twelve representative days) takes the peak of the nearest month that has
//! them, so every month is billed. Design hours bill nothing: they size capacity only.

use dcplan_solvers::{LinExpr, Model, Sense};

use super::{Context, MonthlyDemand, Operation};

/// Adds the monthly peak and billed-demand variables and rows; one `Vec` per contract (empty
/// for contracts without a demand charge).
pub(crate) fn add(model: &mut Model, cx: &Context, op: &Operation) -> Vec<Vec<MonthlyDemand>> {
    let present: Vec<bool> = (1..=12)
        .map(|m| {
            cx.hourly
                .hours
                .iter()
                .any(|h| h.month == m && !h.is_design())
        })
        .collect();
    let mut out = Vec::new();
    for (ci, contract) in cx.site.grid.contract.iter().enumerate() {
        if contract.demand_usd_per_kw_month <= 0.0 {
            out.push(Vec::new());
            continue;
        }
        let mut years: Vec<MonthlyDemand> = Vec::with_capacity(cx.years);
        for k in 0..cx.years {
            let name = |what: &str, m: usize| format!("{what}:{}[{k},{}]", contract.name, m + 1);
            let peak: Vec<_> = (0..12)
                .map(|m| model.add_var(name("peak", m), 0.0, f64::INFINITY))
                .collect();
            let billed: Vec<_> = (0..12)
                .map(|m| model.add_var(name("billed", m), 0.0, f64::INFINITY))
                .collect();
            for (t, hour) in cx.hourly.hours.iter().enumerate() {
                // A design day is no billing hour: it sizes capacity, it draws no demand.
                if hour.is_design() {
                    continue;
                }
                let m = hour.month as usize - 1;
                let mut row = LinExpr::from(peak[m]) - op.import_firm[ci].at(k, t);
                row -= op.import_non_firm[ci].at(k, t);
                if let Some(taken) = &op.ppa_taken[ci] {
                    row -= taken.at(k, t);
                }
                model.add_constraint(
                    format!("peak:{}[{k},{t}]", contract.name),
                    row,
                    Sense::Ge,
                    0.0,
                );
            }
            for m in 0..12 {
                if !present[m] {
                    let near = nearest_present(&present, m);
                    model.add_constraint(
                        name("peak_fill", m),
                        LinExpr::from(peak[m]) - peak[near],
                        Sense::Ge,
                        0.0,
                    );
                }
                model.add_constraint(
                    name("billed_peak", m),
                    LinExpr::from(billed[m]) - peak[m],
                    Sense::Ge,
                    0.0,
                );
                if contract.ratchet > 0.0 {
                    for back in 1..=contract.ratchet_months as usize {
                        let earlier = if back <= m {
                            Some(peak[m - back])
                        } else if k > 0 {
                            Some(years[k - 1].peak[12 + m - back])
                        } else {
                            None
                        };
                        if let Some(earlier) = earlier {
                            model.add_constraint(
                                format!("ratchet:{}[{k},{},{back}]", contract.name, m + 1),
                                LinExpr::from(billed[m]) - earlier * contract.ratchet,
                                Sense::Ge,
                                0.0,
                            );
                        }
                    }
                }
            }
            years.push(MonthlyDemand { peak, billed });
        }
        out.push(years);
    }
    out
}

/// The represented month closest to `m` (0-based) on the circle of months; ties go to the
/// earlier month.
fn nearest_present(present: &[bool], m: usize) -> usize {
    (1..12)
        .flat_map(|d| [(m + 12 - d) % 12, (m + d) % 12])
        .find(|&c| present[c])
        .unwrap_or(m)
}

#[cfg(test)]
mod tests {
    use super::nearest_present;

    #[test]
    fn nearest_month_wraps_and_prefers_earlier() {
        let mut present = [false; 12];
        present[0] = true; // January
        present[6] = true; // July
        assert_eq!(
            nearest_present(&present, 11),
            0,
            "December → January across the new year"
        );
        assert_eq!(
            nearest_present(&present, 3),
            0,
            "April: January and July are both 3 away; the earlier wins"
        );
        assert_eq!(
            nearest_present(&present, 4),
            6,
            "May: July is 2 away, January 4"
        );
    }
}
