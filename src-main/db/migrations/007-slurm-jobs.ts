// Migration 7: runs record their executor ('local' worker processes, the default, or 'slurm'), and
// a run sent to Slurm has a row in slurm_jobs: its job id, its job folder on the shared
// filesystem, and how far the app has read the folder's metrics.jsonl and logs.jsonl (byte
// offsets, advanced in the same transaction as the rows ingested, so a restart never reads a line
// twice). Recovery leaves running Slurm runs alone: the app re-attaches to their jobs instead.
import type Database from 'better-sqlite3';

export const version = 7;
export const name = 'slurm-jobs';

export function up(db: Database.Database): void {
  db.exec(`
    ALTER TABLE runs ADD COLUMN executor TEXT NOT NULL DEFAULT 'local' CHECK (executor IN ('local', 'slurm'));
    CREATE TABLE slurm_jobs (
      run_id         TEXT PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
      job_id         TEXT,
      job_dir        TEXT NOT NULL,
      profile_json   TEXT NOT NULL,
      metrics_offset INTEGER NOT NULL DEFAULT 0,
      logs_offset    INTEGER NOT NULL DEFAULT 0,
      state          TEXT,
      reason         TEXT,
      submitted_at   TEXT,
      updated_at     TEXT
    );
  `);
}
