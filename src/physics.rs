//! Physical models shared by every stage: psychrometrics, chiller curves, cooling towers,
//! economizers and
//! generators' ambient derates.
//!
//! One implementation of each model lives here, so the optimizer and the thermal simulator
//! can never disagree about what a chiller does on a hot afternoon.

pub mod ambient_derate;
pub mod chiller_curve;
pub mod cooling_tower;
pub mod economizer;
pub mod psychro;
