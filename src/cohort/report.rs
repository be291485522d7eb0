//! The cohort report: members × domains, who is behind pace, where a group session helps most,
//! and every stale, mismatched or unreadable snapshot called out.

use std::collections::HashMap;

use serde::Serialize;

use super::{CohortFile, Snapshot};
use crate::study::{Light, Status};

const DAY: i64 = 86_400;
/// A snapshot older than this is called stale.
const STALE_DAYS: i64 = 14;
/// A member inactive this long, and not on track, is behind pace.
const IDLE_DAYS: i64 = 7;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Table,
    Csv,
    Markdown,
    Json,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MemberRow {
    pub member: String,
    pub readiness: f64,
    pub predicted_score: Option<u32>,
    pub light: Light,
    pub on_track: bool,
    pub behind_pace: bool,
    /// (readiness, light) per report domain, `None` where the snapshot lacks it.
    pub domains: Vec<Option<(f64, Light)>>,
    pub quiz_accuracy: Option<f64>,
    pub reviews_done: u32,
    pub last_active: Option<i64>,
    /// Why this row deserves a second look (stale, other cohort, other version).
    pub flags: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Report {
    pub cohort: String,
    pub exam_id: String,
    pub syllabus_version: Option<u32>,
    pub exam_date: Option<chrono::NaiveDate>,
    /// (id, name) of the exam's domains, in order.
    pub domains: Vec<(String, String)>,
    pub members: Vec<MemberRow>,
    /// (domain id, mean readiness), weakest first.
    pub weakest_domains: Vec<(String, f64)>,
    /// (topic id, members not done, members rating it red), most in need first.
    pub weakest_topics: Vec<(String, usize, usize)>,
    /// Members behind pace, with the reason.
    pub behind_pace: Vec<(String, String)>,
    /// Problems with files and members, one line each.
    pub notes: Vec<String>,
}

/// Combine snapshots (file name, parsed) into a report. `names` maps domain ids to names.
pub fn build_report(
    snaps: Vec<(String, Snapshot)>,
    cohort: Option<&CohortFile>,
    names: &HashMap<String, String>,
    mut notes: Vec<String>,
    now: i64,
) -> Report {
    let exam_id = majority(snaps.iter().map(|(_, s)| s.exam_id.clone())).unwrap_or_default();
    let cohort_name = cohort
        .map(|c| c.name.clone())
        .or_else(|| majority(snaps.iter().map(|(_, s)| s.cohort.clone())))
        .unwrap_or_default();
    let version = majority(snaps.iter().filter(|(_, s)| s.exam_id == exam_id).map(|(_, s)| s.syllabus_version));
    let mut newest: HashMap<String, (String, Snapshot)> = HashMap::new();
    for (file, s) in snaps {
        if s.exam_id != exam_id {
            notes.push(format!("{file}: for exam {}, not {exam_id}; left out", s.exam_id));
            continue;
        }
        let key = s.member.to_lowercase();
        match newest.get(&key) {
            Some((other, kept)) if kept.taken_at >= s.taken_at => {
                notes.push(format!("{file}: an older snapshot of {} than {other}; the newer one is used", s.member));
            }
            Some((other, _)) => {
                notes.push(format!("{other}: an older snapshot of {} than {file}; the newer one is used", s.member));
                newest.insert(key, (file, s));
            }
            None => {
                newest.insert(key, (file, s));
            }
        }
    }
    let mut kept: Vec<(String, Snapshot)> = newest.into_values().collect();
    kept.sort_by_key(|k| k.1.member.to_lowercase());
    let domain_ids: Vec<String> =
        kept.first().map(|(_, s)| s.domains.iter().map(|d| d.id.clone()).collect()).unwrap_or_default();
    if let Some(c) = cohort {
        for m in &c.members {
            if !kept.iter().any(|(_, s)| s.member.eq_ignore_ascii_case(m)) {
                notes.push(format!("no snapshot from {m}"));
            }
        }
        for (file, s) in &kept {
            if !c.members.iter().any(|m| m.eq_ignore_ascii_case(&s.member)) {
                notes.push(format!("{file}: {} is not a member of {}", s.member, c.name));
            }
        }
    }
    let members: Vec<MemberRow> = kept.iter().map(|(_, s)| row(s, &domain_ids, &cohort_name, version, now)).collect();
    let behind_pace = members
        .iter()
        .zip(&kept)
        .filter_map(|(m, (_, s))| behind_reason(s, now).map(|why| (m.member.clone(), why)))
        .collect();
    Report {
        cohort: cohort_name,
        exam_id,
        syllabus_version: version,
        exam_date: cohort.and_then(CohortFile::exam_date).or_else(|| kept.first().and_then(|(_, s)| s.exam_date)),
        domains: domain_ids.iter().map(|id| (id.clone(), names.get(id).cloned().unwrap_or_default())).collect(),
        weakest_domains: weakest_domains(&members, &domain_ids),
        weakest_topics: weakest_topics(&kept),
        behind_pace,
        members,
        notes,
    }
}

fn row(s: &Snapshot, domains: &[String], cohort: &str, version: Option<u32>, now: i64) -> MemberRow {
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
    MemberRow {
        member: s.member.clone(),
        readiness: s.readiness,
        predicted_score: s.predicted_score,
        light: s.light,
        on_track: s.on_track,
        behind_pace: behind_reason(s, now).is_some(),
        domains: domains
            .iter()
            .map(|id| s.domains.iter().find(|d| &d.id == id).map(|d| (d.readiness, d.light)))
            .collect(),
        quiz_accuracy: s.quiz_accuracy,
        reviews_done: s.reviews_done,
        last_active: s.last_active,
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

fn weakest_domains(members: &[MemberRow], ids: &[String]) -> Vec<(String, f64)> {
    let mut out: Vec<(String, f64)> = ids
        .iter()
        .enumerate()
        .filter_map(|(i, id)| {
            let vals: Vec<f64> = members.iter().filter_map(|m| m.domains[i].map(|d| d.0)).collect();
            (!vals.is_empty()).then(|| (id.clone(), vals.iter().sum::<f64>() / vals.len() as f64))
        })
        .collect();
    out.sort_by(|a, b| a.1.total_cmp(&b.1));
    out
}

fn weakest_topics(kept: &[(String, Snapshot)]) -> Vec<(String, usize, usize)> {
    let mut by_topic: Vec<(String, usize, usize)> = Vec::new();
    for (_, s) in kept {
        for t in &s.topics {
            let slot = match by_topic.iter().position(|x| x.0 == t.id) {
                Some(i) => i,
                None => {
                    by_topic.push((t.id.clone(), 0, 0));
                    by_topic.len() - 1
                }
            };
            by_topic[slot].1 += usize::from(t.status != Status::Done);
            by_topic[slot].2 += usize::from(t.confidence == Some(Light::Red));
        }
    }
    by_topic.retain(|t| t.1 + t.2 > 0);
    // Red ratings weigh double: the member says they do not know it.
    by_topic.sort_by_key(|t| std::cmp::Reverse(t.2 * 2 + t.1));
    by_topic.truncate(5);
    by_topic
}

fn majority<T: Eq + std::hash::Hash + Clone>(items: impl Iterator<Item = T>) -> Option<T> {
    let mut counts: Vec<(T, usize)> = Vec::new();
    for it in items {
        match counts.iter_mut().find(|(x, _)| *x == it) {
            Some(c) => c.1 += 1,
            None => counts.push((it, 1)),
        }
    }
    counts.into_iter().max_by_key(|c| c.1).map(|c| c.0)
}

fn date(ts: Option<i64>) -> String {
    ts.and_then(|t| chrono::DateTime::from_timestamp(t, 0)).map_or("never".into(), |d| d.date_naive().to_string())
}

fn cell(d: Option<(f64, Light)>) -> String {
    d.map_or("-".into(), |(r, l)| format!("{r:.0}% {}", l.as_str()))
}

/// The report in the chosen format. Text cells are already sanitised by the parser.
pub fn render(r: &Report, format: ReportFormat) -> String {
    match format {
        ReportFormat::Json => crate::text::json(r) + "\n",
        ReportFormat::Csv => csv(r),
        ReportFormat::Table => text(r, false),
        ReportFormat::Markdown => text(r, true),
    }
}

fn header(r: &Report) -> Vec<String> {
    let mut h = vec!["member".to_owned(), "readiness".into(), "score".into(), "light".into()];
    h.extend(r.domains.iter().map(|d| d.0.clone()));
    h.extend(["last active".into(), "behind pace".into(), "flags".into()]);
    h
}

fn cells(m: &MemberRow) -> Vec<String> {
    let mut c = vec![
        m.member.clone(),
        format!("{:.0}%", m.readiness),
        m.predicted_score.map_or("-".into(), |s| s.to_string()),
        m.light.as_str().to_owned(),
    ];
    c.extend(m.domains.iter().map(|d| cell(*d)));
    c.extend([date(m.last_active), if m.behind_pace { "yes".into() } else { "no".into() }, m.flags.join("; ")]);
    c
}

fn csv(r: &Report) -> String {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(header(r));
    for m in &r.members {
        let _ = w.write_record(cells(m));
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn text(r: &Report, markdown: bool) -> String {
    let version = r.syllabus_version.map_or(String::new(), |v| format!(" v{v}"));
    let date = r.exam_date.map_or("no exam date".into(), |d| format!("exam {d}"));
    let mut o = if markdown { format!("# {}\n\n", r.cohort) } else { format!("Cohort: {}\n", r.cohort) };
    o += &format!("{}{version} · {date} · {} member(s)\n\n", r.exam_id, r.members.len());
    if markdown {
        o += &format!("| {} |\n|{}\n", header(r).join(" | "), "---|".repeat(header(r).len()));
        for m in &r.members {
            let escaped: Vec<String> = cells(m).iter().map(|c| c.replace('|', "\\|")).collect();
            o += &format!("| {} |\n", escaped.join(" | "));
        }
    } else {
        let mut t = crate::commands::table::Table::new(&header(r).iter().map(String::as_str).collect::<Vec<_>>());
        for m in &r.members {
            t.row(cells(m));
        }
        o += &t.render();
    }
    let bullet = if markdown { "- " } else { "  " };
    let section = |title: &str| if markdown { format!("\n## {title}\n\n") } else { format!("\n{title}:\n") };
    o += &section("Weakest domains (where a group session helps most)");
    for (id, mean) in r.weakest_domains.iter().take(3) {
        let name = r.domains.iter().find(|d| &d.0 == id).map_or("", |d| d.1.as_str());
        o += &format!("{bullet}{id} {name}: mean readiness {mean:.0}%\n");
    }
    o += &section("Weakest topics");
    for (id, not_done, red) in &r.weakest_topics {
        o += &format!("{bullet}{id}: {not_done} member(s) not done, {red} rating it red\n");
    }
    o += &section("Behind pace");
    if r.behind_pace.is_empty() {
        o += &format!("{bullet}nobody\n");
    }
    for (m, why) in &r.behind_pace {
        o += &format!("{bullet}{m}: {why}\n");
    }
    if !r.notes.is_empty() {
        o += &section("Notes");
        for n in &r.notes {
            o += &format!("{bullet}{}\n", crate::text::one_line(n));
        }
    }
    o
}
