//! The `[cooling]` table: the plant that moves heat from the halls to the outdoors.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::reliability::{LiquidClass, Redundancy};

/// The chilled-water supply temperatures dcplan accepts (°C): from a 4 °C ice-storage plant to
/// a 30 °C warm-water loop for ASHRAE A-class air.
pub const CHILLED_WATER_SUPPLY_RANGE_C: (f64, f64) = (4.0, 30.0);

/// The facility-water supply temperatures dcplan accepts for liquid cooling (°C): ASHRAE W17 to
/// above W45 (W+).
pub const LIQUID_SUPPLY_RANGE_C: (f64, f64) = (5.0, 60.0);

/// Cooling plant, loops, setpoints and water limits of the site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cooling {
    /// Redundancy of chillers, towers and dry coolers. Default "N+1".
    #[serde(default = "default_plant_redundancy")]
    pub redundancy: Redundancy,
    /// Chilled-water supply temperature to the air handlers (°C). Default 18 (a warm-water
    /// plant serving air at 24–27 °C).
    #[serde(default = "default_chw_supply")]
    pub chilled_water_supply_c: f64,
    /// Chilled-water temperature rise across the coils (K). Default 6.
    #[serde(default = "default_chw_delta")]
    pub chilled_water_delta_k: f64,
    /// Facility-water supply temperature to the CDUs of liquid-cooled racks (°C); needed when
    /// any hall is `liquid` or `hybrid`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub liquid_supply_c: Option<f64>,
    /// ASHRAE facility-water class the liquid loop is designed for; `liquid_supply_c` may not
    /// exceed its bound. Default W32.
    #[serde(default = "default_liquid_class")]
    pub liquid_class: LiquidClass,
    /// Chilled- and condenser-water pumping power (kW per MW of heat moved). Default 20.
    #[serde(default = "default_pump")]
    pub pump_kw_per_mw: f64,
    /// Price of the water the towers evaporate, blow down and drift, supply and sewer
    /// together (USD per m³). Default 0 (water unpriced; give the local tariff).
    #[serde(default)]
    pub water_usd_per_m3: f64,
    /// Site water allowance (m³ per year), if limited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub water_limit_m3_per_year: Option<f64>,
    /// Water in the chilled-water loop that feeds the CRAH coils (pipes, headers and coils;
    /// not a storage tank), site total (m³). The thermal simulator shares it among the halls
    /// in proportion to their design air-side heat and counts it as thermal mass while its
    /// pumps run. Default: 6.5 L per kW of the simulated build's design air-side heat (6 US
    /// gal per ton: the minimum loop volume chiller makers ask for in process cooling, e.g.
    /// Dunham-Bush ACDS product specifications, "Minimum chilled fluid loop volume": 3 gal/ton
    /// (3.25 L/kW) for comfort air conditioning, 6–10 gal/ton (6.5–10.8 L/kW) for process
    /// cooling). From 0.01 to 1,000,000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chilled_water_loop_m3: Option<f64>,
    /// Whether the chilled-water pumps (and a storage tank's discharge) are on UPS. When they
    /// are not, a utility outage stops the water in the CRAH coils until the generators carry
    /// the plant: the coils then remove nothing and the loop's water is no thermal mass to the
    /// hall (CRAH fans and CDU pumps are taken to be on UPS either way). Default false: most
    /// plants put fans, pumps and chillers on generator only (Schneider Electric White Paper
    /// 179, "Data Center Temperature Rise During a Cooling System Outage"); Uptime Institute
    /// recommends continuous cooling — pumps and fans on UPS — above 4 kW per rack (ATD
    /// technical paper "Continuous Cooling"), so a dense site that has it should say `true`.
    #[serde(default)]
    pub pumps_on_ups: bool,
    /// A chilled-water storage tank the site may build (`[cooling.storage]`): thermal mass on
    /// the chilled-water loop that carries the air side through a plant failure. The plan ↔
    /// simulate loop sizes it against missed ride-through targets. Default: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage: Option<ChilledWaterStorage>,
    /// Electric chillers (`[[cooling.chiller]]`).
    #[serde(default)]
    pub chiller: Vec<Chiller>,
    /// Evaporative cooling towers (`[[cooling.tower]]`), needed by water-cooled chillers and
    /// water-side economizers.
    #[serde(default)]
    pub tower: Vec<CoolingTower>,
    /// Dry coolers (`[[cooling.dry_cooler]]`): fans over a coil, no water.
    #[serde(default)]
    pub dry_cooler: Vec<DryCooler>,
    /// Free-cooling economizer.
    #[serde(default)]
    pub economizer: Economizer,
    /// Computer-room air handlers serving air-cooled heat.
    #[serde(default)]
    pub crah: AirHandling,
    /// Coolant distribution units serving liquid-cooled heat.
    #[serde(default)]
    pub cdu: CoolantDistribution,
}

fn default_plant_redundancy() -> Redundancy {
    Redundancy::NPlus1
}
fn default_chw_supply() -> f64 {
    18.0
}
fn default_chw_delta() -> f64 {
    6.0
}
fn default_liquid_class() -> LiquidClass {
    LiquidClass::W32
}
fn default_pump() -> f64 {
    20.0
}

/// Whether a chiller rejects heat to condenser water (via towers) or to outdoor air.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChillerKind {
    /// Condenser water from cooling towers: condenser tracks the wet-bulb.
    WaterCooled,
    /// Air-cooled condenser: condenser tracks the dry-bulb.
    AirCooled,
}

/// A class of identical electric chillers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Chiller {
    /// Unique name.
    pub name: String,
    /// Condenser type.
    pub kind: ChillerKind,
    /// Rated cooling capacity of one unit at the curve's reference conditions (MW thermal).
    pub unit_mw: f64,
    /// Performance curve set from the chiller curve library (`dcplan info --curves` lists
    /// them); the set's curves are scaled to `unit_mw`.
    pub curve: String,
    /// Units installed at the start. Default 0.
    #[serde(default)]
    pub existing_units: u32,
    /// Most units the plant can hold.
    pub max_units: u32,
    /// Installed cost (USD per kW of cooling).
    pub capex_usd_per_kw: f64,
    /// Fixed O&M (USD per kW-year). Default 0.
    #[serde(default)]
    pub fixed_om_usd_per_kw_year: f64,
    /// Years from order to operation.
    pub lead_time_years: u32,
    /// Depreciable life (years). Default 20.
    #[serde(default = "default_plant_life")]
    pub lifetime_years: u32,
}

fn default_plant_life() -> u32 {
    20
}

/// A chilled-water storage tank (stratified, atmospheric): its water joins the chilled-water
/// loop's thermal mass while the pumps run. `dcplan plan` buys `min_m3` from the first year it
/// can be in service, at `capex_usd_per_m3`; the plan ↔ simulate loop raises `min_m3` when a
/// ride-through target is missed on the air side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChilledWaterStorage {
    /// Installed cost (USD per m³ of tank), tank, foundation, diffusers and piping: from the
    /// site's own quotes (no default: costs vary tenfold with size and site).
    pub capex_usd_per_m3: f64,
    /// Largest tank the site can hold (m³).
    pub max_m3: f64,
    /// Tank in service before the horizon (m³). Default 0.
    #[serde(default)]
    pub existing_m3: f64,
    /// Tank to have from the first year it can be in service (m³). Default 0.
    #[serde(default)]
    pub min_m3: f64,
    /// Years from order to service. Default 1.
    #[serde(default = "default_storage_lead")]
    pub lead_time_years: u32,
    /// Service life (years). Default 30 (a steel or concrete tank outlives the plant around
    /// it).
    #[serde(default = "default_tank_life")]
    pub lifetime_years: u32,
}

fn default_storage_lead() -> u32 {
    1
}
fn default_tank_life() -> u32 {
    30
}

/// A class of identical open cooling towers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CoolingTower {
    /// Unique name.
    pub name: String,
    /// Heat rejection of one cell at its rating (MW thermal): water cooled over a 5.5 K range
    /// to `approach_k` above a `rated_wet_bulb_c` wet-bulb. At any other wet-bulb the cell
    /// rejects the same heat at design flow with its approach floating (wider in cooler air).
    pub unit_mw: f64,
    /// Leaving-water temperature above the wet-bulb at the rating (K). Default 4 (3–5
    /// typical).
    #[serde(default = "default_tower_approach")]
    pub approach_k: f64,
    /// Wet-bulb of the rating (°C). Default 25.6 (78 °F, the CTI STD-201 standard rating of
    /// catalogue capacities); a cell selected for the site states its design wet-bulb.
    #[serde(default = "default_tower_rated_wet_bulb")]
    pub rated_wet_bulb_c: f64,
    /// Fan power (kW per MW of heat rejected). Default 10.
    #[serde(default = "default_tower_fan")]
    pub fan_kw_per_mw: f64,
    /// Cycles of concentration (> 1): blowdown = evaporation / (cycles − 1). Default 4
    /// (3–6 typical).
    #[serde(default = "default_cycles")]
    pub cycles_of_concentration: f64,
    /// Drift loss as a fraction of circulating water (0–0.01). Default 0.00005 (0.005 %).
    #[serde(default = "default_drift")]
    pub drift_fraction: f64,
    /// Units installed at the start. Default 0.
    #[serde(default)]
    pub existing_units: u32,
    /// Most units the site can hold.
    pub max_units: u32,
    /// Installed cost (USD per kW of heat rejection).
    pub capex_usd_per_kw: f64,
    /// Years from order to operation.
    pub lead_time_years: u32,
    /// Depreciable life (years). Default 20.
    #[serde(default = "default_plant_life")]
    pub lifetime_years: u32,
}

fn default_tower_approach() -> f64 {
    4.0
}
fn default_tower_rated_wet_bulb() -> f64 {
    crate::physics::cooling_tower::CTI_RATING_WET_BULB_C
}
fn default_tower_fan() -> f64 {
    10.0
}
fn default_cycles() -> f64 {
    4.0
}
fn default_drift() -> f64 {
    0.000_05
}

/// A class of identical dry coolers (closed-circuit air-to-water heat exchangers).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DryCooler {
    /// Unique name.
    pub name: String,
    /// Heat rejection of one unit (MW thermal) where it just delivers `liquid_supply_c`: at a
    /// dry-bulb `approach_k` below it, with water entering 10 K warmer. Each hour's capacity
    /// scales with the entering water's excess over that hour's dry-bulb (fixed coil and fans).
    pub unit_mw: f64,
    /// Leaving-water temperature above the outdoor dry-bulb (K). Default 8 (5–10 typical).
    #[serde(default = "default_dry_approach")]
    pub approach_k: f64,
    /// Fan power (kW per MW of heat rejected). Default 25.
    #[serde(default = "default_dry_fan")]
    pub fan_kw_per_mw: f64,
    /// Units installed at the start. Default 0.
    #[serde(default)]
    pub existing_units: u32,
    /// Most units the site can hold.
    pub max_units: u32,
    /// Installed cost (USD per kW of heat rejection).
    pub capex_usd_per_kw: f64,
    /// Years from order to operation.
    pub lead_time_years: u32,
    /// Depreciable life (years). Default 20.
    #[serde(default = "default_plant_life")]
    pub lifetime_years: u32,
}

fn default_dry_approach() -> f64 {
    8.0
}
fn default_dry_fan() -> f64 {
    25.0
}

/// Which free-cooling path the plant has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EconomizerKind {
    /// No economizer: chillers carry the whole chilled-water load.
    #[default]
    None,
    /// Tower water through a plate heat exchanger bypasses the chillers when cold enough.
    WaterSide,
    /// Outdoor air is brought into the halls directly when cool enough.
    AirSide,
}

/// Free-cooling economizer settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Economizer {
    /// Economizer type. Default none.
    #[serde(default)]
    pub kind: EconomizerKind,
    /// Approach of the economizer heat exchanger (K). Default 1.5 (1–2 typical).
    #[serde(default = "default_hx_approach")]
    pub hx_approach_k: f64,
}

impl Default for Economizer {
    fn default() -> Self {
        Economizer {
            kind: EconomizerKind::None,
            hx_approach_k: default_hx_approach(),
        }
    }
}

fn default_hx_approach() -> f64 {
    1.5
}

/// Computer-room air handlers (CRAH / fan walls).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AirHandling {
    /// Cooling capacity of one unit (kW). Default 250.
    #[serde(default = "default_crah_unit")]
    pub unit_kw: f64,
    /// Fan power (kW per MW of air-side heat). Default 40.
    #[serde(default = "default_crah_fan")]
    pub fan_kw_per_mw: f64,
    /// Air temperature rise across the racks (K). Default 12.
    #[serde(default = "default_air_delta")]
    pub delta_t_k: f64,
    /// Redundancy of the units in each hall. Default "N+1".
    #[serde(default = "default_plant_redundancy")]
    pub redundancy: Redundancy,
    /// Installed cost (USD per kW of air-side cooling). Default 0 (in the hall's capex).
    #[serde(default)]
    pub capex_usd_per_kw: f64,
    /// Service life before like-for-like replacement (years). Default 20 (ASHRAE's median
    /// service life of fan-coil units and coils; docs/finance.md).
    #[serde(default = "default_fit_out_life")]
    pub lifetime_years: u32,
}

impl Default for AirHandling {
    fn default() -> Self {
        AirHandling {
            unit_kw: default_crah_unit(),
            fan_kw_per_mw: default_crah_fan(),
            delta_t_k: default_air_delta(),
            redundancy: default_plant_redundancy(),
            capex_usd_per_kw: 0.0,
            lifetime_years: default_fit_out_life(),
        }
    }
}

fn default_fit_out_life() -> u32 {
    20
}
fn default_crah_unit() -> f64 {
    250.0
}
fn default_crah_fan() -> f64 {
    40.0
}
fn default_air_delta() -> f64 {
    12.0
}

/// Coolant distribution units between facility water and the racks' liquid loop.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CoolantDistribution {
    /// Capacity of one unit (kW). Default 1500.
    #[serde(default = "default_cdu_unit")]
    pub unit_kw: f64,
    /// Pump power (kW per MW of liquid-side heat). Default 15.
    #[serde(default = "default_cdu_pump")]
    pub pump_kw_per_mw: f64,
    /// Rack coolant supply above facility-water supply (K). Default 3.
    #[serde(default = "default_cdu_approach")]
    pub approach_k: f64,
    /// Redundancy of the units in each hall. Default "N+1".
    #[serde(default = "default_plant_redundancy")]
    pub redundancy: Redundancy,
    /// Installed cost (USD per kW of liquid-side cooling). Default 0 (in the hall's capex).
    #[serde(default)]
    pub capex_usd_per_kw: f64,
    /// Service life before like-for-like replacement (years). Default 20.
    #[serde(default = "default_fit_out_life")]
    pub lifetime_years: u32,
}

impl Default for CoolantDistribution {
    fn default() -> Self {
        CoolantDistribution {
            unit_kw: default_cdu_unit(),
            pump_kw_per_mw: default_cdu_pump(),
            approach_k: default_cdu_approach(),
            redundancy: default_plant_redundancy(),
            capex_usd_per_kw: 0.0,
            lifetime_years: default_fit_out_life(),
        }
    }
}

fn default_cdu_unit() -> f64 {
    1500.0
}
fn default_cdu_pump() -> f64 {
    15.0
}
fn default_cdu_approach() -> f64 {
    3.0
}

/// A class of identical plant units bought in whole units: chillers, towers, dry coolers and
/// generators share this shape, so the planner treats them uniformly (`PyPSA`'s "nominal
/// components" — a new kind of unit is data plus this small impl).
pub trait UnitClass {
    /// The class's name.
    fn name(&self) -> &str;
    /// Rating of one unit (MW, thermal or electric).
    fn unit_mw(&self) -> f64;
    /// Units in service before the horizon.
    fn existing_units(&self) -> u32;
    /// Most units the site can hold.
    fn max_units(&self) -> u32;
    /// Installed cost (USD per kW of rating).
    fn capex_usd_per_kw(&self) -> f64;
    /// Years from order to service.
    fn lead_time_years(&self) -> u32;
}

macro_rules! unit_class {
    ($($ty:ty),*) => {$(
        impl UnitClass for $ty {
            fn name(&self) -> &str { &self.name }
            fn unit_mw(&self) -> f64 { self.unit_mw }
            fn existing_units(&self) -> u32 { self.existing_units }
            fn max_units(&self) -> u32 { self.max_units }
            fn capex_usd_per_kw(&self) -> f64 { self.capex_usd_per_kw }
            fn lead_time_years(&self) -> u32 { self.lead_time_years }
        }
    )*};
}

unit_class!(
    Chiller,
    CoolingTower,
    DryCooler,
    super::generator::Generator
);
