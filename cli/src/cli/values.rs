//! Parsers for flag values that clap's defaults answer badly: a negative number for a count
//! ("unexpected argument '-1' found", as if it were a flag), and `--resolution` errors that
//! repeat the value.

use dcplan::memory::MemoryError;
use dcplan::plan::Resolution;

/// A memory refusal as the command line says it, naming `--max-memory`.
pub(crate) fn memory_message(e: &MemoryError) -> String {
    let gib = dcplan::text::number;
    match e {
        MemoryError::OverLimit {
            needed_gib,
            limit_gib,
            what,
        } => format!(
            "this run needs about {needed_gib:.1} GiB of memory ({what}), more than the limit of \
             {} GiB; make the run smaller, or pass --max-memory to allow more",
            gib(*limit_gib)
        ),
        MemoryError::BadLimit { limit_gib } => format!(
            "--max-memory {}: must be a positive number of GiB",
            gib(*limit_gib)
        ),
    }
}

/// A whole number of 0 or more (`--rounds`, `--threads`, `--at-hour`).
pub(crate) fn count(text: &str) -> Result<usize, String> {
    whole(text)
}

/// A calendar year (`--year`).
pub(crate) fn year(text: &str) -> Result<u32, String> {
    whole(text)
}

fn whole<T: std::str::FromStr>(text: &str) -> Result<T, String> {
    let t = text.trim();
    if let Ok(n) = t.parse::<T>() {
        return Ok(n);
    }
    match t.parse::<f64>() {
        Ok(v) if v < 0.0 => Err("must be positive".into()),
        Ok(v) if v.fract() != 0.0 => Err("must be a whole number".into()),
        Ok(_) => Err("is too large".into()),
        Err(_) => Err("expected a whole number, e.g. 3".into()),
    }
}

/// `rep:N` or `full`.
pub(crate) fn resolution(text: &str) -> Result<Resolution, String> {
    text.parse()
        .map_err(|e: dcplan::plan::time::ParseResolutionError| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_say_what_is_wrong() {
        assert_eq!(count("3"), Ok(3));
        assert_eq!(count(" 0 "), Ok(0));
        assert_eq!(count("-1").unwrap_err(), "must be positive");
        assert_eq!(count("1.5").unwrap_err(), "must be a whole number");
        assert_eq!(count("1e30").unwrap_err(), "is too large");
        assert_eq!(
            count("three").unwrap_err(),
            "expected a whole number, e.g. 3"
        );
        assert_eq!(year("2027"), Ok(2027));
    }
}
