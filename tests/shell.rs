//! The shell side: man pages really generated, one per command, with the sections a reader
//! looks for and no reference to a page that is not there; completions that offer exam ids and
//! codes, settings keys and formats.

mod common;

use std::collections::BTreeSet;

use certtrack::cli::Cli;
use clap::CommandFactory;
use common::Sandbox;

/// `certtrack`, `certtrack-follow`, `certtrack-syllabus-list`, … for every command but `help`.
fn command_pages() -> BTreeSet<String> {
    fn walk(cmd: &clap::Command, prefix: &str, out: &mut BTreeSet<String>) {
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            let name = format!("{prefix}-{}", sub.get_name());
            out.insert(format!("{name}.1"));
            walk(sub, &name, out);
        }
    }
    let mut out = BTreeSet::from(["certtrack.1".to_owned()]);
    walk(&Cli::command(), "certtrack", &mut out);
    out
}

/// Every `name(1)` a page refers to.
fn references(page: &str) -> Vec<String> {
    page.split(|c: char| c.is_whitespace() || c == '[' || c == ']')
        .filter_map(|w| w.strip_suffix("(1)"))
        .map(|w| format!("{}.1", w.trim_start_matches("\\fB").trim_end_matches("\\fR").replace("\\-", "-")))
        .collect()
}

#[test]
fn man_writes_a_page_per_command_with_the_sections_and_keys() {
    let sb = Sandbox::new();
    let dir = sb.path().join("man");
    let said = sb.ok(&["man", "--dir", dir.to_str().unwrap()]);
    let pages: BTreeSet<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    assert_eq!(pages, command_pages(), "one page per command and subcommand");
    assert!(pages.contains("certtrack-import-anki.1") && pages.len() > 30, "{pages:?}");
    assert!(said.contains(&format!("wrote {} man pages", pages.len())), "{said}");
    for name in &pages {
        let page = std::fs::read_to_string(dir.join(name)).unwrap();
        assert!(page.starts_with(".ie") || page.starts_with(".TH"), "{name}: a roff page");
        assert!(page.contains("\n.TH ") && page.contains(".SH NAME") && page.contains(".SH SYNOPSIS"), "{name}");
        for r in references(&page) {
            assert!(pages.contains(&r), "{name} refers to {r}, which was not written");
        }
    }
    let main = std::fs::read_to_string(dir.join("certtrack.1")).unwrap();
    for section in [".SH ENVIRONMENT", ".SH FILES", ".SH \"EXIT STATUS\"", ".SH KEYS"] {
        assert!(main.contains(section), "{section}");
    }
    for must in [
        "CERTTRACK_DB",
        "CERTTRACK_DATA_DIR",
        "CERTTRACK_CONFIG",
        "NO_COLOR",
        "XDG_DATA_HOME",
        "\\fB130\\fR",
        "\\fB2\\fR",
    ] {
        assert!(main.contains(must), "{must}");
    }
    // The keys are the screens' own tables, not a copy: every row of them is on the page.
    for (screen, rows) in certtrack::app::reference::keys_by_screen().unwrap() {
        assert!(main.contains(&format!(".SS \"{screen}\"")), "{screen}");
        assert!(!rows.is_empty(), "{screen} has keys");
        for (_, what) in rows {
            assert!(main.contains(&what.replace('-', "\\-")), "{screen}: {what}");
        }
    }
}

#[test]
fn the_man_page_on_stdout_names_no_page_that_was_not_written() {
    let page = Sandbox::new().ok(&["man"]);
    assert!(page.contains(".SH KEYS") && page.contains(".SH COMMANDS"));
    assert!(page.contains("certtrack follow"));
    assert_eq!(references(&page), Vec::<String>::new());
}

#[test]
fn the_man_page_reads_with_man_when_it_is_installed() {
    let sb = Sandbox::new();
    let dir = sb.path().join("man");
    sb.ok(&["man", "--dir", dir.to_str().unwrap()]);
    let Ok(out) =
        std::process::Command::new("man").arg("-l").arg(dir.join("certtrack.1")).env("MANWIDTH", "100").output()
    else {
        eprintln!("note: no `man` here; the pages' content was checked only");
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("EXIT STATUS") && text.contains("ENVIRONMENT"), "{text}");
}
