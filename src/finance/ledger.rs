//! The ledger: a plan's builds booked through the cost model, with its opex, revenue,
//! depreciation, cash flow, NPV, IRR, payback and unit economics — what `dcplan export`
//! writes and a finance reader audits.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::cost::{CostModel, Event};
use super::{macrs, returns};
use crate::site::Site;
use crate::site::accounts::{AssetClass, Category};
use crate::site::buildables::{ComponentRef, Item, Which, catalog};

/// Hours in a year of GPU service.
const HOURS_PER_YEAR: f64 = 8760.0;

/// Facility capex per MW of IT load in the US, low and high of 19 markets (USD): Cushman &
/// Wakefield, Data Center Development Cost Guide 2025, pp. 8–9 ($9.3 M/MW San Antonio to
/// $15.0 M/MW Reno; average $11.7 M/MW; IT equipment excluded).
pub const FACILITY_CAPEX_RANGE_USD_PER_MW: (f64, f64) = (9.3e6, 15.0e6);

/// Units of one buildable coming into service in one plan year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Build {
    /// Which buildable.
    pub which: Which,
    /// Plan year it enters service (0 = the first).
    pub year: usize,
    /// Units added.
    pub quantity: f64,
}

/// What the ledger books: a plan's builds, its operating costs and its GPUs, per plan year.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerInput {
    /// What comes into service, and when.
    pub builds: Vec<Build>,
    /// Operating costs per plan year and category (USD, as paid).
    pub opex: Vec<BTreeMap<Category, f64>>,
    /// GPUs online per plan year.
    pub gpus_online: Vec<f64>,
    /// Design IT power of the installed racks per plan year (MW).
    pub it_mw: Vec<f64>,
}

/// One capex cash flow: a payment for a purchase or replacement, or a residual credit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CapexEntry {
    /// Calendar year paid (or credited).
    pub year: u32,
    /// The component.
    pub component: ComponentRef,
    /// Asset class.
    pub class: AssetClass,
    /// What it pays for.
    pub event: LedgerEvent,
    /// Calendar year the vintage it pays for enters service.
    pub in_service_year: u32,
    /// Amount (USD; a residual credit is negative).
    pub usd: f64,
}

/// What a capex entry pays for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LedgerEvent {
    /// The first purchase.
    Purchase,
    /// A like-for-like replacement at the end of a life.
    Replacement,
    /// The value still in service at the horizon's end.
    Residual,
}

/// One order: a vintage of one part of a buildable, with the date it must be ordered by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Order {
    /// The component.
    pub component: ComponentRef,
    /// Asset class of this part.
    pub class: AssetClass,
    /// Purchase or replacement.
    pub event: LedgerEvent,
    /// Units ordered.
    pub quantity: f64,
    /// Calendar year it must be ordered by (in service − lead time).
    pub order_by_year: u32,
    /// Calendar year it enters service.
    pub in_service_year: u32,
    /// Service life (years).
    pub lifetime_years: u32,
    /// Price of the order (USD, at its order year's escalated price).
    pub usd: f64,
}

/// One year of the books.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LedgerYear {
    /// Calendar year.
    pub year: u32,
    /// Capex paid by asset class (USD).
    pub capex_usd: BTreeMap<AssetClass, f64>,
    /// Residual value credited (USD, ≤ 0; only in the last year).
    pub residual_usd: f64,
    /// Operating costs by category (USD).
    pub opex_usd: BTreeMap<Category, f64>,
    /// Depreciation by asset class (USD), write-offs of assets replaced early included.
    pub depreciation_usd: BTreeMap<AssetClass, f64>,
    /// GPUs online.
    pub gpus_online: f64,
    /// GPU-hours sold × the GPU-hour price (USD; 0 without a price).
    pub revenue_usd: f64,
    /// Revenue − capex − residual − opex (USD).
    pub net_cash_flow_usd: f64,
    /// Discount factor, (1 + r)^−(k+1).
    pub discount_factor: f64,
    /// Net cash flow × the discount factor (USD).
    pub discounted_net_usd: f64,
}

impl LedgerYear {
    /// Every cost of the year (capex, residual credit and opex; USD).
    pub fn cost_usd(&self) -> f64 {
        self.capex_usd.values().sum::<f64>()
            + self.residual_usd
            + self.opex_usd.values().sum::<f64>()
    }

    /// The year's cost in one category (USD).
    pub fn category_usd(&self, category: Category) -> f64 {
        match category.asset_class() {
            Some(class) => self.capex_usd.get(&class).copied().unwrap_or(0.0),
            None if category == Category::Residual => self.residual_usd,
            None => self.opex_usd.get(&category).copied().unwrap_or(0.0),
        }
    }
}

/// Unit economics, with the published range a reader compares facility capex to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct UnitEconomics {
    /// Most IT power installed in any year (MW, racks' design power).
    pub it_mw: f64,
    /// GPU-years over the horizon.
    pub gpu_years: f64,
    /// Levelized cost per GPU-year: present cost ÷ discounted GPU-years (USD).
    pub cost_per_gpu_year_usd: Option<f64>,
    /// The same per GPU-hour (USD).
    pub cost_per_gpu_hour_usd: Option<f64>,
    /// Present cost per MW of IT (USD).
    pub npv_per_mw_it_usd: Option<f64>,
    /// First purchases of everything but GPU racks, undiscounted, per MW of IT (USD):
    /// facility capex as published cost guides count it (what existed before the horizon
    /// is not in it).
    pub facility_capex_per_mw_it_usd: Option<f64>,
    /// The published US range for facility capex per MW of IT (USD).
    pub published_range_usd_per_mw: (f64, f64),
    /// Whether facility capex per MW of IT falls inside the published range.
    pub within_published_range: Option<bool>,
}

/// A plan's books.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Ledger {
    /// First calendar year.
    pub start_year: u32,
    /// Real discount rate.
    pub discount_rate: f64,
    /// GPU-hour price, when the site gives one (USD).
    pub gpu_hour_usd: Option<f64>,
    /// Every capex cash flow.
    pub capex: Vec<CapexEntry>,
    /// Every order, with its order-by date.
    pub orders: Vec<Order>,
    /// The books by year.
    pub years: Vec<LedgerYear>,
    /// Present value of every cost (USD): the plan's objective NPV.
    pub npv_cost_usd: f64,
    /// Present value of the net cash flow (USD), with a GPU-hour price.
    pub npv_net_usd: Option<f64>,
    /// Internal rate of return of the net cash flow, with a GPU-hour price and a sign change.
    pub irr: Option<f64>,
    /// Years from the horizon's start until the cumulative net cash flow stays ≥ 0.
    pub payback_years: Option<f64>,
    /// Unit economics.
    pub unit: UnitEconomics,
}

impl Ledger {
    /// Books `input` for `site`.
    pub fn new(site: &Site, input: &LedgerInput) -> Ledger {
        let model = CostModel::new(site);
        let start = site.site.start_year;
        let n = site.site.years as usize;
        let items = catalog(site);
        let by_which: BTreeMap<Which, &Item> = items.iter().map(|i| (i.which, i)).collect();
        let calendar = |k: usize| start + k as u32;
        let mut years: Vec<LedgerYear> = (0..n)
            .map(|k| LedgerYear {
                year: calendar(k),
                capex_usd: BTreeMap::new(),
                residual_usd: 0.0,
                opex_usd: input.opex.get(k).cloned().unwrap_or_default(),
                depreciation_usd: BTreeMap::new(),
                gpus_online: input.gpus_online.get(k).copied().unwrap_or(0.0),
                revenue_usd: 0.0,
                net_cash_flow_usd: 0.0,
                discount_factor: model.discount(k),
                discounted_net_usd: 0.0,
            })
            .collect();
        let (mut capex, mut orders) = (Vec::new(), Vec::new());
        for b in &input.builds {
            let Some(item) = by_which.get(&b.which) else {
                continue;
            };
            for part in &item.capex {
                let flows = model.unit_flows(part, item.lead_time_years, b.year);
                let method = site.finance.class(part.class).depreciation;
                let schedule = macrs::schedule(method, part.lifetime_years);
                let mut vintages: BTreeMap<usize, (Event, f64)> = BTreeMap::new();
                for f in &flows {
                    let usd = f.usd * b.quantity;
                    let event = ledger_event(f.event);
                    capex.push(CapexEntry {
                        year: calendar(f.year),
                        component: item.component(),
                        class: part.class,
                        event,
                        in_service_year: calendar(f.vintage),
                        usd,
                    });
                    let year = &mut years[f.year];
                    if f.event == Event::Residual {
                        year.residual_usd += usd;
                    } else {
                        *year.capex_usd.entry(part.class).or_default() += usd;
                        let v = vintages.entry(f.vintage).or_insert((f.event, 0.0));
                        v.1 += usd;
                    }
                }
                let life = part.lifetime_years.max(1) as usize;
                for (&vintage, &(event, basis)) in &vintages {
                    orders.push(Order {
                        component: item.component(),
                        class: part.class,
                        event: ledger_event(event),
                        quantity: b.quantity,
                        order_by_year: calendar(
                            vintage.saturating_sub(item.lead_time_years as usize),
                        ),
                        in_service_year: calendar(vintage),
                        lifetime_years: part.lifetime_years,
                        usd: basis,
                    });
                    depreciate(&mut years, part.class, &schedule, vintage, life, basis);
                }
            }
        }
        let price = site.finance.gpu_hour_usd;
        for y in &mut years {
            y.revenue_usd = price.map_or(0.0, |p| {
                y.gpus_online * HOURS_PER_YEAR * site.finance.billable_fraction * p
            });
            y.net_cash_flow_usd = y.revenue_usd - y.cost_usd();
            y.discounted_net_usd = y.net_cash_flow_usd * y.discount_factor;
        }
        let costs: Vec<f64> = years.iter().map(LedgerYear::cost_usd).collect();
        let net: Vec<f64> = years.iter().map(|y| y.net_cash_flow_usd).collect();
        let npv_cost_usd = returns::npv(site.site.discount_rate, &costs);
        let unit = unit_economics(&years, input, &capex, npv_cost_usd);
        Ledger {
            start_year: start,
            discount_rate: site.site.discount_rate,
            gpu_hour_usd: price,
            capex,
            orders,
            npv_cost_usd,
            npv_net_usd: price.map(|_| returns::npv(site.site.discount_rate, &net)),
            irr: price.and_then(|_| returns::irr(&net)),
            payback_years: price.and_then(|_| returns::payback_years(&net)),
            years,
            unit,
        }
    }

    /// The books' total in one category and plan year (USD): what the plan's
    /// `years[k].costs_usd[category]` must equal.
    pub fn category_usd(&self, k: usize, category: Category) -> f64 {
        self.years.get(k).map_or(0.0, |y| y.category_usd(category))
    }
}

fn ledger_event(e: Event) -> LedgerEvent {
    match e {
        Event::Purchase => LedgerEvent::Purchase,
        Event::Replacement => LedgerEvent::Replacement,
        Event::Residual => LedgerEvent::Residual,
    }
}

/// Books a vintage's depreciation from its in-service year: its schedule while it serves,
/// and what is left of its basis written off in its last year when it is replaced before
/// the schedule ends. Years past the horizon are not booked.
fn depreciate(
    years: &mut [LedgerYear],
    class: AssetClass,
    schedule: &[f64],
    vintage: usize,
    life: usize,
    basis: f64,
) {
    let replaced = vintage + life < years.len();
    let mut booked = 0.0;
    for (i, share) in schedule.iter().enumerate().take(life) {
        let Some(year) = years.get_mut(vintage + i) else {
            return;
        };
        let mut amount = basis * share;
        booked += share;
        if replaced && i + 1 == life {
            amount += basis * (1.0 - booked).max(0.0);
        }
        *year.depreciation_usd.entry(class).or_default() += amount;
    }
}

fn unit_economics(
    years: &[LedgerYear],
    input: &LedgerInput,
    capex: &[CapexEntry],
    npv_cost_usd: f64,
) -> UnitEconomics {
    let it_mw = input.it_mw.iter().copied().fold(0.0, f64::max);
    let gpu_years: f64 = years.iter().map(|y| y.gpus_online).sum();
    let discounted_gpu_years: f64 = years
        .iter()
        .map(|y| y.gpus_online * y.discount_factor)
        .sum();
    let per = |total: f64, by: f64| (by > 0.0).then(|| total / by);
    let facility: f64 = capex
        .iter()
        .filter(|c| c.event == LedgerEvent::Purchase && c.class != AssetClass::GpuRacks)
        .map(|c| c.usd)
        .sum();
    let facility_per_mw = per(facility, it_mw);
    let (lo, hi) = FACILITY_CAPEX_RANGE_USD_PER_MW;
    let cost_per_gpu_year = per(npv_cost_usd, discounted_gpu_years);
    UnitEconomics {
        it_mw,
        gpu_years,
        cost_per_gpu_year_usd: cost_per_gpu_year,
        cost_per_gpu_hour_usd: cost_per_gpu_year.map(|c| c / HOURS_PER_YEAR),
        npv_per_mw_it_usd: per(npv_cost_usd, it_mw),
        facility_capex_per_mw_it_usd: facility_per_mw,
        published_range_usd_per_mw: FACILITY_CAPEX_RANGE_USD_PER_MW,
        within_published_range: facility_per_mw.map(|v| (lo..=hi).contains(&v)),
    }
}
