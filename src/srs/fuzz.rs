//! Interval fuzz as Anki applies it (`rslib/src/scheduler/states/fuzz.rs`): a review interval of
//! 2.5 days or more lands anywhere in a range that widens with the interval, so items answered
//! together drift apart instead of coming due together forever. The draw is seeded, never random:
//! the preview on the rating buttons and the rating itself see the same figure.

/// Where a review's fuzz comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fuzz {
    /// The scheduler's own figures (the reference tables are compared this way).
    Off,
    /// A number stable per item; each review of the item draws afresh from it and the item's
    /// review count, as Anki seeds from card id + reps.
    Seed(u64),
}

impl Fuzz {
    /// Seeded from an item's identity (e.g. exam, kind, item id), the same on every run and build.
    pub fn item(identity: &[&str]) -> Fuzz {
        // FNV-1a, with a byte UTF-8 never uses between the parts so ["ab", "c"] ≠ ["a", "bc"].
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for part in identity {
            for &b in part.as_bytes().iter().chain(&[0xff]) {
                h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
        }
        Fuzz::Seed(h)
    }

    /// The draw in [0, 1) for a card with `reps` reviews so far (SplitMix64 of seed + reps).
    pub(super) fn factor(self, reps: u32) -> Option<f64> {
        let Fuzz::Seed(seed) = self else { return None };
        let mut z = seed.wrapping_add(u64::from(reps)).wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        Some((z >> 11) as f64 / (1u64 << 53) as f64)
    }
}

/// Days per fuzz range and how much of each day adds to the spread either way (Anki's table).
const RANGES: [(f32, f32, f32); 3] = [(2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, f32::MAX, 0.05)];

/// `interval` (days) as whole days within `minimum..=maximum`: rounded, or with a draw, spread
/// over the fuzz range (Anki's `with_review_fuzz`). `maximum` wins over `minimum`.
pub(super) fn whole_days(interval: f32, minimum: u32, maximum: u32, draw: Option<f64>) -> u32 {
    let maximum = maximum.max(1);
    let minimum = minimum.clamp(1, maximum);
    let Some(draw) = draw else { return rounded(interval).clamp(minimum, maximum) };
    let (lower, upper) = bounds(interval, minimum, maximum);
    let offset = (draw * f64::from(upper - lower + 1)) as u32;
    lower + offset.min(upper - lower)
}

/// The fuzz range, kept inside the limits and at least two days wide where they allow it.
fn bounds(interval: f32, minimum: u32, maximum: u32) -> (u32, u32) {
    let interval = interval.clamp(minimum as f32, maximum as f32);
    let delta = spread(interval);
    let lower = rounded(interval - delta).clamp(minimum, maximum);
    let upper = rounded(interval + delta).clamp(minimum, maximum);
    if upper == lower && upper > 2 && upper < maximum { (lower, upper + 1) } else { (lower, upper) }
}

/// Days of fuzz either way: none below 2.5 days, then one day plus a share of each range.
fn spread(interval: f32) -> f32 {
    if interval < 2.5 {
        return 0.0;
    }
    RANGES.iter().fold(1.0, |d, &(start, end, factor)| d + factor * (interval.min(end) - start).max(0.0))
}

/// Rounded to whole days; NaN and negatives become 0 (the caller's minimum then applies).
fn rounded(days: f32) -> u32 {
    days.round() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Anki's own cases (`fuzz.rs` tests): the lowest, middle and highest draw for an interval.
    #[test]
    fn ranges_match_ankis() {
        let spread = |iv: f32, min: u32, max: u32| [0.0, 0.5, 0.99].map(|f| whole_days(iv, min, max, Some(f)));
        assert_eq!(spread(1.0, 1, 1000), [1, 1, 1]);
        assert_eq!(spread(2.49, 1, 1000), [2, 2, 2]);
        assert_eq!(spread(2.5, 1, 1000), [2, 3, 4]);
        assert_eq!(spread(7.0, 1, 1000), [5, 7, 9]);
        assert_eq!(spread(17.0, 1, 1000), [14, 17, 20]);
        assert_eq!(spread(37.0, 1, 1000), [33, 37, 41]);
        assert_eq!(spread(365.0, 1, 36_500), [345, 365, 385]);
        assert_eq!(spread(2.0, 3, 1000), [3, 4, 4]);
        assert_eq!(spread(2.0, 3, 3), [3, 3, 3]);
        assert_eq!(spread(20.1, 3, 1000), [17, 20, 23]);
        assert_eq!(spread(100.0, 101, 1000), [101, 105, 108]);
        assert_eq!(spread(100.0, 1, 99), [92, 96, 99]);
        assert_eq!(spread(100.0, 97, 103), [97, 100, 103]);
    }

    #[test]
    fn without_a_draw_intervals_round_within_the_limits() {
        assert_eq!(whole_days(1.5, 1, 100, None), 2);
        assert_eq!(whole_days(0.1, 1, 100, None), 1);
        assert_eq!(whole_days(101.0, 1, 100, None), 100);
        assert_eq!(whole_days(f32::NAN, 1, 100, None), 1);
        assert_eq!(whole_days(5.0, 200, 100, Some(0.3)), 100, "the cap wins over a minimum above it");
        assert_eq!(whole_days(f32::INFINITY, 1, 100, Some(0.9)), 100);
    }

    #[test]
    fn draws_are_stable_per_item_and_review_and_differ_across_them() {
        let a = Fuzz::item(&["exam", "flashcard", "a"]);
        assert_eq!(a, Fuzz::item(&["exam", "flashcard", "a"]));
        assert_ne!(a, Fuzz::item(&["exam", "flashcard", "b"]));
        assert_ne!(Fuzz::item(&["ab", "c"]), Fuzz::item(&["a", "bc"]));
        assert_eq!(a.factor(3), a.factor(3));
        assert_ne!(a.factor(3), a.factor(4));
        assert_eq!(Fuzz::Off.factor(3), None);
        let draws: Vec<f64> = (0..1_000).map(|i| Fuzz::item(&[&i.to_string()]).factor(0).unwrap()).collect();
        assert!(draws.iter().all(|f| (0.0..1.0).contains(f)));
        let low = draws.iter().filter(|&&f| f < 0.5).count();
        assert!((400..600).contains(&low), "draws spread over [0, 1): {low} of 1000 below 0.5");
    }
}
