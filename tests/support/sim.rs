//! Synthetic learners for calibrating readiness. Each has a true ability per topic, studies
//! SAA-C03 through the app's own write paths (a `Tracker` on an in-memory store: quiz sessions
//! drawn by the real selection of each mode, answers recorded, the real review queue rated,
//! topic progress set), and is then read back through `Tracker::overview`, as `status` does.
//! Their exam-day score is drawn from a simulated sitting. Shared by tests/calibration.rs and
//! examples/calibrate.rs (which prints the tables in docs/readiness.md).

use std::sync::Arc;

use certtrack::quiz::{self, Mode, Session};
use certtrack::srs::{DAY, Rating};
use certtrack::store::{ItemKind, ProgressUpdate, SessionRef, Store};
use certtrack::study::{Attempt, Light, Status};
use certtrack::syllabus::{Catalog, Entry, Origin, Syllabus, check};
use certtrack::tracker::Tracker;
use rand::rngs::SmallRng;
use rand::{RngExt, SeedableRng};

/// 2026-09-21 22:13 UTC: when every learner starts studying.
const START: i64 = 1_790_000_000;
/// Scored questions in one sitting (SAA-C03: 50 of 65).
const SITTING: usize = 50;
/// Spread of question difficulty, in logits.
const DIFFICULTY_SD: f64 = 0.7;

/// How much quiz evidence a learner has: the rows of every table.
pub const LEVELS: [&str; 4] = ["none", "little (1-29 distinct)", "moderate (30-49)", "heavy (50+)"];

pub fn level(distinct: usize) -> usize {
    match distinct {
        0 => 0,
        1..30 => 1,
        30..50 => 2,
        _ => 3,
    }
}

/// What one learner turned out to be, and what certtrack said.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub distinct: usize,
    /// Expected exam-day score (the mean over sittings) and one sitting's score, scaled.
    pub truth: f64,
    pub sitting: f64,
    pub predicted: (u32, u32, u32),
    pub light: Light,
    pub pass_mark: f64,
}

fn normal(rng: &mut SmallRng) -> f64 {
    let (u, v): (f64, f64) = (rng.random::<f64>().max(1e-12), rng.random());
    (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

fn logit(p: f64) -> f64 {
    let p = p.clamp(0.01, 0.99);
    (p / (1.0 - p)).ln()
}

/// The syllabus every learner studies.
pub fn syllabus() -> Arc<Syllabus> {
    Arc::new(check("saa.toml", include_str!("../../syllabi/aws/aws-saa-c03.toml")).syllabus.expect("valid"))
}

#[derive(Clone, Copy, PartialEq)]
enum Grading {
    None,
    Honest,
    AlwaysGood,
}

struct Learner {
    /// Ability on each topic once studied (share of average questions right), and without study.
    studied_ability: Vec<f64>,
    floor: Vec<f64>,
    studied: Vec<bool>,
    half_life_days: f64,
    /// Quiz sessions over the study period (10 questions each) and the mode they use.
    sessions: usize,
    mode: Mode,
    grading: Grading,
    /// Self-rating offset: -1 under-confident, 0 honest, 1 over-confident.
    confidence: i8,
    study_days: i64,
    exam_gap_days: i64,
}

impl Learner {
    fn draw(s: &Syllabus, rng: &mut SmallRng) -> Learner {
        let level = (0.62 + 0.16 * normal(rng)).clamp(0.3, 0.95);
        let domain: Vec<f64> = s.domains.iter().map(|_| (level + 0.15 * normal(rng)).clamp(0.2, 0.97)).collect();
        let studied_ability: Vec<f64> =
            s.topics.iter().map(|t| (domain[t.domain] + 0.05 * normal(rng)).clamp(0.2, 0.98)).collect();
        // What they knew before studying: 40–80% of the way from chance to their studied level.
        let prior_share = rng.random_range(0.4..0.8);
        let floor = studied_ability.iter().map(|&a| 0.25 + prior_share * (a - 0.25).max(0.0)).collect();
        let coverage = if rng.random_bool(0.5) { 1.0 } else { rng.random_range(0.3..1.0) };
        let studied = s.topics.iter().map(|_| rng.random_bool(coverage)).collect();
        let sessions = match rng.random_range(0..4) {
            0 => 0,
            1 => rng.random_range(1..4),
            2 => rng.random_range(4..12),
            _ => rng.random_range(12..40),
        };
        let mode = [Mode::Practice, Mode::Practice, Mode::Quick, Mode::Drill, Mode::Exam][rng.random_range(0..5)];
        let grading = [Grading::None, Grading::Honest, Grading::AlwaysGood][rng.random_range(0..3)];
        Learner {
            studied_ability,
            floor,
            studied,
            half_life_days: 90.0 * (0.5 * normal(rng)).exp2(),
            sessions,
            mode,
            grading,
            confidence: rng.random_range(-1..=1),
            study_days: rng.random_range(7..45),
            exam_gap_days: rng.random_range(1..120),
        }
    }

    /// Ability on topic `t` now, `days` after last studying it.
    fn ability(&self, t: usize, days: f64) -> f64 {
        if !self.studied[t] {
            return self.floor[t];
        }
        let kept = (-days / self.half_life_days).exp2();
        self.floor[t] + (self.studied_ability[t] - self.floor[t]) * kept
    }
}

/// Per-question difficulty, fixed for every learner (a hash of the index).
fn difficulty(q: usize) -> f64 {
    let mut r = SmallRng::seed_from_u64(q as u64 ^ 0x5eed);
    DIFFICULTY_SD * normal(&mut r)
}

/// Study `l` through `t`, returning the day the study ended.
fn study(t: &mut Tracker, s: &Syllabus, l: &Learner, rng: &mut SmallRng) -> i64 {
    let id = s.exam.id.clone();
    t.follow(&id, true, START).expect("follow");
    let mut seen = vec![0u32; s.questions.len()];
    let end = START + l.study_days * DAY;
    // An exam simulation is 65 questions: fewer of them.
    let sessions = if l.mode == Mode::Exam { l.sessions.div_ceil(5) } else { l.sessions };
    for k in 0..sessions {
        let now = START + (k as i64 * l.study_days * DAY) / sessions as i64 + 3600;
        quiz_session(t, s, l, &mut seen, now, rng);
    }
    if l.grading != Grading::None {
        for day in (0..l.study_days).step_by(3) {
            review_day(t, l, START + day * DAY + 7200, rng);
        }
    }
    for (topic, _) in s.topics.iter().enumerate().filter(|&(i, _)| l.studied[i]) {
        let honest = match l.studied_ability[topic] {
            a if a >= 0.75 => 2,
            a if a >= 0.55 => 1,
            _ => 0,
        };
        let light = [Light::Red, Light::Amber, Light::Green][(honest + l.confidence).clamp(0, 2) as usize];
        let update = ProgressUpdate { status: Some(Status::Done), confidence: Some(Some(light)), ..Default::default() };
        t.set_progress(&id, &s.topics[topic].id, &update, end).expect("progress");
    }
    end
}

fn quiz_session(t: &mut Tracker, s: &Syllabus, l: &Learner, seen: &mut [u32], now: i64, rng: &mut SmallRng) {
    let history = t.question_history(s).expect("history");
    let picks = match l.mode {
        Mode::Exam => quiz::draw_exam(s, quiz::exam_length(s), rng),
        Mode::Drill => {
            let studied: Vec<usize> = (0..s.topics.len()).filter(|&i| l.studied[i]).collect();
            let domain = studied.get(rng.random_range(0..studied.len().max(1))).map_or(0, |&i| s.topics[i].domain);
            quiz::draw_domain(s, domain, 10, rng)
        }
        Mode::Practice => quiz::draw_practice(&history, &t.scheduler(), now, 10, rng),
        _ => quiz::draw_quick(&history, &t.scheduler(), now, 10, rng),
    };
    let mut session = Session::new(l.mode, s, picks, now, rng);
    let mut saved = None;
    for k in 0..session.len() {
        session.goto(k);
        let q = session.asked[k].question;
        let topic = s.questions[q].topic;
        let fresh = sigmoid(logit(l.ability(topic, 0.0)) - difficulty(q));
        // Each earlier sight of the question, with its feedback, removes 40% of the chance of a miss.
        let p = 1.0 - (1.0 - fresh) * 0.6f64.powi(seen[q] as i32);
        let right = rng.random_bool(p);
        seen[q] += 1;
        let shown = if right { session.correct_positions(s, k) } else { Vec::new() };
        let answer = session.answer(s, &shown, 40.0).expect("positions in range");
        assert_eq!(answer.correct, right);
        let attempt = Attempt {
            session_id: saved,
            exam_id: s.exam.id.clone(),
            question_id: s.questions[q].id.clone(),
            chosen: String::new(),
            correct: right,
            seconds: 40.0,
            answered_at: now + k as i64 * 60,
        };
        let at = match saved {
            Some(id) => SessionRef::Saved(id),
            None => SessionRef::New { mode: l.mode.as_str(), settings: "{}", started_at: now },
        };
        saved = Some(t.record_answer(s, q, &attempt, at).expect("answer"));
    }
}

/// One day's review queue, rated: honestly (Good when recalled) or always Good.
fn review_day(t: &mut Tracker, l: &Learner, now: i64, rng: &mut SmallRng) {
    let queue = t.review_queue(now).expect("queue");
    let ratings: Vec<_> = queue
        .entries
        .iter()
        .take(15)
        .map(|e| {
            let s = &queue.exams[e.exam];
            let topic = match e.kind {
                ItemKind::Flashcard => s.flashcards[e.index].topic,
                ItemKind::Question => s.questions[e.index].topic,
            };
            let recalled = l.grading == Grading::AlwaysGood || rng.random_bool(l.ability(topic, 0.0));
            (queue.key(e).exam_id.to_string(), queue.key(e).item_id.to_string(), e.kind, recalled)
        })
        .collect();
    for (exam, item, kind, recalled) in ratings {
        let key = certtrack::store::ItemKey { exam_id: &exam, item_id: &item, kind };
        t.rate(key, if recalled { Rating::Good } else { Rating::Again }, now).expect("rate");
    }
}

/// The learner's score in one sitting: questions by domain weight, any topic of the domain,
/// fresh difficulties, ability as forgotten by exam day.
fn sitting(s: &Syllabus, l: &Learner, gap_days: f64, rng: &mut SmallRng) -> (f64, f64) {
    let w = s.normalised_weights();
    let by_domain: Vec<Vec<usize>> =
        (0..s.domains.len()).map(|d| (0..s.topics.len()).filter(|&t| s.topics[t].domain == d).collect()).collect();
    // The expected score: every topic of each domain, over a grid of difficulties.
    let grid: Vec<f64> = (0..16).map(|i| DIFFICULTY_SD * probit((i as f64 + 0.5) / 16.0)).collect();
    let expected: f64 = by_domain
        .iter()
        .zip(&w)
        .map(|(topics, w)| {
            let per_topic = topics.iter().map(|&t| {
                grid.iter().map(|b| sigmoid(logit(l.ability(t, gap_days)) - b)).sum::<f64>() / grid.len() as f64
            });
            w * per_topic.sum::<f64>() / topics.len().max(1) as f64
        })
        .sum();
    let mut right = 0;
    for _ in 0..SITTING {
        let mut u = rng.random::<f64>();
        let d = w.iter().position(|&x| {
            u -= x;
            u < 0.0
        });
        let topics = &by_domain[d.unwrap_or(w.len() - 1)];
        let t = topics[rng.random_range(0..topics.len())];
        let p = sigmoid(logit(l.ability(t, gap_days)) - DIFFICULTY_SD * normal(rng));
        right += usize::from(rng.random_bool(p));
    }
    (expected, right as f64 / SITTING as f64)
}

/// The standard normal quantile, by bisecting the CDF (erf in its Abramowitz–Stegun form).
fn probit(p: f64) -> f64 {
    let cdf = |x: f64| {
        let t = 1.0 / (1.0 + 0.3275911 * x.abs() / std::f64::consts::SQRT_2);
        let y = 1.0
            - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592)
                * t
                * (-(x * x) / 2.0).exp();
        0.5 * (1.0 + if x >= 0.0 { y } else { -y })
    };
    let (mut lo, mut hi) = (-8.0, 8.0);
    for _ in 0..60 {
        let mid = (lo + hi) / 2.0;
        if cdf(mid) < p { lo = mid } else { hi = mid }
    }
    (lo + hi) / 2.0
}

/// `n` learners from `seed`, each studied and assessed.
pub fn population(seed: u64, n: usize) -> Vec<Outcome> {
    let s = syllabus();
    let mut catalog = Catalog::default();
    catalog.insert(Entry { syllabus: Arc::clone(&s), origin: Origin::Shipped("syllabi/aws/aws-saa-c03.toml") });
    let mut rng = SmallRng::seed_from_u64(seed);
    (0..n)
        .map(|_| {
            let l = Learner::draw(&s, &mut rng);
            let mut t = Tracker::from_parts(catalog.clone(), Store::in_memory().expect("store"), Default::default())
                .expect("tracker");
            let end = study(&mut t, &s, &l, &mut rng);
            let exam = certtrack::clock::today(end) + chrono::Days::new(l.exam_gap_days as u64);
            t.set_exam_date(&s.exam.id, Some(exam), end).expect("date");
            let o = t.overview(Some(&s.exam.id), end).expect("overview");
            let r = &o.exams[0].readiness;
            let gap = (certtrack::clock::day_start(exam) - end) as f64 / DAY as f64;
            let (expected, sat) = sitting(&s, &l, gap, &mut rng);
            let scale = |f: f64| 100.0 + 900.0 * f;
            Outcome {
                distinct: r.evidence.distinct_questions,
                truth: scale(expected),
                sitting: scale(sat),
                predicted: r.predicted.expect("AWS has a scale"),
                light: r.light,
                pass_mark: 720.0,
            }
        })
        .collect()
}

/// Share of `xs` whose sitting score fell inside the band.
pub fn coverage(xs: &[&Outcome]) -> f64 {
    let inside = xs.iter().filter(|o| (f64::from(o.predicted.1)..=f64::from(o.predicted.2)).contains(&o.sitting));
    inside.count() as f64 / xs.len().max(1) as f64
}

/// Mean of predicted minus expected score.
pub fn bias(xs: &[&Outcome]) -> f64 {
    xs.iter().map(|o| f64::from(o.predicted.0) - o.truth).sum::<f64>() / xs.len().max(1) as f64
}

/// The rows of the ability table: expected score bands.
pub const ABILITY: [(f64, f64); 5] = [(0.0, 550.0), (550.0, 650.0), (650.0, 750.0), (750.0, 850.0), (850.0, 1001.0)];

pub fn by_ability<'a>(xs: &[&'a Outcome], (lo, hi): (f64, f64)) -> Vec<&'a Outcome> {
    xs.iter().copied().filter(|o| o.truth >= lo && o.truth < hi).collect()
}

pub fn at_level(xs: &[Outcome], levels: std::ops::RangeInclusive<usize>) -> Vec<&Outcome> {
    xs.iter().filter(|o| levels.contains(&level(o.distinct))).collect()
}

/// Spearman's rank correlation of predicted and expected scores (ties get their mean rank).
pub fn spearman(xs: &[&Outcome]) -> f64 {
    fn ranks(v: &[f64]) -> Vec<f64> {
        let mut idx: Vec<usize> = (0..v.len()).collect();
        idx.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
        let mut r = vec![0.0; v.len()];
        let mut i = 0;
        while i < idx.len() {
            let j = (i..idx.len()).take_while(|&j| v[idx[j]] == v[idx[i]]).last().unwrap_or(i);
            for &k in &idx[i..=j] {
                r[k] = (i + j) as f64 / 2.0;
            }
            i = j + 1;
        }
        r
    }
    let a = ranks(&xs.iter().map(|o| f64::from(o.predicted.0)).collect::<Vec<_>>());
    let b = ranks(&xs.iter().map(|o| o.truth).collect::<Vec<_>>());
    let mean = (a.len() as f64 - 1.0) / 2.0;
    let cov: f64 = a.iter().zip(&b).map(|(x, y)| (x - mean) * (y - mean)).sum();
    let var: f64 = a.iter().map(|x| (x - mean).powi(2)).sum();
    if var == 0.0 { 0.0 } else { cov / var }
}

/// (truly failing shown green, truly failing) and (truly passing shown red, truly passing).
pub fn light_errors(xs: &[&Outcome]) -> ((usize, usize), (usize, usize)) {
    let failing: Vec<_> = xs.iter().filter(|o| o.truth < o.pass_mark).collect();
    let passing: Vec<_> = xs.iter().filter(|o| o.truth >= o.pass_mark).collect();
    (
        (failing.iter().filter(|o| o.light == Light::Green).count(), failing.len()),
        (passing.iter().filter(|o| o.light == Light::Red).count(), passing.len()),
    )
}

/// The calibration tables, as markdown.
pub fn tables(xs: &[Outcome]) -> String {
    let mut out = String::new();
    let pct = |n: usize, d: usize| {
        if d == 0 { "–".to_string() } else { format!("{:.0}% ({n}/{d})", 100.0 * n as f64 / d as f64) }
    };
    out += "| Quiz evidence | Learners | Band holds the sitting | Mean band width | Mean bias | Spearman |\n|---|---|---|---|---|---|\n";
    for (i, name) in LEVELS.iter().enumerate() {
        let v = at_level(xs, i..=i);
        let width = v.iter().map(|o| f64::from(o.predicted.2 - o.predicted.1)).sum::<f64>() / v.len().max(1) as f64;
        out += &format!(
            "| {name} | {} | {:.0}% | {width:.0} | {:+.0} | {:.2} |\n",
            v.len(),
            100.0 * coverage(&v),
            bias(&v),
            spearman(&v)
        );
    }
    let moderate = at_level(xs, 2..=3);
    out += "\n| Expected score (moderate or heavy evidence) | Learners | Mean bias | Band holds the sitting |\n|---|---|---|---|\n";
    for band in ABILITY {
        let v = by_ability(&moderate, band);
        out += &format!(
            "| {:.0}–{:.0} | {} | {:+.0} | {:.0}% |\n",
            band.0,
            band.1.min(1000.0),
            v.len(),
            bias(&v),
            100.0 * coverage(&v)
        );
    }
    out += "\n| Quiz evidence | Truly failing shown green | Truly passing shown red | Truly passing shown green |\n|---|---|---|---|\n";
    for (i, name) in LEVELS.iter().enumerate() {
        let v = at_level(xs, i..=i);
        let ((g, f), (r, p)) = light_errors(&v);
        let green = v.iter().filter(|o| o.truth >= o.pass_mark && o.light == Light::Green).count();
        out += &format!("| {name} | {} | {} | {} |\n", pct(g, f), pct(r, p), pct(green, p));
    }
    out
}
