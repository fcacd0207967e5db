//! Upper bounds on the numbers of a site file.
//!
//! Validation rejects a value beyond these with a located `range` error; nothing is clamped.
//! Each bound is far above every real site (and every sample in `sites/` and
//! `data/templates/`), so it only catches a unit slip or stray zeros. Yet each is at most
//! about 1e5–1e6 times the same number in the samples, so a site within them hands the
//! planner's LP and the simulator magnitudes only a few orders beyond the ones they are
//! tested on, and the simulator's per-slot and per-unit arrays stay small. Without them
//! `firm_mw = 1e12` ended as an "unbounded" solver status, `energy_usd_per_mwh = 1e308` as a
//! numerical error in the solver and `slots = 1000000000` as an 8 GB allocation.
//!
//! [`ALL`] lists every bound with the fields it applies to; the "Limits" section of
//! docs/site-format.md is generated from it.

/// Power or capacity of any single component, contract, PPA or upgrade (MW): a generator,
/// chiller, tower or dry-cooler unit, a PV array, a battery, a contract's firm or non-firm
/// part. 10 GW is beyond any single campus (the largest announced are a few GW) and any single
/// interconnection; the samples stay below 500 MW.
pub const MAX_POWER_MW: f64 = 10_000.0;

/// Rating of one UPS module, CRAH or CDU (kW): [`MAX_POWER_MW`] in kW. Real units are at most a
/// few MW; the samples use 120–1,500 kW.
pub const MAX_POWER_KW: f64 = MAX_POWER_MW * 1000.0;

/// Design power of one rack (kW). The densest racks shipping draw ~130 kW (GB200 NVL72) and
/// announced ones ~600 kW; 1 MW per rack is beyond both.
pub const MAX_RACK_KW: f64 = 1000.0;

/// Energy prices and variable O&M (USD/MWh). Above every market's price cap: ERCOT's is
/// $5,000, the Australian NEM's about A$17,500; the samples pay under $150.
pub const MAX_ENERGY_USD_PER_MWH: f64 = 100_000.0;

/// Fuel prices (USD/MMBtu). At a 10 MMBtu/MWh heat rate this is [`MAX_ENERGY_USD_PER_MWH`];
/// spot gas passed $1,000 at some hubs in the February 2021 Texas freeze; diesel is about $30.
pub const MAX_FUEL_USD_PER_MMBTU: f64 = 10_000.0;

/// Demand charges (USD per kW-month). Real tariffs charge $5–50; 10,000 is hundreds of times
/// that.
pub const MAX_DEMAND_USD_PER_KW_MONTH: f64 = 10_000.0;

/// Any cost per kW of rating: capex (USD/kW) and fixed O&M (USD per kW-year). Plant costs
/// $50–2,000/kW and nothing in a datacenter costs more than tens of thousands per kW; 1e6 is
/// a million dollars per kilowatt.
pub const MAX_USD_PER_KW: f64 = 1e6;

/// Battery energy cost (USD/kWh). Cells and racks cost a few hundred dollars per kWh.
pub const MAX_USD_PER_KWH: f64 = 1e6;

/// Chilled-water tank cost (USD/m³). Tanks cost hundreds to a few thousand dollars per m³.
pub const MAX_USD_PER_M3: f64 = 1e6;

/// Any cost in USD: a hall's or a rack's capex, an upgrade's, a budget, a fixed O&M per year.
/// 1e11 ($100 billion) is above the largest announced campus programmes; the samples' halls
/// cost at most $480 M.
pub const MAX_USD: f64 = 1e11;

/// Rack positions in one hall. The largest halls hold a few thousand racks; the samples at
/// most 576. The simulator keeps arrays per slot, so this also bounds its memory.
pub const MAX_SLOTS: u32 = 100_000;

/// Units of one class of generators, chillers, towers or dry coolers (`existing_units`,
/// `max_units`). The samples allow at most 300; the planner and the simulator keep a
/// variable or state per unit.
pub const MAX_UNITS: u32 = 10_000;

/// GPUs in one rack. The densest announced racks hold 576 GPU dies.
pub const MAX_GPUS_PER_RACK: u32 = 10_000;

/// GPUs online in any year of `[demand] gpus_online`. The largest announced clusters are a
/// few hundred thousand to a million GPUs; the samples ask for at most 400,000.
pub const MAX_GPUS_ONLINE: u64 = 100_000_000;

/// Energy of one battery (MWh). The largest batteries built store a few thousand MWh;
/// 100,000 is ten hours of [`MAX_POWER_MW`].
pub const MAX_STORAGE_MWH: f64 = 100_000.0;

/// Energy/power ratio of a battery (hours). A year: the model dispatches storage within
/// an hourly year, so a longer duration can never be used. Batteries run 1–8 h.
pub const MAX_STORAGE_DURATION_H: f64 = 8760.0;

/// Carbon intensity of grid or PPA energy (kg CO₂/MWh). Lignite plants emit about 1,200;
/// 10,000 is eight times that.
pub const MAX_EMISSIONS_KG_PER_MWH: f64 = 10_000.0;

/// Carbon content of a generator's fuel (kg CO₂/MMBtu). Natural gas is 53, diesel 74, coal
/// about 95 (US EPA).
pub const MAX_EMISSIONS_KG_PER_MMBTU: f64 = 1000.0;

/// Carbon price (USD per tonne CO₂). The highest carbon taxes are about $130 (Sweden); social
/// cost estimates stay below $1,000.
pub const MAX_CARBON_USD_PER_T: f64 = 100_000.0;

/// Emissions cap (tonnes CO₂ per year). A billion tonnes is more than Germany emits in a year;
/// a 10 GW gas-fired site emits about 35 million.
pub const MAX_EMISSIONS_T_PER_YEAR: f64 = 1e9;

/// Water allowance (m³ per year). A cubic kilometre is what a city of millions uses in a
/// year; a GW of evaporative cooling uses roughly 15 million m³.
pub const MAX_WATER_M3_PER_YEAR: f64 = 1e9;

/// Chilled-water loop and storage tank volumes (m³). A million m³ is a lake; even
/// district-cooling tanks stay below 100,000 m³.
pub const MAX_WATER_VOLUME_M3: f64 = 1e6;

/// UPS battery ride-through (seconds). A day: UPS batteries carry minutes, and the
/// ride-through targets of `[reliability]` stop at 1,440 minutes.
pub const MAX_RIDE_THROUGH_S: f64 = 86_400.0;

/// White-space floor area of one hall (m²). Ten square kilometres; the largest buildings in
/// the world have well under half of that in total floor area.
pub const MAX_FLOOR_AREA_M2: f64 = 1e7;

/// One bound as the site-format reference lists it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limit {
    /// The fields it bounds, in Markdown.
    pub fields: &'static str,
    /// The bound: a valid value is at most this.
    pub max: f64,
    /// The unit of the bound (empty for counts).
    pub unit: &'static str,
}

/// Every bound with the fields it applies to, in the order of the site format.
#[allow(clippy::cast_lossless)] // `f64::from` is not `const`
pub const ALL: &[Limit] = &[
    Limit {
        fields: "`firm_mw`, `non_firm_mw`, `adds_firm_mw`, `adds_non_firm_mw`, PPA `capacity_mw`, \
                 `unit_mw` (generators, chillers, towers, dry coolers), `max_mw_ac`, \
                 `existing_mw_ac`, `max_power_mw`, `existing_power_mw`",
        max: MAX_POWER_MW,
        unit: "MW",
    },
    Limit {
        fields: "`ups_module_kw`, CRAH and CDU `unit_kw`",
        max: MAX_POWER_KW,
        unit: "kW",
    },
    Limit {
        fields: "rack `design_kw`, hall `max_rack_kw`",
        max: MAX_RACK_KW,
        unit: "kW",
    },
    Limit {
        fields: "`energy_usd_per_mwh`, TOU `usd_per_mwh`, PPA `price_usd_per_mwh`, \
                 `variable_om_usd_per_mwh`",
        max: MAX_ENERGY_USD_PER_MWH,
        unit: "USD/MWh",
    },
    Limit {
        fields: "`fuel_usd_per_mmbtu`",
        max: MAX_FUEL_USD_PER_MMBTU,
        unit: "USD/MMBtu",
    },
    Limit {
        fields: "`demand_usd_per_kw_month`",
        max: MAX_DEMAND_USD_PER_KW_MONTH,
        unit: "USD/kW-month",
    },
    Limit {
        fields: "`capex_usd_per_kw`, `capex_usd_per_kw_ac`, `ups_capex_usd_per_kw`, \
                 `fixed_om_usd_per_kw_year`",
        max: MAX_USD_PER_KW,
        unit: "USD/kW",
    },
    Limit {
        fields: "`capex_usd_per_kwh`",
        max: MAX_USD_PER_KWH,
        unit: "USD/kWh",
    },
    Limit {
        fields: "`capex_usd_per_m3`",
        max: MAX_USD_PER_M3,
        unit: "USD/m³",
    },
    Limit {
        fields: "`capex_usd` (halls, racks, upgrades), `capex_budget_usd`, \
                 `fixed_om_usd_per_year`",
        max: MAX_USD,
        unit: "USD",
    },
    Limit {
        fields: "hall `slots`",
        max: MAX_SLOTS as f64,
        unit: "",
    },
    Limit {
        fields: "`existing_units`, `max_units`",
        max: MAX_UNITS as f64,
        unit: "",
    },
    Limit {
        fields: "rack `gpus`",
        max: MAX_GPUS_PER_RACK as f64,
        unit: "",
    },
    Limit {
        fields: "each year of `gpus_online`",
        max: MAX_GPUS_ONLINE as f64,
        unit: "GPUs",
    },
    Limit {
        fields: "`existing_energy_mwh`",
        max: MAX_STORAGE_MWH,
        unit: "MWh",
    },
    Limit {
        fields: "`min_duration_h`, `max_duration_h`",
        max: MAX_STORAGE_DURATION_H,
        unit: "h",
    },
    Limit {
        fields: "`emissions_kg_per_mwh` (contracts, PPAs)",
        max: MAX_EMISSIONS_KG_PER_MWH,
        unit: "kg/MWh",
    },
    Limit {
        fields: "`emissions_kg_per_mmbtu`",
        max: MAX_EMISSIONS_KG_PER_MMBTU,
        unit: "kg/MMBtu",
    },
    Limit {
        fields: "`carbon_price_usd_per_t`",
        max: MAX_CARBON_USD_PER_T,
        unit: "USD/t",
    },
    Limit {
        fields: "`cap_t_per_year`",
        max: MAX_EMISSIONS_T_PER_YEAR,
        unit: "t/year",
    },
    Limit {
        fields: "`water_limit_m3_per_year`",
        max: MAX_WATER_M3_PER_YEAR,
        unit: "m³/year",
    },
    Limit {
        fields: "`chilled_water_loop_m3`, `[cooling.storage]` `max_m3`, `existing_m3`, `min_m3`",
        max: MAX_WATER_VOLUME_M3,
        unit: "m³",
    },
    Limit {
        fields: "`ups_ride_through_s`",
        max: MAX_RIDE_THROUGH_S,
        unit: "s",
    },
    Limit {
        fields: "`floor_area_m2`",
        max: MAX_FLOOR_AREA_M2,
        unit: "m²",
    },
];

/// A bound as the reference writes it: "10,000", "1e11".
pub fn shown(max: f64) -> String {
    if max.fract() == 0.0 && max < 1e9 {
        crate::text::thousands(max as u64)
    } else {
        crate::text::number(max)
    }
}

#[cfg(test)]
mod tests {
    use super::{ALL, MAX_POWER_MW, MAX_SLOTS, MAX_USD, shown};

    #[test]
    fn bounds_read_as_a_person_writes_them() {
        assert_eq!(shown(MAX_POWER_MW), "10,000");
        assert_eq!(shown(MAX_USD), "1e11");
        assert_eq!(shown(f64::from(MAX_SLOTS)), "100,000");
    }

    #[test]
    fn every_bound_is_listed_once_and_positive() {
        assert!(ALL.iter().all(|l| l.max > 0.0 && !l.fields.is_empty()));
        for (i, a) in ALL.iter().enumerate() {
            assert!(ALL[i + 1..].iter().all(|b| b.fields != a.fields), "{a:?}");
        }
    }
}
