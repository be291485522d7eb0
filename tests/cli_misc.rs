//! Fitting into the user's shell: version, completions, man page, Anki export, exit codes.

mod common;

use common::{Sandbox, stderr};

#[test]
fn version_names_the_database_schema() {
    let v = Sandbox::new().ok(&["--version"]);
    assert!(v.starts_with("certtrack ") && v.contains("(database schema 4)"), "{v}");
}

#[test]
fn the_database_is_the_flag_else_the_variable_else_the_data_dir() {
    let sb = Sandbox::new();
    let path = |cmd: &mut std::process::Command| common::stdout(&cmd.output().unwrap()).trim().to_owned();
    let flag = sb.path().join("flag.db");
    let flag_arg = flag.to_str().unwrap();
    assert_eq!(path(sb.cmd().args(["db", "path", "--db", flag_arg])), flag_arg);
    assert_eq!(path(sb.cmd().args(["--db", flag_arg, "db", "path"])), flag_arg, "--db is global");
    assert_eq!(path(sb.cmd().args(["db", "path"])), sb.db().to_str().unwrap());
    let default = sb.data_dir().join("certtrack.db");
    assert_eq!(path(sb.cmd().args(["db", "path"]).env_remove("CERTTRACK_DB")), default.to_str().unwrap());
    assert_eq!(
        path(sb.cmd().args(["db", "path"]).env("CERTTRACK_DB", "")),
        default.to_str().unwrap(),
        "empty is unset"
    );
}

#[test]
fn completions_are_generated_for_every_shell() {
    let sb = Sandbox::new();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let script = sb.ok(&["completions", shell]);
        assert!(script.contains("syllabus") && script.contains("cohort"), "{shell} completion lacks subcommands");
    }
    assert_eq!(sb.run(&["completions", "tcsh"]).status.code(), Some(2));
}

#[test]
fn the_man_page_is_roff_with_every_command() {
    let page = Sandbox::new().ok(&["man"]);
    assert!(page.contains(".TH certtrack 1"), "{}", &page[..200.min(page.len())]);
    for cmd in ["syllabus", "status", "quiz", "review", "cohort", "export"] {
        assert!(page.contains(cmd), "man page lacks {cmd}");
    }
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::io::Read;
    use std::process::Stdio;
    let sb = Sandbox::new();
    let mut child =
        sb.cmd().args(["completions", "bash"]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert!(!err.contains("panicked"), "{err}");
    assert!(status.success() || status.code() == Some(0), "{status:?} {err}");
}

#[test]
fn config_path_show_and_errors_with_line_and_column() {
    let sb = Sandbox::new();
    assert!(sb.ok(&["config", "path"]).contains("not created yet"));
    std::fs::write(sb.config(), "theme = \"light\"\ndate_format = \"%d %b %Y\"\n[keys]\nr = \"v\"\n").unwrap();
    let shown = sb.ok(&["config", "show"]);
    assert!(shown.contains("theme = monochrome (NO_COLOR is set)") && shown.contains("keys: r is on v"), "{shown}");
    std::fs::write(sb.config(), "theme = \"light\"\ncolour = \"red\"\n").unwrap();
    let bad = sb.run(&["config", "show"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(common::stdout(&bad).contains(":2:1: error: unknown field `colour`"), "{}", common::stdout(&bad));
    let status = sb.run(&["status"]);
    assert_eq!(status.status.code(), Some(1), "a broken config stops commands that use it");
    assert!(stderr(&status).contains(":2:1: error"), "{}", stderr(&status));
}

#[test]
fn config_study_defaults_apply_until_the_database_sets_its_own() {
    let sb = Sandbox::new();
    std::fs::write(sb.config(), "[study]\nnew_per_day = 7\n").unwrap();
    assert!(sb.ok(&["settings"]).contains("new_per_day = 7"));
    sb.ok(&["settings", "new_per_day", "12"]);
    assert!(sb.ok(&["settings"]).contains("new_per_day = 12"), "the database's own value wins");
}

#[test]
fn a_quiz_size_outside_1_to_500_is_a_usage_error_and_a_small_bank_is_said() {
    let sb = Sandbox::new();
    for n in ["0", "501", "100000"] {
        let out = sb.run(&["quiz", "-n", n]);
        assert_eq!(out.status.code(), Some(2), "-n {n}: {}", stderr(&out));
        assert!(stderr(&out).contains("1..=500"), "-n {n} says the range: {}", stderr(&out));
    }
    let dir = sb.data_dir().join("syllabi");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(common::sample_syllabus(), dir.join("acme.toml")).unwrap();
    // No terminal here, so the quiz itself refuses to start, but after saying how many it asks.
    let out = sb.run(&["quiz", "-n", "500", "--exam", "acb-01"]);
    assert!(stderr(&out).contains("ACB-01 has 2 question(s) to draw from here"), "{}", stderr(&out));
    assert!(sb.ok(&["--help"]).contains("130 ended by Ctrl-C"));
}

#[test]
fn a_located_problem_is_not_prefixed_with_a_second_error() {
    let sb = Sandbox::new();
    let file = sb.path().join("c.toml");
    std::fs::write(&file, "format = 1\nname = \"T\"\nsyllabus = \"aws-saa-c03\"\nmembers = [\"ana\", \"Ana\"]\n")
        .unwrap();
    let out = sb.run(&["cohort", "join", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("c.toml:4:19: error: member `Ana` is listed twice"), "{err}");
    assert!(!err.contains("error: ") || err.matches("error: ").count() == 1, "one `error:` per problem:\n{err}");
}
