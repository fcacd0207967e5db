//! A format-neutral document tree with byte spans, built from TOML or JSON.
//!
//! serde's own TOML and JSON deserializers stop at the first problem and forget where values
//! came from. dcplan wants every problem at once, each pointing at its line and column, so a
//! site file is first parsed into this tree (keeping every key's and value's span) and then
//! deserialized from it by [`super::de`].

use std::ops::Range;

use super::diagnostic::{Diagnostic, Diagnostics};

/// Byte range of a value or key in the source text.
pub type Span = Range<usize>;

/// One value of the document with the span it was parsed from.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Where the value is in the source text.
    pub span: Span,
    /// The value itself.
    pub value: Value,
}

/// A key of a table with its own span, so "unknown field" can point at the key.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    /// The key's text.
    pub name: String,
    /// Where the key is in the source text.
    pub span: Span,
}

/// The kinds of value a site file can hold.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A string (TOML datetimes are kept as their text).
    String(String),
    /// An integer.
    Integer(i64),
    /// A floating-point number.
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// JSON `null` (TOML has none).
    Null,
    /// An array.
    Array(Vec<Node>),
    /// A table (TOML) or object (JSON), in source order.
    Table(Vec<(Key, Node)>),
}

/// One step of a path from the document root to a value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Segment {
    /// A table key.
    Key(String),
    /// An array index.
    Index(usize),
}

/// A path from the root to a value, printed like `hall[2].max_rack_kw`.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Path(pub Vec<Segment>);

impl Path {
    /// The root path (the whole document).
    pub fn root() -> Self {
        Path(Vec::new())
    }

    /// This path extended by a table key.
    #[must_use]
    pub fn key(&self, key: &str) -> Self {
        let mut p = self.clone();
        p.0.push(Segment::Key(key.to_owned()));
        p
    }

    /// This path extended by an array index.
    #[must_use]
    pub fn index(&self, i: usize) -> Self {
        let mut p = self.clone();
        p.0.push(Segment::Index(i));
        p
    }

    /// The path without its last segment (the root stays the root).
    #[must_use]
    pub fn parent(&self) -> Self {
        let mut p = self.clone();
        p.0.pop();
        p
    }
}

impl std::fmt::Display for Path {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(document)");
        }
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Segment::Key(k) if i == 0 => write!(f, "{k}")?,
                Segment::Key(k) => write!(f, ".{k}")?,
                Segment::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

impl Node {
    /// The value at `path`, if there is one.
    pub fn get(&self, path: &Path) -> Option<&Node> {
        path.0.iter().try_fold(self, |node, seg| node.child(seg))
    }

    fn child(&self, seg: &Segment) -> Option<&Node> {
        match (&self.value, seg) {
            (Value::Table(entries), Segment::Key(k)) => entries
                .iter()
                .find(|(key, _)| &key.name == k)
                .map(|(_, v)| v),
            (Value::Array(items), Segment::Index(i)) => items.get(*i),
            _ => None,
        }
    }

    /// The span of the key that names the value at `path` (falls back to the value's span).
    pub fn key_span(&self, path: &Path) -> Option<Span> {
        let (last, parent) = path.0.split_last()?;
        let parent = self.get(&Path(parent.to_vec()))?;
        match (&parent.value, last) {
            (Value::Table(entries), Segment::Key(k)) => entries
                .iter()
                .find(|(key, _)| &key.name == k)
                .map(|(key, _)| key.span.clone()),
            _ => self.get(path).map(|n| n.span.clone()),
        }
    }

    /// Removes the value at `path` (a table entry or an array element).
    /// Returns whether anything was removed.
    pub fn remove(&mut self, path: &Path) -> bool {
        let Some((last, parent)) = path.0.split_last() else {
            return false;
        };
        let Some(parent) = parent
            .iter()
            .try_fold(self, |node, seg| node.child_mut(seg))
        else {
            return false;
        };
        match (&mut parent.value, last) {
            (Value::Table(entries), Segment::Key(k)) => {
                let before = entries.len();
                entries.retain(|(key, _)| &key.name != k);
                entries.len() != before
            }
            (Value::Array(items), Segment::Index(i)) if *i < items.len() => {
                items.remove(*i);
                true
            }
            _ => false,
        }
    }

    /// Adds `key = value` to the table at `path`; returns the span the new entry and
    /// everything inside it were given, if there was such a table. That span is empty, at the
    /// table's start: the value comes from elsewhere (a starter site), must not point into
    /// another text, and findings about it can be told apart by it.
    pub fn insert(&mut self, path: &Path, key: &str, mut value: Value) -> Option<Span> {
        let node = self.get_mut(path)?;
        let span = node.span.start..node.span.start;
        respan(&mut value, &span);
        match &mut node.value {
            Value::Table(entries) => {
                entries.push((
                    Key {
                        name: key.to_owned(),
                        span: span.clone(),
                    },
                    Node {
                        span: span.clone(),
                        value,
                    },
                ));
                Some(span)
            }
            _ => None,
        }
    }

    /// Replaces the value at `path`, keeping its span. Returns whether there was one.
    pub fn replace(&mut self, path: &Path, value: Value) -> bool {
        match path
            .0
            .iter()
            .try_fold(self, |node, seg| node.child_mut(seg))
        {
            Some(node) => {
                node.value = value;
                true
            }
            None => false,
        }
    }

    /// The value at `path`, to change in place.
    pub fn get_mut(&mut self, path: &Path) -> Option<&mut Node> {
        path.0
            .iter()
            .try_fold(self, |node, seg| node.child_mut(seg))
    }

    fn child_mut(&mut self, seg: &Segment) -> Option<&mut Node> {
        match (&mut self.value, seg) {
            (Value::Table(entries), Segment::Key(k)) => entries
                .iter_mut()
                .find(|(key, _)| &key.name == k)
                .map(|(_, v)| v),
            (Value::Array(items), Segment::Index(i)) => items.get_mut(*i),
            _ => None,
        }
    }

    /// A node of a `toml::Value` (a value from the catalog or an edit, not from the site
    /// file), every part of it at `span`.
    pub fn from_toml(value: &toml::Value, span: &Span) -> Node {
        let value = match value {
            toml::Value::String(s) => Value::String(s.clone()),
            toml::Value::Integer(i) => Value::Integer(*i),
            toml::Value::Float(f) => Value::Float(*f),
            toml::Value::Boolean(b) => Value::Bool(*b),
            toml::Value::Datetime(d) => Value::String(d.to_string()),
            toml::Value::Array(a) => {
                Value::Array(a.iter().map(|v| Node::from_toml(v, span)).collect())
            }
            toml::Value::Table(t) => Value::Table(
                t.iter()
                    .map(|(k, v)| {
                        (
                            Key {
                                name: k.clone(),
                                span: span.clone(),
                            },
                            Node::from_toml(v, span),
                        )
                    })
                    .collect(),
            ),
        };
        Node {
            span: span.clone(),
            value,
        }
    }

    /// The string of a string node.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
}

/// Parses TOML text into a tree, reporting every syntax error the parser can recover from.
pub fn parse_toml(text: &str, diags: &mut Diagnostics) -> Option<Node> {
    let (doc, errors) = toml::de::DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        for err in errors {
            let span = err.span().unwrap_or(0..0);
            diags.push(
                Diagnostic::error("syntax", format!("invalid TOML: {}", err.message().trim()))
                    .at(span)
                    .help("see docs/site-format.md for the site file's shape"),
            );
        }
        return None;
    }
    let span = doc.span();
    Some(Node {
        span,
        value: toml_table(doc.get_ref()),
    })
}

fn toml_table(table: &toml::de::DeTable<'_>) -> Value {
    Value::Table(
        table
            .iter()
            .map(|(k, v)| {
                (
                    Key {
                        name: k.get_ref().to_string(),
                        span: k.span(),
                    },
                    toml_node(v),
                )
            })
            .collect(),
    )
}

fn toml_node(v: &toml::Spanned<toml::de::DeValue<'_>>) -> Node {
    use toml::de::DeValue;
    let value = match v.get_ref() {
        DeValue::String(s) => Value::String(s.to_string()),
        // The TOML parser has already checked integer syntax; an i64 overflow becomes a float
        // so that serde reports "expected u32" style range errors instead of a parse failure.
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).map_or_else(
            |_| Value::Float(i.as_str().parse().unwrap_or(f64::NAN)),
            Value::Integer,
        ),
        DeValue::Float(f) => Value::Float(parse_toml_float(f.as_str())),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::String(d.to_string()),
        DeValue::Array(a) => Value::Array(a.iter().map(toml_node).collect()),
        DeValue::Table(t) => toml_table(t),
    };
    Node {
        span: v.span(),
        value,
    }
}

fn parse_toml_float(s: &str) -> f64 {
    match s.trim_start_matches('+') {
        "inf" => f64::INFINITY,
        "-inf" => f64::NEG_INFINITY,
        "nan" | "-nan" => f64::NAN,
        other => other.replace('_', "").parse().unwrap_or(f64::NAN),
    }
}

/// Parses strict JSON (no comments, no trailing commas) into a tree.
pub fn parse_json(text: &str, diags: &mut Diagnostics) -> Option<Node> {
    use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};
    let strict = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    match parse_to_ast(text, &CollectOptions::default(), &strict) {
        Ok(result) => {
            if let Some(v) = result.value {
                Some(json_node(&v))
            } else {
                diags.push(
                    Diagnostic::error("syntax", "invalid JSON: the file is empty")
                        .help("a JSON site file is one object: { \"site\": { … }, … }"),
                );
                None
            }
        }
        Err(err) => {
            let r = err.range();
            diags.push(
                Diagnostic::error("syntax", format!("invalid JSON: {}", err.kind()))
                    .at(r.start..r.end)
                    .label("here")
                    .help("JSON site files are strict JSON: no comments, no trailing commas"),
            );
            None
        }
    }
}

fn json_node(v: &jsonc_parser::ast::Value<'_>) -> Node {
    use jsonc_parser::ast::Value as J;
    let (range, value) = match v {
        J::StringLit(s) => (s.range, Value::String(s.value.to_string())),
        J::NumberLit(n) => {
            let value = n.value.parse::<i64>().map_or_else(
                |_| Value::Float(n.value.parse().unwrap_or(f64::NAN)),
                Value::Integer,
            );
            (n.range, value)
        }
        J::BooleanLit(b) => (b.range, Value::Bool(b.value)),
        J::NullKeyword(n) => (n.range, Value::Null),
        J::Array(a) => (
            a.range,
            Value::Array(a.elements.iter().map(json_node).collect()),
        ),
        J::Object(o) => (
            o.range,
            Value::Table(
                o.properties
                    .iter()
                    .map(|p| {
                        let (name, span) = match &p.name {
                            jsonc_parser::ast::ObjectPropName::String(s) => {
                                (s.value.to_string(), s.range)
                            }
                            jsonc_parser::ast::ObjectPropName::Word(w) => {
                                (w.value.to_string(), w.range)
                            }
                        };
                        (
                            Key {
                                name,
                                span: span.start..span.end,
                            },
                            json_node(&p.value),
                        )
                    })
                    .collect(),
            ),
        ),
    };
    Node {
        span: range.start..range.end,
        value,
    }
}

/// Gives every node and key inside `value` the span `span`.
fn respan(value: &mut Value, span: &Span) {
    match value {
        Value::Array(items) => {
            for item in items {
                item.span = span.clone();
                respan(&mut item.value, span);
            }
        }
        Value::Table(entries) => {
            for (key, node) in entries {
                key.span = span.clone();
                node.span = span.clone();
                respan(&mut node.value, span);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toml(text: &str) -> Node {
        let mut d = Diagnostics::default();
        parse_toml(text, &mut d).unwrap()
    }

    #[test]
    fn toml_spans_point_at_keys_and_values() {
        let text = "[site]\nname = \"x\"\nyears = 10\n";
        let root = toml(text);
        let path = Path::root().key("site").key("years");
        let node = root.get(&path).unwrap();
        assert_eq!(&text[node.span.clone()], "10");
        assert_eq!(&text[root.key_span(&path).unwrap()], "years");
        assert_eq!(path.to_string(), "site.years");
    }

    #[test]
    fn json_spans_point_at_keys_and_values() {
        let text = "{\"hall\": [{\"slots\": 12}, {\"slots\": 7.5}]}";
        let mut d = Diagnostics::default();
        let root = parse_json(text, &mut d).unwrap();
        let path = Path::root().key("hall").index(1).key("slots");
        assert_eq!(path.to_string(), "hall[1].slots");
        assert_eq!(&text[root.get(&path).unwrap().span.clone()], "7.5");
        assert_eq!(root.get(&path).unwrap().value, Value::Float(7.5));
    }

    #[test]
    fn json_rejects_comments_and_trailing_commas() {
        for bad in ["{\"a\": 1,}", "{// c\n\"a\": 1}", "", "{\"a\": NaN}"] {
            let mut d = Diagnostics::default();
            assert!(parse_json(bad, &mut d).is_none(), "{bad:?} should fail");
            assert_eq!(d.len(), 1);
        }
    }

    #[test]
    fn toml_reports_several_syntax_errors() {
        let mut d = Diagnostics::default();
        assert!(parse_toml("a = \nb = [1,\nc = 3\n", &mut d).is_none());
        assert!(!d.is_empty());
    }

    #[test]
    fn remove_drops_array_elements_and_keys() {
        let mut root = toml("[[hall]]\nname = \"a\"\n[[hall]]\nname = \"b\"\n");
        assert!(root.remove(&Path::root().key("hall").index(0)));
        let name = root
            .get(&Path::root().key("hall").index(0).key("name"))
            .unwrap();
        assert_eq!(name.as_str(), Some("b"));
        assert!(root.get(&Path::root().key("hall").index(1)).is_none());
        assert!(root.remove(&Path::root().key("hall")));
        assert_eq!(root.value, Value::Table(Vec::new()));
    }
}
