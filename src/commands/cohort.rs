//! `certtrack cohort init | join | snapshot | report`.

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;

use crate::cli::CohortCommand;
use crate::clock;
use crate::cohort::{self, CohortFile, DomainSnap, Snapshot, TopicSnap};
use crate::syllabus::{Catalog, Outline, Syllabus, catalog::read_file};
use crate::text;
use crate::tracker::Tracker;

pub fn run(cmd: CohortCommand, open: &dyn Fn() -> Result<Tracker>, out: &mut dyn Write) -> Result<ExitCode> {
    match cmd {
        CohortCommand::Init { out: path, name, syllabus, exam_date } => {
            init(&path, &name, &syllabus, exam_date.as_deref(), out)
        }
        CohortCommand::Join { file } => join(&mut open()?, &file, out),
        CohortCommand::Snapshot { cohort, member, out: path, with_notes } => {
            snapshot(&open()?, &cohort, &member, path.as_deref(), with_notes, out)
        }
        CohortCommand::Report { paths, format, cohort } => report(&paths, format, cohort.as_deref(), out),
        CohortCommand::View { paths, cohort } => {
            let r = load_report(&paths, cohort.as_deref())?;
            super::interactive::cohort(open()?, r, out)
        }
    }
}

fn init(path: &Path, name: &str, syllabus: &str, date: Option<&str>, out: &mut dyn Write) -> Result<ExitCode> {
    let date = date
        .map(|d| {
            NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .with_context(|| format!("`{}` is not a date; use YYYY-MM-DD", text::one_line(d)))
        })
        .transpose()?;
    let body = cohort::template(name, syllabus, date);
    cohort::parse_cohort("template", &body).map_err(file_problems)?;
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("{}: cannot create (it must not exist yet)", path.display()))?;
    f.write_all(body.as_bytes())?;
    writeln!(out, "wrote {}: add the members, then share it with them", path.display())?;
    Ok(ExitCode::SUCCESS)
}

fn read_cohort(path: &Path) -> Result<CohortFile> {
    let src = crate::syllabus::catalog::read_text(path).map_err(file_problems)?;
    cohort::parse_cohort(&path.display().to_string(), &src).map_err(file_problems)
}

/// A file's problems as the error: they end in a newline, which `main`'s line would double.
fn file_problems(problems: String) -> anyhow::Error {
    anyhow::Error::msg(problems.trim_end().to_owned())
}

/// The cohort's syllabus: a file next to the cohort file, or an exam the catalog knows.
fn cohort_syllabus(c: &CohortFile, cohort_path: &Path, catalog: &Catalog) -> Result<Arc<Syllabus>> {
    if c.syllabus_is_file() {
        let path = cohort_path.parent().unwrap_or(Path::new(".")).join(&c.syllabus);
        return read_file(&path).map(Arc::new).map_err(file_problems);
    }
    match catalog.get(&c.syllabus) {
        Some(e) => Ok(e.syllabus.clone()),
        None => bail!(
            "the cohort's syllabus `{}` is not a known exam; see `certtrack syllabus list`",
            text::one_line(&c.syllabus)
        ),
    }
}

fn join(t: &mut Tracker, path: &Path, out: &mut dyn Write) -> Result<ExitCode> {
    let c = read_cohort(path)?;
    let now = clock::now();
    if c.syllabus_is_file() {
        let file = path.parent().unwrap_or(Path::new(".")).join(&c.syllabus);
        let msg = t.import_file(&file, false, now).map_err(file_problems)?;
        writeln!(out, "{}", text::one_line(&msg))?;
    }
    let exam_id = cohort_syllabus(&c, path, &t.catalog)?.exam.id.clone();
    t.follow(&exam_id, true, now)?;
    if let Some(d) = c.exam_date() {
        t.set_exam_date(&exam_id, Some(d), now)?;
    }
    let date = c.exam_date().map_or("no exam date".into(), |d| format!("exam date {d}"));
    writeln!(out, "joined {}: following {exam_id}, {date}", text::one_line(&c.name))?;
    Ok(ExitCode::SUCCESS)
}

fn snapshot(
    t: &Tracker,
    cohort_path: &Path,
    member: &str,
    out_path: Option<&Path>,
    with_notes: bool,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let c = read_cohort(cohort_path)?;
    if !c.members.is_empty() && !c.members.iter().any(|m| m.eq_ignore_ascii_case(member)) {
        bail!(
            "`{}` is not a member of {}; members: {}",
            text::one_line(member),
            text::one_line(&c.name),
            c.members.join(", ")
        );
    }
    let s = cohort_syllabus(&c, cohort_path, &t.catalog)?;
    let s = t.catalog.get(&s.exam.id).map_or(s, |e| e.syllabus.clone());
    let snap = build_snapshot(t, &s, &c.name, member, with_notes)?;
    let json = crate::text::json(&snap) + "\n";
    match out_path {
        Some(p) => {
            fs::write(p, json).with_context(|| format!("writing {}", p.display()))?;
            writeln!(out, "wrote {}: send it to your cohort lead", p.display())?;
        }
        None => out.write_all(json.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

fn build_snapshot(t: &Tracker, s: &Syllabus, cohort: &str, member: &str, with_notes: bool) -> Result<Snapshot> {
    let now = clock::now();
    // From this syllabus, which may be the cohort's own file rather than an exam the app knows.
    let r = t.readiness(&Outline::of(s), now)?;
    let progress = t.progress(&s.exam.id)?;
    let attempts = t.attempts(&s.exam.id)?;
    let correct = attempts.iter().filter(|a| a.correct).count();
    let pct = |x: f64| (x * 1000.0).round() / 10.0;
    Ok(Snapshot {
        format: cohort::SNAPSHOT_FORMAT,
        kind: cohort::SNAPSHOT_KIND.into(),
        cohort: cohort.into(),
        member: member.into(),
        exam_id: s.exam.id.clone(),
        syllabus_version: s.exam.version,
        taken_at: now,
        exam_date: t.exam_date(&s.exam.id)?,
        readiness: pct(r.readiness),
        predicted_score: r.predicted.map(|p| p.0),
        light: r.light,
        on_track: r.on_track,
        behind_pace: r.pace.behind,
        days_left: r.pace.days_left,
        last_active: t.last_active(&s.exam.id)?,
        reviews_done: t.review_log(Some(&s.exam.id))?.len() as u32,
        quiz_attempts: attempts.len() as u32,
        quiz_accuracy: (!attempts.is_empty()).then(|| correct as f64 / attempts.len() as f64),
        domains: s
            .domains
            .iter()
            .zip(&r.domains)
            .map(|(d, dr)| DomainSnap {
                id: d.id.clone(),
                readiness: pct(dr.readiness),
                light: dr.light,
                quiz_attempts: dr.quiz_attempts,
                quiz_accuracy: dr.quiz_accuracy,
                coverage: pct(dr.coverage),
            })
            .collect(),
        topics: s
            .topics
            .iter()
            .map(|topic| {
                let p = progress.iter().find(|p| p.topic_id == topic.id);
                TopicSnap {
                    id: topic.id.clone(),
                    status: p.map_or(Default::default(), |p| p.status),
                    confidence: p.and_then(|p| p.confidence),
                    notes: p.filter(|p| with_notes && !p.notes.is_empty()).map(|p| p.notes.clone()),
                }
            })
            .collect(),
    })
}

/// Files named directly, and `*.json` files in folders named.
fn snapshot_files(paths: &[PathBuf], notes: &mut Vec<String>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            match fs::read_dir(p) {
                Ok(entries) => {
                    let mut found: Vec<PathBuf> = entries
                        .flatten()
                        .map(|e| e.path())
                        .filter(|f| f.extension().is_some_and(|x| x == "json"))
                        .collect();
                    found.sort();
                    files.extend(found);
                }
                Err(e) => notes.push(format!("{}: cannot read the folder: {e}", p.display())),
            }
        } else {
            files.push(p.clone());
        }
    }
    files
}

fn read_snapshot(path: &Path) -> Result<Snapshot, String> {
    let name = path.display().to_string();
    let meta = fs::metadata(path).map_err(|e| format!("{name}: cannot read: {e}; skipped"))?;
    if meta.len() > cohort::MAX_SNAPSHOT_BYTES {
        return Err(format!("{name}: {} bytes is too large for a snapshot; skipped", meta.len()));
    }
    let bytes = fs::read(path).map_err(|e| format!("{name}: cannot read: {e}; skipped"))?;
    let src = String::from_utf8(bytes).map_err(|_| format!("{name}: not UTF-8 text; skipped"))?;
    cohort::parse_snapshot(&name, &src)
}

fn report(
    paths: &[PathBuf],
    format: cohort::ReportFormat,
    cohort_path: Option<&Path>,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let r = load_report(paths, cohort_path)?;
    write!(out, "{}", cohort::render(&r, format))?;
    Ok(ExitCode::SUCCESS)
}

/// Read every snapshot under `paths` and build the report; unreadable files become notes.
pub fn load_report(paths: &[PathBuf], cohort_path: Option<&Path>) -> Result<cohort::Report> {
    let mut notes = Vec::new();
    let cohort_file = cohort_path.map(read_cohort).transpose()?;
    let mut snaps = Vec::new();
    for f in snapshot_files(paths, &mut notes) {
        match read_snapshot(&f) {
            Ok(s) => snaps.push((f.display().to_string(), s)),
            Err(e) => notes.push(e),
        }
    }
    if snaps.is_empty() {
        for n in &notes {
            eprintln!("{}", text::one_line(n));
        }
        bail!("no readable snapshots among the files given");
    }
    let (catalog, _) = crate::paths::load_catalog();
    let mut names: HashMap<String, String> = HashMap::new();
    let syllabus = match (&cohort_file, cohort_path) {
        (Some(c), Some(p)) => cohort_syllabus(c, p, &catalog).ok(),
        _ => catalog.get(&snaps[0].1.exam_id).map(|e| e.syllabus.clone()),
    };
    if let Some(s) = syllabus {
        names.extend(s.domains.iter().map(|d| (d.id.clone(), d.name.clone())));
    }
    Ok(cohort::build_report(snaps, cohort_file.as_ref(), &names, notes, clock::now()))
}
