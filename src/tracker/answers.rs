//! Answering and rating: one rule turns a quiz answer or a review rating into the item's next
//! schedule, read and written inside one transaction, and nothing is confirmed before it is
//! committed.

use anyhow::{Context, Result};

use super::Tracker;
use crate::quiz::QuestionHistory;
use crate::srs::{CardState, Fuzz, Rating};
use crate::store::{ItemKey, ItemKind, SavedReview, SessionRef};
use crate::study::Attempt;
use crate::syllabus::{Question, Syllabus};

impl Tracker {
    /// Record a quiz answer and its effect on the question's review schedule in one transaction
    /// (with its quiz session, for a session's first answer). Returns the session id once it is
    /// committed: only then may the screen say Correct/Incorrect.
    pub fn record_answer(
        &mut self,
        s: &Syllabus,
        question: usize,
        attempt: &Attempt,
        session: SessionRef,
    ) -> Result<i64> {
        let q = &s.questions[question];
        let rating = Rating::for_answer(attempt.correct, attempt.seconds, slow_after(q), false);
        let key = ItemKey { exam_id: &s.exam.id, item_id: &q.id, kind: ItemKind::Question };
        let saved =
            self.review(key, rating, attempt.answered_at, Some((attempt, session))).context("saving the answer")?;
        Ok(saved.session_id.unwrap_or_default())
    }

    /// Rate an item in the review queue; the saved review's id is what `undo_review` takes.
    pub fn rate(&mut self, key: ItemKey, rating: Rating, now: i64) -> Result<SavedReview> {
        self.review(key, rating, now, None).context("saving the rating")
    }

    /// The one rule: the item's state as stored now, reviewed with `rating`.
    fn review(
        &mut self,
        key: ItemKey,
        rating: Rating,
        now: i64,
        answer: Option<(&Attempt, SessionRef)>,
    ) -> Result<SavedReview> {
        let sched = self.scheduler();
        let fuzz = fuzz_of(key);
        let saved = self.store.review_item(key, answer, |before| {
            sched.review(&before.unwrap_or(CardState::new(now)), rating, now, fuzz)
        })?;
        Ok(saved)
    }

    /// Undo a review rating (the newest of its item; not a quiz answer). False when it can no
    /// longer be undone.
    pub fn undo_review(&mut self, review_id: i64) -> Result<bool> {
        Ok(self.store.undo_review(review_id)?)
    }

    /// Take an item out of the review queue (or put it back).
    pub fn suspend(&mut self, key: ItemKey, suspended: bool, now: i64) -> Result<()> {
        Ok(self.store.set_suspended(key, suspended, now)?)
    }

    /// The next interval of each rating for `card` (Again, Hard, Good, Easy), in seconds: what
    /// `rate` then schedules.
    pub fn preview(&self, key: ItemKey, card: Option<CardState>, now: i64) -> [i64; 4] {
        self.scheduler().preview(&card.unwrap_or(CardState::new(now)), now, fuzz_of(key))
    }

    /// Close a quiz session with its result (a JSON summary).
    pub fn finish_quiz(&mut self, session: i64, result_json: &str, now: i64) -> Result<()> {
        Ok(self.store.end_session(session, result_json, now)?)
    }

    /// Per-question history (in syllabus order) for choosing quiz questions.
    pub fn question_history(&self, s: &Syllabus) -> Result<Vec<QuestionHistory>> {
        let ix = super::Indices::new(s);
        let mut h = vec![QuestionHistory::default(); s.questions.len()];
        let (stats, cards) =
            self.snapshot(|| Ok((self.store.question_stats(&s.exam.id)?, self.store.question_cards(&s.exam.id)?)))?;
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
}

/// An item's fuzz comes from its identity, so items answered together drift apart.
fn fuzz_of(key: ItemKey) -> Fuzz {
    Fuzz::item(&[key.exam_id, key.kind.as_str(), key.item_id])
}

/// A right answer slower than this counts as Hard: about 20 seconds per 100 words of question.
fn slow_after(q: &Question) -> f64 {
    let words =
        q.stem.split_whitespace().count() + q.choices.iter().map(|c| c.split_whitespace().count()).sum::<usize>();
    30.0 + words as f64 * 0.2
}
