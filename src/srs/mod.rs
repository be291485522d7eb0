//! Spaced repetition: FSRS-6 (the `fsrs` crate) for memory, Anki's FSRS rules for learning steps,
//! review intervals and fuzz, and the daily review queue. docs/scheduling.md describes the rules
//! and where they differ from py-fsrs and Anki. Pure: times are unix seconds and the fuzz seed
//! comes from the caller.

mod fuzz;
mod queue;
mod settings;
mod stats;
mod training;

pub use fuzz::Fuzz;
pub use queue::{Limits, QueueItem, build_queue, cram, forecast, is_due};
pub use settings::{MAX_PER_DAY, RETENTION, Setting};
pub use stats::{CardCounts, DailyCounts, DayCount, card_counts, true_retention};
pub use training::TrainingSet;

use fsrs::{DEFAULT_PARAMETERS, FSRS, FSRS6_DEFAULT_DECAY, MemoryState, NextStates};
use serde::{Deserialize, Serialize};

pub const DAY: i64 = 86_400;
pub const LEECH_LAPSES: u32 = 8;
pub const DEFAULT_RETENTION: f32 = 0.90;
/// Learning steps for new items and relearning steps for lapses, in seconds (py-fsrs's and Anki's
/// defaults); docs/scheduling.md describes them.
pub const LEARNING_STEPS: [i64; 2] = [60, 600];
pub const RELEARNING_STEPS: [i64; 1] = [600];
/// No interval is longer (Anki's and py-fsrs's default maximum; FSRS caps stability there too).
pub const MAX_INTERVAL_DAYS: u32 = 36_500;

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

    /// The interval the card is on, in whole days.
    fn scheduled_days(&self) -> u32 {
        self.last_review.map_or(0, |t| (self.due.saturating_sub(t).max(0) as f64 / DAY as f64).round() as u32)
    }

    /// Days since the last review, whole days as FSRS counts them.
    pub fn elapsed_days(&self, now: i64) -> u32 {
        self.last_review.map_or(0, |t| u32::try_from(now.saturating_sub(t).max(0) / DAY).unwrap_or(u32::MAX))
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
        let days = card.last_review.map_or(0.0, |t| at.saturating_sub(t).max(0) as f32 / DAY as f32);
        Some(fsrs::current_retrievability(memory, days, self.decay))
    }

    fn next_states(&self, card: &CardState, now: i64) -> Option<NextStates> {
        self.fsrs.next_states(card.memory(), self.retention, card.elapsed_days(now)).ok()
    }

    /// The state after rating `card` at `now`, and the log record of that review. `fuzz` spreads
    /// review intervals (see `Fuzz`); the same card, time and fuzz always give the same result.
    pub fn review(&self, card: &CardState, rating: Rating, now: i64, fuzz: Fuzz) -> (CardState, ReviewRecord) {
        let next = self.next_states(card, now);
        let mut out = *card;
        if let Some(n) = &next {
            let s = pick(n, rating);
            out.stability = Some(s.memory.stability);
            out.difficulty = Some(s.memory.difficulty);
        }
        let days = Intervals { next: next.as_ref(), draw: fuzz.factor(card.reps), last_days: card.scheduled_days() };
        let interval = match card.phase {
            Phase::New | Phase::Learning => learning(&mut out, rating, &LEARNING_STEPS, &days),
            Phase::Relearning => learning(&mut out, rating, &RELEARNING_STEPS, &days),
            Phase::Review => in_review(&mut out, rating, &days),
        };
        out.reps = out.reps.saturating_add(1);
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

    /// Seconds until due for each rating, for the buttons (Again, Hard, Good, Easy): exactly what
    /// `review` with the same arguments schedules.
    pub fn preview(&self, card: &CardState, now: i64, fuzz: Fuzz) -> [i64; 4] {
        Rating::ALL.map(|r| self.review(card, r, now, fuzz).1.scheduled_secs)
    }
}

/// New, learning and relearning items walk short steps before graduating to FSRS intervals
/// (Anki's rules, `rslib/src/scheduler/states/learning.rs` and `steps.rs`).
fn learning(card: &mut CardState, rating: Rating, steps: &[i64], days: &Intervals) -> i64 {
    let step = usize::from(card.step).min(steps.len() - 1);
    card.phase = if card.phase == Phase::Relearning { Phase::Relearning } else { Phase::Learning };
    let graduate = |card: &mut CardState, days: u32| {
        card.phase = Phase::Review;
        card.step = 0;
        i64::from(days) * DAY
    };
    match rating {
        Rating::Again => {
            card.step = 0;
            steps[0]
        }
        Rating::Hard => hard_delay(steps, step),
        Rating::Good if step + 1 < steps.len() => {
            card.step = (step + 1) as u8;
            steps[step + 1]
        }
        Rating::Good => graduate(card, days.graduating_good()),
        Rating::Easy => graduate(card, days.graduating_easy()),
    }
}

/// Hard stays on the step. On the first step it waits halfway to the second (1.5× a lone step, at
/// most a day more) so it differs from Again; on a later step it repeats that step.
fn hard_delay(steps: &[i64], step: usize) -> i64 {
    match (step, steps.get(1)) {
        (0, Some(next)) => (steps[0] + next) / 2,
        (0, None) => (steps[0] * 3 / 2).min(steps[0] + DAY),
        _ => steps[step],
    }
}

fn in_review(card: &mut CardState, rating: Rating, days: &Intervals) -> i64 {
    let [hard, good, easy] = days.passing();
    let days = match rating {
        Rating::Again => {
            card.lapses = card.lapses.saturating_add(1);
            card.phase = Phase::Relearning;
            card.step = 0;
            return RELEARNING_STEPS[0];
        }
        Rating::Hard => hard,
        Rating::Good => good,
        Rating::Easy => easy,
    };
    i64::from(days) * DAY
}

/// Whole-day intervals from FSRS's raw figures, fuzzed and capped as Anki does.
struct Intervals<'a> {
    /// `None` when the stored memory is unusable: every rating then starts from one day.
    next: Option<&'a NextStates>,
    draw: Option<f64>,
    /// The interval the card is on now, in days (for review cards).
    last_days: u32,
}

impl Intervals<'_> {
    fn raw(&self, rating: Rating) -> f32 {
        self.next.map_or(1.0, |n| pick(n, rating).interval)
    }

    fn days(&self, rating: Rating, minimum: u32) -> u32 {
        fuzz::whole_days(self.raw(rating), minimum, MAX_INTERVAL_DAYS, self.draw)
    }

    /// Good graduating from a step: FSRS's interval, whatever Hard's would be.
    fn graduating_good(&self) -> u32 {
        self.days(Rating::Good, 1)
    }

    /// Easy graduating from a step: at least a day beyond what Good would graduate to.
    fn graduating_easy(&self) -> u32 {
        self.days(Rating::Easy, self.graduating_good() + 1)
    }

    /// Hard, Good, Easy for a review card: each at least a day above the one before, none past
    /// the cap; fuzz never takes an interval that grew back to the one the card is on.
    fn passing(&self) -> [u32; 3] {
        let grown = |rating| {
            let raw = self.raw(rating).round();
            if raw > self.last_days as f32 { self.last_days.saturating_add(1) } else { 1 }
        };
        let hard = self.days(Rating::Hard, grown(Rating::Hard));
        let good = self.days(Rating::Good, grown(Rating::Good).max(hard + 1));
        let easy = self.days(Rating::Easy, grown(Rating::Easy).max(good + 1));
        [hard, good, easy]
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

/// A short human form of an interval, exact to a tenth of its unit: `1m`, `5.5m`, `10m`, `1.5h`,
/// `4d`, `2.5mo`, `1.2y` (Anki's units: a month is a twelfth of a 365-day year).
pub fn format_interval(secs: i64) -> String {
    const MINUTE: f64 = 60.0;
    const HOUR: f64 = 3_600.0;
    const YEAR: f64 = 365.0 * DAY as f64;
    let s = secs.max(0) as f64;
    let (amount, unit) = match s {
        ..MINUTE => (s, "s"),
        ..HOUR => (s / MINUTE, "m"),
        _ if s < DAY as f64 => (s / HOUR, "h"),
        _ if s < YEAR / 12.0 => (s / DAY as f64, "d"),
        _ if s < YEAR => (s / (YEAR / 12.0), "mo"),
        _ => (s / YEAR, "y"),
    };
    format!("{}{unit}", (amount * 10.0).round() / 10.0)
}

#[cfg(test)]
mod tests;
