//! The arrows go one way (docs/architecture.md): the core (syllabus, srs, readiness, quiz,
//! cohort, records, text, clock) imports neither a face nor the store, and the faces (the app and
//! the CLI) reach the store only through the application layer (`tracker`).

use std::fs;
use std::path::{Path, PathBuf};

const CORE: &[&str] = &[
    "syllabus",
    "srs",
    "readiness",
    "quiz",
    "cohort",
    "certs",
    "outcome",
    "carry",
    "study",
    "text",
    "clock",
    "anki_text",
];
const FACES: &[&str] = &["app", "commands", "cli", "main", "config"];
/// What the core may never name: the faces, the store, the application layer, and the crates
/// that belong to them.
const NOT_IN_CORE: &[&str] = &[
    "crate::app",
    "crate::commands",
    "crate::cli",
    "crate::store",
    "crate::tracker",
    "crate::config",
    "clap::",
    "ratatui",
    "crossterm",
    "rusqlite",
];
const NOT_IN_FACES: &[&str] = &["crate::store", "rusqlite", "certtrack::store"];

fn sources(module: &str) -> Vec<PathBuf> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let file = src.join(format!("{module}.rs"));
    let mut out = Vec::new();
    if file.exists() {
        out.push(file);
    }
    collect(&src.join(module), &mut out);
    out
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Lines of code (comments left out) of `files` that name any of `banned`.
fn violations(files: &[PathBuf], banned: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for f in files {
        let text = fs::read_to_string(f).unwrap();
        for (i, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if let Some(b) = banned.iter().find(|b| code.contains(*b)) {
                found.push(format!("{}:{}: names {b}: {}", f.display(), i + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn the_core_imports_no_face_and_no_store() {
    let files: Vec<PathBuf> = CORE.iter().flat_map(|m| sources(m)).collect();
    assert!(files.len() > 20, "found the core's files: {files:?}");
    let v = violations(&files, NOT_IN_CORE);
    assert!(v.is_empty(), "the core must stay pure:\n{}", v.join("\n"));
}

#[test]
fn the_faces_reach_the_store_only_through_the_application_layer() {
    let files: Vec<PathBuf> = FACES.iter().flat_map(|m| sources(m)).collect();
    assert!(files.len() > 15, "found the faces' files: {files:?}");
    let v = violations(&files, NOT_IN_FACES);
    assert!(v.is_empty(), "faces call the tracker, never the store:\n{}", v.join("\n"));
}

#[test]
fn the_config_both_faces_read_knows_neither_face() {
    let v = violations(&sources("config"), &["crate::app", "crate::commands", "ratatui", "crossterm"]);
    assert!(v.is_empty(), "the config is shared by the app and the CLI:\n{}", v.join("\n"));
}

#[test]
fn the_check_itself_sees_a_violation() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("x.rs");
    fs::write(&f, "use crate::store::Store; // fine in a comment: crate::app\n").unwrap();
    assert_eq!(violations(std::slice::from_ref(&f), NOT_IN_FACES).len(), 1);
    assert!(violations(std::slice::from_ref(&f), &["crate::app"]).is_empty(), "comments are not code");
}
