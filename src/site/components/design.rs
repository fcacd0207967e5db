//! The `[design]` table: the load the plant and the supply are sized for.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The design basis: what the cooling plant (chillers, heat rejection, air handlers and
/// CDUs), the UPS and the firm supply must carry. Energy, fuel and costs follow the racks'
/// hourly utilisation; capacity follows this.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Design {
    /// Design IT load as a fraction of the installed racks' design power (`design_kw`), in
    /// (0, 1]. Default 1: every rack at nameplate at once (a training fleet can draw that for
    /// hours). A lower value is a stated diversity factor the plant is sized for, not the
    /// average utilisation.
    #[serde(default = "default_it_load_fraction")]
    pub it_load_fraction: f64,
}

fn default_it_load_fraction() -> f64 {
    1.0
}

impl Default for Design {
    fn default() -> Self {
        Design {
            it_load_fraction: default_it_load_fraction(),
        }
    }
}
