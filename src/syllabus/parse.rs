//! Structural pass: TOML syntax, text hygiene, sizes, and the shape of every table. Each
//! `[[topic]]`, `[[question]]`… is read on its own, key by key, so that one bad entry or key does
//! not hide the problems in the others.

use std::borrow::Cow;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::diagnostic::Problem;
use super::raw::{
    RawCarry, RawCarryItem, RawCaseStudy, RawDomain, RawExam, RawFlashcard, RawQuestion, RawTopic, Table, value_of,
};
use crate::text;

pub const MAX_FILE_BYTES: usize = 16 << 20;
const MAX_DEPTH: usize = 6;

/// Everything that survived the structural pass. Entries that are not tables are reported and
/// left out; the others are kept with whatever keys could be read.
#[derive(Debug, Default)]
pub struct RawSyllabus {
    pub format: Option<Spanned<i64>>,
    pub exam: Option<RawExam>,
    pub domains: Vec<Spanned<RawDomain>>,
    pub topics: Vec<Spanned<RawTopic>>,
    pub flashcards: Vec<Spanned<RawFlashcard>>,
    pub questions: Vec<Spanned<RawQuestion>>,
    pub case_studies: Vec<Spanned<RawCaseStudy>>,
    pub carry: Vec<Spanned<RawCarry>>,
    pub carry_items: Vec<Spanned<RawCarryItem>>,
    /// The whole document, for problems that belong nowhere in particular.
    pub whole: Range<usize>,
    /// Present but not a table: already reported, so not "missing" as well.
    pub exam_broken: bool,
}

/// (key, most entries allowed) of the arrays of tables a syllabus may have.
const ARRAYS: [(&str, usize); 7] = [
    ("domain", 20),
    ("topic", 2_000),
    ("flashcard", 20_000),
    ("question", 20_000),
    ("case_study", 200),
    ("carry", 2_000),
    ("carry_item", 40_000),
];

/// CRLF line ends (Windows, git's `autocrlf`) read as LF, so multi-line strings do not carry a
/// carriage return into the text; a CR anywhere else stays and is refused with the other control
/// characters. Only the CR before each LF goes, so every line and column stays where it was.
/// A file over the size limit is left as it is, to be refused without copying it.
pub fn normalise_line_ends(src: &str) -> Cow<'_, str> {
    if src.len() > MAX_FILE_BYTES || !src.contains("\r\n") {
        return Cow::Borrowed(src);
    }
    Cow::Owned(src.replace("\r\n", "\n"))
}

pub fn parse(src: &str, problems: &mut Vec<Problem>) -> Option<RawSyllabus> {
    if src.len() > MAX_FILE_BYTES {
        problems.push(
            Problem::error(
                "size",
                0..0,
                format!("file is {} bytes, more than the {} a syllabus may have", src.len(), MAX_FILE_BYTES),
            )
            .help("split the exam into smaller files or remove generated content"),
        );
        return None;
    }
    let (doc, syntax) = DeTable::parse_recoverable(src);
    if !syntax.is_empty() {
        problems.extend(syntax.into_iter().map(|e| {
            Problem::error("syntax", e.span().unwrap_or(0..0), e.message().trim().to_owned())
                .help("fix the TOML syntax here")
        }));
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
            "format" => raw.format = value_of(value, "format", problems),
            "exam" => {
                raw.exam = Table::read("[exam]", value, problems, RawExam::read).map(Spanned::into_inner);
                raw.exam_broken = raw.exam.is_none();
            }
            name => match ARRAYS.iter().find(|(k, _)| *k == name) {
                Some(&(k, limit)) => too_big |= !entries(k, limit, value, &mut raw, problems),
                None => problems.push(
                    Problem::error("unknown-key", key.span(), format!("unknown top-level key `{}`", key.get_ref()))
                        .help(
                        "a syllabus has `format`, `[exam]`, `[[domain]]`, `[[topic]]`, `[[flashcard]]`, `[[question]]`, `[[case_study]]`, `[[carry]]` and `[[carry_item]]`",
                    ),
                ),
            },
        }
    }
    (!too_big).then_some(raw)
}

/// Read one array of tables entry by entry. Returns false when it is over its size limit.
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
            Problem::error("invalid-value", span, format!("`{key}` must be an array of tables"))
                .help(format!("write each entry as a `[[{key}]]` table")),
        );
        return true;
    };
    if items.len() > limit {
        problems.push(
            Problem::error("size", span, format!("{} `[[{key}]]` entries, more than the {limit} allowed", items.len()))
                .help("split the syllabus or remove entries"),
        );
        return false;
    }
    for it in items {
        match key {
            "domain" => raw.domains.extend(Table::read("[[domain]]", it, problems, RawDomain::read)),
            "topic" => raw.topics.extend(Table::read("[[topic]]", it, problems, RawTopic::read)),
            "flashcard" => raw.flashcards.extend(Table::read("[[flashcard]]", it, problems, RawFlashcard::read)),
            "case_study" => raw.case_studies.extend(Table::read("[[case_study]]", it, problems, RawCaseStudy::read)),
            "carry" => raw.carry.extend(Table::read("[[carry]]", it, problems, RawCarry::read)),
            "carry_item" => raw.carry_items.extend(Table::read("[[carry_item]]", it, problems, RawCarryItem::read)),
            _ => raw.questions.extend(Table::read("[[question]]", it, problems, RawQuestion::read)),
        }
    }
    true
}

/// Longest text allowed for a key, in characters; `None` for keys a syllabus does not have
/// (those are reported as unknown, once).
fn max_chars(key: &str) -> Option<usize> {
    Some(match key {
        "stem" => 4_000,
        "explanation" => 8_000,
        "summary" | "front" | "back" | "note" | "choices" | "statements" | "steps" => 2_000,
        "overview" | "current" | "requirements" => 8_000,
        "references" | "source" => 500,
        "tags" => 40,
        "id" | "domain" | "topic" | "code" | "name" | "title" | "guide" | "number" | "provider" | "difficulty"
        | "answer" | "question_types" | "confidence" | "pass_mark" | "level" | "successor" | "predecessor"
        | "format" | "case" | "from" | "to" => 200,
        _ => return None,
    })
}

/// Every string in the document: no control characters, no absurd lengths, no deep nesting.
fn check_text(value: &DeValue<'_>, span: Range<usize>, key: &str, depth: usize, problems: &mut Vec<Problem>) {
    if depth > MAX_DEPTH {
        problems.push(
            Problem::error("nesting", span, "values nested too deeply")
                .help("a syllabus needs at most a list inside a table"),
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
            Problem::error(
                "control-character",
                span.clone(),
                format!("`{key}` contains the control character {}", text::describe(c)),
            )
            .help("remove it: syllabus text must be plain (newlines and tabs are allowed)"),
        );
    }
    let Some(limit) = max_chars(key) else { return };
    let len = s.chars().count();
    if len > limit {
        problems.push(
            Problem::error(
                "too-long",
                span,
                format!("`{key}` is {len} characters long, more than the {limit} allowed"),
            )
            .help("shorten it"),
        );
    }
}
