//! Cohorts: a team lead's cohort file, members' snapshots, and the report that combines them.
//! Pure: parsing and reporting take text and return data; files are read by the CLI.
//! Everything here comes from other people's files, so it is bounded, validated and sanitised.

mod outcomes;
mod report;
mod snapshot;

pub use outcomes::{CertSnap, CertifiedCount, Expiring, OutcomeSummary, Outcomes};
pub use report::{Behind, DomainCell, DomainMean, DomainName, ExamInfo, MemberRow, Report, ReportBuilder, TopicNeed};
pub use snapshot::{
    DomainSnap, MAX_SNAPSHOT_BYTES, SNAPSHOT_FORMAT, SNAPSHOT_KIND, Snapshot, TopicSnap, parse_snapshot,
};

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::ops::Range;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::syllabus::{Diagnostics, Problem};
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
    /// A shipped exam id, or the name of a syllabus file next to the cohort file (never a path:
    /// `parse_cohort` refuses folders).
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

/// The cohort file as written, with the place of each value for messages.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCohort {
    format: Spanned<i64>,
    name: Spanned<String>,
    syllabus: Spanned<String>,
    exam_date: Option<toml::value::Datetime>,
    members: Option<Spanned<Vec<Spanned<String>>>>,
}

/// Parse a cohort file. The error is every problem found, each with its line and column and
/// what to change.
pub fn parse_cohort(file: &str, src: &str) -> Result<CohortFile, String> {
    if src.len() > MAX_COHORT_BYTES {
        return Err(format!(
            "{file}: {} bytes is far too large for a cohort file (limit {MAX_COHORT_BYTES})",
            src.len()
        ));
    }
    let raw: RawCohort = toml::from_str(src).map_err(|e| {
        let p = Problem::error("syntax", e.span().unwrap_or(0..0), text::one_line(e.message().trim()))
            .help("see docs/cohorts.md for the cohort file format");
        Diagnostics::new(file, src, vec![p]).render()
    })?;
    let problems = problems(&raw);
    if !problems.is_empty() {
        return Err(Diagnostics::new(file, src, problems).render());
    }
    let members = raw.members.map_or_else(Vec::new, |m| m.into_inner().into_iter().map(Spanned::into_inner).collect());
    Ok(CohortFile {
        format: raw.format.into_inner(),
        name: raw.name.into_inner(),
        syllabus: raw.syllabus.into_inner(),
        exam_date: raw.exam_date,
        members,
    })
}

fn problems(c: &RawCohort) -> Vec<Problem> {
    let mut out = Vec::new();
    if *c.format.get_ref() != COHORT_FORMAT {
        out.push(
            Problem::error("format", c.format.span(), format!("format {} is not supported", c.format.get_ref()))
                .help(format!("this certtrack reads `format = {COHORT_FORMAT}`")),
        );
    }
    for (key, v) in [("name", &c.name), ("syllabus", &c.syllabus)] {
        if v.get_ref().trim().is_empty() {
            out.push(
                Problem::error("empty-text", v.span(), format!("`{key}` is empty")).help(format!("write the {key}")),
            );
        }
    }
    let members = c.members.as_ref().map_or(&[][..], |m| m.get_ref());
    for v in [&c.name, &c.syllabus].into_iter().chain(members) {
        if let Some((_, ch)) = text::find_forbidden(v.get_ref()) {
            out.push(
                Problem::error(
                    "control-character",
                    v.span(),
                    format!("text contains the control character {}", text::describe(ch)),
                )
                .help("use plain text"),
            );
        }
    }
    if let Some(m) = c.members.as_ref().filter(|m| m.get_ref().len() > MAX_MEMBERS) {
        out.push(
            Problem::error("size", m.span(), format!("{} members; at most {MAX_MEMBERS}", m.get_ref().len()))
                .help("split the cohort into smaller groups"),
        );
    }
    let mut seen: HashMap<String, Range<usize>> = HashMap::with_capacity(members.len());
    for m in members {
        match seen.entry(m.get_ref().to_lowercase()) {
            Entry::Vacant(e) => {
                e.insert(m.span());
            }
            Entry::Occupied(e) => out.push(
                Problem::error(
                    "duplicate-member",
                    m.span(),
                    format!("member `{}` is listed twice", text::one_line(m.get_ref())),
                )
                .help("list each member once (names are compared ignoring case)")
                .first_at(e.get().clone()),
            ),
        }
    }
    let s = c.syllabus.get_ref();
    if s.ends_with(".toml") && s.contains(['/', '\\', ':']) {
        out.push(
            Problem::error("path", c.syllabus.span(), "`syllabus` names a file in another folder")
                .help("name an exam id, or a syllabus file next to the cohort file, without a folder (no paths)"),
        );
    }
    out
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
