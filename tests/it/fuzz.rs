//! Bounded fuzzing on a stable toolchain: weather files and plan documents, mutated from real
//! ones, must give `Ok` or an error, never a panic, and what is accepted must hold its
//! invariants. (The site loader's own properties are in `loader_props`; `fuzz/` holds the
//! cargo-fuzz targets for longer runs.)
//!
//! Cases per property: `DCPLAN_FUZZ_CASES`, 48 by default (a few seconds); `.ci/run` runs
//! them again with more. A failure is saved by proptest under `proptest-regressions/`; an
//! input that found a bug also goes to `tests/bad_inputs/` as a case of its own.

use std::path::Path;
use std::sync::OnceLock;

use dcplan::plan::{self, Outcome, Plan, PlanOptions, Resolution};
use dcplan::site::LoadedSite;
use dcplan::weather;
use proptest::prelude::*;

use crate::util::{fuzz_cases, root, sample};

/// A mutation of a text: at a position (a fraction of its length), replace a span of
/// `len` bytes with `with`, or cut the text there.
#[derive(Debug, Clone)]
enum Mutation {
    Replace { at: f64, len: usize, with: String },
    Truncate { at: f64 },
    DuplicateLine { at: f64 },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let with = prop_oneof![
        Just(String::new()),
        Just(",".to_owned()),
        Just("\n".to_owned()),
        Just("-".to_owned()),
        Just("9".to_owned()),
        Just("1e308".to_owned()),
        Just("-1e308".to_owned()),
        Just("NaN".to_owned()),
        Just("\"".to_owned()),
        Just("null".to_owned()),
        Just("[]".to_owned()),
        Just("{}".to_owned()),
        Just("99999999999999999999".to_owned()),
        Just("\u{1b}[31m".to_owned()),
        "[ -~]{0,6}",
    ];
    prop_oneof![
        6 => (0.0..1.0f64, 0usize..12, with).prop_map(|(at, len, with)| Mutation::Replace { at, len, with }),
        1 => (0.0..1.0f64).prop_map(|at| Mutation::Truncate { at }),
        1 => (0.0..1.0f64).prop_map(|at| Mutation::DuplicateLine { at }),
    ]
}

/// The byte index at fraction `at` of `text`, moved back to a character boundary.
fn index(text: &str, at: f64) -> usize {
    let mut i = ((text.len() as f64) * at) as usize;
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(text: &str, m: &Mutation) -> String {
    match m {
        Mutation::Replace { at, len, with } => {
            let start = index(text, *at);
            let mut end = (start + len).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            format!("{}{with}{}", &text[..start], &text[end..])
        }
        Mutation::Truncate { at } => text[..index(text, *at)].to_owned(),
        Mutation::DuplicateLine { at } => {
            let i = index(text, *at);
            let start = text[..i].rfind('\n').map_or(0, |p| p + 1);
            let end = text[i..].find('\n').map_or(text.len(), |p| i + p + 1);
            format!("{}{}", &text[..end], &text[start..])
        }
    }
}

/// An accepted weather year has 8760 hours of finite, ordered values.
fn weather_holds(
    result: Result<weather::WeatherYear, weather::WeatherError>,
) -> Result<(), String> {
    let Ok(year) = result else { return Ok(()) };
    let hours = year.hours();
    if hours.len() != 8760 {
        return Err(format!("{} hours accepted", hours.len()));
    }
    for (i, h) in hours.iter().enumerate() {
        let values = [
            h.dry_bulb_c,
            h.dew_point_c,
            h.rel_humidity,
            h.pressure_pa,
            h.wet_bulb_c,
            h.humidity_ratio,
        ];
        if values.iter().any(|v| !v.is_finite()) {
            return Err(format!(
                "hour {i} accepted with a value that is not finite: {h:?}"
            ));
        }
        if h.wet_bulb_c > h.dry_bulb_c + 1e-9 {
            return Err(format!("hour {i}: wet-bulb above dry-bulb: {h:?}"));
        }
    }
    Ok(())
}

/// The bundled weather files: two TMY3 CSVs and an EPW.
const WEATHER: [&str; 3] = [
    "greensboro-nc-723170-tmy3.csv",
    "sand-point-ak-703165-tmy3.csv",
    "phoenix-az-722780-tmy3.epw",
];

fn bundled(name: &str) -> &'static str {
    static FILES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    let files = FILES.get_or_init(|| {
        WEATHER
            .iter()
            .filter_map(|n| {
                let path = sample(&format!("weather/{n}"));
                std::fs::read_to_string(path)
                    .ok()
                    .map(|t| ((*n).to_owned(), t))
            })
            .collect()
    });
    files.iter().find(|(n, _)| n == name).map_or_else(
        || panic!("no bundled weather file {name}"),
        |(_, t)| t.as_str(),
    )
}

/// The colo sample, loaded once.
fn colo() -> &'static LoadedSite {
    static SITE: OnceLock<LoadedSite> = OnceLock::new();
    SITE.get_or_init(|| {
        dcplan::site::load(&sample("colo-retrofit.toml")).expect("the sample loads")
    })
}

/// A plan of the colo sample (one representative day, no design simulation: 0.2 s), as the
/// JSON `plan -o` writes.
fn colo_plan_json() -> &'static str {
    static PLAN: OnceLock<String> = OnceLock::new();
    PLAN.get_or_init(|| {
        let options = PlanOptions {
            resolution: Resolution::Representative { days: 1 },
            ..PlanOptions::default()
        };
        let control = dcplan::control::Control::new();
        let outcome = plan::formulate(colo(), &options, &control)
            .and_then(|f| f.solve(&options, &control))
            .expect("the sample plans");
        let Outcome::Planned { plan: p, .. } = outcome else {
            panic!("the sample is feasible")
        };
        serde_json::to_string_pretty(&p).expect("a plan serialises")
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: fuzz_cases(48), ..ProptestConfig::default() })]

    #[test]
    fn mutated_weather_files_never_panic(
        which in 0usize..3,
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let name = WEATHER[which];
        let parse: fn(&str, &Path) -> _ = if Path::new(name).extension().is_some_and(|e| e == "epw") {
            weather::parse_epw
        } else {
            weather::parse_tmy3
        };
        let text = mutations.iter().fold(bundled(name).to_owned(), |t, m| apply(&t, m));
        let held = weather_holds(parse(&text, Path::new(name)));
        prop_assert!(held.is_ok(), "{:?}", held);
    }

    #[test]
    fn mutated_plans_are_checked_or_refused_never_a_panic(
        mutations in prop::collection::vec(mutation(), 1..3),
    ) {
        let text = mutations.iter().fold(colo_plan_json().to_owned(), |t, m| apply(&t, m));
        if let Ok(p) = Plan::from_json(&text) {
            // The checker and the simulator's reader take whatever parses.
            let _ = dcplan::check::check(colo(), &p);
            let _ = dcplan::thermal::Installed::from_plan(&colo().site, &p, None);
        }
    }
}

#[test]
fn the_fuzzed_files_exist() {
    assert!(root().join("sites/weather").is_dir());
    assert!(bundled("greensboro-nc-723170-tmy3.csv").lines().count() > 8760);
    assert!(colo_plan_json().contains("\"years\""));
}
