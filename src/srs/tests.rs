use super::*;

const T0: i64 = 1_800_000_000;

fn sched() -> Scheduler {
    Scheduler::default_params()
}

/// Review a fresh card with the given ratings, each at its due time.
fn walk(ratings: &[Rating]) -> CardState {
    let s = sched();
    let mut c = CardState::new(T0);
    for &r in ratings {
        c = s.review(&c, r, c.due, Fuzz::Off).0;
    }
    c
}

#[test]
fn new_card_walks_learning_steps_then_graduates() {
    let s = sched();
    let (c1, r1) = s.review(&CardState::new(T0), Rating::Good, T0, Fuzz::Off);
    assert_eq!((c1.phase, c1.step, r1.scheduled_secs), (Phase::Learning, 1, 600));
    let (c2, r2) = s.review(&c1, Rating::Good, c1.due, Fuzz::Off);
    assert_eq!(c2.phase, Phase::Review);
    assert!(r2.scheduled_secs >= DAY, "graduates to at least a day: {}", r2.scheduled_secs);
    assert_eq!(c2.reps, 2);
}

/// Anki's first-step buttons (`steps.rs` tests, py-fsrs the same): Hard waits halfway between
/// the two steps, not 1.5× the first (90 s, the old rule).
#[test]
fn first_step_hard_is_halfway_to_the_second_step() {
    let [again, hard, good, easy] = sched().preview(&CardState::new(T0), T0, Fuzz::Off);
    assert_eq!((again, hard, good), (60, 330, 600));
    assert!(easy >= DAY, "Easy graduates at once: {easy}");
}

#[test]
fn hard_on_a_later_step_repeats_it() {
    let c = walk(&[Rating::Good]);
    assert_eq!((c.phase, c.step), (Phase::Learning, 1));
    let (after, rec) = sched().review(&c, Rating::Hard, c.due, Fuzz::Off);
    assert_eq!((after.phase, after.step, rec.scheduled_secs), (Phase::Learning, 1, 600), "not 1.5× (15 m)");
}

#[test]
fn relearning_hard_is_half_again_its_only_step() {
    let c = walk(&[Rating::Good, Rating::Good, Rating::Again]);
    assert_eq!((c.phase, c.due - c.last_review.unwrap()), (Phase::Relearning, 600));
    assert_eq!(sched().preview(&c, c.due, Fuzz::Off)[1], 900);
}

/// Good graduates to FSRS's own interval: 2 days after Good, Good (Anki and py-fsrs), not a day
/// more because Hard's figure rounds to the same day.
#[test]
fn good_graduates_to_the_fsrs_interval_whatever_hard_would_be() {
    let c = walk(&[Rating::Good]);
    let [_, hard, good, easy] = sched().preview(&c, c.due, Fuzz::Off);
    assert_eq!((hard, good), (600, 2 * DAY));
    assert!(easy > good);
}

/// At the cap every passing rating stays at the cap instead of being pushed a day past it.
#[test]
fn review_intervals_stop_at_the_cap() {
    let c = review_card(36_000.0, 36_000, T0);
    let cap = i64::from(MAX_INTERVAL_DAYS) * DAY;
    assert_eq!(sched().preview(&c, T0, Fuzz::Off)[1..], [cap, cap, cap]);
    let seeded = sched().preview(&c, T0, Fuzz::item(&["x"]));
    assert!(seeded[1..].iter().all(|&s| s <= cap), "{seeded:?}");
}

#[test]
fn review_intervals_increase_with_the_rating() {
    let c = walk(&[Rating::Good, Rating::Good, Rating::Good]);
    let [again, hard, good, easy] = sched().preview(&c, c.due, Fuzz::Off);
    assert_eq!(again, 600, "a lapse goes to relearning");
    assert!(DAY <= hard && hard < good && good < easy, "{hard} {good} {easy}");
}

#[test]
fn lapses_relearn_and_eight_make_a_leech() {
    let mut s = sched();
    let mut c = walk(&[Rating::Easy]);
    for i in 1..=LEECH_LAPSES {
        c = s.review(&c, Rating::Again, c.due, Fuzz::Off).0;
        assert_eq!((c.phase, c.lapses), (Phase::Relearning, i));
        assert_eq!(c.leech, i >= LEECH_LAPSES);
        c = s.review(&c, Rating::Good, c.due, Fuzz::Off).0;
        assert_eq!(c.phase, Phase::Review);
    }
    assert!(!c.suspended, "leeches are flagged, not suspended, by default");
    s.suspend_leeches = true;
    let c = s.review(&c, Rating::Again, c.due, Fuzz::Off).0;
    assert!(c.leech && c.suspended);
}

#[test]
fn good_reviews_grow_stability_and_recall_fades_with_time() {
    let s = sched();
    let c = walk(&[Rating::Good, Rating::Good, Rating::Good, Rating::Good]);
    let early = walk(&[Rating::Good, Rating::Good]);
    assert!(c.stability > early.stability);
    let r_now = s.retrievability(&c, c.last_review.unwrap()).unwrap();
    let r_later = s.retrievability(&c, c.last_review.unwrap() + 60 * DAY).unwrap();
    assert!(r_now > 0.99 && r_later < r_now, "{r_now} {r_later}");
    assert_eq!(s.retrievability(&CardState::new(T0), T0), None);
}

#[test]
fn answers_map_to_ratings() {
    assert_eq!(Rating::for_answer(false, 5.0, 60.0, false), Rating::Again);
    assert_eq!(Rating::for_answer(true, 5.0, 60.0, false), Rating::Good);
    assert_eq!(Rating::for_answer(true, 90.0, 60.0, false), Rating::Hard);
    assert_eq!(Rating::for_answer(true, 5.0, 60.0, true), Rating::Hard);
    assert_eq!(Rating::from_u8(4), Some(Rating::Easy));
    assert_eq!(Rating::from_u8(0), None);
}

fn review_card(stability: f32, last_days_ago: i64, now: i64) -> CardState {
    CardState {
        phase: Phase::Review,
        step: 0,
        stability: Some(stability),
        difficulty: Some(5.0),
        due: now - DAY,
        last_review: Some(now - last_days_ago * DAY),
        reps: 3,
        lapses: 0,
        suspended: false,
        leech: false,
    }
}

fn item(exam: u16, order: u32, card: Option<CardState>) -> QueueItem {
    QueueItem { exam, order, card }
}

#[test]
fn queue_puts_due_first_weakest_first_then_new_interleaved() {
    let now = T0;
    let items = vec![
        item(0, 0, None),
        item(0, 1, None),
        item(1, 0, None),
        item(0, 5, Some(review_card(30.0, 10, now))), // recall high
        item(0, 6, Some(review_card(2.0, 10, now))),  // recall low
        item(1, 9, Some(CardState { due: now + 5 * DAY, ..review_card(9.0, 1, now) })), // not due
        item(1, 7, Some(CardState { suspended: true, ..review_card(1.0, 10, now) })),
    ];
    let q = build_queue(&sched(), &items, now, now + DAY / 2, Limits::default(), 0, 0);
    assert_eq!(q, vec![4, 3, 0, 2, 1]);
}

#[test]
fn queue_respects_daily_caps_and_what_was_done_today() {
    let now = T0;
    let mut items: Vec<QueueItem> = (0..10).map(|i| item(0, i, None)).collect();
    items.extend((0..10).map(|i| item(0, 100 + i, Some(review_card(1.0 + i as f32, 5, now)))));
    let limits = Limits { new_per_day: 4, reviews_per_day: 6 };
    let q = build_queue(&sched(), &items, now, now + DAY, limits, 1, 2);
    let (reviews, new): (Vec<usize>, Vec<usize>) = q.iter().partition(|&&i| i >= 10);
    assert_eq!(reviews, vec![10, 11, 12, 13], "4 reviews left, lowest stability (recall) first");
    assert_eq!(new, vec![0, 1, 2], "3 new left, in syllabus order");
}

#[test]
fn learning_steps_come_first_in_due_order() {
    let now = T0;
    let learning = |due| CardState { phase: Phase::Learning, due, ..CardState::new(now) };
    let items = vec![
        item(0, 0, Some(review_card(2.0, 3, now))),
        item(0, 1, Some(learning(now - 30))),
        item(0, 2, Some(learning(now - 300))),
        item(0, 3, Some(learning(now + 300))),
    ];
    assert_eq!(build_queue(&sched(), &items, now, now + DAY, Limits::default(), 0, 0), vec![2, 1, 0]);
}

#[test]
fn forecast_counts_due_per_day_with_overdue_today() {
    let start = T0;
    let due = |d: i64| CardState { due: start + d * DAY + 3_600, ..review_card(5.0, 1, start) };
    let cards = vec![due(-3), due(0), due(2), due(2), due(40), CardState::new(start)];
    assert_eq!(forecast(cards, start, 5), vec![2, 0, 2, 0, 0]);
}

#[test]
fn cram_ranks_weakest_at_the_given_time_without_new_items() {
    let now = T0;
    let items =
        vec![item(0, 0, Some(review_card(50.0, 1, now))), item(0, 1, None), item(0, 2, Some(review_card(3.0, 1, now)))];
    assert_eq!(cram(&sched(), &items, now + 20 * DAY), vec![2, 0]);
}

#[test]
fn true_retention_counts_first_review_of_the_day_from_review_phase() {
    let rec = |at: i64, rating, phase_before| ReviewRecord {
        rating,
        reviewed_at: at,
        elapsed_days: 1,
        scheduled_secs: DAY,
        phase_before,
    };
    let log = vec![
        ("a", rec(T0, Rating::Again, Phase::Review)),
        ("a", rec(T0 + 700, Rating::Good, Phase::Relearning)), // same day, not first
        ("b", rec(T0, Rating::Good, Phase::Review)),
        ("c", rec(T0, Rating::Good, Phase::Learning)), // not a review-phase recall
        ("a", rec(T0 + 3 * DAY, Rating::Hard, Phase::Review)),
    ];
    assert_eq!(true_retention(&log, 0), (2, 3));
    let mut days = DailyCounts::new(0);
    log.iter().for_each(|(_, r)| days.add(r.reviewed_at));
    assert_eq!(days.into_history().iter().map(|d| d.reviews).collect::<Vec<_>>(), vec![4, 1]);
}

#[test]
fn card_counts_split_by_state() {
    let now = T0;
    let mature = CardState { due: now + 30 * DAY, last_review: Some(now), ..review_card(40.0, 0, now) };
    let young = CardState { due: now + 3 * DAY, last_review: Some(now), ..review_card(4.0, 0, now) };
    let cards =
        [mature, young, CardState { phase: Phase::Relearning, ..young }, CardState { suspended: true, ..young }];
    assert_eq!(card_counts(&cards, 7), CardCounts { new: 7, learning: 1, young: 1, mature: 1, suspended: 1 });
}

#[test]
fn intervals_read_naturally() {
    assert_eq!(format_interval(45), "45s");
    assert_eq!(format_interval(60), "1m");
    assert_eq!(format_interval(90), "1.5m", "what happens, not a rounded 2m");
    assert_eq!(format_interval(330), "5.5m");
    assert_eq!(format_interval(600), "10m");
    assert_eq!(format_interval(3 * 3_600), "3h");
    assert_eq!(format_interval(5_400), "1.5h");
    assert_eq!(format_interval(4 * DAY), "4d");
    assert_eq!(format_interval(75 * DAY), "2.5mo");
    assert_eq!(format_interval(i64::from(MAX_INTERVAL_DAYS) * DAY), "100y");
}

/// Review `ids` items side by side, the same ratings at the same times, and count their distinct
/// due times at the end.
fn distinct_dues_after_reviewing_together(fuzz: impl Fn(&str) -> Fuzz) -> usize {
    let s = sched();
    let ids: Vec<String> = (0..50).map(|i| format!("fc-{i}")).collect();
    let mut at = T0;
    let mut cards: Vec<CardState> = ids.iter().map(|_| CardState::new(T0)).collect();
    for r in [Rating::Good, Rating::Good, Rating::Good, Rating::Good, Rating::Hard, Rating::Good] {
        for (c, id) in cards.iter_mut().zip(&ids) {
            *c = s.review(c, r, at, fuzz(id)).0;
        }
        at = cards.iter().map(|c| c.due).max().unwrap_or(at);
    }
    cards.iter().map(|c| c.due).collect::<std::collections::HashSet<_>>().len()
}

#[test]
fn fuzz_spreads_items_answered_together() {
    assert_eq!(distinct_dues_after_reviewing_together(|_| Fuzz::Off), 1, "without fuzz they stay together");
    let spread = distinct_dues_after_reviewing_together(|id| Fuzz::item(&["exam", id]));
    assert!(spread >= 10, "50 items answered together come due on {spread} different days");
}

#[test]
fn learning_steps_are_not_fuzzed() {
    let fuzz = Fuzz::item(&["exam", "flashcard", "fc-1"]);
    assert_eq!(sched().preview(&CardState::new(T0), T0, fuzz)[..3], [60, 330, 600]);
    let c = walk(&[Rating::Good, Rating::Good, Rating::Good]);
    assert_eq!(sched().preview(&c, c.due, fuzz)[0], 600);
}

/// Fuzz may spread a grown interval, but never back to the interval the card is on (Anki).
#[test]
fn fuzz_never_takes_a_grown_interval_back() {
    // On a 10-day interval, reviewed early: Hard grows it to 11 days, whose fuzz range is 9-13.
    let last = T0 - 3 * DAY;
    let c = CardState { due: last + 10 * DAY, difficulty: Some(7.0), ..review_card(8.0, 3, T0) };
    assert_eq!(sched().preview(&c, T0, Fuzz::Off)[1], 11 * DAY);
    let hards: Vec<i64> = (0..200).map(|i| sched().preview(&c, T0, Fuzz::Seed(i))[1] / DAY).collect();
    assert!(hards.iter().all(|&h| (11..=13).contains(&h)), "{hards:?}");
    assert!(hards.contains(&13), "and fuzz does move it");
}

/// Extremes a damaged database could hold are scheduled, not a panic.
#[test]
fn extreme_stored_values_never_panic() {
    let s = sched();
    for (last, due) in [(i64::MIN, i64::MAX), (i64::MAX, i64::MIN), (T0, i64::MAX)] {
        let c = CardState { last_review: Some(last), due, reps: u32::MAX, lapses: u32::MAX, ..review_card(5.0, 1, T0) };
        assert!(s.retrievability(&c, T0).is_some());
        for fuzz in [Fuzz::Off, Fuzz::Seed(7)] {
            let [again, hard, good, easy] = s.preview(&c, T0, fuzz);
            assert!(0 < again && again <= hard && hard <= good && good <= easy, "{again} {hard} {good} {easy}");
        }
    }
}

mod properties {
    use proptest::prelude::*;

    use super::*;

    fn phase() -> impl Strategy<Value = Phase> {
        prop_oneof![Just(Phase::New), Just(Phase::Learning), Just(Phase::Review), Just(Phase::Relearning)]
    }

    /// Stability as stored: usually sane, sometimes damaged (the scheduler must not panic).
    fn stability() -> impl Strategy<Value = Option<f32>> {
        prop_oneof![
            8 => (0.001f32..40_000.0).prop_map(Some),
            1 => Just(None),
            1 => prop_oneof![Just(0.0f32), Just(-3.0), Just(f32::NAN), Just(f32::INFINITY)].prop_map(Some),
        ]
    }

    /// A time as stored: usually near now, sometimes anything a damaged database might hold.
    fn time(near: std::ops::Range<i64>) -> impl Strategy<Value = i64> {
        prop_oneof![8 => near.prop_map(|d| T0 - d), 1 => any::<i64>()]
    }

    prop_compose! {
        fn card()(phase in phase(), step in any::<u8>(), stability in stability(), difficulty in 1.0f32..10.0,
                  last in time(0..40_000 * DAY), due in time(-40_000 * DAY..40_000 * DAY),
                  reps in prop_oneof![0u32..50, Just(u32::MAX)], lapses in prop_oneof![0u32..20, Just(u32::MAX)])
                  -> CardState {
            CardState {
                phase, step, stability, difficulty: stability.map(|_| difficulty), due,
                last_review: (phase != Phase::New).then_some(last), reps, lapses, suspended: false, leech: false,
            }
        }
    }

    fn fuzz() -> impl Strategy<Value = Fuzz> {
        prop_oneof![Just(Fuzz::Off), any::<u64>().prop_map(Fuzz::Seed)]
    }

    proptest! {
        #[test]
        fn intervals_stay_between_now_and_the_cap(card in card(), fuzz in fuzz()) {
            let s = sched();
            let _ = s.retrievability(&card, T0); // must not panic either
            for r in Rating::ALL {
                let (after, rec) = s.review(&card, r, T0, fuzz);
                prop_assert!(after.due > T0, "{r:?}: due {} before now", after.due - T0);
                prop_assert!(rec.scheduled_secs <= i64::from(MAX_INTERVAL_DAYS) * DAY);
                prop_assert_eq!(after.due, T0 + rec.scheduled_secs);
            }
        }

        #[test]
        fn the_preview_is_what_the_rating_schedules(card in card(), fuzz in fuzz()) {
            let s = sched();
            let shown = s.preview(&card, T0, fuzz);
            for (r, secs) in Rating::ALL.into_iter().zip(shown) {
                prop_assert_eq!(s.review(&card, r, T0, fuzz).1.scheduled_secs, secs);
            }
        }

        #[test]
        fn review_ratings_are_ordered(card in card(), fuzz in fuzz()) {
            let card = CardState { phase: Phase::Review, ..card };
            let [again, hard, good, easy] = sched().preview(&card, T0, fuzz);
            prop_assert!(again <= hard && hard <= good && good <= easy, "{again} {hard} {good} {easy}");
        }
    }
}
