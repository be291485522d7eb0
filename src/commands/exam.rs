//! `exam migrate | undo-migrate | result`: a learner's progress across exam versions, and the
//! real sittings.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use crate::carry::Plan;
use crate::cli::ExamCommand;
use crate::clock;
use crate::text;
use crate::tracker::{ResultEntry, Tracker};

pub fn run(t: &mut Tracker, cmd: ExamCommand, out: &mut dyn Write) -> Result<ExitCode> {
    match cmd {
        ExamCommand::Migrate { from, to, yes, move_date, json } => migrate(t, &from, &to, yes, move_date, json, out),
        ExamCommand::Result { exam, date, score, passed, failed, domains, json } => {
            let passed = match (passed, failed) {
                (true, _) => Some(true),
                (_, true) => Some(false),
                _ => None,
            };
            let entry = ResultEntry { exam, sat_on: date, score, passed, domains };
            super::results::record(t, &entry, json, out)
        }
        ExamCommand::UndoMigrate { to } => {
            let (m, undone) = t.undo_migration(&to, clock::now())?;
            writeln!(out, "undid the migration {} → {}: {} row(s) removed", m.from_exam, m.to_exam, undone.removed)?;
            for k in &undone.kept_changed {
                writeln!(out, "  kept (changed since): {}", text::one_line(k))?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn migrate(
    t: &mut Tracker,
    from: &str,
    to: &str,
    yes: bool,
    move_date: bool,
    json: bool,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let preview = t.preview_migration(from, to)?;
    if let Some(m) = &preview.done {
        let day = chrono::DateTime::from_timestamp(m.migrated_at, 0).map(|d| d.date_naive()).unwrap_or_default();
        writeln!(out, "{} was carried to {} already (on {day}); nothing to do", m.from_exam, m.to_exam)?;
        return Ok(ExitCode::SUCCESS);
    }
    let plan = if yes { t.migrate(from, to, move_date, clock::now())? } else { preview.plan };
    if json {
        let v = serde_json::json!({ "carried": yes, "plan": plan });
        writeln!(out, "{}", text::json(&v))?;
        return Ok(ExitCode::SUCCESS);
    }
    write!(out, "{}", describe(t, &plan))?;
    if yes {
        writeln!(
            out,
            "Carried. {} is followed now; undo with `certtrack exam undo-migrate {}`.",
            plan.to_exam, plan.to_exam
        )?;
    } else {
        writeln!(
            out,
            "Nothing written yet: run again with --yes to carry it (add --move-date to move your exam date)."
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The plan as the learner reads it.
fn describe(t: &Tracker, p: &Plan) -> String {
    p.lines(&t.code_of(&p.from_exam), &t.code_of(&p.to_exam)).iter().map(|l| text::one_line(l) + "\n").collect()
}
