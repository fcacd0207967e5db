//! The site model: what a planner writes down about a datacenter site, and how it is loaded.
//!
//! A site file (TOML or JSON) is parsed into a spanned tree, deserialized into [`Site`] while
//! collecting every type error and unknown field, then checked by the named rules in
//! `validate`: ranges, cross-references and physics. All findings come back at once, each
//! located in the file, as [`Diagnostic`]s. Nothing is clamped: a value that makes no sense is
//! an error that says why.
//!
//! ```
//! let site = dcplan::site::load(std::path::Path::new("sites/colo-retrofit.toml"))?;
//! assert!(site.site.hall.iter().all(|h| h.slots > 0));
//! # Ok::<(), dcplan::site::SiteError>(())
//! ```

use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub mod accounts;
pub mod buildables;
mod components;
mod data_files;
mod de;
pub mod design_basis;
pub mod diagnostic;
pub mod edit;
mod fingerprint;
pub mod free_cooling;
pub mod limits;
pub mod path;
pub mod plant;
pub mod rack_catalog;
pub mod save;
pub mod scenario;
pub mod schema;
pub mod starter;
pub mod summary;
mod tree;
mod validate;

pub use components::block::{Block, BlockHalls};
pub use components::cooling::{
    AirHandling, CHILLED_WATER_SUPPLY_RANGE_C, ChilledWaterStorage, Chiller, ChillerKind,
    CoolantDistribution, Cooling, CoolingTower, DryCooler, Economizer, EconomizerKind,
    LIQUID_SUPPLY_RANGE_C, UnitClass,
};
pub use components::demand::Demand;
pub use components::design::Design;
pub use components::finance::{
    ClassTerms, Depreciation, Finance, OpexEscalation, Payment, Terminal,
};
pub use components::generator::{Generator, GeneratorKind, GeneratorRole, SolarPv};
pub use components::grid::{Grid, GridContract, GridUpgrade, Ppa, PpaShape, TouPeriod};
pub use components::hall::{Hall, HallCooling};
pub use components::policy::{EmissionsPolicy, ReliabilityRules};
pub use components::rack::RackType;
pub use components::reliability::{AshraeClass, LiquidClass, Redundancy};
pub use components::site_info::SiteInfo;
pub use components::storage::{Storage, StorageKind};
pub use diagnostic::{Diagnostic, Diagnostics, Severity};
pub use edit::{Edit, EditError, EditableSite};
pub use path::SitePath;

use crate::weather::WeatherYear;

/// A whole site: one table per kind of component, as in the site file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Site {
    /// Location, weather and planning horizon.
    pub site: SiteInfo,
    /// Utility contracts and upgrades.
    #[serde(default)]
    pub grid: Grid,
    /// Fuel-burning generators: gas turbines, reciprocating engines, diesel backup.
    #[serde(default)]
    pub generator: Vec<Generator>,
    /// Solar PV.
    #[serde(default)]
    pub solar_pv: Vec<SolarPv>,
    /// Batteries.
    #[serde(default)]
    pub storage: Vec<Storage>,
    /// Cooling plant.
    pub cooling: Cooling,
    /// Data halls.
    pub hall: Vec<Hall>,
    /// Rack types.
    pub rack: Vec<RackType>,
    /// GPU targets or capex budget.
    pub demand: Demand,
    /// Site-wide reliability rules.
    #[serde(default)]
    pub reliability: ReliabilityRules,
    /// Carbon price or cap.
    #[serde(default)]
    pub emissions: EmissionsPolicy,
    /// The design load and weather the plant and supply are sized for.
    #[serde(default)]
    pub design: Design,
    /// Redundancy blocks: halls sharing a dedicated plant. Default: every hall its own block.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub block: Vec<Block>,
    /// Payment schedules, refresh, residual value, depreciation, escalation and revenue.
    #[serde(default)]
    pub finance: Finance,
}

/// The text of a file that diagnostics point into.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceFile {
    /// The path as given.
    pub path: PathBuf,
    /// The whole text.
    pub text: String,
}

/// A site that passed validation, with its weather year and any warnings.
#[derive(Debug, Clone)]
pub struct LoadedSite {
    /// The validated site.
    pub site: Site,
    /// Its weather, read from the file or synthesised from the design day.
    pub weather: WeatherYear,
    /// Per `[[solar_pv]]` class, its hourly output profile if it names one (8760 values,
    /// AC MW per MW AC).
    pub pv_profiles: Vec<Option<Vec<f64>>>,
    /// The site file (for rendering warnings).
    pub source: SourceFile,
    /// Findings that did not stop the load.
    pub warnings: Vec<Diagnostic>,
    /// Every file the site was read from: the site file, its weather file and profiles (as
    /// resolved), so a writer can refuse to overwrite any of them.
    pub files: Vec<(PathBuf, crate::files::Kind)>,
    /// The edits made to the file's site, in the order they were applied (empty for a site
    /// as its file has it; see [`EditableSite`]). A plan records them.
    pub edits: Vec<Edit>,
}

/// Which generators must carry the critical peak islanded, and at what redundancy (see
/// `[reliability] backup_generation`).
#[derive(Debug, Clone, PartialEq)]
pub struct BackupDuty {
    /// The redundancy they keep.
    pub redundancy: Redundancy,
    /// Backup-role classes if the site has any (then `backup`), else its prime classes.
    pub role: GeneratorRole,
    /// Indices into `generator` of the classes that carry the duty (never empty).
    pub classes: Vec<usize>,
}

impl Site {
    /// The redundancy blocks: the site's `[[block]]`s in order (halls it names that do not
    /// exist are left out; validation reports them), then every hall no block names, each a
    /// block of its own.
    pub fn blocks(&self) -> Vec<BlockHalls> {
        let index = |name: &String| self.hall.iter().position(|h| &h.name == name);
        let mut out: Vec<BlockHalls> = self
            .block
            .iter()
            .map(|b| BlockHalls {
                name: b.name.clone(),
                halls: b.halls.iter().filter_map(index).collect(),
            })
            .collect();
        for (h, hall) in self.hall.iter().enumerate() {
            if !out.iter().any(|b| b.halls.contains(&h)) {
                out.push(BlockHalls {
                    name: hall.name.clone(),
                    halls: vec![h],
                });
            }
        }
        out
    }

    /// The backup-generation duty, if any: the backup-role classes at the stated redundancy
    /// (N+1 by default); a site with only prime generators only when `[reliability]
    /// backup_generation` is given; none for a site without generators. The planner, the
    /// checker and the explanations all read it here.
    pub fn backup_duty(&self) -> Option<BackupDuty> {
        let has_backup = self
            .generator
            .iter()
            .any(|g| g.role() == GeneratorRole::Backup);
        let (role, redundancy) = match (self.reliability.backup_generation, has_backup) {
            (r, true) => (GeneratorRole::Backup, r.unwrap_or(Redundancy::NPlus1)),
            (Some(r), false) => (GeneratorRole::Prime, r),
            (None, false) => return None,
        };
        let classes: Vec<usize> = (0..self.generator.len())
            .filter(|&i| self.generator[i].role() == role)
            .collect();
        (!classes.is_empty()).then_some(BackupDuty {
            redundancy,
            role,
            classes,
        })
    }
}

impl LoadedSite {
    /// AC output per MW AC of PV class `pv` in hour `weather_index` of the weather year
    /// (0–1): its profile if it has one, else GHI/1000 × DC/AC ratio × system efficiency,
    /// capped at 1. The planner and the plan checker both read PV output here.
    pub fn pv_output_per_mw(&self, pv: usize, weather_index: usize) -> f64 {
        if let Some(profile) = &self.pv_profiles[pv] {
            return profile[weather_index];
        }
        let p = &self.site.solar_pv[pv];
        let ghi = self.weather.hours()[weather_index].ghi_w_per_m2;
        (ghi / 1000.0 * p.dc_ac_ratio * p.system_efficiency).clamp(0.0, 1.0)
    }
}

/// Why a site could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    /// The file could not be read at all.
    #[error("cannot read site file {}: {source}", path.display())]
    Read {
        /// The path as given.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The file was read but has problems; every one found is listed.
    #[error("{} has {}", .0.source.path.display(), crate::text::counted(.0.errors().count() as u64, "problem", "problems"))]
    Invalid(Box<InvalidSite>),
}

/// A site file with the problems found in it.
#[derive(Debug, Clone)]
pub struct InvalidSite {
    /// The file.
    pub source: SourceFile,
    /// Every finding, errors and warnings, in file order; then those in edits.
    pub diagnostics: Vec<Diagnostic>,
    /// The edits the site was given (a finding's [`Diagnostic::edit`] indexes them).
    pub edits: Vec<Edit>,
}

impl InvalidSite {
    /// The findings that are errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }
}

/// The file formats a site can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// TOML (the usual form).
    Toml,
    /// JSON.
    Json,
}

impl Format {
    /// The format of a path, by extension; files without a known extension are read as TOML
    /// unless their first non-blank character is `{`.
    pub fn detect(path: &Path, text: &str) -> Format {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("json") => Format::Json,
            Some("toml") => Format::Toml,
            _ if text.trim_start().starts_with('{') => Format::Json,
            _ => Format::Toml,
        }
    }
}

/// Reads, parses and validates a site file, and loads its weather.
pub fn load(path: &Path) -> Result<LoadedSite, SiteError> {
    let text = read_text(path)?;
    load_str(text, path, base_dir(path))
}

/// The text of a site file; a file that is not UTF-8 is an invalid site with one finding.
fn read_text(path: &Path) -> Result<String, SiteError> {
    let bytes =
        crate::files::read(path, crate::files::Kind::Site).map_err(|source| SiteError::Read {
            path: path.to_owned(),
            source,
        })?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
        let d = Diagnostic::error("encoding", "the file is not UTF-8 text")
            .at(at..at)
            .help("save the site file as UTF-8");
        let source = SourceFile {
            path: path.to_owned(),
            text,
        };
        SiteError::Invalid(Box::new(InvalidSite {
            source,
            diagnostics: vec![d],
            edits: Vec::new(),
        }))
    })
}

/// The folder relative paths in a site file resolve against: the file's own.
fn base_dir(path: &Path) -> &Path {
    // `Path::parent` of a bare file name is "", which reads badly in messages.
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The site file, its weather file and its PV profiles, as read.
fn input_files(site: &Site, path: &Path, base_dir: &Path) -> Vec<(PathBuf, crate::files::Kind)> {
    use crate::files::Kind;
    let weather = site
        .site
        .weather
        .iter()
        .map(|w| (base_dir.join(w), Kind::Weather));
    let profiles = site
        .solar_pv
        .iter()
        .filter_map(|pv| pv.profile.as_ref())
        .map(|p| (base_dir.join(p), Kind::Profile));
    std::iter::once((path.to_owned(), Kind::Site))
        .chain(weather)
        .chain(profiles)
        .collect()
}

/// The arrays of a site file whose elements are recovered one at a time before the whole
/// document (see [`de::deserialize_recovering`]): every list a site can hold many of.
const ELEMENT_RECOVERY: &[de::ElementRecovery] = &[
    de::ElementRecovery::of::<Hall>(&["hall"]),
    de::ElementRecovery::of::<RackType>(&["rack"]),
    de::ElementRecovery::of::<Generator>(&["generator"]),
    de::ElementRecovery::of::<SolarPv>(&["solar_pv"]),
    de::ElementRecovery::of::<Storage>(&["storage"]),
    de::ElementRecovery::of::<Block>(&["block"]),
    de::ElementRecovery::of::<GridContract>(&["grid", "contract"]),
    de::ElementRecovery::of::<Chiller>(&["cooling", "chiller"]),
];

/// Parses and validates site text as if read from `path`; relative paths in it (the weather
/// file) resolve against `base_dir`.
pub fn load_str(text: String, path: &Path, base_dir: &Path) -> Result<LoadedSite, SiteError> {
    let mut diags = Diagnostics::default();
    let valid = parse(&text, path, &mut diags).and_then(|root| {
        validate_tree(
            root,
            &text,
            base_dir,
            &mut data_files::DataFiles::default(),
            &mut diags,
        )
    });
    let source = SourceFile {
        path: path.to_owned(),
        text,
    };
    finish(source, base_dir, valid, diags.sorted(), Vec::new())
}

/// Parses site text into its tree; `None` (with findings) for an empty file or bad syntax.
fn parse(text: &str, path: &Path, diags: &mut Diagnostics) -> Option<tree::Node> {
    if text.trim().is_empty() {
        diags.push(
            Diagnostic::error("syntax", "the site file is empty")
                .help("`dcplan new NAME` writes a starter site to begin from"),
        );
        return None;
    }
    match Format::detect(path, text) {
        Format::Toml => tree::parse_toml(text, diags),
        Format::Json => tree::parse_json(text, diags),
    }
}

/// A site that deserialized and whose weather and profiles can be used (it may still have
/// findings that are errors).
struct Valid {
    site: Site,
    weather: WeatherYear,
    pv_profiles: Vec<Option<Vec<f64>>>,
}

/// Checks a parsed tree (`text` is what its spans point into), deserializes it into a
/// [`Site`], reads the data files it names that `files` does not hold yet, and validates it
/// with them. `None` when the site or its weather cannot be had; the findings say why.
fn validate_tree(
    root: tree::Node,
    text: &str,
    base_dir: &Path,
    files: &mut data_files::DataFiles,
    diags: &mut Diagnostics,
) -> Option<Valid> {
    validate::check_scalars(&root, diags);
    let (root, incomplete) = validate::merge_catalog_racks(root, diags);
    let recovered = de::deserialize_recovering::<Site>(
        root,
        ELEMENT_RECOVERY,
        &incomplete,
        &validate::placeholder,
        diags,
    );
    let site = recovered.value?;
    if recovered.complete {
        let data = files.for_site(&site, base_dir);
        let (weather, pv_profiles) =
            validate::check(&site, &recovered.tree, text, &data, base_dir, diags)?;
        Some(Valid {
            site,
            weather,
            pv_profiles,
        })
    } else {
        // Parts of the file were unusable: check what is left for local problems (ranges,
        // physics of each component), but not cross-references, which would only echo the
        // missing parts; nor the stand-ins for missing fields, which are not the file's.
        let mut local = Diagnostics::default();
        validate::check_local(&site, &recovered.tree, text, &mut local);
        local.drop_at(&recovered.stand_ins);
        diags.extend(local.sorted());
        None
    }
}

/// The loaded site, or the invalid one with its findings (`diagnostics` in the order they
/// are shown) when it has errors or could not be had.
fn finish(
    source: SourceFile,
    base_dir: &Path,
    valid: Option<Valid>,
    diagnostics: Vec<Diagnostic>,
    edits: Vec<Edit>,
) -> Result<LoadedSite, SiteError> {
    match valid {
        Some(valid) if !diagnostics.iter().any(|d| d.severity == Severity::Error) => {
            let files = input_files(&valid.site, &source.path, base_dir);
            Ok(LoadedSite {
                site: valid.site,
                weather: valid.weather,
                pv_profiles: valid.pv_profiles,
                source,
                warnings: diagnostics,
                files,
                edits,
            })
        }
        _ => Err(invalid(source, diagnostics, edits)),
    }
}

/// The error of a site that has `diagnostics` (in the order they are shown).
fn invalid(source: SourceFile, diagnostics: Vec<Diagnostic>, edits: Vec<Edit>) -> SiteError {
    SiteError::Invalid(Box::new(InvalidSite {
        source,
        diagnostics,
        edits,
    }))
}
