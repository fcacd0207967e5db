//! The per-rack kernel, set up for `benches/thermal_kernel.rs`: the first hall of a build at a
//! held utilisation, stepped again and again. A bench hook, hidden from the docs and not part
//! of the API: the kernel's types stay inside the crate.

use super::Installed;
use super::integrate::{self, HallState};
use super::network::{self, HallNetwork};
use crate::site::Site;

/// One hall's racks, their state and drive at a held utilisation.
pub struct RackKernel {
    net: HallNetwork,
    state: HallState,
    drive: Vec<f64>,
    peak: Vec<f64>,
}

impl RackKernel {
    /// The first hall of `build` on `site` at `step_s` steps, its racks at `utilization`
    /// (air, liquid) from their steady state; `None` if the build has no hall.
    pub fn new(site: &Site, build: &Installed, step_s: f64, utilization: [f64; 2]) -> Option<Self> {
        let net = network::halls(site, build, step_s, network::DEFAULT_RECIRCULATION)
            .into_iter()
            .next()?;
        let state = integrate::steady_state(&net, &utilization);
        let mut drive = vec![0.0; net.len()];
        integrate::fill_drive(&net, &net.steps, &utilization, &mut drive);
        let peak = vec![f64::NEG_INFINITY; net.len()];
        Some(Self {
            net,
            state,
            drive,
            peak,
        })
    }

    /// Racks in the hall.
    pub fn racks(&self) -> usize {
        self.net.len()
    }

    /// One step of every rack with the supply air moving from `supply.0` to `supply.1` (°C);
    /// returns the hottest inlet.
    pub fn step(&mut self, supply: (f64, f64)) -> f64 {
        integrate::rack_step(
            &mut self.state.rack,
            &mut self.peak,
            &self.net,
            &self.net.steps,
            &self.drive,
            supply,
        )
        .max_inlet
    }
}
