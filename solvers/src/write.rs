//! Writing a [`Model`] as CPLEX LP or free MPS, for inspection in other tools.
//!
//! Both writers are deterministic: columns and rows in model order, names sanitized to
//! `[A-Za-z0-9_]` (other characters become `_`; a name that is empty, starts with a digit or
//! collides with an LP keyword gets a prefix; a repeated name gets `_<index>`). Every column
//! gets an explicit bound line so that columns used nowhere still appear.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::Path;

use crate::error::SolverError;
use crate::expr::Var;
use crate::model::{Model, ObjectiveSense, Sense, VarKind};

/// LP-format words a name must not equal (case-insensitively).
const KEYWORDS: &[&str] = &[
    "bin", "binaries", "binary", "bound", "bounds", "end", "free", "gen", "general", "generals",
    "inf", "infinity", "max", "maximize", "maximise", "maximum", "min", "minimize", "minimise",
    "minimum", "obj", "s.t.", "semi", "semis", "sos", "st", "subject", "such", "that", "to",
];

/// Terms per line in LP output (readers limit line length).
const TERMS_PER_LINE: usize = 8;

/// Sanitized, unique names for columns and rows.
struct Names {
    vars: Vec<String>,
    rows: Vec<String>,
}

fn sanitize(raw: &str, fallback: &str, seen: &mut HashSet<String>, index: usize) -> String {
    let mut s: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    s.truncate(200);
    if s.is_empty() {
        s = format!("{fallback}{index}");
    }
    let starts_badly = s.starts_with(|c: char| c.is_ascii_digit());
    if starts_badly || KEYWORDS.contains(&s.to_ascii_lowercase().as_str()) {
        s.insert(0, '_');
    }
    if seen.contains(&s) {
        let base = s.clone();
        let mut k = index;
        loop {
            s = format!("{base}_{k}");
            if !seen.contains(&s) {
                break;
            }
            k += 1;
        }
    }
    seen.insert(s.clone());
    s
}

impl Names {
    fn new(model: &Model) -> Self {
        let mut seen = HashSet::new();
        let vars = model
            .rows
            .var_names
            .iter()
            .enumerate()
            .map(|(i, n)| sanitize(n, "x", &mut seen, i))
            .collect();
        // Rows live in their own namespace, except for `obj`, the objective row.
        let mut seen = HashSet::from(["obj".to_string()]);
        let rows = model
            .rows
            .row_names
            .iter()
            .enumerate()
            .map(|(i, n)| sanitize(n, "c", &mut seen, i))
            .collect();
        Self { vars, rows }
    }
}

/// Shortest round-tripping text for a finite number (`2`, `0.1`, `1e-20`).
fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x}")
    } else {
        format!("{x:?}")
    }
}

/// Appends ` + 2 x` / ` - 2 x` / ` + x` (the first term without its leading ` + `).
fn push_term(line: &mut String, first: bool, coef: f64, name: &str) {
    let sign = if coef < 0.0 { "-" } else { "+" };
    let mag = coef.abs();
    match (first, coef < 0.0) {
        (true, false) => {}
        (true, true) => line.push_str("- "),
        (false, _) => {
            line.push(' ');
            line.push_str(sign);
            line.push(' ');
        }
    }
    if mag != 1.0 {
        line.push_str(&num(mag));
        line.push(' ');
    }
    line.push_str(name);
}

fn write_terms<W: Write + ?Sized>(
    out: &mut W,
    prefix: &str,
    terms: impl Iterator<Item = (Var, f64)>,
    names: &Names,
    constant: f64,
) -> io::Result<String> {
    let mut line = String::from(prefix);
    let mut first = true;
    let mut on_line = 0;
    for (v, c) in terms {
        if on_line == TERMS_PER_LINE {
            writeln!(out, "{line}")?;
            line = String::from("   ");
            on_line = 0;
        }
        push_term(&mut line, first, c, &names.vars[v.index()]);
        first = false;
        on_line += 1;
    }
    if constant != 0.0 || first {
        if first {
            line.push_str(&num(constant));
        } else {
            let _ = write!(
                line,
                " {} {}",
                if constant < 0.0 { "-" } else { "+" },
                num(constant.abs())
            );
        }
    }
    Ok(line)
}

impl Model {
    /// Writes the model in CPLEX LP format.
    pub fn write_lp<W: Write + ?Sized>(&self, out: &mut W) -> io::Result<()> {
        let names = Names::new(self);
        writeln!(out, "\\ Model {}", self.name.replace(['\n', '\r'], " "))?;
        writeln!(
            out,
            "{}",
            match self.objective_sense {
                ObjectiveSense::Minimize => "Minimize",
                ObjectiveSense::Maximize => "Maximize",
            }
        )?;
        let line = write_terms(
            out,
            " obj: ",
            self.objective.terms.iter().copied(),
            &names,
            self.objective.constant,
        )?;
        writeln!(out, "{line}")?;
        writeln!(out, "Subject To")?;
        for i in 0..self.num_constraints() {
            let (cols, coefs) = self.row(i);
            let prefix = format!(" {}: ", names.rows[i]);
            let mut line = write_terms(
                out,
                &prefix,
                cols.iter().copied().zip(coefs.iter().copied()),
                &names,
                0.0,
            )?;
            let op = match self.sense(i) {
                Sense::Le => "<=",
                Sense::Ge => ">=",
                Sense::Eq => "=",
            };
            let _ = write!(line, " {op} {}", num(self.rhs(i)));
            writeln!(out, "{line}")?;
        }
        writeln!(out, "Bounds")?;
        for v in self.vars() {
            let i = v.index();
            let (lb, ub) = (self.lower[i], self.upper[i]);
            let n = &names.vars[i];
            if lb == ub {
                writeln!(out, " {n} = {}", num(lb))?;
            } else if lb == f64::NEG_INFINITY && ub == f64::INFINITY {
                writeln!(out, " {n} free")?;
            } else if ub == f64::INFINITY {
                writeln!(out, " {n} >= {}", num(lb))?;
            } else if lb == f64::NEG_INFINITY {
                writeln!(out, " -inf <= {n} <= {}", num(ub))?;
            } else {
                writeln!(out, " {} <= {n} <= {}", num(lb), num(ub))?;
            }
        }
        let is_binary = |i: usize| {
            self.kinds[i] == VarKind::Binary && self.lower[i] == 0.0 && self.upper[i] == 1.0
        };
        let general: Vec<usize> = (0..self.num_vars())
            .filter(|&i| self.kinds[i].is_integer() && !is_binary(i))
            .collect();
        let binary: Vec<usize> = (0..self.num_vars()).filter(|&i| is_binary(i)).collect();
        for (title, list) in [("General", general), ("Binaries", binary)] {
            if list.is_empty() {
                continue;
            }
            writeln!(out, "{title}")?;
            for chunk in list.chunks(TERMS_PER_LINE) {
                let line: Vec<&str> = chunk.iter().map(|&i| names.vars[i].as_str()).collect();
                writeln!(out, " {}", line.join(" "))?;
            }
        }
        writeln!(out, "End")
    }

    /// Writes the model in free MPS format (`OBJSENSE MAX` for maximisation, integer
    /// columns between `MARKER INTORG`/`INTEND` with explicit bounds, the objective
    /// constant as `-constant` on the objective row's RHS, the usual convention).
    pub fn write_mps<W: Write + ?Sized>(&self, out: &mut W) -> io::Result<()> {
        let names = Names::new(self);
        let name = sanitize(&self.name, "model", &mut HashSet::new(), 0);
        writeln!(out, "NAME {name}")?;
        if self.objective_sense == ObjectiveSense::Maximize {
            writeln!(out, "OBJSENSE\n    MAX")?;
        }
        writeln!(out, "ROWS\n N  obj")?;
        for i in 0..self.num_constraints() {
            let t = match self.sense(i) {
                Sense::Le => "L",
                Sense::Ge => "G",
                Sense::Eq => "E",
            };
            writeln!(out, " {t}  {}", names.rows[i])?;
        }
        // Transpose the CSR rows into columns.
        let n = self.num_vars();
        let mut count = vec![0usize; n + 1];
        for v in &self.rows.cols {
            count[v.index() + 1] += 1;
        }
        for j in 0..n {
            count[j + 1] += count[j];
        }
        let mut next = count.clone();
        let mut entries = vec![(0usize, 0.0f64); self.rows.cols.len()];
        for i in 0..self.num_constraints() {
            let (cols, coefs) = self.row(i);
            for (&v, &c) in cols.iter().zip(coefs) {
                entries[next[v.index()]] = (i, c);
                next[v.index()] += 1;
            }
        }
        let mut obj = vec![0.0; n];
        for &(v, c) in &self.objective.terms {
            obj[v.index()] += c;
        }
        writeln!(out, "COLUMNS")?;
        let mut in_int = false;
        let mut marker = 0;
        for j in 0..n {
            let is_int = self.kinds[j].is_integer();
            if is_int != in_int {
                let kind = if is_int { "INTORG" } else { "INTEND" };
                writeln!(out, "    M{marker} 'MARKER' '{kind}'")?;
                marker += 1;
                in_int = is_int;
            }
            let col = &names.vars[j];
            // Every column gets an objective entry, so columns used nowhere still exist.
            writeln!(out, "    {col} obj {}", num(obj[j]))?;
            for &(i, c) in &entries[count[j]..count[j + 1]] {
                writeln!(out, "    {col} {} {}", names.rows[i], num(c))?;
            }
        }
        if in_int {
            writeln!(out, "    M{marker} 'MARKER' 'INTEND'")?;
        }
        writeln!(out, "RHS")?;
        if self.objective.constant != 0.0 {
            writeln!(out, "    RHS obj {}", num(-self.objective.constant))?;
        }
        for i in 0..self.num_constraints() {
            if self.rhs(i) != 0.0 {
                writeln!(out, "    RHS {} {}", names.rows[i], num(self.rhs(i)))?;
            }
        }
        writeln!(out, "BOUNDS")?;
        for j in 0..n {
            let (lb, ub) = (self.lower[j], self.upper[j]);
            let col = &names.vars[j];
            let is_int = self.kinds[j].is_integer();
            if lb == ub {
                writeln!(out, " FX BND {col} {}", num(lb))?;
                continue;
            }
            if lb == f64::NEG_INFINITY && ub == f64::INFINITY {
                writeln!(out, " FR BND {col}")?;
                continue;
            }
            if lb == f64::NEG_INFINITY {
                writeln!(out, " MI BND {col}")?;
            } else if lb != 0.0 || is_int || ub < 0.0 {
                writeln!(out, " LO BND {col} {}", num(lb))?;
            }
            if ub != f64::INFINITY {
                writeln!(out, " UP BND {col} {}", num(ub))?;
            } else if is_int {
                // Some readers give integer columns without an upper bound a bound of 1.
                writeln!(out, " PL BND {col}")?;
            }
        }
        writeln!(out, "ENDATA")
    }

    /// The model as the file `path` names would hold it: `.lp` → [`Model::write_lp`],
    /// `.mps` → [`Model::write_mps`] (extension case-insensitive); anything else is an error
    /// naming the path and the allowed extensions. Rendered in memory, so the caller writes
    /// it with its own rules for output files (dcplan's `files::write`).
    pub fn model_text(&self, path: impl AsRef<Path>) -> Result<Vec<u8>, SolverError> {
        let path = path.as_ref();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let mut out = Vec::new();
        let written = match ext.as_deref() {
            Some("lp") => self.write_lp(&mut out),
            Some("mps") => self.write_mps(&mut out),
            _ => {
                return Err(SolverError::UnknownModelFormat {
                    path: path.to_path_buf(),
                });
            }
        };
        written.expect("writing to memory cannot fail");
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_sanitized_and_unique() {
        let mut seen = HashSet::new();
        assert_eq!(
            sanitize("grid import[3]", "x", &mut seen, 0),
            "grid_import_3_"
        );
        assert_eq!(
            sanitize("grid import(3)", "x", &mut seen, 1),
            "grid_import_3__1"
        );
        assert_eq!(sanitize("", "x", &mut seen, 2), "x2");
        assert_eq!(sanitize("2nd", "x", &mut seen, 3), "_2nd");
        assert_eq!(sanitize("Free", "x", &mut seen, 4), "_Free");
    }

    #[test]
    fn numbers_round_trip() {
        assert_eq!(num(2.0), "2");
        assert_eq!(num(-0.5), "-0.5");
        assert_eq!(num(1e-20), "1e-20");
        assert_eq!(num(1e300), "1e300");
        assert_eq!(num(0.1), "0.1");
    }
}
