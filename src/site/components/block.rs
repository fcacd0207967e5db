//! `[[block]]`: groups of halls that share a dedicated plant and power block, at whose level
//! redundancy holds.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A redundancy block: the halls whose chillers, heat rejection and backup generators are
/// dedicated to them, so that N+1 (or N+2, 2N) holds within the block. A hall no block names
/// is a block of its own (the default: redundancy per hall).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Block {
    /// Unique name (not the name of a hall outside it).
    pub name: String,
    /// The halls in the block, by name; a hall belongs to at most one block.
    pub halls: Vec<String>,
}

/// A block as the planner and the checker use it: its name and its halls (site order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockHalls {
    /// The block's name, or the hall's for a hall that is its own block.
    pub name: String,
    /// Indices into `site.hall`.
    pub halls: Vec<usize>,
}
