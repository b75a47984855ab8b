// Migration 3: users can reorder the queue. `queue_position` orders queued runs (lower first);
// runs never reordered keep NULL and follow, oldest first.
import type Database from 'better-sqlite3';

export const version = 3;
export const name = 'queue-order';

export function up(db: Database.Database): void {
  db.exec(`
    ALTER TABLE runs ADD COLUMN queue_position INTEGER;
    CREATE INDEX idx_runs_summary_key ON run_summary (key, run_id);
  `);
}
