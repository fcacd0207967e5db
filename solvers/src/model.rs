//! The solver-agnostic model: columns with bounds and integrality, rows in CSR form, one
//! objective. Always compiled; backends translate it when solving.

use std::sync::Arc;

use crate::error::SolverError;
use crate::expr::{LinExpr, Var, merge_terms};

/// Direction of a constraint row: `expr ≤ rhs`, `expr ≥ rhs` or `expr = rhs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Sense {
    /// `expr ≤ rhs`
    Le,
    /// `expr ≥ rhs`
    Ge,
    /// `expr = rhs`
    Eq,
}

/// Whether the objective is minimised or maximised.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ObjectiveSense {
    /// Smallest objective value.
    #[default]
    Minimize,
    /// Largest objective value.
    Maximize,
}

impl ObjectiveSense {
    /// `+1` to minimise, `−1` to maximise: `sign · f` is the objective to minimise.
    pub fn sign(self) -> f64 {
        match self {
            ObjectiveSense::Minimize => 1.0,
            ObjectiveSense::Maximize => -1.0,
        }
    }
}

/// Kind of a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VarKind {
    /// Any real value within its bounds.
    Continuous,
    /// An integer within its bounds.
    Integer,
    /// 0 or 1 (an integer with bounds `[0, 1]`).
    Binary,
}

impl VarKind {
    /// Whether the column must take an integer value.
    pub fn is_integer(self) -> bool {
        !matches!(self, VarKind::Continuous)
    }
}

/// How [`Model::round_fixed`] turns a fractional relaxed value into an integer.
///
/// The formulation knows which integers are "more is always feasible" (capacity to build:
/// [`Up`](RoundingHint::Up), the default) and which are "less is always feasible"
/// ([`Down`](RoundingHint::Down)).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum RoundingHint {
    /// `ceil(value − 1e-6)`: 2.0000001 stays 2, 2.1 becomes 3.
    #[default]
    Up,
    /// `floor(value + 1e-6)`: 1.9999999 stays 2, 1.9 becomes 1.
    Down,
    /// Nearest integer (halves round away from zero).
    Nearest,
}

/// Tolerance under which a relaxed value counts as already integral when rounding.
pub const ROUNDING_TOLERANCE: f64 = 1e-6;

/// Identifies a constraint row of a [`Model`]; also the index into
/// [`Solution::duals`](crate::Solution::duals).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ConstraintId(pub(crate) u32);

impl ConstraintId {
    /// Position of this row in the model (0-based).
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A row as `(terms, sense, rhs)`, returned by [`Model::constraint`].
pub type RowView = (Vec<(Var, f64)>, Sense, f64);

/// Size of a model, as reported in statistics.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ModelStats {
    /// Number of columns.
    pub variables: usize,
    /// Number of integer and binary columns.
    pub integer_variables: usize,
    /// Number of rows.
    pub constraints: usize,
    /// Number of nonzero coefficients in the rows (after merging repeats).
    pub nonzeros: usize,
}

/// A linear or mixed-integer model, independent of any backend.
///
/// Rows are stored CSR-like in flat vectors, so models with millions of nonzeros build in
/// time proportional to their size (no hash maps).
///
/// ```
/// use dcplan_solvers::{Model, ObjectiveSense, Sense};
/// let mut m = Model::new("tiny");
/// let x = m.add_var("x", 0.0, 4.0);
/// let y = m.add_integer("y", 0.0, 10.0);
/// m.add_constraint("cap", x + 2.0 * y, Sense::Le, 7.0);
/// m.set_objective(x + y, ObjectiveSense::Maximize);
/// assert_eq!(m.stats().nonzeros, 2);
/// ```
#[derive(Clone, Debug, Default)]
pub struct Model {
    pub(crate) name: String,
    pub(crate) lower: Vec<f64>,
    pub(crate) upper: Vec<f64>,
    pub(crate) kinds: Vec<VarKind>,
    pub(crate) hints: Vec<RoundingHint>,
    /// Names and rows, shared copy-on-write between copies: relaxing, rounding and fixing
    /// change only columns, so such a copy of a million-row model costs its columns alone.
    pub(crate) rows: Arc<Rows>,
    /// Merged objective terms.
    pub(crate) objective: LinExpr,
    pub(crate) objective_sense: ObjectiveSense,
    pub(crate) integer_count: usize,
}

/// The part of a [`Model`] that copies share: names and the rows.
#[derive(Clone, Debug, Default)]
pub(crate) struct Rows {
    pub var_names: Names,
    pub row_names: Names,
    /// `row_start[i]..row_start[i + 1]` indexes `cols`/`coefs` of row `i`.
    pub row_start: Vec<usize>,
    pub cols: Vec<Var>,
    pub coefs: Vec<f64>,
    pub senses: Vec<Sense>,
    pub rhs: Vec<f64>,
}

/// Names stored end to end in one string: a name costs its bytes and one offset, not a
/// heap allocation of its own (millions of columns and rows in a full-resolution plan).
#[derive(Clone, Debug, Default)]
pub(crate) struct Names {
    text: String,
    ends: Vec<usize>,
}

impl Names {
    fn push(&mut self, name: &str) {
        self.text.push_str(name);
        self.ends.push(self.text.len());
    }

    /// Name `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some(&self.text[start..end])
    }

    /// All names in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len()).filter_map(|i| self.get(i))
    }
}

impl std::ops::Index<usize> for Names {
    type Output = str;

    fn index(&self, i: usize) -> &str {
        self.get(i).unwrap_or("")
    }
}

impl Model {
    /// An empty model (minimise 0).
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            rows: Arc::new(Rows {
                row_start: vec![0],
                ..Rows::default()
            }),
            ..Self::default()
        }
    }

    /// The model's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    fn push_var(&mut self, name: &str, lb: f64, ub: f64, kind: VarKind) -> Var {
        let index = u32::try_from(self.lower.len()).unwrap_or(u32::MAX);
        Arc::make_mut(&mut self.rows).var_names.push(name);
        self.lower.push(lb);
        self.upper.push(ub);
        self.kinds.push(kind);
        self.hints.push(RoundingHint::default());
        if kind.is_integer() {
            self.integer_count += 1;
        }
        Var(index)
    }

    /// Adds a continuous column with bounds `lb ≤ x ≤ ub` (either may be infinite).
    pub fn add_var(&mut self, name: impl Into<String>, lb: f64, ub: f64) -> Var {
        self.push_var(&name.into(), lb, ub, VarKind::Continuous)
    }

    /// Adds an integer column with bounds `lb ≤ x ≤ ub`, rounded up by default in
    /// relax-and-round (see [`Model::set_rounding_hint`]).
    pub fn add_integer(&mut self, name: impl Into<String>, lb: f64, ub: f64) -> Var {
        self.push_var(&name.into(), lb, ub, VarKind::Integer)
    }

    /// Adds an integer column with an explicit rounding hint.
    pub fn add_integer_with_hint(
        &mut self,
        name: impl Into<String>,
        lb: f64,
        ub: f64,
        hint: RoundingHint,
    ) -> Var {
        let v = self.add_integer(name, lb, ub);
        self.hints[v.index()] = hint;
        v
    }

    /// Adds a 0/1 column.
    pub fn add_binary(&mut self, name: impl Into<String>) -> Var {
        self.push_var(&name.into(), 0.0, 1.0, VarKind::Binary)
    }

    /// Sets how [`Model::round_fixed`] rounds `var` (ignored for continuous columns).
    pub fn set_rounding_hint(&mut self, var: Var, hint: RoundingHint) {
        if let Some(h) = self.hints.get_mut(var.index()) {
            *h = hint;
        }
    }

    /// The rounding hint of `var` (the default for unknown columns).
    pub fn rounding_hint(&self, var: Var) -> RoundingHint {
        self.hints.get(var.index()).copied().unwrap_or_default()
    }

    /// Replaces the bounds of `var` (a column of another model is ignored).
    pub fn set_bounds(&mut self, var: Var, lb: f64, ub: f64) {
        if let (Some(l), Some(u)) = (
            self.lower.get_mut(var.index()),
            self.upper.get_mut(var.index()),
        ) {
            *l = lb;
            *u = ub;
        }
    }

    /// Fixes `var` to `value` (sets both bounds).
    pub fn fix(&mut self, var: Var, value: f64) {
        self.set_bounds(var, value, value);
    }

    /// Bounds `(lb, ub)` of `var`, or `None` for a column this model does not have.
    pub fn bounds(&self, var: Var) -> Option<(f64, f64)> {
        Some((*self.lower.get(var.index())?, *self.upper.get(var.index())?))
    }

    /// Kind of `var`, or `None` for a column this model does not have.
    pub fn kind(&self, var: Var) -> Option<VarKind> {
        self.kinds.get(var.index()).copied()
    }

    /// Name of `var` as given (empty for an unknown column).
    pub fn var_name(&self, var: Var) -> &str {
        self.rows.var_names.get(var.index()).unwrap_or("")
    }

    /// All columns, in order.
    pub fn vars(&self) -> impl ExactSizeIterator<Item = Var> + use<> {
        (0..u32::try_from(self.lower.len()).unwrap_or(u32::MAX)).map(Var)
    }

    /// Adds the row `expr sense rhs`. The expression's constant moves to the right-hand side;
    /// repeated variables are merged.
    pub fn add_constraint(
        &mut self,
        name: impl Into<String>,
        expr: impl Into<LinExpr>,
        sense: Sense,
        rhs: f64,
    ) -> ConstraintId {
        let LinExpr {
            mut terms,
            constant,
        } = expr.into();
        merge_terms(&mut terms);
        let rows = Arc::make_mut(&mut self.rows);
        let id = ConstraintId(u32::try_from(rows.senses.len()).unwrap_or(u32::MAX));
        rows.row_names.push(&name.into());
        rows.cols.extend(terms.iter().map(|&(v, _)| v));
        rows.coefs.extend(terms.iter().map(|&(_, c)| c));
        rows.row_start.push(rows.cols.len());
        rows.senses.push(sense);
        rows.rhs.push(rhs - constant);
        id
    }

    /// Sets the objective (repeated variables merged; the constant is kept and reported in
    /// the objective value).
    pub fn set_objective(&mut self, expr: impl Into<LinExpr>, sense: ObjectiveSense) {
        self.objective = expr.into().merged();
        self.objective_sense = sense;
    }

    /// The objective, merged.
    pub fn objective(&self) -> (&LinExpr, ObjectiveSense) {
        (&self.objective, self.objective_sense)
    }

    /// Number of rows.
    pub fn num_constraints(&self) -> usize {
        self.rows.senses.len()
    }

    /// Number of columns.
    pub fn num_vars(&self) -> usize {
        self.lower.len()
    }

    /// Row `id` as `(terms, sense, rhs)` with the constant already moved into `rhs`.
    pub fn constraint(&self, id: ConstraintId) -> Option<RowView> {
        let i = id.index();
        let rows = &self.rows;
        let range = rows.row_start.get(i).copied()?..rows.row_start.get(i + 1).copied()?;
        let terms = rows.cols[range.clone()]
            .iter()
            .copied()
            .zip(rows.coefs[range].iter().copied())
            .collect();
        Some((terms, rows.senses[i], rows.rhs[i]))
    }

    /// Name of row `id` as given (empty for an unknown row).
    pub fn constraint_name(&self, id: ConstraintId) -> &str {
        self.rows.row_names.get(id.index()).unwrap_or("")
    }

    pub(crate) fn row(&self, i: usize) -> (&[Var], &[f64]) {
        let rows = &self.rows;
        let range = rows.row_start[i]..rows.row_start[i + 1];
        (&rows.cols[range.clone()], &rows.coefs[range])
    }

    /// Sense of row `i`.
    pub(crate) fn sense(&self, i: usize) -> Sense {
        self.rows.senses[i]
    }

    /// Right-hand side of row `i`.
    pub(crate) fn rhs(&self, i: usize) -> f64 {
        self.rows.rhs[i]
    }

    /// Name of row `i`.
    pub(crate) fn row_name(&self, i: usize) -> &str {
        &self.rows.row_names[i]
    }

    /// Integer columns whose bounds, tightened to integers, leave more than one value: the
    /// integers a search must decide. A model with none is an LP to every backend.
    pub fn free_integers(&self) -> usize {
        crate::backend::free_integers(self)
    }

    /// Size statistics.
    pub fn stats(&self) -> ModelStats {
        ModelStats {
            variables: self.num_vars(),
            integer_variables: self.integer_count,
            constraints: self.num_constraints(),
            nonzeros: self.rows.cols.len(),
        }
    }

    /// Checks what would make a backend misbehave rather than merely make the model
    /// infeasible: non-finite coefficients or right-hand sides, NaN bounds, `lb = +∞` or
    /// `ub = −∞`, columns from another model, too many columns.
    ///
    /// `lb > ub` is *not* an error here: it is an infeasible model, reported as a status.
    pub fn validate(&self) -> Result<(), SolverError> {
        let n = self.num_vars();
        if u32::try_from(n).is_err() || u32::try_from(self.num_constraints()).is_err() {
            return Err(SolverError::InvalidModel(format!(
                "model `{}` has {n} columns and {} rows; at most {} of each are supported",
                self.name,
                self.num_constraints(),
                u32::MAX
            )));
        }
        for v in self.vars() {
            let (lb, ub) = (self.lower[v.index()], self.upper[v.index()]);
            if lb.is_nan() || ub.is_nan() || lb == f64::INFINITY || ub == f64::NEG_INFINITY {
                return Err(SolverError::InvalidModel(format!(
                    "variable `{}` has bounds [{lb}, {ub}]; a lower bound must be below +inf \
                     and an upper bound above -inf",
                    self.var_name(v)
                )));
            }
        }
        for i in 0..self.num_constraints() {
            let (cols, coefs) = self.row(i);
            if let Some(&v) = cols.iter().find(|v| v.index() >= n) {
                return Err(SolverError::InvalidModel(format!(
                    "constraint `{}` uses column {} but model `{}` has {n} columns",
                    self.row_name(i),
                    v.index(),
                    self.name
                )));
            }
            if !self.rhs(i).is_finite() || coefs.iter().any(|c| !c.is_finite()) {
                return Err(SolverError::InvalidModel(format!(
                    "constraint `{}` has a non-finite coefficient or right-hand side",
                    self.row_name(i)
                )));
            }
        }
        if let Some(&(v, _)) = self.objective.terms.iter().find(|(v, _)| v.index() >= n) {
            return Err(SolverError::InvalidModel(format!(
                "the objective uses column {} but model `{}` has {n} columns",
                v.index(),
                self.name
            )));
        }
        if !self.objective.constant.is_finite()
            || self.objective.terms.iter().any(|(_, c)| !c.is_finite())
        {
            return Err(SolverError::InvalidModel(
                "the objective has a non-finite coefficient or constant".into(),
            ));
        }
        Ok(())
    }

    /// A copy of this model with every column continuous: its LP relaxation. Callers that
    /// round with knowledge the model lacks solve this, then fix their own integers.
    #[must_use]
    pub fn relaxed(&self) -> Model {
        let mut relaxed = self.clone();
        relaxed
            .kinds
            .iter_mut()
            .for_each(|k| *k = VarKind::Continuous);
        relaxed.integer_count = 0;
        relaxed
    }

    /// A copy of this model with every integer column fixed to `values[var]` rounded by the
    /// column's [`RoundingHint`] (with [`ROUNDING_TOLERANCE`], so 2.0000001 rounds up to 2),
    /// then clamped into the column's integer bounds. Continuous columns keep their bounds.
    ///
    /// This is the "round" of relax-and-round, public so a caller that knows better can
    /// set hints, or adjust the result, before re-solving.
    pub fn round_fixed(&self, values: &[f64]) -> Result<Model, SolverError> {
        if values.len() != self.num_vars() {
            return Err(SolverError::InvalidModel(format!(
                "round_fixed got {} values for model `{}` with {} columns",
                values.len(),
                self.name,
                self.num_vars()
            )));
        }
        let mut fixed = self.clone();
        for v in self.vars() {
            let i = v.index();
            if !self.kinds[i].is_integer() {
                continue;
            }
            let value = round_with_hint(values[i], self.hints[i]);
            let lo = self.lower[i].ceil();
            let hi = self.upper[i].floor();
            let value = value.max(lo).min(hi);
            fixed.lower[i] = value;
            fixed.upper[i] = value;
        }
        Ok(fixed)
    }
}

/// Rounds `value` to an integer following `hint`, treating values within
/// [`ROUNDING_TOLERANCE`] of an integer as that integer.
pub fn round_with_hint(value: f64, hint: RoundingHint) -> f64 {
    match hint {
        RoundingHint::Up => (value - ROUNDING_TOLERANCE).ceil(),
        RoundingHint::Down => (value + ROUNDING_TOLERANCE).floor(),
        RoundingHint::Nearest => value.round(),
    }
}

#[cfg(test)]
#[allow(clippy::many_single_char_names)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_stored_merged_with_the_constant_moved_right() {
        let mut m = Model::new("t");
        let x = m.add_var("x", 0.0, f64::INFINITY);
        let y = m.add_var("y", f64::NEG_INFINITY, f64::INFINITY);
        let c = m.add_constraint("c", x + y + x + 3.0, Sense::Le, 10.0);
        let (terms, sense, rhs) = m.constraint(c).unwrap();
        assert_eq!(terms, vec![(x, 2.0), (y, 1.0)]);
        assert_eq!(sense, Sense::Le);
        // x + y + x + 3 ≤ 10  ⇔  2x + y ≤ 7
        assert_eq!(rhs, 7.0);
        assert_eq!(
            m.stats(),
            ModelStats {
                variables: 2,
                integer_variables: 0,
                constraints: 1,
                nonzeros: 2
            }
        );
    }

    #[test]
    fn rounding_hints() {
        assert_eq!(round_with_hint(2.000_000_1, RoundingHint::Up), 2.0);
        assert_eq!(round_with_hint(2.1, RoundingHint::Up), 3.0);
        assert_eq!(round_with_hint(1.999_999_9, RoundingHint::Down), 2.0);
        assert_eq!(round_with_hint(1.9, RoundingHint::Down), 1.0);
        assert_eq!(round_with_hint(2.5, RoundingHint::Nearest), 3.0);
        assert_eq!(round_with_hint(2.4, RoundingHint::Nearest), 2.0);
    }

    #[test]
    fn round_fixed_clamps_to_integer_bounds_and_keeps_continuous() {
        let mut m = Model::new("t");
        let x = m.add_var("x", 0.0, 5.0);
        let n = m.add_integer("n", 0.0, 3.5);
        let d = m.add_integer_with_hint("d", 1.0, 9.0, RoundingHint::Down);
        let f = m.round_fixed(&[1.5, 3.2, 0.4]).unwrap();
        assert_eq!(f.bounds(x), Some((0.0, 5.0)));
        // ceil(3.2) = 4 exceeds floor(3.5) = 3
        assert_eq!(f.bounds(n), Some((3.0, 3.0)));
        // floor(0.4) = 0 is below the lower bound 1
        assert_eq!(f.bounds(d), Some((1.0, 1.0)));
        assert!(m.round_fixed(&[1.0]).is_err());
    }

    #[test]
    fn validate_rejects_broken_inputs_but_not_infeasible_bounds() {
        let mut m = Model::new("t");
        let x = m.add_var("x", 2.0, 1.0);
        m.add_constraint("c", x * 1.0, Sense::Le, 1.0);
        assert!(m.validate().is_ok());
        m.add_constraint("nan", x * f64::NAN, Sense::Le, 1.0);
        assert!(m.validate().is_err());

        let mut other = Model::new("o");
        other.add_constraint("foreign", Var(7) * 1.0, Sense::Le, 1.0);
        let err = other.validate().unwrap_err().to_string();
        assert!(err.contains("column 7"), "{err}");

        let mut inf = Model::new("i");
        inf.add_var("bad", f64::INFINITY, f64::INFINITY);
        assert!(inf.validate().is_err());
    }
}
