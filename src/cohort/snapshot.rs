//! A member's snapshot: what they share with the lead, and how a file from someone else's machine
//! is read (one parse, every number range-checked, every text cleaned).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::study::{Light, Status};
use crate::text;

/// Format 2 gives quiz accuracy in percent (0–100) like every other share; format 1 gave a
/// fraction (0–1) and is converted when read.
pub const SNAPSHOT_FORMAT: u32 = 2;
const OLDEST_FORMAT: u32 = 1;
pub const SNAPSHOT_KIND: &str = "certtrack-cohort-snapshot";
/// Snapshots are small (a few KB); anything far larger is not one.
pub const MAX_SNAPSHOT_BYTES: u64 = 1 << 20;
/// Far more than any exam has; more is an edited file.
const MAX_DOMAINS: usize = 100;
const DAY: i64 = 86_400;
/// No certtrack snapshot predates this (2020-01-01T00:00:00Z).
const EARLIEST: i64 = 1_577_836_800;
/// An exam date is at most this far from the snapshot, either way.
const MAX_DAYS_LEFT: i64 = 3_660;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DomainSnap {
    pub id: String,
    /// 0–100.
    pub readiness: f64,
    pub light: Light,
    pub quiz_attempts: u32,
    /// 0–100.
    pub quiz_accuracy: Option<f64>,
    /// 0–100.
    pub coverage: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopicSnap {
    pub id: String,
    pub status: Status,
    pub confidence: Option<Light>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// What a member shares: progress and readiness, never question text or (by default) notes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub format: u32,
    pub kind: String,
    pub cohort: String,
    pub member: String,
    pub exam_id: String,
    pub syllabus_version: u32,
    /// Unix seconds.
    pub taken_at: i64,
    pub exam_date: Option<NaiveDate>,
    /// 0–100.
    pub readiness: f64,
    pub predicted_score: Option<u32>,
    pub light: Light,
    pub on_track: bool,
    pub behind_pace: bool,
    pub days_left: Option<i64>,
    /// Unix seconds.
    pub last_active: Option<i64>,
    pub reviews_done: u32,
    pub quiz_attempts: u32,
    /// 0–100.
    pub quiz_accuracy: Option<f64>,
    pub domains: Vec<DomainSnap>,
    pub topics: Vec<TopicSnap>,
    /// Certifications and results, only when the member chose to share them (absent from
    /// older snapshots, which still load).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcomes: Option<super::Outcomes>,
}

/// Parse one snapshot read at `now`; the error names the file (and line and column for JSON
/// errors, the field for a value out of range) and ends in "skipped".
pub fn parse_snapshot(file: &str, src: &str, now: i64) -> Result<Snapshot, String> {
    if src.len() as u64 > MAX_SNAPSHOT_BYTES {
        return Err(format!(
            "{file}: {} bytes is too large for a snapshot (limit {MAX_SNAPSHOT_BYTES}); skipped",
            src.len()
        ));
    }
    let mut s: Snapshot = serde_json::from_str(src).map_err(|e| explain(file, src, &e))?;
    envelope(file, Some(&s.kind), Some(u64::from(s.format)))?;
    if s.format == 1 {
        upgrade_from_1(&mut s);
    }
    check_ranges(&s, now).map_err(|problem| format!("{file}: {problem}; the file was edited or damaged; skipped"))?;
    sanitise(&mut s);
    Ok(s)
}

/// Why a file did not parse as a snapshot. Only a failed parse reads the file a second time, to
/// tell a snapshot from a newer certtrack (or something else entirely) from a damaged one.
fn explain(file: &str, src: &str, e: &serde_json::Error) -> String {
    let at = |e: &serde_json::Error| format!("{file}:{}:{}", e.line(), e.column());
    if e.is_syntax() || e.is_eof() {
        return format!("{}: not valid JSON ({}); skipped", at(e), text::one_line(&e.to_string()));
    }
    let head: serde_json::Value = serde_json::from_str(src).unwrap_or_default();
    let kind = head.get("kind").and_then(|k| k.as_str());
    match envelope(file, kind, head.get("format").and_then(|f| f.as_u64())) {
        Err(why) => why,
        Ok(()) => format!("{}: {}; skipped", at(e), text::one_line(&e.to_string())),
    }
}

/// The kind and format number, checked before anything else is believed.
fn envelope(file: &str, kind: Option<&str>, format: Option<u64>) -> Result<(), String> {
    if kind != Some(SNAPSHOT_KIND) {
        return Err(format!("{file}: not a certtrack cohort snapshot; skipped"));
    }
    match format {
        Some(f) if (u64::from(OLDEST_FORMAT)..=u64::from(SNAPSHOT_FORMAT)).contains(&f) => Ok(()),
        Some(f) => Err(format!(
            "{file}: snapshot format {f}, this certtrack reads {OLDEST_FORMAT} to {SNAPSHOT_FORMAT}; ask the member to use the same certtrack version; skipped"
        )),
        None => Err(format!("{file}: no snapshot format number; skipped")),
    }
}

/// Format 1 gave quiz accuracy as a fraction.
fn upgrade_from_1(s: &mut Snapshot) {
    let percent = |a: &mut Option<f64>| *a = a.map(|x| (x * 1000.0).round() / 10.0);
    percent(&mut s.quiz_accuracy);
    for d in &mut s.domains {
        percent(&mut d.quiz_accuracy);
    }
    s.format = SNAPSHOT_FORMAT;
}

/// Every number within what a real snapshot can hold; the problem names the field.
fn check_ranges(s: &Snapshot, now: i64) -> Result<(), String> {
    let time = |field: &str, t: i64| {
        let ok = (EARLIEST..=now.saturating_add(DAY)).contains(&t);
        ok.then_some(()).ok_or_else(|| format!("`{field}` {t} is not a time between 2020 and a day from now"))
    };
    let percent = |field: String, x: f64| {
        let ok = (0.0..=100.0).contains(&x);
        // 1e308 in a message, not three hundred digits.
        let shown = if x.abs() < 1e6 { x.to_string() } else { format!("{x:e}") };
        ok.then_some(()).ok_or_else(|| format!("`{field}` {shown} is outside 0–100"))
    };
    time("taken_at", s.taken_at)?;
    s.last_active.map_or(Ok(()), |t| time("last_active", t))?;
    percent("readiness".into(), s.readiness)?;
    s.quiz_accuracy.map_or(Ok(()), |a| percent("quiz_accuracy".into(), a))?;
    if let Some(d) = s.days_left.filter(|d| !(-MAX_DAYS_LEFT..=MAX_DAYS_LEFT).contains(d)) {
        return Err(format!("`days_left` {d} is more than {MAX_DAYS_LEFT} days from the snapshot"));
    }
    if let Some(d) = s.exam_date.filter(|d| !sane_date(*d, now)) {
        return Err(format!("`exam_date` {d} is not a date between 2020 and ten years from now"));
    }
    if s.domains.len() > MAX_DOMAINS {
        return Err(format!("{} domains; an exam has at most {MAX_DOMAINS}", s.domains.len()));
    }
    for (i, d) in s.domains.iter().enumerate() {
        percent(format!("domains[{i}].readiness"), d.readiness)?;
        percent(format!("domains[{i}].coverage"), d.coverage)?;
        d.quiz_accuracy.map_or(Ok(()), |a| percent(format!("domains[{i}].quiz_accuracy"), a))?;
    }
    s.outcomes.as_ref().map_or(Ok(()), super::outcomes::check)
}

fn sane_date(d: NaiveDate, now: i64) -> bool {
    let secs = d.and_hms_opt(0, 0, 0).map_or(i64::MIN, |t| t.and_utc().timestamp());
    (EARLIEST..=now.saturating_add(MAX_DAYS_LEFT * DAY)).contains(&secs)
}

/// Other people's text: control characters become U+FFFD, names and ids fit on one line, and
/// lengths are bounded. Most ids are clean already and are left where they are.
fn sanitise(s: &mut Snapshot) {
    let line = |t: &mut String, max: usize| {
        if t.len() > max || t.contains(|c: char| text::is_forbidden(c) || c == '\n' || c == '\t') {
            *t = text::one_line(t).chars().take(max).collect();
        }
    };
    line(&mut s.cohort, 200);
    line(&mut s.member, 100);
    line(&mut s.exam_id, 64);
    for d in &mut s.domains {
        line(&mut d.id, 64);
    }
    for t in &mut s.topics {
        line(&mut t.id, 64);
        if let Some(n) = &mut t.notes {
            *n = text::sanitize(n).chars().take(2_000).collect();
        }
    }
    if let Some(o) = &mut s.outcomes {
        super::outcomes::sanitise(o);
    }
}
