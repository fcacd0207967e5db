//! Physics rules: a plant that can reject the heat, water within its class, air setpoints
//! inside their envelope, some source of power, and lead times that fit the horizon.

use super::{Checker, who};
use crate::physics::cooling_tower::{DESIGN_RANGE_K, TowerCell};
use crate::site::diagnostic::Diagnostic;
use crate::site::tree::Path;
use crate::site::{ChillerKind, EconomizerKind, HallCooling, Site};

pub(super) fn check_heat_rejection(c: &mut Checker, site: &Site) {
    let k = &site.cooling;
    let path = Path::root().key("cooling");
    let any_chiller = k.chiller.iter().any(|ch| ch.max_units > 0);
    let any_dry = k.dry_cooler.iter().any(|d| d.max_units > 0);
    if !any_chiller && !any_dry && k.economizer.kind != EconomizerKind::AirSide {
        c.report(
            &path,
            Diagnostic::error(
                "physics",
                "the cooling plant has no chillers and no dry coolers: nothing rejects the heat",
            )
            .help("add [[cooling.chiller]] or [[cooling.dry_cooler]] with max_units > 0"),
        );
    }
    let needs_towers = k
        .chiller
        .iter()
        .any(|ch| ch.kind == ChillerKind::WaterCooled && ch.max_units > 0)
        || k.economizer.kind == EconomizerKind::WaterSide;
    for (i, t) in k.tower.iter().enumerate() {
        let rateable = t.approach_k.is_finite()
            && t.rated_wet_bulb_c.is_finite()
            && (1.0..=15.0).contains(&t.approach_k)
            && (5.0..=35.0).contains(&t.rated_wet_bulb_c);
        // Out-of-range values are reported by the range rules; here, a rating no cell has.
        if let (true, Err(e)) = (
            rateable,
            TowerCell::rated(t.rated_wet_bulb_c, t.approach_k, DESIGN_RANGE_K),
        ) {
            c.report(
                &path.key("tower").index(i).key("approach_k"),
                Diagnostic::error("physics", format!("{}: {e}", who("tower", &t.name)))
                    .help("widen approach_k, or rate the cell at a warmer rated_wet_bulb_c"),
            );
        }
    }
    if needs_towers && !k.tower.iter().any(|t| t.max_units > 0) {
        let what = if k.economizer.kind == EconomizerKind::WaterSide && !any_chiller {
            "a water-side economizer"
        } else {
            "water-cooled chillers"
        };
        c.report(
            &path,
            Diagnostic::error(
                "physics",
                format!("{what} need cooling towers, but the plant has none"),
            )
            .help("add [[cooling.tower]], or use air-cooled chillers / dry coolers"),
        );
    }
}

pub(super) fn check_liquid_loop(c: &mut Checker, site: &Site) {
    let k = &site.cooling;
    let path = Path::root().key("cooling");
    let liquid_hall = site.hall.iter().find(|h| h.cooling != HallCooling::Air);
    match (k.liquid_supply_c, liquid_hall) {
        (None, Some(h)) => c.report(
            &path,
            Diagnostic::error(
                "physics",
                format!("{} has {} cooling but cooling.liquid_supply_c is not set", who("hall", &h.name), cooling_word(h.cooling)),
            )
            .help(format!(
                "set liquid_supply_c, the facility-water supply temperature (°C); {} allows at most {} °C",
                class_name(k.liquid_class),
                k.liquid_class.max_supply_c()
            )),
        ),
        (Some(t), _) if t.is_finite() && t > k.liquid_class.max_supply_c() => c.report(
            &path.key("liquid_supply_c"),
            Diagnostic::error(
                "physics",
                format!(
                    "liquid_supply_c = {t} °C is hotter than class {} allows (at most {} °C)",
                    class_name(k.liquid_class),
                    k.liquid_class.max_supply_c()
                ),
            )
            .label(format!("above the {} bound", class_name(k.liquid_class)))
            .help("lower the supply temperature or design the loop to a warmer ASHRAE W class"),
        ),
        _ => {}
    }
}

fn cooling_word(h: HallCooling) -> &'static str {
    match h {
        HallCooling::Air => "air",
        HallCooling::Liquid => "liquid",
        HallCooling::Hybrid => "hybrid",
    }
}

fn class_name<T: serde::Serialize>(class: T) -> String {
    crate::text::serde_name(&class)
}

pub(super) fn check_air_setpoints(c: &mut Checker, site: &Site) {
    let chw = site.cooling.chilled_water_supply_c;
    for (i, h) in site.hall.iter().enumerate() {
        let path = Path::root().key("hall").index(i).key("supply_air_c");
        let t = h.supply_air_c;
        if !t.is_finite() {
            continue;
        }
        let class = class_name(h.ashrae_class);
        let (lo, hi) = h.ashrae_class.allowable_c();
        let (rlo, rhi) = h.ashrae_class.recommended_c();
        if t < lo || t > hi {
            c.report(
                &path,
                Diagnostic::error(
                    "physics",
                    format!("{}: supply_air_c = {t} °C is outside class {class}'s allowable {lo}–{hi} °C", who("hall", &h.name)),
                )
                .label(format!("{class} allows {lo}–{hi} °C"))
                .help("change the setpoint or the hall's ashrae_class"),
            );
        } else if t < rlo || t > rhi {
            c.report(
                &path,
                Diagnostic::warning(
                    "physics",
                    format!(
                        "{}: supply_air_c = {t} °C is outside ASHRAE's recommended {rlo}–{rhi} °C",
                        who("hall", &h.name)
                    ),
                )
                .label("allowable but not recommended"),
            );
        }
        if h.cooling != HallCooling::Liquid && chw.is_finite() && chw > t - 1.0 {
            c.report(
                &path,
                Diagnostic::error(
                    "physics",
                    format!(
                        "{}: supply air at {t} °C cannot be made from chilled water at {chw} °C; a coil needs water at least 1 K colder than the air it supplies",
                        who("hall", &h.name)
                    ),
                )
                .help("lower cooling.chilled_water_supply_c or raise the hall's supply_air_c"),
            );
        }
    }
}

pub(super) fn check_power_sources(c: &mut Checker, site: &Site) {
    use crate::site::GeneratorRole;
    let grid = !site.grid.contract.is_empty() || !site.grid.upgrade.is_empty();
    let prime = site
        .generator
        .iter()
        .any(|g| g.role() == GeneratorRole::Prime && g.max_units > 0);
    if !grid && !prime {
        c.report(
            &Path::root(),
            Diagnostic::error(
                "physics",
                "the site has no source of power: no grid contract and no prime generator",
            )
            .help("add a [[grid.contract]] or a [[generator]] with role = \"prime\""),
        );
    }
}

/// Assets whose lead time reaches past the horizon can never be in service: not an error
/// (the planner may be exploring), but almost always a slip.
pub(super) fn check_lead_times(c: &mut Checker, site: &Site) {
    let years = site.site.years;
    let mut late: Vec<(Path, String, u32)> = Vec::new();
    let mut add = |path: Path, who: String, lead: u32, existing: bool| {
        if !existing && lead >= years {
            late.push((path.key("lead_time_years"), who, lead));
        }
    };
    for (i, h) in site.hall.iter().enumerate() {
        add(
            Path::root().key("hall").index(i),
            who("hall", &h.name),
            h.lead_time_years,
            h.existing,
        );
    }
    for (i, r) in site.rack.iter().enumerate() {
        add(
            Path::root().key("rack").index(i),
            who("rack", &r.name),
            r.lead_time_years,
            false,
        );
    }
    for (i, g) in site.generator.iter().enumerate() {
        add(
            Path::root().key("generator").index(i),
            who("generator", &g.name),
            g.lead_time_years,
            g.existing_units == g.max_units,
        );
    }
    for (i, u) in site.grid.upgrade.iter().enumerate() {
        add(
            Path::root().key("grid").key("upgrade").index(i),
            who("upgrade", &u.name),
            u.lead_time_years,
            false,
        );
    }
    for (i, ch) in site.cooling.chiller.iter().enumerate() {
        add(
            Path::root().key("cooling").key("chiller").index(i),
            who("chiller", &ch.name),
            ch.lead_time_years,
            ch.existing_units == ch.max_units,
        );
    }
    for (path, who, lead) in late {
        c.report(
            &path,
            Diagnostic::warning(
                "lead-time",
                format!("{who} has a {lead}-year lead time but the horizon is {years} years: it can never be in service"),
            )
            .label("longer than the horizon"),
        );
    }
}
