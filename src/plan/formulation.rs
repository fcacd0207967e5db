//! The planning model: sets, variables and one function per constraint family.
//!
//! It reads like docs/modelling.md: [`build_out`] creates the build decisions (what is in
//! service in each year) with their lead times and slot limits; [`dispatch`] the hourly
//! operation of every asset, the cooling plant's physics and the power balance; [`capacity`]
//! the redundancy and firm-capacity rules; [`tariff`] demand charges and ratchets; and
//! [`objective`] the net present cost (or GPU-years under a budget) and emissions. Each family
//! adds rows to one [`Model`]; none prints or solves.

#![allow(
    clippy::many_single_char_names,
    reason = "k, t, h, r follow the notation of docs/modelling.md"
)]

use dcplan_solvers::{LinExpr, Model, Var};

use super::document::{ComponentRef, Unit};
use super::hourly::Hourly;
use crate::site::Site;
use crate::site::buildables::{CapexPart, catalog};

pub(super) mod blocks;
pub(super) mod build_out;
pub(super) mod capacity;
pub(super) mod dispatch;
pub(super) mod objective;
pub(super) mod spares;
pub(super) mod tariff;

/// A year-by-hour block of variables, stored flat (`k × hours + t`).
#[derive(Debug, Clone)]
pub(crate) struct YearHours {
    vars: Vec<Var>,
    hours: usize,
}

impl YearHours {
    fn new(model: &mut Model, name: &str, years: usize, hours: usize, lb: f64, ub: f64) -> Self {
        let mut vars = Vec::with_capacity(years * hours);
        for k in 0..years {
            for t in 0..hours {
                vars.push(model.add_var(format!("{name}[{k},{t}]"), lb, ub));
            }
        }
        YearHours { vars, hours }
    }

    /// The variable of year `k`, hour `t`.
    pub(crate) fn at(&self, k: usize, t: usize) -> Var {
        self.vars[k * self.hours + t]
    }
}

/// A year-by-hour block of quantities that are linear expressions of other variables rather
/// than columns of their own. Substituting a defined quantity (cooling power) saves a column,
/// its defining row and its bound in every hour: a fifth of an 8760-hour model.
#[derive(Debug, Clone)]
pub(crate) struct DerivedHours {
    exprs: Vec<LinExpr>,
    hours: usize,
}

impl DerivedHours {
    /// The block whose year `k`, hour `t` entry is `f(k, t)`.
    fn new(years: usize, hours: usize, mut f: impl FnMut(usize, usize) -> LinExpr) -> Self {
        let mut exprs = Vec::with_capacity(years * hours);
        for k in 0..years {
            for t in 0..hours {
                exprs.push(f(k, t));
            }
        }
        DerivedHours { exprs, hours }
    }

    /// The expression of year `k`, hour `t`.
    pub(crate) fn at(&self, k: usize, t: usize) -> &LinExpr {
        &self.exprs[k * self.hours + t]
    }
}

/// Something with a value in every modelled hour of every year at a solution: a block of
/// variables or of derived expressions. Reports read both the same way.
pub(crate) trait HourlyQuantity {
    /// Value in year `k`, hour `t`.
    fn value(&self, k: usize, t: usize, values: &[f64]) -> f64;
}

impl HourlyQuantity for YearHours {
    fn value(&self, k: usize, t: usize, values: &[f64]) -> f64 {
        values[self.at(k, t).index()]
    }
}

impl HourlyQuantity for DerivedHours {
    fn value(&self, k: usize, t: usize, values: &[f64]) -> f64 {
        self.at(k, t).eval(values)
    }
}

/// What the model decides: the build series, the hourly operation and the demand charges.
#[derive(Debug, Clone)]
pub(crate) struct Vars {
    /// What is in service each year (see [`build_out::Builds`]).
    pub build: build_out::Builds,
    /// Hourly operation.
    pub op: Operation,
    /// Monthly billed and peak demand per contract and year (empty without demand charges).
    pub demand: Vec<Vec<MonthlyDemand>>,
    /// Which plant classes are installed, where several may hold the largest unit.
    pub installed: spares::Installed,
    /// Units per redundancy block (none for a site with one block).
    pub blocks: blocks::Blocks,
}

/// Hourly operating decisions (MW unless named otherwise).
#[derive(Debug, Clone)]
pub(crate) struct Operation {
    /// Year-level IT columns and the hourly loads they make (facility power is the hourly
    /// facility input plus `cooling[k,t]`).
    pub loads: dispatch::RackLoads,
    /// Cooling electric power (fans, pumps, chillers), from the heat each path carries.
    pub cooling: DerivedHours,
    /// Air-side heat carried by free cooling (MW thermal).
    pub air_free: YearHours,
    /// Liquid-side heat carried by dry coolers or tower water (MW thermal).
    pub liquid_free: YearHours,
    /// Chilled-water load per chiller class (MW thermal). Every class but the last has its
    /// own columns; the last carries the heat free cooling and the others leave, so the
    /// hourly heat balance needs no row.
    pub chiller_load: Vec<DerivedHours>,
    /// Firm import per contract.
    pub import_firm: Vec<YearHours>,
    /// Non-firm import per contract.
    pub import_non_firm: Vec<YearHours>,
    /// PPA energy taken per contract (None without a PPA).
    pub ppa_taken: Vec<Option<YearHours>>,
    /// Output per prime generator class (None for backup classes, which do not run in normal
    /// operation).
    pub generation: Vec<Option<YearHours>>,
    /// PV output per class.
    pub pv: Vec<YearHours>,
    /// Battery charge, discharge and state of charge (MWh) per battery.
    pub charge: Vec<YearHours>,
    /// Battery discharge.
    pub discharge: Vec<YearHours>,
    /// Battery state of charge at the end of the hour (MWh).
    pub soc: Vec<YearHours>,
    /// Highest critical load of each year (MW): what must ride through on firm supply and
    /// backup; critical IT input plus all cooling.
    pub critical_peak: Vec<Var>,
    /// Whether any rack is installed in the year (binary, or fixed at 1 by existing racks).
    /// Spare plant units are required only then: a site with no load needs none.
    pub in_service: Vec<Var>,
}

/// A contract's demand-charge variables for one year.
#[derive(Debug, Clone)]
pub(crate) struct MonthlyDemand {
    /// Highest import in each month (MW), months 1–12 at indices 0–11.
    pub peak: Vec<Var>,
    /// Billed demand in each month (MW), at least the peak and the ratchet.
    pub billed: Vec<Var>,
}

/// Everything a family needs to add its rows.
pub(crate) struct Context<'a> {
    /// The site.
    pub site: &'a Site,
    /// Hourly constants.
    pub hourly: &'a Hourly,
    /// Planning years.
    pub years: usize,
}

impl Context<'_> {
    /// Number of modelled hours per year.
    pub fn hours(&self) -> usize {
        self.hourly.len()
    }

    /// Whether component year `k` is too early for something with this lead time: nothing new
    /// is in service before `start_year + lead_time_years`.
    pub fn before_lead(k: usize, lead_time_years: u32) -> bool {
        k < lead_time_years as usize
    }
}

/// One build series: a component's in-service quantity per year, with what buying more costs.
/// Generators, chillers, halls, racks, batteries and upgrades all have this shape, so costs,
/// order-by dates and reports treat them uniformly (`PyPSA`'s "nominal components").
#[derive(Debug, Clone)]
pub(crate) struct Series<'a> {
    /// The component, as the plan names it.
    pub component: ComponentRef,
    /// In service per year.
    pub vars: &'a [Var],
    /// In service before the horizon.
    pub existing: f64,
    /// Years from order to service.
    pub lead: u32,
    /// Unit of the quantity.
    pub unit: Unit,
    /// Cost of one more unit (USD).
    pub unit_cost_usd: f64,
    /// That cost by part: asset class, price and life.
    pub capex: Vec<CapexPart>,
    /// Whether the quantity is a whole number.
    pub integer: bool,
}

impl Vars {
    /// Every build series of the site: the site's catalog of buildables
    /// ([`crate::site::buildables::catalog`]) with this model's variables, in its order. A
    /// buildable with no decision (costless UPS modules, racks a hall cannot host) has none.
    pub(crate) fn series<'a>(&'a self, site: &Site) -> Vec<Series<'a>> {
        catalog(site)
            .into_iter()
            .filter_map(|item| {
                let vars = self.build.of(item.which)?;
                if vars.is_empty() {
                    return None;
                }
                Some(Series {
                    component: item.component(),
                    vars,
                    existing: item.existing,
                    lead: item.lead_time_years,
                    unit: item.unit,
                    unit_cost_usd: item.unit_capex_usd(),
                    capex: item.capex,
                    integer: item.integer,
                })
            })
            .collect()
    }
}

/// Builds the whole model: every family in turn.
pub(crate) fn build(
    model: &mut Model,
    cx: &Context,
    budget_mode: bool,
) -> (Vars, objective::Accounts) {
    let b = build_out::add(model, cx);
    let op = dispatch::add(model, cx, &b);
    let installed = spares::add(model, cx, &b);
    let water = capacity::add(model, cx, &b, &op, &installed);
    let blocks = blocks::add(model, cx, &b);
    let demand = tariff::add(model, cx, &op);
    let vars = Vars {
        build: b,
        op,
        demand,
        installed,
        blocks,
    };
    let accounts = objective::add(model, cx, &vars, water, budget_mode);
    (vars, accounts)
}
