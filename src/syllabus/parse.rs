//! Structural pass: TOML syntax, text hygiene, sizes, and the shape of every table. Each
//! `[[topic]]`, `[[question]]`… is deserialised on its own so that one bad entry does not hide the
//! problems in the others.

use std::collections::HashSet;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::diagnostic::Problem;
use super::raw::{RawDomain, RawExam, RawFlashcard, RawQuestion, RawTopic};
use crate::text;

pub const MAX_FILE_BYTES: usize = 16 << 20;
const MAX_DEPTH: usize = 6;
const HELP_FORMAT: &str = "see docs/syllabus-format.md for the keys each table takes";

/// Everything that survived the structural pass. Entries that failed are reported and left out.
#[derive(Debug, Default)]
pub struct RawSyllabus {
    pub format: Option<Spanned<i64>>,
    pub exam: Option<RawExam>,
    pub domains: Vec<Spanned<RawDomain>>,
    pub topics: Vec<Spanned<RawTopic>>,
    pub flashcards: Vec<Spanned<RawFlashcard>>,
    pub questions: Vec<Spanned<RawQuestion>>,
    /// The whole document, for problems that belong nowhere in particular.
    pub whole: Range<usize>,
    /// Present but unreadable: already reported, so references to them are not errors again.
    pub exam_broken: bool,
    pub broken_ids: HashSet<String>,
}

/// (key, most entries allowed) of the arrays of tables a syllabus may have.
const ARRAYS: [(&str, usize); 4] = [("domain", 20), ("topic", 2_000), ("flashcard", 20_000), ("question", 20_000)];

pub fn parse(src: &str, problems: &mut Vec<Problem>) -> Option<RawSyllabus> {
    if src.len() > MAX_FILE_BYTES {
        problems.push(
            Problem::error(
                0..0,
                format!("file is {} bytes, more than the {} a syllabus may have", src.len(), MAX_FILE_BYTES),
            )
            .help("split the exam into smaller files or remove generated content"),
        );
        return None;
    }
    let (doc, syntax) = DeTable::parse_recoverable(src);
    if !syntax.is_empty() {
        problems.extend(syntax.into_iter().map(|e| toml_problem(&e, 0..0).help("fix the TOML syntax here")));
        return None;
    }
    let whole = doc.span();
    for (k, v) in doc.get_ref().iter() {
        check_text(v.get_ref(), v.span(), k.get_ref(), 1, problems);
    }
    let mut raw = RawSyllabus { whole: whole.clone(), ..Default::default() };
    let mut too_big = false;
    for (key, value) in doc.into_inner() {
        match key.get_ref().as_ref() {
            "format" => raw.format = item::<i64>(value, problems),
            "exam" => {
                raw.exam = item::<RawExam>(value, problems).map(Spanned::into_inner);
                raw.exam_broken = raw.exam.is_none();
            }
            name => match ARRAYS.iter().find(|(k, _)| *k == name) {
                Some(&(k, limit)) => too_big |= !entries(k, limit, value, &mut raw, problems),
                None => problems
                    .push(Problem::error(key.span(), format!("unknown top-level key `{}`", key.get_ref())).help(
                    "a syllabus has `format`, `[exam]`, `[[domain]]`, `[[topic]]`, `[[flashcard]]` and `[[question]]`",
                )),
            },
        }
    }
    (!too_big).then_some(raw)
}

/// Deserialise one array of tables entry by entry. Returns false when it is over its size limit.
fn entries(
    key: &str,
    limit: usize,
    value: Spanned<DeValue<'_>>,
    raw: &mut RawSyllabus,
    problems: &mut Vec<Problem>,
) -> bool {
    let span = value.span();
    let DeValue::Array(items) = value.into_inner() else {
        problems.push(
            Problem::error(span, format!("`{key}` must be an array of tables"))
                .help(format!("write each entry as a `[[{key}]]` table")),
        );
        return true;
    };
    if items.len() > limit {
        problems.push(
            Problem::error(span, format!("{} `[[{key}]]` entries, more than the {limit} allowed", items.len()))
                .help("split the syllabus or remove entries"),
        );
        return false;
    }
    for it in items {
        let id = entry_id(it.get_ref());
        let before = problems.len();
        match key {
            "domain" => raw.domains.extend(item(it, problems)),
            "topic" => raw.topics.extend(item(it, problems)),
            "flashcard" => raw.flashcards.extend(item(it, problems)),
            _ => raw.questions.extend(item(it, problems)),
        }
        if problems.len() > before {
            raw.broken_ids.extend(id);
        }
    }
    true
}

/// The `id` of an entry, read before deserialising it, to remember entries that failed.
fn entry_id(v: &DeValue<'_>) -> Option<String> {
    let DeValue::Table(t) = v else { return None };
    t.iter().find(|(k, _)| k.get_ref() == "id").and_then(|(_, v)| v.get_ref().as_str()).map(str::to_owned)
}

fn item<'de, T: Deserialize<'de>>(value: Spanned<DeValue<'de>>, problems: &mut Vec<Problem>) -> Option<Spanned<T>> {
    let span = value.span();
    match T::deserialize(ValueDeserializer::from(value)) {
        Ok(v) => Some(Spanned::new(span, v)),
        Err(e) => {
            problems.push(toml_problem(&e, span).help(HELP_FORMAT));
            None
        }
    }
}

fn toml_problem(e: &toml::de::Error, fallback: Range<usize>) -> Problem {
    Problem::error(e.span().unwrap_or(fallback), e.message().trim().to_owned())
}

/// Longest text allowed for a key, in characters; `None` for keys a syllabus does not have
/// (those are reported as unknown, once).
fn max_chars(key: &str) -> Option<usize> {
    Some(match key {
        "stem" => 4_000,
        "explanation" => 8_000,
        "summary" | "front" | "back" | "note" | "choices" => 2_000,
        "references" | "source" => 500,
        "tags" => 40,
        "id" | "domain" | "topic" | "code" | "name" | "title" | "guide" | "number" | "provider" | "difficulty"
        | "answer" | "question_types" | "confidence" | "pass_mark" => 200,
        _ => return None,
    })
}

/// Every string in the document: no control characters, no absurd lengths, no deep nesting.
fn check_text(value: &DeValue<'_>, span: Range<usize>, key: &str, depth: usize, problems: &mut Vec<Problem>) {
    if depth > MAX_DEPTH {
        problems.push(
            Problem::error(span, "values nested too deeply").help("a syllabus needs at most a list inside a table"),
        );
        return;
    }
    match value {
        DeValue::String(s) => check_string(s, span, key, problems),
        DeValue::Array(items) => {
            for v in items.iter() {
                check_text(v.get_ref(), v.span(), key, depth + 1, problems);
            }
        }
        DeValue::Table(t) => {
            for (k, v) in t.iter() {
                check_text(v.get_ref(), v.span(), k.get_ref(), depth + 1, problems);
            }
        }
        _ => {}
    }
}

fn check_string(s: &str, span: Range<usize>, key: &str, problems: &mut Vec<Problem>) {
    if let Some((_, c)) = text::find_forbidden(s) {
        problems.push(
            Problem::error(span.clone(), format!("`{key}` contains the control character {}", text::describe(c)))
                .help("remove it: syllabus text must be plain (newlines and tabs are allowed)"),
        );
    }
    let Some(limit) = max_chars(key) else { return };
    let len = s.chars().count();
    if len > limit {
        problems.push(
            Problem::error(span, format!("`{key}` is {len} characters long, more than the {limit} allowed"))
                .help("shorten it"),
        );
    }
}
