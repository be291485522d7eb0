//! Read models of how the learner stands: each followed exam's readiness, reviews due and date,
//! and the study streak, read as one moment of the database.

use anyhow::Result;
use chrono::NaiveDate;

use super::{Indices, Tracker};
use crate::readiness::{self, AnswerStats, Item, Readiness};
use crate::srs::CardState;
use crate::study::{Light, Status};
use crate::syllabus::Outline;

/// One exam as the dashboard and `status` show it.
#[derive(Debug, Clone)]
pub struct ExamOverview<'c> {
    pub outline: &'c Outline,
    pub date: Option<NaiveDate>,
    pub readiness: Readiness,
    /// What review offers now besides new items: learning steps whose time has come and reviews
    /// due by the end of today (`srs::is_due`, the queue's own rule).
    pub due: usize,
    /// New items the review queue offers today: the daily limit's remainder (shared by every
    /// followed exam), at most the exam's unseen items. With `due`, what review will show.
    pub new_today: usize,
}

impl ExamOverview<'_> {
    /// The published pass mark on the exam's scale, if there is one.
    pub fn pass_mark(&self) -> Option<u32> {
        self.outline.exam.pass_mark.published()
    }
}

pub struct Overview<'c> {
    pub exams: Vec<ExamOverview<'c>>,
    pub streak: u32,
}

impl Tracker {
    /// The followed exams (or just `exam`) and the streak, all from one snapshot.
    pub fn overview(&self, exam: Option<&str>, now: i64) -> Result<Overview<'_>> {
        self.snapshot(|| {
            let (start, end) = crate::clock::day_bounds(now);
            let new_left = (self.prefs.limits.new_per_day as usize)
                .saturating_sub(self.store.reviews_between(start, end)?.0 as usize);
            let exams = match exam {
                Some(key) => {
                    let s = self.outline(key)?;
                    vec![(s, self.exam_date(&s.exam.id)?)]
                }
                None => self.followed_outlines()?,
            };
            let exams = exams
                .into_iter()
                .map(|(outline, date)| {
                    let (readiness, due, unseen) = self.assess(outline, date, now)?;
                    Ok(ExamOverview { outline, date, readiness, due, new_today: unseen.min(new_left) })
                })
                .collect::<Result<_>>()?;
            Ok(Overview { exams, streak: self.streak(now)? })
        })
    }

    /// One exam's readiness, with the exam date the learner set.
    pub fn readiness(&self, s: &Outline, now: i64) -> Result<Readiness> {
        Ok(self.assess(s, self.exam_date(&s.exam.id)?, now)?.0)
    }

    /// Readiness, the reviews due by the end of today and the items never reviewed, from one
    /// read of the exam's cards.
    fn assess(&self, s: &Outline, date: Option<NaiveDate>, now: i64) -> Result<(Readiness, usize, usize)> {
        let stored = self.store.cards(Some(&s.exam.id))?;
        let (_, end) = crate::clock::day_bounds(now);
        let due = stored.iter().filter(|c| crate::srs::is_due(&c.state, now, end)).count();
        let seen = stored.iter().filter(|c| c.state.suspended || c.state.phase != crate::srs::Phase::New).count();
        let unseen = (s.questions.len() + s.flashcards.len()).saturating_sub(seen);
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
        let r = readiness::assess(&readiness::Inputs {
            outline: s,
            answers: &answers,
            cards: &cards,
            progress: &progress,
            now,
            exam_at: date.map(crate::clock::day_start),
            new_per_day: self.prefs.limits.new_per_day,
        });
        Ok((r, due, unseen))
    }

    /// Consecutive days with study, ending today (or yesterday, if today has none yet).
    pub fn streak(&self, now: i64) -> Result<u32> {
        Ok(self.store.streak(crate::store::day_number(now))?)
    }

    /// When the learner last studied `exam` (answered or reviewed).
    pub fn last_active(&self, exam: &str) -> Result<Option<i64>> {
        Ok(self.store.last_active(exam)?)
    }
}
