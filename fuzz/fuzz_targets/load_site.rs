//! Feeds arbitrary bytes to the site loader as TOML, JSON or an extension-less file (chosen by
//! the first byte). Loading must return `Ok` or `Err`, never panic, and every diagnostic must
//! point inside the text, on character boundaries.
#![no_main]

use std::path::Path;

use dcplan::site::{self, SiteError};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let name = match selector % 3 {
        0 => "fuzz.toml",
        1 => "fuzz.json",
        _ => "fuzz",
    };
    let text = String::from_utf8_lossy(rest).into_owned();
    // Relative weather paths resolve against the sample sites' folder, so a fuzzed
    // `weather = "weather/…"` can reach the real files.
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("../sites");
    if let Err(SiteError::Invalid(invalid)) = site::load_str(text.clone(), Path::new(name), &base) {
        assert!(
            invalid.errors().next().is_some(),
            "invalid without an error"
        );
        for d in &invalid.diagnostics {
            if let Some(span) = &d.span {
                assert!(
                    span.start <= span.end
                        && span.end <= text.len()
                        && text.is_char_boundary(span.start)
                        && text.is_char_boundary(span.end),
                    "span {span:?} of {:?} outside {} bytes or splitting a character",
                    d.message,
                    text.len()
                );
            }
        }
    }
});
