//! The crate boundaries hold: the library carries no command-line dependencies, and its
//! modules import in one direction (no cycles).

use std::collections::BTreeSet;

use crate::util::root;

/// The names in a manifest's `[dependencies]` table.
fn dependencies(manifest: &str) -> Vec<String> {
    let text = std::fs::read_to_string(root().join(manifest)).unwrap();
    let doc: toml::Table = toml::from_str(&text).unwrap();
    doc.get("dependencies")
        .and_then(toml::Value::as_table)
        .map(|deps| deps.keys().cloned().collect())
        .unwrap_or_default()
}

#[test]
fn the_library_has_no_command_line_dependencies() {
    let library = dependencies("Cargo.toml");
    // The library must be usable by a sweep or a terminal UI without the CLI's argument
    // parser, table renderer, fancy report renderer, signal handling or terminal UI. (CSV and XLSX
    // writing is library work: the finance exports.)
    for shell_only in [
        "clap",
        "clap_complete",
        "comfy-table",
        "miette",
        "ctrlc",
        "ratatui",
        "crossterm",
    ] {
        assert!(
            !library.iter().any(|d| d == shell_only),
            "the library depends on `{shell_only}`: {library:?}"
        );
    }
    let cli = dependencies("cli/Cargo.toml");
    assert!(cli.iter().any(|d| d == "dcplan"), "{cli:?}");
    assert!(cli.iter().any(|d| d == "clap"), "{cli:?}");
}

/// The library's layers, lowest first: a module may use only the modules before it. The
/// shared helpers come first (text, fingerprints, memory budgets, files, control of long
/// work); then physics, weather, site, finance (the cost model the planner prices with and
/// the ledger), plan, check and thermal (which only read plans), the exports of a plan's
/// books, and the closed loop over check and thermal. The shells (the CLI crate) sit above all of them.
const LAYERS: [&str; 15] = [
    "text",
    "fingerprint",
    "memory",
    "files",
    "control",
    "physics",
    "weather",
    "site",
    "finance",
    "plan",
    "check",
    "thermal",
    "export",
    "closed_loop",
    "sweep",
];

/// A library source file: its module path (`src/plan/outcome.rs` is `plan::outcome`) and its
/// code with comments and unit-test modules removed.
struct Source {
    module: Vec<String>,
    code: String,
}

fn sources() -> Vec<Source> {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let src = root().join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    files.sort();
    files
        .into_iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n != "lib.rs" && n != "tests.rs")
        })
        .map(|path| {
            let relative = path.strip_prefix(&src).unwrap().with_extension("");
            let module = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let text = std::fs::read_to_string(&path).unwrap();
            // Unit tests may reach anywhere; they sit at the end of their file.
            let text = text.split("#[cfg(test)]").next().unwrap_or_default();
            let code = text
                .lines()
                .map(|l| l.split("//").next().unwrap_or_default())
                .collect::<Vec<_>>()
                .join("\n");
            Source { module, code }
        })
        .collect()
}

/// The module paths that `crate::` and `super::` references name, resolved from `module`:
/// `super::super::outcome::Plan` in `plan::formulation::objective` names
/// `plan::outcome::Plan`. Groups (`crate::{site::Site, weather}`) name each of their members.
fn references(module: &[String], code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        if !code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':') {
            path_from(Vec::new(), &code[at + "crate::".len()..], &mut out);
        }
    }
    for (at, _) in code.match_indices("super::") {
        if code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let mut rest = &code[at..];
        let mut base = module.to_vec();
        while let Some(r) = rest.strip_prefix("super::") {
            base.pop();
            rest = r;
        }
        path_from(base, rest, &mut out);
    }
    out.retain(|p| p.last().is_some_and(|s| !s.is_empty()));
    out
}

/// Reads the path at the start of `text` (`a::b::{c, d::e}`) onto `base`, pushing each full
/// path it names to `out`; returns how many bytes it read.
fn path_from(mut base: Vec<String>, text: &str, out: &mut Vec<Vec<String>>) -> usize {
    let mut at = 0;
    loop {
        let rest = &text[at..];
        let trimmed = rest.trim_start();
        at += rest.len() - trimmed.len();
        if let Some(group) = trimmed.strip_prefix('{') {
            at += 1;
            let mut inner = 0;
            loop {
                let member = &group[inner..];
                let read = path_from(base.clone(), member, out);
                inner += read;
                let after = group[inner..].trim_start();
                inner = group.len() - after.len();
                match after.chars().next() {
                    Some(',') => inner += 1,
                    Some('}') => return at + inner + 1,
                    _ => return at + inner,
                }
            }
        }
        let ident: String = trimmed
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if ident.is_empty() {
            out.push(base);
            return at;
        }
        at += ident.len();
        base.push(ident);
        if !text[at..].starts_with("::") {
            out.push(base);
            return at;
        }
        at += 2;
    }
}

/// Edges between sibling modules (same parent), as `(parent, from, to)`: a file in `from`'s
/// subtree names something in `to`'s subtree. Parent–child references are not edges.
fn sibling_edges(sources: &[Source]) -> BTreeSet<(Vec<String>, String, String)> {
    let modules: BTreeSet<Vec<String>> = sources.iter().map(|s| s.module.clone()).collect();
    let mut edges = BTreeSet::new();
    for s in sources {
        for target in references(&s.module, &s.code) {
            let common = s
                .module
                .iter()
                .zip(&target)
                .take_while(|(a, b)| a == b)
                .count();
            if common >= s.module.len() || common >= target.len() {
                continue;
            }
            let sibling = target[..=common].to_vec();
            if !modules.contains(&sibling) {
                continue; // an item of the common parent, not a module
            }
            edges.insert((
                s.module[..common].to_vec(),
                s.module[common].clone(),
                target[common].clone(),
            ));
        }
    }
    edges
}

#[test]
fn top_level_modules_use_only_lower_layers() {
    let edges = sibling_edges(&sources());
    let rank = |m: &str| LAYERS.iter().position(|l| *l == m);
    let mut upward = Vec::new();
    for (parent, from, to) in &edges {
        if !parent.is_empty() {
            continue;
        }
        let (Some(f), Some(t)) = (rank(from), rank(to)) else {
            panic!("`{from}` or `{to}` is a top-level module missing from LAYERS");
        };
        if t >= f {
            upward.push(format!("{from} uses {to}"));
        }
    }
    assert!(upward.is_empty(), "uses against the layers: {upward:?}");
}

#[test]
fn sibling_modules_have_no_cycles() {
    let edges = sibling_edges(&sources());
    let mut cycles = Vec::new();
    let parents: BTreeSet<&Vec<String>> = edges.iter().map(|(p, _, _)| p).collect();
    for parent in parents {
        let graph: Vec<(&str, &str)> = edges
            .iter()
            .filter(|(p, _, _)| p == parent)
            .map(|(_, a, b)| (a.as_str(), b.as_str()))
            .collect();
        if let Some(cycle) = find_cycle(&graph) {
            cycles.push(format!("in `{}`: {}", parent.join("::"), cycle.join(" → ")));
        }
    }
    assert!(cycles.is_empty(), "import cycles: {cycles:?}");
}

/// A cycle in a directed graph, as the nodes around it (first repeated last), if any.
fn find_cycle<'a>(edges: &[(&'a str, &'a str)]) -> Option<Vec<&'a str>> {
    fn visit<'a>(
        node: &'a str,
        edges: &[(&'a str, &'a str)],
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<Vec<&'a str>> {
        if let Some(at) = path.iter().position(|n| *n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node);
            return Some(cycle);
        }
        if !done.insert(node) {
            return None;
        }
        path.push(node);
        for (_, next) in edges.iter().filter(|(from, _)| *from == node) {
            if let Some(cycle) = visit(next, edges, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    edges
        .iter()
        .find_map(|(start, _)| visit(start, edges, &mut Vec::new(), &mut done))
}

#[test]
fn the_cycle_finder_finds_cycles() {
    assert_eq!(find_cycle(&[("a", "b"), ("b", "c")]), None);
    assert_eq!(
        find_cycle(&[("a", "b"), ("b", "c"), ("c", "a")]),
        Some(vec!["a", "b", "c", "a"])
    );
    // `super::super::outcome` from `plan::formulation::objective` names `plan::outcome`.
    let code = "use super::super::outcome::Category;\nuse crate::{site::Site, weather};";
    let module = ["plan", "formulation", "objective"].map(String::from);
    let refs = references(&module, code);
    let path = |p: &[&str]| p.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    assert!(
        refs.contains(&path(&["plan", "outcome", "Category"])),
        "{refs:?}"
    );
    assert!(refs.contains(&path(&["site", "Site"])), "{refs:?}");
    assert!(refs.contains(&path(&["weather"])), "{refs:?}");
}
