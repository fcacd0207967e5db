//! NREL TMY3 CSV reader.
//!
//! Format (Wilcox & Marion 2008, *User's Manual for TMY3 Data Sets*, NREL/TP-581-43156):
//! line 1 is the station, `USAF,"NAME",ST,time zone,latitude,longitude,elevation`; line 2
//! names the columns; then 8760 rows beginning `MM/DD/YYYY,HH:MM` (hour-ending, `24:00` is the
//! last hour of a day). Columns are found by their header names (`Dry-bulb (C)`,
//! `Dew-point (C)`, `RHum (%)`, `Pressure (mbar)`, `GHI (W/m^2)`), not by position, because
//! variants of the format add columns. Missing values are written `-9900`.

use std::path::Path;

use super::{
    DRY_BULB_RANGE_C, Field, FieldSpec, GHI_RANGE_W_PER_M2, PRESSURE_RANGE_PA, RH_RANGE_PCT,
    RawRow, Station, WeatherError, WeatherSource, WeatherYear, assemble, data_lines, date_part,
    header_number, split_csv,
};

/// Header lines before the first data row.
const HEADER_LINES: usize = 2;

/// The TMY3 missing-value marker.
const MISSING: f64 = -9900.0;

/// Pascals per millibar.
const PA_PER_MBAR: f64 = 100.0;

fn is_missing(v: f64) -> bool {
    v == MISSING
}

const DRY_BULB_SPEC: FieldSpec = FieldSpec {
    field: Field::DryBulb,
    unit: "°C",
    range: DRY_BULB_RANGE_C,
    is_missing,
};
const DEW_POINT_SPEC: FieldSpec = FieldSpec {
    field: Field::DewPoint,
    unit: "°C",
    range: DRY_BULB_RANGE_C,
    is_missing,
};
const RH_SPEC: FieldSpec = FieldSpec {
    field: Field::RelHumidity,
    unit: "%",
    range: RH_RANGE_PCT,
    is_missing,
};
const PRESSURE_SPEC: FieldSpec = FieldSpec {
    field: Field::Pressure,
    unit: "mbar",
    range: (
        PRESSURE_RANGE_PA.0 / PA_PER_MBAR,
        PRESSURE_RANGE_PA.1 / PA_PER_MBAR,
    ),
    is_missing,
};
const GHI_SPEC: FieldSpec = FieldSpec {
    field: Field::Ghi,
    unit: "W/m²",
    range: GHI_RANGE_W_PER_M2,
    is_missing,
};

/// Column names looked up in line 2.
const COL_DATE: &str = "Date (MM/DD/YYYY)";
const COL_TIME: &str = "Time (HH:MM)";
const COL_DRY_BULB: &str = "Dry-bulb (C)";
const COL_DEW_POINT: &str = "Dew-point (C)";
const COL_RH: &str = "RHum (%)";
const COL_PRESSURE: &str = "Pressure (mbar)";
const COL_GHI: &str = "GHI (W/m^2)";

/// Column positions of the fields read.
struct Columns {
    date: usize,
    time: usize,
    dry_bulb: usize,
    dew_point: usize,
    rh: usize,
    pressure: usize,
    ghi: usize,
    count: usize,
}

/// Parses the text of a TMY3 CSV file; `file` is used in error messages and the source.
pub fn parse_tmy3(text: &str, file: &Path) -> Result<WeatherYear, WeatherError> {
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines();
    let (Some(meta), Some(names)) = (lines.next(), lines.next()) else {
        return Err(WeatherError::Header {
            file: file.to_path_buf(),
            line: 1,
            message: "file ends before its two header lines (station, column names)".into(),
        });
    };
    let station = parse_station(meta, file)?;
    let cols = find_columns(names, file)?;

    let mut rows = Vec::with_capacity(super::HOURS_PER_LEAP_YEAR);
    for (line, text) in data_lines(text, HEADER_LINES) {
        let f = split_csv(text);
        if f.len() != cols.count {
            return Err(WeatherError::FieldCount {
                file: file.to_path_buf(),
                line,
                found: f.len(),
                expected: cols.count,
            });
        }
        let (month, day) = parse_date(&f[cols.date], file, line)?;
        rows.push(RawRow {
            line,
            month,
            day,
            hour: parse_hour(&f[cols.time], file, line)?,
            dry_bulb_c: DRY_BULB_SPEC.parse(&f[cols.dry_bulb], file, line)?,
            dew_point_c: DEW_POINT_SPEC.parse(&f[cols.dew_point], file, line)?,
            rh_pct: RH_SPEC.parse(&f[cols.rh], file, line)?,
            pressure_pa: PRESSURE_SPEC.parse(&f[cols.pressure], file, line)? * PA_PER_MBAR,
            ghi_w_per_m2: GHI_SPEC.parse(&f[cols.ghi], file, line)?,
        });
    }
    assemble(
        station,
        WeatherSource::Tmy3 {
            file: file.to_path_buf(),
        },
        rows,
        file,
    )
}

/// Reads line 1: `USAF,"NAME",ST,time zone,latitude,longitude,elevation`.
fn parse_station(line: &str, file: &Path) -> Result<Station, WeatherError> {
    let f = split_csv(line);
    if f.len() < 7 {
        return Err(WeatherError::Header {
            file: file.to_path_buf(),
            line: 1,
            message: format!(
                "expected `USAF,\"NAME\",ST,time zone,latitude,longitude,elevation`, found {} \
                 fields",
                f.len()
            ),
        });
    }
    let name = [f[1].trim(), f[2].trim()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    Ok(Station {
        name,
        id: f[0].trim().to_string(),
        utc_offset_h: header_number(&f[3], "time zone", file, 1)?,
        latitude_deg: header_number(&f[4], "latitude", file, 1)?,
        longitude_deg: header_number(&f[5], "longitude", file, 1)?,
        elevation_m: header_number(&f[6], "elevation", file, 1)?,
    })
}

/// Finds the needed columns in line 2 by name.
fn find_columns(line: &str, file: &Path) -> Result<Columns, WeatherError> {
    let names = split_csv(line);
    let find = |column: &'static str| {
        names
            .iter()
            .position(|n| n.trim() == column)
            .ok_or_else(|| WeatherError::MissingColumn {
                file: file.to_path_buf(),
                line: 2,
                column,
            })
    };
    Ok(Columns {
        date: find(COL_DATE)?,
        time: find(COL_TIME)?,
        dry_bulb: find(COL_DRY_BULB)?,
        dew_point: find(COL_DEW_POINT)?,
        rh: find(COL_RH)?,
        pressure: find(COL_PRESSURE)?,
        ghi: find(COL_GHI)?,
        count: names.len(),
    })
}

/// `MM/DD/YYYY` → (month, day); the year is ignored (a TMY mixes years by month).
fn parse_date(text: &str, file: &Path, line: usize) -> Result<(u8, u8), WeatherError> {
    let mut parts = text.trim().split('/');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(m), Some(d), Some(_year), None) => {
            Ok((date_part(m, file, line)?, date_part(d, file, line)?))
        }
        _ => Err(WeatherError::NotANumber {
            file: file.to_path_buf(),
            line,
            field: Field::Date,
            value: text.trim().to_string(),
        }),
    }
}

/// `HH:MM` → hour-ending 1–24 (the minutes must be `00`).
fn parse_hour(text: &str, file: &Path, line: usize) -> Result<u8, WeatherError> {
    match text.trim().split_once(':') {
        Some((h, "00")) => date_part(h, file, line),
        _ => Err(WeatherError::NotANumber {
            file: file.to_path_buf(),
            line,
            field: Field::Date,
            value: text.trim().to_string(),
        }),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::super::HOURS_PER_YEAR;
    use super::super::test_support::{bundled, with_field};
    use super::*;

    const SAND_POINT: &str = "sand-point-ak-703165-tmy3.csv";
    const GREENSBORO: &str = "greensboro-nc-723170-tmy3.csv";

    fn text(name: &str) -> String {
        std::fs::read_to_string(bundled(name)).unwrap()
    }

    fn parse(text: &str) -> Result<WeatherYear, WeatherError> {
        parse_tmy3(text, Path::new("test.csv"))
    }

    /// Column 31 (0-based) is `Dry-bulb (C)` in both bundled files.
    const DRY_BULB_COL: usize = 31;

    /// Values read from the bundled Sand Point file (NREL TMY3, USAF 703165).
    #[test]
    fn reads_bundled_sand_point() {
        let y = parse_tmy3(&text(SAND_POINT), &bundled(SAND_POINT)).unwrap();
        let s = y.station();
        assert_eq!(s.name, "SAND POINT, AK");
        assert_eq!(s.id, "703165");
        assert!((s.latitude_deg - 55.317).abs() < 1e-9);
        assert!((s.longitude_deg + 160.517).abs() < 1e-9);
        assert!((s.utc_offset_h + 9.0).abs() < 1e-9);
        assert!((s.elevation_m - 7.0).abs() < 1e-9);
        let h = y.hours();
        assert_eq!(h.len(), HOURS_PER_YEAR);
        // line 3: 01/01/1997,01:00,... dry-bulb 4.0, dew point 3.0, RH 93, 1012 mbar
        assert_eq!((h[0].month, h[0].day, h[0].hour), (1, 1, 1));
        assert!((h[0].dry_bulb_c - 4.0).abs() < 1e-9);
        assert!((h[0].dew_point_c - 3.0).abs() < 1e-9);
        assert!((h[0].rel_humidity - 0.93).abs() < 1e-9);
        assert!((h[0].pressure_pa - 101_200.0).abs() < 1e-9);
        // line 4003: 06/16/1996,17:00: 8.8 °C, dew point 7.2 °C, 90 %, GHI 163 W/m².
        assert_eq!((h[4000].month, h[4000].day, h[4000].hour), (6, 16, 17));
        assert!((h[4000].dry_bulb_c - 8.8).abs() < 1e-9);
        assert!((h[4000].dew_point_c - 7.2).abs() < 1e-9);
        assert!((h[4000].ghi_w_per_m2 - 163.0).abs() < 1e-9);
        // Hottest hour: line 4457, 07/05 15:00, 19.4 °C.
        let max = h.iter().map(|h| h.dry_bulb_c).fold(f64::MIN, f64::max);
        assert!((max - 19.4).abs() < 1e-9);
        assert!((h[4454].dry_bulb_c - 19.4).abs() < 1e-9);
        assert_eq!((h[4454].month, h[4454].day, h[4454].hour), (7, 5, 15));
    }

    /// Values read from the bundled Greensboro file (NREL TMY3, USAF 723170).
    #[test]
    fn reads_bundled_greensboro() {
        let y = parse_tmy3(&text(GREENSBORO), &bundled(GREENSBORO)).unwrap();
        assert_eq!(y.station().name, "GREENSBORO PIEDMONT TRIAD INT, NC");
        assert!((y.station().elevation_m - 273.0).abs() < 1e-9);
        let h = y.hours();
        assert_eq!(h.len(), HOURS_PER_YEAR);
        // line 3: 01/01/1988,01:00: 10.0 °C, dew point 6.1 °C, 77 %, 993 mbar.
        assert!((h[0].dry_bulb_c - 10.0).abs() < 1e-9);
        assert!((h[0].dew_point_c - 6.1).abs() < 1e-9);
        assert!((h[0].rel_humidity - 0.77).abs() < 1e-9);
        assert!((h[0].pressure_pa - 99_300.0).abs() < 1e-9);
        // line 4003: 06/16/1989,17:00: 23.9 °C, dew point 20.0 °C, 79 %, 984 mbar.
        assert!((h[4000].dry_bulb_c - 23.9).abs() < 1e-9);
        assert!((h[4000].dew_point_c - 20.0).abs() < 1e-9);
        assert!((h[4000].pressure_pa - 98_400.0).abs() < 1e-9);
        // Hottest hour: line 4552, 07/09 14:00, 35.6 °C.
        assert!((h[4549].dry_bulb_c - 35.6).abs() < 1e-9);
        let max = h.iter().map(|h| h.dry_bulb_c).fold(f64::MIN, f64::max);
        assert!((max - 35.6).abs() < 1e-9);
        // Last row: 12/31/1980,24:00: 2.2 °C.
        assert_eq!((h[8759].month, h[8759].day, h[8759].hour), (12, 31, 24));
        assert!((h[8759].dry_bulb_c - 2.2).abs() < 1e-9);
    }

    #[test]
    fn bad_number_names_line_and_field() {
        let t = with_field(&text(GREENSBORO), 4512, DRY_BULB_COL, "abc");
        let err = parse(&t).unwrap_err().to_string();
        assert_eq!(err, "test.csv line 4512: dry-bulb `abc` is not a number");
    }

    #[test]
    fn missing_marker_is_an_error() {
        let t = with_field(&text(GREENSBORO), 77, DRY_BULB_COL, "-9900");
        let err = parse(&t).unwrap_err().to_string();
        assert!(
            err.contains("line 77: dry-bulb is the missing-value marker `-9900`"),
            "{err}"
        );
        let t = with_field(&text(GREENSBORO), 78, DRY_BULB_COL, "85.0");
        let err = parse(&t).unwrap_err().to_string();
        assert!(err.contains("line 78: dry-bulb 85 °C is outside the physical range -90..70"));
    }

    #[test]
    fn missing_column_is_an_error() {
        let t = text(SAND_POINT).replacen("RHum (%)", "Humidity", 1);
        let err = parse(&t).unwrap_err().to_string();
        assert_eq!(
            err,
            "test.csv line 2: no column named `RHum (%)` in the header"
        );
    }

    #[test]
    fn short_and_long_files_are_errors() {
        let t = text(SAND_POINT);
        let short: String = t.lines().take(50).collect::<Vec<_>>().join("\n");
        let err = parse(&short).unwrap_err().to_string();
        assert!(err.contains("found 48 hourly rows, expected 8760"), "{err}");
        let err = parse("703165,\"SAND POINT\",AK,-9.0,55.317,-160.517,7").unwrap_err();
        assert!(
            err.to_string().contains("line 1: file ends before"),
            "{err}"
        );
        // One extra row at the end: 8761 rows.
        let last = t.lines().last().unwrap_or_default().to_string();
        let long = format!("{t}{last}\n");
        let err = parse(&long).unwrap_err().to_string();
        assert!(err.contains("found 8,761 hourly rows"), "{err}");
    }

    #[test]
    fn bad_time_is_an_error() {
        let t = with_field(&text(SAND_POINT), 10, 1, "07:30");
        let err = parse(&t).unwrap_err().to_string();
        assert!(
            err.contains("line 10: date/hour `07:30` is not a number"),
            "{err}"
        );
    }
}
