//! How close the learner is to passing: per-domain mastery from quiz answers, projected to the
//! exam date and combined by the exam's weights into a predicted score with an 80% band (sitting
//! noise included). docs/readiness.md explains the model and shows the calibration the learner
//! simulator (tests/support/sim.rs) measures; the constants below are the ones it explains.

use serde::Serialize;

use crate::srs::{CardState, DAY};
use crate::study::{Light, Status};
use crate::syllabus::{Outline, PassMark};

/// What a learner we know nothing about scores on what they studied: a wide prior (sd about
/// 0.2), worth four answers, so a few answers move it and forty dominate it.
const PRIOR_MEAN: f64 = 0.62;
const PRIOR_STRENGTH: f64 = 4.0;
/// Domains differ around the learner's own level by up to about ±0.19: a domain's estimate is
/// shrunk towards the learner's other domains with the weight of this many answers.
const DOMAIN_STRENGTH: f64 = 5.0;
/// Chance on four choices, and the share of studied mastery a learner keeps on topics they never
/// studied (what they knew before) and after complete forgetting.
const GUESS: f64 = 0.25;
const UNSTUDIED_SHARE: f64 = 0.7;
/// How far unstudied topics may be from that estimate (one sd, as a share correct).
const UNSTUDIED_SD: f64 = 0.12;
/// Studied mastery above that floor halves every 90 days without study; people forget at
/// different rates, so the loss itself is uncertain by this share of it.
const FORGET_HALF_LIFE_DAYS: f64 = 90.0;
const FORGET_SD: f64 = 0.5;
/// Answering a question again mostly shows memory of it: each repeat adds this weight, at most
/// `REPEAT_CAP` in all, so a domain's evidence is about its distinct questions.
const REPEAT_WEIGHT: f64 = 0.05;
const REPEAT_CAP: f64 = 0.15;
/// The band's stated coverage and its normal quantile.
pub const BAND_COVERAGE: f64 = 0.8;
const BAND_Z: f64 = 1.2816;
/// About three in four of an exam's questions are scored (AWS: 50 of 65).
const SCORED_SHARE: f64 = 0.77;
/// A domain is green only with this many distinct questions answered (or all it has) and this
/// share of its topics shown.
pub const MIN_DISTINCT: usize = 10;
const MIN_COVERAGE: f64 = 0.8;
/// Where Google publishes no pass mark, we assume the commonly reported 70%.
const ASSUMED_BAR: f64 = 0.70;

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
    /// One standard deviation of that estimate (without sitting noise).
    pub sd: f64,
    /// The part of `sd` that comes from the learner's level, which every domain shares.
    #[serde(skip)]
    shared_sd: f64,
    /// Mastery of what was studied, as of the last study, before coverage and forgetting.
    pub mastery: f64,
    /// Quiz evidence in answer-equivalents (repeats count for little).
    pub evidence: f64,
    /// Share of topics shown: a right answer or a reviewed flashcard.
    pub coverage: f64,
    pub quiz_attempts: u32,
    pub distinct_questions: usize,
    pub quiz_accuracy: Option<f64>,
    /// Distinct questions still to answer before this domain's estimate means something.
    pub questions_needed: usize,
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

/// How much quiz evidence lies behind the estimate.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct EvidenceCount {
    pub answers: u32,
    pub distinct_questions: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Readiness {
    /// Expected share of the exam answered right on exam day (0–1), with the band that holds
    /// the sitting's score for `band_coverage` of learners with this history.
    pub readiness: f64,
    pub low: f64,
    pub high: f64,
    pub band_coverage: f64,
    /// The share needed to pass, from the pass mark (or the 70% assumption).
    pub bar: f64,
    pub bar_published: bool,
    /// Predicted score on the exam's scale, with its band, if it has a scale.
    pub predicted: Option<(u32, u32, u32)>,
    pub light: Light,
    /// Every domain is green: clears the bar with enough quiz evidence.
    pub on_track: bool,
    pub evidence: EvidenceCount,
    /// Distinct questions still to answer, across the domains short of evidence (indices),
    /// before the estimate is a measurement rather than a guess; `None` when there is enough.
    pub needed: Option<(usize, Vec<usize>)>,
    pub domains: Vec<DomainReadiness>,
    pub pace: Pace,
}

impl Readiness {
    /// What would turn the estimate from a guess into a measurement, when there is too little
    /// quiz evidence: "answer about 12 more questions across d2 and d4".
    pub fn advice(&self, s: &Outline) -> Option<String> {
        let (n, domains) = self.needed.as_ref()?;
        let ids: Vec<&str> = domains.iter().filter_map(|&d| s.domains.get(d)).map(|d| d.id.as_str()).collect();
        let list = match ids.split_last() {
            Some((last, [])) => format!("in {last}"),
            Some((last, rest)) => format!("across {} and {last}", rest.join(", ")),
            None => String::new(),
        };
        Some(format!("answer about {n} more {} {list}", if *n == 1 { "question" } else { "questions" }))
    }
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

/// One domain's quiz evidence and what the learner has shown of it.
#[derive(Default, Clone)]
struct Evidence {
    success: f64,
    weight: f64,
    attempts: u32,
    correct: u32,
    distinct: usize,
    /// Topics with a right answer or a reviewed flashcard.
    shown: Vec<bool>,
    /// The latest time the learner showed knowledge here (a right answer or a review).
    last_shown: Option<i64>,
}

impl Evidence {
    fn add(&mut self, value: f64, weight: f64) {
        self.success += value * weight;
        self.weight += weight;
    }

    fn shown_at(&mut self, topic: usize, at: i64) {
        self.shown[topic] = true;
        self.last_shown = Some(self.last_shown.map_or(at, |t| t.max(at)));
    }
}

pub fn assess(inp: &Inputs) -> Readiness {
    let s = inp.outline;
    let (bar, bar_published) = bar(s.exam.pass_mark);
    let mut ev = vec![Evidence { shown: vec![false; s.topics.len()], ..Default::default() }; s.domains.len()];
    quiz_evidence(inp, &mut ev);
    // Flashcard reviews are self-graded: they show a topic was studied and when, never how well.
    // A question's card is rated by its answers (already counted above), so it adds nothing.
    for (item, card) in inp.cards {
        let Item::Flashcard(f) = *item else { continue };
        if let (Some(t), Some(at)) = (s.flashcards.get(f).map(|f| f.topic), card.last_review) {
            ev[s.topic_domain(t)].shown_at(t, at);
        }
    }
    let at = inp.exam_at.filter(|&t| t > inp.now).unwrap_or(inp.now);
    let domains: Vec<DomainReadiness> = (0..s.domains.len()).map(|d| domain(s, d, &ev, at, bar)).collect();
    combine(inp, domains, bar, bar_published)
}

/// Each question counts once, from its first answer (which memory of it cannot have helped),
/// plus a little for its repeats.
fn quiz_evidence(inp: &Inputs, ev: &mut [Evidence]) {
    let s = inp.outline;
    for a in inp.answers.iter().filter(|a| a.attempts > 0) {
        let Some(question) = s.questions.get(a.question) else { continue };
        let e = &mut ev[s.topic_domain(question.topic)];
        e.add(f64::from(u8::from(a.first_correct)), 1.0);
        let repeats = a.attempts - 1;
        if repeats > 0 {
            let right = f64::from(a.correct.saturating_sub(u32::from(a.first_correct)));
            e.add(right / f64::from(repeats), (REPEAT_WEIGHT * f64::from(repeats)).min(REPEAT_CAP));
        }
        (e.attempts, e.correct, e.distinct) = (e.attempts + a.attempts, e.correct + a.correct, e.distinct + 1);
        // A wrong answer shows neither the topic nor a fresher memory: only right ones do (the
        // latest if it was right, else the first, the earliest a right one can have been).
        let right_at = match (a.last_correct, a.correct > 0) {
            (true, _) => Some(a.last_at),
            (false, true) => Some(a.first_at),
            (false, false) => None,
        };
        if let Some(at) = right_at {
            e.shown_at(question.topic, at);
        }
    }
}

/// The learner's level from every domain but `d`: a Beta mean over the prior and their answers,
/// with its variance. A domain's answers count towards the level at most `DOMAIN_STRENGTH`
/// (`w·N/(N+w)`): however much is known of one domain, it differs from the learner's level by
/// the domain spread, so one domain's answers never outweigh another's own.
fn learner_level(ev: &[Evidence], d: usize) -> (f64, f64) {
    let (success, weight) = ev.iter().enumerate().filter(|&(j, _)| j != d).fold((0.0, 0.0), |(s, w), (_, e)| {
        let damp = DOMAIN_STRENGTH / (DOMAIN_STRENGTH + e.weight);
        (s + e.success * damp, w + e.weight * damp)
    });
    let n = PRIOR_STRENGTH + weight;
    let m = (PRIOR_STRENGTH * PRIOR_MEAN + success) / n;
    (m, m * (1.0 - m) / (n + 1.0))
}

fn domain(s: &Outline, d: usize, ev: &[Evidence], at: i64, bar: f64) -> DomainReadiness {
    let e = &ev[d];
    let (level, level_var) = learner_level(ev, d);
    // Shrunk towards the learner's level; the level's own uncertainty carries through.
    let n = DOMAIN_STRENGTH + e.weight;
    let mastery = (DOMAIN_STRENGTH * level + e.success) / n;
    let pull = DOMAIN_STRENGTH / n;
    let own_var = mastery * (1.0 - mastery) / (n + 1.0);
    let topics: Vec<usize> = (0..s.topics.len()).filter(|&t| s.topics[t].domain == d).collect();
    let coverage = if topics.is_empty() {
        0.0
    } else {
        topics.iter().filter(|&&t| e.shown[t]).count() as f64 / topics.len() as f64
    };
    // Studied topics keep what is not forgotten by exam day; unstudied ones sit at the floor.
    let kept = e.last_shown.map_or(0.0, |t| (-((at - t).max(0) as f64 / DAY as f64) / FORGET_HALF_LIFE_DAYS).exp2());
    // Nobody expects to score below guessing: an estimate under chance would make more coverage
    // (a right answer shows a topic) read lower, which a learner rightly calls nonsense.
    let above = (mastery - GUESS).max(0.0);
    let share = UNSTUDIED_SHARE + (1.0 - UNSTUDIED_SHARE) * coverage * kept;
    let readiness = (GUESS + above * share).clamp(0.0, 1.0);
    let forget_sd = FORGET_SD * (1.0 - UNSTUDIED_SHARE) * coverage * (1.0 - kept) * above.abs();
    let own_sd = (share * share * own_var + ((1.0 - coverage) * UNSTUDIED_SD).powi(2) + forget_sd.powi(2)).sqrt();
    let shared_sd = share * pull * level_var.sqrt();
    let sd = own_sd.hypot(shared_sd);
    let pool = s.questions.iter().filter(|q| s.topic_domain(q.topic) == d).count();
    let questions_needed = MIN_DISTINCT.min(pool).saturating_sub(e.distinct);
    let light = if readiness - BAND_Z * sd >= bar && questions_needed == 0 && coverage >= MIN_COVERAGE {
        Light::Green
    } else if readiness + BAND_Z * sd < bar || e.distinct == 0 {
        Light::Red
    } else {
        Light::Amber
    };
    DomainReadiness {
        readiness,
        sd,
        shared_sd,
        mastery,
        evidence: e.weight,
        coverage,
        quiz_attempts: e.attempts,
        distinct_questions: e.distinct,
        quiz_accuracy: (e.attempts > 0).then(|| f64::from(e.correct) / f64::from(e.attempts)),
        questions_needed,
        light,
    }
}

fn combine(inp: &Inputs, domains: Vec<DomainReadiness>, bar: f64, bar_published: bool) -> Readiness {
    let s = inp.outline;
    let w = s.normalised_weights();
    let readiness: f64 = domains.iter().zip(&w).map(|(d, w)| d.readiness * w).sum();
    // Each domain's own error is independent of the others'; the shared level's error moves them
    // all together. Then the noise of one sitting of the exam's scored questions.
    let own = domains.iter().zip(&w).map(|(d, w)| w * w * (d.sd.powi(2) - d.shared_sd.powi(2))).sum::<f64>();
    let shared: f64 = domains.iter().zip(&w).map(|(d, w)| w * d.shared_sd).sum();
    let estimate_sd = (own.max(0.0) + shared * shared).sqrt();
    let scored = (f64::from(s.exam.question_count.0) * SCORED_SHARE).max(10.0);
    let sd = (estimate_sd.powi(2) + readiness * (1.0 - readiness) / scored).sqrt();
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
        _ if high < bar || domains.iter().all(|d| d.distinct_questions == 0) => Light::Red,
        _ => Light::Amber,
    };
    let evidence = EvidenceCount {
        answers: domains.iter().map(|d| d.quiz_attempts).sum(),
        distinct_questions: domains.iter().map(|d| d.distinct_questions).sum(),
    };
    let short: Vec<usize> = (0..domains.len()).filter(|&d| domains[d].questions_needed > 0).collect();
    let needed = (!short.is_empty()).then(|| (short.iter().map(|&d| domains[d].questions_needed).sum(), short));
    Readiness {
        readiness,
        low,
        high,
        band_coverage: BAND_COVERAGE,
        bar,
        bar_published,
        predicted,
        light,
        on_track,
        evidence,
        needed,
        pace: pace(inp),
        domains,
    }
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
