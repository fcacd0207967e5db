//! Any bytes as a weather file, read both as TMY3 and as EPW: a year or an error, never a
//! panic, and an accepted year has 8760 finite hours.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for parse in [dcplan::weather::parse_tmy3, dcplan::weather::parse_epw] {
        if let Ok(year) = parse(text, Path::new("fuzz.csv")) {
            let hours = year.hours();
            assert_eq!(hours.len(), 8760);
            assert!(hours.iter().all(|h| h.dry_bulb_c.is_finite()));
        }
    }
});
