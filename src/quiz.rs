//! Quiz sessions: which questions to ask (by mode), choices in a random order, answers, flags,
//! and the result on the exam's own scale. Pure: the caller records each answer in the store
//! before showing its feedback.

use rand::Rng;
use rand::seq::SliceRandom;
use serde::Serialize;

use crate::srs::{CardState, Scheduler};
use crate::syllabus::{Format, PassMark, Question, Syllabus};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Feedback after each answer.
    Practice,
    /// The exam's length and time limit, questions drawn by domain weight, feedback at the end.
    Exam,
    /// A few questions, due and weakest first.
    Quick,
    /// One domain.
    Drill,
    /// Questions last answered wrong.
    Missed,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Practice => "practice",
            Mode::Exam => "exam",
            Mode::Quick => "quick",
            Mode::Drill => "drill",
            Mode::Missed => "missed",
        }
    }

    /// How many questions a session of this mode has unless the learner says otherwise (the
    /// app and the CLI both use it; an exam simulation is always the exam's length).
    pub fn default_size(self) -> usize {
        match self {
            Mode::Quick => 5,
            Mode::Practice | Mode::Drill => 10,
            Mode::Missed => 20,
            Mode::Exam => 0,
        }
    }
}

/// What the learner has done with one question, for choosing what to ask.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct QuestionHistory {
    pub attempts: u32,
    pub correct: u32,
    /// Whether the latest answer was wrong.
    pub last_wrong: bool,
    pub card: Option<CardState>,
}

/// How many questions an exam simulation asks: the published count, or the low end of a range.
pub fn exam_length(s: &Syllabus) -> usize {
    (s.exam.question_count.0 as usize).min(s.questions.len())
}

/// Questions for an exam simulation: `n` spread over domains by weight (largest remainder),
/// random within each domain, no repeats; shortfalls in a small domain go to the others.
pub fn draw_exam(s: &Syllabus, n: usize, rng: &mut impl Rng) -> Vec<usize> {
    let mut pools: Vec<Vec<usize>> = vec![Vec::new(); s.domains.len()];
    for (i, q) in s.questions.iter().enumerate() {
        pools[s.topic_domain(q.topic)].push(i);
    }
    for p in &mut pools {
        p.shuffle(rng);
    }
    let quotas = allocate(&s.normalised_weights(), &pools.iter().map(Vec::len).collect::<Vec<_>>(), n);
    let mut picked: Vec<usize> = pools.iter().zip(quotas).flat_map(|(p, k)| p[..k].iter().copied()).collect();
    picked.shuffle(rng);
    picked
}

/// Split `n` by `weights` with the largest-remainder method, never more than `caps[i]`.
fn allocate(weights: &[f64], caps: &[usize], n: usize) -> Vec<usize> {
    let n = n.min(caps.iter().sum());
    let exact: Vec<f64> = weights.iter().map(|w| w * n as f64).collect();
    let mut quota: Vec<usize> = exact.iter().zip(caps).map(|(e, &c)| (e.floor() as usize).min(c)).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    if order.is_empty() {
        return quota;
    }
    order.sort_by(|&a, &b| (exact[b] - exact[b].floor()).total_cmp(&(exact[a] - exact[a].floor())));
    // Hand out what is left by largest remainder, cycling so a capped domain is skipped.
    let mut left = n - quota.iter().sum::<usize>();
    for &d in order.iter().cycle().take(order.len() * (left + 1)) {
        if left == 0 {
            break;
        }
        if quota[d] < caps[d] {
            quota[d] += 1;
            left -= 1;
        }
    }
    quota
}

/// Quick quiz: due questions first (lowest recall), then the ones last answered wrong, then the
/// least accurate, then unseen, with random order among equals.
pub fn draw_quick(
    history: &[QuestionHistory],
    sched: &Scheduler,
    now: i64,
    n: usize,
    rng: &mut impl Rng,
) -> Vec<usize> {
    let mut ranked: Vec<(u8, f32, usize)> = history
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let recall = h.card.and_then(|c| sched.retrievability(&c, now));
            let due = h.card.is_some_and(|c| !c.suspended && c.due <= now);
            let accuracy = if h.attempts == 0 { 1.0 } else { h.correct as f32 / h.attempts as f32 };
            let (tier, key) = match () {
                _ if due => (0, recall.unwrap_or(0.0)),
                _ if h.last_wrong => (1, accuracy),
                _ if h.attempts > 0 && accuracy < 0.8 => (2, accuracy),
                _ if h.attempts == 0 => (3, 0.0),
                _ => (4, recall.unwrap_or(accuracy)),
            };
            (tier, key, i)
        })
        .collect();
    ranked.shuffle(rng);
    ranked.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    ranked.into_iter().take(n).map(|(_, _, i)| i).collect()
}

/// The share of every practice session kept for questions never answered, so coverage grows
/// instead of the same weak questions coming round until they are remembered.
const PRACTICE_UNSEEN_SHARE: f64 = 0.3;

/// Practice: about a third unseen questions (at random), the rest as a quick quiz ranks them
/// (due, missed, weakest), shuffled together; a quick quiz's draw when all have been seen.
pub fn draw_practice(
    history: &[QuestionHistory],
    sched: &Scheduler,
    now: i64,
    n: usize,
    rng: &mut impl Rng,
) -> Vec<usize> {
    let mut picks: Vec<usize> = (0..history.len()).filter(|&i| history[i].attempts == 0).collect();
    picks.shuffle(rng);
    picks.truncate((n as f64 * PRACTICE_UNSEEN_SHARE).ceil() as usize);
    let reserved = picks.len();
    if reserved == 0 {
        return draw_quick(history, sched, now, n, rng);
    }
    let rest: Vec<usize> = draw_quick(history, sched, now, n + reserved, rng)
        .into_iter()
        .filter(|i| !picks[..reserved].contains(i))
        .take(n - reserved)
        .collect();
    picks.extend(rest);
    picks.shuffle(rng);
    picks
}

/// A domain drill: the domain's questions in random order, at most `n`.
pub fn draw_domain(s: &Syllabus, domain: usize, n: usize, rng: &mut impl Rng) -> Vec<usize> {
    let mut qs: Vec<usize> =
        (0..s.questions.len()).filter(|&i| s.topic_domain(s.questions[i].topic) == domain).collect();
    qs.shuffle(rng);
    qs.truncate(n);
    qs
}

/// Missed questions: those whose latest answer was wrong, in random order, at most `n`.
pub fn draw_missed(history: &[QuestionHistory], n: usize, rng: &mut impl Rng) -> Vec<usize> {
    let mut qs: Vec<usize> = (0..history.len()).filter(|&i| history[i].last_wrong).collect();
    qs.shuffle(rng);
    qs.truncate(n);
    qs
}

/// One question as asked: which syllabus question, and its choices in display order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Asked {
    pub question: usize,
    /// `order[k]` is the syllabus index of the choice shown at position k.
    pub order: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answer {
    /// Syllabus choice indices picked, ascending (for ordering, in the order given).
    pub chosen: Vec<usize>,
    pub correct: bool,
    pub seconds: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Session {
    pub mode: Mode,
    pub exam_id: String,
    pub asked: Vec<Asked>,
    pub answers: Vec<Option<Answer>>,
    pub flagged: Vec<bool>,
    pub current: usize,
    pub started_at: i64,
    pub time_limit_secs: Option<i64>,
}

impl Session {
    /// A session over `questions` (syllabus indices), each with its choices shuffled.
    pub fn new(mode: Mode, s: &Syllabus, questions: Vec<usize>, started_at: i64, rng: &mut impl Rng) -> Session {
        let asked: Vec<Asked> = questions
            .into_iter()
            .map(|q| {
                let mut order: Vec<usize> = (0..s.questions[q].choices.len()).collect();
                // A yes/no series is read in order (its statements often build on each other);
                // choices and steps are shuffled.
                if s.questions[q].format != Format::YesNo {
                    order.shuffle(rng);
                }
                Asked { question: q, order }
            })
            .collect();
        let n = asked.len();
        let time_limit_secs = (mode == Mode::Exam).then_some(i64::from(s.exam.duration_minutes) * 60);
        Session {
            mode,
            exam_id: s.exam.id.clone(),
            asked,
            answers: vec![None; n],
            flagged: vec![false; n],
            current: 0,
            started_at,
            time_limit_secs,
        }
    }

    pub fn len(&self) -> usize {
        self.asked.len()
    }

    pub fn is_empty(&self) -> bool {
        self.asked.is_empty()
    }

    /// Answer the current question with display positions (0 = A); returns the answer, with
    /// choices mapped back to the syllabus's order. `None` when a position is out of range.
    pub fn answer(&mut self, s: &Syllabus, shown: &[usize], seconds: f64) -> Option<Answer> {
        let asked = self.asked.get(self.current)?;
        let mut chosen: Vec<usize> = shown.iter().map(|&k| asked.order.get(k).copied()).collect::<Option<_>>()?;
        let q = &s.questions[asked.question];
        // An ordering's answer is the sequence as given; the other formats' a set.
        if q.format != Format::Ordering {
            chosen.sort_unstable();
            chosen.dedup();
        }
        let correct = q.is_right(&chosen);
        let answer = Answer { chosen, correct, seconds: seconds.max(0.0) };
        self.answers[self.current] = Some(answer.clone());
        Some(answer)
    }

    /// Display positions of the correct choices of question `k` (for feedback).
    pub fn correct_positions(&self, s: &Syllabus, k: usize) -> Vec<usize> {
        let asked = &self.asked[k];
        let answer = &s.questions[asked.question].answer;
        (0..asked.order.len()).filter(|&p| answer.contains(&asked.order[p])).collect()
    }

    pub fn toggle_flag(&mut self) {
        if let Some(f) = self.flagged.get_mut(self.current) {
            *f = !*f;
        }
    }

    /// Move to question `k` (exam simulations allow revisiting).
    pub fn goto(&mut self, k: usize) {
        self.current = k.min(self.len().saturating_sub(1));
    }

    pub fn answered(&self) -> usize {
        self.answers.iter().filter(|a| a.is_some()).count()
    }

    pub fn time_left(&self, now: i64) -> Option<i64> {
        self.time_limit_secs.map(|l| (self.started_at + l - now).max(0))
    }

    /// The score, overall and per domain; unanswered questions count as wrong (as on the exam).
    pub fn result(&self, s: &Syllabus) -> QuizResult {
        self.tally(s, false)
    }

    /// The score over the answered questions only: a practice session stopped early, whose
    /// other questions were never asked, so are neither right nor wrong.
    pub fn answered_result(&self, s: &Syllabus) -> QuizResult {
        self.tally(s, true)
    }

    fn tally(&self, s: &Syllabus, answered_only: bool) -> QuizResult {
        let mut per_domain = vec![(0u32, 0u32); s.domains.len()];
        for (asked, answer) in self.asked.iter().zip(&self.answers) {
            if answered_only && answer.is_none() {
                continue;
            }
            let d = s.topic_domain(s.questions[asked.question].topic);
            per_domain[d].1 += 1;
            per_domain[d].0 += u32::from(answer.as_ref().is_some_and(|a| a.correct));
        }
        let correct: u32 = per_domain.iter().map(|d| d.0).sum();
        let total: u32 = per_domain.iter().map(|d| d.1).sum();
        let fraction = if total == 0 { 0.0 } else { f64::from(correct) / f64::from(total) };
        let (scaled, passed) = match s.exam.pass_mark {
            PassMark::Scaled { pass, scale_min, scale_max } => {
                let score = scale_min + (fraction * f64::from(scale_max - scale_min)).round() as u32;
                (Some(score), Some(score >= pass))
            }
            PassMark::NotPublished => (None, None),
        };
        QuizResult { correct, total, fraction, scaled, passed, per_domain }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuizResult {
    pub correct: u32,
    pub total: u32,
    pub fraction: f64,
    /// The score on the exam's scale (a linear mapping of the share correct), if it has one.
    pub scaled: Option<u32>,
    /// Against the published pass mark, if there is one.
    pub passed: Option<bool>,
    /// (correct, asked) per domain, in domain order.
    pub per_domain: Vec<(u32, u32)>,
}

/// The order a question's choices are shown in outside a quiz (reviews, exports): as written,
/// but an ordering item's steps, which are written in the right order, in a fixed scramble.
pub fn review_order(q: &Question) -> Vec<usize> {
    let n = q.choices.len();
    match q.format {
        // Reversed, then the first moved to the end: never the right order for 3+ steps.
        Format::Ordering => {
            let mut v: Vec<usize> = (0..n).rev().collect();
            v.rotate_left(1);
            v
        }
        Format::Choice | Format::YesNo => (0..n).collect(),
    }
}

/// The answer as a line, for choices shown in `shown` order: "Answer: B, D"; "Answer: A yes,
/// B no"; "Order: C, A, B".
pub fn answer_text(q: &Question, shown: &[usize]) -> String {
    let at = |c: usize| letter(shown.iter().position(|&x| x == c).unwrap_or(c));
    match q.format {
        Format::Choice => {
            let mut letters: Vec<char> = q.answer.iter().map(|&a| at(a)).collect();
            letters.sort_unstable();
            format!("Answer: {}", letters.iter().map(char::to_string).collect::<Vec<_>>().join(", "))
        }
        Format::YesNo => {
            let each: Vec<String> = shown
                .iter()
                .enumerate()
                .map(|(p, c)| format!("{} {}", letter(p), if q.answer.contains(c) { "yes" } else { "no" }))
                .collect();
            format!("Answer: {}", each.join(", "))
        }
        Format::Ordering => {
            format!("Order: {}", q.answer.iter().map(|&c| at(c).to_string()).collect::<Vec<_>>().join(", "))
        }
    }
}

/// Letters for display positions: 0 → 'A'.
pub fn letter(position: usize) -> char {
    (b'A' + position.min(25) as u8) as char
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand::rngs::SmallRng;

    use super::*;
    use crate::srs::{DAY, Phase};

    fn sample() -> Syllabus {
        crate::syllabus::check("s.toml", include_str!("../assets/sample-syllabus.toml")).syllabus.unwrap()
    }

    fn rng() -> SmallRng {
        SmallRng::seed_from_u64(7)
    }

    #[test]
    fn an_ordering_outside_a_quiz_is_never_shown_in_its_right_order() {
        for n in 3..=6 {
            let q = Question {
                id: "q".into(),
                topic: 0,
                difficulty: None,
                format: Format::Ordering,
                case: None,
                stem: "s".into(),
                choices: (0..n).map(|i| i.to_string()).collect(),
                answer: (0..n).collect(),
                explanation: "e".into(),
            };
            let shown = review_order(&q);
            assert_ne!(shown, q.answer, "{n} steps");
            let order = answer_text(&q, &shown);
            let letters: Vec<usize> =
                order.trim_start_matches("Order: ").split(", ").map(|l| (l.as_bytes()[0] - b'A') as usize).collect();
            assert_eq!(letters.iter().map(|&p| shown[p]).collect::<Vec<_>>(), q.answer, "the stated order is right");
        }
    }

    #[test]
    fn allocation_follows_weights_and_caps() {
        assert_eq!(allocate(&[0.3, 0.26, 0.24, 0.2], &[99; 4], 65), vec![19, 17, 16, 13]);
        assert_eq!(allocate(&[0.5, 0.5], &[3, 99], 10), vec![3, 7], "a short domain's shortfall moves");
        assert_eq!(allocate(&[0.5, 0.5], &[2, 2], 10), vec![2, 2], "never more than exists");
    }

    #[test]
    fn exam_draw_has_no_repeats_and_keeps_the_spread() {
        let s = sample();
        let drawn = draw_exam(&s, 2, &mut rng());
        let mut sorted = drawn.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, vec![0, 1]);
    }

    #[test]
    fn answers_map_shuffled_positions_back_to_the_syllabus() {
        let s = sample();
        let mut session = Session::new(Mode::Practice, &s, vec![1], 0, &mut rng());
        let right = session.correct_positions(&s, 0);
        assert_eq!(right.len(), 2, "q-private-networks-1 has two answers");
        let wrong: Vec<usize> = (0..4).filter(|p| !right.contains(p)).take(1).chain([right[0]]).collect();
        assert!(!session.answer(&s, &wrong, 3.0).unwrap().correct);
        let a = session.answer(&s, &right, 4.0).unwrap();
        assert!(a.correct);
        assert_eq!(a.chosen, vec![0, 1], "recorded in syllabus order");
        assert_eq!(session.answer(&s, &[9], 1.0), None, "no such choice");
    }

    #[test]
    fn results_count_unanswered_as_wrong_and_use_the_scale() {
        let s = sample();
        let mut session = Session::new(Mode::Exam, &s, vec![0, 1], 100, &mut rng());
        assert_eq!(session.time_left(100 + 600), Some(60 * 60 - 600));
        let right = session.correct_positions(&s, 0);
        session.answer(&s, &right, 5.0);
        let r = session.result(&s);
        assert_eq!((r.correct, r.total), (1, 2));
        assert_eq!(r.scaled, Some(100 + 450), "half of 100–1000");
        assert_eq!(r.passed, Some(false));
        assert_eq!(r.per_domain.iter().map(|d| d.1).sum::<u32>(), 2);
    }

    #[test]
    fn quick_draw_puts_due_then_missed_then_unseen() {
        let sched = Scheduler::default_params();
        let now = 1_790_000_000;
        let due = CardState {
            phase: Phase::Review,
            stability: Some(3.0),
            difficulty: Some(5.0),
            due: now - DAY,
            last_review: Some(now - 4 * DAY),
            ..CardState::new(now)
        };
        let history = vec![
            QuestionHistory { attempts: 3, correct: 3, ..Default::default() },
            QuestionHistory::default(),
            QuestionHistory { attempts: 2, correct: 1, last_wrong: true, ..Default::default() },
            QuestionHistory { attempts: 1, correct: 1, card: Some(due), ..Default::default() },
        ];
        assert_eq!(draw_quick(&history, &sched, now, 3, &mut rng()), vec![3, 2, 1]);
        assert_eq!(draw_missed(&history, 5, &mut rng()), vec![2]);
    }

    #[test]
    fn practice_keeps_a_share_for_unseen_questions() {
        let sched = Scheduler::default_params();
        // 30 questions answered wrong last (what a quick quiz asks first), 30 never answered.
        let mut history = vec![QuestionHistory { attempts: 2, correct: 0, last_wrong: true, ..Default::default() }; 30];
        history.extend(vec![QuestionHistory::default(); 30]);
        let picks = draw_practice(&history, &sched, 0, 10, &mut rng());
        let unseen = picks.iter().filter(|&&i| i >= 30).count();
        assert_eq!((picks.len(), unseen), (10, 3), "{picks:?}");
        assert_eq!(draw_quick(&history, &sched, 0, 10, &mut rng()).iter().filter(|&&i| i >= 30).count(), 0);
        let mut sorted = picks.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 10, "no repeats");
        let few = draw_practice(&history[28..32], &sched, 0, 10, &mut rng());
        assert_eq!(few.len(), 4, "never more than there are");
    }
}
