//! Spaced-repetition state per item and the review log.

use rusqlite::{OptionalExtension, Row, params};

use super::records::{count_day, insert_attempt};
use super::{Result, Store};
use crate::srs::{CardState, Phase, Rating, ReviewRecord};
use crate::study::Attempt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    Flashcard,
    Question,
}

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Flashcard => "flashcard",
            ItemKind::Question => "question",
        }
    }

    fn parse(s: &str) -> ItemKind {
        if s == "question" { ItemKind::Question } else { ItemKind::Flashcard }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct StoredCard {
    pub exam_id: String,
    pub item_id: String,
    pub kind: ItemKind,
    pub state: CardState,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LoggedReview {
    pub id: i64,
    pub exam_id: String,
    pub item_id: String,
    pub kind: ItemKind,
    pub record: ReviewRecord,
}

const CARD_COLUMNS: &str =
    "exam_id, item_id, kind, phase, step, stability, difficulty, due, last_review, reps, lapses, suspended, leech";

/// A text column, borrowed: kinds and phases are matched, never kept, so need no allocation.
fn text<'r>(r: &'r Row, i: usize) -> rusqlite::Result<&'r str> {
    r.get_ref(i)?
        .as_str()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into()))
}

fn card_row(r: &Row) -> rusqlite::Result<StoredCard> {
    Ok(StoredCard {
        exam_id: r.get(0)?,
        item_id: r.get(1)?,
        kind: ItemKind::parse(text(r, 2)?),
        state: CardState {
            phase: Phase::parse(text(r, 3)?).unwrap_or(Phase::New),
            step: r.get(4)?,
            stability: r.get(5)?,
            difficulty: r.get(6)?,
            due: r.get(7)?,
            last_review: r.get(8)?,
            reps: r.get(9)?,
            lapses: r.get(10)?,
            suspended: r.get(11)?,
            leech: r.get(12)?,
        },
    })
}

/// The review log's columns as `review_row` reads them.
const REVIEW_COLUMNS: &str = "SELECT id, exam_id, item_id, kind, rating, reviewed_at, elapsed_days, scheduled_secs, phase_before FROM review_log";

fn review_row(r: &Row) -> rusqlite::Result<LoggedReview> {
    let rating: u8 = r.get(4)?;
    Ok(LoggedReview {
        id: r.get(0)?,
        exam_id: r.get(1)?,
        item_id: r.get(2)?,
        kind: ItemKind::parse(text(r, 3)?),
        record: ReviewRecord {
            rating: Rating::from_u8(rating).unwrap_or(Rating::Again),
            reviewed_at: r.get(5)?,
            elapsed_days: r.get(6)?,
            scheduled_secs: r.get(7)?,
            phase_before: Phase::parse(text(r, 8)?).unwrap_or(Phase::Review),
        },
    })
}

pub(super) fn upsert_card(
    tx: &rusqlite::Transaction,
    exam: &str,
    item: &str,
    kind: ItemKind,
    c: &CardState,
) -> rusqlite::Result<()> {
    tx.prepare_cached(&format!(
        "INSERT OR REPLACE INTO srs_card ({CARD_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
    ))?
    .execute(params![
        exam,
        item,
        kind.as_str(),
        c.phase.as_str(),
        c.step,
        c.stability,
        c.difficulty,
        c.due,
        c.last_review,
        c.reps,
        c.lapses,
        c.suspended,
        c.leech
    ])?;
    Ok(())
}

/// The quiz session an answer belongs to: saved already, or to be saved with this answer.
#[derive(Debug, Clone, Copy)]
pub enum SessionRef<'a> {
    Saved(i64),
    New { mode: &'a str, settings: &'a str, started_at: i64 },
}

/// Write the item's new state and its review-log row (with the previous state, for undo).
fn log_review(tx: &rusqlite::Transaction, w: &ReviewWrite, attempt_id: Option<i64>) -> rusqlite::Result<i64> {
    let prev = w.before.map(|b| serde_json::to_string(b).unwrap_or_default());
    upsert_card(tx, w.item.exam_id, w.item.item_id, w.item.kind, w.after)?;
    tx.prepare_cached(
        "INSERT INTO review_log (exam_id, item_id, kind, rating, reviewed_at, elapsed_days, scheduled_secs,
            phase_before, prev_state, attempt_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        w.item.exam_id,
        w.item.item_id,
        w.item.kind.as_str(),
        w.record.rating as u8,
        w.record.reviewed_at,
        w.record.elapsed_days,
        w.record.scheduled_secs,
        w.record.phase_before.as_str(),
        prev,
        attempt_id
    ])?;
    let id = tx.last_insert_rowid();
    count_day(tx, w.record.reviewed_at, "reviews", 1)?;
    Ok(id)
}

/// Which item a review is of.
#[derive(Debug, Clone, Copy)]
pub struct ItemKey<'a> {
    pub exam_id: &'a str,
    pub item_id: &'a str,
    pub kind: ItemKind,
}

/// What a review saved.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SavedReview {
    pub review_id: i64,
    /// The quiz session the answer belongs to (for a quiz's review).
    pub session_id: Option<i64>,
    pub before: Option<CardState>,
    pub after: CardState,
}

/// One review to save: the item, its state before and after, and the log record.
struct ReviewWrite<'a> {
    item: ItemKey<'a>,
    before: Option<&'a CardState>,
    after: &'a CardState,
    record: &'a ReviewRecord,
}

/// The session's id: the saved one, or a new session row written with its first answer.
fn session_id(tx: &rusqlite::Transaction, session: SessionRef, exam: &str) -> rusqlite::Result<i64> {
    match session {
        SessionRef::Saved(id) => Ok(id),
        SessionRef::New { mode, settings, started_at } => {
            tx.prepare_cached(
                "INSERT INTO quiz_session (mode, exam_id, started_at, settings) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![mode, exam, started_at, settings])?;
            Ok(tx.last_insert_rowid())
        }
    }
}

/// (exam, item, kind, previous state as JSON, attempt id) of a review to undo.
type UndoRow = (String, String, String, Option<String>, Option<i64>);

impl Store {
    pub fn cards(&self, exam: Option<&str>) -> Result<Vec<StoredCard>> {
        self.query_exam(&format!("SELECT {CARD_COLUMNS} FROM srs_card"), "", exam, card_row)
    }

    /// The cards of an exam's practice questions (a quiz has no use for its flashcards').
    pub fn question_cards(&self, exam: &str) -> Result<Vec<StoredCard>> {
        self.query(
            &format!("SELECT {CARD_COLUMNS} FROM srs_card WHERE exam_id = ?1 AND kind = 'question'"),
            params![exam],
            card_row,
        )
    }

    pub fn card(&self, exam: &str, item: &str) -> Result<Option<CardState>> {
        let sql = format!("SELECT {CARD_COLUMNS} FROM srs_card WHERE exam_id = ?1 AND item_id = ?2");
        let mut stmt = self.conn().prepare_cached(&sql).map_err(|e| self.err(e))?;
        stmt.query_row(params![exam, item], card_row).optional().map(|c| c.map(|c| c.state)).map_err(|e| self.err(e))
    }

    /// Review one item in one transaction: read its current state, let `schedule` turn it into
    /// the new state and log record, and save both, with the answer (and its quiz session, for a
    /// session's first answer) when the review comes from a quiz. Reading inside the write lock
    /// means two certtracks reviewing the same item each build on the other's review.
    pub fn review_item(
        &mut self,
        item: ItemKey,
        answer: Option<(&Attempt, SessionRef)>,
        schedule: impl FnOnce(Option<CardState>) -> (CardState, ReviewRecord),
    ) -> Result<SavedReview> {
        self.write(|tx| {
            let before = tx
                .prepare_cached(&format!("SELECT {CARD_COLUMNS} FROM srs_card WHERE exam_id = ?1 AND item_id = ?2"))?
                .query_row(params![item.exam_id, item.item_id], card_row)
                .optional()?
                .map(|c| c.state);
            let (after, record) = schedule(before);
            let (session_id, attempt_id) = match answer {
                Some((attempt, session)) => {
                    let session_id = session_id(tx, session, &attempt.exam_id)?;
                    let attempt = Attempt { session_id: Some(session_id), ..attempt.clone() };
                    (Some(session_id), Some(insert_attempt(tx, &attempt)?))
                }
                None => (None, None),
            };
            let w = ReviewWrite { item, before: before.as_ref(), after: &after, record: &record };
            let review_id = log_review(tx, &w, attempt_id)?;
            Ok(SavedReview { review_id, session_id, before, after })
        })
    }

    /// Undo a flashcard review: put the item back as it was and drop the log row. Only the
    /// newest review of an item can be undone (and not a quiz answer); returns false otherwise.
    pub fn undo_review(&mut self, review_id: i64) -> Result<bool> {
        self.write(|tx| {
            let row: Option<UndoRow> = tx
                .query_row(
                    "SELECT exam_id, item_id, kind, prev_state, attempt_id FROM review_log r WHERE id = ?1
                     AND NOT EXISTS (SELECT 1 FROM review_log n WHERE n.exam_id = r.exam_id
                                     AND n.item_id = r.item_id AND n.id > r.id)",
                    params![review_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
                )
                .optional()?;
            let Some((exam, item, kind, prev, None)) = row else { return Ok(false) };
            let at: i64 =
                tx.query_row("SELECT reviewed_at FROM review_log WHERE id = ?1", params![review_id], |r| r.get(0))?;
            count_day(tx, at, "reviews", -1)?;
            match prev.and_then(|p| serde_json::from_str::<CardState>(&p).ok()) {
                Some(state) => upsert_card(tx, &exam, &item, ItemKind::parse(&kind), &state)?,
                None => {
                    tx.execute("DELETE FROM srs_card WHERE exam_id = ?1 AND item_id = ?2", params![exam, item])?;
                }
            }
            tx.execute("DELETE FROM review_log WHERE id = ?1", params![review_id])?;
            Ok(true)
        })
    }

    /// The review log of one exam (or all), oldest first.
    pub fn review_log(&self, exam: Option<&str>) -> Result<Vec<LoggedReview>> {
        self.query_exam(REVIEW_COLUMNS, "ORDER BY reviewed_at, id", exam, review_row)
    }

    /// One exam's reviews oldest first, (item id, record) handed over row by row instead of
    /// collected: statistics over years of history hold none of it.
    pub fn each_review(&self, exam: &str, mut f: impl FnMut(&str, ReviewRecord)) -> Result<()> {
        let sql = format!("{REVIEW_COLUMNS} WHERE exam_id = ?1 ORDER BY reviewed_at, id");
        let mut stmt = self.conn().prepare_cached(&sql).map_err(|e| self.err(e))?;
        let mut rows = stmt.query(params![exam]).map_err(|e| self.err(e))?;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let logged = review_row(r).map_err(|e| self.err(e))?;
            f(&logged.item_id, logged.record);
        }
        Ok(())
    }

    /// Each item's review history in turn, oldest first, as (rating, days since the item's
    /// previous review): read row by row in the index's order, one item held at a time, so a
    /// million-row log costs no more memory than its longest history (`srs optimize`).
    pub fn each_review_history(&self, mut f: impl FnMut(&[(u32, u32)])) -> Result<()> {
        let mut stmt = self
            .conn()
            .prepare_cached(
                "SELECT exam_id, item_id, rating, elapsed_days FROM review_log
                 ORDER BY exam_id, item_id, reviewed_at, id",
            )
            .map_err(|e| self.err(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.err(e))?;
        let (mut key, mut history): ((String, String), Vec<(u32, u32)>) = Default::default();
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let (exam, item) = (r.get_ref(0).map_err(|e| self.err(e))?, r.get_ref(1).map_err(|e| self.err(e))?);
            let (exam, item) = (exam.as_str().unwrap_or(""), item.as_str().unwrap_or(""));
            if (exam, item) != (key.0.as_str(), key.1.as_str()) {
                if !history.is_empty() {
                    f(&history);
                }
                history.clear();
                key = (exam.to_owned(), item.to_owned());
            }
            let rating: u32 = r.get(2).map_err(|e| self.err(e))?;
            let days: i64 = r.get(3).map_err(|e| self.err(e))?;
            history.push((rating, u32::try_from(days).unwrap_or(u32::MAX)));
        }
        if !history.is_empty() {
            f(&history);
        }
        Ok(())
    }

    /// (new items introduced, other reviews) in `[from, to)`, for the daily caps.
    pub fn reviews_between(&self, from: i64, to: i64) -> Result<(u32, u32)> {
        self.conn()
            .prepare_cached(
                "SELECT coalesce(sum(phase_before = 'new'), 0), coalesce(sum(phase_before = 'review'), 0)
                 FROM review_log WHERE reviewed_at >= ?1 AND reviewed_at < ?2",
            )
            .and_then(|mut s| s.query_row(params![from, to], |r| Ok((r.get(0)?, r.get(1)?))))
            .map_err(|e| self.err(e))
    }

    /// Suspend an item (it leaves the queue until unsuspended) or bring it back. An item never
    /// reviewed gets a new card that remembers it.
    pub fn set_suspended(&mut self, item: ItemKey, suspended: bool, now: i64) -> Result<()> {
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE srs_card SET suspended = ?3 WHERE exam_id = ?1 AND item_id = ?2",
                params![item.exam_id, item.item_id, suspended],
            )?;
            if n == 0 && suspended {
                let card = CardState { suspended: true, ..CardState::new(now) };
                upsert_card(tx, item.exam_id, item.item_id, item.kind, &card)?;
            }
            Ok(())
        })
    }
}
