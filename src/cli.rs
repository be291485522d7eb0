//! Command-line definitions (clap). Parsing only; `commands` does the work.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

#[derive(Debug, Default, Parser)]
#[command(
    name = "certtrack",
    version = crate::tracker::SCHEMA_VERSION_TEXT,
    about = "Study tracker for cloud certification exams (AWS, Google Cloud, Azure)",
    after_help = "Run without a command to open the full-screen app. Exit codes: 0 ok, 1 error, 2 usage \
                  error, 130 ended by Ctrl-C; `syllabus lint` also exits 1 when a bank is over a quality threshold."
)]
pub struct Cli {
    /// The study database [default: $CERTTRACK_DB, else certtrack.db in the user's data dir]
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum Command {
    /// List, show, validate, lint and import exam syllabi
    #[command(subcommand)]
    Syllabus(SyllabusCommand),
    /// Readiness per followed exam and domain, against the pass mark and the exam date
    Status {
        /// Show this exam (id or code) even if you do not follow it
        #[arg(long)]
        exam: Option<String>,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Follow an exam: it appears on the dashboard and its items enter your reviews
    Follow { exam: String },
    /// Stop following an exam (its history is kept)
    Unfollow { exam: String },
    /// Set the date you sit an exam (YYYY-MM-DD), or `none` to clear it; also follows it
    ExamDate { exam: String, date: String },
    /// After an exam: carry progress to a new exam version, record a result
    #[command(subcommand)]
    Exam(ExamCommand),
    /// Certifications held, expiring (renewal window open) and lapsed; set an expiry, renew, plan
    Certs {
        #[command(subcommand)]
        cmd: Option<CertsCommand>,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Real exam results: every attempt with the prediction made before it, and how well the
    /// predictions matched (study statistics are `srs stats`)
    Stats {
        /// One exam (id or code)
        #[arg(long)]
        exam: Option<String>,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Topic progress: status, red/amber/green confidence, notes
    #[command(subcommand)]
    Progress(ProgressCommand),
    /// Export everything (progress, sessions, answers, reviews, review state, settings), or an
    /// exam's cards for Anki
    Export {
        #[arg(long, value_enum, default_value = "json")]
        format: ExportFormat,
        /// Output file (JSON, Anki) or directory (CSV); JSON and Anki go to stdout without it.
        /// A file that exists is never overwritten
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
        /// The exam whose cards to export (Anki)
        #[arg(long)]
        exam: Option<String>,
        /// Anki: the practice questions too (front: stem and choices; back: answer and why)
        #[arg(long)]
        questions: bool,
        /// Print the JSON Schema of the JSON export and exit
        #[arg(long, conflicts_with_all = ["out", "exam", "questions"])]
        schema: bool,
    },
    /// Database maintenance: backup, check, restore
    #[command(subcommand)]
    Db(DbCommand),
    /// Spaced repetition: forecast, stats, cram list, parameter fitting
    #[command(subcommand)]
    Srs(SrsCommand),
    /// Review due flashcards and questions (opens the full-screen review)
    Review,
    /// Take a quiz: practice, exam simulation, quick, domain drill or missed questions
    Quiz {
        /// Quick quiz in an inline viewport under your prompt
        #[arg(long)]
        quick: bool,
        /// practice, exam, quick, drill or missed (default practice; --quick means quick)
        #[arg(long, value_enum)]
        mode: Option<QuizMode>,
        /// Number of questions, 1–500 (quick: 5; practice and drill: 10; missed: 20; an exam
        /// simulation is always the exam's length)
        #[arg(short, long, value_parser = clap::value_parser!(u16).range(1..=500))]
        n: Option<u16>,
        /// Exam id or code (default: the first followed exam)
        #[arg(long)]
        exam: Option<String>,
        /// Domain id for a drill (d1, d2, …)
        #[arg(long)]
        domain: Option<String>,
    },
    /// Cohorts: a team lead shares a syllabus and date; members share snapshots; the lead reports
    #[command(subcommand)]
    Cohort(CohortCommand),
    /// The config file: theme, colours, keys, study defaults, default exam, week start, dates
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff); with --dir, write one page per command there, e.g.
    /// `certtrack man --dir ~/.local/share/man/man1`
    Man {
        /// Write certtrack.1 and a page for each command and subcommand into this directory
        #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
        dir: Option<PathBuf>,
    },
    /// Show study settings, or set one: desired_retention, new_per_day, reviews_per_day, suspend_leeches
    Settings { key: Option<String>, value: Option<String> },
    /// Bring in flashcards made in other tools (Anki)
    #[command(subcommand)]
    Import(ImportCommand),
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum ConfigCommand {
    /// Print where the config file is
    Path,
    /// Check the config file and print the settings in force
    Show,
    /// Open the config file in $VISUAL or $EDITOR (writing a commented template first), then check it
    Edit,
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum CohortCommand {
    /// Write a commented cohort file template
    Init {
        #[arg(long, default_value = "cohort.toml", value_name = "FILE")]
        out: PathBuf,
        #[arg(long, default_value = "My cohort")]
        name: String,
        /// Exam id (or a syllabus file name next to the cohort file)
        #[arg(long, default_value = "aws-saa-c03")]
        syllabus: String,
        /// Target exam date, YYYY-MM-DD
        #[arg(long, value_name = "DATE")]
        exam_date: Option<String>,
    },
    /// Join a cohort: install its syllabus, follow the exam, set the date
    Join { file: PathBuf },
    /// Write your progress snapshot for the lead (no question text; no notes unless asked)
    Snapshot {
        #[arg(long, value_name = "FILE")]
        cohort: PathBuf,
        #[arg(long)]
        member: String,
        /// Output file (default: standard output)
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Include your topic notes
        #[arg(long)]
        with_notes: bool,
        /// Include your certifications (with expiry) and exam results (with the prediction
        /// made before each); nothing of these is shared without it
        #[arg(long)]
        with_results: bool,
    },
    /// Combine snapshots (files or folders of them) into the cohort report
    Report {
        #[arg(required = true, value_name = "SNAPSHOT")]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "table")]
        format: ReportFormat,
        /// The cohort file, to check members and name
        #[arg(long, value_name = "FILE")]
        cohort: Option<PathBuf>,
    },
    /// The cohort report as a screen in the app
    View {
        #[arg(required = true, value_name = "SNAPSHOT")]
        paths: Vec<PathBuf>,
        #[arg(long, value_name = "FILE")]
        cohort: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum QuizMode {
    Practice,
    Exam,
    Quick,
    Drill,
    Missed,
}

/// How `cohort report` writes the report (docs/cohorts.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Table,
    /// One value per column, for a spreadsheet
    Csv,
    Markdown,
    /// Named fields, for scripts
    Json,
}

#[derive(Debug, Subcommand)]
pub enum ExamCommand {
    /// Carry your progress from a retired exam to its successor (topic status, confidence and
    /// notes, review state and answers of mapped items). Shows what would carry; writes with --yes
    Migrate {
        /// The retired exam (id or code), e.g. AZ-204
        from: String,
        /// Its successor, e.g. AI-200
        to: String,
        /// Carry it (without, only show what would carry)
        #[arg(long)]
        yes: bool,
        /// Give the successor the old exam's date too
        #[arg(long)]
        move_date: bool,
        /// As JSON
        #[arg(long)]
        json: bool,
    },
    /// Undo the last migration into an exam (the old exam's data was never touched)
    UndoMigrate {
        /// The exam progress was carried into
        to: String,
    },
    /// Record a real sitting from the score report; a pass earns the certification
    Result {
        /// The exam (id or code)
        exam: String,
        /// The day you sat it (YYYY-MM-DD; not in the future)
        #[arg(long, value_name = "DATE", value_parser = date_arg)]
        date: NaiveDate,
        /// The scaled score on the report (AWS, Microsoft; Google reports pass or fail only)
        #[arg(long, value_name = "N")]
        score: Option<u32>,
        /// The report says pass (needed where there is no score)
        #[arg(long, conflicts_with = "failed")]
        passed: bool,
        /// The report says fail
        #[arg(long)]
        failed: bool,
        /// A domain's verdict as the report prints it, e.g. d1=meets or d2="needs improvement"
        #[arg(long = "domain", value_name = "ID=VERDICT", value_parser = domain_arg)]
        domains: Vec<(String, String)>,
        /// Print what was recorded as JSON
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum CertsCommand {
    /// Set a certification's expiry by hand, from your transcript (`none`: never expires)
    SetExpiry {
        exam: String,
        /// YYYY-MM-DD or `none`
        #[arg(value_parser = optional_date_arg)]
        date: OptionalDate,
        /// The day it was earned, for a certification earned before certtrack
        #[arg(long, value_name = "DATE", value_parser = date_arg)]
        earned: Option<NaiveDate>,
    },
    /// Record a renewal you passed (Microsoft's renewal assessment, Google's renewal exam)
    Renew {
        exam: String,
        #[arg(long, value_name = "DATE", value_parser = date_arg)]
        date: NaiveDate,
    },
    /// Plan a renewal as a goal: follow the exam and set the day you will renew by
    Plan {
        exam: String,
        #[arg(value_parser = date_arg)]
        date: NaiveDate,
    },
}

/// A date, or `none` (clap's value parsers need one type).
#[derive(Debug, Clone, Copy)]
pub struct OptionalDate(pub Option<NaiveDate>);

fn date_arg(s: &str) -> Result<NaiveDate, String> {
    crate::clock::parse_date(s)
}

fn optional_date_arg(s: &str) -> Result<OptionalDate, String> {
    match s.trim() {
        "none" => Ok(OptionalDate(None)),
        d => date_arg(d).map(|d| OptionalDate(Some(d))),
    }
}

/// `d1=meets`: a domain id and the vendor's verdict.
fn domain_arg(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((d, v)) if !d.trim().is_empty() && !v.trim().is_empty() => Ok((d.trim().into(), v.trim().into())),
        _ => Err("write a domain's verdict as ID=VERDICT, e.g. d1=meets".into()),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Json,
    Csv,
    /// An exam's flashcards as a tab-separated file Anki imports (needs --exam)
    Anki,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum StatusArg {
    Todo,
    Studying,
    Done,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum LightArg {
    Red,
    Amber,
    Green,
    /// Clear the confidence
    None,
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum ProgressCommand {
    /// Change one topic's progress
    Set {
        exam: String,
        topic: String,
        #[arg(long, value_enum)]
        status: Option<StatusArg>,
        #[arg(long, value_enum)]
        confidence: Option<LightArg>,
        /// Replace the topic's notes
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
        /// Add minutes studied
        #[arg(long, value_name = "N")]
        minutes: Option<u32>,
    },
    /// Every topic of an exam with its progress
    Show {
        exam: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum DbCommand {
    /// Print the database's path
    Path,
    /// Write a consistent copy of the database (default: a new file in the data dir's backups/)
    Backup { file: Option<PathBuf> },
    /// Integrity check plus certtrack's own checks (orphaned progress, impossible values)
    Check,
    /// Replace the database with a backup, after validating it; the current file is kept aside
    Restore { file: PathBuf },
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum SrsCommand {
    /// Due reviews per day for the next days, with a warning when the load before an exam
    /// exceeds your daily limit
    Forecast {
        #[arg(long, default_value_t = 30)]
        days: usize,
        #[arg(long)]
        json: bool,
    },
    /// Card counts by state, true retention and reviews per day
    Stats {
        #[arg(long)]
        json: bool,
    },
    /// The weakest items of an exam, ranked by recall on exam day (the schedule is untouched)
    Cram {
        exam: String,
        #[arg(short, default_value_t = 20)]
        n: usize,
    },
    /// Fit your own FSRS parameters from your review log and report the fit before and after
    Optimize {
        /// Report only; keep the current parameters
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
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
    /// Validate syllabus files and install them in the study database (new exams, or newer
    /// versions of installed ones; progress carries over by id)
    Import {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Allow installing an older version over a newer one
        #[arg(long)]
        force: bool,
    },
    /// Quality report for a question bank: how often the key is the longest or shortest choice,
    /// keys per letter, multiple-response share, questions per domain against the weights,
    /// topics without questions or flashcards, duplicate stems and fronts, choices that echo
    /// the stem, past dates in future-tense text. Exit 0 within the thresholds
    /// (docs/content.md), 1 when any is exceeded or the file does not validate
    Lint {
        /// An exam id or code (shipped or imported), or a syllabus file; an existing file wins
        #[arg(value_name = "FILE|ID")]
        target: String,
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

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum ImportCommand {
    /// Anki's "Notes in Plain Text" export, or a TSV/CSV whose first line names its columns
    /// (front, back, and optionally guid and tags): the notes become flashcards of an exam's
    /// topics, in a deck file you can edit (syllabi/decks/EXAM.toml in the data dir). Importing
    /// again updates cards by GUID instead of adding them twice
    #[command(group(clap::ArgGroup::new("place").required(true).multiple(true).args(["topic", "tag_map"])))]
    Anki {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The exam (id or code) whose topics get the cards [default: the first followed exam]
        #[arg(long)]
        exam: Option<String>,
        /// The topic id for every card that no tag places
        #[arg(long)]
        topic: Option<String>,
        /// A TOML file of `"anki tag" = "topic-id"` lines placing cards by their tags
        #[arg(long, value_name = "FILE")]
        tag_map: Option<PathBuf>,
        /// Print the report as JSON
        #[arg(long)]
        json: bool,
    },
}
