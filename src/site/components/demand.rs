//! `[demand]`: what the business wants online.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The goal of the plan: GPU targets by year (least cost), or a capex budget (most GPUs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Demand {
    /// GPUs that must be online from each listed year on, e.g. `{ 2027 = 9000, 2030 = 100000 }`;
    /// a year not listed keeps the previous target. Give this or `capex_budget_usd`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gpus_online: Option<BTreeMap<u32, u64>>,
    /// Total capex budget over the horizon (USD): plan the most GPU-years online within it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capex_budget_usd: Option<f64>,
}

impl Demand {
    /// The GPU target in force in `year`: the latest listed year at or before it (0 before the
    /// first).
    pub fn target_in(&self, year: u32) -> u64 {
        self.gpus_online
            .as_ref()
            .and_then(|t| t.range(..=year).next_back().map(|(_, v)| *v))
            .unwrap_or(0)
    }
}
