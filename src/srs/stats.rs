//! Review statistics: true retention, card counts by state, and daily history for a heatmap.

use std::collections::{BTreeMap, HashSet};
use std::hash::Hash;

use chrono::NaiveDate;

use crate::clock::day_of;

use super::{CardState, DAY, Phase, Rating, ReviewRecord};

/// Mature means an interval of at least 21 days (the usual convention).
const MATURE_SECS: i64 = 21 * DAY;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct CardCounts {
    pub new: usize,
    pub learning: usize,
    pub young: usize,
    pub mature: usize,
    pub suspended: usize,
}

impl std::ops::AddAssign for CardCounts {
    fn add_assign(&mut self, o: CardCounts) {
        self.new += o.new;
        self.learning += o.learning;
        self.young += o.young;
        self.mature += o.mature;
        self.suspended += o.suspended;
    }
}

/// Counts by state. `unseen` is the number of items with no card yet (they count as new).
pub fn card_counts<'a>(cards: impl IntoIterator<Item = &'a CardState>, unseen: usize) -> CardCounts {
    let mut c = CardCounts { new: unseen, ..Default::default() };
    for card in cards {
        let interval = card.last_review.map_or(0, |t| card.due - t);
        match card.phase {
            _ if card.suspended => c.suspended += 1,
            Phase::New => c.new += 1,
            Phase::Learning | Phase::Relearning => c.learning += 1,
            Phase::Review if interval >= MATURE_SECS => c.mature += 1,
            Phase::Review => c.young += 1,
        }
    }
    c
}

/// True retention: of the first review of each item on each day, made from the review phase,
/// the share passed (anything but Again). Returns (passed, total).
pub fn true_retention<K: Eq + Hash + Clone>(log: &[(K, ReviewRecord)], utc_offset: i64) -> (usize, usize) {
    let mut seen = HashSet::new();
    let (mut passed, mut total) = (0, 0);
    for (item, r) in log {
        if !seen.insert((item.clone(), day_of(r.reviewed_at, utc_offset))) || r.phase_before != Phase::Review {
            continue;
        }
        total += 1;
        passed += usize::from(r.rating != Rating::Again);
    }
    (passed, total)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct DayCount {
    pub day: NaiveDate,
    pub reviews: u32,
}

/// Reviews per local day, counted as the log is read (one entry per day, not per review).
pub struct DailyCounts {
    days: BTreeMap<NaiveDate, u32>,
    utc_offset: i64,
}

impl DailyCounts {
    pub fn new(utc_offset: i64) -> DailyCounts {
        DailyCounts { days: BTreeMap::new(), utc_offset }
    }

    pub fn add(&mut self, reviewed_at: i64) {
        *self.days.entry(day_of(reviewed_at, self.utc_offset)).or_default() += 1;
    }

    /// In date order, days without reviews left out.
    pub fn into_history(self) -> Vec<DayCount> {
        self.days.into_iter().map(|(day, reviews)| DayCount { day, reviews }).collect()
    }
}
