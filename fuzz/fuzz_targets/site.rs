//! Any bytes as a site file: loading gives a site or located diagnostics, never a panic, and
//! every diagnostic's span lies within the text.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The sample folder as base, so `weather = "weather/…"` can name a real file.
    let base = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../sites"));
    match dcplan::site::load_str(text.to_owned(), Path::new("fuzz.toml"), base) {
        Ok(_) => {}
        Err(dcplan::site::SiteError::Invalid(invalid)) => {
            for d in &invalid.diagnostics {
                if let Some(span) = &d.span {
                    assert!(span.end <= text.len(), "{d:?} is outside the text");
                }
            }
        }
        Err(_) => {}
    }
});
