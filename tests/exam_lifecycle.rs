//! Exams change: retired exams say so, their dates are refused past their last day, and a
//! learner's progress on AZ-204 carries to AI-200 along AI-200's mapping, shown first, written
//! once, undoable, with the AZ-204 history untouched.

mod common;

use certtrack::store::Store;
use certtrack::study::{Attempt, Status};
use common::{Sandbox, stderr, stdout};

/// 2026-12-02 10:00 UTC: after AZ-204's last day.
const NOW: i64 = 1_796_205_600;

fn run(sb: &Sandbox, args: &[&str]) -> std::process::Output {
    sb.cmd().env("CERTTRACK_NOW", NOW.to_string()).args(args).output().unwrap()
}

fn ok(sb: &Sandbox, args: &[&str]) -> String {
    let out = run(sb, args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

#[test]
fn fifteen_exams_are_listed_and_the_three_retired_ones_name_their_successors() {
    let sb = Sandbox::new();
    let list: serde_json::Value = serde_json::from_str(&ok(&sb, &["syllabus", "list", "--json"])).unwrap();
    let exams = list.as_array().unwrap();
    assert_eq!(exams.len(), 15);
    let retired: Vec<(&str, &str)> = exams
        .iter()
        .filter(|e| !e["retired"].is_null())
        .map(|e| (e["id"].as_str().unwrap(), e["successor"].as_str().unwrap()))
        .collect();
    assert_eq!(retired, [("aws-dva-c02", "aws-dva-c03"), ("aws-sap-c02", "aws-sap-c03"), ("az-204", "ai-200")]);
    assert!(ok(&sb, &["syllabus", "list"]).contains("retired 2026-07-31 → AI-200"));
}

#[test]
fn a_retired_exam_warns_when_followed_and_refuses_a_date_after_its_last_day() {
    let sb = Sandbox::new();
    let out = ok(&sb, &["follow", "AZ-204"]);
    assert!(out.contains("retired on 2026-07-31") && out.contains("exam migrate AZ-204 AI-200"), "{out}");
    let late = run(&sb, &["exam-date", "AZ-204", "2027-02-01"]);
    assert_eq!(late.status.code(), Some(1));
    assert!(stderr(&late).contains("can be sat until 2026-07-31 only; its successor is AI-200"), "{}", stderr(&late));
    assert!(ok(&sb, &["status"]).contains("retired on 2026-07-31"));
}

#[test]
fn progress_on_az_204_carries_to_ai_200_once_and_the_migration_can_be_undone() {
    let sb = Sandbox::new();
    ok(&sb, &["follow", "AZ-204"]);
    ok(
        &sb,
        &[
            "progress",
            "set",
            "AZ-204",
            "azure-functions",
            "--status",
            "done",
            "--confidence",
            "green",
            "--note",
            "triggers and bindings",
        ],
    );
    ok(&sb, &["progress", "set", "AZ-204", "event-solutions", "--status", "done", "--confidence", "green"]);
    ok(&sb, &["progress", "set", "AZ-204", "message-solutions", "--status", "studying", "--confidence", "amber"]);
    ok(&sb, &["progress", "set", "AZ-204", "api-management", "--status", "done"]);
    {
        let mut store = Store::open(&sb.db()).unwrap();
        for (i, correct) in [true, false, true].into_iter().enumerate() {
            store
                .record_attempt(&Attempt {
                    session_id: None,
                    exam_id: "az-204".into(),
                    question_id: "q-containers-1".into(),
                    chosen: "A".into(),
                    correct,
                    seconds: 30.0,
                    answered_at: NOW - 86_400 * (10 - i as i64),
                })
                .unwrap();
        }
    }
    let preview = ok(&sb, &["exam", "migrate", "AZ-204", "AI-200"]);
    assert!(preview.contains("not carried (no longer in AI-200): api-management"), "{preview}");
    assert!(preview.contains("new in AI-200, nothing known yet:"), "{preview}");
    assert!(preview.contains("Nothing written yet"), "{preview}");
    assert!(Store::open(&sb.db()).unwrap().progress(Some("ai-200")).unwrap().is_empty(), "a preview writes nothing");

    let done = ok(&sb, &["exam", "migrate", "AZ-204", "AI-200", "--yes"]);
    assert!(done.contains("Carried."), "{done}");
    let store = Store::open(&sb.db()).unwrap();
    let carried = store.progress(Some("ai-200")).unwrap();
    let topic = |id: &str| carried.iter().find(|p| p.topic_id == id).cloned();
    let functions = topic("azure-functions").expect("mapped topic carried");
    assert_eq!((functions.status, functions.notes.as_str()), (Status::Done, "triggers and bindings"));
    let merged = topic("event-message-solutions").expect("two old topics into one");
    assert_eq!(merged.status, Status::Studying, "the lower of done and studying");
    assert!(topic("postgresql-ai").is_none(), "a new topic is unknown, not assumed");
    let answers = store.attempts(Some("ai-200")).unwrap();
    assert_eq!(answers.len(), 3, "answers to the mapped question count for AI-200");
    assert!(store.question_stats("ai-200").unwrap().iter().any(|q| q.attempts == 3));
    assert_eq!(store.progress(Some("az-204")).unwrap().len(), 4, "nothing of AZ-204 is lost");
    assert_eq!(store.attempts(Some("az-204")).unwrap().len(), 3);
    assert!(store.followed().unwrap().iter().any(|f| f.exam_id == "ai-200"), "the successor is followed");
    drop(store);

    let again = ok(&sb, &["exam", "migrate", "AZ-204", "AI-200", "--yes"]);
    assert!(again.contains("already") && again.contains("nothing to do"), "{again}");
    assert_eq!(
        Store::open(&sb.db()).unwrap().attempts(Some("ai-200")).unwrap().len(),
        3,
        "a second migrate is a no-op"
    );

    let undone = ok(&sb, &["exam", "undo-migrate", "AI-200"]);
    assert!(undone.contains("row(s) removed"), "{undone}");
    let store = Store::open(&sb.db()).unwrap();
    assert!(store.progress(Some("ai-200")).unwrap().is_empty() && store.attempts(Some("ai-200")).unwrap().is_empty());
    assert_eq!(store.progress(Some("az-204")).unwrap().len(), 4, "undo leaves AZ-204 as it was");
}
