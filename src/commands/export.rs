//! `export`: the whole history as one JSON document or one CSV file per table, streamed from
//! the database (memory stays flat however long the history), written atomically, never over
//! an existing file. The JSON shape is published as a JSON Schema (`export --schema`).

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use serde::Serialize;

use super::progress::Progress;
use crate::cli::ExportFormat;
use crate::files;
use crate::tracker::{
    AttemptRow, CardRow, CertificationRow, ExportTable, FollowedRow, PredictionRow, ProgressRow, RenewalRow, ResultRow,
    ReviewRow, SessionRow, SettingRow, Tracker,
};

/// Version of the export format (docs/data.md, docs/export.schema.json).
pub const EXPORT_FORMAT: u32 = 2;
const SCHEMA: &str = include_str!("../../docs/export.schema.json");

pub fn schema(out: &mut dyn Write) -> Result<ExitCode> {
    out.write_all(SCHEMA.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

pub fn export(t: &Tracker, format: ExportFormat, out_path: Option<&Path>, out: &mut dyn Write) -> Result<ExitCode> {
    match (format, out_path) {
        (ExportFormat::Json, None) => t.snapshot(|| json(t, out))?,
        (ExportFormat::Json, Some(p)) => {
            let wrote = files::write_atomic(p, false, |f| {
                let mut w = BufWriter::new(f);
                t.snapshot(|| json(t, &mut w)).map_err(io::Error::other)?;
                w.flush()
            });
            wrote.with_context(|| format!("{}: not written", p.display()))?;
            writeln!(out, "wrote {}", p.display())?;
        }
        (ExportFormat::Csv, None) => bail!("a CSV export is one file per table; pass --out DIR"),
        (ExportFormat::Csv, Some(dir)) => {
            csv_files(t, dir)?;
            writeln!(out, "wrote {} in {}", CSV_FILES.join(", "), dir.display())?;
        }
        (ExportFormat::Anki, _) => unreachable!("commands::run sends Anki exports to `anki`"),
    }
    Ok(ExitCode::SUCCESS)
}

/// The document, table by table; each table's rows go out as they are read.
fn json(t: &Tracker, w: &mut dyn Write) -> Result<()> {
    let mut rows = Rows::new();
    let now = crate::clock::now();
    let iso = chrono::DateTime::from_timestamp(now, 0).map(|d| d.to_rfc3339()).unwrap_or_default();
    write!(
        w,
        "{{\n  \"format\": {EXPORT_FORMAT},\n  \"exported_at\": {now},\n  \"exported_at_iso\": {},\n  \"schema_version\": {}",
        serde_json::to_string(&iso)?,
        t.schema_version()?
    )?;
    json_table::<FollowedRow>(t, w, &mut rows)?;
    json_table::<SettingRow>(t, w, &mut rows)?;
    json_table::<ProgressRow>(t, w, &mut rows)?;
    json_table::<SessionRow>(t, w, &mut rows)?;
    json_table::<AttemptRow>(t, w, &mut rows)?;
    json_table::<ReviewRow>(t, w, &mut rows)?;
    json_table::<CardRow>(t, w, &mut rows)?;
    json_table::<ResultRow>(t, w, &mut rows)?;
    json_table::<CertificationRow>(t, w, &mut rows)?;
    json_table::<RenewalRow>(t, w, &mut rows)?;
    json_table::<PredictionRow>(t, w, &mut rows)?;
    writeln!(w, "\n}}")?;
    rows.progress.finish();
    Ok(())
}

/// Rows written so far, shown on a terminal while a large export runs.
struct Rows {
    done: usize,
    progress: Progress<std::io::Stderr>,
}

impl Rows {
    fn new() -> Rows {
        Rows { done: 0, progress: Progress::stderr("exporting", None) }
    }

    fn one_more(&mut self) {
        self.done += 1;
        self.progress.step(self.done);
    }
}

fn json_table<T: ExportTable>(t: &Tracker, w: &mut dyn Write, rows: &mut Rows) -> Result<()> {
    write!(w, ",\n  \"{}\": [", T::NAME)?;
    let mut first = true;
    t.export_rows(|row: T| {
        w.write_all(if first { b"\n    " } else { b",\n    " })?;
        first = false;
        w.write_all(crate::text::json_line(&row).as_bytes())?;
        rows.one_more();
        Ok(())
    })?;
    w.write_all(if first { b"]" } else { b"\n  ]" })?;
    Ok(())
}

const CSV_FILES: [&str; 11] = [
    "followed.csv",
    "settings.csv",
    "progress.csv",
    "sessions.csv",
    "attempts.csv",
    "reviews.csv",
    "cards.csv",
    "results.csv",
    "certifications.csv",
    "renewals.csv",
    "predictions.csv",
];

/// One file per table, each with its header even when empty; none is written if any exists.
fn csv_files(t: &Tracker, dir: &Path) -> Result<()> {
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    if let Some(f) = CSV_FILES.iter().map(|f| dir.join(f)).find(|p| p.exists()) {
        bail!("{} already exists; export into a new or empty folder (nothing was written)", f.display());
    }
    let mut rows = Rows::new();
    let wrote = t.snapshot(|| {
        csv_file::<FollowedRow>(t, dir, &mut rows)?;
        csv_file::<SettingRow>(t, dir, &mut rows)?;
        csv_file::<ProgressRow>(t, dir, &mut rows)?;
        csv_file::<SessionRow>(t, dir, &mut rows)?;
        csv_file::<AttemptRow>(t, dir, &mut rows)?;
        csv_file::<ReviewRow>(t, dir, &mut rows)?;
        csv_file::<CardRow>(t, dir, &mut rows)?;
        csv_file::<ResultRow>(t, dir, &mut rows)?;
        csv_file::<CertificationRow>(t, dir, &mut rows)?;
        csv_file::<RenewalRow>(t, dir, &mut rows)?;
        csv_file::<PredictionRow>(t, dir, &mut rows)
    });
    rows.progress.finish();
    wrote
}

fn csv_file<T: ExportTable>(t: &Tracker, dir: &Path, rows: &mut Rows) -> Result<()> {
    let path = dir.join(format!("{}.csv", T::NAME));
    let wrote = files::write_atomic(&path, false, |f| {
        let mut w = csv::Writer::from_writer(BufWriter::new(f));
        w.write_record(header::<T>()).map_err(io::Error::other)?;
        t.export_rows(|row: T| {
            w.write_record(cells(&row)?)?;
            rows.one_more();
            Ok(())
        })
        .map_err(io::Error::other)?;
        w.flush()
    });
    wrote.with_context(|| format!("{}: not written", path.display()))
}

/// Column names, from the row type itself (so an empty table still gets its header).
fn header<T: ExportTable>() -> Vec<String> {
    match serde_json::to_value(T::default()) {
        Ok(serde_json::Value::Object(m)) => m.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

/// A row's cells: text made safe for the terminal and for spreadsheets (`text::defuse_formula`).
fn cells<T: Serialize>(row: &T) -> Result<Vec<String>> {
    let serde_json::Value::Object(m) = serde_json::to_value(row)? else { bail!("a flat record") };
    Ok(m.into_values()
        .map(|v| match v {
            serde_json::Value::String(s) => crate::text::defuse_formula(&crate::text::sanitize(&s)).into_owned(),
            serde_json::Value::Null => String::new(),
            other => other.to_string(),
        })
        .collect())
}
