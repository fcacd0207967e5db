//! The commented starter sites `dcplan new` writes, which also stand in for mistyped values
//! while the rest of a broken file is checked.

/// A starter site template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    /// A ~2 MW colocation retrofit with air-cooled GPU racks on grid power.
    Colo,
    /// A multi-hall liquid-cooled AI campus with gas turbines, a battery and a grid upgrade.
    Campus,
}

impl Template {
    /// Every template, in the order `dcplan new --help` lists them.
    pub const ALL: [Template; 2] = [Template::Colo, Template::Campus];

    /// The template's text, with `"{{name}}"` where the site's name goes.
    pub fn text(self) -> &'static str {
        match self {
            Template::Colo => include_str!("../../data/templates/colo.toml"),
            Template::Campus => include_str!("../../data/templates/campus.toml"),
        }
    }
}

/// The starter text for a template with the site's name filled in, as a TOML string so any
/// name is safe.
pub fn starter(template: Template, name: &str) -> String {
    template.text().replace(
        "\"{{name}}\"",
        &toml::Value::String(name.to_owned()).to_string(),
    )
}
