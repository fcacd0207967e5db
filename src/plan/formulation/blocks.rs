//! Block redundancy: each block's dedicated chillers, towers, dry coolers and backup
//! generators carry that block's design heat and critical load with the block's own spares.
//!
//! A block is a `[[block]]` of the site or a hall no block names ([`Site::blocks`]). Every
//! plant class gets units per block and year, `n_{i,b,k}`, integer where the class is,
//! persistent, summing to the site's units: `Σ_b n_{i,b,k} = N_{i,k}`. The site-wide rows of
//! [`super::capacity`] keep the hour-by-hour dispatch; these rows add, at each design day's
//! peak hour t, for block b with load-in-service binary `y_b` (any rack in its halls):
//!
//! ```text
//! A_b, L_b, C_b   air heat (losses, CRAH fans), liquid heat, critical input at design load
//! AF = φ_air(t) A_b                      air-side free cooling at its share
//! 0 ≤ LF ≤ φ_liq(t) L_b                  liquid-side free cooling (a column)
//! CH = A_b + L_b − AF − LF               what the chillers carry
//! Σ_i α U_i CAPFT_i(t) n_{i,b} ≥ CH + σ y_b × largest chiller in service     chillers
//! Σ_d α U_d ω(t) n_{d,b}       ≥ LF + σ y_b × largest dry cooler             dry coolers
//! Σ_τ α U_τ n_{τ,b}            ≥ CH (1 + 1/COP_min(t)) + AF + LF(no dry)     towers
//! Σ_g α U_g ǎ_g n_{g,b}        ≥ C_b + cooling power_b(t) + σ_G y_b × U_max  backup
//! ```
//!
//! Why the peak hours alone: in a design hour every rack is at the design load and each
//! chiller class at its design CAPFT (the lowest within the design conditions, constant over
//! the design hours); from the peak, the day's other hours only cool at the same humidity
//! ratio, so free-cooling shares and dry-cooler capacity only rise and COP with them (tower
//! heat and chiller power fall): the peak's dispatch holds in every other design hour. Free
//! cooling at its full share is the best a block can do (less free cooling only moves heat to
//! the chillers, whose heat the towers reject too), so the air side takes it; the liquid side
//! is bounded by the block's dry coolers, hence the column. With several chiller classes the
//! towers take the lowest water-cooled COP and the backup the highest chiller power rate
//! (conservative). CRAHs, CDUs and UPS are per hall already (build-out and the simulator), so
//! per block at least.

use dcplan_solvers::{LinExpr, Model, Sense, Var, VarKind};

use super::Context;
use super::build_out::Builds;
use super::spares::{self, Installed};
use crate::plan::document::ComponentKind;
use crate::site::plant::CoolingPowerRates;
use crate::site::{ChillerKind, EconomizerKind, Site, UnitClass};

/// The blocks' columns; empty for a site with fewer than two blocks (the site-wide rows are
/// then the block's).
#[derive(Debug, Clone, Default)]
pub(crate) struct Blocks {
    /// Per block.
    pub blocks: Vec<Block>,
    /// Per class and year the blocks split: the site's units and the blocks' parts of them.
    pub sums: Vec<(Var, Vec<Var>)>,
}

/// One block's columns.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    /// Its name (a `[[block]]`'s, or its hall's).
    pub name: String,
    /// Its halls (indices into `site.hall`).
    pub halls: Vec<usize>,
    /// Whether any rack is installed in its halls, per year (binary, or fixed at 1).
    pub in_service: Vec<Var>,
    /// Units dedicated to it, per plant family, class (`None` where the class cannot have
    /// units, or a generator class outside the backup duty) and year.
    pub units: Families<Option<Vec<Var>>>,
    /// Its installed binaries, where two or more classes of a family are allowed.
    pub installed: Installed,
    /// Its liquid-side free cooling at each design peak (`Hourly::design_peaks` order), per
    /// year; `None` where the block has no rows (no load, or a family not yet able to grow).
    pub liquid_free: Vec<Vec<Option<Var>>>,
}

/// Something per plant family, per class.
#[derive(Debug, Clone, Default)]
pub(crate) struct Families<T> {
    /// Chiller classes.
    pub chiller: Vec<T>,
    /// Cooling-tower classes.
    pub tower: Vec<T>,
    /// Dry-cooler classes.
    pub dry_cooler: Vec<T>,
    /// Generator classes.
    pub generator: Vec<T>,
}

impl<T> Families<T> {
    /// (family name as reported, the site's kind of component, its classes) in order.
    pub fn each(&self) -> [(&'static str, ComponentKind, &[T]); 4] {
        [
            ("chillers", ComponentKind::Chiller, &self.chiller),
            ("towers", ComponentKind::Tower, &self.tower),
            ("dry coolers", ComponentKind::DryCooler, &self.dry_cooler),
            (
                "backup generators",
                ComponentKind::Generator,
                &self.generator,
            ),
        ]
    }
}

impl Blocks {
    /// Every (installed binary, block units) pair, for rounding.
    pub(crate) fn installed_pairs(&self) -> Vec<(Var, Var)> {
        let mut out = Vec::new();
        for b in &self.blocks {
            let i = &b.installed;
            let u = &b.units;
            for (w, n) in [
                (&i.chiller, &u.chiller),
                (&i.tower, &u.tower),
                (&i.dry_cooler, &u.dry_cooler),
                (&i.generator, &u.generator),
            ] {
                for (w, n) in w.iter().zip(n) {
                    if let (Some(w), Some(n)) = (w, n) {
                        out.extend(w.iter().copied().zip(n.iter().copied()));
                    }
                }
            }
        }
        out
    }
}

/// Design-load heat and critical input of a block's halls in year `k` (MW): air side with
/// losses and CRAH fan heat, liquid side, critical input.
fn block_loads(cx: &Context, b: &Builds, halls: &[usize], k: usize) -> (LinExpr, LinExpr, LinExpr) {
    let site = cx.site;
    let fan = CoolingPowerRates::of(site).crah_fan;
    let f = site.design.it_load_fraction;
    let (mut air, mut liquid, mut critical) = (LinExpr::new(), LinExpr::new(), LinExpr::new());
    for &h in halls {
        let hall = &site.hall[h];
        let eta = hall.ups_efficiency * hall.distribution_efficiency;
        for (r, rack) in site.rack.iter().enumerate() {
            let Some(n) = &b.racks[h][r] else { continue };
            let mw = rack.design_kw / 1000.0 * f;
            let lf = rack.liquid_fraction;
            air.add_term(n[k], mw * (1.0 - lf + (1.0 / eta - 1.0)) * (1.0 + fan));
            liquid.add_term(n[k], mw * lf);
            critical.add_term(n[k], mw * hall.critical_fraction / eta);
        }
    }
    (air, liquid, critical)
}

/// Adds the blocks' columns and rows (module docs); none for a site with fewer than two
/// blocks.
pub(crate) fn add(model: &mut Model, cx: &Context, b: &Builds) -> Blocks {
    let site = cx.site;
    let list = site.blocks();
    if list.len() < 2 {
        return Blocks::default();
    }
    let duty = site.backup_duty();
    let backup = |g: usize| duty.as_ref().is_some_and(|d| d.classes.contains(&g));
    let mut blocks: Vec<Block> = list
        .into_iter()
        .map(|blk| {
            let in_service: Vec<Var> = (0..cx.years)
                .map(|k| in_service(model, cx, b, &blk.name, &blk.halls, k))
                .collect();
            let c = &site.cooling;
            let at = (blk.name.as_str(), &in_service[..]);
            let units = Families {
                chiller: family_units(model, cx, at, &c.chiller, &b.chiller, &|_| true),
                tower: family_units(model, cx, at, &c.tower, &b.tower, &|_| true),
                dry_cooler: family_units(model, cx, at, &c.dry_cooler, &b.dry_cooler, &|_| true),
                generator: family_units(model, cx, at, &site.generator, &b.generator, &backup),
            };
            let installed = installed(model, cx, &blk.name, &units);
            Block {
                name: blk.name,
                halls: blk.halls,
                in_service,
                units,
                installed,
                liquid_free: Vec::new(),
            }
        })
        .collect();
    let sums = sum_rows(model, cx, b, &blocks);
    for blk in &mut blocks {
        let columns = (0..cx.years)
            .map(|k| {
                (cx.hourly.design_peaks.iter())
                    .map(|&t| rows(model, cx, b, blk, k, t))
                    .collect()
            })
            .collect();
        blk.liquid_free = columns;
    }
    Blocks { blocks, sums }
}

/// A block's load in service in year `k`: 1 with any rack in its halls (`racks ≤ slots × y`),
/// fixed at 1 by existing racks.
fn in_service(
    model: &mut Model,
    cx: &Context,
    b: &Builds,
    block: &str,
    halls: &[usize],
    k: usize,
) -> Var {
    let name = format!("block_in_service:{block}[{k}]");
    let racks = || halls.iter().flat_map(|&h| b.racks[h].iter().flatten());
    if racks().any(|s| model.bounds(s[k]).is_some_and(|(lb, _)| lb >= 1.0)) {
        return model.add_var(name, 1.0, 1.0);
    }
    let y = model.add_integer(name.clone(), 0.0, 1.0);
    for &h in halls {
        let mut row: LinExpr = b.racks[h].iter().flatten().map(|v| v[k]).sum();
        if row.terms().is_empty() {
            continue;
        }
        row.add_term(y, -f64::from(cx.site.hall[h].slots));
        model.add_constraint(
            format!("{name}:{}", cx.site.hall[h].name),
            row,
            Sense::Le,
            0.0,
        );
    }
    y
}

/// A block's units of each class of one family: integer where the site's are, persistent,
/// at most the class's `max_units`, and none while the block has no load (`(block,
/// in_service)`): plant parked in an empty hall would serve the site-wide dispatch but no
/// rack the simulator gives it to. `None` for a class with none allowed or not `chosen`.
///
/// The one exception: a class with existing units on a site with no existing racks, whose
/// units must sit in some block before any has load.
fn family_units<C: UnitClass>(
    model: &mut Model,
    cx: &Context,
    (block, in_service): (&str, &[Var]),
    classes: &[C],
    site_units: &[Vec<Var>],
    chosen: &dyn Fn(usize) -> bool,
) -> Vec<Option<Vec<Var>>> {
    let racks_exist = cx
        .site
        .hall
        .iter()
        .any(|h| h.existing_racks.values().any(|&n| n > 0));
    classes
        .iter()
        .enumerate()
        .map(|(i, class)| {
            (chosen(i) && class.max_units() > 0).then(|| {
                let integer = model
                    .kind(site_units[i][0])
                    .is_some_and(VarKind::is_integer);
                let max = f64::from(class.max_units());
                let parked_allowed = class.existing_units() > 0 && !racks_exist;
                let mut out: Vec<Var> = Vec::with_capacity(cx.years);
                for (k, &loaded) in in_service.iter().enumerate().take(cx.years) {
                    let name = format!("block:{block}:{}[{k}]", class.name());
                    let v = if Context::before_lead(k, class.lead_time_years()) {
                        model.add_var(name.clone(), 0.0, 0.0)
                    } else if integer {
                        model.add_integer(name.clone(), 0.0, max)
                    } else {
                        model.add_var(name.clone(), 0.0, max)
                    };
                    if let Some(&prev) = out.last() {
                        model.add_constraint(
                            format!("persist:{name}"),
                            LinExpr::from(v) - prev,
                            Sense::Ge,
                            0.0,
                        );
                    }
                    if !parked_allowed {
                        model.add_constraint(
                            format!("loaded:{name}"),
                            LinExpr::from(v) - LinExpr::from(loaded) * max,
                            Sense::Le,
                            0.0,
                        );
                    }
                    out.push(v);
                }
                out
            })
        })
        .collect()
}

/// The block's installed binaries per family (where two or more classes are allowed).
fn installed(
    model: &mut Model,
    cx: &Context,
    block: &str,
    units: &Families<Option<Vec<Var>>>,
) -> Installed {
    let site = cx.site;
    let c = &site.cooling;
    let mut family = |kind: &str, classes: &[&dyn UnitClass], series: &[Option<Vec<Var>>]| {
        let vars: Vec<Vec<Var>> = series
            .iter()
            .map(|s| s.clone().unwrap_or_default())
            .collect();
        spares::family(
            model,
            cx,
            &format!("{block}:{kind}"),
            classes,
            &vars,
            &|i| series[i].is_some(),
            false,
        )
    };
    let chillers: Vec<&dyn UnitClass> = c.chiller.iter().map(|x| x as _).collect();
    let towers: Vec<&dyn UnitClass> = c.tower.iter().map(|x| x as _).collect();
    let dry: Vec<&dyn UnitClass> = c.dry_cooler.iter().map(|x| x as _).collect();
    let gens: Vec<&dyn UnitClass> = site.generator.iter().map(|x| x as _).collect();
    Installed {
        chiller: family("chiller", &chillers, &units.chiller),
        tower: family("tower", &towers, &units.tower),
        dry_cooler: family("dry_cooler", &dry, &units.dry_cooler),
        generator: family("generator", &gens, &units.generator),
    }
}

/// Every class's units over the blocks add up to the site's, in the years the class can
/// grow; returns the pairs it tied.
fn sum_rows(model: &mut Model, cx: &Context, b: &Builds, blocks: &[Block]) -> Vec<(Var, Vec<Var>)> {
    let site_units = [&b.chiller, &b.tower, &b.dry_cooler, &b.generator];
    let mut sums = Vec::new();
    for (f, per_class) in site_units.iter().enumerate() {
        for (i, per_year) in per_class.iter().enumerate() {
            let (_, kind, _) = blocks[0].units.each()[f];
            for (k, &total) in per_year.iter().enumerate() {
                if !grows(cx.site, kind, i, k) {
                    continue;
                }
                let parts: Vec<Var> = blocks
                    .iter()
                    .filter_map(|blk| blk.units.each()[f].2[i].as_ref().map(|v| v[k]))
                    .collect();
                if parts.is_empty() {
                    continue;
                }
                let mut row = LinExpr::from(total);
                for &p in &parts {
                    row.add_term(p, -1.0);
                }
                model.add_constraint(
                    format!("block_sum:{kind}:{}[{k}]", class_name(cx.site, kind, i)),
                    row,
                    Sense::Eq,
                    0.0,
                );
                sums.push((total, parts));
            }
        }
    }
    sums
}

/// Whether class `i` of the site's `kind` of plant can have new units in year `k` (its lead
/// time has passed). Before that the existing plant is what it is: blocks hold from the
/// first year their family can grow, as a plant cannot be re-split between blocks sooner.
pub(crate) fn grows(site: &Site, kind: ComponentKind, i: usize, k: usize) -> bool {
    let c = &site.cooling;
    let lead = match kind {
        ComponentKind::Chiller => c.chiller[i].lead_time_years,
        ComponentKind::Tower => c.tower[i].lead_time_years,
        ComponentKind::DryCooler => c.dry_cooler[i].lead_time_years,
        _ => site.generator[i].lead_time_years,
    };
    !Context::before_lead(k, lead)
}

/// The name of class `i` of the site's `kind` of plant.
pub(crate) fn class_name(site: &Site, kind: ComponentKind, i: usize) -> &str {
    let c = &site.cooling;
    match kind {
        ComponentKind::Chiller => &c.chiller[i].name,
        ComponentKind::Tower => &c.tower[i].name,
        ComponentKind::DryCooler => &c.dry_cooler[i].name,
        _ => &site.generator[i].name,
    }
}

/// Whether every plant family the block has units of can grow in year `k` (some class of it
/// past its lead time): the block's rows hold from then on.
fn every_family_grows(blk: &Block, site: &Site, k: usize) -> bool {
    blk.units.each().iter().all(|(_, kind, classes)| {
        let allowed: Vec<usize> = (0..classes.len())
            .filter(|&i| classes[i].is_some())
            .collect();
        allowed.is_empty() || allowed.iter().any(|&i| grows(site, *kind, i, k))
    })
}

/// The four plant families of a block, in report order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    /// Chillers.
    Chillers,
    /// Dry coolers.
    DryCoolers,
    /// Cooling towers.
    Towers,
    /// Backup generators.
    Backup,
}

impl Family {
    /// Its name as the plan reports it.
    pub fn label(self) -> &'static str {
        match self {
            Family::Chillers => "chillers",
            Family::DryCoolers => "dry coolers",
            Family::Towers => "towers",
            Family::Backup => "backup generators",
        }
    }
}

/// One family's row of a block at a design peak: what it must carry (MW) and, per class, its
/// unit (MW at the hour) and the block's units of it, with the family's redundancy.
pub(crate) struct Duty {
    /// What the family carries at the peak.
    pub load: LinExpr,
    /// Per class taking part: unit at the hour (MW) and the block's units per year.
    pub classes: Vec<(f64, Option<Vec<Var>>)>,
    /// The family's installed binaries in the block (aligned with `classes`).
    pub installed: Vec<Option<Vec<Var>>>,
    /// Spare units and share of the family's redundancy rule.
    pub rule: (f64, f64),
}

/// Each family's duty in block `blk`, year `k`, design peak `t` (module docs); `liquid_free`
/// is the block's liquid-side free cooling column there. A family the site lacks is absent.
pub(crate) fn duties(
    cx: &Context,
    b: &Builds,
    blk: &Block,
    k: usize,
    t: usize,
    liquid_free: Var,
) -> Vec<(Family, Duty)> {
    let site = cx.site;
    let c = &site.cooling;
    let h = cx.hourly;
    let (air, liquid, critical) = block_loads(cx, b, &blk.halls, k);
    let rule = c.redundancy.spare_and_share();
    let air_free = air.clone() * h.air_free[t];
    let mut chiller_heat = air.clone() + liquid.clone() - air_free.clone();
    chiller_heat.add_term(liquid_free, -1.0);
    // A plant family's duty: its classes' units at the hour beside the block's unit series.
    let family = |load: LinExpr,
                  units: Vec<f64>,
                  series: &[Option<Vec<Var>>],
                  installed: &[Option<Vec<Var>>]| Duty {
        load,
        classes: units.into_iter().zip(series.iter().cloned()).collect(),
        installed: installed.to_vec(),
        rule,
    };
    let (u, i) = (&blk.units, &blk.installed);
    let mut out = Vec::with_capacity(4);
    if !c.chiller.is_empty() {
        let units = (0..c.chiller.len())
            .map(|i| c.chiller[i].unit_mw * h.chiller_capacity[i][t])
            .collect();
        let duty = family(chiller_heat.clone(), units, &u.chiller, &i.chiller);
        out.push((Family::Chillers, duty));
    }
    if !c.dry_cooler.is_empty() {
        let units = c
            .dry_cooler
            .iter()
            .map(|d| d.unit_mw * h.dry_cooler_capacity[t])
            .collect();
        let duty = family(
            LinExpr::from(liquid_free),
            units,
            &u.dry_cooler,
            &i.dry_cooler,
        );
        out.push((Family::DryCoolers, duty));
    }
    if !c.tower.is_empty() {
        let cop = c
            .chiller
            .iter()
            .enumerate()
            .filter(|(_, ch)| ch.kind == ChillerKind::WaterCooled)
            .map(|(i, _)| h.chiller_cop[i][t])
            .fold(f64::INFINITY, f64::min);
        let mut heat = if cop.is_finite() {
            chiller_heat.clone() * (1.0 + 1.0 / cop)
        } else {
            LinExpr::new()
        };
        if c.economizer.kind == EconomizerKind::WaterSide {
            heat += air_free.clone();
        }
        if c.dry_cooler.is_empty() {
            heat.add_term(liquid_free, 1.0);
        }
        let units = c.tower.iter().map(|x| x.unit_mw).collect();
        out.push((Family::Towers, family(heat, units, &u.tower, &i.tower)));
    }
    if let Some(duty) = site.backup_duty() {
        let rates = CoolingPowerRates::of(site);
        let chiller_rate = c
            .chiller
            .iter()
            .enumerate()
            .map(|(i, ch)| rates.chiller(ch.kind, h.chiller_cop[i][t]))
            .fold(0.0, f64::max);
        let mut load = critical;
        load.add_scaled(&air, rates.air_heat / (1.0 + rates.crah_fan));
        load.add_scaled(&liquid, rates.liquid_heat);
        load.add_scaled(&chiller_heat, chiller_rate);
        load.add_scaled(&air_free, rates.air_free);
        load.add_term(liquid_free, rates.liquid_free);
        out.push((
            Family::Backup,
            Duty {
                load,
                classes: duty
                    .classes
                    .iter()
                    .map(|&g| (h.generator_firm_mw[g], blk.units.generator[g].clone()))
                    .collect(),
                installed: duty
                    .classes
                    .iter()
                    .map(|&g| blk.installed.generator.get(g).cloned().flatten())
                    .collect(),
                rule: duty.redundancy.spare_and_share(),
            },
        ));
    }
    out
}

/// Block `blk`'s rows in year `k` at design peak hour `t` (module docs); returns its
/// liquid-side free cooling column, or `None` when the block has no rows then.
fn rows(
    model: &mut Model,
    cx: &Context,
    b: &Builds,
    blk: &Block,
    k: usize,
    t: usize,
) -> Option<Var> {
    let (air, liquid, _) = block_loads(cx, b, &blk.halls, k);
    if (air.terms().is_empty() && liquid.terms().is_empty()) || !every_family_grows(blk, cx.site, k)
    {
        return None;
    }
    let name = |what: &str| format!("block_{what}:{}[{k},{t}]", blk.name);
    let liquid_free = model.add_var(name("liquid_free"), 0.0, f64::INFINITY);
    model.add_constraint(
        name("liquid_free_share"),
        LinExpr::from(liquid_free) - liquid.clone() * cx.hourly.liquid_free[t],
        Sense::Le,
        0.0,
    );
    if cx.site.cooling.chiller.is_empty() {
        // Without chillers, free cooling carries it all.
        let mut rest = air * (1.0 - cx.hourly.air_free[t]) + liquid;
        rest.add_term(liquid_free, -1.0);
        model.add_constraint(name("free_carries_all"), rest, Sense::Le, 0.0);
    }
    for (family, d) in duties(cx, b, blk, k, t, liquid_free) {
        let (spare, share) = d.rule;
        let mut surplus = LinExpr::new() - d.load;
        let mut units = Vec::with_capacity(d.classes.len());
        for (unit, series) in &d.classes {
            if let Some(n) = series {
                surplus.add_term(n[k], unit * share);
            }
            units.push((*unit, series.is_some()));
        }
        spares::hold(
            model,
            &name(family.label()),
            surplus,
            spare,
            &units,
            &d.installed,
            (blk.in_service[k], k),
        );
    }
    Some(liquid_free)
}

/// Per family, the spare units of block `blk` in year `k` at a solution: how many of its
/// largest units in service it could lose and still carry its duty, at the tighter design
/// peak (whole units, rounded down; the redundancy rule asks for σ of them). Empty in a year
/// without the block's rows.
pub(crate) fn spares(
    cx: &Context,
    b: &Builds,
    blk: &Block,
    values: &[f64],
    k: usize,
) -> Vec<(Family, f64)> {
    let mut out: Vec<(Family, f64)> = Vec::new();
    for (p, &t) in cx.hourly.design_peaks.iter().enumerate() {
        let Some(liquid_free) = blk.liquid_free[k][p] else {
            continue;
        };
        for (family, d) in duties(cx, b, blk, k, t, liquid_free) {
            let (mut available, mut largest) = (0.0, 0.0_f64);
            for (unit, series) in &d.classes {
                let n = series
                    .as_ref()
                    .map_or(0.0, |v| values[v[k].index()].round());
                available += n * unit;
                if n > 0.5 {
                    largest = largest.max(*unit);
                }
            }
            let spare = if largest > 0.0 {
                ((available - d.load.eval(values)) / largest + 1e-6)
                    .floor()
                    .max(0.0)
            } else {
                0.0
            };
            match out.iter_mut().find(|(f, _)| *f == family) {
                Some((_, s)) => *s = s.min(spare),
                None => out.push((family, spare)),
            }
        }
    }
    out
}
