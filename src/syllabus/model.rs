//! The validated syllabus: plain data, no spans, no I/O. Everything else in certtrack reads this.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    Aws,
    Gcp,
    Azure,
    Other,
}

impl Provider {
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Aws => "aws",
            Provider::Gcp => "gcp",
            Provider::Azure => "azure",
            Provider::Other => "other",
        }
    }
}

/// The certification's level, as the vendor names it: it decides how long the certification lasts
/// and what renews it (`certs::rule`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Foundational,
    Associate,
    Professional,
    Expert,
    Specialty,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Foundational => "foundational",
            Level::Associate => "associate",
            Level::Professional => "professional",
            Level::Expert => "expert",
            Level::Specialty => "specialty",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    High,
    Medium,
    Low,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
}

/// A vendor figure that is either exact (`min == max`) or a published range.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Range {
    pub min: f64,
    pub max: f64,
}

impl Range {
    pub fn midpoint(self) -> f64 {
        (self.min + self.max) / 2.0
    }

    /// As the vendor states a weight: `30%`, or `20–25%` for a range.
    pub fn percent(self) -> String {
        if self.min == self.max { format!("{}%", self.min) } else { format!("{}–{}%", self.min, self.max) }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PassMark {
    /// A scaled pass mark, e.g. 720 on 100–1000.
    Scaled { pass: u32, scale_min: u32, scale_max: u32 },
    /// The vendor does not publish one (Google).
    NotPublished,
}

impl PassMark {
    /// The pass mark on the exam's scale, when the vendor publishes one.
    pub fn published(self) -> Option<u32> {
        match self {
            PassMark::Scaled { pass, .. } => Some(pass),
            PassMark::NotPublished => None,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Exam {
    pub id: String,
    pub provider: Provider,
    pub code: String,
    pub name: String,
    pub version: u32,
    pub guide: String,
    pub guide_date: Option<NaiveDate>,
    pub duration_minutes: u32,
    pub question_count: (u32, u32),
    pub pass_mark: PassMark,
    pub question_types: Vec<String>,
    pub source: String,
    pub confidence: Option<Confidence>,
    pub note: Option<String>,
    /// The last day the exam can be sat (`retires`, or `retired` once it has happened).
    pub retires: Option<NaiveDate>,
    /// The certification's level (decides its validity and renewals).
    pub level: Option<Level>,
    /// The exam that replaces this one, by id.
    pub successor: Option<String>,
    /// The exam this one replaces, by id: the mapping in `Syllabus::carry` reads from it.
    pub predecessor: Option<String>,
}

impl Exam {
    /// Can no longer be sat on `day`.
    pub fn retired_on(&self, day: NaiveDate) -> bool {
        self.retires.is_some_and(|last| day > last)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Domain {
    pub id: String,
    pub name: String,
    pub weight: Range,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Topic {
    pub id: String,
    /// Index into `Syllabus::domains`.
    pub domain: usize,
    pub number: Option<String>,
    pub title: String,
    pub summary: String,
    pub references: Vec<String>,
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Flashcard {
    pub id: String,
    /// Index into `Syllabus::topics`.
    pub topic: usize,
    pub front: String,
    pub back: String,
}

/// How a question is answered. The scheduler does not care (a question is a question); the
/// quiz, grading and display do.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Format {
    /// Pick one choice, or the number the stem states ("(Choose two.)").
    #[default]
    Choice,
    /// A series of statements, each Yes or No. `choices` are the statements, `answer` the
    /// statements whose answer is Yes.
    YesNo,
    /// Put the steps in order. `choices` are the steps in the right order; `answer` is 0..n.
    Ordering,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Choice => "choice",
            Format::YesNo => "yes-no",
            Format::Ordering => "ordering",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    /// Index into `Syllabus::topics`.
    pub topic: usize,
    pub difficulty: Option<Difficulty>,
    pub format: Format,
    /// Index into `Syllabus::case_studies`, for a question about a case study.
    pub case: Option<usize>,
    pub stem: String,
    /// The choices, the statements (yes/no) or the steps in order (ordering).
    pub choices: Vec<String>,
    /// Indices into `choices`, ascending; for ordering, every step in order.
    pub answer: Vec<usize>,
    pub explanation: String,
}

impl Question {
    /// More than one choice to pick ("(Choose two.)").
    pub fn is_multi(&self) -> bool {
        self.format == Format::Choice && self.answer.len() > 1
    }

    /// Is `chosen` (syllabus indices; for ordering, in the order given) the right answer? Every
    /// format is scored all-or-nothing (docs/syllabus-format.md).
    pub fn is_right(&self, chosen: &[usize]) -> bool {
        match self.format {
            Format::Ordering => chosen == self.answer,
            Format::Choice | Format::YesNo => {
                let mut set = chosen.to_vec();
                set.sort_unstable();
                set.dedup();
                set == self.answer
            }
        }
    }
}

/// A shared scenario that several questions refer to (the vendors' "case study").
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CaseStudy {
    pub id: String,
    pub title: String,
    /// Company background.
    pub overview: String,
    /// The existing environment and its problems.
    pub current: String,
    /// Business and technical requirements.
    pub requirements: String,
}

/// A topic of the predecessor exam, and the topics here that test the same knowledge.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TopicCarry {
    pub from: String,
    /// Indices into `Syllabus::topics`.
    pub to: Vec<usize>,
}

/// A question or flashcard of the predecessor, and the one here that tests the same knowledge.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ItemCarry {
    pub from: String,
    pub to: ItemAt,
}

/// A review item of a syllabus by kind and index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ItemAt {
    Flashcard(usize),
    Question(usize),
}

/// How a learner's progress carries from the predecessor to this exam.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Carry {
    pub topics: Vec<TopicCarry>,
    pub items: Vec<ItemCarry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Syllabus {
    pub exam: Exam,
    pub domains: Vec<Domain>,
    pub topics: Vec<Topic>,
    pub flashcards: Vec<Flashcard>,
    pub questions: Vec<Question>,
    pub case_studies: Vec<CaseStudy>,
    /// From the predecessor (`exam.predecessor`), if this exam replaces one.
    pub carry: Carry,
}

impl Syllabus {
    /// Domain weights as fractions summing to 1: range midpoints normalised, since Microsoft's
    /// midpoints rarely add up to 100.
    pub fn normalised_weights(&self) -> Vec<f64> {
        normalised_weights(&self.domains)
    }

    pub fn topic_domain(&self, topic: usize) -> usize {
        self.topics[topic].domain
    }

    /// Counts of (topics, questions, flashcards) per domain, in domain order.
    pub fn counts_per_domain(&self) -> Vec<DomainCounts> {
        let mut counts = vec![DomainCounts::default(); self.domains.len()];
        for t in &self.topics {
            counts[t.domain].topics += 1;
        }
        for q in &self.questions {
            let d = self.topic_domain(q.topic);
            counts[d].questions += 1;
            counts[d].multi_response += usize::from(q.is_multi());
        }
        for f in &self.flashcards {
            counts[self.topic_domain(f.topic)].flashcards += 1;
        }
        counts
    }

    /// True when every index points inside its list, as validation guarantees. Checked on a
    /// syllabus read back from the parse cache, which could have been damaged since it was written:
    /// the screens index with these and must not panic.
    pub fn indices_in_range(&self) -> bool {
        self.topics.iter().all(|t| t.domain < self.domains.len())
            && self.flashcards.iter().all(|f| f.topic < self.topics.len())
            && self.questions.iter().all(|q| {
                q.topic < self.topics.len()
                    && q.answer.iter().all(|&a| a < q.choices.len())
                    && q.case.is_none_or(|c| c < self.case_studies.len())
            })
            && self.carry.topics.iter().all(|c| c.to.iter().all(|&t| t < self.topics.len()))
            && self.carry.items.iter().all(|c| match c.to {
                ItemAt::Flashcard(i) => i < self.flashcards.len(),
                ItemAt::Question(i) => i < self.questions.len(),
            })
    }

    /// True when `key` is this exam's id or code, in any case (`SAA-C03`, `aws-saa-c03`).
    pub fn matches(&self, key: &str) -> bool {
        self.exam.id.eq_ignore_ascii_case(key) || self.exam.code.eq_ignore_ascii_case(key)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainCounts {
    pub topics: usize,
    pub questions: usize,
    pub multi_response: usize,
    pub flashcards: usize,
}

/// Range midpoints normalised to sum to 1.
pub(super) fn normalised_weights(domains: &[Domain]) -> Vec<f64> {
    let total: f64 = domains.iter().map(|d| d.weight.midpoint()).sum();
    domains.iter().map(|d| d.weight.midpoint() / total).collect()
}
