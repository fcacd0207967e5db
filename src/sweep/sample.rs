//! Distributions and the scenarios drawn from them.
//!
//! Every draw is a quantile: a uniform number u in (0, 1) through the distribution's inverse
//! CDF. Monte Carlo takes u from a `ChaCha8` stream keyed by the seed and the scenario's
//! number, so scenario 417 has the same values whatever ran before it, on any thread and in
//! any shard; the Latin hypercube pairs strata by permutations drawn from the seed alone.
//! Grid and one-at-a-time points are fixed quantiles.

use super::spec::{Method, Parameter, Spec};
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};

/// A value rounded to `decimals` (a whole number becomes an integer, as an integer field of
/// a site needs); choices and unrounded values as they are.
fn rounded(value: toml::Value, decimals: Option<u32>) -> toml::Value {
    match (value, decimals) {
        (toml::Value::Float(x), Some(0)) if x.abs() < 9.0e15 => {
            toml::Value::Integer(x.round() as i64)
        }
        (toml::Value::Float(x), Some(d)) => {
            let scale = 10f64.powi(d.cast_signed());
            toml::Value::Float((x * scale).round() / scale)
        }
        (value, _) => value,
    }
}

/// One scenario: its number and the value of each parameter (`None`: the site's own).
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// 0 for the base site, then 1, 2, … in the order the method defines.
    pub id: usize,
    /// One per parameter of the spec, in its order.
    pub values: Vec<Option<toml::Value>>,
}

impl Scenario {
    /// Whether this is the base site, unedited.
    pub fn is_base(&self) -> bool {
        self.values.iter().all(Option::is_none)
    }
}

/// Every scenario of a spec, the base site's (id 0) first. Deterministic in the spec alone.
pub fn scenarios(spec: &Spec) -> Vec<Scenario> {
    let params = &spec.parameters;
    let base = Scenario {
        id: 0,
        values: vec![None; params.len()],
    };
    let drawn: Vec<Vec<Option<toml::Value>>> = match spec.method {
        Method::MonteCarlo => (1..=spec.samples)
            .map(|id| {
                let mut rng = stream(spec.seed, id as u64);
                params
                    .iter()
                    .map(|p| Some(value(p, unit_draw(&mut rng))))
                    .collect()
            })
            .collect(),
        Method::LatinHypercube => latin_hypercube(spec),
        Method::OneAtATime => params
            .iter()
            .enumerate()
            .flat_map(|(j, p)| {
                p.distribution
                    .tornado_values(spec.tornado)
                    .into_iter()
                    .map(move |v| {
                        let mut values = vec![None; params.len()];
                        values[j] = Some(rounded(v, p.round));
                        values
                    })
            })
            .collect(),
        Method::Grid => {
            let axes: Vec<Vec<toml::Value>> = params
                .iter()
                .map(|p| {
                    p.distribution
                        .grid_values(p.steps)
                        .into_iter()
                        .map(|v| rounded(v, p.round))
                        .collect()
                })
                .collect();
            cartesian(&axes)
        }
    };
    std::iter::once(base)
        .chain(
            drawn
                .into_iter()
                .enumerate()
                .map(|(i, values)| Scenario { id: i + 1, values }),
        )
        .collect()
}

/// A parameter's value at quantile `u`, rounded as the spec says.
fn value(p: &Parameter, u: f64) -> toml::Value {
    rounded(p.distribution.quantile(u), p.round)
}

/// The `ChaCha8` stream `stream` of `seed`.
fn stream(seed: u64, stream: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(stream);
    rng
}

/// A uniform number in the open interval (0, 1): 53 random bits, centred in their step.
fn unit_draw(rng: &mut ChaCha8Rng) -> f64 {
    ((rng.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
}

/// `samples` rows: parameter j's strata permuted by stream `j` of the seed (stream 0 and up
/// are Monte Carlo's scenario streams from 1, so the hypercube's are offset past them).
fn latin_hypercube(spec: &Spec) -> Vec<Vec<Option<toml::Value>>> {
    let n = spec.samples;
    let columns: Vec<Vec<toml::Value>> = spec
        .parameters
        .iter()
        .enumerate()
        .map(|(j, p)| {
            let mut rng = stream(spec.seed, u64::MAX - j as u64);
            // Fisher–Yates with an unbiased bounded draw.
            let mut strata: Vec<usize> = (0..n).collect();
            for i in (1..n).rev() {
                let k = bounded(&mut rng, i as u64 + 1) as usize;
                strata.swap(i, k);
            }
            strata
                .into_iter()
                .map(|s| value(p, (s as f64 + unit_draw(&mut rng)) / n as f64))
                .collect()
        })
        .collect();
    (0..n)
        .map(|i| columns.iter().map(|c| Some(c[i].clone())).collect())
        .collect()
}

/// A uniform integer in 0..n (rejection sampling, no modulo bias).
fn bounded(rng: &mut ChaCha8Rng, n: u64) -> u64 {
    let zone = u64::MAX - u64::MAX % n;
    loop {
        let x = rng.next_u64();
        if x < zone {
            return x % n;
        }
    }
}

/// Every combination of one value from each axis, the last axis varying fastest.
fn cartesian(axes: &[Vec<toml::Value>]) -> Vec<Vec<Option<toml::Value>>> {
    let mut rows: Vec<Vec<Option<toml::Value>>> = vec![Vec::new()];
    for axis in axes {
        rows = rows
            .into_iter()
            .flat_map(|row| {
                axis.iter().map(move |v| {
                    let mut next = row.clone();
                    next.push(Some(v.clone()));
                    next
                })
            })
            .collect();
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_to_whole_numbers_gives_integers() {
        assert_eq!(
            rounded(toml::Value::Float(2.6), Some(0)),
            toml::Value::Integer(3)
        );
        assert_eq!(
            rounded(toml::Value::Float(2.345), Some(1)),
            toml::Value::Float(2.3)
        );
        assert_eq!(
            rounded(toml::Value::Float(2.345), None),
            toml::Value::Float(2.345)
        );
    }

    #[test]
    #[allow(clippy::many_single_char_names, reason = "three streams, three draws")]
    fn draws_are_open_unit_and_stream_keyed() {
        let mut a = stream(7, 3);
        let mut b = stream(7, 3);
        let mut c = stream(7, 4);
        let (x, y, z) = (unit_draw(&mut a), unit_draw(&mut b), unit_draw(&mut c));
        assert_eq!(x.to_bits(), y.to_bits());
        assert_ne!(x.to_bits(), z.to_bits());
        assert!(x > 0.0 && x < 1.0);
    }

    #[test]
    fn cartesian_varies_the_last_axis_fastest() {
        let axes = vec![
            vec![1.into(), 2.into()],
            vec!["a".into(), "b".into(), "c".into()],
        ];
        let rows = cartesian(&axes);
        assert_eq!(rows.len(), 6);
        assert_eq!(rows[1], vec![Some(1.into()), Some("b".into())]);
        assert_eq!(rows[3], vec![Some(2.into()), Some("a".into())]);
    }
}
