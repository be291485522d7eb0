//! What the learner chose: followed exams and their dates, and study preferences.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::{Result, Store};
use crate::srs::{DEFAULT_RETENTION, Limits};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ExamSetting {
    pub exam_id: String,
    pub followed: bool,
    pub exam_date: Option<NaiveDate>,
}

/// Study preferences with their defaults.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Preferences {
    pub desired_retention: f32,
    pub limits: Limits,
    pub suspend_leeches: bool,
    /// The learner's fitted FSRS parameters (`srs optimize`), if any.
    pub fsrs_params: Option<Vec<f32>>,
}

impl Default for Preferences {
    fn default() -> Self {
        Preferences {
            desired_retention: DEFAULT_RETENTION,
            limits: Limits::default(),
            suspend_leeches: false,
            fsrs_params: None,
        }
    }
}

impl Store {
    pub fn exam_settings(&self) -> Result<Vec<ExamSetting>> {
        self.query("SELECT exam_id, followed, exam_date FROM exam_setting ORDER BY followed_at, exam_id", [], |r| {
            let date: Option<String> = r.get(2)?;
            Ok(ExamSetting {
                exam_id: r.get(0)?,
                followed: r.get(1)?,
                exam_date: date.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
            })
        })
    }

    /// Followed exams, in the order they were followed.
    pub fn followed(&self) -> Result<Vec<ExamSetting>> {
        Ok(self.exam_settings()?.into_iter().filter(|s| s.followed).collect())
    }

    pub fn set_followed(&mut self, exam: &str, followed: bool, now: i64) -> Result<()> {
        self.write(|tx| {
            tx.prepare_cached(
                "INSERT INTO exam_setting (exam_id, followed, followed_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (exam_id) DO UPDATE SET followed = ?2,
                    followed_at = CASE WHEN followed = 0 AND ?2 THEN ?3 ELSE followed_at END",
            )?
            .execute(params![exam, followed, now])?;
            Ok(())
        })
    }

    /// Set (or clear) the exam date; setting a date also follows the exam.
    pub fn set_exam_date(&mut self, exam: &str, date: Option<NaiveDate>, now: i64) -> Result<()> {
        let text = date.map(|d| d.format("%Y-%m-%d").to_string());
        self.write(|tx| {
            tx.prepare_cached(
                "INSERT INTO exam_setting (exam_id, followed, exam_date, followed_at) VALUES (?1, ?3 IS NOT NULL, ?2, ?3)
                 ON CONFLICT (exam_id) DO UPDATE SET exam_date = ?2,
                    followed = CASE WHEN ?2 IS NOT NULL THEN 1 ELSE followed END,
                    followed_at = coalesce(followed_at, ?3)",
            )?
            .execute(params![exam, text, now])?;
            Ok(())
        })
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        self.conn()
            .prepare_cached("SELECT value FROM setting WHERE key = ?1")
            .and_then(|mut s| s.query_row(params![key], |r| r.get(0)).optional())
            .map_err(|e| self.err(e))
    }

    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.write(|tx| {
            tx.prepare_cached("INSERT OR REPLACE INTO setting (key, value) VALUES (?1, ?2)")?
                .execute(params![key, value])?;
            Ok(())
        })
    }

    /// Preferences, falling back to defaults for anything unset or unreadable.
    pub fn preferences(&self) -> Result<Preferences> {
        let d = Preferences::default();
        let num = |key: &str| -> Result<Option<f64>> { Ok(self.setting(key)?.and_then(|v| v.parse().ok())) };
        Ok(Preferences {
            desired_retention: num("desired_retention")?.map_or(d.desired_retention, |v| v as f32),
            limits: Limits {
                new_per_day: num("new_per_day")?.map_or(d.limits.new_per_day, |v| v as u32),
                reviews_per_day: num("reviews_per_day")?.map_or(d.limits.reviews_per_day, |v| v as u32),
            },
            suspend_leeches: self.setting("suspend_leeches")?.is_some_and(|v| v == "true"),
            fsrs_params: self.setting("fsrs_params")?.and_then(|v| serde_json::from_str(&v).ok()),
        })
    }
}
