//! Energy over a plan year by source and use, keyed by what the energy is rather than by a
//! label.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A source or use of energy. Serialised with its kind under `flow` and the site's name of
/// what it flows through beside it: `{"flow": "grid_firm", "contract": "utility 230 kV"}`.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(tag = "flow", rename_all = "snake_case")]
pub enum Flow {
    /// Firm import of a grid contract (supply).
    GridFirm {
        /// The contract's name.
        contract: String,
    },
    /// Non-firm import of a grid contract (supply).
    GridNonFirm {
        /// The contract's name.
        contract: String,
    },
    /// Energy taken under a contract's PPA (supply).
    Ppa {
        /// The contract's name.
        contract: String,
        /// The PPA's name.
        ppa: String,
    },
    /// Output of a prime generator class (supply).
    Generation {
        /// The generator class's name.
        generator: String,
    },
    /// Output of a PV array (supply).
    SolarPv {
        /// The array's name.
        array: String,
    },
    /// A battery's discharge (supply).
    BatteryDischarge {
        /// The battery's name.
        battery: String,
    },
    /// A battery's charging (use).
    BatteryCharge {
        /// The battery's name.
        battery: String,
    },
    /// The cooling plant's electric power (use).
    Cooling,
    /// IT power with its UPS and distribution losses (use).
    ItWithLosses,
}

/// Energy of one flow over a year (MWh): supplies positive, uses negative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EnergyFlow {
    /// Which flow.
    #[serde(flatten)]
    pub flow: Flow,
    /// Energy over the year (MWh).
    pub mwh: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flow_serialises_as_data() {
        let f = EnergyFlow {
            flow: Flow::GridFirm {
                contract: "utility 230 kV".to_owned(),
            },
            mwh: 12.5,
        };
        let json = serde_json::to_string(&f).unwrap();
        assert_eq!(
            json,
            r#"{"flow":"grid_firm","contract":"utility 230 kV","mwh":12.5}"#
        );
        assert_eq!(serde_json::from_str::<EnergyFlow>(&json).unwrap(), f);
        let it = serde_json::to_string(&EnergyFlow {
            flow: Flow::ItWithLosses,
            mwh: -1.0,
        })
        .unwrap();
        assert_eq!(it, r#"{"flow":"it_with_losses","mwh":-1.0}"#);
    }
}
