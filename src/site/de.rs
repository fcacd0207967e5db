//! A serde deserializer over the spanned [`Node`] tree.
//!
//! It differs from an ordinary deserializer in three ways that make site-file errors useful:
//! every error carries the path and span of the innermost value it concerns; unknown table keys
//! are recorded (with a "did you mean") and skipped instead of aborting, so all of them are
//! reported at once; and [`deserialize_recovering`] drops a broken value and tries again, so one
//! bad rack does not hide a bad hall further down.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::fmt;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, EnumAccess, IntoDeserializer, MapAccess, SeqAccess,
    Unexpected, VariantAccess, Visitor,
};

use super::diagnostic::{Diagnostic, Diagnostics};
use super::tree::{Node, Path, Segment, Span, Value};
use crate::text::did_you_mean;

/// What kind of deserialization problem occurred (only the distinctions recovery needs).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    MissingField(&'static str),
    Other,
}

/// A deserialization error located at the innermost value it concerns (boxed: errors are
/// rare, and serde passes them up through every level of the document).
#[derive(Debug, Clone)]
pub struct DeError(Box<Inner>);

/// The parts of a [`DeError`].
#[derive(Debug, Clone)]
pub struct Inner {
    kind: Kind,
    message: String,
    label: Option<String>,
    help: Option<String>,
    location: Option<(Path, Span)>,
}

impl DeError {
    fn new(message: String) -> Self {
        DeError(Box::new(Inner {
            kind: Kind::Other,
            message,
            label: None,
            help: None,
            location: None,
        }))
    }
}

impl std::ops::Deref for DeError {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl std::ops::DerefMut for DeError {
    fn deref_mut(&mut self) -> &mut Inner {
        &mut self.0
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

/// Rewrites serde's Rust-flavoured expectations ("u32", "f64") in site-file words.
fn expected_in_words(exp: &dyn de::Expected) -> String {
    let text = exp.to_string();
    match text.as_str() {
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number ≥ 0".to_owned(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".to_owned(),
        "f32" | "f64" => "a number".to_owned(),
        "a boolean" | "a string" => text,
        _ if text.starts_with("struct ") => "a table".to_owned(),
        _ if text.starts_with("a sequence") => "an array".to_owned(),
        "a map" => "a table".to_owned(),
        _ => text,
    }
}

fn unexpected_in_words(unexp: &Unexpected<'_>) -> String {
    match unexp {
        Unexpected::Float(f) => format!("the number {}", crate::text::number(*f)),
        Unexpected::Signed(i) => format!("the integer {i}"),
        Unexpected::Unsigned(u) => format!("the integer {u}"),
        Unexpected::Str(s) => format!("the string \"{}\"", quoted(s)),
        Unexpected::Seq => "an array".to_owned(),
        Unexpected::Map => "a table".to_owned(),
        Unexpected::Unit => "null".to_owned(),
        other => other.to_string(),
    }
}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError::new(msg.to_string())
    }

    fn invalid_type(unexp: Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        let expected = expected_in_words(exp);
        let mut e = DeError::new(format!(
            "expected {expected}, found {}",
            unexpected_in_words(&unexp)
        ));
        e.label = Some(format!("expected {expected}"));
        e
    }

    fn invalid_value(unexp: Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        let expected = expected_in_words(exp);
        let mut e = DeError::new(format!(
            "{} is out of range: expected {expected}",
            unexpected_in_words(&unexp)
        ));
        e.label = Some(format!("expected {expected}"));
        e
    }

    fn invalid_length(len: usize, exp: &dyn de::Expected) -> Self {
        let mut e = DeError::new(format!("has {len} elements, expected {exp}"));
        e.label = Some(format!("expected {exp}"));
        e
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        let mut e = DeError::new(format!("unknown value \"{}\"", quoted(variant)));
        e.label = Some(format!("expected one of {}", quoted_list(expected)));
        if let Some(s) = did_you_mean(variant, expected.iter().copied()) {
            e.help = Some(format!("did you mean \"{s}\"?"));
        }
        e
    }

    fn missing_field(field: &'static str) -> Self {
        let mut e = DeError::new(format!("missing required field `{field}`"));
        e.kind = Kind::MissingField(field);
        e.help = Some(format!("add `{field} = …` (see docs/site-format.md)"));
        e
    }

    fn duplicate_field(field: &'static str) -> Self {
        DeError::new(format!("field `{field}` is given twice"))
    }
}

/// Text from the file as a message quotes it: at most [`QUOTED_CHARS`] characters.
fn quoted(text: &str) -> std::borrow::Cow<'_, str> {
    crate::text::clipped(text, QUOTED_CHARS)
}

/// The most characters of a value from the file that a message quotes.
const QUOTED_CHARS: usize = 60;

fn quoted_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| format!("\"{s}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Findings that do not stop deserialization (unknown fields), shared by all sub-deserializers.
#[derive(Default)]
struct Recorder {
    unknown: RefCell<Vec<Unknown>>,
}

/// An unknown key, where it was, and the field it probably meant.
#[derive(Debug, Clone, PartialEq)]
struct Unknown {
    parent: Path,
    suggestion: Option<&'static str>,
    diagnostic: Diagnostic,
}

/// Deserializes one node of the tree.
struct NodeDe<'a> {
    node: &'a Node,
    path: Path,
    recorder: &'a Recorder,
}

impl<'a> NodeDe<'a> {
    fn locate<T>(&self, result: Result<T, DeError>) -> Result<T, DeError> {
        result.map_err(|mut e| {
            if e.location.is_none() {
                e.location = Some((self.path.clone(), self.node.span.clone()));
            }
            e
        })
    }

    fn child(&self, node: &'a Node, path: Path) -> NodeDe<'a> {
        NodeDe {
            node,
            path,
            recorder: self.recorder,
        }
    }
}

impl<'de> de::Deserializer<'de> for NodeDe<'_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let result = match &self.node.value {
            Value::String(s) => visitor.visit_str(s),
            Value::Integer(i) => visitor.visit_i64(*i),
            Value::Float(f) => visitor.visit_f64(*f),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Null => visitor.visit_unit(),
            Value::Array(items) => visitor.visit_seq(Seq {
                de: &self,
                items,
                next: 0,
            }),
            Value::Table(entries) => visitor.visit_map(Map {
                de: &self,
                entries,
                fields: None,
                next: 0,
            }),
        };
        self.locate(result)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.node.value == Value::Null {
            let r = visitor.visit_none();
            self.locate(r)
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        if let Value::Table(entries) = &self.node.value {
            let result = visitor.visit_map(Map {
                de: &self,
                entries,
                fields: Some(fields),
                next: 0,
            });
            self.locate(result)
        } else {
            self.deserialize_any(visitor)
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let result = match &self.node.value {
            Value::String(s) => visitor.visit_enum(UnitVariant(s)),
            _ => Err(de::Error::invalid_type(
                unexpected(&self.node.value),
                &OneOf(variants),
            )),
        };
        self.locate(result)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map identifier ignored_any
    }
}

struct OneOf(&'static [&'static str]);

impl de::Expected for OneOf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "one of {}", quoted_list(self.0))
    }
}

fn unexpected(value: &Value) -> Unexpected<'_> {
    match value {
        Value::String(s) => Unexpected::Str(s),
        Value::Integer(i) => Unexpected::Signed(*i),
        Value::Float(f) => Unexpected::Float(*f),
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Null => Unexpected::Unit,
        Value::Array(_) => Unexpected::Seq,
        Value::Table(_) => Unexpected::Map,
    }
}

struct Seq<'a, 'b> {
    de: &'b NodeDe<'a>,
    items: &'a [Node],
    next: usize,
}

impl<'de> SeqAccess<'de> for Seq<'_, '_> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        let Some(node) = self.items.get(self.next) else {
            return Ok(None);
        };
        let path = self.de.path.index(self.next);
        self.next += 1;
        seed.deserialize(self.de.child(node, path)).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len() - self.next)
    }
}

struct Map<'a, 'b> {
    de: &'b NodeDe<'a>,
    entries: &'a [(super::tree::Key, Node)],
    /// The struct's field names; keys outside them are recorded as unknown and skipped.
    fields: Option<&'static [&'static str]>,
    next: usize,
}

impl<'de> MapAccess<'de> for Map<'_, '_> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        while let Some((key, _)) = self.entries.get(self.next) {
            match self.fields {
                Some(fields) if !fields.contains(&key.name.as_str()) => {
                    self.record_unknown(key, fields);
                    self.next += 1;
                }
                _ => {
                    return seed
                        .deserialize(KeyDe { name: &key.name })
                        .map(Some)
                        .map_err(|mut e| {
                            e.location
                                .get_or_insert((self.de.path.key(&key.name), key.span.clone()));
                            e
                        });
                }
            }
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let Some((key, node)) = self.entries.get(self.next) else {
            return Err(DeError::new(
                "internal: value requested before key".to_owned(),
            ));
        };
        self.next += 1;
        seed.deserialize(self.de.child(node, self.de.path.key(&key.name)))
    }
}

impl Map<'_, '_> {
    fn record_unknown(&self, key: &super::tree::Key, fields: &'static [&'static str]) {
        let suggestion = did_you_mean(&key.name, fields.iter().copied());
        let mut d = Diagnostic::error(
            "unknown-field",
            format!(
                "unknown field `{}` in {}",
                quoted(&key.name),
                describe(&self.de.path)
            ),
        )
        .at(key.span.clone())
        .label("not a field here");
        d = match suggestion {
            Some(s) => d.help(format!("did you mean `{s}`?")),
            None => d.help(format!(
                "expected one of {}",
                fields
                    .iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        };
        let parent = self.de.path.clone();
        self.de.recorder.unknown.borrow_mut().push(Unknown {
            parent,
            suggestion,
            diagnostic: d,
        });
    }
}

/// How a path reads in a message: "the document", or `hall[2]`.
pub fn describe(path: &Path) -> String {
    if path.0.is_empty() {
        "the document".to_owned()
    } else {
        format!("`{path}`")
    }
}

/// Deserializes a table key; integer keys (years in `gpus_online`) parse from the key text.
struct KeyDe<'a> {
    name: &'a str,
}

impl KeyDe<'_> {
    fn parse<T: std::str::FromStr>(&self, what: &str) -> Result<T, DeError> {
        self.name.parse().map_err(|_| {
            let mut e = DeError::new(format!("key \"{}\" is not {what}", quoted(self.name)));
            e.label = Some(format!("expected {what}"));
            e
        })
    }
}

macro_rules! parse_key {
    ($($method:ident => $visit:ident: $ty:ty, $what:expr;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
            visitor.$visit(self.parse::<$ty>($what)?)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for KeyDe<'_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_str(self.name)
    }

    parse_key! {
        deserialize_u16 => visit_u16: u16, "a whole number ≥ 0";
        deserialize_u32 => visit_u32: u32, "a whole number ≥ 0";
        deserialize_u64 => visit_u64: u64, "a whole number ≥ 0";
        deserialize_i32 => visit_i32: i32, "a whole number";
        deserialize_i64 => visit_i64: i64, "a whole number";
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i128 u8 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// A string naming a unit enum variant.
struct UnitVariant<'a>(&'a str);

impl<'de> EnumAccess<'de> for UnitVariant<'_> {
    type Error = DeError;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), DeError> {
        let de: de::value::StrDeserializer<'_, DeError> = self.0.into_deserializer();
        Ok((seed.deserialize(de)?, self))
    }
}

impl<'de> VariantAccess<'de> for UnitVariant<'_> {
    type Error = DeError;

    fn unit_variant(self) -> Result<(), DeError> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _seed: T) -> Result<T::Value, DeError> {
        Err(de::Error::invalid_type(Unexpected::UnitVariant, &"a table"))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _v: V) -> Result<V::Value, DeError> {
        Err(de::Error::invalid_type(Unexpected::UnitVariant, &"a table"))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        _v: V,
    ) -> Result<V::Value, DeError> {
        Err(de::Error::invalid_type(Unexpected::UnitVariant, &"a table"))
    }
}

fn to_diagnostic(e: DeError) -> Diagnostic {
    let e = *e.0;
    let (path, span) = e.location.unwrap_or_default();
    let message = if path.0.is_empty() {
        e.message
    } else {
        format!("{}: {}", describe(&path), e.message)
    };
    // A finding about the whole document (a missing section) has no place to point at.
    let mut d = Diagnostic::error("type", message).at_opt((!path.0.is_empty()).then_some(span));
    if matches!(e.kind, Kind::MissingField(_)) {
        d.code = "missing-field";
    }
    d.label = e.label;
    d.help = e.help;
    d
}

/// What [`deserialize_recovering`] got out of a tree.
pub struct Recovered<T> {
    /// The value built from what was left once broken values were removed; `None` when even
    /// the document as a whole could not be built.
    pub value: Option<T>,
    /// The tree with the broken values removed (spans still point into the original text).
    /// Paths into `value` are paths into this tree.
    pub tree: Node,
    /// Whether nothing had to be removed, so `value` stands for the whole file.
    pub complete: bool,
    /// The spans of the stand-ins added for missing fields (empty, each at the start of its
    /// table): a later finding located there is about a stand-in, not about the file.
    pub stand_ins: Vec<Span>,
}

/// Deserializes `T` from the tree, collecting every problem it can find.
///
/// After an error, the broken value is removed and deserialization runs again, so errors in
/// independent parts of the file are all reported. A required field that had to be removed
/// makes its table unusable, so the table is removed next; that "missing field" is a
/// consequence and is not reported twice. Nor is a missing field that an unknown key
/// misspells (`slot` for `slots`): the unknown-field finding already says so. The loop ends
/// when deserialization succeeds or only the whole document is left to remove; it removes a
/// node each round, so it always terminates.
///
/// Each round reads the whole tree, so a file with many broken parts would cost rounds times
/// its size. Elements of the arrays named by `arrays` (the site's halls, racks …) are
/// therefore first recovered one at a time with [`recover_elements`]; what reaches the whole
/// document is already sound, and the cost stays linear in the file.
///
/// `incomplete` names tables already known to lack fields because of an earlier finding (a
/// rack whose catalog entry does not exist): their missing fields are not reported.
///
/// `placeholder` may offer a valid stand-in for a scalar of the wrong type (the site loader
/// takes it from a starter site), so that one mistyped year does not hide every other problem
/// in its table; the value is still not `complete`, and the stand-in is never reported on.
pub fn deserialize_recovering<T: DeserializeOwned>(
    mut root: Node,
    arrays: &[ElementRecovery],
    incomplete: &[Path],
    placeholder: &dyn Fn(&Path) -> Option<Value>,
    diags: &mut Diagnostics,
) -> Recovered<T> {
    let mut complete = true;
    let mut stand_ins = Vec::new();
    for array in arrays {
        let path = Path(
            array
                .path
                .iter()
                .map(|k| Segment::Key((*k).to_owned()))
                .collect(),
        );
        let (sound, spans) = (array.recover)(&mut root, &path, incomplete, placeholder, diags);
        complete &= sound;
        stand_ins.extend(spans);
    }
    let mut recovered = recover_at(root, &Path::root(), incomplete, placeholder, diags, true);
    recovered.complete &= complete;
    recovered.stand_ins.extend(stand_ins);
    recovered
}

/// An array of the document whose elements are recovered on their own (see
/// [`recover_elements`]), and the type of its elements.
pub struct ElementRecovery {
    /// The keys leading to the array: `["grid", "contract"]`.
    path: &'static [&'static str],
    recover: RecoverFn,
}

type RecoverFn = fn(
    &mut Node,
    &Path,
    &[Path],
    &dyn Fn(&Path) -> Option<Value>,
    &mut Diagnostics,
) -> (bool, Vec<Span>);

impl ElementRecovery {
    /// The array at `path`, of `E` elements.
    pub const fn of<E: DeserializeOwned>(path: &'static [&'static str]) -> Self {
        ElementRecovery {
            path,
            recover: recover_elements::<E>,
        }
    }
}

/// Deserializes each element of the array at `array` as an `E`, reporting its problems at
/// their full paths, and leaves in the tree only elements that now deserialize: each with its
/// broken values replaced or removed, the unusable ones dropped. Returns whether every element
/// was sound as written, and the spans of the stand-ins added (see [`Recovered::stand_ins`]).
/// A missing array, or one of the wrong type, is left for the whole
/// document to report.
pub fn recover_elements<E: DeserializeOwned>(
    root: &mut Node,
    array: &Path,
    incomplete: &[Path],
    placeholder: &dyn Fn(&Path) -> Option<Value>,
    diags: &mut Diagnostics,
) -> (bool, Vec<Span>) {
    let Some(Node {
        value: Value::Array(items),
        ..
    }) = root.get_mut(array)
    else {
        return (true, Vec::new());
    };
    let mut complete = true;
    let mut stand_ins = Vec::new();
    let mut kept = Vec::with_capacity(items.len());
    for (i, item) in std::mem::take(items).into_iter().enumerate() {
        let r: Recovered<E> =
            recover_at(item, &array.index(i), incomplete, placeholder, diags, false);
        complete &= r.complete;
        if r.value.is_some() {
            stand_ins.extend(r.stand_ins);
            kept.push(r.tree);
        }
    }
    *items = kept;
    (complete, stand_ins)
}

/// The recovery loop of [`deserialize_recovering`] on a subtree whose path in the document is
/// `base`. Unknown keys are reported when `report_unknown`, or when the subtree proves
/// unusable (it will not reach the later pass that reports them).
fn recover_at<T: DeserializeOwned>(
    mut root: Node,
    base: &Path,
    incomplete: &[Path],
    placeholder: &dyn Fn(&Path) -> Option<Value>,
    diags: &mut Diagnostics,
    report_unknown: bool,
) -> Recovered<T> {
    let mut removed: BTreeSet<Path> = BTreeSet::new();
    let mut substituted: BTreeSet<Path> = BTreeSet::new();
    let mut unknown: Vec<Unknown> = Vec::new();
    let mut stand_ins: Vec<Span> = Vec::new();
    // Paths of findings are paths in the document; the subtree is addressed without `base`.
    let within = |path: &Path| Path(path.0[base.0.len().min(path.0.len())..].to_vec());
    let value = loop {
        let recorder = Recorder::default();
        let result = T::deserialize(NodeDe {
            node: &root,
            path: base.clone(),
            recorder: &recorder,
        });
        for u in recorder.unknown.into_inner() {
            if !unknown.contains(&u) {
                unknown.push(u);
            }
        }
        match result {
            Ok(v) => break Some(v),
            Err(e) => {
                let (path, _) = e.location.clone().unwrap_or_else(|| (base.clone(), 0..0));
                let consequence = match e.kind {
                    Kind::MissingField(f) => {
                        removed.contains(&path.key(f))
                            || incomplete.contains(&path)
                            || unknown
                                .iter()
                                .any(|u| u.parent == path && u.suggestion == Some(f))
                    }
                    Kind::Other => false,
                };
                let kind = e.kind.clone();
                if !consequence {
                    diags.push(to_diagnostic(e));
                }
                // Stand in a valid value where one is known, so the rest of the table (and of
                // the document) is still checked: a scalar of the wrong type is replaced; a
                // missing field is added.
                let stand_in = match kind {
                    Kind::Other => Some(path.clone())
                        .filter(|p| !substituted.contains(p))
                        .and_then(|p| placeholder(&p))
                        .filter(|v| !matches!(v, Value::Table(_) | Value::Array(_)))
                        .map(|v| root.replace(&within(&path), v).then(|| path.clone())),
                    Kind::MissingField(f) => Some(path.key(f))
                        .filter(|p| !substituted.contains(p))
                        .and_then(|p| placeholder(&p))
                        .map(|v| {
                            root.insert(&within(&path), f, v).map(|span| {
                                stand_ins.push(span);
                                path.key(f)
                            })
                        }),
                };
                if let Some(Some(done)) = stand_in {
                    substituted.insert(done);
                    continue;
                }
                let rel = within(&path);
                if rel.0.is_empty() || !root.remove(&rel) {
                    break None;
                }
                removed.insert(path);
            }
        }
    };
    if report_unknown || value.is_none() {
        diags.extend(unknown.into_iter().map(|u| u.diagnostic));
    }
    Recovered {
        value,
        tree: root,
        complete: removed.is_empty() && substituted.is_empty(),
        stand_ins,
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;
    use crate::site::tree::parse_toml;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        name: String,
        #[serde(default)]
        hall: Vec<Hall>,
        #[serde(default)]
        target: std::collections::BTreeMap<u32, u64>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Hall {
        slots: u32,
        cooling: Cooling,
        #[serde(default)]
        max_rack_kw: Option<f64>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "snake_case")]
    enum Cooling {
        Air,
        Liquid,
    }

    fn run(text: &str) -> (Option<Doc>, Vec<Diagnostic>) {
        let mut d = Diagnostics::default();
        let root = parse_toml(text, &mut d).unwrap();
        let recovered = deserialize_recovering::<Doc>(root, &[], &[], &|_| None, &mut d);
        let doc = if d.has_errors() {
            None
        } else {
            recovered.value
        };
        (doc, d.sorted())
    }

    fn snippet(text: &str, d: &Diagnostic) -> String {
        text[d.span.clone().unwrap()].to_owned()
    }

    #[test]
    fn valid_document_deserializes() {
        let (doc, d) =
            run("name = \"x\"\ntarget = { 2027 = 5 }\n[[hall]]\nslots = 3\ncooling = \"air\"\n");
        assert!(d.is_empty(), "{d:?}");
        let doc = doc.unwrap();
        assert_eq!(doc.hall[0].slots, 3);
        assert_eq!(doc.target[&2027], 5);
    }

    #[test]
    fn reports_every_broken_hall_with_its_span() {
        let text = "name = \"x\"\n[[hall]]\nslots = -1\ncooling = \"air\"\n\
                    [[hall]]\nslots = 2\ncooling = \"liquid\"\n\
                    [[hall]]\nslots = 2\ncooling = \"watr\"\n";
        let (doc, d) = run(text);
        assert!(doc.is_none());
        assert_eq!(d.len(), 2, "{d:#?}");
        assert_eq!(snippet(text, &d[0]), "-1");
        assert!(
            d[0].message
                .starts_with("`hall[0].slots`: the integer -1 is out of range"),
            "{}",
            d[0].message
        );
        assert_eq!(snippet(text, &d[1]), "\"watr\"");
        assert!(d[1].message.contains("unknown value \"watr\""));
        assert!(
            d[1].label
                .as_deref()
                .unwrap()
                .contains("\"air\", \"liquid\"")
        );
    }

    #[test]
    fn unknown_fields_are_all_reported_with_suggestions() {
        let text = "name = \"x\"\nnmae = 1\n[[hall]]\nslot = 3\nslots = 3\ncooling = \"air\"\nmax_rack_kW = 4\n";
        let (doc, d) = run(text);
        assert!(doc.is_none());
        assert_eq!(d.len(), 3, "{d:#?}");
        assert_eq!(snippet(text, &d[0]), "nmae");
        assert_eq!(d[0].help.as_deref(), Some("did you mean `name`?"));
        assert_eq!(snippet(text, &d[1]), "slot");
        assert_eq!(d[1].help.as_deref(), Some("did you mean `slots`?"));
        assert_eq!(d[2].help.as_deref(), Some("did you mean `max_rack_kw`?"));
    }

    #[test]
    fn missing_required_field_names_the_table() {
        let (_, d) = run("name = \"x\"\n[[hall]]\ncooling = \"air\"\n");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "missing-field");
        assert_eq!(d[0].message, "`hall[0]`: missing required field `slots`");
    }

    #[test]
    fn consequences_of_removal_are_not_reported_twice() {
        // `name` has the wrong type; removing it makes `name` missing, which is not news.
        let text = "name = 5\n[[hall]]\nslots = \"many\"\ncooling = \"air\"\n";
        let (_, d) = run(text);
        assert_eq!(d.len(), 2, "{d:#?}");
        assert!(
            d[0].message
                .contains("expected a string, found the integer 5")
        );
        assert!(
            d[1].message
                .contains("expected a whole number ≥ 0, found the string \"many\"")
        );
    }

    #[test]
    fn a_misspelt_required_field_is_reported_once() {
        let text = "name = \"x\"\n[[hall]]\nslot = 3\ncooling = \"air\"\n";
        let (_, d) = run(text);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].code, "unknown-field");
        assert_eq!(d[0].help.as_deref(), Some("did you mean `slots`?"));
    }

    #[test]
    fn recovery_keeps_the_intact_rest() {
        let mut d = Diagnostics::default();
        let text = "name = \"x\"\n[[hall]]\nslots = -1\ncooling = \"air\"\n[[hall]]\nslots = 4\ncooling = \"air\"\n";
        let root = parse_toml(text, &mut d).unwrap();
        let r = deserialize_recovering::<Doc>(root, &[], &[], &|_| None, &mut d);
        assert!(!r.complete);
        let doc = r.value.unwrap();
        assert_eq!(doc.hall.len(), 1);
        assert_eq!(doc.hall[0].slots, 4);
        let slots = r
            .tree
            .get(&Path::root().key("hall").index(0).key("slots"))
            .unwrap();
        assert_eq!(&text[slots.span.clone()], "4");
    }

    #[test]
    fn stand_ins_for_missing_fields_sit_at_an_empty_span_and_are_listed() {
        let text = "name = \"x\"\n[[hall]]\nslots = 3\n";
        let mut d = Diagnostics::default();
        let root = parse_toml(text, &mut d).unwrap();
        let air =
            |p: &Path| (p.to_string() == "hall[0].cooling").then(|| Value::String("air".into()));
        let r = deserialize_recovering::<Doc>(root, &[], &[], &air, &mut d);
        assert_eq!(r.value.unwrap().hall[0].cooling, Cooling::Air);
        assert!(!r.complete);
        let path = Path::root().key("hall").index(0).key("cooling");
        let span = r.tree.get(&path).unwrap().span.clone();
        let table_start = text.find("slots").unwrap();
        assert!(span.is_empty() && span.start <= table_start, "{span:?}");
        assert_eq!(r.stand_ins, vec![span]);
        let d = d.sorted();
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].message, "`hall[0]`: missing required field `cooling`");
    }

    #[test]
    fn bad_year_key_points_at_the_key() {
        let text = "name = \"x\"\ntarget = { 20x7 = 5 }\n";
        let (_, d) = run(text);
        assert_eq!(d.len(), 1);
        assert_eq!(snippet(text, &d[0]), "20x7");
    }
}
