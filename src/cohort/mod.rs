//! Cohorts: a team lead's cohort file, members' snapshots, and the report that combines them.
//! Pure: parsing and reporting take text and return data; files are read by the CLI.
//! Everything here comes from other people's files, so it is bounded, validated and sanitised.

mod report;
mod snapshot;

pub use report::{Behind, DomainCell, DomainMean, DomainName, ExamInfo, MemberRow, Report, ReportBuilder, TopicNeed};
pub use snapshot::{
    DomainSnap, MAX_SNAPSHOT_BYTES, SNAPSHOT_FORMAT, SNAPSHOT_KIND, Snapshot, TopicSnap, parse_snapshot,
};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::text;

pub const COHORT_FORMAT: i64 = 1;
pub const MAX_COHORT_BYTES: usize = 256 << 10;
/// A practice of "hundreds of certified people" lists thousands over time (issue 22).
const MAX_MEMBERS: usize = 5_000;

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CohortFile {
    pub format: i64,
    pub name: String,
    /// A shipped exam id, or a syllabus file next to the cohort file.
    pub syllabus: String,
    pub exam_date: Option<toml::value::Datetime>,
    #[serde(default)]
    pub members: Vec<String>,
}

impl CohortFile {
    pub fn exam_date(&self) -> Option<NaiveDate> {
        let d = self.exam_date.as_ref()?.date?;
        NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
    }

    /// The syllabus names a file (rather than an exam id) when it ends in `.toml`.
    pub fn syllabus_is_file(&self) -> bool {
        self.syllabus.ends_with(".toml")
    }
}

/// Parse a cohort file; errors name the line and column and say what to change.
pub fn parse_cohort(file: &str, src: &str) -> Result<CohortFile, String> {
    if src.len() > MAX_COHORT_BYTES {
        return Err(format!(
            "{file}: {} bytes is far too large for a cohort file (limit {MAX_COHORT_BYTES})",
            src.len()
        ));
    }
    let c: CohortFile = toml::from_str(src).map_err(|e| {
        let (line, col) = e.span().map_or((1, 1), |s| crate::syllabus::diagnostic::line_col(src, s.start));
        format!(
            "{file}:{line}:{col}: error: {}\n  help: see docs/cohorts.md for the cohort file format",
            text::one_line(e.message())
        )
    })?;
    let problem = |m: String| Err(format!("{file}: error: {m}"));
    if c.format != COHORT_FORMAT {
        return problem(format!("format {} is not supported; this certtrack reads format = {COHORT_FORMAT}", c.format));
    }
    if c.name.trim().is_empty() || c.syllabus.trim().is_empty() {
        return problem("`name` and `syllabus` must not be empty".into());
    }
    for s in [&c.name, &c.syllabus].into_iter().chain(&c.members) {
        if let Some((_, ch)) = text::find_forbidden(s) {
            return problem(format!("text contains the control character {}; use plain text", text::describe(ch)));
        }
    }
    if c.members.len() > MAX_MEMBERS {
        return problem(format!("{} members; at most {MAX_MEMBERS}", c.members.len()));
    }
    let mut seen = std::collections::HashSet::new();
    if let Some(dup) = c.members.iter().find(|m| !seen.insert(m.to_lowercase())) {
        return problem(format!("member `{}` is listed twice; list each member once", text::one_line(dup)));
    }
    if c.syllabus_is_file() && (c.syllabus.contains("..") || c.syllabus.starts_with('/')) {
        return problem("`syllabus` must be an exam id or a file name next to the cohort file (no paths)".into());
    }
    Ok(c)
}

/// A commented template for `certtrack cohort init`.
pub fn template(name: &str, syllabus: &str, date: Option<NaiveDate>) -> String {
    let date = date.map_or("# exam_date = 2027-03-15".into(), |d| format!("exam_date = {d}"));
    format!(
        "# certtrack cohort file (docs/cohorts.md). Share it with the members, e.g. in your team repo.\n\
         format = 1\n\n\
         # Shown on every snapshot and report.\n\
         name = {name:?}\n\n\
         # A shipped exam id (see `certtrack syllabus list`), or a syllabus file next to this one,\n\
         # such as \"team-saa.toml\" (a shipped syllabus extended with your own topics).\n\
         syllabus = {syllabus:?}\n\n\
         # The date the cohort sits the exam: members' pace is measured against it.\n\
         {date}\n\n\
         # Member names as they will appear in the report (each member snapshots under their name).\n\
         members = [\n    # \"ana\",\n    # \"ben\",\n]\n"
    )
}

#[cfg(test)]
mod tests;
