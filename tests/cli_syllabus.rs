//! The `certtrack syllabus` commands, run as a user would.

mod common;

use common::{Sandbox, sample_syllabus, stderr, stdout};

fn with_user_syllabus() -> Sandbox {
    let sb = Sandbox::new();
    let dir = sb.data_dir().join("syllabi");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(sample_syllabus(), dir.join("acme.toml")).unwrap();
    sb
}

#[test]
fn list_json_has_counts_for_every_exam() {
    let sb = with_user_syllabus();
    let list = sb.json(&["syllabus", "list", "--json"]);
    let exams = list.as_array().unwrap();
    let acme = exams.iter().find(|e| e["id"] == "acme-cloud-basics").expect("user syllabus listed");
    assert_eq!(acme["provider"], "other");
    assert_eq!(acme["code"], "ACB-01");
    assert_eq!((acme["domains"].as_u64(), acme["topics"].as_u64()), (Some(2), Some(2)));
    assert_eq!((acme["questions"].as_u64(), acme["flashcards"].as_u64()), (Some(2), Some(1)));
    assert_eq!(acme["multi_response"], 1);
    assert!(acme["origin"].as_str().unwrap().ends_with("acme.toml"));
    for e in exams {
        for key in ["id", "provider", "code", "name", "domains", "topics", "questions", "flashcards"] {
            assert!(!e[key].is_null(), "{key} missing in {e}");
        }
    }
}

#[test]
fn list_table_shows_one_row_per_exam() {
    let sb = with_user_syllabus();
    let out = sb.ok(&["syllabus", "list"]);
    let header = out.lines().next().unwrap();
    assert!(header.starts_with("ID") && header.contains("QUESTIONS"), "{out}");
    let row = out.lines().find(|l| l.starts_with("acme-cloud-basics")).expect("row for user syllabus");
    assert!(row.contains("ACB-01") && row.contains("other"), "{row}");
}

#[test]
fn show_json_has_the_outline_and_accepts_the_code_in_any_case() {
    let sb = with_user_syllabus();
    let by_code = sb.json(&["syllabus", "show", "acb-01", "--json"]);
    let by_id = sb.json(&["syllabus", "show", "ACME-CLOUD-BASICS", "--json"]);
    assert_eq!(by_code, by_id);
    assert_eq!(by_code["id"], "acme-cloud-basics");
    assert_eq!(by_code["pass_mark"], 700);
    let d = &by_code["domains"][0];
    assert_eq!(
        (d["id"].as_str(), d["weight_min"].as_f64(), d["weight_max"].as_f64()),
        (Some("d1"), Some(40.0), Some(50.0))
    );
    assert_eq!(d["topics"][0]["id"], "least-privilege");
    assert_eq!(d["topics"][0]["title"], "Least privilege");
    assert_eq!(d["questions"], 1);
    // Midpoints 45 and 55 already add to 100, so normalising keeps them.
    assert_eq!(d["weight_normalised"].as_f64(), Some(45.0));
}

#[test]
fn show_text_lists_domains_and_topics() {
    let sb = with_user_syllabus();
    let out = sb.ok(&["syllabus", "show", "ACB-01"]);
    assert!(out.starts_with("ACB-01 — Acme Cloud Basics"), "{out}");
    assert!(out.contains("d2 Networking (50–60%)"), "{out}");
    assert!(out.contains("2.1   Private networks  [private-networks]"), "{out}");
}

#[test]
fn unknown_exam_is_an_error_listing_known_ids() {
    let sb = with_user_syllabus();
    let out = sb.run(&["syllabus", "show", "nope"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no exam `nope`; known exams:"), "{}", stderr(&out));
    assert!(stderr(&out).contains("acme-cloud-basics"));
}

#[test]
fn validate_exits_0_on_good_files_and_1_on_any_error() {
    let sb = Sandbox::new();
    let good = sample_syllabus();
    let bad = sb.path().join("bad.toml");
    let src = std::fs::read_to_string(&good).unwrap().replace("answer = \"A\"", "answer = \"F\"");
    std::fs::write(&bad, src).unwrap();
    let ok = sb.run(&["syllabus", "validate", good.to_str().unwrap()]);
    assert_eq!(ok.status.code(), Some(0), "{}", stdout(&ok));
    assert!(stdout(&ok).contains(": ok — acme-cloud-basics"));
    let both = sb.run(&["syllabus", "validate", good.to_str().unwrap(), bad.to_str().unwrap()]);
    assert_eq!(both.status.code(), Some(1));
    let text = stdout(&both);
    assert!(text.contains("bad.toml:") && text.contains("error: answer `F` has no choice"), "{text}");
    assert!(text.contains("bad.toml: 1 error(s)"), "{text}");
}

#[test]
fn validate_reports_missing_and_non_utf8_files() {
    let sb = Sandbox::new();
    let latin1 = sb.path().join("latin1.toml");
    std::fs::write(&latin1, b"format = 1\nname = \"caf\xe9\"\n").unwrap();
    let out = sb.run(&["syllabus", "validate", "/no/such/file.toml", latin1.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("/no/such/file.toml: error: cannot read: No such file"), "{text}");
    assert!(text.contains("latin1.toml:2:12: error: the file is not valid UTF-8"), "{text}");
}

#[test]
fn a_broken_user_syllabus_is_said_to_be_skipped_once_and_the_rest_still_load() {
    let sb = with_user_syllabus();
    let broken = sb.data_dir().join("syllabi/broken.toml");
    std::fs::write(&broken, "format = 1\n[exam\n").unwrap();
    let out = sb.run(&["syllabus", "list", "--json"]);
    assert!(out.status.success());
    let said = format!(
        "{}: skipped, it has 1 error; run `certtrack syllabus validate {}` to see them\n",
        broken.display(),
        broken.display()
    );
    assert_eq!(stderr(&out), said, "one line, not the problems");
    assert!(stdout(&out).contains("acme-cloud-basics"));
    // Not again on every start while the file stays as it is.
    for args in [&["status"][..], &["syllabus", "list"]] {
        let out = sb.run(args);
        assert!(out.status.success() && stderr(&out).is_empty(), "{args:?}: {}", stderr(&out));
    }
    let out = sb.run(&["syllabus", "validate", broken.to_str().unwrap()]);
    assert!(stdout(&out).contains("broken.toml:2:"), "validate shows the problems: {}", stdout(&out));
}

#[test]
fn bad_flags_are_usage_errors_with_exit_2() {
    let sb = Sandbox::new();
    let out = sb.run(&["syllabus", "list", "--jsn"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--jsn"), "{}", stderr(&out));
    assert_eq!(sb.run(&["syllabus", "validate"]).status.code(), Some(2));
    assert_eq!(sb.run(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn version_and_help_work() {
    let sb = Sandbox::new();
    assert!(sb.ok(&["--version"]).starts_with("certtrack "));
    assert!(sb.ok(&["syllabus", "--help"]).contains("validate"));
}

#[test]
fn an_imported_syllabus_is_one_catalog_for_list_show_and_check() {
    let sb = Sandbox::new();
    // Version 2 of the sample adds a flashcard; it is installed into the database only.
    let text = std::fs::read_to_string(sample_syllabus()).unwrap().replace("version = 1", "version = 2").replacen(
        "[[question]]",
        "[[flashcard]]\nid = \"fc-extra\"\ntopic = \"least-privilege\"\nfront = \"Extra front\"\nback = \"Extra back\"\n\n[[question]]",
        1,
    );
    let file = sb.path().join("acme-v2.toml");
    std::fs::write(&file, text).unwrap();
    sb.ok(&["syllabus", "import", file.to_str().unwrap()]);
    let list = sb.json(&["syllabus", "list", "--json"]);
    let acme = list.as_array().unwrap().iter().find(|e| e["id"] == "acme-cloud-basics").expect("listed");
    assert_eq!((acme["version"].as_u64(), acme["flashcards"].as_u64()), (Some(2), Some(2)), "the imported version");
    assert!(sb.ok(&["syllabus", "show", "acme-cloud-basics"]).contains("ACB-01"));
    sb.ok(&["progress", "set", "acme-cloud-basics", "least-privilege", "--status", "done"]);
    let check = sb.ok(&["db", "check"]);
    assert!(check.contains("ok: 0 orphaned"), "its progress is not an orphan: {check}");
}

fn flawed_file(sb: &Sandbox) -> std::path::PathBuf {
    let path = sb.path().join("flawed.toml");
    std::fs::write(&path, certtrack::syllabus::synthetic::flawed()).unwrap();
    path
}

#[test]
fn lint_text_names_each_failed_check_and_each_flagged_item_and_exits_1() {
    let sb = Sandbox::new();
    let file = flawed_file(&sb);
    let out = sb.run(&["syllabus", "lint", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    let line = |name: &str| {
        text.lines().find(|l| l.trim_start().starts_with(name)).unwrap_or_else(|| panic!("{name}: {text}"))
    };
    assert!(line("key-longest").contains("100.0% of 24") && line("key-longest").contains("OVER"), "{text}");
    assert!(line("letter-A").contains("too many keys at A"), "{text}");
    assert!(line("key-shortest").contains("never pick the shortest"), "{text}");
    assert!(line("key-echoes-stem").ends_with("ok"), "one echo in 24 is within the 5% allowed: {text}");
    for finding in [
        "key-longest q0: the key (A) is the longest choice",
        "topic-without-questions t2:",
        "topic-without-flashcards t2:",
        "duplicate-stem q1: stem has 88% the same words as q0",
        "duplicate-front f1: front has",
        "key-echoes-stem q3: only the key (A) repeats the stem's words (alpha3, beta3)",
        "past-date q2: \"The old feature will retire on 1 March 2025.\" speaks of 2025-03-01",
    ] {
        assert!(text.contains(finding), "{finding}\n{text}");
    }
    assert!(text.trim_end().ends_with("14 check(s) over threshold: key-longest, key-shortest, letter-A, letter-B, letter-C, letter-D, multiple-response, domain-d0, domain-d1, topic-without-questions, topic-without-flashcards, duplicate-stem, duplicate-front, past-date"), "{text}");
}

#[test]
fn lint_json_has_the_figures_thresholds_and_findings() {
    let sb = Sandbox::new();
    let file = flawed_file(&sb);
    let out = sb.run(&["syllabus", "lint", file.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["passed"], false);
    assert_eq!(v["thresholds"]["key_longest"]["max"], 0.35);
    let r = &v["report"];
    assert_eq!((r["exam"].as_str(), r["questions"].as_u64()), (Some("flawed-bank"), Some(24)));
    let check = |name: &str| r["checks"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap().clone();
    let longest = check("key-longest");
    assert_eq!(
        (longest["unit"].as_str(), longest["value"].as_f64(), longest["of"].as_u64()),
        (Some("share"), Some(1.0), Some(24))
    );
    assert_eq!((longest["passed"].as_bool(), longest["judged"].as_bool()), (Some(false), Some(true)));
    assert!(longest["advice"].as_str().unwrap().contains("rewrite the choices"));
    assert_eq!(check("duplicate-stem")["unit"], "count");
    let kinds: Vec<(&str, &str)> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["kind"].as_str().unwrap(), f["item"].as_str().unwrap()))
        .collect();
    for want in [("duplicate-stem", "q1"), ("duplicate-front", "f1"), ("past-date", "q2"), ("key-echoes-stem", "q3")] {
        assert!(kinds.contains(&want), "{want:?} in {kinds:?}");
    }
}

#[test]
fn lint_by_id_and_by_a_file_of_the_same_shipped_exam_agree() {
    let sb = Sandbox::new();
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("syllabi/azure/az-104.toml");
    let by_id = sb.run(&["syllabus", "lint", "AZ-104", "--json"]);
    let by_file = sb.run(&["syllabus", "lint", file.to_str().unwrap(), "--json"]);
    assert_eq!(by_id.status.code(), by_file.status.code());
    let report =
        |o: &std::process::Output| serde_json::from_str::<serde_json::Value>(&stdout(o)).unwrap()["report"].clone();
    assert_eq!(
        report(&by_id),
        report(&by_file),
        "a working copy of a shipped bank is compared with the other shipped exams too"
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&by_id)).unwrap();
    assert_eq!(v["source"], "shipped");
}

#[test]
fn lint_of_a_broken_file_an_unknown_exam_or_a_fifo_fails_without_hanging() {
    let sb = Sandbox::new();
    let bad = sb.path().join("bad.toml");
    std::fs::write(&bad, "format = 1\n[exam\n").unwrap();
    let out = sb.run(&["syllabus", "lint", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("bad.toml: 1 error(s); fix them first"), "{}", stdout(&out));
    let out = sb.run(&["syllabus", "lint", "no-such-exam"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no exam or file `no-such-exam`"), "{}", stderr(&out));
    // A FIFO with no writer: the bounded reader refuses it instead of blocking forever.
    let fifo = sb.path().join("pipe.toml");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    for cmd in ["lint", "validate"] {
        let out = sb.run(&["syllabus", cmd, fifo.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{cmd}");
        assert!(stdout(&out).contains("not a regular file"), "{cmd}: {}", stdout(&out));
    }
}

/// Run and wait at most ten seconds: a read that blocks on a FIFO must fail the test, not hang it.
#[cfg(unix)]
fn run_within_10s(sb: &Sandbox, args: &[&str]) -> std::process::Output {
    use std::time::{Duration, Instant};
    let mut child =
        sb.cmd().args(args).stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(10) {
            child.kill().unwrap();
            panic!("certtrack {args:?} still running after 10 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[cfg(unix)]
#[test]
fn a_syllabus_that_is_a_fifo_or_a_device_is_refused_at_once() {
    let sb = Sandbox::new();
    let fifo = sb.path().join("pipe.toml");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let zero = sb.path().join("zero.toml");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    for file in [&fifo, &zero] {
        for cmd in ["validate", "import"] {
            let out = run_within_10s(&sb, &["syllabus", cmd, file.to_str().unwrap()]);
            assert_eq!(out.status.code(), Some(1), "{cmd} {}: {}", file.display(), stderr(&out));
            let said = stdout(&out) + &stderr(&out);
            assert!(said.contains("not a regular file"), "{said}");
        }
    }
}

#[cfg(unix)]
#[test]
fn lint_of_a_fifo_named_without_a_path_says_what_it_is() {
    let sb = Sandbox::new();
    let c = std::ffi::CString::new(sb.path().join("ff").to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let out = sb.cmd().current_dir(sb.path()).args(["syllabus", "lint", "ff"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let said = stdout(&out) + &stderr(&out);
    assert!(said.contains("not a regular file") && !said.contains("no exam or file"), "{said}");
}
