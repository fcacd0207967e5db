//! The RC network of one hall, its parameters derived from the site and the build.
//!
//! Nodes: supply (cold-aisle) air, return (hot-aisle) air, one equipment-mass node per rack
//! whose exhaust leaves at the node temperature, the racks' liquid loop (technology cooling
//! system, behind the CDUs), the facility-water supply that feeds the CDUs, and the
//! chilled-water supply that feeds the CRAHs (with an optional storage tank). Racks are stored
//! as structure-of-arrays so the per-step kernel streams over plain `f64` slices.

use crate::physics::psychro::standard_pressure_pa;
use crate::site::free_cooling::LIQUID_LOOP_DELTA_K;
use crate::site::plant::CoolingPowerRates;
use crate::site::{AshraeClass, Hall, Site};

use super::build::Installed;

/// Specific heat of air (J/(kg·K)); shared/reference: cp ≈ 1.006 kJ/(kg·K).
pub const AIR_CP_J_PER_KG_K: f64 = 1006.0;
/// Density of air at sea level (kg/m³); shared/reference: ρ ≈ 1.2, corrected for site pressure.
pub const AIR_DENSITY_SEA_LEVEL: f64 = 1.2;
/// Specific heat of water (J/(kg·K)); shared/reference: 4.18 kJ/(kg·K).
pub const WATER_CP_J_PER_KG_K: f64 = 4180.0;
/// Specific heat of loaded IT equipment (J/(kg·K)). Assumed: racks are mostly steel
/// (≈ 0.49 kJ/(kg·K)), aluminium (≈ 0.9) and copper (≈ 0.39); 0.5 is a steel-dominated mix.
pub const EQUIPMENT_CP_J_PER_KG_K: f64 = 500.0;
/// Time water takes to go round a liquid loop (s); with the flow from heat and ΔT it sets the
/// facility-water and rack-coolant loops' water volume (volume = flow × transit). Assumed: one
/// minute, a campus-scale loop.
pub const LOOP_TRANSIT_S: f64 = 60.0;
/// Default chilled-water loop volume per watt of design air-side heat (m³/W): 6.5 L/kW, the
/// process-cooling minimum of chiller makers' loop-volume guidance (see
/// `Cooling::chilled_water_loop_m3`).
pub const DEFAULT_CHW_LOOP_M3_PER_W: f64 = 6.5e-3 / 1000.0;
/// Racks per row: recirculation is worst at row ends, where hot air wraps round.
pub const ROW_RACKS: usize = 20;
/// Default recirculation share at the middle of a row (hot exhaust reaching the inlet). Row
/// ends get three times as much. Assumed: a contained aisle leaks a few percent.
pub const DEFAULT_RECIRCULATION: f64 = 0.05;
/// Smallest CRAH coil approach (K): supply air cannot be colder than chilled water + this.
const MIN_COIL_APPROACH_K: f64 = 1.0;
/// Smallest chilled-water loop heat capacity of a hall (J/K): 0.1 m³ of water, a few metres
/// of pipe. Only a hall with (almost) no air-side heat falls back on it.
pub const MIN_LOOP_CAPACITY_J_PER_K: f64 = 0.1 * 1000.0 * WATER_CP_J_PER_KG_K;

/// One hall's network, its rack arrays built for a fixed step.
#[derive(Debug, Clone)]
pub struct HallNetwork {
    /// Hall index in the site.
    pub hall: usize,
    /// ASHRAE class whose allowable range bounds rack inlets.
    pub class: AshraeClass,
    /// Upper bound of the facility-water supply (°C, the site's W class).
    pub liquid_max_c: f64,
    /// Racks of each type: (rack type index, first rack, count), racks grouped by type.
    pub groups: Vec<(usize, usize, usize)>,
    /// Per rack: recirculation share r, inlet = supply + r (exhaust − supply).
    pub recirc: Vec<f64>,
    /// Per rack: equipment heat capacity on the air side (J/K).
    pub capacity: Vec<f64>,
    /// Per rack: air-side conductance to supply air, `ṁ cp (1 − r)` (W/K).
    pub conductance: Vec<f64>,
    /// The racks' one-step coefficients at the run's step.
    pub steps: RackSteps,
    /// Per rack type: design power (W) and liquid fraction.
    pub types: Vec<(f64, f64)>,
    /// Supply- and return-air heat capacities (J/K), half the hall's air each.
    pub c_air: f64,
    /// Air flow × cp through the racks and CRAHs (W/K).
    pub m_air: f64,
    /// Chilled-water loop heat capacity without storage (J/K): the hall's share of
    /// `chilled_water_loop_m3` (by design air-side heat), or the default volume per kW.
    pub c_chw: f64,
    /// CRAH fan power per watt of air-side heat: heat the fans add to the hall air.
    pub crah_fan: f64,
    /// Rack liquid loop (TCS) heat capacity, with the liquid share of the rack masses (J/K).
    pub c_tcs: f64,
    /// Facility-water loop heat capacity (J/K).
    pub c_fw: f64,
    /// Supply-air setpoint (°C).
    pub supply_set_c: f64,
    /// Chilled-water supply setpoint (°C).
    pub chw_set_c: f64,
    /// CRAH coil approach: supply air ≥ chilled water + this (K).
    pub coil_approach_k: f64,
    /// Facility-water supply setpoint (°C).
    pub fw_set_c: f64,
    /// CDU approach: rack coolant ≥ facility water + this (K).
    pub cdu_approach_k: f64,
    /// CRAH units installed (at the site's CRAH redundancy) and one unit's capacity (W).
    pub crah: (u32, f64),
    /// CDU units installed and one unit's capacity (W).
    pub cdu: (u32, f64),
    /// Share of its plant serving this hall: its design heat over that of the halls sharing
    /// the plant (its block's, or the site's when the plant is pooled).
    pub plant_share: f64,
    /// Its design heat over the site's: its share of what the whole site has, such as a
    /// chilled-water tank.
    pub site_share: f64,
    /// The block whose plant it shares ([`Installed::blocks`]); `None`: the site's.
    pub block: Option<usize>,
    /// UPS × distribution efficiency.
    pub chain_efficiency: f64,
    /// Design air-side and liquid-side heat (W).
    pub design_heat: (f64, f64),
}

/// Per-rack coefficients of the exact update over one step of `step_s` seconds of a rack node
/// whose supply air moves linearly over the step from `s` to `s'`:
///
/// `C dT/dt = P − G (T − T_s(t))` gives `T' = s' + decay (T − s') + drive − lag (s' − s)` with
/// `decay = e^(−x)`, `x = G h / C`, `drive = gain P`, `gain = (1 − decay) / G` and
/// `lag = (1 − decay) / x − decay ≥ 0`: the part of the supply's change over the step the
/// rack has not yet followed at its end (0 for a supply that does not move). Advancing the
/// racks at the end-of-step supply for the whole step, as before, ran them hot by
/// `lag (s' − s)` and coupled them to the air as if the supply had jumped at the step's start.
#[derive(Debug, Clone, PartialEq)]
pub struct RackSteps {
    /// Step (s).
    pub step_s: f64,
    /// Per rack: `exp(−G h / C)`.
    pub decay: Vec<f64>,
    /// Per rack: temperature rise per watt over the step, `(1 − decay) / G` (K/W).
    pub gain: Vec<f64>,
    /// Per rack: `(1 − decay) / x − decay`, see the type's docs.
    pub lag: Vec<f64>,
    /// Per rack: `C (1 − decay)` (J/K), how much of a supply change the rack absorbs in a step.
    pub weight: Vec<f64>,
    /// Σ `weight` over the racks (J/K).
    pub exchange: f64,
    /// Σ `C lag` over the racks (J/K).
    pub lag_exchange: f64,
}

impl RackSteps {
    /// The coefficients of racks with air-side `conductance` (W/K) and `capacity` (J/K) for
    /// steps of `step_s` seconds.
    pub fn new(conductance: &[f64], capacity: &[f64], step_s: f64) -> RackSteps {
        let n = conductance.len();
        let mut s = RackSteps {
            step_s,
            decay: Vec::with_capacity(n),
            gain: Vec::with_capacity(n),
            lag: Vec::with_capacity(n),
            weight: Vec::with_capacity(n),
            exchange: 0.0,
            lag_exchange: 0.0,
        };
        for (&g, &cap) in conductance.iter().zip(capacity) {
            let (decay, gain, lag) = rack_coefficients(g, cap, step_s);
            s.decay.push(decay);
            s.gain.push(gain);
            s.lag.push(lag);
            s.weight.push(cap * (1.0 - decay));
            s.exchange += cap * (1.0 - decay);
            s.lag_exchange += cap * lag;
        }
        s
    }
}

/// Recirculation share of rack `j` in its row: `base` mid-row rising linearly to 3 × `base`
/// at the row ends.
pub fn recirculation(base: f64, j: usize) -> f64 {
    let p = (j % ROW_RACKS) as f64;
    let mid = (ROW_RACKS as f64 - 1.0) / 2.0;
    base * (1.0 + 2.0 * (p - mid).abs() / mid)
}

/// Builds every hall that has racks, for steps of `step_s` seconds.
pub fn halls(site: &Site, build: &Installed, step_s: f64, recirc_base: f64) -> Vec<HallNetwork> {
    let designs: Vec<(f64, f64)> = site
        .hall
        .iter()
        .enumerate()
        .map(|(h, hall)| design_heat(site, build, h, hall))
        .collect();
    // The plant is shared by each hall's heat at design: air side with the CRAH fans' heat
    // (which the coils remove too, as the planner counts it), and liquid side.
    let crah_fan = CoolingPowerRates::of(site).crah_fan;
    let heat = |d: &(f64, f64)| d.0 * (1.0 + crah_fan) + d.1;
    let site_heat: f64 = designs.iter().map(heat).sum();
    // The heat of the halls sharing hall h's plant: its block's, or the site's.
    let sharing_heat = |h: usize| match build.block_of(h) {
        Some(b) => build.blocks[b]
            .halls
            .iter()
            .map(|&x| heat(&designs[x]))
            .sum(),
        None => site_heat,
    };
    let site_air: f64 = designs
        .iter()
        .enumerate()
        .filter(|(h, _)| build.racks[*h].iter().any(|&n| n > 0))
        .map(|(_, d)| d.0)
        .sum();
    site.hall
        .iter()
        .enumerate()
        .filter(|(h, _)| build.racks[*h].iter().any(|&n| n > 0))
        .map(|(h, hall)| {
            let share = heat(&designs[h]) / sharing_heat(h);
            // The hall's chilled-water loop: its share of the site's by air-side heat.
            let loop_m3 = match site.cooling.chilled_water_loop_m3 {
                Some(m3) if site_air > 0.0 => m3 * designs[h].0 / site_air,
                Some(_) => 0.0,
                None => designs[h].0 * DEFAULT_CHW_LOOP_M3_PER_W,
            };
            // A storage tank's water joins the loop's, shared the same way.
            let tank_m3 = if site_air > 0.0 {
                build.chw_storage_m3 * designs[h].0 / site_air
            } else {
                0.0
            };
            let loop_m3 = loop_m3 + tank_m3;
            let mut net = network(site, build, h, hall, designs[h], share, step_s, recirc_base);
            net.site_share = heat(&designs[h]) / site_heat;
            net.block = build.block_of(h);
            // Floored so that a hall with no air-side heat (all-liquid racks, lossless power
            // chain) still has a chilled-water node with a heat capacity.
            net.c_chw = (loop_m3 * 1000.0 * WATER_CP_J_PER_KG_K).max(MIN_LOOP_CAPACITY_J_PER_K);
            net
        })
        .collect()
}

/// Design (utilisation 1) air-side heat, losses included, and liquid-side heat of a hall (W).
fn design_heat(site: &Site, build: &Installed, h: usize, hall: &Hall) -> (f64, f64) {
    let eta = hall.ups_efficiency * hall.distribution_efficiency;
    let (mut air, mut liquid) = (0.0, 0.0);
    for (r, rack) in site.rack.iter().enumerate() {
        let p = f64::from(build.racks[h][r]) * rack.design_kw * 1000.0;
        air += p * (1.0 - rack.liquid_fraction) + p * (1.0 / eta - 1.0);
        liquid += p * rack.liquid_fraction;
    }
    (air, liquid)
}

#[allow(clippy::too_many_arguments)]
fn network(
    site: &Site,
    build: &Installed,
    h: usize,
    hall: &Hall,
    design: (f64, f64),
    plant_share: f64,
    step_s: f64,
    recirc_base: f64,
) -> HallNetwork {
    let c = &site.cooling;
    let delta_t = c.crah.delta_t_k;
    let n: usize = build.racks[h].iter().map(|&k| k as usize).sum();
    let mut net = HallNetwork {
        hall: h,
        class: hall.ashrae_class,
        liquid_max_c: c.liquid_class.max_supply_c(),
        groups: Vec::new(),
        recirc: Vec::with_capacity(n),
        capacity: Vec::with_capacity(n),
        conductance: Vec::with_capacity(n),
        steps: RackSteps::new(&[], &[], step_s),
        types: site
            .rack
            .iter()
            .map(|r| (r.design_kw * 1000.0, r.liquid_fraction))
            .collect(),
        c_air: 0.0,
        m_air: 0.0,
        c_chw: 0.0,
        crah_fan: CoolingPowerRates::of(site).crah_fan,
        c_tcs: 0.0,
        c_fw: 0.0,
        supply_set_c: hall.supply_air_c,
        chw_set_c: c.chilled_water_supply_c,
        coil_approach_k: (hall.supply_air_c - c.chilled_water_supply_c).max(MIN_COIL_APPROACH_K),
        fw_set_c: c.liquid_supply_c.unwrap_or(c.chilled_water_supply_c),
        cdu_approach_k: c.cdu.approach_k,
        crah: (0, c.crah.unit_kw * 1000.0),
        cdu: (0, c.cdu.unit_kw * 1000.0),
        plant_share,
        site_share: plant_share,
        block: None,
        chain_efficiency: hall.ups_efficiency * hall.distribution_efficiency,
        design_heat: design,
    };
    let mut liquid_mass_capacity = 0.0;
    for (r, rack) in site.rack.iter().enumerate() {
        let count = build.racks[h][r] as usize;
        if count == 0 {
            continue;
        }
        let first = net.recirc.len();
        net.groups.push((r, first, count));
        let air_w = rack.design_kw * 1000.0 * (1.0 - rack.liquid_fraction);
        let m_cp = air_w / delta_t;
        let cap = rack.mass_kg * EQUIPMENT_CP_J_PER_KG_K * (1.0 - rack.liquid_fraction);
        liquid_mass_capacity +=
            count as f64 * rack.mass_kg * EQUIPMENT_CP_J_PER_KG_K * rack.liquid_fraction;
        for j in first..first + count {
            // A rack with no air-side heat (liquid fraction 1) moves no air: its inlet is the
            // supply air, and it neither stores nor exchanges heat with the hall air.
            let r_j = if m_cp > 0.0 {
                recirculation(recirc_base, j)
            } else {
                0.0
            };
            net.recirc.push(r_j);
            net.capacity.push(cap);
            net.conductance.push(m_cp * (1.0 - r_j));
        }
    }
    net.steps = RackSteps::new(&net.conductance, &net.capacity, step_s);
    // Air flow from heat and ΔT: the CRAHs move the racks' air heat and the hall's electrical
    // losses at the racks' design temperature rise.
    net.m_air = design.0 / delta_t;
    let elevation = site.site.elevation_m.unwrap_or(0.0);
    let rho = AIR_DENSITY_SEA_LEVEL * standard_pressure_pa(elevation) / standard_pressure_pa(0.0);
    let volume = hall.floor_area_m2() * hall.ceiling_height_m;
    net.c_air = rho * volume / 2.0 * AIR_CP_J_PER_KG_K;
    // Liquid loop water mass = flow × transit time, flow = heat / (cp ΔT): the cp cancels.
    let liquid_loop = design.1 / LIQUID_LOOP_DELTA_K * LOOP_TRANSIT_S;
    net.c_tcs = liquid_loop + liquid_mass_capacity;
    net.c_fw = liquid_loop;
    // The CRAHs carry the air-side heat and their own fans' heat.
    net.crah.0 = c
        .crah
        .redundancy
        .units_for((design.0 * (1.0 + net.crah_fan) / net.crah.1).ceil() as u32);
    net.cdu.0 = c
        .cdu
        .redundancy
        .units_for((design.1 / net.cdu.1).ceil() as u32);
    net
}

/// Exact one-step coefficients `(decay, gain, lag)` of a rack node with air-side conductance
/// `g` (W/K) and heat capacity `cap` (J/K) ([`RackSteps`]): `decay = exp(−x)`,
/// `gain = (1 − decay) / g`, `lag = (1 − decay) / x − decay`, `x = g h / cap`.
/// Degenerate racks get finite values: no capacity and no conductance (no air-side heat at
/// all) decay 1, gain 0; no capacity but a conductance settle within the step (decay 0,
/// gain 1/g); a capacity but no conductance accumulate (decay 1, gain h / cap); none of them
/// lags the supply.
pub fn rack_coefficients(g: f64, cap: f64, step_s: f64) -> (f64, f64, f64) {
    match (g > 0.0, cap > 0.0) {
        (true, true) => {
            let x = g * step_s / cap;
            // 1 − e^(−x) without cancellation for short steps.
            let settled = -(-x).exp_m1();
            let decay = 1.0 - settled;
            (decay, settled / g, (settled / x - decay).max(0.0))
        }
        (true, false) => (0.0, 1.0 / g, 0.0),
        (false, true) => (1.0, step_s / cap, 0.0),
        (false, false) => (1.0, 0.0, 0.0),
    }
}

impl HallNetwork {
    /// The first coefficient that is not a finite number, named, or `None` when all are: a
    /// NaN or infinity here would spread through the hall and make every check pass.
    pub fn non_finite(&self) -> Option<String> {
        let arrays: [(&str, &[f64]); 7] = [
            ("rack decay", &self.steps.decay),
            ("rack gain", &self.steps.gain),
            ("rack lag", &self.steps.lag),
            ("rack recirculation", &self.recirc),
            ("rack heat capacity", &self.capacity),
            ("rack conductance", &self.conductance),
            ("rack weight", &self.steps.weight),
        ];
        for (name, values) in arrays {
            if let Some(i) = values.iter().position(|v| !v.is_finite()) {
                return Some(format!("{name} of rack #{i} is {}", values[i]));
            }
        }
        let scalars = [
            ("rack exchange", self.steps.exchange),
            ("rack lag exchange", self.steps.lag_exchange),
            ("air heat capacity", self.c_air),
            ("air flow", self.m_air),
            ("chilled-water heat capacity", self.c_chw),
            ("liquid-loop heat capacity", self.c_tcs),
            ("facility-water heat capacity", self.c_fw),
            ("plant share", self.plant_share),
            ("site share", self.site_share),
            ("power-chain efficiency", self.chain_efficiency),
            ("design air-side heat", self.design_heat.0),
            ("design liquid-side heat", self.design_heat.1),
        ];
        scalars
            .iter()
            .find(|(_, v)| !v.is_finite())
            .map(|(name, v)| format!("{name} is {v}"))
    }

    /// Racks in the hall.
    pub fn len(&self) -> usize {
        self.recirc.len()
    }

    /// Whether the hall has no racks.
    pub fn is_empty(&self) -> bool {
        self.recirc.is_empty()
    }

    /// Rack type of rack `i`.
    pub fn rack_type(&self, i: usize) -> usize {
        self.groups
            .iter()
            .find(|g| i >= g.1 && i < g.1 + g.2)
            .map_or(0, |g| g.0)
    }
}
