//! What each modelled hour means for the plan: utilisation, free cooling, chiller performance,
//! dry-cooler capacity, generators' ambient derates, solar and PPA output and energy prices,
//! computed once from the site, its weather and the time structure. The formulation only
//! multiplies these constants by decisions.
//!
//! After the days of the time structure come the site's design days
//! ([`crate::site::design_basis`]): 24 hours each, of weight 0, with every rack at the design
//! IT load and the design day's weather. They count for capacity (the plant and the supply
//! must carry them) and never for energy or cost; PV and PPAs deliver nothing in them (the
//! design load rests on dispatchable supply).

use crate::physics::chiller_curve::ChillerCurveSet;
use crate::site::LoadedSite;
use crate::site::design_basis::DesignBasis;
use crate::site::plant::{GeneratorDerates, PlantError, PlantModel};
use crate::weather::{WeatherError, WeatherHour};

use super::time::{TimeIndex, energy_price_usd_per_mwh};

/// One modelled hour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hour {
    /// Index of its day: a day of the time structure, then the design days after them.
    pub day: usize,
    /// Hour of the day, 0 = midnight to 1 am.
    pub of_day: usize,
    /// Index into the weather year's 8760 hours; `None` for a design hour.
    pub weather_index: Option<usize>,
    /// Days of the year this hour stands for (its day's weight; 0 on a design day).
    pub weight: f64,
    /// Calendar month, 1–12.
    pub month: u32,
}

impl Hour {
    /// Whether it is an hour of a design day (weight 0, capacity only).
    pub fn is_design(&self) -> bool {
        self.weather_index.is_none()
    }
}

/// Why the hourly constants of a site cannot be computed: the plant cannot be resolved, or
/// the design conditions are impossible (validation rules both out for a loaded site).
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The plant (chiller curves, towers, generator derates).
    #[error(transparent)]
    Plant(#[from] PlantError),
    /// The design basis.
    #[error(transparent)]
    Design(#[from] WeatherError),
}

/// Per-hour constants of the model; every `Vec<f64>` is indexed by modelled hour.
#[derive(Debug, Clone)]
pub struct Hourly {
    /// The modelled hours, in day then hour order; the design days' hours last.
    pub hours: Vec<Hour>,
    /// Average draw as a fraction of design power, per rack type then hour (the design IT
    /// load fraction in design hours).
    pub utilization: Vec<Vec<f64>>,
    /// Share of air-side heat the economizer can carry free in each hour (0–1).
    pub air_free: Vec<f64>,
    /// Share of liquid-side heat the dry coolers (or tower water) can carry free (0–1).
    pub liquid_free: Vec<f64>,
    /// Per chiller class: coefficient of performance at [`crate::site::plant::PLANNING_PLR`] in each hour.
    pub chiller_cop: Vec<Vec<f64>>,
    /// Per chiller class: available capacity as a fraction of rated (CAPFT) in each hour.
    pub chiller_capacity: Vec<Vec<f64>>,
    /// Heat the dry coolers can reject as a fraction of their rating in each hour
    /// ([`crate::site::plant::dry_cooler_capacity_fraction`]).
    pub dry_cooler_capacity: Vec<f64>,
    /// Per design day, the modelled hour of its peak ([`crate::site::design_basis::DesignDay::peak_hour`]).
    pub design_peaks: Vec<usize>,
    /// Per generator class: available output as a fraction of `unit_mw` in each hour (ambient
    /// derate, `data/ambient_derates.toml`).
    pub generator_capacity: Vec<Vec<f64>>,
    /// Per generator class: heat rate as a fraction of `heat_rate_mmbtu_per_mwh` in each hour.
    pub generator_heat_rate: Vec<Vec<f64>>,
    /// Per generator class: one unit's output at its lowest derate over the modelled hours
    /// (MW), what the per-year rows (firm supply, backup generation) count on.
    pub generator_firm_mw: Vec<f64>,
    /// Per PV class: AC output per MW AC installed in each hour (0–1).
    pub pv_output: Vec<Vec<f64>>,
    /// Per grid contract: PPA deliveries per MW of PPA capacity (0–1; 0 without a PPA).
    pub ppa_output: Vec<Vec<f64>>,
    /// Per grid contract: energy price (USD/MWh).
    pub price: Vec<Vec<f64>>,
    /// Per chiller class with any, the modelled hours whose curve inputs had to be clamped to
    /// the curve's valid range; reported in the plan's notes, never hidden.
    pub outside_curve: Vec<OutsideCurve>,
}

/// One chiller class's modelled hours outside its curve's valid range.
#[derive(Debug, Clone, PartialEq)]
pub struct OutsideCurve {
    /// The chiller class's name.
    pub chiller: String,
    /// Its curve set's id.
    pub curve: String,
    /// The curve's valid range in words.
    pub range: String,
    /// (month, day, hour-ending) of each such modelled hour, in model order.
    pub hours: Vec<(u8, u8, u8)>,
}

impl OutsideCurve {
    /// The plan note: how many hours, the range they left, and the first few of them.
    pub fn note(&self) -> String {
        let first: Vec<String> = self
            .hours
            .iter()
            .take(3)
            .map(|(m, d, h)| format!("{m:02}-{d:02} hour-ending {h}"))
            .collect();
        let more = if self.hours.len() > 3 { ", …" } else { "" };
        format!(
            "chiller \"{}\": {} modelled hours fell outside curve \"{}\"'s range ({}) and were \
             evaluated at its edge: {}{more}",
            self.chiller,
            self.hours.len(),
            self.curve,
            self.range,
            first.join(", ")
        )
    }
}

impl Hourly {
    /// Computes the constants. Fails only if the built-in curve library is broken, a chiller
    /// names a curve it lacks or the design conditions are impossible (validation rules all
    /// out).
    pub fn new(loaded: &LoadedSite, time: &TimeIndex) -> Result<Hourly, ModelError> {
        let (site, weather) = (&loaded.site, &loaded.weather);
        let design = loaded.design_basis()?;
        let hours = modelled_hours(time, &design);
        let w = weather.hours();
        let at = |h: &Hour| -> &WeatherHour {
            match h.weather_index {
                Some(i) => &w[i],
                None => &design.days[h.day - time.days().len()].hours[h.of_day],
            }
        };
        let utilization = site
            .rack
            .iter()
            .map(|r| {
                hours
                    .iter()
                    .map(|h| {
                        if h.is_design() {
                            return design.it_load_fraction;
                        }
                        r.utilization_profile_24h
                            .as_ref()
                            .and_then(|p| p.get(h.of_day).copied())
                            .unwrap_or(r.utilization)
                    })
                    .collect()
            })
            .collect();
        let plant = PlantModel::new(site)?;
        let mut air_free = Vec::with_capacity(hours.len());
        let mut liquid_free = Vec::with_capacity(hours.len());
        let classes = site.cooling.chiller.len();
        let mut chiller_cop = vec![Vec::with_capacity(hours.len()); classes];
        let mut chiller_capacity = vec![Vec::with_capacity(hours.len()); classes];
        let derates = GeneratorDerates::of(loaded)?;
        let gens = site.generator.len();
        let mut generator_capacity = vec![Vec::with_capacity(hours.len()); gens];
        let mut generator_heat_rate = vec![Vec::with_capacity(hours.len()); gens];
        let mut dry_cooler_capacity = Vec::with_capacity(hours.len());
        let mut outside = vec![Vec::new(); classes];
        // A chiller's design capacity is its lowest over the conditions the plant is sized
        // for ([`DesignBasis::sized_for`]).
        let design_capacity = plant.lowest_capacity(design.sized_for(w));
        for h in &hours {
            let w = at(h);
            let p = plant.at(w)?;
            air_free.push(p.air_free);
            liquid_free.push(p.liquid_free);
            dry_cooler_capacity.push(p.dry_cooler_capacity);
            for gi in 0..gens {
                let d = derates.at(gi, w);
                generator_capacity[gi].push(d.capacity);
                generator_heat_rate[gi].push(d.heat_rate);
            }
            for (i, c) in p.chillers.iter().enumerate() {
                chiller_cop[i].push(c.cop);
                chiller_capacity[i].push(if h.is_design() {
                    c.capacity_fraction.min(design_capacity[i])
                } else {
                    c.capacity_fraction
                });
                if c.clamped {
                    outside[i].push((w.month, w.day, w.hour));
                }
            }
        }
        let outside_curve = outside
            .into_iter()
            .enumerate()
            .filter(|(_, hours)| !hours.is_empty())
            .map(|(i, hours)| {
                let curve = plant.curve(i);
                OutsideCurve {
                    chiller: site.cooling.chiller[i].name.clone(),
                    curve: site.cooling.chiller[i].curve.clone(),
                    range: curve.map(ChillerCurveSet::range_text).unwrap_or_default(),
                    hours,
                }
            })
            .collect();
        let generator_firm_mw = site
            .generator
            .iter()
            .zip(&generator_capacity)
            .map(|(g, cap)| g.unit_mw * cap.iter().copied().reduce(f64::min).unwrap_or(1.0))
            .collect();
        let pv_output = (0..site.solar_pv.len())
            .map(|p| {
                hours
                    .iter()
                    .map(|h| {
                        h.weather_index
                            .map_or(0.0, |i| loaded.pv_output_per_mw(p, i))
                    })
                    .collect()
            })
            .collect();
        let ppa_output = site
            .grid
            .contract
            .iter()
            .map(|c| {
                hours
                    .iter()
                    .map(|h| match (&c.ppa, h.is_design()) {
                        (Some(p), false) => p.output_per_mw(h.month, at(h).ghi_w_per_m2),
                        _ => 0.0,
                    })
                    .collect()
            })
            .collect();
        let price = site
            .grid
            .contract
            .iter()
            .map(|c| {
                hours
                    .iter()
                    .map(|h| match time.days().get(h.day) {
                        Some(day) if !h.is_design() => {
                            energy_price_usd_per_mwh(c, day.month, day.weekday, h.of_day)
                        }
                        // A design hour buys nothing (weight 0).
                        _ => 0.0,
                    })
                    .collect()
            })
            .collect();
        let first_design = time.days().len();
        let design_peaks = (0..design.days.len())
            .map(|d| {
                let peak = design.days[d].peak_hour();
                hours
                    .iter()
                    .position(|h| h.day == first_design + d && h.of_day == peak)
                    .unwrap_or(0)
            })
            .collect();
        Ok(Hourly {
            hours,
            utilization,
            air_free,
            liquid_free,
            chiller_cop,
            chiller_capacity,
            dry_cooler_capacity,
            design_peaks,
            generator_capacity,
            generator_heat_rate,
            generator_firm_mw,
            pv_output,
            ppa_output,
            price,
            outside_curve,
        })
    }

    /// Number of modelled hours.
    pub fn len(&self) -> usize {
        self.hours.len()
    }
}

/// The time structure flattened to a list of hours, then the design days' hours.
fn modelled_hours(time: &TimeIndex, design: &DesignBasis) -> Vec<Hour> {
    let days = time.days().len();
    time.hours()
        .map(|h| Hour {
            day: h.day,
            of_day: h.hour_of_day,
            weather_index: Some(h.weather_hour),
            weight: h.weight,
            month: u32::from(time.days()[h.day].month),
        })
        .chain(design.days.iter().enumerate().flat_map(|(d, day)| {
            (0..day.hours.len()).map(move |of_day| Hour {
                day: days + d,
                of_day,
                weather_index: None,
                weight: 0.0,
                month: day.month,
            })
        }))
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;
    use crate::plan::time::Resolution;

    #[test]
    fn design_hours_size_chillers_on_their_lowest_capacity_within_the_design_conditions() {
        // The campus's York YK 5170 kW set at 18 °C chilled water is extended at equal lift
        // (physics::chiller_curve): CAPFT is read on the measured box's 8.89 °C edge, where
        // the fit rises with lift to its peak, CAPFT(8.89, 22.05) = 1.28032 from the data's
        // coefficients (∂/∂y = 0 at y = −(c3 + c5 x) / 2 c4), and falls below it to 1.0626 at
        // the lowest measured lift. Capacity never rises with lift (the bypass holds the
        // warmer condenser), so every lift below the peak's, 13.2 K, has the peak's capacity:
        // the campus's tower water never passes 31.2 °C, so the lowest within the design
        // conditions, which design hours take, is that peak (sampled every 0.25 K: within
        // 1e-4), and so is every ordinary hour's.
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sites/ai-campus.toml");
        let loaded = crate::site::load(&path).unwrap();
        let time = TimeIndex::new(&loaded.site, &loaded.weather, Resolution::default()).unwrap();
        let hourly = Hourly::new(&loaded, &time).unwrap();
        let cap = &hourly.chiller_capacity[0];
        let design = (0..hourly.hours.len()).filter(|&t| hourly.hours[t].is_design());
        assert_eq!(design.clone().count(), 48);
        for (t, c) in cap.iter().enumerate() {
            assert!((c - 1.280_323).abs() < 1e-4, "{t}: {c}");
        }
    }
}
