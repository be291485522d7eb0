//! Problems of single items: topics left without questions or flashcards, duplicated stems and
//! fronts (within the exam and against the other exams), choices that echo the stem, and past
//! dates spoken of as still to come. Each problem is a finding; a check counts them.

use chrono::NaiveDate;

use super::similar::{self, Text};
use super::{Check, Finding, Kind, Thresholds, dates, echo};
use crate::syllabus::{Format, Syllabus};

pub fn check(
    s: &Syllabus,
    others: &[&Syllabus],
    today: NaiveDate,
    limits: &Thresholds,
    checks: &mut Vec<Check>,
    findings: &mut Vec<Finding>,
) {
    let start = findings.len();
    coverage(s, findings);
    duplicates(s, others, findings);
    echoes(s, findings);
    past_dates(s, today, findings);
    // Items, not findings: a front repeated in two other exams is one front to reword.
    let found = |k: Kind| {
        let mut items: Vec<&str> = findings[start..].iter().filter(|f| f.kind == k).map(|f| f.item.as_str()).collect();
        items.sort_unstable();
        items.dedup();
        items.len()
    };
    let topics = s.topics.len();
    let counted = [
        (Kind::TopicWithoutQuestions, topics, "write at least one question for each topic listed"),
        (Kind::TopicWithoutFlashcards, topics, "write at least one flashcard for each topic listed"),
        (Kind::DuplicateStem, s.questions.len(), "reword or drop one question of each pair listed"),
        (Kind::DuplicateFront, s.flashcards.len(), "reword or merge one flashcard of each pair listed"),
        (Kind::CrossExamStem, s.questions.len(), "ask each question listed in this exam's own terms"),
        (Kind::CrossExamFront, s.flashcards.len(), "word each front listed for this exam"),
        (
            Kind::PastDate,
            s.questions.len() + s.flashcards.len() + topics,
            "update each text listed: the date has passed",
        ),
    ];
    for (kind, of, advice) in counted {
        checks.push(Check::count(kind.as_str(), found(kind), of, 0).advise(|_| advice.to_owned()));
    }
    let choice = s.questions.iter().filter(|q| q.format == Format::Choice).count();
    checks.push(
        Check::share(
            Kind::KeyEchoesStem.as_str(),
            found(Kind::KeyEchoesStem),
            choice,
            limits.key_echo,
            limits.min_sample,
        )
        .advise(|_| "reword the keys listed so they do not alone repeat the stem's words".to_owned()),
    );
}

fn coverage(s: &Syllabus, findings: &mut Vec<Finding>) {
    for (i, t) in s.topics.iter().enumerate() {
        if !s.questions.iter().any(|q| q.topic == i) {
            findings.push(Finding {
                kind: Kind::TopicWithoutQuestions,
                item: t.id.clone(),
                message: "no question tests this topic: add one, or fold the topic into another".into(),
            });
        }
        if !s.flashcards.iter().any(|f| f.topic == i) {
            findings.push(Finding {
                kind: Kind::TopicWithoutFlashcards,
                item: t.id.clone(),
                message: "no flashcard covers this topic: add one".into(),
            });
        }
    }
}

fn stems(s: &Syllabus) -> Vec<Text> {
    s.questions.iter().map(|q| Text::new(&q.id, &q.stem)).collect()
}

fn fronts(s: &Syllabus) -> Vec<Text> {
    s.flashcards.iter().map(|f| Text::new(&f.id, &f.front)).collect()
}

fn alike(likeness: f64) -> String {
    if likeness >= 1.0 { "the same words as".into() } else { format!("{:.0}% the same words as", likeness * 100.0) }
}

fn duplicates(s: &Syllabus, others: &[&Syllabus], findings: &mut Vec<Finding>) {
    let kinds = [
        (stems(s), Kind::DuplicateStem, Kind::CrossExamStem, "stem", stems as fn(&Syllabus) -> Vec<Text>),
        (fronts(s), Kind::DuplicateFront, Kind::CrossExamFront, "front", fronts),
    ];
    for (mine, within, across, what, of) in kinds {
        for (i, j, l) in similar::within(&mine) {
            findings.push(Finding {
                kind: within,
                item: mine[j].id.clone(),
                message: format!("{what} has {} {}: reword one, or drop it", alike(l), mine[i].id),
            });
        }
        for other in others {
            let theirs = of(other);
            for (i, t, l) in similar::across(&mine, &theirs) {
                findings.push(Finding {
                    kind: across,
                    item: mine[i].id.clone(),
                    message: format!(
                        "{what} has {} {} in {}: word it for this exam, or test a different point",
                        alike(l),
                        t.id,
                        other.exam.code
                    ),
                });
            }
        }
    }
}

fn echoes(s: &Syllabus, findings: &mut Vec<Finding>) {
    for q in s.questions.iter().filter(|q| q.format == Format::Choice) {
        let Some((i, words)) = echo::echoing_choice(&q.stem, &q.choices) else { continue };
        let letter = char::from(b'A' + i.min(25) as u8);
        let words = words.join(", ");
        let finding = if q.answer.contains(&i) {
            Finding {
                kind: Kind::KeyEchoesStem,
                item: q.id.clone(),
                message: format!(
                    "only the key ({letter}) repeats the stem's words ({words}): say the key in other words, or \
                     let a distractor use them too"
                ),
            }
        } else {
            Finding {
                kind: Kind::DistractorEchoesStem,
                item: q.id.clone(),
                message: format!(
                    "only distractor {letter} repeats the stem's words ({words}): it reads as a trap; reword it"
                ),
            }
        };
        findings.push(finding);
    }
}

/// Every text of the syllabus with the id it belongs to.
fn texts(s: &Syllabus) -> Vec<(&str, &str)> {
    let mut t: Vec<(&str, &str)> = s.exam.note.iter().map(|n| ("exam", n.as_str())).collect();
    for x in &s.topics {
        t.push((&x.id, &x.summary));
    }
    for c in &s.case_studies {
        t.extend([&c.overview, &c.current, &c.requirements].map(|x| (c.id.as_str(), x.as_str())));
    }
    for f in &s.flashcards {
        t.extend([(f.id.as_str(), f.front.as_str()), (f.id.as_str(), f.back.as_str())]);
    }
    for q in &s.questions {
        t.push((&q.id, &q.stem));
        t.extend(q.choices.iter().map(|c| (q.id.as_str(), c.as_str())));
        t.push((&q.id, &q.explanation));
    }
    t
}

fn past_dates(s: &Syllabus, today: NaiveDate, findings: &mut Vec<Finding>) {
    for (id, text) in texts(s) {
        for (sentence, date) in dates::past_in_future_tense(text, today) {
            findings.push(Finding {
                kind: Kind::PastDate,
                item: id.to_owned(),
                message: format!(
                    "\"{}\" speaks of {date} as still to come, but it has passed: say what happened, or drop the date",
                    crate::text::clip(&sentence, 100)
                ),
            });
        }
    }
}
