//! Any bytes as a plan document for the colo sample: refused, or checked and read by the
//! simulator, never a panic.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn colo() -> &'static dcplan::site::LoadedSite {
    static SITE: OnceLock<dcplan::site::LoadedSite> = OnceLock::new();
    SITE.get_or_init(|| {
        let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../sites/colo-retrofit.toml"));
        dcplan::site::load(path).expect("the colo sample loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(plan) = dcplan::plan::Plan::from_json(text) else {
        return;
    };
    let site = colo();
    if let Ok(identity) = dcplan::check::identify(site, &plan)
        && identity.refusals.is_empty()
    {
        let _ = dcplan::check::check(site, &plan);
    }
    let _ = dcplan::thermal::Installed::from_plan(&site.site, &plan, None);
});
