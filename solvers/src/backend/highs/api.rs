//! A safe handle on one `HiGHS` instance through its C API (`highs-sys`): the only unsafe
//! code in dcplan, kept to this file.
//!
//! Every call passes either a pointer `HiGHS` owns (the instance, created here and destroyed
//! on drop) or a slice whose length was checked against the sizes `HiGHS` was given, so no
//! call can read or write past an array. The interrupt callback reads an atomic flag through
//! a pointer that outlives the run it is installed for.

use std::ffi::{CStr, c_char, c_int, c_void};
use std::ptr::{self, NonNull};

use highs_sys as sys;

use crate::cancel::Cancel;

/// `HiGHS`'s integer type in this build (32 bits unless built with `HIGHSINT64`).
pub(super) type HighsInt = sys::HighsInt;

/// Callback kinds that may interrupt a run (`kHighsCallback*Interrupt` in `highs_c_api.h`):
/// simplex iterations, interior-point iterations, branch-and-bound nodes.
const INTERRUPT_CALLBACKS: [HighsInt; 3] = [1, 2, 6];

/// A model in `HiGHS`'s terms: columns, rows as bounds `lower ≤ a·x ≤ upper`, the matrix row
/// by row (`start[i]..start[i + 1]` indexes `index`/`value` of row `i`).
pub(super) struct Problem<'a> {
    /// `+1` to minimise, `-1` to maximise (`kHighsObjSense*`).
    pub sense: HighsInt,
    /// Objective constant.
    pub offset: f64,
    pub cost: Vec<f64>,
    pub col_lower: Vec<f64>,
    pub col_upper: Vec<f64>,
    pub row_lower: Vec<f64>,
    pub row_upper: Vec<f64>,
    /// One entry per row and a last one, the number of nonzeros.
    pub start: Vec<HighsInt>,
    pub index: Vec<HighsInt>,
    pub value: &'a [f64],
    /// `kHighsVarType*` per column for a MILP, `None` for an LP.
    pub integrality: Option<Vec<HighsInt>>,
}

/// An option value, by the type `HiGHS` declares for it.
pub(super) enum OptionValue<'a> {
    Bool(bool),
    Int(HighsInt),
    Double(f64),
    Str(&'a CStr),
}

/// What a finished run left: the model status (`kHighsModelStatus*`), whether the primal
/// point is feasible, and the point with its row duals when there is one.
pub(super) struct Outcome {
    pub model_status: HighsInt,
    pub feasible_point: bool,
    pub columns: Vec<f64>,
    pub row_duals: Vec<f64>,
    /// `mip_dual_bound` from the info record, when the run was a MIP search.
    pub mip_dual_bound: Option<f64>,
}

/// One `HiGHS` instance with one model passed to it.
pub(super) struct Highs {
    ptr: NonNull<c_void>,
    num_col: usize,
    num_row: usize,
}

impl Highs {
    /// A new instance, or `None` if `HiGHS` could not allocate one.
    pub fn new() -> Option<Self> {
        // SAFETY: no arguments; the result is null or an instance we now own.
        let ptr = NonNull::new(unsafe { sys::Highs_create() })?;
        Some(Self {
            ptr,
            num_col: 0,
            num_row: 0,
        })
    }

    /// Sets option `key` (a name from `HiGHS`'s option list).
    pub fn set_option(&mut self, key: &CStr, value: &OptionValue<'_>) -> Result<(), String> {
        let (p, k) = (self.ptr.as_ptr(), key.as_ptr());
        // SAFETY: `p` is our live instance, `k` and a string value are NUL-terminated.
        let status = unsafe {
            match *value {
                OptionValue::Bool(b) => sys::Highs_setBoolOptionValue(p, k, HighsInt::from(b)),
                OptionValue::Int(i) => sys::Highs_setIntOptionValue(p, k, i),
                OptionValue::Double(d) => sys::Highs_setDoubleOptionValue(p, k, d),
                OptionValue::Str(s) => sys::Highs_setStringOptionValue(p, k, s.as_ptr()),
            }
        };
        checked(status, || {
            format!("cannot set option {}", key.to_string_lossy())
        })
    }

    /// Passes `problem` in one call (`Highs_passMip`, without integrality for an LP).
    pub fn pass(&mut self, problem: &Problem<'_>) -> Result<(), String> {
        let num_col = problem.cost.len();
        let num_row = problem.row_lower.len();
        let num_nz = problem.index.len();
        let consistent = [problem.col_lower.len(), problem.col_upper.len()] == [num_col; 2]
            && problem.row_upper.len() == num_row
            && problem.start.len() == num_row + 1
            && problem.value.len() == num_nz
            && problem.start.last().and_then(|&n| usize::try_from(n).ok()) == Some(num_nz)
            && problem
                .integrality
                .as_ref()
                .is_none_or(|t| t.len() == num_col);
        if !consistent {
            return Err("inconsistent model arrays".into());
        }
        let too_large = || format!("{num_col} columns, {num_row} rows, {num_nz} nonzeros");
        let size = |n: usize| HighsInt::try_from(n).map_err(|_| too_large());
        let (nc, nr, nz) = (size(num_col)?, size(num_row)?, size(num_nz)?);
        let integrality = problem
            .integrality
            .as_ref()
            .map_or(ptr::null(), Vec::as_ptr);
        // SAFETY: every array has the length HiGHS reads for these sizes (checked above;
        // row-wise `a_start` is read for `num_row` entries); HiGHS copies them. A null
        // `integrality` makes the model an LP (what `Highs_passLp` passes).
        let status = unsafe {
            sys::Highs_passMip(
                self.ptr.as_ptr(),
                nc,
                nr,
                nz,
                sys::MATRIX_FORMAT_ROW_WISE,
                problem.sense,
                problem.offset,
                problem.cost.as_ptr(),
                problem.col_lower.as_ptr(),
                problem.col_upper.as_ptr(),
                problem.row_lower.as_ptr(),
                problem.row_upper.as_ptr(),
                problem.start.as_ptr(),
                problem.index.as_ptr(),
                problem.value.as_ptr(),
                integrality,
            )
        };
        checked(status, || "the model was refused".into())?;
        (self.num_col, self.num_row) = (num_col, num_row);
        Ok(())
    }

    /// Gives a MIP start, one value per column.
    pub fn set_start(&mut self, values: &[f64]) -> Result<(), String> {
        if values.len() != self.num_col {
            return Err("a start of the wrong length".into());
        }
        let null = ptr::null();
        // SAFETY: `values` has one entry per column; the other arrays are absent (NULL).
        let status =
            unsafe { sys::Highs_setSolution(self.ptr.as_ptr(), values.as_ptr(), null, null, null) };
        checked(status, || "the start was refused".into())
    }

    /// Runs the solver, interrupted at its next simplex or interior-point iteration or
    /// branch-and-bound node once `cancel` is set. `Err` only if `HiGHS` reports an error.
    pub fn run(&mut self, cancel: &Cancel) -> Result<(), String> {
        let p = self.ptr.as_ptr();
        let data = ptr::from_ref(cancel).cast_mut().cast::<c_void>();
        // SAFETY: `data` points at `cancel`, borrowed for this whole call; the callbacks are
        // stopped again before it returns, so HiGHS never calls `interrupt` with it later.
        let status = unsafe {
            checked(sys::Highs_setCallback(p, Some(interrupt), data), || {
                "cannot set the interrupt callback".into()
            })?;
            for kind in INTERRUPT_CALLBACKS {
                checked(sys::Highs_startCallback(p, kind), || {
                    "cannot start the interrupt callback".into()
                })?;
            }
            let status = sys::Highs_run(p);
            for kind in INTERRUPT_CALLBACKS {
                sys::Highs_stopCallback(p, kind);
            }
            status
        };
        checked(status, || "the solve failed".into())
    }

    /// The state the last run left.
    pub fn outcome(&self, is_mip: bool) -> Outcome {
        let p = self.ptr.as_ptr().cast_const();
        // SAFETY: `p` is our live instance and the out-pointers are to locals.
        let (model_status, primal_status) = unsafe {
            let mut primal: HighsInt = 0;
            let key = c"primal_solution_status";
            let ok = sys::Highs_getIntInfoValue(p, key.as_ptr(), &raw mut primal);
            (
                sys::Highs_getModelStatus(p),
                if ok == sys::STATUS_ERROR { 0 } else { primal },
            )
        };
        let feasible_point = primal_status == sys::SOLUTION_STATUS_FEASIBLE;
        let mip_dual_bound = is_mip
            .then(|| self.double_info(c"mip_dual_bound"))
            .flatten();
        let (mut columns, mut row_duals) = (Vec::new(), Vec::new());
        if feasible_point {
            let mut col_dual = vec![0.0; self.num_col];
            let mut row_value = vec![0.0; self.num_row];
            columns = vec![0.0; self.num_col];
            row_duals = vec![0.0; self.num_row];
            // SAFETY: four arrays sized to the passed model's columns and rows.
            unsafe {
                sys::Highs_getSolution(
                    p,
                    columns.as_mut_ptr(),
                    col_dual.as_mut_ptr(),
                    row_value.as_mut_ptr(),
                    row_duals.as_mut_ptr(),
                );
            }
        }
        Outcome {
            model_status,
            feasible_point,
            columns,
            row_duals,
            mip_dual_bound,
        }
    }

    fn double_info(&self, key: &CStr) -> Option<f64> {
        let mut value = f64::NAN;
        // SAFETY: our live instance, a NUL-terminated key, an out-pointer to a local.
        let status = unsafe {
            sys::Highs_getDoubleInfoValue(self.ptr.as_ptr(), key.as_ptr(), &raw mut value)
        };
        (status != sys::STATUS_ERROR && value.is_finite()).then_some(value)
    }
}

impl Drop for Highs {
    fn drop(&mut self) {
        // SAFETY: the instance was created by `Highs_create` and is destroyed once, here.
        unsafe { sys::Highs_destroy(self.ptr.as_ptr()) }
    }
}

/// The interrupt callback: asks `HiGHS` to stop once the [`Cancel`] behind `user` is set.
unsafe extern "C" fn interrupt(
    _kind: c_int,
    _message: *const c_char,
    _out: *const sys::HighsCallbackDataOut,
    data_in: *mut sys::HighsCallbackDataIn,
    user: *mut c_void,
) {
    // SAFETY: `user` is the `&Cancel` that `Highs::run` installed for the run now calling
    // us; `data_in` is null or HiGHS's input record for this call.
    let (cancel, data_in) = unsafe { (&*user.cast_const().cast::<Cancel>(), data_in.as_mut()) };
    if let Some(data_in) = data_in {
        data_in.user_interrupt = c_int::from(cancel.is_cancelled());
    }
}

/// `Err(what())` for `kHighsStatusError`; warnings pass.
fn checked(status: HighsInt, what: impl FnOnce() -> String) -> Result<(), String> {
    if status == sys::STATUS_ERROR {
        Err(what())
    } else {
        Ok(())
    }
}
