//! Racks that name a catalog entry inherit its fields before deserialization.

use crate::site::diagnostic::{Diagnostic, Diagnostics};
use crate::site::rack_catalog::RackCatalog;
use crate::site::tree::{Key, Node, Path, Value};

/// Fills each `[[rack]]` that has `catalog = "id"` with the entry's fields it does not set
/// itself. Inherited values point at the `catalog` value, so a problem with an inherited field
/// is shown where it came from.
///
/// Also returns the racks whose catalog entry does not exist: their missing fields are a
/// consequence of that one finding and should not be reported again.
pub(in crate::site) fn merge_catalog_racks(
    mut root: Node,
    diags: &mut Diagnostics,
) -> (Node, Vec<Path>) {
    let mut incomplete = Vec::new();
    let catalog = match RackCatalog::builtin() {
        Ok(catalog) => catalog,
        Err(e) => {
            diags.push(Diagnostic::error(
                "internal",
                format!("the built-in rack catalog is broken: {e}"),
            ));
            return (root, incomplete);
        }
    };
    let Value::Table(entries) = &mut root.value else {
        return (root, incomplete);
    };
    let Some((_, racks)) = entries.iter_mut().find(|(k, _)| k.name == "rack") else {
        return (root, incomplete);
    };
    let Value::Array(racks) = &mut racks.value else {
        return (root, incomplete);
    };
    for (i, rack) in racks.iter_mut().enumerate() {
        let Value::Table(fields) = &mut rack.value else {
            continue;
        };
        let Some((_, id_node)) = fields.iter().find(|(k, _)| k.name == "catalog") else {
            continue;
        };
        let Some(id) = id_node.as_str().map(str::to_owned) else {
            continue;
        };
        let span = id_node.span.clone();
        let Some(entry) = catalog.entry_toml(&id) else {
            let mut d = Diagnostic::error(
                "cross-reference",
                format!("`rack[{i}]`: catalog entry \"{id}\" does not exist"),
            )
            .at(span)
            .label("not in the rack catalog");
            d = match catalog.suggest(&id) {
                Some(s) => d.help(format!(
                    "did you mean \"{s}\"? (`dcplan info --racks` lists the catalog)"
                )),
                None => d.help("`dcplan info --racks` lists the catalog"),
            };
            diags.push(d);
            incomplete.push(Path::root().key("rack").index(i));
            continue;
        };
        for (name, value) in entry {
            if name == "id" || fields.iter().any(|(k, _)| &k.name == name) {
                continue;
            }
            let key = Key {
                name: name.clone(),
                span: span.clone(),
            };
            fields.push((key, Node::from_toml(value, &span)));
        }
    }
    (root, incomplete)
}
