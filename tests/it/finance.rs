//! Issue 12, bullet 1: one cost model for the optimizer and the books. Every sample's plan,
//! booked by the finance ledger through the same cost model, reconciles with the plan to the
//! dollar — per year, per category, and in NPV — and the independent checker accepts it.

use dcplan::control::Control;
use dcplan::plan::{self, Outcome, PlanOptions, Resolution};
use dcplan::site::accounts::Category;

use crate::util::{SAMPLES, sample};

fn planned(name: &str) -> (dcplan::site::LoadedSite, dcplan::plan::Plan) {
    let site = dcplan::site::load(&sample(name)).unwrap();
    let options = PlanOptions {
        resolution: Resolution::Representative { days: 2 },
        ..PlanOptions::default()
    };
    let control = Control::new();
    let outcome = plan::formulate(&site, &options, &control)
        .unwrap()
        .solve(&options, &control)
        .unwrap();
    let Outcome::Planned { plan, .. } = outcome else {
        panic!("{name} plans");
    };
    let report = dcplan::check::check(&site, &plan);
    assert!(report.is_consistent(), "{name}: {:?}", report.violations);
    (site, plan)
}

#[test]
fn every_samples_ledger_reconciles_with_its_plan_to_the_dollar() {
    for name in SAMPLES.into_iter().chain(["lp-8760.toml"]) {
        let (site, plan) = planned(name);
        let ledger = plan.ledger(&site.site);
        for (k, y) in plan.years.iter().enumerate() {
            for c in Category::ALL {
                let stated = y.costs_usd.get(&c).copied().unwrap_or(0.0);
                let booked = ledger.category_usd(k, c);
                assert!(
                    (stated - booked).abs() < 1.0,
                    "{name} {} {c:?}: plan {stated} vs ledger {booked}",
                    y.year
                );
            }
        }
        assert!(
            (ledger.npv_cost_usd - plan.objective_npv_usd).abs() < 1.0,
            "{name}: ledger NPV {} vs plan {}",
            ledger.npv_cost_usd,
            plan.objective_npv_usd
        );
        // Every order is placed no earlier than the horizon and before it is in service.
        for o in &ledger.orders {
            assert!(o.order_by_year >= site.site.site.start_year);
            assert!(o.order_by_year <= o.in_service_year);
        }
    }
}

#[test]
fn gpu_racks_are_refreshed_at_the_end_of_their_life_inside_the_horizon() {
    // The campus plans ten years of 5-year GPU racks: racks in service by 2031 are bought
    // again five years later, so the plan pays for GPU racks in more years than it builds
    // them and credits the refreshed generation's remaining life at the end.
    let (site, plan) = planned("ai-campus.toml");
    let ledger = plan.ledger(&site.site);
    let replaced: f64 = ledger
        .capex
        .iter()
        .filter(|c| c.event == dcplan::finance::ledger::LedgerEvent::Replacement)
        .map(|c| c.usd)
        .sum();
    assert!(replaced > 1e9, "refresh capex {replaced}");
    let last = plan.years.last().unwrap();
    assert!(
        last.costs_usd
            .get(&Category::Residual)
            .copied()
            .unwrap_or(0.0)
            < -1e9
    );
}
