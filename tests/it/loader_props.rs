//! Property tests of the site loader: whatever the input, it returns `Ok` or `Err`, never
//! panics, and every diagnostic it returns points inside the text, on character boundaries.

use std::path::{Path, PathBuf};

use dcplan::site::{self, SiteError};
use proptest::prelude::*;

/// Checks the invariants of a load result: an invalid site has at least one error, and every
/// located diagnostic lies within the text it was loaded from, on character boundaries.
fn check_result(result: &Result<site::LoadedSite, SiteError>, text: &str) -> Result<(), String> {
    let Err(SiteError::Invalid(invalid)) = result else {
        return Ok(());
    };
    if invalid.errors().next().is_none() {
        return Err(format!(
            "invalid without an error: {:?}",
            invalid.diagnostics
        ));
    }
    if invalid.source.text != text {
        return Err("the source text differs from the text loaded".to_owned());
    }
    for d in &invalid.diagnostics {
        let Some(span) = &d.span else { continue };
        if span.start > span.end
            || span.end > text.len()
            || !text.is_char_boundary(span.start)
            || !text.is_char_boundary(span.end)
        {
            return Err(format!(
                "span {span:?} of `{}` is outside the text ({} bytes) or splits a character",
                d.message,
                text.len()
            ));
        }
    }
    Ok(())
}

fn load_as(text: &str, name: &str) -> Result<(), String> {
    let result = site::load_str(
        text.to_owned(),
        Path::new(name),
        &crate::util::root().join("sites"),
    );
    check_result(&result, text)
}

/// `sites/colo-retrofit.toml` with its weather file swapped for an equivalent design day, so a
/// load takes milliseconds.
fn colo_retrofit_design_day() -> String {
    let text = std::fs::read_to_string(crate::util::root().join("sites/colo-retrofit.toml"))
        .expect("sites/colo-retrofit.toml is readable");
    let weather = text
        .lines()
        .find(|l| l.starts_with("weather = "))
        .expect("the sample names a weather file");
    text.replacen(
        weather,
        "design_day = { peak_dry_bulb_c = 33.0, daily_range_k = 10.0, \
         coincident_wet_bulb_c = 23.5, elevation_m = 273.0 }",
        1,
    )
}

/// Byte ranges of the numeric literals in TOML text (outside strings and comments).
fn number_spans(text: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    let (mut in_string, mut in_comment) = (false, false);
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\n' => (in_string, in_comment) = (false, false),
            _ if in_comment => {}
            b'"' => in_string = !in_string,
            b'#' if !in_string => in_comment = true,
            _ if in_string => {}
            b'0'..=b'9' | b'-' | b'+' => {
                let starts_value = i == 0 || b" =[{,".contains(&bytes[i - 1]);
                if starts_value {
                    let start = i;
                    while i < bytes.len()
                        && (bytes[i].is_ascii_alphanumeric() || b"._+-".contains(&bytes[i]))
                    {
                        i += 1;
                    }
                    spans.push(start..i);
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    spans
}

/// What replaces a number: any float, a negative, a huge or tiny value, a non-number.
fn replacement() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<f64>().prop_map(|f| {
            if f.is_nan() {
                "nan".to_owned()
            } else if f.is_infinite() {
                if f > 0.0 { "inf" } else { "-inf" }.to_owned()
            } else {
                format!("{f:?}")
            }
        }),
        (-1.0e6..0.0f64).prop_map(|f| format!("{f:?}")),
        any::<i64>().prop_map(|i| i.to_string()),
        Just("-0".to_owned()),
        Just("0".to_owned()),
        Just("1e308".to_owned()),
        Just("1e-320".to_owned()),
        Just("18446744073709551616".to_owned()),
        Just("\"12\"".to_owned()),
        Just("true".to_owned()),
        Just("[]".to_owned()),
        Just("{}".to_owned()),
        "\"[^\"\\\\\n]{0,8}\"",
    ]
}

#[derive(Debug, Clone)]
enum Mutation {
    /// Replace the n-th number (modulo their count).
    Number(usize, String),
    /// Delete the n-th line.
    DeleteLine(usize),
    /// Repeat the n-th line.
    DuplicateLine(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => (any::<usize>(), replacement()).prop_map(|(n, r)| Mutation::Number(n, r)),
        1 => any::<usize>().prop_map(Mutation::DeleteLine),
        1 => any::<usize>().prop_map(Mutation::DuplicateLine),
    ]
}

fn apply(text: &str, m: &Mutation) -> String {
    match m {
        Mutation::Number(n, new) => {
            let spans = number_spans(text);
            if spans.is_empty() {
                return text.to_owned();
            }
            let span = spans[n % spans.len()].clone();
            format!("{}{new}{}", &text[..span.start], &text[span.end..])
        }
        Mutation::DeleteLine(n) | Mutation::DuplicateLine(n) => {
            let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
            if lines.is_empty() {
                return text.to_owned();
            }
            let i = n % lines.len();
            if matches!(m, Mutation::DeleteLine(_)) {
                lines.remove(i);
            } else {
                lines.insert(i, lines[i]);
            }
            lines.concat()
        }
    }
}

/// Field names of the site format, for [`toml_like`].
const FIELDS: &[&str] = &[
    "name",
    "start_year",
    "years",
    "discount_rate",
    "peak_dry_bulb_c",
    "daily_range_k",
    "coincident_wet_bulb_c",
    "elevation_m",
    "firm_mw",
    "energy_usd_per_mwh",
    "hours",
    "months",
    "contract",
    "kind",
    "unit_mw",
    "max_units",
    "existing_units",
    "curve",
    "slots",
    "max_rack_kw",
    "cooling",
    "catalog",
    "gpus",
    "design_kw",
    "gpus_online",
    "capex_budget_usd",
    "capex_usd",
    "lead_time_years",
    "allowed_racks",
    "liquid_supply_c",
];

/// TOML-looking text built from the site format's own table and field names, so that
/// generated documents get past the parser and into deserialization and validation.
fn toml_like() -> impl Strategy<Value = String> {
    let header = prop_oneof![
        Just("[site]"),
        Just("[site.design_day]"),
        Just("[[grid.contract]]"),
        Just("[[grid.contract.tou]]"),
        Just("[grid.contract.ppa]"),
        Just("[[grid.upgrade]]"),
        Just("[[generator]]"),
        Just("[[storage]]"),
        Just("[cooling]"),
        Just("[[cooling.chiller]]"),
        Just("[[cooling.tower]]"),
        Just("[[hall]]"),
        Just("[[rack]]"),
        Just("[demand]"),
    ]
    .prop_map(|h| format!("{h}\n"));
    let key = prop_oneof![
        4 => prop::sample::select(FIELDS).prop_map(str::to_owned),
        1 => "[a-z_]{1,10}",
    ];
    let value = prop_oneof![
        "-?[0-9]{1,6}(\\.[0-9]{1,3})?(e[0-9]{1,3})?",
        Just("nan".to_owned()),
        Just("\"gb200-nvl72\"".to_owned()),
        Just("\"air-scroll-1.33mw-cop2.80\"".to_owned()),
        Just("\"14-20\"".to_owned()),
        Just("\"N+1\"".to_owned()),
        Just("{ 2027 = 100, 2030 = 9000 }".to_owned()),
        "\"[a-zé ]{0,6}\"",
        "\\[[0-9, ]{0,8}\\]",
        Just("true".to_owned()),
    ];
    let line = prop_oneof![
        1 => header,
        4 => (key, value).prop_map(|(k, v)| format!("{k} = {v}\n")),
    ];
    prop::collection::vec(line, 0..40).prop_map(|lines| lines.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(crate::util::fuzz_cases(256)))]

    #[test]
    fn arbitrary_bytes_in_a_file_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512), json in any::<bool>()) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join(if json { "site.json" } else { "site.toml" });
        std::fs::write(&path, &bytes).expect("the temporary file is writable");
        let result = site::load(&path);
        let text = String::from_utf8_lossy(&bytes);
        prop_assert!(check_result(&result, &text).is_ok(), "{:?}", check_result(&result, &text));
    }

    #[test]
    fn arbitrary_text_as_toml_and_json_never_panics(text in any::<String>()) {
        let toml = load_as(&text, "x.toml");
        prop_assert!(toml.is_ok(), "{:?}", toml);
        let json = load_as(&text, "x.json");
        prop_assert!(json.is_ok(), "{:?}", json);
    }

    #[test]
    fn toml_like_text_never_panics(text in toml_like()) {
        let result = load_as(&text, "x.toml");
        prop_assert!(result.is_ok(), "{:?}", result);
    }

    #[test]
    fn mutated_sample_never_panics_and_locates_within_the_text(mutations in prop::collection::vec(mutation(), 1..4)) {
        let text = mutations.iter().fold(colo_retrofit_design_day(), |t, m| apply(&t, m));
        let result = load_as(&text, "colo-retrofit.toml");
        prop_assert!(result.is_ok(), "{:?}\n--- text ---\n{}", result, text);
    }
}

#[test]
fn the_design_day_sample_loads() {
    let text = colo_retrofit_design_day();
    let result = site::load_str(
        text,
        Path::new("colo-retrofit.toml"),
        &crate::util::root().join("sites"),
    );
    assert!(result.is_ok(), "{:?}", result.err());
    let spans = number_spans(&colo_retrofit_design_day());
    assert!(spans.len() > 40, "found only {} numbers", spans.len());
}

#[test]
fn bad_inputs_locate_within_their_text() {
    let dir: PathBuf = crate::util::root().join("tests/bad_inputs");
    for entry in std::fs::read_dir(&dir).expect("tests/bad_inputs exists") {
        let path = entry.expect("readable directory entry").path();
        if !path.is_file() || path.ends_with("expected.toml") {
            continue;
        }
        let bytes = std::fs::read(&path).expect("readable bad input");
        let result = site::load(&path);
        assert!(result.is_err(), "{} loads", path.display());
        if let Err(e) = check_result(&result, &String::from_utf8_lossy(&bytes)) {
            panic!("{}: {e}", path.display());
        }
    }
}
