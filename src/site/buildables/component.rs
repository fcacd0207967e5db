//! How a buildable is named and counted: a component by its kind and the site's names (never
//! one string to split), and a quantity whose unit is its key. A plan document holds and
//! builds these.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Every kind of component a plan can hold or build.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ComponentKind {
    /// A data hall (in service or not).
    Hall,
    /// Racks of one type in one hall.
    Racks,
    /// A hall's UPS modules.
    Ups,
    /// Units of a generator class.
    Generator,
    /// AC capacity of a PV array.
    SolarPv,
    /// A battery's power or energy capacity.
    Battery,
    /// A grid upgrade (in service or not).
    GridUpgrade,
    /// The chilled-water storage tank.
    ChwStorage,
    /// Units of a chiller class.
    Chiller,
    /// Cells of a cooling-tower class.
    Tower,
    /// Units of a dry-cooler class.
    DryCooler,
}

impl ComponentKind {
    /// Its identifier as the document writes it (`racks`, `solar_pv`, …), for messages.
    pub fn name(self) -> &'static str {
        match self {
            ComponentKind::Hall => "hall",
            ComponentKind::Racks => "racks",
            ComponentKind::Ups => "ups",
            ComponentKind::Generator => "generator",
            ComponentKind::SolarPv => "solar_pv",
            ComponentKind::Battery => "battery",
            ComponentKind::GridUpgrade => "grid_upgrade",
            ComponentKind::ChwStorage => "chw_storage",
            ComponentKind::Chiller => "chiller",
            ComponentKind::Tower => "tower",
            ComponentKind::DryCooler => "dry_cooler",
        }
    }
}

impl std::fmt::Display for ComponentKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A component of the site, by kind and the names the site file gives it.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub struct ComponentRef {
    /// What kind of component.
    pub kind: ComponentKind,
    /// Its name in the site file: the hall, rack type, class, PV array, battery or upgrade
    /// (a UPS is named by its hall; the storage tank is `chilled-water storage`).
    pub name: String,
    /// For racks, the hall they are in (`name` is then the rack type); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hall: Option<String>,
}

impl ComponentRef {
    /// A component that is not in a hall.
    pub fn new(kind: ComponentKind, name: impl Into<String>) -> ComponentRef {
        ComponentRef {
            kind,
            name: name.into(),
            hall: None,
        }
    }

    /// Racks of type `rack` in hall `hall`.
    pub fn racks(hall: impl Into<String>, rack: impl Into<String>) -> ComponentRef {
        ComponentRef {
            kind: ComponentKind::Racks,
            name: rack.into(),
            hall: Some(hall.into()),
        }
    }

    /// Its name with its hall in front (`Hall A / GB200 NVL72` for racks), as messages write
    /// it; nothing reads it back.
    pub fn qualified_name(&self) -> String {
        match &self.hall {
            Some(hall) => format!("{hall} / {}", self.name),
            None => self.name.clone(),
        }
    }
}

/// Declares [`Unit`] and [`Quantity`] from one list, so the two cannot disagree.
macro_rules! units {
    ($($(#[$doc:meta])* $variant:ident => $symbol:literal,)+) => {
        /// The unit of a quantity in a plan.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Unit {
            $($(#[$doc])* $variant,)+
        }

        /// An amount with its unit: serialised as one key naming the unit (`"racks": 16`,
        /// `"mw_ac": 2.5`), flattened into the holding or build that has it.
        #[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum Quantity {
            $($(#[$doc])* $variant(f64),)+
        }

        impl Unit {
            /// The unit as text writes it after a number (`racks`, `MW AC`, `m³`).
            pub fn symbol(self) -> &'static str {
                match self {
                    $(Unit::$variant => $symbol,)+
                }
            }
        }

        impl Quantity {
            /// `value` in `unit`.
            pub fn new(unit: Unit, value: f64) -> Quantity {
                match unit {
                    $(Unit::$variant => Quantity::$variant(value),)+
                }
            }

            /// Its unit.
            pub fn unit(&self) -> Unit {
                match self {
                    $(Quantity::$variant(_) => Unit::$variant,)+
                }
            }

            /// Its value in its unit.
            pub fn value(&self) -> f64 {
                match *self {
                    $(Quantity::$variant(v) => v,)+
                }
            }

            /// Its value in its unit, to change it (tests edit plans).
            pub fn value_mut(&mut self) -> &mut f64 {
                match self {
                    $(Quantity::$variant(v) => v,)+
                }
            }
        }
    };
}

units! {
    /// Halls in service (0 or 1).
    Halls => "hall",
    /// Racks.
    Racks => "racks",
    /// UPS modules.
    Modules => "modules",
    /// Plant or generator units (fractions for continuously sized generators).
    Units => "units",
    /// Cooling-tower cells.
    Cells => "cells",
    /// Grid upgrades in service (0 or 1).
    Upgrades => "upgrade",
    /// PV capacity, MW AC.
    MwAc => "MW AC",
    /// Battery power, MW.
    Mw => "MW",
    /// Battery energy, MWh.
    Mwh => "MWh",
    /// Chilled-water storage volume, m³.
    M3 => "m³",
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The unit is the key, beside the component's fields; racks carry their hall apart
    /// from the rack type, so a hall named "A / B" reads back as itself.
    #[test]
    fn a_holding_serialises_its_unit_as_its_key() {
        #[derive(Serialize, Deserialize, PartialEq, Debug)]
        struct Held {
            #[serde(flatten)]
            component: ComponentRef,
            #[serde(flatten)]
            quantity: Quantity,
        }
        let held = Held {
            component: ComponentRef::racks("A / B", "GB200 NVL72"),
            quantity: Quantity::new(Unit::Racks, 16.0),
        };
        let json = serde_json::to_string(&held).unwrap();
        assert_eq!(
            json,
            r#"{"kind":"racks","name":"GB200 NVL72","hall":"A / B","racks":16.0}"#
        );
        assert_eq!(serde_json::from_str::<Held>(&json).unwrap(), held);
        assert_eq!(held.component.qualified_name(), "A / B / GB200 NVL72");
    }

    #[test]
    fn a_quantity_keeps_its_unit_and_value() {
        let mut q = Quantity::new(Unit::MwAc, 2.5);
        assert_eq!((q.unit(), q.value()), (Unit::MwAc, 2.5));
        *q.value_mut() += 1.0;
        assert_eq!(q, Quantity::MwAc(3.5));
        assert_eq!(Unit::M3.symbol(), "m³");
    }
}
