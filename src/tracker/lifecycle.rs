//! Exams change: a retired exam says so and names its successor, its date cannot be after its
//! last day, and a learner's progress moves to the successor along the successor's mapping
//! (shown first, written in one transaction, undoable; the old exam's data stays).

use std::collections::HashSet;

use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;

use super::Tracker;
use crate::carry::{self, Held, Plan};
use crate::store::{Migration, Undone};
use crate::syllabus::Syllabus;

/// How an exam stands today, for every list that shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lifecycle {
    Current,
    /// Announced: the last day it can be sat.
    Retiring(NaiveDate),
    /// Can no longer be sat; the exam that replaced it, if known.
    Retired {
        last_day: NaiveDate,
        successor: Option<String>,
    },
}

impl Lifecycle {
    pub fn of(s: &crate::syllabus::Exam, today: NaiveDate) -> Lifecycle {
        match s.retires {
            Some(last) if today > last => Lifecycle::Retired { last_day: last, successor: s.successor.clone() },
            Some(last) => Lifecycle::Retiring(last),
            None => Lifecycle::Current,
        }
    }

    /// A short phrase for lists: "retired 2026-07-31 → AI-200", "retires 2027-01-31".
    pub fn label(&self, code_of: impl Fn(&str) -> String) -> Option<String> {
        match self {
            Lifecycle::Current => None,
            Lifecycle::Retiring(d) => Some(format!("retires {d}")),
            Lifecycle::Retired { last_day, successor: Some(s) } => Some(format!("retired {last_day} → {}", code_of(s))),
            Lifecycle::Retired { last_day, successor: None } => Some(format!("retired {last_day}")),
        }
    }
}

/// What a migration would do, and whether it already happened.
pub struct MigrationPreview {
    pub plan: Plan,
    pub done: Option<Migration>,
}

impl Tracker {
    /// The exam's standing on `day`, by id or code.
    pub fn lifecycle(&self, exam: &str, day: NaiveDate) -> Result<Lifecycle> {
        Ok(Lifecycle::of(&self.syllabus(exam)?.exam, day))
    }

    /// An exam's code from its id (the id itself for an exam the catalog does not know).
    pub fn code_of(&self, id: &str) -> String {
        self.catalog.get(id).map_or(id.to_owned(), |e| e.syllabus.exam.code.clone())
    }

    /// A date's trouble for `exam`: past its last day.
    pub fn date_problem(&self, exam: &str, date: NaiveDate) -> Option<String> {
        let e = &self.syllabus(exam).ok()?.exam;
        let last = e.retires.filter(|&last| date > last)?;
        let next = e.successor.as_deref().map_or(String::new(), |s| format!("; its successor is {}", self.code_of(s)));
        Some(format!("{} can be sat until {last} only{next}", e.code))
    }

    /// What migrating `from` to `to` would carry (and whether it has been done).
    pub fn preview_migration(&self, from: &str, to: &str) -> Result<MigrationPreview> {
        let (old, new) = (self.syllabus(from)?, self.syllabus(to)?);
        if new.exam.predecessor.as_deref() != Some(old.exam.id.as_str()) {
            bail!(
                "{} does not replace {}; {}",
                new.exam.code,
                old.exam.code,
                match &old.exam.successor {
                    Some(s) => format!("{}'s successor is {}", old.exam.code, self.code_of(s)),
                    None => format!("{} names no successor", old.exam.code),
                }
            );
        }
        let done = self.store.migration_into(&new.exam.id)?.filter(|m| m.from_exam == old.exam.id);
        let plan = self.snapshot(|| self.plan(old, new))?;
        Ok(MigrationPreview { plan, done })
    }

    fn plan(&self, old: &Syllabus, new: &Syllabus) -> Result<Plan> {
        let old_progress = self.store.progress(Some(&old.exam.id))?;
        let old_cards: Vec<(String, crate::srs::CardState)> =
            self.store.cards(Some(&old.exam.id))?.into_iter().map(|c| (c.item_id, c.state)).collect();
        let old_attempts = self.store.attempts(Some(&old.exam.id))?;
        let new_progress = self.store.progress(Some(&new.exam.id))?;
        let new_cards: HashSet<String> = self.store.cards(Some(&new.exam.id))?.into_iter().map(|c| c.item_id).collect();
        let held = Held {
            old_progress: &old_progress,
            old_cards: &old_cards,
            old_attempts: &old_attempts,
            new_progress: &new_progress,
            new_cards: &new_cards,
        };
        Ok(carry::plan(old, new, &held))
    }

    /// Carry `from`'s progress to `to` (following `to`, and moving the exam date with
    /// `move_date`). A second migration of the same pair is refused: it was carried already.
    pub fn migrate(&mut self, from: &str, to: &str, move_date: bool, now: i64) -> Result<Plan> {
        let MigrationPreview { plan, done } = self.preview_migration(from, to)?;
        if let Some(m) = done {
            let day = chrono::DateTime::from_timestamp(m.migrated_at, 0).map(|d| d.date_naive());
            bail!(
                "{} was carried to {} already (on {}); nothing to do",
                m.from_exam,
                m.to_exam,
                day.unwrap_or_default()
            );
        }
        let date = self.exam_date(&plan.from_exam)?;
        self.store.carry(&plan, now)?;
        self.follow(&plan.to_exam, true, now)?;
        if let Some(d) = date.filter(|_| move_date) {
            // The old exam's date is kept on it; the successor gets it if it can be sat then.
            if self.date_problem(&plan.to_exam, d).is_none() && d >= crate::clock::today(now) {
                self.set_exam_date(&plan.to_exam, Some(d), now)?;
            }
        }
        Ok(plan)
    }

    /// Undo the migration into `to`: what it wrote goes, except what the learner changed since.
    pub fn undo_migration(&mut self, to: &str, now: i64) -> Result<(Migration, Undone)> {
        let id = self.syllabus(to)?.exam.id.clone();
        let m = self.store.migration_into(&id)?.ok_or_else(|| anyhow!("nothing was carried into {id} to undo"))?;
        let undone = self.store.undo_carry(&m, now)?;
        Ok((m, undone))
    }
}
