//! The study store: one SQLite file that never loses a confirmed answer.
//!
//! WAL with `synchronous=FULL` (a committed answer survives power loss), a busy timeout so two
//! certtrack processes share a file without "database is locked", and every user action one
//! `IMMEDIATE` transaction. A file that is not ours, is damaged, or is from a newer certtrack is
//! reported and never written.

mod backup;
mod cards;
mod carry;
pub mod export;
mod maintenance;
mod records;
mod restore;
mod results;
pub mod schema;
mod settings;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction, TransactionBehavior};

pub use backup::{Backup, auto_backup, backups, remove_stale_temps};
pub use cards::{ItemKey, ItemKind, LoggedReview, SavedReview, SessionRef, StoredCard};
pub use carry::{Migration, Undone};
pub use maintenance::CheckReport;
pub use records::day_number;
pub use records::{ProgressUpdate, QuestionStat};
pub use restore::{restore, validate_file};
pub use results::{Certification, Renewal, ResultWrite};
pub use settings::{ExamSetting, Preferences};

/// "CTRK": marks a SQLite file as a certtrack database.
pub const APPLICATION_ID: i64 = 0x4354_524B;
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
pub(crate) const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: not a certtrack database ({why}); the file was left untouched. Choose another file with --db")]
    Foreign { path: PathBuf, why: String },
    #[error(
        "{path}: this is not a certtrack backup ({why}); nothing was changed. Choose another backup (automatic ones are in the `backups` folder beside your database)"
    )]
    NotABackup { path: PathBuf, why: String },
    #[error(
        "{path}: written by a newer certtrack (schema {found}; this one reads up to {supported}). Upgrade certtrack; the file was left untouched"
    )]
    TooNew { path: PathBuf, found: i64, supported: i64 },
    #[error(
        "{path}: the database is damaged ({detail}); certtrack will not write to it. See what is wrong with `certtrack db check`, then restore a backup with `certtrack db restore FILE` (automatic backups are in the `backups` folder beside it)"
    )]
    Damaged { path: PathBuf, detail: String },
    #[error(
        "{path} is missing, but {aside} is there: an earlier restore was interrupted, or the file was moved. To get that database back: mv '{aside}' '{path}'. To start a new, empty database instead, first move it (and any other `.replaced-` file beside it) out of the folder"
    )]
    Interrupted { path: PathBuf, aside: PathBuf },
    #[error("{path}: the disk is full, so no backup was written (nothing else changed). Free some space and try again")]
    NoSpace { path: PathBuf },
    // The causes are shown in the message and are not `source`s, so a chain printer (`{:#}`)
    // does not repeat them ("Is a directory (os error 21): Is a directory (os error 21)").
    #[error("{path}: {error}")]
    Io { path: PathBuf, error: std::io::Error },
    #[error("{path}: {error}")]
    Sqlite { path: PathBuf, error: rusqlite::Error },
    #[error(
        "{path}: the disk is full, so this change was not saved (everything saved before is intact). Free some space and try again"
    )]
    DiskFull { path: PathBuf },
    #[error(
        "{path}: the database file was deleted or replaced while certtrack was running, so this change was not saved. Restart certtrack"
    )]
    Replaced { path: PathBuf },
    #[error("{path}: the database is read-only here ({detail}). Use a writable file with --db")]
    ReadOnly { path: PathBuf, detail: String },
    #[error(
        "{path}: another program has held the database for too long, so this change was not saved. Try again in a moment"
    )]
    Busy { path: PathBuf },
    #[error("{0}")]
    Invalid(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

impl StoreError {
    /// Could doing the same again work? A busy lock or a full disk can clear; a replaced,
    /// damaged, foreign or read-only file will not, and a screen must not say "try again".
    pub fn retry_may_help(&self) -> bool {
        matches!(
            self,
            StoreError::Busy { .. } | StoreError::DiskFull { .. } | StoreError::Io { .. } | StoreError::Sqlite { .. }
        )
    }
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// (device, inode) of the file when opened: a write to a file that was since deleted or
    /// replaced would be lost, so writes check it first.
    identity: Option<(u64, u64)>,
    /// Pages in the log after this connection's latest commit (every process's pages count),
    /// when the app has taken checkpoints over from SQLite.
    deferred: Option<Arc<AtomicI32>>,
    intact: Intact,
}

/// Whether the file's pages have been checked in this session.
enum Intact {
    Unchecked,
    Checking(std::thread::JoinHandle<Result<()>>),
    Yes,
    No(PathBuf, String),
}

/// SQLite's `quick_check`: every page and index entry readable, in O(file size).
fn quick_check(conn: &Connection, path: &Path) -> Result<()> {
    let verdict: String = conn.query_row("PRAGMA quick_check(1)", [], |r| r.get(0)).map_err(|e| classify(path, e))?;
    if verdict == "ok" { Ok(()) } else { Err(StoreError::Damaged { path: path.to_path_buf(), detail: verdict }) }
}

/// Log pages from which the app checkpoints: SQLite's own threshold.
const CHECKPOINT_PAGES: i32 = 1000;

impl Store {
    /// Open (or create) the database at `path`, migrating it to the current schema after taking a
    /// backup. Refuses foreign, damaged and newer files without writing to them.
    pub fn open(path: &Path) -> Result<Store> {
        // Two certtracks starting on a new file race to create it; SQLite answers some of those
        // lock conflicts (the switch to WAL) with SQLITE_BUSY without waiting, so wait here.
        let start = std::time::Instant::now();
        loop {
            match Store::open_once(path) {
                Err(StoreError::Busy { .. }) if start.elapsed() < BUSY_TIMEOUT => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                other => return other,
            }
        }
    }

    fn open_once(path: &Path) -> Result<Store> {
        check_header(path)?;
        if !path.exists()
            && let Some(e) = restore::interrupted(path)
        {
            return Err(e);
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(|error| StoreError::Io { path: dir.to_path_buf(), error })?;
        }
        // NO_MUTEX: a rusqlite connection is used by one thread at a time (it is not `Sync`), so
        // SQLite's per-call locking is pure cost: about a tenth of the dashboard's start-up.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| classify(path, e))?;
        // Wait on another process's lock from the very first read: a second certtrack may be
        // creating or migrating this file right now (without this, identify() saw SQLITE_BUSY).
        conn.busy_timeout(BUSY_TIMEOUT).map_err(|e| classify(path, e))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            identity: file_identity(path),
            deferred: None,
            intact: Intact::Unchecked,
        };
        store.identify()?;
        store.configure()?;
        store.migrate()?;
        Ok(store)
    }

    /// A private in-memory database, for tests and benchmarks.
    pub fn in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory().map_err(|e| classify(Path::new(":memory:"), e))?;
        let mut store =
            Store { conn, path: PathBuf::from(":memory:"), identity: None, deferred: None, intact: Intact::Yes };
        store.configure()?;
        store.migrate()?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How long a write waits for another process's lock before giving up (default 10 s).
    pub fn set_busy_timeout(&self, wait: Duration) -> Result<()> {
        self.conn.busy_timeout(wait).map_err(|e| self.err(e))
    }

    pub fn schema_version(&self) -> Result<i64> {
        self.pragma_i64("user_version")
    }

    fn pragma_i64(&self, name: &str) -> Result<i64> {
        self.conn.pragma_query_value(None, name, |r| r.get(0)).map_err(|e| self.err(e))
    }

    /// Is this file ours (or empty, so ours to take)? Read-only checks, before any write.
    fn identify(&self) -> Result<()> {
        // One statement, so one snapshot: another process may be creating the file right now.
        let (app_id, version, tables): (i64, i64, i64) = self
            .conn
            .query_row(
                "SELECT (SELECT application_id FROM pragma_application_id),
                        (SELECT user_version FROM pragma_user_version),
                        (SELECT count(*) FROM sqlite_schema)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .map_err(|e| self.err(e))?;
        let fresh = app_id == 0 && version == 0 && tables == 0;
        if !fresh && app_id != APPLICATION_ID {
            let why = format!("it is a SQLite file of another application (application_id {app_id:#x})");
            return Err(StoreError::Foreign { path: self.path.clone(), why });
        }
        if version > schema::latest() {
            return Err(StoreError::TooNew { path: self.path.clone(), found: version, supported: schema::latest() });
        }
        if version < 0 {
            let why = format!("its schema version is {version}, which no certtrack writes");
            return Err(StoreError::Foreign { path: self.path.clone(), why });
        }
        Ok(())
    }

    fn configure(&self) -> Result<()> {
        // WAL lets a second certtrack read while one writes; FULL syncs the WAL on every commit.
        self.conn
            .execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")
            .map_err(|e| self.err(e))?;
        // Plans that never depend on bound values: otherwise SQLite 3.54 recompiles every cached
        // `WHERE exam_id = ?1 ... ORDER BY` statement each time it is reused for another exam.
        self.conn
            .set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)
            .map_err(|e| self.err(e))?;
        self.conn.set_prepared_statement_cache_capacity(64);
        Ok(())
    }

    fn migrate(&mut self) -> Result<()> {
        let current = self.schema_version()?;
        if current == schema::latest() {
            return Ok(());
        }
        if current > 0 {
            backup::before_migration(self, current)?;
        }
        let path = self.path.clone();
        self.write(|tx| {
            // Re-read inside the write lock: another process may have migrated meanwhile.
            let mut v: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
            while v < schema::latest() {
                let m = &schema::MIGRATIONS[v as usize];
                tx.execute_batch(m.sql)?;
                if let Some(data) = m.data {
                    data(tx)?;
                }
                v += 1;
                tx.pragma_update(None, "user_version", v)?;
            }
            tx.pragma_update(None, "application_id", APPLICATION_ID)
        })
        .map_err(|e| match e {
            StoreError::Sqlite { error, .. } => StoreError::Damaged {
                path,
                detail: format!("migration to schema {} failed: {error}", schema::latest()),
            },
            other => other,
        })
    }

    /// Run `f` in one IMMEDIATE transaction and commit: the unit of every user action.
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction) -> rusqlite::Result<T>) -> Result<T> {
        let path = self.path.clone();
        if self.identity.is_some() && file_identity(&path) != self.identity {
            return Err(StoreError::Replaced { path });
        }
        self.ensure_intact()?;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(|e| classify(&path, e))?;
        let value = f(&tx).map_err(|e| classify(&path, e))?;
        tx.commit().map_err(|e| classify(&path, e))?;
        Ok(value)
    }

    /// Run `f`'s reads as one snapshot: one read transaction, where each query alone would take
    /// and release the log's read lock (three system calls) and could see a different moment.
    /// Reads only: a `write` inside would fail, as SQLite transactions do not nest.
    pub fn snapshot<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce() -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let tx = self.conn.unchecked_transaction().map_err(|e| self.err(e))?;
        let value = f()?;
        tx.commit().map_err(|e| self.err(e))?;
        Ok(value)
    }

    /// Take checkpoints (copying the write-ahead log back into the database) away from commits:
    /// SQLite runs one inside the commit that takes the log past 1,000 pages, about every 90
    /// answers, and that answer waits for it (many times a plain commit; docs/performance.md,
    /// "Answer latency"). The app calls `checkpoint_if_due` after drawing instead, when nobody waits
    /// on it; the last connection to close still checkpoints.
    ///
    /// The trigger is the log's size, as SQLite's own is, not this process's commit count: with
    /// another certtrack holding the file open, no session is the last to close, and sessions
    /// too short to reach a count would let the log grow without end (`src/store/tests.rs`
    /// `the_log_stays_bounded_while_another_certtrack_keeps_the_file_open`).
    pub fn defer_checkpoints(&mut self) -> Result<()> {
        let pages = Arc::new(AtomicI32::new(0));
        let seen = Arc::clone(&pages);
        // SQLite's automatic checkpoint is itself this hook, so setting ours turns it off.
        let hook = move |_: &mut rusqlite::hooks::Wal, n: std::ffi::c_int| {
            seen.store(n, Ordering::Relaxed);
            Ok(())
        };
        self.conn.wal_hook(Some(hook)).map_err(|e| self.err(e))?;
        self.deferred = Some(pages);
        Ok(())
    }

    /// Checkpoint once the log holds 1,000 pages. PASSIVE: it never waits for another process's
    /// readers; whatever it cannot copy now, a later one will, and once all is copied the next
    /// commit starts the log again from its beginning.
    pub fn checkpoint_if_due(&mut self) {
        if let Some(pages) = self.deferred.as_ref().filter(|p| p.load(Ordering::Relaxed) >= CHECKPOINT_PAGES) {
            pages.store(0, Ordering::Relaxed);
            // A failed checkpoint loses nothing (the log keeps every commit); the next one retries.
            let _ = self.conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
        }
    }

    /// Check the file's pages (`quick_check`) on a second connection while the app draws its
    /// first screens, instead of before the first write: on a large database it takes longer
    /// than a start-up may (docs/performance.md).
    pub fn check_in_background(&mut self) {
        if !matches!(self.intact, Intact::Unchecked) {
            return;
        }
        let path = self.path.clone();
        self.intact = Intact::Checking(std::thread::spawn(move || {
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let conn = Connection::open_with_flags(&path, flags).map_err(|e| classify(&path, e))?;
            conn.busy_timeout(BUSY_TIMEOUT).map_err(|e| classify(&path, e))?;
            quick_check(&conn, &path)
        }));
    }

    /// A damaged file is never written: its first write in a session waits for the check.
    fn ensure_intact(&mut self) -> Result<()> {
        let verdict = match std::mem::replace(&mut self.intact, Intact::Yes) {
            Intact::Yes => return Ok(()),
            Intact::No(path, detail) => Err(StoreError::Damaged { path, detail }),
            Intact::Unchecked => quick_check(&self.conn, &self.path),
            Intact::Checking(handle) => handle.join().unwrap_or_else(|_| quick_check(&self.conn, &self.path)),
        };
        // Damage is remembered, so every later write is refused for the same reason; a check
        // that could not run (busy, say) is tried again at the next write.
        self.intact = match &verdict {
            Ok(()) => Intact::Yes,
            Err(StoreError::Damaged { path, detail }) => Intact::No(path.clone(), detail.clone()),
            Err(_) => Intact::Unchecked,
        };
        verdict
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        classify(&self.path, e)
    }
}

/// Turn SQLite's errors into what the user can act on: damaged, full, read-only; keep the rest.
fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
    let path = path.to_path_buf();
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => {
            StoreError::Damaged { path, detail: e.to_string() }
        }
        Some(ErrorCode::DiskFull) => StoreError::DiskFull { path },
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy { path },
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen) => StoreError::ReadOnly { path, detail: e.to_string() },
        _ => StoreError::Sqlite { path, error: e },
    }
}

#[cfg(unix)]
fn file_identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn file_identity(_path: &Path) -> Option<(u64, u64)> {
    None
}

/// A non-empty file that does not start with SQLite's magic is not ours: refuse before SQLite
/// gets a chance to touch it.
fn check_header(path: &Path) -> Result<()> {
    let mut f = match fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(StoreError::Io { path: path.to_path_buf(), error }),
    };
    let mut head = Vec::with_capacity(16);
    f.by_ref().take(16).read_to_end(&mut head).map_err(|error| StoreError::Io { path: path.to_path_buf(), error })?;
    if head.is_empty() || head == SQLITE_MAGIC {
        return Ok(());
    }
    Err(StoreError::Foreign { path: path.to_path_buf(), why: "it is not a SQLite database".into() })
}

#[cfg(test)]
mod tests;
