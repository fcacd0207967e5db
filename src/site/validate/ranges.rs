//! Range rules: every number a site gives must make physical and economic sense.

use super::{Checker, who};
use crate::site::components::cooling::{CHILLED_WATER_SUPPLY_RANGE_C, LIQUID_SUPPLY_RANGE_C};
use crate::site::diagnostic::Diagnostic;
use crate::site::limits;
use crate::site::tree::Path;
use crate::site::{Site, TouPeriod};
use crate::text::number;

/// A range rule for one number.
#[derive(Debug, Clone, Copy)]
pub(super) enum Rule {
    /// > 0.
    Positive,
    /// In (0, 1]: efficiencies and utilisation.
    Efficiency,
    /// In [0, 1]: shares.
    Fraction,
    /// In [lo, hi].
    Between(f64, f64),
    /// In [0, max]: a quantity or cost with an upper bound from [`limits`].
    UpTo(f64),
    /// In (0, max]: a size or rating with an upper bound from [`limits`].
    PositiveUpTo(f64),
}

impl Rule {
    fn holds(self, v: f64) -> bool {
        match self {
            Rule::Positive => v > 0.0,
            Rule::Efficiency => v > 0.0 && v <= 1.0,
            Rule::Fraction => (0.0..=1.0).contains(&v),
            Rule::Between(lo, hi) => (lo..=hi).contains(&v),
            Rule::UpTo(max) => (0.0..=max).contains(&v),
            Rule::PositiveUpTo(max) => v > 0.0 && v <= max,
        }
    }

    /// What `v`, which breaks the rule, should have been: a bounded rule names the side that
    /// `v` is on.
    fn expected(self, v: f64) -> String {
        match self {
            Rule::UpTo(max) | Rule::PositiveUpTo(max) if v > max => {
                format!("at most {}", number(max))
            }
            Rule::Positive | Rule::PositiveUpTo(_) => "greater than 0".to_owned(),
            Rule::UpTo(_) => "0 or more".to_owned(),
            Rule::Efficiency => "in (0, 1]".to_owned(),
            Rule::Fraction => "between 0 and 1".to_owned(),
            Rule::Between(lo, hi) => format!("between {lo} and {hi}"),
        }
    }

    fn help(self, v: f64) -> Option<String> {
        match self {
            Rule::Efficiency | Rule::Fraction if v > 1.0 && v <= 100.0 => Some(format!(
                "fractions are written 0–1: did you mean {}?",
                v / 100.0
            )),
            // A rate or share with an upper bound at or below 1, given as a percentage.
            Rule::Between(lo, hi) if hi <= 1.0 && v > 1.0 && v <= 100.0 && v / 100.0 >= lo => {
                Some(format!(
                    "rates are written as fractions: did you mean {}?",
                    v / 100.0
                ))
            }
            Rule::Positive | Rule::UpTo(_) | Rule::PositiveUpTo(_) if v < 0.0 => {
                Some("quantities and costs cannot be negative".to_owned())
            }
            Rule::UpTo(max) | Rule::PositiveUpTo(max) if v > max => Some(format!(
                "the limit of {} is far beyond any real site: check the unit and the number of \
                 zeros (docs/site-format.md lists the limits)",
                number(max)
            )),
            _ => None,
        }
    }
}

/// Checks the numbers of one component, addressed by its path and described by `who`.
pub(super) struct Numbers<'c, 'a> {
    c: &'c mut Checker<'a>,
    path: Path,
    who: String,
}

impl<'c, 'a> Numbers<'c, 'a> {
    pub(super) fn new(c: &'c mut Checker<'a>, path: Path, who: String) -> Self {
        Numbers { c, path, who }
    }

    /// Checks a number against a rule (non-finite numbers were reported already).
    pub(super) fn num(&mut self, field: &str, v: f64, rule: Rule) -> &mut Self {
        self.check_at(&self.path.key(field), field, v, &number(v), rule)
    }

    /// Checks element `index` of an array field.
    pub(super) fn item(&mut self, field: &str, index: usize, v: f64, rule: Rule) -> &mut Self {
        self.check_at(
            &self.path.key(field).index(index),
            &format!("{field}[{index}]"),
            v,
            &number(v),
            rule,
        )
    }

    /// Checks `v`, shown in messages as `shown` (integers as written, floats by
    /// [`number`]: `1e308`, not 309 digits).
    fn check_at(&mut self, path: &Path, name: &str, v: f64, shown: &str, rule: Rule) -> &mut Self {
        if v.is_finite() && !rule.holds(v) {
            let expected = rule.expected(v);
            let mut d = Diagnostic::error(
                "range",
                format!("{}: {name} = {shown} must be {expected}", self.who),
            )
            .label(format!("must be {expected}"));
            if let Some(h) = rule.help(v) {
                d = d.help(h);
            }
            self.c.report(path, d);
        }
        self
    }

    /// Checks an optional number.
    pub(super) fn opt(&mut self, field: &str, v: Option<f64>, rule: Rule) -> &mut Self {
        if let Some(v) = v {
            self.num(field, v, rule);
        }
        self
    }

    /// Checks an integer against a rule.
    pub(super) fn int(&mut self, field: &str, v: u32, rule: Rule) -> &mut Self {
        self.count(field, u64::from(v), rule)
    }

    /// Checks a 64-bit integer against a rule (exactly up to 2⁵³, which every bound is below).
    pub(super) fn count(&mut self, field: &str, v: u64, rule: Rule) -> &mut Self {
        self.check_at(&self.path.key(field), field, v as f64, &v.to_string(), rule)
    }

    /// Reports that `field` is inconsistent with another value.
    pub(super) fn fail(&mut self, field: &str, mut message: String, help: &str) -> &mut Self {
        message.insert_str(0, &format!("{}: ", self.who));
        let d = Diagnostic::error("range", message).help(help);
        self.c.report(&self.path.key(field), d);
        self
    }
}

/// A service life: a whole number of years, at least one and at most a century.
const LIFE: Rule = Rule::Between(1.0, 100.0);

/// The `[finance]` table: fractions within 0–1, escalation rates within ±50 % a year, a
/// positive GPU-hour price.
pub(super) fn check_finance(c: &mut Checker, site: &Site) {
    use crate::site::accounts::AssetClass;
    use crate::site::components::finance::Finance;
    let f = &site.finance;
    let root = Path::root().key("finance");
    let rate = Rule::Between(-0.5, 0.5);
    Numbers::new(c, root.clone(), "[finance]".to_owned())
        .num("billable_fraction", f.billable_fraction, Rule::Fraction)
        .opt("gpu_hour_usd", f.gpu_hour_usd, Rule::PositiveUpTo(1000.0));
    for class in AssetClass::ALL {
        let key = Finance::class_key(class);
        let terms = f.class(class);
        Numbers::new(c, root.key(key), format!("[finance.{key}]"))
            .num("salvage_fraction", terms.salvage_fraction, Rule::Fraction)
            .num("escalation", terms.escalation, rate);
    }
    let e = &f.escalation;
    Numbers::new(c, root.key("escalation"), "[finance.escalation]".to_owned())
        .num("energy", e.energy, rate)
        .num("demand", e.demand, rate)
        .num("ppa", e.ppa, rate)
        .num("fuel", e.fuel, rate)
        .num("fixed_om", e.fixed_om, rate)
        .num("variable_om", e.variable_om, rate)
        .num("water", e.water, rate)
        .num("carbon", e.carbon, rate);
}

pub(super) fn check_site_table(c: &mut Checker, site: &Site) {
    let s = &site.site;
    Numbers::new(c, Path::root().key("site"), "site".to_owned())
        .int("start_year", s.start_year, Rule::Between(2000.0, 2100.0))
        .int("years", s.years, Rule::Between(1.0, 50.0))
        .num("discount_rate", s.discount_rate, Rule::Between(0.0, 0.5))
        .opt("latitude_deg", s.latitude_deg, Rule::Between(-90.0, 90.0))
        .opt(
            "longitude_deg",
            s.longitude_deg,
            Rule::Between(-180.0, 180.0),
        )
        .opt("elevation_m", s.elevation_m, Rule::Between(-500.0, 6000.0));
}

pub(super) fn check_grid(c: &mut Checker, site: &Site) {
    for (i, k) in site.grid.contract.iter().enumerate() {
        let path = Path::root().key("grid").key("contract").index(i);
        let mut n = Numbers::new(c, path.clone(), who("contract", &k.name));
        n.num("firm_mw", k.firm_mw, Rule::UpTo(limits::MAX_POWER_MW))
            .num(
                "non_firm_mw",
                k.non_firm_mw,
                Rule::UpTo(limits::MAX_POWER_MW),
            )
            .num(
                "energy_usd_per_mwh",
                k.energy_usd_per_mwh,
                Rule::UpTo(limits::MAX_ENERGY_USD_PER_MWH),
            )
            .num(
                "non_firm_curtailment_hours",
                k.non_firm_curtailment_hours,
                Rule::Between(0.0, 8760.0),
            )
            .num(
                "demand_usd_per_kw_month",
                k.demand_usd_per_kw_month,
                Rule::UpTo(limits::MAX_DEMAND_USD_PER_KW_MONTH),
            )
            .num("ratchet", k.ratchet, Rule::Fraction)
            .int("ratchet_months", k.ratchet_months, Rule::Between(1.0, 12.0))
            .num(
                "emissions_kg_per_mwh",
                k.emissions_kg_per_mwh,
                Rule::UpTo(limits::MAX_EMISSIONS_KG_PER_MWH),
            );
        if k.firm_mw + k.non_firm_mw <= 0.0 && k.firm_mw.is_finite() && k.non_firm_mw.is_finite() {
            n.fail(
                "firm_mw",
                "a contract with no firm and no non-firm capacity supplies nothing".to_owned(),
                "give firm_mw or non_firm_mw, or remove the contract",
            );
        }
        check_tou(c, &path, &k.name, &k.tou);
        if let Some(ppa) = &k.ppa {
            let ppa_path = path.key("ppa");
            let mut n = Numbers::new(c, ppa_path.clone(), who("PPA", &ppa.name));
            n.num(
                "capacity_mw",
                ppa.capacity_mw,
                Rule::PositiveUpTo(limits::MAX_POWER_MW),
            )
            .num(
                "price_usd_per_mwh",
                ppa.price_usd_per_mwh,
                Rule::UpTo(limits::MAX_ENERGY_USD_PER_MWH),
            )
            .num("capacity_factor", ppa.capacity_factor, Rule::Efficiency)
            .num(
                "emissions_kg_per_mwh",
                ppa.emissions_kg_per_mwh,
                Rule::UpTo(limits::MAX_EMISSIONS_KG_PER_MWH),
            );
            check_ppa_shape(&mut n, ppa);
        }
    }
    for (i, u) in site.grid.upgrade.iter().enumerate() {
        let path = Path::root().key("grid").key("upgrade").index(i);
        Numbers::new(c, path, who("upgrade", &u.name))
            .int("lifetime_years", u.lifetime_years, LIFE)
            .num(
                "adds_firm_mw",
                u.adds_firm_mw,
                Rule::UpTo(limits::MAX_POWER_MW),
            )
            .num(
                "adds_non_firm_mw",
                u.adds_non_firm_mw,
                Rule::UpTo(limits::MAX_POWER_MW),
            )
            .num("capex_usd", u.capex_usd, Rule::UpTo(limits::MAX_USD));
    }
}

fn check_ppa_shape(n: &mut Numbers, ppa: &crate::site::Ppa) {
    use crate::site::PpaShape;
    match (ppa.shape, &ppa.monthly_capacity_factor) {
        (PpaShape::Monthly, None) => {
            n.fail(
                "shape",
                "shape \"monthly\" needs `monthly_capacity_factor`".to_owned(),
                "add monthly_capacity_factor = [12 values between 0 and 1], January first",
            );
        }
        (PpaShape::Monthly, Some(cf)) if cf.len() != 12 => {
            n.fail(
                "monthly_capacity_factor",
                format!(
                    "monthly_capacity_factor has {} values, expected 12",
                    cf.len()
                ),
                "give one capacity factor per month, January first",
            );
        }
        (PpaShape::Monthly, Some(cf)) => {
            for (m, v) in cf.iter().enumerate() {
                n.item("monthly_capacity_factor", m, *v, Rule::Fraction);
            }
        }
        (_, Some(_)) => {
            n.fail(
                "monthly_capacity_factor",
                "monthly_capacity_factor is only used with shape \"monthly\"".to_owned(),
                "set shape = \"monthly\" or remove monthly_capacity_factor",
            );
        }
        (_, None) => {}
    }
}

fn check_tou(c: &mut Checker, contract_path: &Path, contract: &str, periods: &[TouPeriod]) {
    // Which period covers each (month, hour) cell, to catch overlaps. A weekday-only period
    // and an every-day one in the same cell overlap on weekdays, so both count.
    let mut covered: Vec<Option<usize>> = vec![None; 12 * 24];
    let mut reported: Vec<(usize, usize)> = Vec::new();
    for (i, p) in periods.iter().enumerate() {
        let path = contract_path.key("tou").index(i);
        let mut n = Numbers::new(
            c,
            path.clone(),
            format!("contract \"{contract}\" TOU \"{}\"", p.name),
        );
        n.num(
            "usd_per_mwh",
            p.usd_per_mwh,
            Rule::UpTo(limits::MAX_ENERGY_USD_PER_MWH),
        );
        let Some((start, end)) = p.hour_range() else {
            n.fail(
                "hours",
                format!(
                    "hours \"{}\" is not a range START-END with 0 ≤ START < END ≤ 24",
                    p.hours
                ),
                "write e.g. hours = \"14-20\" for 2 pm to 8 pm",
            );
            continue;
        };
        for (j, &m) in p.months.iter().enumerate() {
            if !(1..=12).contains(&m) {
                n.fail(
                    "months",
                    format!("months[{j}] = {m} is not a month"),
                    "months are 1 (January) to 12",
                );
                continue;
            }
            for h in start..end {
                let cell = &mut covered[(m as usize - 1) * 24 + h as usize];
                match *cell {
                    Some(other) if !reported.contains(&(other, i)) => {
                        reported.push((other, i));
                        let other_name = &periods[other].name;
                        n.fail(
                            "hours",
                            format!(
                                "overlaps TOU period \"{other_name}\" (first in month {m} at hour {h})"
                            ),
                            "each hour may belong to one TOU period only",
                        );
                    }
                    Some(_) => {}
                    None => *cell = Some(i),
                }
            }
        }
    }
}

pub(super) fn check_generation(c: &mut Checker, site: &Site) {
    for (i, g) in site.generator.iter().enumerate() {
        let path = Path::root().key("generator").index(i);
        let mut n = Numbers::new(c, path, who("generator", &g.name));
        n.num(
            "unit_mw",
            g.unit_mw,
            Rule::PositiveUpTo(limits::MAX_POWER_MW),
        )
        .num(
            "capex_usd_per_kw",
            g.capex_usd_per_kw,
            Rule::UpTo(limits::MAX_USD_PER_KW),
        )
        .num(
            "fixed_om_usd_per_kw_year",
            g.fixed_om_usd_per_kw_year,
            Rule::UpTo(limits::MAX_USD_PER_KW),
        )
        .num(
            "variable_om_usd_per_mwh",
            g.variable_om_usd_per_mwh,
            Rule::UpTo(limits::MAX_ENERGY_USD_PER_MWH),
        )
        // Real heat rates run from ~6.4 MMBtu/MWh (combined cycle) to ~12 (small recips);
        // 3.412 would be 100 % efficiency.
        .num(
            "heat_rate_mmbtu_per_mwh",
            g.heat_rate_mmbtu_per_mwh,
            Rule::Between(3.5, 20.0),
        )
        .num(
            "fuel_usd_per_mmbtu",
            g.fuel_usd_per_mmbtu,
            Rule::UpTo(limits::MAX_FUEL_USD_PER_MMBTU),
        )
        .opt(
            "emissions_kg_per_mmbtu",
            g.emissions_kg_per_mmbtu,
            Rule::UpTo(limits::MAX_EMISSIONS_KG_PER_MMBTU),
        )
        .num("start_delay_s", g.start_delay_s, Rule::Between(0.0, 3600.0))
        .opt(
            "max_run_hours_per_year",
            g.max_run_hours_per_year,
            Rule::Between(0.0, 8784.0),
        )
        // Real EFORd figures are a few per cent; above a half the unit is not firm.
        .num(
            "forced_outage_rate",
            g.forced_outage_rate,
            Rule::Between(0.0, 0.5),
        )
        .int("lifetime_years", g.lifetime_years, Rule::Positive);
        units_within_max(&mut n, g.existing_units, g.max_units);
    }
    for (i, pv) in site.solar_pv.iter().enumerate() {
        let path = Path::root().key("solar_pv").index(i);
        let mut n = Numbers::new(c, path, who("solar_pv", &pv.name));
        n.num("max_mw_ac", pv.max_mw_ac, Rule::UpTo(limits::MAX_POWER_MW))
            .num(
                "existing_mw_ac",
                pv.existing_mw_ac,
                Rule::UpTo(limits::MAX_POWER_MW),
            )
            .num(
                "capex_usd_per_kw_ac",
                pv.capex_usd_per_kw_ac,
                Rule::UpTo(limits::MAX_USD_PER_KW),
            )
            .num(
                "fixed_om_usd_per_kw_year",
                pv.fixed_om_usd_per_kw_year,
                Rule::UpTo(limits::MAX_USD_PER_KW),
            )
            .num("dc_ac_ratio", pv.dc_ac_ratio, Rule::Between(1.0, 2.5))
            .num("system_efficiency", pv.system_efficiency, Rule::Efficiency)
            .int("lifetime_years", pv.lifetime_years, Rule::Positive);
        if pv.existing_mw_ac > pv.max_mw_ac {
            n.fail(
                "existing_mw_ac",
                format!(
                    "existing_mw_ac {} exceeds max_mw_ac {}",
                    pv.existing_mw_ac, pv.max_mw_ac
                ),
                "max_mw_ac is the site's whole PV limit, existing capacity included",
            );
        }
    }
}

pub(super) fn check_storage(c: &mut Checker, site: &Site) {
    for (i, s) in site.storage.iter().enumerate() {
        let path = Path::root().key("storage").index(i);
        let mut n = Numbers::new(c, path, who("storage", &s.name));
        n.num(
            "capex_usd_per_kw",
            s.capex_usd_per_kw,
            Rule::UpTo(limits::MAX_USD_PER_KW),
        )
        .num(
            "capex_usd_per_kwh",
            s.capex_usd_per_kwh,
            Rule::UpTo(limits::MAX_USD_PER_KWH),
        )
        .num(
            "fixed_om_usd_per_kw_year",
            s.fixed_om_usd_per_kw_year,
            Rule::UpTo(limits::MAX_USD_PER_KW),
        )
        .num(
            "round_trip_efficiency",
            s.round_trip_efficiency,
            Rule::Efficiency,
        )
        .num(
            "min_duration_h",
            s.min_duration_h,
            Rule::PositiveUpTo(limits::MAX_STORAGE_DURATION_H),
        )
        .num(
            "max_duration_h",
            s.max_duration_h,
            Rule::PositiveUpTo(limits::MAX_STORAGE_DURATION_H),
        )
        .num(
            "max_power_mw",
            s.max_power_mw,
            Rule::UpTo(limits::MAX_POWER_MW),
        )
        .num(
            "existing_power_mw",
            s.existing_power_mw,
            Rule::UpTo(limits::MAX_POWER_MW),
        )
        .num(
            "existing_energy_mwh",
            s.existing_energy_mwh,
            Rule::UpTo(limits::MAX_STORAGE_MWH),
        )
        .num(
            "min_state_of_charge",
            s.min_state_of_charge,
            Rule::Between(0.0, 0.99),
        )
        .int("lifetime_years", s.lifetime_years, Rule::Positive);
        if s.min_duration_h > s.max_duration_h {
            n.fail(
                "max_duration_h",
                format!(
                    "max_duration_h {} is shorter than min_duration_h {}",
                    s.max_duration_h, s.min_duration_h
                ),
                "durations bound energy/power: min_duration_h ≤ max_duration_h",
            );
        }
        if s.existing_power_mw > s.max_power_mw {
            n.fail(
                "existing_power_mw",
                format!(
                    "existing_power_mw {} exceeds max_power_mw {}",
                    s.existing_power_mw, s.max_power_mw
                ),
                "max_power_mw is the site's whole battery limit, existing power included",
            );
        }
    }
}

pub(super) fn check_cooling(c: &mut Checker, site: &Site) {
    let k = &site.cooling;
    let root = Path::root().key("cooling");
    Numbers::new(c, root.clone(), "cooling".to_owned())
        .num(
            "chilled_water_supply_c",
            k.chilled_water_supply_c,
            Rule::Between(
                CHILLED_WATER_SUPPLY_RANGE_C.0,
                CHILLED_WATER_SUPPLY_RANGE_C.1,
            ),
        )
        .num(
            "chilled_water_delta_k",
            k.chilled_water_delta_k,
            Rule::Between(1.0, 20.0),
        )
        .opt(
            "liquid_supply_c",
            k.liquid_supply_c,
            Rule::Between(LIQUID_SUPPLY_RANGE_C.0, LIQUID_SUPPLY_RANGE_C.1),
        )
        .num(
            "pump_kw_per_mw",
            k.pump_kw_per_mw,
            Rule::Between(0.0, 200.0),
        )
        .num(
            "water_usd_per_m3",
            k.water_usd_per_m3,
            Rule::UpTo(limits::MAX_USD_PER_M3),
        )
        .opt(
            "water_limit_m3_per_year",
            k.water_limit_m3_per_year,
            Rule::UpTo(limits::MAX_WATER_M3_PER_YEAR),
        )
        .opt(
            "chilled_water_loop_m3",
            k.chilled_water_loop_m3,
            Rule::Between(0.01, limits::MAX_WATER_VOLUME_M3),
        );
    if let Some(t) = &k.storage {
        // A million m³ is a lake; even district-cooling tanks stay below 100,000 m³.
        let mut n = Numbers::new(c, root.key("storage"), "[cooling.storage]".to_owned());
        n.int("lifetime_years", t.lifetime_years, LIFE)
            .num(
                "capex_usd_per_m3",
                t.capex_usd_per_m3,
                Rule::UpTo(limits::MAX_USD_PER_M3),
            )
            .num("max_m3", t.max_m3, Rule::UpTo(limits::MAX_WATER_VOLUME_M3))
            .num(
                "existing_m3",
                t.existing_m3,
                Rule::UpTo(limits::MAX_WATER_VOLUME_M3),
            )
            .num("min_m3", t.min_m3, Rule::UpTo(limits::MAX_WATER_VOLUME_M3))
            .int(
                "lead_time_years",
                t.lead_time_years,
                Rule::Between(0.0, 20.0),
            );
        for (field, v) in [("existing_m3", t.existing_m3), ("min_m3", t.min_m3)] {
            if v > t.max_m3 {
                n.fail(
                    field,
                    format!("{field} {v} exceeds max_m3 {}", t.max_m3),
                    "max_m3 is the largest tank the site can hold, existing water included",
                );
            }
        }
    }
    for (i, ch) in k.chiller.iter().enumerate() {
        let mut n = Numbers::new(c, root.key("chiller").index(i), who("chiller", &ch.name));
        n.num(
            "unit_mw",
            ch.unit_mw,
            Rule::PositiveUpTo(limits::MAX_POWER_MW),
        )
        .num(
            "capex_usd_per_kw",
            ch.capex_usd_per_kw,
            Rule::UpTo(limits::MAX_USD_PER_KW),
        )
        .num(
            "fixed_om_usd_per_kw_year",
            ch.fixed_om_usd_per_kw_year,
            Rule::UpTo(limits::MAX_USD_PER_KW),
        )
        .int("lifetime_years", ch.lifetime_years, Rule::Positive);
        units_within_max(&mut n, ch.existing_units, ch.max_units);
    }
    for (i, t) in k.tower.iter().enumerate() {
        let mut n = Numbers::new(c, root.key("tower").index(i), who("tower", &t.name));
        n.num(
            "unit_mw",
            t.unit_mw,
            Rule::PositiveUpTo(limits::MAX_POWER_MW),
        )
        .num("approach_k", t.approach_k, Rule::Between(1.0, 15.0))
        .num(
            "rated_wet_bulb_c",
            t.rated_wet_bulb_c,
            Rule::Between(5.0, 35.0),
        )
        .num("fan_kw_per_mw", t.fan_kw_per_mw, Rule::Between(0.0, 100.0))
        .num(
            "cycles_of_concentration",
            t.cycles_of_concentration,
            Rule::Between(1.5, 20.0),
        )
        .num("drift_fraction", t.drift_fraction, Rule::Between(0.0, 0.01))
        .num(
            "capex_usd_per_kw",
            t.capex_usd_per_kw,
            Rule::UpTo(limits::MAX_USD_PER_KW),
        )
        .int("lifetime_years", t.lifetime_years, Rule::Positive);
        units_within_max(&mut n, t.existing_units, t.max_units);
    }
    for (i, d) in k.dry_cooler.iter().enumerate() {
        let mut n = Numbers::new(
            c,
            root.key("dry_cooler").index(i),
            who("dry_cooler", &d.name),
        );
        n.num(
            "unit_mw",
            d.unit_mw,
            Rule::PositiveUpTo(limits::MAX_POWER_MW),
        )
        .num("approach_k", d.approach_k, Rule::Between(1.0, 25.0))
        .num("fan_kw_per_mw", d.fan_kw_per_mw, Rule::Between(0.0, 150.0))
        .num(
            "capex_usd_per_kw",
            d.capex_usd_per_kw,
            Rule::UpTo(limits::MAX_USD_PER_KW),
        )
        .int("lifetime_years", d.lifetime_years, Rule::Positive);
        units_within_max(&mut n, d.existing_units, d.max_units);
    }
    Numbers::new(c, root.key("economizer"), "economizer".to_owned()).num(
        "hx_approach_k",
        k.economizer.hx_approach_k,
        Rule::Between(0.0, 10.0),
    );
    Numbers::new(c, root.key("crah"), "crah".to_owned())
        .num(
            "unit_kw",
            k.crah.unit_kw,
            Rule::PositiveUpTo(limits::MAX_POWER_KW),
        )
        .num(
            "fan_kw_per_mw",
            k.crah.fan_kw_per_mw,
            Rule::Between(0.0, 200.0),
        )
        .num("delta_t_k", k.crah.delta_t_k, Rule::Between(3.0, 30.0))
        .num(
            "capex_usd_per_kw",
            k.crah.capex_usd_per_kw,
            Rule::UpTo(limits::MAX_USD_PER_KW),
        )
        .int("lifetime_years", k.crah.lifetime_years, LIFE);
    Numbers::new(c, root.key("cdu"), "cdu".to_owned())
        .num(
            "unit_kw",
            k.cdu.unit_kw,
            Rule::PositiveUpTo(limits::MAX_POWER_KW),
        )
        .num(
            "pump_kw_per_mw",
            k.cdu.pump_kw_per_mw,
            Rule::Between(0.0, 200.0),
        )
        .num("approach_k", k.cdu.approach_k, Rule::Between(0.0, 15.0))
        .num(
            "capex_usd_per_kw",
            k.cdu.capex_usd_per_kw,
            Rule::UpTo(limits::MAX_USD_PER_KW),
        )
        .int("lifetime_years", k.cdu.lifetime_years, LIFE);
}

/// Checks a unit class's counts: each within [`limits::MAX_UNITS`], existing ones within the
/// maximum.
fn units_within_max(n: &mut Numbers, existing: u32, max: u32) {
    let most = Rule::UpTo(f64::from(limits::MAX_UNITS));
    n.int("existing_units", existing, most)
        .int("max_units", max, most);
    if existing > max {
        n.fail(
            "existing_units",
            format!("existing_units {existing} exceeds max_units {max}"),
            "max_units counts every unit the site can hold, existing ones included",
        );
    }
}

/// The sizes of the goal: each year's GPU target and the capex budget. Whether the goal is
/// complete and consistent with the site is a cross-reference check.
pub(super) fn check_demand(c: &mut Checker, site: &Site) {
    let d = &site.demand;
    let path = Path::root().key("demand");
    Numbers::new(c, path.clone(), "demand".to_owned()).opt(
        "capex_budget_usd",
        d.capex_budget_usd,
        Rule::PositiveUpTo(limits::MAX_USD),
    );
    let mut n = Numbers::new(c, path.key("gpus_online"), "demand.gpus_online".to_owned());
    for (year, &gpus) in d.gpus_online.iter().flatten() {
        n.count(
            &year.to_string(),
            gpus,
            Rule::UpTo(limits::MAX_GPUS_ONLINE as f64),
        );
    }
}

pub(super) fn check_emissions(c: &mut Checker, site: &Site) {
    let e = &site.emissions;
    Numbers::new(c, Path::root().key("emissions"), "emissions".to_owned())
        .num(
            "carbon_price_usd_per_t",
            e.carbon_price_usd_per_t,
            Rule::UpTo(limits::MAX_CARBON_USD_PER_T),
        )
        .opt(
            "cap_t_per_year",
            e.cap_t_per_year,
            Rule::UpTo(limits::MAX_EMISSIONS_T_PER_YEAR),
        );
}

/// Ride-through targets: each key a failure scenario, each value minutes in (0, 1440].
pub(super) fn check_reliability(c: &mut Checker, site: &Site) {
    // More than a few units out is a typo for a count of units.
    Numbers::new(
        c,
        Path::root().key("reliability"),
        "[reliability]".to_owned(),
    )
    .int(
        "firm_units_out",
        site.reliability.firm_units_out,
        Rule::Between(0.0, 4.0),
    );
    let path = Path::root().key("reliability").key("ride_through_minutes");
    for (scenario, &minutes) in &site.reliability.ride_through_minutes {
        let at = path.key(scenario);
        if let Err(e) = scenario.parse::<crate::site::scenario::Scenario>() {
            let d = Diagnostic::error("range", format!("[reliability] ride_through_minutes: {e}"))
                .label("not a failure scenario")
                .help("e.g. `\"chiller-trip:1\" = 10` or `outage = 5`");
            c.report_key(&at, d);
        }
        // A day is far beyond any UPS or thermal-storage design; more is a unit mistake.
        let rule = if minutes > 0.0 {
            Rule::Between(0.0, 1440.0)
        } else {
            Rule::Positive
        };
        Numbers::new(
            c,
            path.clone(),
            "[reliability] ride_through_minutes".to_owned(),
        )
        .num(scenario, minutes, rule);
    }
}

pub(super) fn check_design(c: &mut Checker, site: &Site) {
    let d = &site.design;
    let path = Path::root().key("design");
    Numbers::new(c, path.clone(), "design".to_owned())
        .num("it_load_fraction", d.it_load_fraction, Rule::Efficiency)
        .opt("dry_bulb_c", d.dry_bulb_c, Rule::Between(-50.0, 60.0))
        .opt("mcwb_c", d.mcwb_c, Rule::Between(-50.0, 60.0))
        .opt("wet_bulb_c", d.wet_bulb_c, Rule::Between(-50.0, 40.0))
        .opt("mcdb_c", d.mcdb_c, Rule::Between(-50.0, 60.0))
        .opt("daily_range_k", d.daily_range_k, Rule::Between(0.0, 30.0))
        .num("margin_k", d.margin_k, Rule::Between(0.0, 20.0));
    // Each design condition is a pair: a temperature with its coincident other one.
    let conditions = [
        (
            "dry_bulb_c",
            "mcwb_c",
            d.dry_bulb_c.is_some(),
            d.mcwb_c.is_some(),
        ),
        (
            "wet_bulb_c",
            "mcdb_c",
            d.wet_bulb_c.is_some(),
            d.mcdb_c.is_some(),
        ),
    ];
    for (a, b, has_a, has_b) in conditions {
        let (given, partner) = match (has_a, has_b) {
            (true, false) => (a, b),
            (false, true) => (b, a),
            _ => continue,
        };
        c.report(
            &path.key(given),
            Diagnostic::error("range", format!("design.{given} is given without {partner}"))
                .label(format!("needs {partner}"))
                .help("give both values of the design condition, or neither to derive them from the weather year"),
        );
    }
    let pairs = [
        ("mcwb_c", d.mcwb_c, d.dry_bulb_c, "dry_bulb_c"),
        ("wet_bulb_c", d.wet_bulb_c, d.mcdb_c, "mcdb_c"),
    ];
    for (field, wet, dry, dry_field) in pairs {
        if let (Some(wet), Some(dry)) = (wet, dry)
            && wet > dry
        {
            c.report(
                &path.key(field),
                Diagnostic::error(
                    "range",
                    format!("design.{field} {wet} °C is above {dry_field} {dry} °C"),
                )
                .label("a wet-bulb is at most its dry-bulb"),
            );
        }
    }
    let given = [
        d.dry_bulb_c,
        d.mcwb_c,
        d.wet_bulb_c,
        d.mcdb_c,
        d.daily_range_k,
    ];
    if given.iter().any(Option::is_some) && d.source.as_deref().is_none_or(|s| s.trim().is_empty())
    {
        c.report(
            &path,
            Diagnostic::error("range", "design values are given without their `source`")
                .help("name where they come from, e.g. source = \"ASHRAE 2009 climatic design conditions, WMO 722780, 0.4 %\""),
        );
    }
}

pub(super) fn check_halls(c: &mut Checker, site: &Site) {
    for (i, h) in site.hall.iter().enumerate() {
        Numbers::new(c, Path::root().key("hall").index(i), who("hall", &h.name))
            .int(
                "slots",
                h.slots,
                Rule::PositiveUpTo(f64::from(limits::MAX_SLOTS)),
            )
            .num(
                "max_rack_kw",
                h.max_rack_kw,
                Rule::Between(0.1, limits::MAX_RACK_KW),
            )
            .num("ups_efficiency", h.ups_efficiency, Rule::Efficiency)
            .num(
                "distribution_efficiency",
                h.distribution_efficiency,
                Rule::Efficiency,
            )
            .num(
                "ups_module_kw",
                h.ups_module_kw,
                Rule::PositiveUpTo(limits::MAX_POWER_KW),
            )
            .num(
                "ups_capex_usd_per_kw",
                h.ups_capex_usd_per_kw,
                Rule::UpTo(limits::MAX_USD_PER_KW),
            )
            .int("ups_lifetime_years", h.ups_lifetime_years, LIFE)
            .num(
                "ups_ride_through_s",
                h.ups_ride_through_s,
                Rule::UpTo(limits::MAX_RIDE_THROUGH_S),
            )
            .num("critical_fraction", h.critical_fraction, Rule::Fraction)
            .num("capex_usd", h.capex_usd, Rule::UpTo(limits::MAX_USD))
            .num(
                "fixed_om_usd_per_year",
                h.fixed_om_usd_per_year,
                Rule::UpTo(limits::MAX_USD),
            )
            .opt(
                "floor_area_m2",
                h.floor_area_m2,
                Rule::PositiveUpTo(limits::MAX_FLOOR_AREA_M2),
            )
            .num(
                "ceiling_height_m",
                h.ceiling_height_m,
                Rule::Between(2.0, 30.0),
            )
            .int("lifetime_years", h.lifetime_years, Rule::Positive);
    }
}

pub(super) fn check_racks(c: &mut Checker, site: &Site) {
    for (i, r) in site.rack.iter().enumerate() {
        let mut n = Numbers::new(c, Path::root().key("rack").index(i), who("rack", &r.name));
        n.int(
            "gpus",
            r.gpus,
            Rule::UpTo(f64::from(limits::MAX_GPUS_PER_RACK)),
        )
        .num(
            "design_kw",
            r.design_kw,
            Rule::Between(0.1, limits::MAX_RACK_KW),
        )
        .num("utilization", r.utilization, Rule::Efficiency)
        .num("liquid_fraction", r.liquid_fraction, Rule::Fraction)
        .num("mass_kg", r.mass_kg, Rule::Between(10.0, 10_000.0))
        .num("capex_usd", r.capex_usd, Rule::UpTo(limits::MAX_USD))
        .int("lifetime_years", r.lifetime_years, Rule::Positive);
        if let Some(profile) = &r.utilization_profile_24h {
            if profile.len() == 24 {
                for (h, v) in profile.iter().enumerate() {
                    n.item("utilization_profile_24h", h, *v, Rule::Efficiency);
                }
            } else {
                n.fail(
                    "utilization_profile_24h",
                    format!(
                        "utilization_profile_24h has {} values, expected 24",
                        profile.len()
                    ),
                    "give one value per hour of the day, midnight first",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Rule;
    use crate::site::limits;

    #[test]
    fn bounded_rules_hold_up_to_their_bound() {
        let up_to = Rule::UpTo(10_000.0);
        assert!(up_to.holds(0.0));
        assert!(up_to.holds(10_000.0));
        assert!(!up_to.holds(10_000.000_001));
        assert!(!up_to.holds(-1e-9));
        assert!(!up_to.holds(1e308));
        let positive = Rule::PositiveUpTo(10_000.0);
        assert!(!positive.holds(0.0));
        assert!(positive.holds(1e-9));
        assert!(positive.holds(10_000.0));
        assert!(!positive.holds(1e12));
    }

    #[test]
    fn bounded_rules_name_the_side_that_was_crossed() {
        let budget = Rule::UpTo(limits::MAX_USD);
        assert_eq!(budget.expected(2e11), "at most 1e11");
        assert_eq!(budget.expected(-1.0), "0 or more");
        let slots = Rule::PositiveUpTo(f64::from(limits::MAX_SLOTS));
        assert_eq!(slots.expected(1e9), "at most 100000");
        assert_eq!(slots.expected(0.0), "greater than 0");
    }

    #[test]
    fn bounded_rules_help_with_negatives_and_stray_zeros() {
        let power = Rule::UpTo(limits::MAX_POWER_MW);
        assert_eq!(
            power.help(-3.0).as_deref(),
            Some("quantities and costs cannot be negative")
        );
        let help = power.help(1e12).unwrap_or_default();
        assert!(
            help.starts_with("the limit of 10000 is far beyond any real site"),
            "{help}"
        );
        assert_eq!(power.help(5.0), None);
        assert_eq!(
            Rule::PositiveUpTo(1.0).help(-1.0).as_deref(),
            Some("quantities and costs cannot be negative")
        );
    }

    #[test]
    fn every_bound_covers_the_samples_by_a_wide_margin() {
        // The largest sample values (sites/, data/templates/) times 10 stay within the bounds.
        let samples = [
            (limits::MAX_POWER_MW, 400.0),
            (limits::MAX_USD, 480e6),
            (limits::MAX_USD_PER_KW, 1400.0),
            (limits::MAX_ENERGY_USD_PER_MWH, 140.0),
            (f64::from(limits::MAX_SLOTS), 576.0),
            (f64::from(limits::MAX_UNITS), 300.0),
            (limits::MAX_GPUS_ONLINE as f64, 400_000.0),
        ];
        for (bound, largest) in samples {
            assert!(bound >= 10.0 * largest, "{bound} vs {largest}");
        }
    }
}
