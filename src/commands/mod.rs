//! The plain CLI face: each subcommand reads the core and the store and prints.

pub mod anki;
pub mod cohort;
pub mod cohort_render;
pub mod completions;
pub mod config;
pub mod data;
pub mod exam;
pub mod export;
pub mod interactive;
pub mod lint;
pub mod man;
mod progress;
pub mod results;
pub mod srs;
pub mod study;
pub mod syllabus;
pub mod table;

use std::io::Write;
use std::process::ExitCode;

use crate::cli::{Cli, Command};
use crate::paths;
use crate::syllabus::Catalog;
use crate::tracker::{Tracker, db_path};

/// Run a parsed command line. Errors that should print `error: …` come back as `Err`.
pub fn run(cli: Cli, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let db = cli.db.as_deref();
    let open = || -> anyhow::Result<Tracker> {
        let config = crate::config::load().map_err(|e| anyhow::anyhow!("{}", e.trim_end()))?;
        Tracker::open(&db_path(db)?, config)
    };
    match cli.command {
        Some(Command::Syllabus(crate::cli::SyllabusCommand::Import { files, force })) => {
            syllabus::import(&mut open()?, &files, force, out)
        }
        Some(Command::Syllabus(cmd)) => {
            // The catalog every other command sees: with the syllabi imported into the database
            // (when there is one; listing never creates it).
            let path = db_path(db)?;
            let catalog = if path.exists() { open()?.catalog } else { load_catalog() };
            syllabus::run(cmd, &catalog, out)
        }
        Some(Command::Cohort(cmd)) => cohort::run(cmd, &open, out),
        Some(Command::Review) => interactive::review(open()?, out),
        Some(Command::Quiz { quick, mode, n, exam, domain }) => {
            interactive::quiz(open()?, interactive::QuizArgs { quick, mode, n: n.map(usize::from), exam, domain }, out)
        }
        Some(Command::Status { exam, json }) => study::status(&mut open()?, exam.as_deref(), json, out),
        Some(Command::Follow { exam }) => study::follow(&mut open()?, &exam, true, out),
        Some(Command::Unfollow { exam }) => study::follow(&mut open()?, &exam, false, out),
        Some(Command::ExamDate { exam, date }) => study::exam_date(&mut open()?, &exam, &date, out),
        Some(Command::Exam(cmd)) => exam::run(&mut open()?, cmd, out),
        Some(Command::Certs { cmd, json }) => results::certs(&mut open()?, cmd, json, out),
        Some(Command::Stats { exam, json }) => results::stats(&open()?, exam.as_deref(), json, out),
        Some(Command::Progress(cmd)) => study::progress(&mut open()?, cmd, out),
        Some(Command::Settings { key, value }) => study::settings(&mut open()?, key, value, out),
        Some(Command::Export { schema: true, .. }) => export::schema(out),
        Some(Command::Export { format: crate::cli::ExportFormat::Anki, out: path, exam, questions, .. }) => {
            anki::export(&open()?, exam.as_deref(), questions, path.as_deref(), out)
        }
        Some(Command::Export { format, out: path, .. }) => export::export(&open()?, format, path.as_deref(), out),
        Some(Command::Config(cmd)) => config::run(cmd, out),
        Some(Command::Import(cmd)) => anki::import(&mut open()?, cmd, out),
        Some(Command::Completions { shell }) => completions::run(shell, &load_catalog(), out),
        Some(Command::Man { dir }) => man::run(dir.as_deref(), out),
        Some(Command::Db(cmd)) => data::db(cmd, db, &open, out),
        Some(Command::Srs(cmd)) => srs::run(&mut open()?, cmd, out),
        None => interactive::dashboard(open()?, out),
    }
}

/// Shipped syllabi plus the user's, with problems in user files reported on stderr (they must not
/// stop the app from starting).
pub fn load_catalog() -> Catalog {
    let (mut catalog, mut errors) = paths::load_catalog();
    errors.extend(paths::decks_dir().map(|d| catalog.add_decks(&d)).unwrap_or_default());
    for e in errors {
        eprint!("{e}");
    }
    catalog
}
