//! dcplan: a datacenter power-and-thermal capacity planner.
//!
//! The library is the product; the `dcplan` command line (the `dcplan-cli` crate) is a thin
//! shell over it, and a sweep or a terminal UI calls the same functions. Data flows one way:
//!
//! 1. [`site`] loads and validates a site file with its weather year and profiles
//!    ([`site::load`]), reporting every problem with its place; a loaded site takes edits by
//!    path and re-validates them in memory ([`site::EditableSite`], [`site::Edit`]). Its
//!    catalog of buildables ([`site::buildables`]) lists what a plan can add.
//! 2. [`plan`] formulates the multi-year build-out as an LP/MILP and solves it
//!    ([`plan::formulate`], [`plan::Formulated::solve`]) into a typed [`plan::Plan`]
//!    document (read back with [`plan::Plan::from_json`]); [`closed_loop`] re-plans until
//!    the plan holds under the simulator's physics at design conditions.
//! 3. [`check`] re-verifies a plan against its site with plain arithmetic, sharing no code
//!    with the formulation ([`check::check`]).
//! 4. [`finance`] books a plan ([`plan::Plan::ledger`]) through the same cost model the
//!    optimizer priced it with: capex by year and asset class with order-by dates,
//!    replacements and residual value, depreciation, opex, cash flow, NPV, IRR, payback and
//!    unit economics.
//!    [`export`] writes those books as an XLSX workbook with live formulas, CSV files and a
//!    JSON document.
//! 5. [`thermal`] simulates a build (the site's own, or a plan year's:
//!    [`thermal::Installed`]) through the weather year and through failures
//!    ([`thermal::run`]).
//!
//! 6. [`sweep`] runs the same pipeline over many scenarios of a site's uncertain values,
//!    in parallel, into a results file that resumes, shards and summarises.
//!
//! Long work takes a [`control::Control`]: a cancellation flag another thread may set, and a
//! progress callback (phase and fraction). Errors are enums that name what is wrong in site
//! terms, never a command-line flag.
//!
//! The modules import in one direction: [`physics`] (psychrometrics, chiller curves,
//! economizers, towers), then [`weather`], then [`site`], then [`finance`] (the cost model
//! the planner prices with, and the ledger), then [`plan`], then [`check`] and
//! [`thermal`], then [`closed_loop`], then [`sweep`]; [`text`], [`files`], [`fingerprint`] and [`memory`] are
//! helpers below them all. A test holds that order.
//!
//! # Example
//!
//! Load a sample, plan it, check the plan and simulate its last year:
//!
//! ```
//! use dcplan::control::Control;
//! use dcplan::plan::{self, Outcome, PlanOptions, Resolution};
//! use dcplan::thermal::{self, Installed, SimRequest};
//!
//! let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sites/colo-retrofit.toml");
//! let site = dcplan::site::load(&path)?;
//! let options = PlanOptions {
//!     resolution: Resolution::Representative { days: 2 },
//!     ..PlanOptions::default()
//! };
//! let control = Control::new();
//! let Outcome::Planned { plan, .. } = plan::formulate(&site, &options, &control)?
//!     .solve(&options, &control)?
//! else {
//!     panic!("the colo sample can meet its targets");
//! };
//! assert!(plan.years.iter().all(|y| y.gpus_online >= y.gpus_target));
//!
//! // The independent checker agrees with the plan.
//! let report = dcplan::check::check(&site, &plan);
//! assert!(report.is_consistent(), "{:?}", report.violations);
//!
//! // The plan's last year through the weather year.
//! let build = Installed::from_plan(&site.site, &plan, None)?;
//! let simulated = thermal::run(&site, &build, &SimRequest::default(), &control)?;
//! assert!(simulated.year.pue > 1.0 && simulated.year.pue < 2.0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod check;
pub mod closed_loop;
pub mod control;
pub mod export;
pub mod files;
pub mod finance;
pub mod fingerprint;
pub mod memory;
pub mod physics;
pub mod plan;
pub mod site;
pub mod sweep;
pub mod text;
pub mod thermal;
pub mod weather;
