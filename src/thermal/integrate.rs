//! One time step of a hall: the rack kernel (exact exponential per rack) and the hall nodes
//! (backward Euler for the two air nodes, which exchange heat every few seconds; a deadbeat
//! controller for the CRAHs, CDUs and plant, each limited to its available capacity).
//!
//! Every heat transfer is booked once with opposite signs on its two nodes, so the energy
//! balance closes to rounding whatever the step.

use super::network::HallNetwork;

/// Lanes of the rack kernel: racks are processed in fixed chunks of this many, each lane with
/// its own partial sums, so sums are reassociated the same way at any thread count.
const LANES: usize = 8;

/// Temperatures of one hall (°C).
#[derive(Debug, Clone, PartialEq)]
pub struct HallState {
    /// Per rack: equipment mass, which is also its exhaust temperature.
    pub rack: Vec<f64>,
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
    /// Σ C·T over the racks after the step (J, relative to 0 °C).
    pub stored: f64,
    /// Hottest rack inlet (°C).
    pub max_inlet: f64,
}

/// Advances every rack by one step at supply temperature `supply` and returns the stored heat
/// and the hottest inlet; `peak` keeps each rack's hottest inlet.
///
/// Rack i: `C dT/dt = P − G (T − T_s)`, integrated exactly for constant `P` and `T_s`:
/// `T' = T_s + decay (T − T_s) + drive` with `drive = gain × P`; its inlet is
/// `T_s + r (T' − T_s)`.
pub fn rack_step(
    temps: &mut [f64],
    peak: &mut [f64],
    net: &HallNetwork,
    drive: &[f64],
    supply: f64,
) -> RackStep {
    let count = temps.len();
    let full = count - count % LANES;
    let mut stored = [0.0; LANES];
    let mut hottest = [f64::NEG_INFINITY; LANES];
    let (decay, recirc, cap) = (&net.decay, &net.recirc, &net.capacity);
    let mut at = 0;
    while at < full {
        let (tc, pc) = (&mut temps[at..at + LANES], &mut peak[at..at + LANES]);
        let (a, d) = (&decay[at..at + LANES], &drive[at..at + LANES]);
        let (r, c) = (&recirc[at..at + LANES], &cap[at..at + LANES]);
        for l in 0..LANES {
            let tn = supply + a[l] * (tc[l] - supply) + d[l];
            tc[l] = tn;
            let inlet = supply + r[l] * (tn - supply);
            pc[l] = if inlet > pc[l] { inlet } else { pc[l] };
            hottest[l] = if inlet > hottest[l] {
                inlet
            } else {
                hottest[l]
            };
            stored[l] += c[l] * tn;
        }
        at += LANES;
    }
    for i in full..count {
        let l = i - full;
        let tn = supply + decay[i] * (temps[i] - supply) + drive[i];
        temps[i] = tn;
        let inlet = supply + recirc[i] * (tn - supply);
        peak[i] = peak[i].max(inlet);
        hottest[l] = hottest[l].max(inlet);
        stored[l] += cap[i] * tn;
    }
    RackStep {
        stored: stored.iter().sum(),
        max_inlet: hottest.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    }
}

/// Inlet temperature of rack `i` (°C).
pub fn inlet(net: &HallNetwork, state: &HallState, i: usize) -> f64 {
    state.supply + net.recirc[i] * (state.rack[i] - state.supply)
}

/// Per rack: temperature added per step by its air-side power at the given utilisation per
/// rack type (K); no allocation.
pub fn fill_drive(net: &HallNetwork, util: &[f64], drive: &mut [f64]) {
    for &(r, first, count) in &net.groups {
        let (design_w, lf) = net.types[r];
        let p = design_w * util[r] * (1.0 - lf);
        let range = first..first + count;
        for (d, g) in drive[range.clone()].iter_mut().zip(&net.gain[range]) {
            *d = g * p;
        }
    }
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
    l
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
        (l.rack_air + l.losses) / net.m_air
    } else {
        0.0
    };
    HallState {
        rack,
        supply: net.supply_set_c,
        ret: net.supply_set_c + rise,
        chw: net.chw_set_c,
        tcs: net.fw_set_c + net.cdu_approach_k,
        fw: net.fw_set_c,
    }
}

/// Heat stored in the hall's nodes (J, relative to 0 °C), racks given as their Σ C·T.
pub fn stored(net: &HallNetwork, s: &HallState, racks: f64, c_chw: f64) -> f64 {
    racks + net.c_air * (s.supply + s.ret) + c_chw * s.chw + net.c_tcs * s.tcs + net.c_fw * s.fw
}

/// Advances the hall nodes by `h` seconds after the racks moved `rack_air_j` into the air.
/// `c_chw` is the chilled-water capacity with any storage tank.
pub fn hall_step(
    net: &HallNetwork,
    state: &mut HallState,
    rack_air_j: f64,
    loads: &Loads,
    cap: &Available,
    c_chw: f64,
    step_s: f64,
) -> Removed {
    let (s, l, h) = (state, loads, step_s);
    // Air: supply and return nodes with the CRAHs between them, solved implicitly.
    let e_air = rack_air_j + l.losses * h;
    let target = net.supply_set_c.max(s.chw + net.coil_approach_k);
    let (ca, hm) = (net.c_air, h * net.m_air);
    let supply = (ca * s.supply + hm * target) / (ca + hm);
    let ret = (ca * s.ret + hm * supply + e_air) / (ca + hm);
    let wanted = net.m_air * (ret - target);
    let q_crah = wanted.clamp(0.0, cap.crah);
    if (0.0..=cap.crah).contains(&wanted) {
        (s.supply, s.ret) = (supply, ret);
    } else {
        // The coils give out (or need not run): they remove a fixed q_crah.
        // (ca + hm) T_s' − hm T_r' = ca T_s − h q;  −hm T_s' + (ca + hm) T_r' = ca T_r + e.
        let (b1, b2) = (ca * s.supply - h * q_crah, ca * s.ret + e_air);
        let (diag, off) = (ca + hm, hm);
        let det = diag * diag - off * off;
        s.supply = (b1 * diag + off * b2) / det;
        s.ret = (diag * b2 + off * b1) / det;
    }

    // Liquid: CDUs hold the rack coolant at facility water + approach, up to their capacity.
    let tcs_set = s.fw.max(net.fw_set_c) + net.cdu_approach_k;
    let q_cdu = (l.liquid + net.c_tcs * (s.tcs - tcs_set) / h).clamp(0.0, cap.cdu);
    if net.c_tcs > 0.0 {
        s.tcs += h * (l.liquid - q_cdu) / net.c_tcs;
    }

    // Plant: free cooling first, chillers for the rest, shared pro rata when short.
    let need_chw = (q_crah + c_chw * (s.chw - net.chw_set_c) / h).max(0.0);
    let need_fw = (q_cdu + net.c_fw * (s.fw - net.fw_set_c) / h).max(0.0);
    let free_a = need_chw.min(cap.air_free);
    let free_l = need_fw.min(cap.liquid_free);
    let (rest_a, rest_l) = (need_chw - free_a, need_fw - free_l);
    let scale = if rest_a + rest_l > cap.chillers {
        cap.chillers / (rest_a + rest_l)
    } else {
        1.0
    };
    let (ch_a, ch_l) = (rest_a * scale, rest_l * scale);
    if c_chw > 0.0 {
        s.chw += h * (q_crah - free_a - ch_a) / c_chw;
    }
    if net.c_fw > 0.0 {
        s.fw += h * (q_cdu - free_l - ch_l) / net.c_fw;
    }
    Removed {
        air_free: free_a * h,
        liquid_free: free_l * h,
        chillers: (ch_a + ch_l) * h,
    }
}
