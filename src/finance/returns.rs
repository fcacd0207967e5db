//! Net present value, internal rate of return and payback of a yearly cash-flow series
//! (end-of-year flows; year k is discounted by (1 + r)^(k+1)).

/// Net present value at `rate` of `flows` (plan year k at (1 + rate)^−(k+1)).
pub fn npv(rate: f64, flows: &[f64]) -> f64 {
    flows
        .iter()
        .enumerate()
        .map(|(k, v)| v * (1.0 + rate).powf(-(k as f64 + 1.0)))
        .sum()
}

/// The internal rate of return: the rate at which the NPV of `flows` is zero. `None` when
/// there is none in (−99 %, 1,000 %) — flows that never change sign, or whose NPV does not
/// cross zero there. Found by bisection, which needs only a sign change, to 1e-12.
pub fn irr(flows: &[f64]) -> Option<f64> {
    let (mut lo, mut hi) = (-0.99, 10.0);
    let (f_lo, f_hi) = (npv(lo, flows), npv(hi, flows));
    if !(f_lo.is_finite() && f_hi.is_finite()) || f_lo.signum() == f_hi.signum() {
        return None;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        let f = npv(mid, flows);
        if f == 0.0 || hi - lo < 1e-12 {
            return Some(mid);
        }
        if f.signum() == f_lo.signum() {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some(0.5 * (lo + hi))
}

/// Years from the start of the horizon until the cumulative cash flow, undiscounted, first turns non-negative for good,
/// counting each year's flow as spread evenly through it (so 2.5 is half-way through the
/// third year); `None` if it ends the horizon negative.
pub fn payback_years(flows: &[f64]) -> Option<f64> {
    let mut cumulative = 0.0;
    let mut paid_back = None;
    for (k, &v) in flows.iter().enumerate() {
        let before = cumulative;
        cumulative += v;
        if cumulative >= 0.0 && before < 0.0 && v > 0.0 {
            paid_back.get_or_insert(k as f64 + (-before / v));
        } else if cumulative < 0.0 {
            paid_back = None;
        }
    }
    if cumulative < 0.0 {
        return None;
    }
    paid_back.or(Some(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn npv_discounts_at_the_end_of_each_year() {
        // 110 at the end of year 1 at 10 % is worth 100 today; 121 at the end of year 2 too.
        assert!((npv(0.10, &[110.0]) - 100.0).abs() < 1e-12);
        assert!((npv(0.10, &[0.0, 121.0]) - 100.0).abs() < 1e-12);
    }

    #[test]
    fn irr_solves_hand_worked_cases() {
        // −100 then 110: 10 %. −100, 60, 60: (1 + r)² × 100 = 60 (1 + r) + 60 ⇒
        // r = (0.6 + √(0.36 + 2.4)) / 2 − 1 = 0.130662.
        let r = irr(&[-100.0, 110.0]).unwrap_or(f64::NAN);
        assert!((r - 0.10).abs() < 1e-9, "{r}");
        let r = irr(&[-100.0, 60.0, 60.0]).unwrap_or(f64::NAN);
        let want = f64::midpoint(0.6, (0.36f64 + 2.4).sqrt()) - 1.0;
        assert!((r - want).abs() < 1e-9, "{r} vs {want}");
        // Textbook case (Brealey, Myers & Allen, ch. 5 style): −1000, 300 × 5 years has an
        // IRR of 15.24 %.
        let r = irr(&[-1000.0, 300.0, 300.0, 300.0, 300.0, 300.0]).unwrap_or(f64::NAN);
        assert!((r - 0.152_382).abs() < 1e-6, "{r}");
        assert_eq!(irr(&[-1.0, -2.0]), None, "no sign change, no IRR");
    }

    #[test]
    fn payback_interpolates_within_the_year_it_turns() {
        // −100, 40, 40, 40: cumulative −100, −60, −20, +20: paid back half-way through the
        // fourth year, 3.5 years from the start of the horizon.
        assert_eq!(payback_years(&[-100.0, 40.0, 40.0, 40.0]), Some(3.5));
        assert_eq!(payback_years(&[-100.0, 40.0]), None);
        // Turning negative again (a refresh) restarts the count.
        assert_eq!(payback_years(&[-10.0, 20.0, -30.0, 40.0]), Some(3.5));
    }
}
