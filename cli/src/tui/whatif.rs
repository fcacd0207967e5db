//! The what-if form: which of the site's assumptions it offers (GPU targets, an energy price,
//! the rack mix, a lead time, the discount rate, cooling redundancy, design utilisation), with
//! the site's values, and the site edits ([`Edit`], by path) a filled-in form makes. The
//! library validates and plans the edited site; nothing here judges a value.

use dcplan::site::{Edit, Site};

/// How a field's text becomes edits.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    /// The text is the value at this site path.
    Value {
        /// The path, as `--set` takes it.
        path: String,
    },
    /// The text is a factor on every year's GPU target (`demand.gpus_online`).
    TargetScale {
        /// The site's targets, by year.
        targets: Vec<(u32, u64)>,
    },
    /// The text lists the rack types the halls may take, by name, comma-separated (a hall
    /// keeps the types of the racks it has already).
    RackTypes {
        /// Per hall, its name, the rack types it takes now, and those of its existing racks.
        halls: Vec<(String, Vec<String>, Vec<String>)>,
    },
}

/// What `+` and `-` do to a field.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Step {
    /// Add or take this much.
    By(f64),
    /// The next or previous of these.
    Choices(&'static [&'static str]),
    /// Nothing (the text is typed).
    Typed,
}

/// One assumption of the form.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Field {
    /// What it is, for the form.
    pub(crate) label: String,
    /// How its text becomes edits.
    pub(crate) kind: Kind,
    /// The site's value, as text.
    pub(crate) original: String,
    /// The form's value, as text.
    pub(crate) value: String,
    /// What `+`/`-` do.
    pub(crate) step: Step,
}

const REDUNDANCY: &[&str] = &["N", "N+1", "N+2", "2N"];

/// The form's fields for `site`, each holding the site's value. An assumption the site does
/// not have (no grid contract, no upgrade or chiller to time) is left out.
pub(crate) fn fields(site: &Site) -> Vec<Field> {
    let mut fields = Vec::new();
    let mut push = |label: String, kind: Kind, original: String, step: Step| {
        fields.push(Field {
            label,
            kind,
            value: original.clone(),
            original,
            step,
        });
    };
    match (&site.demand.gpus_online, site.demand.capex_budget_usd) {
        (Some(targets), _) => push(
            "GPU targets (× every year)".to_owned(),
            Kind::TargetScale {
                targets: targets.iter().map(|(&y, &n)| (y, n)).collect(),
            },
            "1.00".to_owned(),
            Step::By(0.05),
        ),
        (None, Some(budget)) => push(
            "Capex budget (USD)".to_owned(),
            value("demand.capex_budget_usd"),
            number(budget),
            Step::By(budget * 0.05),
        ),
        (None, None) => {}
    }
    if let Some(c) = site.grid.contract.first() {
        push(
            format!("Energy price, {} ($/MWh)", c.name),
            value(&format!(
                "grid.contract[{}].energy_usd_per_mwh",
                quoted(&c.name)
            )),
            number(c.energy_usd_per_mwh),
            Step::By(5.0),
        );
    }
    let halls: Vec<(String, Vec<String>, Vec<String>)> = site
        .hall
        .iter()
        .map(|h| {
            let takes = site
                .rack
                .iter()
                .filter(|r| h.can_host(r))
                .map(|r| r.name.clone())
                .collect();
            (
                h.name.clone(),
                takes,
                h.existing_racks.keys().cloned().collect(),
            )
        })
        .collect();
    let in_use: Vec<&str> = site
        .rack
        .iter()
        .filter(|r| halls.iter().any(|(_, takes, _)| takes.contains(&r.name)))
        .map(|r| r.name.as_str())
        .collect();
    push(
        "Rack types allowed (every hall)".to_owned(),
        Kind::RackTypes { halls },
        in_use.join(", "),
        Step::Typed,
    );
    let timed = site
        .grid
        .upgrade
        .first()
        .map(|u| (u.name.as_str(), "grid.upgrade", u.lead_time_years))
        .or_else(|| {
            site.cooling
                .chiller
                .first()
                .map(|c| (c.name.as_str(), "cooling.chiller", c.lead_time_years))
        });
    if let Some((name, list, years)) = timed {
        push(
            format!("Lead time, {name} (years)"),
            value(&format!("{list}[{}].lead_time_years", quoted(name))),
            years.to_string(),
            Step::By(1.0),
        );
    }
    push(
        "Discount rate".to_owned(),
        value("site.discount_rate"),
        number(site.site.discount_rate),
        Step::By(0.01),
    );
    push(
        "Cooling redundancy".to_owned(),
        value("cooling.redundancy"),
        site.cooling.redundancy.label().to_owned(),
        Step::Choices(REDUNDANCY),
    );
    push(
        "Design IT load (share of nameplate)".to_owned(),
        value("design.it_load_fraction"),
        number(site.design.it_load_fraction),
        Step::By(0.05),
    );
    fields
}

fn value(path: &str) -> Kind {
    Kind::Value {
        path: path.to_owned(),
    }
}

/// A name as a path step's quoted key.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A number as the form shows it: as short as it reads back exactly.
fn number(x: f64) -> String {
    format!("{x}")
}

impl Field {
    /// Whether the form's value differs from the site's.
    pub(crate) fn changed(&self) -> bool {
        self.value.trim() != self.original
    }

    /// `+` (`up`) or `-`: the next value; typed text is left as it is.
    pub(crate) fn step(&mut self, up: bool) {
        match self.step {
            Step::By(by) => {
                if let Ok(x) = self.value.trim().parse::<f64>() {
                    let next = if up { x + by } else { x - by };
                    // Rounded to the step's decimals, so 0.08 + 0.01 shows as 0.09.
                    let decimals = decimals(by);
                    self.value = format!("{next:.decimals$}");
                    if let Ok(v) = self.value.parse::<f64>() {
                        self.value = number(v);
                    }
                }
            }
            Step::Choices(choices) => {
                let at = choices.iter().position(|c| *c == self.value.trim());
                let n = choices.len();
                let next = match (at, up) {
                    (Some(i), true) => (i + 1) % n,
                    (Some(i), false) => (i + n - 1) % n,
                    (None, _) => 0,
                };
                self.value = choices[next].to_owned();
            }
            Step::Typed => {}
        }
    }

    /// The edits this field makes (none when unchanged), or what is wrong with its text.
    pub(crate) fn edits(&self) -> Result<Vec<Edit>, String> {
        if !self.changed() {
            return Ok(Vec::new());
        }
        let text = self.value.trim();
        let texts = match &self.kind {
            Kind::Value { path } => {
                if matches!(self.step, Step::By(_)) && text.parse::<f64>().is_err() {
                    return Err(format!("`{text}` is not a number"));
                }
                // A bare word (N+1) is a string; a number stays a number.
                let value = if text.parse::<f64>().is_ok() {
                    text.to_owned()
                } else {
                    format!("\"{}\"", text.replace('"', ""))
                };
                vec![format!("{path}={value}")]
            }
            Kind::TargetScale { targets } => {
                let factor = text
                    .parse::<f64>()
                    .ok()
                    .filter(|f| f.is_finite() && *f >= 0.0)
                    .ok_or_else(|| format!("`{text}` is not a factor such as 1.2"))?;
                let years: Vec<String> = targets
                    .iter()
                    .map(|&(y, n)| format!("{y} = {}", (n as f64 * factor).round()))
                    .collect();
                vec![format!("demand.gpus_online={{ {} }}", years.join(", "))]
            }
            Kind::RackTypes { halls } => {
                let chosen: Vec<&str> = text
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect();
                halls
                    .iter()
                    .filter_map(|(hall, takes, existing)| {
                        let kept: Vec<String> = takes
                            .iter()
                            .filter(|r| chosen.contains(&r.as_str()) || existing.contains(r))
                            .map(|r| quoted(r))
                            .collect();
                        (kept.len() != takes.len()).then(|| {
                            format!("hall[{}].allowed_racks=[{}]", quoted(hall), kept.join(", "))
                        })
                    })
                    .collect()
            }
        };
        texts
            .iter()
            .map(|t| t.parse::<Edit>().map_err(|e| e.to_string()))
            .collect()
    }
}

/// Decimals that show a step exactly (0.05 → 2).
fn decimals(step: f64) -> usize {
    (0..6)
        .find(|&d| {
            let scaled = step * 10f64.powi(d);
            (scaled - scaled.round()).abs() < 1e-9
        })
        .unwrap_or(6) as usize
}

/// Every edit of the changed fields, in form order; the first field whose text is wrong, and
/// why, otherwise.
pub(crate) fn edits(fields: &[Field]) -> Result<Vec<Edit>, String> {
    let mut all = Vec::new();
    for f in fields {
        all.extend(f.edits().map_err(|why| format!("{}: {why}", f.label))?);
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn colo() -> dcplan::site::EditableSite {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../sites/colo-retrofit.toml");
        dcplan::site::EditableSite::load(&path).unwrap()
    }

    #[test]
    fn the_form_starts_at_the_sites_values_and_makes_no_edits() {
        let site = colo();
        let fields = fields(&site.site().site);
        let labels: Vec<&str> = fields.iter().map(|f| f.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "GPU targets (× every year)",
                "Energy price, utility LGS ($/MWh)",
                "Rack types allowed (every hall)",
                "Lead time, second 2.5 MVA service transformer (years)",
                "Discount rate",
                "Cooling redundancy",
                "Design IT load (share of nameplate)",
            ]
        );
        assert_eq!(fields[1].value, "68");
        assert_eq!(fields[2].value, "DGX H100 x4, HGX H100 x2");
        assert_eq!(edits(&fields).unwrap(), Vec::new());
    }

    #[test]
    fn each_field_edits_the_site_as_a_planner_means_it() {
        let site = colo();
        let mut fields = fields(&site.site().site);
        fields[0].value = "1.5".into();
        fields[1].step(true);
        fields[2].value = "DGX H100 x4".into();
        fields[3].step(true);
        fields[4].step(true);
        fields[5].step(true);
        fields[6].value = "0.9".into();
        let edited = site.edited(&edits(&fields).unwrap()).unwrap();
        let s = &edited.site;
        // 512, 1024, 1536 × 1.5.
        assert_eq!(
            s.demand
                .gpus_online
                .as_ref()
                .unwrap()
                .values()
                .copied()
                .collect::<Vec<_>>(),
            [768, 1536, 2304]
        );
        assert!(
            (s.grid.contract[0].energy_usd_per_mwh - 73.0).abs() < 1e-12,
            "68 + 5"
        );
        assert_eq!(
            s.hall[0].allowed_racks.as_deref(),
            Some(&["DGX H100 x4".to_owned()][..])
        );
        assert_eq!(s.grid.upgrade[0].lead_time_years, 2);
        assert!((s.site.discount_rate - 0.09).abs() < 1e-12, "0.08 + 0.01");
        assert_eq!(s.cooling.redundancy.label(), "N+2");
        assert!((s.design.it_load_fraction - 0.9).abs() < 1e-12);
    }

    #[test]
    fn a_wrong_text_names_its_field() {
        let site = colo();
        let mut fields = fields(&site.site().site);
        fields[0].value = "lots".into();
        let why = edits(&fields).unwrap_err();
        assert!(
            why.starts_with("GPU targets (× every year): `lots`"),
            "{why}"
        );
    }
}
