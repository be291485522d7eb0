//! Study statistics over one exam or every followed exam: the figures the stats screen draws and
//! `srs stats` prints, computed once here.

use anyhow::Result;
use chrono::NaiveDate;

use super::Tracker;
use crate::srs::{self, CardCounts, DAY, DayCount};
use crate::syllabus::Syllabus;

/// Weeks of quiz accuracy the summary keeps.
const ACCURACY_WEEKS: i64 = 8;
/// Days the due forecast covers.
pub const FORECAST_DAYS: usize = 30;

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct StatsSummary {
    pub counts: CardCounts,
    /// Reviews due per day from today.
    pub forecast: Vec<u32>,
    /// Of the first review of each item on each day made from the review phase, in the last
    /// 30 days: (passed, total).
    pub retention: (usize, usize),
    /// Every review in the last 30 days (learning steps and new items included).
    pub reviews_30d: usize,
    /// Reviews per local day, oldest first, days without reviews left out.
    pub history: Vec<DayCount>,
    /// (first day of the week, right, answered) for the last eight weeks, oldest first.
    pub accuracy: Vec<(NaiveDate, u32, u32)>,
    /// Minutes logged on topics.
    pub minutes: u32,
}

impl Tracker {
    /// Statistics of one exam, or of every followed exam with `None`.
    pub fn stats(&self, exam: Option<&Syllabus>, now: i64) -> Result<StatsSummary> {
        let exams: Vec<&Syllabus> = match exam {
            Some(s) => vec![s],
            None => self.followed()?.into_iter().map(|(s, _)| &**s).collect(),
        };
        let offset = crate::clock::utc_offset(now);
        let (start, _) = crate::clock::day_bounds(now);
        let mut sum = StatsSummary { forecast: vec![0; FORECAST_DAYS], ..Default::default() };
        let month_ago = now - 30 * DAY;
        // The log is read row by row: per-day counts for the history, and only the last 30
        // days' records for retention (years of reviews are never held at once).
        let (mut recent, mut per_day, mut attempts) = (Vec::new(), srs::DailyCounts::new(offset), Vec::new());
        self.snapshot(|| {
            for s in &exams {
                let cards = self.store.cards(Some(&s.exam.id))?;
                let unseen = (s.questions.len() + s.flashcards.len()).saturating_sub(cards.len());
                sum.counts += srs::card_counts(cards.iter().map(|c| &c.state), unseen);
                for (day, n) in
                    srs::forecast(cards.iter().map(|c| c.state), start, FORECAST_DAYS).into_iter().enumerate()
                {
                    sum.forecast[day] += n;
                }
                self.store.each_review(&s.exam.id, |item, r| {
                    per_day.add(r.reviewed_at);
                    if r.reviewed_at >= month_ago {
                        recent.push((format!("{}/{item}", s.exam.id), r));
                    }
                })?;
                attempts.extend(self.store.attempts(Some(&s.exam.id))?);
                sum.minutes += self.store.progress(Some(&s.exam.id))?.iter().map(|p| p.minutes).sum::<u32>();
            }
            Ok(())
        })?;
        sum.reviews_30d = recent.len();
        sum.retention = srs::true_retention(&recent, offset);
        sum.history = per_day.into_history();
        sum.accuracy = (0..ACCURACY_WEEKS)
            .rev()
            .map(|w| {
                let (from, to) = (now - (w + 1) * 7 * DAY, now - w * 7 * DAY);
                let week = attempts.iter().filter(|a| a.answered_at >= from && a.answered_at < to);
                let (right, all) = week.fold((0, 0), |(r, n), a| (r + u32::from(a.correct), n + 1));
                (crate::clock::day_of(from, offset), right, all)
            })
            .collect();
        Ok(sum)
    }

    /// Reviews due per day for the next `days` days of one exam.
    pub fn forecast(&self, s: &Syllabus, days: usize, now: i64) -> Result<Vec<u32>> {
        let (start, _) = crate::clock::day_bounds(now);
        let cards = self.store.cards(Some(&s.exam.id))?;
        Ok(srs::forecast(cards.iter().map(|c| c.state), start, days))
    }
}
