//! Restoring a backup, atomically from the user's view: at every kill point the database's path
//! holds either the old database or the new one, and the old one is kept under a new name.
//!
//! 1. The backup (with its `-wal` or `-journal`, which hold committed or rolled-back pages) is
//!    copied into a private folder, so SQLite never writes a `-shm` or recovers a log next to
//!    the user's file, and validated there through SQLite: what is checked is what is restored.
//! 2. It is written (`VACUUM INTO`) to a temporary file beside the database, synced and checked.
//! 3. The live database's log is emptied into it and its write lock taken, so no other certtrack
//!    can add to it; it gets a second name, `<db>.replaced-<time>.db` (a hard link, or a copy).
//! 4. The temporary file is renamed over the database and the folder synced.

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::backup::{SchemaPrint, sibling, supported, write_verified};
use super::{APPLICATION_ID, BUSY_TIMEOUT, Result, StoreError, check_header};
use crate::{failpoint, files};

/// Replace the database at `db` with the backup `from`. Returns the name the old database was
/// kept under, if there was one.
pub fn restore(from: &Path, db: &Path) -> Result<Option<PathBuf>> {
    if same_file(from, db) {
        return Err(StoreError::Invalid(format!(
            "{} is the database itself, so there is nothing to restore; choose a backup (automatic ones are in {})",
            from.display(),
            db.with_file_name("backups").display()
        )));
    }
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |error| StoreError::Io { path, error }
    };
    let dir = db.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(io(dir))?;
    let staging = Staging::new(db).map_err(io(dir))?;
    let copy = staging.copy_of(from)?;
    failpoint::hit("restore.copied");
    // Errors name the backup the user gave, and say to pick another, not another --db.
    let conn = open_checked(&copy).map_err(|e| match e {
        StoreError::Foreign { why, .. } => StoreError::NotABackup { path: from.into(), why },
        StoreError::Damaged { detail, .. } => {
            StoreError::NotABackup { path: from.into(), why: format!("it is damaged: {detail}") }
        }
        StoreError::TooNew { found, supported, .. } => StoreError::NotABackup {
            path: from.into(),
            why: format!("it is from a newer certtrack, schema {found}; this one reads up to {supported}"),
        },
        other => other,
    })?;
    let print = SchemaPrint::of(&conn).map_err(|e| super::classify(from, e))?;
    let tmp = files::temp_beside(db);
    // The verified copy is published under the temporary name, then swapped in.
    write_verified(&conn, &tmp, &print, false)?;
    drop(conn);
    failpoint::hit("restore.prepared");
    let result = swap_in(&tmp, db);
    let _ = fs::remove_file(&tmp);
    result
}

/// Validate `path` as a certtrack database this build can open, without writing to it; returns
/// its schema version.
pub fn validate_file(path: &Path) -> Result<i64> {
    if !path.is_file() {
        return Err(StoreError::Invalid(format!("{} does not exist or is not a file", path.display())));
    }
    check_header(path)?;
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| super::classify(path, e))?;
    check(&conn, path, "PRAGMA integrity_check")?;
    conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(|e| super::classify(path, e))
}

/// Open a private copy (recovering its log there) and check it whole.
fn open_checked(copy: &Path) -> Result<Connection> {
    check_header(copy)?;
    let conn = Connection::open(copy).map_err(|e| super::classify(copy, e))?;
    check(&conn, copy, "PRAGMA integrity_check")?;
    Ok(conn)
}

/// Ours, not from a newer certtrack, and intact by `pragma`.
fn check(conn: &Connection, path: &Path, pragma: &str) -> Result<()> {
    let err = |e| super::classify(path, e);
    let app_id: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0)).map_err(err)?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(err)?;
    if app_id != APPLICATION_ID {
        let why = format!("application_id {app_id:#x}");
        return Err(StoreError::Foreign { path: path.into(), why });
    }
    if !supported(version) {
        return Err(StoreError::TooNew { path: path.into(), found: version, supported: super::schema::latest() });
    }
    let verdict: String = conn.query_row(pragma, [], |r| r.get(0)).map_err(err)?;
    if verdict != "ok" {
        return Err(StoreError::Damaged { path: path.into(), detail: verdict });
    }
    Ok(())
}

/// Put the prepared file `tmp` at `db`, keeping the current database under a new name.
fn swap_in(tmp: &Path, db: &Path) -> Result<Option<PathBuf>> {
    let io = |error| StoreError::Io { path: db.to_path_buf(), error };
    if !db.exists() {
        files::publish(tmp, db, true).map_err(io)?;
        return Ok(None);
    }
    let live = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| super::classify(db, e))?;
    live.busy_timeout(BUSY_TIMEOUT).map_err(|e| super::classify(db, e))?;
    hold_empty_log(&live, db)?;
    let aside = sibling(db, &format!("replaced-{}.db", chrono::Utc::now().format("%Y%m%dT%H%M%S")));
    keep_aside(db, &aside).map_err(io)?;
    failpoint::hit("restore.kept-aside");
    files::publish(tmp, db, true).map_err(io)?;
    failpoint::hit("restore.swapped");
    let _ = live.execute_batch("ROLLBACK");
    drop(live);
    Ok(Some(aside))
}

/// Fold the log into the database file and take the write lock, so the file alone holds every
/// commit and nobody adds one until the lock is let go. Another certtrack reading the log right
/// now keeps it from emptying: then nothing is changed.
fn hold_empty_log(live: &Connection, db: &Path) -> Result<()> {
    let err = |e| super::classify(db, e);
    let (busy, _, _): (i64, i64, i64) = live
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .map_err(err)?;
    live.execute_batch("BEGIN IMMEDIATE").map_err(err)?;
    let log = PathBuf::from(format!("{}-wal", db.display()));
    let pending = fs::metadata(&log).map_or(0, |m| m.len());
    if busy != 0 || pending > 0 {
        let _ = live.execute_batch("ROLLBACK");
        return Err(StoreError::Invalid(format!(
            "{}: another certtrack is using the database; close it and run the restore again (nothing was changed)",
            db.display()
        )));
    }
    Ok(())
}

/// A second name for the current file: a hard link (instant, the very same file), or a synced
/// copy where the file system has no links. Safe to copy: the log is empty and locked.
fn keep_aside(db: &Path, aside: &Path) -> std::io::Result<()> {
    if fs::hard_link(db, aside).is_err() {
        files::write_atomic(aside, false, |f| std::io::copy(&mut fs::File::open(db)?, f).map(drop))?;
    }
    files::sync_dir(aside)
}

/// A private folder beside the database for the backup's copy; removed when dropped.
struct Staging {
    dir: PathBuf,
}

impl Staging {
    fn new(db: &Path) -> std::io::Result<Staging> {
        let dir = files::temp_beside(db);
        fs::create_dir(&dir)?;
        Ok(Staging { dir })
    }

    /// Copy `from` and the logs SQLite would read with it (never its `-shm`, which is rebuilt).
    fn copy_of(&self, from: &Path) -> Result<PathBuf> {
        let copy = self.dir.join("backup.db");
        copy_regular(from, &copy)?;
        for ext in ["-wal", "-journal"] {
            let side = PathBuf::from(format!("{}{ext}", from.display()));
            if side.exists() {
                copy_regular(&side, &PathBuf::from(format!("{}{ext}", copy.display())))?;
            }
        }
        Ok(copy)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// Copy a regular file (a FIFO or device as a "backup" would block or never end).
fn copy_regular(from: &Path, to: &Path) -> Result<()> {
    let io = |error| StoreError::Io { path: from.to_path_buf(), error };
    let mut src = files::open_regular(from).map_err(io)?;
    let mut dst = fs::File::create(to).map_err(|error| StoreError::Io { path: to.to_path_buf(), error })?;
    std::io::copy(&mut src, &mut dst).map_err(io)?;
    Ok(())
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// What an interrupted restore of an older certtrack (or a move by hand) can leave when the
/// database itself is missing: the old database under a `.replaced-*` name, a half-copied
/// `.restoring` file. A fresh, empty database must never be created silently over that.
pub(super) fn interrupted(db: &Path) -> Option<StoreError> {
    let name = db.file_name()?.to_string_lossy().into_owned();
    let dir = db.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut left: Vec<PathBuf> = fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.strip_prefix(&name).is_some_and(|rest| rest.starts_with(".replaced-") || rest == ".restoring"))
        .map(|n| dir.join(n))
        .collect();
    left.sort();
    let newest = left.iter().rev().find(|p| p.to_string_lossy().contains(".replaced-"))?.clone();
    Some(StoreError::Interrupted { path: db.to_path_buf(), aside: newest })
}
