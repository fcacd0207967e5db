//! How one parameter of a sweep varies: distributions as inverse CDFs, so a draw, a
//! stratum of a Latin hypercube and a grid point are all quantiles.

use statrs::distribution::{ContinuousCDF, Normal};

/// How one parameter varies.
#[derive(Debug, Clone, PartialEq)]
pub enum Distribution {
    /// Every value from `low` to `high` equally likely.
    Uniform {
        /// Least value.
        low: f64,
        /// Greatest value.
        high: f64,
    },
    /// Gaussian.
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation (> 0).
        sd: f64,
    },
    /// From `low` to `high`, most likely at `mode`.
    Triangular {
        /// Least value.
        low: f64,
        /// Most likely value.
        mode: f64,
        /// Greatest value.
        high: f64,
    },
    /// exp of a Gaussian: positive, skewed right (prices, lead-time slips).
    LogNormal {
        /// The median (exp of the Gaussian's mean, > 0).
        median: f64,
        /// Standard deviation of the logarithm (> 0).
        sigma: f64,
    },
    /// One of a list of values (numbers, strings such as weather files), with weights.
    Choice {
        /// The values, as TOML values.
        values: Vec<toml::Value>,
        /// Relative weights, one per value (all 1 when not given).
        weights: Vec<f64>,
    },
}

impl Distribution {
    /// The fields a distribution named `word` takes, for messages.
    pub(crate) fn fields(word: &str) -> &'static str {
        match word {
            "uniform" => "low, high",
            "triangular" => "low, mode, high",
            "normal" => "mean, sd",
            "lognormal" => "median, sigma",
            "choice" => "values, weights",
            _ => "",
        }
    }

    /// Why the parameters do not define a distribution, if they do not.
    pub(crate) fn check(&self) -> Result<(), String> {
        let finite = |xs: &[f64]| xs.iter().all(|x| x.is_finite());
        match self {
            Distribution::Uniform { low, high } => {
                if !finite(&[*low, *high]) || low >= high {
                    return Err(format!(
                        "uniform needs finite low < high (low {low}, high {high})"
                    ));
                }
            }
            Distribution::Triangular { low, mode, high } => {
                if !finite(&[*low, *mode, *high]) || low >= high || mode < low || mode > high {
                    return Err(format!(
                        "triangular needs finite low ≤ mode ≤ high, low < high \
                         (low {low}, mode {mode}, high {high})"
                    ));
                }
            }
            Distribution::Normal { mean, sd } => {
                if !finite(&[*mean, *sd]) || *sd <= 0.0 {
                    return Err(format!(
                        "normal needs a finite mean and sd > 0 (mean {mean}, sd {sd})"
                    ));
                }
            }
            Distribution::LogNormal { median, sigma } => {
                if !finite(&[*median, *sigma]) || *median <= 0.0 || *sigma <= 0.0 {
                    return Err(format!(
                        "lognormal needs median > 0 and sigma > 0 (median {median}, sigma {sigma})"
                    ));
                }
            }
            Distribution::Choice { values, weights } => {
                if weights.len() != values.len() {
                    return Err(format!(
                        "choice has {} values but {} weights",
                        values.len(),
                        weights.len()
                    ));
                }
                if weights.iter().any(|w| !w.is_finite() || *w < 0.0)
                    || weights.iter().sum::<f64>() <= 0.0
                {
                    return Err("choice weights must be 0 or more, not all 0".to_owned());
                }
                if values.iter().any(|v| matches!(v, toml::Value::Table(_))) {
                    return Err("choice values are numbers, strings, booleans or arrays".into());
                }
            }
        }
        Ok(())
    }

    /// The value at quantile `u` in (0, 1), before rounding.
    pub fn quantile(&self, u: f64) -> toml::Value {
        let x = match self {
            Distribution::Uniform { low, high } => low + u * (high - low),
            Distribution::Triangular { low, mode, high } => {
                let (a, c, b) = (*low, *mode, *high);
                let at_mode = (c - a) / (b - a);
                if u < at_mode {
                    a + (u * (b - a) * (c - a)).sqrt()
                } else {
                    b - ((1.0 - u) * (b - a) * (b - c)).sqrt()
                }
            }
            Distribution::Normal { mean, sd } => mean + sd * standard_normal(u),
            Distribution::LogNormal { median, sigma } => {
                median * (sigma * standard_normal(u)).exp()
            }
            Distribution::Choice { values, weights } => {
                let total: f64 = weights.iter().sum();
                let mut left = u * total;
                for (value, w) in values.iter().zip(weights) {
                    if left < *w {
                        return value.clone();
                    }
                    left -= w;
                }
                // u just below 1 and rounding in the sums: the last value with weight.
                let last = weights.iter().rposition(|w| *w > 0.0).unwrap_or(0);
                return values[last].clone();
            }
        };
        toml::Value::Float(x)
    }

    /// The values of a one-at-a-time sweep: the low and high tornado quantiles, or every
    /// choice.
    pub(crate) fn tornado_values(&self, tornado: (f64, f64)) -> Vec<toml::Value> {
        match self {
            Distribution::Choice { values, .. } => values.clone(),
            _ => vec![self.quantile(tornado.0), self.quantile(tornado.1)],
        }
    }

    /// How many points a one-at-a-time sweep gives this parameter.
    pub(crate) fn tornado_points(&self) -> usize {
        match self {
            Distribution::Choice { values, .. } => values.len(),
            _ => 2,
        }
    }

    /// The grid points: `steps` values from `low` to `high` for a bounded distribution, the
    /// quantiles from 0.1 to 0.9 for an unbounded one, every choice.
    pub(crate) fn grid_values(&self, steps: usize) -> Vec<toml::Value> {
        let along = |lo: f64, hi: f64| -> Vec<f64> {
            (0..steps)
                .map(|i| lo + (hi - lo) * i as f64 / (steps - 1) as f64)
                .collect()
        };
        match self {
            Distribution::Choice { values, .. } => values.clone(),
            Distribution::Uniform { low, high } | Distribution::Triangular { low, high, .. } => {
                along(*low, *high)
                    .into_iter()
                    .map(toml::Value::Float)
                    .collect()
            }
            Distribution::Normal { .. } | Distribution::LogNormal { .. } => along(0.1, 0.9)
                .into_iter()
                .map(|u| self.quantile(u))
                .collect(),
        }
    }

    /// How many grid points this parameter has.
    pub(crate) fn grid_points(&self, steps: usize) -> usize {
        match self {
            Distribution::Choice { values, .. } => values.len(),
            _ => steps,
        }
    }
}

/// Φ⁻¹(u): the standard normal quantile.
fn standard_normal(u: f64) -> f64 {
    // Mean 0 and sd 1 are always valid parameters.
    Normal::standard().inverse_cdf(u)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn float(v: &toml::Value) -> f64 {
        match v {
            toml::Value::Float(x) => *x,
            toml::Value::Integer(i) => *i as f64,
            other => panic!("not a number: {other}"),
        }
    }

    #[test]
    #[allow(
        clippy::many_single_char_names,
        reason = "the distributions' usual letters"
    )]
    fn quantiles_match_closed_forms() {
        // Uniform: linear. Triangular(0, 1, 4): F(1) = 1/4, so u = 1/4 is the mode; the
        // median solves 1 - (4 - x)² / 12 = 1/2, x = 4 - √6.
        let u = Distribution::Uniform {
            low: 10.0,
            high: 20.0,
        };
        assert!((float(&u.quantile(0.25)) - 12.5).abs() < 1e-12);
        let t = Distribution::Triangular {
            low: 0.0,
            mode: 1.0,
            high: 4.0,
        };
        assert!((float(&t.quantile(0.25)) - 1.0).abs() < 1e-12);
        assert!((float(&t.quantile(0.5)) - (4.0 - 6f64.sqrt())).abs() < 1e-12);
        // Normal: Φ⁻¹(0.975) = 1.959964 (any statistics table).
        let n = Distribution::Normal {
            mean: 100.0,
            sd: 10.0,
        };
        assert!((float(&n.quantile(0.975)) - 119.599_64).abs() < 1e-4);
        assert!((float(&n.quantile(0.5)) - 100.0).abs() < 1e-9);
        // Lognormal: the median is the median; P90 = median · e^(1.281552 σ).
        let l = Distribution::LogNormal {
            median: 3.0,
            sigma: 0.5,
        };
        assert!((float(&l.quantile(0.5)) - 3.0).abs() < 1e-9);
        assert!((float(&l.quantile(0.9)) - 3.0 * (0.5f64 * 1.281_551_6).exp()).abs() < 1e-5);
        // Choice: weights 1:3 split (0, 1) at 1/4.
        let c = Distribution::Choice {
            values: vec!["a".into(), "b".into()],
            weights: vec![1.0, 3.0],
        };
        assert_eq!(c.quantile(0.2), toml::Value::from("a"));
        assert_eq!(c.quantile(0.3), toml::Value::from("b"));
        assert_eq!(c.quantile(1.0 - 1e-17), toml::Value::from("b"));
    }

    #[test]
    fn bad_parameters_are_refused() {
        assert!(
            Distribution::Uniform {
                low: 2.0,
                high: 1.0
            }
            .check()
            .is_err()
        );
        assert!(Distribution::Normal { mean: 0.0, sd: 0.0 }.check().is_err());
        assert!(
            Distribution::LogNormal {
                median: -1.0,
                sigma: 1.0
            }
            .check()
            .is_err()
        );
        assert!(
            Distribution::Triangular {
                low: 0.0,
                mode: 5.0,
                high: 4.0
            }
            .check()
            .is_err()
        );
        let c = Distribution::Choice {
            values: vec![1.into()],
            weights: vec![0.0],
        };
        assert!(c.check().is_err());
    }
}
