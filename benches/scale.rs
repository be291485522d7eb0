//! Years of history (issue 22): every CLI command on databases of 10,000, 100,000 and 1,000,000
//! review rows (and a fifth as many quiz answers), timed wall-clock with the child's peak RSS
//! (`wait4`'s `ru_maxrss`). Builds the release binary; the databases are generated once with SQL
//! and kept under `target/scale-bench/`.
//!
//! Run: `cargo bench --bench scale` (add `-- 1000000` for one size). Results: docs/performance.md.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use rusqlite::Connection;

const NOW: i64 = 1_790_000_000;
const EXAMS: [&str; 3] = ["aws-saa-c03", "az-104", "gcp-ace"];

fn target() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::env::var("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|_| root.join("target"))
}

fn build() -> PathBuf {
    let ok = Command::new(env!("CARGO"))
        .args(["build", "--release", "--bin", "certtrack"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .unwrap()
        .success();
    assert!(ok, "release build failed");
    target().join("release/certtrack")
}

/// `reviews` review rows over 20 reviews per item (so 1M rows is 50,000 items, each reviewed
/// for years), `reviews / 5` answers, a card per item, three followed exams.
fn seed(bin: &Path, db: &Path, reviews: u64) {
    for exam in EXAMS {
        let st = Command::new(bin).args(["exam-date", exam, "2027-03-01"]).env("CERTTRACK_DB", db).output().unwrap();
        assert!(st.status.success(), "{}", String::from_utf8_lossy(&st.stderr));
    }
    let conn = Connection::open(db).unwrap();
    let sql = format!(
        "BEGIN;
         WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {reviews} - 1)
         INSERT INTO review_log (exam_id, item_id, kind, rating, reviewed_at, elapsed_days, scheduled_secs, phase_before)
         SELECT CASE i / 20 % 3 WHEN 0 THEN 'aws-saa-c03' WHEN 1 THEN 'az-104' ELSE 'gcp-ace' END,
                'fc-' || (i / 20), 'flashcard', CASE WHEN i * 7 % 9 = 0 THEN 1 ELSE 3 END,
                {NOW} - (20 - i % 20) * 40 * 86400, CASE WHEN i % 20 = 0 THEN 0 ELSE 40 END, 3456000,
                CASE WHEN i % 20 = 0 THEN 'new' ELSE 'review' END
         FROM n;
         INSERT INTO srs_card
         SELECT exam_id, item_id, 'flashcard', 'review', 0, 40.0, 5.0, {NOW} + (rowid % 30 - 10) * 86400,
                max(reviewed_at), count(*), 1, 0, 0
         FROM review_log GROUP BY exam_id, item_id;
         WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {reviews} / 5 - 1)
         INSERT INTO attempt (exam_id, question_id, chosen, correct, seconds, answered_at)
         SELECT CASE i % 3 WHEN 0 THEN 'aws-saa-c03' WHEN 1 THEN 'az-104' ELSE 'gcp-ace' END,
                'q-' || (i % 70), '[0]', i % 4 != 0, 40, {NOW} - (i % 700) * 86400
         FROM n;
         COMMIT;"
    );
    conn.execute_batch(&sql).unwrap();
    drop(conn);
    certtrack::store::Store::open(db).unwrap().rebuild_summaries().unwrap();
}

/// Wall time and peak RSS (MiB) of one run of the binary.
// The child is reaped by `wait4` (which also gives its rusage), not by `Child::wait`.
#[allow(clippy::zombie_processes)]
fn measure(bin: &Path, db: &Path, args: &[&str]) -> (f64, f64, bool) {
    let start = Instant::now();
    let child = Command::new(bin)
        .args(args)
        .env("CERTTRACK_DB", db)
        .env("CERTTRACK_NOW", NOW.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut status = 0;
    // SAFETY: rusage is plain data, zeroed is a valid value; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as i32);
    let secs = start.elapsed().as_secs_f64();
    (secs, usage.ru_maxrss as f64 / 1024.0, libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0)
}

fn main() {
    let sizes: Vec<u64> = match std::env::args().skip(1).find_map(|a| a.parse().ok()) {
        Some(n) => vec![n],
        None => vec![10_000, 100_000, 1_000_000],
    };
    let bin = build();
    let dir = target().join("scale-bench");
    std::fs::create_dir_all(&dir).unwrap();
    for reviews in sizes {
        let db = dir.join(format!("reviews-{reviews}.db"));
        if !db.exists() {
            seed(&bin, &db, reviews);
        }
        let backup = dir.join("backup.db");
        let csv = dir.join("csv");
        let (b, c) = (backup.to_str().unwrap(), csv.to_str().unwrap());
        let commands: [&[&str]; 10] = [
            &["status", "--json"],
            &["syllabus", "list"],
            &["srs", "stats", "--json"],
            &["srs", "forecast"],
            &["srs", "cram", "aws-saa-c03"],
            &["export", "--format", "json"],
            &["export", "--format", "csv", "--out", c],
            &["db", "check"],
            &["db", "backup", b],
            &["srs", "optimize", "--dry-run"],
        ];
        println!("\n{reviews} review rows, {} answers\n", reviews / 5);
        println!("| command | time | peak RSS |\n|---|---|---|");
        for args in commands {
            let _ = std::fs::remove_file(&backup);
            let _ = std::fs::remove_dir_all(&csv);
            let (secs, mib, ok) = measure(&bin, &db, args);
            let failed = if ok { "" } else { " (failed)" };
            println!("| `{}` | {secs:.2} s | {mib:.0} MiB{failed} |", args.join(" "));
        }
    }
}
