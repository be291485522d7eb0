use std::collections::HashSet;
use std::fs;

use chrono::NaiveDate;
use rusqlite::Connection;

use super::*;
use crate::srs::{CardState, Fuzz, Rating, Scheduler};
use crate::study::{Attempt, Light, Status};

const NOW: i64 = 1_790_000_000; // 2026-09-21: in the past, as real answers are

/// A review whose new state the test chose (the store's read-modify-write of the state is
/// tested on its own).
struct ReviewWrite<'a> {
    exam_id: &'a str,
    item_id: &'a str,
    kind: ItemKind,
    #[allow(dead_code)]
    before: Option<&'a CardState>,
    after: &'a CardState,
    record: &'a crate::srs::ReviewRecord,
}

trait RecordReview {
    fn record_review(&mut self, w: &ReviewWrite, attempt: Option<&Attempt>) -> Result<i64>;
}

impl RecordReview for Store {
    fn record_review(&mut self, w: &ReviewWrite, attempt: Option<&Attempt>) -> Result<i64> {
        let key = ItemKey { exam_id: w.exam_id, item_id: w.item_id, kind: w.kind };
        let answer =
            attempt.map(|a| (a, SessionRef::New { mode: "practice", settings: "{}", started_at: a.answered_at }));
        Ok(self.review_item(key, answer, |_| (*w.after, *w.record))?.review_id)
    }
}

fn temp() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("study.db");
    (dir, path)
}

fn attempt(q: &str, correct: bool, at: i64) -> Attempt {
    Attempt {
        session_id: None,
        exam_id: "aws-saa-c03".into(),
        question_id: q.into(),
        chosen: "A".into(),
        correct,
        seconds: 12.5,
        answered_at: at,
    }
}

#[test]
fn a_new_file_gets_the_latest_schema_and_our_application_id() {
    let (_d, path) = temp();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::latest());
    assert_eq!(store.pragma_i64("application_id").unwrap(), APPLICATION_ID);
    let mode: String = store.conn().pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
    let sync: i64 = store.conn().pragma_query_value(None, "synchronous", |r| r.get(0)).unwrap();
    assert_eq!((mode.as_str(), sync), ("wal", 2), "WAL with synchronous=FULL");
    drop(store);
    Store::open(&path).expect("reopens");
}

#[test]
fn migrates_from_every_earlier_schema_keeping_data_and_a_backup() {
    for from in 0..schema::latest() {
        let (dir, path) = temp();
        {
            let conn = Connection::open(&path).unwrap();
            for m in &schema::MIGRATIONS[..from as usize] {
                conn.execute_batch(m.sql).unwrap();
            }
            conn.pragma_update(None, "user_version", from).unwrap();
            if from > 0 {
                conn.pragma_update(None, "application_id", APPLICATION_ID).unwrap();
                conn.execute("INSERT INTO setting (key, value) VALUES ('new_per_day', '7')", []).unwrap();
            }
            if (1..3).contains(&from) {
                // Answers written by a version before raw summaries (schema 3) existed.
                for (q, correct, at) in [("q1", 1, NOW), ("q1", 0, NOW + 60), ("q2", 1, NOW)] {
                    conn.execute(
                        "INSERT INTO attempt (exam_id, question_id, chosen, correct, seconds, answered_at) VALUES ('ex', ?1, 'A', ?2, 5, ?3)",
                        rusqlite::params![q, correct, at],
                    )
                    .unwrap();
                }
            }
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), schema::latest());
        if from > 0 {
            assert_eq!(store.preferences().unwrap().limits.new_per_day, 7, "data survives migration from {from}");
        }
        if (1..3).contains(&from) {
            let stats = store.question_stats("ex").unwrap();
            let q1 = stats.iter().find(|s| s.question_id == "q1").expect("summary backfilled");
            assert_eq!((q1.attempts, q1.correct, stats.len()), (2, 1, 2), "from {from}");
            assert_eq!(
                (q1.first_at, q1.first_correct, q1.last_at, q1.last_correct),
                (NOW, true, NOW + 60, false),
                "raw first and latest answers, from {from}"
            );
        }
        if from > 0 {
            let backups = fs::read_dir(dir.path())
                .unwrap()
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().contains(&format!("pre-schema{from}")));
            assert_eq!(backups.count(), 1, "a backup is taken before migrating from {from}");
        }
    }
}

#[test]
fn a_newer_schema_is_refused_and_left_untouched() {
    let (_d, path) = temp();
    drop(Store::open(&path).unwrap());
    {
        let c = Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", schema::latest() + 1).unwrap();
    }
    let before = fs::read(&path).unwrap();
    let err = Store::open(&path).err().expect("refused");
    assert!(matches!(err, StoreError::TooNew { .. }), "{err}");
    assert!(err.to_string().contains("newer certtrack"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn foreign_files_are_refused_and_left_untouched() {
    let (dir, path) = temp();
    fs::write(&path, "my shopping list\n").unwrap();
    let err = Store::open(&path).err().expect("refused");
    assert!(err.to_string().contains("not a SQLite database"), "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), "my shopping list\n");

    let other = dir.path().join("other.db");
    Connection::open(&other).unwrap().execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").unwrap();
    let before = fs::read(&other).unwrap();
    let err = Store::open(&other).err().expect("refused");
    assert!(matches!(err, StoreError::Foreign { .. }), "{err}");
    assert_eq!(fs::read(&other).unwrap(), before);
}

#[test]
fn a_damaged_file_is_reported_and_left_untouched() {
    let (_d, path) = temp();
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.extend(std::iter::repeat_n(0xA5u8, 4096));
    fs::write(&path, &bytes).unwrap();
    let err = Store::open(&path).err().expect("refused");
    assert!(matches!(err, StoreError::Damaged { .. }), "{err}");
    assert!(err.to_string().contains("certtrack db restore"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), bytes);
}

#[test]
fn progress_updates_merge_and_can_clear_confidence() {
    let mut s = Store::in_memory().unwrap();
    let up = |status, confidence, notes: Option<&str>, minutes| ProgressUpdate {
        status,
        confidence,
        notes: notes.map(str::to_owned),
        add_minutes: minutes,
    };
    s.update_progress(
        "ex",
        "t1",
        &up(Some(Status::Studying), Some(Some(Light::Amber)), Some("VPC endpoints"), 15),
        NOW,
    )
    .unwrap();
    let p = s.update_progress("ex", "t1", &up(None, None, None, 10), NOW + 60).unwrap();
    assert_eq!(
        (p.status, p.confidence, p.notes.as_str(), p.minutes),
        (Status::Studying, Some(Light::Amber), "VPC endpoints", 25)
    );
    assert_eq!((p.created_at, p.updated_at), (NOW, NOW + 60));
    let p = s.update_progress("ex", "t1", &up(Some(Status::Done), Some(None), None, 0), NOW + 120).unwrap();
    assert_eq!((p.status, p.confidence), (Status::Done, None));
    assert_eq!(s.progress(Some("ex")).unwrap().len(), 1);
    assert!(s.progress(Some("other")).unwrap().is_empty());
}

#[test]
fn reviews_are_logged_with_attempts_and_the_newest_can_be_undone() {
    let mut s = Store::in_memory().unwrap();
    let sched = Scheduler::default_params();
    let fresh = CardState::new(NOW);
    let (after, rec) = sched.review(&fresh, Rating::Good, NOW, Fuzz::Off);
    let w = ReviewWrite {
        exam_id: "ex",
        item_id: "q1",
        kind: ItemKind::Question,
        before: None,
        after: &after,
        record: &rec,
    };
    let first = s.record_review(&w, Some(&attempt("q1", true, NOW))).unwrap();
    assert_eq!(s.card("ex", "q1").unwrap(), Some(after));
    assert_eq!(s.attempts(None).unwrap().len(), 1);
    assert!(!s.undo_review(first).unwrap(), "a quiz answer is not undone");

    let (after2, rec2) = sched.review(&after, Rating::Again, after.due, Fuzz::Off);
    let w2 = ReviewWrite {
        exam_id: "ex",
        item_id: "c1",
        kind: ItemKind::Flashcard,
        before: None,
        after: &after2,
        record: &rec2,
    };
    let id_new = s.record_review(&w2, None).unwrap();
    let (after3, rec3) = sched.review(&after2, Rating::Good, after2.due, Fuzz::Off);
    let w3 = ReviewWrite { before: Some(&after2), after: &after3, record: &rec3, ..w2 };
    let id = s.record_review(&w3, None).unwrap();
    assert!(!s.undo_review(id_new).unwrap(), "only the newest review of an item");
    assert!(s.undo_review(id).unwrap());
    assert_eq!(s.card("ex", "c1").unwrap(), Some(after2), "state restored");
    assert!(s.undo_review(id_new).unwrap());
    assert_eq!(s.card("ex", "c1").unwrap(), None, "undoing the first review forgets the card");
    let log = s.review_log(Some("ex")).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].record, rec);
}

#[test]
fn daily_counts_split_new_from_reviews() {
    let mut s = Store::in_memory().unwrap();
    let sched = Scheduler::default_params();
    let new = CardState::new(NOW);
    let (a, r1) = sched.review(&new, Rating::Easy, NOW, Fuzz::Off);
    s.record_review(
        &ReviewWrite { exam_id: "ex", item_id: "c", kind: ItemKind::Flashcard, before: None, after: &a, record: &r1 },
        None,
    )
    .unwrap();
    let (b, r2) = sched.review(&a, Rating::Good, a.due, Fuzz::Off);
    let w = ReviewWrite {
        exam_id: "ex",
        item_id: "c",
        kind: ItemKind::Flashcard,
        before: Some(&a),
        after: &b,
        record: &r2,
    };
    s.record_review(&w, None).unwrap();
    assert_eq!(s.reviews_between(NOW, a.due + 1).unwrap(), (1, 1));
    assert_eq!(s.reviews_between(NOW + 1, a.due).unwrap(), (0, 0));
}

#[test]
fn following_and_exam_dates() {
    let mut s = Store::in_memory().unwrap();
    s.set_followed("aws-saa-c03", true, NOW).unwrap();
    let date = NaiveDate::from_ymd_opt(2027, 1, 15).unwrap();
    s.set_exam_date("az-104", Some(date), NOW + 1).unwrap();
    let f = s.followed().unwrap();
    assert_eq!(f.iter().map(|e| e.exam_id.as_str()).collect::<Vec<_>>(), vec!["aws-saa-c03", "az-104"]);
    assert_eq!(f[1].exam_date, Some(date));
    s.set_followed("aws-saa-c03", false, NOW + 2).unwrap();
    assert_eq!(s.followed().unwrap().len(), 1);
}

#[test]
fn preferences_have_defaults_and_ignore_unreadable_values() {
    let mut s = Store::in_memory().unwrap();
    assert_eq!(s.preferences().unwrap(), Preferences::default());
    s.set_setting("desired_retention", "0.85").unwrap();
    s.set_setting("new_per_day", "5").unwrap();
    let p = s.preferences().unwrap();
    assert_eq!((p.desired_retention, p.limits.new_per_day), (0.85, 5));
    s.set_setting("new_per_day", "lots").unwrap();
    assert_eq!(
        s.preferences().unwrap().limits.new_per_day,
        Preferences::default().limits.new_per_day,
        "unreadable values fall back"
    );
}

#[test]
fn backup_restore_round_trip_keeps_the_current_file_aside() {
    let (dir, path) = temp();
    let mut s = Store::open(&path).unwrap();
    s.record_attempt(&attempt("q1", true, NOW)).unwrap();
    let backup = dir.path().join("b/backup.db");
    s.backup_to(&backup, false).unwrap();
    assert!(s.backup_to(&backup, false).is_err(), "never overwrites a file");
    s.record_attempt(&attempt("q2", false, NOW + 1)).unwrap();
    drop(s);
    validate_file(&backup).unwrap();
    let aside = restore(&backup, &path).unwrap().expect("current file kept");
    assert_eq!(Store::open(&path).unwrap().attempt_count().unwrap(), 1);
    assert_eq!(Store::open(&aside).unwrap().attempt_count().unwrap(), 2, "nothing lost: the replaced file has both");
    let junk = dir.path().join("junk.db");
    fs::write(&junk, "junk").unwrap();
    assert!(restore(&junk, &path).is_err());
    assert_eq!(Store::open(&path).unwrap().attempt_count().unwrap(), 1, "a bad restore changes nothing");
}

#[test]
fn check_reports_orphans_and_impossible_values_but_keeps_them() {
    let mut s = Store::in_memory().unwrap();
    s.update_progress("ex", "gone-topic", &ProgressUpdate::default(), NOW).unwrap();
    s.update_progress("ex", "t1", &ProgressUpdate::default(), NOW).unwrap();
    s.record_attempt(&Attempt { exam_id: "ex".into(), ..attempt("q-gone", true, NOW) }).unwrap();
    let known: HashSet<String> = ["ex/t1".to_owned()].into();
    let r = s.check(&known).unwrap();
    assert!(r.integrity.is_empty());
    assert_eq!(r.orphans, vec!["progress of ex/gone-topic", "answers of ex/q-gone"]);
    assert!(r.healthy());
    s.conn().execute("UPDATE progress SET updated_at = 0 WHERE topic_id = 't1'", []).unwrap();
    let r = s.check(&known).unwrap();
    assert_eq!(r.impossible, vec!["progress of ex/t1: updated before created"]);
    assert!(!r.healthy());
    assert_eq!(s.progress(None).unwrap().len(), 2, "orphans are kept, never dropped");
}

#[test]
fn imported_syllabi_are_versioned_and_deduplicated() {
    let mut s = Store::in_memory().unwrap();
    assert!(s.save_syllabus("ex", 1, "format = 1", NOW).unwrap());
    assert!(!s.save_syllabus("ex", 1, "format = 1", NOW).unwrap());
    assert!(s.save_syllabus("ex", 2, "format = 1 # v2", NOW).unwrap());
    assert_eq!(s.imported_syllabi().unwrap(), vec![("ex".to_owned(), 2, "format = 1 # v2".to_owned())]);
}

#[test]
fn automatic_backups_happen_at_most_daily() {
    let (dir, path) = temp();
    let s = Store::open(&path).unwrap();
    let backups = dir.path().join("backups");
    assert!(auto_backup(&s, &backups, NOW).unwrap().is_some());
    assert!(auto_backup(&s, &backups, NOW + 3_600).unwrap().is_none());
    assert!(auto_backup(&s, &backups, NOW + 86_400).unwrap().is_some());
    assert_eq!(fs::read_dir(&backups).unwrap().count(), 2);
}

#[test]
fn a_full_disk_is_reported_and_loses_nothing_saved() {
    let (_d, path) = temp();
    let mut s = Store::open(&path).unwrap();
    let pages: i64 = s.conn().pragma_query_value(None, "page_count", |r| r.get(0)).unwrap();
    // SQLite's own quota stands in for a full disk: writes past it fail with SQLITE_FULL.
    s.conn().pragma_update(None, "max_page_count", pages + 2).unwrap();
    let mut saved = 0;
    let err = loop {
        match s.record_attempt(&attempt(&format!("q{saved}-{}", "x".repeat(200)), true, NOW)) {
            Ok(_) => saved += 1,
            Err(e) => break e,
        }
        assert!(saved < 10_000, "never filled up");
    };
    assert!(matches!(err, StoreError::DiskFull { .. }), "{err}");
    assert!(err.to_string().contains("disk is full"), "{err}");
    assert_eq!(s.attempt_count().unwrap(), saved, "every answer saved before is there");
    assert!(s.check(&HashSet::new()).unwrap().integrity.is_empty());
}

#[test]
fn summaries_follow_answers_reviews_and_undo_and_can_be_rebuilt() {
    let mut s = Store::in_memory().unwrap();
    for (q, ok, at) in [("q1", true, NOW), ("q1", false, NOW + 60), ("q2", true, NOW - 86_400)] {
        s.record_attempt(&attempt(q, ok, at)).unwrap();
    }
    let today = day_number(NOW);
    assert_eq!(s.streak(today).unwrap(), 2, "today and yesterday");
    assert_eq!(s.streak(today + 1).unwrap(), 2, "today may still come");
    assert_eq!(s.streak(today + 2).unwrap(), 0, "a day without study breaks it");
    let q1 = s.question_stats("aws-saa-c03").unwrap().into_iter().find(|q| q.question_id == "q1").unwrap();
    assert_eq!((q1.attempts, q1.correct, q1.first_correct, q1.last_correct), (2, 1, true, false));
    let sched = Scheduler::default_params();
    let (after, rec) = sched.review(&CardState::new(NOW + 2 * 86_400), Rating::Good, NOW + 2 * 86_400, Fuzz::Off);
    let w = ReviewWrite {
        exam_id: "ex",
        item_id: "c",
        kind: ItemKind::Flashcard,
        before: None,
        after: &after,
        record: &rec,
    };
    let id = s.record_review(&w, None).unwrap();
    assert_eq!(s.streak(today + 2).unwrap(), 1);
    s.undo_review(id).unwrap();
    assert_eq!(s.streak(today + 2).unwrap(), 0, "an undone review leaves no study day behind");
    let before = (s.streak(today).unwrap(), s.question_stats("aws-saa-c03").unwrap().len());
    s.conn().execute_batch("DELETE FROM question_stat; DELETE FROM study_day;").unwrap();
    assert_eq!(s.streak(today).unwrap(), 0);
    s.rebuild_summaries().unwrap();
    assert_eq!((s.streak(today).unwrap(), s.question_stats("aws-saa-c03").unwrap().len()), before);
}

#[test]
fn an_answer_older_than_the_first_on_record_becomes_the_first() {
    let mut s = Store::in_memory().unwrap();
    for (ok, at) in [(true, NOW), (false, NOW + 60), (false, NOW - 3_600), (true, NOW - 3_600)] {
        s.record_attempt(&attempt("q1", ok, at)).unwrap();
    }
    let q = s.question_stats("aws-saa-c03").unwrap().remove(0);
    assert_eq!((q.attempts, q.correct), (4, 2));
    assert_eq!((q.first_at, q.first_correct), (NOW - 3_600, false), "the earliest; a tie keeps the one recorded first");
    assert_eq!((q.last_at, q.last_correct), (NOW + 60, false));
    let before = q.clone();
    s.rebuild_summaries().unwrap();
    assert_eq!(s.question_stats("aws-saa-c03").unwrap().remove(0), before, "a rebuild agrees with the running summary");
}

#[test]
fn a_database_replaced_while_running_refuses_writes() {
    let (dir, path) = temp();
    let mut s = Store::open(&path).unwrap();
    s.record_attempt(&attempt("q1", true, NOW)).unwrap();
    let moved = dir.path().join("moved.db");
    fs::rename(&path, &moved).unwrap();
    fs::write(&path, b"").unwrap();
    let err = s.record_attempt(&attempt("q2", true, NOW)).expect_err("refused");
    assert!(matches!(err, StoreError::Replaced { .. }), "{err}");
    fs::remove_file(&path).unwrap();
    assert!(matches!(s.record_attempt(&attempt("q3", true, NOW)), Err(StoreError::Replaced { .. })), "deleted too");
}

#[test]
fn a_lock_held_too_long_is_a_clear_error_and_the_retry_works() {
    let (_d, path) = temp();
    let mut s = Store::open(&path).unwrap();
    s.set_busy_timeout(std::time::Duration::from_millis(150)).unwrap();
    let other = Connection::open(&path).unwrap();
    other.execute_batch("BEGIN EXCLUSIVE; INSERT INTO setting VALUES ('x', 'y');").unwrap();
    let err = s.record_attempt(&attempt("q1", true, NOW)).expect_err("blocked");
    assert!(matches!(err, StoreError::Busy { .. }), "{err}");
    assert!(err.to_string().contains("not saved"), "{err}");
    other.execute_batch("COMMIT;").unwrap();
    s.record_attempt(&attempt("q1", true, NOW)).unwrap();
    assert_eq!(s.attempt_count().unwrap(), 1);
}

#[test]
fn deferred_checkpoints_wait_for_the_app_and_then_reach_the_database_file() {
    let (_dir, path) = temp();
    let mut s = Store::open(&path).unwrap();
    s.defer_checkpoints().unwrap();
    let in_file = |marker: &str| {
        let bytes = fs::read(&path).unwrap();
        bytes.windows(marker.len()).any(|w| w == marker.as_bytes())
    };
    s.set_setting("note", "marker-one").unwrap();
    s.checkpoint_if_due();
    assert!(!in_file("marker-one"), "a short log is not checkpointed");
    // 70 values of 64 KiB: the log outgrows 1,000 pages, where SQLite would checkpoint itself.
    let padding = "x".repeat(64 * 1024);
    for i in 0..70 {
        s.set_setting("note", &format!("marker-{i:03}{padding}")).unwrap();
        assert!(!in_file(&format!("marker-{i:03}")), "SQLite no longer checkpoints inside a commit");
    }
    s.checkpoint_if_due();
    assert!(in_file("marker-069"), "the app's checkpoint copied the log into the file");
    assert!(s.setting("note").unwrap().is_some_and(|v| v.starts_with("marker-069")));
}

#[test]
fn the_log_stays_bounded_while_another_certtrack_keeps_the_file_open() {
    let (_dir, path) = temp();
    // Another certtrack left open: no session below is the last connection to close.
    let _elsewhere = Store::open(&path).unwrap();
    let mut wal = path.clone().into_os_string();
    wal.push("-wal");
    let padding = "x".repeat(16 * 1024);
    for session in 0..40 {
        let mut s = Store::open(&path).unwrap();
        s.defer_checkpoints().unwrap();
        for answer in 0..10 {
            s.set_setting("note", &format!("{session}-{answer}{padding}")).unwrap();
            s.checkpoint_if_due();
        }
    }
    // Unchecked, 400 commits of about six pages each would leave a log of some 10 MB.
    let size = fs::metadata(&wal).unwrap().len();
    assert!(size < 1_100 * 4_120, "the log grew to {size} bytes");
}

#[test]
fn cached_per_exam_queries_are_not_recompiled_for_each_exam() {
    let (_dir, path) = temp();
    let store = Store::open(&path).unwrap();
    for exam in ["a", "b", "a", "c"] {
        store.progress(Some(exam)).unwrap();
    }
    let sql =
        format!("SELECT {} FROM progress WHERE exam_id = ?1 ORDER BY exam_id, topic_id", records::PROGRESS_COLUMNS);
    let stmt = store.conn().prepare_cached(&sql).unwrap();
    assert_eq!(stmt.get_status(rusqlite::StatementStatus::Run), 4, "the statement the store ran, from its cache");
    assert_eq!(stmt.get_status(rusqlite::StatementStatus::RePrepare), 0);
}

#[test]
fn question_cards_are_one_exams_questions_only() {
    let mut s = Store::in_memory().unwrap();
    let sched = Scheduler::default_params();
    let (after, rec) = sched.review(&CardState::new(NOW), Rating::Good, NOW, Fuzz::Off);
    for (exam_id, item_id, kind) in
        [("ex", "q1", ItemKind::Question), ("ex", "c1", ItemKind::Flashcard), ("other", "q2", ItemKind::Question)]
    {
        let w = ReviewWrite { exam_id, item_id, kind, before: None, after: &after, record: &rec };
        s.record_review(&w, None).unwrap();
    }
    let cards = s.question_cards("ex").unwrap();
    assert_eq!(cards.len(), 1);
    assert_eq!((cards[0].item_id.as_str(), cards[0].kind, cards[0].state), ("q1", ItemKind::Question, after));
    assert_eq!(s.cards(Some("ex")).unwrap().len(), 2, "all of the exam's cards, flashcards included");
    let log = s.review_log(None).unwrap();
    assert_eq!(
        log.iter().map(|l| l.kind).collect::<Vec<_>>(),
        [ItemKind::Question, ItemKind::Flashcard, ItemKind::Question]
    );
}

#[test]
fn a_snapshot_reads_one_moment_while_another_process_writes() {
    let (_dir, path) = temp();
    let (reader, mut writer) = (Store::open(&path).unwrap(), Store::open(&path).unwrap());
    let sched = Scheduler::default_params();
    let (after, rec) = sched.review(&CardState::new(NOW), Rating::Good, NOW, Fuzz::Off);
    let w = ReviewWrite {
        exam_id: "ex",
        item_id: "c1",
        kind: ItemKind::Flashcard,
        before: None,
        after: &after,
        record: &rec,
    };
    let (inside, later) = reader
        .snapshot(|| -> Result<_> {
            let first = reader.cards(Some("ex"))?.len();
            writer.record_review(&w, None)?;
            Ok((first, reader.cards(Some("ex"))?.len()))
        })
        .unwrap();
    assert_eq!((inside, later), (0, 0), "the write is not seen inside the snapshot");
    assert_eq!(reader.cards(Some("ex")).unwrap().len(), 1, "and is seen after it");
}

#[test]
fn restoring_a_file_with_its_write_ahead_log_restores_what_the_log_holds() {
    let (dir, path) = temp();
    Store::open(&path).unwrap();
    // A backup whose last commits are still in its -wal: copy both while a connection holds
    // them, as another program would leave them.
    let src = dir.path().join("src.db");
    let mut s = Store::open(&src).unwrap();
    for q in ["q1", "q2", "q3"] {
        s.record_attempt(&attempt(q, true, NOW)).unwrap();
    }
    let copy = dir.path().join("copy.db");
    fs::copy(&src, &copy).unwrap();
    fs::copy(dir.path().join("src.db-wal"), dir.path().join("copy.db-wal")).unwrap();
    drop(s);
    assert!(fs::metadata(dir.path().join("copy.db-wal")).unwrap().len() > 0, "the copy's commits are in its log");
    restore(&copy, &path).unwrap();
    assert_eq!(Store::open(&path).unwrap().attempt_count().unwrap(), 3, "the log's commits were restored");
    assert!(!dir.path().join("copy.db-shm").exists(), "nothing was written beside the backup");
    assert!(fs::metadata(dir.path().join("copy.db-wal")).unwrap().len() > 0, "the backup's log is untouched");
}

#[test]
fn restoring_the_database_onto_itself_is_refused_and_changes_nothing() {
    let (_d, path) = temp();
    let mut s = Store::open(&path).unwrap();
    s.record_attempt(&attempt("q1", true, NOW)).unwrap();
    drop(s);
    let err = restore(&path, &path).unwrap_err().to_string();
    assert!(err.contains("is the database itself"), "{err}");
    assert_eq!(Store::open(&path).unwrap().attempt_count().unwrap(), 1);
}

#[test]
fn a_missing_database_beside_a_replaced_copy_is_never_recreated_empty() {
    let (dir, path) = temp();
    let mut s = Store::open(&path).unwrap();
    s.record_attempt(&attempt("q1", true, NOW)).unwrap();
    drop(s);
    // What an interrupted restore of an older certtrack left: the database moved aside.
    let aside = dir.path().join("study.db.replaced-20261101T100000.db");
    fs::rename(&path, &aside).unwrap();
    let err = Store::open(&path).err().expect("refused").to_string();
    assert!(err.contains("mv ") && err.contains("replaced-20261101T100000"), "{err}");
    assert!(!path.exists(), "no fresh database was created");
    fs::rename(&aside, &path).unwrap();
    assert_eq!(Store::open(&path).unwrap().attempt_count().unwrap(), 1, "the advice works");
}

#[test]
fn a_broken_backup_neither_takes_the_days_slot_nor_survives_the_thinning() {
    let (dir, path) = temp();
    let s = Store::open(&path).unwrap();
    let folder = dir.path().join("backups");
    fs::create_dir_all(&folder).unwrap();
    let day = |ts: i64| chrono::DateTime::from_timestamp(ts, 0).unwrap().date_naive();
    // A month of good backups, then a broken one for today (a full disk's 0-byte file) and one
    // a kill left with its hot journal.
    for i in 1..=30 {
        s.backup_to(&folder.join(format!("certtrack-{}.db", day(NOW - i * 86_400))), false).unwrap();
    }
    fs::write(folder.join(format!("certtrack-{}.db", day(NOW))), "").unwrap();
    let killed = folder.join(format!("certtrack-{}.db", day(NOW - 40 * 86_400)));
    s.backup_to(&killed, false).unwrap();
    fs::write(format!("{}-journal", killed.display()), "hot").unwrap();
    let made = auto_backup(&s, &folder, NOW).unwrap().expect("today is backed up again");
    validate_file(&made).unwrap();
    let left = super::backups(&folder);
    assert!(left.iter().all(|b| b.good), "{left:?}");
    assert!(!killed.exists(), "the broken backup is not kept");
    assert!(left.len() >= 10 && left.len() <= 17, "the good ones are thinned, not lost: {left:?}");
    assert_eq!(left[0].path, made);
}

#[test]
fn writes_to_a_damaged_file_are_refused_before_anything_is_written() {
    let (_d, path) = temp();
    let mut s = Store::open(&path).unwrap();
    for i in 0..400 {
        s.record_attempt(&attempt(&format!("q{i}"), true, NOW)).unwrap();
    }
    s.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
    drop(s);
    // Scribble over the last page (the attempts' index or table, which opening never reads).
    let mut bytes = fs::read(&path).unwrap();
    let n = bytes.len();
    bytes[n - 4096..].fill(0x5a);
    fs::write(&path, &bytes).unwrap();
    let before = fs::read(&path).unwrap();
    let mut s = Store::open(&path).unwrap();
    let err = s.update_progress("ex", "t1", &ProgressUpdate::default(), NOW).unwrap_err().to_string();
    assert!(err.contains("damaged") && err.contains("db check"), "{err}");
    let err = s.update_progress("ex", "t1", &ProgressUpdate::default(), NOW).unwrap_err().to_string();
    assert!(err.contains("damaged"), "refused again: {err}");
    drop(s);
    assert_eq!(fs::read(&path).unwrap(), before, "the file was not written");
}

#[test]
fn a_negative_schema_version_is_refused_not_a_panic() {
    let (_d, path) = temp();
    drop(Store::open(&path).unwrap());
    Connection::open(&path).unwrap().execute_batch("PRAGMA user_version = -1").unwrap();
    let err = Store::open(&path).err().expect("refused").to_string();
    assert!(err.contains("schema version is -1"), "{err}");
}

#[test]
fn two_writers_reviewing_one_item_each_build_on_the_others_review() {
    let (_dir, path) = temp();
    let (mut a, mut b) = (Store::open(&path).unwrap(), Store::open(&path).unwrap());
    let sched = Scheduler::default_params();
    let key = ItemKey { exam_id: "ex", item_id: "c1", kind: ItemKind::Flashcard };
    let review = |s: &mut Store, at: i64| {
        s.review_item(key, None, |before| {
            sched.review(&before.unwrap_or(CardState::new(at)), Rating::Good, at, Fuzz::Off)
        })
        .unwrap()
    };
    // b read nothing before a wrote: its review must still start from a's.
    let first = review(&mut a, NOW);
    let second = review(&mut b, NOW + 60);
    assert_eq!(second.before, Some(first.after), "the second review saw the first");
    assert_eq!(second.after.reps, 2);
    let log = a.review_log(Some("ex")).unwrap();
    let phases: Vec<_> = log.iter().map(|l| l.record.phase_before).collect();
    assert_eq!(phases, [crate::srs::Phase::New, first.after.phase], "only the first review was of a new card");
}

#[test]
fn one_prediction_is_kept_per_exam_and_day_and_a_result_takes_the_newest_before_its_day() {
    use crate::outcome::Prediction;
    let mut s = Store::in_memory().unwrap();
    let d = |day: u32| NaiveDate::from_ymd_opt(2026, 11, day).unwrap();
    let p = |day: u32, readiness: f64| Prediction {
        day: d(day),
        readiness,
        low: 0.0,
        high: 1.0,
        score: Some((700, 650, 750)),
        domains: vec![("d1".into(), readiness)],
    };
    let saa = |p: Prediction| ("aws-saa-c03".to_owned(), p);
    s.keep_predictions(&[saa(p(18, 0.5))]).unwrap();
    s.keep_predictions(&[saa(p(19, 0.6)), ("az-104".to_owned(), p(21, 0.4))]).unwrap();
    s.keep_predictions(&[saa(p(19, 0.9))]).unwrap();
    s.keep_predictions(&[saa(p(20, 0.7))]).unwrap();
    let rows: i64 = s.conn().query_row("SELECT COUNT(*) FROM prediction", [], |r| r.get(0)).unwrap();
    assert_eq!(rows, 4, "one row per exam and day");
    let before = s.prediction_before("aws-saa-c03", d(20)).unwrap().unwrap();
    assert_eq!((before.day, before.readiness), (d(19), 0.6), "the day before, its first reading");
    assert_eq!(before.score, Some((700, 650, 750)));
    assert!(s.prediction_before("aws-saa-c03", d(18)).unwrap().is_none(), "nothing before the first");
    assert!(s.prediction_before("az-104", d(20)).unwrap().is_none(), "per exam");
}
