//! `certtrack cohort init | join | snapshot | report`.

use std::fs;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;

use super::cohort_render::render;
use crate::cli::{CohortCommand, ReportFormat};
use crate::cohort::{self, CohortFile, DomainSnap, ExamInfo, ReportBuilder, Snapshot, TopicSnap};
use crate::syllabus::{Catalog, MAX_FILE_BYTES, Outline, PassMark, Syllabus, check};
use crate::tracker::Tracker;
use crate::{clock, files, text};

pub fn run(cmd: CohortCommand, open: &dyn Fn() -> Result<Tracker>, out: &mut dyn Write) -> Result<ExitCode> {
    match cmd {
        CohortCommand::Init { out: path, name, syllabus, exam_date } => {
            init(&path, &name, &syllabus, exam_date.as_deref(), out)
        }
        CohortCommand::Join { file } => join(&mut open()?, &file, out),
        CohortCommand::Snapshot { cohort, member, out: path, with_notes, with_results } => {
            let share = Share { notes: with_notes, results: with_results };
            snapshot(&open()?, &cohort, &member, path.as_deref(), share, out)
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
    files::write_atomic(path, false, |f| f.write_all(body.as_bytes()))
        .with_context(|| format!("{}: cannot create", path.display()))?;
    writeln!(out, "wrote {}: add the members, then share it with them", path.display())?;
    Ok(ExitCode::SUCCESS)
}

/// Other people's file as text: a regular file only, at most `limit` bytes, and (with a
/// `folder`) one that stays inside it. The error names the file and never quotes it.
fn read_untrusted(path: &Path, folder: Option<&Path>, limit: usize) -> Result<String, String> {
    let name = path.display();
    let bytes = match folder {
        Some(dir) => files::read_bounded_in(dir, path, limit as u64),
        None => files::read_bounded(path, limit as u64),
    }
    .map_err(|e| format!("{name}: cannot read: {e}"))?;
    String::from_utf8(bytes).map_err(|_| format!("{name}: not UTF-8 text"))
}

fn read_cohort(path: &Path) -> Result<CohortFile> {
    let src = read_untrusted(path, None, cohort::MAX_COHORT_BYTES).map_err(file_problems)?;
    cohort::parse_cohort(&path.display().to_string(), &src).map_err(file_problems)
}

/// A file's problems as the error: they end in a newline, which `main`'s line would double.
fn file_problems(problems: String) -> anyhow::Error {
    anyhow::Error::msg(problems.trim_end().to_owned())
}

/// The team syllabus a cohort file names: (its path, its text), read only from the cohort
/// file's own folder.
fn team_syllabus(c: &CohortFile, cohort_path: &Path) -> Result<(PathBuf, String)> {
    let dir = cohort_path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let path = dir.join(&c.syllabus);
    let text = read_untrusted(&path, Some(dir), MAX_FILE_BYTES).map_err(anyhow::Error::msg)?;
    Ok((path, text))
}

/// The cohort's syllabus: a file next to the cohort file, or an exam the catalog knows.
fn cohort_syllabus(c: &CohortFile, cohort_path: &Path, catalog: &Catalog) -> Result<Arc<Syllabus>> {
    if c.syllabus_is_file() {
        let (path, text) = team_syllabus(c, cohort_path)?;
        let mut checked = check(&path.display().to_string(), &text);
        return checked.syllabus.take().map(Arc::new).ok_or_else(|| file_problems(checked.render()));
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
        let (file, text) = team_syllabus(&c, path)?;
        let msg = t.import_text(&file, text, false, now).map_err(file_problems)?;
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
    share: Share,
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
    let snap = build_snapshot(t, &s, &c.name, member, share)?;
    let json = crate::text::json(&snap) + "\n";
    match out_path {
        Some(p) => {
            // Atomic: a full disk or a kill leaves the previous snapshot whole, never half of one.
            files::write_atomic(p, true, |f| f.write_all(json.as_bytes()))
                .with_context(|| format!("writing {}", p.display()))?;
            writeln!(out, "wrote {}: send it to your cohort lead", p.display())?;
        }
        None => out.write_all(json.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

/// What a member chose to add to their snapshot; both are off unless asked for.
#[derive(Clone, Copy)]
struct Share {
    notes: bool,
    /// Certifications with expiry and exam results with their predictions.
    results: bool,
}

fn build_snapshot(t: &Tracker, s: &Syllabus, cohort: &str, member: &str, share: Share) -> Result<Snapshot> {
    let Share { notes: with_notes, results: with_results } = share;
    let now = clock::now();
    // From this syllabus, which may be the cohort's own file rather than an exam the app knows.
    let r = t.readiness(&Outline::of(s), now)?;
    let progress = t.progress(&s.exam.id)?;
    let attempts = t.attempts(&s.exam.id)?;
    let correct = attempts.iter().filter(|a| a.correct).count();
    // Every share in a snapshot is a percentage, 0–100 with one decimal.
    let pct = text::percent;
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
        quiz_accuracy: (!attempts.is_empty()).then(|| pct(correct as f64 / attempts.len() as f64)),
        domains: s
            .domains
            .iter()
            .zip(&r.domains)
            .map(|(d, dr)| DomainSnap {
                id: d.id.clone(),
                readiness: pct(dr.readiness),
                light: dr.light,
                quiz_attempts: dr.quiz_attempts,
                quiz_accuracy: dr.quiz_accuracy.map(pct),
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
        outcomes: with_results.then(|| shared_outcomes(t)).transpose()?,
    })
}

/// The member's certifications and results, for a snapshot they chose to share them in.
fn shared_outcomes(t: &Tracker) -> Result<cohort::Outcomes> {
    let today = clock::today(clock::now());
    let certifications = t
        .certifications(today)?
        .into_iter()
        .map(|c| cohort::CertSnap {
            exam_id: c.cert.exam_id,
            earned_on: c.cert.earned_on,
            expires_on: c.cert.expires_on,
        })
        .collect();
    Ok(cohort::Outcomes { certifications, results: t.results(None)? })
}

/// A snapshot file to read, and the folder it was found in (it must not lead out of it).
struct Found {
    path: PathBuf,
    folder: Option<PathBuf>,
}

/// Files named directly, and `*.json` files in folders named.
fn snapshot_files(paths: &[PathBuf], notes: &mut Vec<String>) -> Vec<Found> {
    let mut files = Vec::new();
    for p in paths {
        if !p.is_dir() {
            files.push(Found { path: p.clone(), folder: None });
            continue;
        }
        match fs::read_dir(p) {
            Ok(entries) => {
                let mut found: Vec<PathBuf> = entries
                    .flatten()
                    .map(|e| e.path())
                    .filter(|f| f.extension().is_some_and(|x| x == "json"))
                    .collect();
                found.sort();
                files.extend(found.into_iter().map(|path| Found { path, folder: Some(p.clone()) }));
            }
            Err(e) => notes.push(format!("{}: cannot read the folder: {e}", p.display())),
        }
    }
    files
}

fn read_snapshot(f: &Found, now: i64) -> Result<Snapshot, String> {
    let src = read_untrusted(&f.path, f.folder.as_deref(), cohort::MAX_SNAPSHOT_BYTES as usize)
        .map_err(|e| format!("{e}; skipped"))?;
    cohort::parse_snapshot(&f.path.display().to_string(), &src, now)
}

fn report(
    paths: &[PathBuf],
    format: ReportFormat,
    cohort_path: Option<&Path>,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let r = load_report(paths, cohort_path)?;
    write!(out, "{}", render(&r, format))?;
    Ok(ExitCode::SUCCESS)
}

/// Read every snapshot under `paths` and build the report; unreadable files become notes.
pub fn load_report(paths: &[PathBuf], cohort_path: Option<&Path>) -> Result<cohort::Report> {
    let now = clock::now();
    let mut notes = Vec::new();
    let cohort_file = cohort_path.map(read_cohort).transpose()?;
    let found = snapshot_files(paths, &mut notes);
    let stderr = std::io::stderr();
    let mut progress =
        super::progress::Progress::new(stderr.is_terminal().then_some(stderr), "reading snapshots", Some(found.len()));
    let mut builder = ReportBuilder::new();
    for (i, f) in found.iter().enumerate() {
        match read_snapshot(f, now) {
            Ok(s) => builder.add(f.path.display().to_string(), s),
            Err(e) => notes.push(e),
        }
        progress.step(i + 1);
    }
    progress.finish();
    if builder.is_empty() {
        for n in &notes {
            eprintln!("{}", text::one_line(n));
        }
        bail!("no readable snapshots among the files given");
    }
    let (catalog, _) = crate::paths::load_catalog();
    let syllabus = match (&cohort_file, cohort_path) {
        (Some(c), Some(p)) => cohort_syllabus(c, p, &catalog)
            .map_err(|e| notes.push(format!("the cohort's syllabus is not used: {}", text::one_line(&e.to_string()))))
            .ok(),
        _ => builder.exam_id().and_then(|id| catalog.get(id)).map(|e| e.syllabus.clone()),
    };
    let pass_marks = catalog
        .ids()
        .iter()
        .filter_map(|id| Some((id.to_string(), catalog.get(id)?.syllabus.exam.pass_mark.published()?)))
        .collect();
    let mut exam = ExamInfo { cohort: cohort_file.as_ref(), pass_marks, ..ExamInfo::default() };
    if let Some(s) = syllabus {
        exam.domain_names = s.domains.iter().map(|d| (d.id.clone(), d.name.clone())).collect();
        if let PassMark::Scaled { scale_min, scale_max, .. } = s.exam.pass_mark {
            exam.scale = Some((scale_min, scale_max));
        }
    }
    Ok(builder.finish(&exam, notes, now))
}
