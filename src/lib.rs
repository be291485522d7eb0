//! certtrack: a terminal study tracker for cloud certification exams.
//!
//! The crate is layered: `syllabus` and `text` are the pure core (no terminal, no database);
//! faces (`cli`, `commands`) call the core and never the other way round.

pub mod anki_text;
pub mod app;
pub mod carry;
pub mod certs;
pub mod cli;
pub mod clock;
pub mod cohort;
pub mod commands;
pub mod config;
pub mod failpoint;
pub mod files;
pub mod outcome;
pub mod paths;
pub mod quiz;
pub mod readiness;
pub mod srs;
pub mod store;
pub mod study;
pub mod syllabus;
pub mod text;
pub mod tracker;
