//! The file as written: every table read key by key into spanned values, so validation can
//! point at the exact place. An unknown key, a value of the wrong shape and a missing key are each
//! reported on their own, and every other key of the table is still read and checked: one typo
//! does not hide the rest of the entry's problems until it is fixed. Values that may take two
//! shapes (a number or a range, a letter or a list of letters) have hand-written visitors so the
//! error says both shapes.

use std::fmt;
use std::ops::Range;

use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};
use toml::value::Datetime;

use super::diagnostic::Problem;
use super::model::{Confidence, Difficulty, Level, Provider};

pub type S<T> = Spanned<T>;

/// One table of the file (`[exam]`, one `[[question]]`…) being read. The keys asked for are the
/// keys it may have: whatever is left when reading is done is reported as unknown.
pub struct Table<'de, 'p> {
    name: &'static str,
    span: Range<usize>,
    keys: DeTable<'de>,
    asked: Vec<&'static str>,
    problems: &'p mut Vec<Problem>,
}

impl<'de, 'p> Table<'de, 'p> {
    /// Read `value` as the table `name` with `read`, then report its unknown keys. `None` (and a
    /// problem) when the value is not a table at all.
    pub fn read<R>(
        name: &'static str,
        value: Spanned<DeValue<'de>>,
        problems: &'p mut Vec<Problem>,
        read: impl FnOnce(&mut Table<'de, 'p>) -> R,
    ) -> Option<Spanned<R>> {
        let span = value.span();
        let keys = match value.into_inner() {
            DeValue::Table(keys) => keys,
            other => {
                problems.push(
                    Problem::error(
                        "invalid-value",
                        span,
                        format!("`{name}` must be a table, not of type {}", other.type_str()),
                    )
                    .help(format!("write it as a `{name}` table")),
                );
                return None;
            }
        };
        let mut table = Table { name, span: span.clone(), keys, asked: Vec::with_capacity(16), problems };
        let raw = read(&mut table);
        table.unknown_keys();
        Some(Spanned::new(span, raw))
    }

    pub fn required<T: Deserialize<'de>>(&mut self, key: &'static str) -> Option<S<T>> {
        self.asked.push(key);
        let Some(value) = self.keys.remove(key) else {
            self.problems.push(
                Problem::error("missing-key", self.span.start..self.span.start, format!("missing field `{key}`"))
                    .help(format!("add `{key} = …` to this `{}` table; see docs/syllabus-format.md", self.name)),
            );
            return None;
        };
        value_of(value, key, self.problems)
    }

    pub fn optional<T: Deserialize<'de>>(&mut self, key: &'static str) -> Option<S<T>> {
        self.asked.push(key);
        value_of(self.keys.remove(key)?, key, self.problems)
    }

    fn unknown_keys(&mut self) {
        if self.keys.is_empty() {
            return;
        }
        let expected = self.asked.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
        for (key, _) in std::mem::take(&mut self.keys) {
            self.problems.push(
                Problem::error(
                    "unknown-key",
                    key.span(),
                    format!("unknown field `{}`, expected one of {expected}", key.get_ref()),
                )
                .help(format!("remove it or fix its spelling: a `{}` table takes only these keys", self.name)),
            );
        }
    }
}

/// One value as a `T`, spanned; a value of the wrong shape is reported where it is written.
pub fn value_of<'de, T: Deserialize<'de>>(
    value: Spanned<DeValue<'de>>,
    key: &str,
    problems: &mut Vec<Problem>,
) -> Option<S<T>> {
    let span = value.span();
    match T::deserialize(ValueDeserializer::from(value)) {
        Ok(v) => Some(Spanned::new(span, v)),
        Err(e) => {
            problems.push(
                Problem::error("invalid-value", e.span().unwrap_or(span), e.message().trim().to_owned())
                    .help(format!("see docs/syllabus-format.md for what `{key}` takes")),
            );
            None
        }
    }
}

/// Every key of every table is optional here: a missing one is reported by `Table::required`,
/// and validation checks whatever is there.
#[derive(Debug)]
pub struct RawExam {
    pub id: Option<S<String>>,
    pub provider: Option<S<RawProvider>>,
    pub code: Option<S<String>>,
    pub name: Option<S<String>>,
    pub version: Option<S<i64>>,
    pub guide: Option<S<String>>,
    pub guide_date: Option<S<Datetime>>,
    pub duration_minutes: Option<S<i64>>,
    pub question_count: Option<S<NumberOrRange>>,
    pub pass_mark: Option<S<RawPassMark>>,
    pub scale: Option<S<[i64; 2]>>,
    pub question_types: Option<S<Vec<String>>>,
    pub source: Option<S<String>>,
    pub confidence: Option<S<RawConfidence>>,
    pub note: Option<S<String>>,
    pub retires: Option<S<Datetime>>,
    pub retired: Option<S<Datetime>>,
    pub level: Option<S<RawLevel>>,
    pub successor: Option<S<String>>,
    pub predecessor: Option<S<String>>,
}

impl RawExam {
    pub fn read(t: &mut Table<'_, '_>) -> RawExam {
        RawExam {
            id: t.required("id"),
            provider: t.required("provider"),
            code: t.required("code"),
            name: t.required("name"),
            version: t.required("version"),
            guide: t.required("guide"),
            guide_date: t.optional("guide_date"),
            duration_minutes: t.required("duration_minutes"),
            question_count: t.required("question_count"),
            pass_mark: t.required("pass_mark"),
            scale: t.optional("scale"),
            question_types: t.required("question_types"),
            source: t.required("source"),
            confidence: t.optional("confidence"),
            note: t.optional("note"),
            retires: t.optional("retires"),
            retired: t.optional("retired"),
            level: t.optional("level"),
            successor: t.optional("successor"),
            predecessor: t.optional("predecessor"),
        }
    }
}

#[derive(Debug)]
pub struct RawDomain {
    pub id: Option<S<String>>,
    pub name: Option<S<String>>,
    pub weight: Option<S<NumberOrRange>>,
}

impl RawDomain {
    pub fn read(t: &mut Table<'_, '_>) -> RawDomain {
        RawDomain { id: t.required("id"), name: t.required("name"), weight: t.required("weight") }
    }
}

#[derive(Debug)]
pub struct RawTopic {
    pub id: Option<S<String>>,
    pub domain: Option<S<String>>,
    pub number: Option<S<String>>,
    pub title: Option<S<String>>,
    pub summary: Option<S<String>>,
    pub references: Option<S<Vec<S<String>>>>,
    pub tags: Option<S<Vec<String>>>,
}

impl RawTopic {
    pub fn read(t: &mut Table<'_, '_>) -> RawTopic {
        RawTopic {
            id: t.required("id"),
            domain: t.required("domain"),
            number: t.optional("number"),
            title: t.required("title"),
            summary: t.required("summary"),
            references: t.optional("references"),
            tags: t.optional("tags"),
        }
    }
}

#[derive(Debug)]
pub struct RawFlashcard {
    pub id: Option<S<String>>,
    pub topic: Option<S<String>>,
    pub front: Option<S<String>>,
    pub back: Option<S<String>>,
}

impl RawFlashcard {
    pub fn read(t: &mut Table<'_, '_>) -> RawFlashcard {
        RawFlashcard {
            id: t.required("id"),
            topic: t.required("topic"),
            front: t.required("front"),
            back: t.required("back"),
        }
    }
}

#[derive(Debug)]
pub struct RawQuestion {
    pub id: Option<S<String>>,
    pub topic: Option<S<String>>,
    pub difficulty: Option<S<RawDifficulty>>,
    /// `None` when not written: a choice question.
    pub format: Option<S<RawFormat>>,
    pub case: Option<S<String>>,
    pub stem: Option<S<String>>,
    /// The choices, statements or steps, as the format names them.
    pub choices: Option<S<Vec<S<String>>>>,
    /// Letters for a choice question, `"yes"`/`"no"` per statement for a yes/no series, none
    /// for ordering (the steps are written in order).
    pub answer: Option<S<Letters>>,
    pub explanation: Option<S<String>>,
}

impl RawQuestion {
    /// The keys a question takes depend on its format: `choices` and `answer`; `statements`
    /// and `answer`; or `steps`. Any other is reported as unknown.
    pub fn read(t: &mut Table<'_, '_>) -> RawQuestion {
        let format: Option<S<RawFormat>> = t.optional("format");
        let shape = format.as_ref().map_or(RawFormat::Choice, |f| *f.get_ref());
        let (choices, answer) = match shape {
            RawFormat::Choice => (t.required("choices"), t.required("answer")),
            RawFormat::YesNo => (t.required("statements"), t.required("answer")),
            RawFormat::Ordering => (t.required("steps"), None),
        };
        RawQuestion {
            id: t.required("id"),
            topic: t.required("topic"),
            difficulty: t.optional("difficulty"),
            case: t.optional("case"),
            stem: t.required("stem"),
            choices,
            answer,
            explanation: t.required("explanation"),
            format,
        }
    }
}

#[derive(Debug)]
pub struct RawCaseStudy {
    pub id: Option<S<String>>,
    pub title: Option<S<String>>,
    pub overview: Option<S<String>>,
    pub current: Option<S<String>>,
    pub requirements: Option<S<String>>,
}

impl RawCaseStudy {
    pub fn read(t: &mut Table<'_, '_>) -> RawCaseStudy {
        RawCaseStudy {
            id: t.required("id"),
            title: t.required("title"),
            overview: t.required("overview"),
            current: t.required("current"),
            requirements: t.required("requirements"),
        }
    }
}

/// `[[carry]]`: a predecessor topic and the topics here that test the same knowledge.
#[derive(Debug)]
pub struct RawCarry {
    pub from: Option<S<String>>,
    pub to: Option<S<Vec<S<String>>>>,
}

impl RawCarry {
    pub fn read(t: &mut Table<'_, '_>) -> RawCarry {
        RawCarry { from: t.required("from"), to: t.required("to") }
    }
}

/// `[[carry_item]]`: a predecessor question or flashcard and its twin here.
#[derive(Debug)]
pub struct RawCarryItem {
    pub from: Option<S<String>>,
    pub to: Option<S<String>>,
}

impl RawCarryItem {
    pub fn read(t: &mut Table<'_, '_>) -> RawCarryItem {
        RawCarryItem { from: t.required("from"), to: t.required("to") }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum RawFormat {
    #[serde(rename = "choice")]
    Choice,
    #[serde(rename = "yes-no")]
    YesNo,
    #[serde(rename = "ordering")]
    Ordering,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawLevel {
    Foundational,
    Associate,
    Professional,
    Expert,
    Specialty,
}

impl From<RawLevel> for Level {
    fn from(l: RawLevel) -> Self {
        match l {
            RawLevel::Foundational => Level::Foundational,
            RawLevel::Associate => Level::Associate,
            RawLevel::Professional => Level::Professional,
            RawLevel::Expert => Level::Expert,
            RawLevel::Specialty => Level::Specialty,
        }
    }
}

/// Serde mirrors of the model enums, so the model stays free of deserialisation concerns.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawProvider {
    Aws,
    Gcp,
    Azure,
    Other,
}

impl From<RawProvider> for Provider {
    fn from(p: RawProvider) -> Self {
        match p {
            RawProvider::Aws => Provider::Aws,
            RawProvider::Gcp => Provider::Gcp,
            RawProvider::Azure => Provider::Azure,
            RawProvider::Other => Provider::Other,
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawConfidence {
    High,
    Medium,
    Low,
}

impl From<RawConfidence> for Confidence {
    fn from(c: RawConfidence) -> Self {
        match c {
            RawConfidence::High => Confidence::High,
            RawConfidence::Medium => Confidence::Medium,
            RawConfidence::Low => Confidence::Low,
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawDifficulty {
    Easy,
    Medium,
    Hard,
}

impl From<RawDifficulty> for Difficulty {
    fn from(d: RawDifficulty) -> Self {
        match d {
            RawDifficulty::Easy => Difficulty::Easy,
            RawDifficulty::Medium => Difficulty::Medium,
            RawDifficulty::Hard => Difficulty::Hard,
        }
    }
}

/// `30` or `[20, 25]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NumberOrRange {
    pub min: f64,
    pub max: f64,
}

impl<'de> Deserialize<'de> for NumberOrRange {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = NumberOrRange;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number like 30 or a range like [20, 25]")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                self.visit_f64(v as f64)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(NumberOrRange { min: v, max: v })
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let min: f64 = seq.next_element()?.ok_or_else(|| de::Error::invalid_length(0, &self))?;
                let max: f64 = seq.next_element()?.ok_or_else(|| de::Error::invalid_length(1, &self))?;
                if seq.next_element::<f64>()?.is_some() {
                    return Err(de::Error::invalid_length(3, &self));
                }
                Ok(NumberOrRange { min, max })
            }
        }
        d.deserialize_any(V)
    }
}

/// `720` or `"not published"`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RawPassMark {
    Score(i64),
    NotPublished,
}

impl<'de> Deserialize<'de> for RawPassMark {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = RawPassMark;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a score like 720 or the string \"not published\"")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(RawPassMark::Score(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                if v == "not published" {
                    Ok(RawPassMark::NotPublished)
                } else {
                    Err(de::Error::invalid_value(de::Unexpected::Str(v), &self))
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// `"B"` or `["A", "D"]`: the letters as written, checked against the choices later.
#[derive(Debug, Clone, PartialEq)]
pub struct Letters(pub Vec<String>);

impl<'de> Deserialize<'de> for Letters {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Letters;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a letter like \"B\" or a list of letters like [\"A\", \"D\"]")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Letters(vec![v.to_owned()]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(s) = seq.next_element::<String>()? {
                    out.push(s);
                }
                Ok(Letters(out))
            }
        }
        d.deserialize_any(V)
    }
}
