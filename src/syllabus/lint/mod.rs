//! `certtrack syllabus lint`: a quality report for a question bank. Pure: a syllabus (and the
//! other exams to compare it with) in, a report out.
//!
//! The report has two parts. *Checks* are figures per exam held to documented thresholds
//! (docs/content.md): how often the key is the longest or the shortest choice, the spread of keys
//! over letters, the share of multiple-response questions, each domain's share of questions
//! against its weight, and counts of item problems that should be zero. *Findings* are warnings
//! about single items, each with the item's id and what to change. A bank is within thresholds
//! when every check passes; findings alone never fail it.

mod dates;
mod echo;
mod items;
mod keys;
mod similar;
mod words;

use chrono::NaiveDate;
use serde::Serialize;

use super::Syllabus;

/// A share (0–1) or count band a figure should stay in, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Band {
    pub min: f64,
    pub max: f64,
}

/// The thresholds a shipped bank is held to (docs/content.md says why each is what it is).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Thresholds {
    /// Single-answer questions whose key is the uniquely longest choice.
    pub key_longest: Band,
    /// Single-answer questions whose key is the uniquely shortest choice.
    pub key_shortest: Band,
    /// Keys at each letter, over single-answer questions with four choices.
    pub letter: Band,
    /// Multiple-response questions among all questions.
    pub multi_response: Band,
    /// How far (in share, 0.05 = 5 points) a domain's share of questions may be from its weight.
    pub domain: f64,
    /// Choice questions whose key alone echoes the stem's wording.
    pub key_echo: Band,
    /// Fewest items a share is judged on: a share of a handful of questions says nothing.
    pub min_sample: usize,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            key_longest: Band { min: 0.15, max: 0.35 },
            key_shortest: Band { min: 0.10, max: 0.35 },
            letter: Band { min: 0.15, max: 0.35 },
            multi_response: Band { min: 0.10, max: 0.30 },
            domain: 0.05,
            key_echo: Band { min: 0.0, max: 0.05 },
            min_sample: 20,
        }
    }
}

/// Whether a check's value and band are shares (0–1) or counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    Share,
    Count,
}

/// One figure of the exam against its band.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// `key-longest`, `letter-A`, `domain-d2`, `duplicate-stem`, …
    pub name: String,
    pub unit: Unit,
    /// A share (0–1) or a count, as `unit` says.
    pub value: f64,
    /// Items the share is taken over (for a count check, the items looked at).
    pub of: usize,
    pub band: Band,
    /// False when `of` is below the sample floor: the figure is shown but not held to the band.
    pub judged: bool,
    pub passed: bool,
    /// What to change, when the check fails.
    pub advice: Option<String>,
}

impl Check {
    fn share(name: impl Into<String>, hits: usize, of: usize, band: Band, min_sample: usize) -> Check {
        let value = if of == 0 { 0.0 } else { hits as f64 / of as f64 };
        let judged = of >= min_sample.max(1);
        let passed = !judged || (band.min..=band.max).contains(&round(value));
        Check { name: name.into(), unit: Unit::Share, value, of, band, judged, passed, advice: None }
    }

    fn count(name: impl Into<String>, found: usize, of: usize, allowed: usize) -> Check {
        let band = Band { min: 0.0, max: allowed as f64 };
        let passed = found <= allowed;
        Check {
            name: name.into(),
            unit: Unit::Count,
            value: found as f64,
            of,
            band,
            judged: true,
            passed,
            advice: None,
        }
    }

    fn advise(mut self, advice: impl FnOnce(&Check) -> String) -> Check {
        if !self.passed {
            self.advice = Some(advice(&self));
        }
        self
    }
}

/// Shares are compared to their bands at a tenth of a point, so 35.0% passes a 35% bound
/// whatever the floating-point error.
fn round(share: f64) -> f64 {
    (share * 1000.0).round() / 1000.0
}

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// The key is the uniquely longest choice, in an exam where that happens too often.
    KeyLongest,
    /// The key is the uniquely shortest choice, in an exam where that happens too often.
    KeyShortest,
    TopicWithoutQuestions,
    TopicWithoutFlashcards,
    /// The same or nearly the same stem twice in the exam.
    DuplicateStem,
    /// The same or nearly the same flashcard front twice in the exam.
    DuplicateFront,
    /// A stem also asked in another shipped exam.
    CrossExamStem,
    /// A flashcard front also used by another shipped exam.
    CrossExamFront,
    /// Only the key repeats the stem's wording: it gives itself away.
    KeyEchoesStem,
    /// Only a distractor repeats the stem's wording: it reads as a trap.
    DistractorEchoesStem,
    /// A date before today in text that speaks of it as still to come.
    PastDate,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::KeyLongest => "key-longest",
            Kind::KeyShortest => "key-shortest",
            Kind::TopicWithoutQuestions => "topic-without-questions",
            Kind::TopicWithoutFlashcards => "topic-without-flashcards",
            Kind::DuplicateStem => "duplicate-stem",
            Kind::DuplicateFront => "duplicate-front",
            Kind::CrossExamStem => "cross-exam-stem",
            Kind::CrossExamFront => "cross-exam-front",
            Kind::KeyEchoesStem => "key-echoes-stem",
            Kind::DistractorEchoesStem => "distractor-echoes-stem",
            Kind::PastDate => "past-date",
        }
    }
}

/// A warning about one item.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub kind: Kind,
    /// The question, flashcard, topic or case study id (`exam` for the exam's own note).
    pub item: String,
    /// What is wrong and what to change.
    pub message: String,
}

/// The lint of one exam.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub exam: String,
    pub code: String,
    pub questions: usize,
    pub flashcards: usize,
    pub checks: Vec<Check>,
    pub findings: Vec<Finding>,
}

impl Report {
    /// Every judged check within its band.
    pub fn passed(&self) -> bool {
        self.checks.iter().all(|c| c.passed)
    }

    pub fn failed(&self) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(|c| !c.passed)
    }

    pub fn check(&self, name: &str) -> Option<&Check> {
        self.checks.iter().find(|c| c.name == name)
    }
}

/// The exams of `catalog` a bank must not repeat: every other exam still offered on `today`,
/// except its predecessor and successor, which share content on purpose.
pub fn peers<'c>(s: &Syllabus, catalog: &[&'c Syllabus], today: NaiveDate) -> Vec<&'c Syllabus> {
    let related = |id: &str| s.exam.predecessor.as_deref() == Some(id) || s.exam.successor.as_deref() == Some(id);
    catalog
        .iter()
        .copied()
        .filter(|o| o.exam.id != s.exam.id && !o.exam.retired_on(today) && !related(&o.exam.id))
        .collect()
}

/// Lint `s`. `others` are the exams its stems and fronts must not repeat (the caller leaves out
/// `s` itself and exams that share content with it on purpose, such as its predecessor); dates
/// are judged against `today`.
pub fn lint(s: &Syllabus, others: &[&Syllabus], today: NaiveDate, limits: &Thresholds) -> Report {
    let mut checks = Vec::new();
    let mut findings = Vec::new();
    keys::check(s, limits, &mut checks, &mut findings);
    items::check(s, others, today, limits, &mut checks, &mut findings);
    Report {
        exam: s.exam.id.clone(),
        code: s.exam.code.clone(),
        questions: s.questions.len(),
        flashcards: s.flashcards.len(),
        checks,
        findings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syllabus::{check, synthetic};

    fn flawed() -> Syllabus {
        let checked = check("flawed.toml", &synthetic::flawed());
        let report = checked.render();
        checked.syllabus.unwrap_or_else(|| panic!("{report}"))
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
    }

    fn ids(r: &Report, kind: Kind) -> Vec<&str> {
        r.findings.iter().filter(|f| f.kind == kind).map(|f| f.item.as_str()).collect()
    }

    #[test]
    fn every_planted_problem_is_found_and_fails_its_check() {
        let r = lint(&flawed(), &[], day(), &Thresholds::default());
        let failed: Vec<&str> = r.failed().map(|c| c.name.as_str()).collect();
        for name in [
            "key-longest",
            "letter-A",
            "letter-B",
            "multiple-response",
            "domain-d0",
            "domain-d1",
            "topic-without-questions",
            "topic-without-flashcards",
            "duplicate-stem",
            "duplicate-front",
            "past-date",
        ] {
            assert!(failed.contains(&name), "{name} should fail: {failed:?}");
        }
        assert_eq!(r.check("key-longest").unwrap().value, 1.0);
        assert_eq!(r.check("key-shortest").unwrap().value, 0.0);
        assert_eq!(ids(&r, Kind::KeyLongest).len(), 24, "each item whose key is longest is listed");
        assert_eq!(ids(&r, Kind::TopicWithoutQuestions), ["t2"]);
        assert_eq!(ids(&r, Kind::TopicWithoutFlashcards), ["t2"]);
        assert_eq!(ids(&r, Kind::DuplicateStem), ["q1"]);
        assert_eq!(ids(&r, Kind::DuplicateFront), ["f1"]);
        assert_eq!(ids(&r, Kind::KeyEchoesStem), ["q3"]);
        assert_eq!(ids(&r, Kind::PastDate), ["q2"]);
        // One key in 24 echoing the stem is within the 5% allowed: a finding, not a failure.
        assert!(r.check("key-echoes-stem").unwrap().passed);
        assert!(!r.passed());
    }

    #[test]
    fn the_same_fronts_in_another_exam_are_a_separate_kind() {
        let mine = flawed();
        let mut other = flawed();
        other.exam.id = "other-bank".into();
        let r = lint(&mine, &[&other], day(), &Thresholds::default());
        assert!(ids(&r, Kind::CrossExamFront).contains(&"f0"));
        assert!(ids(&r, Kind::CrossExamStem).contains(&"q5"));
        assert!(r.findings.iter().any(|f| f.kind == Kind::CrossExamStem && f.message.contains("q5 in FLAWED-BANK")));
        // A front repeated in two other exams is one front to reword.
        let mut third = flawed();
        third.exam.id = "third-bank".into();
        let r = lint(&mine, &[&other, &third], day(), &Thresholds::default());
        assert_eq!(ids(&r, Kind::CrossExamFront), ["f0", "f1", "f0", "f1"]);
        assert_eq!(r.check("cross-exam-front").unwrap().value, 2.0);
    }

    #[test]
    fn shares_of_too_few_items_are_shown_but_not_judged() {
        let mut s = flawed();
        s.questions.truncate(5);
        let r = lint(&s, &[], day(), &Thresholds::default());
        let c = r.check("key-longest").unwrap();
        assert!(!c.judged && c.passed && c.value == 1.0);
        assert!(ids(&r, Kind::KeyLongest).is_empty(), "no item list for a share that is not judged");
    }

    #[test]
    fn a_share_on_its_bound_passes() {
        let c = Check::share("x", 7, 20, Band { min: 0.15, max: 0.35 }, 20);
        assert!(c.passed && (c.value - 0.35).abs() < 1e-9);
        assert!(!Check::share("x", 8, 20, Band { min: 0.15, max: 0.35 }, 20).passed);
    }

    #[test]
    fn peers_leave_out_the_exam_its_predecessor_and_retired_exams() {
        let mut me = flawed();
        me.exam.predecessor = Some("old".into());
        let named = |id: &str, retires: Option<NaiveDate>| {
            let mut s = flawed();
            s.exam.id = id.into();
            s.exam.retires = retires;
            s
        };
        let old = named("old", None);
        let gone = named("gone", NaiveDate::from_ymd_opt(2026, 1, 1));
        let peer = named("peer", None);
        let all = [&me, &old, &gone, &peer];
        let got: Vec<&str> = peers(&me, &all, day()).iter().map(|s| s.exam.id.as_str()).collect();
        assert_eq!(got, ["peer"]);
    }
}
