//! Schema versions. `MIGRATIONS[i]` takes a database from version `i` to `i + 1`; the version
//! lives in `PRAGMA user_version`. Never edit a shipped migration: add a new one.

use rusqlite::Transaction;

/// One schema step: SQL, then an optional data step in Rust (for what SQL alone cannot compute).
pub struct Migration {
    pub sql: &'static str,
    pub data: Option<fn(&Transaction) -> rusqlite::Result<()>>,
}

pub const MIGRATIONS: &[Migration] = &[
    // 1: the first schema.
    Migration {
        data: None,
        sql: r#"
    CREATE TABLE progress (
        exam_id    TEXT NOT NULL,
        topic_id   TEXT NOT NULL,
        status     TEXT NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'studying', 'done')),
        confidence TEXT CHECK (confidence IN ('red', 'amber', 'green')),
        notes      TEXT NOT NULL DEFAULT '',
        minutes    INTEGER NOT NULL DEFAULT 0 CHECK (minutes >= 0),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (exam_id, topic_id)
    ) WITHOUT ROWID;

    CREATE TABLE quiz_session (
        id         INTEGER PRIMARY KEY,
        mode       TEXT NOT NULL,
        exam_id    TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        ended_at   INTEGER,
        settings   TEXT NOT NULL DEFAULT '{}',
        result     TEXT
    );

    CREATE TABLE attempt (
        id          INTEGER PRIMARY KEY,
        session_id  INTEGER REFERENCES quiz_session (id),
        exam_id     TEXT NOT NULL,
        question_id TEXT NOT NULL,
        chosen      TEXT NOT NULL,
        correct     INTEGER NOT NULL CHECK (correct IN (0, 1)),
        seconds     REAL NOT NULL CHECK (seconds >= 0),
        answered_at INTEGER NOT NULL
    );
    CREATE INDEX attempt_by_exam_time ON attempt (exam_id, answered_at);
    CREATE INDEX attempt_by_question ON attempt (exam_id, question_id, answered_at);

    CREATE TABLE srs_card (
        exam_id     TEXT NOT NULL,
        item_id     TEXT NOT NULL,
        kind        TEXT NOT NULL CHECK (kind IN ('flashcard', 'question')),
        phase       TEXT NOT NULL CHECK (phase IN ('new', 'learning', 'review', 'relearning')),
        step        INTEGER NOT NULL CHECK (step >= 0),
        stability   REAL CHECK (stability > 0),
        difficulty  REAL CHECK (difficulty BETWEEN 1 AND 10),
        due         INTEGER NOT NULL,
        last_review INTEGER,
        reps        INTEGER NOT NULL CHECK (reps >= 0),
        lapses      INTEGER NOT NULL CHECK (lapses >= 0),
        suspended   INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1)),
        leech       INTEGER NOT NULL DEFAULT 0 CHECK (leech IN (0, 1)),
        PRIMARY KEY (exam_id, item_id)
    ) WITHOUT ROWID;
    CREATE INDEX srs_card_by_due ON srs_card (due);

    CREATE TABLE review_log (
        id             INTEGER PRIMARY KEY,
        exam_id        TEXT NOT NULL,
        item_id        TEXT NOT NULL,
        kind           TEXT NOT NULL CHECK (kind IN ('flashcard', 'question')),
        rating         INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        reviewed_at    INTEGER NOT NULL,
        elapsed_days   INTEGER NOT NULL CHECK (elapsed_days >= 0),
        scheduled_secs INTEGER NOT NULL,
        phase_before   TEXT NOT NULL,
        prev_state     TEXT,
        attempt_id     INTEGER REFERENCES attempt (id)
    );
    CREATE INDEX review_log_by_item ON review_log (exam_id, item_id, reviewed_at);
    CREATE INDEX review_log_by_time ON review_log (reviewed_at);

    CREATE TABLE exam_setting (
        exam_id     TEXT PRIMARY KEY,
        followed    INTEGER NOT NULL DEFAULT 0 CHECK (followed IN (0, 1)),
        exam_date   TEXT,
        followed_at INTEGER
    );

    CREATE TABLE setting (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );

    CREATE TABLE syllabus (
        exam_id     TEXT NOT NULL,
        version     INTEGER NOT NULL,
        sha256      TEXT NOT NULL,
        text        TEXT NOT NULL,
        imported_at INTEGER NOT NULL,
        PRIMARY KEY (exam_id, version)
    );
    "#,
    },
    // 2: a per-question summary of answers, so readiness and quiz selection read one row per
    // question instead of the whole answer history. Kept in step with `attempt` by the store.
    // Its data step is gone with the recency-weighted sums it computed: every upgrade from 1
    // runs migration 3 next, in the same transaction, and that rebuilds both tables.
    Migration {
        data: None,
        sql: r#"
    CREATE TABLE question_stat (
        exam_id          TEXT NOT NULL,
        question_id      TEXT NOT NULL,
        attempts         INTEGER NOT NULL CHECK (attempts > 0),
        correct          INTEGER NOT NULL CHECK (correct BETWEEN 0 AND attempts),
        weighted         REAL NOT NULL,
        weighted_correct REAL NOT NULL,
        last_at          INTEGER NOT NULL,
        last_correct     INTEGER NOT NULL CHECK (last_correct IN (0, 1)),
        PRIMARY KEY (exam_id, question_id)
    ) WITHOUT ROWID;
    -- Answers and reviews per local day (days since 1970 in the local time zone of the
    -- moment), kept with every write: the study streak reads it instead of the history.
    CREATE TABLE study_day (
        day     INTEGER PRIMARY KEY,
        answers INTEGER NOT NULL DEFAULT 0 CHECK (answers >= 0),
        reviews INTEGER NOT NULL DEFAULT 0 CHECK (reviews >= 0)
    );
    "#,
    },
    // 3: the per-question summary keeps raw evidence (counts, first and latest answer) instead of
    // sums weighted by a recency rule baked into the file; readiness owns how evidence fades.
    // Rebuilt from `attempt`, the source of truth.
    Migration {
        data: Some(super::records::rebuild_summaries),
        sql: r#"
    DROP TABLE question_stat;
    CREATE TABLE question_stat (
        exam_id       TEXT NOT NULL,
        question_id   TEXT NOT NULL,
        attempts      INTEGER NOT NULL CHECK (attempts > 0),
        correct       INTEGER NOT NULL CHECK (correct BETWEEN 0 AND attempts),
        first_at      INTEGER NOT NULL,
        first_correct INTEGER NOT NULL CHECK (first_correct IN (0, 1)),
        last_at       INTEGER NOT NULL,
        last_correct  INTEGER NOT NULL CHECK (last_correct IN (0, 1)),
        PRIMARY KEY (exam_id, question_id)
    ) WITHOUT ROWID;
    "#,
    },
    // 4: life after and between exams. Results of real sittings (with the readiness predicted
    // the day before), certifications held and their renewals, one readiness prediction per exam
    // and day, and migrations of progress from a retired exam to its successor (each carried row
    // listed, so a migration can be undone without touching the old exam's data).
    Migration {
        data: None,
        sql: r#"
    CREATE TABLE exam_result (
        id          INTEGER PRIMARY KEY,
        exam_id     TEXT NOT NULL,
        sat_on      TEXT NOT NULL,
        score       INTEGER,
        passed      INTEGER CHECK (passed IN (0, 1)),
        domains     TEXT NOT NULL DEFAULT '[]',
        predicted   TEXT,
        recorded_at INTEGER NOT NULL
    );
    CREATE INDEX exam_result_by_exam ON exam_result (exam_id, sat_on);
    CREATE TABLE certification (
        exam_id     TEXT PRIMARY KEY,
        earned_on   TEXT NOT NULL,
        expires_on  TEXT,
        expiry_from TEXT NOT NULL CHECK (expiry_from IN ('rule', 'learner')),
        updated_at  INTEGER NOT NULL
    );
    CREATE TABLE renewal (
        id          INTEGER PRIMARY KEY,
        exam_id     TEXT NOT NULL,
        renewed_on  TEXT NOT NULL,
        how         TEXT NOT NULL,
        expires_on  TEXT,
        recorded_at INTEGER NOT NULL
    );
    CREATE TABLE prediction (
        exam_id    TEXT NOT NULL,
        day        TEXT NOT NULL,
        readiness  REAL NOT NULL,
        low        REAL NOT NULL,
        high       REAL NOT NULL,
        score      INTEGER,
        score_low  INTEGER,
        score_high INTEGER,
        domains    TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (exam_id, day)
    ) WITHOUT ROWID;
    CREATE TABLE exam_migration (
        id          INTEGER PRIMARY KEY,
        from_exam   TEXT NOT NULL,
        to_exam     TEXT NOT NULL,
        migrated_at INTEGER NOT NULL,
        undone_at   INTEGER,
        summary     TEXT NOT NULL
    );
    CREATE TABLE carried (
        migration_id INTEGER NOT NULL REFERENCES exam_migration (id),
        kind         TEXT NOT NULL CHECK (kind IN ('progress', 'card', 'attempt')),
        exam_id      TEXT NOT NULL,
        item_id      TEXT NOT NULL,
        row_id       INTEGER
    );
    CREATE INDEX carried_by_migration ON carried (migration_id);
    "#,
    },
];

/// `--version`: the program's version and the newest database schema it reads and writes.
pub const VERSION_TEXT: &str = concat!(env!("CARGO_PKG_VERSION"), " (database schema 4)");

pub fn latest() -> i64 {
    MIGRATIONS.len() as i64
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_version_text_names_the_latest_schema() {
        assert!(super::VERSION_TEXT.ends_with(&format!("(database schema {})", super::latest())));
    }
}
