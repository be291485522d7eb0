//! A syllabus without its text: the exam, its domains, and the ids and places of its topics,
//! questions and flashcards. Readiness and the dashboard need nothing more, and an outline is a
//! twentieth of the size of the whole syllabus, so start-up reads outlines, not syllabi.

use serde::{Deserialize, Serialize};

use super::{Domain, Exam, Syllabus};

/// A topic's id and the index of its domain.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TopicRef {
    pub id: String,
    pub domain: usize,
}

/// A question's or flashcard's id and the index of its topic.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ItemRef {
    pub id: String,
    pub topic: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Outline {
    pub exam: Exam,
    pub domains: Vec<Domain>,
    /// In the syllabus's order, so indices mean the same in both.
    pub topics: Vec<TopicRef>,
    pub questions: Vec<ItemRef>,
    pub flashcards: Vec<ItemRef>,
}

impl Outline {
    pub fn of(s: &Syllabus) -> Outline {
        Outline {
            exam: s.exam.clone(),
            domains: s.domains.clone(),
            topics: s.topics.iter().map(|t| TopicRef { id: t.id.clone(), domain: t.domain }).collect(),
            questions: s.questions.iter().map(|q| ItemRef { id: q.id.clone(), topic: q.topic }).collect(),
            flashcards: s.flashcards.iter().map(|f| ItemRef { id: f.id.clone(), topic: f.topic }).collect(),
        }
    }

    /// Domain weights as fractions summing to 1 (see `Syllabus::normalised_weights`).
    pub fn normalised_weights(&self) -> Vec<f64> {
        super::model::normalised_weights(&self.domains)
    }

    pub fn topic_domain(&self, topic: usize) -> usize {
        self.topics[topic].domain
    }

    /// True when every index points inside its list (checked on an outline read back from the
    /// parse cache, as `Syllabus::indices_in_range` is).
    pub fn indices_in_range(&self) -> bool {
        self.topics.iter().all(|t| t.domain < self.domains.len())
            && self.questions.iter().chain(&self.flashcards).all(|i| i.topic < self.topics.len())
    }
}
