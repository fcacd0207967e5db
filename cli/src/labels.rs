//! The English the plan table and the terminal UI print for the document's typed values:
//! flows, resources, spare families, components and units. The document carries none of it.

use dcplan::plan::document::{Build, ComponentRef, Flow, Resource, SpareFamily, Unit};

/// A flow as the energy table names it: `grid firm: utility 230 kV`, `cooling`.
pub(crate) fn flow(f: &Flow) -> String {
    match f {
        Flow::GridFirm { contract } => format!("grid firm: {contract}"),
        Flow::GridNonFirm { contract } => format!("grid non-firm: {contract}"),
        Flow::Ppa { ppa, .. } => format!("PPA: {ppa}"),
        Flow::Generation { generator } => format!("generator: {generator}"),
        Flow::SolarPv { array } => format!("PV: {array}"),
        Flow::BatteryDischarge { battery } => format!("battery discharge: {battery}"),
        Flow::BatteryCharge { battery } => format!("battery charge: {battery}"),
        Flow::Cooling => "cooling".to_owned(),
        Flow::ItWithLosses => "IT with UPS and distribution losses".to_owned(),
    }
}

/// The binding resource as the year table names it.
pub(crate) fn resource(r: Resource) -> &'static str {
    match r {
        Resource::Slots => "slots",
        Resource::FirmPower => "firm power",
        Resource::Cooling => "cooling",
    }
}

/// A plant family as the blocks table names it.
pub(crate) fn spare_family(f: SpareFamily) -> &'static str {
    match f {
        SpareFamily::Chillers => "chillers",
        SpareFamily::DryCoolers => "dry coolers",
        SpareFamily::Towers => "towers",
        SpareFamily::BackupGenerators => "backup generators",
    }
}

/// A component as the build table names it: `racks: Hall A / GB200 NVL72`.
pub(crate) fn component(c: &ComponentRef) -> String {
    format!("{}: {}", c.kind, c.qualified_name())
}

/// Whether a build is listed: interior-point answers leave specks (1e-5 MW of battery) on
/// continuous builds; the JSON keeps them exact, tables show what a planner would order.
pub(crate) fn listed(b: &Build) -> bool {
    b.quantity.value() >= 0.05
}

/// A build's quantity as it reads: "1 unit", "16 racks", "2.5 MW".
pub(crate) fn quantity(b: &Build) -> String {
    let q = b.quantity.value();
    format!(
        "{} {}",
        crate::cli::table::num(q, usize::from(q.fract().abs() >= 1e-9)),
        counted_unit(q, b.quantity.unit())
    )
}

/// A build's unit as its quantity reads: "1 unit", "16 racks", "2.5 MW".
fn counted_unit(quantity: f64, unit: Unit) -> &'static str {
    let one = (quantity - 1.0).abs() < 1e-9;
    match unit {
        Unit::Units if one => "unit",
        Unit::Racks if one => "rack",
        other => other.symbol(),
    }
}

/// An asset class as the Finance tab names it.
pub(crate) fn asset_class(c: dcplan::site::accounts::AssetClass) -> &'static str {
    use dcplan::site::accounts::AssetClass;
    match c {
        AssetClass::GpuRacks => "GPU racks",
        AssetClass::ItFitOut => "IT fit-out",
        AssetClass::HallsAndShell => "halls & shell",
        AssetClass::ElectricalAndUps => "electrical & UPS",
        AssetClass::CoolingPlant => "cooling plant",
        AssetClass::OnSiteGeneration => "on-site generation",
        AssetClass::Storage => "storage",
        AssetClass::GridUpgrades => "grid upgrades",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_agree_with_their_counts() {
        assert_eq!(counted_unit(1.0, Unit::Units), "unit");
        assert_eq!(counted_unit(3.0, Unit::Units), "units");
        assert_eq!(counted_unit(1.0, Unit::Racks), "rack");
        assert_eq!(counted_unit(1.0, Unit::Mw), "MW");
        assert_eq!(counted_unit(1.5, Unit::Racks), "racks");
    }

    /// The labels are the table's words of version 2 (where the document carried them).
    #[test]
    fn labels_are_the_tables_words() {
        let c = ComponentRef::racks("A / B", "GB200 NVL72");
        assert_eq!(component(&c), "racks: A / B / GB200 NVL72");
        assert_eq!(
            flow(&Flow::Ppa {
                contract: "utility".to_owned(),
                ppa: "wind".to_owned()
            }),
            "PPA: wind"
        );
        assert_eq!(resource(Resource::FirmPower), "firm power");
        assert_eq!(
            spare_family(SpareFamily::BackupGenerators),
            "backup generators"
        );
    }
}
