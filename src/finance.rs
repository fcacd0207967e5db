//! Finance: one cost model for the optimizer and the books.
//!
//! [`cost`] turns one unit of a buildable placed in service in a plan year into its cash
//! flows: payments on the class's schedule, like-for-like replacements at the end of each
//! life inside the horizon, and the residual value credited at the horizon's end. The
//! optimizer's objective coefficients are these flows, and the [`ledger`] books a plan's
//! builds through the same function, so the two reconcile to the dollar. The ledger adds
//! what a finance reader audits: capex by year and asset class with order-by dates,
//! depreciation ([`macrs`] tables or straight-line), opex by category, cash flow, NPV, IRR
//! and payback ([`returns`]), and unit economics beside published ranges.
//!
//! Conventions (docs/finance.md): money is real (the site's discount rate is real); cash
//! flows are end-of-year, discounted at (1 + r)^(k+1) for plan year k = 0, 1, …; capex is
//! pre-tax; what exists before the horizon is sunk (no payment, no replacement, no residual).

pub mod cost;
pub mod ledger;
pub mod macrs;
pub mod returns;

pub use cost::{CostModel, Event, UnitFlow};
pub use ledger::{Build, Ledger, LedgerInput};
