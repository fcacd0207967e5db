//! LP and MPS writers: golden text for a 3-variable MILP, extension handling.
#![allow(clippy::float_cmp, clippy::many_single_char_names, clippy::unwrap_used)]

use dcplan_solvers::{Model, ObjectiveSense, Sense, SolverError};

/// max 5 x + 4 y + 3 b − 2 s.t. cap: 2 x + 3 y + b ≤ 5, mix: 4 x + y ≥ 1, link: x − b = 0,
/// x ∈ [0, 10] continuous, y integer ≥ −2, b binary. Names need sanitizing.
fn three_var_milp() -> Model {
    let mut m = Model::new("golden model");
    let x = m.add_var("x[1]", 0.0, 10.0);
    let y = m.add_integer("y (units)", -2.0, f64::INFINITY);
    let b = m.add_binary("build?");
    m.add_constraint("cap", 2.0 * x + 3.0 * y + b, Sense::Le, 5.0);
    m.add_constraint("mix", 4.0 * x + y, Sense::Ge, 1.0);
    m.add_constraint("link", x - b, Sense::Eq, 0.0);
    m.set_objective(5.0 * x + 4.0 * y + 3.0 * b - 2.0, ObjectiveSense::Maximize);
    m
}

fn lp_text(m: &Model) -> String {
    let mut out = Vec::new();
    m.write_lp(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn mps_text(m: &Model) -> String {
    let mut out = Vec::new();
    m.write_mps(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn lp_golden() {
    // The objective constant −2 stays in the objective; names lose `[`, `]`, ` `, `(`, `)`,
    // `?`; the binary keeps explicit [0, 1] bounds; every column has a bound line.
    let expected = r"\ Model golden model
Maximize
 obj: 5 x_1_ + 4 y__units_ + 3 build_ - 2
Subject To
 cap: 2 x_1_ + 3 y__units_ + build_ <= 5
 mix: 4 x_1_ + y__units_ >= 1
 link: x_1_ - build_ = 0
Bounds
 0 <= x_1_ <= 10
 y__units_ >= -2
 0 <= build_ <= 1
General
 y__units_
Binaries
 build_
End
";
    assert_eq!(lp_text(&three_var_milp()), expected);
}

#[test]
fn mps_golden() {
    // The objective constant −2 is written as RHS obj = 2 (the negated constant); integer
    // columns sit between markers with explicit bounds (PL: no upper bound).
    let expected = "NAME golden_model
OBJSENSE
    MAX
ROWS
 N  obj
 L  cap
 G  mix
 E  link
COLUMNS
    x_1_ obj 5
    x_1_ cap 2
    x_1_ mix 4
    x_1_ link 1
    M0 'MARKER' 'INTORG'
    y__units_ obj 4
    y__units_ cap 3
    y__units_ mix 1
    build_ obj 3
    build_ cap 1
    build_ link -1
    M1 'MARKER' 'INTEND'
RHS
    RHS obj 2
    RHS cap 5
    RHS mix 1
BOUNDS
 UP BND x_1_ 10
 LO BND y__units_ -2
 PL BND y__units_
 LO BND build_ 0
 UP BND build_ 1
ENDATA
";
    assert_eq!(mps_text(&three_var_milp()), expected);
}

#[test]
fn model_text_picks_the_format_by_extension() {
    let m = three_var_milp();
    let text = |path: &str| String::from_utf8(m.model_text(path).unwrap()).unwrap();
    assert_eq!(text("m.lp"), lp_text(&m));
    assert_eq!(text("m.MPS"), mps_text(&m));
    let err = m.model_text("m.txt").unwrap_err();
    assert!(matches!(err, SolverError::UnknownModelFormat { .. }));
    let msg = err.to_string();
    assert!(
        msg.contains("m.txt") && msg.contains(".lp") && msg.contains(".mps"),
        "{msg}"
    );
}
