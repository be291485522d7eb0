//! Real exam results, certifications held with their renewals, and the daily readiness
//! predictions that results are compared with.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, params};
use serde::Serialize;

use super::{Result, Store};
use crate::outcome::{DomainVerdict, ExamResult, Prediction};

/// A certification the learner holds (or held).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Certification {
    pub exam_id: String,
    pub earned_on: NaiveDate,
    pub expires_on: Option<NaiveDate>,
    /// The expiry came from the vendor's rule, or the learner set it (their transcript says so).
    pub expiry_set_by_learner: bool,
}

/// A renewal: passing the renewal assessment, a re-sit, or a higher exam that renews this one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Renewal {
    pub exam_id: String,
    pub renewed_on: NaiveDate,
    pub how: String,
    pub expires_on: Option<NaiveDate>,
}

/// Everything one recorded result changes, written in one transaction.
pub struct ResultWrite<'a> {
    pub result: &'a ExamResult,
    /// The certification it earns or renews (with its new expiry), if it was a pass.
    pub certification: Option<&'a Certification>,
    /// Other certifications a pass renews (AWS's higher exams), with their new expiry.
    pub renewals: &'a [Renewal],
}

fn date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
}

fn result_row(r: &Row) -> rusqlite::Result<ExamResult> {
    let domains: String = r.get(5)?;
    let predicted: Option<String> = r.get(6)?;
    Ok(ExamResult {
        id: r.get(0)?,
        exam_id: r.get(1)?,
        sat_on: date(r.get(2)?).unwrap_or_default(),
        score: r.get(3)?,
        passed: r.get(4)?,
        domains: serde_json::from_str::<Vec<DomainVerdict>>(&domains).unwrap_or_default(),
        predicted: predicted.and_then(|p| serde_json::from_str(&p).ok()),
        recorded_at: r.get(7)?,
    })
}

fn cert_row(r: &Row) -> rusqlite::Result<Certification> {
    let from: String = r.get(3)?;
    Ok(Certification {
        exam_id: r.get(0)?,
        earned_on: date(r.get(1)?).unwrap_or_default(),
        expires_on: date(r.get(2)?),
        expiry_set_by_learner: from == "learner",
    })
}

fn upsert_cert(tx: &rusqlite::Transaction, c: &Certification, now: i64) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO certification (exam_id, earned_on, expires_on, expiry_from, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (exam_id) DO UPDATE SET earned_on = ?2, expires_on = ?3, expiry_from = ?4, updated_at = ?5",
        params![
            c.exam_id,
            c.earned_on.to_string(),
            c.expires_on.map(|d| d.to_string()),
            if c.expiry_set_by_learner { "learner" } else { "rule" },
            now
        ],
    )?;
    Ok(())
}

fn insert_renewal(tx: &rusqlite::Transaction, r: &Renewal, now: i64) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO renewal (exam_id, renewed_on, how, expires_on, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![r.exam_id, r.renewed_on.to_string(), r.how, r.expires_on.map(|d| d.to_string()), now],
    )?;
    tx.execute(
        "UPDATE certification SET expires_on = ?2, updated_at = ?3 WHERE exam_id = ?1",
        params![r.exam_id, r.expires_on.map(|d| d.to_string()), now],
    )?;
    Ok(())
}

impl Store {
    /// Record a sitting, and what it earns or renews, in one transaction. Returns its id.
    pub fn record_result(&mut self, w: &ResultWrite, now: i64) -> Result<i64> {
        self.write(|tx| {
            let r = w.result;
            tx.execute(
                "INSERT INTO exam_result (exam_id, sat_on, score, passed, domains, predicted, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    r.exam_id,
                    r.sat_on.to_string(),
                    r.score,
                    r.passed,
                    serde_json::to_string(&r.domains).unwrap_or_default(),
                    r.predicted.as_ref().and_then(|p| serde_json::to_string(p).ok()),
                    now
                ],
            )?;
            let id = tx.last_insert_rowid();
            if let Some(c) = w.certification {
                upsert_cert(tx, c, now)?;
            }
            for renewal in w.renewals {
                insert_renewal(tx, renewal, now)?;
            }
            Ok(id)
        })
    }

    /// Results of one exam (or all), in the order they were sat.
    pub fn results(&self, exam: Option<&str>) -> Result<Vec<ExamResult>> {
        self.query_exam(
            "SELECT id, exam_id, sat_on, score, passed, domains, predicted, recorded_at FROM exam_result",
            "ORDER BY sat_on, id",
            exam,
            result_row,
        )
    }

    pub fn certifications(&self) -> Result<Vec<Certification>> {
        self.query(
            "SELECT exam_id, earned_on, expires_on, expiry_from FROM certification ORDER BY expires_on IS NULL, expires_on, exam_id",
            [],
            cert_row,
        )
    }

    /// Set a certification by hand (an expiry from the transcript, one earned before certtrack).
    pub fn set_certification(&mut self, c: &Certification, now: i64) -> Result<()> {
        self.write(|tx| upsert_cert(tx, c, now))
    }

    pub fn add_renewal(&mut self, r: &Renewal, now: i64) -> Result<()> {
        self.write(|tx| insert_renewal(tx, r, now))
    }

    pub fn renewals(&self, exam: Option<&str>) -> Result<Vec<Renewal>> {
        self.query_exam(
            "SELECT exam_id, renewed_on, how, expires_on FROM renewal",
            "ORDER BY renewed_on, id",
            exam,
            |r| {
                Ok(Renewal {
                    exam_id: r.get(0)?,
                    renewed_on: date(r.get(1)?).unwrap_or_default(),
                    how: r.get(2)?,
                    expires_on: date(r.get(3)?),
                })
            },
        )
    }

    /// Keep the day's prediction for an exam, once: the first reading of the day stands.
    pub fn keep_predictions(&mut self, predictions: &[(String, Prediction)]) -> Result<()> {
        let mut unknown = Vec::new();
        for (exam, p) in predictions {
            let known: Option<i64> = self
                .conn()
                .prepare_cached("SELECT 1 FROM prediction WHERE exam_id = ?1 AND day = ?2")
                .and_then(|mut s| s.query_row(params![exam, p.day.to_string()], |r| r.get(0)).optional())
                .map_err(|e| self.err(e))?;
            if known.is_none() {
                unknown.push((exam, p));
            }
        }
        if unknown.is_empty() {
            return Ok(());
        }
        // One transaction for all of them: one commit, one fsync.
        self.write(|tx| {
            let mut insert = tx.prepare_cached(
                "INSERT OR IGNORE INTO prediction (exam_id, day, readiness, low, high, score, score_low, score_high, domains)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            for (exam, p) in unknown {
                insert.execute(params![
                    exam,
                    p.day.to_string(),
                    p.readiness,
                    p.low,
                    p.high,
                    p.score.map(|s| s.0),
                    p.score.map(|s| s.1),
                    p.score.map(|s| s.2),
                    serde_json::to_string(&p.domains).unwrap_or_default()
                ])?;
            }
            Ok(())
        })
    }

    /// The newest prediction for `exam` made before `day`.
    pub fn prediction_before(&self, exam: &str, day: NaiveDate) -> Result<Option<Prediction>> {
        self.conn()
            .prepare_cached(
                "SELECT day, readiness, low, high, score, score_low, score_high, domains FROM prediction
                 WHERE exam_id = ?1 AND day < ?2 ORDER BY day DESC LIMIT 1",
            )
            .and_then(|mut s| {
                s.query_row(params![exam, day.to_string()], |r| {
                    let score: Option<u32> = r.get(4)?;
                    let domains: String = r.get(7)?;
                    Ok(Prediction {
                        day: date(r.get(0)?).unwrap_or_default(),
                        readiness: r.get(1)?,
                        low: r.get(2)?,
                        high: r.get(3)?,
                        score: score.map(|s| (s, r.get(5).unwrap_or(s), r.get(6).unwrap_or(s))),
                        domains: serde_json::from_str(&domains).unwrap_or_default(),
                    })
                })
                .optional()
            })
            .map_err(|e| self.err(e))
    }
}
