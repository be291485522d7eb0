//! `export` and `db backup | check | restore | path`.

use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use serde::Serialize;
use serde_json::json;

use crate::cli::{DbCommand, ExportFormat};
use crate::clock;
use crate::store::{self, LoggedReview, Store};
use crate::tracker::{Tracker, db_path};

/// Version of the export format (docs/data.md).
pub const EXPORT_FORMAT: u32 = 1;

#[derive(Serialize)]
struct ReviewRow<'a> {
    exam_id: &'a str,
    item_id: &'a str,
    kind: &'a str,
    rating: u8,
    reviewed_at: i64,
    elapsed_days: u32,
    scheduled_secs: i64,
    phase_before: &'a str,
}

fn review_rows(log: &[LoggedReview]) -> Vec<ReviewRow<'_>> {
    log.iter()
        .map(|r| ReviewRow {
            exam_id: &r.exam_id,
            item_id: &r.item_id,
            kind: r.kind.as_str(),
            rating: r.record.rating as u8,
            reviewed_at: r.record.reviewed_at,
            elapsed_days: r.record.elapsed_days,
            scheduled_secs: r.record.scheduled_secs,
            phase_before: r.record.phase_before.as_str(),
        })
        .collect()
}

pub fn export(t: &Tracker, format: ExportFormat, out_path: Option<&Path>, out: &mut dyn Write) -> Result<ExitCode> {
    let progress = t.store.progress(None)?;
    let attempts = t.store.attempts(None)?;
    let log = t.store.review_log(None)?;
    let reviews = review_rows(&log);
    match (format, out_path) {
        (ExportFormat::Json, path) => {
            let doc = json!({
                "format": EXPORT_FORMAT,
                "exported_at": clock::now(),
                "schema_version": t.store.schema_version()?,
                "followed": t.store.exam_settings()?,
                "progress": progress,
                "attempts": attempts,
                "reviews": reviews,
            });
            let text = crate::text::json(&doc) + "\n";
            match path {
                Some(p) => write_new(p, text.as_bytes())?,
                None => out.write_all(text.as_bytes())?,
            }
        }
        (ExportFormat::Anki, _) => unreachable!("commands::run sends Anki exports to `anki`"),
        (ExportFormat::Csv, None) => {
            bail!("CSV export writes three files (progress, attempts, reviews); pass --out DIR")
        }
        (ExportFormat::Csv, Some(dir)) => {
            fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
            write_csv(&dir.join("progress.csv"), &progress)?;
            write_csv(&dir.join("attempts.csv"), &attempts)?;
            write_csv(&dir.join("reviews.csv"), &reviews)?;
            writeln!(out, "wrote progress.csv, attempts.csv and reviews.csv in {}", dir.display())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// An exam's flashcards as Anki's tab-separated import format: front, back, tags (topic and
/// domain). Tabs and newlines inside fields become spaces and `<br>` is not used (plain text).
pub fn anki(t: &Tracker, exam: Option<&str>, out_path: Option<&Path>, out: &mut dyn Write) -> Result<ExitCode> {
    let Some(exam) = exam else { bail!("an Anki export is per exam: add --exam ID (e.g. --exam SAA-C03)") };
    let s = t.syllabus(exam)?;
    let field = |x: &str| crate::text::one_line(x).replace('\t', " ");
    let mut text = String::from("#separator:tab\n#html:false\n#tags column:3\n");
    for f in &s.flashcards {
        let topic = &s.topics[f.topic];
        let tags = format!(
            "certtrack::{} {}::{} {}::{}",
            s.exam.id, s.exam.id, s.domains[topic.domain].id, s.exam.id, topic.id
        );
        text += &format!("{}\t{}\t{}\n", field(&f.front), field(&f.back), tags);
    }
    match out_path {
        Some(p) => {
            write_new(p, text.as_bytes())?;
            writeln!(
                out,
                "wrote {} flashcards of {} to {} (Anki: File › Import)",
                s.flashcards.len(),
                s.exam.code,
                p.display()
            )?;
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("{}: cannot create (it must not exist yet)", path.display()))?;
    f.write_all(bytes).with_context(|| format!("writing {}", path.display()))
}

fn write_csv<T: Serialize>(path: &Path, rows: &[T]) -> Result<()> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for (i, r) in rows.iter().enumerate() {
        // Serialise through JSON so every record type gets the same defusing of text cells.
        let value = serde_json::to_value(r)?;
        let obj = value.as_object().context("flat record")?;
        if i == 0 {
            w.write_record(obj.keys())?;
        }
        w.write_record(obj.values().map(|v| match v {
            serde_json::Value::String(s) => crate::text::defuse_formula(s).into_owned(),
            serde_json::Value::Null => String::new(),
            other => other.to_string(),
        }))?;
    }
    let bytes = w.into_inner().context("finishing CSV")?;
    write_new(path, &bytes)
}

pub fn db(cmd: DbCommand, db_flag: Option<&Path>, out: &mut dyn Write) -> Result<ExitCode> {
    let path = db_path(db_flag)?;
    match cmd {
        DbCommand::Path => writeln!(out, "{}", path.display())?,
        DbCommand::Backup { file } => {
            let store = Store::open(&path)?;
            let dest = match file {
                Some(f) => f,
                None => default_backup(&path),
            };
            store.backup_to(&dest, false)?;
            writeln!(out, "backed up {} to {}", path.display(), dest.display())?;
        }
        DbCommand::Check => return check(&path, out),
        DbCommand::Restore { file } => {
            let aside = store::restore(&file, &path)?;
            writeln!(out, "restored {} from {}", path.display(), file.display())?;
            if let Some(a) = aside {
                writeln!(out, "the previous database was kept as {}", a.display())?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn default_backup(db: &Path) -> PathBuf {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S");
    db.parent().unwrap_or(Path::new(".")).join("backups").join(format!("manual-{stamp}.db"))
}

fn check(path: &Path, out: &mut dyn Write) -> Result<ExitCode> {
    if let Err(e) = store::validate_file(path) {
        writeln!(out, "FAILED: {e}")?;
        return Ok(ExitCode::from(1));
    }
    let store = Store::open(path)?;
    let (catalog, _) = crate::paths::load_catalog();
    let mut known = HashSet::new();
    for e in catalog.entries() {
        let s = &e.syllabus;
        let ids = s
            .topics
            .iter()
            .map(|t| &t.id)
            .chain(s.questions.iter().map(|q| &q.id))
            .chain(s.flashcards.iter().map(|f| &f.id));
        known.extend(ids.map(|id| format!("{}/{id}", s.exam.id)));
    }
    let report = store.check(&known)?;
    writeln!(
        out,
        "integrity: {}",
        if report.integrity.is_empty() { "ok".into() } else { report.integrity.join("; ") }
    )?;
    for o in &report.orphans {
        writeln!(out, "orphaned (kept): {}", crate::text::one_line(o))?;
    }
    for i in &report.impossible {
        writeln!(out, "impossible value: {}", crate::text::one_line(i))?;
    }
    let verdict = if report.healthy() { "ok" } else { "FAILED" };
    writeln!(out, "{verdict}: {} orphaned, {} impossible", report.orphans.len(), report.impossible.len())?;
    Ok(if report.healthy() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
