//! Streaming aggregates: a fixed-bin temperature histogram for inlet percentiles, and
//! nearest-rank percentiles of a small sample. Memory does not grow with racks × steps.

/// Lowest temperature the histogram resolves (°C); colder samples count in the first bin.
const LOW_C: f64 = 0.0;
/// Bin width (K).
const BIN_K: f64 = 0.05;
/// Bins: 0–100 °C.
const BINS: usize = 2000;

/// Counts of temperatures in 0.05 K bins from 0 to 100 °C (samples outside go to the end
/// bins).
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    counts: Vec<u64>,
    total: u64,
}

impl Default for Histogram {
    fn default() -> Self {
        Histogram {
            counts: vec![0; BINS],
            total: 0,
        }
    }
}

impl Histogram {
    /// Adds one sample.
    pub fn add(&mut self, t_c: f64) {
        let x = (t_c - LOW_C) / BIN_K;
        // Truncation is the floor for x ≥ 0 (and saturates at +∞); below 0 and NaN go to the
        // first bin. No `floor` call: without SSE4.1 it is a libm call per sample.
        let bin = if x >= 0.0 {
            (x as usize).min(BINS - 1)
        } else {
            0
        };
        self.counts[bin] += 1;
        self.total += 1;
    }

    /// The `q`-quantile (0–1), as the upper edge of the bin holding the nearest-rank sample:
    /// never below the true quantile, at most one bin (0.05 K) above it.
    pub fn quantile(&self, q: f64) -> f64 {
        if self.total == 0 {
            return f64::NAN;
        }
        let rank = ((q * self.total as f64).ceil() as u64).clamp(1, self.total);
        let mut seen = 0;
        for (i, &c) in self.counts.iter().enumerate() {
            seen += c;
            if seen >= rank {
                return LOW_C + (i + 1) as f64 * BIN_K;
            }
        }
        LOW_C + BINS as f64 * BIN_K
    }
}

/// Nearest-rank `q`-quantile of `sorted` (ascending, non-empty).
pub fn nearest_rank(sorted: &[f64], q: f64) -> f64 {
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_bracket_the_true_values_within_one_bin() {
        // Samples 20.00, 20.01, …, 29.99 °C: the true median is 24.99 (nearest rank 500).
        let mut h = Histogram::default();
        let samples: Vec<f64> = (0..1000).map(|i| 20.0 + f64::from(i) * 0.01).collect();
        for &s in &samples {
            h.add(s);
        }
        for q in [0.05, 0.5, 0.99] {
            let exact = nearest_rank(&samples, q);
            let got = h.quantile(q);
            assert!(
                got >= exact && got <= exact + BIN_K + 1e-9,
                "{q}: {got} vs {exact}"
            );
        }
    }
}
