//! Topic progress, quiz sessions and attempts.

use rusqlite::{OptionalExtension, Row, params};

use super::{Result, Store, StoreError};
use crate::study::{Attempt, Light, Status, TopicProgress};

/// A change to one topic's progress; `None` fields stay as they are.
#[derive(Debug, Clone, Default)]
pub struct ProgressUpdate {
    pub status: Option<Status>,
    /// `Some(None)` clears the confidence.
    pub confidence: Option<Option<Light>>,
    pub notes: Option<String>,
    pub add_minutes: u32,
}

pub(super) const PROGRESS_COLUMNS: &str =
    "exam_id, topic_id, status, confidence, notes, minutes, created_at, updated_at";

fn progress_row(r: &Row) -> rusqlite::Result<TopicProgress> {
    let status: String = r.get(2)?;
    let confidence: Option<String> = r.get(3)?;
    Ok(TopicProgress {
        exam_id: r.get(0)?,
        topic_id: r.get(1)?,
        status: Status::parse(&status).unwrap_or_default(),
        confidence: confidence.as_deref().and_then(Light::parse),
        notes: r.get(4)?,
        minutes: r.get(5)?,
        created_at: r.get(6)?,
        updated_at: r.get(7)?,
    })
}

fn attempt_row(r: &Row) -> rusqlite::Result<Attempt> {
    Ok(Attempt {
        session_id: r.get(0)?,
        exam_id: r.get(1)?,
        question_id: r.get(2)?,
        chosen: r.get(3)?,
        correct: r.get(4)?,
        seconds: r.get(5)?,
        answered_at: r.get(6)?,
    })
}

const ATTEMPT_COLUMNS: &str = "session_id, exam_id, question_id, chosen, correct, seconds, answered_at";

impl Store {
    /// Apply `update` to a topic's progress (creating it), in one transaction; returns the result.
    pub fn update_progress(
        &mut self,
        exam: &str,
        topic: &str,
        update: &ProgressUpdate,
        now: i64,
    ) -> Result<TopicProgress> {
        if update.notes.as_ref().is_some_and(|n| n.len() > 100_000) {
            return Err(StoreError::Invalid("notes are limited to 100,000 characters".into()));
        }
        self.write(|tx| {
            tx.prepare_cached(
                "INSERT INTO progress (exam_id, topic_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)
                 ON CONFLICT (exam_id, topic_id) DO NOTHING",
            )?
            .execute(params![exam, topic, now])?;
            tx.prepare_cached(
                "UPDATE progress SET
                    status = coalesce(?3, status),
                    confidence = CASE WHEN ?4 THEN ?5 ELSE confidence END,
                    notes = coalesce(?6, notes),
                    minutes = minutes + ?7,
                    updated_at = ?8
                 WHERE exam_id = ?1 AND topic_id = ?2",
            )?
            .execute(params![
                exam,
                topic,
                update.status.map(Status::as_str),
                update.confidence.is_some(),
                update.confidence.flatten().map(Light::as_str),
                update.notes,
                update.add_minutes,
                now
            ])?;
            tx.prepare_cached(&format!("SELECT {PROGRESS_COLUMNS} FROM progress WHERE exam_id = ?1 AND topic_id = ?2"))?
                .query_row(params![exam, topic], progress_row)
        })
    }

    /// Progress rows of one exam, or of every exam with `None`.
    pub fn progress(&self, exam: Option<&str>) -> Result<Vec<TopicProgress>> {
        self.query_exam(
            &format!("SELECT {PROGRESS_COLUMNS} FROM progress"),
            "ORDER BY exam_id, topic_id",
            exam,
            progress_row,
        )
    }

    pub fn start_session(&mut self, mode: &str, exam: &str, settings_json: &str, now: i64) -> Result<i64> {
        self.write(|tx| {
            tx.prepare_cached(
                "INSERT INTO quiz_session (mode, exam_id, started_at, settings) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![mode, exam, now, settings_json])?;
            Ok(tx.last_insert_rowid())
        })
    }

    pub fn end_session(&mut self, id: i64, result_json: &str, now: i64) -> Result<()> {
        self.write(|tx| {
            tx.prepare_cached("UPDATE quiz_session SET ended_at = ?2, result = ?3 WHERE id = ?1")?.execute(params![
                id,
                now,
                result_json
            ])?;
            Ok(())
        })
    }

    /// Record one answer, committed before this returns. Returns the attempt's id.
    pub fn record_attempt(&mut self, a: &Attempt) -> Result<i64> {
        self.write(|tx| insert_attempt(tx, a))
    }

    /// Attempts of one exam (or all), oldest first.
    pub fn attempts(&self, exam: Option<&str>) -> Result<Vec<Attempt>> {
        self.query_exam(
            &format!("SELECT {ATTEMPT_COLUMNS} FROM attempt"),
            "ORDER BY answered_at, id",
            exam,
            attempt_row,
        )
    }

    /// The answer summary of every question of `exam` that has been answered: one row per
    /// question, however long the history.
    pub fn question_stats(&self, exam: &str) -> Result<Vec<QuestionStat>> {
        self.query(
            "SELECT question_id, attempts, correct, first_at, first_correct, last_at, last_correct
             FROM question_stat WHERE exam_id = ?1",
            params![exam],
            |r| {
                Ok(QuestionStat {
                    question_id: r.get(0)?,
                    attempts: r.get(1)?,
                    correct: r.get(2)?,
                    first_at: r.get(3)?,
                    first_correct: r.get(4)?,
                    last_at: r.get(5)?,
                    last_correct: r.get(6)?,
                })
            },
        )
    }

    pub fn attempt_count(&self) -> Result<i64> {
        self.conn().query_row("SELECT count(*) FROM attempt", [], |r| r.get(0)).map_err(|e| self.err(e))
    }

    /// When the learner last answered or reviewed anything, if ever.
    pub fn last_active(&self, exam: &str) -> Result<Option<i64>> {
        self.conn()
            .query_row(
                "SELECT max(t) FROM (SELECT max(answered_at) AS t FROM attempt WHERE exam_id = ?1
                 UNION ALL SELECT max(reviewed_at) FROM review_log WHERE exam_id = ?1)",
                params![exam],
                |r| r.get(0),
            )
            .optional()
            .map(Option::flatten)
            .map_err(|e| self.err(e))
    }

    /// Recompute the per-question and per-day summaries from the whole history, in one
    /// transaction (after rows were added behind the store's back, as a bulk import does).
    pub fn rebuild_summaries(&mut self) -> Result<()> {
        self.write(rebuild_summaries)
    }

    /// Consecutive days with any answer or review, ending `today` (or yesterday, if today has
    /// none yet). Reads the small per-day table newest first and stops at the first gap, so the
    /// cost is the streak's length, not the history's.
    pub fn streak(&self, today: i64) -> Result<u32> {
        let run = || -> rusqlite::Result<u32> {
            let mut st = self.conn().prepare_cached(
                "SELECT day FROM study_day WHERE day <= ?1 AND (answers > 0 OR reviews > 0) ORDER BY day DESC",
            )?;
            let mut rows = st.query(params![today])?;
            let (mut streak, mut expected) = (0, None);
            while let Some(row) = rows.next()? {
                let day: i64 = row.get(0)?;
                match expected {
                    None if day >= today - 1 => {}
                    Some(e) if day == e => {}
                    _ => break,
                }
                streak += 1;
                expected = Some(day - 1);
            }
            Ok(streak)
        };
        run().map_err(|e| self.err(e))
    }

    /// `select` (a `SELECT … FROM table`) for one exam, or for all with `None`. Two statements
    /// rather than one with `?1 IS NULL OR exam_id = ?1`, which SQLite can only run as a scan of
    /// every exam's rows; `exam_id = ?1` uses the table's index.
    pub(crate) fn query_exam<T>(
        &self,
        select: &str,
        order: &str,
        exam: Option<&str>,
        f: impl FnMut(&Row) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        match exam {
            Some(e) => self.query(&format!("{select} WHERE exam_id = ?1 {order}"), params![e], f),
            None => self.query(&format!("{select} {order}"), [], f),
        }
    }

    pub(crate) fn query<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        f: impl FnMut(&Row) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let mut stmt = self.conn().prepare_cached(sql).map_err(|e| self.err(e))?;
        let rows = stmt.query_map(params, f).map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<T>>>().map_err(|e| self.err(e))
    }
}

/// Insert an answer and fold it into its question's summary, in the caller's transaction.
pub(crate) fn insert_attempt(tx: &rusqlite::Transaction, a: &Attempt) -> rusqlite::Result<i64> {
    tx.prepare_cached(&format!("INSERT INTO attempt ({ATTEMPT_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"))?
        .execute(params![a.session_id, a.exam_id, a.question_id, a.chosen, a.correct, a.seconds, a.answered_at])?;
    let id = tx.last_insert_rowid();
    add_to_summary(tx, &a.exam_id, &a.question_id, a.correct, a.answered_at)?;
    count_day(tx, a.answered_at, "answers", 1)?;
    Ok(id)
}

/// Local day number of a unix time, as `study_day` keys it.
pub fn day_number(ts: i64) -> i64 {
    (ts + crate::clock::utc_offset(ts)).div_euclid(86_400)
}

/// Add `by` to the day's count of `column` (`answers` or `reviews`).
pub(crate) fn count_day(tx: &rusqlite::Transaction, ts: i64, column: &str, by: i64) -> rusqlite::Result<()> {
    let sql = format!(
        "INSERT INTO study_day (day, {column}) VALUES (?1, max(?2, 0))
         ON CONFLICT (day) DO UPDATE SET {column} = max({column} + ?2, 0)"
    );
    tx.prepare_cached(&sql)?.execute(params![day_number(ts), by])?;
    Ok(())
}

pub(crate) fn add_to_summary(
    tx: &rusqlite::Transaction,
    exam: &str,
    question: &str,
    correct: bool,
    at: i64,
) -> rusqlite::Result<()> {
    // An answer older than the first one on record (an import, a clock set back) becomes the
    // first; a tie keeps the one recorded first, as the history's order does.
    tx.prepare_cached(
        "INSERT INTO question_stat (exam_id, question_id, attempts, correct, first_at, first_correct, last_at, last_correct)
         VALUES (?1, ?2, 1, ?3, ?4, ?3, ?4, ?3)
         ON CONFLICT (exam_id, question_id) DO UPDATE SET
            attempts = attempts + 1,
            correct = correct + excluded.correct,
            first_correct = CASE WHEN excluded.first_at < first_at THEN excluded.first_correct ELSE first_correct END,
            first_at = min(first_at, excluded.first_at),
            last_correct = CASE WHEN excluded.last_at >= last_at THEN excluded.last_correct ELSE last_correct END,
            last_at = max(last_at, excluded.last_at)",
    )?
    .execute(params![exam, question, correct, at])?;
    Ok(())
}

/// Recompute one exam's per-question summaries from its answers (after answers were removed).
pub(crate) fn rebuild_question_stats(tx: &rusqlite::Transaction, exam: &str) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM question_stat WHERE exam_id = ?1", params![exam])?;
    let rows: Vec<(String, bool, i64)> = tx
        .prepare("SELECT question_id, correct, answered_at FROM attempt WHERE exam_id = ?1 ORDER BY answered_at, id")?
        .query_map(params![exam], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (q, correct, at) in rows {
        add_to_summary(tx, exam, &q, correct, at)?;
    }
    Ok(())
}

/// Recompute the summaries (per question, per day) from the history: the v3 migration's data step.
pub(crate) fn rebuild_summaries(tx: &rusqlite::Transaction) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM study_day", [])?;
    let reviews: Vec<i64> = tx
        .prepare("SELECT reviewed_at FROM review_log")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for at in reviews {
        count_day(tx, at, "reviews", 1)?;
    }
    tx.execute("DELETE FROM question_stat", [])?;
    let rows: Vec<(String, String, bool, i64)> = tx
        .prepare("SELECT exam_id, question_id, correct, answered_at FROM attempt ORDER BY answered_at, id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (exam, q, correct, at) in rows {
        add_to_summary(tx, &exam, &q, correct, at)?;
        count_day(tx, at, "answers", 1)?;
    }
    Ok(())
}

/// One question's answers in summary, raw: counts, and the first and latest answers (when, and
/// whether right). How much each is worth, and how it fades, is readiness's business.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionStat {
    pub question_id: String,
    pub attempts: u32,
    pub correct: u32,
    pub first_at: i64,
    pub first_correct: bool,
    pub last_at: i64,
    pub last_correct: bool,
}
