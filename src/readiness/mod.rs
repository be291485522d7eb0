//! How close the learner is to passing: per-domain mastery from the evidence, combined by the
//! exam's weights into a predicted score with an uncertainty band. The reasoning is written up in
//! docs/readiness.md; the constants below are the ones it explains.

use serde::Serialize;

use crate::srs::{CardState, DAY, Scheduler};
use crate::study::{Light, Status};
use crate::syllabus::{Outline, PassMark};

/// Quiz answers lose half their weight every three weeks: recent accuracy matters most.
const HALF_LIFE_DAYS: f64 = 21.0;
/// The prior: a learner we know nothing about is at 50%, held with the weight of four answers,
/// so one right answer out of one reads as 60%, not 100%.
const PRIOR_MEAN: f64 = 0.5;
const PRIOR_STRENGTH: f64 = 4.0;
/// A reviewed item's projected recall counts as half an answer; a self-rating as a third.
const REVIEW_WEIGHT: f64 = 0.5;
const SELF_WEIGHT: f64 = 0.3;
/// What a learner's own red/amber/green rating suggests.
const SELF_VALUE: [f64; 3] = [0.35, 0.60, 0.85];
/// Expected score on topics never touched: about chance on four choices.
const GUESS: f64 = 0.25;
/// A domain is green only with this much evidence (in answer-equivalents) and coverage.
const MIN_EVIDENCE: f64 = 10.0;
const MIN_COVERAGE: f64 = 0.8;
/// Where Google publishes no pass mark, we assume the commonly reported 70%.
const ASSUMED_BAR: f64 = 0.70;
/// The predicted score's band is about 95% (two standard deviations).
const BAND_Z: f64 = 1.96;

/// One question's answers, summarised raw as the store keeps them: counts, and the first and
/// latest answers. How much each is worth, and how it fades, is decided here.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct AnswerStats {
    pub question: usize,
    pub attempts: u32,
    pub correct: u32,
    pub first_at: i64,
    pub first_correct: bool,
    pub last_at: i64,
    pub last_correct: bool,
}

/// Summarise raw answers `(question, correct, answered at)` (for tests, benchmarks and the
/// simulator; the store keeps these summaries as answers arrive).
pub fn answer_stats(answers: &[(usize, bool, i64)]) -> Vec<AnswerStats> {
    let mut by_q: std::collections::BTreeMap<usize, AnswerStats> = Default::default();
    for &(q, correct, at) in answers {
        let s = by_q.entry(q).or_insert(AnswerStats {
            question: q,
            first_at: at,
            first_correct: correct,
            last_at: at,
            last_correct: correct,
            ..Default::default()
        });
        s.attempts += 1;
        s.correct += u32::from(correct);
        if at < s.first_at {
            (s.first_at, s.first_correct) = (at, correct);
        }
        if at >= s.last_at {
            (s.last_at, s.last_correct) = (at, correct);
        }
    }
    by_q.into_values().collect()
}

/// An item of the syllabus with its review state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Item {
    Question(usize),
    Flashcard(usize),
}

/// Everything known about the learner on one exam, already mapped to syllabus indices.
pub struct Inputs<'a> {
    pub outline: &'a Outline,
    /// Answers per question, summarised.
    pub answers: &'a [AnswerStats],
    pub cards: &'a [(Item, CardState)],
    /// (topic index, status, own confidence).
    pub progress: &'a [(usize, Status, Option<Light>)],
    /// The learner's scheduler (their fitted parameters), for projected recall.
    pub sched: &'a Scheduler,
    pub now: i64,
    /// Start of the exam day, if the learner set one.
    pub exam_at: Option<i64>,
    /// New items the learner can take on per day.
    pub new_per_day: u32,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DomainReadiness {
    /// Estimated share of this domain's questions answered right on exam day (0–1).
    pub readiness: f64,
    /// One standard deviation of that estimate.
    pub sd: f64,
    /// Mastery of what was studied, before the coverage adjustment.
    pub mastery: f64,
    /// Evidence in answer-equivalents.
    pub evidence: f64,
    /// Share of topics touched (studied, answered or reviewed).
    pub coverage: f64,
    pub quiz_attempts: u32,
    pub quiz_accuracy: Option<f64>,
    pub light: Light,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Pace {
    pub days_left: Option<i64>,
    pub topics_left: usize,
    pub new_items_left: usize,
    /// New items a day needed to see everything before the exam.
    pub new_per_day_needed: Option<f64>,
    /// Whether the needed pace exceeds the learner's daily new-item limit (or time is up).
    pub behind: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Readiness {
    /// Weighted estimate of the share of the exam answered right (0–1), with a ~95% band.
    pub readiness: f64,
    pub low: f64,
    pub high: f64,
    /// The share needed to pass, from the pass mark (or the 70% assumption).
    pub bar: f64,
    pub bar_published: bool,
    /// Predicted score on the exam's scale, with its band, if it has a scale.
    pub predicted: Option<(u32, u32, u32)>,
    pub light: Light,
    /// Every domain is green: clears the bar with enough evidence.
    pub on_track: bool,
    pub domains: Vec<DomainReadiness>,
    pub pace: Pace,
}

/// The share of a scale a pass mark stands at: 720 on 100–1000 is (720-100)/900.
pub fn bar(pass: PassMark) -> (f64, bool) {
    match pass {
        PassMark::Scaled { pass, scale_min, scale_max } => {
            (f64::from(pass - scale_min) / f64::from(scale_max - scale_min).max(1.0), true)
        }
        PassMark::NotPublished => (ASSUMED_BAR, false),
    }
}

#[derive(Default, Clone, Copy)]
struct Evidence {
    success: f64,
    weight: f64,
    attempts: u32,
    correct: u32,
}

impl Evidence {
    /// One piece of evidence worth `weight` answers, with `value` its share correct.
    fn add(&mut self, value: f64, weight: f64) {
        self.success += value * weight;
        self.weight += weight;
    }
}

pub fn assess(inp: &Inputs) -> Readiness {
    let s = inp.outline;
    let (bar, bar_published) = bar(s.exam.pass_mark);
    let mut ev = vec![Evidence::default(); s.domains.len()];
    let mut touched = vec![false; s.topics.len()];
    quiz_evidence(inp, &mut ev, &mut touched);
    review_evidence(inp, &mut ev, &mut touched);
    for &(t, status, confidence) in inp.progress {
        let Some(topic) = s.topics.get(t) else { continue };
        touched[t] |= status != Status::Todo || confidence.is_some();
        if let Some(c) = confidence {
            ev[topic.domain].add(SELF_VALUE[c as usize], SELF_WEIGHT);
        }
    }
    let domains: Vec<DomainReadiness> = (0..s.domains.len()).map(|d| domain(s, d, &ev[d], &touched, bar)).collect();
    combine(inp, domains, bar, bar_published)
}

fn quiz_evidence(inp: &Inputs, ev: &mut [Evidence], touched: &mut [bool]) {
    let s = inp.outline;
    for a in inp.answers {
        let Some(question) = s.questions.get(a.question) else { continue };
        let e = &mut ev[s.topic_domain(question.topic)];
        let age = (inp.now - a.last_at).max(0) as f64 / DAY as f64;
        let w = f64::from(a.attempts) * (-age / HALF_LIFE_DAYS).exp2();
        e.add(f64::from(a.correct) / f64::from(a.attempts.max(1)), w);
        e.attempts += a.attempts;
        e.correct += a.correct;
        touched[question.topic] |= a.attempts > 0;
    }
}

/// Each reviewed item adds its recall projected to the exam day (or now, without a date), so
/// forgetting between now and the exam lowers readiness.
fn review_evidence(inp: &Inputs, ev: &mut [Evidence], touched: &mut [bool]) {
    let s = inp.outline;
    let at = inp.exam_at.filter(|&t| t > inp.now).unwrap_or(inp.now);
    for (item, card) in inp.cards {
        let topic = match *item {
            Item::Question(q) => s.questions.get(q).map(|q| q.topic),
            Item::Flashcard(f) => s.flashcards.get(f).map(|f| f.topic),
        };
        let (Some(topic), Some(recall)) = (topic, inp.sched.retrievability(card, at)) else { continue };
        ev[s.topic_domain(topic)].add(f64::from(recall), REVIEW_WEIGHT);
        touched[topic] = true;
    }
}

fn domain(s: &Outline, d: usize, e: &Evidence, touched: &[bool], bar: f64) -> DomainReadiness {
    let alpha = PRIOR_STRENGTH * PRIOR_MEAN + e.success;
    let beta = PRIOR_STRENGTH * (1.0 - PRIOR_MEAN) + (e.weight - e.success);
    let mastery = alpha / (alpha + beta);
    let sd_mastery = (mastery * (1.0 - mastery) / (alpha + beta + 1.0)).sqrt();
    let topics: Vec<usize> = (0..s.topics.len()).filter(|&t| s.topics[t].domain == d).collect();
    let coverage = if topics.is_empty() {
        0.0
    } else {
        topics.iter().filter(|&&t| touched[t]).count() as f64 / topics.len() as f64
    };
    let readiness = coverage * mastery + (1.0 - coverage) * GUESS;
    // Untouched topics are a guess with a wide spread (±0.1) of their own.
    let sd = coverage * sd_mastery + (1.0 - coverage) * 0.1;
    let light = if readiness - sd >= bar && e.weight >= MIN_EVIDENCE && coverage >= MIN_COVERAGE {
        Light::Green
    } else if readiness + sd < bar || e.weight < 1.0 {
        Light::Red
    } else {
        Light::Amber
    };
    DomainReadiness {
        readiness,
        sd,
        mastery,
        evidence: e.weight,
        coverage,
        quiz_attempts: e.attempts,
        quiz_accuracy: (e.attempts > 0).then(|| f64::from(e.correct) / f64::from(e.attempts)),
        light,
    }
}

fn combine(inp: &Inputs, domains: Vec<DomainReadiness>, bar: f64, bar_published: bool) -> Readiness {
    let s = inp.outline;
    let w = s.normalised_weights();
    let readiness: f64 = domains.iter().zip(&w).map(|(d, w)| d.readiness * w).sum();
    // Domains are estimated independently, so their variances add, weighted.
    let sd = domains.iter().zip(&w).map(|(d, w)| (d.sd * w).powi(2)).sum::<f64>().sqrt();
    let (low, high) = ((readiness - BAND_Z * sd).max(0.0), (readiness + BAND_Z * sd).min(1.0));
    let predicted = match s.exam.pass_mark {
        PassMark::Scaled { scale_min, scale_max, .. } => {
            let at = |f: f64| scale_min + (f * f64::from(scale_max - scale_min)).round() as u32;
            Some((at(readiness), at(low), at(high)))
        }
        PassMark::NotPublished => None,
    };
    let on_track = !domains.is_empty() && domains.iter().all(|d| d.light == Light::Green);
    let light = match () {
        _ if on_track => Light::Green,
        _ if readiness + sd < bar || domains.iter().all(|d| d.evidence < 1.0) => Light::Red,
        _ => Light::Amber,
    };
    Readiness { readiness, low, high, bar, bar_published, predicted, light, on_track, pace: pace(inp), domains }
}

fn pace(inp: &Inputs) -> Pace {
    let s = inp.outline;
    let done: std::collections::HashSet<usize> =
        inp.progress.iter().filter(|p| p.1 == Status::Done).map(|p| p.0).collect();
    let topics_left = (0..s.topics.len()).filter(|t| !done.contains(t)).count();
    let seen = inp.cards.iter().filter(|(_, c)| c.reps > 0).count();
    let new_items_left = (s.questions.len() + s.flashcards.len()).saturating_sub(seen);
    let days_left = inp.exam_at.map(|t| (t - inp.now).div_euclid(DAY) + 1);
    let new_per_day_needed = days_left.filter(|&d| d > 0).map(|d| new_items_left as f64 / d as f64);
    let behind = match days_left {
        Some(d) if d <= 0 => topics_left > 0,
        Some(_) => new_per_day_needed.is_some_and(|n| n > f64::from(inp.new_per_day)),
        None => false,
    };
    Pace { days_left, topics_left, new_items_left, new_per_day_needed, behind }
}

#[cfg(test)]
mod tests;
