//! The plain CLI face: each subcommand reads the core (and later the store) and prints.

pub mod syllabus;
pub mod table;

use std::io::Write;
use std::process::ExitCode;

use crate::cli::{Cli, Command};
use crate::paths;
use crate::syllabus::Catalog;

/// Run a parsed command line. Errors that should print `error: …` come back as `Err`.
pub fn run(cli: Cli, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    match cli.command {
        Some(Command::Syllabus(cmd)) => syllabus::run(cmd, out),
        None => {
            let catalog = load_catalog();
            syllabus::list(&catalog, false, out)?;
            writeln!(out, "\nThe full-screen app is coming; see `certtrack --help` for what works today.")?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Shipped syllabi plus the user's, with problems in user files reported on stderr (they must not
/// stop the app from starting).
pub fn load_catalog() -> Catalog {
    let (catalog, errors) = Catalog::load(paths::syllabi_dir().as_deref());
    for e in errors {
        eprint!("{e}");
    }
    catalog
}
