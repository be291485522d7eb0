//! `certtrack config path | show | edit`.

use std::io::Write;
use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail};

use crate::cli::ConfigCommand;
use crate::config::{self, TEMPLATE};

pub fn run(cmd: ConfigCommand, out: &mut dyn Write) -> Result<ExitCode> {
    let Some(path) = config::path() else {
        bail!("cannot find a config directory for this user; set CERTTRACK_CONFIG")
    };
    match cmd {
        ConfigCommand::Path => {
            let note = if path.exists() {
                ""
            } else {
                " (not created yet: `certtrack config edit` writes a commented template)"
            };
            writeln!(out, "{}{note}", path.display())?;
        }
        ConfigCommand::Show => return show(out),
        ConfigCommand::Edit => {
            if !path.exists() {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
                }
                std::fs::write(&path, TEMPLATE).with_context(|| format!("writing {}", path.display()))?;
            }
            // The user's own editor, on the user's own file: nothing from syllabi or snapshots.
            let editor = std::env::var("VISUAL").or_else(|_| std::env::var("EDITOR")).unwrap_or_else(|_| "vi".into());
            let status =
                Command::new(&editor).arg(&path).status().with_context(|| format!("starting the editor `{editor}`"))?;
            if !status.success() {
                bail!("the editor `{editor}` failed ({status})");
            }
            return show(out);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn show(out: &mut dyn Write) -> Result<ExitCode> {
    let c = match config::load() {
        Ok(c) => c,
        Err(e) => {
            write!(out, "{}", crate::text::sanitize(&e))?;
            return Ok(ExitCode::from(1));
        }
    };
    let path = config::path().map(|p| p.display().to_string()).unwrap_or_default();
    writeln!(out, "# config file: {path}")?;
    let theme = match (&c.theme, crate::app::theme::no_color()) {
        (_, true) => "monochrome (NO_COLOR is set)".to_owned(),
        (Some(t), false) => t.clone(),
        (None, false) => "dark (default)".into(),
    };
    writeln!(out, "theme = {theme}")?;
    writeln!(out, "default_exam = {}", c.default_exam.as_deref().unwrap_or("(none)"))?;
    writeln!(out, "week_start = {}", if c.week_starts_sunday() { "sunday" } else { "monday" })?;
    writeln!(
        out,
        "date_format = {:?} (today: {})",
        c.date_format.as_deref().unwrap_or("%Y-%m-%d"),
        c.format_date(crate::clock::today(crate::clock::now()))
    )?;
    let s = &c.study;
    let opt = |v: Option<String>| v.unwrap_or_else(|| "(database or default)".into());
    writeln!(out, "study.desired_retention = {}", opt(s.desired_retention.map(|v| v.to_string())))?;
    writeln!(out, "study.new_per_day = {}", opt(s.new_per_day.map(|v| v.to_string())))?;
    writeln!(out, "study.reviews_per_day = {}", opt(s.reviews_per_day.map(|v| v.to_string())))?;
    for (from, to) in &c.keys {
        writeln!(out, "keys: {} is on {}", crate::text::one_line(from), crate::text::one_line(to))?;
    }
    if let Err(e) = crate::app::theme::Theme::from_config(&c) {
        writeln!(out, "warning: {}", crate::text::one_line(&e))?;
    }
    Ok(ExitCode::SUCCESS)
}
