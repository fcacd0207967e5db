//! Holding a plan's build in another model: the regret of a decision.
//!
//! A sweep asks what committing to the base plan's build would cost in a scenario it was
//! not made for: every component's in-service quantity, year by year, is held at least at
//! the base plan's, and the scenario's model then chooses how to run it (dispatch, demand,
//! blocks' shares), adds what the scenario still needs, and prices it all at the
//! scenario's costs.
//!
//! A floor rather than a fixed value: the scenario may need more than the base build (a
//! higher target), and a relax-and-round plan's build, rounded year by year, need not be
//! a point the model's rows accept exactly as it stands (the campus's: its 2032 plant
//! held exactly is infeasible for the relaxation, though every unit of it alone is not).
//! Where the base build is what the scenario needs, nothing is added and the cost is the
//! base plan's (to the solver's tolerance, tested on the samples).

use super::Formulated;
use dcplan_solvers::Var;

use super::document::{ComponentRef, Plan};

/// Why a build cannot be held in a model.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum HoldError {
    /// The plan covers other years than the model.
    #[error("the plan covers {plan} years, the site {site}")]
    Years {
        /// Years of the plan.
        plan: usize,
        /// Years of the model.
        site: usize,
    },
    /// The plan holds a component this model has no decision for.
    #[error("{component} is in the plan but cannot be built at this site")]
    Unknown {
        /// The component, as the plan names it.
        component: String,
    },
    /// The model allows no such quantity of a component in a year (its bounds: a maximum
    /// lowered, an existing quantity raised).
    #[error(
        "{component}: {quantity} in service in {year} is outside what the site allows ({lo} to {hi})"
    )]
    OutOfBounds {
        /// The component.
        component: String,
        /// Calendar year.
        year: u32,
        /// The plan's quantity.
        quantity: f64,
        /// Least the model allows.
        lo: f64,
        /// Most the model allows.
        hi: f64,
    },
}

/// Quantities closer than this to a bound are taken as on it (the plan's are rounded).
const TOLERANCE: f64 = 1e-6;

impl Formulated<'_> {
    /// Holds every build decision of this model at least at `plan`'s in-service
    /// quantities, year by year (see the module docs). A solve then prices committing to
    /// `plan`'s build at this model's costs and needs; how the site's units split over its
    /// redundancy blocks is chosen again. An error ([`HoldError::OutOfBounds`]: a quantity
    /// above what this model allows, e.g. a lead time now ending after the year the plan
    /// has the unit in service) leaves the model as it was.
    pub fn hold_build(&mut self, plan: &Plan) -> Result<(), HoldError> {
        let floors = self.held_values(plan)?;
        for &(var, floor) in &floors {
            let hi = self.model.bounds(var).map_or(floor, |(_, hi)| hi);
            self.model.set_bounds(var, floor, hi);
        }
        Ok(())
    }

    /// Each column `hold_build` holds, with its floor.
    fn held_values(&self, plan: &Plan) -> Result<Vec<(Var, f64)>, HoldError> {
        let site = &self.site.site;
        let years = site.site.years as usize;
        if plan.years.len() != years {
            return Err(HoldError::Years {
                plan: plan.years.len(),
                site: years,
            });
        }
        let series = self.vars.series(site);
        let mut fixes = Vec::new();
        let mut hold = |var: Var, quantity: f64, component: &dyn Fn() -> String, year: u32| {
            let (lo, hi) = self.model.bounds(var).unwrap_or((0.0, 0.0));
            if quantity < lo - TOLERANCE || quantity > hi + TOLERANCE {
                return Err(HoldError::OutOfBounds {
                    component: component(),
                    year,
                    quantity,
                    lo,
                    hi,
                });
            }
            fixes.push((var, quantity.clamp(lo, hi)));
            Ok(())
        };
        for (k, year) in plan.years.iter().enumerate() {
            if let Some(h) = year
                .in_service
                .iter()
                .find(|h| !series.iter().any(|s| s.component == h.component))
            {
                return Err(HoldError::Unknown {
                    component: h.component.qualified_name(),
                });
            }
            for s in &series {
                let quantity = in_service(&year.in_service, &s.component);
                hold(
                    s.vars[k],
                    quantity,
                    &|| s.component.qualified_name(),
                    year.year,
                )?;
            }
        }
        Ok(fixes)
    }
}

/// Whether `plan` has at least `base`'s in-service quantity of every component in every
/// year (to 1e-6, as the plan rounds its quantities): its own build then meets every floor
/// that holding `base`'s build would set ([`Formulated::hold_build`]), so in `plan`'s site
/// committing to `base`'s build costs nothing beyond `plan` — the held model's optimum is
/// `plan`'s — and needs no solve. Plans over different numbers of years never contain one
/// another.
pub fn contains_build(plan: &Plan, base: &Plan) -> bool {
    plan.years.len() == base.years.len()
        && plan.years.iter().zip(&base.years).all(|(own, held)| {
            held.in_service.iter().all(|h| {
                in_service(&own.in_service, &h.component) >= h.quantity.value() - TOLERANCE
            })
        })
}

/// The quantity of `component` in `holdings` (none when absent).
fn in_service(holdings: &[super::document::Holding], component: &ComponentRef) -> f64 {
    holdings
        .iter()
        .find(|h| &h.component == component)
        .map_or(0.0, |h| h.quantity.value())
}
