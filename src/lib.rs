//! certtrack: a terminal study tracker for cloud certification exams.
//!
//! The crate is layered (docs/architecture.md): a pure core (`syllabus`, `srs`, `readiness`,
//! `quiz`, `cohort`, `certs`, `outcome`, `carry`, `study`, `text`, `clock`: no terminal, no
//! database), the store (`store`), the application layer (`tracker`, the one way in), and two faces
//! (`app`, and `cli` with `commands`) that call only the tracker and the core.
//! `tests/architecture.rs` keeps the arrows one way.

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
