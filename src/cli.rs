//! Command-line definitions (clap). Parsing only; `commands` does the work.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "certtrack",
    version,
    about = "Study tracker for cloud certification exams (AWS, Google Cloud, Azure)"
)]
pub struct Cli {
    /// The study database (default: certtrack.db in the user's data dir)
    #[arg(long, global = true, env = "CERTTRACK_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List, show and validate exam syllabi
    #[command(subcommand)]
    Syllabus(SyllabusCommand),
}

#[derive(Debug, Subcommand)]
pub enum SyllabusCommand {
    /// Every known exam with its counts of domains, topics, questions and flashcards
    List {
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// One exam's whole outline
    Show {
        /// Exam id or code, in any case (aws-saa-c03, SAA-C03)
        id: String,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Check syllabus files and print every problem (exit 1 if any error)
    Validate {
        /// TOML files to check
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
}
