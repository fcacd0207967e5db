//! Deterministic k-medoids (PAM: greedy BUILD, then best-improvement SWAP passes).
//!
//! Points are rows of a feature matrix; the dissimilarity is the squared Euclidean distance,
//! so a medoid is the member closest to its cluster's mean. Every choice breaks ties towards
//! the lowest point index and every sum runs in index order, so the result is the same on
//! every run and at any thread count (there is no randomness and no threading).

/// Upper bound on SWAP passes; each pass applies the single best improving swap. In practice
/// the bundled weather years converge in a few passes.
const MAX_SWAP_PASSES: usize = 200;

/// Squared Euclidean distance between two feature rows, summed in [`LANES`] interleaved
/// lanes (then the lanes pairwise, then the tail in order) so the compiler keeps them in
/// vector registers with several additions in flight: the distance matrix is most of the
/// clustering's time, and a single running sum waits on every addition in turn. The order is
/// fixed, so the result is too.
pub(super) fn distance(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len());
    let whole = n - n % LANES;
    let mut lanes = [0.0; LANES];
    for (x, y) in a[..whole]
        .chunks_exact(LANES)
        .zip(b[..whole].chunks_exact(LANES))
    {
        for l in 0..LANES {
            let d = x[l] - y[l];
            lanes[l] += d * d;
        }
    }
    let mut width = LANES;
    while width > 1 {
        width /= 2;
        for l in 0..width {
            lanes[l] += lanes[l + width];
        }
    }
    let tail: f64 = a[whole..n]
        .iter()
        .zip(&b[whole..n])
        .map(|(x, y)| (x - y) * (x - y))
        .sum();
    lanes[0] + tail
}

/// Independent partial sums in [`distance`]: eight, four two-wide vector additions in flight.
const LANES: usize = 8;

/// A clustering of `n` points: the medoids (point indices, ascending) and, for each point,
/// the position in `medoids` of its cluster.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Clustering {
    pub medoids: Vec<usize>,
    pub assignment: Vec<usize>,
}

/// Splits `points` into `k` clusters (1 ≤ `k` ≤ `points.len()`) by k-medoids.
pub(super) fn k_medoids(points: &[&[f64]], k: usize) -> Clustering {
    let n = points.len();
    let k = k.clamp(1, n.max(1));
    let mut dist = vec![0.0; n * n];
    for i in 0..n {
        for j in (i + 1)..n {
            let d = distance(points[i], points[j]);
            dist[i * n + j] = d;
            dist[j * n + i] = d;
        }
    }
    let d = |i: usize, j: usize| dist[i * n + j];

    // BUILD: the point with the least total distance to all, then repeatedly the point that
    // lowers the total distance to the nearest medoid most.
    let mut is_medoid = vec![false; n];
    let mut medoids = Vec::with_capacity(k);
    let mut nearest = vec![f64::INFINITY; n];
    for step in 0..k {
        let mut best: Option<(usize, f64)> = None;
        for c in (0..n).filter(|&c| !is_medoid[c]) {
            // Score: lower is better (total cost after adding c).
            let score: f64 = if step == 0 {
                (0..n).map(|i| d(i, c)).sum()
            } else {
                (0..n).map(|i| nearest[i].min(d(i, c))).sum()
            };
            if best.is_none_or(|(_, s)| score < s) {
                best = Some((c, score));
            }
        }
        let Some((c, _)) = best else { break };
        is_medoid[c] = true;
        medoids.push(c);
        for (i, near) in nearest.iter_mut().enumerate() {
            *near = near.min(d(i, c));
        }
    }

    // SWAP: try every (medoid, non-medoid) exchange, apply the best one if it lowers the total
    // cost, until none does.
    for _ in 0..MAX_SWAP_PASSES {
        let (near, second) = nearest_two(&medoids, n, &d);
        let cost: f64 = near.iter().map(|&(_, c)| c).sum();
        let mut best: Option<(usize, usize, f64)> = None;
        for mi in 0..medoids.len() {
            for o in (0..n).filter(|&o| !is_medoid[o]) {
                let mut delta = 0.0;
                for i in 0..n {
                    let (owner, dn) = near[i];
                    let kept = if owner == mi { second[i] } else { dn };
                    delta += kept.min(d(i, o)) - dn;
                }
                if best.is_none_or(|(_, _, b)| delta < b) {
                    best = Some((mi, o, delta));
                }
            }
        }
        match best {
            Some((mi, o, delta)) if delta < -1e-12 * (1.0 + cost) => {
                is_medoid[medoids[mi]] = false;
                is_medoid[o] = true;
                medoids[mi] = o;
            }
            _ => break,
        }
    }

    medoids.sort_unstable();
    let assignment = (0..n)
        .map(|i| {
            // A medoid always belongs to its own cluster, even if another medoid is identical.
            if let Ok(pos) = medoids.binary_search(&i) {
                return pos;
            }
            let mut best = 0;
            for (pos, &m) in medoids.iter().enumerate() {
                if d(i, m) < d(i, medoids[best]) {
                    best = pos;
                }
            }
            best
        })
        .collect();
    Clustering {
        medoids,
        assignment,
    }
}

/// For each point: (position in `medoids` of the nearest medoid, its distance), and the
/// distance to the second nearest (infinite with one medoid). Ties go to the earlier medoid.
fn nearest_two(
    medoids: &[usize],
    n: usize,
    d: &impl Fn(usize, usize) -> f64,
) -> (Vec<(usize, f64)>, Vec<f64>) {
    let mut near = vec![(0, f64::INFINITY); n];
    let mut second = vec![f64::INFINITY; n];
    for i in 0..n {
        for (pos, &m) in medoids.iter().enumerate() {
            let dm = d(i, m);
            if dm < near[i].1 {
                second[i] = near[i].1;
                near[i] = (pos, dm);
            } else if dm < second[i] {
                second[i] = dm;
            }
        }
    }
    (near, second)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::float_cmp)] // exact

    use super::*;

    #[test]
    fn two_obvious_groups() {
        // Points on a line: {0, 1, 2} and {10, 11, 12, 13}. With k = 2 the medoids are the
        // middles, 1 and 11 (or 12: 11 and 12 tie on squared distance, 1+1+4=6 vs 4+1+1=6,
        // and the tie goes to the lower index).
        let xs = [[0.0], [1.0], [2.0], [10.0], [11.0], [12.0], [13.0]];
        let pts: Vec<&[f64]> = xs.iter().map(|x| &x[..]).collect();
        let c = k_medoids(&pts, 2);
        assert_eq!(c.medoids, vec![1, 4]);
        assert_eq!(c.assignment, vec![0, 0, 0, 1, 1, 1, 1]);
    }

    #[test]
    fn k_equals_n_and_identical_points() {
        let xs = [[5.0], [5.0], [5.0]];
        let pts: Vec<&[f64]> = xs.iter().map(|x| &x[..]).collect();
        let c = k_medoids(&pts, 3);
        assert_eq!(c.medoids, vec![0, 1, 2]);
        assert_eq!(c.assignment, vec![0, 1, 2]);
        let c = k_medoids(&pts, 1);
        assert_eq!(c.medoids, vec![0]);
        assert_eq!(c.assignment, vec![0, 0, 0]);
    }

    #[test]
    fn swap_improves_on_build() {
        // BUILD picks the global medoid first (index 2, value 3), which is a poor partner for
        // the two groups; SWAP must move to one medoid per group.
        let xs = [[0.0], [0.5], [3.0], [5.5], [6.0]];
        let pts: Vec<&[f64]> = xs.iter().map(|x| &x[..]).collect();
        let c = k_medoids(&pts, 2);
        let cost: f64 = (0..5)
            .map(|i| distance(pts[i], pts[c.medoids[c.assignment[i]]]))
            .sum();
        // Best split {0, 0.5, 3} / {5.5, 6}: medoid 0.5 costs 0.25 + 6.25, and 0.25 → 6.75.
        assert!((cost - 6.75).abs() < 1e-12, "{c:?} cost {cost}");
    }
}
