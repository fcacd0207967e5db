//! One module per kind of site component (PyPSA-style tables of one kind each).

pub mod block;
pub mod cooling;
pub mod demand;
pub mod design;
pub mod finance;
pub mod generator;
pub mod grid;
pub mod hall;
pub mod policy;
pub mod rack;
pub mod reliability;
pub mod site_info;
pub mod storage;
