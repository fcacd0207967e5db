//! Variables and affine expressions.

use std::iter::Sum;
use std::ops::{Add, AddAssign, Mul, Neg, Sub, SubAssign};

/// A decision variable of one [`Model`](crate::Model): an index into its columns.
///
/// A `Var` is only meaningful for the model that created it; [`solve`](crate::solve) rejects
/// expressions that name a column the model does not have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Var(pub(crate) u32);

impl Var {
    /// Position of this variable in the model (0-based), also its index into
    /// [`Solution::values`](crate::Solution::values).
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// An affine expression `Σ coef·var + constant`.
///
/// Terms are kept in a flat `Vec` in insertion order; repeated variables are allowed here and
/// merged when the expression enters a model (constraint or objective), so building
/// expressions in loops costs one push per term.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LinExpr {
    pub(crate) terms: Vec<(Var, f64)>,
    pub(crate) constant: f64,
}

impl LinExpr {
    /// The empty expression (`0`).
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty expression with room for `n` terms.
    pub fn with_capacity(n: usize) -> Self {
        Self {
            terms: Vec::with_capacity(n),
            constant: 0.0,
        }
    }

    /// A constant expression.
    pub fn constant(value: f64) -> Self {
        Self {
            terms: Vec::new(),
            constant: value,
        }
    }

    /// Adds `coef · var` to the expression.
    pub fn add_term(&mut self, var: Var, coef: f64) -> &mut Self {
        self.terms.push((var, coef));
        self
    }

    /// Adds `value` to the constant part.
    pub fn add_constant(&mut self, value: f64) -> &mut Self {
        self.constant += value;
        self
    }

    /// Adds `factor · other` to the expression.
    pub fn add_scaled(&mut self, other: &LinExpr, factor: f64) -> &mut Self {
        self.terms
            .extend(other.terms.iter().map(|&(v, c)| (v, c * factor)));
        self.constant += factor * other.constant;
        self
    }

    /// The terms as written (repeats not merged).
    pub fn terms(&self) -> &[(Var, f64)] {
        &self.terms
    }

    /// The constant part.
    pub fn constant_part(&self) -> f64 {
        self.constant
    }

    /// Evaluates the expression at `values` (indexed by [`Var::index`]).
    ///
    /// A variable beyond `values` counts as 0.
    pub fn eval(&self, values: &[f64]) -> f64 {
        self.terms.iter().fold(self.constant, |acc, &(v, c)| {
            acc + c * values.get(v.index()).copied().unwrap_or(0.0)
        })
    }

    /// Merges repeated variables (summing their coefficients), drops zero coefficients and
    /// sorts terms by variable index.
    #[must_use]
    pub fn merged(mut self) -> Self {
        merge_terms(&mut self.terms);
        self
    }
}

/// Sorts by variable, sums repeated variables and drops exact zeros, in place.
pub(crate) fn merge_terms(terms: &mut Vec<(Var, f64)>) {
    if terms.windows(2).any(|w| w[0].0 >= w[1].0) {
        terms.sort_unstable_by_key(|&(v, _)| v);
        let mut write = 0usize;
        for read in 0..terms.len() {
            let (v, c) = terms[read];
            if write > 0 && terms[write - 1].0 == v {
                terms[write - 1].1 += c;
            } else {
                terms[write] = (v, c);
                write += 1;
            }
        }
        terms.truncate(write);
    }
    terms.retain(|&(_, c)| c != 0.0);
}

impl From<Var> for LinExpr {
    fn from(var: Var) -> Self {
        Self {
            terms: vec![(var, 1.0)],
            constant: 0.0,
        }
    }
}

impl From<f64> for LinExpr {
    fn from(value: f64) -> Self {
        Self::constant(value)
    }
}

impl<T: Into<LinExpr>> AddAssign<T> for LinExpr {
    fn add_assign(&mut self, rhs: T) {
        let rhs = rhs.into();
        self.terms.extend(rhs.terms);
        self.constant += rhs.constant;
    }
}

impl<T: Into<LinExpr>> SubAssign<T> for LinExpr {
    fn sub_assign(&mut self, rhs: T) {
        let rhs = rhs.into();
        self.terms
            .extend(rhs.terms.into_iter().map(|(v, c)| (v, -c)));
        self.constant -= rhs.constant;
    }
}

impl<T: Into<LinExpr>> Add<T> for LinExpr {
    type Output = LinExpr;
    fn add(mut self, rhs: T) -> LinExpr {
        self += rhs;
        self
    }
}

impl<T: Into<LinExpr>> Sub<T> for LinExpr {
    type Output = LinExpr;
    fn sub(mut self, rhs: T) -> LinExpr {
        self -= rhs;
        self
    }
}

impl<T: Into<LinExpr>> Add<T> for Var {
    type Output = LinExpr;
    fn add(self, rhs: T) -> LinExpr {
        LinExpr::from(self) + rhs
    }
}

impl<T: Into<LinExpr>> Sub<T> for Var {
    type Output = LinExpr;
    fn sub(self, rhs: T) -> LinExpr {
        LinExpr::from(self) - rhs
    }
}

impl Mul<f64> for LinExpr {
    type Output = LinExpr;
    fn mul(mut self, rhs: f64) -> LinExpr {
        for term in &mut self.terms {
            term.1 *= rhs;
        }
        self.constant *= rhs;
        self
    }
}

impl Mul<LinExpr> for f64 {
    type Output = LinExpr;
    fn mul(self, rhs: LinExpr) -> LinExpr {
        rhs * self
    }
}

impl Mul<f64> for Var {
    type Output = LinExpr;
    fn mul(self, rhs: f64) -> LinExpr {
        LinExpr {
            terms: vec![(self, rhs)],
            constant: 0.0,
        }
    }
}

impl Mul<Var> for f64 {
    type Output = LinExpr;
    fn mul(self, rhs: Var) -> LinExpr {
        rhs * self
    }
}

impl Neg for LinExpr {
    type Output = LinExpr;
    fn neg(self) -> LinExpr {
        self * -1.0
    }
}

impl Neg for Var {
    type Output = LinExpr;
    fn neg(self) -> LinExpr {
        self * -1.0
    }
}

impl Sum<LinExpr> for LinExpr {
    fn sum<I: Iterator<Item = LinExpr>>(iter: I) -> Self {
        let mut acc = LinExpr::new();
        for e in iter {
            acc += e;
        }
        acc
    }
}

impl Sum<Var> for LinExpr {
    fn sum<I: Iterator<Item = Var>>(iter: I) -> Self {
        LinExpr {
            terms: iter.map(|v| (v, 1.0)).collect(),
            constant: 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_build_the_expected_terms() {
        let (x, y) = (Var(0), Var(1));
        let e = 2.0 * x + y * 3.0 - x + 5.0;
        assert_eq!(e.terms(), &[(x, 2.0), (y, 3.0), (x, -1.0)]);
        assert_eq!(e.constant_part(), 5.0);
        let m = e.merged();
        assert_eq!(m.terms(), &[(x, 1.0), (y, 3.0)]);
        // 1·4 + 3·2 + 5 = 15
        assert_eq!(m.eval(&[4.0, 2.0]), 15.0);
    }

    #[test]
    fn merge_drops_cancelled_terms_and_sorts() {
        let (x, y, z) = (Var(0), Var(1), Var(2));
        let e: LinExpr = [z, x, y, x].into_iter().sum::<LinExpr>() - 2.0 * x;
        assert_eq!(e.merged().terms(), &[(y, 1.0), (z, 1.0)]);
        let neg = -(x + 1.0);
        assert_eq!(neg.terms(), &[(x, -1.0)]);
        assert_eq!(neg.constant_part(), -1.0);
    }

    #[test]
    fn sum_of_expressions() {
        let v: Vec<Var> = (0..4).map(Var).collect();
        let e: LinExpr = v.iter().map(|&x| 2.0 * x).sum();
        assert_eq!(e.eval(&[1.0, 1.0, 1.0, 1.0]), 8.0);
    }
}
