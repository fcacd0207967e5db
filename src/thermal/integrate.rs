//! One time step of a hall: the rack kernel (exact exponential per rack) and the hall nodes
//! (backward Euler for the two air nodes, which exchange heat every few seconds, solved
//! together with the racks' response; CRAHs, CDUs and plant controlled to their setpoints
//! within one step, each limited to its available capacity, and solved together with the
//! water node they are limited by once the plant falls short).
//!
//! Every heat transfer is booked once with opposite signs on its two nodes, so the energy
//! balance closes to rounding whatever the step.

// The solves below name their unknowns and coefficients as the equations in their doc
// comments do (x, y, z, h, q, r); longer names would hide the algebra.
#![allow(clippy::many_single_char_names)]

use super::network::{HallNetwork, RackSteps};

/// Lanes of the rack kernel: racks are processed in fixed chunks of this many, each lane with
/// its own partial sums, so sums are reassociated the same way at any thread count.
const LANES: usize = 8;

/// Temperatures of one hall (°C).
#[derive(Debug, Clone, PartialEq)]
pub struct HallState {
    /// Per rack: equipment mass, which is also its exhaust temperature.
    pub rack: Vec<f64>,
    /// Σ C(1 − decay)·T over the racks (J), kept with them for the air solve.
    pub weighted: f64,
    /// Supply (cold-aisle) air.
    pub supply: f64,
    /// Return (hot-aisle) air.
    pub ret: f64,
    /// Chilled-water supply (loop and storage tank, mixed).
    pub chw: f64,
    /// Rack liquid loop behind the CDUs.
    pub tcs: f64,
    /// Facility-water supply to the CDUs.
    pub fw: f64,
}

/// Heat flows of one hall over one hour, all in W.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Loads {
    /// Rack IT power.
    pub it: f64,
    /// Rack heat to air.
    pub rack_air: f64,
    /// UPS and distribution losses (to the hall air).
    pub losses: f64,
    /// CRAH fan power, which ends up as heat in the hall air (`CoolingPowerRates::crah_fan`
    /// × rack air heat and losses).
    pub fans: f64,
    /// Rack heat to liquid.
    pub liquid: f64,
}

/// What each cooling stage can remove this step (W).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Available {
    /// CRAH coils (units in service × unit capacity).
    pub crah: f64,
    /// CDUs.
    pub cdu: f64,
    /// Free cooling on the chilled-water loop (economizer).
    pub air_free: f64,
    /// Free cooling on the facility-water loop (dry coolers or tower water).
    pub liquid_free: f64,
    /// Chillers (this hall's share, at this hour's condenser temperature).
    pub chillers: f64,
}

/// Heat removed by the plant in one step (J).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Removed {
    /// By free cooling, chilled-water side.
    pub air_free: f64,
    /// By free cooling, facility-water side.
    pub liquid_free: f64,
    /// By chillers, both loops.
    pub chillers: f64,
}

impl Removed {
    /// Total heat that left the hall's network (J).
    pub fn total(&self) -> f64 {
        self.air_free + self.liquid_free + self.chillers
    }
}

/// Rack result of one step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RackStep {
    /// Σ C(1 − decay)·T over the racks after the step (J): what the next step's air solve
    /// needs of the rack temperatures.
    pub weighted: f64,
    /// Hottest rack inlet (°C).
    pub max_inlet: f64,
}

/// Advances every rack by one step of `steps` while the supply air moves linearly from
/// `supply.0` to `supply.1`, and returns Σ C(1 − decay)·T and the hottest inlet; `peak` keeps
/// each rack's hottest inlet.
///
/// Rack i: `C dT/dt = P − G (T − T_s(t))`, integrated exactly for constant `P` and a linear
/// `T_s` ([`RackSteps`]): `T' = s' + decay (T − s') + drive − lag (s' − s)`; its inlet is
/// `s' + r (T' − s')`. The heat the racks give the air over the step is then
/// `Σ P h − Σ C (T' − T) = P h + S − D − Ψ s − (B − Ψ) s'` with `S = Σ C(1 − decay) T`,
/// `D = Σ C drive`, `B = Σ C(1 − decay)` and `Ψ = Σ C lag`: affine in `s'`, so the air nodes
/// can be solved implicitly with the racks.
pub fn rack_step(
    temps: &mut [f64],
    peak: &mut [f64],
    net: &HallNetwork,
    steps: &RackSteps,
    drive: &[f64],
    supply: (f64, f64),
) -> RackStep {
    // A supply held at its setpoint (most steps of a year) does not move: the lag term is
    // then exactly zero and its array is not read (same bits either way).
    if supply.1.to_bits() == supply.0.to_bits() {
        racks::<false, true>(temps, peak, net, steps, drive, supply)
    } else {
        racks::<true, true>(temps, peak, net, steps, drive, supply)
    }
}

/// [`rack_step`], with the supply's move over the step (`MOVES`) or without, keeping the
/// inlets (`TRACK`: each rack's peak and the hottest) or not (`max_inlet` is then −∞).
fn racks<const MOVES: bool, const TRACK: bool>(
    temps: &mut [f64],
    peak: &mut [f64],
    net: &HallNetwork,
    steps: &RackSteps,
    drive: &[f64],
    supply: (f64, f64),
) -> RackStep {
    let full = temps.len() - temps.len() % LANES;
    let mut stored = [0.0; LANES];
    let mut hottest = [f64::NEG_INFINITY; LANES];
    let (s1, ds) = (supply.1, supply.1 - supply.0);
    let behind = |lag: f64| if MOVES { lag * ds } else { 0.0 };
    // Whole chunks as fixed-size arrays: no bounds checks, one vector register per pair of
    // lanes. Lags are not read when the supply holds (`behind` is then 0).
    let (temps_full, temps_rest) = temps.as_chunks_mut::<LANES>();
    let (peak_full, peak_rest) = peak.as_chunks_mut::<LANES>();
    let chunks = temps_full
        .iter_mut()
        .zip(peak_full.iter_mut())
        .zip(steps.decay.as_chunks::<LANES>().0)
        .zip(drive.as_chunks::<LANES>().0)
        .zip(steps.lag.as_chunks::<LANES>().0)
        .zip(net.recirc.as_chunks::<LANES>().0)
        .zip(steps.weight.as_chunks::<LANES>().0);
    for ((((((tc, pc), a), d), g), r), c) in chunks {
        for l in 0..LANES {
            let tn = s1 + a[l] * (tc[l] - s1) + d[l] - behind(g[l]);
            tc[l] = tn;
            if TRACK {
                let inlet = s1 + r[l] * (tn - s1);
                pc[l] = if inlet > pc[l] { inlet } else { pc[l] };
                hottest[l] = if inlet > hottest[l] {
                    inlet
                } else {
                    hottest[l]
                };
            }
            stored[l] += c[l] * tn;
        }
    }
    for (l, (t, p)) in temps_rest.iter_mut().zip(peak_rest).enumerate() {
        let i = full + l;
        let tn = s1 + steps.decay[i] * (*t - s1) + drive[i] - behind(steps.lag[i]);
        *t = tn;
        if TRACK {
            let inlet = s1 + net.recirc[i] * (tn - s1);
            *p = p.max(inlet);
            hottest[l] = hottest[l].max(inlet);
        }
        stored[l] += steps.weight[i] * tn;
    }
    RackStep {
        weighted: stored.iter().sum(),
        max_inlet: hottest.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    }
}

/// Leaves out the inlets of the steps inside a run of steps at one held supply and one drive,
/// where they cannot set a peak.
///
/// Over such a run every rack follows `T' − s = decay (T − s) + drive` with `0 < decay < 1`:
/// it moves monotonically towards its steady state, and so does its inlet
/// `s + r (T − s)` (`r ≥ 0`). A rack's hottest inlet over the run is then at its first or its
/// last step, and so is the hall's. The run's first step keeps the inlets as usual; the
/// steps after it only advance the racks and their Σ C(1 − decay)·T (same bits as the full
/// kernel), and the inlets of the run's last step are kept when the run ends: at a step
/// whose supply moves or differs, or at [`end_hour`](PeakRun::end_hour) (the drive changes
/// with the hour). The racks' temperatures and the air solve are exactly those of
/// [`rack_step`] at every step.
#[derive(Debug, Clone, Copy, Default)]
pub struct PeakRun {
    /// The last step was held at its supply (a run is open).
    held: bool,
    /// Steps of the run have advanced the racks without keeping their inlets.
    pending: bool,
}

impl PeakRun {
    /// [`rack_step`] within a run (see the type's docs).
    pub fn rack_step(
        &mut self,
        temps: &mut [f64],
        peak: &mut [f64],
        net: &HallNetwork,
        steps: &RackSteps,
        drive: &[f64],
        supply: (f64, f64),
    ) -> RackStep {
        let held = supply.1.to_bits() == supply.0.to_bits();
        if held && self.held {
            self.pending = true;
            return racks::<false, false>(temps, peak, net, steps, drive, supply);
        }
        let ended = self.close(temps, peak, net, supply.0);
        self.held = held;
        let step = rack_step(temps, peak, net, steps, drive, supply);
        RackStep {
            max_inlet: step.max_inlet.max(ended),
            ..step
        }
    }

    /// Ends the run at the end of an hour, its racks at `supply`: keeps the last step's
    /// inlets and returns its hottest (−∞ if they were kept already).
    pub fn end_hour(
        &mut self,
        temps: &[f64],
        peak: &mut [f64],
        net: &HallNetwork,
        supply: f64,
    ) -> f64 {
        self.held = false;
        self.close(temps, peak, net, supply)
    }

    fn close(&mut self, temps: &[f64], peak: &mut [f64], net: &HallNetwork, supply: f64) -> f64 {
        if !std::mem::take(&mut self.pending) {
            return f64::NEG_INFINITY;
        }
        let mut hottest = f64::NEG_INFINITY;
        for ((&t, &r), p) in temps.iter().zip(&net.recirc).zip(peak.iter_mut()) {
            let inlet = supply + r * (t - supply);
            *p = p.max(inlet);
            hottest = hottest.max(inlet);
        }
        hottest
    }
}

/// Σ C(1 − decay)·T of the racks for steps of `steps`: what [`step`] needs of the rack
/// temperatures when the step length changes (a step split at a plant event).
pub fn weighted(state: &HallState, steps: &RackSteps) -> f64 {
    state
        .rack
        .iter()
        .zip(&steps.weight)
        .map(|(t, w)| t * w)
        .sum()
}

/// The hottest rack inlet of `state` (°C).
pub fn max_inlet(net: &HallNetwork, state: &HallState) -> f64 {
    (0..net.len())
        .map(|i| inlet(net, state, i))
        .fold(f64::NEG_INFINITY, f64::max)
}

/// Inlet temperature of rack `i` (°C).
pub fn inlet(net: &HallNetwork, state: &HallState, i: usize) -> f64 {
    state.supply + net.recirc[i] * (state.rack[i] - state.supply)
}

/// Tracks the coldest rack inlet without a second pass over the racks at every step: the
/// rack kernel only keeps the hottest (a running minimum there too cost ~15 %).
///
/// It carries a lower bound `m` on every rack's `T − T_s`. Over a step with the supply moving
/// from `T_s` to `T_s'`, `T' − T_s' = decay (T − T_s + T_s − T_s') + drive − lag (T_s' − T_s)`
/// with `drive ≥ 0`, so `m' = decay_min x` when `x = m + T_s − T_s' ≥ 0`, else
/// `decay_max x`, less `lag_max (T_s' − T_s)` for a rising supply (`lag_min` for a falling
/// one); the inlets `T_s' + r (T' − T_s')` are then at least `T_s' + r_min m'` (`m' ≥ 0`) or
/// `T_s' + r_max m'`. Only when that bound is below `threshold` are the racks scanned for
/// the exact minimum (and `m` made exact again).
#[derive(Debug, Clone, Copy)]
pub struct ColdestInlet {
    /// Lower bound on every rack's temperature above the supply air (K).
    m: f64,
    /// Supply air the bound refers to (°C).
    supply: f64,
    decay: (f64, f64),
    lag: (f64, f64),
    recirc: (f64, f64),
    threshold: f64,
}

impl ColdestInlet {
    /// Starts from `state` (exact), for inlets that matter below `threshold` (°C).
    pub fn new(net: &HallNetwork, state: &HallState, threshold: f64) -> ColdestInlet {
        let range = |v: &[f64]| {
            v.iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
                    (lo.min(x), hi.max(x))
                })
        };
        let mut c = ColdestInlet {
            m: 0.0,
            supply: state.supply,
            decay: range(&net.steps.decay),
            lag: range(&net.steps.lag),
            recirc: range(&net.recirc),
            threshold,
        };
        c.rescan(net, state);
        c
    }

    /// Exact: scans the racks, resets the bound and returns the coldest inlet (°C).
    fn rescan(&mut self, net: &HallNetwork, state: &HallState) -> f64 {
        let s = state.supply;
        let (mut m, mut coldest) = (f64::INFINITY, f64::INFINITY);
        for (t, r) in state.rack.iter().zip(&net.recirc) {
            m = m.min(t - s);
            coldest = coldest.min(s + r * (t - s));
        }
        (self.m, self.supply) = (m, s);
        coldest
    }

    /// After a rack step (`state` holds the new rack temperatures and the supply air they
    /// were stepped at) whose drives were all ≥ 0 (`drive_nonnegative`; otherwise the racks
    /// are scanned): the coldest inlet, or a lower bound of it that is at least `threshold`.
    pub fn after_step(
        &mut self,
        net: &HallNetwork,
        state: &HallState,
        drive_nonnegative: bool,
    ) -> f64 {
        let rise = state.supply - self.supply;
        let x = self.m - rise;
        let m = if x >= 0.0 {
            self.decay.0 * x
        } else {
            self.decay.1 * x
        } - if rise >= 0.0 {
            self.lag.1 * rise
        } else {
            self.lag.0 * rise
        };
        let bound = state.supply
            + if m >= 0.0 {
                self.recirc.0
            } else {
                self.recirc.1
            } * m;
        // A small margin for rounding in the bound.
        if drive_nonnegative && bound >= self.threshold + 1e-9 && bound.is_finite() {
            (self.m, self.supply) = (m, state.supply);
            bound
        } else {
            self.rescan(net, state)
        }
    }
}

/// Per rack: temperature added over a step of `steps` by its air-side power at the given
/// utilisation per rack type (K); no allocation. Returns `D = Σ C·drive` (J).
pub fn fill_drive(net: &HallNetwork, steps: &RackSteps, util: &[f64], drive: &mut [f64]) -> f64 {
    let mut heat = 0.0;
    for &(r, first, count) in &net.groups {
        let (design_w, lf) = net.types[r];
        let p = design_w * util[r] * (1.0 - lf);
        let range = first..first + count;
        for ((d, g), c) in drive[range.clone()]
            .iter_mut()
            .zip(&steps.gain[range.clone()])
            .zip(&net.capacity[range])
        {
            *d = g * p;
            heat += c * *d;
        }
    }
    heat
}

/// The hall's loads at the given utilisation per rack type.
pub fn loads(net: &HallNetwork, util: &[f64]) -> Loads {
    let mut l = Loads::default();
    for &(r, _, count) in &net.groups {
        let (design_w, lf) = net.types[r];
        let p = design_w * util[r] * count as f64;
        l.it += p;
        l.rack_air += p * (1.0 - lf);
        l.liquid += p * lf;
    }
    l.losses = l.it * (1.0 / net.chain_efficiency - 1.0);
    l.fans = net.crah_fan * (l.rack_air + l.losses);
    l
}

impl Loads {
    /// Heat into the hall air: rack air-side heat, electrical losses and CRAH fan heat (W).
    pub fn air(&self) -> f64 {
        self.rack_air + self.losses + self.fans
    }
}

/// Steady state at nominal control: air at its setpoint, every rack at `T_s + P / G`, loops at
/// their setpoints.
pub fn steady_state(net: &HallNetwork, util: &[f64]) -> HallState {
    let mut rack = vec![net.supply_set_c; net.len()];
    for &(r, first, count) in &net.groups {
        let (design_w, lf) = net.types[r];
        let p = design_w * util[r] * (1.0 - lf);
        for (i, t) in rack.iter_mut().enumerate().skip(first).take(count) {
            let g = net.conductance[i];
            if g > 0.0 {
                *t += p / g;
            }
        }
    }
    let l = loads(net, util);
    let rise = if net.m_air > 0.0 {
        l.air() / net.m_air
    } else {
        0.0
    };
    HallState {
        weighted: rack.iter().zip(&net.steps.weight).map(|(t, w)| t * w).sum(),
        rack,
        supply: net.supply_set_c,
        ret: net.supply_set_c + rise,
        chw: net.chw_set_c,
        tcs: net.fw_set_c + net.cdu_approach_k,
        fw: net.fw_set_c,
    }
}

/// Heat stored in the hall's nodes (J, relative to 0 °C).
pub fn stored(net: &HallNetwork, s: &HallState, c_chw: f64) -> f64 {
    let racks: f64 = s.rack.iter().zip(&net.capacity).map(|(t, c)| t * c).sum();
    racks + net.c_air * (s.supply + s.ret) + c_chw * s.chw + net.c_tcs * s.tcs + net.c_fw * s.fw
}

/// Advances the hall by one step of `steps` (its length and rack coefficients): first the
/// hall nodes, implicitly coupled with the racks (the racks' heat to the air is affine in the
/// new supply temperature), then the racks along the supply's move over the step.
/// `drive` and `drive_heat` are [`fill_drive`]'s for the same `steps`; `state.weighted` must
/// be [`weighted`] for them too; `c_chw` is the chilled-water capacity with any storage tank.
/// With a [`PeakRun`], the inlets of steps inside a run at a held supply are left to the run
/// (the caller ends it at each hour's end).
#[allow(clippy::too_many_arguments)]
pub fn step(
    net: &HallNetwork,
    steps: &RackSteps,
    state: &mut HallState,
    peak: &mut [f64],
    drive: &[f64],
    drive_heat: f64,
    loads: &Loads,
    cap: &Available,
    c_chw: f64,
    run: Option<&mut PeakRun>,
) -> Step {
    let h = steps.step_s;
    let (k_air, k_liquid) = chiller_split(loads, cap);
    // Racks give the air E = P h + S − D − Ψ T_s − (B − Ψ) T_s' (see `rack_step`).
    let before = state.supply;
    let e0 = loads.air() * h + state.weighted - drive_heat - steps.lag_exchange * before;
    let b = steps.exchange - steps.lag_exchange;
    let air = air_and_chilled_water(net, b, state, e0, cap, cap.air_free + k_air, c_chw, h);
    let liquid = liquid_loops(net, state, loads.liquid, cap, cap.liquid_free + k_liquid, h);
    let supply = (before, state.supply);
    let rs = match run {
        Some(run) => run.rack_step(&mut state.rack, peak, net, steps, drive, supply),
        None => rack_step(&mut state.rack, peak, net, steps, drive, supply),
    };
    state.weighted = rs.weighted;
    let free_a = air.min(cap.air_free);
    let free_l = liquid.min(cap.liquid_free);
    Step {
        removed: Removed {
            air_free: free_a * h,
            liquid_free: free_l * h,
            chillers: (air - free_a + liquid - free_l) * h,
        },
        max_inlet: rs.max_inlet,
    }
}

/// Result of one hall step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    /// Heat the plant removed.
    pub removed: Removed,
    /// Hottest rack inlet at the end of the step (°C).
    pub max_inlet: f64,
}

/// Chiller capacity for the air (chilled-water) and liquid (facility-water) loops (W): each
/// gets its shortfall at this hour's load after free cooling, the rest is shared by load; when
/// the chillers cannot cover both shortfalls they are shared pro rata. Decided from loads, not
/// temperatures, so it adds no feedback between the loops.
fn chiller_split(l: &Loads, cap: &Available) -> (f64, f64) {
    let (load_a, load_l) = (l.air(), l.liquid);
    let short_a = (load_a - cap.air_free).max(0.0);
    let short_l = (load_l - cap.liquid_free).max(0.0);
    let short = short_a + short_l;
    if cap.chillers >= short {
        let spare = cap.chillers - short;
        let share_a = if load_a + load_l > 0.0 {
            load_a / (load_a + load_l)
        } else {
            0.5
        };
        (short_a + spare * share_a, short_l + spare * (1.0 - share_a))
    } else {
        (
            cap.chillers * short_a / short,
            cap.chillers * short_l / short,
        )
    }
}

/// Supply and return air (backward Euler, with the racks' affine response), CRAHs to the
/// supply setpoint up to their capacity and never below chilled water + coil approach, and
/// the chilled-water node with the plant up to `plant_max` (W). `b` is the racks' uptake of
/// the new supply temperature, `B − Ψ` of [`rack_step`] (J/K). Returns the plant's removal
/// (W).
#[allow(clippy::too_many_arguments)]
fn air_and_chilled_water(
    net: &HallNetwork,
    b: f64,
    s: &mut HallState,
    e0: f64,
    cap: &Available,
    plant_max: f64,
    c_chw: f64,
    h: f64,
) -> f64 {
    let air = AirSolve {
        ca: net.c_air,
        hm: h * net.m_air,
        b,
        supply: s.supply,
        ret: s.ret,
        e0,
    };
    let chw_after = |q: f64, r: f64| s.chw + h * (q - r) / c_chw;
    // Nominal: the plant holds chilled water at its setpoint, the CRAHs supply at theirs.
    let (x, y, q) = air.at_target(net.supply_set_c, net.m_air, cap.crah, h);
    let need = q + c_chw * (s.chw - net.chw_set_c) / h;
    if need <= plant_max {
        let r = need.max(0.0);
        (s.supply, s.ret, s.chw) = (x, y, chw_after(q, r));
        return r;
    }
    // The plant is short: chilled water warms, and once chilled water + coil approach is above
    // the supply setpoint the coils limit the supply air — solved with the chilled water.
    let r = plant_max;
    let coil = net.coil_approach_k;
    let (cx, cy, cz) = air.coil_limited(c_chw, s.chw, coil, r, h);
    let q_coil = net.m_air * (cy - cz - coil);
    if cz + coil > net.supply_set_c && (0.0..=cap.crah).contains(&q_coil) {
        (s.supply, s.ret, s.chw) = (cx, cy, cz);
        return r;
    }
    let (x, y, q) = if cz + coil > net.supply_set_c {
        let q = q_coil.clamp(0.0, cap.crah);
        let (x, y) = air.fixed_removal(q, h);
        (x, y, q)
    } else {
        (x, y, q)
    };
    (s.supply, s.ret, s.chw) = (x, y, chw_after(q, r));
    r
}

/// The two air nodes over one step: `ca` each node's heat capacity, `hm` step × air flow × cp,
/// `b` the racks' Σ C(1 − decay), `e0` the heat the racks and losses give at 0 °C supply.
struct AirSolve {
    ca: f64,
    hm: f64,
    b: f64,
    supply: f64,
    ret: f64,
    e0: f64,
}

impl AirSolve {
    /// CRAHs at `target`, up to `crah` W: new (supply, return) and the CRAH removal (W).
    fn at_target(&self, target: f64, m: f64, crah: f64, h: f64) -> (f64, f64, f64) {
        let (ca, hm) = (self.ca, self.hm);
        // Written so that a supply already at its target stays exactly there.
        let x = target + ca * (self.supply - target) / (ca + hm);
        let y = (ca * self.ret + self.e0 - (self.b - hm) * x) / (ca + hm);
        let wanted = m * (y - target);
        if (0.0..=crah).contains(&wanted) {
            return (x, y, wanted);
        }
        let q = wanted.clamp(0.0, crah);
        let (x, y) = self.fixed_removal(q, h);
        (x, y, q)
    }

    /// CRAHs removing a fixed `q` W: (ca + hm) x − hm y = ca Ts − h q,
    /// (b − hm) x + (ca + hm) y = ca Tr + e0.
    fn fixed_removal(&self, q: f64, h: f64) -> (f64, f64) {
        let (ca, hm, b) = (self.ca, self.hm, self.b);
        let (b1, b2) = (ca * self.supply - h * q, ca * self.ret + self.e0);
        let d = ca + hm;
        let det = d * d + hm * (b - hm);
        ((b1 * d + hm * b2) / det, (d * b2 - (b - hm) * b1) / det)
    }

    /// Coils at chilled water + `coil`, plant removing `r` W: supply x, return y and chilled
    /// water z from
    /// (ca + hm) x − hm z = ca Ts + hm coil; (b − hm) x + (ca + hm) y = ca Tr + e0;
    /// −hm y + (c + hm) z = c chw − hm coil − h r.
    fn coil_limited(&self, c: f64, chw: f64, coil: f64, r: f64, h: f64) -> (f64, f64, f64) {
        let (ca, hm, b) = (self.ca, self.hm, self.b);
        let d = ca + hm;
        let (r1, r2, r3) = (
            ca * self.supply + hm * coil,
            ca * self.ret + self.e0,
            c * chw - hm * coil - h * r,
        );
        // x = (r1 + hm z)/d, y = alpha − beta z.
        let alpha = (r2 - (b - hm) * r1 / d) / d;
        let beta = (b - hm) * hm / (d * d);
        let z = (r3 + hm * alpha) / (c + hm + hm * beta);
        ((r1 + hm * z) / d, alpha - beta * z, z)
    }
}

/// Rack liquid loop and facility water: CDUs hold the rack coolant at the facility-water
/// setpoint plus their approach, up to their capacity (never below facility water + approach), the plant holds
/// facility water at its setpoint up to `plant_max` (W). Returns the plant's removal (W).
fn liquid_loops(
    net: &HallNetwork,
    s: &mut HallState,
    liquid: f64,
    cap: &Available,
    plant_max: f64,
    h: f64,
) -> f64 {
    let (ct, cf, appr) = (net.c_tcs, net.c_fw, net.cdu_approach_k);
    if ct <= 0.0 || cf <= 0.0 {
        return 0.0;
    }
    let target = net.fw_set_c + appr;
    let q = (liquid + ct * (s.tcs - target) / h).clamp(0.0, cap.cdu);
    let need = q + cf * (s.fw - net.fw_set_c) / h;
    if need <= plant_max {
        let r = need.max(0.0);
        s.tcs += h * (liquid - q) / ct;
        s.fw += h * (q - r) / cf;
        return r;
    }
    // The plant is short: facility water warms, and the CDUs cannot cool the coolant below it
    // + approach — the two loops move together.
    let r = plant_max;
    let fw = (ct * (s.tcs - appr) + cf * s.fw + h * (liquid - r)) / (ct + cf);
    let q_coupled = liquid - ct * (fw + appr - s.tcs) / h;
    let q = if fw > net.fw_set_c {
        if (0.0..=cap.cdu).contains(&q_coupled) {
            (s.tcs, s.fw) = (fw + appr, fw);
            return r;
        }
        q_coupled.clamp(0.0, cap.cdu)
    } else {
        q
    };
    s.tcs += h * (liquid - q) / ct;
    s.fw += h * (q - r) / cf;
    r
}
