//! Every table as export rows, streamed: each row goes to the caller as SQLite reads it, so an
//! export's memory stays flat however long the history (a million reviews were 2.3 GB when the
//! whole document was built first).

use rusqlite::Row;
use serde::Serialize;

use super::Store;

/// One quiz session: how it was set up and how it ended (`result` is JSON, `abandoned` set when
/// the learner left an exam simulation before submitting).
#[derive(Debug, Clone, Default, Serialize)]
pub struct SessionRow {
    pub id: i64,
    pub mode: String,
    pub exam_id: String,
    pub started_at: i64,
    pub ended_at: Option<i64>,
    pub settings: String,
    pub result: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct AttemptRow {
    pub id: i64,
    pub session_id: Option<i64>,
    pub exam_id: String,
    pub question_id: String,
    /// Letters of the choices picked, in the syllabus's order.
    pub chosen: String,
    pub correct: bool,
    pub seconds: f64,
    pub answered_at: i64,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ReviewRow {
    pub id: i64,
    pub exam_id: String,
    pub item_id: String,
    pub kind: String,
    pub rating: u8,
    pub reviewed_at: i64,
    pub elapsed_days: u32,
    pub scheduled_secs: i64,
    pub phase_before: String,
    /// The quiz answer this review came from, if any.
    pub attempt_id: Option<i64>,
}

/// An item's review state now.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CardRow {
    pub exam_id: String,
    pub item_id: String,
    pub kind: String,
    pub phase: String,
    pub step: u32,
    pub stability: Option<f64>,
    pub difficulty: Option<f64>,
    pub due: i64,
    pub last_review: Option<i64>,
    pub reps: u32,
    pub lapses: u32,
    pub suspended: bool,
    pub leech: bool,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct FollowedRow {
    pub exam_id: String,
    pub followed: bool,
    pub exam_date: Option<String>,
    pub followed_at: Option<i64>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ProgressRow {
    pub exam_id: String,
    pub topic_id: String,
    pub status: String,
    pub confidence: Option<String>,
    pub notes: String,
    pub minutes: u32,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct SettingRow {
    pub key: String,
    pub value: String,
}

/// A row type of the export: its table's query and how a row reads.
pub trait ExportTable: Serialize + Default + Sized {
    const NAME: &'static str;
    const SQL: &'static str;
    fn read(r: &Row) -> rusqlite::Result<Self>;
}

impl ExportTable for FollowedRow {
    const NAME: &'static str = "followed";
    const SQL: &'static str =
        "SELECT exam_id, followed, exam_date, followed_at FROM exam_setting ORDER BY followed_at, exam_id";
    fn read(r: &Row) -> rusqlite::Result<Self> {
        Ok(FollowedRow { exam_id: r.get(0)?, followed: r.get(1)?, exam_date: r.get(2)?, followed_at: r.get(3)? })
    }
}

impl ExportTable for ProgressRow {
    const NAME: &'static str = "progress";
    const SQL: &'static str = "SELECT exam_id, topic_id, status, confidence, notes, minutes, created_at, updated_at
         FROM progress ORDER BY exam_id, topic_id";
    fn read(r: &Row) -> rusqlite::Result<Self> {
        Ok(ProgressRow {
            exam_id: r.get(0)?,
            topic_id: r.get(1)?,
            status: r.get(2)?,
            confidence: r.get(3)?,
            notes: r.get(4)?,
            minutes: r.get(5)?,
            created_at: r.get(6)?,
            updated_at: r.get(7)?,
        })
    }
}

impl ExportTable for SettingRow {
    const NAME: &'static str = "settings";
    const SQL: &'static str = "SELECT key, value FROM setting ORDER BY key";
    fn read(r: &Row) -> rusqlite::Result<Self> {
        Ok(SettingRow { key: r.get(0)?, value: r.get(1)? })
    }
}

impl ExportTable for SessionRow {
    const NAME: &'static str = "sessions";
    const SQL: &'static str =
        "SELECT id, mode, exam_id, started_at, ended_at, settings, result FROM quiz_session ORDER BY id";
    fn read(r: &Row) -> rusqlite::Result<Self> {
        Ok(SessionRow {
            id: r.get(0)?,
            mode: r.get(1)?,
            exam_id: r.get(2)?,
            started_at: r.get(3)?,
            ended_at: r.get(4)?,
            settings: r.get(5)?,
            result: r.get(6)?,
        })
    }
}

impl ExportTable for AttemptRow {
    const NAME: &'static str = "attempts";
    const SQL: &'static str = "SELECT id, session_id, exam_id, question_id, chosen, correct, seconds, answered_at
         FROM attempt ORDER BY answered_at, id";
    fn read(r: &Row) -> rusqlite::Result<Self> {
        Ok(AttemptRow {
            id: r.get(0)?,
            session_id: r.get(1)?,
            exam_id: r.get(2)?,
            question_id: r.get(3)?,
            chosen: r.get(4)?,
            correct: r.get(5)?,
            seconds: r.get(6)?,
            answered_at: r.get(7)?,
        })
    }
}

impl ExportTable for ReviewRow {
    const NAME: &'static str = "reviews";
    const SQL: &'static str = "SELECT id, exam_id, item_id, kind, rating, reviewed_at, elapsed_days, scheduled_secs,
         phase_before, attempt_id FROM review_log ORDER BY reviewed_at, id";
    fn read(r: &Row) -> rusqlite::Result<Self> {
        Ok(ReviewRow {
            id: r.get(0)?,
            exam_id: r.get(1)?,
            item_id: r.get(2)?,
            kind: r.get(3)?,
            rating: r.get(4)?,
            reviewed_at: r.get(5)?,
            elapsed_days: r.get(6)?,
            scheduled_secs: r.get(7)?,
            phase_before: r.get(8)?,
            attempt_id: r.get(9)?,
        })
    }
}

impl ExportTable for CardRow {
    const NAME: &'static str = "cards";
    const SQL: &'static str = "SELECT exam_id, item_id, kind, phase, step, stability, difficulty, due, last_review,
         reps, lapses, suspended, leech FROM srs_card ORDER BY exam_id, item_id";
    fn read(r: &Row) -> rusqlite::Result<Self> {
        Ok(CardRow {
            exam_id: r.get(0)?,
            item_id: r.get(1)?,
            kind: r.get(2)?,
            phase: r.get(3)?,
            step: r.get(4)?,
            stability: r.get(5)?,
            difficulty: r.get(6)?,
            due: r.get(7)?,
            last_review: r.get(8)?,
            reps: r.get(9)?,
            lapses: r.get(10)?,
            suspended: r.get(11)?,
            leech: r.get(12)?,
        })
    }
}

impl Store {
    /// Hand every row of `T`'s table to `f`, in order, as it is read.
    pub fn stream<T: ExportTable, E: From<super::StoreError>>(
        &self,
        mut f: impl FnMut(T) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let err = |e| E::from(self.err(e));
        let mut stmt = self.conn().prepare(T::SQL).map_err(err)?;
        let mut rows = stmt.query([]).map_err(err)?;
        while let Some(row) = rows.next().map_err(err)? {
            f(T::read(row).map_err(err)?)?;
        }
        Ok(())
    }
}

/// A real sitting (`domains` and `predicted` are JSON, as stored: docs/certifications.md).
#[derive(Debug, Clone, Default, Serialize)]
pub struct ResultRow {
    pub id: i64,
    pub exam_id: String,
    pub sat_on: String,
    pub score: Option<u32>,
    pub passed: Option<bool>,
    pub domains: String,
    pub predicted: Option<String>,
    pub recorded_at: i64,
}

impl ExportTable for ResultRow {
    const NAME: &'static str = "results";
    const SQL: &'static str = "SELECT id, exam_id, sat_on, score, passed, domains, predicted, recorded_at FROM exam_result ORDER BY sat_on, id";
    fn read(r: &Row) -> rusqlite::Result<Self> {
        Ok(ResultRow {
            id: r.get(0)?,
            exam_id: r.get(1)?,
            sat_on: r.get(2)?,
            score: r.get(3)?,
            passed: r.get(4)?,
            domains: r.get(5)?,
            predicted: r.get(6)?,
            recorded_at: r.get(7)?,
        })
    }
}

/// A certification held (`expiry_from`: `rule` or `learner`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct CertificationRow {
    pub exam_id: String,
    pub earned_on: String,
    pub expires_on: Option<String>,
    pub expiry_from: String,
    pub updated_at: i64,
}

impl ExportTable for CertificationRow {
    const NAME: &'static str = "certifications";
    const SQL: &'static str =
        "SELECT exam_id, earned_on, expires_on, expiry_from, updated_at FROM certification ORDER BY exam_id";
    fn read(r: &Row) -> rusqlite::Result<Self> {
        Ok(CertificationRow {
            exam_id: r.get(0)?,
            earned_on: r.get(1)?,
            expires_on: r.get(2)?,
            expiry_from: r.get(3)?,
            updated_at: r.get(4)?,
        })
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct RenewalRow {
    pub id: i64,
    pub exam_id: String,
    pub renewed_on: String,
    pub how: String,
    pub expires_on: Option<String>,
    pub recorded_at: i64,
}

impl ExportTable for RenewalRow {
    const NAME: &'static str = "renewals";
    const SQL: &'static str =
        "SELECT id, exam_id, renewed_on, how, expires_on, recorded_at FROM renewal ORDER BY renewed_on, id";
    fn read(r: &Row) -> rusqlite::Result<Self> {
        Ok(RenewalRow {
            id: r.get(0)?,
            exam_id: r.get(1)?,
            renewed_on: r.get(2)?,
            how: r.get(3)?,
            expires_on: r.get(4)?,
            recorded_at: r.get(5)?,
        })
    }
}

/// The readiness shown on one day (shares 0–1; the score band on the exam's scale).
#[derive(Debug, Clone, Default, Serialize)]
pub struct PredictionRow {
    pub exam_id: String,
    pub day: String,
    pub readiness: f64,
    pub low: f64,
    pub high: f64,
    pub score: Option<u32>,
    pub score_low: Option<u32>,
    pub score_high: Option<u32>,
    pub domains: String,
}

impl ExportTable for PredictionRow {
    const NAME: &'static str = "predictions";
    const SQL: &'static str = "SELECT exam_id, day, readiness, low, high, score, score_low, score_high, domains
         FROM prediction ORDER BY exam_id, day";
    fn read(r: &Row) -> rusqlite::Result<Self> {
        Ok(PredictionRow {
            exam_id: r.get(0)?,
            day: r.get(1)?,
            readiness: r.get(2)?,
            low: r.get(3)?,
            high: r.get(4)?,
            score: r.get(5)?,
            score_low: r.get(6)?,
            score_high: r.get(7)?,
            domains: r.get(8)?,
        })
    }
}
