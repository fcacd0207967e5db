//! Thermal simulation: will the build hold through a real weather year and through failures?
//!
//! Each hall is a lumped-capacitance (RC) network stepped through time (the crate's
//! `thermal::network` and `thermal::integrate`, stated in docs/thermal.md): racks with an exact exponential update, hall air and water loops with an
//! implicit, energy-conserving update, cooling units controlled to their setpoints up to the
//! capacity the plant has at that hour's weather (the same plant model the optimizer uses,
//! [`crate::site::plant`]). [`simulate_year`] runs the 8760 hours and streams the results into hourly
//! PUE/WUE, inlet percentiles and envelope hours; [`ride_through()`] starts a failure
//! ([`Scenario`]) at an hour and measures the minutes until the first rack leaves its ASHRAE
//! envelope. Halls (and failure start hours) run in parallel with rayon and are reduced in a
//! fixed order, so the output is the same at any thread count.
//!
//! The simulator reads a [`crate::plan::Plan`] (or the site's own build, [`Installed`]) and
//! never the optimizer itself.
//!
//! ```no_run
//! use dcplan::thermal::{Installed, SimOptions, simulate_year};
//! let site = dcplan::site::load(std::path::Path::new("sites/ai-campus.toml"))?;
//! let build = Installed::of_site(&site.site);
//! let year = simulate_year(&site, &build, &SimOptions::default())?;
//! println!("PUE {:.3}", year.pue);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub(crate) mod annual;
pub(crate) mod build;
pub(crate) mod integrate;
#[doc(hidden)]
pub mod kernel_bench;
pub(crate) mod metrics;
pub(crate) mod network;
pub(crate) mod preflight;
pub(crate) mod request;
pub(crate) mod ride_through;
pub(crate) mod scenario;
#[cfg(test)]
mod tests;

pub use annual::{EnergyBalance, HallYear, Hourly, YearReport, simulate_year};
pub use build::{BlockPlant, Installed};
pub use network::DEFAULT_RECIRCULATION;
pub use preflight::Shortfall;
pub use request::{SimError, SimReport, SimRequest, Start, run};
pub use ride_through::{
    EveryHour, Exceedance, RideThrough, every_hour, ride_through, ride_through_all,
};
pub use scenario::{MAX_DRY_BULB_C, MIN_DRY_BULB_C, Scenario};

use crate::control::Control;
use crate::site::plant::{CoolingPowerRates, PlantHour, PlantModel};
use crate::site::{LoadedSite, Site};
use crate::weather::WeatherHour;
use network::{HallNetwork, RackSteps};
use std::sync::{Arc, Mutex, PoisonError};

/// Hours in a simulated year.
pub const HOURS: usize = 8760;

/// Shortest time step (s): finer steps resolve nothing the model holds (its fastest node, the
/// hall air, has a time constant of seconds and is solved implicitly) and only cost time.
pub const MIN_STEP_S: f64 = 1.0;

/// Longest failure horizon and warm-up (s): a year.
pub const MAX_HORIZON_S: f64 = HOURS as f64 * 3600.0;

/// The hour of the year with the highest dry-bulb (the earliest of equals): where failures
/// start by default, as the plant has least in hand there.
pub fn hottest_hour(weather: &[WeatherHour]) -> usize {
    (0..weather.len())
        .max_by(|&a, &b| {
            weather[a]
                .dry_bulb_c
                .total_cmp(&weather[b].dry_bulb_c)
                .then(b.cmp(&a))
        })
        .unwrap_or(0)
}

/// Simulation settings.
#[derive(Debug, Clone, PartialEq)]
pub struct SimOptions {
    /// Time step (s); must divide an hour. Default 60.
    pub step_s: f64,
    /// Recirculation share mid-row (0 to < 1; row ends get three times as much, capped below
    /// 1). Default [`network::DEFAULT_RECIRCULATION`].
    pub recirculation: f64,
    /// How long a failure is followed (s). Default 7200 (two hours).
    pub horizon_s: f64,
    /// Normal operation before a failure, to settle at the hour's conditions (s). Default 1800.
    pub warmup_s: f64,
    /// A heat wave over the whole annual run (K): every hour's dry-bulb raised by this at the
    /// same humidity ratio ([`WeatherHour::warmed`]); negative for a colder year. Default 0.
    /// With the weather it must keep every hour within [`MIN_DRY_BULB_C`] to
    /// [`MAX_DRY_BULB_C`] ([`Model::check_weather_offset`]).
    pub weather_offset_k: f64,
    /// Every rack at this fraction of its design power in every hour, instead of its
    /// utilisation (profile): the design load a plant is sized for (`1.0` = nameplate).
    /// Default `None`: the racks' own utilisation.
    pub it_load: Option<f64>,
}

impl Default for SimOptions {
    fn default() -> Self {
        SimOptions {
            step_s: 60.0,
            recirculation: network::DEFAULT_RECIRCULATION,
            horizon_s: 7200.0,
            warmup_s: 1800.0,
            weather_offset_k: 0.0,
            it_load: None,
        }
    }
}

impl SimOptions {
    /// Checks the settings: a step of 1 s to 1 h that divides the hour, a recirculation
    /// share that keeps every rack's share below 1, a horizon of one step to a year
    /// ([`MAX_HORIZON_S`]) and a warm-up of at most a year. Errors say which setting
    /// ([`ThermalError::OutOfRange`]), so a shell can name its own flag for it.
    pub fn validate(&self) -> Result<(), ThermalError> {
        let bad = |setting: SimSetting, value: f64, unit: &str, expected: &str| {
            let value = crate::text::number(value);
            Err(ThermalError::OutOfRange {
                setting,
                message: format!("{setting} of {value}{unit} is not valid: {expected}"),
            })
        };
        let steps = 3600.0 / self.step_s;
        if !(self.step_s.is_finite()
            && (MIN_STEP_S..=3600.0).contains(&self.step_s)
            && (steps - steps.round()).abs() < 1e-9)
        {
            return bad(
                SimSetting::Step,
                self.step_s,
                " s",
                "it must be between 1 s and 1 h and a whole fraction of an hour (e.g. 10s, \
                 60s, 5min, 1h)",
            );
        }
        if !(self.recirculation >= 0.0 && self.recirculation * 3.0 < 1.0) {
            return bad(
                SimSetting::Recirculation,
                self.recirculation,
                "",
                "it must be ≥ 0 and below 1/3 (row ends get three times as much)",
            );
        }
        if !(self.horizon_s.is_finite()
            && self.horizon_s >= self.step_s
            && self.horizon_s <= MAX_HORIZON_S)
        {
            return bad(
                SimSetting::Horizon,
                self.horizon_s,
                " s",
                "it must be at least one step (ride-through is resolved to one step) and at \
                 most a year (8760h)",
            );
        }
        if !(self.warmup_s.is_finite() && (0.0..=MAX_HORIZON_S).contains(&self.warmup_s)) {
            return bad(
                SimSetting::Warmup,
                self.warmup_s,
                " s",
                "it must be a duration from 0 to a year",
            );
        }
        if let Some(load) = self.it_load
            && !(load > 0.0 && load <= 1.0)
        {
            return bad(
                SimSetting::ItLoad,
                load,
                "",
                "it must be a fraction of the racks' design power above 0 and at most 1",
            );
        }
        if !self.weather_offset_k.is_finite() {
            return bad(
                SimSetting::WeatherOffset,
                self.weather_offset_k,
                " K",
                "it must be finite",
            );
        }
        Ok(())
    }

    /// Steps per hour.
    pub fn steps_per_hour(&self) -> usize {
        (3600.0 / self.step_s).round() as usize
    }
}

/// A simulation setting an [`ThermalError::OutOfRange`] is about; it reads as its name in a
/// message ("a step").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SimSetting {
    /// [`SimOptions::step_s`].
    Step,
    /// [`SimOptions::recirculation`].
    Recirculation,
    /// [`SimOptions::horizon_s`].
    Horizon,
    /// [`SimOptions::warmup_s`].
    Warmup,
    /// [`SimOptions::it_load`].
    ItLoad,
    /// [`SimOptions::weather_offset_k`].
    WeatherOffset,
    /// A scenario's heat wave ([`Scenario::heatwave_k`]); the message starts with
    /// "scenario `NAME`".
    ScenarioHeatWave,
}

impl std::fmt::Display for SimSetting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SimSetting::Step => "a step",
            SimSetting::Recirculation => "a recirculation share",
            SimSetting::Horizon => "a horizon",
            SimSetting::Warmup => "a warm-up",
            SimSetting::ItLoad => "an IT load",
            SimSetting::WeatherOffset => "a weather offset",
            SimSetting::ScenarioHeatWave => "a scenario's heat wave",
        })
    }
}

/// Why a simulation could not run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ThermalError {
    /// The build or a scenario does not fit the site.
    #[error("{0}")]
    Setting(String),
    /// A setting's value is out of its range (`message` says which value and what range).
    #[error("{message}")]
    OutOfRange {
        /// Which setting.
        setting: SimSetting,
        /// What is wrong and what would be right, in the simulation's own terms.
        message: String,
    },
    /// The run was cancelled ([`crate::control::Control::cancel`]) before it finished.
    #[error("cancelled")]
    Cancelled,
    /// The plan has no such year.
    #[error("the plan has no year {year}; it covers {first}–{last}")]
    NoSuchYear {
        /// Year asked for.
        year: u32,
        /// First plan year.
        first: u32,
        /// Last plan year.
        last: u32,
    },
    /// Nothing to simulate.
    #[error("the build has no racks in any hall: nothing to simulate")]
    NoRacks,
    /// The start hour is outside the year.
    #[error("hour {0} is outside the year (0–8759)")]
    Hour(usize),
    /// The weather year is not 8760 hours.
    #[error("the weather year has {0} hours; the simulator needs 8760")]
    Weather(usize),
    /// The plan's build cannot be simulated (an unknown name, a bad quantity, more racks
    /// than slots, no racks at all).
    #[error("plan {0}")]
    Plan(String),
    /// The network's coefficients are not finite numbers.
    #[error("thermal model: {0}")]
    Model(String),
    /// The plant model could not be evaluated.
    #[error("cooling plant: {0}")]
    Plant(#[from] crate::site::plant::PlantError),
}

/// Everything a run needs, prepared once: the halls' networks, the plant's units, the hourly
/// weather and utilisation.
#[derive(Debug)]
pub struct Model<'a> {
    /// The site.
    pub site: &'a Site,
    /// The weather year (8760 hours).
    pub weather: &'a [WeatherHour],
    /// The plant model.
    pub plant: PlantModel<'a>,
    /// Power rates of the plant.
    pub rates: CoolingPowerRates,
    /// Halls with racks.
    pub halls: Vec<HallNetwork>,
    /// The build.
    pub build: &'a Installed,
    /// Settings.
    pub options: SimOptions,
    /// Utilisation per hour of day (24) and rack type.
    pub utilization: Vec<Vec<f64>>,
    /// The weather year's coldest and hottest hours: (hour, dry-bulb °C).
    pub extremes: [(usize, f64); 2],
    /// Per hall (as in `halls`): rack coefficients for the parts of steps split at plant
    /// events, by length, computed when first needed ([`Model::rack_steps`]).
    parts: Vec<Mutex<Vec<Arc<RackSteps>>>>,
    /// Stops the runs of this model and hears their progress ([`Model::controlled`]); by
    /// default never cancelled and heard by nobody.
    pub control: Control,
}

/// Units out of service in a scenario (chillers in service are passed on their own, from
/// [`Model::chillers_in_service`]).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Lost {
    /// Dry-cooler units tripped.
    pub dry_coolers: u32,
    /// CRAH units per hall.
    pub crah: u32,
    /// CDUs per hall.
    pub cdu: u32,
    /// The whole plant is off (no power yet).
    pub plant_off: bool,
    /// Chillers are off (no power, or restarting).
    pub chillers_off: bool,
    /// The chilled-water pumps are stopped (an outage before the generators carry them, when
    /// they are not on UPS): the CRAH coils remove nothing and the loop is no thermal mass.
    pub chw_pumps_off: bool,
}

impl<'a> Model<'a> {
    /// Prepares a run of `build` on `site`.
    pub fn new(
        loaded: &'a LoadedSite,
        build: &'a Installed,
        options: &SimOptions,
    ) -> Result<Model<'a>, ThermalError> {
        options.validate()?;
        let site = &loaded.site;
        build.check_shape(site)?;
        let weather = loaded.weather.hours();
        if weather.len() != HOURS {
            return Err(ThermalError::Weather(weather.len()));
        }
        let halls = network::halls(site, build, options.step_s, options.recirculation);
        if halls.is_empty() {
            return Err(ThermalError::NoRacks);
        }
        for net in &halls {
            if let Some(what) = net.non_finite() {
                return Err(ThermalError::Model(format!(
                    "hall \"{}\": {what}; check the hall's and rack types' design power, mass \
                     and efficiencies",
                    site.hall[net.hall].name
                )));
            }
        }
        let utilization = (0..24)
            .map(|h| {
                site.rack
                    .iter()
                    .map(|r| {
                        options.it_load.unwrap_or_else(|| {
                            r.utilization_profile_24h
                                .as_ref()
                                .and_then(|p| p.get(h).copied())
                                .unwrap_or(r.utilization)
                        })
                    })
                    .collect()
            })
            .collect();
        let extreme = |hotter: bool| {
            let key = |h: usize| {
                let t = weather[h].dry_bulb_c;
                if hotter { t } else { -t }
            };
            let h = (0..HOURS).fold(0, |a, b| if key(b) > key(a) { b } else { a });
            (h, weather[h].dry_bulb_c)
        };
        let parts = (0..halls.len()).map(|_| Mutex::new(Vec::new())).collect();
        let model = Model {
            site,
            weather,
            plant: PlantModel::new(site).map_err(ThermalError::Plant)?,
            rates: CoolingPowerRates::of(site),
            halls,
            build,
            options: options.clone(),
            utilization,
            extremes: [extreme(false), extreme(true)],
            parts,
            control: Control::default(),
        };
        model.check_weather_offset(options.weather_offset_k, || {
            (
                SimSetting::WeatherOffset,
                format!("a weather offset of {} K", options.weather_offset_k),
            )
        })?;
        Ok(model)
    }

    /// This model with its runs stopped and watched by `control`.
    #[must_use]
    pub fn controlled(mut self, control: &Control) -> Self {
        self.control = control.clone();
        self
    }

    /// Checks that a heat wave of `k` kelvin (`what` names it as the user wrote it, e.g.
    /// "scenario `outage+heatwave:8`: heatwave:8", and which setting gives it; built only
    /// for the message) keeps every hour of the weather year
    /// between [`MIN_DRY_BULB_C`] and [`MAX_DRY_BULB_C`]: beyond them the
    /// psychrometrics are not valid and the weather is not weather any more.
    pub fn check_weather_offset(
        &self,
        k: f64,
        what: impl FnOnce() -> (SimSetting, String),
    ) -> Result<(), ThermalError> {
        let [(cold_h, cold), (hot_h, hot)] = self.extremes;
        let (lo, hi) = (scenario::MIN_DRY_BULB_C, scenario::MAX_DRY_BULB_C);
        let (which, hour, t, bound) = if !(k.is_finite() && hot + k <= hi) {
            ("hottest", hot_h, hot, format!("at most {:.1} K", hi - hot))
        } else if cold + k < lo {
            (
                "coldest",
                cold_h,
                cold,
                format!("at least {:.1} K", lo - cold),
            )
        } else {
            return Ok(());
        };
        let (setting, what) = what();
        Err(ThermalError::OutOfRange {
            setting,
            message: format!(
                "{what} takes the weather year's {which} hour (hour {hour}, {t:.1} °C) to \
                 {:.1} °C, outside {lo} to {hi} °C (the range the psychrometrics hold over; \
                 the hottest air temperature on record is 56.7 °C): it must be {bound} for \
                 this weather",
                t + k
            ),
        })
    }

    /// The rack coefficients of hall `index` (of `halls`) for a step of `step_s` seconds: the
    /// run's own step, or a part of one split at a plant event (computed once per length; a
    /// run has a few such parts, `--every-hour` the same few at each of 8760 hours).
    pub fn rack_steps(&self, index: usize, step_s: f64) -> Arc<RackSteps> {
        let net = &self.halls[index];
        let mut cache = self.parts[index]
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(found) = cache
            .iter()
            .find(|s| s.step_s.to_bits() == step_s.to_bits())
        {
            return Arc::clone(found);
        }
        let made = Arc::new(RackSteps::new(&net.conductance, &net.capacity, step_s));
        cache.push(Arc::clone(&made));
        made
    }

    /// The plant at `hour` in a heat wave of `offset_k` kelvin ([`WeatherHour::warmed`]).
    pub fn plant_at(&self, hour: usize, offset_k: f64) -> Result<PlantHour, ThermalError> {
        let w = self.weather[hour].warmed(offset_k);
        self.plant.at(&w).map_err(ThermalError::Plant)
    }

    /// The chiller, tower and dry-cooler units per class that hall `net` shares: its block's
    /// when the plant is split into blocks, else the site's.
    pub fn plant_of(&self, net: &HallNetwork) -> (&[u32], &[u32], &[u32]) {
        match net.block {
            Some(b) => {
                let p = &self.build.blocks[b];
                (&p.chillers, &p.towers, &p.dry_coolers)
            }
            None => (
                &self.build.chillers,
                &self.build.towers,
                &self.build.dry_coolers,
            ),
        }
    }

    /// Chiller units per class in service for hall `net` after `tripped` of its plant's units
    /// are lost, largest units first. With the plant split into blocks every block loses
    /// `tripped` at once: blocks share no plant, so each hall's ride-through is then its own
    /// block's, and the site's the worst block's.
    pub fn chillers_in_service(&self, net: &HallNetwork, tripped: u32) -> Vec<u32> {
        let mut units = self.plant_of(net).0.to_vec();
        let mut order: Vec<usize> = (0..units.len()).collect();
        let ch = &self.site.cooling.chiller;
        order.sort_by(|&a, &b| ch[b].unit_mw.total_cmp(&ch[a].unit_mw).then(a.cmp(&b)));
        let mut left = tripped;
        for i in order {
            let out = left.min(units[i]);
            units[i] -= out;
            left -= out;
        }
        units
    }

    /// What hall `net` can remove at an hour with loads `l`, given what is lost (W).
    pub fn available(
        &self,
        net: &HallNetwork,
        p: &PlantHour,
        l: &integrate::Loads,
        chillers: &[u32],
        lost: &Lost,
    ) -> integrate::Available {
        let c = &self.site.cooling;
        let mw = 1e6 * net.plant_share;
        let (_, towers, dry_coolers) = self.plant_of(net);
        let class_mw = |units: &[u32], unit: &dyn Fn(usize) -> f64| -> f64 {
            units
                .iter()
                .enumerate()
                .map(|(i, &n)| f64::from(n) * unit(i))
                .sum()
        };
        let towers = class_mw(towers, &|i| c.tower[i].unit_mw) * mw;
        // Dry coolers tripped come out of the classes in site order (from each block's).
        let mut left = lost.dry_coolers;
        let dry = (dry_coolers.iter().zip(&c.dry_cooler))
            .map(|(&n, class)| {
                let out = left.min(n);
                left -= out;
                f64::from(n - out) * class.unit_mw * p.dry_cooler_capacity
            })
            .sum::<f64>()
            * mw;
        let chiller_w = class_mw(chillers, &|i| {
            c.chiller[i].unit_mw * p.chillers[i].capacity_fraction
        }) * mw;
        let water_side = c.economizer.kind == crate::site::EconomizerKind::WaterSide;
        let air_want = p.air_free * l.air();
        let liquid_want = p.liquid_free * l.liquid;
        let (air_free, liquid_free) = match (water_side, c.dry_cooler.is_empty()) {
            // Both loops reject their free-cooling heat through the same towers: the towers'
            // capacity is shared in proportion to what each loop asks of them.
            (true, true) => {
                let want = air_want + liquid_want;
                let scale = if want > towers { towers / want } else { 1.0 };
                (air_want * scale, liquid_want * scale)
            }
            (true, false) => (air_want.min(towers), liquid_want.min(dry)),
            (false, true) => (air_want, liquid_want.min(towers)),
            (false, false) => (air_want, liquid_want.min(dry)),
        };
        let units = |(n, unit): (u32, f64), lost: u32| f64::from(n.saturating_sub(lost)) * unit;
        integrate::Available {
            crah: if lost.chw_pumps_off {
                0.0
            } else {
                units(net.crah, lost.crah)
            },
            cdu: units(net.cdu, lost.cdu),
            air_free: if lost.plant_off { 0.0 } else { air_free },
            liquid_free: if lost.plant_off { 0.0 } else { liquid_free },
            chillers: if lost.plant_off || lost.chillers_off {
                0.0
            } else {
                chiller_w
            },
        }
    }

    /// Per chiller class: its share of the chillers' load (by available capacity), its power
    /// rate (MW per MW carried) and the heat it sends to the towers per MW carried (1 + 1/COP
    /// when water-cooled, else 0); the shares sum to 1 when any chiller is available.
    pub fn chiller_split(&self, p: &PlantHour, chillers: &[u32]) -> Vec<(f64, f64, f64)> {
        let ch = &self.site.cooling.chiller;
        let caps: Vec<f64> = chillers
            .iter()
            .enumerate()
            .map(|(i, &n)| f64::from(n) * ch[i].unit_mw * p.chillers[i].capacity_fraction)
            .collect();
        let total: f64 = caps.iter().sum();
        caps.iter()
            .enumerate()
            .map(|(i, &cap)| {
                let share = if total > 0.0 { cap / total } else { 0.0 };
                let cop = p.chillers[i].cop;
                let to_towers = match ch[i].kind {
                    crate::site::ChillerKind::WaterCooled => 1.0 + 1.0 / cop,
                    crate::site::ChillerKind::AirCooled => 0.0,
                };
                (share, self.rates.chiller(ch[i].kind, cop), to_towers)
            })
            .collect()
    }
}
