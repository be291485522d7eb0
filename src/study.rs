//! The learner's records as the core sees them: topic progress and quiz attempts. Plain data,
//! shared by the store (which keeps them) and the engine (which reasons over them).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Todo,
    Studying,
    Done,
}

/// A red/amber/green light: the learner's own confidence, or the readiness verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Light {
    Red,
    Amber,
    Green,
}

macro_rules! str_enum {
    ($t:ty { $($v:ident => $s:literal),+ }) => {
        impl $t {
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$v => $s),+ }
            }
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($s => Some(Self::$v),)+ _ => None }
            }
        }
    };
}

str_enum!(Status { Todo => "todo", Studying => "studying", Done => "done" });
str_enum!(Light { Red => "red", Amber => "amber", Green => "green" });

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopicProgress {
    pub exam_id: String,
    pub topic_id: String,
    pub status: Status,
    pub confidence: Option<Light>,
    pub notes: String,
    pub minutes: u32,
    pub created_at: i64,
    pub updated_at: i64,
}

/// One answered practice question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    pub session_id: Option<i64>,
    pub exam_id: String,
    pub question_id: String,
    /// Letters of the choices picked, in the syllabus's order (not the shuffled display order).
    pub chosen: String,
    pub correct: bool,
    pub seconds: f64,
    pub answered_at: i64,
}
