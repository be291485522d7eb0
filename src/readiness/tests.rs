//! The model's rules, one learner at a time. Calibration over a population is tested in
//! tests/calibration.rs with the learner simulator.

use proptest::prelude::*;

use super::*;
use crate::srs::{Fuzz, Rating, Scheduler};

const NOW: i64 = 1_790_000_000;

/// Two domains of 20 questions each over four topics (topic t in domain t % 2).
fn outline() -> Outline {
    let text = crate::syllabus::synthetic::syllabus("t", 2, 4, 40);
    Outline::of(&crate::syllabus::check("t.toml", &text).syllabus.unwrap())
}

/// Questions of domain `d`: q with (q % 4) % 2 == d.
fn in_domain(d: usize) -> impl Iterator<Item = usize> {
    (0..40).filter(move |q| (q % 4) % 2 == d)
}

#[derive(Default, Clone)]
struct Learner {
    answers: Vec<(usize, bool, i64)>,
    cards: Vec<(Item, CardState)>,
    progress: Vec<(usize, Status, Option<Light>)>,
}

impl Learner {
    /// `n` distinct questions of domain `d`, the first `right` of them right, at `at`.
    fn answers(mut self, d: usize, n: usize, right: usize, at: i64) -> Self {
        self.answers.extend(in_domain(d).take(n).enumerate().map(|(i, q)| (q, i < right, at)));
        self
    }

    fn assess(&self, s: &Outline, exam_at: Option<i64>) -> Readiness {
        assess(&Inputs {
            outline: s,
            answers: &answer_stats(&self.answers),
            cards: &self.cards,
            progress: &self.progress,
            now: NOW,
            exam_at,
            new_per_day: 20,
        })
    }
}

#[test]
fn no_evidence_is_a_wide_guess_and_never_ready() {
    let s = outline();
    let r = Learner::default().assess(&s, None);
    assert!(!r.on_track);
    assert_eq!(r.light, Light::Red);
    let (p, low, high) = r.predicted.unwrap();
    assert!(high - low > 300, "honestly wide: {p} ({low}–{high})");
    assert!(p > 400 && p < 600, "not pinned at chance: {p}");
    assert_eq!(r.needed, Some((20, vec![0, 1])), "ten distinct questions in each domain");
    assert_eq!(r.advice(&s).as_deref(), Some("answer about 20 more questions across d0 and d1"));
    let one = Learner::default().answers(0, 10, 5, NOW).answers(1, 9, 5, NOW).assess(&s, None);
    assert_eq!(one.advice(&s).as_deref(), Some("answer about 1 more question in d1"));
    assert_eq!(r.evidence, EvidenceCount { answers: 0, distinct_questions: 0 });
    assert_eq!(r.band_coverage, 0.8);
}

#[test]
fn knowing_domain_a_and_not_b_shows_a_high_and_b_low() {
    let s = outline();
    let r = Learner::default().answers(0, 20, 19, NOW).answers(1, 20, 5, NOW).assess(&s, None);
    let (a, b) = (&r.domains[0], &r.domains[1]);
    assert!(a.readiness > 0.75 && b.readiness < 0.45, "a {} b {}", a.readiness, b.readiness);
    assert_eq!(b.light, Light::Red);
    assert_ne!(a.light, Light::Red);
    assert_eq!((a.quiz_attempts, a.distinct_questions, a.quiz_accuracy), (20, 20, Some(0.95)));
    assert!(!r.on_track, "one weak domain is enough to be off track");
    assert_eq!(r.needed, None);
}

#[test]
fn a_strong_learner_everywhere_is_on_track() {
    let s = outline();
    let r = Learner::default().answers(0, 20, 20, NOW).answers(1, 20, 19, NOW).assess(&s, None);
    assert!(r.on_track && r.light == Light::Green);
    let (score, low, high) = r.predicted.unwrap();
    assert!(low < score && score < high && score > 800, "{score} in [{low}, {high}]");
}

#[test]
fn more_distinct_questions_narrow_the_band_but_not_below_sitting_noise() {
    let s = outline();
    let width = |n: usize| {
        let r = Learner::default().answers(0, n, n * 4 / 5, NOW).answers(1, n, n * 4 / 5, NOW).assess(&s, None);
        r.high - r.low
    };
    let (few, many) = (width(5), width(20));
    assert!(few > many, "{few} > {many}");
    // 65 questions, 50 scored: a sitting alone spreads an 80% score by ±1.28·sqrt(.16/50).
    assert!(many > 2.0 * 1.2816 * (0.16f64 / 50.0).sqrt(), "{many}");
}

#[test]
fn repeating_the_same_questions_is_not_fresh_evidence() {
    let s = outline();
    let once = Learner::default().answers(0, 5, 5, NOW);
    let mut repeated = once.clone();
    for _ in 0..20 {
        repeated = repeated.answers(0, 5, 5, NOW);
    }
    let (a, b) = (once.assess(&s, None), repeated.assess(&s, None));
    assert_eq!(b.domains[0].distinct_questions, 5);
    assert!(b.domains[0].evidence <= 5.0 * (1.0 + REPEAT_CAP) + 1e-9, "{}", b.domains[0].evidence);
    assert!(b.readiness - a.readiness < 0.02, "memorised answers add little: {} vs {}", b.readiness, a.readiness);
    assert_ne!(b.domains[0].light, Light::Green, "five questions, however often, are not enough");
}

#[test]
fn a_later_exam_reads_lower_and_wider() {
    let s = outline();
    let l = Learner::default().answers(0, 20, 18, NOW).answers(1, 20, 18, NOW);
    let (soon, late) = (l.assess(&s, Some(NOW + 7 * DAY)), l.assess(&s, Some(NOW + 97 * DAY)));
    assert!(soon.readiness - late.readiness > 0.05, "{} vs {}", soon.readiness, late.readiness);
    assert!(late.high - late.low > soon.high - soon.low);
}

#[test]
fn weak_learners_decline_with_time_too() {
    let s = outline();
    let l = Learner::default().answers(0, 20, 8, NOW).answers(1, 20, 8, NOW);
    let (soon, late) = (l.assess(&s, Some(NOW + DAY)), l.assess(&s, Some(NOW + 200 * DAY)));
    assert!(late.readiness < soon.readiness, "{} < {}", late.readiness, soon.readiness);
}

#[test]
fn untouched_domains_follow_the_learner_not_chance() {
    let s = outline();
    let strong = Learner::default().answers(0, 20, 19, NOW).assess(&s, None);
    let weak = Learner::default().answers(0, 20, 6, NOW).assess(&s, None);
    let (a, b) = (&strong.domains[1], &weak.domains[1]);
    assert!(a.readiness > b.readiness + 0.1, "{} vs {}", a.readiness, b.readiness);
    assert!(a.readiness > GUESS + 0.15 && a.sd > 0.1, "{} ± {}", a.readiness, a.sd);
    assert_eq!(a.light, Light::Red, "a domain never answered is not shown");
}

/// Flashcards reviewed `n` times each, all rated Good, on every topic.
fn always_good(s: &Outline, n: usize) -> Vec<(Item, CardState)> {
    let sched = Scheduler::default_params();
    (0..s.flashcards.len())
        .map(|f| {
            let mut card = CardState::new(NOW - 60 * DAY);
            for _ in 0..n {
                let at = card.due.min(NOW);
                card = sched.review(&card, Rating::Good, at, Fuzz::Off).0;
            }
            (Item::Flashcard(f), card)
        })
        .collect()
}

#[test]
fn self_graded_reviews_never_count_as_answers() {
    let s = outline();
    let l = Learner { cards: always_good(&s, 10), ..Default::default() };
    let r = l.assess(&s, None);
    assert_eq!(r.light, Light::Red);
    assert!(r.domains.iter().all(|d| d.evidence == 0.0 && d.coverage == 1.0));
    assert!(r.readiness <= PRIOR_MEAN + 1e-9, "reviews show study, not skill: {}", r.readiness);
    let (_, low, high) = r.predicted.unwrap();
    assert!(high - low > 300, "still a guess: {low}–{high}");
    assert!(r.needed.is_some());
}

#[test]
fn a_wrong_answer_s_question_card_shows_nothing() {
    let s = outline();
    let sched = Scheduler::default_params();
    let base = Learner::default().answers(0, 10, 10, NOW);
    let mut wrong = base.clone();
    wrong.answers.push((1, false, NOW)); // q1 is in domain 1
    // Recording an answer rates the question's card (Again, for a wrong one).
    wrong.cards = vec![(Item::Question(1), sched.review(&CardState::new(NOW), Rating::Again, NOW, Fuzz::Off).0)];
    let (a, b) = (base.assess(&s, None), wrong.assess(&s, None));
    assert_eq!(b.domains[1].coverage, 0.0);
    assert!(b.readiness <= a.readiness, "{} <= {}", b.readiness, a.readiness);
}

#[test]
fn a_domain_s_own_answers_outweigh_another_domain_s() {
    let s = outline();
    // One wrong answer in d0, one right in d1: d0 must read lower, not higher via d1's level.
    let r = Learner::default().answers(0, 1, 0, NOW).answers(1, 1, 1, NOW).assess(&s, None);
    assert!(r.domains[0].readiness < r.domains[1].readiness, "{} < {}", r.domains[0].readiness, r.domains[1].readiness);
}

#[test]
fn pace_flags_a_learner_who_cannot_see_everything_in_time() {
    let s = outline();
    let r = Learner::default().assess(&s, Some(NOW + 2 * DAY));
    assert_eq!(r.pace.days_left, Some(3));
    assert_eq!((r.pace.topics_left, r.pace.new_items_left), (4, 44));
    assert!(!r.pace.behind, "44 items in 3 days is 15 a day, within 20");
    let late = Learner::default().assess(&s, Some(NOW - 2 * DAY));
    assert!(late.pace.behind, "exam day passed with topics left");
}

#[test]
fn bars_come_from_the_pass_mark() {
    let (b, published) = bar(PassMark::Scaled { pass: 720, scale_min: 100, scale_max: 1000 });
    assert!((b - 620.0 / 900.0).abs() < 1e-12 && published);
    assert_eq!(bar(PassMark::NotPublished), (0.70, false));
}

fn history() -> impl Strategy<Value = Vec<(usize, bool, i64)>> {
    prop::collection::vec((0usize..40, any::<bool>(), 0i64..60), 0..60)
        .prop_map(|v| v.into_iter().map(|(q, c, days)| (q, c, NOW - days * DAY)).collect())
}

fn ratings() -> impl Strategy<Value = Vec<(usize, Status, Option<Light>)>> {
    let light = prop_oneof![Just(None), Just(Some(Light::Red)), Just(Some(Light::Amber)), Just(Some(Light::Green))];
    prop::collection::vec((0usize..4, light), 0..4)
        .prop_map(|v| v.into_iter().map(|(t, c)| (t, Status::Studying, c)).collect())
}

proptest! {
    #[test]
    fn one_more_wrong_answer_never_raises_and_a_right_one_never_lowers(
        answers in history(), q in 0usize..40, exam in prop::option::of(1i64..200),
    ) {
        let s = outline();
        let exam_at = exam.map(|d| NOW + d * DAY);
        let base = Learner { answers: answers.clone(), ..Default::default() }.assess(&s, exam_at).readiness;
        for (right, sign) in [(false, -1.0), (true, 1.0)] {
            let mut more = answers.clone();
            more.push((q, right, NOW));
            let r = Learner { answers: more, ..Default::default() }.assess(&s, exam_at).readiness;
            prop_assert!(sign * (r - base) >= -1e-12, "right {}: {} then {}", right, base, r);
        }
    }

    #[test]
    fn a_red_rating_never_reads_higher_than_none_and_green_never_lower(
        answers in history(), rated in ratings(), topic in 0usize..4,
    ) {
        let s = outline();
        let with = |c: Option<Light>| {
            let mut progress: Vec<_> = rated.iter().copied().filter(|p| p.0 != topic).collect();
            progress.push((topic, Status::Studying, c));
            Learner { answers: answers.clone(), progress, ..Default::default() }.assess(&s, None).readiness
        };
        let (none, red, green) = (with(None), with(Some(Light::Red)), with(Some(Light::Green)));
        prop_assert!(red <= none && none <= green, "red {} none {} green {}", red, none, green);
    }
}
