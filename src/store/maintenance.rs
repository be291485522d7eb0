//! Backups, integrity checks, restore, and imported syllabi.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, NaiveDate};
use rusqlite::{Connection, OpenFlags, params};
use sha2::{Digest, Sha256};

use super::{APPLICATION_ID, Result, Store, StoreError, check_header, schema};

const DAY: i64 = 86_400;

impl Store {
    /// A consistent online copy of the database at `dest` (`VACUUM INTO`), which must not exist.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(StoreError::Invalid(format!("{} already exists; choose a new file name", dest.display())));
        }
        if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(|source| StoreError::Io { path: dir.to_path_buf(), source })?;
        }
        self.conn()
            .execute("VACUUM INTO ?1", params![dest.to_string_lossy()])
            .map_err(|e| StoreError::Sqlite { path: dest.to_path_buf(), source: e })?;
        Ok(())
    }

    /// Integrity check plus app-level checks. `known` holds "exam/id" for every topic and item
    /// of the current syllabi, so rows of removed topics and items are reported as orphaned.
    pub fn check(&self, known: &HashSet<String>) -> Result<CheckReport> {
        let integrity: Vec<String> = self.query("PRAGMA integrity_check", [], |r| r.get(0))?;
        let mut report =
            CheckReport { integrity: integrity.into_iter().filter(|l| l != "ok").collect(), ..Default::default() };
        let key = |exam: &str, id: &str| format!("{exam}/{id}");
        for p in self.progress(None)? {
            if !known.contains(&key(&p.exam_id, &p.topic_id)) {
                report.orphans.push(format!("progress of {}", key(&p.exam_id, &p.topic_id)));
            }
        }
        let items: Vec<(String, String, &str)> =
            self.query("SELECT exam_id, item_id FROM srs_card", [], |r| Ok((r.get(0)?, r.get(1)?, "review state")))?;
        let answered: Vec<(String, String, &str)> =
            self.query("SELECT DISTINCT exam_id, question_id FROM attempt", [], |r| {
                Ok((r.get(0)?, r.get(1)?, "answers"))
            })?;
        for (exam, id, what) in items.iter().chain(&answered) {
            if !known.contains(&key(exam, id)) {
                report.orphans.push(format!("{what} of {}", key(exam, id)));
            }
        }
        let impossible: Vec<String> = self.query(
            "SELECT 'review state of ' || exam_id || '/' || item_id || ': due before last review'
               FROM srs_card WHERE last_review IS NOT NULL AND due < last_review
             UNION ALL SELECT 'review state of ' || exam_id || '/' || item_id || ': reviewed but no memory state'
               FROM srs_card WHERE phase <> 'new' AND stability IS NULL
             UNION ALL SELECT 'attempt ' || id || ': answered in the future' FROM attempt WHERE answered_at > ?1
             UNION ALL SELECT 'progress of ' || exam_id || '/' || topic_id || ': updated before created'
               FROM progress WHERE updated_at < created_at
             UNION ALL SELECT 'answer summary of ' || a.exam_id || '/' || a.question_id || ': out of step with the answers'
               FROM (SELECT exam_id, question_id, count(*) AS n, sum(correct) AS c FROM attempt GROUP BY 1, 2) a
               LEFT JOIN question_stat s USING (exam_id, question_id)
               WHERE s.attempts IS NOT a.n OR s.correct IS NOT a.c",
            params![chrono::Utc::now().timestamp() + DAY],
            |r| r.get(0),
        )?;
        report.impossible = impossible;
        Ok(report)
    }

    /// Keep a syllabus's text in the database (so the file is self-contained). Returns false when
    /// that exact version and text were already there.
    pub fn save_syllabus(&mut self, exam: &str, version: u32, text: &str, now: i64) -> Result<bool> {
        let hash: String = Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
        self.write(|tx| {
            let n = tx.execute(
                "INSERT INTO syllabus (exam_id, version, sha256, text, imported_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (exam_id, version) DO UPDATE SET sha256 = ?3, text = ?4, imported_at = ?5
                 WHERE sha256 <> ?3",
                params![exam, version, hash, text, now],
            )?;
            Ok(n > 0)
        })
    }

    /// The newest imported version of every syllabus: (exam id, version, text).
    pub fn imported_syllabi(&self) -> Result<Vec<(String, u32, String)>> {
        self.query(
            "SELECT exam_id, version, text FROM syllabus s WHERE version = (SELECT max(version) FROM syllabus WHERE exam_id = s.exam_id)
             ORDER BY exam_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
    }
}

#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CheckReport {
    /// SQLite's integrity_check findings (empty when "ok").
    pub integrity: Vec<String>,
    /// Rows kept for topics or items that no current syllabus has.
    pub orphans: Vec<String>,
    pub impossible: Vec<String>,
}

impl CheckReport {
    /// Orphans are kept on purpose (progress survives syllabus edits); only damage and
    /// impossible values are failures.
    pub fn healthy(&self) -> bool {
        self.integrity.is_empty() && self.impossible.is_empty()
    }
}

/// Before migrating from `version`, copy the database next to itself.
pub(super) fn backup_before_migration(store: &Store, version: i64) -> Result<()> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S");
    let dest = sibling(store.path(), &format!("pre-schema{}-{stamp}.db", version));
    store.backup_to(&dest)
}

fn sibling(db: &Path, suffix: &str) -> PathBuf {
    let name = db.file_name().map_or("certtrack.db".into(), |n| n.to_string_lossy().into_owned());
    db.with_file_name(format!("{name}.{suffix}"))
}

/// Check that `path` is a readable, intact certtrack database this version can open, without
/// writing to it. Used before a restore.
pub fn validate_file(path: &Path) -> Result<()> {
    check_header(path)?;
    if !path.is_file() {
        return Err(StoreError::Invalid(format!("{} does not exist", path.display())));
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| super::classify(path, e))?;
    let err = |e| super::classify(path, e);
    let app_id: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0)).map_err(err)?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(err)?;
    if app_id != APPLICATION_ID {
        return Err(StoreError::Foreign { path: path.into(), why: format!("application_id {app_id:#x}") });
    }
    if version > schema::latest() {
        return Err(StoreError::TooNew { path: path.into(), found: version, supported: schema::latest() });
    }
    let verdict: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).map_err(err)?;
    if verdict != "ok" {
        return Err(StoreError::Damaged { path: path.into(), detail: verdict });
    }
    Ok(())
}

/// Replace the database at `db` with the backup `from`, after validating it. The current file
/// (with its WAL) is moved aside, never deleted; returns where it went.
pub fn restore(from: &Path, db: &Path) -> Result<Option<PathBuf>> {
    validate_file(from)?;
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S");
    let aside = sibling(db, &format!("replaced-{stamp}.db"));
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| StoreError::Io { path, source }
    };
    let moved = if db.exists() {
        // Fold the WAL in first so the set-aside copy is one complete file.
        if let Ok(c) = Connection::open(db) {
            let _ = c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);");
        }
        fs::rename(db, &aside).map_err(io(db))?;
        for ext in ["-wal", "-shm"] {
            let side = PathBuf::from(format!("{}{ext}", db.display()));
            if side.exists() {
                fs::rename(&side, format!("{}{ext}", aside.display())).map_err(io(&side))?;
            }
        }
        Some(aside)
    } else {
        None
    };
    let tmp = sibling(db, "restoring");
    fs::copy(from, &tmp).map_err(io(from))?;
    fs::rename(&tmp, db).map_err(io(db))?;
    Ok(moved)
}

/// At most one automatic backup a day into `dir`, then thin old ones to 7 daily, 4 weekly and 6
/// monthly. Returns the new backup, if one was made.
pub fn auto_backup(store: &Store, dir: &Path, now: i64) -> Result<Option<PathBuf>> {
    let today = day(now);
    let existing = backups(dir);
    if existing.iter().any(|(d, _)| *d == today) {
        return Ok(None);
    }
    let dest = dir.join(format!("certtrack-{today}.db"));
    store.backup_to(&dest)?;
    let mut all = existing;
    all.push((today, dest.clone()));
    for (_, path) in thin(&all, today) {
        let _ = fs::remove_file(path);
    }
    Ok(Some(dest))
}

fn day(ts: i64) -> NaiveDate {
    DateTime::from_timestamp(ts, 0).map_or(NaiveDate::MIN, |d| d.date_naive())
}

fn backups(dir: &Path) -> Vec<(NaiveDate, PathBuf)> {
    let Ok(entries) = fs::read_dir(dir) else { return Vec::new() };
    entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let date = name.strip_prefix("certtrack-")?.strip_suffix(".db")?;
            Some((NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?, e.path()))
        })
        .collect()
}

/// Which backups to delete: keep the newest of each of the last 7 days, 4 ISO weeks, 6 months.
fn thin(all: &[(NaiveDate, PathBuf)], today: NaiveDate) -> Vec<(NaiveDate, PathBuf)> {
    let mut sorted = all.to_vec();
    sorted.sort_by_key(|b| std::cmp::Reverse(b.0));
    let (mut days, mut weeks, mut months) = (HashSet::new(), HashSet::new(), HashSet::new());
    let mut delete = Vec::new();
    for (d, p) in sorted {
        let age = (today - d).num_days();
        let w = d.iso_week();
        let keep = (age < 7 && days.insert(d))
            | (age < 28 && weeks.insert((w.year(), w.week())))
            | (age < 186 && months.insert((d.year(), d.month())));
        if !keep {
            delete.push((d, p));
        }
    }
    delete
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thinning_keeps_7_daily_4_weekly_6_monthly() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let all: Vec<(NaiveDate, PathBuf)> =
            (0..400).map(|i| (today - chrono::Days::new(i), PathBuf::from(format!("{i}")))).collect();
        let deleted: HashSet<NaiveDate> = thin(&all, today).into_iter().map(|(d, _)| d).collect();
        let kept: Vec<NaiveDate> = all.iter().map(|(d, _)| *d).filter(|d| !deleted.contains(d)).collect();
        assert!(kept.iter().take(7).enumerate().all(|(i, d)| (today - *d).num_days() == i as i64), "last 7 days kept");
        assert!(kept.len() <= 7 + 4 + 6, "{} kept", kept.len());
        assert!(kept.iter().all(|d| (today - *d).num_days() < 186), "nothing older than 6 months");
        assert!(kept.len() >= 12, "{kept:?}");
    }
}
