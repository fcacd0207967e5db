//! The sweep spec: a TOML file naming the base site, the uncertain parameters (site paths
//! with a distribution each), the method and the outputs (docs/sweeps.md).
//!
//! ```toml
//! site = "../sites/colo-retrofit.toml"   # relative to the spec
//! method = "monte_carlo"                # grid | one_at_a_time | monte_carlo | latin_hypercube
//! samples = 200
//! seed = 7
//!
//! [[parameter]]
//! path = 'grid.contract["Dominion GS-4"].energy_usd_per_mwh'
//! distribution = "triangular"
//! low = 52
//! mode = 61
//! high = 80
//! ```
//!
//! Every finding is a [`Diagnostic`] located in the spec's text, so the command line shows it
//! under the offending line, as it does for a site file.

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::distribution::Distribution;
use super::output::Output;
use crate::plan::Resolution;
use crate::site::{Diagnostic, SitePath};
use crate::text::did_you_mean;

/// How scenarios are drawn from the parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Every combination of each parameter's grid points.
    Grid,
    /// Each parameter at its low and high quantiles (or each of its choices) with the others
    /// at the site's values: the cases of a tornado chart.
    OneAtATime,
    /// Independent draws from every distribution.
    MonteCarlo,
    /// Latin hypercube: each parameter's range cut into `samples` strata of equal
    /// probability, one draw in each, the strata paired at random.
    LatinHypercube,
}

impl Method {
    /// The spec's word for it.
    pub fn name(self) -> &'static str {
        match self {
            Method::Grid => "grid",
            Method::OneAtATime => "one_at_a_time",
            Method::MonteCarlo => "monte_carlo",
            Method::LatinHypercube => "latin_hypercube",
        }
    }
}

/// One uncertain input: where it is in the site and how it varies.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// The site value it sets.
    pub path: SitePath,
    /// Its distribution (or choices).
    pub distribution: Distribution,
    /// Decimals to round each value to (0: whole numbers, written as integers), if any.
    pub round: Option<u32>,
    /// Grid points of a ranged distribution for [`Method::Grid`] (default 3).
    pub steps: usize,
    /// Where the parameter's `path` is in the spec (bytes).
    pub span: Range<usize>,
}

/// A sweep spec, read and checked (see the module docs).
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// The spec file.
    pub path: PathBuf,
    /// The base site file (resolved against the spec's folder).
    pub site: PathBuf,
    /// How scenarios are drawn.
    pub method: Method,
    /// Scenarios to draw (Monte Carlo and Latin hypercube).
    pub samples: usize,
    /// Seed of every draw.
    pub seed: u64,
    /// The planner's time resolution for every scenario.
    pub resolution: Resolution,
    /// Whether each scenario's plan is run through the closed plan ↔ simulate loop, adding
    /// the simulated design-load PUE and the ride-through to its row.
    pub simulate: bool,
    /// Whether each scenario also re-costs the base plan's build (the regret column).
    pub regret: bool,
    /// The quantiles a continuous parameter takes in a one-at-a-time sweep (low, high).
    pub tornado: (f64, f64),
    /// The parameters, in the spec's order.
    pub parameters: Vec<Parameter>,
    /// The output columns of the results, in column order.
    pub outputs: Vec<Output>,
}

/// The largest number of scenarios a spec may ask for: a year of runs at a second each, far
/// past any real sweep, and small enough that the scenario list itself is cheap.
pub const MAX_SCENARIOS: usize = 10_000_000;

/// Grid points of a ranged parameter when the spec gives no `steps`.
const DEFAULT_STEPS: usize = 3;

/// The spec as written, with the places of its values.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpec {
    site: Spanned<String>,
    method: Spanned<String>,
    samples: Option<Spanned<i64>>,
    seed: Option<Spanned<i64>>,
    resolution: Option<Spanned<String>>,
    #[serde(default)]
    simulate: bool,
    #[serde(default = "yes")]
    regret: bool,
    tornado: Option<Spanned<Vec<f64>>>,
    outputs: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    parameter: Vec<Spanned<RawParameter>>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParameter {
    path: Spanned<String>,
    distribution: Spanned<String>,
    low: Option<f64>,
    high: Option<f64>,
    mode: Option<f64>,
    mean: Option<f64>,
    sd: Option<f64>,
    median: Option<f64>,
    sigma: Option<f64>,
    values: Option<Vec<toml::Value>>,
    weights: Option<Vec<f64>>,
    round: Option<Spanned<i64>>,
    steps: Option<Spanned<i64>>,
}

/// The method words, for suggestions.
const METHODS: [&str; 4] = ["grid", "one_at_a_time", "monte_carlo", "latin_hypercube"];

/// The distribution words, for suggestions.
const DISTRIBUTIONS: [&str; 5] = ["uniform", "normal", "triangular", "lognormal", "choice"];

/// A finding located in the spec.
fn finding(code: &'static str, message: impl Into<String>, span: Range<usize>) -> Diagnostic {
    Diagnostic::error(code, message).at(span)
}

impl Spec {
    /// Reads a spec from its text (as read from `path`); every problem is a finding in it.
    /// Parameter paths are parsed here; whether they name a site value is for
    /// [`super::Sweep::new`], which has the site.
    pub fn parse(text: &str, path: &Path) -> Result<Spec, Vec<Diagnostic>> {
        let raw: RawSpec = toml::from_str(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            vec![finding("spec", e.message().to_owned(), span)]
        })?;
        let mut findings = Vec::new();
        let method = match raw.method.get_ref().as_str() {
            "grid" => Some(Method::Grid),
            "one_at_a_time" => Some(Method::OneAtATime),
            "monte_carlo" => Some(Method::MonteCarlo),
            "latin_hypercube" => Some(Method::LatinHypercube),
            other => {
                let mut d = finding(
                    "spec",
                    format!("unknown method `{other}`"),
                    raw.method.span(),
                )
                .label("expected grid, one_at_a_time, monte_carlo or latin_hypercube");
                if let Some(s) = did_you_mean(other, METHODS) {
                    d = d.help(format!("did you mean `{s}`?"));
                }
                findings.push(d);
                None
            }
        };
        let sampled = matches!(method, Some(Method::MonteCarlo | Method::LatinHypercube));
        let samples = match (&raw.samples, sampled) {
            (Some(s), true) => match usize::try_from(*s.get_ref()) {
                Ok(n) if (1..=MAX_SCENARIOS).contains(&n) => n,
                _ => {
                    findings.push(
                        finding("spec", "samples must be 1 to 10,000,000", s.span())
                            .label("the number of scenarios to draw"),
                    );
                    0
                }
            },
            (None, true) => {
                findings.push(
                    finding("spec", "a sampled sweep needs `samples`", raw.method.span())
                        .help("add `samples = 1000` (the number of scenarios to draw)"),
                );
                0
            }
            (Some(s), false) => {
                findings.push(
                    finding(
                        "spec",
                        "`samples` is for monte_carlo and latin_hypercube sweeps",
                        s.span(),
                    )
                    .help("grid and one_at_a_time sweeps run every point they define"),
                );
                0
            }
            (None, false) => 0,
        };
        let seed = match &raw.seed {
            Some(s) => u64::try_from(*s.get_ref()).unwrap_or_else(|_| {
                findings.push(finding("spec", "seed must be 0 or more", s.span()));
                0
            }),
            None => 0,
        };
        let resolution = match &raw.resolution {
            Some(r) => r.get_ref().parse().unwrap_or_else(|e| {
                findings.push(finding("spec", format!("resolution: {e}"), r.span()));
                Resolution::default()
            }),
            None => Resolution::default(),
        };
        let tornado = match &raw.tornado {
            None => (0.1, 0.9),
            Some(t) => match t.get_ref().as_slice() {
                &[lo, hi] if 0.0 < lo && lo < hi && hi < 1.0 => (lo, hi),
                _ => {
                    findings.push(
                        finding(
                            "spec",
                            "tornado must be two quantiles, 0 < low < high < 1",
                            t.span(),
                        )
                        .help("the default is [0.1, 0.9]: each parameter at its P10 and P90"),
                    );
                    (0.1, 0.9)
                }
            },
        };
        if raw.parameter.is_empty() {
            findings.push(
                finding("spec", "a sweep needs at least one [[parameter]]", 0..0)
                    .help("add a [[parameter]] table with a `path` and a `distribution`"),
            );
        }
        let mut parameters = Vec::new();
        for p in &raw.parameter {
            if let Some(p) = parameter(p, &mut findings) {
                if let Some(first) = parameters.iter().find(|q: &&Parameter| q.path == p.path) {
                    findings.push(
                        finding(
                            "spec",
                            format!("parameter `{}` is given twice", p.path),
                            p.span.clone(),
                        )
                        .label("again here")
                        .help(format!(
                            "its first [[parameter]] is at byte {}",
                            first.span.start
                        )),
                    );
                }
                parameters.push(p);
            }
        }
        let outputs = outputs(
            raw.outputs.as_deref(),
            raw.simulate,
            raw.regret,
            &mut findings,
        );
        let site = path
            .parent()
            .unwrap_or_else(|| Path::new(""))
            .join(raw.site.get_ref());
        let spec = Spec {
            path: path.to_owned(),
            site,
            method: method.unwrap_or(Method::Grid),
            samples,
            seed,
            resolution,
            simulate: raw.simulate,
            regret: raw.regret,
            tornado,
            parameters,
            outputs,
        };
        if findings.is_empty() {
            let count = spec.scenario_count();
            if count > MAX_SCENARIOS as u128 {
                findings.push(
                    finding(
                        "spec",
                        format!("this sweep has {count} scenarios, more than {MAX_SCENARIOS}"),
                        raw.method.span(),
                    )
                    .help("use fewer grid steps or parameters, or a sampled method"),
                );
            }
        }
        if findings.is_empty() {
            Ok(spec)
        } else {
            Err(findings)
        }
    }

    /// Scenarios the spec defines, the base site's own included (possibly more than a
    /// `usize` for a grid of many parameters: checked against [`MAX_SCENARIOS`]).
    pub fn scenario_count(&self) -> u128 {
        let drawn: u128 = match self.method {
            Method::MonteCarlo | Method::LatinHypercube => self.samples as u128,
            Method::OneAtATime => self
                .parameters
                .iter()
                .map(|p| p.distribution.tornado_points() as u128)
                .sum(),
            Method::Grid => self
                .parameters
                .iter()
                .map(|p| p.distribution.grid_points(p.steps) as u128)
                .try_fold(1u128, u128::checked_mul)
                .unwrap_or(u128::MAX),
        };
        drawn.saturating_add(1)
    }
}

/// One `[[parameter]]` table, checked; `None` after recording what is wrong with it.
fn parameter(raw: &Spanned<RawParameter>, findings: &mut Vec<Diagnostic>) -> Option<Parameter> {
    let table = raw.span();
    let p = raw.get_ref();
    let before = findings.len();
    let path = match p.path.get_ref().parse::<SitePath>() {
        Ok(path) => Some(path),
        Err(e) => {
            // The error is in the path's text; the spec quotes it, one byte further on.
            let start = p.path.span().start + 1 + e.at.start;
            findings.push(
                finding("spec", format!("path: {e}"), start..start + e.at.len())
                    .label(format!("expected {}", e.expected)),
            );
            None
        }
    };
    let word = p.distribution.get_ref().as_str();
    let at = p.distribution.span();
    let need = |name: &str, value: Option<f64>, findings: &mut Vec<Diagnostic>| {
        if value.is_none() {
            findings.push(
                finding(
                    "spec",
                    format!("a {word} distribution needs `{name}`"),
                    at.clone(),
                )
                .label(format!("add `{name} = …` to this [[parameter]]")),
            );
        }
        value.unwrap_or(f64::NAN)
    };
    let distribution = match word {
        "uniform" => Some(Distribution::Uniform {
            low: need("low", p.low, findings),
            high: need("high", p.high, findings),
        }),
        "triangular" => Some(Distribution::Triangular {
            low: need("low", p.low, findings),
            mode: need("mode", p.mode, findings),
            high: need("high", p.high, findings),
        }),
        "normal" => Some(Distribution::Normal {
            mean: need("mean", p.mean, findings),
            sd: need("sd", p.sd, findings),
        }),
        "lognormal" => Some(Distribution::LogNormal {
            median: need("median", p.median, findings),
            sigma: need("sigma", p.sigma, findings),
        }),
        "choice" => {
            let values = p.values.clone().unwrap_or_default();
            if values.is_empty() {
                findings.push(
                    finding("spec", "a choice distribution needs `values`", at.clone())
                        .label("add `values = [a, b, …]` to this [[parameter]]"),
                );
            }
            Some(Distribution::Choice {
                weights: p.weights.clone().unwrap_or_else(|| vec![1.0; values.len()]),
                values,
            })
        }
        other => {
            let mut d = finding(
                "spec",
                format!("unknown distribution `{other}`"),
                at.clone(),
            )
            .label("expected uniform, normal, triangular, lognormal or choice");
            if let Some(s) = did_you_mean(other, DISTRIBUTIONS) {
                d = d.help(format!("did you mean `{s}`?"));
            }
            findings.push(d);
            None
        }
    };
    if findings.len() == before
        && let Some(d) = &distribution
        && let Err(why) = d.check()
    {
        findings.push(finding("spec", why, at.clone()).label("in this distribution"));
    }
    let unused = unused_fields(word, p);
    if !unused.is_empty() && distribution.is_some() {
        findings.push(
            finding(
                "spec",
                format!(
                    "a {word} distribution takes no {}",
                    unused
                        .iter()
                        .map(|f| format!("`{f}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                table.clone(),
            )
            .help(Distribution::fields(word)),
        );
    }
    let round = match &p.round {
        Some(r) => match u32::try_from(*r.get_ref()) {
            Ok(d) if d <= 12 => Some(d),
            _ => {
                findings.push(finding("spec", "round must be 0 to 12 decimals", r.span()));
                None
            }
        },
        None => None,
    };
    let steps = match &p.steps {
        Some(s) => match usize::try_from(*s.get_ref()) {
            Ok(n) if (2..=10_000).contains(&n) => n,
            _ => {
                findings.push(
                    finding("spec", "steps must be 2 to 10,000", s.span())
                        .label("grid points from the low to the high quantile"),
                );
                DEFAULT_STEPS
            }
        },
        None => DEFAULT_STEPS,
    };
    if findings.len() > before {
        return None;
    }
    Some(Parameter {
        path: path?,
        distribution: distribution?,
        round,
        steps,
        span: p.path.span(),
    })
}

/// The distribution fields given that `word`'s distribution does not take.
fn unused_fields(word: &str, p: &RawParameter) -> Vec<&'static str> {
    let given = [
        ("low", p.low.is_some()),
        ("high", p.high.is_some()),
        ("mode", p.mode.is_some()),
        ("mean", p.mean.is_some()),
        ("sd", p.sd.is_some()),
        ("median", p.median.is_some()),
        ("sigma", p.sigma.is_some()),
        ("values", p.values.is_some()),
        ("weights", p.weights.is_some()),
    ];
    let takes = Distribution::fields(word);
    given
        .into_iter()
        .filter(|&(name, present)| present && !takes.split(", ").any(|f| f == name))
        .map(|(name, _)| name)
        .collect()
}

/// The output columns: those named (each known, and available in this sweep), or every one
/// the sweep has, in column order.
fn outputs(
    named: Option<&[Spanned<String>]>,
    simulate: bool,
    regret: bool,
    findings: &mut Vec<Diagnostic>,
) -> Vec<Output> {
    let available = |o: &Output| (simulate || !o.simulated()) && (regret || !o.regret());
    let Some(named) = named else {
        return Output::ALL.into_iter().filter(available).collect();
    };
    let mut chosen = Vec::new();
    for name in named {
        let word = name.get_ref().as_str();
        match Output::ALL.into_iter().find(|o| o.name() == word) {
            Some(o) if available(&o) => chosen.push(o),
            Some(o) => findings.push(
                finding(
                    "spec",
                    format!(
                        "output `{word}` needs {}",
                        if o.simulated() {
                            "simulate = true"
                        } else {
                            "regret = true"
                        }
                    ),
                    name.span(),
                )
                .label("not in this sweep"),
            ),
            None => {
                let mut d = finding("spec", format!("unknown output `{word}`"), name.span())
                    .label("not an output column");
                if let Some(s) = did_you_mean(word, Output::ALL.iter().map(|o| o.name())) {
                    d = d.help(format!("did you mean `{s}`?"));
                }
                findings.push(d);
            }
        }
    }
    chosen.sort();
    chosen.dedup();
    chosen
}
