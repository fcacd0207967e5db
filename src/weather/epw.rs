//! `EnergyPlus` weather (EPW) reader.
//!
//! Format (`EnergyPlus` Auxiliary Programs, "`EnergyPlus` Weather File (EPW) Data Dictionary"):
//! 8 header lines, the first `LOCATION,city,state,country,source,WMO,lat,lon,tz,elevation`,
//! the eighth `DATA PERIODS,n,records-per-hour,...`; then one row of 35 comma-separated
//! fields per hour: year, month, day, hour (1–24), minute, source flags, dry-bulb °C (field 7,
//! 1-based), dew point °C (8), RH % (9), station pressure Pa (10), …, global horizontal
//! radiation Wh/m² (14). Missing-value markers: dry-bulb and dew point ≥ 99.9, RH 999,
//! pressure 999999, radiation ≥ 9999.

use std::path::Path;

use super::{
    DRY_BULB_RANGE_C, Field, FieldSpec, GHI_RANGE_W_PER_M2, PRESSURE_RANGE_PA, RH_RANGE_PCT,
    RawRow, Station, WeatherError, WeatherSource, WeatherYear, assemble, data_lines, date_part,
    header_number, split_csv,
};

/// Header lines before the first data row.
const HEADER_LINES: usize = 8;

/// Fields in one EPW data row.
const FIELDS_PER_ROW: usize = 35;

/// 0-based positions of the fields read.
const MONTH: usize = 1;
const DAY: usize = 2;
const HOUR: usize = 3;
const DRY_BULB: usize = 6;
const DEW_POINT: usize = 7;
const RH: usize = 8;
const PRESSURE: usize = 9;
const GHI: usize = 13;

const DRY_BULB_SPEC: FieldSpec = FieldSpec {
    field: Field::DryBulb,
    unit: "°C",
    range: DRY_BULB_RANGE_C,
    is_missing: |v| v >= 99.9,
};
const DEW_POINT_SPEC: FieldSpec = FieldSpec {
    field: Field::DewPoint,
    unit: "°C",
    range: DRY_BULB_RANGE_C,
    is_missing: |v| v >= 99.9,
};
const RH_SPEC: FieldSpec = FieldSpec {
    field: Field::RelHumidity,
    unit: "%",
    range: RH_RANGE_PCT,
    is_missing: |v| v >= 999.0,
};
const PRESSURE_SPEC: FieldSpec = FieldSpec {
    field: Field::Pressure,
    unit: "Pa",
    range: PRESSURE_RANGE_PA,
    is_missing: |v| v >= 999_999.0,
};
const GHI_SPEC: FieldSpec = FieldSpec {
    field: Field::Ghi,
    unit: "Wh/m²",
    range: GHI_RANGE_W_PER_M2,
    is_missing: |v| v >= 9999.0,
};

/// Parses the text of an EPW file; `file` is used in error messages and the year's source.
pub fn parse_epw(text: &str, file: &Path) -> Result<WeatherYear, WeatherError> {
    let text = text.trim_start_matches('\u{feff}');
    let header_err = |line: usize, message: String| WeatherError::Header {
        file: file.to_path_buf(),
        line,
        message,
    };
    let header: Vec<&str> = text.lines().take(HEADER_LINES).collect();
    if header.len() < HEADER_LINES {
        return Err(header_err(
            header.len().max(1),
            format!(
                "file ends after {}; an EPW file has {HEADER_LINES} header lines then 8760 \
                 hourly rows",
                crate::text::counted(header.len() as u64, "line", "lines")
            ),
        ));
    }
    let station = parse_location(header[0], file)?;
    check_data_periods(header[HEADER_LINES - 1], file)?;

    let mut rows = Vec::with_capacity(super::HOURS_PER_LEAP_YEAR);
    for (line, text) in data_lines(text, HEADER_LINES) {
        let f = split_csv(text);
        if f.len() != FIELDS_PER_ROW {
            return Err(WeatherError::FieldCount {
                file: file.to_path_buf(),
                line,
                found: f.len(),
                expected: FIELDS_PER_ROW,
            });
        }
        rows.push(RawRow {
            line,
            month: date_part(&f[MONTH], file, line)?,
            day: date_part(&f[DAY], file, line)?,
            hour: date_part(&f[HOUR], file, line)?,
            dry_bulb_c: DRY_BULB_SPEC.parse(&f[DRY_BULB], file, line)?,
            dew_point_c: DEW_POINT_SPEC.parse(&f[DEW_POINT], file, line)?,
            rh_pct: RH_SPEC.parse(&f[RH], file, line)?,
            pressure_pa: PRESSURE_SPEC.parse(&f[PRESSURE], file, line)?,
            ghi_w_per_m2: GHI_SPEC.parse(&f[GHI], file, line)?,
        });
    }
    assemble(
        station,
        WeatherSource::Epw {
            file: file.to_path_buf(),
        },
        rows,
        file,
    )
}

/// Reads the `LOCATION` header line (line 1).
fn parse_location(line: &str, file: &Path) -> Result<Station, WeatherError> {
    let f = split_csv(line);
    if f.first().map(|s| s.trim()) != Some("LOCATION") || f.len() < 10 {
        return Err(WeatherError::Header {
            file: file.to_path_buf(),
            line: 1,
            message: format!(
                "expected `LOCATION,city,state,country,source,WMO,latitude,longitude,time zone,\
                 elevation`, found `{}`",
                truncate(line)
            ),
        });
    }
    let name = [&f[1], &f[2], &f[3]]
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty() && *s != "-")
        .collect::<Vec<_>>()
        .join(", ");
    Ok(Station {
        name,
        id: f[5].trim().to_string(),
        latitude_deg: header_number(&f[6], "latitude", file, 1)?,
        longitude_deg: header_number(&f[7], "longitude", file, 1)?,
        utc_offset_h: header_number(&f[8], "time zone", file, 1)?,
        elevation_m: header_number(&f[9], "elevation", file, 1)?,
    })
}

/// Checks the `DATA PERIODS` line (line 8) says one record per hour.
fn check_data_periods(line: &str, file: &Path) -> Result<(), WeatherError> {
    let f = split_csv(line);
    if f.first().map(|s| s.trim()) != Some("DATA PERIODS") {
        return Err(WeatherError::Header {
            file: file.to_path_buf(),
            line: HEADER_LINES,
            message: format!(
                "expected the `DATA PERIODS,...` header line, found `{}`",
                truncate(line)
            ),
        });
    }
    match f.get(2).map(|s| s.trim()) {
        Some("1") => Ok(()),
        other => Err(WeatherError::Header {
            file: file.to_path_buf(),
            line: HEADER_LINES,
            message: format!(
                "records per hour is `{}`; only hourly EPW files (1 record per hour) are supported",
                other.unwrap_or_default()
            ),
        }),
    }
}

/// First 80 characters of a line, for messages.
fn truncate(line: &str) -> String {
    line.chars().take(80).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::super::HOURS_PER_YEAR;
    use super::super::test_support::{bundled, with_field};
    use super::*;

    const PHOENIX: &str = "phoenix-az-722780-tmy3.epw";

    fn phoenix_text() -> String {
        std::fs::read_to_string(bundled(PHOENIX)).unwrap()
    }

    fn parse(text: &str) -> Result<WeatherYear, WeatherError> {
        parse_epw(text, Path::new("test.epw"))
    }

    /// Values read by eye from the bundled file (`EnergyPlus` TMY3 EPW for WMO 722780).
    #[test]
    fn reads_bundled_phoenix() {
        let y = read_phoenix();
        let s = y.station();
        assert_eq!(s.name, "Phoenix Sky Harbor Intl Ap, AZ, USA");
        assert_eq!(s.id, "722780");
        assert!((s.latitude_deg - 33.45).abs() < 1e-9);
        assert!((s.longitude_deg + 111.98).abs() < 1e-9);
        assert!((s.utc_offset_h + 7.0).abs() < 1e-9);
        assert!((s.elevation_m - 337.0).abs() < 1e-9);
        assert!(!y.leap_day_dropped());
        assert_eq!(y.dew_points_capped(), 0);

        let h = y.hours();
        assert_eq!(h.len(), HOURS_PER_YEAR);
        // line 9: 2002,1,1,1,0,...,10.0,5.6,74,97700,...
        let first = h[0];
        assert_eq!((first.month, first.day, first.hour), (1, 1, 1));
        assert!((first.dry_bulb_c - 10.0).abs() < 1e-9);
        assert!((first.dew_point_c - 5.6).abs() < 1e-9);
        assert!((first.rel_humidity - 0.74).abs() < 1e-9);
        assert!((first.pressure_pa - 97_700.0).abs() < 1e-9);
        assert!(first.wet_bulb_c > first.dew_point_c && first.wet_bulb_c < first.dry_bulb_c);
        // line 4009 (index 4000): 16 June hour 17: 42.2 °C, dew point 5.6 °C, 11 %, 96900 Pa.
        let mid = h[4000];
        assert_eq!((mid.month, mid.day, mid.hour), (6, 16, 17));
        assert!((mid.dry_bulb_c - 42.2).abs() < 1e-9);
        assert!((mid.dew_point_c - 5.6).abs() < 1e-9);
        assert!((mid.rel_humidity - 0.11).abs() < 1e-9);
        // The hottest hour, first reached on 16 July hour 15 (line 4727): 44.4 °C.
        let max = h.iter().map(|x| x.dry_bulb_c).fold(f64::MIN, f64::max);
        assert!((max - 44.4).abs() < 1e-9);
        let first_max = h.iter().position(|x| x.dry_bulb_c >= max).unwrap();
        assert_eq!(first_max, 4718);
        assert_eq!((h[4718].month, h[4718].day, h[4718].hour), (7, 16, 15));
        let last = h[HOURS_PER_YEAR - 1];
        assert_eq!((last.month, last.day, last.hour), (12, 31, 24));
        assert!((last.dry_bulb_c - 11.1).abs() < 1e-9);
    }

    fn read_phoenix() -> WeatherYear {
        parse_epw(&phoenix_text(), &bundled(PHOENIX)).unwrap()
    }

    #[test]
    fn bad_number_names_line_and_field() {
        let text = with_field(&phoenix_text(), 4512, DRY_BULB, "abc");
        let err = parse(&text).unwrap_err().to_string();
        assert_eq!(err, "test.epw line 4512: dry-bulb `abc` is not a number");
    }

    #[test]
    fn missing_value_markers_are_errors() {
        let text = with_field(&phoenix_text(), 100, DRY_BULB, "99.9");
        let err = parse(&text).unwrap_err();
        assert!(
            matches!(err, WeatherError::MissingValue { line: 100, .. }),
            "{err}"
        );
        let text = with_field(&phoenix_text(), 200, PRESSURE, "999999");
        let err = parse(&text).unwrap_err().to_string();
        assert!(
            err.contains("line 200: pressure is the missing-value marker `999999`"),
            "{err}"
        );
    }

    #[test]
    fn impossible_values_are_errors() {
        let text = with_field(&phoenix_text(), 300, RH, "150");
        let err = parse(&text).unwrap_err().to_string();
        assert!(
            err.contains("line 300: relative humidity 150 % is outside"),
            "{err}"
        );
        let text = with_field(&phoenix_text(), 301, PRESSURE, "9770");
        let err = parse(&text).unwrap_err().to_string();
        assert!(err.contains("line 301: pressure 9770 Pa"), "{err}");
        let text = with_field(&phoenix_text(), 302, DEW_POINT, "20.0");
        let err = parse(&text).unwrap_err().to_string();
        assert!(
            err.contains("line 302: dew point 20 °C is above the dry-bulb"),
            "{err}"
        );
    }

    #[test]
    fn short_file_is_an_error() {
        let err = parse("LOCATION,x,y,z,TMY3,1,0,0,0,0\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("file ends after 1 line;"), "{err}");
        let text: String = phoenix_text()
            .lines()
            .take(1000)
            .collect::<Vec<_>>()
            .join("\n");
        let err = parse(&text).unwrap_err().to_string();
        assert_eq!(
            err,
            "test.epw: found 992 hourly rows, expected 8760 (or 8784 for a leap year)"
        );
    }

    #[test]
    fn wrong_field_count_and_order_are_errors() {
        let text = phoenix_text();
        let mut lines: Vec<&str> = text.lines().collect();
        lines[20] = "2002,1,1,13,0,x,10.0";
        let err = parse(&lines.join("\n")).unwrap_err().to_string();
        assert!(
            err.contains("line 21: found 7 fields, expected 35"),
            "{err}"
        );

        let mut lines: Vec<&str> = text.lines().collect();
        lines.swap(20, 21);
        let err = parse(&lines.join("\n")).unwrap_err().to_string();
        assert!(
            err.contains("line 21: row is for 1/1 hour 14, expected 1/1 hour 13"),
            "{err}"
        );
    }

    #[test]
    fn bad_location_header_is_an_error() {
        let text = phoenix_text().replacen("LOCATION", "PLACE", 1);
        let err = parse(&text).unwrap_err().to_string();
        assert!(
            err.starts_with("test.epw line 1: expected `LOCATION,"),
            "{err}"
        );
        let text = phoenix_text().replacen("33.45", "north", 1);
        let err = parse(&text).unwrap_err().to_string();
        assert!(
            err.contains("line 1: latitude `north` is not a number"),
            "{err}"
        );
    }

    /// A leap-year file: 8784 rows with 29 February; the 24 hours of that day are dropped.
    #[test]
    fn leap_year_drops_29_february() {
        let text = phoenix_text();
        let lines: Vec<&str> = text.lines().collect();
        let mut out: Vec<String> = lines.iter().map(|s| (*s).to_string()).collect();
        // Insert 29 February after 28 February hour 24 (line 8 + 59*24), copying 28 Feb.
        let feb28_end = 8 + 59 * 24;
        let leap: Vec<String> = lines[feb28_end - 24..feb28_end]
            .iter()
            .map(|l| {
                let mut f: Vec<&str> = l.split(',').collect();
                f[DAY] = "29";
                f.join(",")
            })
            .collect();
        out.splice(feb28_end..feb28_end, leap);
        let y = parse(&out.join("\n")).unwrap();
        assert!(y.leap_day_dropped());
        assert_eq!(y.hours().len(), HOURS_PER_YEAR);
        assert_eq!(y.hours(), read_phoenix().hours());
    }
}
