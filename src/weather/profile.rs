//! Hourly output profiles: one number per hour of the year from a plain CSV file, such as a
//! PV array's AC output per MW AC exported from PVWatts or SAM.

use std::path::{Path, PathBuf};

/// Hours in a profile: the weather year's 8760.
pub const PROFILE_HOURS: usize = 8760;

/// Why a profile file cannot be used; every variant names the file and, where there is one,
/// the 1-based line.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ProfileError {
    /// The file could not be read.
    #[error("cannot read profile {}: {reason}", path.display())]
    Read {
        /// The file as resolved.
        path: PathBuf,
        /// The operating system's reason.
        reason: String,
    },
    /// A line is not a number.
    #[error("{}:{line}: `{text}` is not a number", path.display())]
    NotANumber {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// The text found.
        text: String,
    },
    /// A value outside the allowed range.
    #[error("{}:{line}: {value} is outside {min}–{max}", path.display())]
    OutOfRange {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// The value.
        value: f64,
        /// Smallest allowed.
        min: f64,
        /// Largest allowed.
        max: f64,
    },
    /// Not one value per hour of the year.
    #[error("{} has {}; a profile has one per hour of the year, {}", path.display(), crate::text::counted(*found as u64, "value", "values"), crate::text::thousands(PROFILE_HOURS as u64))]
    Length {
        /// The file.
        path: PathBuf,
        /// Values found.
        found: usize,
    },
}

/// Reads `path`: one value per line for the 8760 hours from 1 January 00:00–01:00, each in
/// `min..=max`. Blank lines and lines starting with `#` are skipped; so is a first line that
/// is not a number (a header). With several comma-separated columns, the last is the value
/// (so a `time,value` export reads as is).
pub fn read_profile(path: &Path, min: f64, max: f64) -> Result<Vec<f64>, ProfileError> {
    let read = |reason: String| ProfileError::Read {
        path: path.to_owned(),
        reason,
    };
    let bytes =
        crate::files::read(path, crate::files::Kind::Profile).map_err(|e| read(e.to_string()))?;
    let text = String::from_utf8(bytes).map_err(|_| read("the file is not UTF-8 text".into()))?;
    parse_profile(&text, path, min, max)
}

fn parse_profile(text: &str, path: &Path, min: f64, max: f64) -> Result<Vec<f64>, ProfileError> {
    let mut values = Vec::with_capacity(PROFILE_HOURS);
    let mut first = true;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let cell = line.rsplit(',').next().unwrap_or(line).trim();
        let Ok(value) = cell.parse::<f64>() else {
            if std::mem::take(&mut first) {
                continue; // a header
            }
            return Err(ProfileError::NotANumber {
                path: path.to_owned(),
                line: i + 1,
                text: cell.to_owned(),
            });
        };
        first = false;
        if !(min..=max).contains(&value) {
            return Err(ProfileError::OutOfRange {
                path: path.to_owned(),
                line: i + 1,
                value,
                min,
                max,
            });
        }
        values.push(value);
    }
    if values.len() != PROFILE_HOURS {
        return Err(ProfileError::Length {
            path: path.to_owned(),
            found: values.len(),
        });
    }
    Ok(values)
}

#[cfg(test)]
#[allow(
    clippy::float_cmp,
    reason = "the values are parsed from exact decimal text"
)]
mod tests {
    use super::*;

    fn year(body: impl Fn(usize) -> String) -> String {
        (0..PROFILE_HOURS).map(|h| body(h) + "\n").collect()
    }

    #[test]
    fn reads_plain_headed_and_two_column_files() {
        let p = Path::new("pv.csv");
        let plain = year(|h| format!("{}", (h % 24) as f64 / 24.0));
        let v = parse_profile(&plain, p, 0.0, 1.0).unwrap();
        assert_eq!((v.len(), v[13]), (PROFILE_HOURS, 13.0 / 24.0));
        let headed = format!(
            "# PVWatts AC output per kW AC\nhour,cf\n{}",
            year(|h| format!("{h},0.5"))
        );
        assert_eq!(parse_profile(&headed, p, 0.0, 1.0).unwrap()[8759], 0.5);
    }

    #[test]
    fn errors_name_the_line() {
        let p = Path::new("pv.csv");
        let mut bad = year(|_| "0.2".into());
        bad = bad.replacen("0.2\n0.2\n", "0.2\n1.4\n", 1);
        assert_eq!(
            parse_profile(&bad, p, 0.0, 1.0).unwrap_err().to_string(),
            "pv.csv:2: 1.4 is outside 0–1"
        );
        let words = "0.1\nsunny\n";
        assert!(
            parse_profile(words, p, 0.0, 1.0)
                .unwrap_err()
                .to_string()
                .contains("pv.csv:2: `sunny`")
        );
        let short = "0.1\n0.2\n";
        assert!(
            parse_profile(short, p, 0.0, 1.0)
                .unwrap_err()
                .to_string()
                .contains("has 2 values")
        );
    }
}
