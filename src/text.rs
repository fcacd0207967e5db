//! Small text helpers shared by reports.

/// A whole number with thousands separators: 14200 → "14,200".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A count and its noun, singular or plural as the count asks: `counted(1, "hall", "halls")`
/// is "1 hall", `counted(8760, "hour", "hours")` "8,760 hours".
pub fn counted(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// A number as a person would write it: the shortest digits that read back as the same
/// value, in exponent form when very large or very small (`1e308`, not 309 digits).
pub fn number(value: f64) -> String {
    let magnitude = value.abs();
    if magnitude >= 1e9 || (magnitude > 0.0 && magnitude < 1e-4) {
        format!("{value:e}")
    } else {
        format!("{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::{counted, number, thousands};

    #[test]
    fn counts_agree_with_their_nouns() {
        assert_eq!(counted(0, "line", "lines"), "0 lines");
        assert_eq!(counted(1, "line", "lines"), "1 line");
        assert_eq!(counted(14_200, "rack", "racks"), "14,200 racks");
    }

    #[test]
    fn numbers_read_as_written() {
        assert_eq!(number(1e308), "1e308");
        assert_eq!(number(-1e300), "-1e300");
        assert_eq!(number(1e9), "1e9");
        assert_eq!(number(123_456_789.0), "123456789");
        assert_eq!(number(0.5), "0.5");
        assert_eq!(number(2.5e-7), "2.5e-7");
        assert_eq!(number(0.0), "0");
        assert_eq!(number(f64::NAN), "NaN");
    }

    #[test]
    fn groups_by_three() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(14_200), "14,200");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
