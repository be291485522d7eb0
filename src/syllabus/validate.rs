//! Semantic pass: ids, references between tables, weights, answers, duplicates. Every problem is
//! collected, whatever else is wrong with the same entry; the model is built only when there is
//! no error. Each check is one pass with hashed lookups, so the time grows with the file, not
//! with the file times its problems.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
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
    let mut v = Checker { problems };
    v.format(raw.format.as_ref(), &raw.whole);
    if raw.format.as_ref().is_some_and(|f| *f.get_ref() == 1) {
        v.format_2_features(&raw);
    }
    let exam = match raw.exam {
        Some(e) => v.exam(e),
        None if raw.exam_broken => None,
        None => {
            v.missing(&raw.whole, "[exam]", "add an `[exam]` table with the exam's id, code, name and facts");
            None
        }
    };
    let domain_ids: Vec<_> = raw.domains.iter().map(|d| d.get_ref().id.as_ref()).collect();
    let topic_ids: Vec<_> = raw.topics.iter().map(|t| t.get_ref().id.as_ref()).collect();
    // Flashcards and questions share one set of ids (both are review items).
    let item_ids: Vec<_> = (raw.flashcards.iter().map(|f| f.get_ref().id.as_ref()))
        .chain(raw.questions.iter().map(|q| q.get_ref().id.as_ref()))
        .collect();
    v.duplicates(&domain_ids, "domain");
    v.duplicates(&topic_ids, "topic");
    v.duplicates(&item_ids, "flashcard/question");
    let domain_ix = index(&domain_ids);
    let topic_ix = index(&topic_ids);
    let domain_spans: Vec<Range<usize>> = raw.domains.iter().map(Spanned::span).collect();
    let domains = v.domains(raw.domains, &raw.whole);
    let (topics, per_domain) = v.topics(raw.topics, &domain_ix, domain_spans.len());
    let case_ids: Vec<_> = raw.case_studies.iter().map(|c| c.get_ref().id.as_ref()).collect();
    v.duplicates(&case_ids, "case study");
    let case_ix = index(&case_ids);
    let item_ix = items_index(&raw.flashcards, &raw.questions);
    let flashcards = v.flashcards(raw.flashcards, &topic_ix);
    let questions = v.questions(raw.questions, &topic_ix, &case_ix);
    let case_studies = v.case_studies(raw.case_studies);
    let has_predecessor = exam.as_ref().is_some_and(|e| e.predecessor.is_some());
    let carry = v.carry(raw.carry, raw.carry_items, &topic_ix, &item_ix, has_predecessor);
    v.empty_domains(&domain_ix, &domain_spans, &per_domain);
    // Structural errors from the parse pass count too: any error and there is no syllabus.
    if v.problems.iter().any(Problem::is_error) {
        return None;
    }
    Some(Syllabus { exam: exam?, domains, topics, flashcards, questions, case_studies, carry })
}

/// Where each id is first written, by position in its list, for references to it. Every entry
/// with an id is here, even one with other problems: those are reported already, and naming the
/// entry elsewhere is not a second error. (With no error at all, every entry is in the model at
/// the same position.)
fn index(ids: &[Option<&Spanned<String>>]) -> HashMap<String, usize> {
    let mut ix = HashMap::with_capacity(ids.len());
    for (i, id) in ids.iter().enumerate() {
        if let Some(id) = id {
            ix.entry(id.get_ref().clone()).or_insert(i);
        }
    }
    ix
}

/// Every flashcard and question id with its place, for `[[carry_item]]`.
fn items_index(flashcards: &[Spanned<RawFlashcard>], questions: &[Spanned<RawQuestion>]) -> HashMap<String, ItemAt> {
    let cards =
        flashcards.iter().enumerate().filter_map(|(i, f)| Some((f.get_ref().id.as_ref()?, ItemAt::Flashcard(i))));
    let qs = questions.iter().enumerate().filter_map(|(i, q)| Some((q.get_ref().id.as_ref()?, ItemAt::Question(i))));
    let mut ix = HashMap::new();
    for (id, at) in cards.chain(qs) {
        ix.entry(id.get_ref().clone()).or_insert(at);
    }
    ix
}

/// `topic `x``, or `a topic` when the entry has no usable id.
fn owner(kind: &str, id: Option<&str>) -> String {
    id.map_or_else(|| format!("a {kind}"), |id| format!("{kind} `{id}`"))
}

struct Checker<'a> {
    problems: &'a mut Vec<Problem>,
}

impl Checker<'_> {
    fn err(&mut self, kind: &'static str, span: Range<usize>, msg: impl Into<String>, help: impl Into<String>) {
        self.problems.push(Problem::error(kind, span, msg).help(help));
    }

    fn missing(&mut self, whole: &Range<usize>, what: &str, help: &str) {
        self.err("missing-key", whole.start..whole.start, format!("missing {what}"), help);
    }

    fn format(&mut self, format: Option<&Spanned<i64>>, whole: &Range<usize>) {
        match format {
            None => self.missing(whole, "`format`", "add `format = 1` at the top of the file"),
            Some(f) if !(1..=2).contains(f.get_ref()) => self.err(
                "format",
                f.span(),
                format!("unsupported format {}", f.get_ref()),
                "this certtrack reads `format = 1` and `format = 2`; upgrade certtrack or rewrite the file",
            ),
            Some(_) => {}
        }
    }

    /// A `format = 1` file may not use what format 2 added: an older certtrack would report each
    /// new key as unknown instead of saying the file needs a newer certtrack.
    fn format_2_features(&mut self, raw: &RawSyllabus) {
        let exam = raw.exam.as_ref();
        let exam_keys = exam.into_iter().flat_map(|e| {
            [
                e.level.as_ref().map(|k| (k.span(), "`level`")),
                e.retired.as_ref().map(|k| (k.span(), "`retired`")),
                e.successor.as_ref().map(|k| (k.span(), "`successor`")),
                e.predecessor.as_ref().map(|k| (k.span(), "`predecessor`")),
            ]
        });
        let question_keys = raw.questions.iter().flat_map(|q| {
            let q = q.get_ref();
            let format = q.format.as_ref().filter(|f| *f.get_ref() != RawFormat::Choice);
            [format.map(|f| (f.span(), "a yes/no or ordering question")), q.case.as_ref().map(|c| (c.span(), "`case`"))]
        });
        let tables = (raw.case_studies.first().map(|c| (c.span(), "`[[case_study]]`")))
            .into_iter()
            .chain(raw.carry.first().map(|c| (c.span(), "`[[carry]]`")))
            .chain(raw.carry_items.first().map(|c| (c.span(), "`[[carry_item]]`")));
        if let Some((span, what)) = exam_keys.chain(question_keys).flatten().chain(tables).min_by_key(|(s, _)| s.start)
        {
            self.err(
                "format",
                span,
                format!("{what} needs `format = 2`; this file says `format = 1`"),
                "write `format = 2` at the top of the file (docs/syllabus-format.md lists what format 2 adds)",
            );
        }
    }

    fn text(&mut self, s: Option<&Spanned<String>>, what: &str) -> Option<String> {
        let s = s?;
        if s.get_ref().trim().is_empty() {
            self.err("empty-text", s.span(), format!("{what} is empty"), format!("write the {what}"));
        }
        Some(s.get_ref().trim().to_owned())
    }

    fn id(&mut self, s: Option<&Spanned<String>>, kind: &str) -> Option<String> {
        let s = s?;
        let id = s.get_ref();
        if !valid_id(id) {
            self.err(
                "invalid-id",
                s.span(),
                format!("invalid {kind} id `{id}`"),
                "use 1–64 characters from a-z, 0-9, '.', '_' and '-', starting with a letter or digit",
            );
        }
        Some(id.clone())
    }

    /// Every id written twice, reported at the later one with where the first is, in file order
    /// whichever lists the ids come from.
    fn duplicates(&mut self, ids: &[Option<&Spanned<String>>], kind: &str) {
        let mut ids: Vec<&Spanned<String>> = ids.iter().flatten().copied().collect();
        // Each list is in file order already; the stable sort only merges them.
        ids.sort_by_key(|s| s.span().start);
        let mut first: HashMap<&str, Range<usize>> = HashMap::with_capacity(ids.len());
        for s in ids {
            match first.entry(s.get_ref()) {
                Entry::Vacant(e) => {
                    e.insert(s.span());
                }
                Entry::Occupied(e) => self.problems.push(
                    Problem::error("duplicate-id", s.span(), format!("duplicate {kind} id `{}`", s.get_ref()))
                        .help("give each entry its own id; ids must be unique")
                        .first_at(e.get().clone()),
                ),
            }
        }
    }

    fn date(&mut self, d: Option<&Spanned<Datetime>>, key: &str) -> Option<NaiveDate> {
        let d = d?;
        let parsed = match (d.get_ref().date, d.get_ref().time) {
            (Some(date), None) => NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into()),
            _ => None,
        };
        if parsed.is_none() {
            self.err(
                "date",
                d.span(),
                format!("`{key}` must be a plain date"),
                format!("write it as `{key} = 2026-04-17`"),
            );
        }
        parsed
    }

    fn exam(&mut self, e: RawExam) -> Option<Exam> {
        let id = self.id(e.id.as_ref(), "exam");
        let code = self.text(e.code.as_ref(), "exam code");
        let name = self.text(e.name.as_ref(), "exam name");
        let guide = self.text(e.guide.as_ref(), "guide");
        let version = e.version.as_ref().and_then(|v| {
            self.bounded(v, 1, 1_000_000, "version", "a whole number from 1 up, raised with each published change")
        });
        let duration = e
            .duration_minutes
            .as_ref()
            .and_then(|d| self.bounded(d, 1, 600, "duration_minutes", "the exam time in minutes, e.g. 130"));
        let count = e.question_count.as_ref().and_then(|c| self.question_count(c));
        let pass_mark = e.pass_mark.as_ref().and_then(|p| self.pass_mark(p, e.scale.as_ref()));
        if let Some(types) = e.question_types.as_ref().filter(|t| t.get_ref().is_empty()) {
            self.err(
                "empty-text",
                types.span(),
                "question_types is empty",
                "list them, e.g. [\"multiple-choice\", \"multiple-response\"]",
            );
        }
        if let Some(source) = e.source.as_ref().filter(|s| !is_web_address(s.get_ref())) {
            self.err(
                "web-address",
                source.span(),
                "source is not a web address",
                "give the official guide's https:// address",
            );
        }
        let guide_date = self.date(e.guide_date.as_ref(), "guide_date");
        let retires = self.date(e.retires.as_ref(), "retires");
        let retired = self.date(e.retired.as_ref(), "retired");
        if let (Some(_), Some(r)) = (&e.retires, &e.retired) {
            self.err(
                "retired",
                r.span(),
                "both `retires` and `retired` are set",
                "keep one: `retired` once the exam has retired, `retires` while it is announced",
            );
        }
        let successor = self.id(e.successor.as_ref(), "successor exam");
        let predecessor = self.id(e.predecessor.as_ref(), "predecessor exam");
        Some(Exam {
            id: id?,
            provider: (*e.provider?.get_ref()).into(),
            code: code?,
            name: name?,
            version: version? as u32,
            guide: guide?,
            guide_date,
            duration_minutes: duration? as u32,
            question_count: count?,
            pass_mark: pass_mark?,
            question_types: e.question_types?.into_inner(),
            source: e.source?.into_inner(),
            confidence: e.confidence.map(|c| (*c.get_ref()).into()),
            note: e.note.map(|n| n.get_ref().trim().to_owned()).filter(|n| !n.is_empty()),
            retires: retires.or(retired),
            level: e.level.map(|l| (*l.get_ref()).into()),
            successor,
            predecessor,
        })
    }

    fn bounded(&mut self, v: &Spanned<i64>, lo: i64, hi: i64, key: &str, help: &str) -> Option<i64> {
        let x = *v.get_ref();
        if (lo..=hi).contains(&x) {
            Some(x)
        } else {
            self.err("out-of-range", v.span(), format!("`{key}` is {x}, outside {lo}–{hi}"), help);
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
                "out-of-range",
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
                "out-of-range",
                p.span(),
                "a numeric pass_mark needs a `scale`",
                "add `scale = [100, 1000]` (the score range the pass mark is on)",
            );
            return None;
        };
        let [lo, hi] = *scale.get_ref();
        if !(0 <= lo && lo < hi && hi <= 100_000) {
            self.err(
                "out-of-range",
                scale.span(),
                format!("scale [{lo}, {hi}] is not a score range"),
                "write [min, max] with 0 ≤ min < max, e.g. [100, 1000]",
            );
            return None;
        }
        if !(lo..=hi).contains(&pass) {
            self.err(
                "out-of-range",
                p.span(),
                format!("pass_mark {pass} is outside the scale [{lo}, {hi}]"),
                "put the pass mark on the exam's scale, e.g. 720 on [100, 1000]",
            );
            return None;
        }
        Some(PassMark::Scaled { pass: pass as u32, scale_min: lo as u32, scale_max: hi as u32 })
    }

    /// The domains that could be built, and the weight checks across all of them.
    fn domains(&mut self, raw: Vec<Spanned<RawDomain>>, whole: &Range<usize>) -> Vec<Domain> {
        if raw.is_empty() {
            self.missing(whole, "[[domain]] tables", "add at least one `[[domain]]` with an id, a name and a weight");
        }
        let first = raw.first().map(Spanned::span);
        let mut weights = Vec::with_capacity(raw.len());
        let mut out = Vec::with_capacity(raw.len());
        for d in raw {
            let d = d.into_inner();
            let id = self.id(d.id.as_ref(), "domain");
            let name = self.text(d.name.as_ref(), "domain name");
            let weight = d.weight.as_ref().map(|w| {
                let w = *w.get_ref();
                model::Range { min: w.min, max: w.max }
            });
            if let Some(w) = &d.weight
                && !(0.0 < w.get_ref().min && w.get_ref().min <= w.get_ref().max && w.get_ref().max <= 100.0)
            {
                self.err(
                    "weight",
                    w.span(),
                    "weight is not a percentage",
                    "write a percentage like 30 or a range like [20, 25], between 0 and 100, min ≤ max",
                );
            }
            weights.push(weight);
            if let (Some(id), Some(name), Some(weight)) = (id, name, weight) {
                out.push(Domain { id, name, weight });
            }
        }
        // A missing weight is reported already; a sum without it would be a second, false error.
        if let (Some(first), Some(weights)) = (first, weights.into_iter().collect::<Option<Vec<_>>>()) {
            self.weight_sum(&weights, first);
        }
        out
    }

    fn weight_sum(&mut self, weights: &[model::Range], at: Range<usize>) {
        let lo: f64 = weights.iter().map(|w| w.min).sum();
        let hi: f64 = weights.iter().map(|w| w.max).sum();
        let exact = weights.iter().all(|w| w.min == w.max);
        if exact && (lo - 100.0).abs() > WEIGHT_TOLERANCE {
            self.err(
                "weight",
                at,
                format!("domain weights add up to {lo}, not 100"),
                "adjust the weights so they add up to 100",
            );
        } else if !exact && (lo > 100.0 + WEIGHT_TOLERANCE || hi < 100.0 - WEIGHT_TOLERANCE) {
            self.err(
                "weight",
                at,
                format!("domain weight ranges cannot add up to 100 (minimums add to {lo}, maximums to {hi})"),
                "the minimums must add up to at most 100 and the maximums to at least 100",
            );
        }
    }

    /// The topics that could be built, and how many topics name each domain.
    fn topics(
        &mut self,
        raw: Vec<Spanned<RawTopic>>,
        domains: &HashMap<String, usize>,
        n_domains: usize,
    ) -> (Vec<Topic>, Vec<usize>) {
        let mut known: Vec<&str> = domains.keys().map(String::as_str).collect();
        known.sort_unstable();
        let known = known.join(", ");
        let mut per_domain = vec![0; n_domains];
        let mut out = Vec::with_capacity(raw.len());
        for t in raw {
            let t = t.into_inner();
            let id = self.id(t.id.as_ref(), "topic");
            let title = self.text(t.title.as_ref(), "topic title");
            let summary = self.text(t.summary.as_ref(), "topic summary");
            for r in t.references.as_ref().map_or(&[][..], |r| r.get_ref()) {
                if !is_web_address(r.get_ref()) {
                    self.err("web-address", r.span(), "reference is not a web address", "use a full https:// address");
                }
            }
            let domain = t.domain.as_ref().and_then(|d| {
                let found = domains.get(d.get_ref()).copied();
                if found.is_none() {
                    self.err(
                        "unknown-domain",
                        d.span(),
                        format!(
                            "{} names domain `{}`, which does not exist",
                            owner("topic", id.as_deref()),
                            d.get_ref()
                        ),
                        format!("use one of the [[domain]] ids: {known}"),
                    );
                }
                found
            });
            if let Some(d) = domain {
                per_domain[d] += 1;
            }
            if let (Some(id), Some(domain), Some(title), Some(summary)) = (id, domain, title, summary) {
                out.push(Topic {
                    id,
                    domain,
                    number: t.number.map(Spanned::into_inner),
                    title,
                    summary,
                    references: t
                        .references
                        .map_or_else(Vec::new, |r| r.into_inner().into_iter().map(Spanned::into_inner).collect()),
                    tags: t.tags.map_or_else(Vec::new, Spanned::into_inner),
                });
            }
        }
        (out, per_domain)
    }

    fn topic_ref(
        &mut self,
        topic: Option<&Spanned<String>>,
        topics: &HashMap<String, usize>,
        owner: &str,
    ) -> Option<usize> {
        let topic = topic?;
        let found = topics.get(topic.get_ref()).copied();
        if found.is_none() {
            self.err(
                "unknown-topic",
                topic.span(),
                format!("{owner} names topic `{}`, which does not exist", topic.get_ref()),
                "use the id of a [[topic]] in this file",
            );
        }
        found
    }

    fn flashcards(&mut self, raw: Vec<Spanned<RawFlashcard>>, topics: &HashMap<String, usize>) -> Vec<Flashcard> {
        let mut out = Vec::with_capacity(raw.len());
        for f in raw {
            let f = f.into_inner();
            let id = self.id(f.id.as_ref(), "flashcard");
            let front = self.text(f.front.as_ref(), "flashcard front");
            let back = self.text(f.back.as_ref(), "flashcard back");
            let topic = self.topic_ref(f.topic.as_ref(), topics, &owner("flashcard", id.as_deref()));
            if let (Some(id), Some(topic), Some(front), Some(back)) = (id, topic, front, back) {
                out.push(Flashcard { id, topic, front, back });
            }
        }
        out
    }

    fn questions(
        &mut self,
        raw: Vec<Spanned<RawQuestion>>,
        topics: &HashMap<String, usize>,
        cases: &HashMap<String, usize>,
    ) -> Vec<Question> {
        // Normalised stem → (the id of the question that has it first, where its stem is).
        let mut stems: HashMap<String, (Option<String>, Range<usize>)> = HashMap::with_capacity(raw.len());
        let mut out = Vec::with_capacity(raw.len());
        for q in raw {
            let q = q.into_inner();
            let id = self.id(q.id.as_ref(), "question");
            let who = owner("question", id.as_deref());
            let stem = self.text(q.stem.as_ref(), "question stem");
            let explanation = self.text(q.explanation.as_ref(), "explanation");
            if let (Some(text), Some(raw_stem)) = (&stem, &q.stem) {
                match stems.entry(normalise(text)) {
                    Entry::Vacant(e) => {
                        e.insert((id.clone(), raw_stem.span()));
                    }
                    Entry::Occupied(e) => {
                        let (first, at) = e.get();
                        let first = first.as_ref().map_or("an earlier question".to_owned(), |f| format!("`{f}`"));
                        self.problems.push(
                            Problem::error(
                                "duplicate-stem",
                                raw_stem.span(),
                                format!("{who} has the same stem as {first}"),
                            )
                            .help("reword one of them or remove the duplicate")
                            .first_at(at.clone()),
                        );
                    }
                }
            }
            let format = q.format.as_ref().map_or(Format::Choice, |f| match f.get_ref() {
                RawFormat::Choice => Format::Choice,
                RawFormat::YesNo => Format::YesNo,
                RawFormat::Ordering => Format::Ordering,
            });
            let choices = q.choices.as_ref().map(|c| self.choices(c, format));
            let n = choices.as_ref().map(Vec::len);
            let answer = match format {
                Format::Choice => q.answer.as_ref().and_then(|a| self.answer(a, n)),
                Format::YesNo => q.answer.as_ref().and_then(|a| self.yes_no(a, n)),
                Format::Ordering => n.map(|n| (0..n).collect()),
            };
            let case = q.case.as_ref().and_then(|c| {
                let found = cases.get(c.get_ref()).copied();
                if found.is_none() {
                    self.err(
                        "unknown-case",
                        c.span(),
                        format!("{who} names case study `{}`, which does not exist", c.get_ref()),
                        "use the id of a [[case_study]] in this file",
                    );
                }
                found
            });
            if let (Format::Choice, Some(said), Some(given), Some(a)) =
                (format, stem.as_deref().and_then(stated_count), &answer, &q.answer)
                && said != given.len()
            {
                self.err(
                    "answer",
                    a.span(),
                    format!("the stem says to choose {said}, the answer lists {}", given.len()),
                    "make the answer list and the stem's \"(Choose …)\" agree",
                );
            }
            let topic = self.topic_ref(q.topic.as_ref(), topics, &who);
            if let (Some(id), Some(topic), Some(stem), Some(choices), Some(answer), Some(explanation)) =
                (id, topic, stem, choices, answer, explanation)
            {
                let difficulty = q.difficulty.map(|d| (*d.get_ref()).into());
                out.push(Question { id, topic, difficulty, format, case, stem, choices, answer, explanation });
            }
        }
        out
    }

    fn choices(&mut self, choices: &Spanned<Vec<Spanned<String>>>, format: Format) -> Vec<String> {
        let n = choices.get_ref().len();
        let (range, what) = match format {
            Format::Choice => (2..=6, "choices; a question has 2 to 6"),
            Format::YesNo => (2..=5, "statements; a yes/no series has 2 to 5"),
            Format::Ordering => (3..=6, "steps; an ordering item has 3 to 6"),
        };
        if !range.contains(&n) {
            self.err("choices", choices.span(), format!("{n} {what}"), "add or remove some");
        }
        let mut seen: HashMap<String, Range<usize>> = HashMap::with_capacity(n);
        let mut out = Vec::with_capacity(n);
        for c in choices.get_ref() {
            let text = self.text(Some(c), "choice").unwrap_or_default();
            if !text.is_empty() {
                match seen.entry(normalise(&text)) {
                    Entry::Vacant(e) => {
                        e.insert(c.span());
                    }
                    Entry::Occupied(e) => self.problems.push(
                        Problem::error("duplicate-choice", c.span(), "the same choice appears twice")
                            .help("make every choice different")
                            .first_at(e.get().clone()),
                    ),
                }
            }
            out.push(text);
        }
        out
    }

    /// The answer's letters as choice indices. Every letter is checked, not just up to the
    /// first bad one; with the choices unreadable, only that they are letters.
    fn answer(&mut self, answer: &Spanned<Letters>, n_choices: Option<usize>) -> Option<Vec<usize>> {
        let last = (b'A' + n_choices.unwrap_or(6).clamp(1, 6) as u8 - 1) as char;
        let mut out = Vec::with_capacity(answer.get_ref().0.len());
        let mut ok = true;
        for l in &answer.get_ref().0 {
            let problem = match l.as_bytes() {
                [c @ b'A'..=b'F'] => {
                    let ix = usize::from(c - b'A');
                    match n_choices {
                        Some(n) if ix >= n => Some((
                            format!("answer `{l}` has no choice: there are only {n} choices (A–{last})"),
                            "point the answer at an existing choice or add the missing choice".to_owned(),
                        )),
                        _ if out.contains(&ix) => {
                            Some((format!("answer `{l}` is listed twice"), "list each correct letter once".to_owned()))
                        }
                        _ => {
                            out.push(ix);
                            None
                        }
                    }
                }
                _ => Some((
                    format!("answer `{l}` is not a choice letter"),
                    format!("use capital letters A–{last}, one per correct choice"),
                )),
            };
            if let Some((msg, help)) = problem {
                self.err("answer", answer.span(), msg, help);
                ok = false;
            }
        }
        let n = n_choices?;
        if ok && (out.is_empty() || (n > 0 && out.len() >= n)) {
            self.err(
                "answer",
                answer.span(),
                format!("{} correct answers for {n} choices", out.len()),
                "give at least one correct answer and at least one wrong choice",
            );
            return None;
        }
        out.sort_unstable();
        ok.then_some(out)
    }

    /// A yes/no series' answers, `"yes"` or `"no"` per statement: the statements answered yes.
    fn yes_no(&mut self, answer: &Spanned<Letters>, n: Option<usize>) -> Option<Vec<usize>> {
        let words = &answer.get_ref().0;
        let mut yes = Vec::new();
        for (i, w) in words.iter().enumerate() {
            match w.as_str() {
                "yes" => yes.push(i),
                "no" => {}
                _ => {
                    self.err(
                        "answer",
                        answer.span(),
                        format!("answer `{w}` is not yes or no"),
                        "write one \"yes\" or \"no\" per statement, e.g. [\"yes\", \"no\", \"yes\"]",
                    );
                    return None;
                }
            }
        }
        match n {
            Some(n) if n != words.len() => {
                self.err(
                    "answer",
                    answer.span(),
                    format!("{} answers for {n} statements", words.len()),
                    "give one yes or no for each statement",
                );
                None
            }
            _ => Some(yes),
        }
    }

    fn case_studies(&mut self, raw: Vec<Spanned<RawCaseStudy>>) -> Vec<CaseStudy> {
        let mut out = Vec::with_capacity(raw.len());
        for c in raw {
            let c = c.into_inner();
            let id = self.id(c.id.as_ref(), "case study");
            let title = self.text(c.title.as_ref(), "case study title");
            let overview = self.text(c.overview.as_ref(), "case study overview");
            let current = self.text(c.current.as_ref(), "case study's current environment");
            let requirements = self.text(c.requirements.as_ref(), "case study requirements");
            if let (Some(id), Some(title), Some(overview), Some(current), Some(requirements)) =
                (id, title, overview, current, requirements)
            {
                out.push(CaseStudy { id, title, overview, current, requirements });
            }
        }
        out
    }

    /// The mapping from the predecessor: only with one, every target here, each source once.
    fn carry(
        &mut self,
        topics: Vec<Spanned<RawCarry>>,
        items: Vec<Spanned<RawCarryItem>>,
        topic_ix: &HashMap<String, usize>,
        item_ix: &HashMap<String, ItemAt>,
        has_predecessor: bool,
    ) -> Carry {
        if !has_predecessor && let Some(first) = topics.first().map(Spanned::span).or(items.first().map(Spanned::span))
        {
            self.err(
                "carry",
                first,
                "a mapping without a predecessor",
                "name the exam this one replaces with `predecessor = \"<exam id>\"` in [exam]",
            );
        }
        let froms: Vec<_> = topics.iter().map(|c| c.get_ref().from.as_ref()).collect();
        self.duplicates(&froms, "carried topic");
        let item_froms: Vec<_> = items.iter().map(|c| c.get_ref().from.as_ref()).collect();
        self.duplicates(&item_froms, "carried item");
        let mut carry = Carry::default();
        for c in topics {
            let c = c.into_inner();
            let from = self.id(c.from.as_ref(), "predecessor topic");
            let to: Vec<Option<usize>> = c.to.as_ref().map_or_else(Vec::new, |to| {
                to.get_ref().iter().map(|t| self.topic_ref(Some(t), topic_ix, "a [[carry]]")).collect()
            });
            if let (Some(from), Some(to)) = (from, to.into_iter().collect::<Option<Vec<_>>>()) {
                carry.topics.push(TopicCarry { from, to });
            }
        }
        for c in items {
            let c = c.into_inner();
            let from = self.id(c.from.as_ref(), "predecessor item");
            let to = c.to.as_ref().and_then(|t| {
                let found = item_ix.get(t.get_ref()).copied();
                if found.is_none() {
                    self.err(
                        "unknown-item",
                        t.span(),
                        format!("a [[carry_item]] names `{}`, which is no question or flashcard here", t.get_ref()),
                        "use the id of a [[question]] or [[flashcard]] in this file",
                    );
                }
                found
            });
            if let (Some(from), Some(to)) = (from, to) {
                carry.items.push(ItemCarry { from, to });
            }
        }
        carry
    }

    /// A warning for each domain no topic names (a repeated id is reported as such instead).
    fn empty_domains(&mut self, ix: &HashMap<String, usize>, spans: &[Range<usize>], per_domain: &[usize]) {
        for (id, &i) in ix {
            if per_domain[i] == 0 {
                self.problems.push(
                    Problem::warning("empty-domain", spans[i].clone(), format!("domain `{id}` has no topics"))
                        .help("add [[topic]] entries naming this domain, or remove it"),
                );
            }
        }
    }
}

pub(super) fn valid_id(id: &str) -> bool {
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
