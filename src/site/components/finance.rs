//! The `[finance]` table: how capex is paid, refreshed and valued at the horizon's end, how
//! it is depreciated, how prices escalate, and what a GPU-hour sells for. Every field has a
//! default, so a site without the table is costed by the conventions docs/finance.md states.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::site::accounts::{AssetClass, Category};

/// The site's financial terms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Finance {
    /// How what is still in service at the horizon's end is valued. Default `straight_line`.
    #[serde(default)]
    pub terminal: Terminal,
    /// Price of one GPU-hour sold (USD). With it the ledger reports revenue, IRR and
    /// payback; without it, costs only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gpu_hour_usd: Option<f64>,
    /// Fraction of the GPU-hours in service that are sold (0 to 1). Default 1.
    #[serde(default = "one")]
    pub billable_fraction: f64,
    /// GPU racks (servers, GPUs, rack equipment).
    #[serde(default)]
    pub gpu_racks: ClassTerms,
    /// Air handlers and CDUs (the racks' share and the halls' spares).
    #[serde(default)]
    pub it_fit_out: ClassTerms,
    /// Halls and shell.
    #[serde(default)]
    pub halls_and_shell: ClassTerms,
    /// UPS modules and electrical distribution.
    #[serde(default)]
    pub electrical_and_ups: ClassTerms,
    /// Chillers, towers, dry coolers, chilled-water storage.
    #[serde(default)]
    pub cooling_plant: ClassTerms,
    /// Generators and PV.
    #[serde(default)]
    pub on_site_generation: ClassTerms,
    /// Batteries.
    #[serde(default)]
    pub storage: ClassTerms,
    /// Interconnection upgrades.
    #[serde(default)]
    pub grid_upgrades: ClassTerms,
    /// Real annual escalation of operating prices, per category (e.g. `energy = 0.02`).
    #[serde(default)]
    pub escalation: OpexEscalation,
}

fn one() -> f64 {
    1.0
}

impl Default for Finance {
    fn default() -> Self {
        Finance {
            terminal: Terminal::default(),
            gpu_hour_usd: None,
            billable_fraction: one(),
            gpu_racks: ClassTerms::default(),
            it_fit_out: ClassTerms::default(),
            halls_and_shell: ClassTerms::default(),
            electrical_and_ups: ClassTerms::default(),
            cooling_plant: ClassTerms::default(),
            on_site_generation: ClassTerms::default(),
            storage: ClassTerms::default(),
            grid_upgrades: ClassTerms::default(),
            escalation: OpexEscalation::default(),
        }
    }
}

impl Finance {
    /// The terms of one asset class.
    pub fn class(&self, class: AssetClass) -> &ClassTerms {
        match class {
            AssetClass::GpuRacks => &self.gpu_racks,
            AssetClass::ItFitOut => &self.it_fit_out,
            AssetClass::HallsAndShell => &self.halls_and_shell,
            AssetClass::ElectricalAndUps => &self.electrical_and_ups,
            AssetClass::CoolingPlant => &self.cooling_plant,
            AssetClass::OnSiteGeneration => &self.on_site_generation,
            AssetClass::Storage => &self.storage,
            AssetClass::GridUpgrades => &self.grid_upgrades,
        }
    }

    /// The site path of one asset class's table (`finance.gpu_racks`).
    pub fn class_key(class: AssetClass) -> &'static str {
        match class {
            AssetClass::GpuRacks => "gpu_racks",
            AssetClass::ItFitOut => "it_fit_out",
            AssetClass::HallsAndShell => "halls_and_shell",
            AssetClass::ElectricalAndUps => "electrical_and_ups",
            AssetClass::CoolingPlant => "cooling_plant",
            AssetClass::OnSiteGeneration => "on_site_generation",
            AssetClass::Storage => "storage",
            AssetClass::GridUpgrades => "grid_upgrades",
        }
    }

    /// Real annual escalation of a category's price: a capex category's is its class's
    /// `escalation`; the residual value escalates with nothing of its own (it follows the
    /// price each vintage was bought at).
    pub fn escalation(&self, category: Category) -> f64 {
        let e = &self.escalation;
        match category {
            Category::Residual => 0.0,
            Category::FixedOm => e.fixed_om,
            Category::Energy => e.energy,
            Category::Demand => e.demand,
            Category::Ppa => e.ppa,
            Category::Fuel => e.fuel,
            Category::VariableOm => e.variable_om,
            Category::Water => e.water,
            Category::Carbon => e.carbon,
            capex => capex
                .asset_class()
                .map_or(0.0, |class| self.class(class).escalation),
        }
    }
}

/// How an asset class is paid for, valued at the end and depreciated.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassTerms {
    /// When its capex is paid. Default `delivery`.
    #[serde(default)]
    pub payment: Payment,
    /// Depreciation method. Default `straight_line` over the asset's life.
    #[serde(default)]
    pub depreciation: Depreciation,
    /// Resale value at the horizon's end, as a fraction of the price paid (0 to 1), when
    /// `terminal = "salvage"`. Default 0.
    #[serde(default)]
    pub salvage_fraction: f64,
    /// Real annual escalation of its price (−0.5 to 0.5; negative for falling prices, e.g.
    /// −0.1 for GPUs whose price per unit of work falls), applied at each vintage's order
    /// year. Default 0.
    #[serde(default)]
    pub escalation: f64,
}

/// When a purchase is paid, relative to its order year (in-service year − lead time) and its
/// in-service year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Payment {
    /// All of it in the in-service year (equipment paid on delivery).
    #[default]
    Delivery,
    /// All of it in the order year.
    Order,
    /// Equal progress payments in each year of the lead time (order year to the year
    /// before service); at delivery when the lead time is 0.
    Linear,
    /// Progress payments over the lead time following an S-curve (cumulative share
    /// 3x² − 2x³ of the elapsed fraction x): slow, fast, slow, as construction spends.
    SCurve,
}

/// How a purchase is depreciated from its in-service year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Depreciation {
    /// Equal amounts over the asset's life.
    #[default]
    StraightLine,
    /// MACRS GDS 3-year, half-year convention (IRS Publication 946, Table A-1).
    #[serde(rename = "macrs_3")]
    Macrs3,
    /// MACRS GDS 5-year (computers, GPUs; PV).
    #[serde(rename = "macrs_5")]
    Macrs5,
    /// MACRS GDS 7-year.
    #[serde(rename = "macrs_7")]
    Macrs7,
    /// MACRS GDS 10-year.
    #[serde(rename = "macrs_10")]
    Macrs10,
    /// MACRS GDS 15-year.
    #[serde(rename = "macrs_15")]
    Macrs15,
    /// MACRS GDS 20-year.
    #[serde(rename = "macrs_20")]
    Macrs20,
    /// MACRS 39-year nonresidential real property, mid-month convention, placed in service
    /// in January (IRS Publication 946, Table A-7a).
    #[serde(rename = "macrs_39")]
    Macrs39,
}

/// How the value still in service at the horizon's end counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Terminal {
    /// Price × remaining life ÷ life, credited in the last year.
    #[default]
    StraightLine,
    /// Price × the class's `salvage_fraction`, credited in the last year.
    Salvage,
    /// The present value, at the horizon's end, of the capital charges (price × the capital
    /// recovery factor at the site's discount rate over the life) the remaining life would
    /// still carry.
    Annuity,
    /// Nothing: assets bought late count at full cost.
    None,
}

/// Real annual escalation of operating prices (−0.5 to 0.5 each; default 0).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OpexEscalation {
    /// Grid energy prices.
    #[serde(default)]
    pub energy: f64,
    /// Demand charges.
    #[serde(default)]
    pub demand: f64,
    /// PPA prices.
    #[serde(default)]
    pub ppa: f64,
    /// Generator fuel.
    #[serde(default)]
    pub fuel: f64,
    /// Fixed O&M.
    #[serde(default)]
    pub fixed_om: f64,
    /// Variable O&M.
    #[serde(default)]
    pub variable_om: f64,
    /// Water.
    #[serde(default)]
    pub water: f64,
    /// The carbon price.
    #[serde(default)]
    pub carbon: f64,
}
