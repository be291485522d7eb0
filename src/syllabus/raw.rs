//! The file as written: serde types that keep spans, so validation can point at the exact place.
//! Unknown keys are rejected (`deny_unknown_fields`); values that may take two shapes (a number or a
//! range, a letter or a list of letters) have hand-written visitors so the error says both shapes.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use toml::Spanned;
use toml::value::Datetime;

use super::model::{Confidence, Difficulty, Provider};

pub type S<T> = Spanned<T>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExam {
    pub id: S<String>,
    pub provider: S<RawProvider>,
    pub code: S<String>,
    pub name: S<String>,
    pub version: S<i64>,
    pub guide: S<String>,
    pub guide_date: Option<S<Datetime>>,
    pub duration_minutes: S<i64>,
    pub question_count: S<NumberOrRange>,
    pub pass_mark: S<RawPassMark>,
    pub scale: Option<S<[i64; 2]>>,
    pub question_types: S<Vec<String>>,
    pub source: S<String>,
    pub confidence: Option<RawConfidence>,
    pub note: Option<String>,
    pub retires: Option<S<Datetime>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDomain {
    pub id: S<String>,
    pub name: S<String>,
    pub weight: S<NumberOrRange>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTopic {
    pub id: S<String>,
    pub domain: S<String>,
    pub number: Option<String>,
    pub title: S<String>,
    pub summary: S<String>,
    #[serde(default)]
    pub references: Vec<S<String>>,
    #[serde(default)]
    pub tags: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFlashcard {
    pub id: S<String>,
    pub topic: S<String>,
    pub front: S<String>,
    pub back: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    pub id: S<String>,
    pub topic: S<String>,
    pub difficulty: Option<RawDifficulty>,
    pub stem: S<String>,
    pub choices: S<Vec<S<String>>>,
    pub answer: S<Letters>,
    pub explanation: S<String>,
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
