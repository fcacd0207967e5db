//! Paths to one value of a site, as a person types them: `hall["Hall A"].slots`,
//! `grid.contract[0].energy_usd_per_mwh`, `demand.gpus_online[2]`.
//!
//! A path is a key, then any number of `.key`, `[index]` or `["name"]` steps. A list of named
//! tables (halls, racks, contracts, generators, chillers …) can be stepped into by position or
//! by the `name` of an element; on a table, `["text"]` is a key that is not a bare word (a rack
//! name in `existing_racks`). Keys may also be quoted after a dot (`hall[0]."odd key"`).
//! Strings are in double quotes with `\"` and `\\` escapes, or in single quotes taken
//! literally.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

/// One step of a [`SitePath`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SiteSegment {
    /// A table key (`.slots`).
    Key(String),
    /// A position in a list, from 0 (`[2]`).
    Index(usize),
    /// The element of a list whose `name` is this, or a quoted key of a table (`["Hall A"]`).
    Name(String),
}

/// A path from the top of a site to one value, parsed from text such as
/// `grid.contract["utility 230 kV"].energy_usd_per_mwh`.
///
/// ```
/// use dcplan::site::path::{SitePath, SiteSegment};
/// let path: SitePath = r#"hall["Hall A"].slots"#.parse()?;
/// assert_eq!(path.segments()[1], SiteSegment::Name("Hall A".into()));
/// assert_eq!(path.to_string(), r#"hall["Hall A"].slots"#);
/// # Ok::<(), dcplan::site::path::PathError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SitePath(Vec<SiteSegment>);

/// Why a path does not parse: what was expected where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("at character {} of the path: expected {expected}, found {found}", .at.start + 1)]
pub struct PathError {
    /// Bytes of the path text the problem is at (empty at its end).
    pub at: Range<usize>,
    /// What would have been right there.
    pub expected: &'static str,
    /// What is there instead, as shown to a reader.
    pub found: String,
}

impl SitePath {
    /// A path of the given steps; the first should be a key (a site is a table).
    pub fn new(segments: Vec<SiteSegment>) -> Self {
        SitePath(segments)
    }

    /// The steps, from the top of the site.
    pub fn segments(&self) -> &[SiteSegment] {
        &self.0
    }

    /// Parses the path at the start of `text` up to the first `stop` character outside
    /// quotes (or the end); returns it with the byte offset where it ended. `PATH=VALUE` is
    /// read by stopping at `=`.
    pub fn parse_prefix(text: &str, stop: char) -> Result<(SitePath, usize), PathError> {
        let mut parser = Parser { text, at: 0, stop };
        let path = parser.path()?;
        Ok((path, parser.at))
    }

    /// The byte ranges of each step in this path's [`Display`](fmt::Display) text, so a
    /// finding about one step can point at it.
    pub fn segment_spans(&self) -> Vec<Range<usize>> {
        let mut text = String::new();
        self.0
            .iter()
            .enumerate()
            .map(|(i, seg)| {
                let start = text.len();
                // Writing into a String cannot fail.
                let _ = write_segment(&mut text, i, seg);
                start..text.len()
            })
            .collect()
    }
}

impl FromStr for SitePath {
    type Err = PathError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        // No stop character: `\0` cannot be typed into a path, and is refused as unexpected.
        let (path, end) = SitePath::parse_prefix(text, '\0')?;
        if end < text.len() {
            return Err(PathError {
                at: end..end + 1,
                expected: "the end of the path",
                found: found_at(text, end),
            });
        }
        Ok(path)
    }
}

impl fmt::Display for SitePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            write_segment(f, i, seg)?;
        }
        Ok(())
    }
}

/// Writes step `i` of a path as it parses back: bare keys bare, others quoted.
fn write_segment(out: &mut impl fmt::Write, i: usize, seg: &SiteSegment) -> fmt::Result {
    match seg {
        SiteSegment::Key(k) => {
            if i > 0 {
                out.write_char('.')?;
            }
            if is_bare_key(k) {
                out.write_str(k)
            } else {
                write_quoted(out, k)
            }
        }
        SiteSegment::Index(n) => write!(out, "[{n}]"),
        SiteSegment::Name(name) => {
            out.write_char('[')?;
            write_quoted(out, name)?;
            out.write_char(']')
        }
    }
}

fn write_quoted(out: &mut impl fmt::Write, s: &str) -> fmt::Result {
    out.write_char('"')?;
    for c in s.chars() {
        if matches!(c, '"' | '\\') {
            out.write_char('\\')?;
        }
        out.write_char(c)?;
    }
    out.write_char('"')
}

fn is_bare_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

fn is_bare_key(k: &str) -> bool {
    !k.is_empty() && k.chars().all(is_bare_char)
}

/// What a reader sees at byte `at` of `text`: the character, or "the end of the path".
fn found_at(text: &str, at: usize) -> String {
    text[at..]
        .chars()
        .next()
        .map_or_else(|| "the end of the path".to_owned(), |c| format!("`{c}`"))
}

struct Parser<'a> {
    text: &'a str,
    at: usize,
    stop: char,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.text[self.at..]
            .chars()
            .next()
            .filter(|&c| c != self.stop)
    }

    fn error(&self, expected: &'static str) -> PathError {
        let len = self.text[self.at..]
            .chars()
            .next()
            .map_or(0, char::len_utf8);
        PathError {
            at: self.at..self.at + len,
            expected,
            found: if self.peek().is_some() {
                found_at(self.text, self.at)
            } else {
                "the end of the path".to_owned()
            },
        }
    }

    fn path(&mut self) -> Result<SitePath, PathError> {
        let mut segments = vec![SiteSegment::Key(
            self.key("a key (such as `hall` or `grid`)")?,
        )];
        while let Some(c) = self.peek() {
            match c {
                '.' => {
                    self.at += 1;
                    segments.push(SiteSegment::Key(self.key("a key after `.`")?));
                }
                '[' => {
                    self.at += 1;
                    segments.push(self.bracket()?);
                }
                _ => return Err(self.error("`.`, `[` or the end of the path")),
            }
        }
        Ok(SitePath(segments))
    }

    /// A bare key or a quoted one.
    fn key(&mut self, expected: &'static str) -> Result<String, PathError> {
        match self.peek() {
            Some('"' | '\'') => self.string(),
            Some(c) if is_bare_char(c) => {
                let start = self.at;
                while self.peek().is_some_and(is_bare_char) {
                    self.at += 1;
                }
                Ok(self.text[start..self.at].to_owned())
            }
            _ => Err(self.error(expected)),
        }
    }

    /// What follows `[`: an index or a quoted name, then `]`.
    fn bracket(&mut self) -> Result<SiteSegment, PathError> {
        let seg = match self.peek() {
            Some('"' | '\'') => SiteSegment::Name(self.string()?),
            Some(c) if c.is_ascii_digit() => {
                let start = self.at;
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.at += 1;
                }
                let digits = &self.text[start..self.at];
                let index = digits.parse().map_err(|_| PathError {
                    at: start..self.at,
                    expected: "a position that fits in a number",
                    found: format!("`{digits}`"),
                })?;
                SiteSegment::Index(index)
            }
            _ => {
                return Err(
                    self.error("a position (`[0]`) or a quoted name (`[\"Hall A\"]`) after `[`")
                );
            }
        };
        if self.peek() == Some(']') {
            self.at += 1;
            Ok(seg)
        } else {
            Err(self.error("`]`"))
        }
    }

    /// A string in double quotes (with `\"` and `\\`) or single quotes (literal). The stop
    /// character may appear inside it.
    fn string(&mut self) -> Result<String, PathError> {
        let open = self.at;
        let quote = self.text[open..].chars().next().unwrap_or('"');
        self.at += 1;
        let mut out = String::new();
        let mut chars = self.text[self.at..].char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                c if c == quote => {
                    self.at += i + 1;
                    return Ok(out);
                }
                '\\' if quote == '"' => match chars.next() {
                    Some((_, e @ ('"' | '\\'))) => out.push(e),
                    Some((j, e)) => {
                        let at = self.at + j;
                        return Err(PathError {
                            at: at..at + e.len_utf8(),
                            expected: "`\\\"` or `\\\\` (the only escapes in a path)",
                            found: format!("`\\{e}`"),
                        });
                    }
                    None => break,
                },
                c => out.push(c),
            }
        }
        Err(PathError {
            at: open..self.text.len(),
            expected: "a closing quote",
            found: "the end of the path".to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::SiteSegment::{Index, Key, Name};
    use super::*;

    fn parse(text: &str) -> Vec<SiteSegment> {
        text.parse::<SitePath>()
            .unwrap_or_else(|e| panic!("{text}: {e}"))
            .0
    }

    fn key(k: &str) -> SiteSegment {
        Key(k.to_owned())
    }

    fn name(n: &str) -> SiteSegment {
        Name(n.to_owned())
    }

    #[test]
    fn keys_indices_and_names_with_spaces() {
        assert_eq!(
            parse(r#"grid.contract["utility 230 kV"].energy_usd_per_mwh"#),
            [
                key("grid"),
                key("contract"),
                name("utility 230 kV"),
                key("energy_usd_per_mwh")
            ]
        );
        assert_eq!(
            parse("hall[0].slots"),
            [key("hall"), Index(0), key("slots")]
        );
        assert_eq!(
            parse(r#"hall["Hall A"].existing_racks["GB200 NVL72"]"#),
            [
                key("hall"),
                name("Hall A"),
                key("existing_racks"),
                name("GB200 NVL72")
            ]
        );
        assert_eq!(
            parse("demand.gpus_online[2]"),
            [key("demand"), key("gpus_online"), Index(2)]
        );
    }

    #[test]
    fn quotes_escape_and_single_quotes_are_literal() {
        assert_eq!(
            parse(r#"hall["say \"hi\" \\ bye"]"#),
            [key("hall"), name(r#"say "hi" \ bye"#)]
        );
        assert_eq!(parse(r"hall['a\b']"), [key("hall"), name(r"a\b")]);
        assert_eq!(
            parse(r#"hall[0]."odd key""#),
            [key("hall"), Index(0), key("odd key")]
        );
        assert_eq!(parse(r#"hall["a=b"]"#), [key("hall"), name("a=b")]);
    }

    #[test]
    fn display_parses_back_to_the_same_path() {
        for text in [
            r#"grid.contract["utility 230 kV"].energy_usd_per_mwh"#,
            r#"hall["say \"hi\" \\"]."odd key"[3]"#,
            "demand.gpus_online[2]",
        ] {
            let path: SitePath = text.parse().unwrap();
            assert_eq!(path.to_string(), text);
            assert_eq!(path.to_string().parse::<SitePath>().unwrap(), path);
        }
        let path: SitePath = r#"hall["Hall A"].slots"#.parse().unwrap();
        let shown = path.to_string();
        let spans = path.segment_spans();
        let pieces: Vec<&str> = spans.iter().map(|s| &shown[s.clone()]).collect();
        assert_eq!(pieces, ["hall", r#"["Hall A"]"#, ".slots"]);
    }

    /// Each error says where (character, counted from 1) and what was expected.
    #[test]
    fn errors_are_located_and_say_what_was_expected() {
        let cases = [
            (
                "",
                1,
                "expected a key (such as `hall` or `grid`), found the end of the path",
            ),
            (
                "hall.",
                6,
                "expected a key after `.`, found the end of the path",
            ),
            ("hall[0.slots", 7, "expected `]`, found `.`"),
            ("hall[x]", 6, "a position (`[0]`) or a quoted name"),
            ("hall[\"Hall A].slots", 6, "expected a closing quote"),
            (
                "hall slots",
                5,
                "expected `.`, `[` or the end of the path, found ` `",
            ),
            ("hall[\"a\\n\"]", 9, "the only escapes in a path"),
            (
                "hall[99999999999999999999999]",
                6,
                "a position that fits in a number",
            ),
        ];
        for (text, column, message) in cases {
            let e = text.parse::<SitePath>().unwrap_err();
            let shown = e.to_string();
            assert!(
                shown.starts_with(&format!("at character {column} of the path: ")),
                "{text:?}: {shown}"
            );
            assert!(shown.contains(message), "{text:?}: {shown}");
        }
    }

    #[test]
    fn a_prefix_stops_at_the_stop_character_outside_quotes() {
        let (path, end) = SitePath::parse_prefix(r#"hall["a=b"].slots=4"#, '=').unwrap();
        assert_eq!(path.to_string(), r#"hall["a=b"].slots"#);
        assert_eq!(end, 17);
    }
}
