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
    let mut root = Cli::command();
    root.build();
    walk(&root, "certtrack", &mut out);
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
    let formatter = std::process::Command::new("nroff").arg("--version").output();
    if !formatter.is_ok_and(|o| o.status.success()) {
        eprintln!("note: no nroff here; the pages' content was checked only");
        return;
    }
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

/// What bash offers for the words typed so far (the last one being completed), using the
/// generated script and bash's own completion machinery.
fn bash_offers(sb: &Sandbox, script: &std::path::Path, words: &[&str]) -> Vec<String> {
    let line: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source '{}'; COMP_WORDS=({}); COMP_CWORD={}; COMP_LINE='{}'; COMP_POINT=${{#COMP_LINE}}; _certtrack certtrack '{}' '{}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display(),
        line.join(" "),
        words.len() - 1,
        words.join(" "),
        words[words.len() - 1],
        words[words.len() - 2],
    );
    let out = std::process::Command::new("bash").arg("-c").arg(program).current_dir(sb.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).lines().map(str::to_owned).collect()
}

#[test]
fn bash_completes_exam_ids_and_codes_settings_and_formats() {
    if std::process::Command::new("bash").arg("--version").output().is_err() {
        eprintln!("note: no bash here");
        return;
    }
    let sb = Sandbox::new();
    let dir = sb.data_dir().join("syllabi");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(common::sample_syllabus(), dir.join("acme.toml")).unwrap();
    let script = sb.path().join("certtrack.bash");
    std::fs::write(&script, sb.ok(&["completions", "bash"])).unwrap();
    let offers = |words: &[&str]| bash_offers(&sb, &script, words);
    assert_eq!(offers(&["certtrack", "follow", "SAA"]), ["SAA-C03"]);
    assert_eq!(offers(&["certtrack", "quiz", "--exam", "aws-saa"]), ["aws-saa-c03"]);
    assert_eq!(
        offers(&["certtrack", "import", "anki", "f.txt", "--exam", "ACB"]),
        ["ACB-01"],
        "the user's own syllabus too"
    );
    assert_eq!(offers(&["certtrack", "srs", "cram", "AZ-9"]), ["AZ-900"]);
    // (clap's bash script lists both positionals' values, so the one match comes twice.)
    let migrate = offers(&["certtrack", "exam", "migrate", "AZ-20"]);
    assert!(!migrate.is_empty() && migrate.iter().all(|o| o == "AZ-204"), "{migrate:?}");
    assert_eq!(offers(&["certtrack", "settings", "new"]), ["new_per_day"]);
    assert_eq!(offers(&["certtrack", "export", "--format", ""]), ["json", "csv", "anki"]);
}

#[test]
fn completion_values_do_not_narrow_what_the_commands_accept() {
    // The exam lists are for completion only: parsing takes a code in any case.
    let sb = Sandbox::new();
    let out = sb.ok(&["follow", "saa-c03"]);
    assert!(out.to_lowercase().contains("saa-c03"), "{out}");
}

#[test]
fn syllabus_list_aligns_a_cjk_exam_name_by_display_width_and_cuts_it_by_width() {
    let sb = Sandbox::new();
    let dir = sb.data_dir().join("syllabi");
    std::fs::create_dir_all(&dir).unwrap();
    let name = "クラウド基礎".repeat(6);
    let text =
        std::fs::read_to_string(common::sample_syllabus()).unwrap().replace("Acme Cloud Basics (team edition)", &name);
    std::fs::write(dir.join("acme.toml"), text).unwrap();
    let list = sb.ok(&["syllabus", "list"]);
    let width = |s: &str| unicode_width::UnicodeWidthStr::width(s);
    let acme = list.lines().find(|l| l.contains("ACB-01")).expect("listed");
    let shown_name = acme.split("ACB-01").nth(1).unwrap().trim_start().split("  ").next().unwrap();
    assert!(shown_name.ends_with('…') && width(shown_name) <= 48, "cut by width: {acme}");
    let header = list.lines().next().unwrap();
    let saa = list.lines().find(|l| l.contains("SAA-C03")).unwrap();
    // The last column (STATUS) starts at the same display column on every row.
    let status_at = |l: &str| width(&l[..l.rfind("  ").unwrap() + 2]);
    assert_eq!(status_at(saa), status_at(header), "{list}");
    assert_eq!(status_at(acme), status_at(header), "the last column starts at the same width:\n{list}");
}
