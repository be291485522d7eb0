//! Semantic pass: ids, references between tables, weights, answers, duplicates. Every problem is
//! collected; the model is built only when there is no error.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use chrono::NaiveDate;
use toml::Spanned;
use toml::value::Datetime;

use super::diagnostic::Problem;
use super::model::{self, *};
use super::parse::RawSyllabus;
use super::raw::*;

const WEIGHT_TOLERANCE: f64 = 0.01;

pub fn validate(raw: RawSyllabus, problems: &mut Vec<Problem>) -> Option<Syllabus> {
    let mut v = Checker { problems, broken: raw.broken_ids };
    v.format(raw.format.as_ref(), &raw.whole);
    let exam = match raw.exam {
        Some(e) => v.exam(e),
        None if raw.exam_broken => None,
        None => {
            v.missing(&raw.whole, "[exam]", "add an `[exam]` table with the exam's id, code, name and facts");
            None
        }
    };
    let domains = v.domains(raw.domains, &raw.whole);
    let topics = v.topics(raw.topics, &domains);
    let mut item_ids = HashSet::new();
    let flashcards = v.flashcards(raw.flashcards, &topics.1, &mut item_ids);
    let questions = v.questions(raw.questions, &topics.1, &mut item_ids);
    // Structural errors from the parse pass count too: any error and there is no syllabus.
    if v.problems.iter().any(Problem::is_error) {
        return None;
    }
    v.empty_domains(&domains, &topics.0);
    Some(Syllabus {
        exam: exam?,
        domains: domains.into_iter().map(|(d, _)| d).collect(),
        topics: topics.0,
        flashcards,
        questions,
    })
}

struct Checker<'a> {
    problems: &'a mut Vec<Problem>,
    /// Ids of entries that failed (to parse, or a check); naming one is not a second error.
    broken: HashSet<String>,
}

impl Checker<'_> {
    fn err(&mut self, span: Range<usize>, msg: impl Into<String>, help: impl Into<String>) {
        self.problems.push(Problem::error(span, msg).help(help));
    }

    fn missing(&mut self, whole: &Range<usize>, what: &str, help: &str) {
        self.err(whole.start..whole.start, format!("missing {what}"), help);
    }

    fn format(&mut self, format: Option<&Spanned<i64>>, whole: &Range<usize>) {
        match format {
            None => self.missing(whole, "`format`", "add `format = 1` at the top of the file"),
            Some(f) if *f.get_ref() != 1 => self.err(
                f.span(),
                format!("unsupported format {}", f.get_ref()),
                "this certtrack reads `format = 1`; upgrade certtrack or rewrite the file for format 1",
            ),
            Some(_) => {}
        }
    }

    fn text(&mut self, s: &Spanned<String>, what: &str) -> String {
        if s.get_ref().trim().is_empty() {
            self.err(s.span(), format!("{what} is empty"), format!("write the {what}"));
        }
        s.get_ref().trim().to_owned()
    }

    fn id(&mut self, s: &Spanned<String>, seen: &mut HashSet<String>, kind: &str) -> String {
        let id = s.get_ref();
        if !valid_id(id) {
            self.err(
                s.span(),
                format!("invalid {kind} id `{id}`"),
                "use 1–64 characters from a-z, 0-9, '.', '_' and '-', starting with a letter or digit",
            );
        } else if !seen.insert(id.clone()) {
            self.err(s.span(), format!("duplicate {kind} id `{id}`"), "give each entry its own id; ids must be unique");
        }
        id.clone()
    }

    fn date(&mut self, d: Option<&Spanned<Datetime>>, key: &str) -> Option<NaiveDate> {
        let d = d?;
        let parsed = match (d.get_ref().date, d.get_ref().time) {
            (Some(date), None) => NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into()),
            _ => None,
        };
        if parsed.is_none() {
            self.err(d.span(), format!("`{key}` must be a plain date"), format!("write it as `{key} = 2026-04-17`"));
        }
        parsed
    }

    fn exam(&mut self, e: RawExam) -> Option<Exam> {
        let id = self.id(&e.id, &mut HashSet::new(), "exam");
        let code = self.text(&e.code, "exam code");
        let name = self.text(&e.name, "exam name");
        let guide = self.text(&e.guide, "guide");
        let version = self.bounded(
            &e.version,
            1,
            1_000_000,
            "version",
            "a whole number from 1 up, raised with each published change",
        );
        let duration =
            self.bounded(&e.duration_minutes, 1, 600, "duration_minutes", "the exam time in minutes, e.g. 130");
        let count = self.question_count(&e.question_count);
        let pass_mark = self.pass_mark(&e.pass_mark, e.scale.as_ref());
        if e.question_types.get_ref().is_empty() {
            self.err(
                e.question_types.span(),
                "question_types is empty",
                "list them, e.g. [\"multiple-choice\", \"multiple-response\"]",
            );
        }
        if !is_web_address(e.source.get_ref()) {
            self.err(e.source.span(), "source is not a web address", "give the official guide's https:// address");
        }
        let guide_date = self.date(e.guide_date.as_ref(), "guide_date");
        let retires = self.date(e.retires.as_ref(), "retires");
        Some(Exam {
            id,
            provider: (*e.provider.get_ref()).into(),
            code,
            name,
            version: version? as u32,
            guide,
            guide_date,
            duration_minutes: duration? as u32,
            question_count: count?,
            pass_mark: pass_mark?,
            question_types: e.question_types.into_inner(),
            source: e.source.into_inner(),
            confidence: e.confidence.map(Into::into),
            note: e.note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()),
            retires,
        })
    }

    fn bounded(&mut self, v: &Spanned<i64>, lo: i64, hi: i64, key: &str, help: &str) -> Option<i64> {
        let x = *v.get_ref();
        if (lo..=hi).contains(&x) {
            Some(x)
        } else {
            self.err(v.span(), format!("`{key}` is {x}, outside {lo}–{hi}"), help);
            None
        }
    }

    fn question_count(&mut self, c: &Spanned<NumberOrRange>) -> Option<(u32, u32)> {
        let NumberOrRange { min, max } = *c.get_ref();
        let whole = min.fract() == 0.0 && max.fract() == 0.0;
        if whole && 1.0 <= min && min <= max && max <= 1000.0 {
            Some((min as u32, max as u32))
        } else {
            self.err(
                c.span(),
                "question_count is not a sensible count",
                "write a whole number like 65 or a range like [50, 60] with min ≤ max ≤ 1000",
            );
            None
        }
    }

    fn pass_mark(&mut self, p: &Spanned<RawPassMark>, scale: Option<&Spanned<[i64; 2]>>) -> Option<PassMark> {
        let RawPassMark::Score(pass) = *p.get_ref() else {
            return Some(PassMark::NotPublished);
        };
        let Some(scale) = scale else {
            self.err(
                p.span(),
                "a numeric pass_mark needs a `scale`",
                "add `scale = [100, 1000]` (the score range the pass mark is on)",
            );
            return None;
        };
        let [lo, hi] = *scale.get_ref();
        if !(0 <= lo && lo < hi && hi <= 100_000) {
            self.err(
                scale.span(),
                format!("scale [{lo}, {hi}] is not a score range"),
                "write [min, max] with 0 ≤ min < max, e.g. [100, 1000]",
            );
            return None;
        }
        if !(lo..=hi).contains(&pass) {
            self.err(
                p.span(),
                format!("pass_mark {pass} is outside the scale [{lo}, {hi}]"),
                "put the pass mark on the exam's scale, e.g. 720 on [100, 1000]",
            );
            return None;
        }
        Some(PassMark::Scaled { pass: pass as u32, scale_min: lo as u32, scale_max: hi as u32 })
    }

    /// Domains with their spans, and the weight checks across all of them.
    fn domains(&mut self, raw: Vec<Spanned<RawDomain>>, whole: &Range<usize>) -> Vec<(Domain, Range<usize>)> {
        if raw.is_empty() {
            self.missing(whole, "[[domain]] tables", "add at least one `[[domain]]` with an id, a name and a weight");
        }
        let mut seen = HashSet::new();
        let mut out = Vec::with_capacity(raw.len());
        for d in raw {
            let span = d.span();
            let d = d.into_inner();
            let id = self.id(&d.id, &mut seen, "domain");
            let name = self.text(&d.name, "domain name");
            let w = *d.weight.get_ref();
            if !(0.0 < w.min && w.min <= w.max && w.max <= 100.0) {
                self.err(
                    d.weight.span(),
                    "weight is not a percentage",
                    "write a percentage like 30 or a range like [20, 25], between 0 and 100, min ≤ max",
                );
            }
            out.push((Domain { id, name, weight: model::Range { min: w.min, max: w.max } }, span));
        }
        self.weight_sum(&out);
        out
    }

    fn weight_sum(&mut self, domains: &[(Domain, Range<usize>)]) {
        let Some(first) = domains.first() else { return };
        let lo: f64 = domains.iter().map(|(d, _)| d.weight.min).sum();
        let hi: f64 = domains.iter().map(|(d, _)| d.weight.max).sum();
        let exact = domains.iter().all(|(d, _)| d.weight.min == d.weight.max);
        if exact && (lo - 100.0).abs() > WEIGHT_TOLERANCE {
            self.err(
                first.1.clone(),
                format!("domain weights add up to {lo}, not 100"),
                "adjust the weights so they add up to 100",
            );
        } else if !exact && (lo > 100.0 + WEIGHT_TOLERANCE || hi < 100.0 - WEIGHT_TOLERANCE) {
            self.err(
                first.1.clone(),
                format!("domain weight ranges cannot add up to 100 (minimums add to {lo}, maximums to {hi})"),
                "the minimums must add up to at most 100 and the maximums to at least 100",
            );
        }
    }

    fn topics(
        &mut self,
        raw: Vec<Spanned<RawTopic>>,
        domains: &[(Domain, Range<usize>)],
    ) -> (Vec<Topic>, HashMap<String, usize>) {
        let domain_ix: HashMap<&str, usize> =
            domains.iter().enumerate().map(|(i, (d, _))| (d.id.as_str(), i)).collect();
        let mut seen = HashSet::new();
        let mut index = HashMap::new();
        let mut out = Vec::with_capacity(raw.len());
        for t in raw {
            let t = t.into_inner();
            let id = self.id(&t.id, &mut seen, "topic");
            let title = self.text(&t.title, "topic title");
            let summary = self.text(&t.summary, "topic summary");
            for r in &t.references {
                if !is_web_address(r.get_ref()) {
                    self.err(r.span(), "reference is not a web address", "use a full https:// address");
                }
            }
            let Some(&domain) = domain_ix.get(t.domain.get_ref().as_str()) else {
                self.broken.insert(id.clone());
                if self.broken.contains(t.domain.get_ref()) {
                    continue;
                }
                let known: Vec<&str> = domain_ix.keys().copied().collect();
                self.err(
                    t.domain.span(),
                    format!("topic `{id}` names domain `{}`, which does not exist", t.domain.get_ref()),
                    format!("use one of the [[domain]] ids: {}", sorted_list(known)),
                );
                continue;
            };
            index.insert(id.clone(), out.len());
            out.push(Topic {
                id,
                domain,
                number: t.number,
                title,
                summary,
                references: t.references.into_iter().map(Spanned::into_inner).collect(),
                tags: t.tags,
            });
        }
        (out, index)
    }

    fn topic_ref(&mut self, topic: &Spanned<String>, topics: &HashMap<String, usize>, owner: &str) -> Option<usize> {
        let found = topics.get(topic.get_ref()).copied();
        if found.is_none() && !self.broken.contains(topic.get_ref()) {
            self.err(
                topic.span(),
                format!("{owner} names topic `{}`, which does not exist", topic.get_ref()),
                "use the id of a [[topic]] in this file",
            );
        }
        found
    }

    fn flashcards(
        &mut self,
        raw: Vec<Spanned<RawFlashcard>>,
        topics: &HashMap<String, usize>,
        ids: &mut HashSet<String>,
    ) -> Vec<Flashcard> {
        let mut out = Vec::with_capacity(raw.len());
        for f in raw {
            let f = f.into_inner();
            let id = self.id(&f.id, ids, "flashcard/question");
            let front = self.text(&f.front, "flashcard front");
            let back = self.text(&f.back, "flashcard back");
            if let Some(topic) = self.topic_ref(&f.topic, topics, &format!("flashcard `{id}`")) {
                out.push(Flashcard { id, topic, front, back });
            }
        }
        out
    }

    fn questions(
        &mut self,
        raw: Vec<Spanned<RawQuestion>>,
        topics: &HashMap<String, usize>,
        ids: &mut HashSet<String>,
    ) -> Vec<Question> {
        let mut stems: HashMap<String, String> = HashMap::new();
        let mut out = Vec::with_capacity(raw.len());
        for q in raw {
            let q = q.into_inner();
            let id = self.id(&q.id, ids, "flashcard/question");
            let stem = self.text(&q.stem, "question stem");
            let explanation = self.text(&q.explanation, "explanation");
            if let Some(first) = stems.insert(normalise(&stem), id.clone()) {
                self.err(
                    q.stem.span(),
                    format!("question `{id}` has the same stem as `{first}`"),
                    "reword one of them or remove the duplicate",
                );
            }
            let choices = self.choices(&q.choices);
            let answer = self.answer(&q.answer, choices.len());
            if let (Some(said), Some(given)) = (stated_count(&stem), answer.as_ref().map(Vec::len))
                && said != given
            {
                self.err(
                    q.answer.span(),
                    format!("the stem says to choose {said}, the answer lists {given}"),
                    "make the answer list and the stem's \"(Choose …)\" agree",
                );
            }
            let topic = self.topic_ref(&q.topic, topics, &format!("question `{id}`"));
            if let (Some(topic), Some(answer)) = (topic, answer) {
                out.push(Question {
                    id,
                    topic,
                    difficulty: q.difficulty.map(Into::into),
                    stem,
                    choices,
                    answer,
                    explanation,
                });
            }
        }
        out
    }

    fn choices(&mut self, choices: &Spanned<Vec<Spanned<String>>>) -> Vec<String> {
        let n = choices.get_ref().len();
        if !(2..=6).contains(&n) {
            self.err(choices.span(), format!("{n} choices; a question has 2 to 6"), "add or remove choices");
        }
        let mut seen = HashSet::new();
        let mut out = Vec::with_capacity(n);
        for c in choices.get_ref() {
            let text = self.text(c, "choice");
            if !text.is_empty() && !seen.insert(normalise(&text)) {
                self.err(c.span(), "the same choice appears twice", "make every choice different");
            }
            out.push(text);
        }
        out
    }

    fn answer(&mut self, answer: &Spanned<Letters>, n_choices: usize) -> Option<Vec<usize>> {
        let letters = &answer.get_ref().0;
        let last = (b'A' + n_choices.clamp(1, 6) as u8 - 1) as char;
        let mut out = Vec::with_capacity(letters.len());
        for l in letters {
            let ix = match l.as_bytes() {
                [c @ b'A'..=b'F'] => usize::from(c - b'A'),
                _ => {
                    self.err(
                        answer.span(),
                        format!("answer `{l}` is not a choice letter"),
                        format!("use capital letters A–{last}, one per correct choice"),
                    );
                    return None;
                }
            };
            if ix >= n_choices {
                self.err(
                    answer.span(),
                    format!("answer `{l}` has no choice: there are only {n_choices} choices (A–{last})"),
                    "point the answer at an existing choice or add the missing choice",
                );
                return None;
            }
            if out.contains(&ix) {
                self.err(answer.span(), format!("answer `{l}` is listed twice"), "list each correct letter once");
                return None;
            }
            out.push(ix);
        }
        if out.is_empty() || (n_choices > 0 && out.len() >= n_choices) {
            self.err(
                answer.span(),
                format!("{} correct answers for {n_choices} choices", out.len()),
                "give at least one correct answer and at least one wrong choice",
            );
            return None;
        }
        out.sort_unstable();
        Some(out)
    }

    fn empty_domains(&mut self, domains: &[(Domain, Range<usize>)], topics: &[Topic]) {
        for (i, (d, span)) in domains.iter().enumerate() {
            if !topics.iter().any(|t| t.domain == i) {
                self.problems.push(
                    Problem::warning(span.clone(), format!("domain `{}` has no topics", d.id))
                        .help("add [[topic]] entries naming this domain, or remove it"),
                );
            }
        }
    }
}

fn valid_id(id: &str) -> bool {
    let b = id.as_bytes();
    (1..=64).contains(&b.len())
        && b[0].is_ascii_alphanumeric()
        && b.iter().all(|c| matches!(c, b'a'..=b'z' | b'0'..=b'9' | b'.' | b'_' | b'-'))
}

fn is_web_address(s: &str) -> bool {
    (s.starts_with("https://") || s.starts_with("http://")) && s.len() > 10 && !s.contains(char::is_whitespace)
}

/// How many answers a stem asks for with "(Choose two.)" or "(Choose 3)", if it says.
fn stated_count(stem: &str) -> Option<usize> {
    let rest = &stem[stem.find("(Choose ")? + "(Choose ".len()..];
    let word = rest.split(|c: char| !c.is_ascii_alphanumeric()).next()?;
    let words = ["one", "two", "three", "four", "five"];
    words.iter().position(|w| w.eq_ignore_ascii_case(word)).map(|i| i + 1).or_else(|| word.parse().ok())
}

/// Case- and whitespace-insensitive form, for duplicate detection.
fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

fn sorted_list(mut items: Vec<&str>) -> String {
    items.sort_unstable();
    items.join(", ")
}
