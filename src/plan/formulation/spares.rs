//! The spare a redundancy row holds back: σ × the largest unit **in service** (review point 9).
//!
//! With a single allowed class, its unit is the largest, and the row is linear as it stands.
//! With several, which class is largest depends on which are installed, so each allowed class
//! j gets an installed binary `w_j` per year (`units_j ≤ max_units_j × w_j`, fixed at 1 when
//! the class has existing units) and the row becomes one row per class,
//!
//! ```text
//! surplus ≥ σ U_j (w_j + y − 1)        for every allowed class j
//! surplus ≥ 0
//! ```
//!
//! where y is the load-in-service binary: the right-hand side is `σ U_j` exactly when class j is
//! installed and there is load, and at most 0 otherwise. A site that allows a 5 MW class but
//! builds only 1 MW units then holds 1 MW of spare, not 5.

use dcplan_solvers::{LinExpr, Model, Sense, Var};

use super::Context;
use super::build_out::Builds;
use crate::site::{GeneratorRole, UnitClass};

/// Installed binaries per plant family: per class, per year; `None` for a class the site does
/// not allow (`max_units = 0`); empty for a family with fewer than two allowed classes.
#[derive(Debug, Clone, Default)]
pub(crate) struct Installed {
    /// Chiller classes.
    pub chiller: Vec<Option<Vec<Var>>>,
    /// Cooling-tower classes.
    pub tower: Vec<Option<Vec<Var>>>,
    /// Dry-cooler classes.
    pub dry_cooler: Vec<Option<Vec<Var>>>,
    /// Generator classes (only those with a backup duty get binaries).
    pub generator: Vec<Option<Vec<Var>>>,
}

impl Installed {
    /// Every (installed binary, units in service) pair, for rounding.
    pub(crate) fn pairs<'a>(&'a self, b: &'a Builds) -> impl Iterator<Item = (Var, Var)> + 'a {
        [
            (&self.chiller, &b.chiller),
            (&self.tower, &b.tower),
            (&self.dry_cooler, &b.dry_cooler),
            (&self.generator, &b.generator),
        ]
        .into_iter()
        .flat_map(|(w, n)| w.iter().zip(n))
        .filter_map(|(w, n)| w.as_ref().map(|w| w.iter().copied().zip(n.iter().copied())))
        .flatten()
    }
}

/// Installed binaries for one family's classes (`chosen` says which take part), when at
/// least two allowed classes do. `units` holds each class's units per year (any series for a
/// class not chosen); `kind` names the rows. A class with existing units is installed from
/// the start (its binary fixed at 1) when `existing_fixed`; a block's binaries are free, as
/// its existing units may sit in another block.
pub(crate) fn family(
    model: &mut Model,
    cx: &Context,
    kind: &str,
    classes: &[&dyn UnitClass],
    units: &[Vec<Var>],
    chosen: &dyn Fn(usize) -> bool,
    existing_fixed: bool,
) -> Vec<Option<Vec<Var>>> {
    let allowed = |i: usize| chosen(i) && classes[i].max_units() > 0;
    if (0..classes.len()).filter(|&i| allowed(i)).count() < 2 {
        return Vec::new();
    }
    (0..classes.len())
        .map(|i| {
            allowed(i).then(|| {
                let x = classes[i];
                (0..cx.years)
                    .map(|k| {
                        let name = format!("installed:{kind}:{}[{k}]", x.name());
                        if existing_fixed && x.existing_units() > 0 {
                            return model.add_var(name, 1.0, 1.0);
                        }
                        let w = model.add_integer(name.clone(), 0.0, 1.0);
                        model.add_constraint(
                            name,
                            LinExpr::from(units[i][k]) - w * f64::from(x.max_units()),
                            Sense::Le,
                            0.0,
                        );
                        w
                    })
                    .collect()
            })
        })
        .collect()
}

/// Installed binaries for every family whose redundancy keeps spare units.
pub(crate) fn add(model: &mut Model, cx: &Context, b: &Builds) -> Installed {
    let c = &cx.site.cooling;
    let mut out = Installed::default();
    if c.redundancy.spare_and_share().0 > 0.0 {
        let all = |_: usize| true;
        let chillers: Vec<&dyn UnitClass> = c.chiller.iter().map(|x| x as _).collect();
        out.chiller = family(model, cx, "chiller", &chillers, &b.chiller, &all, true);
        let towers: Vec<&dyn UnitClass> = c.tower.iter().map(|x| x as _).collect();
        out.tower = family(model, cx, "tower", &towers, &b.tower, &all, true);
        let dry: Vec<&dyn UnitClass> = c.dry_cooler.iter().map(|x| x as _).collect();
        out.dry_cooler = family(model, cx, "dry_cooler", &dry, &b.dry_cooler, &all, true);
    }
    // Generators: the backup duty's classes when it keeps a spare, and the prime classes
    // when firm supply holds with units out.
    let backup: Vec<usize> = cx
        .site
        .backup_duty()
        .filter(|d| d.redundancy.spare_and_share().0 > 0.0)
        .map(|d| d.classes)
        .unwrap_or_default();
    let firm = cx.site.reliability.firm_units_out > 0;
    let gens: Vec<&dyn UnitClass> = cx.site.generator.iter().map(|x| x as _).collect();
    out.generator = family(
        model,
        cx,
        "generator",
        &gens,
        &b.generator,
        &|i| backup.contains(&i) || (firm && cx.site.generator[i].role() == GeneratorRole::Prime),
        true,
    );
    out
}

/// Adds the rows `surplus ≥ σ × the largest unit in service` (module docs), named `name`.
/// `units` holds, per class taking part, its unit (MW, derated to the hour where it applies)
/// and whether the site allows it; `installed` its installed binary series, aligned with
/// `units` (from [`Installed`]; empty or all `None` when fewer than two allowed classes take
/// part). `y` is the year's load in service.
pub(crate) fn hold(
    model: &mut Model,
    name: &str,
    surplus: LinExpr,
    spare: f64,
    units: &[(f64, bool)],
    installed: &[Option<Vec<Var>>],
    (y, k): (Var, usize),
) {
    if installed.iter().all(Option::is_none) {
        let largest = units
            .iter()
            .filter(|(_, allowed)| *allowed)
            .map(|(u, _)| *u)
            .fold(0.0, f64::max);
        let mut row = surplus;
        row.add_term(y, -spare * largest);
        model.add_constraint(name.to_owned(), row, Sense::Ge, 0.0);
        return;
    }
    for (j, ((unit, _), w)) in units.iter().zip(installed).enumerate() {
        let Some(w) = w else { continue };
        let mut row = surplus.clone();
        row.add_term(w[k], -spare * unit);
        row.add_term(y, -spare * unit);
        model.add_constraint(format!("{name}:{j}"), row, Sense::Ge, -spare * unit);
    }
    model.add_constraint(format!("{name}:carry"), surplus, Sense::Ge, 0.0);
}
