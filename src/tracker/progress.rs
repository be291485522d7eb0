//! The learner's plan: which exams they follow, when they sit them, and each topic's progress.

use anyhow::{Result, bail};
use chrono::NaiveDate;

use super::Tracker;
use crate::store::ProgressUpdate;
use crate::study::TopicProgress;

impl Tracker {
    /// Follow or stop following an exam (its history is kept either way).
    pub fn follow(&mut self, exam: &str, on: bool, now: i64) -> Result<()> {
        Ok(self.store.set_followed(exam, on, now)?)
    }

    /// Followed exams' ids with their dates, in the order they were followed.
    pub fn followed_dates(&self) -> Result<Vec<(String, Option<NaiveDate>)>> {
        Ok(self.store.followed()?.into_iter().map(|f| (f.exam_id, f.exam_date)).collect())
    }

    /// Set or clear the date the learner sits `exam`; setting one follows the exam. A date in
    /// the past is refused: the exam could not be sat then, and readiness would read "passed".
    pub fn set_exam_date(&mut self, exam: &str, date: Option<NaiveDate>, now: i64) -> Result<()> {
        if let Some(d) = date {
            let today = crate::clock::today(now);
            if d < today {
                bail!("{d} is in the past (today is {today}); give the date you will sit the exam");
            }
            if let Some(why) = self.date_problem(exam, d) {
                bail!("{d} is too late: {why}");
            }
        }
        Ok(self.store.set_exam_date(exam, date, now)?)
    }

    /// One exam's topic progress (rows only for topics the learner has touched).
    pub fn progress(&self, exam: &str) -> Result<Vec<TopicProgress>> {
        Ok(self.store.progress(Some(exam))?)
    }

    /// Change one topic's progress; returns the topic's progress as saved.
    pub fn set_progress(
        &mut self,
        exam: &str,
        topic: &str,
        update: &ProgressUpdate,
        now: i64,
    ) -> Result<TopicProgress> {
        if update.notes.as_deref().is_some_and(|n| crate::text::find_forbidden(n).is_some()) {
            bail!("the note contains control characters; use plain text (newlines and tabs are fine)");
        }
        Ok(self.store.update_progress(exam, topic, update, now)?)
    }
}
