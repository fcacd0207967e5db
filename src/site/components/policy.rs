//! `[reliability]` and `[emissions]`: site-wide rules the plan must respect.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::reliability::Redundancy;

/// Site-wide reliability rules not tied to one component.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReliabilityRules {
    /// Redundancy of backup generation against the critical facility load: with "N+1" the
    /// largest backup unit may fail and the rest still carry it. Default "N+1" when the site
    /// has backup generators (`role = "backup"`, or diesel). A site with only prime
    /// generators needs no backup unless this is given: then its prime generators must carry
    /// the critical peak islanded at this redundancy. (Otherwise adding a gas-turbine option
    /// to a grid-fed site could make it infeasible.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_generation: Option<Redundancy>,
    /// Ride-through the plan must achieve under each failure scenario, started at the design
    /// hour with the racks at design load (minutes, more than 0 and at most 1440), e.g.
    /// `{ "chiller-trip:1" = 10, outage = 5 }`. Keys are `dcplan simulate --scenario`
    /// scenarios. `dcplan plan` simulates every planned year against these targets. Default:
    /// none (the plan is still simulated through the year and at the design hour).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub ride_through_minutes: BTreeMap<String, f64>,
    /// Prime generation counted towards firm supply holds with this many of its largest units
    /// (in service) out: 1 is N-1, the default; 0 counts every unit (at its forced-outage
    /// derate). At most 4.
    #[serde(default = "default_firm_units_out")]
    pub firm_units_out: u32,
}

impl Default for ReliabilityRules {
    fn default() -> Self {
        ReliabilityRules {
            backup_generation: None,
            ride_through_minutes: BTreeMap::new(),
            firm_units_out: default_firm_units_out(),
        }
    }
}

fn default_firm_units_out() -> u32 {
    1
}

/// How emissions enter the plan.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EmissionsPolicy {
    /// Price on CO₂ added to the objective (USD per tonne). Default 0: emissions are
    /// reported, not priced.
    #[serde(default)]
    pub carbon_price_usd_per_t: f64,
    /// Most CO₂ the site may emit in any planning year (tonnes), if capped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap_t_per_year: Option<f64>,
}
