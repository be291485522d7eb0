//! The study commands end to end: follow, dates, progress, status, export, backups, fitting.

mod common;

use certtrack::srs::{CardState, DAY, Fuzz, Rating, Scheduler};
use certtrack::store::{ItemKey, ItemKind, ProgressUpdate, Store};
use certtrack::study::Attempt;
use common::{Sandbox, sample_syllabus, stderr, stdout};
use serde_json::Value;

const NOW: i64 = 1_790_000_000;

fn sandbox() -> Sandbox {
    let sb = Sandbox::new();
    let dir = sb.data_dir().join("syllabi");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(sample_syllabus(), dir.join("acme.toml")).unwrap();
    sb
}

/// `n` answers to each question of the sample, `right` of them correct, over the last days.
fn seed_answers(sb: &Sandbox, n: usize, right: usize) {
    let mut store = Store::open(&sb.db()).unwrap();
    for q in ["q-least-privilege-1", "q-private-networks-1"] {
        for i in 0..n {
            let a = Attempt {
                session_id: None,
                exam_id: "acme-cloud-basics".into(),
                question_id: q.into(),
                chosen: "A".into(),
                correct: i < right,
                seconds: 20.0,
                answered_at: NOW - (i as i64 % 5) * DAY,
            };
            store.record_attempt(&a).unwrap();
        }
    }
}

fn pinned(sb: &Sandbox, args: &[&str]) -> std::process::Output {
    sb.cmd().env("CERTTRACK_NOW", NOW.to_string()).args(args).output().unwrap()
}

fn pinned_json(sb: &Sandbox, args: &[&str]) -> Value {
    let out = pinned(sb, args);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn exam_dates_in_the_past_empty_or_impossible_are_refused_and_none_clears() {
    let sb = sandbox();
    for (date, says) in [
        ("2020-01-01", "is in the past"),
        ("", "or `none` to clear it"),
        ("0000-01-01", "is not a date"),
        ("2026-02-30", "is not a date"),
    ] {
        let out = pinned(&sb, &["exam-date", "acb-01", date]);
        assert_eq!(out.status.code(), Some(1), "{date:?}");
        assert!(stderr(&out).contains(says), "{date:?}: {}", stderr(&out));
    }
    assert!(pinned(&sb, &["exam-date", "acb-01", "2026-12-01"]).status.success());
    let out = pinned(&sb, &["exam-date", "acb-01", "none"]);
    assert!(stdout(&out).contains("exam date cleared"), "{}", stdout(&out));
}

#[test]
fn status_without_followed_exams_says_how_to_start() {
    let sb = sandbox();
    assert!(sb.ok(&["status"]).contains("certtrack follow SAA-C03"));
    assert_eq!(sb.json(&["status", "--json"])["exams"], Value::Array(vec![]));
}

#[test]
fn status_json_has_the_documented_fields_and_tells_learners_apart() {
    let sb = sandbox();
    sb.ok(&["follow", "ACB-01"]);
    assert!(pinned(&sb, &["exam-date", "acb-01", "2026-10-01"]).status.success());
    let empty = pinned_json(&sb, &["status", "--json"]);
    let e = &empty["exams"][0];
    for key in ["id", "readiness", "predicted_score", "pass_mark", "light", "due_today", "exam_date", "domains"] {
        assert!(!e[key].is_null(), "{key} missing: {e}");
    }
    assert_eq!(
        (e["id"].as_str(), e["pass_mark"].as_u64(), e["exam_date"].as_str()),
        (Some("acme-cloud-basics"), Some(700), Some("2026-10-01"))
    );
    assert_eq!(e["light"], "red", "no evidence is never ready");
    assert_eq!(e["band_coverage"], 0.8);
    assert_eq!((e["evidence"]["answers"].as_u64(), e["evidence"]["distinct_questions"].as_u64()), (Some(0), Some(0)));
    assert_eq!(e["evidence_needed"]["questions"], 2, "the sample has one question in each domain: {e}");
    assert_eq!(e["evidence_needed"]["advice"], "answer about 2 more questions across d1 and d2");
    assert_eq!(e["domains"][0]["id"], "d1");
    assert!(e["domains"][0]["readiness"].as_f64().is_some() && e["domains"][0]["light"].is_string());

    seed_answers(&sb, 30, 28);
    let strong = pinned_json(&sb, &["status", "--json"]);
    let s = &strong["exams"][0];
    assert_eq!((s["evidence"]["answers"].as_u64(), s["evidence"]["distinct_questions"].as_u64()), (Some(60), Some(2)));
    assert!(s["evidence_needed"].is_null(), "every question answered: {s}");
    assert!(s["readiness"].as_f64() > e["readiness"].as_f64(), "{s}");
    // Sixty answers to the same two questions are mostly memory: not enough to be on track.
    assert_eq!(s["on_track"], false);
    assert_eq!(s["domains"][0]["distinct_questions"], 1);
    assert_eq!(strong["streak_days"], 5, "answers on each of the last five days");
}

#[test]
fn status_text_shows_domains_with_bars_and_lights() {
    let sb = sandbox();
    seed_answers(&sb, 30, 5);
    let out = stdout(&pinned(&sb, &["status", "--exam", "acb-01"]));
    assert!(out.starts_with("ACB-01 — Acme Cloud Basics"), "{out}");
    assert!(out.contains("Identity") && out.contains("red"), "{out}");
    assert!(out.contains('█'), "{out}");
}

#[test]
fn status_text_says_what_would_make_a_guess_a_measurement() {
    let sb = sandbox();
    sb.ok(&["follow", "ACB-01"]);
    let out = stdout(&pinned(&sb, &["status", "--exam", "acb-01"]));
    assert!(out.contains("too little quiz evidence: "), "{out}");
    assert!(!out.contains("predicted"), "no confident number: {out}");
    assert!(out.contains("to measure readiness, answer about 2 more questions across d1 and d2"), "{out}");
}

#[test]
fn progress_set_and_show_round_trip_and_orphans_are_kept() {
    let sb = sandbox();
    sb.ok(&[
        "progress",
        "set",
        "ACB-01",
        "least-privilege",
        "--status",
        "done",
        "--confidence",
        "amber",
        "--note",
        "re-read IAM",
        "--minutes",
        "25",
    ]);
    sb.ok(&["progress", "set", "ACB-01", "least-privilege", "--minutes", "5"]);
    {
        let mut store = Store::open(&sb.db()).unwrap();
        store.update_progress("acme-cloud-basics", "removed-topic", &ProgressUpdate::default(), NOW).unwrap();
    }
    let shown = sb.json(&["progress", "show", "acb-01", "--json"]);
    let t = &shown["topics"][0];
    assert_eq!(
        (t["status"].as_str(), t["confidence"].as_str(), t["notes"].as_str(), t["minutes"].as_u64()),
        (Some("done"), Some("amber"), Some("re-read IAM"), Some(30))
    );
    assert_eq!(shown["topics"][1]["status"], "todo");
    assert_eq!(shown["orphaned"], serde_json::json!(["removed-topic"]));
    assert!(sb.ok(&["progress", "show", "acb-01"]).contains("orphaned: progress kept for `removed-topic`"));
    let bad = sb.run(&["progress", "set", "acb-01", "nope", "--status", "done"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("has no topic `nope`"));
    let usage = sb.run(&["progress", "set", "acb-01", "least-privilege", "--status", "finished"]);
    assert_eq!(usage.status.code(), Some(2));
}

#[test]
fn export_json_round_trips_every_record() {
    let sb = sandbox();
    seed_answers(&sb, 3, 2);
    sb.ok(&["progress", "set", "acb-01", "private-networks", "--note", "=cmd|' /C calc'!A0"]);
    sb.ok(&["settings", "desired_retention", "0.85"]);
    let doc = sb.json(&["export"]);
    let store = Store::open(&sb.db()).unwrap();
    let attempts = doc["attempts"].as_array().unwrap();
    let stored = store.attempts(None).unwrap();
    assert_eq!(attempts.len(), stored.len());
    for (a, s) in attempts.iter().zip(&stored) {
        assert!(a["id"].as_i64().is_some(), "every attempt has its id: {a}");
        assert_eq!(
            (a["question_id"].as_str(), a["correct"].as_bool()),
            (Some(s.question_id.as_str()), Some(s.correct))
        );
    }
    let progress: Vec<certtrack::study::TopicProgress> = serde_json::from_value(doc["progress"].clone()).unwrap();
    assert_eq!(progress, store.progress(None).unwrap());
    assert_eq!(doc["format"], 2);
    assert!(doc["settings"].as_array().unwrap().iter().any(|s| s["key"] == "desired_retention"));
    assert!(doc["followed"].as_array().unwrap().iter().all(|f| f.get("followed_at").is_some()));
    let schema: Value = serde_json::from_str(&sb.ok(&["export", "--schema"])).unwrap();
    let errors = common::schema_errors(&schema, &doc, "$");
    assert!(errors.is_empty(), "the export matches its published schema: {errors:#?}");
    // The check itself catches a drift.
    let mut broken = doc.clone();
    broken["attempts"][0]["correct"] = Value::from("yes");
    assert!(!common::schema_errors(&schema, &broken, "$").is_empty());

    let dir = sb.path().join("csv");
    sb.ok(&["export", "--format", "csv", "--out", dir.to_str().unwrap()]);
    let attempts_csv = std::fs::read_to_string(dir.join("attempts.csv")).unwrap();
    assert_eq!(attempts_csv.lines().count(), 1 + 6, "header and one line per attempt");
    assert!(
        attempts_csv.starts_with("id,session_id,exam_id,question_id,chosen,correct,seconds,answered_at"),
        "{attempts_csv}"
    );
    let sessions_csv = std::fs::read_to_string(dir.join("sessions.csv")).unwrap();
    assert_eq!(
        sessions_csv.lines().collect::<Vec<_>>(),
        ["id,mode,exam_id,started_at,ended_at,settings,result"],
        "an empty table still has its header"
    );
    let progress_csv = std::fs::read_to_string(dir.join("progress.csv")).unwrap();
    assert!(progress_csv.contains("'=cmd"), "spreadsheet formulas are defused: {progress_csv}");
    let again = sb.run(&["export", "--format", "csv", "--out", dir.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1), "never overwrites an export");
    assert!(stderr(&again).contains("nothing was written"), "{}", stderr(&again));
}

#[test]
fn an_export_to_a_file_is_whole_or_absent_and_never_replaces_one() {
    let sb = sandbox();
    seed_answers(&sb, 3, 2);
    let file = sb.path().join("export.json");
    std::fs::write(&file, "mine").unwrap();
    assert_eq!(sb.run(&["export", "--out", file.to_str().unwrap()]).status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine", "an existing file is kept");
    let file = sb.path().join("new.json");
    sb.ok(&["export", "--out", file.to_str().unwrap()]);
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(doc["attempts"].as_array().unwrap().len(), 6);
    let names: Vec<String> =
        std::fs::read_dir(sb.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(!names.iter().any(|n| n.contains(".tmp-")), "{names:?}");
}

#[test]
fn backup_then_restore_through_the_cli() {
    let sb = sandbox();
    seed_answers(&sb, 2, 1);
    let backup = sb.path().join("b.db");
    sb.ok(&["db", "backup", backup.to_str().unwrap()]);
    seed_answers(&sb, 2, 1);
    let restored = sb.ok(&["db", "restore", backup.to_str().unwrap()]);
    assert!(restored.contains("the previous database was kept as"), "{restored}");
    assert_eq!(Store::open(&sb.db()).unwrap().attempt_count().unwrap(), 4);
    let junk = sb.path().join("junk.db");
    std::fs::write(&junk, "not a database").unwrap();
    let out = sb.run(&["db", "restore", junk.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("not a SQLite database"), "{}", stderr(&out));
    assert!(stderr(&out).contains("Choose another backup") && !stderr(&out).contains("--db"), "{}", stderr(&out));
    assert_eq!(Store::open(&sb.db()).unwrap().attempt_count().unwrap(), 4);
    assert!(sb.ok(&["db", "check"]).contains("integrity: ok"));
}

#[test]
fn a_foreign_database_is_refused_and_untouched() {
    let sb = sandbox();
    std::fs::write(sb.db(), "shopping list").unwrap();
    let out = sb.run(&["status"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("not a certtrack database"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(sb.db()).unwrap(), "shopping list");
    let check = sb.run(&["db", "check"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(stdout(&check).contains("FAILED"));
}

#[test]
fn optimize_explains_what_is_missing_then_reports_the_fit() {
    let sb = sandbox();
    assert!(sb.ok(&["srs", "optimize"]).contains("8 more"));
    {
        let mut store = Store::open(&sb.db()).unwrap();
        let sched = Scheduler::default_params();
        for item in 0..60 {
            let mut card = CardState::new(NOW - 90 * DAY);
            let mut at = NOW - 90 * DAY;
            for step in 0..5 {
                let rating = if (item + step) % 4 == 0 { Rating::Again } else { Rating::Good };
                let id = format!("fc-{item}");
                let key = ItemKey { exam_id: "acme-cloud-basics", item_id: &id, kind: ItemKind::Flashcard };
                let next = store.review_item(key, None, |_| sched.review(&card, rating, at, Fuzz::Off)).unwrap().after;
                card = next;
                at = next.due.max(at + DAY);
            }
        }
    }
    let out = sb.ok(&["srs", "optimize", "--dry-run"]);
    assert!(out.contains("log loss") && out.contains("before") && out.contains("after"), "{out}");
    let prefs_before = Store::open(&sb.db()).unwrap().preferences().unwrap();
    assert_eq!(prefs_before.fsrs_params, None, "a dry run changes nothing");
}

/// Hostile text stored in the database never reaches stdout as a control sequence.
#[test]
fn hostile_database_text_is_harmless_in_cli_output() {
    let sb = sandbox();
    let hostile = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}1m\u{202e}x\u{8}";
    {
        let mut store = Store::open(&sb.db()).unwrap();
        let up = ProgressUpdate { notes: Some(hostile.into()), ..Default::default() };
        store.update_progress("acme-cloud-basics", "least-privilege", &up, NOW).unwrap();
        store.update_progress("acme-cloud-basics", hostile, &up, NOW).unwrap();
    }
    sb.ok(&["follow", "acb-01"]);
    for args in [
        &["progress", "show", "acb-01"][..],
        &["status"],
        &["srs", "stats"],
        &["db", "check"],
        &["export"],
        &["export", "--format", "anki", "--exam", "acb-01"],
    ] {
        let out = sb.run(args);
        let text = String::from_utf8_lossy(&out.stdout);
        let bad: Vec<char> = text.chars().filter(|&c| certtrack::text::is_forbidden(c)).collect();
        assert!(bad.is_empty(), "{args:?} printed {bad:?}");
        assert!(!String::from_utf8_lossy(&out.stderr).chars().any(certtrack::text::is_forbidden), "{args:?} stderr");
    }
}
