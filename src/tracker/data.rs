//! The learner's data as a whole: exports, the raw histories the SRS tools need, and the
//! database's care (backups, checks, checkpoints while the app runs).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::Result;

use super::Tracker;
use crate::store::export::ExportTable;
use crate::store::{self, CheckReport, LoggedReview, StoredCard};
use crate::study::Attempt;

impl Tracker {
    /// Hand every row of one table of the export to `f` as it is read (call inside `snapshot`
    /// so that every table shows the same moment).
    pub fn export_rows<T: ExportTable>(&self, f: impl FnMut(T) -> Result<()>) -> Result<()> {
        self.store.stream(f)
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.store.schema_version()?)
    }

    /// The review state of one exam's items (or every exam's).
    pub fn cards(&self, exam: Option<&str>) -> Result<Vec<StoredCard>> {
        Ok(self.store.cards(exam)?)
    }

    /// The review log of one exam (or every exam), oldest first.
    pub fn review_log(&self, exam: Option<&str>) -> Result<Vec<LoggedReview>> {
        Ok(self.store.review_log(exam)?)
    }

    /// The training set for fitting FSRS parameters, read one item's history at a time and
    /// bounded (`srs::TrainingSet`).
    pub fn training_set(&self) -> Result<crate::srs::TrainingSet> {
        let mut set = crate::srs::TrainingSet::default();
        self.store.each_review_history(|h| set.add_history(h))?;
        Ok(set)
    }

    /// One exam's quiz answers, oldest first.
    pub fn attempts(&self, exam: &str) -> Result<Vec<Attempt>> {
        Ok(self.store.attempts(Some(exam))?)
    }

    /// How many quiz answers the database holds, over every exam.
    pub fn attempt_count(&self) -> Result<i64> {
        Ok(self.store.attempt_count()?)
    }

    pub fn db_path(&self) -> &Path {
        self.store.path()
    }

    /// A verified copy of the database at `dest`, which must not exist.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        Ok(self.store.backup_to(dest, false)?)
    }

    /// SQLite's integrity check plus certtrack's own: rows of topics and items no syllabus has
    /// (kept, reported) and impossible values.
    pub fn check(&self) -> Result<CheckReport> {
        let mut known = HashSet::new();
        for e in self.catalog.entries() {
            let s = &e.syllabus;
            let ids = s
                .topics
                .iter()
                .map(|t| &t.id)
                .chain(s.questions.iter().map(|q| &q.id))
                .chain(s.flashcards.iter().map(|f| &f.id));
            known.extend(ids.map(|id| format!("{}/{id}", s.exam.id)));
        }
        Ok(self.store.check(&known)?)
    }

    /// Set the store up for a long interactive session: checkpoints after frames rather than
    /// inside commits, and the page check on a second connection.
    pub fn start_session(&mut self) -> Result<()> {
        self.store.defer_checkpoints()?;
        self.store.check_in_background();
        Ok(())
    }

    /// Called after a frame is drawn, when nobody waits on the store.
    pub fn idle(&mut self) {
        self.store.checkpoint_if_due();
        let predictions = std::mem::take(&mut self.pending_predictions);
        if !predictions.is_empty() {
            // A failed write (a read-only database) waits for the next showing.
            let _ = self.keep_predictions(&predictions);
        }
    }

    /// The day's automatic backup into the `backups` folder beside the database, at most one a
    /// day. Returns the new backup, if one was made.
    pub fn auto_backup(&self, now: i64) -> Result<Option<PathBuf>> {
        let Some(dir) = self.store.path().parent() else { return Ok(None) };
        store::remove_stale_temps(dir);
        Ok(store::auto_backup(&self.store, &dir.join("backups"), now)?)
    }
}

/// Replace the database at `db` with the backup `from` (see `store::restore`); returns where the
/// old database was kept.
pub fn restore(from: &Path, db: &Path) -> Result<Option<PathBuf>> {
    Ok(store::restore(from, db)?)
}

/// Check that `path` is an intact certtrack database this build can open, without writing;
/// returns its schema version.
pub fn validate_file(path: &Path) -> Result<i64> {
    Ok(store::validate_file(path)?)
}
