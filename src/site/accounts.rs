//! The names money is booked under: the asset classes capex, lives and depreciation are
//! reported by, and the cost categories of a plan's yearly costs. The site's `[finance]`
//! table keys its terms by them; the optimizer, the checker and the ledger book under them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The asset class a part of a buildable's capex is booked to.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum AssetClass {
    /// GPU racks: the servers, GPUs and rack-level equipment (`rack.capex_usd`).
    GpuRacks,
    /// White-space fit-out: the air handlers and CDUs that serve the racks and the hall's
    /// spares of them.
    ItFitOut,
    /// Halls and shell.
    HallsAndShell,
    /// UPS and electrical distribution bought apart from the hall.
    ElectricalAndUps,
    /// Chillers, towers, dry coolers and chilled-water storage.
    CoolingPlant,
    /// Generators and PV.
    OnSiteGeneration,
    /// Batteries.
    Storage,
    /// Interconnection upgrades.
    GridUpgrades,
}

impl AssetClass {
    /// Every class, in report order.
    pub const ALL: [AssetClass; 8] = [
        AssetClass::GpuRacks,
        AssetClass::ItFitOut,
        AssetClass::HallsAndShell,
        AssetClass::ElectricalAndUps,
        AssetClass::CoolingPlant,
        AssetClass::OnSiteGeneration,
        AssetClass::Storage,
        AssetClass::GridUpgrades,
    ];

    /// Its capex category.
    pub fn category(self) -> Category {
        match self {
            AssetClass::GpuRacks => Category::CapexGpuRacks,
            AssetClass::ItFitOut => Category::CapexItFitOut,
            AssetClass::HallsAndShell => Category::CapexHallsAndShell,
            AssetClass::ElectricalAndUps => Category::CapexElectricalAndUps,
            AssetClass::CoolingPlant => Category::CapexCoolingPlant,
            AssetClass::OnSiteGeneration => Category::CapexOnSiteGeneration,
            AssetClass::Storage => Category::CapexStorage,
            AssetClass::GridUpgrades => Category::CapexGridUpgrades,
        }
    }
}

/// Cost categories of a plan's yearly costs: capex by asset class (purchases and
/// like-for-like replacements, as paid), the residual value credited at the horizon's end,
/// and opex by kind.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Capex: GPU racks.
    CapexGpuRacks,
    /// Capex: air handlers and CDUs.
    CapexItFitOut,
    /// Capex: halls and shell.
    CapexHallsAndShell,
    /// Capex: UPS and electrical.
    CapexElectricalAndUps,
    /// Capex: chillers, towers, dry coolers, chilled-water storage.
    CapexCoolingPlant,
    /// Capex: generators and PV.
    CapexOnSiteGeneration,
    /// Capex: batteries.
    CapexStorage,
    /// Capex: grid upgrades.
    CapexGridUpgrades,
    /// Value of what is still in service at the horizon's end (a credit: negative).
    Residual,
    /// Fixed operation and maintenance.
    FixedOm,
    /// Grid energy.
    Energy,
    /// Demand charges.
    Demand,
    /// PPA energy.
    Ppa,
    /// Generator fuel.
    Fuel,
    /// Generator variable O&M.
    VariableOm,
    /// Cooling-tower water at the site's price.
    Water,
    /// Carbon price.
    Carbon,
}

impl Category {
    /// Every category, in report order.
    pub const ALL: [Category; 17] = [
        Category::CapexGpuRacks,
        Category::CapexItFitOut,
        Category::CapexHallsAndShell,
        Category::CapexElectricalAndUps,
        Category::CapexCoolingPlant,
        Category::CapexOnSiteGeneration,
        Category::CapexStorage,
        Category::CapexGridUpgrades,
        Category::Residual,
        Category::FixedOm,
        Category::Energy,
        Category::Demand,
        Category::Ppa,
        Category::Fuel,
        Category::VariableOm,
        Category::Water,
        Category::Carbon,
    ];

    /// The asset class of a capex category.
    pub fn asset_class(self) -> Option<AssetClass> {
        AssetClass::ALL.into_iter().find(|c| c.category() == self)
    }

    /// Whether this is a capital cost (counts against a capex budget).
    pub fn is_capex(self) -> bool {
        self.asset_class().is_some()
    }

    /// Whether this is an operating cost.
    pub fn is_opex(self) -> bool {
        !self.is_capex() && self != Category::Residual
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_class_has_its_own_capex_category_and_back() {
        for class in AssetClass::ALL {
            assert_eq!(class.category().asset_class(), Some(class));
        }
        let capex = Category::ALL.iter().filter(|c| c.is_capex()).count();
        assert_eq!(capex, AssetClass::ALL.len());
        assert!(!Category::Residual.is_capex() && !Category::Residual.is_opex());
        assert!(Category::Water.is_opex());
    }
}
