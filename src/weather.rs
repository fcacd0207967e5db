//! Hourly weather years: EPW and TMY3 readers, synthetic design-day years, climate summaries.
//!
//! Every source becomes the same [`WeatherYear`]: exactly 8760 hours in calendar order from
//! 1 January hour 1 (hour-ending, as both file formats count) to 31 December hour 24, each
//! with the file's dry-bulb, dew point, relative humidity, pressure and global horizontal
//! irradiance, plus wet-bulb, humidity ratio and enthalpy derived once at read time by
//! [`crate::physics::psychro`]. The planner and the thermal simulator read hours from here
//! and never parse weather themselves.
//!
//! Policy on bad data: a reader never invents or repairs weather. A missing-value marker
//! (EPW `99.9` °C, `999999` Pa …; TMY3 `-9900`), a number that does not parse, a physically
//! impossible value, a row out of calendar order or a row count other than 8760/8784 is an
//! error naming the file, the 1-based line and the field. The two adjustments that are made
//! are recorded on the year: a leap year's 29 February is dropped
//! ([`WeatherYear::leap_day_dropped`]), and a dew point at most 0.5 K above the dry-bulb
//! (rounding in the source) is set to the dry-bulb ([`WeatherYear::dew_points_capped`]).
//!
//! ```
//! use dcplan::weather;
//! let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
//!     .join("sites/weather/greensboro-nc-723170-tmy3.csv");
//! let year = weather::read(&path)?;
//! assert_eq!(year.hours().len(), 8760);
//! let summary = year.summary(&[]);
//! assert!(summary.max_dry_bulb_c > 30.0);
//! # Ok::<(), weather::WeatherError>(())
//! ```

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::physics::psychro::{AirState, saturation_humidity_ratio};

mod design_day;
mod epw;
mod profile;
mod summary;
mod tmy3;

pub use design_day::{DesignDaySpec, design_day, design_day_hours, fraction_of_daily_range};
pub use epw::parse_epw;
pub use profile::{PROFILE_HOURS, ProfileError, read_profile};
pub use summary::{ClimateSummary, EconomizerSummary, exceeded_value};
pub use tmy3::parse_tmy3;

/// Hours in a non-leap year; every [`WeatherYear`] has exactly this many.
pub const HOURS_PER_YEAR: usize = 8760;

/// Hours in a leap year; files of this length have their 29 February dropped.
pub const HOURS_PER_LEAP_YEAR: usize = 8784;

/// Days in each month of a non-leap year.
const DAYS_IN_MONTH: [u8; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// The weather station (or synthetic place) a year of weather belongs to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Station {
    /// Human-readable name, e.g. `Phoenix Sky Harbor Intl Ap, AZ, USA`.
    pub name: String,
    /// Station identifier (WMO number in EPW, USAF number in TMY3); empty for design days.
    pub id: String,
    /// Latitude (degrees, north positive); 0 for design days, which have no place.
    pub latitude_deg: f64,
    /// Longitude (degrees, east positive); 0 for design days.
    pub longitude_deg: f64,
    /// Elevation above sea level (m).
    pub elevation_m: f64,
    /// Standard-time offset from UTC (hours, e.g. −7 for Arizona); 0 for design days.
    pub utc_offset_h: f64,
}

/// Where a weather year came from, so reports can say which file a number rests on.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "format", rename_all = "snake_case")]
pub enum WeatherSource {
    /// An `EnergyPlus` weather file.
    Epw {
        /// The file read.
        file: PathBuf,
    },
    /// An NREL TMY3 CSV file.
    Tmy3 {
        /// The file read.
        file: PathBuf,
    },
    /// A synthetic year built by [`design_day`] from a [`DesignDaySpec`].
    DesignDay,
}

/// One hour of weather (hour-ending: hour 1 covers 00:00–01:00 local standard time).
///
/// The first six measured fields come from the source; wet-bulb, humidity ratio and enthalpy
/// are derived from dry-bulb, dew point and pressure by [`AirState::from_dew_point`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WeatherHour {
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, 1–31.
    pub day: u8,
    /// Hour-ending, 1–24.
    pub hour: u8,
    /// Dry-bulb temperature (°C).
    pub dry_bulb_c: f64,
    /// Dew-point temperature (°C).
    pub dew_point_c: f64,
    /// Relative humidity as given by the source (fraction; may slightly exceed 1 in files).
    pub rel_humidity: f64,
    /// Station (barometric) pressure (Pa).
    pub pressure_pa: f64,
    /// Global horizontal irradiance over the hour (W/m², equal to Wh/m² for the hour).
    pub ghi_w_per_m2: f64,
    /// Thermodynamic wet-bulb temperature (°C), derived.
    pub wet_bulb_c: f64,
    /// Humidity ratio (kg water per kg dry air), derived.
    pub humidity_ratio: f64,
    /// Specific enthalpy (kJ per kg dry air), derived.
    pub enthalpy_kj_per_kg: f64,
}

impl crate::physics::economizer::OutdoorAir for WeatherHour {
    fn dry_bulb_c(&self) -> f64 {
        self.dry_bulb_c
    }
    fn wet_bulb_c(&self) -> f64 {
        self.wet_bulb_c
    }
    fn pressure_pa(&self) -> f64 {
        self.pressure_pa
    }
}

impl WeatherHour {
    /// An hour from dry-bulb, dew point, relative humidity (fraction) and pressure; derives
    /// wet-bulb, humidity ratio and enthalpy. Used by the readers and by tests that hand-make
    /// weather.
    pub fn new(
        (month, day, hour): (u8, u8, u8),
        dry_bulb_c: f64,
        dew_point_c: f64,
        rel_humidity: f64,
        pressure_pa: f64,
        ghi_w_per_m2: f64,
    ) -> Self {
        let air = AirState::from_dew_point(dry_bulb_c, dew_point_c, pressure_pa);
        Self {
            rel_humidity,
            ..Self::from_air((month, day, hour), &air, ghi_w_per_m2)
        }
    }

    /// An hour from a computed [`AirState`] (all humidity properties taken from it).
    pub fn from_air((month, day, hour): (u8, u8, u8), air: &AirState, ghi_w_per_m2: f64) -> Self {
        Self {
            month,
            day,
            hour,
            dry_bulb_c: air.dry_bulb_c,
            dew_point_c: air.dew_point_c,
            rel_humidity: air.rel_humidity,
            pressure_pa: air.pressure_pa,
            ghi_w_per_m2,
            wet_bulb_c: air.wet_bulb_c,
            humidity_ratio: air.humidity_ratio,
            enthalpy_kj_per_kg: air.enthalpy_kj_per_kg,
        }
    }

    /// This hour in a heat wave `k` kelvin hotter (or, for `k < 0`, a colder spell): the
    /// dry-bulb raised by `k` at the same humidity ratio and pressure, the wet-bulb, dew point,
    /// relative humidity and enthalpy recomputed from them.
    ///
    /// Why the humidity ratio and not the relative humidity: a heat wave is the same air mass
    /// heated (subsidence, sunshine, dry soil), not moister air; over a hot day the dew point
    /// stays nearly flat while the dry-bulb climbs and the relative humidity falls. Holding the
    /// relative humidity would add moisture with the heat: at 35 °C and 40 % a 10 K heat wave
    /// would take the wet-bulb from 24 to about 33 °C, beyond almost every wet-bulb ever
    /// observed, and adding K to the wet-bulb (as before) is the same error. A humid extreme is a
    /// design wet-bulb, not a heat wave. Colder air that would be supersaturated keeps the
    /// saturation humidity ratio (the excess condenses).
    #[must_use]
    pub fn warmed(&self, k: f64) -> WeatherHour {
        if k == 0.0 {
            return *self;
        }
        let dry_bulb = self.dry_bulb_c + k;
        let ratio = self
            .humidity_ratio
            .min(saturation_humidity_ratio(dry_bulb, self.pressure_pa));
        let air = AirState::from_humidity_ratio(dry_bulb, ratio, self.pressure_pa);
        WeatherHour::from_air((self.month, self.day, self.hour), &air, self.ghi_w_per_m2)
    }

    /// The hour's moist-air state, for callers that want density or specific volume.
    pub fn air(&self) -> AirState {
        AirState {
            dry_bulb_c: self.dry_bulb_c,
            dew_point_c: self.dew_point_c,
            rel_humidity: self.rel_humidity,
            pressure_pa: self.pressure_pa,
            wet_bulb_c: self.wet_bulb_c,
            humidity_ratio: self.humidity_ratio,
            enthalpy_kj_per_kg: self.enthalpy_kj_per_kg,
        }
    }
}

/// A year of hourly weather: 8760 hours in calendar order, with its station and source.
///
/// Built only by the readers and [`design_day`], which check the invariants, so the fields are
/// private and read through accessors.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeatherYear {
    station: Station,
    source: WeatherSource,
    hours: Vec<WeatherHour>,
    leap_day_dropped: bool,
    dew_points_capped: usize,
}

impl WeatherYear {
    /// The station the year belongs to.
    pub fn station(&self) -> &Station {
        &self.station
    }

    /// Where the year came from.
    pub fn source(&self) -> &WeatherSource {
        &self.source
    }

    /// The 8760 hours, index 0 = 1 January hour-ending 01:00.
    pub fn hours(&self) -> &[WeatherHour] {
        &self.hours
    }

    /// Whether the source had 8784 rows and its 29 February was dropped.
    pub fn leap_day_dropped(&self) -> bool {
        self.leap_day_dropped
    }

    /// How many hours had a dew point up to 0.5 K above the dry-bulb (rounding in the source)
    /// and were taken as saturated (dew point set to the dry-bulb).
    pub fn dew_points_capped(&self) -> usize {
        self.dew_points_capped
    }

    /// Climate summary of this year, with economizer hours for each of `economizers`.
    pub fn summary(
        &self,
        economizers: &[crate::physics::economizer::Economizer],
    ) -> ClimateSummary {
        ClimateSummary::of_year(self, economizers)
    }
}

/// Which measured quantity a field error is about, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Dry-bulb temperature (°C).
    DryBulb,
    /// Dew-point temperature (°C).
    DewPoint,
    /// Relative humidity (%).
    RelHumidity,
    /// Station pressure (Pa in EPW, mbar in TMY3).
    Pressure,
    /// Global horizontal irradiance.
    Ghi,
    /// Month, day or hour of a row.
    Date,
    /// A station header value (latitude, longitude, time zone, elevation).
    Header(&'static str),
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Field::DryBulb => "dry-bulb",
            Field::DewPoint => "dew point",
            Field::RelHumidity => "relative humidity",
            Field::Pressure => "pressure",
            Field::Ghi => "global horizontal irradiance",
            Field::Date => "date/hour",
            Field::Header(name) => name,
        })
    }
}

/// Why a weather source could not be turned into a [`WeatherYear`].
///
/// Every variant about a file names it and, where it applies, the 1-based line.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WeatherError {
    /// The file could not be read.
    #[error("cannot read weather file {}: {source}", file.display())]
    Io {
        /// The file.
        file: PathBuf,
        /// The operating-system error.
        source: std::io::Error,
    },
    /// Neither the extension nor the content says EPW or TMY3.
    #[error(
        "{}: cannot tell the weather format; expected an EPW file (`.epw`, first line \
         `LOCATION,...`) or a TMY3 CSV (`.csv`, second line `Date (MM/DD/YYYY),Time (HH:MM),...`)",
        file.display()
    )]
    UnknownFormat {
        /// The file.
        file: PathBuf,
    },
    /// A header line is missing or malformed.
    #[error("{} line {line}: {message}", file.display())]
    Header {
        /// The file.
        file: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong and what was expected.
        message: String,
    },
    /// A row has the wrong number of comma-separated fields.
    #[error("{} line {line}: found {}, expected {expected}", file.display(), crate::text::counted(*found as u64, "field", "fields"))]
    FieldCount {
        /// The file.
        file: PathBuf,
        /// 1-based line number.
        line: usize,
        /// Fields found.
        found: usize,
        /// Fields expected.
        expected: usize,
    },
    /// A TMY3 header lacks a column the reader needs.
    #[error("{} line {line}: no column named `{column}` in the header", file.display())]
    MissingColumn {
        /// The file.
        file: PathBuf,
        /// 1-based line number of the header.
        line: usize,
        /// The column name looked for.
        column: &'static str,
    },
    /// A field that should be a number is not.
    #[error("{} line {line}: {field} `{value}` is not a number", file.display())]
    NotANumber {
        /// The file.
        file: PathBuf,
        /// 1-based line number.
        line: usize,
        /// Which field.
        field: Field,
        /// The text found.
        value: String,
    },
    /// A field holds the format's missing-value marker.
    #[error(
        "{} line {line}: {field} is the missing-value marker `{value}`; fill the gap in the file \
         (dcplan does not invent weather)",
        file.display()
    )]
    MissingValue {
        /// The file.
        file: PathBuf,
        /// 1-based line number.
        line: usize,
        /// Which field.
        field: Field,
        /// The marker found.
        value: String,
    },
    /// A value is outside what is physically possible.
    #[error(
        "{} line {line}: {field} {value} {unit} is outside the physical range {min}..{max} {unit}",
        file.display()
    )]
    OutOfRange {
        /// The file.
        file: PathBuf,
        /// 1-based line number.
        line: usize,
        /// Which field.
        field: Field,
        /// The value found.
        value: f64,
        /// Lowest accepted value.
        min: f64,
        /// Highest accepted value.
        max: f64,
        /// Unit of the value as written in the file.
        unit: &'static str,
    },
    /// The dew point is above the dry-bulb by more than rounding can explain.
    #[error(
        "{} line {line}: dew point {dew_point_c} °C is above the dry-bulb {dry_bulb_c} °C; \
         the dew point can be at most the dry-bulb",
        file.display()
    )]
    DewPointAboveDryBulb {
        /// The file.
        file: PathBuf,
        /// 1-based line number.
        line: usize,
        /// Dew point found (°C).
        dew_point_c: f64,
        /// Dry-bulb found (°C).
        dry_bulb_c: f64,
    },
    /// The file does not hold one hourly year.
    #[error(
        "{}: found {}, expected {HOURS_PER_YEAR} (or {HOURS_PER_LEAP_YEAR} for a leap year)",
        file.display(),
        crate::text::counted(*found as u64, "hourly row", "hourly rows")
    )]
    RowCount {
        /// The file.
        file: PathBuf,
        /// Rows found.
        found: usize,
    },
    /// A row is not the next hour of the calendar.
    #[error(
        "{} line {line}: row is for {}/{} hour {}, expected {}/{} hour {} (rows must run hourly \
         in calendar order from 1/1 hour 1, month/day)",
        file.display(), found.0, found.1, found.2, expected.0, expected.1, expected.2
    )]
    OutOfOrder {
        /// The file.
        file: PathBuf,
        /// 1-based line number.
        line: usize,
        /// (month, day, hour) found.
        found: (u8, u8, u8),
        /// (month, day, hour) expected.
        expected: (u8, u8, u8),
    },
    /// A design-day specification is not physically meaningful.
    #[error("design day: {0}")]
    DesignDay(String),
}

impl WeatherError {
    /// The 1-based line the error is about, if it is about one line (for source snippets).
    pub fn line(&self) -> Option<usize> {
        match self {
            Self::Header { line, .. }
            | Self::FieldCount { line, .. }
            | Self::MissingColumn { line, .. }
            | Self::NotANumber { line, .. }
            | Self::MissingValue { line, .. }
            | Self::OutOfRange { line, .. }
            | Self::DewPointAboveDryBulb { line, .. }
            | Self::OutOfOrder { line, .. } => Some(*line),
            Self::Io { .. }
            | Self::UnknownFormat { .. }
            | Self::RowCount { .. }
            | Self::DesignDay(_) => None,
        }
    }
}

/// Reads a weather file, choosing the reader by extension (`.epw` → EPW, `.csv` → TMY3,
/// case-insensitive) and otherwise by content (an EPW begins `LOCATION,`; a TMY3 CSV's second
/// line begins `Date (MM/DD/YYYY)`).
///
/// Bytes that are not UTF-8 (EPW comment lines are sometimes Latin-1) are replaced, which
/// cannot change a number.
pub fn read(path: &Path) -> Result<WeatherYear, WeatherError> {
    let bytes = crate::files::read(path, crate::files::Kind::Weather).map_err(|source| {
        WeatherError::Io {
            file: path.to_path_buf(),
            source,
        }
    })?;
    let text = String::from_utf8_lossy(&bytes);
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("epw") => parse_epw(&text, path),
        Some("csv") => parse_tmy3(&text, path),
        _ => {
            let body = text.trim_start_matches('\u{feff}');
            let mut lines = body.lines();
            let first = lines.next().unwrap_or_default();
            let second = lines.next().unwrap_or_default();
            if first.starts_with("LOCATION,") {
                parse_epw(&text, path)
            } else if second.starts_with("Date (MM/DD/YYYY)") {
                parse_tmy3(&text, path)
            } else {
                Err(WeatherError::UnknownFormat {
                    file: path.to_path_buf(),
                })
            }
        }
    }
}

/// One data row as read from a file, before calendar checks and psychrometrics.
#[derive(Debug, Clone, Copy)]
struct RawRow {
    line: usize,
    month: u8,
    day: u8,
    hour: u8,
    dry_bulb_c: f64,
    dew_point_c: f64,
    rh_pct: f64,
    pressure_pa: f64,
    ghi_w_per_m2: f64,
}

/// How far a dew point may exceed the dry-bulb (K) before it is an error rather than rounding.
const DEW_POINT_ROUNDING_K: f64 = 0.5;

/// Physical ranges shared by both readers (values in the units the row holds).
const DRY_BULB_RANGE_C: (f64, f64) = (-90.0, 70.0);
const RH_RANGE_PCT: (f64, f64) = (0.0, 110.0);
const PRESSURE_RANGE_PA: (f64, f64) = (30_000.0, 120_000.0);
const GHI_RANGE_W_PER_M2: (f64, f64) = (0.0, 2000.0);

/// Parses one numeric field, rejecting missing-value markers and out-of-range values.
///
/// `is_missing` recognises the format's marker; `range` is in the file's unit `unit`.
struct FieldSpec {
    field: Field,
    unit: &'static str,
    range: (f64, f64),
    is_missing: fn(f64) -> bool,
}

impl FieldSpec {
    fn parse(&self, text: &str, file: &Path, line: usize) -> Result<f64, WeatherError> {
        let t = text.trim();
        let value: f64 = t.parse().map_err(|_| WeatherError::NotANumber {
            file: file.to_path_buf(),
            line,
            field: self.field,
            value: t.to_string(),
        })?;
        if (self.is_missing)(value) {
            return Err(WeatherError::MissingValue {
                file: file.to_path_buf(),
                line,
                field: self.field,
                value: t.to_string(),
            });
        }
        if !value.is_finite() || value < self.range.0 || value > self.range.1 {
            return Err(WeatherError::OutOfRange {
                file: file.to_path_buf(),
                line,
                field: self.field,
                value,
                min: self.range.0,
                max: self.range.1,
                unit: self.unit,
            });
        }
        Ok(value)
    }
}

/// Parses a header number (latitude etc.), naming the line and the value on failure.
fn header_number(
    text: &str,
    name: &'static str,
    file: &Path,
    line: usize,
) -> Result<f64, WeatherError> {
    let t = text.trim();
    t.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| WeatherError::NotANumber {
            file: file.to_path_buf(),
            line,
            field: Field::Header(name),
            value: t.to_string(),
        })
}

/// Parses a small integer date part (month, day, hour).
fn date_part(text: &str, file: &Path, line: usize) -> Result<u8, WeatherError> {
    let t = text.trim();
    t.parse::<u8>().map_err(|_| WeatherError::NotANumber {
        file: file.to_path_buf(),
        line,
        field: Field::Date,
        value: t.to_string(),
    })
}

/// Checks count, calendar order and humidity consistency, drops 29 February, and derives the
/// psychrometric properties of each hour.
fn assemble(
    station: Station,
    source: WeatherSource,
    rows: Vec<RawRow>,
    file: &Path,
) -> Result<WeatherYear, WeatherError> {
    let leap_day_dropped = match rows.len() {
        HOURS_PER_YEAR => false,
        HOURS_PER_LEAP_YEAR => true,
        found => {
            return Err(WeatherError::RowCount {
                file: file.to_path_buf(),
                found,
            });
        }
    };
    let mut expected = calendar();
    let mut hours = Vec::with_capacity(HOURS_PER_YEAR);
    let mut dew_points_capped = 0;
    for row in rows {
        if leap_day_dropped && row.month == 2 && row.day == 29 {
            continue;
        }
        let Some(want) = expected.next() else {
            // More than 8760 rows remain after dropping 29 February: not one year.
            return Err(WeatherError::RowCount {
                file: file.to_path_buf(),
                found: HOURS_PER_LEAP_YEAR,
            });
        };
        if (row.month, row.day, row.hour) != want {
            return Err(WeatherError::OutOfOrder {
                file: file.to_path_buf(),
                line: row.line,
                found: (row.month, row.day, row.hour),
                expected: want,
            });
        }
        let mut dew_point_c = row.dew_point_c;
        if dew_point_c > row.dry_bulb_c {
            if dew_point_c - row.dry_bulb_c > DEW_POINT_ROUNDING_K {
                return Err(WeatherError::DewPointAboveDryBulb {
                    file: file.to_path_buf(),
                    line: row.line,
                    dew_point_c,
                    dry_bulb_c: row.dry_bulb_c,
                });
            }
            dew_point_c = row.dry_bulb_c;
            dew_points_capped += 1;
        }
        hours.push(WeatherHour::new(
            (row.month, row.day, row.hour),
            row.dry_bulb_c,
            dew_point_c,
            row.rh_pct / 100.0,
            row.pressure_pa,
            row.ghi_w_per_m2,
        ));
    }
    // 8760 rows passed the calendar check one for one; 8784 rows passed it only if exactly
    // the 24 hours of 29 February were dropped. Either way `hours` holds 8760.
    Ok(WeatherYear {
        station,
        source,
        hours,
        leap_day_dropped,
        dew_points_capped,
    })
}

/// (month, day, hour-ending) of every hour of a non-leap year, in order.
fn calendar() -> impl Iterator<Item = (u8, u8, u8)> {
    (1..=12u8).flat_map(|month| {
        let days = DAYS_IN_MONTH[usize::from(month - 1)];
        (1..=days).flat_map(move |day| (1..=24u8).map(move |hour| (month, day, hour)))
    })
}

/// Splits one CSV line on commas, honouring double-quoted fields (TMY3 station names). Data
/// rows have no quotes and borrow their fields, so reading 8760 rows allocates one small vector
/// per row and no strings.
fn split_csv(line: &str) -> Vec<std::borrow::Cow<'_, str>> {
    use std::borrow::Cow;
    if !line.contains('"') {
        return line.split(',').map(Cow::Borrowed).collect();
    }
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(Cow::Owned(std::mem::take(&mut cur))),
            _ => cur.push(c),
        }
    }
    out.push(Cow::Owned(cur));
    out
}

/// Data lines of a file after `skip` header lines, as (1-based line number, text), skipping
/// blank lines (a trailing newline or an empty last line is common).
fn data_lines(text: &str, skip: usize) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .skip(skip)
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.trim().is_empty())
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Shared helpers for the weather tests.
    use std::path::PathBuf;

    /// Path of a bundled weather file.
    pub fn bundled(name: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("sites/weather")
            .join(name)
    }

    /// `text` with 0-based field `field` of 1-based line `line` replaced by `value`.
    pub fn with_field(text: &str, line: usize, field: usize, value: &str) -> String {
        text.lines()
            .enumerate()
            .map(|(i, l)| {
                if i + 1 == line {
                    let mut f: Vec<&str> = l.split(',').collect();
                    f[field] = value;
                    f.join(",")
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::test_support::bundled;
    use super::*;

    #[test]
    fn a_heat_wave_heats_the_same_air_mass() {
        // 35 °C, dew point 20 °C at sea level: humidity ratio 0.01474 kg/kg. A 10 K heat wave
        // keeps it (and the dew point); the wet-bulb follows from ASHRAE eq. 33 at 45 °C with
        // that humidity ratio. By hand (psychrometric chart, 101.325 kPa): 35 °C / 20 °C dew
        // point has a wet-bulb of about 24.1 °C; 45 °C at the same moisture about 27.0 °C,
        // i.e. the wet-bulb rises by well under half the dry-bulb's 10 K (adding 10 K to it,
        // as before, meant far moister air).
        let w = WeatherHour::new((7, 1, 15), 35.0, 20.0, 0.41, 101_325.0, 800.0);
        let hot = w.warmed(10.0);
        assert!((hot.dry_bulb_c - 45.0).abs() < 1e-12);
        assert!((hot.humidity_ratio - w.humidity_ratio).abs() < 1e-12);
        assert!((hot.dew_point_c - 20.0).abs() < 1e-3, "{hot:?}");
        assert!((w.wet_bulb_c - 24.1).abs() < 0.3, "{w:?}");
        assert!((hot.wet_bulb_c - 27.0).abs() < 0.3, "{hot:?}");
        // Exact inverse: the humidity ratio from (45 °C, that wet-bulb) by eq. 33.
        let back =
            crate::physics::psychro::humidity_ratio_from_wet_bulb(45.0, hot.wet_bulb_c, 101_325.0);
        assert!((back - w.humidity_ratio).abs() < 1e-6, "{back}");
        // No heat wave: the hour unchanged, bit for bit.
        assert_eq!(w.warmed(0.0), w);
        // A colder spell below the dew point keeps saturated air, not supersaturated.
        let cold = w.warmed(-20.0);
        assert!((cold.dry_bulb_c - 15.0).abs() < 1e-12);
        assert!(
            cold.rel_humidity <= 1.0 + 1e-9 && cold.wet_bulb_c <= 15.0 + 1e-9,
            "{cold:?}"
        );
    }

    #[test]
    fn calendar_has_8760_hours_ending_31_december_24() {
        let all: Vec<_> = calendar().collect();
        assert_eq!(all.len(), HOURS_PER_YEAR);
        assert_eq!(all[0], (1, 1, 1));
        assert_eq!(all[HOURS_PER_YEAR - 1], (12, 31, 24));
        // 1 March hour 1 follows 28 February hour 24.
        let i = all.iter().position(|&d| d == (3, 1, 1)).unwrap_or(0);
        assert_eq!(all[i - 1], (2, 28, 24));
    }

    #[test]
    fn split_csv_honours_quotes() {
        assert_eq!(
            split_csv(r#"703165,"SAND POINT, AK",AK,-9.0"#),
            vec!["703165", "SAND POINT, AK", "AK", "-9.0"]
        );
    }

    #[test]
    fn read_picks_format_by_extension() {
        let y = read(&bundled("phoenix-az-722780-tmy3.epw")).unwrap();
        assert!(matches!(y.source(), WeatherSource::Epw { .. }));
        let y = read(&bundled("sand-point-ak-703165-tmy3.csv")).unwrap();
        assert!(matches!(y.source(), WeatherSource::Tmy3 { .. }));
    }

    #[test]
    fn read_sniffs_content_without_known_extension() {
        let dir = tempfile::tempdir().unwrap();
        for (name, dest) in [
            ("phoenix-az-722780-tmy3.epw", "phoenix.weather"),
            ("greensboro-nc-723170-tmy3.csv", "greensboro.txt"),
        ] {
            let to = dir.path().join(dest);
            std::fs::copy(bundled(name), &to).unwrap();
            let y = read(&to).unwrap();
            assert_eq!(y.hours().len(), HOURS_PER_YEAR);
        }
        let junk = dir.path().join("notes.txt");
        std::fs::write(&junk, "hello\nworld\n").unwrap();
        let err = read(&junk).unwrap_err();
        assert!(matches!(err, WeatherError::UnknownFormat { .. }), "{err}");
    }

    proptest::proptest! {
        /// Arbitrary text never panics either reader; it is an error or a year.
        #[test]
        fn readers_never_panic(text in "(LOCATION|DATA PERIODS|[0-9.,/:\"a-z-]{0,40}|\n){0,40}") {
            let _ = parse_epw(&text, Path::new("fuzz.epw"));
            let _ = parse_tmy3(&text, Path::new("fuzz.csv"));
        }
    }

    #[test]
    fn read_reports_missing_file() {
        let err = read(Path::new("/nonexistent/weather.epw")).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("cannot read weather file /nonexistent/weather.epw")
        );
    }
}
