//! What a results file says: percentiles of each output, a tornado, the parameters ranked by
//! influence, how stable the base plan's decisions are and what it costs to be wrong.
//!
//! Everything is computed from the file alone, so a merged or resumed file and one from a
//! single run summarise the same. Statistics are over the planned scenarios other than the
//! base site (scenario 0), which is the reference the tornado, stability and regret compare
//! with.

use std::collections::BTreeMap;

use serde::Serialize;

use super::output::Output;
use super::results::{BUILDS, Results, STATUS, parse_decisions};

/// P10, P50 and P90 (linear interpolation between order statistics), mean and extremes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spread {
    /// Values counted.
    pub count: usize,
    /// Least.
    pub min: f64,
    /// 10th percentile.
    pub p10: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
    /// Greatest.
    pub max: f64,
    /// Mean.
    pub mean: f64,
}

impl Spread {
    /// The spread of `values` (`None` for none).
    pub fn of(mut values: Vec<f64>) -> Option<Spread> {
        values.retain(|v| v.is_finite());
        if values.is_empty() {
            return None;
        }
        values.sort_by(f64::total_cmp);
        let n = values.len();
        let q = |p: f64| {
            let at = p * (n - 1) as f64;
            let (lo, hi) = (at.floor() as usize, at.ceil() as usize);
            values[lo] + (values[hi] - values[lo]) * (at - lo as f64)
        };
        Some(Spread {
            count: n,
            min: values[0],
            p10: q(0.1),
            p50: q(0.5),
            p90: q(0.9),
            max: values[n - 1],
            mean: values.iter().sum::<f64>() / n as f64,
        })
    }
}

/// One bar of the tornado: an output with one parameter at its low and its high value, the
/// others at the site's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bar {
    /// The parameter's path.
    pub parameter: String,
    /// Its value giving the lowest output, and that output.
    pub low: (String, f64),
    /// Its value giving the highest output, and that output.
    pub high: (String, f64),
    /// High less low.
    pub swing: f64,
}

/// A parameter's influence on the output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Influence {
    /// The parameter's path.
    pub parameter: String,
    /// How it is measured: `swing` (one-at-a-time rows) or `spearman` (rank correlation
    /// over rows that set every parameter).
    pub measure: &'static str,
    /// The measure (the ranking is by its size).
    pub value: f64,
}

/// How stable one component's build is across scenarios.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stability {
    /// `kind:name` of the component.
    pub component: String,
    /// Quantity the base plan adds over the horizon.
    pub base_quantity: f64,
    /// Share of scenarios that build any of it.
    pub built_share: f64,
    /// Share of scenarios that build it exactly as the base plan does (same years, same
    /// quantities; not building it, when the base does not either).
    pub as_base_share: f64,
    /// Quantity added over the horizon across scenarios.
    pub quantity: Spread,
}

/// The base build's regret across scenarios.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Regret {
    /// Regret where the base build serves the scenario (USD).
    pub usd: Option<Spread>,
    /// Scenarios where it serves.
    pub serves: usize,
    /// Scenarios where it cannot (short of targets, or outside what the scenario allows).
    pub fails: usize,
}

/// The whole summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Scenarios in the file (the base included).
    pub scenarios: usize,
    /// Scenarios by status.
    pub statuses: BTreeMap<String, usize>,
    /// The output the tornado and influence are of.
    pub output: String,
    /// The base site's value of it.
    pub base: Option<f64>,
    /// Each numeric output's spread.
    pub outputs: BTreeMap<String, Spread>,
    /// The tornado, widest bar first (one-at-a-time rows only).
    pub tornado: Vec<Bar>,
    /// Parameters by influence, strongest first.
    pub influence: Vec<Influence>,
    /// Each component's build stability, least stable first.
    pub stability: Vec<Stability>,
    /// The base build's regret, in a regret sweep.
    pub regret: Option<Regret>,
}

/// Why a file cannot be summarised.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SummaryError {
    /// The output asked for is not a numeric column of the file.
    #[error("no numeric output `{0}` in the file (its outputs: {1})")]
    NoOutput(String, String),
}

/// A number in a cell (the neutralising quote of a text cell is never on a number).
fn number(cell: &str) -> Option<f64> {
    cell.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// Summarises `results` for `output` (a numeric output column, e.g. `npv_usd`).
pub fn summarize(results: &Results, output: &str) -> Result<Summary, SummaryError> {
    let numeric: Vec<(&str, usize)> = Output::ALL
        .iter()
        .filter(|o| o.numeric())
        .filter_map(|o| Some((o.name(), results.column(o.name())?)))
        .collect();
    let Some(&(_, out)) = numeric.iter().find(|(name, _)| *name == output) else {
        let names: Vec<&str> = numeric.iter().map(|(n, _)| *n).collect();
        return Err(SummaryError::NoOutput(output.to_owned(), names.join(", ")));
    };
    let status = results.column(STATUS);
    let planned = |cells: &[String]| {
        status.is_some_and(|s| matches!(cells[s].as_str(), "optimal" | "feasible_with_gap"))
    };
    let mut statuses = BTreeMap::new();
    for (_, cells) in &results.rows {
        if let Some(s) = status {
            *statuses.entry(cells[s].clone()).or_insert(0) += 1;
        }
    }
    let base = results.rows.iter().find(|(id, _)| *id == 0);
    let others: Vec<&Vec<String>> = results
        .rows
        .iter()
        .filter(|(id, cells)| *id != 0 && planned(cells))
        .map(|(_, cells)| cells)
        .collect();
    let outputs = numeric
        .iter()
        .filter_map(|&(name, c)| {
            let spread = Spread::of(others.iter().filter_map(|r| number(&r[c])).collect())?;
            Some((name.to_owned(), spread))
        })
        .collect();
    let params = results.parameters();
    let tornado = tornado(results, params.clone(), out, &planned);
    let influence = if tornado.is_empty() {
        spearman(results, params, out, &others)
    } else {
        tornado
            .iter()
            .map(|b| Influence {
                parameter: b.parameter.clone(),
                measure: "swing",
                value: b.swing,
            })
            .collect()
    };
    let stability = results
        .column(BUILDS)
        .map(|b| stability(base.map(|(_, c)| c[b].as_str()), &others, b))
        .unwrap_or_default();
    let regret = results.column(Output::RegretUsd.name()).map(|r| {
        let serving: Vec<f64> = others.iter().filter_map(|c| number(&c[r])).collect();
        let fails = results.column(Output::BaseBuild.name()).map_or(0, |b| {
            others.iter().filter(|c| c[b].starts_with("fails")).count()
        });
        Regret {
            serves: serving.len(),
            usd: Spread::of(serving),
            fails,
        }
    });
    Ok(Summary {
        scenarios: results.rows.len(),
        statuses,
        output: output.to_owned(),
        base: base.and_then(|(_, c)| number(&c[out])),
        outputs,
        tornado,
        influence,
        stability,
        regret,
    })
}

/// The tornado from rows that set exactly one parameter, widest first (ties by parameter
/// order).
fn tornado(
    results: &Results,
    params: std::ops::Range<usize>,
    out: usize,
    planned: &dyn Fn(&[String]) -> bool,
) -> Vec<Bar> {
    let mut bars: Vec<(usize, Bar)> = params
        .clone()
        .filter_map(|j| {
            let points: Vec<(String, f64)> = results
                .rows
                .iter()
                .filter(|(_, c)| planned(c))
                .filter(|(_, c)| params.clone().all(|k| (k == j) != c[k].is_empty()))
                .filter_map(|(_, c)| Some((c[j].clone(), number(&c[out])?)))
                .collect();
            let low = points.iter().min_by(|a, b| a.1.total_cmp(&b.1))?.clone();
            let high = points.iter().max_by(|a, b| a.1.total_cmp(&b.1))?.clone();
            Some((
                j,
                Bar {
                    parameter: results.header[j].clone(),
                    swing: high.1 - low.1,
                    low,
                    high,
                },
            ))
        })
        .collect();
    bars.sort_by(|a, b| b.1.swing.total_cmp(&a.1.swing).then(a.0.cmp(&b.0)));
    bars.into_iter().map(|(_, b)| b).collect()
}

/// Spearman's rank correlation of each numeric parameter with the output over rows that set
/// every parameter, strongest first.
fn spearman(
    results: &Results,
    params: std::ops::Range<usize>,
    out: usize,
    rows: &[&Vec<String>],
) -> Vec<Influence> {
    let full: Vec<&&Vec<String>> = rows
        .iter()
        .filter(|c| params.clone().all(|k| !c[k].is_empty()))
        .collect();
    let mut ranked: Vec<(usize, Influence)> = params
        .filter_map(|j| {
            let pairs: Vec<(f64, f64)> = full
                .iter()
                .filter_map(|c| Some((number(&c[j])?, number(&c[out])?)))
                .collect();
            if pairs.len() < 3 {
                return None;
            }
            let xs = ranks(&pairs.iter().map(|p| p.0).collect::<Vec<_>>());
            let ys = ranks(&pairs.iter().map(|p| p.1).collect::<Vec<_>>());
            Some((
                j,
                Influence {
                    parameter: results.header[j].clone(),
                    measure: "spearman",
                    value: pearson(&xs, &ys),
                },
            ))
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.1.value
            .abs()
            .total_cmp(&a.1.value.abs())
            .then(a.0.cmp(&b.0))
    });
    ranked.into_iter().map(|(_, i)| i).collect()
}

/// Ranks from 1, ties sharing their mean rank.
fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && values[order[j + 1]].total_cmp(&values[order[i]]).is_eq() {
            j += 1;
        }
        let mean = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            ranks[k] = mean;
        }
        i = j + 1;
    }
    ranks
}

/// Pearson's correlation (0 when either side does not vary).
fn pearson(xs: &[f64], ys: &[f64]) -> f64 {
    let n = xs.len() as f64;
    let (mx, my) = (xs.iter().sum::<f64>() / n, ys.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in xs.iter().zip(ys) {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    if sxx <= 0.0 || syy <= 0.0 {
        0.0
    } else {
        sxy / (sxx * syy).sqrt()
    }
}

/// Each component's stability against the base plan's decisions, least stable first.
fn stability(base: Option<&str>, rows: &[&Vec<String>], builds: usize) -> Vec<Stability> {
    // Per component, its decisions as (year, quantity) in the base and in each row.
    type Schedule = Vec<(u32, f64)>;
    let schedules = |cell: &str| -> BTreeMap<String, Schedule> {
        let mut by: BTreeMap<String, Schedule> = BTreeMap::new();
        for d in parse_decisions(cell) {
            by.entry(d.component)
                .or_default()
                .push((d.year, d.quantity));
        }
        by
    };
    let base = schedules(base.unwrap_or(""));
    let each: Vec<BTreeMap<String, Schedule>> =
        rows.iter().map(|c| schedules(&c[builds])).collect();
    let mut components: Vec<&String> = base
        .keys()
        .chain(each.iter().flat_map(|m| m.keys()))
        .collect();
    components.sort();
    components.dedup();
    let n = each.len().max(1) as f64;
    let total = |s: Option<&Schedule>| s.map_or(0.0, |s| s.iter().map(|d| d.1).sum());
    let mut table: Vec<Stability> = components
        .into_iter()
        .map(|component| {
            let own = base.get(component);
            let same = |s: Option<&Schedule>| match (own, s) {
                (None, None) => true,
                (Some(a), Some(b)) => {
                    a.len() == b.len()
                        && a.iter()
                            .zip(b)
                            .all(|(x, y)| x.0 == y.0 && (x.1 - y.1).abs() < 1e-6)
                }
                _ => false,
            };
            Stability {
                component: component.clone(),
                base_quantity: total(own),
                built_share: each.iter().filter(|m| m.contains_key(component)).count() as f64 / n,
                as_base_share: each.iter().filter(|m| same(m.get(component))).count() as f64 / n,
                quantity: Spread::of(each.iter().map(|m| total(m.get(component))).collect())
                    .unwrap_or(Spread {
                        count: 0,
                        min: 0.0,
                        p10: 0.0,
                        p50: 0.0,
                        p90: 0.0,
                        max: 0.0,
                        mean: 0.0,
                    }),
            }
        })
        .collect();
    table.sort_by(|a, b| {
        a.as_base_share
            .total_cmp(&b.as_base_share)
            .then_with(|| a.component.cmp(&b.component))
    });
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_interpolate_between_order_statistics() {
        // 1..=11: P10 at rank 1 (value 2), P50 6, P90 10, mean 6.
        let s = Spread::of((1..=11).map(f64::from).collect()).unwrap();
        assert_eq!((s.p10, s.p50, s.p90, s.mean), (2.0, 6.0, 10.0, 6.0));
        // 1..=4: P10 at 0.3 of the way from 1 to 2.
        let s = Spread::of(vec![4.0, 1.0, 3.0, 2.0]).unwrap();
        assert!((s.p10 - 1.3).abs() < 1e-12 && (s.p50 - 2.5).abs() < 1e-12);
    }

    #[test]
    fn rank_correlation_of_a_monotone_relation_is_one() {
        let xs = ranks(&[1.0, 5.0, 2.0, 9.0]);
        let ys = ranks(&[10.0, 1e6, 11.0, 1e9]);
        assert!((pearson(&xs, &ys) - 1.0).abs() < 1e-12);
        assert_eq!(ranks(&[3.0, 1.0, 3.0]), vec![2.5, 1.0, 2.5]);
    }
}
