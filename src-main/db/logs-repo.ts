// Run log lines (worker stdout/stderr, supervisor notes), kept per run in arrival order.
import type Database from 'better-sqlite3';
import type { RunLogLine } from '../../shared/types';

/** Append lines (any mix of runs) in one transaction: a burst of output costs one commit. */
export function appendRunLogs(db: Database.Database, lines: RunLogLine[]): void {
  if (lines.length === 0) return;
  const insert = db.prepare('INSERT INTO run_logs (run_id, level, message, time) VALUES (?, ?, ?, ?)');
  const write = db.transaction(() => {
    for (const l of lines) insert.run(l.runId, l.level, l.message, l.time);
  });
  write();
}

/** The last `limit` lines of a run, oldest first (what a log view tails). */
export function listRunLogs(db: Database.Database, runId: string, limit: number): RunLogLine[] {
  return db
    .prepare(
      `SELECT runId, level, message, time FROM (
         SELECT id, run_id AS runId, level, message, time FROM run_logs
         WHERE run_id = ? ORDER BY id DESC LIMIT ?
       ) ORDER BY id`,
    )
    .all(runId, limit) as RunLogLine[];
}
