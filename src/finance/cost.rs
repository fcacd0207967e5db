//! The cost model: the cash flows of one unit of a buildable, from its payment schedule, its
//! life and the site's terminal-value rule.

use crate::site::accounts::Category;
use crate::site::buildables::CapexPart;
use crate::site::{Finance, Payment, Site, Terminal};

/// What a capex cash flow pays for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Event {
    /// The first purchase.
    Purchase,
    /// A like-for-like replacement at the end of a life.
    Replacement,
    /// The value still in service at the horizon's end (a credit).
    Residual,
}

/// One cash flow of one unit (USD; a credit is negative).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UnitFlow {
    /// Plan year it falls in (0 = the first).
    pub year: usize,
    /// The vintage it belongs to: the plan year that purchase enters service.
    pub vintage: usize,
    /// Amount (USD).
    pub usd: f64,
    /// The category it is booked to.
    pub category: Category,
    /// What it pays for.
    pub event: Event,
}

/// The site's cost rules over its horizon.
#[derive(Debug, Clone, Copy)]
pub struct CostModel<'a> {
    finance: &'a Finance,
    rate: f64,
    years: usize,
}

impl<'a> CostModel<'a> {
    /// The cost model of `site`.
    pub fn new(site: &'a Site) -> Self {
        CostModel {
            finance: &site.finance,
            rate: site.site.discount_rate,
            years: site.site.years as usize,
        }
    }

    /// Discount factor of plan year `k` (end-of-year convention): (1 + r)^−(k+1).
    pub fn discount(&self, k: usize) -> f64 {
        (1.0 + self.rate).powf(-(k as f64 + 1.0))
    }

    /// Price multiplier of `category` in plan year `k` from its real escalation:
    /// (1 + e)^k.
    pub fn escalation(&self, category: Category, k: usize) -> f64 {
        (1.0 + self.finance.escalation(category)).powf(k as f64)
    }

    /// The cash flows of one unit of `part` (ordered `lead` years ahead) first in service in
    /// plan year `in_service`: each vintage's payments — the first purchase, then a
    /// replacement every `lifetime_years` while it enters service inside the horizon — at the
    /// class's escalated price of its order year, then the last vintage's residual value in
    /// the horizon's last year. A part that costs nothing has none.
    pub fn unit_flows(&self, part: &CapexPart, lead: u32, in_service: usize) -> Vec<UnitFlow> {
        let mut out = Vec::new();
        if part.usd == 0.0 || in_service >= self.years {
            return out;
        }
        let terms = self.finance.class(part.class);
        let category = part.class.category();
        let life = part.lifetime_years.max(1) as usize;
        let lead = lead as usize;
        let mut vintage = in_service;
        let price = loop {
            let order = vintage.saturating_sub(lead);
            let price = part.usd * self.escalation(category, order);
            let event = if vintage == in_service {
                Event::Purchase
            } else {
                Event::Replacement
            };
            for (year, share) in payments(terms.payment, lead, vintage) {
                out.push(UnitFlow {
                    year,
                    vintage,
                    usd: price * share,
                    category,
                    event,
                });
            }
            if vintage + life >= self.years {
                break price;
            }
            vintage += life;
        };
        let age = self.years - vintage;
        let remaining = life.saturating_sub(age);
        let value = price * self.residual_fraction(terms.salvage_fraction, life, remaining);
        if value != 0.0 {
            out.push(UnitFlow {
                year: self.years - 1,
                vintage,
                usd: -value,
                category: Category::Residual,
                event: Event::Residual,
            });
        }
        out
    }

    /// The share of its price a vintage with `remaining` of its `life` years left is worth
    /// at the horizon's end.
    fn residual_fraction(&self, salvage: f64, life: usize, remaining: usize) -> f64 {
        match self.finance.terminal {
            Terminal::None => 0.0,
            Terminal::Salvage => salvage,
            Terminal::StraightLine => remaining as f64 / life as f64,
            Terminal::Annuity => {
                let r = self.rate;
                if r == 0.0 {
                    return remaining as f64 / life as f64;
                }
                let annuity = |n: usize| (1.0 - (1.0 + r).powf(-(n as f64))) / r;
                annuity(remaining) / annuity(life)
            }
        }
    }
}

/// When a purchase entering service in plan year `vintage` with `lead` years from order is
/// paid: (plan year, share of its price), shares summing to 1.
pub fn payments(payment: Payment, lead: usize, vintage: usize) -> Vec<(usize, f64)> {
    let order = vintage.saturating_sub(lead);
    let spread = vintage - order;
    match payment {
        Payment::Delivery => vec![(vintage, 1.0)],
        Payment::Order => vec![(order, 1.0)],
        Payment::Linear | Payment::SCurve if spread == 0 => vec![(vintage, 1.0)],
        Payment::Linear => (0..spread)
            .map(|i| (order + i, 1.0 / spread as f64))
            .collect(),
        Payment::SCurve => {
            let cumulative = |x: f64| x * x * (3.0 - 2.0 * x);
            let n = spread as f64;
            (0..spread)
                .map(|i| {
                    let share = cumulative((i + 1) as f64 / n) - cumulative(i as f64 / n);
                    (order + i, share)
                })
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::accounts::AssetClass;

    fn site(years: u32, rate: f64) -> Site {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sites/colo-retrofit.toml");
        let Ok(loaded) = crate::site::load(&path) else {
            panic!("the colo sample loads");
        };
        let mut s = loaded.site;
        s.site.years = years;
        s.site.discount_rate = rate;
        s
    }

    fn gpu(usd: f64, life: u32) -> CapexPart {
        CapexPart {
            class: AssetClass::GpuRacks,
            usd,
            lifetime_years: life,
        }
    }

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-9 * b.abs().max(1.0), "{a} vs {b}");
    }

    #[test]
    fn a_five_year_rack_in_a_ten_year_horizon_is_bought_twice_and_half_its_refresh_remains() {
        // Hand-worked: a $1M rack in service in year 2 of 10 (0-based), life 5, paid at
        // delivery. Bought in year 2, replaced in year 7; the replacement has served years
        // 7, 8, 9 (3 of 5), so straight-line leaves 2/5 of $1M = $400k, credited in year 9.
        let s = site(10, 0.08);
        let flows = CostModel::new(&s).unit_flows(&gpu(1e6, 5), 1, 2);
        let got: Vec<(usize, f64, Event)> =
            flows.iter().map(|f| (f.year, f.usd, f.event)).collect();
        assert_eq!(
            got,
            vec![
                (2, 1e6, Event::Purchase),
                (7, 1e6, Event::Replacement),
                (9, -4e5, Event::Residual)
            ]
        );
        assert_eq!(flows[2].category, Category::Residual);
        assert_eq!(flows[0].category, Category::CapexGpuRacks);
    }

    #[test]
    fn a_life_ending_exactly_at_the_horizon_leaves_nothing_and_is_not_replaced() {
        // In service in year 5 of 10 with life 5: serves years 5–9, its replacement would
        // enter service in year 10, outside the horizon; nothing remains.
        let s = site(10, 0.08);
        let flows = CostModel::new(&s).unit_flows(&gpu(1e6, 5), 0, 5);
        assert_eq!(flows.len(), 1);
        assert_eq!((flows[0].year, flows[0].event), (5, Event::Purchase));
    }

    #[test]
    fn payment_schedules_spread_the_price_over_the_lead_time() {
        // Delivery: all in the in-service year. Order: all in the order year. Linear over a
        // 3-year lead time: a third in each of the 3 years before service. S-curve over 3
        // years: F(x) = 3x² − 2x³ gives F(1/3) = 7/27, F(2/3) = 20/27, so 7/27, 13/27, 7/27.
        assert_eq!(payments(Payment::Delivery, 3, 5), vec![(5, 1.0)]);
        assert_eq!(payments(Payment::Order, 3, 5), vec![(2, 1.0)]);
        let linear = payments(Payment::Linear, 3, 5);
        assert_eq!(
            linear.iter().map(|p| p.0).collect::<Vec<_>>(),
            vec![2, 3, 4]
        );
        for (_, share) in &linear {
            close(*share, 1.0 / 3.0);
        }
        let s = payments(Payment::SCurve, 3, 5);
        for ((year, share), (y, want)) in
            s.iter()
                .zip([(2, 7.0 / 27.0), (3, 13.0 / 27.0), (4, 7.0 / 27.0)])
        {
            assert_eq!(*year, y);
            close(*share, want);
        }
        // No lead time: progress payments fall back to delivery.
        assert_eq!(payments(Payment::SCurve, 0, 4), vec![(4, 1.0)]);
    }

    #[test]
    fn terminal_rules_value_the_remaining_life() {
        // A $1M unit of 10-year life in service in the last 4 years of an 8-year horizon
        // (years 4–7): 6 years remain.
        let mut s = site(8, 0.08);
        let value = |s: &Site| {
            let flows = CostModel::new(s).unit_flows(&gpu(1e6, 10), 0, 4);
            flows
                .iter()
                .filter(|f| f.event == Event::Residual)
                .map(|f| -f.usd)
                .sum::<f64>()
        };
        close(value(&s), 6e5); // straight-line: 6/10
        s.finance.terminal = Terminal::None;
        assert!(value(&s).abs() < 1e-12);
        s.finance.terminal = Terminal::Salvage;
        s.finance.gpu_racks.salvage_fraction = 0.15;
        close(value(&s), 1.5e5);
        // Annuity at 8 %: CRF(8 %, 10) = 0.149029 per year; the 6 remaining charges are worth
        // 0.149029 × 4.622880 (the 6-year annuity factor) = 0.688946 of the price at the
        // horizon's end (standard annuity tables).
        s.finance.terminal = Terminal::Annuity;
        assert!((value(&s) - 688_946.0).abs() < 1.0, "{}", value(&s));
        // At a zero rate the annuity rule is straight-line.
        s.site.discount_rate = 0.0;
        close(value(&s), 6e5);
    }

    #[test]
    fn escalation_prices_each_vintage_at_its_order_year() {
        // GPUs falling 10 % a year: a rack ordered in year 1 (lead 1, in service 2) costs
        // 0.9 of the base price; its replacement, ordered in year 6, 0.9⁶; the residual is
        // 2/5 of the replacement's price.
        let mut s = site(10, 0.08);
        s.finance.gpu_racks.escalation = -0.1;
        let flows = CostModel::new(&s).unit_flows(&gpu(1e6, 5), 1, 2);
        close(flows[0].usd, 0.9e6);
        close(flows[1].usd, 1e6 * 0.9f64.powi(6));
        close(flows[2].usd, -0.4 * 1e6 * 0.9f64.powi(6));
    }
}
