//! `certtrack man`: the manual. Without `--dir`, the main page on standard output; with it, one
//! page per command and subcommand (`certtrack.1`, `certtrack-follow.1`, `certtrack-syllabus-list.1`,
//! …), each written atomically. The main page adds ENVIRONMENT, FILES, EXIT STATUS and the app's
//! KEYS, the last taken from the screens' own binding tables. A page names other pages only when
//! they are written too.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::CommandFactory;
use clap_mangen::Man;

use crate::cli::Cli;
use crate::files;

pub fn run(dir: Option<&Path>, out: &mut dyn Write) -> Result<ExitCode> {
    let mut root = Cli::command().disable_help_subcommand(true);
    root.build();
    let Some(dir) = dir else {
        out.write_all(&main_page(&root, false)?)?;
        return Ok(ExitCode::SUCCESS);
    };
    std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    let mut written = vec![write_page(dir, "certtrack.1", &main_page(&root, true)?)?];
    for sub in root.get_subcommands() {
        pages(sub, dir, &mut written)?;
    }
    writeln!(out, "wrote {} man pages to {} (try: man -l {})", written.len(), dir.display(), written[0].display())?;
    Ok(ExitCode::SUCCESS)
}

/// The page of `cmd` and of each of its subcommands.
fn pages(cmd: &clap::Command, dir: &Path, written: &mut Vec<PathBuf>) -> Result<()> {
    let man = Man::new(cmd.clone());
    let mut page = Vec::new();
    man.render(&mut page)?;
    page.extend(see_also().as_bytes());
    written.push(write_page(dir, &man.get_filename(), &page)?);
    for sub in cmd.get_subcommands() {
        pages(sub, dir, written)?;
    }
    Ok(())
}

fn write_page(dir: &Path, name: &str, page: &[u8]) -> Result<PathBuf> {
    let path = dir.join(name);
    files::write_atomic(&path, true, |f| f.write_all(page))
        .with_context(|| format!("{}: not written", path.display()))?;
    Ok(path)
}

/// The main page. `with_pages`: the subcommands' pages exist, so the page may name them.
fn main_page(root: &clap::Command, with_pages: bool) -> Result<Vec<u8>> {
    let man = Man::new(root.clone());
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    if with_pages {
        man.render_subcommands_section(&mut page)?;
    } else {
        page.extend(commands_section(root).as_bytes());
    }
    page.extend(extra_sections()?.as_bytes());
    man.render_version_section(&mut page)?;
    Ok(page)
}

/// The commands as plain names, for a main page printed without the others.
fn commands_section(root: &clap::Command) -> String {
    let mut s = String::from(".SH COMMANDS\n");
    for sub in root.get_subcommands() {
        let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
        s += &format!(".TP\n\\fBcerttrack {}\\fR\n{}\n", sub.get_name(), roff(&about));
    }
    s + ".PP\nEach command has its own page: \\fBcerttrack man \\-\\-dir\\fR \\fIDIR\\fR writes them all.\n"
}

fn see_also() -> String {
    ".SH \"SEE ALSO\"\n\\fBcerttrack\\fR(1)\n".to_owned()
}

/// ENVIRONMENT, FILES, EXIT STATUS and KEYS, from what the code reads and does.
fn extra_sections() -> Result<String> {
    let mut s = String::from(".SH ENVIRONMENT\n");
    for (name, what) in ENVIRONMENT {
        s += &format!(".TP\n\\fB{name}\\fR\n{}\n", roff(what));
    }
    s += ".SH FILES\n";
    for (name, what) in FILES {
        s += &format!(".TP\n\\fI{}\\fR\n{}\n", roff(name), roff(what));
    }
    s += ".SH \"EXIT STATUS\"\n";
    for (code, what) in EXIT_STATUS {
        s += &format!(".TP\n\\fB{code}\\fR\n{}\n", roff(what));
    }
    s += ".SH KEYS\nIn the full\\-screen app (\\fBcerttrack\\fR with no command). Keys can be remapped in the config file (\\fBcerttrack config edit\\fR); \\fB?\\fR shows the keys in force on each screen.\n";
    for (screen, rows) in crate::app::reference::keys_by_screen()? {
        s += &format!(".SS \"{}\"\n", roff(&screen).replace('"', "\"\""));
        for (keys, what) in rows {
            s += &format!(".TP\n\\fB{}\\fR\n{}\n", roff(&keys), roff(what));
        }
    }
    Ok(s)
}

const ENVIRONMENT: &[(&str, &str)] = &[
    ("CERTTRACK_DB", "The study database, when --db is not given."),
    (
        "CERTTRACK_DATA_DIR",
        "The data directory (database, backups, user syllabi and decks, parse cache), instead of the platform's.",
    ),
    ("CERTTRACK_CONFIG", "The config file, instead of the platform's."),
    ("XDG_DATA_HOME", "On Linux, the base of the data directory (default ~/.local/share)."),
    ("XDG_CONFIG_HOME", "On Linux, the base of the config directory (default ~/.config)."),
    ("NO_COLOR", "When set to anything but empty, the app draws without colour."),
    ("VISUAL, EDITOR", "The editor `certtrack config edit` opens (VISUAL first)."),
    ("CERTTRACK_NOW", "Pins the clock to these unix seconds (tests and screenshots)."),
];

const FILES: &[(&str, &str)] = &[
    (
        "$XDG_DATA_HOME/certtrack/certtrack.db",
        "The study database: progress, answers, reviews, settings (see also --db and CERTTRACK_DB).",
    ),
    (
        "backups/ beside the database",
        "Automatic daily backups; `certtrack db backup` writes a new one there by default.",
    ),
    (
        "$XDG_DATA_HOME/certtrack/syllabi/*.toml",
        "Your own and cohort syllabi; one with a shipped exam's id replaces it.",
    ),
    (
        "$XDG_DATA_HOME/certtrack/syllabi/decks/EXAM.toml",
        "Flashcards imported with `certtrack import anki`, added to the exam's topics; editable.",
    ),
    ("$XDG_DATA_HOME/certtrack/cache/", "Parsed syllabi, so later starts need not parse them again; safe to delete."),
    (
        "$XDG_CONFIG_HOME/certtrack/config.toml",
        "The config file: theme, colours, keys, study defaults (`certtrack config path`).",
    ),
];

const EXIT_STATUS: &[(&str, &str)] = &[
    ("0", "Success."),
    ("1", "An error: the message says what and, where it can, what helps (also a failed validation or check)."),
    ("2", "A usage error: an unknown command or flag, a missing or invalid value."),
    ("130", "The full-screen app was ended with Ctrl-C."),
];

/// Text made safe for roff: backslashes escaped, hyphens literal, no line starting a request.
fn roff(text: &str) -> String {
    text.lines()
        .map(|l| {
            let l = l.replace('\\', "\\e").replace('-', "\\-");
            if l.starts_with(['.', '\'']) { format!("\\&{l}") } else { l }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
