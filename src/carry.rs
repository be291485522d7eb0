//! Carrying a learner's progress from a retired exam to its successor, along the successor's
//! mapping (`[[carry]]`, `[[carry_item]]`): topic status, confidence and notes; the review state
//! of mapped items; the answers to mapped questions, so readiness for the new exam starts from
//! what the learner showed on the old one. Unmapped new topics carry nothing (readiness treats
//! them as unknown). Pure: the plan is worked out here, the store writes it in one transaction
//! and can undo it; the old exam's data is never touched.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::srs::CardState;
use crate::study::{Attempt, Light, Status, TopicProgress};
use crate::syllabus::{ItemAt, Syllabus};

/// What the old exam holds, and what the new one already has (never overwritten).
pub struct Held<'a> {
    pub old_progress: &'a [TopicProgress],
    /// (item id, state) of the old exam's items.
    pub old_cards: &'a [(String, CardState)],
    pub old_attempts: &'a [Attempt],
    pub new_progress: &'a [TopicProgress],
    pub new_cards: &'a HashSet<String>,
}

/// A topic's progress as it will be written for the new exam.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicPlan {
    pub topic: String,
    pub status: Status,
    pub confidence: Option<Light>,
    pub notes: String,
    /// The old topics it comes from.
    pub from: Vec<String>,
}

/// Everything a migration will write, and what it leaves, for the learner to see first.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Plan {
    pub from_exam: String,
    pub to_exam: String,
    pub topics: Vec<TopicPlan>,
    /// (new item id, its kind is a question, the state carried).
    pub cards: Vec<(String, bool, CardState)>,
    /// Answers to mapped questions, re-keyed to the new exam and question.
    pub attempts: Vec<Attempt>,
    /// Old topics with progress that no mapping takes anywhere.
    pub not_carried: Vec<String>,
    /// New topics no old topic maps to: nothing is known of them yet.
    pub new_topics: Vec<String>,
    /// New topics the learner has progress on already: kept as they are.
    pub kept: Vec<String>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.topics.is_empty() && self.cards.is_empty() && self.attempts.is_empty()
    }

    /// The plan as the learner reads it (both faces show these lines): what carries, what does
    /// not, what is new. `from` and `to` are the exams' codes.
    pub fn lines(&self, from: &str, to: &str) -> Vec<String> {
        let mut o = vec![
            format!("From {from} to {to}:"),
            format!(
                "  carries: {} topic(s), {} review state(s), {} answer(s)",
                self.topics.len(),
                self.cards.len(),
                self.attempts.len()
            ),
        ];
        for t in &self.topics {
            let conf = t.confidence.map_or("-", |c| c.as_str());
            o.push(format!("    {} ← {}: {}, confidence {conf}", t.topic, t.from.join(" + "), t.status.as_str()));
        }
        let list = |what: &str, ids: &[String]| (!ids.is_empty()).then(|| format!("  {what}: {}", ids.join(", ")));
        o.extend(list(&format!("kept as you have them in {to}"), &self.kept));
        o.extend(list(&format!("not carried (no longer in {to})"), &self.not_carried));
        o.extend(list(&format!("new in {to}, nothing known yet"), &self.new_topics));
        o
    }
}

/// Work out the migration from `old` to `new` (whose mapping names `old`'s ids).
pub fn plan(old: &Syllabus, new: &Syllabus, held: &Held) -> Plan {
    let mut plan = Plan { from_exam: old.exam.id.clone(), to_exam: new.exam.id.clone(), ..Default::default() };
    let started: HashSet<&str> = held.new_progress.iter().map(|p| p.topic_id.as_str()).collect();
    let progress: HashMap<&str, &TopicProgress> = held.old_progress.iter().map(|p| (p.topic_id.as_str(), p)).collect();
    let mut into: HashMap<usize, Vec<&TopicProgress>> = HashMap::new();
    let mut mapped_old = HashSet::new();
    for c in &new.carry.topics {
        mapped_old.insert(c.from.as_str());
        if let Some(p) = progress.get(c.from.as_str()) {
            for &t in &c.to {
                into.entry(t).or_default().push(p);
            }
        }
    }
    let mut targets: Vec<usize> = into.keys().copied().collect();
    targets.sort_unstable();
    for t in targets {
        let id = &new.topics[t].id;
        if started.contains(id.as_str()) {
            plan.kept.push(id.clone());
            continue;
        }
        plan.topics.push(merge(id, &into[&t], old));
    }
    let reached: HashSet<usize> = new.carry.topics.iter().flat_map(|c| c.to.iter().copied()).collect();
    plan.new_topics =
        (0..new.topics.len()).filter(|t| !reached.contains(t)).map(|t| new.topics[t].id.clone()).collect();
    plan.not_carried = held
        .old_progress
        .iter()
        .filter(|p| !mapped_old.contains(p.topic_id.as_str()))
        .map(|p| p.topic_id.clone())
        .collect();
    items(new, held, &mut plan);
    plan
}

/// Several old topics into one new one: the lowest status and confidence (claiming less, never
/// more, than the learner said), and every note, each under the topic it came from.
fn merge(topic: &str, from: &[&TopicProgress], old: &Syllabus) -> TopicPlan {
    let rank = |s: Status| match s {
        Status::Todo => 0,
        Status::Studying => 1,
        Status::Done => 2,
    };
    let status = from.iter().map(|p| p.status).min_by_key(|&s| rank(s)).unwrap_or_default();
    // No rating on one of them means nothing is claimed for the merge either.
    let confidence = from.iter().map(|p| p.confidence).min().flatten();
    let title = |id: &str| old.topics.iter().find(|t| t.id == id).map_or(id.to_owned(), |t| t.title.clone());
    let notes: Vec<String> = from
        .iter()
        .filter(|p| !p.notes.trim().is_empty())
        .map(|p| if from.len() == 1 { p.notes.clone() } else { format!("[{}] {}", title(&p.topic_id), p.notes) })
        .collect();
    TopicPlan {
        topic: topic.to_owned(),
        status,
        confidence,
        notes: notes.join("\n\n"),
        from: from.iter().map(|p| p.topic_id.clone()).collect(),
    }
}

/// Mapped items: their review state (where the new item has none yet) and their answers.
fn items(new: &Syllabus, held: &Held, plan: &mut Plan) {
    let cards: HashMap<&str, &CardState> = held.old_cards.iter().map(|(id, c)| (id.as_str(), c)).collect();
    for c in &new.carry.items {
        let (id, question) = match c.to {
            ItemAt::Question(i) => (&new.questions[i].id, true),
            ItemAt::Flashcard(i) => (&new.flashcards[i].id, false),
        };
        if let Some(state) = cards.get(c.from.as_str()).filter(|_| !held.new_cards.contains(id)) {
            plan.cards.push((id.clone(), question, **state));
        }
        if question {
            plan.attempts.extend(held.old_attempts.iter().filter(|a| a.question_id == c.from).map(|a| Attempt {
                session_id: None,
                exam_id: new.exam.id.clone(),
                question_id: id.clone(),
                ..a.clone()
            }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn syllabus(text: &str) -> Syllabus {
        crate::syllabus::check("s.toml", text).syllabus.expect("valid")
    }

    fn progress(topic: &str, status: Status, confidence: Option<Light>, notes: &str) -> TopicProgress {
        TopicProgress {
            exam_id: "old".into(),
            topic_id: topic.into(),
            status,
            confidence,
            notes: notes.into(),
            minutes: 0,
            created_at: 0,
            updated_at: 0,
        }
    }

    const SAMPLE: &str = include_str!("../assets/sample-syllabus.toml");

    #[test]
    fn merged_topics_claim_the_least_and_keep_every_note() {
        let old = syllabus(SAMPLE);
        let new_text = SAMPLE
            .replace("format = 1", "format = 2")
            .replace("[exam]\n", "[exam]\npredecessor = \"acme-cloud-basics\"\n")
            .replace("id = \"acme-cloud-basics\"", "id = \"acme-next\"")
            + "\n[[carry]]\nfrom = \"least-privilege\"\nto = [\"least-privilege\"]\n\n[[carry]]\nfrom = \"private-networks\"\nto = [\"least-privilege\"]\n\n[[carry_item]]\nfrom = \"q-least-privilege-1\"\nto = \"q-least-privilege-1\"\n";
        let new = syllabus(&new_text);
        let old_progress = [
            progress("least-privilege", Status::Done, Some(Light::Green), "scope grants"),
            progress("private-networks", Status::Studying, Some(Light::Amber), "no public IPs"),
        ];
        let attempt = Attempt {
            session_id: Some(3),
            exam_id: "acme-cloud-basics".into(),
            question_id: "q-least-privilege-1".into(),
            chosen: "A".into(),
            correct: true,
            seconds: 9.0,
            answered_at: 100,
        };
        let held = Held {
            old_progress: &old_progress,
            old_cards: &[("q-least-privilege-1".into(), CardState::new(50))],
            old_attempts: std::slice::from_ref(&attempt),
            new_progress: &[],
            new_cards: &HashSet::new(),
        };
        let p = plan(&old, &new, &held);
        assert_eq!(p.topics.len(), 1);
        let t = &p.topics[0];
        assert_eq!((t.status, t.confidence), (Status::Studying, Some(Light::Amber)), "the lower of the two");
        assert!(t.notes.contains("scope grants") && t.notes.contains("no public IPs"), "{}", t.notes);
        assert_eq!(p.new_topics, ["private-networks"], "nothing maps to it: unknown, not assumed");
        assert_eq!(p.cards.len(), 1);
        assert_eq!((p.attempts[0].exam_id.as_str(), p.attempts[0].session_id), ("acme-next", None));
        // What the learner already started on the new exam is kept.
        let started =
            [TopicProgress { exam_id: "acme-next".into(), ..progress("least-privilege", Status::Todo, None, "") }];
        let p = plan(&old, &new, &Held { new_progress: &started, ..held });
        assert!(p.topics.is_empty() && p.kept == ["least-privilege"]);
    }
}
