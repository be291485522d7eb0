//! Integrity checks and imported syllabi.

use std::collections::HashSet;

use rusqlite::params;
use sha2::{Digest, Sha256};

use super::{Result, Store};

const DAY: i64 = 86_400;

impl Store {
    /// Integrity check plus app-level checks. `known` holds "exam/id" for every topic and item
    /// of the current syllabi, so rows of removed topics and items are reported as orphaned.
    pub fn check(&self, known: &HashSet<String>) -> Result<CheckReport> {
        let integrity: Vec<String> = self.query("PRAGMA integrity_check", [], |r| r.get(0))?;
        let mut report =
            CheckReport { integrity: integrity.into_iter().filter(|l| l != "ok").collect(), ..Default::default() };
        let key = |exam: &str, id: &str| format!("{exam}/{id}");
        for p in self.progress(None)? {
            if !known.contains(&key(&p.exam_id, &p.topic_id)) {
                report.orphans.push(format!("progress of {}", key(&p.exam_id, &p.topic_id)));
            }
        }
        let items: Vec<(String, String, &str)> =
            self.query("SELECT exam_id, item_id FROM srs_card", [], |r| Ok((r.get(0)?, r.get(1)?, "review state")))?;
        let answered: Vec<(String, String, &str)> =
            self.query("SELECT DISTINCT exam_id, question_id FROM attempt", [], |r| {
                Ok((r.get(0)?, r.get(1)?, "answers"))
            })?;
        for (exam, id, what) in items.iter().chain(&answered) {
            if !known.contains(&key(exam, id)) {
                report.orphans.push(format!("{what} of {}", key(exam, id)));
            }
        }
        let impossible: Vec<String> = self.query(
            "SELECT 'review state of ' || exam_id || '/' || item_id || ': due before last review'
               FROM srs_card WHERE last_review IS NOT NULL AND due < last_review
             UNION ALL SELECT 'review state of ' || exam_id || '/' || item_id || ': reviewed but no memory state'
               FROM srs_card WHERE phase <> 'new' AND stability IS NULL
             UNION ALL SELECT 'attempt ' || id || ': answered in the future' FROM attempt WHERE answered_at > ?1
             UNION ALL SELECT 'progress of ' || exam_id || '/' || topic_id || ': updated before created'
               FROM progress WHERE updated_at < created_at
             UNION ALL SELECT 'answer summary of ' || a.exam_id || '/' || a.question_id || ': out of step with the answers'
               FROM (SELECT exam_id, question_id, count(*) AS n, sum(correct) AS c FROM attempt GROUP BY 1, 2) a
               LEFT JOIN question_stat s USING (exam_id, question_id)
               WHERE s.attempts IS NOT a.n OR s.correct IS NOT a.c",
            params![chrono::Utc::now().timestamp() + DAY],
            |r| r.get(0),
        )?;
        report.impossible = impossible;
        Ok(report)
    }

    /// Keep a syllabus's text in the database (so the file is self-contained). Returns false when
    /// that exact version and text were already there.
    pub fn save_syllabus(&mut self, exam: &str, version: u32, text: &str, now: i64) -> Result<bool> {
        let hash: String = Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
        self.write(|tx| {
            let n = tx.execute(
                "INSERT INTO syllabus (exam_id, version, sha256, text, imported_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (exam_id, version) DO UPDATE SET sha256 = ?3, text = ?4, imported_at = ?5
                 WHERE sha256 <> ?3",
                params![exam, version, hash, text, now],
            )?;
            Ok(n > 0)
        })
    }

    /// The newest imported version of every syllabus: (exam id, version, text).
    pub fn imported_syllabi(&self) -> Result<Vec<(String, u32, String)>> {
        self.query(
            "SELECT exam_id, version, text FROM syllabus s WHERE version = (SELECT max(version) FROM syllabus WHERE exam_id = s.exam_id)
             ORDER BY exam_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
    }
}

#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CheckReport {
    /// SQLite's integrity_check findings (empty when "ok").
    pub integrity: Vec<String>,
    /// Rows kept for topics or items that no current syllabus has.
    pub orphans: Vec<String>,
    pub impossible: Vec<String>,
}

impl CheckReport {
    /// Orphans are kept on purpose (progress survives syllabus edits); only damage and
    /// impossible values are failures.
    pub fn healthy(&self) -> bool {
        self.integrity.is_empty() && self.impossible.is_empty()
    }
}
