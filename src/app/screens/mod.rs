//! One file per screen: its state, its keys, and how it draws.

pub mod cohort;
pub mod dashboard;
pub mod exam;
pub mod migrate;
pub mod quiz;
pub mod result;
pub mod review;
pub mod settings;
pub mod stats;
pub mod syllabi;
