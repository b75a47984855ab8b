// Migration 1: the initial schema (datasets, runs and everything that hangs off a run).
// Timestamps are ISO-8601 UTC strings, so ordering by text is ordering by time.
// Children of a run (tags, metrics, summary, logs, artifacts) cascade when the run is deleted;
// a dataset or teacher run that others still reference cannot be deleted (FK, no action).
import type Database from 'better-sqlite3';

export const version = 1;
export const name = 'initial';

export function up(db: Database.Database): void {
  db.exec(`
    CREATE TABLE datasets (
      id               TEXT PRIMARY KEY,
      name             TEXT NOT NULL,
      format           TEXT NOT NULL,
      num_classes      INTEGER NOT NULL,
      num_samples      INTEGER NOT NULL,
      shape_json       TEXT NOT NULL,
      class_names_json TEXT NOT NULL,
      splits_json      TEXT NOT NULL,
      fingerprint      TEXT NOT NULL,
      bytes            INTEGER NOT NULL,
      path             TEXT NOT NULL,
      created_at       TEXT NOT NULL
    );
    -- Import de-duplication looks datasets up by content hash.
    CREATE INDEX idx_datasets_fingerprint ON datasets (fingerprint);

    CREATE TABLE runs (
      id             TEXT PRIMARY KEY,
      name           TEXT NOT NULL,
      kind           TEXT NOT NULL CHECK (kind IN ('teacher', 'student', 'distill')),
      status         TEXT NOT NULL CHECK (status IN
                       ('queued', 'running', 'completed', 'failed', 'cancelled', 'interrupted', 'diverged')),
      config_json    TEXT NOT NULL,
      dataset_id     TEXT NOT NULL REFERENCES datasets (id),
      teacher_run_id TEXT REFERENCES runs (id),
      seed           INTEGER NOT NULL,
      backend        TEXT,
      backend_reason TEXT,
      created_at     TEXT NOT NULL,
      started_at     TEXT,
      finished_at    TEXT,
      error          TEXT,
      notes          TEXT,
      archived       INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1))
    );
    -- Listing is newest first with id as tie-break; with id in the index the ORDER BY needs no sort.
    CREATE INDEX idx_runs_created ON runs (created_at, id);
    -- Status filters and the queue (oldest queued first) read this one in order.
    CREATE INDEX idx_runs_status_created ON runs (status, created_at, id);
    -- FK children need an index or every delete of a dataset/teacher scans all runs.
    CREATE INDEX idx_runs_dataset ON runs (dataset_id);
    CREATE INDEX idx_runs_teacher ON runs (teacher_run_id);

    CREATE TABLE run_tags (
      run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      tag    TEXT NOT NULL,
      PRIMARY KEY (run_id, tag)
    );
    CREATE INDEX idx_run_tags_tag ON run_tags (tag);

    -- No uniqueness on (run_id, key, step): a resumed run may log a step twice; readers order
    -- by rowid within a step so the later write comes last.
    CREATE TABLE metrics (
      run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      key    TEXT NOT NULL,
      step   INTEGER NOT NULL,
      epoch  INTEGER NOT NULL,
      value  REAL -- NULL when the reported value was NaN or ±Infinity
    );
    CREATE INDEX idx_metrics_run_key_step ON metrics (run_id, key, step);

    -- Maintained by the metric writer in the same transaction as the points, so run tables
    -- never aggregate over the metrics table. min/max ignore non-finite (NULL) values.
    CREATE TABLE run_summary (
      run_id    TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      key       TEXT NOT NULL,
      last      REAL,
      min       REAL,
      max       REAL,
      last_step INTEGER NOT NULL,
      count     INTEGER NOT NULL,
      PRIMARY KEY (run_id, key)
    ) WITHOUT ROWID;

    CREATE TABLE run_logs (
      id      INTEGER PRIMARY KEY AUTOINCREMENT,
      run_id  TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      level   TEXT NOT NULL CHECK (level IN ('info', 'warn', 'error')),
      message TEXT NOT NULL,
      time    TEXT NOT NULL
    );
    CREATE INDEX idx_run_logs_run ON run_logs (run_id, id);

    CREATE TABLE artifacts (
      id         INTEGER PRIMARY KEY,
      run_id     TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      kind       TEXT NOT NULL,
      path       TEXT NOT NULL,
      bytes      INTEGER NOT NULL,
      sha256     TEXT NOT NULL,
      created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    CREATE INDEX idx_artifacts_run ON artifacts (run_id, id);
  `);
}
