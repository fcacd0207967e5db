//! Edits of a loaded site by path (`hall["Hall A"].slots = 12`), validated in memory.
//!
//! An [`EditableSite`] keeps the parsed tree of the site file and the data of the files it
//! names. Edits are applied to a copy of the tree, in order, and the result is validated by
//! the same rules as a file, without reading or parsing the site file again; a data file is
//! read only when an edit names one not read before. A finding about an edited value is
//! worded as the same mistake in the file would be, and is marked with the edit it is in
//! ([`Diagnostic::edit`]), its span in the edit's text `PATH=VALUE`.
//!
//! ```
//! use dcplan::site::{Edit, EditableSite};
//! let mut site = EditableSite::load(std::path::Path::new("sites/colo-retrofit.toml"))?;
//! let edit: Edit = "hall[0].slots=60".parse().expect("an edit");
//! site.apply(&[edit]).expect("40 slots is a valid hall");
//! assert_eq!(site.site().site.hall[0].slots, 60);
//! # Ok::<(), dcplan::site::SiteError>(())
//! ```

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use super::data_files::DataFiles;
use super::diagnostic::{Diagnostic, Diagnostics};
use super::path::{PathError, SitePath, SiteSegment};
use super::tree::{Key, Node, Span, Value};
use super::{LoadedSite, SiteError, SourceFile};
use crate::text::did_you_mean;

/// One change to a site: the value at a path becomes `value` (a key not in the file is added).
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    /// Where.
    pub path: SitePath,
    /// The new value: a number, boolean, string, array or table, as in a TOML file.
    pub value: toml::Value,
}

impl Edit {
    /// The edit setting `path` to `value`.
    pub fn new(path: SitePath, value: impl Into<toml::Value>) -> Self {
        Edit {
            path,
            value: value.into(),
        }
    }
}

/// `PATH=VALUE`, with the value written as TOML (strings quoted); parses back to the edit.
impl fmt::Display for Edit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}=", self.path)?;
        write_value(f, &self.value)
    }
}

/// A value as TOML writes it on the right of `=`, on one line.
fn write_value(f: &mut impl fmt::Write, value: &toml::Value) -> fmt::Result {
    match value {
        toml::Value::Array(items) => {
            f.write_char('[')?;
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write_value(f, item)?;
            }
            f.write_char(']')
        }
        toml::Value::Table(table) => {
            f.write_char('{')?;
            for (i, (key, item)) in table.iter().enumerate() {
                f.write_str(if i > 0 { ", " } else { " " })?;
                write_value(f, &toml::Value::String(key.clone()))?;
                f.write_str(" = ")?;
                write_value(f, item)?;
            }
            f.write_str(if table.is_empty() { "}" } else { " }" })
        }
        scalar => write!(f, "{scalar}"),
    }
}

/// Why the text of an edit, `PATH=VALUE`, does not read as one. Spans are bytes of that text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The path does not parse.
    #[error(transparent)]
    Path(#[from] PathError),
    /// There is no `=` after the path, or nothing after it.
    #[error("expected `=` and a value after the path")]
    NoValue {
        /// Where the value should be.
        at: usize,
    },
    /// The value looks like TOML (it starts with a quote or bracket, or spans lines) but is
    /// not a TOML value.
    #[error("`{text}` is not a value: {VALUE_FORMS}")]
    Value {
        /// Where the value is.
        at: Range<usize>,
        /// The value as given.
        text: String,
    },
}

/// What a value can be, for messages.
const VALUE_FORMS: &str =
    "give a number, true or false, a \"quoted string\", an [array] or an { inline = table }";

impl EditError {
    /// The bytes of the edit's text the problem is at.
    pub fn span(&self) -> Range<usize> {
        match self {
            EditError::Path(e) => e.at.clone(),
            EditError::NoValue { at } => *at..*at,
            EditError::Value { at, .. } => at.clone(),
        }
    }

    /// The problem as a finding located in the edit's text, worded like one in a site file.
    pub fn diagnostic(&self) -> Diagnostic {
        let label = match self {
            EditError::Path(e) => format!("expected {}", e.expected),
            EditError::NoValue { .. } => "expected `=VALUE`".to_owned(),
            EditError::Value { .. } => "not a TOML value".to_owned(),
        };
        Diagnostic::error("edit", self.to_string())
            .at(self.span())
            .label(label)
            .help(EDIT_HELP)
    }
}

/// How an edit is written, for help texts.
const EDIT_HELP: &str = "an edit is PATH=VALUE, e.g. hall[\"Hall A\"].slots=12 or \
                         grid.contract[0].energy_usd_per_mwh=61 (docs/site-paths.md)";

/// Reads `PATH=VALUE`. The value is TOML (`61`, `true`, `"text"`, `[1, 2]`); a bare word that
/// is not TOML (`weather/x.csv`, `Hall B`) is taken as a string.
impl FromStr for Edit {
    type Err = EditError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (path, end) = SitePath::parse_prefix(text, '=')?;
        let Some(raw) = text[end..].strip_prefix('=') else {
            return Err(EditError::NoValue { at: end });
        };
        let value_at = end + 1;
        let value = raw.trim();
        if value.is_empty() {
            return Err(EditError::NoValue { at: value_at });
        }
        let start = value_at + (raw.len() - raw.trim_start().len());
        let value = parse_value(value).ok_or_else(|| EditError::Value {
            at: start..start + value.len(),
            text: value.to_owned(),
        })?;
        Ok(Edit { path, value })
    }
}

/// A TOML value, or a bare word taken as a string; `None` for text that tries to be TOML and
/// is not.
fn parse_value(text: &str) -> Option<toml::Value> {
    if let Ok(mut table) = format!("value = {text}").parse::<toml::Table>()
        && table.len() == 1
    {
        return table.remove("value");
    }
    let looks_like_toml = text.starts_with(['"', '\'', '[', '{'])
        || text
            .chars()
            .any(|c| c.is_control() || matches!(c, '"' | '#' | '='));
    (!looks_like_toml).then(|| toml::Value::String(text.to_owned()))
}

/// A site file loaded so that it can be edited and validated again in memory: its parsed
/// tree, the data of its files, and the site as validated with the edits made so far.
#[derive(Debug, Clone)]
pub struct EditableSite {
    /// The site file's tree as parsed, before any edit (and before catalog racks are merged).
    tree: Node,
    base_dir: PathBuf,
    files: DataFiles,
    loaded: LoadedSite,
}

impl EditableSite {
    /// Reads, parses and validates a site file (as [`super::load`] does), keeping what it
    /// needs to take edits.
    pub fn load(path: &Path) -> Result<Self, SiteError> {
        let text = super::read_text(path)?;
        Self::load_str(text, path, super::base_dir(path))
    }

    /// Parses and validates site text as if read from `path` (as [`super::load_str`] does),
    /// keeping what it needs to take edits.
    pub fn load_str(text: String, path: &Path, base_dir: &Path) -> Result<Self, SiteError> {
        let mut diags = Diagnostics::default();
        let source = SourceFile {
            path: path.to_owned(),
            text,
        };
        let Some(tree) = super::parse(&source.text, path, &mut diags) else {
            return Err(super::invalid(source, diags.sorted(), Vec::new()));
        };
        let mut files = DataFiles::default();
        let valid =
            super::validate_tree(tree.clone(), &source.text, base_dir, &mut files, &mut diags);
        let loaded = super::finish(source, base_dir, valid, diags.sorted(), Vec::new())?;
        Ok(EditableSite {
            tree,
            base_dir: base_dir.to_owned(),
            files,
            loaded,
        })
    }

    /// The site as validated with the edits applied so far ([`LoadedSite::edits`]).
    pub fn site(&self) -> &LoadedSite {
        &self.loaded
    }

    /// The site with `edits` applied after those made so far, validated; this site is not
    /// changed. A sweep takes each scenario's site from here.
    pub fn edited(&self, edits: &[Edit]) -> Result<LoadedSite, SiteError> {
        self.revalidate(edits).map(|(loaded, _)| loaded)
    }

    /// Applies `edits` after those made so far, in order, if the site they make is valid;
    /// otherwise leaves this site as it was and returns why.
    pub fn apply(&mut self, edits: &[Edit]) -> Result<&LoadedSite, SiteError> {
        let (loaded, files) = self.revalidate(edits)?;
        self.loaded = loaded;
        self.files = files;
        Ok(&self.loaded)
    }

    /// The site file's tree with every edit made so far and `more` applied, validated, with
    /// the data files it was validated with.
    fn revalidate(&self, more: &[Edit]) -> Result<(LoadedSite, DataFiles), SiteError> {
        let edits: Vec<Edit> = self.loaded.edits.iter().chain(more).cloned().collect();
        let source = &self.loaded.source;
        let layout = Layout::new(source.text.len(), &edits);
        let mut tree = self.tree.clone();
        let mut diags = Diagnostics::default();
        for (k, edit) in edits.iter().enumerate() {
            if let Err(d) = apply_edit(&mut tree, edit, layout.value_span(k)) {
                diags.push(Diagnostic {
                    edit: Some(k),
                    ..*d
                });
            }
        }
        let mut files = self.files.clone();
        let valid = if diags.has_errors() {
            None
        } else {
            super::validate_tree(tree, &source.text, &self.base_dir, &mut files, &mut diags)
        };
        let mut diagnostics = layout.relocate(diags.sorted());
        // The file's findings, then each edit's in the order of the edits.
        diagnostics.sort_by_key(|d| d.edit.map_or(0, |k| k + 1));
        let loaded = super::finish(source.clone(), &self.base_dir, valid, diagnostics, edits)?;
        Ok((loaded, files))
    }
}

/// Where each edit's text `PATH=VALUE` sits in the span space of the edited tree: one after
/// another past the end of the site file, so a span tells file from edit, and which edit.
struct Layout {
    /// The first offset past the file (the file's own spans may end at its length).
    base: usize,
    /// Per edit, its text's start offset and the length of its path and of its whole text.
    edits: Vec<(usize, usize, usize)>,
}

impl Layout {
    fn new(file_len: usize, edits: &[Edit]) -> Self {
        let base = file_len + 1;
        let mut start = base;
        let edits = edits
            .iter()
            .map(|edit| {
                let path_len = edit.path.to_string().len();
                let len = edit.to_string().len();
                let placed = (start, path_len, len);
                start += len + 1;
                placed
            })
            .collect();
        Layout { base, edits }
    }

    /// The span an edit's value is given in the tree.
    fn value_span(&self, k: usize) -> Span {
        let (start, path_len, len) = self.edits[k];
        start + path_len + 1..start + len
    }

    /// Marks each finding located in an edit with that edit, its span made relative to the
    /// edit's text.
    fn relocate(&self, mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        for d in &mut diagnostics {
            let Some(span) = d
                .span
                .clone()
                .filter(|s| d.edit.is_none() && s.start >= self.base)
            else {
                continue;
            };
            let k = self
                .edits
                .partition_point(|&(start, _, _)| start <= span.start)
                .saturating_sub(1);
            let (start, _, len) = self.edits[k];
            d.edit = Some(k);
            d.span = Some(span.start - start..(span.end - start).min(len));
        }
        diagnostics
    }
}

/// Sets the value at `edit.path` in `root`, adding a missing last key (and missing tables on
/// the way to a key); the new value is given `value_span`. A path that leads nowhere is a
/// finding located in the edit's text.
fn apply_edit(root: &mut Node, edit: &Edit, value_span: Span) -> Result<(), Box<Diagnostic>> {
    let segments = edit.path.segments();
    let spans = edit.path.segment_spans();
    let mut node = root;
    for (i, segment) in segments.iter().enumerate() {
        let next_is_key = matches!(segments.get(i + 1), None | Some(SiteSegment::Key(_)));
        let at = || SitePath::new(segments[..i].to_vec());
        node = step(node, segment, next_is_key, &value_span, at)
            .map_err(|d| Box::new(d.at(spans[i].clone())))?;
    }
    *node = Node::from_toml(&edit.value, &value_span);
    Ok(())
}

/// The child of `node` at `segment`. A missing key is added (as an empty table, to be filled
/// or replaced) when `create` holds: the last step, or one followed by a key. `at` is the
/// path of `node`, for messages.
fn step<'a>(
    node: &'a mut Node,
    segment: &SiteSegment,
    create: bool,
    span: &Span,
    at: impl Fn() -> SitePath,
) -> Result<&'a mut Node, Box<Diagnostic>> {
    let within = || {
        let at = at();
        if at.segments().is_empty() {
            "the site".to_owned()
        } else {
            format!("`{at}`")
        }
    };
    match (&mut node.value, segment) {
        (Value::Table(entries), SiteSegment::Key(key) | SiteSegment::Name(key)) => {
            table_entry(entries, key, create, span, within)
        }
        // A table keyed by numbers (`gpus_online`'s years) takes `[2030]` as its key "2030".
        (Value::Table(entries), SiteSegment::Index(n)) => {
            table_entry(entries, &n.to_string(), create, span, within)
        }
        (Value::Array(items), SiteSegment::Index(n)) => {
            let len = items.len();
            items.get_mut(*n).ok_or_else(|| {
                let positions = match len {
                    0 => "it is empty".to_owned(),
                    1 => "the only position is 0".to_owned(),
                    _ => format!("positions are 0 to {}", len - 1),
                };
                Box::new(
                    Diagnostic::error(
                        "edit",
                        format!("{} has no element {n}: {positions}", within()),
                    )
                    .label("no such position"),
                )
            })
        }
        (Value::Array(items), SiteSegment::Name(name)) => {
            let names: Vec<String> = items
                .iter()
                .filter_map(|item| name_of(item).map(str::to_owned))
                .collect();
            match items.iter().position(|item| name_of(item) == Some(name)) {
                Some(i) => Ok(&mut items[i]),
                None => Err(Box::new(
                    Diagnostic::error(
                        "edit",
                        format!("{} has no element named \"{name}\"", within()),
                    )
                    .label("no such name")
                    .help(listed("the names are", &names)),
                )),
            }
        }
        (Value::Array(_), SiteSegment::Key(key)) => Err(Box::new(
            Diagnostic::error(
                "edit",
                format!(
                    "{} is a list, which has no key `{key}`: step into it by name or position",
                    within()
                ),
            )
            .label("not a key of a list")
            .help(format!(
                "e.g. {}[\"NAME\"].{key} or {}[0].{key}",
                at(),
                at()
            )),
        )),
        (scalar, _) => Err(Box::new(
            Diagnostic::error(
                "edit",
                format!(
                    "{} is {}, which has nothing inside it",
                    within(),
                    kind_of(scalar)
                ),
            )
            .label("nothing to step into"),
        )),
    }
}

/// The entry `key` of a table, added as an empty table when missing and `create` holds.
fn table_entry<'a>(
    entries: &'a mut Vec<(Key, Node)>,
    key: &str,
    create: bool,
    span: &Span,
    within: impl Fn() -> String,
) -> Result<&'a mut Node, Box<Diagnostic>> {
    let i = match entries.iter().position(|(k, _)| k.name == key) {
        Some(i) => i,
        None if create => {
            // The key is given the value's span: an unknown field is then found in the edit.
            let key = Key {
                name: key.to_owned(),
                span: span.clone(),
            };
            let empty = Node {
                span: span.clone(),
                value: Value::Table(Vec::new()),
            };
            entries.push((key, empty));
            entries.len() - 1
        }
        None => {
            let keys: Vec<&str> = entries.iter().map(|(k, _)| k.name.as_str()).collect();
            let d = Diagnostic::error("edit", format!("{} has no `{key}`", within()))
                .label("no such key");
            return Err(Box::new(match did_you_mean(key, keys.iter().copied()) {
                Some(s) => d.help(format!("did you mean `{s}`?")),
                None => d.help(listed(
                    "its keys are",
                    &keys.iter().map(|k| (*k).to_owned()).collect::<Vec<_>>(),
                )),
            }));
        }
    };
    Ok(&mut entries[i].1)
}

/// How many names a message lists before saying how many more there are.
const LISTED: usize = 5;

/// `intro "a", "b", … and N more`, or "there are none".
fn listed(intro: &str, names: &[String]) -> String {
    if names.is_empty() {
        return "there are none".to_owned();
    }
    let shown: Vec<String> = names
        .iter()
        .take(LISTED)
        .map(|n| format!("\"{}\"", crate::text::clipped(n, 60)))
        .collect();
    let more = names.len().saturating_sub(LISTED);
    let rest = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    format!("{intro} {}{rest}", shown.join(", "))
}

/// What kind of value a node holds, for messages: "a number", "a string" ….
fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::String(_) => "a string",
        Value::Integer(_) | Value::Float(_) => "a number",
        Value::Bool(_) => "a boolean",
        Value::Null => "null",
        Value::Array(_) => "a list",
        Value::Table(_) => "a table",
    }
}

/// The `name` of a table node, if it has a string one.
fn name_of(node: &Node) -> Option<&str> {
    match &node.value {
        Value::Table(entries) => entries
            .iter()
            .find(|(k, _)| k.name == "name")
            .and_then(|(_, v)| v.as_str()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::{InvalidSite, load_str};

    const COLO: &str = "sites/colo-retrofit.toml";

    fn colo() -> EditableSite {
        EditableSite::load(Path::new(COLO)).expect("the colo sample loads")
    }

    fn edit(text: &str) -> Edit {
        text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn invalid(result: Result<LoadedSite, SiteError>) -> InvalidSite {
        match result {
            Err(SiteError::Invalid(invalid)) => *invalid,
            Err(e) => panic!("not invalid: {e}"),
            Ok(_) => panic!("the edit was accepted"),
        }
    }

    /// The errors' wording (message, code, label, help), without where they are.
    fn wording(
        invalid: &InvalidSite,
    ) -> Vec<(String, &'static str, Option<String>, Option<String>)> {
        invalid
            .errors()
            .map(|d| (d.message.clone(), d.code, d.label.clone(), d.help.clone()))
            .collect()
    }

    #[test]
    fn values_are_toml_and_bare_words_are_strings() {
        let value = |text: &str| edit(&format!("site.name={text}")).value;
        assert_eq!(value("61"), toml::Value::Integer(61));
        assert_eq!(value(" 61.5 "), toml::Value::Float(61.5));
        assert_eq!(value("true"), toml::Value::Boolean(true));
        assert_eq!(value("\"a b\""), toml::Value::String("a b".into()));
        assert_eq!(
            value("[1, 2]"),
            toml::Value::Array(vec![1.into(), 2.into()])
        );
        assert_eq!(value("Hall B"), toml::Value::String("Hall B".into()));
        assert_eq!(
            value("weather/x.csv"),
            toml::Value::String("weather/x.csv".into())
        );
    }

    #[test]
    fn edit_text_errors_are_located() {
        let error = |text: &str| text.parse::<Edit>().unwrap_err();
        assert_eq!(error("hall[0].slots"), EditError::NoValue { at: 13 });
        assert_eq!(error("hall[0].slots= "), EditError::NoValue { at: 14 });
        let bad = error("hall[0].slots=[1,");
        assert_eq!(bad.span(), 14..17);
        assert_eq!(
            bad.to_string(),
            format!("`[1,` is not a value: {VALUE_FORMS}")
        );
        // A value cannot smuggle in a second key.
        assert!(matches!(
            error("site.name=1\nother = 2"),
            EditError::Value { .. }
        ));
        let path = error("hall[0.slots=1");
        assert_eq!(path.span(), 6..7);
        assert!(path.to_string().contains("expected `]`"), "{path}");
    }

    #[test]
    fn edits_display_as_they_parse() {
        for text in [
            r#"grid.contract["utility LGS"].energy_usd_per_mwh=61"#,
            r#"site.name='a "b"'"#,
            "demand.gpus_online={ \"2027\" = 512 }",
            "hall[0].allowed_racks=[\"x\", \"y\"]",
        ] {
            let e = edit(text);
            assert_eq!(e.to_string(), text);
            assert_eq!(edit(&e.to_string()), e);
        }
    }

    #[test]
    fn an_edit_changes_the_value_and_is_recorded() {
        let mut site = colo();
        let price = edit(r#"grid.contract["utility LGS"].energy_usd_per_mwh=61"#);
        let loaded = site.apply(std::slice::from_ref(&price)).unwrap();
        // The file has 68.0.
        assert!((loaded.site.grid.contract[0].energy_usd_per_mwh - 61.0).abs() < 1e-12);
        assert_eq!(loaded.edits, [price]);
        assert_ne!(
            loaded.fingerprint().unwrap(),
            colo().site().fingerprint().unwrap()
        );
    }

    #[test]
    fn by_name_and_by_index_give_the_same_site() {
        let site = colo();
        let by_name = site.edited(&[edit(r#"hall["Suite 2"].slots=60"#)]).unwrap();
        let by_index = site.edited(&[edit("hall[0].slots=60")]).unwrap();
        assert_eq!(by_name.site, by_index.site);
        assert_eq!(by_name.site.hall[0].slots, 60);
    }

    #[test]
    fn edits_apply_in_order_after_earlier_ones() {
        let mut site = colo();
        site.apply(&[edit("hall[0].slots=60"), edit("hall[0].slots=50")])
            .unwrap();
        site.apply(&[edit("site.name=\"renamed\"")]).unwrap();
        assert_eq!(site.site().site.hall[0].slots, 50);
        assert_eq!(site.site().site.site.name, "renamed");
        assert_eq!(site.site().edits.len(), 3);
    }

    #[test]
    fn a_bad_edit_is_worded_as_in_a_file_and_names_the_edit() {
        let text = std::fs::read_to_string(COLO).unwrap();
        assert!(text.contains("slots = 48\n"));
        let in_file = load_str(
            text.replacen("slots = 48\n", "slots = -4\n", 1),
            Path::new(COLO),
            Path::new("sites"),
        );
        let in_file = invalid(in_file);
        let mut site = colo();
        let bad = edit(r#"hall["Suite 2"].slots=-4"#);
        let by_edit = invalid(site.apply(std::slice::from_ref(&bad)).cloned());
        assert!(!wording(&in_file).is_empty());
        assert_eq!(wording(&by_edit), wording(&in_file));
        let d = by_edit.errors().next().unwrap();
        assert_eq!(d.edit, Some(0));
        // The span is the value in the edit's text.
        assert_eq!(&bad.to_string()[d.span.clone().unwrap()], "-4");
        assert_eq!(by_edit.edits, [bad]);
        // The site is as it was.
        assert_eq!(site.site().site.hall[0].slots, 48);
        assert!(site.site().edits.is_empty());
    }

    #[test]
    fn an_unknown_key_gets_a_did_you_mean() {
        let site = colo();
        let bad = invalid(site.edited(&[edit("hall[0].slot=40")]));
        let d = bad.errors().next().unwrap();
        assert_eq!(d.code, "unknown-field");
        assert_eq!(d.help.as_deref(), Some("did you mean `slots`?"));
        assert_eq!(d.edit, Some(0));
        // On the way to a list, the key must exist.
        let bad = invalid(site.edited(&[edit("hal[0].slots=40")]));
        let d = bad.errors().next().unwrap();
        assert_eq!(d.message, "the site has no `hal`");
        assert_eq!(d.help.as_deref(), Some("did you mean `hall`?"));
        assert_eq!(d.span, Some(0..3));
    }

    #[test]
    fn an_unknown_name_lists_the_names() {
        let bad = invalid(colo().edited(&[edit(r#"rack["DGX"].gpus=8"#)]));
        let d = bad.errors().next().unwrap();
        assert_eq!(d.message, "`rack` has no element named \"DGX\"");
        assert_eq!(
            d.help.as_deref(),
            Some(r#"the names are "DGX H100 x4", "HGX H100 x2""#)
        );
        assert_eq!(d.span, Some(4..11));
        let names: Vec<String> = (0..8).map(|i| format!("n{i}")).collect();
        assert_eq!(
            listed("the names are", &names),
            r#"the names are "n0", "n1", "n2", "n3", "n4" and 3 more"#
        );
    }

    #[test]
    fn paths_that_lead_nowhere_say_why() {
        let message = |text: &str| {
            invalid(colo().edited(&[edit(text)]))
                .errors()
                .next()
                .unwrap()
                .message
                .clone()
        };
        assert_eq!(
            message("hall[3].slots=1"),
            "`hall` has no element 3: the only position is 0"
        );
        assert_eq!(
            message("hall.slots=1"),
            "`hall` is a list, which has no key `slots`: step into it by name or position"
        );
        assert_eq!(
            message("site.name.first=1"),
            "`site.name` is a string, which has nothing inside it"
        );
    }

    #[test]
    fn a_table_keyed_by_years_takes_an_index_as_its_key() {
        let loaded = colo()
            .edited(&[edit("demand.gpus_online[2028]=1200")])
            .unwrap();
        // The file has { 2027 = 512, 2028 = 1024, 2029 = 1536 }.
        assert_eq!(loaded.site.demand.target_in(2028), 1200);
        assert_eq!(loaded.site.demand.target_in(2029), 1536);
    }

    #[test]
    fn an_edit_naming_another_weather_file_reads_it() {
        let site = colo();
        let missing = invalid(site.edited(&[edit("site.weather=weather/none.epw")]));
        let d = missing.errors().next().unwrap();
        assert!(
            d.message.starts_with("cannot read weather file"),
            "{}",
            d.message
        );
        assert_eq!(d.edit, Some(0));
        // The same file by another path: read again, the same data.
        let moved = site
            .edited(&[edit("site.weather=./weather/greensboro-nc-723170-tmy3.csv")])
            .unwrap();
        assert_eq!(moved.weather, site.site().weather);
        assert!(
            moved
                .files
                .iter()
                .any(|(p, _)| p.to_string_lossy().contains("/./weather/"))
        );
    }

    #[test]
    fn quoted_keys_and_defaulted_fields_can_be_set() {
        let loaded = colo()
            .edited(&[
                edit(r#"reliability.ride_through_minutes."chiller-trip:1"=12"#),
                edit("emissions.carbon_price_usd_per_t=50"),
            ])
            .unwrap();
        assert!((loaded.site.emissions.carbon_price_usd_per_t - 50.0).abs() < 1e-12);
    }

    #[test]
    fn a_name_an_edit_duplicates_says_so() {
        let bad = invalid(colo().edited(&[edit(r#"rack[0].name="HGX H100 x2""#)]));
        let d = bad.errors().find(|d| d.code == "duplicate-name").unwrap();
        // The second rack, in the file, is the duplicate; the first was renamed by the edit.
        assert_eq!(d.edit, None);
        assert_eq!(d.label.as_deref(), Some("first defined by an edit"));
    }
}
