//! `db backup | check | restore | path`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;

use crate::cli::DbCommand;
use crate::tracker::{self, Tracker, db_path};

pub fn db(
    cmd: DbCommand,
    db_flag: Option<&Path>,
    open: &dyn Fn() -> Result<Tracker>,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let path = db_path(db_flag)?;
    match cmd {
        DbCommand::Path => writeln!(out, "{}", path.display())?,
        DbCommand::Backup { file } => {
            let t = open()?;
            let dest = file.unwrap_or_else(|| default_backup(&path));
            // SQLite copies the file in one call: say so while a large one is copied.
            let mut shown = super::progress::Progress::stderr("backing up", None);
            if std::fs::metadata(&path).is_ok_and(|m| m.len() >= 50 << 20) {
                shown.under_way();
            }
            let done = t.backup_to(&dest);
            shown.finish();
            done?;
            writeln!(out, "backed up {} to {}", path.display(), dest.display())?;
        }
        DbCommand::Check => return check(&path, open, out),
        DbCommand::Restore { file } => {
            let aside = tracker::restore(&file, &path)?;
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

fn check(path: &Path, open: &dyn Fn() -> Result<Tracker>, out: &mut dyn Write) -> Result<ExitCode> {
    let version = match tracker::validate_file(path) {
        Ok(v) => v,
        Err(e) => {
            writeln!(out, "FAILED: {e:#}")?;
            return Ok(ExitCode::from(1));
        }
    };
    let latest = tracker::latest_schema();
    if version > 0 && version < latest {
        // Opening it upgrades it (after a backup beside it): say so before it happens.
        writeln!(out, "schema {version}: upgrading to schema {latest}; a copy is kept beside the database first")?;
    }
    let report = open()?.check()?;
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
