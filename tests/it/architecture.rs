//! The crate boundaries hold: the library carries no command-line dependencies.

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
    // parser, table renderer, fancy report renderer or signal handling.
    for shell_only in [
        "clap",
        "clap_complete",
        "comfy-table",
        "miette",
        "csv",
        "ctrlc",
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
