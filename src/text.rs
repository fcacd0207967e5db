//! Small text helpers shared by reports.

/// A unit enum variant's name as the documents write it (`capex_gpu_racks`, `s_curve`):
/// its serde name; empty for a value that does not serialize to a string.
pub fn serde_name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

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
    format!("{} {}", thousands(n), noun(n, one, many))
}

/// The singular or plural noun for a count: `noun(2, "finding", "findings")` is "findings".
pub fn noun<'a>(n: u64, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
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

/// Whether a character could change what a terminal shows beyond itself: C0 and C1 control
/// characters (ESC starts ANSI sequences), DEL, and the Unicode bidirectional controls that
/// reorder text ("Trojan Source"). Line breaks and tabs are not unsafe in themselves; callers
/// that print one-line values reject them separately.
pub fn is_unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Text safe to print on a terminal: every [unsafe character](is_unsafe_char) written as a
/// visible `\u{1b}` escape, so a name cannot recolour, move or reorder what is printed.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe_char(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// At most `max` characters of `text`, with "…" in place of the rest, for quoting a value
/// of any length in a one-line message.
pub fn clipped(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        Some((end, _)) => std::borrow::Cow::Owned(format!("{}…", &text[..end])),
        None => std::borrow::Cow::Borrowed(text),
    }
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo
/// (`Jaro-Winkler` similarity above 0.8): the one "did you mean" of every message, for field
/// names, component names and catalog ids alike.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::{clipped, counted, did_you_mean, number, printable, thousands};

    #[test]
    fn did_you_mean_finds_typos_only() {
        let fields = ["slots", "max_rack_kw", "cooling"];
        assert_eq!(did_you_mean("slot", fields), Some("slots"));
        assert_eq!(did_you_mean("max_rack_kW", fields), Some("max_rack_kw"));
        assert_eq!(did_you_mean("banana", fields), None);
    }

    #[test]
    fn printable_escapes_what_a_terminal_would_obey() {
        assert_eq!(printable("Hall A"), "Hall A");
        assert_eq!(printable("red\u{1b}[31m"), "red\\u{1b}[31m");
        assert_eq!(
            printable("a\u{202e}b\u{85}c\u{7f}"),
            "a\\u{202e}b\\u{85}c\\u{7f}"
        );
        assert_eq!(printable("two\nlines\tand tab"), "two\nlines\tand tab");
    }

    #[test]
    fn clipped_counts_characters_not_bytes() {
        assert_eq!(clipped("ééé", 3), "ééé");
        assert_eq!(clipped("éééé", 3), "ééé…");
        assert_eq!(clipped("", 0), "");
    }

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
