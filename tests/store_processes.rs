//! The store under real processes: a writer killed mid-session loses nothing it confirmed, and two
//! processes writing one database at once both succeed without losing a write.
//!
//! The test binary re-runs itself as the child (`child_writer`, ignored unless asked for), so
//! the children use exactly the library under test.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use certtrack::store::Store;
use certtrack::study::Attempt;

const CHILD_DB: &str = "CERTTRACK_TEST_CHILD_DB";
const CHILD_TAG: &str = "CERTTRACK_TEST_CHILD_TAG";
const CHILD_COUNT: &str = "CERTTRACK_TEST_CHILD_COUNT";

/// Child mode: record attempts one by one, printing each question id once it is committed.
#[test]
#[ignore = "run by the other tests as a child process"]
fn child_writer() {
    let (Ok(db), Ok(tag)) = (std::env::var(CHILD_DB), std::env::var(CHILD_TAG)) else { return };
    let count: usize = std::env::var(CHILD_COUNT).ok().and_then(|c| c.parse().ok()).unwrap_or(usize::MAX);
    let mut store = Store::open(Path::new(&db)).expect("open");
    let session = store.start_session("practice", "aws-saa-c03", "{}", 1_790_000_000).expect("session");
    for i in 0..count {
        let id = format!("{tag}-{i}");
        let a = Attempt {
            session_id: Some(session),
            exam_id: "aws-saa-c03".into(),
            question_id: id.clone(),
            chosen: "B".into(),
            correct: i % 3 != 0,
            seconds: 3.0,
            answered_at: 1_790_000_000 + i as i64,
        };
        store.record_attempt(&a).expect("record");
        // Confirmed only after the commit returned: this is what the screen would show.
        println!("CONFIRMED {id}");
    }
}

fn spawn_child(db: &Path, tag: &str, count: Option<usize>) -> Child {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args(["child_writer", "--exact", "--ignored", "--nocapture", "--test-threads=1"])
        .env(CHILD_DB, db)
        .env(CHILD_TAG, tag)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(n) = count {
        cmd.env(CHILD_COUNT, n.to_string());
    }
    cmd.spawn().expect("spawn child")
}

fn confirmed_ids(line: &str) -> Option<String> {
    // libtest may print "test child_writer ... " on the same line before the first one.
    line.split_once("CONFIRMED ").map(|(_, id)| id.trim().to_owned())
}

#[test]
fn a_killed_writer_loses_no_confirmed_answer() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("study.db");
    drop(Store::open(&db).unwrap());
    let mut child = spawn_child(&db, "k", None);
    let mut confirmed = Vec::new();
    let reader = BufReader::new(child.stdout.take().unwrap());
    for line in reader.lines() {
        if let Some(id) = confirmed_ids(&line.unwrap()) {
            confirmed.push(id);
        }
        if confirmed.len() == 150 {
            child.kill().unwrap(); // SIGKILL: no destructors, no flush, mid-write
            break;
        }
    }
    child.wait().unwrap();
    let store = Store::open(&db).expect("reopens after a kill");
    let stored: std::collections::HashSet<String> =
        store.attempts(None).unwrap().into_iter().map(|a| a.question_id).collect();
    let missing: Vec<&String> = confirmed.iter().filter(|id| !stored.contains(*id)).collect();
    assert!(missing.is_empty(), "confirmed but lost: {missing:?}");
    let report = store.check(&Default::default()).unwrap();
    assert!(report.integrity.is_empty(), "integrity_check: {:?}", report.integrity);
}

#[test]
fn two_processes_write_at_once_without_losing_anything() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("study.db");
    // Both start on a file that does not exist yet: creation and migration race too.
    let children: Vec<Child> = ["a", "b"].iter().map(|t| spawn_child(&db, t, Some(200))).collect();
    for mut c in children {
        let out = BufReader::new(c.stdout.take().unwrap())
            .lines()
            .map_while(Result::ok)
            .filter_map(|l| confirmed_ids(&l))
            .count();
        let mut why = String::new();
        let _ = std::io::Read::read_to_string(&mut c.stderr.take().unwrap(), &mut why);
        assert!(c.wait().unwrap().success(), "a writer failed (e.g. database is locked):\n{why}");
        assert_eq!(out, 200);
    }
    let store = Store::open(&db).unwrap();
    assert_eq!(store.attempt_count().unwrap(), 400);
}
