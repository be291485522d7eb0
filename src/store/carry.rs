//! Writing a migration plan (`crate::carry`) in one transaction, every row it writes listed in
//! `carried` so it can be undone; the old exam's rows are only ever read.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::cards::ItemKind;
use super::records::{add_to_summary, rebuild_question_stats};
use super::{Result, Store};
use crate::carry::Plan;

/// A migration on record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Migration {
    pub id: i64,
    pub from_exam: String,
    pub to_exam: String,
    pub migrated_at: i64,
    pub undone_at: Option<i64>,
}

/// What an undo removed, and what it left because the learner changed it since.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Undone {
    pub removed: usize,
    pub kept_changed: Vec<String>,
}

impl Store {
    /// Write `plan`; returns the migration's id.
    pub fn carry(&mut self, plan: &Plan, now: i64) -> Result<i64> {
        self.write(|tx| {
            let summary = serde_json::json!({
                "topics": plan.topics.len(), "cards": plan.cards.len(), "attempts": plan.attempts.len(),
                "not_carried": plan.not_carried, "new_topics": plan.new_topics, "kept": plan.kept,
            });
            tx.execute(
                "INSERT INTO exam_migration (from_exam, to_exam, migrated_at, summary) VALUES (?1, ?2, ?3, ?4)",
                params![plan.from_exam, plan.to_exam, now, summary.to_string()],
            )?;
            let id = tx.last_insert_rowid();
            let mut note = tx.prepare_cached(
                "INSERT INTO carried (migration_id, kind, exam_id, item_id, row_id) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for t in &plan.topics {
                tx.execute(
                    "INSERT INTO progress (exam_id, topic_id, status, confidence, notes, minutes, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?6)",
                    params![plan.to_exam, t.topic, t.status.as_str(), t.confidence.map(|c| c.as_str()), t.notes, now],
                )?;
                note.execute(params![id, "progress", plan.to_exam, t.topic, None::<i64>])?;
            }
            for (item, question, state) in &plan.cards {
                let kind = if *question { ItemKind::Question } else { ItemKind::Flashcard };
                super::cards::upsert_card(tx, &plan.to_exam, item, kind, state)?;
                note.execute(params![id, "card", plan.to_exam, item, None::<i64>])?;
            }
            for a in &plan.attempts {
                // A copy of an answer already counted on its day: the study days stay as they are.
                tx.execute(
                    "INSERT INTO attempt (session_id, exam_id, question_id, chosen, correct, seconds, answered_at)
                     VALUES (NULL, ?1, ?2, ?3, ?4, ?5, ?6)",
                    params![a.exam_id, a.question_id, a.chosen, a.correct, a.seconds, a.answered_at],
                )?;
                let row = tx.last_insert_rowid();
                add_to_summary(tx, &a.exam_id, &a.question_id, a.correct, a.answered_at)?;
                note.execute(params![id, "attempt", plan.to_exam, a.question_id, row])?;
            }
            Ok(id)
        })
    }

    /// The newest migration into `to_exam` that is still in force.
    pub fn migration_into(&self, to_exam: &str) -> Result<Option<Migration>> {
        self.conn()
            .prepare_cached(
                "SELECT id, from_exam, to_exam, migrated_at, undone_at FROM exam_migration
                 WHERE to_exam = ?1 AND undone_at IS NULL ORDER BY id DESC LIMIT 1",
            )
            .and_then(|mut s| {
                s.query_row(params![to_exam], |r| {
                    Ok(Migration {
                        id: r.get(0)?,
                        from_exam: r.get(1)?,
                        to_exam: r.get(2)?,
                        migrated_at: r.get(3)?,
                        undone_at: r.get(4)?,
                    })
                })
                .optional()
            })
            .map_err(|e| self.err(e))
    }

    /// Remove what a migration wrote, except what the learner has changed since (a topic edited,
    /// an item reviewed again): that is theirs now, and is reported.
    pub fn undo_carry(&mut self, m: &Migration, now: i64) -> Result<Undone> {
        self.write(|tx| {
            let rows: Vec<(String, String, Option<i64>)> = tx
                .prepare("SELECT kind, item_id, row_id FROM carried WHERE migration_id = ?1")?
                .query_map(params![m.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let mut undone = Undone::default();
            for (kind, item, row) in rows {
                let n = match kind.as_str() {
                    "progress" => tx.execute(
                        "DELETE FROM progress WHERE exam_id = ?1 AND topic_id = ?2 AND updated_at <= ?3",
                        params![m.to_exam, item, m.migrated_at],
                    )?,
                    "card" => tx.execute(
                        "DELETE FROM srs_card WHERE exam_id = ?1 AND item_id = ?2 AND NOT EXISTS
                           (SELECT 1 FROM review_log WHERE exam_id = ?1 AND item_id = ?2 AND reviewed_at > ?3)",
                        params![m.to_exam, item, m.migrated_at],
                    )?,
                    _ => tx.execute("DELETE FROM attempt WHERE id = ?1", params![row])?,
                };
                if n == 0 {
                    undone.kept_changed.push(format!("{kind} {item}"));
                }
                undone.removed += n;
            }
            rebuild_question_stats(tx, &m.to_exam)?;
            tx.execute("UPDATE exam_migration SET undone_at = ?2 WHERE id = ?1", params![m.id, now])?;
            Ok(undone)
        })
    }
}
