//! The application layer: the one way in for both faces. It opens the store and the catalog
//! together, answers read models (an exam's overview, statistics, the review queue) and carries
//! out every change as one operation, one transaction (follow, set a date or progress, answer,
//! rate, undo, finish a quiz, change a setting, import). Screens and commands call this and
//! never the store, which is private to it.

mod anki;
mod answers;
mod data;
mod import;
mod lifecycle;
mod overview;
mod progress;
mod results;
mod review;
mod settings;
mod stats;

/// The store's record types, as the faces see them (the store itself stays private).
pub use crate::store::export::{
    AttemptRow, CardRow, CertificationRow, ExportTable, FollowedRow, PredictionRow, ProgressRow, RenewalRow, ResultRow,
    ReviewRow, SessionRow, SettingRow,
};
pub use crate::store::schema::{VERSION_TEXT as SCHEMA_VERSION_TEXT, latest as latest_schema};
pub use crate::store::{
    Certification, CheckReport, ExamSetting, ItemKey, ItemKind, LoggedReview, ProgressUpdate, Renewal, SavedReview,
    SessionRef, StoredCard,
};
pub use anki::{AnkiReport, AnkiRequest, SkippedNote};
pub use data::{restore, validate_file};
pub use lifecycle::{Lifecycle, MigrationPreview};
pub use overview::{ExamOverview, Overview};
pub use results::{HeldCert, InvalidResult, Recorded, ResultEntry};
pub use review::{QueueEntry, ReviewQueue};
pub use stats::StatsSummary;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Result, anyhow};
use chrono::NaiveDate;

use crate::config::Config;
use crate::paths;
use crate::readiness::Item;
use crate::srs::Scheduler;
use crate::store::{Preferences, Store};
use crate::syllabus::{Catalog, Origin, Outline, Syllabus};

pub struct Tracker {
    pub catalog: Catalog,
    store: Store,
    pub prefs: Preferences,
    pub config: Config,
    /// Today's readiness, kept when the app is next idle (`keep_predictions_when_idle`).
    pending_predictions: Vec<(String, crate::outcome::Prediction)>,
}

/// Could doing the same again work? False when the error is the database's state (replaced,
/// damaged, not ours, read-only): then a screen says what the error says, never "try again".
pub fn retry_may_help(e: &anyhow::Error) -> bool {
    e.chain().find_map(|c| c.downcast_ref::<crate::store::StoreError>()).is_none_or(|s| s.retry_may_help())
}

/// The database path: `--db`, else `CERTTRACK_DB`, else `certtrack.db` in the data dir.
/// (The variable is read here, not by clap, so the dashboard can start without clap.)
pub fn db_path(flag: Option<&Path>) -> Result<PathBuf> {
    if let Some(p) = flag {
        return Ok(p.to_path_buf());
    }
    match std::env::var_os("CERTTRACK_DB") {
        Some(p) if !p.is_empty() => Ok(PathBuf::from(p)),
        _ => paths::data_dir()
            .map(|d| d.join("certtrack.db"))
            .ok_or_else(|| anyhow!("cannot find a data directory for this user; pass --db PATH")),
    }
}

impl Tracker {
    /// Open the store and build the catalog: shipped syllabi, then those imported into the
    /// database, then files in the user's syllabi folder, then the cards of the user's decks.
    /// Problems with user files are reported on stderr and do not stop the app.
    pub fn open(db: &Path, config: Config) -> Result<Tracker> {
        let store = Store::open(db)?;
        let (mut catalog, errors) = paths::load_catalog();
        for e in errors {
            eprint!("{e}");
        }
        for (id, version, text) in store.imported_syllabi()? {
            let name = format!("{id} v{version} (imported)");
            if catalog.insert_text(&name, &text, Origin::File(PathBuf::from(&name))).is_err() {
                eprintln!("{name}: the stored copy no longer validates; using the shipped one");
            }
        }
        for e in paths::decks_dir().map(|d| catalog.add_decks(&d)).unwrap_or_default() {
            eprint!("{e}");
        }
        let prefs = preferences(&store, &config)?;
        Ok(Tracker { catalog, store, prefs, config, pending_predictions: Vec::new() })
    }

    /// A tracker over a store and catalog already at hand (tests, benchmarks, tools).
    pub fn from_parts(catalog: Catalog, store: Store, config: Config) -> Result<Tracker> {
        let prefs = preferences(&store, &config)?;
        Ok(Tracker { catalog, store, prefs, config, pending_predictions: Vec::new() })
    }

    /// A tracker over an empty in-memory database: for showing what the app does (the man
    /// page's key tables) without touching anyone's data.
    pub fn scratch(catalog: Catalog) -> Result<Tracker> {
        Tracker::from_parts(catalog, Store::in_memory()?, Config::default())
    }

    /// Reload the preferences after a change (the database's own values over the config's).
    pub fn reload_prefs(&mut self) -> Result<()> {
        self.prefs = preferences(&self.store, &self.config)?;
        Ok(())
    }

    pub fn syllabus(&self, key: &str) -> Result<&Syllabus> {
        self.shared(key).map(|s| &**s)
    }

    /// The syllabus as the catalog shares it, for a screen to keep without copying it.
    pub fn shared(&self, key: &str) -> Result<&Arc<Syllabus>> {
        self.catalog.get(key).map(|e| &e.syllabus).ok_or_else(|| self.unknown(key))
    }

    fn unknown(&self, key: &str) -> anyhow::Error {
        anyhow!("no exam `{}`; known exams: {}", crate::text::one_line(key), self.catalog.ids().join(", "))
    }

    pub fn scheduler(&self) -> Scheduler {
        let mut s = Scheduler::new(self.prefs.fsrs_params.as_deref(), self.prefs.desired_retention)
            .unwrap_or_else(|_| Scheduler::default_params());
        s.suspend_leeches = self.prefs.suspend_leeches;
        s
    }

    /// Followed exams that the catalog knows, with their dates.
    pub fn followed(&self) -> Result<Vec<(&Arc<Syllabus>, Option<NaiveDate>)>> {
        self.followed_as(|id| self.catalog.get(id).map(|e| &e.syllabus))
    }

    /// The outlines of the followed exams, with their dates: enough for readiness, without
    /// reading any question's text.
    pub fn followed_outlines(&self) -> Result<Vec<(&Outline, Option<NaiveDate>)>> {
        self.followed_as(|id| self.catalog.outline(id))
    }

    /// Each followed exam that `find` knows, with its date, in the order they were followed.
    fn followed_as<T>(&self, find: impl Fn(&str) -> Option<T>) -> Result<Vec<(T, Option<NaiveDate>)>> {
        Ok(self.store.followed()?.into_iter().filter_map(|f| find(&f.exam_id).map(|x| (x, f.exam_date))).collect())
    }

    /// One exam's outline, by id or code.
    pub fn outline(&self, key: &str) -> Result<&Outline> {
        self.catalog.outline(key).ok_or_else(|| self.unknown(key))
    }

    pub fn exam_date(&self, exam: &str) -> Result<Option<NaiveDate>> {
        Ok(self.store.exam_settings()?.into_iter().find(|s| s.exam_id == exam).and_then(|s| s.exam_date))
    }

    /// Run `f`'s reads as one moment of the database (see `Store::snapshot`).
    pub fn snapshot<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T> {
        self.store.snapshot(f)
    }
}

/// The database's preferences, with the config's study defaults where the database has none.
fn preferences(store: &Store, config: &Config) -> Result<Preferences> {
    let mut p = store.preferences()?;
    let study = &config.study;
    if let (None, Some(r)) = (store.setting("desired_retention")?, study.desired_retention) {
        p.desired_retention = r;
    }
    if let (None, Some(n)) = (store.setting("new_per_day")?, study.new_per_day) {
        p.limits.new_per_day = n;
    }
    if let (None, Some(n)) = (store.setting("reviews_per_day")?, study.reviews_per_day) {
        p.limits.reviews_per_day = n;
    }
    Ok(p)
}

/// id → index maps of one syllabus.
pub struct Indices<'s> {
    pub topics: HashMap<&'s str, usize>,
    pub questions: HashMap<&'s str, usize>,
    pub flashcards: HashMap<&'s str, usize>,
}

impl<'s> Indices<'s> {
    pub fn new(s: &'s Syllabus) -> Self {
        Indices {
            topics: index(s.topics.iter().map(|t| t.id.as_str())),
            questions: index(s.questions.iter().map(|q| q.id.as_str())),
            flashcards: index(s.flashcards.iter().map(|f| f.id.as_str())),
        }
    }

    /// The same maps from an outline (its lists are in the syllabus's order).
    pub fn of_outline(o: &'s Outline) -> Self {
        Indices {
            topics: index(o.topics.iter().map(|t| t.id.as_str())),
            questions: index(o.questions.iter().map(|q| q.id.as_str())),
            flashcards: index(o.flashcards.iter().map(|f| f.id.as_str())),
        }
    }

    pub fn item(&self, c: &StoredCard) -> Option<Item> {
        match c.kind {
            ItemKind::Question => self.questions.get(c.item_id.as_str()).map(|&i| Item::Question(i)),
            ItemKind::Flashcard => self.flashcards.get(c.item_id.as_str()).map(|&i| Item::Flashcard(i)),
        }
    }
}

fn index<'s>(ids: impl Iterator<Item = &'s str>) -> HashMap<&'s str, usize> {
    ids.enumerate().map(|(i, id)| (id, i)).collect()
}
