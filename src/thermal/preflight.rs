//! Before a simulation starts: will it fit in memory, and can the plant carry the load at all.

use super::{HOURS, Installed, Lost, Model, ThermalError, integrate};
use crate::memory::Estimate;

/// Bytes held per simulated rack: its network entries (gains, decays, recirculation,
/// capacity), state, drive, peak and report entry, about 100 B measured (a 100,000-rack hall
/// peaks at 17 MB resident); 256 B leaves room for the scratch copies of parallel runs.
const BYTES_PER_RACK: u64 = 256;

/// Bytes held per hall and annual run: four hourly series of the year (4 × 8760 × 8 B), the
/// inlet histogram (2000 bins × 8 B) and the hours outside the envelope (up to 8760 × 8 B).
const BYTES_PER_HALL_YEAR: u64 = 5 * HOURS as u64 * 8 + 2000 * 8;

/// What a run holds whatever its size: the weather year, the plant at each hour, the site and
/// the program itself (a small site peaks at 17 MB resident).
const BASE_BYTES: u64 = 64 << 20;

/// The memory a simulation of `build` will hold: `annual_runs` years kept at once (the year
/// and each heat wave's) and `failure_copies` concurrent failure runs (each with its own
/// copy of every rack's state; the thread count when there are scenarios, else 0).
pub fn memory_estimate(build: &Installed, annual_runs: usize, failure_copies: usize) -> Estimate {
    let racks: u64 = build.racks.iter().flatten().map(|&n| u64::from(n)).sum();
    let halls = build.racks.len() as u64;
    let copies = 1 + failure_copies as u64;
    Estimate {
        bytes: BASE_BYTES
            .saturating_add(racks.saturating_mul(BYTES_PER_RACK).saturating_mul(copies))
            .saturating_add(
                halls
                    .saturating_mul(BYTES_PER_HALL_YEAR)
                    .saturating_mul(annual_runs as u64),
            ),
    }
}

/// A hall whose plant cannot carry its heat in some hours of the year.
#[derive(Debug, Clone, PartialEq)]
pub struct Shortfall {
    /// The hall.
    pub hall: String,
    /// Hours (of 8760) in which the heat exceeds what its units and plant can remove.
    pub hours: usize,
    /// In the hour with the largest gap: the heat to remove (MW)…
    pub heat_mw: f64,
    /// …and the most the plant and room units could remove then (MW).
    pub capacity_mw: f64,
}

/// The halls whose cooling cannot carry their load in some hours, with every unit in
/// service: room units (CRAH for the air heat, CDU for the liquid) and the plant's free
/// cooling and chillers at each hour's weather. Without thermal storage such hours heat the
/// racks without bound, so a caller should say so before the run rather than print inlets
/// of thousands of degrees; a share of a percent is allowed for the solver-grade residues of
/// a plant sized exactly to its load.
pub fn shortfalls(model: &Model) -> Result<Vec<Shortfall>, ThermalError> {
    let plants = super::annual::plants_at(model, model.options.weather_offset_k)?;
    let mut out = Vec::new();
    for net in &model.halls {
        let chillers = model.chillers_in_service(net, 0);
        let mut short = Shortfall {
            hall: model.site.hall[net.hall].name.clone(),
            hours: 0,
            heat_mw: 0.0,
            capacity_mw: 0.0,
        };
        let mut worst = 0.0;
        for (hour, plant) in plants.iter().enumerate() {
            let loads = integrate::loads(net, &model.utilization[hour % 24]);
            let a = model.available(net, plant, &loads, &chillers, &Lost::default());
            let heat = loads.air() + loads.liquid;
            let room = loads.air().min(a.crah) + loads.liquid.min(a.cdu);
            let capacity = room.min(a.air_free + a.liquid_free + a.chillers);
            let gap = heat - capacity;
            if gap > 0.01 * heat {
                short.hours += 1;
                if gap > worst {
                    worst = gap;
                    short.heat_mw = heat / 1e6;
                    short.capacity_mw = capacity / 1e6;
                }
            }
        }
        if short.hours > 0 {
            out.push(short);
        }
    }
    Ok(out)
}

impl std::fmt::Display for Shortfall {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "hall {}: its cooling cannot carry the heat in {} of {} (at worst {:.2} of {:.2} MW)",
            self.hall,
            crate::text::thousands(self.hours as u64),
            crate::text::counted(HOURS as u64, "hour", "hours"),
            self.capacity_mw,
            self.heat_mw
        )
    }
}
