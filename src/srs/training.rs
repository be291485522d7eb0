//! The training set for fitting FSRS parameters (`srs optimize`), bounded whatever the history.
//!
//! FSRS trains on every prefix of an item's history that ends in a review on a later day, so an
//! item with n reviews gives n − 1 sequences of up to n reviews: quadratic in its history. Two
//! bounds keep the set small (docs/performance.md has the figures): prefixes stop at
//! `MAX_PREFIX_REVIEWS` reviews (the first reviews of a long history, which is what the
//! optimiser learns most from), and at most `MAX_ITEMS` prefixes are kept, a uniform sample of
//! all of them (reservoir sampling with a fixed seed, so the same history gives the same set).
//! Histories arrive one item at a time, so the whole review log is never held either.

use fsrs::{FSRSItem, FSRSReview};
use rand::rngs::SmallRng;
use rand::{RngExt, SeedableRng};

/// The longest review sequence trained on.
pub const MAX_PREFIX_REVIEWS: usize = 64;
/// The most sequences kept: plenty for 21 parameters (Anki fits on far fewer).
pub const MAX_ITEMS: usize = 50_000;

pub struct TrainingSet {
    items: Vec<FSRSItem>,
    usable: u64,
    cap: usize,
    rng: SmallRng,
}

impl Default for TrainingSet {
    fn default() -> Self {
        TrainingSet::with_cap(MAX_ITEMS)
    }
}

impl TrainingSet {
    pub fn with_cap(cap: usize) -> TrainingSet {
        TrainingSet { items: Vec::new(), usable: 0, cap, rng: SmallRng::seed_from_u64(0x0f5e_7a1e) }
    }

    /// One item's history, oldest first: (rating 1–4, days since the item's previous review).
    pub fn add_history(&mut self, history: &[(u32, u32)]) {
        let reviews: Vec<FSRSReview> = (history.iter().take(MAX_PREFIX_REVIEWS).enumerate())
            .map(|(i, &(rating, days))| FSRSReview { rating, delta_t: if i == 0 { 0 } else { days } })
            .collect();
        for end in 2..=reviews.len() {
            if reviews[end - 1].delta_t > 0 {
                self.offer(&reviews[..end]);
            }
        }
    }

    fn offer(&mut self, prefix: &[FSRSReview]) {
        self.usable += 1;
        if self.items.len() < self.cap {
            self.items.push(FSRSItem { reviews: prefix.to_vec() });
            return;
        }
        let slot = self.rng.random_range(0..self.usable);
        if let Some(kept) = self.items.get_mut(slot as usize) {
            kept.reviews.clear();
            kept.reviews.extend_from_slice(prefix);
        }
    }

    /// Every usable sequence the histories held, sampled or not.
    pub fn usable(&self) -> u64 {
        self.usable
    }

    pub fn into_items(self) -> Vec<FSRSItem> {
        self.items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Good every day for `n` reviews.
    fn daily(n: usize) -> Vec<(u32, u32)> {
        vec![(3, 1); n]
    }

    #[test]
    fn every_prefix_ending_on_a_later_day_is_a_sequence() {
        let mut set = TrainingSet::default();
        set.add_history(&[(3, 0), (3, 0), (3, 2), (1, 0), (3, 5)]);
        let lens: Vec<usize> = set.into_items().iter().map(|i| i.reviews.len()).collect();
        // The 2nd and 4th reviews were on the same day as the one before: not targets.
        assert_eq!(lens, vec![3, 5]);
    }

    #[test]
    fn a_first_review_always_counts_from_day_zero() {
        let mut set = TrainingSet::default();
        set.add_history(&daily(3));
        assert!(set.into_items().iter().all(|i| i.reviews[0].delta_t == 0));
    }

    #[test]
    fn long_histories_stop_at_the_longest_sequence() {
        let mut set = TrainingSet::default();
        set.add_history(&daily(1_000));
        let items = set.into_items();
        assert_eq!(items.len(), MAX_PREFIX_REVIEWS - 1);
        assert_eq!(items.iter().map(|i| i.reviews.len()).max(), Some(MAX_PREFIX_REVIEWS));
    }

    #[test]
    fn the_set_is_capped_by_a_uniform_repeatable_sample() {
        // 500 short histories (2 sequences each) first, then 500 long ones (20 each).
        let sample = || {
            let mut set = TrainingSet::with_cap(100);
            (0..1_000).for_each(|i| set.add_history(&daily(if i < 500 { 3 } else { 21 })));
            (set.usable(), set.into_items())
        };
        let (usable, items) = sample();
        assert_eq!((usable, items.len()), (11_000, 100));
        assert_eq!(items, sample().1, "the same history gives the same set");
        // Uniform over all 11,000: ~91% of the sample from the long histories (mean length
        // ~10.7), where keeping the first 100 would hold only short ones (mean 2.5).
        let mean = items.iter().map(|i| i.reviews.len() as f64).sum::<f64>() / 100.0;
        assert!((9.0..12.5).contains(&mean), "{mean}");
    }
}
