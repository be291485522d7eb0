//! Spaced repetition: FSRS-6 (the `fsrs` crate) for memory, Anki-style learning steps for new and
//! lapsed items, and the daily review queue. Pure: times are unix seconds passed in by the caller.

mod queue;
mod settings;
mod stats;

pub use queue::{Limits, QueueItem, build_queue, cram, forecast};
pub use settings::{MAX_PER_DAY, RETENTION, Setting};
pub use stats::{CardCounts, DayCount, card_counts, daily_history, true_retention};

use fsrs::{DEFAULT_PARAMETERS, FSRS, FSRS6_DEFAULT_DECAY, MemoryState, NextStates};
use serde::{Deserialize, Serialize};

pub const DAY: i64 = 86_400;
pub const LEECH_LAPSES: u32 = 8;
pub const DEFAULT_RETENTION: f32 = 0.90;
const LEARNING_STEPS: [i64; 2] = [60, 600];
const RELEARNING_STEPS: [i64; 1] = [600];
const MAX_INTERVAL_DAYS: f32 = 36_500.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Rating {
    Again = 1,
    Hard = 2,
    Good = 3,
    Easy = 4,
}

impl Rating {
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

    pub fn from_u8(n: u8) -> Option<Rating> {
        Rating::ALL.get(usize::from(n).wrapping_sub(1)).copied()
    }

    /// How a practice question's answer rates: wrong is Again; right is Good, or Hard when it
    /// was slow (over `slow_secs`) or the learner said they were unsure.
    pub fn for_answer(correct: bool, seconds: f64, slow_secs: f64, unsure: bool) -> Rating {
        match (correct, unsure || seconds > slow_secs) {
            (false, _) => Rating::Again,
            (true, true) => Rating::Hard,
            (true, false) => Rating::Good,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    New,
    Learning,
    Review,
    Relearning,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::New => "new",
            Phase::Learning => "learning",
            Phase::Review => "review",
            Phase::Relearning => "relearning",
        }
    }

    pub fn parse(s: &str) -> Option<Phase> {
        [Phase::New, Phase::Learning, Phase::Review, Phase::Relearning].into_iter().find(|p| p.as_str() == s)
    }
}

/// The scheduling state of one item (flashcard or practice question).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CardState {
    pub phase: Phase,
    /// Index into the learning or relearning steps while in those phases.
    pub step: u8,
    pub stability: Option<f32>,
    pub difficulty: Option<f32>,
    pub due: i64,
    pub last_review: Option<i64>,
    pub reps: u32,
    pub lapses: u32,
    pub suspended: bool,
    pub leech: bool,
}

impl CardState {
    pub fn new(now: i64) -> Self {
        CardState {
            phase: Phase::New,
            step: 0,
            stability: None,
            difficulty: None,
            due: now,
            last_review: None,
            reps: 0,
            lapses: 0,
            suspended: false,
            leech: false,
        }
    }

    fn memory(&self) -> Option<MemoryState> {
        Some(MemoryState { stability: self.stability?, difficulty: self.difficulty? })
    }

    /// Days since the last review, whole days as FSRS counts them.
    pub fn elapsed_days(&self, now: i64) -> u32 {
        self.last_review.map_or(0, |t| ((now - t).max(0) / DAY) as u32)
    }
}

/// One review as the log keeps it: enough to re-fit FSRS parameters later.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ReviewRecord {
    pub rating: Rating,
    pub reviewed_at: i64,
    pub elapsed_days: u32,
    /// Seconds until the next due time that this review set.
    pub scheduled_secs: i64,
    pub phase_before: Phase,
}

#[derive(Debug, Clone)]
pub struct Scheduler {
    fsrs: FSRS,
    retention: f32,
    decay: f32,
    pub suspend_leeches: bool,
}

impl Scheduler {
    /// `params`: the learner's fitted FSRS parameters, or `None` for the defaults.
    pub fn new(params: Option<&[f32]>, retention: f32) -> Result<Self, fsrs::FSRSError> {
        let params = params.unwrap_or(&DEFAULT_PARAMETERS);
        let decay = params.get(20).copied().unwrap_or(FSRS6_DEFAULT_DECAY);
        Ok(Scheduler {
            fsrs: FSRS::new(params)?,
            retention: retention.clamp(*RETENTION.start(), *RETENTION.end()),
            decay,
            suspend_leeches: false,
        })
    }

    pub fn default_params() -> Self {
        Self::new(None, DEFAULT_RETENTION).unwrap_or_else(|_| unreachable!("the crate's defaults are valid"))
    }

    pub fn retention(&self) -> f32 {
        self.retention
    }

    /// Probability of recall at time `at` (1.0 for items never reviewed is wrong, so `None`).
    pub fn retrievability(&self, card: &CardState, at: i64) -> Option<f32> {
        let memory = card.memory()?;
        let days = card.last_review.map_or(0.0, |t| (at - t).max(0) as f32 / DAY as f32);
        Some(fsrs::current_retrievability(memory, days, self.decay))
    }

    fn next_states(&self, card: &CardState, now: i64) -> Option<NextStates> {
        self.fsrs.next_states(card.memory(), self.retention, card.elapsed_days(now)).ok()
    }

    /// The state after rating `card` at `now`, and the log record of that review.
    pub fn review(&self, card: &CardState, rating: Rating, now: i64) -> (CardState, ReviewRecord) {
        let next = self.next_states(card, now);
        let mut out = *card;
        if let Some(n) = &next {
            let s = pick(n, rating);
            out.stability = Some(s.memory.stability);
            out.difficulty = Some(s.memory.difficulty);
        }
        let days = self.review_intervals(&next);
        let interval = match card.phase {
            Phase::New | Phase::Learning => self.learning(&mut out, rating, &LEARNING_STEPS, days),
            Phase::Relearning => self.learning(&mut out, rating, &RELEARNING_STEPS, days),
            Phase::Review => self.in_review(&mut out, rating, days),
        };
        out.reps += 1;
        out.last_review = Some(now);
        out.due = now + interval;
        out.leech |= out.lapses >= LEECH_LAPSES;
        out.suspended |= out.leech && self.suspend_leeches;
        let record = ReviewRecord {
            rating,
            reviewed_at: now,
            elapsed_days: card.elapsed_days(now),
            scheduled_secs: interval,
            phase_before: card.phase,
        };
        (out, record)
    }

    /// Seconds until due for each rating, for the buttons (Again, Hard, Good, Easy).
    pub fn preview(&self, card: &CardState, now: i64) -> [i64; 4] {
        Rating::ALL.map(|r| self.review(card, r, now).1.scheduled_secs)
    }

    /// Whole-day intervals per rating for a card in review, kept strictly increasing so Hard <
    /// Good < Easy even when FSRS's raw figures round to the same day.
    fn review_intervals(&self, next: &Option<NextStates>) -> [i64; 4] {
        let Some(n) = next else { return [1, 1, 2, 3].map(|d| d * DAY) };
        let day = |s: &fsrs::ItemState| s.interval.clamp(1.0, MAX_INTERVAL_DAYS).round() as i64;
        let hard = day(&n.hard);
        let good = day(&n.good).max(hard + 1);
        let easy = day(&n.easy).max(good + 1);
        [day(&n.again), hard, good, easy].map(|d| d * DAY)
    }

    /// New, learning and relearning items walk short steps before graduating to FSRS intervals.
    fn learning(&self, card: &mut CardState, rating: Rating, steps: &[i64], days: [i64; 4]) -> i64 {
        let graduate = |card: &mut CardState, secs: i64| {
            card.phase = Phase::Review;
            card.step = 0;
            secs
        };
        let step = usize::from(card.step).min(steps.len() - 1);
        card.phase = if card.phase == Phase::Relearning { Phase::Relearning } else { Phase::Learning };
        match rating {
            Rating::Again => {
                card.step = 0;
                steps[0]
            }
            // Hard repeats the current step, a little longer (Anki's convention).
            Rating::Hard => steps[step] * 3 / 2,
            Rating::Good if step + 1 < steps.len() => {
                card.step = (step + 1) as u8;
                steps[step + 1]
            }
            Rating::Good => graduate(card, days[2]),
            Rating::Easy => graduate(card, days[3]),
        }
    }

    fn in_review(&self, card: &mut CardState, rating: Rating, days: [i64; 4]) -> i64 {
        if rating == Rating::Again {
            card.lapses += 1;
            card.phase = Phase::Relearning;
            card.step = 0;
            return RELEARNING_STEPS[0];
        }
        days[rating as usize - 1]
    }
}

fn pick(n: &NextStates, rating: Rating) -> &fsrs::ItemState {
    match rating {
        Rating::Again => &n.again,
        Rating::Hard => &n.hard,
        Rating::Good => &n.good,
        Rating::Easy => &n.easy,
    }
}

/// A short human form of an interval: `10m`, `3h`, `4d`, `2.5mo`, `1.2y`.
pub fn format_interval(secs: i64) -> String {
    let s = secs.max(0) as f64;
    match secs {
        ..3_600 => format!("{}m", (s / 60.0).round().max(1.0)),
        3_600..86_400 => format!("{}h", (s / 3_600.0).round()),
        86_400..2_592_000 => format!("{}d", (s / 86_400.0).round()),
        2_592_000..31_536_000 => format!("{:.1}mo", s / 2_592_000.0),
        _ => format!("{:.1}y", s / 31_536_000.0),
    }
}

#[cfg(test)]
mod tests;
