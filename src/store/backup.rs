//! Backups: a verified copy or none. A copy is written through SQLite (`VACUUM INTO`, so the
//! write-ahead log is included) into a temporary file beside its destination, synced, checked
//! (`quick_check`, the same schema as the live file), and only then given its name. A full disk,
//! a kill or a power cut leaves no file under a backup's name, so nothing broken is ever counted,
//! kept or restored by mistake.

use std::collections::HashSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, NaiveDate};
use rusqlite::{Connection, ErrorCode, OpenFlags, params};

use super::{APPLICATION_ID, Result, Store, StoreError, schema};
use crate::{failpoint, files};

/// What identifies a database's shape: its schema version and every table's and index's SQL.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct SchemaPrint {
    version: i64,
    objects: Vec<(String, String, Option<String>)>,
}

impl SchemaPrint {
    pub(super) fn of(conn: &Connection) -> rusqlite::Result<SchemaPrint> {
        let version = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let mut stmt = conn.prepare("SELECT type, name, sql FROM sqlite_schema ORDER BY type, name")?;
        let objects =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
        Ok(SchemaPrint { version, objects })
    }
}

impl Store {
    /// A verified copy of the database at `dest`. With `replace` false, an existing `dest` is
    /// refused and never touched.
    pub fn backup_to(&self, dest: &Path, replace: bool) -> Result<()> {
        if !replace && dest.exists() {
            return Err(StoreError::Invalid(format!("{} already exists; choose a new file name", dest.display())));
        }
        if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(|error| StoreError::Io { path: dir.to_path_buf(), error })?;
        }
        let expected = SchemaPrint::of(self.conn()).map_err(|e| self.err(e))?;
        write_verified(self.conn(), dest, &expected, replace)
    }
}

/// Copy `conn`'s database to `dest` through a temporary file, verify it against `expected` (or
/// only its integrity and identity when `None`), and publish it.
pub(super) fn write_verified(conn: &Connection, dest: &Path, expected: &SchemaPrint, replace: bool) -> Result<()> {
    let tmp = files::temp_beside(dest);
    let result = copy_into(conn, &tmp, dest).and_then(|()| verify_copy(&tmp, expected)).and_then(|()| {
        files::publish(&tmp, dest, replace).map_err(|error| StoreError::Io { path: dest.into(), error })
    });
    let _ = fs::remove_file(&tmp);
    result
}

fn copy_into(conn: &Connection, tmp: &Path, dest: &Path) -> Result<()> {
    conn.execute("VACUUM INTO ?1", params![tmp.to_string_lossy()]).map_err(|e| {
        if e.sqlite_error_code() == Some(ErrorCode::DiskFull) || out_of_space(conn) {
            StoreError::NoSpace { path: dest.into() }
        } else {
            super::classify(dest, e)
        }
    })?;
    failpoint::hit("backup.copied");
    // VACUUM INTO does not sync what it wrote.
    fs::File::open(tmp).and_then(|f| f.sync_all()).map_err(|error| StoreError::Io { path: dest.into(), error })
}

/// Did the last write fail for want of space? SQLite says "disk full" only for ENOSPC seen on
/// a short write; a quota (EDQUOT) or a file-size limit (EFBIG) reads as a plain I/O error.
fn out_of_space(conn: &Connection) -> bool {
    // SAFETY: the handle is live for as long as `conn`, and this call only reads its last errno.
    let errno = unsafe { rusqlite::ffi::sqlite3_system_errno(conn.handle()) };
    [libc::ENOSPC, libc::EDQUOT, libc::EFBIG].contains(&errno)
}

/// A copy is good when SQLite finds it intact and it has the live file's identity and schema.
fn verify_copy(copy: &Path, expected: &SchemaPrint) -> Result<()> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(copy, flags).map_err(|e| super::classify(copy, e))?;
    let err = |e| super::classify(copy, e);
    let verdict: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0)).map_err(err)?;
    let app_id: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0)).map_err(err)?;
    let print = SchemaPrint::of(&conn).map_err(err)?;
    failpoint::hit("backup.verified");
    if verdict != "ok" || app_id != APPLICATION_ID || print != *expected {
        return Err(StoreError::Invalid(format!(
            "{}: the copy did not verify ({verdict}); no backup was written",
            copy.display()
        )));
    }
    Ok(())
}

/// At most one good automatic backup a day into `dir`, then thin the good ones to 7 daily,
/// 4 weekly and 6 monthly and delete broken ones (left by older versions). A day whose backup
/// failed is tried again at the next exit. Returns the new backup, if one was made.
pub fn auto_backup(store: &Store, dir: &Path, now: i64) -> Result<Option<PathBuf>> {
    let today = day(now);
    let existing = backups(dir);
    remove_stale_temps(dir);
    let (good, broken): (Vec<_>, Vec<_>) = existing.into_iter().partition(|b| b.good);
    for b in &broken {
        let _ = fs::remove_file(&b.path);
    }
    if good.iter().any(|b| b.date == today) {
        return Ok(None);
    }
    let dest = dir.join(format!("certtrack-{today}.db"));
    store.backup_to(&dest, true)?;
    let mut all: Vec<(NaiveDate, PathBuf)> = good.into_iter().map(|b| (b.date, b.path)).collect();
    all.push((today, dest.clone()));
    for (_, path) in thin(&all, today) {
        let _ = fs::remove_file(path);
    }
    Ok(Some(dest))
}

/// An automatic backup found in the folder.
#[derive(Debug)]
pub struct Backup {
    pub date: NaiveDate,
    pub path: PathBuf,
    /// It looks like a complete certtrack database (see `plausible`).
    pub good: bool,
}

fn day(ts: i64) -> NaiveDate {
    DateTime::from_timestamp(ts, 0).map_or(NaiveDate::MIN, |d| d.date_naive())
}

/// The automatic backups in `dir`, newest first.
pub fn backups(dir: &Path) -> Vec<Backup> {
    let Ok(entries) = fs::read_dir(dir) else { return Vec::new() };
    let mut found: Vec<Backup> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let date = name.strip_prefix("certtrack-")?.strip_suffix(".db")?;
            let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
            Some(Backup { date, good: plausible(&e.path()), path: e.path() })
        })
        .collect();
    found.sort_by_key(|b| std::cmp::Reverse(b.date));
    found
}

/// A cheap check that a file is a whole certtrack database, without opening it through SQLite:
/// SQLite's header with our application id, a size that is a whole number of pages, and no hot
/// rollback journal beside it (a copy killed mid-way rolls back to nothing).
fn plausible(path: &Path) -> bool {
    let mut head = [0u8; 100];
    let read = fs::File::open(path).and_then(|mut f| f.read_exact(&mut head).and_then(|()| f.metadata()));
    let Ok(meta) = read else { return false };
    let page = match u16::from_be_bytes([head[16], head[17]]) {
        1 => 65_536,
        p => u64::from(p),
    };
    let app_id = i64::from(u32::from_be_bytes([head[68], head[69], head[70], head[71]]));
    let journal = PathBuf::from(format!("{}-journal", path.display()));
    head.starts_with(super::SQLITE_MAGIC)
        && app_id == APPLICATION_ID
        && page >= 512
        && meta.len() % page == 0
        && !journal.exists()
}

/// Remove temporary files that a killed certtrack left in `dir` (never one of a live process).
pub fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if files::is_temp_name(&name) && !owner_alive(&name) {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// The temp name carries its process id (`files::temp_beside`); is that process still running?
fn owner_alive(name: &str) -> bool {
    let pid = name.rsplit_once(".tmp-").and_then(|(_, rest)| rest.split('-').next()?.parse::<i32>().ok());
    match pid {
        #[cfg(unix)]
        Some(pid) => pid == std::process::id() as i32 || unsafe { libc::kill(pid, 0) } == 0,
        _ => true,
    }
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

/// Before migrating from `version`, copy the database next to itself.
pub(super) fn before_migration(store: &Store, version: i64) -> Result<PathBuf> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S");
    let dest = sibling(store.path(), &format!("pre-schema{version}-{stamp}.db"));
    store.backup_to(&dest, false)?;
    Ok(dest)
}

/// `<db file name>.<suffix>` in the database's folder.
pub(super) fn sibling(db: &Path, suffix: &str) -> PathBuf {
    let name = db.file_name().map_or("certtrack.db".into(), |n| n.to_string_lossy().into_owned());
    db.with_file_name(format!("{name}.{suffix}"))
}

/// The schema version a backup must have to be restored by this build.
pub(super) fn supported(version: i64) -> bool {
    (0..=schema::latest()).contains(&version)
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
