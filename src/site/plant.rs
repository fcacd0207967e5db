//! The site's plant at one hour of weather: free-cooling shares, chiller capacity and
//! efficiency, dry-cooler capacity, generators' ambient derates, and tower water per unit of
//! heat.
//!
//! One implementation shared by the optimizer (`plan::hourly`, which turns it into per-hour
//! constants) and the thermal simulator (which turns it into capacities and power), so the two
//! cannot disagree about what the plant does on a hot afternoon.

use super::free_cooling::{FreeCooling, LIQUID_LOOP_DELTA_K, tower_cell};
use super::{ChillerKind, EconomizerKind, GeneratorKind, LoadedSite, Site};
use crate::physics::ambient_derate::{Derate, DerateLibrary, KindDerate};
use crate::physics::chiller_curve::{ChillerCurveError, ChillerCurveSet, CurveLibrary};
use crate::physics::cooling_tower::{DESIGN_RANGE_K, TowerCell};
use crate::weather::WeatherHour;

/// Part-load ratio at which chiller efficiency is taken. Plants run N+1 or 2N and stage
/// units, so a running chiller typically sits between half and full load; 0.75 is the middle
/// of that range (the EIR-f(PLR) curve is flat there for most sets).
pub const PLANNING_PLR: f64 = 0.75;

/// Latent heat of vaporisation of water near tower temperatures (MJ/kg): a tower evaporates
/// about 3600 / 2450 ≈ 1.47 m³ per MWh of heat it rejects (shared/reference: ~1.5 L/kWh).
pub const LATENT_HEAT_MJ_PER_KG: f64 = 2.45;

/// Water heat capacity (MJ per tonne and K; shared/reference: 4.18 kJ/(kg·K)).
pub const WATER_CP_MJ_PER_T_K: f64 = 4.18;

/// The plant's fixed description: curve sets resolved, free-cooling paths built.
#[derive(Debug, Clone)]
pub struct PlantModel<'a> {
    site: &'a Site,
    curves: Vec<&'static ChillerCurveSet>,
    free: FreeCooling,
    tower: TowerCell,
}

/// One chiller class at one hour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChillerHour {
    /// Available capacity as a fraction of rated (CAPFT).
    pub capacity_fraction: f64,
    /// Coefficient of performance at [`PLANNING_PLR`].
    pub cop: f64,
    /// Whether a curve input had to be clamped to its valid range.
    pub clamped: bool,
}

/// The plant at one hour.
#[derive(Debug, Clone, PartialEq)]
pub struct PlantHour {
    /// Share of air-side heat the economizer can carry free (0–1).
    pub air_free: f64,
    /// Share of liquid-side heat the dry coolers (or tower water) can carry free (0–1).
    pub liquid_free: f64,
    /// Per chiller class, in site order.
    pub chillers: Vec<ChillerHour>,
    /// Heat the dry coolers can reject as a fraction of their rating
    /// ([`dry_cooler_capacity_fraction`]).
    pub dry_cooler_capacity: f64,
}

/// Heat a dry cooler can reject at dry-bulb `dry_bulb_c` as a fraction of its rating
/// (`unit_mw`). With its coil (UA) and airflow fixed, the heat is proportional to the
/// entering-water minus dry-bulb difference; the water enters at the liquid loop's return,
/// `liquid_supply_c` + [`LIQUID_LOOP_DELTA_K`]. The rating is taken where the dry cooler just
/// delivers the supply temperature (dry-bulb = supply − `approach_k`), a difference of
/// `approach_k` + loop ΔT: fraction = (return − dry-bulb) / (`approach_k` + ΔT), ≥ 0, above 1
/// in cold air. Uses the first class's approach, as free cooling does; 1 for a site without
/// dry coolers or liquid loop (nothing then reaches them).
pub fn dry_cooler_capacity_fraction(site: &Site, dry_bulb_c: f64) -> f64 {
    let c = &site.cooling;
    let (Some(supply), Some(dry)) = (c.liquid_supply_c, c.dry_cooler.first()) else {
        return 1.0;
    };
    ((supply + LIQUID_LOOP_DELTA_K - dry_bulb_c) / (dry.approach_k + LIQUID_LOOP_DELTA_K)).max(0.0)
}

/// Temperature (°C) of what condenses a chiller of `kind` at an hour: the towers' water at
/// full load for a water-cooled chiller (its approach floating with the wet-bulb,
/// [`TowerCell::leaving_water_c`]), the outdoor dry-bulb for an air-cooled one.
pub fn condenser_c(kind: ChillerKind, tower: &TowerCell, w: &WeatherHour) -> f64 {
    match kind {
        ChillerKind::WaterCooled => tower.leaving_water_c(w.wet_bulb_c, w.pressure_pa, 1.0),
        ChillerKind::AirCooled => w.dry_bulb_c,
    }
}

/// The site's generators' ambient derates: each class's tables (by `kind`), at the site's
/// elevation (`site.elevation_m`, or the weather station's).
#[derive(Debug, Clone)]
pub struct GeneratorDerates {
    kinds: Vec<&'static KindDerate>,
    elevation_m: f64,
}

/// Why the plant's performance cannot be resolved: a broken built-in library, or a site that
/// validation would have refused (a curve it lacks, a tower that cannot reach its rating, a
/// chiller driven past its curves).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlantError {
    /// The built-in chiller curve library is broken.
    #[error(transparent)]
    Curves(#[from] ChillerCurveError),
    /// The built-in generator derate tables are broken.
    #[error(transparent)]
    Derates(#[from] crate::physics::ambient_derate::DerateError),
    /// A chiller names a curve set the library lacks.
    #[error("chiller \"{chiller}\": unknown curve \"{curve}\"")]
    UnknownCurve {
        /// The chiller class.
        chiller: String,
        /// The curve set it names.
        curve: String,
    },
    /// The towers cannot have their rating.
    #[error(transparent)]
    Tower(#[from] crate::physics::cooling_tower::TowerError),
    /// A chiller cannot run at an hour's conditions.
    #[error("chiller \"{chiller}\": {source}")]
    Operate {
        /// The chiller class.
        chiller: String,
        /// What its curves say.
        source: ChillerCurveError,
    },
}

impl GeneratorDerates {
    /// Resolves the tables. Fails only if the built-in tables are broken (a unit test proves
    /// they are not).
    pub fn of(loaded: &LoadedSite) -> Result<GeneratorDerates, PlantError> {
        let lib = DerateLibrary::builtin()?;
        let kinds = loaded
            .site
            .generator
            .iter()
            .map(|g| match g.kind {
                GeneratorKind::GasTurbine => &lib.gas_turbine,
                GeneratorKind::RecipEngine => &lib.recip_engine,
                GeneratorKind::Diesel => &lib.diesel,
            })
            .collect();
        let elevation_m = loaded
            .site
            .site
            .elevation_m
            .unwrap_or(loaded.weather.station().elevation_m);
        Ok(GeneratorDerates { kinds, elevation_m })
    }

    /// Generator class `class` (site order) at an hour of weather: output and heat rate as
    /// fractions of its rating, at the hour's dry-bulb (the inlet air).
    pub fn at(&self, class: usize, w: &WeatherHour) -> Derate {
        self.kinds[class].at(w.dry_bulb_c, self.elevation_m)
    }
}

impl<'a> PlantModel<'a> {
    /// Resolves the site's chiller curves. Fails only if the built-in curve library is broken
    /// or a chiller names a curve it lacks (validation rules both out).
    pub fn new(site: &'a Site) -> Result<Self, PlantError> {
        let library = CurveLibrary::builtin()?;
        let curves = site
            .cooling
            .chiller
            .iter()
            .map(|ch| {
                library
                    .get(&ch.curve)
                    .ok_or_else(|| PlantError::UnknownCurve {
                        chiller: ch.name.clone(),
                        curve: ch.curve.clone(),
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(PlantModel {
            site,
            curves,
            free: FreeCooling::of(site),
            tower: tower_cell(site)?,
        })
    }

    /// The curve set of chiller class `class` (site order).
    pub fn curve(&self, class: usize) -> Option<&'static ChillerCurveSet> {
        self.curves.get(class).copied()
    }

    /// Each chiller class's lowest available capacity (fraction of its rating) over
    /// `hours`: what [`Self::at`] gives for each hour, at the minimum. A capacity depends on
    /// the hour only through its condenser temperature, so each distinct temperature is
    /// evaluated once — a weather year has a few hundred, against the ~8,000 hours a design
    /// basis covers.
    pub fn lowest_capacity<'w>(&self, hours: impl Iterator<Item = &'w WeatherHour>) -> Vec<f64> {
        let t_chw = self.site.cooling.chilled_water_supply_c;
        let hours: Vec<&WeatherHour> = hours.collect();
        self.site
            .cooling
            .chiller
            .iter()
            .zip(&self.curves)
            .map(|(ch, set)| {
                let mut t_cond: Vec<f64> = hours
                    .iter()
                    .map(|w| condenser_c(ch.kind, &self.tower, w))
                    .collect();
                t_cond.sort_by(f64::total_cmp);
                t_cond.dedup_by(|a, b| a.to_bits() == b.to_bits());
                t_cond
                    .into_iter()
                    .map(|t| set.available_capacity_fraction(t_chw, t).value)
                    .fold(f64::INFINITY, f64::min)
            })
            .collect()
    }

    /// The plant at one hour of weather.
    pub fn at(&self, w: &WeatherHour) -> Result<PlantHour, PlantError> {
        let share = |e: Option<crate::physics::economizer::Economizer>| {
            e.map_or(0.0, |e| e.classify_hour(w).fraction())
        };
        let t_chw = self.site.cooling.chilled_water_supply_c;
        let chillers = self
            .site
            .cooling
            .chiller
            .iter()
            .zip(&self.curves)
            .map(|(ch, set)| {
                let t_cond = condenser_c(ch.kind, &self.tower, w);
                let capft = set.available_capacity_fraction(t_chw, t_cond);
                let op = set
                    .operate(1.0, PLANNING_PLR * capft.value, t_chw, t_cond)
                    .map_err(|source| PlantError::Operate {
                        chiller: ch.name.clone(),
                        source,
                    })?;
                Ok(ChillerHour {
                    capacity_fraction: capft.value,
                    cop: op.cop,
                    clamped: capft.clamped || op.clamped,
                })
            })
            .collect::<Result<Vec<_>, PlantError>>()?;
        Ok(PlantHour {
            air_free: share(self.free.air),
            liquid_free: share(self.free.liquid),
            chillers,
            dry_cooler_capacity: dry_cooler_capacity_fraction(self.site, w.dry_bulb_c),
        })
    }
}

/// Electric power of the cooling plant per unit of each heat flow (MW per MW thermal): the
/// planner's cooling-power rows and the simulator's hourly power use these same rates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CoolingPowerRates {
    /// Air handlers' fans and plant pumps, per MW of air-side heat.
    pub air_heat: f64,
    /// Air handlers' fans alone, per MW of air-side heat: the part of `air_heat` whose power
    /// ends up as heat in the hall air, which the coils must remove too.
    pub crah_fan: f64,
    /// CDU pumps and plant pumps, per MW of liquid-side heat.
    pub liquid_heat: f64,
    /// Tower fans per MW the towers reject (0 without towers).
    pub tower_fan: f64,
    /// Fans per MW carried by the air-side free path (tower fans for a water-side economizer;
    /// 0 otherwise: an air-side economizer's fans are the CRAHs').
    pub air_free: f64,
    /// Fans per MW carried by the liquid-side free path (dry coolers, or towers without them).
    pub liquid_free: f64,
}

impl CoolingPowerRates {
    /// The site's rates.
    pub fn of(site: &Site) -> CoolingPowerRates {
        let c = &site.cooling;
        let tower_fan = c.tower.first().map_or(0.0, |t| t.fan_kw_per_mw / 1000.0);
        let liquid_free = match c.dry_cooler.first() {
            Some(d) => d.fan_kw_per_mw / 1000.0,
            None => tower_fan,
        };
        CoolingPowerRates {
            air_heat: (c.crah.fan_kw_per_mw + c.pump_kw_per_mw) / 1000.0,
            crah_fan: c.crah.fan_kw_per_mw / 1000.0,
            liquid_heat: (c.cdu.pump_kw_per_mw + c.pump_kw_per_mw) / 1000.0,
            tower_fan,
            air_free: if c.economizer.kind == EconomizerKind::WaterSide {
                tower_fan
            } else {
                0.0
            },
            liquid_free,
        }
    }

    /// Power per MW a chiller class carries at coefficient of performance `cop`: compressor,
    /// plus tower fans on the heat a water-cooled condenser rejects (load + compressor work).
    pub fn chiller(&self, kind: ChillerKind, cop: f64) -> f64 {
        match kind {
            ChillerKind::WaterCooled => 1.0 / cop + self.tower_fan * (1.0 + 1.0 / cop),
            ChillerKind::AirCooled => 1.0 / cop,
        }
    }
}

/// Tower water per MWh of heat rejected (m³): evaporation, blowdown at the towers' cycles of
/// concentration (blowdown = evaporation / (cycles − 1)) and drift on the circulating flow.
/// Zero for a site without towers.
pub fn tower_water_m3_per_mwh(site: &Site) -> f64 {
    let Some(tower) = site.cooling.tower.first() else {
        return 0.0;
    };
    let evaporation_t = 3600.0 / LATENT_HEAT_MJ_PER_KG / 1000.0;
    let blowdown_t = evaporation_t / (tower.cycles_of_concentration - 1.0);
    let circulating_t = 3600.0 / (WATER_CP_MJ_PER_T_K * DESIGN_RANGE_K);
    evaporation_t + blowdown_t + tower.drift_fraction * circulating_t
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 9, bullet 5: in every sample site at most 5 % of chiller-hours (chiller class ×
    /// hour of the weather year) fall outside their curve's range, in the weather as it is and
    /// 10 K hotter (dry- and wet-bulb, as `heatwave:10` shifts them). Before the warm-water
    /// extension every chiller-hour of every sample was outside (15–20 °C chilled water
    /// against measured maxima of 8.9–15.6 °C).
    #[test]
    fn sample_sites_stay_inside_their_chiller_curves() {
        let mut paths: Vec<_> = std::fs::read_dir("sites")
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        paths.sort();
        assert!(paths.len() >= 5, "{paths:?}");
        for path in paths {
            let loaded = crate::site::load(&path).unwrap();
            let plant = PlantModel::new(&loaded.site).unwrap();
            for offset in [0.0, 10.0] {
                let (mut hours, mut outside) = (0usize, 0usize);
                for w in loaded.weather.hours() {
                    let mut w = *w;
                    w.dry_bulb_c += offset;
                    w.wet_bulb_c += offset;
                    for c in plant.at(&w).unwrap().chillers {
                        hours += 1;
                        outside += usize::from(c.clamped);
                    }
                }
                assert!(hours > 0, "{}", path.display());
                assert!(
                    outside * 20 <= hours,
                    "{} at +{offset} K: {outside} of {hours} chiller-hours outside",
                    path.display()
                );
            }
        }
    }

    /// Desert sample: W40 loop run at 38 °C supply (48 °C return), dry coolers with the default
    /// 8 K approach, rated at 30 °C dry-bulb over an 18 K difference. By hand: 30 °C → 1;
    /// 44.4 °C (Phoenix's hottest hour) → (48 − 44.4) / 18 = 0.2; 12 °C → 2; 55 °C → 0.
    #[test]
    fn dry_cooler_capacity_follows_the_approach_to_ambient() {
        let site = crate::site::load(std::path::Path::new("sites/desert-hyperscale.toml"))
            .unwrap()
            .site;
        assert!((site.cooling.dry_cooler[0].approach_k - 8.0).abs() < 1e-12);
        for (db, want) in [(30.0, 1.0), (44.4, 3.6 / 18.0), (12.0, 2.0), (55.0, 0.0)] {
            let got = dry_cooler_capacity_fraction(&site, db);
            assert!((got - want).abs() < 1e-12, "{db}: {got} vs {want}");
        }
    }

    /// Issue 9, bullet 4 (towers): a water-cooled chiller condenses on the towers' water at
    /// full load, whose approach floats with the wet-bulb ([`TowerCell::leaving_water_c`]):
    /// at a 20 °C wet-bulb the campus's CTI-rated cells make water about 5.5 K above it, not
    /// the rated 4 K, so the chillers' COP is the one at that warmer water (at 18 °C chilled
    /// water, cooler hours sit below the curve's lowest lift, where the tower bypass holds
    /// the condenser either way). A cell rated at that wet-bulb gives back its own 4 K.
    #[test]
    fn water_cooled_chillers_condense_on_the_towers_floating_water() {
        let mut site = crate::site::load(std::path::Path::new("sites/ai-campus.toml"))
            .unwrap()
            .site;
        let w = WeatherHour::new((7, 1, 12), 26.0, 18.0, 0.6, 101_325.0, 0.0);
        let cop_at = |site: &Site, t_cond: f64| {
            let plant = PlantModel::new(site).unwrap();
            let set = plant.curve(0).unwrap();
            let t_chw = site.cooling.chilled_water_supply_c;
            let capft = set.available_capacity_fraction(t_chw, t_cond).value;
            let op = set
                .operate(1.0, PLANNING_PLR * capft, t_chw, t_cond)
                .unwrap();
            (plant.at(&w).unwrap().chillers[0].cop, op.cop)
        };
        let tower = tower_cell(&site).unwrap();
        let t_tw = tower.leaving_water_c(w.wet_bulb_c, w.pressure_pa, 1.0);
        let approach = t_tw - w.wet_bulb_c;
        assert!(
            (4.8..6.5).contains(&approach),
            "{} °C: {approach}",
            w.wet_bulb_c
        );
        let (model, by_hand) = cop_at(&site, t_tw);
        assert!((model - by_hand).abs() < 1e-12, "{model} vs {by_hand}");
        let (_, fixed) = cop_at(&site, w.wet_bulb_c + 4.0);
        assert!(model < fixed, "warmer water, lower COP: {model} vs {fixed}");
        site.cooling.tower[0].rated_wet_bulb_c = w.wet_bulb_c;
        let t = tower_cell(&site)
            .unwrap()
            .leaving_water_c(w.wet_bulb_c, 101_325.0, 1.0);
        assert!((t - (w.wet_bulb_c + 4.0)).abs() < 1e-5, "{t}");
    }

    #[test]
    fn tower_water_matches_hand_calculation() {
        // Evaporation 3600 / 2450 = 1.4694 t/MWh; at 5 cycles blowdown = 1.4694 / 4 = 0.3673;
        // drift 0.00005 × 3600 / (4.18 × 5.5) = 0.00783. Sum 1.8445 m³/MWh.
        let mut site = crate::site::load(std::path::Path::new("sites/ai-campus.toml"))
            .unwrap()
            .site;
        site.cooling.tower[0].cycles_of_concentration = 5.0;
        site.cooling.tower[0].drift_fraction = 0.000_05;
        let got = tower_water_m3_per_mwh(&site);
        let want = 3.6 / 2.45 * 1.25 + 0.000_05 * 3600.0 / (4.18 * 5.5);
        assert!((got - want).abs() < 1e-12, "{got} vs {want}");
        site.cooling.tower.clear();
        assert!(tower_water_m3_per_mwh(&site).abs() < f64::EPSILON);
    }
}
