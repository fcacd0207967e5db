//! Cross-reference rules: names are unique, and everything a component names exists.

use std::collections::BTreeMap;

use super::{Checker, who};
use crate::physics::chiller_curve::{CondenserType, CurveLibrary};
use crate::site::diagnostic::Diagnostic;
use crate::site::tree::Path;
use crate::site::{ChillerKind, Site};
use crate::text::did_you_mean;

pub(super) fn check_unique_names(c: &mut Checker, site: &Site) {
    let k = &site.cooling;
    let tables: [(&str, Path, Vec<&str>); 10] = [
        (
            "hall",
            Path::root().key("hall"),
            site.hall.iter().map(|x| x.name.as_str()).collect(),
        ),
        (
            "rack",
            Path::root().key("rack"),
            site.rack.iter().map(|x| x.name.as_str()).collect(),
        ),
        (
            "generator",
            Path::root().key("generator"),
            site.generator.iter().map(|x| x.name.as_str()).collect(),
        ),
        (
            "solar_pv",
            Path::root().key("solar_pv"),
            site.solar_pv.iter().map(|x| x.name.as_str()).collect(),
        ),
        (
            "storage",
            Path::root().key("storage"),
            site.storage.iter().map(|x| x.name.as_str()).collect(),
        ),
        (
            "contract",
            Path::root().key("grid").key("contract"),
            site.grid.contract.iter().map(|x| x.name.as_str()).collect(),
        ),
        (
            "upgrade",
            Path::root().key("grid").key("upgrade"),
            site.grid.upgrade.iter().map(|x| x.name.as_str()).collect(),
        ),
        (
            "chiller",
            Path::root().key("cooling").key("chiller"),
            k.chiller.iter().map(|x| x.name.as_str()).collect(),
        ),
        (
            "tower",
            Path::root().key("cooling").key("tower"),
            k.tower.iter().map(|x| x.name.as_str()).collect(),
        ),
        (
            "dry_cooler",
            Path::root().key("cooling").key("dry_cooler"),
            k.dry_cooler.iter().map(|x| x.name.as_str()).collect(),
        ),
    ];
    for (kind, path, names) in tables {
        let mut first: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, name) in names.iter().enumerate() {
            if name.trim().is_empty() {
                c.report(
                    &path.index(i).key("name"),
                    Diagnostic::error("name", format!("{kind}[{i}] has an empty name"))
                        .label("empty name")
                        .help("names identify components in plans and reports"),
                );
            } else if let Some(&j) = first.get(name) {
                // The first may have been named by an edit, past the end of the file.
                let label = match c.span(&path.index(j).key("name")) {
                    Some(s) if s.start > c.text.len() => "first defined by an edit".to_owned(),
                    s => format!(
                        "first defined on line {}",
                        s.map_or(0, |s| c.line_col(s.start).0)
                    ),
                };
                c.report(
                    &path.index(i).key("name"),
                    Diagnostic::error(
                        "duplicate-name",
                        format!("{} is defined twice", who(kind, name)),
                    )
                    .label(label)
                    .help("names identify components in plans and reports: make them unique"),
                );
            } else {
                first.insert(name, i);
            }
        }
    }
}

pub(super) fn check_upgrade_contracts(c: &mut Checker, site: &Site) {
    let names: Vec<&str> = site.grid.contract.iter().map(|k| k.name.as_str()).collect();
    for (i, u) in site.grid.upgrade.iter().enumerate() {
        if !names.contains(&u.contract.as_str()) {
            let mut d = Diagnostic::error(
                "cross-reference",
                format!(
                    "{} adds to contract \"{}\", which is not defined",
                    who("upgrade", &u.name),
                    u.contract
                ),
            )
            .label("no such contract");
            d = match did_you_mean(&u.contract, names.iter().copied()) {
                Some(s) => d.help(format!("did you mean \"{s}\"?")),
                None if names.is_empty() => d.help("define the contract with [[grid.contract]]"),
                None => d.help(format!("contracts are: {}", quote_all(&names))),
            };
            c.report(
                &Path::root()
                    .key("grid")
                    .key("upgrade")
                    .index(i)
                    .key("contract"),
                d,
            );
        }
    }
}

/// `[[block]]`: every hall it names exists and is in no other block; a block has a hall;
/// block names are unique and not the name of a hall outside the block (a hall outside every
/// block is a block named after it).
pub(super) fn check_blocks(c: &mut Checker, site: &Site) {
    let halls: Vec<&str> = site.hall.iter().map(|h| h.name.as_str()).collect();
    let mut owner: Vec<Option<&str>> = vec![None; halls.len()];
    for (i, b) in site.block.iter().enumerate() {
        let at = Path::root().key("block").index(i);
        if b.halls.is_empty() {
            let d = Diagnostic::error(
                "cross-reference",
                format!("{} names no hall", who("block", &b.name)),
            )
            .help("list its halls, e.g. halls = [\"Hall A\", \"Hall B\"]");
            c.report(&at.key("halls"), d);
        }
        if site.block[..i].iter().any(|o| o.name == b.name) {
            let d = Diagnostic::error(
                "duplicate",
                format!("{} is defined twice", who("block", &b.name)),
            )
            .help("give each block its own name");
            c.report(&at.key("name"), d);
        }
        if let Some(h) = halls.iter().position(|&h| h == b.name)
            && !b.halls.iter().any(|x| x == &b.name)
        {
            let d = Diagnostic::error(
                "duplicate",
                format!(
                    "{} has the name of hall \"{}\", which is not in it",
                    who("block", &b.name),
                    halls[h]
                ),
            )
            .help(
                "a hall outside every block is a block of its own under its name: rename the block",
            );
            c.report(&at.key("name"), d);
        }
        for (j, name) in b.halls.iter().enumerate() {
            let at = at.key("halls").index(j);
            let Some(h) = halls.iter().position(|&x| x == name) else {
                let mut d = Diagnostic::error(
                    "cross-reference",
                    format!(
                        "{} names hall \"{name}\", which is not defined",
                        who("block", &b.name)
                    ),
                )
                .label("no such hall");
                d = match did_you_mean(name, halls.iter().copied()) {
                    Some(s) => d.help(format!("did you mean \"{s}\"?")),
                    None => d.help(format!("halls are: {}", quote_all(&halls))),
                };
                c.report(&at, d);
                continue;
            };
            match owner[h] {
                Some(other) => {
                    let d = Diagnostic::error(
                        "duplicate",
                        format!(
                            "hall \"{name}\" is in {} and in block \"{other}\"",
                            who("block", &b.name)
                        ),
                    )
                    .help("a hall belongs to one block: its plant is dedicated to it");
                    c.report(&at, d);
                }
                None => owner[h] = Some(b.name.as_str()),
            }
        }
    }
}

pub(super) fn check_chiller_curves(c: &mut Checker, site: &Site) {
    let library = match CurveLibrary::builtin() {
        Ok(library) => library,
        Err(e) => {
            c.report(
                &Path::root().key("cooling"),
                Diagnostic::error(
                    "internal",
                    format!("the built-in chiller curve library is broken: {e}"),
                ),
            );
            return;
        }
    };
    for (i, ch) in site.cooling.chiller.iter().enumerate() {
        let path = Path::root()
            .key("cooling")
            .key("chiller")
            .index(i)
            .key("curve");
        match library.get(&ch.curve) {
            None => {
                let mut d = Diagnostic::error(
                    "cross-reference",
                    format!(
                        "{}: curve \"{}\" is not in the chiller curve library",
                        who("chiller", &ch.name),
                        ch.curve
                    ),
                )
                .label("unknown curve");
                d = match library.suggest(&ch.curve) {
                    Some(s) => d.help(format!(
                        "did you mean \"{s}\"? (`dcplan info --curves` lists them)"
                    )),
                    None => d.help("`dcplan info --curves` lists the library's curve sets"),
                };
                c.report(&path, d);
            }
            Some(set) => {
                let water = set.condenser == CondenserType::Water;
                if water != (ch.kind == ChillerKind::WaterCooled) {
                    let (curve_kind, kind) = if water {
                        ("water-cooled", "air_cooled")
                    } else {
                        ("air-cooled", "water_cooled")
                    };
                    c.report(
                        &path,
                        Diagnostic::error(
                            "cross-reference",
                            format!(
                                "{} is {kind} but curve \"{}\" describes a {curve_kind} chiller",
                                who("chiller", &ch.name),
                                ch.curve
                            ),
                        )
                        .label(format!("a {curve_kind} curve"))
                        .help("pick a curve measured on the same condenser type"),
                    );
                }
            }
        }
    }
}

/// Existing racks name defined rack types the hall can host, fit its slots, and stand in an
/// existing hall.
pub(super) fn check_existing_racks(c: &mut Checker, site: &Site) {
    for (i, h) in site.hall.iter().enumerate() {
        let path = Path::root().key("hall").index(i).key("existing_racks");
        if h.existing_racks.is_empty() {
            continue;
        }
        if !h.existing {
            c.report_key(
                &path,
                Diagnostic::error(
                    "cross-reference",
                    format!(
                        "{} lists existing racks but is not existing",
                        who("hall", &h.name)
                    ),
                )
                .help("set existing = true, or remove existing_racks"),
            );
        }
        let mut total = 0u64;
        for (name, &count) in &h.existing_racks {
            total += u64::from(count);
            let key = path.key(name);
            match site.rack.iter().find(|r| &r.name == name) {
                None => {
                    let names: Vec<&str> = site.rack.iter().map(|r| r.name.as_str()).collect();
                    let mut d = Diagnostic::error(
                        "cross-reference",
                        format!("{} has existing racks of type \"{name}\", which is not defined", who("hall", &h.name)),
                    )
                    .label("no such rack");
                    if let Some(s) = did_you_mean(name, names.iter().copied()) {
                        d = d.help(format!("did you mean \"{s}\"?"));
                    }
                    c.report_key(&key, d);
                }
                Some(r) if !h.can_host(r) => c.report_key(
                    &key,
                    Diagnostic::error(
                        "cross-reference",
                        format!("{} cannot host its existing racks \"{name}\" ({} kW, liquid fraction {})", who("hall", &h.name), r.design_kw, r.liquid_fraction),
                    )
                    .label("does not fit this hall"),
                ),
                Some(_) => {}
            }
        }
        if total > u64::from(h.slots) {
            c.report_key(
                &path,
                Diagnostic::error(
                    "range",
                    format!(
                        "{} has {total} existing racks but only {} slots",
                        who("hall", &h.name),
                        h.slots
                    ),
                )
                .label("more racks than slots"),
            );
        }
    }
}

pub(super) fn check_allowed_racks(c: &mut Checker, site: &Site) {
    let names: Vec<&str> = site.rack.iter().map(|r| r.name.as_str()).collect();
    for (i, h) in site.hall.iter().enumerate() {
        for (j, r) in h.allowed_racks.iter().flatten().enumerate() {
            if !names.contains(&r.as_str()) {
                let mut d = Diagnostic::error(
                    "cross-reference",
                    format!(
                        "{} allows rack \"{r}\", which is not defined",
                        who("hall", &h.name)
                    ),
                )
                .label("no such rack");
                if let Some(s) = did_you_mean(r, names.iter().copied()) {
                    d = d.help(format!("did you mean \"{s}\"?"));
                }
                c.report(
                    &Path::root()
                        .key("hall")
                        .index(i)
                        .key("allowed_racks")
                        .index(j),
                    d,
                );
            }
        }
    }
}

/// Every rack type must fit at least one hall, by power and by cooling.
pub(super) fn check_racks_hostable(c: &mut Checker, site: &Site) {
    let max_kw = site
        .hall
        .iter()
        .map(|h| h.max_rack_kw)
        .fold(f64::NAN, f64::max);
    for (i, r) in site.rack.iter().enumerate() {
        if site.hall.iter().any(|h| h.can_host(r)) || site.hall.is_empty() {
            continue;
        }
        let cooled: Vec<&str> = site
            .hall
            .iter()
            .filter(|h| h.cooling.hosts(r.liquid_fraction))
            .map(|h| h.name.as_str())
            .collect();
        let (field, message, help) = if cooled.is_empty() {
            if r.liquid_fraction > 0.0 {
                (
                    "liquid_fraction",
                    format!(
                        "is liquid-cooled (liquid_fraction {}) but no hall has liquid or hybrid cooling",
                        r.liquid_fraction
                    ),
                    "add a hall with cooling = \"liquid\" or \"hybrid\"".to_owned(),
                )
            } else {
                (
                    "liquid_fraction",
                    "is air-cooled but every hall is liquid-only".to_owned(),
                    "add a hall with cooling = \"air\" or \"hybrid\"".to_owned(),
                )
            }
        } else if r.design_kw > max_kw {
            (
                "design_kw",
                format!("draws {} kW but the most any hall allows is {max_kw} kW per rack", r.design_kw),
                "raise a hall's max_rack_kw (power and cooling per position) or pick a lighter rack".to_owned(),
            )
        } else if site
            .hall
            .iter()
            .any(|h| h.cooling.hosts(r.liquid_fraction) && r.design_kw <= h.max_rack_kw)
        {
            // Left out of every hall that could host it on purpose (a rack mix without it):
            // the plan builds none, which is worth a word, not a refusal.
            c.report(
                &Path::root().key("rack").index(i).key("name"),
                Diagnostic::warning(
                    "unused",
                    format!(
                        "{} is in no allowed_racks of the halls that could host it: the plan builds none",
                        who("rack", &r.name)
                    ),
                )
                .label("allowed in no hall"),
            );
            continue;
        } else {
            (
                "name",
                "fits no hall: the halls with enough power per rack lack the right cooling"
                    .to_owned(),
                "give a hall with the right cooling a max_rack_kw of at least the rack's design_kw"
                    .to_owned(),
            )
        };
        c.report(
            &Path::root().key("rack").index(i).key(field),
            Diagnostic::error(
                "cross-reference",
                format!("{} {message}", who("rack", &r.name)),
            )
            .label("no hall can host this rack")
            .help(help),
        );
    }
}

pub(super) fn check_demand(c: &mut Checker, site: &Site) {
    let d = &site.demand;
    let path = Path::root().key("demand");
    match (&d.gpus_online, d.capex_budget_usd) {
        (None, None) => c.report(
            &path,
            Diagnostic::error(
                "demand",
                "demand has neither `gpus_online` nor `capex_budget_usd`",
            )
            .help(
                "give GPU targets by year, e.g. gpus_online = { 2027 = 9000 }, or a capex budget",
            ),
        ),
        (Some(_), Some(_)) => c.report_key(
            &path.key("capex_budget_usd"),
            Diagnostic::error(
                "demand",
                "demand gives both `gpus_online` and `capex_budget_usd`",
            )
            .label("choose one objective")
            .help("targets plan least cost; a budget plans the most GPU-years: keep one"),
        ),
        // Its range is checked with the other numbers (`ranges::check_demand`).
        (None, Some(_)) => {}
        (Some(targets), None) => check_targets(c, site, targets),
    }
}

fn check_targets(c: &mut Checker, site: &Site, targets: &BTreeMap<u32, u64>) {
    let path = Path::root().key("demand").key("gpus_online");
    let horizon = site.site.horizon();
    if targets.is_empty() {
        c.report(
            &path,
            Diagnostic::error("demand", "gpus_online lists no years")
                .help("e.g. gpus_online = { 2027 = 9000 }"),
        );
    }
    for &year in targets.keys() {
        if !horizon.contains(&year) {
            c.report_key(
                &path.key(&year.to_string()),
                Diagnostic::error(
                    "demand",
                    format!(
                        "target year {year} is outside the planning horizon {}–{}",
                        horizon.start,
                        horizon.end - 1
                    ),
                )
                .label("outside the horizon")
                .help("move the target inside the horizon, or change site.start_year / site.years"),
            );
        }
    }
    if targets.values().any(|&g| g > 0) && site.rack.iter().all(|r| r.gpus == 0) {
        c.report(
            &path,
            Diagnostic::error("demand", "GPU targets are set but no rack type has GPUs")
                .help("add a [[rack]] with gpus > 0"),
        );
    }
    let mut previous: Option<(u32, u64)> = None;
    for (&year, &gpus) in targets {
        if let Some((py, pg)) = previous
            && gpus < pg
        {
            c.report_key(
                &path.key(&year.to_string()),
                Diagnostic::warning(
                    "demand",
                    format!("the target falls from {pg} GPUs in {py} to {gpus} in {year}"),
                )
                .help("installed racks stay installed; a falling target only leaves them idle"),
            );
        }
        previous = Some((year, gpus));
    }
    // The most GPUs the site could ever hold: every slot filled with the densest rack its hall
    // can host. A target above it can never be met, whatever is built.
    // Racks no hall can host are reported already; the capacity check would only echo them.
    if site
        .rack
        .iter()
        .any(|r| !site.hall.iter().any(|h| h.can_host(r)))
    {
        return;
    }
    let capacity: u64 = site.hall.iter().map(|h| h.max_gpus(&site.rack)).sum();
    if let Some((&year, &gpus)) = targets.iter().find(|&(_, &g)| g > capacity) {
        c.report_key(
            &path.key(&year.to_string()),
            Diagnostic::error(
                "demand",
                format!(
                    "the {year} target of {gpus} GPUs exceeds the {capacity} GPUs every hall filled \
                     with its densest rack would hold"
                ),
            )
            .label("more GPUs than slots allow")
            .help("add halls or slots, allow denser racks, or lower the target"),
        );
    }
}

fn quote_all(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}
