//! Simulated learners: the model must tell them apart the way a tutor would.

use super::*;
use crate::srs::{Fuzz, Phase, Rating};

const NOW: i64 = 1_790_000_000;

fn sample() -> Outline {
    Outline::of(&crate::syllabus::check("s.toml", include_str!("../../assets/sample-syllabus.toml")).syllabus.unwrap())
}

struct Learner {
    attempts: Vec<(usize, bool, i64)>,
    cards: Vec<(Item, CardState)>,
    progress: Vec<(usize, Status, Option<Light>)>,
}

impl Learner {
    fn new() -> Self {
        Learner { attempts: vec![], cards: vec![], progress: vec![] }
    }

    /// `n` answers to question `q`, `right` of them correct, spread over the days before `at`.
    fn answers(mut self, q: usize, n: usize, right: usize, at: i64) -> Self {
        self.attempts.extend((0..n).map(|i| (q, i < right, at - (i as i64 % 7) * DAY)));
        self
    }

    fn assess(&self, s: &Outline, now: i64, exam_at: Option<i64>) -> Readiness {
        let sched = Scheduler::default_params();
        assess(&Inputs {
            outline: s,
            answers: &answer_stats(&self.attempts),
            cards: &self.cards,
            progress: &self.progress,
            sched: &sched,
            now,
            exam_at,
            new_per_day: 20,
        })
    }
}

#[test]
fn no_evidence_is_never_ready() {
    let s = sample();
    let r = Learner::new().assess(&s, NOW, None);
    assert!(!r.on_track);
    assert_eq!(r.light, Light::Red);
    assert!(r.domains.iter().all(|d| d.light == Light::Red && d.coverage == 0.0));
    assert!((r.readiness - GUESS).abs() < 1e-9, "untouched topics are worth a guess: {}", r.readiness);
    assert!(r.predicted.unwrap().0 < 700);
}

#[test]
fn one_right_answer_of_one_is_not_mastery() {
    let s = sample();
    let r = Learner::new().answers(0, 1, 1, NOW).assess(&s, NOW, None);
    assert!((r.domains[0].mastery - 0.6).abs() < 1e-9, "{}", r.domains[0].mastery);
    assert_ne!(r.domains[0].light, Light::Green);
}

#[test]
fn knowing_domain_a_and_not_b_shows_a_high_and_b_low() {
    let s = sample();
    let r = Learner::new().answers(0, 40, 38, NOW).answers(1, 40, 10, NOW).assess(&s, NOW, None);
    let (a, b) = (&r.domains[0], &r.domains[1]);
    assert!(a.readiness > 0.8 && b.readiness < 0.4, "a {} b {}", a.readiness, b.readiness);
    assert_eq!((a.light, b.light), (Light::Green, Light::Red));
    assert_eq!((a.quiz_attempts, a.quiz_accuracy), (40, Some(0.95)));
    assert!(!r.on_track, "one weak domain is enough to be off track");
    assert!(r.readiness > b.readiness && r.readiness < a.readiness);
}

#[test]
fn a_strong_learner_everywhere_is_on_track() {
    let s = sample();
    let r = Learner::new().answers(0, 40, 37, NOW).answers(1, 40, 37, NOW).assess(&s, NOW, None);
    assert!(r.on_track && r.light == Light::Green);
    let (score, low, high) = r.predicted.unwrap();
    assert!(low < score && score < high && low > 700, "{score} in [{low}, {high}]");
}

#[test]
fn more_evidence_narrows_the_band() {
    let s = sample();
    let width = |n: usize| {
        let r = Learner::new().answers(0, n, n * 4 / 5, NOW).answers(1, n, n * 4 / 5, NOW).assess(&s, NOW, None);
        r.high - r.low
    };
    let (few, many, lots) = (width(5), width(50), width(500));
    assert!(few > many && many > lots, "{few} > {many} > {lots}");
}

#[test]
fn old_answers_count_less_than_recent_ones() {
    let s = sample();
    let recent = Learner::new().answers(0, 30, 30, NOW).assess(&s, NOW, None);
    let stale = Learner::new().answers(0, 30, 30, NOW - 200 * DAY).assess(&s, NOW, None);
    assert!(stale.domains[0].evidence < recent.domains[0].evidence / 10.0);
    assert!(stale.domains[0].mastery < recent.domains[0].mastery);
}

#[test]
fn forgetting_before_a_later_exam_lowers_projected_recall() {
    let s = sample();
    let sched = Scheduler::default_params();
    let mut card = CardState::new(NOW - 3 * DAY);
    for r in [Rating::Good, Rating::Good, Rating::Good] {
        card = sched.review(&card, r, card.due.max(NOW - 3 * DAY), Fuzz::Off).0;
    }
    assert_eq!(card.phase, Phase::Review);
    let mut l = Learner::new();
    l.cards = (0..20).map(|_| (Item::Flashcard(0), card)).collect();
    let soon = l.assess(&s, NOW, Some(NOW + 3 * DAY));
    let late = l.assess(&s, NOW, Some(NOW + 120 * DAY));
    assert!(
        late.domains[0].mastery < soon.domains[0].mastery,
        "{} < {}",
        late.domains[0].mastery,
        soon.domains[0].mastery
    );
}

#[test]
fn self_ratings_and_studied_topics_count_a_little() {
    let s = sample();
    let mut green = Learner::new();
    green.progress = vec![(0, Status::Done, Some(Light::Green))];
    let mut red = Learner::new();
    red.progress = vec![(0, Status::Studying, Some(Light::Red))];
    let (g, r) = (green.assess(&s, NOW, None), red.assess(&s, NOW, None));
    assert_eq!(g.domains[0].coverage, 1.0);
    assert!(g.domains[0].mastery > r.domains[0].mastery);
    assert!(g.domains[0].evidence < 1.0, "a rating alone is weak evidence");
    assert_ne!(g.domains[0].light, Light::Green);
}

#[test]
fn pace_flags_a_learner_who_cannot_see_everything_in_time() {
    let s = sample();
    let r = Learner::new().assess(&s, NOW, Some(NOW + 2 * DAY));
    assert_eq!(r.pace.days_left, Some(3));
    assert_eq!((r.pace.topics_left, r.pace.new_items_left), (2, 3));
    assert!(!r.pace.behind, "3 items in 3 days at 20 a day is fine");
    let late = Learner::new().assess(&s, NOW, Some(NOW - 2 * DAY));
    assert!(late.pace.behind, "exam day passed with topics left");
}

#[test]
fn bars_come_from_the_pass_mark() {
    let (b, published) = bar(PassMark::Scaled { pass: 720, scale_min: 100, scale_max: 1000 });
    assert!((b - 620.0 / 900.0).abs() < 1e-12 && published);
    assert_eq!(bar(PassMark::NotPublished), (0.70, false));
}
