//! The learner's data seen through the syllabi: opens the store and the catalog together and
//! turns stored rows into the core's inputs (syllabus indices), for both faces.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, anyhow};
use chrono::NaiveDate;

use crate::config::Config;
use crate::paths;
use crate::quiz::QuestionHistory;
use crate::readiness::{self, AnswerStats, Item, Readiness};
use crate::srs::{CardState, ReviewRecord, Scheduler};
use crate::store::{ItemKind, Preferences, ReviewWrite, SessionRef, Store, StoredCard};
use crate::study::{Attempt, Light, Status};
use crate::syllabus::{Catalog, Origin, Outline, Syllabus};

pub struct Tracker {
    pub catalog: Catalog,
    pub store: Store,
    pub prefs: Preferences,
    pub config: Config,
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
    /// database, then files in the user's syllabi folder. Problems with user files are
    /// reported on stderr and do not stop the app.
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
        let prefs = preferences(&store, &config)?;
        Ok(Tracker { catalog, store, prefs, config })
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

    pub fn readiness(&self, s: &Outline, now: i64) -> Result<Readiness> {
        Ok(self.overview(s, self.exam_date(&s.exam.id)?, now)?.0)
    }

    /// Readiness and the reviews due by the end of today, from one read of the exam's cards.
    /// `date` is the exam's date, which the caller listing followed exams already has.
    pub fn overview(&self, s: &Outline, date: Option<NaiveDate>, now: i64) -> Result<(Readiness, usize)> {
        let stored = self.store.cards(Some(&s.exam.id))?;
        let (_, end) = crate::clock::day_bounds(now);
        let due = stored
            .iter()
            .filter(|c| !c.state.suspended && c.state.phase != crate::srs::Phase::New && c.state.due < end)
            .count();
        let ix = Indices::of_outline(s);
        let answers: Vec<AnswerStats> = self
            .store
            .question_stats(&s.exam.id)?
            .into_iter()
            .filter_map(|q| {
                Some(AnswerStats {
                    question: *ix.questions.get(q.question_id.as_str())?,
                    attempts: q.attempts,
                    correct: q.correct,
                    first_at: q.first_at,
                    first_correct: q.first_correct,
                    last_at: q.last_at,
                    last_correct: q.last_correct,
                })
            })
            .collect();
        let cards: Vec<(Item, CardState)> = stored.iter().filter_map(|c| Some((ix.item(c)?, c.state))).collect();
        let progress: Vec<(usize, Status, Option<Light>)> = self
            .store
            .progress(Some(&s.exam.id))?
            .into_iter()
            .filter_map(|p| Some((*ix.topics.get(p.topic_id.as_str())?, p.status, p.confidence)))
            .collect();
        let exam_at = date.map(crate::clock::day_start);
        let sched = self.scheduler();
        let r = readiness::assess(&readiness::Inputs {
            outline: s,
            answers: &answers,
            cards: &cards,
            progress: &progress,
            sched: &sched,
            now,
            exam_at,
            new_per_day: self.prefs.limits.new_per_day,
        });
        Ok((r, due))
    }

    /// Consecutive days with study, ending today (or yesterday, if today has none yet).
    pub fn streak(&self, now: i64) -> Result<u32> {
        Ok(self.store.streak(crate::store::day_number(now))?)
    }

    /// Per-question history (in syllabus order) for choosing quiz questions.
    pub fn question_history(&self, s: &Syllabus) -> Result<Vec<QuestionHistory>> {
        let ix = Indices::new(s);
        let mut h = vec![QuestionHistory::default(); s.questions.len()];
        let (stats, cards) = self.store.snapshot(|| -> Result<_> {
            Ok((self.store.question_stats(&s.exam.id)?, self.store.question_cards(&s.exam.id)?))
        })?;
        for a in stats {
            if let Some(&q) = ix.questions.get(a.question_id.as_str()) {
                h[q].attempts = a.attempts;
                h[q].correct = a.correct;
                h[q].last_wrong = !a.last_correct;
            }
        }
        for c in cards {
            if let Some(&q) = ix.questions.get(c.item_id.as_str()) {
                h[q].card = Some(c.state);
            }
        }
        Ok(h)
    }

    /// Record a practice answer and its effect on the question's review schedule, in one
    /// transaction (with its quiz session, for the first answer). Returns the session id once it
    /// is committed: only then may the screen say Correct/Incorrect.
    pub fn record_answer(
        &mut self,
        s: &Syllabus,
        question: usize,
        attempt: &Attempt,
        session: SessionRef,
    ) -> Result<i64> {
        let q = &s.questions[question];
        let before = self.store.card(&s.exam.id, &q.id)?;
        let fresh = CardState::new(attempt.answered_at);
        let current = before.unwrap_or(fresh);
        let rating = crate::srs::Rating::for_answer(attempt.correct, attempt.seconds, slow_after(q), false);
        let (after, record) = self.scheduler().review(&current, rating, attempt.answered_at);
        let w = ReviewWrite {
            exam_id: &s.exam.id,
            item_id: &q.id,
            kind: ItemKind::Question,
            before: before.as_ref(),
            after: &after,
            record: &record,
        };
        self.store.record_answer(&w, attempt, session).context("saving the answer")
    }

    /// Record a flashcard rating; returns the review id (for undo).
    pub fn record_card_review(
        &mut self,
        exam: &str,
        card_id: &str,
        before: Option<CardState>,
        after: CardState,
        record: ReviewRecord,
    ) -> Result<i64> {
        let w = ReviewWrite {
            exam_id: exam,
            item_id: card_id,
            kind: ItemKind::Flashcard,
            before: before.as_ref(),
            after: &after,
            record: &record,
        };
        Ok(self.store.record_review(&w, None)?)
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

/// A right answer slower than this counts as Hard: about 20 seconds per 100 words of question.
fn slow_after(q: &crate::syllabus::Question) -> f64 {
    let words =
        q.stem.split_whitespace().count() + q.choices.iter().map(|c| c.split_whitespace().count()).sum::<usize>();
    30.0 + words as f64 * 0.2
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
