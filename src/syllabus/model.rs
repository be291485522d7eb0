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
    pub retires: Option<NaiveDate>,
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

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    /// Index into `Syllabus::topics`.
    pub topic: usize,
    pub difficulty: Option<Difficulty>,
    pub stem: String,
    pub choices: Vec<String>,
    /// Indices into `choices`, ascending.
    pub answer: Vec<usize>,
    pub explanation: String,
}

impl Question {
    pub fn is_multi(&self) -> bool {
        self.answer.len() > 1
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Syllabus {
    pub exam: Exam,
    pub domains: Vec<Domain>,
    pub topics: Vec<Topic>,
    pub flashcards: Vec<Flashcard>,
    pub questions: Vec<Question>,
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
                q.topic < self.topics.len() && !q.answer.is_empty() && q.answer.iter().all(|&a| a < q.choices.len())
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
