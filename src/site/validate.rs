//! Validation: one named check per rule, each collecting every finding with its location.
//!
//! Checks run only on a site that deserialized cleanly, so they can trust the types; they
//! look up spans in the parsed tree by path. A value left at its default has no span of its
//! own, so its finding points at the table it would belong to.

use std::path::Path as FsPath;

use super::Site;
use super::data_files::SiteData;
use super::diagnostic::{Diagnostic, Diagnostics, LineIndex};
use super::tree::{Node, Path, Span, Value};
use crate::weather::WeatherYear;

mod catalog;
mod physics;
mod ranges;
mod references;
mod scalars;
mod weather;

pub(super) use catalog::merge_catalog_racks;
pub(super) use scalars::check_scalars;

/// Runs every check on a deserialized site, given the data of the files it names (read
/// before); returns its weather year and PV profiles when they can be used.
pub(super) fn check(
    site: &Site,
    root: &Node,
    text: &str,
    data: &SiteData,
    base_dir: &FsPath,
    diags: &mut Diagnostics,
) -> Option<(WeatherYear, Vec<Option<Vec<f64>>>)> {
    let mut c = Checker::new(root, text, diags);
    local_checks(&mut c, site);
    references::check_unique_names(&mut c, site);
    references::check_upgrade_contracts(&mut c, site);
    references::check_blocks(&mut c, site);
    references::check_allowed_racks(&mut c, site);
    references::check_existing_racks(&mut c, site);
    references::check_racks_hostable(&mut c, site);
    references::check_demand(&mut c, site);
    physics::check_heat_rejection(&mut c, site);
    physics::check_power_sources(&mut c, site);
    physics::check_lead_times(&mut c, site);
    let year = weather::load(&mut c, site, data, base_dir);
    if let Some(year) = &year
        && let Err(e) = super::design_basis::design_basis(site, year)
    {
        c.report(
            &Path::root().key("design"),
            Diagnostic::error(
                "range",
                format!("the design conditions are not a possible air state: {e}"),
            )
            .label("not a possible design day")
            .help("check mcwb_c against dry_bulb_c and wet_bulb_c against mcdb_c"),
        );
    }
    let profiles = weather::load_pv_profiles(&mut c, data, base_dir);
    Some((year?, profiles?))
}

/// A valid value for `path` from the starter sites, to stand in for a mistyped one while the
/// rest of the file is checked (see [`super::de::deserialize_recovering`]). Array indices are
/// looked up at element 0, so any hall's `slots` finds the starter hall's.
pub(super) fn placeholder(path: &Path) -> Option<Value> {
    use std::sync::OnceLock;
    static STARTERS: OnceLock<Vec<Node>> = OnceLock::new();
    let starters = STARTERS.get_or_init(|| {
        super::starter::Template::ALL
            .iter()
            .filter_map(|t| super::tree::parse_toml(t.text(), &mut Diagnostics::default()))
            .map(|tree| merge_catalog_racks(tree, &mut Diagnostics::default()).0)
            .collect()
    });
    let at_zero = Path(
        path.0
            .iter()
            .map(|seg| match seg {
                super::tree::Segment::Index(_) => super::tree::Segment::Index(0),
                key @ super::tree::Segment::Key(_) => key.clone(),
            })
            .collect(),
    );
    starters
        .iter()
        .find_map(|s| s.get(&at_zero))
        .map(|n| n.value.clone())
}

/// Runs the checks that concern one component at a time, which stay meaningful on a site
/// whose broken parts were dropped during deserialization.
pub(super) fn check_local(site: &Site, root: &Node, text: &str, diags: &mut Diagnostics) {
    local_checks(&mut Checker::new(root, text, diags), site);
}

fn local_checks(c: &mut Checker, site: &Site) {
    ranges::check_site_table(c, site);
    ranges::check_grid(c, site);
    ranges::check_generation(c, site);
    ranges::check_storage(c, site);
    ranges::check_cooling(c, site);
    ranges::check_halls(c, site);
    ranges::check_emissions(c, site);
    ranges::check_reliability(c, site);
    ranges::check_design(c, site);
    ranges::check_demand(c, site);
    ranges::check_racks(c, site);
    ranges::check_finance(c, site);
    // Needs only the built-in curve library, so it is meaningful on a partial site too.
    references::check_chiller_curves(c, site);
    physics::check_liquid_loop(c, site);
    physics::check_air_setpoints(c, site);
}

/// The context every check works in: the tree for spans and the findings so far.
pub(super) struct Checker<'a> {
    root: &'a Node,
    text: &'a str,
    /// Built on the first finding that names a line.
    lines: std::cell::OnceCell<LineIndex>,
    diags: &'a mut Diagnostics,
}

impl<'a> Checker<'a> {
    fn new(root: &'a Node, text: &'a str, diags: &'a mut Diagnostics) -> Self {
        Checker {
            root,
            text,
            lines: std::cell::OnceCell::new(),
            diags,
        }
    }

    /// 1-based line and column of a byte offset in the site file.
    pub(super) fn line_col(&self, offset: usize) -> (usize, usize) {
        self.lines
            .get_or_init(|| LineIndex::new(self.text))
            .line_col(self.text, offset)
    }

    /// The span of the value at `path`, or of its nearest ancestor present in the file. A
    /// finding about the whole document has no span: pointing at line 1 would blame whatever
    /// happens to be there.
    pub(super) fn span(&self, path: &Path) -> Option<Span> {
        let mut p = path.clone();
        while !p.0.is_empty() {
            if let Some(node) = self.root.get(&p) {
                return Some(node.span.clone());
            }
            p = p.parent();
        }
        None
    }

    /// The span of the key naming `path` (for "defined here" findings), else of the value.
    pub(super) fn key_span(&self, path: &Path) -> Option<Span> {
        self.root.key_span(path).or_else(|| self.span(path))
    }

    /// Records a finding located at `path`.
    pub(super) fn report(&mut self, path: &Path, d: Diagnostic) {
        let span = self.span(path);
        self.diags.push(d.at_opt(span));
    }

    /// Records a finding located at the key of `path`.
    pub(super) fn report_key(&mut self, path: &Path, d: Diagnostic) {
        let span = self.key_span(path);
        self.diags.push(d.at_opt(span));
    }
}

/// How a component is named in messages: `hall "Hall A"`.
pub(super) fn who(kind: &str, name: &str) -> String {
    format!("{kind} \"{name}\"")
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_come_from_the_starters_with_catalog_fields() {
        // The colo starter's rack names catalog entry dgx-h100-x4-air (32 GPUs); any rack
        // index finds element 0.
        let gpus = placeholder(&Path::root().key("rack").index(3).key("gpus"));
        assert_eq!(gpus, Some(Value::Integer(32)));
        assert_eq!(
            placeholder(&Path::root().key("site").key("years")),
            Some(Value::Integer(5))
        );
        assert_eq!(placeholder(&Path::root().key("no_such_section")), None);
    }
}
