//! The cohort report: members × domains, who is behind pace, where a group session helps most,
//! and every stale, mismatched or unreadable snapshot called out.
//!
//! Snapshots are summarised as they are added: a member's topics shrink to the interned indexes
//! of those not done or rated red, so a report over thousands of files holds no topic text
//! beyond one copy of each id, and every look-up is by index or hash, never a scan.

use std::collections::{HashMap, HashSet};
use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

use super::{CohortFile, DomainSnap, Snapshot};
use crate::study::{Light, Status};

const DAY: i64 = 86_400;
/// A snapshot older than this is called stale.
const STALE_DAYS: i64 = 14;
/// A member inactive this long, and not on track, is behind pace.
const IDLE_DAYS: i64 = 7;
/// Topics listed as the weakest.
const WEAKEST_TOPICS: usize = 5;
/// Distinct topic ids counted over all files; real exams have a few hundred, and a folder of
/// edited files must not grow the report without end.
const MAX_TOPIC_IDS: usize = 100_000;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DomainName {
    pub id: String,
    pub name: String,
}

/// A member's readiness in one of the report's domains; `None` where the snapshot lacks it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DomainCell {
    pub id: String,
    /// 0–100.
    pub readiness: Option<f64>,
    pub light: Option<Light>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MemberRow {
    pub member: String,
    /// 0–100.
    pub readiness: f64,
    pub predicted_score: Option<u32>,
    pub light: Light,
    pub on_track: bool,
    pub behind_pace: bool,
    /// One per report domain, in the report's order.
    pub domains: Vec<DomainCell>,
    /// 0–100.
    pub quiz_accuracy: Option<f64>,
    pub reviews_done: u32,
    /// Unix seconds.
    pub last_active: Option<i64>,
    /// Unix seconds.
    pub taken_at: i64,
    /// Why this row deserves a second look (stale, other cohort, other version).
    pub flags: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DomainMean {
    pub id: String,
    pub name: String,
    /// 0–100, over the members whose snapshot has the domain.
    pub mean_readiness: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TopicNeed {
    pub id: String,
    /// Members who have not marked it done.
    pub not_done: usize,
    /// Members rating their confidence in it red.
    pub red: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Behind {
    pub member: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Report {
    pub cohort: String,
    pub exam_id: String,
    pub syllabus_version: Option<u32>,
    pub exam_date: Option<NaiveDate>,
    /// The exam's domains, in order.
    pub domains: Vec<DomainName>,
    pub members: Vec<MemberRow>,
    /// Weakest first.
    pub weakest_domains: Vec<DomainMean>,
    /// Most in need first.
    pub weakest_topics: Vec<TopicNeed>,
    pub behind_pace: Vec<Behind>,
    /// Problems with files and members, one line each.
    pub notes: Vec<String>,
    /// Certifications and results of the members who share them; `None` when nobody does.
    pub outcomes: Option<super::OutcomeSummary>,
}

/// One line each, shared by every face that lists the findings.
impl fmt::Display for DomainMean {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{} {}: mean readiness {:.0}%", self.id, self.name, self.mean_readiness)
    }
}

impl fmt::Display for TopicNeed {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}: {} member(s) not done, {} rating it red", self.id, self.not_done, self.red)
    }
}

impl fmt::Display for Behind {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}: {}", self.member, self.reason)
    }
}

/// What the report knows of the exam, from the cohort file and the syllabus when there is one.
#[derive(Default)]
pub struct ExamInfo<'a> {
    pub cohort: Option<&'a CohortFile>,
    /// Domain id → name.
    pub domain_names: HashMap<String, String>,
    /// The exam's score scale, to check predicted scores against.
    pub scale: Option<(u32, u32)>,
    /// Published pass marks by exam id (for the predicted-vs-actual of shared results).
    pub pass_marks: HashMap<String, u32>,
}

/// A snapshot as the report keeps it: everything but its topics.
struct Entry {
    file: String,
    snap: Snapshot,
    /// Interned topic index << 2, | 1 if not done, | 2 if rated red; only topics with a mark.
    needs: Vec<u32>,
}

/// Snapshots go in one by one; `finish` makes the report.
#[derive(Default)]
pub struct ReportBuilder {
    entries: Vec<Entry>,
    topic_index: HashMap<String, u32>,
    topic_ids: Vec<String>,
    topics_capped: bool,
}

impl ReportBuilder {
    pub fn new() -> ReportBuilder {
        ReportBuilder::default()
    }

    /// Add one parsed snapshot, read from `file`.
    pub fn add(&mut self, file: String, mut snap: Snapshot) {
        let topics = std::mem::take(&mut snap.topics);
        let needs = topics
            .into_iter()
            .filter_map(|t| {
                let mark = u32::from(t.status != Status::Done) | u32::from(t.confidence == Some(Light::Red)) << 1;
                if mark == 0 {
                    return None;
                }
                self.intern(t.id).map(|i| i << 2 | mark)
            })
            .collect();
        self.entries.push(Entry { file, snap, needs });
    }

    fn intern(&mut self, id: String) -> Option<u32> {
        if let Some(&i) = self.topic_index.get(&id) {
            return Some(i);
        }
        if self.topic_ids.len() >= MAX_TOPIC_IDS {
            self.topics_capped = true;
            return None;
        }
        let i = self.topic_ids.len() as u32;
        self.topic_ids.push(id.clone());
        self.topic_index.insert(id, i);
        Some(i)
    }

    /// The exam most snapshots are for: the one the report is about.
    pub fn exam_id(&self) -> Option<&str> {
        majority(self.entries.iter().map(|e| e.snap.exam_id.as_str()))
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn finish(self, exam: &ExamInfo, mut notes: Vec<String>, now: i64) -> Report {
        let exam_id = self.exam_id().unwrap_or_default().to_owned();
        let cohort_name = exam.cohort.map(|c| c.name.clone()).unwrap_or_else(|| {
            majority(self.entries.iter().map(|e| e.snap.cohort.as_str())).unwrap_or_default().to_owned()
        });
        let ours = |e: &&Entry| e.snap.exam_id == exam_id;
        let version = majority(self.entries.iter().filter(ours).map(|e| e.snap.syllabus_version));
        if self.topics_capped {
            notes.push(format!("more than {MAX_TOPIC_IDS} distinct topic ids; the rest are not counted"));
        }
        let kept = newest_per_member(&self.entries, &exam_id, exam.scale, &mut notes);
        if let Some(c) = exam.cohort {
            membership(c, &kept, &mut notes);
        }
        let domain_ids: Vec<&str> =
            kept.first().map(|e| e.snap.domains.iter().map(|d| d.id.as_str()).collect()).unwrap_or_default();
        let name = |id: &str| exam.domain_names.get(id).cloned().unwrap_or_default();
        let members: Vec<MemberRow> =
            kept.iter().map(|e| row(&e.snap, &domain_ids, &cohort_name, version, now)).collect();
        let today = chrono::DateTime::from_timestamp(now, 0).map_or_else(Default::default, |t| t.date_naive());
        let outcomes = super::outcomes::summarise(
            kept.iter().filter_map(|e| Some((e.snap.member.as_str(), e.snap.outcomes.as_ref()?))),
            today,
            |id| exam.pass_marks.get(id).copied(),
        );
        Report {
            outcomes,
            exam_date: exam
                .cohort
                .and_then(CohortFile::exam_date)
                .or_else(|| kept.first().and_then(|e| e.snap.exam_date)),
            domains: domain_ids.iter().map(|id| DomainName { id: (*id).to_owned(), name: name(id) }).collect(),
            weakest_domains: weakest_domains(&members, &domain_ids, name),
            weakest_topics: weakest_topics(&kept, &self.topic_ids),
            behind_pace: kept
                .iter()
                .filter_map(|e| {
                    behind_reason(&e.snap, now).map(|reason| Behind { member: e.snap.member.clone(), reason })
                })
                .collect(),
            cohort: cohort_name,
            exam_id,
            syllabus_version: version,
            members,
            notes,
        }
    }
}

/// The snapshots of the report's exam, the newest per member, in member order. Others are named
/// in the notes: another exam, a score off the exam's scale, an older duplicate.
fn newest_per_member<'a>(
    entries: &'a [Entry],
    exam_id: &str,
    scale: Option<(u32, u32)>,
    notes: &mut Vec<String>,
) -> Vec<&'a Entry> {
    let mut newest: HashMap<String, &Entry> = HashMap::new();
    for e in entries {
        let s = &e.snap;
        if s.exam_id != exam_id {
            notes.push(format!("{}: for exam {}, not {exam_id}; left out", e.file, s.exam_id));
            continue;
        }
        if let (Some(p), Some((lo, hi))) = (s.predicted_score, scale)
            && !(lo..=hi).contains(&p)
        {
            notes.push(format!("{}: `predicted_score` {p} is outside the exam's scale {lo}–{hi}; skipped", e.file));
            continue;
        }
        let key = s.member.to_lowercase();
        match newest.get(&key) {
            Some(kept) if kept.snap.taken_at >= s.taken_at => notes.push(older(e, kept)),
            Some(kept) => {
                notes.push(older(kept, e));
                newest.insert(key, e);
            }
            None => {
                newest.insert(key, e);
            }
        }
    }
    let mut kept: Vec<(String, &Entry)> = newest.into_iter().collect();
    kept.sort_by(|a, b| a.0.cmp(&b.0));
    kept.into_iter().map(|(_, e)| e).collect()
}

fn older(old: &Entry, new: &Entry) -> String {
    format!("{}: an older snapshot of {} than {}; the newer one is used", old.file, old.snap.member, new.file)
}

/// Members without a snapshot, and snapshots from people outside the cohort.
fn membership(c: &CohortFile, kept: &[&Entry], notes: &mut Vec<String>) {
    let listed: HashSet<String> = c.members.iter().map(|m| m.to_lowercase()).collect();
    let present: HashSet<String> = kept.iter().map(|e| e.snap.member.to_lowercase()).collect();
    for m in c.members.iter().filter(|m| !present.contains(&m.to_lowercase())) {
        notes.push(format!("no snapshot from {m}"));
    }
    for e in kept.iter().filter(|e| !listed.contains(&e.snap.member.to_lowercase())) {
        notes.push(format!("{}: {} is not a member of {}", e.file, e.snap.member, c.name));
    }
}

fn row(s: &Snapshot, domains: &[&str], cohort: &str, version: Option<u32>, now: i64) -> MemberRow {
    let mut flags = Vec::new();
    if now - s.taken_at > STALE_DAYS * DAY {
        flags.push(format!("stale: taken {} days ago", (now - s.taken_at) / DAY));
    }
    if s.cohort != cohort {
        flags.push(format!("other cohort: {}", s.cohort));
    }
    if version.is_some_and(|v| v != s.syllabus_version) {
        flags.push(format!("syllabus version {}", s.syllabus_version));
    }
    let by_id: HashMap<&str, &DomainSnap> = s.domains.iter().map(|d| (d.id.as_str(), d)).collect();
    MemberRow {
        member: s.member.clone(),
        readiness: s.readiness,
        predicted_score: s.predicted_score,
        light: s.light,
        on_track: s.on_track,
        behind_pace: behind_reason(s, now).is_some(),
        domains: domains
            .iter()
            .map(|id| {
                let d = by_id.get(id);
                DomainCell { id: (*id).to_owned(), readiness: d.map(|d| d.readiness), light: d.map(|d| d.light) }
            })
            .collect(),
        quiz_accuracy: s.quiz_accuracy,
        reviews_done: s.reviews_done,
        last_active: s.last_active,
        taken_at: s.taken_at,
        flags,
    }
}

/// Behind pace: the member's own pace check failed, or they have been inactive for a week
/// (or never started) while not on track.
fn behind_reason(s: &Snapshot, now: i64) -> Option<String> {
    if s.behind_pace {
        return Some("cannot see every item before the exam at their daily limit".into());
    }
    if s.on_track {
        return None;
    }
    match s.last_active {
        None => Some("has not started".into()),
        Some(t) if now - t >= IDLE_DAYS * DAY => Some(format!("inactive for {} days", (now - t) / DAY)),
        _ => None,
    }
}

fn weakest_domains(members: &[MemberRow], ids: &[&str], name: impl Fn(&str) -> String) -> Vec<DomainMean> {
    let mut out: Vec<DomainMean> = ids
        .iter()
        .enumerate()
        .filter_map(|(i, id)| {
            let vals: Vec<f64> = members.iter().filter_map(|m| m.domains[i].readiness).collect();
            let mean = vals.iter().sum::<f64>() / vals.len() as f64;
            (!vals.is_empty()).then(|| DomainMean { id: (*id).to_owned(), name: name(id), mean_readiness: mean })
        })
        .collect();
    out.sort_by(|a, b| a.mean_readiness.total_cmp(&b.mean_readiness));
    out
}

fn weakest_topics(kept: &[&Entry], ids: &[String]) -> Vec<TopicNeed> {
    let mut counts = vec![(0usize, 0usize); ids.len()];
    for &need in kept.iter().flat_map(|e| &e.needs) {
        let c = &mut counts[(need >> 2) as usize];
        c.0 += (need & 1) as usize;
        c.1 += (need >> 1 & 1) as usize;
    }
    let mut order: Vec<usize> = (0..ids.len()).filter(|&i| counts[i] != (0, 0)).collect();
    // Red ratings weigh double: the member says they do not know it. Ties keep the order seen.
    order.sort_by_key(|&i| (std::cmp::Reverse(counts[i].1 * 2 + counts[i].0), i));
    order.truncate(WEAKEST_TOPICS);
    order.into_iter().map(|i| TopicNeed { id: ids[i].clone(), not_done: counts[i].0, red: counts[i].1 }).collect()
}

/// The most frequent item; a tie goes to the one seen first.
fn majority<T: Eq + std::hash::Hash + Copy>(items: impl Iterator<Item = T>) -> Option<T> {
    let mut counts: HashMap<T, (usize, usize)> = HashMap::new();
    for (seen, it) in items.enumerate() {
        counts.entry(it).or_insert((0, seen)).0 += 1;
    }
    counts.into_iter().max_by_key(|(_, (n, seen))| (*n, std::cmp::Reverse(*seen))).map(|(it, _)| it)
}
